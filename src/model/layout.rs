//! Where each node of the supervision tree goes on the stage: a top-down tree with
//! children in start order, left to right. A supervisor with many leaf children (typically
//! a DynamicSupervisor) lays them out as rows that grow and wrap.

use otp_sim::{NodeKind, Pid, TreeNode};
use std::collections::HashMap;
use std::rc::Rc;

/// Horizontal room for one leaf.
pub const CELL_W: f64 = 150.0;
/// Vertical distance between levels.
pub const LEVEL_H: f64 = 130.0;
/// Leaf rows under one parent wrap after at most this many (fewer for large trees, so the
/// tree's shape stays close to the stage's).
pub const WRAP: usize = 12;
/// Leaf-row lengths tried.
const WRAPS: &[usize] = &[12, 8, 6, 4, 3];
/// The width:height the layout aims for until the stage has measured its own.
pub const DEFAULT_ASPECT: f64 = 2.2;
pub const WORKER_R: f64 = 24.0;
pub const SUP_W: f64 = 170.0;
pub const SUP_H: f64 = 52.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub id: Rc<str>,
    pub x: f64,
    pub y: f64,
    pub depth: usize,
    /// Index in the flattened tree (pre-order): the node's `tree` node.
    pub parent: Option<usize>,
    pub pid: Option<Pid>,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Pre-order: parents before children.
    pub nodes: Vec<Placed>,
    pub width: f64,
    pub height: f64,
    /// Width of a worker's cell (units, scale included): `CELL_W`, or wider when the stage
    /// is wider than the tree's shape, so that labels may grow into the room.
    pub cell: f64,
}

impl Layout {
    /// Position of a live pid.
    pub fn pid_positions(&self) -> HashMap<Pid, (f64, f64)> {
        self.nodes
            .iter()
            .filter_map(|n| n.pid.map(|p| (p, (n.x, n.y))))
            .collect()
    }
}

fn is_leaf(n: &TreeNode) -> bool {
    n.children.is_empty() && n.kind == NodeKind::Worker
}

/// Width a subtree needs, with worker cells `cell` wide.
fn width(n: &TreeNode, scale: f64, wrap: usize, cell: f64) -> f64 {
    if n.children.is_empty() {
        return if n.kind == NodeKind::Worker {
            cell
        } else {
            (SUP_W + 40.0) * scale
        };
    }
    if n.children.iter().all(is_leaf) {
        let per_row = n.children.len().min(wrap) as f64;
        return (per_row * cell).max((SUP_W + 40.0) * scale);
    }
    let sum: f64 = n.children.iter().map(|c| width(c, scale, wrap, cell)).sum();
    sum.max((SUP_W + 40.0) * scale)
}

/// How much wider than `CELL_W` a worker's cell may become.
const MAX_WIDEN: f64 = 1.6;

/// Lays the tree out. `scale` grows everything (large type); `aspect` is the stage's
/// width:height, which the leaf rows' wrapping aims for (a narrow stage beside a lesson
/// gets a taller tree that is shrunk less).
pub fn layout(root: &TreeNode, scale: f64, aspect: f64) -> Layout {
    let target = if aspect.is_finite() && aspect > 0.2 {
        aspect
    } else {
        DEFAULT_ASPECT
    };
    let cell = CELL_W * scale;
    let mut best: Option<(f64, usize, Layout)> = None;
    for &wrap in WRAPS {
        let l = layout_with(root, scale, wrap, cell);
        let aspect = l.width / l.height.max(1.0);
        let off = (aspect / target).ln().abs();
        if best.as_ref().is_none_or(|(b, _, _)| off < *b - 1e-9) {
            best = Some((off, wrap, l));
        }
        if aspect <= target {
            break; // narrower wraps only make it taller
        }
    }
    let Some((_, wrap, l)) = best else {
        return Layout::default();
    };
    // A tree narrower than the stage's shape is fitted by its height, leaving room at the
    // sides: wider cells spend it on the workers' labels, which may then grow (the label
    // boost is capped by the cell) instead of staying small in a wide, empty stage.
    let aspect = l.width / l.height.max(1.0);
    if aspect < target * 0.98 {
        let widen = (target / aspect).min(MAX_WIDEN);
        return layout_with(root, scale, wrap, cell * widen);
    }
    l
}

/// The "layout" of a tree the canvas stage draws (above `tuning::SVG_STAGE_MAX`
/// processes): no geometry, only the nodes in pre-order, each at (its index, 0). The
/// canvas lays the tree out itself (`canvas_layout`); what is kept is what the frame's other
/// users need — the order, parents, pids and kinds, and a distinct point per process, by
/// which flights find their ends (`canvas_flows::Endpoints`). One pass, where `layout`
/// tries five shapes (tens of ms at 100,000 processes, on every redraw).
pub fn in_order(root: &TreeNode) -> Layout {
    in_order_with(root, |_| {})
}

/// `in_order`, showing each node to `visit` on the way (pre-order).
pub fn in_order_with(root: &TreeNode, mut visit: impl FnMut(&TreeNode)) -> Layout {
    fn go(
        n: &TreeNode,
        depth: usize,
        parent: Option<usize>,
        out: &mut Layout,
        visit: &mut dyn FnMut(&TreeNode),
    ) {
        visit(n);
        let me = out.nodes.len();
        out.nodes.push(Placed {
            id: n.id.clone(),
            x: me as f64,
            y: 0.0,
            depth,
            parent,
            pid: n.pid,
            kind: n.kind,
        });
        for c in &n.children {
            go(c, depth + 1, Some(me), out, visit);
        }
    }
    let mut out = Layout::default();
    go(root, 0, None, &mut out, &mut visit);
    out.width = out.nodes.len() as f64;
    out.height = 1.0;
    out.cell = CELL_W;
    out
}

fn layout_with(root: &TreeNode, scale: f64, wrap: usize, cell: f64) -> Layout {
    let mut out = Layout::default();
    let w = width(root, scale, wrap, cell);
    place(root, 0.0, w, 0, None, scale, wrap, cell, &mut out, 0.0);
    out.width = w;
    out.cell = cell;
    out.height = out.nodes.iter().map(|n| n.y).fold(0.0, f64::max) + LEVEL_H * scale * 0.6;
    out
}

#[allow(clippy::too_many_arguments)]
fn place(
    n: &TreeNode,
    left: f64,
    w: f64,
    depth: usize,
    parent: Option<usize>,
    scale: f64,
    wrap: usize,
    cell: f64,
    out: &mut Layout,
    y: f64,
) {
    let y = if depth == 0 { SUP_H * scale } else { y };
    let me = out.nodes.len();
    out.nodes.push(Placed {
        id: n.id.clone(),
        x: left + w / 2.0,
        y,
        depth,
        parent,
        pid: n.pid,
        kind: n.kind,
    });
    if n.children.is_empty() {
        return;
    }
    let child_y = y + LEVEL_H * scale;
    if n.children.iter().all(is_leaf) {
        // Rows of up to WRAP, centred under the parent.
        for (row, chunk) in n.children.chunks(wrap).enumerate() {
            let row_w = chunk.len() as f64 * cell;
            let row_left = left + (w - row_w) / 2.0;
            for (i, c) in chunk.iter().enumerate() {
                let cy = child_y + row as f64 * LEVEL_H * scale * 0.85;
                place(
                    c,
                    row_left + i as f64 * cell,
                    cell,
                    depth + 1,
                    Some(me),
                    scale,
                    wrap,
                    cell,
                    out,
                    cy,
                );
            }
        }
        return;
    }
    let total: f64 = n.children.iter().map(|c| width(c, scale, wrap, cell)).sum();
    let mut x = left + (w - total) / 2.0;
    for c in &n.children {
        let cw = width(c, scale, wrap, cell);
        place(
            c,
            x,
            cw,
            depth + 1,
            Some(me),
            scale,
            wrap,
            cell,
            out,
            child_y,
        );
        x += cw;
    }
}

/// The height the stage keeps for a laid-out tree at scale `s`: its rows, the room under the
/// last row for the lowest workers' text (which grows with the label boost `k`), and the band
/// above the root for its pid and meter.
pub fn content_height(lay: &Layout, s: f64, k: f64) -> f64 {
    let under =
        (lay.height + 50.0).max(lay.height - LEVEL_H * s * 0.6 + s * (24.0 + 60.0 * k) + 12.0);
    under + 70.0 * s
}

/// The centre of the drawn tree, in layout units: zoom and pan turn around it, so a pan of
/// `centre - point` puts `point` in the middle of the stage.
pub fn content_centre(lay: &Layout, s: f64, k: f64) -> (f64, f64) {
    (lay.width / 2.0, -70.0 * s + content_height(lay, s, k) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_sim::{Scenario, Sim};

    /// The tree of a scenario after `us` µs.
    fn tree_at(json: &str, us: u64) -> TreeNode {
        let mut sim = Sim::new(&Scenario::from_json(json).expect("valid"));
        sim.run_until(us);
        sim.tree()
    }

    #[test]
    fn in_order_keeps_the_nodes_of_the_layout_at_distinct_points() {
        let tree = tree_at(include_str!("../../scenarios/big_200.json"), 50_000);
        let full = layout(&tree, 1.0, 2.0);
        let quick = in_order(&tree);
        let facts = |l: &Layout| -> Vec<_> {
            l.nodes
                .iter()
                .map(|n| (n.id.clone(), n.depth, n.parent, n.pid, n.kind))
                .collect()
        };
        assert_eq!(facts(&quick), facts(&full));
        let mut points: Vec<_> = quick
            .nodes
            .iter()
            .map(|n| (n.x.to_bits(), n.y.to_bits()))
            .collect();
        points.sort_unstable();
        points.dedup();
        assert_eq!(points.len(), quick.nodes.len(), "one point per process");
    }

    #[test]
    fn a_stage_wider_than_the_tree_widens_the_cells() {
        let tree = tree_at(
            include_str!("../../scenarios/cache_one_for_one.json"),
            10_000,
        );
        // Three workers under one supervisor: about 2.5:1 at best.
        let fitting = layout(&tree, 1.0, 1.0);
        assert_eq!(fitting.cell, CELL_W);
        let wide = layout(&tree, 1.0, 6.0);
        assert!(
            wide.cell > CELL_W && wide.cell <= CELL_W * MAX_WIDEN,
            "{}",
            wide.cell
        );
        assert!(wide.width > fitting.width);
        assert_eq!(wide.height, fitting.height, "only the width changes");
    }

    #[test]
    fn a_narrow_stage_gets_a_narrower_taller_tree() {
        let tree = tree_at(
            include_str!("../../scenarios/dynamic_workers.json"),
            2_000_000,
        );
        let wide = layout(&tree, 1.0, 3.0);
        let narrow = layout(&tree, 1.0, 1.0);
        assert_eq!(wide.nodes.len(), narrow.nodes.len());
        assert!(
            narrow.width < wide.width,
            "{} vs {}",
            narrow.width,
            wide.width
        );
        assert!(narrow.height > wide.height);
        // Nonsense aspects fall back to the default.
        assert_eq!(
            layout(&tree, 1.0, f64::NAN),
            layout(&tree, 1.0, DEFAULT_ASPECT)
        );
    }

    #[test]
    fn one_node_per_process_parents_first_and_no_overlap() {
        let tree = tree_at(
            include_str!("../../scenarios/cache_one_for_one.json"),
            10_000,
        );
        let l = layout(&tree, 1.0, DEFAULT_ASPECT);
        assert_eq!(l.nodes.len(), 4);
        for (i, n) in l.nodes.iter().enumerate() {
            if let Some(p) = n.parent {
                assert!(p < i);
                assert!(l.nodes[p].y < n.y);
            }
        }
        for a in &l.nodes {
            for b in &l.nodes {
                if a.id != b.id {
                    let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
                    assert!(
                        d >= CELL_W.min(LEVEL_H) * 0.99,
                        "{} and {} overlap",
                        a.id,
                        b.id
                    );
                }
            }
        }
    }
}
