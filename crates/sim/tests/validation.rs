//! Invalid scenarios are rejected with a message naming the field and the problem:
//! each `tests/invalid/<case>.json` must fail with an error containing `<case>.expect`.

use otp_sim::Scenario;
use std::path::Path;

#[test]
fn invalid_scenarios_are_rejected_with_a_named_field() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        n += 1;
        let text = std::fs::read_to_string(&path).unwrap();
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
    assert!(n >= 12, "only {n} invalid cases");
}

#[test]
fn builtin_scenarios_are_valid_and_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        n += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let mut sim = otp_sim::Sim::new(&s);
        assert!(
            sim.run_until_bounded(s.duration_ms * 1000, 20_000_000),
            "{} did not finish in 20M events",
            path.display()
        );
    }
    assert!(n >= 1);
}

/// The app embeds the built-in scenarios by name (src/scenarios.rs): none may be missing.
#[test]
fn the_app_embeds_every_builtin_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let listing = std::fs::read_to_string(root.join("src/scenarios.rs")).unwrap();
    for entry in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            assert!(
                listing.contains(&format!("\"../scenarios/{name}\"")),
                "scenarios/{name} is not embedded in src/scenarios.rs"
            );
        }
    }
}
