//! Scale: the 100,000-process scenario (`tests/scale/hundred_thousand.json`, under 1 KB
//! thanks to child templates) is valid and runs to its end: 100,000 workers started by a
//! DynamicSupervisor and 1,000 clients casting 1,000 messages each to one server. Its
//! speed is measured by the benchmarks (docs/benchmarks.md), never asserted here.

use otp_sim::{Scenario, Sim, TraceLevel};

fn load(name: &str) -> Scenario {
    let path = format!("{}/tests/scale/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

#[test]
fn a_hundred_thousand_workers_and_a_million_casts_run_to_the_end() {
    let s = load("hundred_thousand.json");
    assert!(s.tree.process_count() > 100_000);
    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
    sim.run_until(s.duration_ms * 1000);
    let pool = sim.whereis("Pool").expect("the pool is running");
    let counts = sim.count_children(pool).expect("a supervisor");
    assert_eq!(counts.active, 100_000);
    assert_eq!(sim.processes().count(), 1 + 1 + 1 + 100_000 + 1 + 1_000);
    // Every client made its 1,000 casts and the server handled them all.
    let hot = sim.whereis("Hot").unwrap();
    // (`handled` counts the server's init as well.)
    assert_eq!(sim.process(hot).map(|p| p.handled), Some(1_000_001));
    assert_eq!(sim.stats().dropped, 0);
}

#[test]
fn the_template_is_written_back_as_a_template() {
    let s = load("hundred_thousand.json");
    let text = s.to_json_pretty();
    assert!(text.len() < 4_000, "{} bytes", text.len());
    assert_eq!(Scenario::from_json(&text).unwrap(), s);
}

/// A big scenario gets a bounded trace by itself: lifecycle events in full, the first
/// `BOUNDED_MESSAGE_EVENTS` message events, and a coverage saying until when; the same
/// run twice, or through a snapshot taken after the window filled, gives the same trace.
#[test]
fn a_big_run_records_a_bounded_trace_deterministically() {
    use otp_sim::trace::BOUNDED_MESSAGE_EVENTS;
    let s = load("hundred_thousand.json");
    let end = s.duration_ms * 1000;
    let mut sim = Sim::new(&s);
    assert_eq!(sim.trace().level, TraceLevel::Bounded);
    sim.run_until(end / 2);
    let snap = sim.snapshot();
    sim.run_until(end);
    let cov = sim.trace_coverage();
    assert_eq!(cov.level, TraceLevel::Bounded);
    assert_eq!(cov.message_events, BOUNDED_MESSAGE_EVENTS);
    let until = cov.messages_until.expect("the window filled");
    assert!(until > 0 && until < end, "{until}");
    // Every start is there, after the window as before it.
    let started = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, otp_sim::Event::Started { .. }))
        .count();
    assert!(started >= 100_000, "{started}");
    let digest = sim.trace().digest();
    sim.restore(&snap);
    sim.run_until(end);
    assert_eq!(sim.trace().digest(), digest, "through a snapshot");
    assert_eq!(sim.trace().coverage(), cov);
    let mut again = Sim::new(&s);
    again.run_until(end);
    assert_eq!(again.trace().digest(), digest, "a second run");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// A template is the same scenario as its copies spelled out: same trace, for any
    /// count, strategy and supervisor kind, with a kill among the copies; and a run is
    /// the same through a snapshot.
    #[test]
    fn a_template_runs_as_its_copies_spelled_out(
        count in 1usize..40,
        strategy in 0usize..3,
        dynamic in proptest::bool::ANY,
        kill in 1usize..40,
    ) {
        let strategy = ["one_for_one", "one_for_all", "rest_for_one"][strategy];
        let (kind, strat) = if dynamic {
            ("dynamic_supervisor", String::new())
        } else {
            ("supervisor", format!(r#","strategy":"{strategy}""#))
        };
        let worker = |id: &str| {
            format!(r#"{{"type":"worker","id":"{id}","behaviour":{{"kind":"counter"}}}}"#)
        };
        let doc = |children: String| {
            format!(
                r#"{{"name":"t","seed":3,"duration_ms":300,
                "tree":{{"type":"{kind}","id":"root","max_restarts":100{strat},"children":[{children}]}},
                "faults":[{{"at_ms":100,"target":"w_{}","action":"exit","reason":":kill"}}]}}"#,
                (kill - 1) % count + 1
            )
        };
        let template = doc(format!(r#"{{"template":{},"count":{count}}}"#, worker("w")));
        let spelled = doc(
            (1..=count).map(|i| worker(&format!("w_{i}"))).collect::<Vec<_>>().join(","),
        );
        let a = Scenario::from_json(&template).unwrap();
        let b = Scenario::from_json(&spelled).unwrap();
        proptest::prop_assert_eq!(&a, &b);
        let mut x = Sim::new(&a);
        x.run_until(150_000);
        let snap = x.snapshot();
        x.run_until(300_000);
        let mut y = Sim::new(&b);
        y.run_until(300_000);
        proptest::prop_assert_eq!(x.trace().digest(), y.trace().digest());
        let d = x.trace().digest();
        x.restore(&snap);
        x.run_until(300_000);
        proptest::prop_assert_eq!(x.trace().digest(), d);
    }
}

#[test]
fn a_small_run_keeps_its_full_trace() {
    let s = Scenario::from_json(
        r#"{"name":"small","tree":{"type":"supervisor","id":"r","children":[
            {"template":{"type":"worker","id":"w","behaviour":{"kind":"counter"}},"count":50}]}}"#,
    )
    .unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    let cov = sim.trace_coverage();
    assert_eq!(cov.level, TraceLevel::Full);
    assert_eq!(cov.messages_until, None);
    assert!(cov.message_events > 0);
}

/// Snapshots share the processes that did not change since the snapshot before: at
/// 100,000 processes a later snapshot copies a few of them, not the tree (the app keeps
/// dozens of snapshots for scrubbing, within a memory budget).
#[test]
fn a_snapshot_of_a_big_run_copies_only_what_changed() {
    let s = load("hundred_thousand.json");
    let mut sim = Sim::new(&s);
    sim.run_until(1_500_000);
    assert_eq!(sim.process_count(), 1 + 1 + 1 + 100_000 + 1 + 1_000);
    let first = sim.snapshot();
    sim.run_until(1_510_000);
    let second = sim.snapshot();
    let full = second.copied_bytes(None);
    let delta = second.copied_bytes(Some(&first));
    assert!(full > 100_000 * 400, "a full copy is large: {full}");
    assert!(
        delta * 50 < full,
        "10 ms later it copied {delta} of {full} bytes"
    );
    assert!(second.table_bytes() < full / 10);
    // And restoring it gives back exactly that moment.
    let digest = sim.trace().digest();
    sim.run_until(1_600_000);
    sim.restore(&second);
    assert_eq!(sim.now(), second.time());
    assert_eq!(sim.trace().digest(), digest);
}

/// Starting a child copies neither its spec nor its id: the worker reads its spec through
/// the supervisor's `Rc`, and the child list and the process share one id string. With
/// copies, 100,000 starts cost 400,000 allocations more and about 20 MB.
#[test]
fn a_started_worker_shares_its_spec_and_id_with_its_supervisor() {
    use otp_sim::process::Kind;
    use otp_sim::scenario::ChildSpec;
    let s = Scenario::from_json(
        r#"{"name": "shared", "seed": 1, "tree": {"type": "supervisor", "id": "root", "children": [
            {"type": "worker", "id": "solo", "behaviour": {"kind": "counter"}},
            {"type": "dynamic_supervisor", "id": "pool", "children": [
                {"template": {"type": "worker", "id": "w", "behaviour": {"kind": "counter"}}, "count": 3}]}]}}"#,
    )
    .unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    let mut workers = 0;
    for p in sim.processes() {
        let Kind::Worker(w) = &p.kind else { continue };
        let sup = sim.process(p.parent).and_then(|s| s.supervisor()).unwrap();
        let id = p.child_id.as_ref().unwrap();
        let child = sup.children.get(id).unwrap();
        let ChildSpec::Worker(ws) = &*child.spec else {
            panic!("{id}: not a worker's spec")
        };
        assert!(
            std::ptr::eq(&*w.spec, ws),
            "{id}: the worker's spec is a copy"
        );
        assert!(std::rc::Rc::ptr_eq(&child.id, id), "{id}: the id is a copy");
        workers += 1;
    }
    assert_eq!(workers, 4);
}

#[test]
fn a_shared_scenario_is_not_copied_unless_its_partitions_need_resolving() {
    use std::rc::Rc;
    let big = Rc::new(load("hundred_thousand.json"));
    let sim = Sim::shared(big.clone());
    assert!(
        std::ptr::eq(sim.scenario(), &*big),
        "a resolved scenario is shared, not copied"
    );
    // A PartitionSupervisor's partitions are filled in on a copy: the caller's scenario
    // stays as it was written, and the run is the one `Sim::new` makes.
    let path = format!(
        "{}/../../gallery/scenarios/partition_crash_isolated.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let parts = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(!parts.partitions_resolved());
    let shared = Rc::new(parts.clone());
    let (mut a, mut b) = (Sim::shared(shared.clone()), Sim::new(&parts));
    assert!(!std::ptr::eq(a.scenario(), &*shared));
    assert!(a.scenario().partitions_resolved());
    assert!(
        !shared.partitions_resolved(),
        "the caller's copy is untouched"
    );
    let end = parts.duration_ms * 1000;
    a.run_until(end);
    b.run_until(end);
    assert!(a.trace().len() > 10);
    assert!(a.trace().iter().eq(b.trace().iter()), "the same run");
}
