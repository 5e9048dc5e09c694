//! A hot GenServer under 100 callers, run ten times, for profiling (`perf record`) and a
//! quick speed reading: `cargo run --profile bench -p otp-sim --example profile_hot` (`--release`
//! is opt-level "z", for the wasm size budget).
//! Set LIFECYCLE=1 to leave per-message events out of the trace. Set KEEP=1 to keep every
//! run's `Sim` to the end, as criterion's `iter_with_large_drop` does: each run then writes
//! its trace into memory no earlier run freed, which the kernel zeroes first.
use otp_sim::{Scenario, Sim, TraceLevel};
use std::time::Instant;

fn main() {
    let mut children = vec![
        serde_json::json!({"type": "worker", "id": "server", "name": "Hot",
        "behaviour": {"kind": "server", "service_us": 1}}),
    ];
    for i in 0..100 {
        children.push(serde_json::json!({"type": "worker", "id": format!("c{i}"),
            "behaviour": {"kind": "client", "target": "Hot", "interval_us": 500, "jitter": 0.2, "catch_timeout": true}}));
    }
    let s = serde_json::json!({"name": "hot", "seed": 42, "config": {"schedulers": 8},
        "tree": {"type": "supervisor", "id": "root", "children": children}});
    let s = Scenario::from_json(&s.to_string()).expect("valid scenario");
    let level = if std::env::var("LIFECYCLE").is_ok() {
        TraceLevel::Lifecycle
    } else {
        TraceLevel::Full
    };
    let keep_all = std::env::var("KEEP").is_ok();
    let mut kept = Vec::new();
    let (mut events, mut entries, mut run_s) = (0, 0, 0.0);
    for _ in 0..10 {
        let t = Instant::now();
        let mut sim = Sim::with_trace(&s, level);
        sim.run_until(200_000);
        run_s += t.elapsed().as_secs_f64();
        events += sim.stats().events;
        entries += sim.trace().len();
        if keep_all {
            kept.push(sim);
        }
    }
    println!("{events} events, {entries} trace entries in {run_s:.3} s");
    println!(
        "{:.2} M events/s, {:.2} M trace entries/s",
        events as f64 / run_s / 1e6,
        entries as f64 / run_s / 1e6
    );
}
