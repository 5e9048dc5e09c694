//! `:persistent_term` in the simulator: puts and erases from faults, gets and get + put
//! increments from clients, and the global pass. These tests pin what lesson 12 relies
//! on: reads cost the reader next to nothing; replacing a heap value makes every live
//! process pay `config.persistent_term_gc_us` on its next job (the spike shows in the
//! readers' latencies, the trace and the view), replacing an integer does not; an erased
//! key makes a get exit the reader `{:badarg, _}`; concurrent increments lose updates.

use otp_sim::{Command, Event, Scenario, Sim, Term};

fn scenario(gc_us: u64, children: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "pterm", "config": {{"schedulers": 2, "latency_us": 10, "persistent_term_gc_us": {gc_us}}},
            "tree": {{"type": "supervisor", "id": "root", "children": [{children}]}},
            "faults": [{faults}], "duration_ms": 1000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

fn readers(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"type": "worker", "id": "r{i}", "behaviour": {{"kind": "client",
                    "mode": "persistent_term_get", "key": "cfg", "interval_us": 1000}}}}"#
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn put(at_ms: u64, value: &str) -> String {
    format!(
        r#"{{"at_ms": {at_ms}, "target": "cfg", "action": "persistent_term_put", "value": "{value}"}}"#
    )
}

/// The worst read latency over all readers.
fn worst_read(sim: &Sim, n: usize) -> u64 {
    (0..n)
        .filter_map(|i| sim.pid_of(&format!("r{i}")))
        .filter_map(|pid| sim.info(pid)?.reads)
        .map(|r| r.max_us)
        .max()
        .unwrap_or(0)
}

#[test]
fn replacing_a_heap_value_makes_every_process_pay_once() {
    let faults = [put(0, "{:v, 1}"), put(100, "{:v, 2}")].join(",");
    let s = scenario(300, &readers(20), &faults);
    let mut sim = Sim::new(&s);
    sim.run_until(99_000);
    assert_eq!(
        worst_read(&sim, 20),
        0,
        "gets alone cost nothing measurable"
    );
    assert_eq!(sim.persistent_term_gc_passes(), 0, "a new key is no pass");
    sim.run_until(100_000);
    // Owed by every live process (root and the 20 readers) until its next job.
    let r0 = sim.pid_of("r0").unwrap();
    assert_eq!(sim.persistent_term_gc_debt(r0), 300);
    sim.run_until(1_000_000);
    assert_eq!(sim.persistent_term_gc_passes(), 1);
    assert_eq!(worst_read(&sim, 20), 300, "the next get paid the pass");
    assert_eq!(sim.persistent_term_gc_debt(r0), 0);
    let gc: Vec<u32> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            Event::PersistentTermGc { processes, .. } => Some(processes),
            _ => None,
        })
        .collect();
    assert_eq!(gc, vec![21]);
    assert_eq!(
        sim.persistent_terms(),
        vec![(
            "cfg".into(),
            Term::tuple(vec![Term::atom("v"), Term::Int(2)])
        )]
    );
}

#[test]
fn replacing_an_integer_or_putting_an_equal_value_is_free() {
    let faults = [
        put(0, "1"),
        put(100, "2"),
        put(200, "{:v, 1}"),
        put(300, "{:v, 1}"),
    ]
    .join(",");
    let s = scenario(300, &readers(5), &faults);
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    assert_eq!(sim.persistent_term_gc_passes(), 0);
    assert_eq!(worst_read(&sim, 5), 0);
    let unchanged = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, Event::PersistentTermPut { changed: false, .. }))
        .count();
    assert_eq!(unchanged, 1, "the equal put changed nothing");
}

#[test]
fn a_get_on_an_erased_key_exits_the_reader_with_badarg() {
    let faults = [
        put(0, "[:a]"),
        r#"{"at_ms": 100, "target": "cfg", "action": "persistent_term_erase"}"#.to_string(),
    ]
    .join(",");
    let s = scenario(1, &readers(1), &faults);
    let mut sim = Sim::new(&s);
    sim.run_until(110_000);
    let exit = sim.trace().iter().find_map(|e| match &e.kind {
        Event::Exit {
            id: Some(id),
            reason,
            ..
        } if &**id == "r0" => Some(reason.normalized()),
        _ => None,
    });
    assert_eq!(exit.as_deref(), Some("{:badarg, _}"));
    // Erasing a heap value is a pass too.
    assert_eq!(sim.persistent_term_gc_passes(), 1);
    assert!(sim.persistent_terms().is_empty());
}

#[test]
fn a_user_put_goes_through_apply_to_target_and_a_pid_is_refused() {
    let s = scenario(1, &readers(1), "");
    let mut sim = Sim::new(&s);
    sim.run_until(1_000);
    let put = Command::PersistentTermPut {
        value: "[1, 2]".into(),
    };
    assert!(sim.apply(sim.pid_of("r0").unwrap(), &put).is_err());
    sim.apply_to_target("cfg", &put).unwrap();
    assert_eq!(sim.persistent_terms().len(), 1);
    sim.apply_to_target("cfg", &Command::PersistentTermErase)
        .unwrap();
    assert_eq!(sim.persistent_term_gc_passes(), 1);
}

#[test]
fn concurrent_get_then_put_increments_lose_updates() {
    let incr = |id: &str| {
        format!(
            r#"{{"type": "worker", "id": "{id}", "behaviour": {{"kind": "client",
                "mode": "persistent_term_incr", "key": "hits", "interval_us": 2000,
                "work_us": 1000, "max_requests": 50}}}}"#
        )
    };
    let children = [incr("a"), incr("b"), incr("c")].join(",");
    let faults = r#"{"at_ms": 0, "target": "hits", "action": "persistent_term_put", "value": "0"}"#;
    let s = scenario(1, &children, faults);
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    let hits = match sim.persistent_terms().first() {
        Some((_, Term::Int(n))) => *n,
        other => panic!("{other:?}"),
    };
    assert!(hits < 150, "150 increments, {hits} counted");
    assert!(hits >= 50);
}
