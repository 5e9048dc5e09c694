//! The simulator's speed in wasm, in headless Chromium (issue 16 asks for it measured in the
//! browser). Ignored in the suite: it is a measurement, run in release by
//! `scripts/wasm-speed.sh`, which prints events per second for docs/benchmarks.md. What it
//! asserts is that the run is the one measured natively (the same event count), so a
//! figure is never taken from a run that went wrong.
#![cfg(target_arch = "wasm32")]

use otp_sim::{Scenario, Sim, TraceLevel};
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HUNDRED_THOUSAND: &str = include_str!("../crates/sim/tests/scale/hundred_thousand.json");

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore]
fn events_per_second_in_wasm() {
    // Shared with each run, as the app's timeline shares its scenario (`Sim::shared`).
    let scenario =
        Rc::new(Scenario::from_json(HUNDRED_THOUSAND).expect("the scale scenario is valid"));
    let end = scenario.duration_ms * 1000;
    // Each level twice, in turn: the page's first run also pays for growing the wasm
    // memory (fresh pages from the system) and for V8 compiling the hot functions, which
    // later runs in the same page (as the app's) do not.
    let bounded = "bounded trace (as the app runs it)";
    let lifecycle = "lifecycle trace";
    for (round, label, level) in [
        ("first run", bounded, None),
        ("first run", lifecycle, Some(TraceLevel::Lifecycle)),
        ("second run", bounded, None),
        ("second run", lifecycle, Some(TraceLevel::Lifecycle)),
    ] {
        let t0 = now_ms();
        let mut sim = match level {
            None => Sim::shared(scenario.clone()),
            Some(l) => Sim::shared_with_trace(scenario.clone(), l),
        };
        sim.run_until(end);
        let ms = now_ms() - t0;
        let events = sim.stats().events;
        assert_eq!(
            events, 4_305_011,
            "the same run as natively (otp-sim --summary)"
        );
        console_log!(
            "wasm, 100,000 processes + 1,000,000 casts, {label}, {round}: {events} events in {ms:.0} ms = {:.2} M events/s",
            events as f64 / ms / 1000.0
        );
    }
}
