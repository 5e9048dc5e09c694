//! Registry: the read API the app draws from (`Sim::registries`, `Sim::registry_lookup`,
//! `Sim::whereis` on a via name), asynchronous cleanup, duplicate-key order, restarts
//! re-registering, snapshots carrying the tables, and what validation rejects.

use otp_sim::{Scenario, Sim, Term, parse_term};

fn case(name: &str) -> Scenario {
    let path = format!(
        "{}/tests/conformance/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn key(text: &str) -> Term {
    parse_term(text).unwrap()
}

/// The ids under `key` in registry `reg`, `(dead)` marking a stale entry.
fn table(sim: &Sim, reg: &str, k: &str) -> Vec<String> {
    let r = sim
        .registries()
        .into_iter()
        .find(|r| r.name == reg)
        .expect("registry");
    r.entries
        .into_iter()
        .filter(|e| e.key == k)
        .flat_map(|e| e.pids)
        .map(|p| {
            let id = p.id.unwrap_or_else(|| "?".into());
            if p.alive { id } else { format!("{id}(dead)") }
        })
        .collect()
}

#[test]
fn a_registry_shows_its_kind_partitions_and_table() {
    let mut sim = Sim::new(&case("registry_partitions"));
    sim.run_until(150_000);
    let regs = sim.registries();
    assert_eq!(regs.len(), 1);
    let r = &regs[0];
    assert_eq!(
        (r.name.as_str(), r.keys, r.partitions),
        ("Topics", "duplicate", 4)
    );
    assert_eq!(r.pid, sim.pid_of("registry").unwrap());
    let tree = sim.tree();
    assert!(tree.children[0].registry);
    assert_eq!(
        tree.children[0].kind_label(),
        "Registry (a supervisor of partitions, ETS tables)"
    );
    assert_eq!(r.entries.len(), 1);
    assert_eq!(r.entries[0].key, ":news");
    let mut ids = table(&sim, "Topics", ":news");
    // Lookup order is partition by partition: every partition used here is listed once.
    let parts: Vec<u32> = r.entries[0].pids.iter().map(|p| p.partition).collect();
    assert!(parts.windows(2).all(|w| w[0] <= w[1]), "{parts:?}");
    ids.sort();
    assert_eq!(ids, ["s1", "s2", "s3", "s4"]);
}

#[test]
fn a_dead_process_stays_in_the_table_until_the_registry_handles_its_exit() {
    let mut sim = Sim::new(&case("registry_cleanup_async"));
    sim.run_until(150_000);
    let via = "{:via, Registry, {Rooms, :lobby}}";
    assert_eq!(sim.whereis(via), sim.pid_of("room"));
    assert_eq!(table(&sim, "Rooms", ":lobby"), ["room"]);
    // Killed at 0.2 s while the registry is suspended.
    sim.run_until(350_000);
    assert_eq!(table(&sim, "Rooms", ":lobby"), ["room(dead)"]);
    assert_eq!(
        sim.registry_lookup("Rooms", &key(":lobby")).unwrap().len(),
        1
    );
    assert_eq!(sim.whereis(via), None, "whereis_name skips a dead holder");
    // Resumed at 0.8 s: the {:EXIT} is handled.
    sim.run_until(850_000);
    assert!(table(&sim, "Rooms", ":lobby").is_empty());
    assert_eq!(sim.registry_lookup("Rooms", &key(":lobby")), Some(vec![]));
    assert!(
        sim.trace()
            .iter()
            .any(|e| e.kind.name() == "registry_cleanup")
    );
}

#[test]
fn a_restarted_subscriber_registers_again_at_the_end() {
    let mut sim = Sim::new(&case("registry_dispatch_duplicate"));
    sim.run_until(600_000);
    assert_eq!(table(&sim, "Topics", ":news"), ["s1", "s2", "s3"]);
    sim.run_until(1_000_000);
    assert_eq!(table(&sim, "Topics", ":news"), ["s1", "s3", "s2"]);
}

#[test]
fn a_restarted_child_takes_its_via_name_back() {
    let mut sim = Sim::new(&case("registry_restart_reregisters"));
    sim.run_until(200_000);
    let before = sim.whereis("{:via, Registry, {Rooms, :lobby}}").unwrap();
    sim.run_until(400_000);
    let after = sim.whereis("{:via, Registry, {Rooms, :lobby}}").unwrap();
    assert_ne!(before, after);
    assert_eq!(Some(after), sim.pid_of("room"));
    assert_eq!(table(&sim, "Rooms", ":lobby"), ["room"]);
}

#[test]
fn snapshots_carry_the_tables() {
    let mut sim = Sim::new(&case("registry_unregister"));
    sim.run_until(120_000);
    let snap = sim.snapshot();
    let at = sim.registries();
    sim.run_until(300_000);
    assert_ne!(sim.registries(), at);
    sim.restore(&snap);
    assert_eq!(sim.registries(), at);
    assert_eq!(table(&sim, "Topics", ":news"), ["s2"]);
}

#[test]
fn the_table_dies_with_the_registry_and_registered_processes_with_it() {
    let json = r#"{"name":"x","seed":1,"duration_ms":1000,
      "tree":{"type":"supervisor","id":"root","strategy":"rest_for_one","children":[
        {"type":"worker","id":"registry","name":"Rooms","behaviour":{"kind":"registry"}},
        {"type":"worker","id":"room","name":"{:via, Registry, {Rooms, :lobby}}"}]},
      "faults":[{"at_ms":100,"target":"registry","action":"exit","reason":":kill"}]}"#;
    let s = Scenario::from_json(json).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(500_000);
    let lines = otp_sim::golden::golden_lines(&sim);
    // The link kills the room with the registry's reason, then rest_for_one restarts both.
    assert!(
        lines.contains(&"exit room :killed".to_string()),
        "{lines:?}"
    );
    assert_eq!(table(&sim, "Rooms", ":lobby"), ["room"]);
}

/// A fault aimed at a `{:via, Registry, ...}` name hits the process registered under the
/// key when it runs; `{:via, PartitionSupervisor, ...}` targets are routed instead, so the
/// two kinds of via tuple must not be confused.
#[test]
fn a_fault_reaches_the_holder_of_a_via_name() {
    let via = "{:via, Registry, {Rooms, :lobby}}";
    let json = format!(
        r#"{{"name":"x","seed":1,"duration_ms":1000,
      "tree":{{"type":"supervisor","id":"root","children":[
        {{"type":"worker","id":"registry","name":"Rooms","behaviour":{{"kind":"registry"}}}},
        {{"type":"worker","id":"room","name":"{via}"}}]}},
      "faults":[{{"at_ms":100,"target":"{via}","action":"exit","reason":":kill"}}]}}"#
    );
    let s = Scenario::from_json(&json).unwrap();
    let mut sim = Sim::new(&s);
    sim.run_until(50_000);
    let before = sim.whereis(via).unwrap();
    sim.run_until(500_000);
    let lines = otp_sim::golden::golden_lines(&sim);
    assert!(
        lines.contains(&"exit room :killed".to_string()),
        "{lines:?}"
    );
    let after = sim.whereis(via).unwrap();
    assert_ne!(before, after, "restarted and registered again");
    // The same command from the app, by target.
    sim.apply_to_target(via, &otp_sim::Command::Suspend)
        .unwrap();
    // A via name no process of the scenario has is an unknown target, as any name is.
    let unknown = json.replace(
        r#""target":"{:via, Registry, {Rooms"#,
        r#""target":"{:via, Registry, {Nope"#,
    );
    let e = format!("{:?}", Scenario::from_json(&unknown).unwrap_err());
    assert!(
        e.contains("faults[0].target") && e.contains("neither a child id nor a registered name"),
        "{e}"
    );
}

#[test]
fn validation_names_the_field() {
    let bad = |children: &str, faults: &str| {
        let json = format!(
            r#"{{"name":"x","tree":{{"type":"supervisor","id":"root","children":[{children}]}},"faults":[{faults}]}}"#
        );
        match Scenario::from_json(&json) {
            Ok(_) => panic!("accepted: {json}"),
            Err(e) => format!("{e:?}"),
        }
    };
    let reg = r#"{"type":"worker","id":"r","name":"Topics","behaviour":{"kind":"registry","keys":"duplicate"}}"#;
    let e = bad(
        r#"{"type":"worker","id":"a","name":"{:via, Registry, {Nope, :k}}"}"#,
        "",
    );
    assert!(
        e.contains("tree.children[0].name") && e.contains("Nope"),
        "{e}"
    );
    let e = bad(
        &format!(
            r#"{reg},{{"type":"worker","id":"a","name":"{{:via, Registry, {{Topics, :k}}}}"}}"#
        ),
        "",
    );
    assert!(
        e.contains("tree.children[1].name") && e.contains("unique"),
        "{e}"
    );
    let e = bad(
        &format!(
            r#"{reg},{{"type":"worker","id":"p","behaviour":{{"kind":"client","mode":"dispatch","target":"Topics"}}}}"#
        ),
        "",
    );
    assert!(e.contains("tree.children[1].behaviour.key"), "{e}");
    let e = bad(
        &format!(
            r#"{reg},{{"type":"worker","id":"f","registers":[{{"registry":"Topics","key":":k"}}],"behaviour":{{"kind":"statem","initial":"s","states":[{{"name":"s","on":[]}}]}}}}"#
        ),
        "",
    );
    assert!(
        e.contains("tree.children[1].registers") && e.contains("statem"),
        "{e}"
    );
    let e = bad(
        r#"{"type":"worker","id":"r","behaviour":{"kind":"registry"}}"#,
        "",
    );
    assert!(e.contains("tree.children[0].name"), "{e}");
    let e = bad(
        r#"{"type":"worker","id":"r","name":"R","behaviour":{"kind":"registry","partitions":0}}"#,
        "",
    );
    assert!(e.contains("tree.children[0].behaviour.partitions"), "{e}");
    let e = bad(
        &format!(
            r#"{reg},{{"type":"worker","id":"a","registers":[{{"registry":"Other","key":":k"}}]}}"#
        ),
        "",
    );
    assert!(e.contains("tree.children[1].registers[0].registry"), "{e}");
    let e = bad(
        reg,
        r#"{"at_ms":1,"target":"r","action":"unregister","key":":k"}"#,
    );
    assert!(e.contains("registry"), "{e}");
}
