//! `:sys` debugging: requests queue behind the mailbox, a suspended process answers them,
//! trace and statistics cost scheduler time per message (a busy server falls behind while
//! traced and catches up after `no_debug`), the read API shows what is on, and commands
//! to processes that cannot take them are refused with a reason.

use otp_sim::scenario::{Command, StatsOp};
use otp_sim::{Event, Scenario, Sim, Term};

fn scenario(children: &str, faults: &str, duration_ms: u64) -> Scenario {
    let json = format!(
        r#"{{"name":"sys","seed":1,"duration_ms":{duration_ms},
        "tree":{{"type":"supervisor","id":"root","children":[{children}]}},
        "faults":[{faults}]}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

fn replies(sim: &Sim) -> Vec<(u64, String, String)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::SysReply { request, reply, .. } => {
                Some((e.t, request.to_string(), reply.to_string()))
            }
            _ => None,
        })
        .collect()
}

const BUSY: &str = r#"{"type":"worker","id":"counter","name":"Counter","behaviour":{"kind":"counter","service_us":300000}},
    {"type":"worker","id":"a","behaviour":{"kind":"client","target":"Counter","mode":"call","request":":incr","interval_us":200000,"max_requests":1}},
    {"type":"worker","id":"b","behaviour":{"kind":"client","target":"Counter","mode":"call","request":":incr","interval_us":200000,"max_requests":1}}"#;

#[test]
fn get_state_waits_behind_queued_calls_and_a_suspended_process_answers() {
    let s = scenario(
        BUSY,
        r#"{"at_ms":300,"target":"counter","action":"get_state"},
           {"at_ms":900,"target":"counter","action":"suspend"},
           {"at_ms":1000,"target":"counter","action":"get_state"}"#,
        1500,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_500_000);
    let r = replies(&sim);
    assert_eq!(r.len(), 2, "{r:?}");
    // Sent at 0.3 s, answered after the second call ends (0.8 s), with both counted.
    assert!(r[0].0 >= 800_000, "{r:?}");
    assert_eq!(r[0].2, "2");
    // Suspended, it still answers system messages.
    assert!(r[1].0 < 1_100_000, "{r:?}");
    assert_eq!(r[1].2, "2");
}

#[test]
fn replace_state_is_what_later_calls_build_on() {
    let s = scenario(
        BUSY,
        r#"{"at_ms":100,"target":"counter","action":"replace_state","state":"40"}"#,
        1000,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    assert_eq!(replies(&sim)[0].2, "40");
    let pid = sim.pid_of("counter").unwrap();
    assert_eq!(sim.info(pid).unwrap().state, Term::Int(42));
}

/// A server at about 60% load: one cast every 80 µs, 50 µs each.
fn loaded(faults: &str) -> Scenario {
    scenario(
        r#"{"type":"worker","id":"server","name":"Server","behaviour":{"kind":"server","service_us":50}},
           {"type":"worker","id":"load","behaviour":{"kind":"client","target":"Server","mode":"cast","interval_us":80}}"#,
        faults,
        2000,
    )
}

#[test]
fn a_traced_server_falls_behind_and_catches_up_after_no_debug() {
    let s = loaded(
        r#"{"at_ms":200,"target":"server","action":"trace_on"},
           {"at_ms":700,"target":"server","action":"no_debug"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(190_000);
    let pid = sim.pid_of("server").unwrap();
    assert!(sim.info(pid).unwrap().message_queue_len < 5);
    sim.run_until(690_000);
    let info = sim.info(pid).unwrap();
    assert!(info.message_queue_len > 500, "{}", info.message_queue_len);
    let sys = info.sys.unwrap();
    assert!(sys.trace && sys.statistics.is_none());
    assert_eq!(sys.cost_us, 60);
    assert!(!sim.dbg_lines(pid, 2).is_empty());
    sim.run_until(2_000_000);
    let info = sim.info(pid).unwrap();
    assert!(info.message_queue_len < 5, "{}", info.message_queue_len);
    assert_eq!(info.sys.unwrap().cost_us, 0);
    // Untraced, the same server keeps up all along.
    let mut calm = Sim::new(&loaded(""));
    calm.run_until(690_000);
    assert!(calm.info(pid).unwrap().message_queue_len < 5);
}

#[test]
fn statistics_count_in_and_out_and_cost_little() {
    let s = scenario(
        BUSY,
        r#"{"at_ms":100,"target":"counter","action":"statistics_on"},
           {"at_ms":900,"target":"counter","action":"statistics_get"}"#,
        1000,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    let pid = sim.pid_of("counter").unwrap();
    let stats = sim.sys_debug(pid).unwrap().statistics.unwrap();
    assert_eq!((stats.messages_in, stats.messages_out), (2, 2));
    assert_eq!(sim.sys_debug(pid).unwrap().cost_us, 2);
    let r = replies(&sim);
    assert!(
        r[1].2.contains("{:messages_in, 2}, {:messages_out, 2}"),
        "{r:?}"
    );
}

#[test]
fn commands_that_cannot_apply_are_refused_with_a_reason() {
    let s = scenario(BUSY, "", 100);
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let root = sim.root().unwrap();
    let err = sim.apply(root, &Command::GetState).unwrap_err();
    assert!(err.contains("server, counter and agent"), "{err}");
    let client = sim.pid_of("a").unwrap();
    assert!(sim.apply(client, &Command::Trace(true)).is_err());
    let counter = sim.pid_of("counter").unwrap();
    let err = sim
        .apply(counter, &Command::ReplaceState { state: ":x".into() })
        .unwrap_err();
    assert!(err.contains("integer"), "{err}");
    assert!(
        sim.apply(counter, &Command::Statistics(StatsOp::On))
            .is_ok()
    );
    // A scheduled one is recorded as missed.
    let s = scenario(
        BUSY,
        r#"{"at_ms":10,"target":"root","action":"trace_on"}"#,
        100,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    assert!(sim.trace().iter().any(
        |e| matches!(&e.kind, Event::FaultMissed { action, .. } if &**action == "trace true")
    ));
}

#[test]
fn invalid_sys_faults_name_the_field() {
    let bad = |faults: &str| {
        let json = format!(
            r#"{{"name":"x","tree":{{"type":"supervisor","id":"root","children":[]}},"faults":[{faults}]}}"#
        );
        format!("{:?}", Scenario::from_json(&json).unwrap_err())
    };
    assert!(
        bad(r#"{"at_ms":1,"target":"x","action":"replace_state"}"#)
            .contains("needs the field `state`")
    );
    assert!(
        bad(r#"{"at_ms":1,"target":"x","action":"get_state","state":"1"}"#)
            .contains("field `state` does not apply")
    );
    assert!(
        bad(r#"{"at_ms":1,"target":"x","action":"replace_state","state":"{"}"#)
            .contains("faults[0].state")
    );
    let json = r#"{"name":"x","config":{"trace_cost_us":2000000},"tree":{"type":"supervisor","id":"root","children":[]}}"#;
    assert!(
        format!("{:?}", Scenario::from_json(json).unwrap_err()).contains("config.trace_cost_us")
    );
}

/// Lesson 11's demo: calm before the trace, a backlog of thousands while traced, drained
/// within a second and a half of `no_debug`.
#[test]
fn lesson_11_traced_prices_server_falls_behind_and_recovers() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../lessons/scenarios/sys_trace_backlog.json"
    );
    let s = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut sim = Sim::new(&s);
    let mut queue = Vec::new();
    for ms in [990, 1500, 1990, 2500, 3000, 3500] {
        sim.run_until(ms * 1000);
        let pid = sim.pid_of("prices").unwrap();
        queue.push(sim.info(pid).unwrap().message_queue_len);
    }
    eprintln!("{queue:?}");
    assert!(queue[0] < 5, "{queue:?}");
    assert!(queue[2] > 1000 && queue[2] > queue[1], "{queue:?}");
    assert!(queue[5] < 5, "{queue:?}");
}
