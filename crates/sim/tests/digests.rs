//! Trace fingerprints of the built-in scenarios, kept in `tests/trace_digests.txt`. The
//! app's wasm tests compute the same fingerprints in the browser and compare them with
//! this file, so "same trace natively and in wasm, byte for byte" is checked on every run.
//! After an intended behaviour change: `UPDATE_DIGESTS=1 cargo test -p otp-sim --test digests`.

use otp_sim::{Scenario, Sim};
use std::path::Path;

pub fn digest_of(json: &str) -> u64 {
    let s = Scenario::from_json(json).expect("built-in scenario is valid");
    // The app's first-load bundle runs the built-ins with a `lean` simulator, which the
    // test script runs this file with too: the same digests show it changes nothing.
    assert!(
        !s.needs_extras(),
        "{}: a built-in must run without the extras",
        s.name
    );
    let mut sim = Sim::new(&s);
    sim.run_until(s.duration_ms * 1000);
    sim.trace().digest()
}

#[test]
fn builtin_scenario_traces_match_their_recorded_digests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../../scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut lines = String::new();
    for n in &names {
        let json = std::fs::read_to_string(dir.join(n)).unwrap();
        lines.push_str(&format!("{n} {:016x}\n", digest_of(&json)));
    }
    let file = root.join("tests/trace_digests.txt");
    if std::env::var("UPDATE_DIGESTS").is_ok() {
        std::fs::write(&file, &lines).unwrap();
    }
    let recorded = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(
        recorded, lines,
        "built-in scenario traces changed; if intended, rerun with UPDATE_DIGESTS=1 and commit tests/trace_digests.txt"
    );
}
