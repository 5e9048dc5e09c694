//! Links and monitors between processes, as the stage draws them and the inspector lists
//! them: which pairs to draw (the selected process's, or every process's), the curve of
//! each on the stage, and the selected process's peers by name. Read from the simulator's
//! own views (`Sim::links_of`, `monitors_of`, `monitored_by`), so whatever makes a link or
//! a monitor (a supervisor, a task, a `:pg` scope, a scenario command) shows here.

use crate::model::layout::{Layout, SUP_H, SUP_W, WORKER_R};
use otp_sim::{NodeKind, Pid, Sim};
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TieKind {
    /// Both ways: drawn as a solid curve.
    Link,
    /// From the monitoring process to the monitored one: a dashed arrow.
    Monitor,
}

/// One link or monitor on the stage, between two placed processes.
#[derive(Clone, Debug, PartialEq)]
pub struct Tie {
    pub kind: TieKind,
    /// Child ids: a link's lower pid first; a monitor's watcher first.
    pub from: Rc<str>,
    pub to: Rc<str>,
    /// The SVG path, ends trimmed to the nodes' outlines.
    pub d: String,
}

/// A process at the other end of a link or monitor, for the inspector's list.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub pid: Pid,
    /// Its child id when it is on the stage (the inspector selects it by this).
    pub id: Option<Rc<str>>,
    pub label: Rc<str>,
}

/// The selected process's links and monitors, in words.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Peers {
    pub linked: Vec<Peer>,
    pub monitors: Vec<Peer>,
    pub monitored_by: Vec<Peer>,
}

/// Above this many placed processes "all" draws nothing but the selected process's ties:
/// hundreds of crossing curves say nothing, and reading every process's links costs a frame.
pub const ALL_MAX: usize = 400;

/// How far a curve bows away from the straight line, as a share of its length: a link
/// between a supervisor and its child would otherwise hide under the tree's own line, and
/// a link and a monitor between the same two processes bow to opposite sides.
const BOW: f64 = 0.18;

struct Spot {
    id: Rc<str>,
    x: f64,
    y: f64,
    half: (f64, f64),
    parent: Option<Pid>,
}

fn spots(lay: &Layout, scale: f64) -> HashMap<Pid, Spot> {
    let mut m = HashMap::new();
    for n in &lay.nodes {
        let Some(pid) = n.pid else { continue };
        // A little air between a line's end and the node's outline.
        let half = if n.kind == NodeKind::Worker {
            (WORKER_R * scale + 4.0, WORKER_R * scale + 4.0)
        } else {
            (SUP_W * scale / 2.0 + 4.0, SUP_H * scale / 2.0 + 4.0)
        };
        let parent = n.parent.and_then(|i| lay.nodes.get(i)).and_then(|p| p.pid);
        m.insert(
            pid,
            Spot {
                id: n.id.clone(),
                x: n.x,
                y: n.y,
                half,
                parent,
            },
        );
    }
    m
}

/// Where the straight line from a node's centre along (ux, uy) leaves its box.
fn exit_at(s: &Spot, ux: f64, uy: f64) -> f64 {
    let tx = if ux.abs() > 1e-9 {
        s.half.0 / ux.abs()
    } else {
        f64::INFINITY
    };
    let ty = if uy.abs() > 1e-9 {
        s.half.1 / uy.abs()
    } else {
        f64::INFINITY
    };
    tx.min(ty)
}

/// The curve from `a` to `b` (None when the two overlap: nothing to draw between them).
fn curve(a: &Spot, b: &Spot, side: f64) -> Option<String> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = (dx / len, dy / len);
    let (ta, tb) = (exit_at(a, ux, uy), exit_at(b, -ux, -uy));
    if !len.is_finite() || ta + tb >= len {
        return None;
    }
    let (x1, y1) = (a.x + ux * ta, a.y + uy * ta);
    let (x2, y2) = (b.x - ux * tb, b.y - uy * tb);
    // Bow to the left of a→b (side 1) or to its right (side -1).
    let bow = BOW * len * side;
    let (cx, cy) = ((x1 + x2) / 2.0 + uy * bow, (y1 + y2) / 2.0 - ux * bow);
    Some(format!("M{x1:.1},{y1:.1} Q{cx:.1},{cy:.1} {x2:.1},{y2:.1}"))
}

/// The links and monitors to draw: those of `focus` (every one, the link to its own
/// supervisor included), and with `all` every placed process's (then the links between a
/// supervisor and its children are left to the tree's lines, which stand for them). The
/// links of the processes `outside` the tree (`outside.rs`) are always drawn: no tree line
/// stands for them, and the one to the process that `spawn_link`ed it says whom it dies
/// with. This is the only drawing of a link: the Not supervised area draws none of its
/// own. Ends off the stage (the harness) are not drawn.
pub fn ties(
    sim: &Sim,
    lay: &Layout,
    scale: f64,
    focus: Option<Pid>,
    all: bool,
    outside: &[Pid],
) -> Vec<Tie> {
    let at = spots(lay, scale);
    // Collected with repeats, then sorted and deduplicated: what a set would give, without
    // a B-tree's code in the first load for one list.
    let mut pairs: Vec<(TieKind, Pid, Pid)> = Vec::new();
    for &p in outside.iter().filter(|p| at.contains_key(p)) {
        for other in sim.links_of(p) {
            pairs.push((TieKind::Link, p.min(other), p.max(other)));
        }
    }
    let mut add = |who: Pid, tree_too: bool| {
        let parent = at.get(&who).and_then(|s| s.parent);
        for other in sim.links_of(who) {
            let tree_edge =
                parent == Some(other) || at.get(&other).and_then(|s| s.parent) == Some(who);
            if tree_too || !tree_edge {
                pairs.push((TieKind::Link, who.min(other), who.max(other)));
            }
        }
        for m in sim.monitors_of(who) {
            pairs.push((TieKind::Monitor, who, m.pid));
        }
        if tree_too {
            for m in sim.monitored_by(who) {
                pairs.push((TieKind::Monitor, m.pid, who));
            }
        }
    };
    if let Some(f) = focus.filter(|f| at.contains_key(f)) {
        add(f, true);
    }
    if all && at.len() <= ALL_MAX {
        for n in &lay.nodes {
            if let Some(p) = n.pid {
                add(p, false);
            }
        }
    }
    otp_sim::sort::sort(&mut pairs);
    pairs.dedup();
    pairs
        .into_iter()
        .filter_map(|(kind, a, b)| {
            let (sa, sb) = (at.get(&a)?, at.get(&b)?);
            let side = if kind == TieKind::Link { 1.0 } else { -1.0 };
            Some(Tie {
                kind,
                from: sa.id.clone(),
                to: sb.id.clone(),
                d: curve(sa, sb, side)?,
            })
        })
        .collect()
}

/// The selected process's links and monitors by name (its `Process.info/2` lists): a
/// process on the stage by its child id and pid, the harness as the outside world.
pub fn peers(sim: &Sim, lay: &Layout, pid: Pid) -> Peers {
    let ids: HashMap<Pid, &Rc<str>> = lay
        .nodes
        .iter()
        .filter_map(|n| n.pid.map(|p| (p, &n.id)))
        .collect();
    let harness = sim.harness();
    let peer = |p: Pid| Peer {
        pid: p,
        id: ids.get(&p).map(|i| (*i).clone()),
        label: Rc::from(match ids.get(&p) {
            Some(id) => format!("{id} {p}"),
            None if p == harness => format!("the outside world {p}"),
            None => p.to_string(),
        }),
    };
    Peers {
        linked: sim.links_of(pid).into_iter().map(peer).collect(),
        monitors: sim
            .monitors_of(pid)
            .into_iter()
            .map(|m| peer(m.pid))
            .collect(),
        monitored_by: sim
            .monitored_by(pid)
            .into_iter()
            .map(|m| peer(m.pid))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::layout;
    use otp_sim::Scenario;

    /// A supervisor with a cache and two clients calling it: a client's `GenServer.call`
    /// monitors the cache while it waits for the reply.
    const JSON: &str = include_str!("../../scenarios/cache_one_for_one.json");

    fn sim_at(ms: u64) -> Sim {
        let mut sim = Sim::new(&Scenario::from_json(JSON).expect("valid"));
        sim.run_until(ms * 1000);
        sim
    }

    fn pid(sim: &Sim, id: &str) -> Pid {
        sim.pid_of(id).expect("alive")
    }

    #[test]
    fn the_selected_process_shows_its_link_to_its_supervisor() {
        let sim = sim_at(300);
        let lay = layout(&sim.tree(), 1.0, 2.0);
        let t = ties(&sim, &lay, 1.0, Some(pid(&sim, "cache")), false, &[]);
        let links: Vec<_> = t.iter().filter(|t| t.kind == TieKind::Link).collect();
        assert!(
            links
                .iter()
                .any(|l| (&*l.from, &*l.to) == ("app_sup", "cache")),
            "{t:?}"
        );
        // Every path is a bowed curve with trimmed ends.
        assert!(t.iter().all(|t| t.d.starts_with('M') && t.d.contains('Q')));
    }

    #[test]
    fn all_leaves_the_tree_links_to_the_tree_lines() {
        let sim = sim_at(300);
        let lay = layout(&sim.tree(), 1.0, 2.0);
        let t = ties(&sim, &lay, 1.0, None, true, &[]);
        assert!(
            t.iter().all(|t| t.kind == TieKind::Monitor),
            "only supervisor links in this tree: {t:?}"
        );
        assert!(ties(&sim, &lay, 1.0, None, false, &[]).is_empty());
    }

    #[test]
    fn a_link_is_one_curve_and_both_ends_list_it() {
        let sim = sim_at(300);
        let lay = layout(&sim.tree(), 1.0, 2.0);
        let (sup, cache) = (pid(&sim, "app_sup"), pid(&sim, "cache"));
        let both = ties(&sim, &lay, 1.0, Some(cache), false, &[]);
        let n = both
            .iter()
            .filter(|t| t.kind == TieKind::Link && &*t.to == "cache")
            .count();
        assert_eq!(n, 1);
        let p = peers(&sim, &lay, sup);
        assert!(p.linked.iter().any(|x| x.id.as_deref() == Some("cache")));
        let p = peers(&sim, &lay, cache);
        assert!(
            p.linked
                .iter()
                .any(|x| x.pid == sup && *x.label == format!("app_sup {sup}"))
        );
    }

    #[test]
    fn a_monitor_points_from_the_watcher_to_the_watched() {
        // A waiting GenServer.call monitors its server: find a moment with one.
        let mut sim = Sim::new(&Scenario::from_json(JSON).expect("valid"));
        sim.run_until(100_000);
        let cache = pid(&sim, "cache");
        let mut seen = None;
        for us in (100_000..1_000_000).step_by(20) {
            sim.run_until(us);
            if let Some(m) = sim.monitored_by(cache).first() {
                seen = Some(m.pid);
                break;
            }
        }
        let watcher = seen.expect("a client monitors cache while it calls");
        let lay = layout(&sim.tree(), 1.0, 2.0);
        let t = ties(&sim, &lay, 1.0, Some(cache), false, &[]);
        let m = t
            .iter()
            .find(|t| t.kind == TieKind::Monitor)
            .expect("drawn");
        assert_eq!(&*m.to, "cache");
        let wid = lay
            .nodes
            .iter()
            .find(|n| n.pid == Some(watcher))
            .map(|n| n.id.clone());
        assert_eq!(Some(m.from.clone()), wid);
        let p = peers(&sim, &lay, cache);
        assert_eq!(p.monitored_by.len(), 1);
        assert_eq!(
            peers(&sim, &lay, watcher).monitors[0].id.as_deref(),
            Some("cache")
        );
    }

    /// A node `id` on the line y = 0 at `x`, its box `half` wide and high each way.
    fn spot(id: &str, x: f64, half: (f64, f64)) -> Spot {
        Spot {
            id: Rc::from(id),
            x,
            y: 0.0,
            half,
            parent: None,
        }
    }

    #[test]
    fn a_curve_ends_outside_both_nodes() {
        let a = spot("a", 0.0, (10.0, 10.0));
        let b = spot("b", 100.0, (20.0, 5.0));
        assert_eq!(
            curve(&a, &b, 1.0).as_deref(),
            Some("M10.0,0.0 Q45.0,-18.0 80.0,0.0")
        );
        // Bowed to the other side for a monitor.
        assert!(curve(&a, &b, -1.0).expect("drawn").contains("Q45.0,18.0"));
        // Overlapping nodes (or the same spot): nothing to draw, no NaN.
        let c = Spot { x: 5.0, ..b };
        assert_eq!(curve(&a, &c, 1.0), None);
        let d = Spot { x: 0.0, ..c };
        assert_eq!(curve(&a, &d, 1.0), None);
    }

    #[test]
    fn a_spawn_link_is_drawn_once_whatever_is_selected() {
        let json = r#"{"name": "o", "duration_ms": 1000, "tree": {"type": "supervisor",
            "id": "root", "strategy": "one_for_one", "children": [
              {"type": "worker", "id": "a", "behaviour": {"kind": "server"}},
              {"type": "worker", "id": "b", "behaviour": {"kind": "server"}}]},
            "faults": [{"at_ms": 100, "target": "a", "action": "spawn_link",
              "spec": {"type": "worker", "id": "w1", "behaviour": {"kind": "server"}}}]}"#;
        let mut sim = Sim::new(&Scenario::from_json(json).expect("valid"));
        sim.run_until(300_000);
        let mut lay = layout(&sim.tree(), 1.0, 2.0);
        let out = crate::model::outside::of(&sim);
        crate::model::outside::place(&mut lay, &out, 1.0).expect("an area");
        let pids: Vec<Pid> = out.iter().filter_map(|o| o.node.pid).collect();
        let (a, w1) = (pid(&sim, "a"), pid(&sim, "w1"));
        for (focus, all) in [
            (None, false),
            (Some(a), false),
            (Some(w1), true),
            (Some(pid(&sim, "b")), true),
        ] {
            let t = ties(&sim, &lay, 1.0, focus, all, &pids);
            let links: Vec<_> = t
                .iter()
                .filter(|t| t.kind == TieKind::Link && (&*t.from, &*t.to) == ("a", "w1"))
                .collect();
            assert_eq!(links.len(), 1, "{focus:?} {all}: {t:?}");
        }
        // Without the outside list (as before it was placed): not drawn unless selected.
        assert!(ties(&sim, &lay, 1.0, None, false, &[]).is_empty());
    }
}
