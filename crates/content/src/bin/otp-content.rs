//! The content tool: `otp-content bundle OUT.json` writes the bundle the app fetches when a
//! lesson, the quiz or a lesson scenario is first needed (Trunk runs it before each build);
//! `otp-content check` applies every content rule (as `cargo test -p otp-content` does)
//! and prints the problems, for authors. Both read the repository in the current directory.

use otp_content::check::{check, check_decide, check_gallery};
use otp_content::load::load;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(".");
    let loaded = match load(root) {
        Ok(l) => l,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["bundle", out] => {
            let json = match serde_json::to_string(&loaded.bundle) {
                Ok(j) => j,
                Err(e) => {
                    eprintln!("the bundle does not serialise: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let out = Path::new(out);
            if let Some(dir) = out.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            match std::fs::write(out, json) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        ["check"] => {
            let mut problems = check(&loaded.bundle, &loaded.builtins);
            problems.extend(check_gallery(
                &loaded.bundle,
                &loaded.builtins,
                &loaded.gallery_files,
            ));
            problems.extend(check_decide(&loaded.bundle, &loaded.builtins));
            for p in &problems {
                eprintln!("{p}");
            }
            if problems.is_empty() {
                println!(
                    "ok: {} lessons, {} questions, {} scenarios; every prediction happens",
                    loaded.bundle.lessons.len(),
                    loaded.bundle.quiz.questions.len(),
                    loaded.bundle.scenarios.len()
                );
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: otp-content bundle OUT.json | otp-content check");
            ExitCode::from(2)
        }
    }
}
