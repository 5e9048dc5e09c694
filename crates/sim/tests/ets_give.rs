//! ETS tables changing hands at run time (`give_away`, `set_heir`; `ets_give.rs`): what
//! the read API (`Sim::ets_tables`) shows at each step, the `ETS-TRANSFER` message the new
//! owner gets, and the badarg cases. The real-OTP ground truth is the conformance cases
//! `ets_give_away`, `ets_give_away_errors` and `ets_heir`.

use otp_sim::{Event, Scenario, Sim, Term};

fn scenario(faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "ets", "tree": {{"type": "supervisor", "id": "root", "max_restarts": 10, "children": [
            {{"type": "worker", "id": "counter", "name": "Counter", "behaviour": {{"kind": "counter", "table": "counts"}}}},
            {{"type": "worker", "id": "keeper", "name": "Keeper", "behaviour": {{"kind": "server"}}}}]}},
            "faults": [{faults}], "duration_ms": 2000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn give_away_moves_ownership_and_the_table_dies_with_the_new_owner() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "counter", "action": "give_away", "table": "counts", "to": "keeper", "value": ":gift"},
           {"at_ms": 500, "target": "keeper", "action": "exit", "reason": ":kill"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let t = sim.ets_tables();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].name, "counts");
    assert_eq!(t[0].owner_id.as_deref(), Some("counter"));
    assert_eq!(t[0].heir, None);
    sim.run_until(200_000);
    let t = sim.ets_tables();
    assert_eq!(t[0].owner_id.as_deref(), Some("keeper"));
    let keeper = sim.pid_of("keeper").unwrap();
    let counter = sim.pid_of("counter").unwrap();
    assert!(sim.trace().iter().any(|e| matches!(&e.kind,
        Event::EtsTransfer { from, to, data, inherited: false, .. }
            if *from == counter && *to == keeper && **data == Term::atom("gift"))));
    sim.run_until(600_000);
    // Deleted with keeper, although counter, its creator, lives on.
    assert!(sim.ets_tables().is_empty());
    assert_eq!(sim.pid_of("counter"), Some(counter));
}

#[test]
fn the_heir_inherits_and_the_restarted_creator_cannot_create_the_name_again() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "counter", "action": "set_heir", "table": "counts", "to": "keeper", "value": ":died"},
           {"at_ms": 300, "target": "counter", "action": "crash"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(200_000);
    let keeper = sim.pid_of("keeper").unwrap();
    assert_eq!(sim.ets_tables()[0].heir, Some((keeper, Term::atom("died"))));
    // Every restart of counter fails at once (the name is taken), so root soon gives
    // up and the table dies with keeper: the trace tells the story.
    sim.run_until(400_000);
    assert!(sim.trace().iter().any(
        |e| matches!(&e.kind, Event::EtsTransfer { to, inherited: true, .. } if *to == keeper)
    ));
    assert!(
        sim.trace()
            .iter()
            .any(|e| matches!(&e.kind, Event::InitFailed { .. }))
    );
    assert!(sim.ets_tables().is_empty());
}

#[test]
fn a_give_away_that_raises_crashes_the_caller_with_badarg() {
    for (target, to) in [("keeper", "counter"), ("counter", "counter")] {
        let s = scenario(&format!(
            r#"{{"at_ms": 100, "target": "{target}", "action": "give_away", "table": "counts", "to": "{to}", "value": ":g"}}"#
        ));
        let mut sim = Sim::new(&s);
        sim.run_until(50_000);
        let victim = sim.pid_of(target).unwrap();
        sim.run_until(200_000);
        assert!(sim.trace().iter().any(|e| matches!(&e.kind,
            Event::Exit { pid, reason, .. } if *pid == victim && reason.normalized() == "{:badarg, _}")),
            "{target} giving to {to}");
    }
}

#[test]
fn give_away_round_trips_through_json() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "counter", "action": "give_away", "table": "counts", "to": "keeper", "value": "{:a, 1}"},
           {"at_ms": 200, "target": "keeper", "action": "set_heir", "table": "counts", "to": "counter", "value": ":b"}"#,
    );
    let back = Scenario::from_json(&s.to_json_pretty()).unwrap();
    assert_eq!(back.faults, s.faults);
}
