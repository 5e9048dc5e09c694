//! gen_statem workers: the read API the app draws from (diagram, current state, armed
//! time-outs with the time left, postponed events), the trace of time-outs (why each was
//! cancelled), restarts into the initial state, and snapshot/restore in the middle of
//! postponed events.

use otp_sim::trace::Event;
use otp_sim::{Scenario, Sim};
use std::path::Path;

fn load(rel: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn breaker() -> Scenario {
    load("../../lessons/scenarios/statem_circuit_breaker.json")
}

fn case(name: &str) -> Scenario {
    load(&format!("tests/conformance/{name}.json"))
}

/// `(timeout kind, why)` of every `timeout_cancelled` in the trace.
fn cancellations(sim: &Sim) -> Vec<(String, String)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::TimeoutCancelled { kind, why, .. } => {
                Some((kind.as_str().to_string(), why.as_str().to_string()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_view_draws_the_diagram_with_the_current_state_and_armed_timeouts() {
    let s = breaker();
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    let v = sim.statem_of("breaker").expect("a statem");
    assert_eq!(&*v.current, "closed");
    assert_eq!(&*v.initial, "closed");
    let states: Vec<&str> = v.states.iter().map(|s| &**s).collect();
    assert_eq!(states, ["closed", "open", "half_open"]);
    assert_eq!(v.transitions.len(), 7);
    let labels: Vec<(&str, &str, &str)> = v
        .transitions
        .iter()
        .map(|t| (&*t.from, &*t.to, t.label.as_str()))
        .collect();
    assert!(labels.contains(&("closed", "open", "call :fail [count >= 2]")));
    assert!(labels.contains(&("open", "open", "call (any)")));
    assert!(labels.contains(&("open", "half_open", "state_timeout")));
    assert!(v.timeouts.is_empty());

    sim.run_until(700_000);
    let v = sim.statem_of("Breaker").expect("by name too");
    assert_eq!(&*v.current, "open");
    assert_eq!(v.timeouts.len(), 1);
    let t = &v.timeouts[0];
    assert_eq!(
        (t.kind, t.ms, t.name.clone()),
        ("state_timeout", 2000, None)
    );
    // Armed when the third :fail was handled, just after 0.6 s: ~1.9 s left at 0.7 s.
    assert!(
        (1_890_000..=1_910_000).contains(&t.remaining_us),
        "{}",
        t.remaining_us
    );
    assert_eq!(t.fires_at, 700_000 + t.remaining_us);

    let tree = sim.tree();
    let node = &tree.children[0];
    assert!(node.statem && !node.agent);
    assert_eq!(node.kind_label(), "worker (gen_statem)");
    let pid = node.pid.unwrap();
    assert_eq!(sim.info(pid).unwrap().state.to_string(), "{:open, 0}");
    // Not a statem: no view.
    assert!(sim.statem(tree.children[1].pid.unwrap()).is_none());

    sim.run_until(2_800_000);
    let v = sim.statem_of("breaker").unwrap();
    assert_eq!(&*v.current, "half_open");
    assert!(v.timeouts.is_empty());
    sim.run_until(3_500_000);
    assert_eq!(&*sim.statem_of("breaker").unwrap().current, "closed");
}

#[test]
fn state_changes_name_their_event_and_timeouts_say_why_they_stopped() {
    let mut sim = Sim::new(&breaker());
    sim.run_until(3_500_000);
    let changes: Vec<(String, String, &str)> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::StateChange {
                from, to, event, ..
            } => Some((from.to_string(), to.to_string(), event.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("closed".into(), "open".into(), "call"),
            ("open".into(), "half_open".into(), "state_timeout"),
            ("half_open".into(), "closed".into(), "call"),
        ]
    );
    let fired = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, Event::TimeoutFired { .. }))
        .count();
    assert_eq!(fired, 1);

    // A state change cancels the state timeout.
    let mut sim = Sim::new(&case("statem_state_timeout_state_change"));
    sim.run_until(1_000_000);
    assert_eq!(
        cancellations(&sim),
        [("state_timeout".into(), "state_change".into())]
    );
    // Any event cancels the event timeout, even one that keeps the state.
    let mut sim = Sim::new(&case("statem_event_timeout_any_event"));
    sim.run_until(1_000_000);
    assert_eq!(cancellations(&sim), [("timeout".into(), "event".into())]);
    // Setting the state timeout again replaces it.
    let mut sim = Sim::new(&case("statem_state_timeout_keep_state"));
    sim.run_until(1_300_000);
    assert_eq!(
        cancellations(&sim),
        [("state_timeout".into(), "replaced".into())]
    );
    // The generic timeout survives the state change; the state timeout does not; the
    // second round's generic timeout is cancelled by its explicit action.
    let mut sim = Sim::new(&case("statem_generic_timeout_survives"));
    sim.run_until(1_400_000);
    assert_eq!(
        cancellations(&sim),
        [
            ("state_timeout".into(), "state_change".into()),
            ("state_timeout".into(), "state_change".into()),
            ("generic_timeout".into(), "explicit".into()),
        ]
    );
}

#[test]
fn postponed_events_wait_in_the_view_and_snapshots_keep_them() {
    let s = case("statem_postpone_replay");
    let mut sim = Sim::new(&s);
    sim.run_until(250_000);
    let v = sim.statem_of("door").unwrap();
    assert_eq!((&*v.current, v.postponed), ("locked", 2));
    let snap = sim.snapshot();
    sim.run_until(700_000);
    let v = sim.statem_of("door").unwrap();
    assert_eq!((&*v.current, v.postponed), ("open", 0));
    let end = sim.trace().to_json_lines();
    sim.restore(&snap);
    assert_eq!(sim.statem_of("door").unwrap().postponed, 2);
    sim.run_until(700_000);
    assert_eq!(sim.trace().to_json_lines(), end);
}

#[test]
fn a_restart_starts_in_the_initial_state_with_nothing_armed() {
    let s = case("statem_unhandled_event_crash");
    let mut sim = Sim::new(&s);
    sim.run_until(200_000);
    let v = sim.statem_of("door").unwrap();
    assert_eq!(&*v.current, "open");
    assert_eq!(v.timeouts.len(), 1);
    let before = sim.pid_of("door").unwrap();
    sim.run_until(600_000);
    let after = sim.pid_of("door").unwrap();
    assert_ne!(before, after);
    let v = sim.statem_of("door").unwrap();
    assert_eq!((&*v.current, v.count, v.timeouts.len()), ("locked", 0, 0));
    // The old incarnation's timer died with it: nothing fires in the new one.
    sim.run_until(1_000_000);
    assert!(
        !sim.trace()
            .iter()
            .any(|e| matches!(e.kind, Event::TimeoutFired { .. }))
    );
}

#[test]
fn a_suspended_statem_retries_nothing_until_resumed() {
    // Postponed events are retried only by a running statem: suspended right after the
    // state change, it takes no event (system messages only) until resumed.
    let json = r#"{"name":"s","seed":1,"duration_ms":1000,
      "tree":{"type":"supervisor","id":"root","children":[
        {"type":"worker","id":"m","name":"M","behaviour":{"kind":"statem","initial":"a","states":[
          {"name":"a","on":[{"event":"cast","match":":go","next":"b"},{"event":"cast","actions":[{"type":"postpone"}]}]},
          {"name":"b","on":[{"event":"cast"}]}]}},
        {"type":"worker","id":"x","behaviour":{"kind":"client","target":"M","mode":"cast","request":":x","interval_us":100000,"max_requests":1}},
        {"type":"worker","id":"g","behaviour":{"kind":"client","target":"M","mode":"cast","request":":go","interval_us":200000,"max_requests":1}}]},
      "faults":[{"at_ms":150,"target":"m","action":"suspend"},{"at_ms":500,"target":"m","action":"resume"}]}"#;
    let s = Scenario::from_json(json).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(400_000);
    // :go waits in the mailbox behind the suspension; :x is still postponed in a.
    let v = sim.statem_of("m").unwrap();
    assert_eq!((&*v.current, v.postponed), ("a", 1));
    sim.run_until(1_000_000);
    let handled: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::StatemEvent { step, .. } => Some(format!("{} {}", step.state, step.content)),
            _ => None,
        })
        .collect();
    assert_eq!(handled, ["a :x", "a :go", "b :x"]);
}
