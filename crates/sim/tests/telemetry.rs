//! `:telemetry` through the read API (`Sim::telemetry`): handlers attached and detached
//! with their calls, failures and metric values; a slow handler keeps the emitter busy
//! and its mailbox grows; a raising handler is detached and the emitter lives on; the
//! detach / attach commands from the app.

use otp_sim::scenario::{Measurement, MetricKind};
use otp_sim::{Command, Event, Scenario, Sim};
use std::path::Path;

fn case(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance")
        .join(format!("{name}.json"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_view_lists_handlers_calls_failures_and_metrics() {
    let s = case("telemetry_raising_detached");
    let mut sim = Sim::new(&s);
    let t = sim.telemetry();
    let ids: Vec<_> = t.handlers.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["count", "bad", "after", "alert"]);
    assert!(t.handlers.iter().all(|h| h.attached && h.calls == 0));
    assert_eq!(t.emitters.len(), 1);
    assert_eq!(t.emitters[0].worker, "repo");
    assert_eq!(t.emitters[0].event, "app.repo.query");

    // After the second call (at 0.2 s + 10 ms): bad raised once and is detached.
    sim.run_until(250_000);
    let t = sim.telemetry();
    let bad = &t.handlers[1];
    assert!(!bad.attached);
    assert_eq!((bad.calls, bad.failures), (2, 1));
    assert!(bad.detached_by_failure);
    let at = bad.detached_at.unwrap();
    assert!((200_000..250_000).contains(&at), "{at}");
    // The emitter is alive: the same pid runs repo.
    assert_eq!(t.emitters[0].pid, sim.pid_of("repo"));
    let alert = t.handlers[3].metric.as_ref().unwrap();
    assert_eq!(alert.kind, MetricKind::Counter);
    assert_eq!(alert.headline(), Some(1.0));

    sim.run_until(1_000_000);
    let t = sim.telemetry();
    let count = t.handlers[0].metric.as_ref().unwrap();
    assert_eq!(count.value.count, 5);
    let sum = t.handlers[2].metric.as_ref().unwrap();
    assert_eq!(
        (sum.kind, sum.measurement),
        (MetricKind::Sum, Measurement::Duration)
    );
    assert_eq!(sum.headline(), Some(50_000.0));
    // Re-attached at 0.6 s, it raised again on c2's call: detached again.
    assert_eq!((t.handlers[1].calls, t.handlers[1].failures), (3, 2));
    assert!(!t.handlers[1].attached);
    // The repo process never exited.
    assert!(!sim.trace().iter().any(|e| matches!(&e.kind,
        Event::Exit { id: Some(id), .. } if &**id == "repo")));
}

#[test]
fn detach_comes_before_the_failure_event_and_the_log_after() {
    let s = case("telemetry_raising_detached");
    let mut sim = Sim::new(&s);
    sim.run_until(250_000);
    let kinds: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::TelemetryCall {
                handler, raised, ..
            } => Some(format!("call {handler} {raised}")),
            Event::TelemetryDetach { handler, .. } => Some(format!("detach {handler}")),
            Event::TelemetryLog { handler, .. } => Some(format!("log {handler}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds[3..],
        [
            "call count false",
            "call bad true",
            "detach bad",
            "call alert false",
            "log bad",
            "call after false"
        ]
    );
}

#[test]
fn a_slow_handler_turns_a_fast_server_into_a_bottleneck() {
    // Repo takes 1 ms per call; eight clients call it every 20 ms. With a 10 ms handler
    // the server needs 88 ms per 20 ms of calls: its mailbox grows. Without, it idles.
    let json = |cost: u64| {
        format!(
            r#"{{"name":"slow handler","seed":3,"config":{{"schedulers":4}},
            "tree":{{"type":"supervisor","id":"root","children":[
              {{"type":"worker","id":"repo","name":"Repo","behaviour":{{"kind":"server","service_us":1000}}}},
              {{"template":{{"type":"worker","id":"c","behaviour":{{"kind":"client","target":"Repo","interval_us":20000,"timeout_ms":5000}}}},"count":8}}
            ]}},
            "telemetry":{{"handlers":[{{"id":"log","events":["app.repo.query"],"cost_us":{cost},
              "metric":{{"kind":"last_value","name":"app.repo.query.queue_len","measurement":"queue_len"}}}}],
              "emitters":[{{"worker":"repo","event":"app.repo.query"}}]}},
            "duration_ms":1000}}"#
        )
    };
    let queue = |cost: u64| {
        let s = Scenario::from_json(&json(cost)).unwrap();
        let mut sim = Sim::new(&s);
        sim.run_until(500_000);
        let repo = sim.pid_of("repo").unwrap();
        let q = sim.info(repo).unwrap().message_queue_len;
        let last = sim.telemetry().handlers[0]
            .metric
            .as_ref()
            .unwrap()
            .value
            .last;
        (q, last)
    };
    let (fast, fast_metric) = queue(0);
    let (slow, slow_metric) = queue(10_000);
    assert!(fast <= 2, "fast: {fast}");
    assert!(slow >= 5, "slow: {slow}");
    // The queue_len metric shows it too.
    assert!(slow_metric.unwrap() >= 5 && fast_metric.unwrap() <= 2);
}

#[test]
fn commands_detach_and_attach_again() {
    let s = case("telemetry_attach_order");
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    sim.apply_to_target("a", &Command::TelemetryDetach).unwrap();
    assert!(!sim.telemetry().handlers[1].attached);
    assert!(sim.apply_to_target("a", &Command::TelemetryAttach).is_ok());
    assert!(sim.telemetry().handlers[1].attached);
    assert!(
        sim.apply_to_target("zzz", &Command::TelemetryDetach)
            .is_err()
    );
    let pid = sim.pid_of("repo").unwrap();
    assert!(sim.apply(pid, &Command::TelemetryDetach).is_err());
    // Attached again, a is last: c1's call runs b, m, a.
    sim.run_until(200_000);
    let order: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::TelemetryCall { handler, .. } => Some(handler.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(order[..3], ["b", "m", "a"]);
}

#[test]
fn a_scenario_without_telemetry_has_an_empty_view() {
    let s = case("call_timeout");
    let sim = Sim::new(&s);
    let t = sim.telemetry();
    assert!(t.handlers.is_empty() && t.emitters.is_empty());
}
