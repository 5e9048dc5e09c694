//! Processes outside any supervisor and the signals between any two processes (`spawn`,
//! `spawn_link`, `link`, `unlink`, `monitor`, `demonitor`, `trap_exit`, `exit_self`,
//! `process_exit`; `proc_ops.rs`): what the read API (`Sim::unsupervised`,
//! `Sim::links_of`, `Sim::monitors_of`) shows at each step, and the trace events. The
//! real-OTP ground truth is the conformance cases `procs_*`.

use otp_sim::{Command, Event, Scenario, Sim, Term};

fn scenario(faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "procs", "tree": {{"type": "supervisor", "id": "root", "max_restarts": 10, "children": [
            {{"type": "worker", "id": "a", "behaviour": {{"kind": "server"}}}},
            {{"type": "worker", "id": "b", "trap_exit": true, "behaviour": {{"kind": "server"}}}}]}},
            "faults": [{faults}], "duration_ms": 2000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn spawn_link_shows_in_the_view_and_a_trapped_exit_is_a_message() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "b", "action": "spawn_link", "spec": {"type": "worker", "id": "w", "behaviour": {"kind": "server"}}},
           {"at_ms": 300, "target": "w", "action": "exit", "reason": ":boom"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(200_000);
    let b = sim.pid_of("b").unwrap();
    let w = sim.pid_of("w").unwrap();
    let u = sim.unsupervised();
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].pid, w);
    assert_eq!(u[0].id.as_deref(), Some("w"));
    assert_eq!(u[0].spawned_by, b);
    assert!(u[0].linked_to_starter);
    assert!(!u[0].trap_exit);
    assert!(sim.links_of(b).contains(&w));
    sim.run_until(400_000);
    assert!(sim.unsupervised().is_empty());
    assert_eq!(sim.pid_of("b"), Some(b), "b traps: it lives");
    assert!(sim.trace().iter().any(|e| matches!(&e.kind,
        Event::ExitMessage { pid, from, reason } if *pid == b && *from == w && *reason == Term::atom("boom"))));
}

#[test]
fn an_unlinked_spawn_is_not_linked_and_takes_nobody_along() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "a", "action": "spawn", "spec": {"type": "worker", "id": "w", "behaviour": {"kind": "counter"}}},
           {"at_ms": 300, "target": "w", "action": "exit", "reason": ":kill"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(200_000);
    let a = sim.pid_of("a").unwrap();
    let u = sim.unsupervised();
    assert_eq!(u.len(), 1);
    assert!(!u[0].linked_to_starter);
    assert!(sim.links_of(u[0].pid).is_empty());
    sim.run_until(400_000);
    assert_eq!(sim.pid_of("a"), Some(a));
}

#[test]
fn link_to_a_dead_pid_kills_a_non_trapping_caller_with_noproc() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "a", "action": "spawn", "spec": {"type": "worker", "id": "w", "behaviour": {"kind": "server"}}},
           {"at_ms": 200, "target": "w", "action": "exit", "reason": ":kill"},
           {"at_ms": 300, "target": "a", "action": "link", "to": "w"},
           {"at_ms": 300, "target": "b", "action": "link", "to": "w"},
           {"at_ms": 400, "target": "b", "action": "monitor", "to": "w"}"#,
    );
    let mut sim = Sim::new(&s);
    let a = {
        sim.run_until(250_000);
        sim.pid_of("a").unwrap()
    };
    let b = sim.pid_of("b").unwrap();
    sim.run_until(600_000);
    assert!(sim.trace().iter().any(|e| matches!(&e.kind,
        Event::Exit { pid, reason, .. } if *pid == a && reason.normalized() == "{:noproc, _}")));
    let noproc = |e: &Event| match e {
        Event::ExitMessage { pid, reason, .. } | Event::DownMessage { pid, reason, .. } => {
            *pid == b && reason.is_atom("noproc")
        }
        _ => false,
    };
    assert_eq!(sim.trace().iter().filter(|e| noproc(&e.kind)).count(), 2);
}

#[test]
fn monitors_show_in_the_view_until_demonitored() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "a", "action": "monitor", "to": "b"},
           {"at_ms": 300, "target": "a", "action": "demonitor", "to": "b"},
           {"at_ms": 400, "target": "a", "action": "trap_exit", "value": "true"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(200_000);
    let (a, b) = (sim.pid_of("a").unwrap(), sim.pid_of("b").unwrap());
    assert!(sim.monitors_of(a).iter().any(|m| m.pid == b));
    assert!(sim.monitored_by(b).iter().any(|m| m.pid == a));
    sim.run_until(350_000);
    assert!(sim.monitors_of(a).is_empty());
    assert!(!sim.process(a).unwrap().trap_exit);
    sim.run_until(500_000);
    assert!(sim.process(a).unwrap().trap_exit);
}

#[test]
fn process_exit_of_self_with_normal_kills_a_non_trapping_server() {
    let s = scenario(
        r#"{"at_ms": 100, "target": "a", "action": "process_exit", "to": "a", "reason": ":normal"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let a = sim.pid_of("a").unwrap();
    sim.run_until(300_000);
    assert!(sim.trace().iter().any(|e| matches!(&e.kind,
        Event::Exit { pid, reason, .. } if *pid == a && reason.is_atom("normal"))));
}

#[test]
fn commands_for_other_kinds_are_refused_by_the_api() {
    let s = Scenario::from_json(
        r#"{"name": "x", "tree": {"type": "supervisor", "id": "root", "children": [
            {"type": "worker", "id": "c", "behaviour": {"kind": "client", "target": "S"}},
            {"type": "worker", "id": "s", "name": "S", "behaviour": {"kind": "server"}}]}}"#,
    )
    .unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(10_000);
    let c = sim.pid_of("c").unwrap();
    let root = sim.root().unwrap();
    assert!(sim.apply(c, &Command::TrapExit(true)).is_err());
    assert!(sim.apply(root, &Command::Link { to: "s".into() }).is_err());
    let s_pid = sim.pid_of("s").unwrap();
    assert!(sim.apply(s_pid, &Command::Link { to: "c".into() }).is_ok());
    sim.run_until(20_000);
    assert!(sim.links_of(s_pid).contains(&c));
}
