//! The canvas stage for big trees: the same frame the SVG stage draws, painted with Canvas
//! 2D from wasm (crisp at any devicePixelRatio, resized with the stage), with the level of
//! detail, hit-testing, view and flow summaries of `model::canvas_*`. Its own view (zoom up
//! to 400× the fitted one, for trees of 100,000), pointer gestures through
//! `model::gesture`, wheel and keys (+ / − / 0, Enter on the focused canvas), a click
//! selects as on the SVG stage, a double-click zooms to a subtree; beside it, a summary per
//! supervisor for screen readers and the selected process in words. In the full bundle
//! only (`ui::extras`).

use crate::model::canvas_flows::{Band, End, Endpoints, anchor, band_px, bands};
use crate::model::canvas_layout::{BOX_H, BOX_W, CELL_H, CELL_W, CanvasLayout, Hit, Loc, layout};
use crate::model::canvas_lod::{
    BlockDetail, STATES, View, Xf, block_detail, fill, pan_px, sup_detail, sup_label_px, text_w,
    worker_label_px, zoom_at, zoom_to,
};
use crate::model::canvas_summary::{Counts, block_counts, describe};
use crate::model::canvas_ties::{CanvasTie, End as TieEnd};
use crate::model::frame::flatten;
use crate::model::gesture::{Gesture, Out as GestureOut};
use crate::model::logtext::node_label;
use crate::model::ties::TieKind;
use crate::model::tuning::MAILBOX_WARN;
use crate::ui::shared::Shared;
use crate::ui::stage::{StageProps, short_pid, state_words};
use otp_sim::{NodeKind, NodeState, TreeNode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d as Ctx, HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent,
};
use yew::prelude::*;

/// What the last paint measured, for the tests and the benchmark (`data-*` attributes).
#[derive(Clone, Copy, Default, PartialEq)]
struct Painted {
    detail: Option<BlockDetail>,
    /// The smallest supervisor label drawn (px), if any.
    sup_label_px: Option<f64>,
    sup_labels: usize,
    bands: usize,
    /// Links and monitors of the selected process painted, and how many of them end at
    /// the list of processes outside the tree.
    ties: usize,
    ties_outside: usize,
}

/// Local view state: `None` is the fitted view.
#[derive(Default)]
struct ViewState {
    view: Option<View>,
    /// The selection the view last followed (a key selecting an off-screen process moves
    /// the view to it).
    followed: Option<Rc<str>>,
    /// A pointer went down and moved: the click that follows is the end of a drag.
    dragged: bool,
}

fn ctx_of(canvas: &HtmlCanvasElement) -> Option<Ctx> {
    canvas.get_context("2d").ok()??.dyn_into::<Ctx>().ok()
}

#[function_component(CanvasStage)]
pub fn canvas_stage(p: &StageProps) -> Html {
    let canvas_ref = use_node_ref();
    let gesture = use_mut_ref(Gesture::default);
    let vs = use_mut_ref(ViewState::default);
    let painted = use_state(Painted::default);
    let force = use_force_update();
    // CSS size of the canvas, measured on mount and resize.
    let size = use_state(|| (900.0f64, 480.0f64));
    {
        let canvas_ref = canvas_ref.clone();
        let size = size.clone();
        let on_aspect = p.on_aspect.clone();
        use_effect_with((), move |_| {
            let measure = Rc::new(move || {
                if let Some(el) = canvas_ref.cast::<web_sys::Element>() {
                    let r = el.get_bounding_client_rect();
                    if r.width() > 0.0 && (r.width(), r.height()) != *size {
                        size.set((r.width(), r.height()));
                    }
                    if r.width() > 0.0 && r.height() > 0.0 {
                        on_aspect.emit(r.width() / r.height());
                    }
                }
            });
            measure();
            let m2 = measure.clone();
            let later = gloo::timers::callback::Timeout::new(250, move || m2());
            let l = gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                measure()
            });
            move || {
                drop(l);
                drop(later);
            }
        });
    }
    let (w, h) = *size;
    let frame = &p.frame;
    let mut flat: Vec<&TreeNode> = Vec::new();
    flatten(&frame.tree, &mut flat);
    // Laid out again only when the tree's structure or the stage's shape changes.
    let cl = {
        let aspect = w / h.max(1.0);
        use_memo((frame.tree_key, aspect.to_bits()), |_| {
            layout(&frame.tree, aspect)
        })
    };
    let sel_idx = p
        .selected
        .as_ref()
        .and_then(|id| flat.iter().position(|n| n.id == *id));
    // Follow a selection made elsewhere (keys, the inspector) when it is off the stage.
    {
        let mut v = vs.borrow_mut();
        if v.followed != p.selected {
            v.followed = p.selected.clone();
            if let Some((x, y)) = sel_idx.and_then(|i| cl.centre(i)) {
                let view = v.view.unwrap_or_else(|| View::fitted(&cl));
                let (sx, sy) = Xf::new(&cl, &view, w, h).to_screen(x, y);
                if !(0.0..=w).contains(&sx) || !(0.0..=h).contains(&sy) {
                    v.view = Some(View {
                        cx: x,
                        cy: y,
                        ..view
                    });
                }
            }
        }
    }
    let view = vs.borrow().view.unwrap_or_else(|| View::fitted(&cl));
    let xf = Xf::new(&cl, &view, w, h);
    // Paint after the DOM is in place, every render (a render is a new frame).
    {
        let canvas_ref = canvas_ref.clone();
        let cl = cl.clone();
        let frame = p.frame.clone();
        let flights = p.flights.clone();
        let painted = painted.clone();
        let selected = sel_idx;
        let selected_id = p.selected.clone();
        let search = p.search.clone();
        use_effect(move || {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                let dpr = gloo::utils::window().device_pixel_ratio().clamp(1.0, 4.0);
                let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
                if canvas.width() != bw || canvas.height() != bh {
                    canvas.set_width(bw);
                    canvas.set_height(bh);
                }
                if let Some(ctx) = ctx_of(&canvas) {
                    let mut flat = Vec::new();
                    flatten(&frame.tree, &mut flat);
                    let bands = if flights.is_empty() {
                        Vec::new()
                    } else {
                        bands(&cl, &Endpoints::new(&frame.layout), &flights)
                    };
                    let ties = selection_ties(&frame, &flat, selected, selected_id.as_ref());
                    let outside_at = |id: &str| outside_entry_at(&canvas, id);
                    let out = paint(&Paint {
                        ctx: &ctx,
                        dpr,
                        w,
                        h,
                        cl: &cl,
                        xf,
                        flat: &flat,
                        selected,
                        bands: &bands,
                        search: search.trim(),
                        ties: &ties,
                        outside_at: &outside_at,
                    });
                    if out != *painted {
                        painted.set(out);
                    }
                }
            }
        });
    }
    let set_view = {
        let vs = vs.clone();
        let force = force.clone();
        move |v: View| {
            vs.borrow_mut().view = Some(v);
            force.force_update();
        }
    };
    let onwheel = {
        let cl = cl.clone();
        let set_view = set_view.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let f = if e.delta_y() < 0.0 { 1.2 } else { 1.0 / 1.2 };
            let (x, y) = (e.offset_x() as f64, e.offset_y() as f64);
            set_view(zoom_at(&cl, view, f, x, y, w, h));
        })
    };
    let onpointerdown = {
        let gesture = gesture.clone();
        let vs = vs.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            vs.borrow_mut().dragged = false;
            gesture.borrow_mut().down(
                e.pointer_id(),
                e.client_x() as f64,
                e.client_y() as f64,
                js_sys::Date::now(),
            );
        })
    };
    let onpointermove = {
        let gesture = gesture.clone();
        let vs = vs.clone();
        let cl = cl.clone();
        let set_view = set_view.clone();
        Callback::from(move |e: PointerEvent| {
            let out = gesture.borrow_mut().moved(
                e.pointer_id(),
                e.client_x() as f64,
                e.client_y() as f64,
            );
            let cur = vs.borrow().view.unwrap_or(view);
            match out {
                Some(GestureOut::Pan(dx, dy)) => {
                    vs.borrow_mut().dragged = true;
                    set_view(pan_px(&cl, cur, dx, dy, w, h));
                }
                Some(GestureOut::Zoom(f)) => {
                    vs.borrow_mut().dragged = true;
                    set_view(zoom_at(&cl, cur, f, w / 2.0, h / 2.0, w, h));
                }
                None => {}
            }
        })
    };
    let onpointerup = {
        let gesture = gesture.clone();
        Callback::from(move |e: PointerEvent| gesture.borrow_mut().up(e.pointer_id()))
    };
    let hit_at = {
        let cl = cl.clone();
        move |x: f64, y: f64| {
            let (wx, wy) = xf.to_world(x, y);
            cl.hit(wx, wy)
        }
    };
    let id_of = {
        let ids: Rc<Vec<Rc<str>>> = Rc::new(flat.iter().map(|n| n.id.clone()).collect());
        move |i: usize| ids.get(i).cloned()
    };
    let onclick = {
        let vs = vs.clone();
        let hit_at = hit_at.clone();
        let id_of = id_of.clone();
        let on_select = p.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut vs.borrow_mut().dragged) {
                return;
            }
            if let Some(Hit::Process(i)) = hit_at(e.offset_x() as f64, e.offset_y() as f64)
                && let Some(id) = id_of(i)
            {
                on_select.emit(id);
            }
        })
    };
    let zoom_to_box = {
        let cl = cl.clone();
        let set_view = set_view.clone();
        move |b: usize| {
            if let Some(r) = cl.subtree_rect(b) {
                set_view(zoom_to(&cl, r, w, h));
            }
        }
    };
    let ondblclick = {
        let cl = cl.clone();
        let zoom_to_box = zoom_to_box.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let b = match hit_at(e.offset_x() as f64, e.offset_y() as f64) {
                Some(Hit::Process(i)) => cl.owner_box(i),
                Some(Hit::Block(b)) => Some(b),
                None => None,
            };
            if let Some(b) = b {
                zoom_to_box(b);
            }
        })
    };
    let fit = {
        let vs = vs.clone();
        let force = force.clone();
        move || {
            vs.borrow_mut().view = None;
            force.force_update();
        }
    };
    let onkeydown = {
        let cl = cl.clone();
        let set_view = set_view.clone();
        let fit = fit.clone();
        let zoom_to_box = zoom_to_box.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            match e.key().as_str() {
                "+" | "=" => set_view(zoom_at(&cl, view, 1.25, w / 2.0, h / 2.0, w, h)),
                "-" | "_" => set_view(zoom_at(&cl, view, 0.8, w / 2.0, h / 2.0, w, h)),
                "0" => fit(),
                "Enter" => {
                    if let Some(b) = sel_idx.and_then(|i| cl.owner_box(i)) {
                        zoom_to_box(b);
                    }
                }
                _ => return,
            }
            e.prevent_default();
        })
    };
    let zoom_in = {
        let cl = cl.clone();
        let set_view = set_view.clone();
        Callback::from(move |_| set_view(zoom_at(&cl, view, 1.25, w / 2.0, h / 2.0, w, h)))
    };
    let zoom_out = {
        let cl = cl.clone();
        let set_view = set_view.clone();
        Callback::from(move |_| set_view(zoom_at(&cl, view, 0.8, w / 2.0, h / 2.0, w, h)))
    };
    let recenter = Callback::from(move |_| fit());
    let detail = painted.detail.map_or("", |d| match d {
        BlockDetail::Aggregated => "aggregated",
        BlockDetail::Cells => "cells",
        BlockDetail::Dots => "dots",
    });
    // Where the first block is on screen, and its cells' size: the tests click cells.
    let first_block = cl.grids.first().map(|g| {
        let (x, y) = xf.to_screen(g.x, g.y);
        format!(
            "{x:.1} {y:.1} {:.2} {:.2} {}",
            CELL_W * xf.k,
            CELL_H * xf.k,
            g.cols
        )
    });
    let selected_words = sel_idx.and_then(|i| flat.get(i)).map(|n| {
        let owner = cl
            .owner_box(sel_idx.unwrap_or(0))
            .and_then(|b| cl.boxes.get(b))
            .filter(|b| b.idx != sel_idx.unwrap_or(0))
            .and_then(|b| flat.get(b.idx))
            .map(|o| format!(", under {}", node_label(o)))
            .unwrap_or_default();
        format!(
            "Selected {} {}{owner}: {}.",
            node_label(n),
            n.pid.map_or_else(|| "(no pid)".to_string(), short_pid),
            state_words(n.state)
        )
    });
    // The selected process's links and monitors in words (painted by `paint_ties`).
    let peers = frame.peers.as_deref();
    let tie_words = peers.and_then(|x| {
        let w = crate::model::canvas_ties::words(x)?;
        let undrawn = painted_more(x);
        Some(if undrawn > 0 {
            format!("{w}; {undrawn} not drawn")
        } else {
            w
        })
    });
    let roles = peers
        .map(crate::model::canvas_ties::outside_roles)
        .unwrap_or_default();
    html! {
        <section class="stage canvas-stage" aria-label="Stage: the supervision tree" data-testid="stage">
            <canvas ref={canvas_ref} class="stage-canvas" tabindex="0" role="img"
                aria-label={format!("Supervision tree of {} processes, drawn as blocks (a summary per supervisor follows). Wheel or + and − zoom, 0 fits, Enter zooms to the selected process's supervisor.", flat.len())}
                aria-describedby="canvas-summary"
                data-testid="stage-canvas" data-processes={flat.len().to_string()}
                data-zoom={format!("{:.3}", view.zoom)} data-k={format!("{:.4}", xf.k)}
                data-detail={detail} data-first-block={first_block}
                data-sup-label-px={painted.sup_label_px.map(|f| format!("{f:.1}"))}
                data-sup-labels={painted.sup_labels.to_string()}
                data-bands={painted.bands.to_string()}
                data-ties={painted.ties.to_string()}
                data-ties-outside={painted.ties_outside.to_string()}
                {onwheel} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                onpointercancel={onpointerup.clone()} onpointerleave={onpointerup}
                {onclick} {ondblclick} {onkeydown} />
            <div class="stage-tools" role="toolbar" aria-label="Zoom">
                <button onclick={zoom_in} title="Zoom in (wheel, +)" aria-label="Zoom in">{"+"}</button>
                <button onclick={zoom_out} title="Zoom out (wheel, −)" aria-label="Zoom out">{"−"}</button>
                <button onclick={recenter} title="Fit the whole tree (0)" data-testid="recenter">{"Re-centre"}</button>
            </div>
            <p class="canvas-caption" data-testid="canvas-selected" aria-live="polite">
                { selected_words.unwrap_or_else(|| format!("{} processes. Click one to select it; double-click a block to zoom to it.", flat.len())) }
                { tie_words.map(|t| html! { <span data-testid="canvas-ties">{format!(" {t}")}</span> }) }
            </p>
            { outside_list(&frame.outside, &p.selected, &p.on_select, &roles) }
            <CanvasSummary tree={Shared(frame.a11y_tree.clone())} />
        </section>
    }
}

/// The processes outside the tree, beside the canvas. The canvas's block grid is the
/// tree's own shape (`model::canvas_layout`), with no place for a process no supervisor
/// started, so they are listed here instead of painted: a button each, which selects it
/// (the inspector then shows it and its process actions, as on the SVG stage).
fn outside_list(
    out: &[crate::model::outside::Outside],
    sel: &Option<Rc<str>>,
    on_select: &Callback<Rc<str>>,
    roles: &std::collections::HashMap<Rc<str>, &'static str>,
) -> Html {
    if out.is_empty() {
        return html! {};
    }
    html! {
        <section class="canvas-outside" data-testid="canvas-outside" aria-label={crate::model::outside::TITLE}>
            <p class="title">{format!("{} ({})", crate::model::outside::TITLE, out.len())}</p>
            { for out.iter().map(|o| {
                let id = o.node.id.clone();
                let cb = on_select.clone();
                let pressed = sel.as_deref() == Some(&*id);
                html! {
                    <button key={id.to_string()} data-id={id.to_string()} aria-pressed={pressed.to_string()}
                        onclick={Callback::from(move |_| cb.emit(id.clone()))}>
                        {crate::model::outside::summary(o)}
                        { roles.get(&o.node.id).map(|r| html! { <em class="tie-role">{format!(" — {r}")}</em> }) }</button>
                }
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    tree: Shared<TreeNode>,
}

/// One line per supervisor for screen readers: refreshed with the accessible tree (twice a
/// second while playing), not every frame.
#[function_component(CanvasSummary)]
fn canvas_summary(p: &SummaryProps) -> Html {
    let mut flat = Vec::new();
    flatten(&p.tree, &mut flat);
    // Which processes each box and block holds, not where: any stage shape will do, and the
    // component renders only for a new accessible tree (no key to compute: that walk cost
    // as much as the layout).
    let cl = layout(&p.tree, 1.0);
    let lines = describe(&cl, &flat);
    html! {
        <div id="canvas-summary" class="sr-only" data-testid="canvas-summary">
            <p>{format!("{} processes under {} supervisors.", flat.len(), cl.boxes.len())}</p>
            <ul aria-label="Supervisors and their workers">
                { for lines.into_iter().map(|l| html! { <li>{l}</li> }) }
            </ul>
        </div>
    }
}

struct Paint<'a> {
    ctx: &'a Ctx,
    dpr: f64,
    w: f64,
    h: f64,
    cl: &'a CanvasLayout,
    xf: Xf,
    flat: &'a [&'a TreeNode],
    selected: Option<usize>,
    bands: &'a [Band],
    search: &'a str,
    /// The selected process's links and monitors (`model::canvas_ties`).
    ties: &'a [CanvasTie],
    /// Where a process outside the tree is listed, in the canvas's coordinates.
    outside_at: &'a dyn Fn(&str) -> Option<(f64, f64)>,
}

thread_local! {
    /// Per-state lists of cells, reused between frames (no allocation per frame).
    static BUCKETS: RefCell<Vec<Vec<(f64, f64)>>> = RefCell::new(vec![Vec::new(); STATES.len()]);
}

fn state_slot(s: NodeState) -> usize {
    STATES.iter().position(|x| *x == s).unwrap_or(0)
}

const INK: &str = "#222";
const EDGE: &str = "#9aa4ad";

fn paint(p: &Paint) -> Painted {
    let ctx = p.ctx;
    let xf = p.xf;
    let k = xf.k;
    let _ = ctx.set_transform(p.dpr, 0.0, 0.0, p.dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, p.w, p.h);
    let detail = block_detail(k);
    let mut out = Painted {
        detail: Some(detail),
        ..Painted::default()
    };
    let visible = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (a, b) = xf.to_screen(x0, y0);
        let (c, d) = xf.to_screen(x1, y1);
        c >= 0.0 && a <= p.w && d >= 0.0 && b <= p.h
    };
    // Edges: a box to each box under it and to its block.
    ctx.begin_path();
    ctx.set_stroke_style_str(EDGE);
    ctx.set_line_width(1.0);
    for b in &p.cl.boxes {
        let (x, y) = xf.to_screen(b.x, b.y + BOX_H / 2.0);
        if let Some(par) = b.parent.and_then(|i| p.cl.boxes.get(i)) {
            let (px, py) = xf.to_screen(par.x, par.y + BOX_H / 2.0);
            let (_, ty) = xf.to_screen(b.x, b.y - BOX_H / 2.0);
            let my = (py + ty) / 2.0;
            ctx.move_to(px, py);
            ctx.line_to(px, my);
            ctx.line_to(xf.to_screen(b.x, 0.0).0, my);
            ctx.line_to(xf.to_screen(b.x, 0.0).0, ty);
        }
        if let Some(g) = b.grid.and_then(|g| p.cl.grids.get(g)) {
            let (gx, gy) = xf.to_screen(g.x + g.width() / 2.0, g.y);
            let my = (y + gy) / 2.0;
            ctx.move_to(x, y);
            ctx.line_to(x, my);
            ctx.line_to(gx, my);
            ctx.line_to(gx, gy);
        }
    }
    ctx.stroke();
    let counts: Vec<Counts> = if detail == BlockDetail::Aggregated {
        block_counts(p.cl, p.flat)
    } else {
        Vec::new()
    };
    // Blocks of workers.
    for (gi, g) in p.cl.grids.iter().enumerate() {
        if !visible(g.x, g.y, g.x + g.width(), g.y + g.height()) {
            continue;
        }
        let (x0, y0) = xf.to_screen(g.x, g.y);
        let (gw, gh) = (g.width() * k, g.height() * k);
        match detail {
            BlockDetail::Aggregated => {
                paint_aggregated(ctx, x0, y0, gw, gh, counts.get(gi));
            }
            BlockDetail::Cells | BlockDetail::Dots => {
                paint_cells(p, g, detail);
            }
        }
    }
    // Supervisor boxes, and their labels where they fit.
    let show_sup_detail = sup_detail(k);
    for b in &p.cl.boxes {
        let Some(n) = p.flat.get(b.idx) else { continue };
        let (bw, bh) = ((BOX_W * k).max(6.0), (BOX_H * k).max(3.0));
        let (cx, cy) = xf.to_screen(b.x, b.y);
        let room = (b.right - b.left) * k;
        let label = node_label(n);
        let font = sup_label_px(k, room, label.chars().count());
        if cx + room / 2.0 < 0.0 || cx - room / 2.0 > p.w || cy + bh < -20.0 || cy - bh > p.h + 20.0
        {
            continue;
        }
        ctx.set_fill_style_str(match n.state {
            NodeState::Waiting | NodeState::Busy | NodeState::Runnable => "#eef4fb",
            s => fill(s),
        });
        ctx.set_stroke_style_str(if n.kind == NodeKind::DynamicSupervisor {
            "#0072B2"
        } else {
            "#444"
        });
        ctx.set_line_width(if Some(b.idx) == p.selected { 4.0 } else { 1.5 });
        ctx.fill_rect(cx - bw / 2.0, cy - bh / 2.0, bw, bh);
        ctx.stroke_rect(cx - bw / 2.0, cy - bh / 2.0, bw, bh);
        if let Some(f) = font {
            out.sup_labels += 1;
            out.sup_label_px = Some(out.sup_label_px.map_or(f, |m: f64| m.min(f)));
            ctx.set_font(&format!("600 {f:.1}px system-ui, sans-serif"));
            ctx.set_text_align("center");
            ctx.set_text_baseline("middle");
            ctx.set_fill_style_str(INK);
            // Inside its box when it fits there, else just above it (on its subtree's room).
            let inside = text_w(label.chars().count(), f) <= bw - 4.0 && f <= bh - 2.0;
            let ty = if inside {
                if show_sup_detail { cy - bh * 0.18 } else { cy }
            } else {
                cy - bh / 2.0 - f * 0.7
            };
            let _ = ctx.fill_text(&label, cx, ty);
            if show_sup_detail && inside {
                let what = match n.kind {
                    NodeKind::DynamicSupervisor => "DynamicSupervisor".to_string(),
                    _ => n.strategy.map(|s| s.as_str()).unwrap_or("").to_string(),
                };
                let line = format!(
                    "{what} {} ↻{}",
                    n.pid.map(short_pid).unwrap_or_default(),
                    n.restarts
                );
                let f2 = (f * 0.8).max(11.0);
                if text_w(line.chars().count(), f2) <= bw - 4.0 {
                    ctx.set_font(&format!("{f2:.1}px system-ui, sans-serif"));
                    let _ = ctx.fill_text(&line, cx, cy + bh * 0.22);
                }
            }
        }
    }
    // Message flows: one band per pair of subtrees.
    out.bands = p.bands.len();
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_font("600 11px system-ui, sans-serif");
    for band in p.bands {
        let (ax, ay) = xf.to_screen(anchor(p.cl, band.from).0, anchor(p.cl, band.from).1);
        let (bx, by) = xf.to_screen(anchor(p.cl, band.to).0, anchor(p.cl, band.to).1);
        let label = format!("{}", band.count);
        ctx.set_stroke_style_str("rgba(0, 114, 178, 0.45)");
        ctx.set_line_width(band_px(band.count));
        let (mx, my) = if band.from == band.to {
            // Within one block: a count on its top-right corner, clear of the labels.
            let corner = match band.from {
                End::Block(g) => {
                    p.cl.grids
                        .get(g)
                        .map(|g| xf.to_screen(g.x + g.width(), g.y))
                }
                _ => None,
            };
            let (cx, cy) = corner.unwrap_or((ax, ay));
            let tw = text_w(label.chars().count() + 2, 11.0) + 8.0;
            ctx.set_fill_style_str("rgba(0, 114, 178, 0.9)");
            ctx.fill_rect(cx - tw, cy + 1.0, tw, 16.0);
            ctx.set_fill_style_str("#fff");
            let _ = ctx.fill_text(&format!("⇄ {label}"), cx - tw / 2.0, cy + 9.0);
            continue;
        } else {
            ctx.begin_path();
            ctx.move_to(ax, ay);
            let cy = (ay.min(by)) - 30.0;
            ctx.quadratic_curve_to((ax + bx) / 2.0, cy, bx, by);
            ctx.stroke();
            ((ax + bx) / 2.0, (ay + by) / 2.0 - 15.0)
        };
        let tw = text_w(label.chars().count(), 11.0) + 8.0;
        ctx.set_fill_style_str("rgba(255,255,255,0.9)");
        ctx.fill_rect(mx - tw / 2.0, my - 8.0, tw, 16.0);
        ctx.set_fill_style_str("#004b75");
        let _ = ctx.fill_text(&label, mx, my);
    }
    (out.ties, out.ties_outside) = paint_ties(p);
    // The selected process: a ring, always visible whatever the level of detail.
    if let Some((x, y)) = p.selected.and_then(|i| p.cl.centre(i)) {
        let (sx, sy) = xf.to_screen(x, y);
        let is_box = matches!(p.cl.locs.get(p.selected.unwrap_or(0)), Some(Loc::Box(_)));
        let r = if is_box {
            (BOX_W * k / 2.0).max(8.0)
        } else {
            (CELL_H * k * 0.5).max(7.0)
        };
        ctx.begin_path();
        ctx.set_stroke_style_str("#0072B2");
        ctx.set_line_width(3.0);
        let _ = ctx.arc(sx, sy, r + 4.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
        ctx.begin_path();
        ctx.set_stroke_style_str("#fff");
        ctx.set_line_width(1.0);
        let _ = ctx.arc(sx, sy, r + 6.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
    out
}

/// The selected process's ties, found for this frame: its links and monitors from the
/// frame's `peers`, each end a cell or box of the tree, or an entry of the list of
/// processes outside it.
fn selection_ties(
    frame: &crate::model::frame::Frame,
    flat: &[&TreeNode],
    selected: Option<usize>,
    selected_id: Option<&Rc<str>>,
) -> Vec<CanvasTie> {
    let Some(peers) = frame.peers.as_deref() else {
        return Vec::new();
    };
    let sel = match (selected, selected_id) {
        (Some(i), _) => TieEnd::Tree(i),
        (None, Some(id)) if frame.outside.iter().any(|o| o.node.id == *id) => {
            TieEnd::Outside(id.clone())
        }
        _ => return Vec::new(),
    };
    let count = peers.linked.len() + peers.monitors.len() + peers.monitored_by.len();
    // A few peers: a scan each; a supervisor's thousands of children: one index.
    if count <= 8 {
        crate::model::canvas_ties::of(sel, peers, |id| flat.iter().position(|n| &*n.id == id)).0
    } else {
        let index: std::collections::HashMap<&str, usize> =
            flat.iter().enumerate().map(|(i, n)| (&*n.id, i)).collect();
        crate::model::canvas_ties::of(sel, peers, |id| index.get(id).copied()).0
    }
}

/// How many of the selected process's ties are beyond what the canvas paints.
fn painted_more(peers: &crate::model::ties::Peers) -> usize {
    (peers.linked.len() + peers.monitors.len() + peers.monitored_by.len())
        .saturating_sub(crate::model::canvas_ties::MAX)
}

/// The right-hand middle of a process's entry in the "Not supervised" list, relative to
/// the canvas: a tie to a process outside the tree ends there.
fn outside_entry_at(canvas: &HtmlCanvasElement, id: &str) -> Option<(f64, f64)> {
    let stage = canvas.parent_element()?;
    let buttons = stage
        .query_selector_all("[data-testid=\"canvas-outside\"] button")
        .ok()?;
    let c = canvas.get_bounding_client_rect();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|b| b.get_attribute("data-id").as_deref() == Some(id))
        .map(|b| {
            let r = b.get_bounding_client_rect();
            (r.right() - c.left(), r.top() + r.height() / 2.0 - c.top())
        })
}

const LINK_INK: &str = "#CC79A7";
const MONITOR_INK: &str = "#0072B2";

/// Links as solid purple lines, monitors as dashed blue ones with an arrowhead at the
/// monitored end: the SVG stage's colours. Returns how many were painted, and how many
/// of those end at the list outside the tree.
fn paint_ties(p: &Paint) -> (usize, usize) {
    let ctx = p.ctx;
    let at = |e: &TieEnd| match e {
        TieEnd::Tree(i) => p.cl.centre(*i).map(|(x, y)| p.xf.to_screen(x, y)),
        TieEnd::Outside(id) => (p.outside_at)(id),
    };
    let (mut painted, mut outside) = (0, 0);
    ctx.set_line_width(3.0);
    for t in p.ties {
        let (Some((ax, ay)), Some((bx, by))) = (at(&t.from), at(&t.to)) else {
            continue;
        };
        let link = t.kind == TieKind::Link;
        ctx.set_stroke_style_str(if link { LINK_INK } else { MONITOR_INK });
        let dash = js_sys::Array::new();
        if !link {
            dash.push(&7.0.into());
            dash.push(&5.0.into());
        }
        let _ = ctx.set_line_dash(&dash);
        ctx.begin_path();
        ctx.move_to(ax, ay);
        ctx.line_to(bx, by);
        ctx.stroke();
        if !link {
            // The arrowhead, solid, at the monitored end.
            let a = (by - ay).atan2(bx - ax);
            ctx.set_fill_style_str(MONITOR_INK);
            ctx.begin_path();
            ctx.move_to(bx, by);
            ctx.line_to(bx - 10.0 * (a - 0.4).cos(), by - 10.0 * (a - 0.4).sin());
            ctx.line_to(bx - 10.0 * (a + 0.4).cos(), by - 10.0 * (a + 0.4).sin());
            ctx.close_path();
            ctx.fill();
        }
        painted += 1;
        if [&t.from, &t.to]
            .iter()
            .any(|e| matches!(e, TieEnd::Outside(_)))
        {
            outside += 1;
        }
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    (painted, outside)
}

/// A block too small for its cells: a bar of its workers by status, and its counts and
/// busiest mailboxes where there is room.
fn paint_aggregated(ctx: &Ctx, x: f64, y: f64, w: f64, h: f64, c: Option<&Counts>) {
    let Some(c) = c else { return };
    let total = c.total().max(1) as f64;
    let (w, h) = (w.max(4.0), h.max(4.0));
    let mut at = x;
    for (n, colour) in [
        (c.alive, "#9cc9e6"),
        (c.restarting, fill(NodeState::Restarting)),
        (c.crashed, fill(NodeState::Dead)),
        (c.stopped, "#bbbbbb"),
    ] {
        if n == 0 {
            continue;
        }
        let part = w * n as f64 / total;
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(at, y, part.max(1.0), h);
        at += part;
    }
    ctx.set_stroke_style_str("#444");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(x, y, w, h);
    if w >= 60.0 && h >= 14.0 {
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        ctx.set_fill_style_str(INK);
        let mut lines = vec![format!("{} workers", c.total()), c.words()];
        lines.extend(c.busiest.iter().map(|(l, m)| format!("✉ {l}: {m}")));
        let mut ty = y + 2.0;
        for l in lines {
            if ty + 12.0 > y + h {
                break;
            }
            let fits: String = l
                .chars()
                .take(((w - 6.0) / 6.6).max(0.0) as usize)
                .collect();
            let _ = ctx.fill_text(&fits, x + 3.0, ty);
            ty += 13.0;
        }
    }
}

/// A block's workers, one mark each: the visible rows only, one path per state.
fn paint_cells(p: &Paint, g: &crate::model::canvas_layout::Grid, detail: BlockDetail) {
    let ctx = p.ctx;
    let xf = p.xf;
    let k = xf.k;
    let (cw, ch) = (CELL_W * k, CELL_H * k);
    // Rows on screen.
    let (_, gy) = xf.to_screen(g.x, g.y);
    let r0 = ((-gy) / ch).floor().max(0.0) as usize;
    let r1 = (((p.h - gy) / ch).ceil().max(0.0) as usize).min(g.rows);
    let first = (r0 * g.cols).min(g.members.len());
    let last = (r1 * g.cols).min(g.members.len());
    let dots = detail == BlockDetail::Dots;
    let mark = if dots { (ch * 0.28).min(cw * 0.3) } else { 0.0 };
    BUCKETS.with(|b| {
        let mut buckets = b.borrow_mut();
        for v in buckets.iter_mut() {
            v.clear();
        }
        for k in first..last {
            let Some(n) = g.members.get(k).and_then(|&i| p.flat.get(i)) else {
                continue;
            };
            let (x, y) = g.cell_centre(k);
            let (sx, sy) = xf.to_screen(x, y);
            if sx < -cw || sx > p.w + cw {
                continue;
            }
            buckets[state_slot(n.state)].push((sx, if dots { sy - ch * 0.12 } else { sy }));
        }
        for (slot, cells) in buckets.iter().enumerate() {
            if cells.is_empty() {
                continue;
            }
            ctx.set_fill_style_str(fill(STATES[slot]));
            ctx.begin_path();
            for &(x, y) in cells.iter() {
                if dots {
                    ctx.move_to(x + mark, y);
                    let _ = ctx.arc(x, y, mark, 0.0, std::f64::consts::TAU);
                } else {
                    ctx.rect(x - cw * 0.42, y - ch * 0.4, cw * 0.84, ch * 0.8);
                }
            }
            ctx.fill();
            if dots {
                ctx.set_stroke_style_str("#0072B2");
                ctx.set_line_width(1.0);
                ctx.stroke();
            }
        }
    });
    if !dots {
        return;
    }
    // Labels and mailboxes where legible.
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_fill_style_str(INK);
    let mut font_set = 0.0;
    for k in first..last {
        let Some(n) = g.members.get(k).and_then(|&i| p.flat.get(i)) else {
            continue;
        };
        let (x, y) = g.cell_centre(k);
        let (sx, sy) = xf.to_screen(x, y);
        if sx < -cw || sx > p.w + cw {
            continue;
        }
        let label = node_label(n);
        let matched = !p.search.is_empty() && label.contains(p.search);
        if let Some(f) = worker_label_px(xf.k, label.chars().count()) {
            if f != font_set {
                ctx.set_font(&format!("{f:.1}px system-ui, sans-serif"));
                font_set = f;
            }
            let _ = ctx.fill_text(&label, sx, sy + ch * 0.3);
            if n.mailbox > 0 {
                let warn = n.mailbox >= MAILBOX_WARN;
                let t = if warn {
                    format!("⚠{}", n.mailbox)
                } else {
                    n.mailbox.to_string()
                };
                let _ = ctx.fill_text(&t, sx + mark + f, sy - ch * 0.12);
            }
        }
        if matched {
            ctx.set_stroke_style_str("#CC79A7");
            ctx.set_line_width(3.0);
            ctx.stroke_rect(sx - cw * 0.45, sy - ch * 0.45, cw * 0.9, ch * 0.9);
        }
    }
}
