//! Linked tasks (`Task.async` + `Task.await`, mode `async`) against supervised ones
//! (`Task.Supervisor.async_nolink` + `Task.yield || Task.shutdown`, mode `async_nolink`):
//! who dies with whom, and what the caller gets back. The expected reasons are those of
//! real OTP 25 / Elixir 1.14 runs (see also `tests/conformance/task_*`).

use otp_sim::{Event, Scenario, Sim, TraceLevel};

fn scenario(children: &str, faults: &str, seed: u64) -> Scenario {
    let json = format!(
        r#"{{"name": "tasks", "seed": {seed}, "config": {{"schedulers": 2, "latency_us": 10}},
            "tree": {{"type": "supervisor", "id": "root", "max_restarts": 100, "children": [{children}]}},
            "faults": [{faults}], "duration_ms": 3000}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

const TASKS: &str = r#"{"type": "task_supervisor", "id": "tasks", "name": "Tasks"}"#;

fn client(id: &str, fields: &str) -> String {
    format!(r#"{{"type": "worker", "id": "{id}", "behaviour": {{"kind": "client", {fields}}}}}"#)
}

fn run(s: &Scenario, until_us: u64) -> Sim {
    let mut sim = Sim::new(s);
    sim.run_until(until_us);
    sim
}

/// `(id, reason)` of every exit, in order.
fn exits(sim: &Sim) -> Vec<(String, String)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::Exit {
                id: Some(id),
                reason,
                ..
            } => Some((id.to_string(), reason.normalized())),
            _ => None,
        })
        .collect()
}

fn results(sim: &Sim) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::TaskResult { result, .. } => Some(result.normalized()),
            _ => None,
        })
        .collect()
}

const BOOM: &str = "{%RuntimeError{message: \"task failed\"}, _}";

#[test]
fn a_linked_task_that_succeeds_returns_its_value_and_exits_normal() {
    let s = scenario(
        &client(
            "c",
            r#""mode": "async", "interval_us": 10000, "task_us": 3000"#,
        ),
        "",
        1,
    );
    let sim = run(&s, 100_000);
    let r = results(&sim);
    assert!(r.len() >= 7 && r.iter().all(|r| r == ":ok"), "{r:?}");
    assert!(
        exits(&sim)
            .iter()
            .all(|(id, why)| id == "c_task" && why == ":normal")
    );
    // Latency: the task's work plus the go message and the reply.
    let lat: Vec<u64> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            Event::TaskResult { latency, .. } => Some(latency),
            _ => None,
        })
        .collect();
    assert!(lat.iter().all(|&l| (3000..3100).contains(&l)), "{lat:?}");
    let info = sim.info(sim.pid_of("c").unwrap()).unwrap();
    assert_eq!(info.latency.unwrap().calls as usize, r.len());
}

#[test]
fn a_crashing_linked_task_kills_its_caller_with_its_own_reason() {
    let s = scenario(
        &client(
            "c",
            r#""mode": "async", "interval_us": 10000, "task_us": 3000, "fail_rate": 1.0"#,
        ),
        "",
        1,
    );
    let sim = run(&s, 15_000);
    assert_eq!(
        exits(&sim),
        vec![("c_task".into(), BOOM.into()), ("c".into(), BOOM.into())]
    );
    assert!(results(&sim).is_empty());
}

#[test]
fn a_dying_caller_kills_its_linked_task() {
    let kill = r#"{"at_ms": 12, "target": "c", "action": "exit", "reason": ":boom"}"#;
    let s = scenario(
        &client(
            "c",
            r#""mode": "async", "interval_us": 10000, "task_us": 5000"#,
        ),
        kill,
        1,
    );
    let sim = run(&s, 14_000);
    assert_eq!(
        exits(&sim),
        vec![
            ("c".into(), ":boom".into()),
            ("c_task".into(), ":boom".into())
        ]
    );
}

#[test]
fn an_await_timeout_exits_the_caller_and_the_link_takes_the_task() {
    let s = scenario(
        &client(
            "c",
            r#""mode": "async", "interval_us": 10000, "task_us": 50000, "timeout_ms": 5"#,
        ),
        "",
        1,
    );
    let sim = run(&s, 16_000);
    let reason = "{:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: _pid, pid: _pid, ref: _ref}, 5]}}";
    assert_eq!(
        exits(&sim),
        vec![
            ("c".into(), reason.into()),
            ("c_task".into(), reason.into())
        ]
    );
}

#[test]
fn a_trapping_caller_survives_the_link_and_await_exits_with_the_down_reason() {
    let c = r#"{"type": "worker", "id": "c", "trap_exit": true, "behaviour": {"kind": "client",
        "mode": "async", "interval_us": 10000, "task_us": 3000, "fail_rate": 1.0}}"#;
    let s = scenario(c, "", 1);
    let sim = run(&s, 15_000);
    let reason = format!(
        "{{{BOOM}, {{Task, :await, [%Task{{mfa: {{:erlang, :apply, 2}}, owner: _pid, pid: _pid, ref: _ref}}, 5000]}}}}"
    );
    assert_eq!(
        exits(&sim),
        vec![("c_task".into(), BOOM.into()), ("c".into(), reason)]
    );
}

#[test]
fn an_unlinked_task_crash_is_a_result_and_a_report_not_a_caller_death() {
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 10000, "task_us": 3000, "fail_rate": 1.0"#,
    );
    let s = scenario(&format!("{TASKS}, {c}"), "", 1);
    let sim = run(&s, 100_000);
    let r = results(&sim);
    assert!(r.len() >= 7, "{r:?}");
    assert!(r.iter().all(|r| *r == format!("{{:exit, {BOOM}}}")));
    assert!(exits(&sim).iter().all(|(id, _)| id == "c_task"));
    let reports = sim
        .trace()
        .iter()
        .filter(|e| matches!(&e.kind, Event::ChildTerminated { id, .. } if &**id == "c_task"))
        .count();
    assert_eq!(reports, r.len());
    // Temporary children: never restarted, and the Task.Supervisor holds none now.
    assert_eq!(
        sim.trace()
            .iter()
            .filter(|e| matches!(e.kind, Event::Restarting { .. }))
            .count(),
        0
    );
    assert!(sim.tree().children[0].children.len() <= 1);
}

#[test]
fn a_yield_timeout_shuts_the_task_down_and_returns_nil() {
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 10000, "task_us": 50000, "timeout_ms": 5"#,
    );
    let s = scenario(&format!("{TASKS}, {c}"), "", 1);
    let sim = run(&s, 18_000);
    assert_eq!(results(&sim), vec!["nil".to_string()]);
    assert_eq!(exits(&sim), vec![("c_task".into(), ":shutdown".into())]);
    // A temporary child that exits :shutdown is not reported.
    assert!(
        !sim.trace()
            .iter()
            .any(|e| matches!(e.kind, Event::ChildTerminated { .. }))
    );
}

#[test]
fn an_unlinked_task_outlives_its_caller_and_its_reply_is_dropped() {
    let kill = r#"{"at_ms": 12, "target": "c", "action": "exit", "reason": ":boom"}"#;
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 10000, "task_us": 5000"#,
    );
    let s = scenario(&format!("{TASKS}, {c}"), kill, 1);
    let sim = run(&s, 16_000);
    assert_eq!(
        exits(&sim),
        vec![
            ("c".into(), ":boom".into()),
            ("c_task".into(), ":normal".into())
        ]
    );
    let old_caller = sim
        .trace()
        .iter()
        .find_map(|e| match &e.kind {
            Event::Exit {
                id: Some(id), pid, ..
            } if &**id == "c" => Some(*pid),
            _ => None,
        })
        .unwrap();
    assert!(sim.trace().iter().any(|e| matches!(
        e.kind,
        Event::Dropped { to, why: otp_sim::trace::DropWhy::Noproc, .. } if to == old_caller
    )));
}

#[test]
fn max_children_makes_async_nolink_raise() {
    let tasks = r#"{"type": "task_supervisor", "id": "tasks", "name": "Tasks", "max_children": 0}"#;
    let c = r#"{"type": "worker", "id": "c", "restart": "temporary", "behaviour": {"kind": "client",
        "mode": "async_nolink", "target": "Tasks", "interval_us": 10000}}"#;
    let s = scenario(&format!("{tasks}, {c}"), "", 1);
    let sim = run(&s, 20_000);
    let e = exits(&sim);
    assert_eq!(e.len(), 1);
    assert!(e[0].1.starts_with("{%RuntimeError{message: \"reached the maximum number of tasks for this task supervisor."), "{e:?}");
}

#[test]
fn fail_rate_draws_from_the_seed() {
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 1000, "task_us": 100, "fail_rate": 0.3"#,
    );
    let outcomes = |seed| {
        let s = scenario(&format!("{TASKS}, {c}"), "", seed);
        results(&run(&s, 1_000_000))
    };
    let a = outcomes(7);
    assert_eq!(a, outcomes(7));
    assert_ne!(a, outcomes(8));
    let failed = a.iter().filter(|r| r.starts_with("{:exit")).count();
    let share = failed as f64 / a.len() as f64;
    assert!((0.25..0.35).contains(&share), "{failed} of {}", a.len());
}

#[test]
fn task_results_are_lifecycle_events() {
    let c = client(
        "c",
        r#""mode": "async", "interval_us": 10000, "task_us": 3000"#,
    );
    let s = scenario(&c, "", 1);
    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
    sim.run_until(50_000);
    assert_eq!(results(&sim).len(), 3);
    let json = sim.trace().to_json_lines();
    assert!(json.contains(r##""ev":"task_result","pid":"#PID<0.81.0>","task":"#PID<0.82.0>","result":":ok","latency_us":3021}"##), "{json}");
}

#[test]
fn a_killed_task_supervisor_takes_its_tasks_along() {
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 10000, "task_us": 50000"#,
    );
    let stop = r#"{"at_ms": 20, "target": "tasks", "action": "exit", "reason": ":kill"}"#;
    let s = scenario(&format!("{TASKS}, {c}"), stop, 1);
    let sim = run(&s, 30_000);
    // Killed, its linked task dies :killed, and the caller's yield gets {:exit, :killed}.
    assert_eq!(
        exits(&sim)[..2],
        [
            ("tasks".into(), ":killed".into()),
            ("c_task".into(), ":killed".into())
        ]
    );
    assert_eq!(results(&sim), vec!["{:exit, :killed}".to_string()]);
}

#[test]
fn async_nolink_to_a_dead_task_supervisor_exits_noproc() {
    let tasks =
        r#"{"type": "task_supervisor", "id": "tasks", "name": "Tasks", "restart": "temporary"}"#;
    let c = client(
        "c",
        r#""mode": "async_nolink", "target": "Tasks", "interval_us": 10000"#,
    );
    let kill = r#"{"at_ms": 5, "target": "tasks", "action": "exit", "reason": ":kill"}"#;
    let s = scenario(&format!("{tasks}, {c}"), kill, 1);
    let sim = run(&s, 12_000);
    // As Elixir 1.14 gives it (one-off run): the owner is {node, name or pid, pid}.
    assert_eq!(
        exits(&sim)[1],
        (
            "c".into(),
            "{:noproc, {GenServer, :call, [Tasks, {:start_task, [{:nonode@nohost, _pid, _pid}, :monitor], :temporary, nil}, :infinity]}}".into()
        )
    );
}
