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
