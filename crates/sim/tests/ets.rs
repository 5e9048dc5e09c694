//! ETS reads that bypass the table's owner: a GenServer creates a named table in
//! `init/1`, clients of mode `ets` read it in their own process. These tests pin what the
//! lessons rely on: reads cost the reader, never the owner; they go on while the owner is
//! busy; the table dies with its owner and a read then exits the reader `{:badarg, _}`;
//! the restarted owner's new table serves reads again.

use otp_sim::{Command, Event, Pid, Scenario, Sim, TraceLevel};

fn scenario(children: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "ets", "config": {{"schedulers": 2, "latency_us": 10}},
            "tree": {{"type": "supervisor", "id": "root", "children": [{children}]}},
            "faults": [{faults}], "duration_ms": 3000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

const OWNER: &str = r#"{"type": "worker", "id": "owner", "name": "Owner",
    "behaviour": {"kind": "counter", "service_us": 1000, "table": "counts"}}"#;

fn reader(id: &str, extra: &str) -> String {
    format!(
        r#"{{"type": "worker", "id": "{id}", "behaviour": {{"kind": "client", "target": "Owner",
            "mode": "ets", "interval_us": 1000{extra}}}}}"#
    )
}

fn run(s: &Scenario, until_us: u64) -> Sim {
    let mut sim = Sim::new(s);
    sim.run_until(until_us);
    sim
}

fn count(sim: &Sim, pred: impl Fn(&Event) -> bool) -> usize {
    sim.trace().iter().filter(|e| pred(&e.kind)).count()
}

#[test]
fn reads_send_nothing_to_the_owner_and_cost_it_nothing() {
    let s = scenario(&format!("{OWNER}, {}", reader("r", "")), "");
    let sim = run(&s, 1_000_000);
    let owner = sim.pid_of("owner").unwrap();
    let r = sim.pid_of("r").unwrap();
    let reads = count(
        &sim,
        |e| matches!(e, Event::EtsRead { pid, owner: o, latency: 1, .. } if *pid == r && *o == owner),
    );
    assert!(reads > 900, "{reads} reads in 1 s at 1 ms intervals");
    assert_eq!(
        count(
            &sim,
            |e| matches!(e, Event::Send { from, to, .. } if *from == r && *to == owner)
        ),
        0
    );
    // The owner handled nothing after its init: reads never reach it.
    assert_eq!(sim.process(owner).unwrap().handled, 1);
    let info = sim.info(r).unwrap();
    let stats = info.reads.expect("an ets client reports its reads");
    assert_eq!(stats.calls as usize, reads);
    assert_eq!((stats.p99_us, stats.max_us), (Some(1), 1));
    assert_eq!(info.latency.map(|l| l.calls), Some(0));
}

#[test]
fn reads_go_on_while_the_owner_is_busy_and_calls_wait() {
    // The owner takes 100 ms per call; a caller keeps it busy. The reader's reads are
    // never later than its own interval, whatever the owner does.
    let busy = r#"{"type": "worker", "id": "owner", "name": "Owner",
        "behaviour": {"kind": "counter", "service_us": 100000, "table": "counts"}}"#;
    let caller = r#"{"type": "worker", "id": "caller", "behaviour": {"kind": "client",
        "target": "Owner", "request": ":incr", "interval_us": 1000}}"#;
    let s = scenario(&format!("{busy}, {caller}, {}", reader("r", "")), "");
    let sim = run(&s, 1_000_000);
    let r = sim.pid_of("r").unwrap();
    let times: Vec<u64> = sim
        .trace()
        .iter()
        .filter(|e| matches!(&e.kind, Event::EtsRead { pid, .. } if *pid == r))
        .map(|e| e.t)
        .collect();
    assert!(times.len() > 900);
    assert!(times.windows(2).all(|w| w[1] - w[0] <= 1_001 + 10));
    let calls = sim
        .info(sim.pid_of("caller").unwrap())
        .unwrap()
        .latency
        .unwrap();
    assert!(calls.p50_us.unwrap() >= 100_000, "{calls:?}");
}

#[test]
fn table_dies_with_its_owner_reader_exits_badarg_then_reads_again() {
    let owner = r#"{"type": "worker", "id": "owner", "name": "Owner", "init_us": 20000,
        "behaviour": {"kind": "counter", "table": "counts"}}"#;
    let crash = r#"{"at_ms": 500, "target": "owner", "action": "crash"}"#;
    let s = scenario(&format!("{owner}, {}", reader("r", "")), crash);
    let sim = run(&s, 1_000_000);
    let ev: Vec<(u64, Event)> = sim
        .trace()
        .iter()
        .map(|e| (e.t, e.into_owned().kind))
        .collect();
    let pos = |pred: &dyn Fn(&Event) -> bool| ev.iter().position(|(_, e)| pred(e)).unwrap();
    let deleted = pos(&|e| matches!(e, Event::EtsDelete { .. }));
    let badarg = pos(
        &|e| matches!(e, Event::Exit { id: Some(id), reason, .. } if &**id == "r" && reason.to_string() == "{:badarg, _}"),
    );
    let created_again = ev
        .iter()
        .enumerate()
        .filter(|(_, (_, e))| matches!(e, Event::EtsNew { .. }))
        .map(|(i, _)| i)
        .nth(1)
        .unwrap();
    assert!(deleted < badarg && badarg < created_again);
    // The reader read until the crash, failed within one interval of it, and the new
    // reader (restarted after the new owner's init) reads the new table.
    assert!(ev[badarg].0 - ev[deleted].0 <= 1_000 + 50);
    let new_owner = sim.pid_of("owner").unwrap();
    let new_reader = sim.pid_of("r").unwrap();
    assert!(ev[created_again..].iter().any(|(_, e)| {
        matches!(e, Event::EtsRead { pid, owner, .. } if *pid == new_reader && *owner == new_owner)
    }));
    assert_eq!(count(&sim, |e| matches!(e, Event::EtsDelete { .. })), 1);
}

#[test]
fn a_failed_read_runs_terminate_before_the_exit() {
    let owner = r#"{"type": "worker", "id": "owner", "name": "Owner", "init_us": 50000,
        "behaviour": {"kind": "counter", "table": "counts"}}"#;
    let r = r#"{"type": "worker", "id": "r", "terminate_us": 7000,
        "behaviour": {"kind": "client", "target": "Owner", "mode": "ets", "interval_us": 1000, "read_us": 3}}"#;
    let kill = r#"{"at_ms": 100, "target": "owner", "action": "exit", "reason": ":kill"}"#;
    let s = scenario(&format!("{owner}, {r}"), kill);
    let sim = run(&s, 300_000);
    let exit_at = |id: &str| {
        sim.trace()
            .iter()
            .find(|e| matches!(&e.kind, Event::Exit { id: Some(i), .. } if &**i == id))
            .map(|e| e.t)
            .unwrap()
    };
    let last_read = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, Event::EtsRead { latency: 3, .. }) && e.t < exit_at("r"))
        .map(|e| e.t)
        .max()
        .unwrap();
    assert!(last_read < exit_at("owner"));
    // Failed read (3 µs of the reader's time), then 7 ms of terminate/2, then the exit.
    let failed_read_end = exit_at("r") - 7000;
    assert!(failed_read_end > exit_at("owner") && failed_read_end - last_read <= 1_000 + 10);
}

#[test]
fn every_nth_request_is_a_write_call() {
    let s = scenario(
        &format!(
            "{OWNER}, {}",
            reader("r", r#", "write_every": 4, "request": ":incr""#)
        ),
        "",
    );
    let sim = run(&s, 400_000);
    let r = sim.pid_of("r").unwrap();
    let reads = count(
        &sim,
        |e| matches!(e, Event::EtsRead { pid, .. } if *pid == r),
    );
    let writes = count(
        &sim,
        |e| matches!(e, Event::CallReturned { pid, .. } if *pid == r),
    );
    assert!(writes > 50, "{writes} writes");
    assert!(
        (reads as i64 - 3 * writes as i64).abs() <= 3,
        "{reads} reads, {writes} writes"
    );
    let owner = sim.process(sim.pid_of("owner").unwrap()).unwrap();
    assert_eq!(
        owner.handled as usize,
        1 + writes + usize::from(owner.busy.is_some())
    );
}

#[test]
fn reads_are_left_out_of_the_lifecycle_trace() {
    let crash = r#"{"at_ms": 100, "target": "owner", "action": "crash"}"#;
    let s = scenario(&format!("{OWNER}, {}", reader("r", "")), crash);
    let mut full = Sim::new(&s);
    full.run_until(200_000);
    let mut life = Sim::with_trace(&s, TraceLevel::Lifecycle);
    life.run_until(200_000);
    assert!(count(&full, |e| matches!(e, Event::EtsRead { .. })) > 100);
    assert_eq!(count(&life, |e| matches!(e, Event::EtsRead { .. })), 0);
    for sim in [&full, &life] {
        assert_eq!(count(sim, |e| matches!(e, Event::EtsNew { .. })), 2);
        assert_eq!(count(sim, |e| matches!(e, Event::EtsDelete { .. })), 1);
    }
    let json = full.trace().to_json_lines();
    assert!(json.contains(r##""ev":"ets_new","pid":"#PID<0.81.0>","table":"counts"}"##));
    assert!(json.contains(r##""ev":"ets_read","pid":"#PID<0.82.0>","owner":"#PID<0.81.0>","table":"counts","latency_us":1}"##));
}

#[test]
fn a_second_owner_of_the_same_table_fails_its_init_with_badarg() {
    // Validation rejects two specs creating one table; a user can still start a copy of
    // the owner's spec at run time (under another name). Its :ets.new raises badarg in
    // init/1 and start_child returns {:error, {:badarg, stack}} (checked on OTP 25).
    let s = Scenario::from_json(
        r#"{"name": "dup", "tree": {"type": "dynamic_supervisor", "id": "dyn", "children": [
            {"type": "worker", "id": "a", "name": "A", "behaviour": {"kind": "server", "table": "t"}}]}}"#,
    )
    .unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(1_000);
    let copy = otp_sim::ChildSpec::Worker(otp_sim::scenario::WorkerSpec {
        restart: otp_sim::scenario::Restart::Temporary,
        ..otp_sim::scenario::WorkerSpec::new(
            "b".into(),
            otp_sim::scenario::Behaviour::Server {
                service_us: 100,
                table: Some("t".into()),
                stateless: false,
            },
        )
    });
    let dyn_pid: Pid = sim.pid_of("dyn").unwrap();
    sim.apply(
        dyn_pid,
        &Command::StartChild {
            spec: Box::new(copy),
        },
    )
    .unwrap();
    sim.run_until(2_000);
    let lines = sim.trace().to_json_lines();
    assert!(
        lines.contains(r##""ev":"exit","pid":"#PID<0.82.0>","id":"b","reason":"{:badarg, _}""##),
        "{lines}"
    );
    assert!(lines.contains(r#""request":"start_child b","result":"{:error, {:badarg, _}}""#));
    // As OTP: a failed start_child is answered, not reported as a start_error, not
    // retried, and the child is not kept.
    assert_eq!(count(&sim, |e| matches!(e, Event::StartError { .. })), 0);
    assert_eq!(
        count(
            &sim,
            |e| matches!(e, Event::Spawn { id: Some(id), .. } if &**id == "b")
        ),
        1
    );
    assert_eq!(sim.tree().children.len(), 1);
    // The first owner keeps its table.
    assert_eq!(
        count(&sim, |e| matches!(e, Event::EtsDelete { .. })),
        0,
        "{lines}"
    );
}

#[test]
fn snapshots_carry_the_tables() {
    let crash = r#"{"at_ms": 50, "target": "owner", "action": "exit", "reason": ":kill"}"#;
    let s = scenario(&format!("{OWNER}, {}", reader("r", "")), crash);
    let mut straight = Sim::new(&s);
    straight.run_until(200_000);
    let mut sim = Sim::new(&s);
    sim.run_until(30_000);
    let snap = sim.snapshot();
    sim.run_until(60_000); // the table is gone here
    sim.restore(&snap); // and back
    sim.run_until(200_000);
    assert_eq!(
        sim.trace().to_json_lines(),
        straight.trace().to_json_lines()
    );
}
