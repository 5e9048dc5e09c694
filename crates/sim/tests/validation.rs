//! Invalid scenarios are rejected with a message naming the field and the problem:
//! each `tests/invalid/<case>.json` must fail with an error containing `<case>.expect`.

use otp_sim::Scenario;
use std::path::{Path, PathBuf};

/// The `.json` files of a folder (relative to this crate), sorted.
fn json_files(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn invalid_scenarios_are_rejected_with_a_named_field() {
    let files = json_files("tests/invalid");
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        let errors = match Scenario::from_json(&text) {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(e) => e,
        };
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            shown.iter().any(|s| s.contains(expect.trim())),
            "{}: expected an error containing {:?}, got {:?}",
            path.display(),
            expect.trim(),
            shown
        );
    }
    assert!(files.len() >= 12, "only {} invalid cases", files.len());
}

#[test]
fn builtin_scenarios_are_valid_and_run() {
    let files = json_files("../../scenarios");
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let mut sim = otp_sim::Sim::new(&s);
        assert!(
            sim.run_until_bounded(s.duration_ms * 1000, 20_000_000),
            "{} did not finish in 20M events",
            path.display()
        );
    }
    assert!(!files.is_empty());
}

/// Absurd inputs are refused before any parsing work grows with them: a text over the
/// size limit, and a tree nested 10,000 deep (refused by a bracket scan, naming `tree`).
#[test]
fn absurd_texts_are_refused_at_once() {
    use otp_sim::scenario::limits;
    let huge = " ".repeat(limits::MAX_JSON_BYTES + 1);
    let e = Scenario::from_json(&huge).unwrap_err();
    assert!(
        e[0].to_string()
            .contains(&format!("the limit is {} bytes", limits::MAX_JSON_BYTES)),
        "{e:?}"
    );
    let n = 10_000;
    let mut deep = String::from(r#"{"name":"deep","tree":"#);
    for i in 0..n {
        deep.push_str(&format!(
            r#"{{"type":"supervisor","id":"s{i}","children":["#
        ));
    }
    deep.push_str(&"]}".repeat(n));
    deep.push('}');
    let e = Scenario::from_json(&deep).unwrap_err();
    let shown = e[0].to_string();
    assert!(shown.starts_with("tree"), "{shown}");
    assert!(shown.contains("levels deep"), "{shown}");
}
