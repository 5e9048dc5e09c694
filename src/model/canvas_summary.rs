//! What each supervisor's block holds, for the canvas stage (pure): its workers counted by
//! status (alive, restarting, crashed, stopped) and its busiest mailboxes. Drawn on an
//! aggregated block, and said, one sentence per supervisor, in the stage's accessible
//! description (a summary per supervisor instead of one element per process).

use crate::model::canvas_layout::{CanvasLayout, Loc};
use crate::model::logtext::node_label;
use otp_sim::{NodeKind, NodeState, TreeNode};

/// How many busiest mailboxes a block names.
pub const BUSIEST: usize = 3;
/// How many supervisors the accessible description lists (the rest are counted).
pub const MAX_LISTED: usize = 200;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub alive: usize,
    pub restarting: usize,
    pub crashed: usize,
    pub stopped: usize,
    /// (label, mailbox length), longest first; only non-empty mailboxes.
    pub busiest: Vec<(String, usize)>,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.alive + self.restarting + self.crashed + self.stopped
    }

    fn add(&mut self, s: NodeState) {
        match s {
            NodeState::Restarting | NodeState::Starting => self.restarting += 1,
            NodeState::Exited | NodeState::Dead => self.crashed += 1,
            NodeState::Terminated | NodeState::NotStarted => self.stopped += 1,
            _ => self.alive += 1,
        }
    }

    /// "497 alive, 1 restarting, 1 crashed" (zero counts left out, but never empty).
    pub fn words(&self) -> String {
        let parts: Vec<String> = [
            (self.alive, "alive"),
            (self.restarting, "restarting"),
            (self.crashed, "crashed"),
            (self.stopped, "stopped"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The counts of every block (by grid index), from the pre-order nodes.
pub fn block_counts(cl: &CanvasLayout, flat: &[&TreeNode]) -> Vec<Counts> {
    let mut out = vec![Counts::default(); cl.grids.len()];
    // Busiest kept as (mailbox, index) per block, at most BUSIEST each.
    let mut top: Vec<Vec<(usize, usize)>> = vec![Vec::new(); cl.grids.len()];
    for (i, n) in flat.iter().enumerate() {
        if let Some(Loc::Cell(g, _)) = cl.locs.get(i) {
            out[*g].add(n.state);
            if n.mailbox > 0 {
                let t = &mut top[*g];
                if t.len() < BUSIEST || t.last().is_some_and(|l| n.mailbox > l.0) {
                    // Busiest first; among equals the earlier node, which `i` (rising)
                    // already is: the new one goes after every entry at least as busy.
                    let at = t.iter().position(|l| l.0 < n.mailbox).unwrap_or(t.len());
                    t.insert(at, (n.mailbox, i));
                    t.truncate(BUSIEST);
                }
            }
        }
    }
    for (c, t) in out.iter_mut().zip(top) {
        c.busiest = t
            .into_iter()
            .filter_map(|(m, i)| flat.get(i).map(|n| (node_label(n).to_string(), m)))
            .collect();
    }
    out
}

/// One line per supervisor for the accessible description, in tree order: what it is,
/// its pid and state, and what its workers are doing. At most `MAX_LISTED` lines, then
/// how many more.
pub fn describe(cl: &CanvasLayout, flat: &[&TreeNode]) -> Vec<String> {
    let counts = block_counts(cl, flat);
    let mut lines = Vec::new();
    for b in cl.boxes.iter().take(MAX_LISTED) {
        let Some(n) = flat.get(b.idx) else { continue };
        let what = match n.kind {
            NodeKind::DynamicSupervisor => "DynamicSupervisor".to_string(),
            NodeKind::Supervisor => format!(
                "supervisor, {}",
                n.strategy.map(|s| s.as_str()).unwrap_or("one_for_one")
            ),
            NodeKind::Worker => "worker".to_string(),
        };
        let pid = n
            .pid
            .map_or_else(|| "no pid".to_string(), |p| p.to_string());
        let subs = cl
            .boxes
            .iter()
            .filter(|c| c.parent.is_some_and(|p| cl.boxes[p].idx == b.idx))
            .count();
        let mut s = format!(
            "{} ({what}) {pid}, {}",
            node_label(n),
            n.state.as_str().replace('_', " ")
        );
        if subs > 0 {
            s.push_str(&format!(
                "; {subs} supervisor{} under it",
                if subs == 1 { "" } else { "s" }
            ));
        }
        if let Some(c) = b.grid.and_then(|g| counts.get(g)) {
            s.push_str(&format!(
                "; {} worker{}: {}",
                c.total(),
                if c.total() == 1 { "" } else { "s" },
                c.words()
            ));
            if !c.busiest.is_empty() {
                let names: Vec<String> = c
                    .busiest
                    .iter()
                    .map(|(l, m)| format!("{l} ({m})"))
                    .collect();
                s.push_str(&format!("; busiest mailboxes: {}", names.join(", ")));
            }
        }
        s.push('.');
        lines.push(s);
    }
    if cl.boxes.len() > MAX_LISTED {
        lines.push(format!(
            "… and {} more supervisors (zoom in on the stage, or press ] to walk the processes).",
            cl.boxes.len() - MAX_LISTED
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::canvas_layout::layout;
    use crate::model::walk::flatten;
    use otp_sim::{Scenario, Sim};

    #[test]
    fn each_block_counts_its_workers_by_status_and_names_its_busiest_mailboxes() {
        let mut sim = Sim::new(
            &Scenario::from_json(include_str!("../../scenarios/big_1000.json")).expect("valid"),
        );
        // Just after server_1 crashed (3 s): its restart and the clients' calls failing.
        sim.run_until(3_000_200);
        let tree = sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let cl = layout(&tree, 2.0);
        let counts = block_counts(&cl, &flat);
        assert_eq!(counts.len(), 10);
        assert!(counts.iter().all(|c| c.total() == 99));
        let alive: usize = counts.iter().map(|c| c.alive).sum();
        let by_state = flat
            .iter()
            .filter(|n| {
                n.kind == NodeKind::Worker && n.state.is_alive() && n.state != NodeState::Starting
            })
            .count();
        assert_eq!(alive, by_state);
        for c in &counts {
            assert!(c.busiest.len() <= BUSIEST);
            assert!(c.busiest.windows(2).all(|w| w[0].1 >= w[1].1));
        }
        let lines = describe(&cl, &flat);
        assert_eq!(lines.len(), 11);
        assert!(
            lines[0].starts_with("root_sup (supervisor, one_for_one)"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("10 supervisors under it"), "{}", lines[0]);
        assert!(lines[1].contains("99 workers:"), "{}", lines[1]);
    }

    #[test]
    fn counts_say_what_is_there() {
        let mut c = Counts::default();
        assert_eq!(c.words(), "none");
        c.add(NodeState::Busy);
        c.add(NodeState::Waiting);
        c.add(NodeState::Restarting);
        c.add(NodeState::Dead);
        c.add(NodeState::Terminated);
        assert_eq!(c.words(), "2 alive, 1 restarting, 1 crashed, 1 stopped");
        assert_eq!(c.total(), 5);
    }
}
