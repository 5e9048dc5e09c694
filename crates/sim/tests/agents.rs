//! Agents: a GenServer underneath, shown as an Agent; their state is `:sys.get_state/1`'s;
//! atomic updates keep every increment, a read-modify-write in the caller loses some.

use otp_sim::{Scenario, Sim, Term};

fn scenario(children: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"name":"agents","seed":1,"duration_ms":2000,
        "tree":{{"type":"supervisor","id":"root","children":[{children}]}},
        "faults":[{faults}]}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

fn state_of(sim: &Sim, id: &str) -> Term {
    let pid = sim.pid_of(id).expect("alive");
    sim.info(pid).expect("info").state
}

#[test]
fn an_agent_is_shown_as_an_agent_and_its_state_is_its_value() {
    let s = scenario(
        r#"{"type":"worker","id":"counter","name":"Counter","behaviour":{"kind":"agent","initial":"{:ok, 7}"}},
           {"type":"worker","id":"plain","name":"Plain"}"#,
        "",
    );
    let mut sim = Sim::new(&s);
    sim.run_until(10_000);
    let tree = sim.tree();
    assert_eq!(tree.children[0].kind_label(), "Agent (a GenServer)");
    assert!(tree.children[0].agent);
    assert_eq!(tree.children[1].kind_label(), "worker (GenServer)");
    assert_eq!(state_of(&sim, "counter").to_string(), "{:ok, 7}");
}

#[test]
fn atomic_updates_keep_every_increment_and_get_then_update_loses_some() {
    let clients = |mode: &str, target: &str, extra: &str| {
        (0..3)
            .map(|i| {
                format!(
                    r#"{{"type":"worker","id":"{mode}_{i}","behaviour":{{"kind":"client","target":"{target}","mode":"{mode}","interval_us":10000{extra}}}}}"#
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let s = scenario(
        &format!(
            r#"{{"type":"worker","id":"safe","name":"Safe","behaviour":{{"kind":"agent"}}}},
               {{"type":"worker","id":"racy","name":"Racy","behaviour":{{"kind":"agent"}}}},
               {},{}"#,
            clients("agent_update", "Safe", ""),
            clients("agent_get_then_update", "Racy", r#","work_us":2000"#)
        ),
        "",
    );
    let mut sim = Sim::new(&s);
    sim.run_until(1_000_000);
    let Term::Int(safe) = state_of(&sim, "safe") else {
        panic!("not an integer")
    };
    let Term::Int(racy) = state_of(&sim, "racy") else {
        panic!("not an integer")
    };
    // Three clients, a round every ~10 ms: about 3 × 99 atomic increments.
    assert!(safe > 250, "safe {safe}");
    // The racy clients often read the same value and all write it back + 1 (they make
    // about 250 updates; some rounds they do not overlap, on 2 schedulers).
    assert!(racy * 4 < safe * 3, "racy {racy}, safe {safe}");
}

#[test]
fn a_raising_function_restarts_the_agent_from_its_initial_state() {
    let s = scenario(
        r#"{"type":"worker","id":"counter","name":"Counter","behaviour":{"kind":"agent","initial":"5"}},
           {"type":"worker","id":"inc","behaviour":{"kind":"client","target":"Counter","mode":"agent_update","interval_us":100000}}"#,
        r#"{"at_ms":550,"target":"counter","action":"crash"}"#,
    );
    let mut sim = Sim::new(&s);
    sim.run_until(540_000);
    assert_eq!(state_of(&sim, "counter"), Term::Int(10));
    sim.run_until(560_000);
    assert_eq!(state_of(&sim, "counter"), Term::Int(5));
}

#[test]
fn incrementing_a_non_integer_fails_with_badarith_in_the_agent() {
    let s = scenario(
        r#"{"type":"worker","id":"counter","name":"Counter","restart":"temporary","behaviour":{"kind":"agent","initial":":empty"}},
           {"type":"worker","id":"inc","restart":"temporary","behaviour":{"kind":"client","target":"Counter","mode":"agent_update"}}"#,
        "",
    );
    let mut sim = Sim::new(&s);
    sim.run_until(100_000);
    let lines = otp_sim::golden::golden_lines(&sim);
    assert!(
        lines.contains(&"exit counter {:badarith, _}".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(
            &"exit inc {{:badarith, _}, {GenServer, :call, [Counter, {:update, _fun}, 5000]}}"
                .to_string()
        ),
        "{lines:#?}"
    );
}
