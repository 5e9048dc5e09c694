//! The trace keeps a run's sends, deliveries, receives and drops in its 24-byte slots
//! (`trace.rs`): a send is compact only if its message id is its place among the recorded
//! sends plus one, which holds because the simulator numbers messages from 1 and records
//! every send while it records any, also across a snapshot restored. Were that to break,
//! the trace would still be right but twice as big; this checks it does not, on every
//! built-in scenario.

use otp_sim::{Event, Scenario, Sim};
use std::path::Path;

fn compact(sim: &Sim) -> bool {
    sim.trace().rare_events().all(|e| {
        !matches!(
            e.kind,
            Event::Send { .. }
                | Event::Deliver { .. }
                | Event::Receive { .. }
                | Event::Dropped { .. }
        )
    })
}

#[test]
fn built_in_scenarios_keep_their_message_events_compact() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut sends = 0;
    for n in &names {
        let json = std::fs::read_to_string(dir.join(n)).unwrap();
        let s = Scenario::from_json(&json).expect("built-in scenario is valid");
        let end = s.duration_ms * 1000;
        let mut sim = Sim::new(&s);
        sim.run_until(end / 2);
        let snap = sim.snapshot();
        sim.run_until(end * 3 / 4);
        sim.restore(&snap);
        sim.run_until(end);
        sends += sim
            .trace()
            .iter()
            .filter(|e| matches!(e.kind, Event::Send { .. }))
            .count();
        assert!(compact(&sim), "{n}: a message event was kept whole");
    }
    assert!(sends > 10_000, "the scenarios send messages ({sends})");
}
