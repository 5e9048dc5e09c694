//! Children whose `init/1` fails and the child API at run time (`restart_child`,
//! `delete_child`, `which_children`, `count_children`): what the view shows the app, the
//! replies recorded in the trace, and what validation and `Sim::apply` refuse.

use otp_sim::process::ChildStatus;
use otp_sim::scenario::Restart;
use otp_sim::{Command, Event, Scenario, Sim};

fn scenario(root: &str, children: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name":"child api","seed":1,"duration_ms":2000,
        "tree":{{"type":"{root}","id":"root","children":[{children}]}},
        "faults":[{faults}]}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

fn invalid(root: &str, children: &str, faults: &str) -> Vec<String> {
    let json = format!(
        r#"{{"name":"child api","seed":1,"duration_ms":2000,
        "tree":{{"type":"{root}","id":"root","children":[{children}]}},
        "faults":[{faults}]}}"#
    );
    match Scenario::from_json(&json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

fn replies(sim: &Sim, verb: &str) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::SupervisorReply {
                request, result, ..
            } if request.starts_with(verb) => Some(result.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_ignored_child_is_listed_undefined_with_its_status() {
    let s = scenario(
        "supervisor",
        r#"{"type":"worker","id":"a"},
           {"type":"worker","id":"b","restart":"transient","init_fails":{"with":"ignore"}},
           {"type":"worker","id":"t","restart":"temporary","init_fails":{"with":"ignore"}}"#,
        "",
    );
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    let root = sim.root().unwrap();
    let list = sim.which_children(root);
    let ids: Vec<&str> = list.iter().map(|c| &*c.id).collect();
    assert_eq!(ids, ["b", "a"], "newest first; the temporary t is not kept");
    assert_eq!(list[0].pid, None);
    assert!(!list[0].restarting);
    assert_eq!(list[0].status, ChildStatus::Terminated);
    assert_eq!(list[0].restart, Restart::Transient);
    assert!(list[1].pid.is_some());
    let counts = sim.count_children(root).unwrap();
    assert_eq!(
        counts.to_string(),
        "%{active: 1, specs: 2, supervisors: 0, workers: 2}"
    );
    let failed: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::InitFailed { id, result, .. } => {
                Some(format!("{} {result}", id.as_deref().unwrap_or("?")))
            }
            _ => None,
        })
        .collect();
    assert_eq!(failed, ["b :ignore", "t :ignore"]);
}

#[test]
fn restart_child_during_a_retried_restart_is_restarting() {
    // r's restart takes 300 ms of init/1 and raises; the call sent meanwhile is in the
    // mailbox before the try_again_restart cast, so it finds r :restarting (OTP's
    // `{ok, #child{pid = {restarting, _}}}` clause). The retry then works.
    let s = scenario(
        "supervisor",
        r#"{"type":"worker","id":"r","init_us":300000,
            "init_fails":{"with":"raise","from_start":2,"starts":1}}"#,
        r#"{"at_ms":500,"target":"r","action":"exit","reason":":kill"},
           {"at_ms":600,"target":"root","action":"restart_child","id":"r"},
           {"at_ms":610,"target":"root","action":"delete_child","id":"r"},
           {"at_ms":700,"target":"root","action":"which_children"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(2_000_000);
    assert_eq!(replies(&sim, "restart_child"), ["{:error, :restarting}"]);
    assert_eq!(replies(&sim, "delete_child"), ["{:error, :restarting}"]);
    let listed: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::ChildrenListed { children, .. } => {
                Some(format!("{} {}", children[0].0, children[0].1))
            }
            _ => None,
        })
        .collect();
    assert_eq!(listed, ["r :restarting"]);
    assert!(sim.pid_of("r").is_some(), "the retry started it");
}

#[test]
fn a_dynamic_supervisor_refuses_restart_and_delete_child() {
    let e = invalid(
        "dynamic_supervisor",
        "",
        r#"{"at_ms":1,"target":"root","action":"restart_child","id":"x"}"#,
    );
    assert!(
        e.iter().any(|e| e.contains("faults[0].action")
            && e.contains("DynamicSupervisor has no restart_child")),
        "{e:?}"
    );
    let ok = scenario("dynamic_supervisor", "", "");
    let mut sim = Sim::new(&ok);
    sim.run_until(1000);
    let root = sim.root().unwrap();
    let err = sim
        .apply(root, &Command::DeleteChild { id: "x".into() })
        .unwrap_err();
    assert!(err.contains("DynamicSupervisor"), "{err}");
    assert!(sim.apply(root, &Command::WhichChildren).is_ok());
}

#[test]
fn invalid_init_fails_and_child_api_targets_name_the_field() {
    let errors = invalid(
        "supervisor",
        r#"{"type":"worker","id":"a","init_fails":{"with":"ignore","reason":":x","from_start":0}},
           {"type":"worker","id":"b","init_fails":{"with":"stop","reason":"{:bad","starts":0}}"#,
        r#"{"at_ms":1,"target":"a","action":"which_children"}"#,
    );
    let has = |p: &str| errors.iter().any(|e| e.contains(p));
    assert!(
        has("tree.children[0].init_fails.reason: only with"),
        "{errors:?}"
    );
    assert!(
        has("tree.children[0].init_fails.from_start: must be 1"),
        "{errors:?}"
    );
    assert!(
        has("tree.children[1].init_fails.reason: not a term"),
        "{errors:?}"
    );
    assert!(
        has("tree.children[1].init_fails.starts: must be 1"),
        "{errors:?}"
    );
    assert!(
        has("faults[0].target: `a` is not a supervisor"),
        "{errors:?}"
    );
    let unknown = Scenario::from_json(
        r#"{"name":"x","tree":{"type":"supervisor","id":"root","children":[
            {"type":"worker","id":"a","init_fails":{"with":"explode"}}]}}"#,
    )
    .unwrap_err();
    assert!(format!("{unknown:?}").contains("with"), "{unknown:?}");
}

#[test]
fn init_failures_are_deterministic_and_survive_a_snapshot() {
    let s = scenario(
        "supervisor",
        r#"{"type":"worker","id":"r","init_fails":{"with":"stop","from_start":2,"starts":2}},
           {"type":"worker","id":"z"}"#,
        r#"{"at_ms":100,"target":"r","action":"crash"},
           {"at_ms":900,"target":"root","action":"which_children"}"#,
    );
    let mut a = Sim::new(&s);
    a.run_until(1_000_000);
    let mut b = Sim::new(&s);
    b.run_until(100_500);
    let snap = b.snapshot();
    let mut c = Sim::new(&s);
    c.restore(&snap);
    c.run_until(1_000_000);
    let (ra, rc) = (a.root().unwrap(), c.root().unwrap());
    assert_eq!(a.which_children(ra), c.which_children(rc));
    let tail = |sim: &Sim| -> Vec<String> {
        sim.trace()
            .iter()
            .filter(|e| e.t > 100_500)
            .map(|e| format!("{} {}", e.t, e.kind.name()))
            .collect()
    };
    assert_eq!(tail(&a), tail(&c));
    // Starts 2 and 3 fail, the 4th works: 3 restarts within max_restarts 3.
    let errors = a
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, Event::StartError { .. }))
        .count();
    assert_eq!(errors, 2);
    assert!(a.pid_of("r").is_some());
}

#[test]
fn significant_children_and_auto_shutdown_are_in_the_view_and_validated() {
    let s = Scenario::from_json(
        r#"{"name":"auto","tree":{"type":"supervisor","id":"root","auto_shutdown":"all_significant","children":[
            {"type":"worker","id":"a","restart":"transient","significant":true},
            {"type":"worker","id":"b"}]},
            "faults":[{"at_ms":100,"target":"a","action":"stop","reason":":normal"}]}"#,
    )
    .unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let root = sim.root().unwrap();
    assert_eq!(
        sim.auto_shutdown(root),
        otp_sim::scenario::AutoShutdown::AllSignificant
    );
    let list = sim.which_children(root);
    assert!(!list[0].significant && list[1].significant);
    sim.run_until(200_000);
    assert!(
        sim.root().is_none(),
        "the last significant child left: the root shut down"
    );
    assert!(
        sim.trace()
            .iter()
            .any(|e| matches!(e.kind, Event::AutoShutdown { .. }))
    );
    let e = invalid(
        "supervisor",
        r#"{"type":"worker","id":"p","significant":true}"#,
        "",
    );
    assert!(
        e.iter()
            .any(|e| e.contains("children[0].significant") && e.contains("permanent")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|e| e.contains("children[0].significant") && e.contains("auto_shutdown is never")),
        "{e:?}"
    );
}
