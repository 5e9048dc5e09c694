//! GenServer.stop/3 and stopping calls (`genserver_stop`, `call_stop`), and the links /
//! monitors view: what the harness gets back, and what the app reads.

use otp_sim::{Event, Scenario, Sim};

fn run(json: &str, until_ms: u64) -> Sim {
    let s = Scenario::from_json(json).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(until_ms * 1000);
    sim
}

fn results(sim: &Sim) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::CommandResult(a) => Some(format!(
                "{} {} {} {}",
                a.action,
                a.target,
                a.returned,
                a.value.normalized()
            )),
            _ => None,
        })
        .collect()
}

const TREE: &str = r#"{ "type": "supervisor", "id": "root", "children": [
  { "type": "worker", "id": "s", "name": "Srv", "terminate_us": 300000, "behaviour": { "kind": "server" } },
  { "type": "worker", "id": "c", "behaviour": { "kind": "client", "target": "Srv", "interval_us": 60000000, "max_requests": 0 } } ] }"#;

#[test]
fn stop_waits_for_terminate_and_times_out() {
    let json = format!(
        r#"{{ "name": "t", "tree": {TREE}, "faults": [
      {{ "at_ms": 100, "target": "s", "action": "genserver_stop", "reason": ":bye", "timeout_ms": 100 }},
      {{ "at_ms": 1000, "target": "s", "action": "genserver_stop" }} ] }}"#
    );
    let sim = run(&json, 2000);
    assert_eq!(
        results(&sim),
        vec![
            "genserver_stop s false {:timeout, {GenServer, :stop, [_pid, :bye, 100]}}",
            "genserver_stop s true :ok"
        ]
    );
}

#[test]
fn stopping_call_replies_after_terminate() {
    let json = format!(
        r#"{{ "name": "t", "tree": {TREE}, "faults": [
      {{ "at_ms": 100, "target": "s", "action": "call_stop", "reason": ":normal", "reply": ":bye" }} ] }}"#
    );
    let sim = run(&json, 1000);
    let t = sim
        .trace()
        .iter()
        .find(|e| matches!(e.kind, Event::CommandResult(_)))
        .map(|e| e.t)
        .unwrap();
    assert!(
        t >= 400_000,
        "the reply came at {t} µs, before terminate/2 ended"
    );
    assert_eq!(results(&sim), vec!["call_stop s true :bye"]);
}

#[test]
fn stop_on_a_client_or_a_supervisor_is_refused() {
    let s = Scenario::from_json(&format!(r#"{{ "name": "t", "tree": {TREE} }}"#)).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(10_000);
    let stop = otp_sim::Command::GenServerStop {
        reason: ":normal".into(),
        timeout_ms: None,
    };
    assert!(sim.apply_to_target("c", &stop).is_err());
    assert!(sim.apply_to_target("root", &stop).is_err());
    assert!(sim.apply_to_target("s", &stop).is_ok());
}

#[test]
fn links_and_monitors_are_visible() {
    let s = Scenario::from_json(&format!(r#"{{ "name": "t", "tree": {TREE} }}"#)).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(10_000);
    let root = sim.root().unwrap();
    let srv = sim.pid_of("s").unwrap();
    let links = sim.links_of(root);
    assert!(links.contains(&srv));
    assert!(sim.links_of(srv).contains(&root));
    // A supervisor monitors no child here (it links); nothing monitors the server.
    assert!(sim.monitored_by(srv).is_empty());
    // GenServer.stop monitors the server from the harness while it waits.
    let stop = otp_sim::Command::GenServerStop {
        reason: ":normal".into(),
        timeout_ms: None,
    };
    sim.apply(srv, &stop).unwrap();
    assert_eq!(sim.monitored_by(srv).len(), 1);
    assert_eq!(sim.monitored_by(srv)[0].pid, sim.harness());
    sim.run_until(1_000_000);
    assert!(sim.links_of(srv).is_empty(), "dead: no links");
}
