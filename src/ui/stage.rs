//! The stage: the supervision tree as SVG (one keyed, memoised component per process),
//! messages in flight, zoom / pan / re-centre, the legend, and an accessible description
//! of the tree (`role="tree"`) for screen readers and tests.

use crate::model::boost::{label_boost, sup_boost};
use crate::model::flights::{Flight, flight_progress};
use crate::model::frame::{Frame, flatten, matches_search as matches};
use crate::model::gesture::{Gesture, LONG_PRESS_MS, Out as GestureOut};
use crate::model::layout::{SUP_H, SUP_W, WORKER_R, content_height};
use crate::model::logtext::node_label;
use crate::model::ties::TieKind;
use crate::model::tuning::MAILBOX_WARN;
use crate::ui::a11y_tree::A11yTree;
use crate::ui::extras::ExtrasRef;
use crate::ui::shared::Shared;
use otp_sim::{Intensity, NodeKind, NodeState, Pid};
use std::rc::Rc;
use web_sys::{Element, PointerEvent, WheelEvent};
use yew::prelude::*;

pub fn state_icon(s: NodeState) -> &'static str {
    match s {
        NodeState::Waiting => "z",
        NodeState::Busy => "⚙",
        NodeState::Runnable => "»",
        NodeState::Suspended => "II",
        NodeState::Starting => "+",
        NodeState::Terminating => "↓",
        NodeState::Restarting => "↻",
        NodeState::Terminated => "■",
        NodeState::Dead => "✖",
        NodeState::Exited => "!",
        NodeState::NotStarted => "○",
    }
}

/// A state in words: the model's, shared with the accessible tree (`model::a11y`).
pub use crate::model::a11y::state_words;

/// `#PID<0.85.0>` → `<0.85.0>`.
pub fn short_pid(p: Pid) -> String {
    format!("<0.{}.0>", p.0)
}

#[derive(Properties, PartialEq, Clone)]
pub struct NodeProps {
    pub id: Rc<str>,
    pub kind: NodeKind,
    pub pid: Option<Pid>,
    pub label: Rc<str>,
    pub state: NodeState,
    pub restarts: u32,
    pub mailbox: usize,
    pub strategy: Option<&'static str>,
    pub intensity: Option<Intensity>,
    /// Last exit: (time, reason label, by its supervisor).
    pub exit: Option<(u64, Rc<str>, bool)>,
    /// The exit is recent enough to flash.
    pub fresh_exit: bool,
    pub gave_up: bool,
    /// Not the root: the row above holds its parent's pid and intensity meter.
    #[prop_or(false)]
    pub nested: bool,
    pub x: f64,
    pub y: f64,
    pub selected: bool,
    pub matched: bool,
    pub dimmed: bool,
    pub scale: f64,
    /// How much worker labels are enlarged (≥ 1) so they stay legible when a large tree
    /// is fitted into the stage; the lines under a worker are spaced to match.
    #[prop_or(1.0)]
    pub text_k: f64,
    /// The same for supervisor boxes and their text (`sup_boost`).
    #[prop_or(1.0)]
    pub sup_k: f64,
    /// Draw text (labels, pids, counts). Off when the whole tree is zoomed out so far that
    /// text would be illegible anyway: level of detail keeps large trees smooth.
    pub detail: bool,
    /// A gen_statem's current state, drawn as a tag over the node.
    #[prop_or_default]
    pub statem_state: Option<Rc<str>>,
    /// A poolboy pool's state in a few words, in place of "DynamicSupervisor".
    #[prop_or_default]
    pub pool_line: Option<Rc<str>>,
    pub on_select: Callback<Rc<str>>,
}

#[function_component(NodeView)]
pub fn node_view(p: &NodeProps) -> Html {
    let s = p.scale;
    let state = p.state.as_str();
    let mut class = classes!(
        "node",
        match p.kind {
            NodeKind::Worker => "worker",
            NodeKind::Supervisor => "supervisor",
            NodeKind::DynamicSupervisor => "supervisor dynamic",
        },
        format!("st-{state}")
    );
    if p.selected {
        class.push("selected");
    }
    if p.matched {
        class.push("match");
    }
    if p.dimmed {
        class.push("dim");
    }
    if p.gave_up {
        class.push("gave-up");
    }
    let detail = p.detail || p.selected || p.matched;
    if !detail {
        class.push("far");
    }
    let onclick = {
        let cb = p.on_select.clone();
        let id = p.id.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(id.clone())
        })
    };
    let r = WORKER_R * s;
    let (half_w, half_h) = match p.kind {
        NodeKind::Worker => (r, r),
        // Supervisor boxes grow with their text, a little: their cells leave that room.
        _ => (SUP_W * s * p.sup_k / 2.0, SUP_H * s * p.sup_k / 2.0),
    };
    // Workers' lines follow their label's boost; a supervisor's follow its box.
    let line = 18.0
        * s
        * if p.kind == NodeKind::Worker {
            p.text_k
        } else {
            p.sup_k
        };
    let pid_text = p.pid.map_or_else(|| "no pid".to_string(), short_pid);
    let flash = match (&p.exit, p.fresh_exit) {
        (Some((at, _, false)), true) => html! {
            <circle key={format!("flash-{at}")} class="flash" r={(half_w.max(half_h) * 1.25).to_string()} />
        },
        _ => html! {},
    };
    let shows_reason = detail && p.exit.is_some() && (!p.state.is_alive() || p.fresh_exit);
    // A nested supervisor that gave up says so inside its box, in the reason's line: above
    // the box, the row holds its parent's pid and intensity meter.
    let gave_up_inside = p.gave_up && p.nested;
    let body = match p.kind {
        NodeKind::Worker => html! {
            <>
                <circle class="body" r={r.to_string()} />
                if detail {
                    <text class="icon" dy="0.35em">{state_icon(p.state)}</text>
                }
            </>
        },
        _ => html! {
            <>
                <rect class="body" x={(-half_w).to_string()} y={(-half_h).to_string()}
                    width={(2.0 * half_w).to_string()} height={(2.0 * half_h).to_string()}
                    rx={(12.0 * s).to_string()} />
                if detail {
                    <text class="sup-label" y={(-4.0 * s * p.sup_k).to_string()}>{&*p.label}</text>
                    if !shows_reason && !gave_up_inside {
                        <text class="strategy" y={(15.0 * s * p.sup_k).to_string()}>
                            { if let Some(l) = &p.pool_line {
                                format!("{} {l}", state_icon(p.state))
                            } else if p.kind == NodeKind::DynamicSupervisor {
                                format!("{} DynamicSupervisor", state_icon(p.state))
                            } else {
                                format!("{} {}", state_icon(p.state), p.strategy.unwrap_or(""))
                            } }
                        </text>
                    }
                }
            </>
        },
    };
    let below = half_h + line;
    let label = if p.kind == NodeKind::Worker && detail {
        html! { <text class="label" y={below.to_string()}>{&*p.label}</text> }
    } else {
        html! {}
    };
    let pid_y = if p.kind == NodeKind::Worker {
        below + line
    } else {
        below
    };
    let pid_line = if detail {
        html! { <text class="pid" y={pid_y.to_string()}>{pid_text}</text> }
    } else {
        html! {}
    };
    // Exit reason while not running, or just after a restart: under a worker; inside a
    // supervisor's box, in place of its strategy (below it, it would reach the next row).
    let reason_y = if p.kind == NodeKind::Worker {
        pid_y + line
    } else {
        15.0 * s * p.sup_k
    };
    let reason = match &p.exit {
        Some((_, why, by_sup)) if shows_reason && !gave_up_inside => {
            // Short on the stage (cells are narrow); the inspector has the full reason.
            let mark = if *by_sup { "■ " } else { "✖ " };
            let why = why.strip_prefix("crash: ").unwrap_or(why);
            let mut txt = format!("{mark}{why}");
            if txt.chars().count() > 18 {
                txt = txt.chars().take(17).collect::<String>() + "…";
            }
            html! { <text class={classes!("reason", by_sup.then_some("by-sup"))} y={reason_y.to_string()}>{txt}</text> }
        }
        _ => html! {},
    };
    let badge = if p.restarts > 0 {
        let bx = half_w * 0.75;
        let by = -half_h - 4.0 * s;
        html! {
            <g class="restarts" transform={format!("translate({bx},{by})")} data-testid="restart-badge">
                <rect x={(-4.0 * s).to_string()} y={(-13.0 * s).to_string()} width={(44.0 * s).to_string()} height={(20.0 * s).to_string()} rx={(6.0 * s).to_string()} />
                if detail {
                    <text x={(18.0 * s).to_string()} y={(2.0 * s).to_string()}>{format!("↻{}", p.restarts)}</text>
                }
            </g>
        }
    } else {
        html! {}
    };
    let mailbox = {
        let mx = half_w + 8.0 * s;
        let chips = p.mailbox.min(6);
        let warn = p.mailbox >= MAILBOX_WARN;
        html! {
            <g class={classes!("mailbox", warn.then_some("warn"))} transform={format!("translate({mx},{})", half_h.min(18.0 * s))}
               data-testid="mailbox" data-count={p.mailbox.to_string()}>
                <title>{format!("mailbox: {} message(s)", p.mailbox)}</title>
                { for (0..chips).map(|i| html! {
                    <rect class="chip" x="0" y={(-(i as f64) * 6.0 * s - 5.0 * s).to_string()} width={(14.0 * s).to_string()} height={(4.0 * s).to_string()} rx="1" />
                }) }
                if detail {
                    <text class="count" x={(18.0 * s).to_string()} y="0">
                        { if warn { format!("⚠{}", p.mailbox) } else { p.mailbox.to_string() } }
                    </text>
                }
            </g>
        }
    };
    let meter = match (p.kind, p.intensity) {
        (NodeKind::Worker, _) | (_, None) => html! {},
        (_, Some(i)) => {
            let segs = i.max_restarts.clamp(1, 10);
            let seg_w = 12.0 * s;
            let total = segs as f64 * (seg_w + 2.0);
            let y = pid_y + 8.0 * s;
            // A supervisor that gave up is drawn from its spec (its process is gone): keep
            // the meter full, the evidence of why, instead of a fresh "0/n".
            let recent = if p.gave_up {
                i.max_restarts.max(i.recent)
            } else {
                i.recent
            };
            let full = recent >= i.max_restarts;
            html! {
                <g class={classes!("meter", full.then_some("full"))} transform={format!("translate({},{y})", -total / 2.0)}
                   data-testid="intensity" data-recent={i.recent.to_string()} data-max={i.max_restarts.to_string()}>
                    <title>{format!("restart intensity: {} restart(s) in the last {} s; max_restarts {} (more than that within max_seconds and the supervisor gives up)", i.recent, i.max_seconds, i.max_restarts)}</title>
                    { for (0..segs).map(|k| html! {
                        <rect class={classes!("seg", (k < recent).then_some("on"))} x={(k as f64 * (seg_w + 2.0)).to_string()} y="0" width={seg_w.to_string()} height={(8.0 * s).to_string()} />
                    }) }
                    if detail {
                        <text class="meter-text" x={(total + 6.0 * s).to_string()} y={(8.0 * s).to_string()}>
                            { if p.gave_up {
                                format!("> {} in {} s", i.max_restarts, i.max_seconds)
                            } else {
                                format!("{}/{} in {} s", i.recent, i.max_restarts, i.max_seconds)
                            } }
                        </text>
                    }
                </g>
            }
        }
    };
    let gave_up = if p.gave_up {
        html! {
            <g class="gave-up-banner" data-testid="gave-up">
                <line x1={(-half_w).to_string()} y1={(-half_h).to_string()} x2={half_w.to_string()} y2={half_h.to_string()} />
                <line x1={half_w.to_string()} y1={(-half_h).to_string()} x2={(-half_w).to_string()} y2={half_h.to_string()} />
                if gave_up_inside {
                    <text y={reason_y.to_string()}>{"GAVE UP"}</text>
                } else {
                    <text y={(-half_h - 10.0 * s).to_string()}>{if detail { "GAVE UP: reached_max_restart_intensity" } else { "GAVE UP" }}</text>
                }
            </g>
        }
    } else {
        html! {}
    };
    html! {
        <g {class} transform={format!("translate({},{})", p.x, p.y)} {onclick}
            data-testid={format!("node-{}", p.id)} data-id={p.id.to_string()}
            data-pid={p.pid.map(|x| x.to_string()).unwrap_or_default()}
            data-state={state} data-restarts={p.restarts.to_string()}
            data-kind={match p.kind { NodeKind::Worker => "worker", NodeKind::Supervisor => "supervisor", NodeKind::DynamicSupervisor => "dynamic_supervisor" }}>
            <title>{format!("{} {} — {}", p.label, p.pid.map(|x| x.to_string()).unwrap_or_default(), state_words(p.state))}</title>
            {flash}
            {body}
            {label}
            {pid_line}
            {reason}
            {badge}
            {mailbox}
            {meter}
            {gave_up}
            if let Some(st) = p.statem_state.as_ref().filter(|_| detail) {
                <text class="fsm-state" y={(-half_h - 6.0 * s).to_string()} data-testid="fsm-state">{format!(":{st}")}</text>
            }
        </g>
    }
}

/// One edge of the tree: the child's id and the two ends of its curve.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeEnds {
    id: Rc<str>,
    ends: [f64; 4],
}

#[derive(Properties, PartialEq)]
struct EdgesProps {
    /// Compared by value: the stage renders in every frame, the edges move only when the
    /// tree's layout or the label boost changes.
    edges: Rc<Vec<EdgeEnds>>,
}

/// The tree's edges, re-rendered only when one of them moves.
#[function_component]
fn Edges(p: &EdgesProps) -> Html {
    html! {
        <g class="edges">
            { for p.edges.iter().map(|e| {
                let [ax, ay, bx, by] = e.ends;
                let my = (ay + by) / 2.0;
                html! {
                    <path key={format!("e-{}", e.id)} class="edge"
                        d={format!("M{ax:.1},{ay:.1} C{ax:.1},{my:.1} {bx:.1},{my:.1} {bx:.1},{by:.1}")} />
                }
            }) }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct FlightsProps {
    pub flights: Shared<Vec<Flight>>,
    pub now: u64,
    pub anim_now: f64,
    pub reduced_motion: bool,
    pub scale: f64,
    /// Screen pixels per stage unit (dots stay visible when zoomed far out).
    pub px_per_unit: f64,
}

#[function_component(Flights)]
pub fn flights(p: &FlightsProps) -> Html {
    let r = (6.0 * p.scale).max(4.0 / p.px_per_unit.max(0.01));
    if p.reduced_motion {
        // The same facts without movement: the path lights up while in flight.
        return html! {
            <g class="flights" data-testid="flights" data-count={p.flights.len().to_string()}>
            { for p.flights.iter().map(|f| html! {
                <line key={f.id} class={classes!("flight-path", f.kind)}
                    x1={f.from.0.to_string()} y1={f.from.1.to_string()}
                    x2={f.to.0.to_string()} y2={f.to.1.to_string()} />
            }) }
            </g>
        };
    }
    // One path per message kind with a dot per message: a handful of DOM updates per
    // frame however many messages fly.
    let mut by_kind: Vec<(&'static str, String)> = Vec::new();
    for f in p.flights.iter() {
        let t = flight_progress(f, p.now, p.anim_now).clamp(0.0, 1.0);
        let x = f.from.0 + (f.to.0 - f.from.0) * t;
        let y = f.from.1 + (f.to.1 - f.from.1) * t;
        let d = match by_kind.iter_mut().find(|(k, _)| *k == f.kind) {
            Some((_, d)) => d,
            None => {
                by_kind.push((f.kind, String::new()));
                &mut by_kind.last_mut().expect("just pushed").1
            }
        };
        use std::fmt::Write;
        let _ = write!(
            d,
            "M{:.1},{:.1}a{r:.1},{r:.1} 0 1,0 {:.1},0a{r:.1},{r:.1} 0 1,0 {:.1},0",
            x - r,
            y,
            2.0 * r,
            -2.0 * r
        );
    }
    otp_sim::sort::sort_by_key(&mut by_kind, |(k, _)| *k);
    html! {
        <g class="flights" data-testid="flights" data-count={p.flights.len().to_string()}>
            { for by_kind.into_iter().map(|(k, d)| html! { <path key={k} class={classes!("msg", k)} {d} /> }) }
        </g>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct StageProps {
    pub frame: Shared<Frame>,
    pub flights: Shared<Vec<Flight>>,
    pub anim_now: f64,
    pub zoom: f64,
    pub pan: (f64, f64),
    pub selected: Option<Rc<str>>,
    pub search: Rc<str>,
    pub scale: f64,
    pub reduced_motion: bool,
    /// Embedded beside a lesson or a question: the legend starts folded.
    #[prop_or(false)]
    pub compact: bool,
    /// Presenter mode: a small tree is enlarged (up to 1.6×) to fill the stage.
    #[prop_or(false)]
    pub enlarge: bool,
    pub on_select: Callback<Rc<str>>,
    /// A long press on a process (touch): its actions.
    #[prop_or_default]
    pub on_long_press: Callback<Rc<str>>,
    pub on_zoom: Callback<f64>,
    pub on_pan: Callback<(f64, f64)>,
    pub on_recenter: Callback<()>,
    /// The stage's measured width:height, for the layout.
    #[prop_or_default]
    pub on_aspect: Callback<f64>,
    /// The full bundle's views: a big tree is drawn by its canvas stage.
    #[prop_or_default]
    pub extras: Option<ExtrasRef>,
    /// Every process's links and monitors are drawn (else the selected one's); the stage's
    /// button (or `l`) switches.
    #[prop_or_default]
    pub all_ties: bool,
    #[prop_or_default]
    pub on_ties: Callback<()>,
}

/// The "Not supervised" area on the SVG stage: its box and title. The links of the
/// processes in it (to whoever `spawn_link`ed them among others) are drawn with every other
/// link by `model::ties`.
fn outside_area(frame: &Frame, s: f64) -> Html {
    let Some(a) = frame.outside_area else {
        return html! {};
    };
    html! {
        <g class="outside" data-testid="outside-area">
            <rect class="outside-box" x={format!("{:.1}", a.x)} y={format!("{:.1}", a.y)}
                width={format!("{:.1}", a.w)} height={format!("{:.1}", a.h)} rx="10" />
            <text class="outside-title" x={format!("{:.1}", a.x + 12.0 * s)} y={format!("{:.1}", a.y - 8.0 * s)}>
                {crate::model::outside::TITLE}</text>
        </g>
    }
}

/// Above this many processes the stage is a canvas (`ui/stage_canvas.rs`, in the full
/// bundle): the model's `SVG_STAGE_MAX`, which also says which trees get one accessible
/// item per process (why this number: `model/tuning.rs`).
pub const CANVAS_FROM: usize = crate::model::tuning::SVG_STAGE_MAX;

/// The stage: SVG for teaching-size trees, the canvas above `CANVAS_FROM` processes. The
/// first-load bundle has no canvas: the app hands a big tree over to the full bundle
/// (`ui::app`), and keeps the SVG if that bundle cannot be loaded.
#[function_component(Stage)]
pub fn stage(p: &StageProps) -> Html {
    let big = p.frame.layout.nodes.len() > CANVAS_FROM;
    match p.extras {
        Some(x) if big => (x.0.canvas)(p.clone()),
        None if big && !crate::ui::boot::full_failed() => html! {
            <section class="stage" aria-label="Stage: the supervision tree" data-testid="stage">
                <p class="lod-hint" role="status">{"Loading the canvas stage for this big tree…"}</p>
            </section>
        },
        _ => html! { <SvgStage ..p.clone() /> },
    }
}

#[function_component(SvgStage)]
pub fn svg_stage(p: &StageProps) -> Html {
    let svg_ref = use_node_ref();
    let gesture = use_mut_ref(Gesture::default);
    let long_timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    // The stage's size in pixels, measured on mount and on resize (never per frame).
    let size = use_state(|| (900.0, 480.0));
    {
        let svg_ref = svg_ref.clone();
        let size = size.clone();
        let on_aspect = p.on_aspect.clone();
        // Again shortly after mount and after a large-type switch: the grid settles late.
        use_effect_with(p.scale, move |_| {
            let measure = Rc::new(move || {
                if let Some(el) = svg_ref.cast::<Element>() {
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
    let frame = &p.frame;
    let lay = &frame.layout;
    let s = p.scale;
    // A tree that fits is drawn at 1 unit = 1 px (stage text stays at its CSS size, ≥ 14 px);
    // a larger one is fitted (re-centre) and can be zoomed. Room is kept for the legend.
    // Never drawn larger than 1 unit = 1 px, except in presenter mode (up to 1.6 px).
    let max_px = if p.enlarge { 1.6 } else { 1.0 };
    // The view box for a label boost `k`: the lowest workers' text (label, pid, exit reason)
    // grows with it, so the room kept under the last row does too.
    let view_box = |k: f64| {
        let content_h = content_height(lay, s, k);
        let vb_w = (lay.width + 120.0 * s).max(size.0 / max_px);
        let vb_h = content_h.max(size.1 / max_px);
        (vb_w, vb_h, content_h)
    };
    let mut flat = Vec::new();
    flatten(&frame.tree, &mut flat);
    // The processes outside the tree follow it, as in `layout.nodes`.
    flat.extend(frame.outside.iter().map(|o| &o.node));
    // Teaching-size trees get legible labels; large ones keep plain text (bigger text on
    // hundreds of nodes costs paint time: the p95 frame budget).
    let teaching = lay.nodes.len() <= 40;
    // How far the tree is shrunk to fit (1 when it is not): what the label boost undoes.
    let fit_of = |(w, h, _): (f64, f64, f64)| (size.0 / w).min(size.1 / h).min(1.0);
    let text_k = if teaching {
        // Twice: the room a boost needs shrinks the fit a little, which asks a bit more boost.
        let k = label_boost(fit_of(view_box(1.0)), s, &flat, lay.cell);
        label_boost(fit_of(view_box(k)), s, &flat, lay.cell)
    } else {
        1.0
    };
    let (vb_w, vb_h, content_h) = view_box(text_k);
    let vb_x = (lay.width - vb_w) / 2.0;
    let vb_y = -70.0 * s - ((vb_h - content_h) / 2.0).max(0.0);
    let cx = vb_x + vb_w / 2.0;
    let cy = vb_y + vb_h / 2.0;
    let transform = format!(
        "translate({cx} {cy}) scale({}) translate({} {})",
        p.zoom,
        -cx + p.pan.0,
        -cy + p.pan.1
    );
    let px_scale = (size.0 / vb_w).min(size.1 / vb_h);
    let px_per_unit = px_scale * p.zoom;
    let sup_k = sup_boost(text_k, &lay.nodes, s, lay.cell);
    // Level of detail: text is drawn only while a worker's label would be at least 9 px on
    // screen (illegible text is noise anyway).
    let base_units = if s > 1.0 { 24.0 } else { 15.0 };
    let detail = if teaching {
        base_units * text_k * px_per_unit >= 9.0
    } else {
        px_per_unit >= 0.5
    };
    // The edges' ends only: their paths are written (1,600 numbers formatted) and diffed
    // only when one moves, not in every frame (`Edges`).
    let edges: Rc<Vec<EdgeEnds>> = Rc::new(
        lay.nodes
            .iter()
            .filter_map(|n| n.parent.map(|pi| (&lay.nodes[pi], n)))
            .map(|(a, b)| {
                // Edges leave below the supervisor's pid and intensity meter, not through them.
                let ks = sup_k;
                let ay = a.y + SUP_H * s * ks / 2.0 + 18.0 * s * ks + 22.0 * s;
                let by = b.y
                    - if b.kind == NodeKind::Worker {
                        WORKER_R * s
                    } else {
                        SUP_H * s * sup_k / 2.0
                    };
                EdgeEnds {
                    id: b.id.clone(),
                    ends: [a.x, ay, b.x, by],
                }
            })
            .collect(),
    );
    let outside = outside_area(frame, s);
    // Links (solid) and monitors (dashed, arrow at the monitored end): `model::ties`.
    let ties: Html = frame
        .ties
        .iter()
        .map(|t| {
            let link = t.kind == TieKind::Link;
            html! {
                <path key={format!("{}-{}-{}", link, t.from, t.to)} class={if link { "tie link" } else { "tie monitor" }}
                    d={t.d.clone()} marker-end={(!link).then_some("url(#tie-arrow)")}
                    data-from={t.from.to_string()} data-to={t.to.to_string()} />
            }
        })
        .collect();
    let q = p.search.trim();
    let now = frame.now;
    let nodes: Html = lay
        .nodes
        .iter()
        .zip(flat.iter())
        .map(|(pl, n)| {
            let exit = n.last_exit.as_ref().map(|e| {
                (
                    e.at,
                    Rc::from(e.reason.reason_label().as_str()),
                    e.by_supervisor,
                )
            });
            let fresh_exit = n
                .last_exit
                .as_ref()
                .is_some_and(|e| now >= e.at && now - e.at < 1_500_000);
            let matched = matches(n, q);
            html! {
                <NodeView key={n.id.to_string()} id={n.id.clone()} kind={n.kind} pid={n.pid}
                    label={node_label(n)} state={n.state} restarts={n.restarts} mailbox={n.mailbox}
                    strategy={n.strategy.map(|s| s.as_str())} intensity={n.intensity}
                    {exit} {fresh_exit} gave_up={frame.gave_up.contains(&n.id)} nested={pl.parent.is_some()}
                    x={pl.x} y={pl.y} selected={p.selected.as_deref() == Some(&*n.id)}
                    {matched} dimmed={!q.is_empty() && !matched} scale={s} {text_k} {sup_k} {detail}
                    statem_state={n.statem_state.clone()}
                    pool_line={n.pool.as_ref().filter(|_| otp_sim::EXTRAS).map(|v| Rc::from(crate::model::pool_panel::stage_line(v).as_str()))}
                    on_select={p.on_select.clone()} />
            }
        })
        .collect();
    let onwheel = {
        let cb = p.on_zoom.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            cb.emit(if e.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 });
        })
    };
    let units_per_px = {
        let svg_ref = svg_ref.clone();
        let zoom = p.zoom;
        move || {
            svg_ref
                .cast::<Element>()
                .map(|el| {
                    let r = el.get_bounding_client_rect();
                    let k = (vb_w / r.width().max(1.0)).max(vb_h / r.height().max(1.0));
                    k / zoom
                })
                .unwrap_or(1.0)
        }
    };
    // Touch and mouse alike: one pointer drags, two pinch, one held still is a long press
    // (the process under it is selected and its details open). The logic is
    // `model::gesture`; here only the events and a timer.
    let onpointerdown = {
        let gesture = gesture.clone();
        let long_timer = long_timer.clone();
        let on_long = p.on_long_press.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let (x, y) = (e.client_x() as f64, e.client_y() as f64);
            gesture
                .borrow_mut()
                .down(e.pointer_id(), x, y, js_sys::Date::now());
            let g = gesture.clone();
            let on_long = on_long.clone();
            let timer =
                gloo::timers::callback::Timeout::new(LONG_PRESS_MS as u32 + 40, move || {
                    if !g.borrow().long_press(js_sys::Date::now()) {
                        return;
                    }
                    let id = gloo::utils::document()
                        .element_from_point(x as f32, y as f32)
                        .and_then(|el| el.closest("[data-id]").ok().flatten())
                        .and_then(|el| el.get_attribute("data-id"));
                    if let Some(id) = id {
                        on_long.emit(Rc::from(id.as_str()));
                    }
                });
            *long_timer.borrow_mut() = Some(timer);
        })
    };
    let onpointermove = {
        let gesture = gesture.clone();
        let on_pan = p.on_pan.clone();
        let on_zoom = p.on_zoom.clone();
        Callback::from(move |e: PointerEvent| {
            let out = gesture.borrow_mut().moved(
                e.pointer_id(),
                e.client_x() as f64,
                e.client_y() as f64,
            );
            match out {
                Some(GestureOut::Pan(dx, dy)) => {
                    let k = units_per_px();
                    on_pan.emit((dx * k, dy * k));
                }
                Some(GestureOut::Zoom(f)) => on_zoom.emit(f),
                None => {}
            }
        })
    };
    let onpointerup = {
        let gesture = gesture.clone();
        let long_timer = long_timer.clone();
        Callback::from(move |e: PointerEvent| {
            gesture.borrow_mut().up(e.pointer_id());
            long_timer.borrow_mut().take();
        })
    };
    let zoom_in = {
        let cb = p.on_zoom.clone();
        Callback::from(move |_| cb.emit(1.25))
    };
    let zoom_out = {
        let cb = p.on_zoom.clone();
        Callback::from(move |_| cb.emit(0.8))
    };
    let recenter = {
        let cb = p.on_recenter.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let legend_states = [
        NodeState::Waiting,
        NodeState::Busy,
        NodeState::Runnable,
        NodeState::Suspended,
        NodeState::Starting,
        NodeState::Terminating,
        NodeState::Restarting,
        NodeState::Terminated,
        NodeState::Exited,
        NodeState::Dead,
    ];
    html! {
        <section class="stage" aria-label="Stage: the supervision tree" data-testid="stage">
            <svg ref={svg_ref} class={classes!("stage-svg", (text_k > 1.0).then_some("boost"))} role="img"
                style={(text_k > 1.0).then(|| format!("--k: {text_k:.3}; --ks: {sup_k:.3}"))} aria-label="Animated supervision tree (a text version follows)"
                viewBox={format!("{vb_x} {vb_y} {vb_w} {vb_h}")} preserveAspectRatio="xMidYMid meet"
                {onwheel} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup.clone()} onpointerleave={onpointerup}>
                <defs>
                    <marker id="tie-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path class="tie-head" d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                <g transform={transform.clone()}>
                    {outside}
                    <Edges {edges} />
                    <g class="ties" data-testid="ties">{ties}</g>
                    <g class="nodes" data-testid="tree-nodes">{nodes}</g>
                </g>
            </svg>
            // Messages in flight on their own layer: moving dots never repaint the tree.
            <svg class="stage-svg flight-layer" aria-hidden="true"
                viewBox={format!("{vb_x} {vb_y} {vb_w} {vb_h}")} preserveAspectRatio="xMidYMid meet">
                <g transform={transform}>
                    <Flights flights={p.flights.clone()} {now} anim_now={p.anim_now} reduced_motion={p.reduced_motion} scale={s} {px_per_unit} />
                </g>
            </svg>
            <div class="stage-tools" role="toolbar" aria-label="Zoom">
                <button onclick={zoom_in} title="Zoom in (mouse wheel)" aria-label="Zoom in">{"+"}</button>
                <button onclick={zoom_out} title="Zoom out (mouse wheel)" aria-label="Zoom out">{"−"}</button>
                <button onclick={recenter} title="Re-centre and fit the whole tree" data-testid="recenter">{"Re-centre"}</button>
                <button onclick={{ let cb = p.on_ties.clone(); move |_| cb.emit(()) }} aria-pressed={p.all_ties.to_string()}
                    title="Links and monitors of every process, or of the selected one only (key: l)" data-testid="all-ties">{"All links"}</button>
            </div>
            if !detail {
                <div class="lod-hint" data-testid="lod-hint">{"Zoomed out: labels hidden. Zoom in (wheel or +) to read them."}</div>
            }
            <details class="legend" open={p.scale <= 1.0 && !p.compact} data-testid="legend">
                <summary>{"Legend"}</summary>
                <span class="legend-item"><svg width="22" height="22" viewBox="-11 -11 22 22"><circle class="lg-worker" r="9"/></svg>{"worker"}</span>
                <span class="legend-item"><svg width="30" height="22" viewBox="-15 -11 30 22"><rect class="lg-sup" x="-14" y="-8" width="28" height="16" rx="4"/></svg>{"supervisor"}</span>
                { for legend_states.iter().map(|st| html! {
                    <span class={classes!("legend-item", format!("st-{}", st.as_str()))} title={state_words(*st)}>
                        <svg width="22" height="22" viewBox="-11 -11 22 22"><circle class="body" r="9"/><text class="icon" dy="0.35em">{state_icon(*st)}</text></svg>
                        {st.as_str().replace('_', " ")}
                    </span>
                }) }
                <span class="legend-item"><svg width="16" height="16" viewBox="-8 -8 16 16"><circle class="msg call" r="5"/></svg>{"message"}</span>
                <span class="legend-item" title="A link: an exit signal crosses it both ways (the tree's own lines are links too)"><svg width="30" height="16" viewBox="0 -8 30 16"><path class="tie link" d="M2,0 L28,0"/></svg>{"link"}</span>
                <span class="legend-item" title="A monitor: the watcher (at the line's start) gets :DOWN when the process at the arrow exits"><svg width="30" height="16" viewBox="0 -8 30 16"><path class="tie monitor" d="M2,0 L22,0"/><path class="tie-head" d="M20,-5 L29,0 L20,5 z"/></svg>{"monitor"}</span>
            </details>
            if let Some(root) = &frame.a11y.root {
                <A11yTree root={Shared(root.clone())} outside={Shared(frame.outside.clone())}
                    selected={p.selected.clone()} on_select={p.on_select.clone()} />
            }
        </section>
    }
}
