//! `:pg` on one node: the read API the app draws from (`Sim::pg_scopes`), newest-first
//! order, a double join listed twice, asynchronous removal of a dead member, a restarted
//! member joining again, snapshots, validation.

use otp_sim::{Scenario, Sim};

fn case(name: &str) -> Scenario {
    let path = format!(
        "{}/tests/conformance/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The ids in `group` of `scope`, `(dead)` marking a member not removed yet.
fn members(sim: &Sim, scope: &str, group: &str) -> Vec<String> {
    let s = sim
        .pg_scopes()
        .into_iter()
        .find(|s| s.name == scope)
        .expect("scope");
    s.groups
        .into_iter()
        .filter(|g| g.group == group)
        .flat_map(|g| g.members)
        .map(|m| {
            let id = m.id.unwrap_or_else(|| "?".into());
            if m.alive { id } else { format!("{id}(dead)") }
        })
        .collect()
}

#[test]
fn members_come_newest_first_and_twice_when_joined_twice() {
    let mut sim = Sim::new(&case("pg_join_twice"));
    sim.run_until(260_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m1", "m2", "m1"]);
    let tree = sim.tree();
    assert!(tree.children[0].pg_scope);
    assert_eq!(
        tree.children[0].kind_label(),
        ":pg scope (a gen_server, ETS table)"
    );
    sim.run_until(360_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m2", "m1"]);
}

#[test]
fn a_dead_member_stays_until_the_scope_handles_its_down() {
    let mut sim = Sim::new(&case("pg_dead_member_async"));
    sim.run_until(350_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m2", "m1(dead)"]);
    sim.run_until(550_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m2"]);
    assert!(sim.trace().iter().any(|e| e.kind.name() == "pg_cleanup"));
}

#[test]
fn a_restarted_member_joins_again_as_the_newest() {
    let mut sim = Sim::new(&case("pg_restart_rejoins"));
    sim.run_until(150_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m2", "m1"]);
    let snap = sim.snapshot();
    let before = sim.pg_scopes();
    sim.run_until(450_000);
    assert_eq!(members(&sim, "chat", ":room"), ["m1", "m2"]);
    sim.restore(&snap);
    assert_eq!(sim.pg_scopes(), before);
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
    let e = bad(
        r#"{"type":"worker","id":"s","behaviour":{"kind":"pg"}}"#,
        "",
    );
    assert!(e.contains("tree.children[0].name"), "{e}");
    let e = bad(
        r#"{"type":"worker","id":"a","joins":[{"scope":"nope","group":":g"}]}"#,
        "",
    );
    assert!(e.contains("tree.children[0].joins[0].scope"), "{e}");
    let e = bad(
        r#"{"type":"worker","id":"a"}"#,
        r#"{"at_ms":1,"target":"a","action":"members","group":":g"}"#,
    );
    assert!(e.contains("faults[0].target"), "{e}");
}
