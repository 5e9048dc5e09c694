//! The simulator gives the same trace in the browser as natively, byte for byte: every
//! built-in scenario runs here, in wasm in headless Chromium, and its trace fingerprint
//! must equal the one the native tests recorded in `crates/sim/tests/trace_digests.txt`.
#![cfg(target_arch = "wasm32")]

use otp_playground::scenarios::BUILTIN;
use otp_sim::{Scenario, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE_DIGESTS: &str = include_str!("../crates/sim/tests/trace_digests.txt");

#[wasm_bindgen_test]
fn builtin_scenarios_trace_identically_in_wasm_and_natively() {
    assert!(!BUILTIN.is_empty());
    for (file, json) in BUILTIN {
        let native = NATIVE_DIGESTS
            .lines()
            .find_map(|l| Some(l.strip_prefix(file)?.trim()))
            .unwrap_or_else(|| panic!("{file} has no recorded native digest"));
        let s = Scenario::from_json(json).expect("built-in scenario is valid");
        let mut sim = Sim::new(&s);
        sim.run_until(s.duration_ms * 1000);
        let wasm = format!("{:016x}", sim.trace().digest());
        assert_eq!(
            wasm, native,
            "{file}: the wasm trace differs from the native one"
        );
    }
}
