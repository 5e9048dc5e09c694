//! The canvas stage's view and level of detail (pure): the view (zoom around a centre,
//! fitted to the stage), turning screen points into world points and back, zooming to a
//! subtree, and what is legible at the current scale — cells or aggregated blocks, dots,
//! worker labels, supervisor labels (always ≥ 11 px, drawn only where they fit) — and the
//! colour of each process state. The drawing (`ui/stage_canvas.rs`) only follows these.

use crate::model::canvas_layout::{BOX_H, CELL_H, CELL_W, CanvasLayout};
use otp_sim::NodeState;

/// Smallest legible text on the canvas (px).
pub const MIN_TEXT_PX: f64 = 11.0;
/// Below this cell height on screen (px) a block is drawn aggregated: one bar of status
/// counts instead of one mark per process.
pub const AGG_CELL_PX: f64 = 4.0;
/// From this cell height (px) a worker is a round dot with a ring, not a filled square.
pub const DOT_CELL_PX: f64 = 16.0;
/// Room around the tree when fitted (px).
pub const MARGIN_PX: f64 = 24.0;
/// Zoom range, relative to the fitted view.
pub const ZOOM_MIN: f64 = 0.5;
pub const ZOOM_MAX: f64 = 400.0;
/// A character's width as a share of the font size (the stage's sans-serif, a little generous).
const CHAR_W: f64 = 0.6;

/// What the stage shows: `zoom` × the fitted scale, centred on world point (cx, cy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub cx: f64,
    pub cy: f64,
}

impl View {
    /// The whole tree, centred.
    pub fn fitted(l: &CanvasLayout) -> View {
        View {
            zoom: 1.0,
            cx: l.width / 2.0,
            cy: l.height / 2.0,
        }
    }
}

/// Pixels per world unit of the fitted view on a stage `w` × `h` px.
pub fn fit_scale(l: &CanvasLayout, w: f64, h: f64) -> f64 {
    let kw = (w - 2.0 * MARGIN_PX).max(1.0) / l.width.max(1.0);
    let kh = (h - 2.0 * MARGIN_PX).max(1.0) / l.height.max(1.0);
    let k = kw.min(kh);
    if k.is_finite() && k > 0.0 { k } else { 1.0 }
}

/// The view's transform on a `w` × `h` stage: (pixels per unit, x offset, y offset), so
/// that screen = world × k + offset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Xf {
    pub k: f64,
    pub ox: f64,
    pub oy: f64,
}

impl Xf {
    pub fn new(l: &CanvasLayout, v: &View, w: f64, h: f64) -> Xf {
        let k = fit_scale(l, w, h) * v.zoom;
        Xf {
            k,
            ox: w / 2.0 - v.cx * k,
            oy: h / 2.0 - v.cy * k,
        }
    }
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        (x * self.k + self.ox, y * self.k + self.oy)
    }
    pub fn to_world(&self, px: f64, py: f64) -> (f64, f64) {
        ((px - self.ox) / self.k, (py - self.oy) / self.k)
    }
}

/// `v` zoomed by `f` keeping the world point under screen point (px, py) where it is.
pub fn zoom_at(l: &CanvasLayout, v: View, f: f64, px: f64, py: f64, w: f64, h: f64) -> View {
    if !(f.is_finite() && f > 0.0) {
        return v;
    }
    let xf = Xf::new(l, &v, w, h);
    let (wx, wy) = xf.to_world(px, py);
    let zoom = (v.zoom * f).clamp(ZOOM_MIN, ZOOM_MAX);
    let k = fit_scale(l, w, h) * zoom;
    // Solve px = wx·k + w/2 − cx·k for cx.
    View {
        zoom,
        cx: wx - (px - w / 2.0) / k,
        cy: wy - (py - h / 2.0) / k,
    }
}

/// `v` moved by a drag of (dx, dy) screen pixels.
pub fn pan_px(l: &CanvasLayout, v: View, dx: f64, dy: f64, w: f64, h: f64) -> View {
    let k = fit_scale(l, w, h) * v.zoom;
    if !(dx.is_finite() && dy.is_finite()) {
        return v;
    }
    // Never so far that the tree leaves the stage entirely.
    View {
        zoom: v.zoom,
        cx: (v.cx - dx / k).clamp(-l.width * 0.5, l.width * 1.5),
        cy: (v.cy - dy / k).clamp(-l.height * 0.5, l.height * 1.5),
    }
}

/// The most a zoom to a subtree enlarges (px per unit): a lone box is not blown up.
pub const SUBTREE_K_MAX: f64 = 1.6;

/// The view of a world rectangle (a subtree): its width fills the stage (up to
/// `SUBTREE_K_MAX`); a subtree taller than the stage is shown from its top, to be panned
/// down, one that fits is centred.
pub fn zoom_to(l: &CanvasLayout, rect: (f64, f64, f64, f64), w: f64, h: f64) -> View {
    let (x0, y0, x1, y1) = rect;
    let (rw, rh) = ((x1 - x0).max(CELL_W), (y1 - y0).max(CELL_H));
    let fit = fit_scale(l, w, h);
    let kw = (w - 2.0 * MARGIN_PX).max(1.0) / rw;
    let zoom = (kw.min(SUBTREE_K_MAX) / fit).clamp(ZOOM_MIN, ZOOM_MAX);
    let k = fit * zoom;
    let cy = if rh * k <= h - 2.0 * MARGIN_PX {
        (y0 + y1) / 2.0
    } else {
        y0 + (h / 2.0 - MARGIN_PX) / k
    };
    View {
        zoom,
        cx: (x0 + x1) / 2.0,
        cy,
    }
}

/// How a block of workers is drawn at `k` px per unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockDetail {
    /// One bar of counts by status (cells would be smaller than `AGG_CELL_PX`).
    Aggregated,
    /// One filled square per process.
    Cells,
    /// A dot per process, with its label where it fits.
    Dots,
}

pub fn block_detail(k: f64) -> BlockDetail {
    let cell = CELL_H * k;
    if cell < AGG_CELL_PX {
        BlockDetail::Aggregated
    } else if cell < DOT_CELL_PX {
        BlockDetail::Cells
    } else {
        BlockDetail::Dots
    }
}

/// Estimated width (px) of `chars` characters at `font` px.
pub fn text_w(chars: usize, font: f64) -> f64 {
    chars as f64 * CHAR_W * font
}

/// The font size (px) of a worker's label at `k` px per unit, if it is legible (≥ 11 px)
/// and fits its cell; `None`: no label.
pub fn worker_label_px(k: f64, chars: usize) -> Option<f64> {
    if block_detail(k) != BlockDetail::Dots {
        return None;
    }
    let font = (CELL_H * k * 0.3).min(14.0);
    (font >= MIN_TEXT_PX && text_w(chars, font) <= CELL_W * k * 0.96).then_some(font)
}

/// The font size (px) of a supervisor's label: it scales with the box but never below
/// 11 px, and is drawn only if it fits in `room_px` (the width of its subtree on screen,
/// which no other label uses).
pub fn sup_label_px(k: f64, room_px: f64, chars: usize) -> Option<f64> {
    let font = (BOX_H * k * 0.34).clamp(MIN_TEXT_PX, 16.0);
    (text_w(chars, font) <= room_px - 4.0).then_some(font)
}

/// A box's second line (strategy, counts) is drawn when the box itself is this legible.
pub fn sup_detail(k: f64) -> bool {
    BOX_H * k * 0.26 >= MIN_TEXT_PX
}

/// The fill of a process in this state, the SVG stage's colours (`static/app.css`).
pub fn fill(s: NodeState) -> &'static str {
    match s {
        NodeState::Waiting => "#dbeefa",
        NodeState::Busy => "#009E73",
        NodeState::Runnable => "#F0E442",
        NodeState::Suspended => "#d9d9d9",
        NodeState::Starting => "#f4d6e8",
        NodeState::Terminating => "#fde4b8",
        NodeState::Restarting => "#E69F00",
        NodeState::Terminated => "#ffffff",
        NodeState::Dead => "#D55E00",
        NodeState::Exited => "#f3c2a8",
        NodeState::NotStarted => "#f2f2f2",
    }
}

/// Every state, in the order the canvas paints them (one path per state and frame).
pub const STATES: [NodeState; 11] = [
    NodeState::Waiting,
    NodeState::Busy,
    NodeState::Runnable,
    NodeState::Suspended,
    NodeState::Starting,
    NodeState::Terminating,
    NodeState::Restarting,
    NodeState::Terminated,
    NodeState::Dead,
    NodeState::Exited,
    NodeState::NotStarted,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::canvas_layout::{CanvasLayout, layout};
    use otp_sim::{Scenario, Sim};

    fn big(name: &str) -> CanvasLayout {
        let json = match name {
            "1000" => include_str!("../../scenarios/big_1000.json"),
            _ => include_str!("../../scenarios/big_5000.json"),
        };
        let mut sim = Sim::new(&Scenario::from_json(json).expect("valid"));
        sim.run_until(1_000);
        layout(&sim.tree(), 1280.0 / 560.0)
    }

    #[test]
    fn the_fitted_view_of_5000_processes_draws_cells_and_legible_supervisor_names() {
        let l = big("5000");
        let (w, h) = (1280.0, 560.0);
        let xf = Xf::new(&l, &View::fitted(&l), w, h);
        // Every process still has a mark of its own, and the tree fills the stage.
        assert_eq!(block_detail(xf.k), BlockDetail::Cells);
        let (x0, y0) = xf.to_screen(0.0, 0.0);
        let (x1, y1) = xf.to_screen(l.width, l.height);
        assert!(x0 >= MARGIN_PX - 0.01 && x1 <= w - MARGIN_PX + 0.01);
        assert!(y0 >= MARGIN_PX - 0.01 && y1 <= h - MARGIN_PX + 0.01);
        assert!(
            (x1 - x0 - (w - 2.0 * MARGIN_PX)).abs() < 1.0
                || (y1 - y0 - (h - 2.0 * MARGIN_PX)).abs() < 1.0
        );
        // Every supervisor's name ("group_9", "root_sup") fits at ≥ 11 px.
        for b in &l.boxes {
            let room = (b.right - b.left) * xf.k;
            let font = sup_label_px(xf.k, room, "root_sup".len());
            assert!(font.is_some_and(|f| f >= MIN_TEXT_PX), "room {room}");
        }
        // No worker label there (it would be illegible).
        assert_eq!(worker_label_px(xf.k, "client_9_498".len()), None);
    }

    #[test]
    fn labels_appear_only_when_legible_and_blocks_aggregate_when_tiny() {
        // Far out: aggregated, no labels.
        assert_eq!(block_detail(0.05), BlockDetail::Aggregated);
        assert_eq!(worker_label_px(0.05, 5), None);
        // Cells but still no text.
        assert_eq!(block_detail(0.2), BlockDetail::Cells);
        assert_eq!(worker_label_px(0.2, 5), None);
        // Near: dots, and a label at ≥ 11 px when it fits its cell.
        assert_eq!(block_detail(1.0), BlockDetail::Dots);
        let f = worker_label_px(1.0, 8).expect("legible");
        assert!((MIN_TEXT_PX..=14.0).contains(&f));
        assert_eq!(worker_label_px(1.0, 40), None, "too long for its cell");
        // A supervisor label is never below 11 px, and only where it fits.
        assert_eq!(sup_label_px(0.01, 500.0, 8), Some(MIN_TEXT_PX));
        assert_eq!(sup_label_px(0.01, 30.0, 8), None);
        assert!(sup_label_px(10.0, 1e6, 8).is_some_and(|f| f <= 16.0));
        assert!(!sup_detail(0.2) && sup_detail(1.0));
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_stays_in_range() {
        let l = big("1000");
        let (w, h) = (1000.0, 600.0);
        let v = View::fitted(&l);
        let before = Xf::new(&l, &v, w, h).to_world(300.0, 200.0);
        let z = zoom_at(&l, v, 2.0, 300.0, 200.0, w, h);
        assert!((z.zoom - 2.0).abs() < 1e-9);
        let after = Xf::new(&l, &z, w, h).to_world(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-6 && (before.1 - after.1).abs() < 1e-6);
        assert_eq!(zoom_at(&l, v, 1e9, 0.0, 0.0, w, h).zoom, ZOOM_MAX);
        assert_eq!(zoom_at(&l, v, 1e-9, 0.0, 0.0, w, h).zoom, ZOOM_MIN);
        assert_eq!(zoom_at(&l, v, f64::NAN, 0.0, 0.0, w, h), v);
        // A drag moves the world with the pointer.
        let p = pan_px(&l, v, 50.0, 0.0, w, h);
        let xf = Xf::new(&l, &p, w, h);
        let (sx, _) = xf.to_screen(v.cx, v.cy);
        assert!((sx - (w / 2.0 + 50.0)).abs() < 1e-6);
        assert_eq!(pan_px(&l, v, f64::NAN, 1.0, w, h), v);
    }

    #[test]
    fn zoom_to_a_subtree_fills_the_stage_with_it() {
        let l = big("5000");
        let (w, h) = (1280.0, 560.0);
        let b = l.grids[4].owner;
        let rect = l.subtree_rect(b).expect("box");
        let v = zoom_to(&l, rect, w, h);
        let xf = Xf::new(&l, &v, w, h);
        let (x0, y0) = xf.to_screen(rect.0, rect.1);
        let (x1, y1) = xf.to_screen(rect.2, rect.3);
        // Its width fills the stage (or it is as large as a subtree gets), from its top.
        assert!(
            x0 >= MARGIN_PX - 0.5 && x1 <= w - MARGIN_PX + 0.5,
            "{x0} {x1}"
        );
        assert!((x1 - x0) >= w - 2.0 * MARGIN_PX - 1.0 || (xf.k - SUBTREE_K_MAX).abs() < 1e-9);
        assert!(
            (y0 - MARGIN_PX).abs() < 0.5 || (y1 <= h - MARGIN_PX + 0.5),
            "{y0} {y1}"
        );
        assert!(v.zoom > 1.5, "one group of ten is zoomed in: {}", v.zoom);
        // A lone box is not blown up.
        let b = l.boxes[0].idx;
        let (bx, by) = l.centre(b).expect("placed");
        let tiny = zoom_to(&l, (bx - 10.0, by - 10.0, bx + 10.0, by + 10.0), w, h);
        assert!(Xf::new(&l, &tiny, w, h).k <= SUBTREE_K_MAX + 1e-9);
        // Zoomed to a group, its workers are drawn one by one.
        assert_ne!(block_detail(xf.k), BlockDetail::Aggregated);
    }

    #[test]
    fn a_degenerate_stage_or_tree_gives_a_finite_view() {
        let empty = CanvasLayout::default();
        let k = fit_scale(&empty, 0.0, 0.0);
        assert!(k.is_finite() && k > 0.0);
        let xf = Xf::new(&empty, &View::fitted(&empty), 0.0, 0.0);
        assert!(xf.k.is_finite() && xf.ox.is_finite());
    }
}
