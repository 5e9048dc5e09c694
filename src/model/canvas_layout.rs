//! The canvas stage's layout of a big tree (pure): each supervisor is a box, and all the
//! workers directly under one supervisor form one grid of cells (a block) below it, so a
//! supervisor with thousands of children is one rectangle, not a wide row. Supervisor
//! children sit side by side to the right of their parent's block. Positions are in world
//! units; the cost is one pass over the tree (a cell's place is arithmetic), and so is
//! hit-testing a point, which first finds the block or box and then the cell by division.

use otp_sim::{NodeKind, TreeNode};

/// A worker's cell (world units): wide enough for a label under its dot.
pub const CELL_W: f64 = 72.0;
pub const CELL_H: f64 = 44.0;
/// A supervisor's box.
pub const BOX_W: f64 = 180.0;
pub const BOX_H: f64 = 48.0;
/// Room between siblings and between a box and what hangs below it.
pub const GAP: f64 = 48.0;
pub const LEVEL: f64 = 70.0;
/// Column-shape factors tried (a grid of n cells gets about √(n·g) columns): the one whose
/// whole tree comes closest to the stage's shape wins.
const SHAPES: &[f64] = &[0.06, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// A supervisor (or a lone worker at the root) drawn as a box.
#[derive(Clone, Debug, PartialEq)]
pub struct SupBox {
    /// Pre-order index of the process (as in `frame::flatten` and `layout::Layout`).
    pub idx: usize,
    /// Centre.
    pub x: f64,
    pub y: f64,
    /// The box of its supervisor, if any.
    pub parent: Option<usize>,
    /// The horizontal extent of its whole subtree: how much room its label may take.
    pub left: f64,
    pub right: f64,
    /// Its block of workers, if it has any (index into `grids`).
    pub grid: Option<usize>,
    /// Where its subtree ends (bottom), for zooming to it.
    pub bottom: f64,
}

/// The workers of one supervisor, as a grid of cells in start order, row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The supervisor's box.
    pub owner: usize,
    /// Top-left corner.
    pub x: f64,
    pub y: f64,
    pub cols: usize,
    pub rows: usize,
    /// Pre-order indices of its workers, in order.
    pub members: Vec<usize>,
}

impl Grid {
    pub fn width(&self) -> f64 {
        self.cols as f64 * CELL_W
    }
    pub fn height(&self) -> f64 {
        self.rows as f64 * CELL_H
    }
    /// Centre of the k-th member's cell.
    pub fn cell_centre(&self, k: usize) -> (f64, f64) {
        let cols = self.cols.max(1);
        let (r, c) = (k / cols, k % cols);
        (
            self.x + (c as f64 + 0.5) * CELL_W,
            self.y + (r as f64 + 0.5) * CELL_H,
        )
    }
}

/// Where one process is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    Box(usize),
    /// Grid, position in it.
    Cell(usize, usize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanvasLayout {
    pub boxes: Vec<SupBox>,
    pub grids: Vec<Grid>,
    /// By pre-order index: where each process is.
    pub locs: Vec<Loc>,
    pub width: f64,
    pub height: f64,
}

/// What a point on the stage is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A process (pre-order index): a supervisor's box or a worker's cell.
    Process(usize),
    /// A block's area where no cell is (past its last member).
    Block(usize),
}

fn is_leaf_worker(n: &TreeNode) -> bool {
    n.kind == NodeKind::Worker && n.children.is_empty()
}

fn cols_for(n: usize, shape: f64) -> usize {
    if n == 0 {
        return 0;
    }
    ((n as f64 * shape).sqrt().ceil() as usize).clamp(1, n)
}

/// A subtree as the layout sees it: how many leaf workers hang directly under it (its
/// block), and its other children. Measured in one walk, so that trying each candidate
/// shape walks the supervisors only, not every worker (at 100,000 processes, measuring
/// the eight shapes over the whole tree took 25–56 ms in wasm).
struct Skeleton {
    workers: usize,
    subs: Vec<Skeleton>,
}

impl Skeleton {
    fn of(n: &TreeNode) -> Skeleton {
        let mut workers = 0;
        let mut subs = Vec::new();
        for c in &n.children {
            if is_leaf_worker(c) {
                workers += 1;
            } else {
                subs.push(Skeleton::of(c));
            }
        }
        Skeleton { workers, subs }
    }

    /// The width the subtree needs.
    fn width(&self, shape: f64) -> f64 {
        let mut w = cols_for(self.workers, shape) as f64 * CELL_W;
        for c in &self.subs {
            if w > 0.0 {
                w += GAP;
            }
            w += c.width(shape);
        }
        w.max(BOX_W)
    }

    /// The height the subtree needs: what `Builder::place` returns as its bottom, measured
    /// from its top, without placing anything.
    fn height(&self, shape: f64) -> f64 {
        let mut h = BOX_H;
        if self.workers > 0 {
            let cols = cols_for(self.workers, shape);
            h = h.max(BOX_H + LEVEL + self.workers.div_ceil(cols) as f64 * CELL_H);
        }
        for c in &self.subs {
            h = h.max(BOX_H + LEVEL + c.height(shape));
        }
        h
    }
}

/// A fingerprint of the tree's structure (ids, kinds and nesting, in pre-order), which is
/// all the layout depends on: the stage lays a tree out again only when it changes, not
/// on every frame (a layout of 100,000 processes takes tens of ms in wasm).
pub fn shape_key(root: &TreeNode) -> u64 {
    let mut key = ShapeKey::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        key.add(n);
        stack.extend(n.children.iter().rev());
    }
    key.finish()
}

/// `shape_key` taken one node at a time, in pre-order: a walk that reads every node
/// anyway (`layout::in_order_with`) computes it on the way, while each node's id is at
/// hand (at 100,000 processes a walk of its own took ~18 ms natively, most of it reaching
/// the ids).
pub struct ShapeKey(u64);

impl ShapeKey {
    pub fn new() -> ShapeKey {
        ShapeKey(0xcbf2_9ce4_8422_2325)
    }

    pub fn add(&mut self, n: &TreeNode) {
        // FNV-1a: fixed, so the key is the same in every run and build.
        fn mix(h: &mut u64, bytes: &[u8]) {
            for b in bytes {
                *h ^= u64::from(*b);
                *h = h.wrapping_mul(0x100_0000_01b3);
            }
        }
        mix(&mut self.0, n.id.as_bytes());
        let kind = match n.kind {
            NodeKind::Worker => 0u8,
            NodeKind::Supervisor => 1,
            _ => 2,
        };
        mix(&mut self.0, &[kind]);
        mix(&mut self.0, &(n.children.len() as u64).to_le_bytes());
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for ShapeKey {
    fn default() -> ShapeKey {
        ShapeKey::new()
    }
}

struct Builder<'a> {
    out: &'a mut CanvasLayout,
    shape: f64,
    next: usize,
}

impl Builder<'_> {
    /// Places `n` (pre-order index `self.next`, measured as `sk`) with its subtree in
    /// [left, left + w).
    fn place(
        &mut self,
        n: &TreeNode,
        sk: &Skeleton,
        left: f64,
        top: f64,
        parent: Option<usize>,
    ) -> f64 {
        let w = sk.width(self.shape);
        let idx = self.next;
        self.next += 1;
        let me = self.out.boxes.len();
        self.out.locs.push(Loc::Box(me));
        self.out.boxes.push(SupBox {
            idx,
            x: left + w / 2.0,
            y: top + BOX_H / 2.0,
            parent,
            left,
            right: left + w,
            grid: None,
            bottom: top + BOX_H,
        });
        let child_top = top + BOX_H + LEVEL;
        let workers = sk.workers;
        let cols = cols_for(workers, self.shape);
        let sub_w: f64 = sk.subs.iter().map(|c| c.width(self.shape) + GAP).sum();
        let used = cols as f64 * CELL_W + if workers > 0 { sub_w } else { sub_w - GAP };
        let mut x = left + ((w - used) / 2.0).max(0.0);
        let mut bottom = top + BOX_H;
        let grid = (workers > 0).then(|| {
            let g = self.out.grids.len();
            self.out.grids.push(Grid {
                owner: me,
                x,
                y: child_top,
                cols,
                rows: workers.div_ceil(cols),
                members: Vec::with_capacity(workers),
            });
            x += cols as f64 * CELL_W + GAP;
            bottom = bottom.max(child_top + self.out.grids[g].height());
            g
        });
        self.out.boxes[me].grid = grid;
        // Children in start order: each worker takes the next cell, each supervisor the next
        // column to the right of the block (its skeleton is the next of `sk.subs`).
        let mut subs = sk.subs.iter();
        for c in &n.children {
            if let (true, Some(g)) = (is_leaf_worker(c), grid) {
                let k = self.out.grids[g].members.len();
                self.out.grids[g].members.push(self.next);
                self.out.locs.push(Loc::Cell(g, k));
                self.next += 1;
            } else if let Some(csk) = subs.next() {
                let cw = csk.width(self.shape);
                let b = self.place(c, csk, x, child_top, Some(me));
                bottom = bottom.max(b);
                x += cw + GAP;
            }
        }
        self.out.boxes[me].bottom = bottom;
        bottom
    }
}

fn layout_with(root: &TreeNode, sk: &Skeleton, shape: f64) -> CanvasLayout {
    let mut out = CanvasLayout::default();
    let mut b = Builder {
        out: &mut out,
        shape,
        next: 0,
    };
    let bottom = b.place(root, sk, 0.0, 0.0, None);
    out.width = sk.width(shape);
    out.height = bottom;
    out
}

/// Lays a tree out for a stage of this width:height.
pub fn layout(root: &TreeNode, aspect: f64) -> CanvasLayout {
    let target = if aspect.is_finite() && aspect > 0.1 {
        aspect
    } else {
        2.0
    };
    // Measure every candidate shape, lay out only the best.
    let sk = Skeleton::of(root);
    let mut best: Option<(f64, f64)> = None;
    for &shape in SHAPES {
        let (w, h) = (sk.width(shape), sk.height(shape));
        let off = (w / h.max(1.0) / target).ln().abs();
        if best.is_none_or(|(b, _)| off < b - 1e-9) {
            best = Some((off, shape));
        }
    }
    best.map(|(_, shape)| layout_with(root, &sk, shape))
        .unwrap_or_default()
}

impl CanvasLayout {
    /// The centre of a process's box or cell.
    pub fn centre(&self, idx: usize) -> Option<(f64, f64)> {
        Some(match *self.locs.get(idx)? {
            Loc::Box(b) => (self.boxes[b].x, self.boxes[b].y),
            Loc::Cell(g, k) => self.grids[g].cell_centre(k),
        })
    }

    /// The box that owns a process: itself if it is a supervisor, else its block's owner.
    pub fn owner_box(&self, idx: usize) -> Option<usize> {
        Some(match *self.locs.get(idx)? {
            Loc::Box(b) => b,
            Loc::Cell(g, _) => self.grids[g].owner,
        })
    }

    /// What the world point (x, y) is over, if anything.
    pub fn hit(&self, x: f64, y: f64) -> Option<Hit> {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        for g in &self.grids {
            if x >= g.x && x < g.x + g.width() && y >= g.y && y < g.y + g.height() {
                let c = ((x - g.x) / CELL_W) as usize;
                let r = ((y - g.y) / CELL_H) as usize;
                let k = r * g.cols + c.min(g.cols.saturating_sub(1));
                return Some(match g.members.get(k) {
                    Some(&idx) => Hit::Process(idx),
                    None => Hit::Block(g.owner),
                });
            }
        }
        self.boxes
            .iter()
            .find(|b| (x - b.x).abs() <= BOX_W / 2.0 && (y - b.y).abs() <= BOX_H / 2.0)
            .map(|b| Hit::Process(b.idx))
    }

    /// The world rectangle (left, top, right, bottom) of a box's whole subtree.
    pub fn subtree_rect(&self, b: usize) -> Option<(f64, f64, f64, f64)> {
        let sb = self.boxes.get(b)?;
        Some((sb.left, sb.y - BOX_H / 2.0, sb.right, sb.bottom))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use otp_sim::{Scenario, Sim};

    pub(crate) fn tree_of(json: &str, us: u64) -> TreeNode {
        let mut sim = Sim::new(&Scenario::from_json(json).expect("valid"));
        sim.run_until(us);
        sim.tree()
    }

    fn five_thousand() -> TreeNode {
        tree_of(include_str!("../../scenarios/big_5000.json"), 1_000)
    }

    #[test]
    fn every_process_has_one_place_in_tree_order() {
        let tree = five_thousand();
        let mut flat = Vec::new();
        crate::model::walk::flatten(&tree, &mut flat);
        let l = layout(&tree, 2.0);
        assert_eq!(l.locs.len(), flat.len());
        assert_eq!(l.boxes.len(), 11, "the root and ten groups");
        assert_eq!(l.grids.len(), 10);
        assert_eq!(l.grids.iter().map(|g| g.members.len()).sum::<usize>(), 4990);
        for (i, loc) in l.locs.iter().enumerate() {
            match *loc {
                Loc::Box(b) => assert_eq!(l.boxes[b].idx, i),
                Loc::Cell(g, k) => assert_eq!(l.grids[g].members[k], i),
            }
        }
        // Blocks do not overlap one another.
        for (a, ga) in l.grids.iter().enumerate() {
            for gb in &l.grids[a + 1..] {
                let apart = ga.x + ga.width() <= gb.x
                    || gb.x + gb.width() <= ga.x
                    || ga.y + ga.height() <= gb.y
                    || gb.y + gb.height() <= ga.y;
                assert!(apart);
            }
        }
    }

    #[test]
    fn measuring_a_shape_agrees_with_laying_it_out() {
        // What was placed, read back from the boxes and blocks themselves.
        let extent = |l: &CanvasLayout| {
            let right = l.boxes.iter().map(|b| b.right).fold(0.0, f64::max);
            let bottom = l.boxes.iter().map(|b| b.bottom).fold(0.0, f64::max);
            let grids = l.grids.iter().map(|g| g.y + g.height()).fold(0.0, f64::max);
            (right, bottom.max(grids))
        };
        let small = tree_of(include_str!("../../scenarios/cache_one_for_one.json"), 0);
        for tree in [five_thousand(), small] {
            let sk = Skeleton::of(&tree);
            for &shape in SHAPES {
                let l = layout_with(&tree, &sk, shape);
                assert_eq!(sk.height(shape), l.height, "shape {shape}");
                assert_eq!(sk.width(shape), l.width);
                assert_eq!(extent(&l), (l.width, l.height), "shape {shape}");
            }
        }
    }

    #[test]
    fn the_key_changes_with_the_structure_only() {
        let a = tree_of(include_str!("../../scenarios/cache_one_for_one.json"), 0);
        let b = tree_of(
            include_str!("../../scenarios/cache_one_for_one.json"),
            3_000_000,
        );
        assert_eq!(shape_key(&a), shape_key(&b), "states and pids do not count");
        let mut c = a.clone();
        c.children.pop();
        assert_ne!(shape_key(&a), shape_key(&c));
        let mut d = a.clone();
        d.children.swap(0, 1);
        assert_ne!(shape_key(&a), shape_key(&d), "order counts");
    }

    #[test]
    fn the_shape_follows_the_stage() {
        let tree = five_thousand();
        let wide = layout(&tree, 3.0);
        let tall = layout(&tree, 0.8);
        let a = |l: &CanvasLayout| l.width / l.height;
        assert!(a(&wide) > a(&tall), "{} vs {}", a(&wide), a(&tall));
        assert!((a(&wide) / 3.0).ln().abs() < 0.7, "{}", a(&wide));
        assert_eq!(layout(&tree, f64::NAN), layout(&tree, 2.0));
    }

    #[test]
    fn a_point_hits_the_process_under_it_or_nothing() {
        let tree = five_thousand();
        let l = layout(&tree, 2.0);
        // Every process's own centre hits it.
        for i in (0..l.locs.len()).step_by(7).chain([0, l.locs.len() - 1]) {
            let (x, y) = l.centre(i).expect("placed");
            assert_eq!(l.hit(x, y), Some(Hit::Process(i)), "process {i}");
        }
        // A corner of a cell still belongs to it.
        let g = &l.grids[3];
        assert_eq!(
            l.hit(g.x + CELL_W + 0.5, g.y + 0.5),
            Some(Hit::Process(g.members[1]))
        );
        // Past the last member of a block: the block, not a process.
        let g = l.grids.iter().find(|g| g.members.len() % g.cols != 0);
        if let Some(g) = g {
            let (x, y) = (g.x + g.width() - 1.0, g.y + g.height() - 1.0);
            assert_eq!(l.hit(x, y), Some(Hit::Block(g.owner)));
        }
        // Outside everything, and nonsense points.
        assert_eq!(l.hit(-500.0, -500.0), None);
        assert_eq!(l.hit(f64::NAN, 3.0), None);
        assert_eq!(l.hit(f64::INFINITY, f64::INFINITY), None);
        assert_eq!(CanvasLayout::default().hit(0.0, 0.0), None);
    }

    #[test]
    fn a_subtree_rect_holds_its_block_and_boxes() {
        let l = layout(&five_thousand(), 2.0);
        let b = l.grids[2].owner;
        let (x0, y0, x1, y1) = l.subtree_rect(b).expect("a box");
        let g = &l.grids[2];
        assert!(g.x >= x0 && g.x + g.width() <= x1 + 1e-9);
        assert!(g.y >= y0 && g.y + g.height() <= y1 + 1e-9);
        assert_eq!(l.subtree_rect(999), None);
    }
}
