//! How much the stage's text grows back when a teaching-size tree is shrunk to fit: the
//! label boost for workers and the share of it supervisor boxes can take without touching
//! their neighbours. Pure functions of the layout, so they are tested natively.

#[cfg(test)]
use crate::model::layout::CELL_W;
use crate::model::layout::{Placed, SUP_H, SUP_W, WORKER_R};
use otp_sim::{NodeKind, TreeNode};

/// The part of the label boost `text_k` a supervisor box (and its text) can take: as much
/// as the nodes around it leave room for, up to 1.8. Beside it, half its box may reach half
/// the gap to a supervisor, or to a worker's label (which stays inside its cell). Below it,
/// its box, pid line and intensity meter end about `(48k + 18)` units down (`k` the boost),
/// and must clear a worker's circle or a (boosted) supervisor box under it. A supervisor
/// alone on its level, as in most teaching trees, grows the most.
pub fn sup_boost(text_k: f64, nodes: &[Placed], s: f64, cell: f64) -> f64 {
    // A worker's cell in unscaled units: its label stays inside it.
    let cell_w = cell / s;
    const MAX: f64 = 1.8;
    if text_k <= 1.0 {
        return 1.0;
    }
    let mut cap = MAX;
    for a in nodes.iter().filter(|n| n.kind != NodeKind::Worker) {
        for b in nodes {
            let (dx, dy) = ((b.x - a.x).abs() / s, (b.y - a.y) / s);
            if dy.abs() < 1.0 && dx >= 1.0 {
                let room = if b.kind == NodeKind::Worker {
                    2.0 * dx - cell_w
                } else {
                    dx
                } - 8.0;
                cap = cap.min(room / SUP_W);
            } else if dy >= 1.0 && dx < (SUP_W * MAX + cell_w) / 2.0 {
                // 6 units to spare; a worker's circle top is WORKER_R above its centre.
                let below = if b.kind == NodeKind::Worker {
                    (dy - WORKER_R - 24.0) / 48.0
                } else {
                    (dy - 24.0) / (48.0 + SUP_H / 2.0)
                };
                cap = cap.min(below);
            }
        }
    }
    text_k.min(cap).max(1.0)
}

/// Labels under the workers should read at their CSS size on screen (15 px, or 28 px in
/// large type) even when a tree wider than the stage is fitted into it. The boost is the
/// factor that undoes the fit, but never so much that the longest label outgrows its cell
/// or the lines under a worker reach the next row.
pub fn label_boost(fit: f64, scale: f64, nodes: &[&TreeNode], cell: f64) -> f64 {
    let longest = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Worker)
        .map(|n| n.name.as_ref().unwrap_or(&n.id).chars().count())
        .max()
        .unwrap_or(4);
    boost_for(fit, scale, longest, cell)
}

/// `label_boost` for a tree whose longest worker label has `longest` characters, in worker
/// cells `cell` units wide (scale included).
pub fn boost_for(fit: f64, scale: f64, longest: usize, cell: f64) -> f64 {
    // Large type draws stage text at 24 units; 28 px on screen is the target.
    let (base_units, want_px) = if scale > 1.0 {
        (24.0, 28.0)
    } else {
        (15.0, 15.0)
    };
    if fit >= 1.0 && want_px <= base_units {
        return 1.0;
    }
    let chars = longest.max(4) as f64;
    // A sans-serif bold label is about 0.62 em wide per character.
    let fits_cell = cell * 0.95 / (0.62 * base_units * chars);
    let want = want_px / (base_units * fit.max(0.05));
    want.min(fits_cell).clamp(1.0, 1.75)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn at(x: f64, y: f64, kind: NodeKind) -> Placed {
        Placed {
            id: Rc::from(format!("n{x}_{y}")),
            x,
            y,
            depth: 0,
            parent: None,
            pid: None,
            kind,
        }
    }

    #[test]
    fn no_boost_no_growth() {
        let nodes = [at(0.0, 0.0, NodeKind::Supervisor)];
        assert_eq!(sup_boost(1.0, &nodes, 1.0, CELL_W), 1.0);
    }

    #[test]
    fn a_supervisor_alone_over_workers_takes_most_of_the_boost() {
        let mut nodes = vec![at(0.0, 0.0, NodeKind::Supervisor)];
        nodes.extend((0..6).map(|i| at(f64::from(i) * CELL_W, 130.0, NodeKind::Worker)));
        let k = sup_boost(1.7, &nodes, 1.0, CELL_W);
        assert!(k >= 1.69, "{k}");
        // And in large type, where the same layout is scaled.
        let big: Vec<Placed> = nodes
            .iter()
            .map(|n| at(n.x * 1.6, n.y * 1.6, n.kind))
            .collect();
        assert!((sup_boost(1.7, &big, 1.6, CELL_W * 1.6) - k).abs() < 1e-9);
    }

    #[test]
    fn neighbours_and_a_supervisor_below_limit_it() {
        // Two supervisors side by side, a cell of SUP_W + 40 apart: boxes must not touch.
        let side = [
            at(0.0, 0.0, NodeKind::Supervisor),
            at(SUP_W + 40.0, 0.0, NodeKind::Supervisor),
        ];
        let k = sup_boost(1.75, &side, 1.0, CELL_W);
        assert!(SUP_W * k < SUP_W + 40.0 && k > 1.1, "{k}");
        // A supervisor one level under another: box, pid and meter stay clear of it.
        let stacked = [
            at(0.0, 0.0, NodeKind::Supervisor),
            at(0.0, 130.0, NodeKind::DynamicSupervisor),
        ];
        let k = sup_boost(1.75, &stacked, 1.0, CELL_W);
        assert!(k < 1.45 && k > 1.3, "{k}");
        assert!(48.0 * k + 18.0 < 130.0 - SUP_H / 2.0 * k);
    }

    #[test]
    fn the_label_boost_undoes_the_fit_within_the_cell() {
        assert_eq!(boost_for(1.0, 1.0, 1, CELL_W * 1.0), 1.0);
        let k = boost_for(0.8, 1.0, 1, CELL_W * 1.0);
        assert!((k - 1.25).abs() < 1e-9, "{k}");
        // Large type aims at 28 px from 24 units even when nothing is shrunk.
        assert!((boost_for(1.0, 1.6, 4, CELL_W * 1.6) - 28.0 / 24.0).abs() < 1e-9);
        // A long label cannot outgrow its cell (but the boost never goes below 1).
        let k = boost_for(0.5, 1.0, 12, CELL_W * 1.0);
        assert!(0.62 * 15.0 * 12.0 * k <= CELL_W * 0.95 + 1e-9, "{k}");
        assert_eq!(boost_for(0.5, 1.0, 40, CELL_W * 1.0), 1.0);
        // A wider cell lets the same label grow further.
        assert!(boost_for(0.5, 1.0, 12, CELL_W * 1.4) > k * 1.3);
    }
}
