//! A DynamicSupervisor's initial `children` are `start_child` calls made right after it
//! starts, so `max_children` applies to them as to any other: real OTP 25 / Elixir 1.14
//! answers `{:error, :max_children}` to the call beyond it and never starts that child
//! (see also `tests/conformance/dynamic_initial_max_children`).

use otp_sim::{Event, Scenario, Sim};

fn scenario(pool: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "pool", "tree": {{"type": "supervisor", "id": "root", "children": [{pool}]}},
            "faults": [{faults}], "duration_ms": 2000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

fn pool(max_children: &str, ids: &[&str]) -> String {
    let children: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"type": "worker", "id": "{id}"}}"#))
        .collect();
    format!(
        r#"{{"type": "dynamic_supervisor", "id": "pool", "max_children": {max_children}, "children": [{}]}}"#,
        children.join(", ")
    )
}

fn run(s: &Scenario, until_us: u64) -> Sim {
    let mut sim = Sim::new(s);
    sim.run_until(until_us);
    sim
}

/// Ids of the `started` events under `pool`, in order.
fn started(sim: &Sim) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::Started { id, .. } if &**id != "pool" => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// `(request, result)` of every `supervisor_reply`.
fn replies(sim: &Sim) -> Vec<(String, String)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::SupervisorReply {
                request, result, ..
            } => Some((request.to_string(), result.normalized())),
            _ => None,
        })
        .collect()
}

fn spawned(sim: &Sim, id: &str) -> bool {
    sim.trace()
        .iter()
        .any(|e| matches!(&e.kind, Event::Spawn { id: Some(i), .. } if &**i == id))
}

/// The live children of `pool` in the simulator's tree.
fn pool_children(sim: &Sim) -> Vec<String> {
    let tree = sim.tree();
    let pool = tree
        .children
        .iter()
        .find(|c| &*c.id == "pool")
        .expect("pool");
    pool.children
        .iter()
        .filter(|c| c.state.is_alive())
        .map(|c| c.id.to_string())
        .collect()
}

const REFUSED: &str = "{:error, :max_children}";

#[test]
fn initial_children_beyond_max_children_are_refused_and_never_started() {
    let s = scenario(&pool("1", &["a", "b"]), "");
    let sim = run(&s, 100_000);
    assert_eq!(started(&sim), ["a"]);
    assert!(!spawned(&sim, "b"), "b must never be spawned");
    assert_eq!(
        replies(&sim),
        [("start_child b".to_string(), REFUSED.to_string())]
    );
    assert_eq!(pool_children(&sim), ["a"]);
}

#[test]
fn initial_children_within_max_children_record_only_started() {
    for max in ["2", "\"infinity\""] {
        let sim = run(&scenario(&pool(max, &["a", "b"]), ""), 100_000);
        assert_eq!(started(&sim), ["a", "b"], "max_children {max}");
        assert!(replies(&sim).is_empty(), "max_children {max}");
    }
}

#[test]
fn a_refused_initial_child_holds_no_place() {
    // a and b fill the pool, c is refused; after terminate_child b there is room for d.
    let start = |at: u32, id: &str| {
        format!(
            r#"{{"at_ms": {at}, "target": "pool", "action": "start_child", "spec": {{"type": "worker", "id": "{id}"}}}}"#
        )
    };
    let faults = [
        start(100, "x"),
        r#"{"at_ms": 200, "target": "pool", "action": "terminate_child", "id": "b"}"#.into(),
        start(300, "d"),
        start(400, "y"),
    ]
    .join(", ");
    let sim = run(&scenario(&pool("2", &["a", "b", "c"]), &faults), 500_000);
    assert_eq!(started(&sim), ["a", "b", "d"]);
    let replies = replies(&sim);
    let results: Vec<(&str, &str)> = replies
        .iter()
        .map(|(r, x)| (r.as_str(), x.as_str()))
        .collect();
    assert_eq!(
        results,
        [
            ("start_child c", REFUSED),
            ("start_child x", REFUSED),
            ("terminate_child b", ":ok"),
            ("start_child d", "{:ok, _pid}"),
            ("start_child y", REFUSED),
        ]
    );
    assert_eq!(pool_children(&sim), ["a", "d"]);
}

#[test]
fn a_restarted_pool_checks_its_initial_children_again() {
    let faults = r#"{"at_ms": 100, "target": "pool", "action": "exit", "reason": ":kill"}"#;
    let sim = run(&scenario(&pool("1", &["a", "b"]), faults), 500_000);
    assert_eq!(started(&sim), ["a", "a"]);
    assert!(!spawned(&sim, "b"));
    assert_eq!(
        replies(&sim),
        [
            ("start_child b".to_string(), REFUSED.to_string()),
            ("start_child b".to_string(), REFUSED.to_string()),
        ]
    );
    assert_eq!(pool_children(&sim), ["a"]);
}
