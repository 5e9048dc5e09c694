//! poolboy pools through the read API: the tree node of a pool carries its free and lent
//! workers and its waiting callers (`TreeNode::pool`, `Sim::pool`), a checkout timeout
//! exits the caller as poolboy's `checkout/3` re-raises it, and a bad pool is refused
//! with the field named.

use otp_sim::{Scenario, Sim};
use std::path::Path;

fn case(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance")
        .join(format!("{name}.json"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_tree_shows_free_and_lent_workers_and_the_queue() {
    let s = case("pool_checkout_timeout");
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let tree = sim.tree();
    let db = &tree.children[0];
    assert_eq!(
        db.kind_label(),
        "poolboy pool (a gen_server and its simple_one_for_one supervisor)"
    );
    let pool = db.pool.as_ref().expect("a pool view");
    assert_eq!(pool.status, "ready");
    // lifo: the worker started last is handed out first.
    let ids: Vec<_> = db.children.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["db_1", "db_2"]);
    assert_eq!(
        pool.free,
        [sim.pid_of("db_2").unwrap(), sim.pid_of("db_1").unwrap()]
    );

    // 0.26 s: c1 and c2 hold both workers, c3 and c4 wait, c3 first.
    sim.run_until(260_000);
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert_eq!(pool.status, "full");
    assert!(pool.free.is_empty());
    let holders: Vec<_> = pool.lent.iter().map(|l| l.holder).collect();
    assert_eq!(
        holders,
        [sim.pid_of("c1").unwrap(), sim.pid_of("c2").unwrap()]
    );
    let waiting: Vec<_> = pool.waiting.iter().map(|w| w.caller).collect();
    assert_eq!(
        waiting,
        [sim.pid_of("c3").unwrap(), sim.pid_of("c4").unwrap()]
    );

    // 0.35 s: c3's checkout timed out (it left the queue and exited); c4 still waits.
    sim.run_until(350_000);
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert_eq!(pool.waiting.len(), 1);
    assert!(sim.pid_of("c3").is_none() || sim.process(sim.pid_of("c3").unwrap()).is_none());
    let exit = sim.tree().children[3].last_exit.clone().expect("c3 exited");
    assert_eq!(
        exit.reason.normalized(),
        "{:timeout, {:gen_server, :call, [Db, {:checkout, _ref, true}, 100]}}"
    );

    // The end: everything checked in, both workers free, the last returned first.
    sim.run_until(1_200_000);
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert_eq!(pool.status, "ready");
    assert_eq!(pool.free.len(), 2);
    assert!(pool.lent.is_empty() && pool.waiting.is_empty());
}

#[test]
fn overflow_workers_count_and_the_returned_worker_is_dismissed() {
    let s = case("pool_overflow_dismiss");
    let mut sim = Sim::new(&s);
    sim.run_until(250_000);
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert_eq!((pool.overflow, pool.status), (1, "full"));
    sim.run_until(1_200_000);
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert_eq!(pool.overflow, 0);
    assert_eq!(
        pool.free,
        [sim.pid_of("db_3").unwrap(), sim.pid_of("db_1").unwrap()]
    );
}

#[test]
fn a_bad_pool_is_refused_with_its_field() {
    let json = r#"{"name":"p","seed":1,"duration_ms":100,
      "tree":{"type":"supervisor","id":"root","children":[
        {"type":"pool","id":"db","name":"Db","max_overflow":100000}]},"faults":[]}"#;
    let err = Scenario::from_json(json).unwrap_err();
    assert!(
        format!("{err:?}").contains("tree.children[0].max_overflow"),
        "{err:?}"
    );
}

#[test]
fn a_worker_killed_while_lent_is_replaced_for_the_first_waiter() {
    // A pool of one: c1 holds db_1 (300 ms call), c2 waits. db_1 is killed mid-call: c1's
    // call exits with the worker's reason, and the replacement db_2 goes to c2 at once
    // (poolboy's handle_worker_exit with a waiter).
    let json = r#"{"name":"p","seed":1,"duration_ms":1000,"config":{"schedulers":4},
      "tree":{"type":"supervisor","id":"root","children":[
        {"type":"pool","id":"db","name":"Db","size":1,"max_overflow":0,"service_us":300000},
        {"type":"worker","id":"c1","restart":"temporary","behaviour":{"kind":"client","target":"Db","mode":"pool_transaction","interval_us":100000,"max_requests":1}},
        {"type":"worker","id":"c2","restart":"temporary","behaviour":{"kind":"client","target":"Db","mode":"pool_transaction","interval_us":150000,"max_requests":1}}]},
      "faults":[{"at_ms":200,"target":"db_1","action":"exit","reason":":kill"}]}"#;
    let s = Scenario::from_json(json).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(210_000);
    let tree = sim.tree();
    let c1 = tree.children.iter().find(|n| &*n.id == "c1").unwrap();
    assert_eq!(
        c1.last_exit.as_ref().unwrap().reason.normalized(),
        "{:killed, {GenServer, :call, [_pid, :ping, 5000]}}"
    );
    let pool = sim.pool(sim.pid_of("db").unwrap()).unwrap();
    assert!(pool.waiting.is_empty());
    assert_eq!(pool.lent.len(), 1);
    assert_eq!(pool.lent[0].worker, sim.pid_of("db_2").unwrap());
    assert_eq!(pool.lent[0].holder, sim.pid_of("c2").unwrap());
    let lines = otp_sim::golden::golden_lines(&sim);
    assert!(
        lines.contains(&"child_terminated db db_1 :killed".to_string()),
        "{lines:?}"
    );
}
