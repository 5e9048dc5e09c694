//! `TreeBuild` stopped after every node (or every few) and resumed gives the very tree
//! `Sim::tree` gives in one go, for every lesson scenario at several moments: live
//! supervisors, children removed from a list (temporary ones that exited), supervisors
//! drawn from their specs (not started, or given up). A walk over a simulation that moved
//! in between begins again.

use otp_sim::{Scenario, Sim, TreeBuild, TreeNode};
use std::path::Path;

fn stepped(sim: &Sim, per_step: usize) -> (TreeNode, usize) {
    let mut build = TreeBuild::new(sim);
    let mut steps = 1;
    loop {
        if let Some(tree) = build.step(sim, per_step) {
            return (tree, steps);
        }
        steps += 1;
        assert!(steps < 1_000_000, "the walk ends");
    }
}

fn count(n: &TreeNode) -> usize {
    1 + n.children.iter().map(count).sum::<usize>()
}

#[test]
fn a_tree_built_in_steps_is_the_tree_built_at_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("lesson scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "{} scenarios", files.len());
    let mut compared = 0;
    for file in &files {
        let json = std::fs::read_to_string(file).expect("readable");
        let Ok(scenario) = Scenario::from_json(&json) else {
            continue;
        };
        let mut sim = Sim::new(&scenario);
        let end = scenario.duration_ms * 1000;
        for t in [0, end / 4, end / 2, end] {
            sim.run_until(t);
            let whole = sim.tree();
            for per_step in [1, 3] {
                let (tree, steps) = stepped(&sim, per_step);
                assert_eq!(
                    tree,
                    whole,
                    "{} at {t} µs, {per_step} a step",
                    file.display()
                );
                // Every node but the root is one position of the walk.
                assert!(steps >= (count(&whole) - 1) / per_step, "{steps} steps");
            }
            compared += 1;
        }
    }
    assert!(compared > 80, "{compared} trees compared");
}

#[test]
fn a_walk_begins_again_when_the_simulation_moved() {
    let json = r#"{"name": "w", "tree": {"type": "supervisor", "id": "root", "children": [
        {"type": "worker", "id": "a"}, {"type": "worker", "id": "b"},
        {"type": "worker", "id": "c"}]}, "faults": [{"at_ms": 100, "target": "b", "action": "crash"}],
        "duration_ms": 1000}"#;
    let scenario = Scenario::from_json(json).expect("valid");
    let mut sim = Sim::new(&scenario);
    sim.run_until(50_000);
    let mut build = TreeBuild::new(&sim);
    assert!(build.step(&sim, 1).is_none(), "one child read of three");
    // b is killed and restarted: the rest of the walk would mix two moments.
    sim.run_until(200_000);
    let tree = build.step(&sim, usize::MAX).expect("complete");
    assert_eq!(tree, sim.tree());
    let b = tree.children.iter().find(|n| &*n.id == "b").expect("b");
    assert_eq!(b.restarts, 1);
}

/// Every id of `n`'s subtree, depth first.
fn ids(n: &TreeNode, out: &mut Vec<String>) {
    out.push(n.id.to_string());
    for c in &n.children {
        ids(c, out);
    }
}

/// Supervisors that are not running are drawn from their specs, down to the leaves: at
/// the start (the nested supervisors not started yet) and after the root gave up. The run
/// keeps a supervisor's spec without its children (they are kept once, on their own), so
/// this checks that the walk finds them there.
#[test]
fn supervisors_not_running_are_drawn_whole_from_their_specs() {
    let scenario = Scenario::from_json(
        r#"{"name": "gives up", "duration_ms": 100,
        "tree": {"type": "supervisor", "id": "root", "max_restarts": 0, "children": [
          {"type": "supervisor", "id": "mid", "max_restarts": 0, "children": [
            {"type": "worker", "id": "a", "behaviour": {"kind": "server"}},
            {"type": "supervisor", "id": "inner", "children": [
              {"type": "worker", "id": "b", "behaviour": {"kind": "server"}},
              {"type": "dynamic_supervisor", "id": "dyn", "children": [
                {"type": "worker", "id": "c", "behaviour": {"kind": "counter"}}]}]}]},
          {"type": "worker", "id": "d", "behaviour": {"kind": "server"}}]},
        "faults": [{"at_ms": 50, "target": "a", "action": "crash"}]}"#,
    )
    .expect("valid");
    let every = ["root", "mid", "a", "inner", "b", "dyn", "c", "d"];
    let mut sim = Sim::new(&scenario);
    let mut at_start = Vec::new();
    ids(&sim.tree(), &mut at_start);
    // A DynamicSupervisor's children are its own to start: drawn from its spec, it has none.
    assert_eq!(
        at_start,
        every[..6]
            .iter()
            .chain(&every[7..])
            .copied()
            .collect::<Vec<_>>()
    );
    sim.run_until(100_000);
    let tree = sim.tree();
    assert!(sim.root().is_none(), "the root gave up");
    let mut after = Vec::new();
    ids(&tree, &mut after);
    assert_eq!(after, at_start);
    assert_eq!(stepped(&sim, 1).0, tree);
}
