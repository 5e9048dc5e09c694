//! Processes outside the supervision tree (started by a `spawn` / `spawn_link` command):
//! each as a node the stage, the walk and the inspector treat like a tree's, placed in
//! their own labelled area to the right of the tree ("Not supervised"), with whether
//! each is still linked to the process that started it. Pure: tested natively.

use crate::model::layout::{CELL_W, LEVEL_H, Layout, Placed, SUP_H};
use otp_sim::scenario::{Restart, Shutdown};
use otp_sim::{NodeKind, NodeState, Pid, Sim, TreeNode};
use std::rc::Rc;

/// The area's title on the stage and in the accessible tree.
pub const TITLE: &str = "Not supervised";
/// At most this many nodes side by side in the area.
const COLS: usize = 3;

/// One live process no supervisor started.
#[derive(Clone, Debug, PartialEq)]
pub struct Outside {
    /// Drawn and inspected as a tree node is (no supervisor: restart `:temporary`).
    pub node: TreeNode,
    pub spawned_by: Pid,
    /// Still linked to its starter: the stage draws that link.
    pub linked_to_starter: bool,
    pub trap_exit: bool,
}

/// Where the area is drawn: its box (x, y, width, height) in layout units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The processes outside the tree now, in pid order.
pub fn of(sim: &Sim) -> Vec<Outside> {
    sim.unsupervised()
        .into_iter()
        .map(|u| {
            let info = sim.info(u.pid);
            let state = match info.as_ref().map(|i| i.status) {
                Some("running") => NodeState::Busy,
                Some("suspended") => NodeState::Suspended,
                Some("runnable") => NodeState::Runnable,
                _ => NodeState::Waiting,
            };
            let node = TreeNode {
                id: u.id.clone().unwrap_or_else(|| Rc::from(u.pid.to_string())),
                kind: NodeKind::Worker,
                pid: Some(u.pid),
                name: u.name.clone(),
                state,
                restart: Restart::Temporary,
                shutdown: Shutdown::Timeout(5_000),
                restarts: 0,
                last_exit: None,
                mailbox: info.as_ref().map_or(0, |i| i.message_queue_len),
                strategy: None,
                intensity: None,
                children: Vec::new(),
                agent: false,
                registry: false,
                pg_scope: false,
                partitions: None,
                queued_starts: 0,
                statem: false,
                statem_state: None,
                pool: None,
            };
            Outside {
                node,
                spawned_by: u.spawned_by,
                linked_to_starter: u.linked_to_starter,
                trap_exit: u.trap_exit,
            }
        })
        .collect()
}

/// Places the processes in their area to the right of the tree: appended to the
/// layout's nodes (no parent: no tree edge), the layout widened (and heightened) to hold
/// them. Returns the area, `None` when there is nothing outside the tree.
pub fn place(lay: &mut Layout, outside: &[Outside], scale: f64) -> Option<Area> {
    if outside.is_empty() {
        return None;
    }
    let cell = CELL_W * scale;
    let row_h = LEVEL_H * scale * 0.85;
    let cols = outside.len().min(COLS);
    let rows = outside.len().div_ceil(COLS);
    let pad = 20.0 * scale;
    let x = lay.width + cell * 0.3;
    // Level with the tree's first row of children, under a title line.
    let y = SUP_H * scale + LEVEL_H * scale * 0.45;
    let w = cols as f64 * cell + 2.0 * pad;
    let h = rows as f64 * row_h + 2.0 * pad;
    for (i, o) in outside.iter().enumerate() {
        let (r, c) = (i / COLS, i % COLS);
        lay.nodes.push(Placed {
            id: o.node.id.clone(),
            x: x + pad + (c as f64 + 0.5) * cell,
            y: y + pad + (r as f64 + 0.5) * row_h - 8.0 * scale,
            depth: 1,
            parent: None,
            pid: o.node.pid,
            kind: NodeKind::Worker,
        });
    }
    lay.width = x + w;
    lay.height = lay.height.max(y + h + LEVEL_H * scale * 0.3);
    Some(Area { x, y, w, h })
}

/// One process outside the tree in words, for the list beside the canvas stage: its id,
/// pid, starter, and whether it is linked to it and traps exits.
pub fn summary(o: &Outside) -> String {
    format!(
        "{}{}, {}",
        o.node.id,
        o.node.pid.map_or_else(String::new, |p| format!(" {p}")),
        origin(o)
    )
}

/// The accessible tree's sentence for it: what `summary` says, and its kind, state and
/// mailbox, as the tree's own items say them.
pub fn sentence(o: &Outside) -> String {
    let n = &o.node;
    format!(
        "{} (worker, not supervised), {}, {}, mailbox {}, {}",
        crate::model::logtext::node_label(n),
        n.pid
            .map_or_else(|| "no pid".to_string(), |p| p.to_string()),
        crate::model::a11y::state_words(n.state),
        n.mailbox,
        origin(o)
    )
}

/// Who started it and how: `started by <pid>[ and linked to it][, traps exits]`.
fn origin(o: &Outside) -> String {
    format!(
        "started by {}{}{}",
        o.spawned_by,
        if o.linked_to_starter {
            " and linked to it"
        } else {
            ""
        },
        if o.trap_exit { ", traps exits" } else { "" }
    )
}

/// An id for a worker the user spawns from the inspector: `spawned_1`, `spawned_2`, …,
/// the first that no process of the frame (tree or outside) has.
pub fn fresh_id<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|i| format!("spawned_{i}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::layout;
    use otp_sim::Scenario;

    fn sim_with(faults: &str) -> Sim {
        let json = format!(
            r#"{{"name": "o", "duration_ms": 1000, "tree": {{"type": "supervisor", "id": "root",
            "strategy": "one_for_one", "children": [
              {{"type": "worker", "id": "a", "behaviour": {{"kind": "server"}}}},
              {{"type": "worker", "id": "b", "behaviour": {{"kind": "counter"}}}}]}},
            "faults": [{faults}]}}"#
        );
        let mut sim = Sim::new(&Scenario::from_json(&json).expect("valid"));
        sim.run_until(300_000);
        sim
    }

    const SPAWNS: &str = r#"
        {"at_ms": 100, "target": "a", "action": "spawn_link", "spec": {"type": "worker", "id": "w1", "behaviour": {"kind": "server"}}},
        {"at_ms": 100, "target": "a", "action": "spawn", "spec": {"type": "worker", "id": "w2", "behaviour": {"kind": "counter"}}},
        {"at_ms": 100, "target": "b", "action": "spawn", "spec": {"type": "worker", "id": "w3", "behaviour": {"kind": "server"}}},
        {"at_ms": 100, "target": "b", "action": "spawn", "spec": {"type": "worker", "id": "w4", "behaviour": {"kind": "server"}}},
        {"at_ms": 200, "target": "w4", "action": "trap_exit", "value": "true"}"#;

    #[test]
    fn spawned_processes_are_listed_with_their_starter_link_and_flag() {
        let sim = sim_with(SPAWNS);
        let out = of(&sim);
        let mut ids: Vec<&str> = out.iter().map(|o| &*o.node.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["w1", "w2", "w3", "w4"]);
        let pids: Vec<Pid> = out.iter().filter_map(|o| o.node.pid).collect();
        assert!(pids.windows(2).all(|w| w[0] < w[1]), "in pid order");
        let get = |id: &str| out.iter().find(|o| &*o.node.id == id).expect("listed");
        let a = sim.pid_of("a").expect("a runs");
        assert_eq!(get("w1").spawned_by, a);
        assert!(get("w1").linked_to_starter, "spawn_link");
        assert!(!get("w2").linked_to_starter, "spawn");
        assert!(get("w4").trap_exit && !get("w3").trap_exit);
        assert!(
            out.iter()
                .all(|o| o.node.pid.is_some() && o.node.state.is_alive())
        );
        assert!(of(&sim_with("")).is_empty());
        let w1 = get("w1");
        assert_eq!(
            summary(w1),
            format!(
                "w1 {}, started by {a} and linked to it",
                w1.node.pid.expect("live")
            )
        );
        assert!(summary(get("w4")).ends_with(", traps exits"));
        assert!(!summary(get("w2")).contains("linked"));
        // The accessible tree's sentence: the same origin, after the kind, state and mailbox.
        assert_eq!(
            sentence(w1),
            format!(
                "{} (worker, not supervised), {}, {}, mailbox {}, started by {a} and linked to it",
                crate::model::logtext::node_label(&w1.node),
                w1.node.pid.expect("live"),
                crate::model::a11y::state_words(w1.node.state),
                w1.node.mailbox
            )
        );
        assert!(sentence(get("w4")).ends_with(", traps exits"));
    }

    #[test]
    fn the_area_sits_right_of_the_tree_and_holds_every_node_without_overlap() {
        let sim = sim_with(SPAWNS);
        let mut lay = layout(&sim.tree(), 1.0, 2.2);
        let tree_nodes = lay.nodes.len();
        let tree_right = lay.nodes.iter().map(|n| n.x).fold(f64::MIN, f64::max);
        let out = of(&sim);
        let area = place(&mut lay, &out, 1.0).expect("an area");
        assert!(
            area.x > tree_right + CELL_W / 2.0,
            "beside the tree, not over it"
        );
        assert_eq!(lay.nodes.len(), tree_nodes + 4);
        let placed = &lay.nodes[tree_nodes..];
        for (p, o) in placed.iter().zip(&out) {
            assert_eq!(
                (p.id.clone(), p.pid, p.parent),
                (o.node.id.clone(), o.node.pid, None)
            );
            assert!(p.x > area.x && p.x < area.x + area.w && p.y > area.y && p.y < area.y + area.h);
        }
        for (i, p) in placed.iter().enumerate() {
            for q in &placed[i + 1..] {
                assert!((p.x - q.x).abs() >= CELL_W || (p.y - q.y).abs() >= LEVEL_H * 0.8);
            }
        }
        assert!(lay.width >= area.x + area.w && lay.height >= area.y + area.h);
        // Nothing outside: no area, the layout untouched.
        let mut plain = layout(&sim.tree(), 1.0, 2.2);
        let before = plain.clone();
        assert_eq!(place(&mut plain, &[], 1.0), None);
        assert_eq!(plain, before);
    }

    #[test]
    fn a_spawned_worker_gets_an_id_no_process_has() {
        assert_eq!(fresh_id(["a", "b"].into_iter()), "spawned_1");
        assert_eq!(
            fresh_id(["spawned_1", "spawned_3"].into_iter()),
            "spawned_2"
        );
        let id = fresh_id(["spawned_1"].into_iter());
        let Some(otp_sim::Command::Spawn { spec, link: true }) =
            crate::model::commands::spawn(&id, true)
        else {
            panic!("a spawn_link command")
        };
        assert_eq!(spec.id(), "spawned_2");
    }
}
