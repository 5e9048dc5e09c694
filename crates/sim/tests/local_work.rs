//! Client mode `local`: a plain function run in the caller's own process. It sends no
//! message, so nothing queues anywhere; only the schedulers limit how much work runs.

use otp_sim::{Event, Scenario, Sim};

fn callers(mode: &str, n: usize, schedulers: u32) -> Scenario {
    let mut children = Vec::new();
    if mode == "call" {
        children.push(
            r#"{"type":"worker","id":"calc","name":"Calc","behaviour":{"kind":"server","service_us":10000}}"#
                .to_string(),
        );
    }
    for i in 0..n {
        let target = if mode == "call" {
            r#""target":"Calc","catch_timeout":true,"timeout_ms":80,"#
        } else {
            r#""work_us":10000,"#
        };
        children.push(format!(
            r#"{{"type":"worker","id":"caller_{i}","behaviour":{{"kind":"client","mode":"{mode}",{target}"interval_us":20000}}}}"#
        ));
    }
    let json = format!(
        r#"{{"name":"local","seed":3,"config":{{"schedulers":{schedulers}}},"duration_ms":2000,
        "tree":{{"type":"supervisor","id":"root","children":[{}]}}}}"#,
        children.join(",")
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

/// Computations done by all callers by the end of a 1 s run.
fn computed(sim: &Sim, n: usize) -> u64 {
    (0..n)
        .map(|i| {
            let pid = sim.pid_of(&format!("caller_{i}")).expect("alive");
            let info = sim.info(pid).expect("info");
            assert!(info.reads.is_none(), "a local client reads no table");
            info.computed
                .expect("a local client counts its computations")
                .calls
        })
        .sum()
}

#[test]
fn local_work_sends_nothing_and_uses_every_scheduler() {
    let mut one = Sim::new(&callers("local", 10, 1));
    one.run_until(1_000_000);
    // Its only messages are its own timer's ticks (`Process.send_after(self(), :tick, …)`).
    let to_others = one
        .trace()
        .iter()
        .filter(|e| e.t > 100_000)
        .filter(|e| matches!(e.kind, Event::Send { from, to, .. } if from != to))
        .count();
    assert_eq!(to_others, 0, "a plain function sends no message");
    let mut two = Sim::new(&callers("local", 10, 2));
    two.run_until(1_000_000);
    let (a, b) = (computed(&one, 10), computed(&two, 10));
    // 10 ms each: about 100 a second per scheduler, and two schedulers do about twice that.
    assert!((90..=101).contains(&a), "one scheduler: {a}");
    assert!((180..=201).contains(&b), "two schedulers: {b}");
}

#[test]
fn the_same_work_behind_one_server_is_capped_by_that_server() {
    let mut sim = Sim::new(&callers("call", 10, 2));
    sim.run_until(1_000_000);
    let handled = sim
        .info(sim.pid_of("calc").expect("alive"))
        .expect("info")
        .handled;
    // One process, one scheduler at a time: at most 100 computations a second even with two.
    assert!(handled <= 101, "{handled}");
    assert!(
        sim.info(sim.pid_of("calc").unwrap())
            .unwrap()
            .message_queue_len
            > 5
    );
}
