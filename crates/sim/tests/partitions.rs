//! PartitionSupervisor as the app sees it: the tree node (kind label, partitions as its
//! children), routing by key (the routed event and its partition), the queue of
//! `start_child` calls at one DynamicSupervisor and the start latency of each call,
//! `which_children` / `count_children`, and the validation of the new fields.

use otp_sim::trace::Event;
use otp_sim::{NodeKind, Scenario, Sim, TreeNode};

fn find<'a>(n: &'a TreeNode, id: &str) -> Option<&'a TreeNode> {
    if &*n.id == id {
        return Some(n);
    }
    n.children.iter().find_map(|c| find(c, id))
}

fn scenario(partitions: &str, target: &str, count: u32) -> Scenario {
    let json = format!(
        r#"{{
      "name": "t", "config": {{ "schedulers": 2, "latency_us": 10 }}, "duration_ms": 2000,
      "tree": {{ "type": "supervisor", "id": "root", "children": [
        {{ "type": "partition_supervisor", "id": "rooms", "name": "Rooms" {partitions} }},
        {{ "type": "dynamic_supervisor", "id": "single", "name": "Single" }}
      ] }},
      "faults": [
        {{ "at_ms": 100, "target": "{target}", "action": "start_child", "count": {count},
           "spec": {{ "type": "worker", "id": "room", "init_us": 1000 }} }}
      ]
    }}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn the_node_is_a_partition_supervisor_with_its_partitions_as_children() {
    let s = scenario(r#", "partitions": 3"#, "single", 1);
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let tree = sim.tree();
    let rooms = find(&tree, "rooms").unwrap();
    assert_eq!(rooms.kind, NodeKind::Supervisor);
    assert_eq!(rooms.partitions, Some(3));
    assert_eq!(
        rooms.kind_label(),
        "PartitionSupervisor, 3 DynamicSupervisor partitions"
    );
    let ids: Vec<&str> = rooms.children.iter().map(|c| &*c.id).collect();
    assert_eq!(ids, ["0", "1", "2"]);
    assert!(
        rooms
            .children
            .iter()
            .all(|c| c.kind == NodeKind::DynamicSupervisor && c.state.is_alive())
    );
    // which_children: newest first, as supervisor.erl keeps them.
    let which: Vec<String> = sim
        .which_children(rooms.pid.unwrap())
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(which, ["2", "1", "0"]);
    let counts = sim.count_children(rooms.pid.unwrap()).unwrap();
    assert_eq!(
        counts.to_string(),
        "%{active: 3, specs: 3, supervisors: 3, workers: 0}"
    );
}

#[test]
fn partitions_default_to_the_schedulers() {
    let s = scenario("", "single", 1);
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    assert_eq!(find(&sim.tree(), "rooms").unwrap().partitions, Some(2));
}

#[test]
fn keys_route_as_elixir_routes_them() {
    // Keys 5, 6, 7, 8 over 4 partitions: rem(key, 4).
    let s = scenario(
        r#", "partitions": 4"#,
        "{:via, PartitionSupervisor, {Rooms, 5}}",
        4,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    let routed: Vec<(String, u32)> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::Routed { key, partition, .. } => Some((key.to_string(), *partition)),
            _ => None,
        })
        .collect();
    assert_eq!(
        routed,
        [
            ("5".to_string(), 1),
            ("6".to_string(), 2),
            ("7".to_string(), 3),
            ("8".to_string(), 0)
        ]
    );
    // Each partition holds one child, named <id>_<i>.
    let tree = sim.tree();
    for (partition, child) in [
        ("1", "room_1"),
        ("2", "room_2"),
        ("3", "room_3"),
        ("0", "room_4"),
    ] {
        let p = find(&tree, partition).unwrap();
        assert_eq!(p.children.len(), 1);
        assert_eq!(&*p.children[0].id, child);
    }
    // A term key: :erlang.phash2("room-12", 4) is 0 on a real node.
    let s = scenario(
        r#", "partitions": 4"#,
        r#"{:via, PartitionSupervisor, {Rooms, \"room-12\"}}"#,
        1,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    assert!(
        sim.trace()
            .iter()
            .any(|e| matches!(&e.kind, Event::Routed { partition: 0, .. }))
    );
}

/// Start latencies in order of the replies.
fn latencies(sim: &Sim) -> Vec<u64> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            Event::StartLatency { latency, .. } => Some(*latency),
            _ => None,
        })
        .collect()
}

#[test]
fn one_dynamic_supervisor_queues_the_starts_and_partitions_spread_them() {
    // 100 starts of 1 ms each at 100 ms.
    let single = scenario("", "single", 100);
    let mut sim = Sim::new(&single);
    sim.run_until(110_000);
    let node = find(&sim.tree(), "single").unwrap().clone();
    // Ten started, one in init/1, the rest waiting in the mailbox.
    assert!(
        (85..=90).contains(&node.queued_starts),
        "{}",
        node.queued_starts
    );
    assert_eq!(node.mailbox, node.queued_starts);
    sim.run_until(2_000_000);
    let one = latencies(&sim);
    assert_eq!(one.len(), 100);
    assert!(
        one.windows(2).all(|w| w[0] < w[1]),
        "each call waits longer"
    );
    let last_single = *one.last().unwrap();
    assert!(last_single > 100_000, "{last_single}");

    let spread = scenario("", "{:via, PartitionSupervisor, {Rooms, 1}}", 100);
    let mut sim = Sim::new(&spread);
    sim.run_until(110_000);
    let tree = sim.tree();
    for p in ["0", "1"] {
        let q = find(&tree, p).unwrap().queued_starts;
        assert!((35..=45).contains(&q), "partition {p}: {q}");
    }
    sim.run_until(2_000_000);
    let two = latencies(&sim);
    assert_eq!(two.len(), 100);
    let last_spread = *two.iter().max().unwrap();
    // Two schedulers, two partitions: about half the time.
    assert!(
        last_spread * 10 < last_single * 6,
        "{last_spread} vs {last_single}"
    );
}

#[test]
fn a_killed_partition_comes_back_empty_and_the_others_keep_their_children() {
    let json = r#"{
      "name": "t", "duration_ms": 1000,
      "tree": { "type": "supervisor", "id": "root", "children": [
        { "type": "partition_supervisor", "id": "rooms", "name": "Rooms", "partitions": 2 } ] },
      "faults": [
        { "at_ms": 100, "target": "{:via, PartitionSupervisor, {Rooms, 0}}", "action": "start_child", "count": 4,
          "spec": { "type": "worker", "id": "room" } },
        { "at_ms": 300, "target": "{:via, PartitionSupervisor, {Rooms, 1}}", "action": "exit", "reason": ":kill" }
      ]
    }"#;
    let mut sim = Sim::new(&Scenario::from_json(json).unwrap());
    sim.run_until(1_000_000);
    let tree = sim.tree();
    assert_eq!(find(&tree, "1").unwrap().children.len(), 0);
    assert_eq!(find(&tree, "1").unwrap().restarts, 1);
    assert_eq!(find(&tree, "0").unwrap().children.len(), 2);
}

#[test]
fn invalid_partition_scenarios_are_rejected_with_the_field_path() {
    let bad = |tree_child: &str, target: &str| {
        let json = format!(
            r#"{{ "name": "t", "tree": {{ "type": "supervisor", "id": "root", "children": [ {tree_child} ] }},
               "faults": [ {{ "at_ms": 1, "target": "{target}", "action": "exit", "reason": ":kill" }} ] }}"#
        );
        Scenario::from_json(&json)
            .err()
            .map(|e| {
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    };
    let ok = r#"{ "type": "partition_supervisor", "id": "p", "name": "P" }"#;
    assert!(
        bad(
            r#"{ "type": "partition_supervisor", "id": "p", "name": "P", "partitions": 0 }"#,
            "p"
        )
        .contains("partitions")
    );
    assert!(bad(r#"{ "type": "partition_supervisor", "id": "p" }"#, "p").contains("name"));
    assert!(
        bad(
            r#"{ "type": "partition_supervisor", "id": "p", "name": "P", "child_spec": { "max_kids": 1 } }"#,
            "p"
        )
        .contains("max_kids")
    );
    assert!(
        bad(ok, "{:via, PartitionSupervisor, {Q, 1}}")
            .contains("no partition_supervisor in the scenario is named `Q`")
    );
    assert!(bad(ok, "{:via, Registry, {P, 1}}").contains("faults[0].target"));
    assert!(bad(ok, "{:via, PartitionSupervisor, {P, 1}}").is_empty());
    // count belongs to start_child only.
    let json = r#"{ "name": "t", "tree": { "type": "supervisor", "id": "root", "children": [] },
       "faults": [ { "at_ms": 1, "target": "root", "action": "exit", "reason": ":kill", "count": 2 } ] }"#;
    assert!(format!("{:?}", Scenario::from_json(json)).contains("count"));
}

#[test]
fn a_user_command_can_target_a_partition_by_key() {
    let s = scenario(r#", "partitions": 2"#, "single", 1);
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let before = find(&sim.tree(), "1").unwrap().pid;
    sim.apply_to_target(
        "{:via, PartitionSupervisor, {Rooms, 3}}",
        &otp_sim::Command::Exit {
            reason: ":kill".into(),
        },
    )
    .unwrap();
    sim.run_until(100_000);
    let tree = sim.tree();
    let after = find(&tree, "1").unwrap();
    assert_ne!(
        after.pid, before,
        "partition 1 (key 3) was killed and restarted"
    );
    assert_eq!(after.restarts, 1);
    assert!(
        sim.apply_to_target(
            "{:via, PartitionSupervisor, {Nope, 3}}",
            &otp_sim::Command::Poison
        )
        .is_err()
    );
}

#[test]
fn a_partition_supervisor_started_by_a_user_command_has_its_partitions() {
    let s = scenario("", "single", 1);
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let spec = otp_sim::ChildSpec::from_json(
        r#"{ "type": "partition_supervisor", "id": "late", "name": "Late", "partitions": 3 }"#,
    )
    .unwrap();
    sim.apply_to_target(
        "single",
        &otp_sim::Command::StartChild {
            spec: Box::new(spec),
        },
    )
    .unwrap();
    sim.run_until(100_000);
    let tree = sim.tree();
    let late = find(&tree, "late").unwrap();
    assert_eq!(late.partitions, Some(3));
    assert_eq!(late.children.len(), 3);
}
