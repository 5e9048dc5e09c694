//! Every `elixir` block of every lesson runs under real Elixir, unless it is marked
//! ```` ```elixir illustration ````: an `iex>` session or code with `#=>` claims has each
//! claimed result compared with what Elixir returns (like a doctest); code that claims
//! nothing must at least run without raising. All lessons run in one `elixir` process
//! (`elixir_blocks.exs`). The quiz checks (`quiz/checks/*.exs`, the evidence named by the
//! questions) run the same way, each in its own session. Without Elixir on the PATH the
//! tests say so loudly and pass.

use otp_content::load::{check_steps, lesson_elixir_blocks, quiz_checks};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hex(s: &str) -> String {
    s.bytes().fold(String::new(), |mut h, b| {
        let _ = write!(h, "{b:02x}");
        h
    })
}

#[test]
fn lesson_elixir_blocks_run_under_real_elixir() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("lessons"))
        .expect("lessons/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let (mut manifest, mut run, mut marked) = (String::new(), 0, 0);
    for p in &paths {
        let file = format!("lessons/{}", p.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(p).unwrap();
        let blocks = lesson_elixir_blocks(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        writeln!(manifest, "lesson {file}").unwrap();
        for b in blocks {
            if b.illustration {
                marked += 1;
                continue;
            }
            run += 1;
            for s in b.steps {
                let exp = s.expected.as_deref().map_or("-".into(), hex);
                let code = hex(&s.code);
                writeln!(manifest, "step {} {} {code} {exp}", s.line, s.code_line).unwrap();
            }
        }
    }
    assert!(run > 0, "no runnable elixir block in the lessons");
    let what = format!("{run} runnable Elixir blocks of the lessons");
    if let Some(summary) = run_manifest(&manifest, "lessons", &what) {
        println!("{run} blocks run, {marked} illustrations skipped; {summary}");
    }
}

/// Every quiz check (`quiz/checks/<name>.exs`, named by questions' `evidence`) runs under
/// real Elixir, each in a fresh session, with its `#=>` claims compared like a lesson's.
#[test]
fn quiz_checks_run_under_real_elixir() {
    let checks = quiz_checks(&root()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!checks.is_empty(), "no quiz check in quiz/checks/");
    let mut manifest = String::new();
    for (name, text) in &checks {
        let file = format!("quiz/checks/{name}.exs");
        let steps = check_steps(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        writeln!(manifest, "lesson {file}").unwrap();
        for s in steps {
            let exp = s.expected.as_deref().map_or("-".into(), hex);
            writeln!(
                manifest,
                "step {} {} {} {exp}",
                s.line,
                s.code_line,
                hex(&s.code)
            )
            .unwrap();
        }
    }
    let what = format!(
        "{} quiz checks (the evidence behind the quiz's claims)",
        checks.len()
    );
    if let Some(summary) = run_manifest(&manifest, "quiz", &what) {
        println!("{} quiz checks run; {summary}", checks.len());
    }
}

/// Runs a manifest with `elixir_blocks.exs`; the runner's summary line, or `None` (after
/// saying so loudly) when Elixir is not installed. Panics on any failed claim.
fn run_manifest(manifest: &str, tag: &str, what: &str) -> Option<String> {
    // Sessions may write files (DETS, Mnesia): they run in a scratch directory.
    let dir = std::env::temp_dir().join(format!("otp-content-elixir-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("blocks.txt"), manifest).unwrap();
    std::fs::write(dir.join("run.exs"), include_str!("elixir_blocks.exs")).unwrap();
    let out = Command::new("elixir")
        .args(["run.exs", "blocks.txt"])
        .current_dir(&dir)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = match out {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Written to the real stderr, past the test harness's capture, so it is seen.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: `elixir` is not on the PATH, so the {what} were NOT run \
                 (install Elixir: scripts/install.sh test) ***\n"
            );
            return None;
        }
        Err(e) => panic!("cannot start elixir: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("elixir blocks:"),
        "the {what} do not do what they claim:\n{stdout}\n{stderr}"
    );
    Some(
        stdout
            .lines()
            .rfind(|l| l.starts_with("elixir blocks:"))
            .unwrap_or_default()
            .to_string(),
    )
}
