//! Rearranging the draft's tree on the editor's stage itself (full bundle only): press on a
//! process and drag it over a supervisor (it becomes its last child) or beside a process (it
//! goes just before or after it); or select a process and press Alt+← / Alt+→ (earlier,
//! later), Alt+↑ (out of its supervisor) or Alt+↓ (into the supervisor before it). The
//! stage is the playground's own and is not changed: this reads where its nodes are drawn
//! from the page, catches a press on a node before the stage would pan, and turns the drop
//! into the editor's `EditOp::Move` / `Reorder` (`model::stage_drop`), so undo works.

use crate::model::edit_ops::node;
use crate::model::editor::EditorAction;
use crate::model::stage_drop::{Drop, Spot, drop_at, key_move, path_of};
use otp_sim::Scenario;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArrangeProps {
    pub draft: Rc<Scenario>,
    /// The process selected on the stage (the keyboard's moves act on it).
    pub selected: Option<Rc<str>>,
    pub on_action: Callback<EditorAction>,
}

/// A press on a process, and once it moved far enough, where it would land.
#[derive(Clone, PartialEq)]
struct Drag {
    id: String,
    from: Vec<usize>,
    x0: f64,
    y0: f64,
    moving: bool,
    x: f64,
    y: f64,
    drop: Option<Drop>,
}

/// What the listeners need from the latest render.
struct Latest {
    draft: Rc<Scenario>,
    selected: Option<Rc<str>>,
    on_action: Callback<EditorAction>,
}

/// A pointer moved this far (px) from the press is a drag, not a click.
const SLOP: f64 = 6.0;

fn stage_node(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el = target?.dyn_into::<Element>().ok()?;
    el.closest(".editor-stage [data-testid=\"tree-nodes\"] [data-id]")
        .ok()??
        .get_attribute("data-id")
}

/// Where the draft's processes are drawn now, in client pixels.
fn spots(sc: &Scenario) -> Vec<Spot> {
    let mut out = Vec::new();
    let Ok(list) = gloo::utils::document()
        .query_selector_all(".editor-stage [data-testid=\"tree-nodes\"] [data-id]")
    else {
        return out;
    };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let (Some(id), Ok(Some(body))) = (el.get_attribute("data-id"), el.query_selector(".body"))
        else {
            continue;
        };
        let Some(path) = path_of(&sc.tree, &id) else {
            continue;
        };
        let r = body.get_bounding_client_rect();
        out.push(Spot {
            path,
            x: r.left() + r.width() / 2.0,
            y: r.top() + r.height() / 2.0,
            hw: r.width() / 2.0,
            hh: r.height() / 2.0,
        });
    }
    out
}

fn id_at(sc: &Scenario, path: &[usize]) -> String {
    node(&sc.tree, path)
        .map(|n| n.id().to_string())
        .unwrap_or_default()
}

fn describe(sc: &Scenario, id: &str, d: &Drop) -> String {
    let parent = id_at(sc, &d.to_parent);
    let n = node(&sc.tree, &d.to_parent).map_or(0, |p| p.children().len());
    if d.index >= n {
        format!("Drop to move {id} under {parent}, as its last child")
    } else {
        let before = id_at(sc, &[d.to_parent.as_slice(), &[d.index]].concat());
        format!("Drop to move {id} under {parent}, just before {before}")
    }
}

#[function_component(StageArrange)]
pub fn stage_arrange(p: &ArrangeProps) -> Html {
    let drag = use_state(|| None::<Drag>);
    let latest = use_mut_ref(|| Latest {
        draft: p.draft.clone(),
        selected: p.selected.clone(),
        on_action: p.on_action.clone(),
    });
    {
        let mut l = latest.borrow_mut();
        l.draft = p.draft.clone();
        l.selected = p.selected.clone();
        l.on_action = p.on_action.clone();
    }
    // The drag as the listeners see it (the state handle is for drawing).
    let live = use_mut_ref(|| None::<Drag>);
    {
        let (latest, live, drag) = (latest.clone(), live.clone(), drag.clone());
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let capture = gloo::events::EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: false,
            };
            // Caught on the window before the page's own handlers: a press on a process
            // of the draft starts a possible drag and does not reach the stage (no pan).
            let down = {
                let (latest, live) = (latest.clone(), live.clone());
                gloo::events::EventListener::new_with_options(
                    &window,
                    "pointerdown",
                    capture,
                    move |e| {
                        let Some(e) = e.dyn_ref::<PointerEvent>() else {
                            return;
                        };
                        if e.button() != 0 || e.pointer_type() == "touch" {
                            return;
                        }
                        let Some(id) = stage_node(e.target()) else {
                            return;
                        };
                        let l = latest.borrow();
                        let Some(from) = path_of(&l.draft.tree, &id).filter(|p| !p.is_empty())
                        else {
                            return;
                        };
                        e.stop_propagation();
                        let (x, y) = (e.client_x() as f64, e.client_y() as f64);
                        *live.borrow_mut() = Some(Drag {
                            id,
                            from,
                            x0: x,
                            y0: y,
                            moving: false,
                            x,
                            y,
                            drop: None,
                        });
                    },
                )
            };
            let moved = {
                let (latest, live, drag) = (latest.clone(), live.clone(), drag.clone());
                gloo::events::EventListener::new_with_options(
                    &window,
                    "pointermove",
                    capture,
                    move |e| {
                        let Some(e) = e.dyn_ref::<PointerEvent>() else {
                            return;
                        };
                        let mut g = live.borrow_mut();
                        let Some(d) = g.as_mut() else { return };
                        let (x, y) = (e.client_x() as f64, e.client_y() as f64);
                        if !d.moving && (x - d.x0).hypot(y - d.y0) < SLOP {
                            return;
                        }
                        e.prevent_default();
                        e.stop_propagation();
                        d.moving = true;
                        d.x = x;
                        d.y = y;
                        let l = latest.borrow();
                        d.drop = drop_at(&l.draft.tree, &spots(&l.draft), &d.from, x, y);
                        drag.set(Some(d.clone()));
                    },
                )
            };
            let up = {
                let (latest, live, drag) = (latest.clone(), live.clone(), drag.clone());
                move |cancel: bool| {
                    let Some(d) = live.borrow_mut().take() else {
                        return;
                    };
                    drag.set(None);
                    if cancel || !d.moving {
                        return;
                    }
                    if let Some(drop) = &d.drop {
                        let l = latest.borrow();
                        l.on_action.emit(EditorAction::Edit(drop.op(&d.from)));
                    }
                }
            };
            let released = {
                let up = up.clone();
                gloo::events::EventListener::new_with_options(
                    &window,
                    "pointerup",
                    capture,
                    move |_| up(false),
                )
            };
            let cancelled = gloo::events::EventListener::new_with_options(
                &window,
                "pointercancel",
                capture,
                move |_| up(true),
            );
            // Alt + an arrow moves the selected process (outside text fields).
            let keys = {
                let latest = latest.clone();
                gloo::events::EventListener::new_with_options(
                    &gloo::utils::document(),
                    "keydown",
                    gloo::events::EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if !e.alt_key()
                            || e.ctrl_key()
                            || e.meta_key()
                            || crate::ui::keys::is_typing(e)
                        {
                            return;
                        }
                        let key = e.key();
                        if !key.starts_with("Arrow") {
                            return;
                        }
                        // Never the browser's back / forward.
                        e.prevent_default();
                        let l = latest.borrow();
                        let Some(at) = l
                            .selected
                            .as_deref()
                            .and_then(|id| path_of(&l.draft.tree, id))
                        else {
                            return;
                        };
                        if let Some(op) = key_move(&l.draft.tree, &at, &key) {
                            l.on_action.emit(EditorAction::Edit(op));
                        }
                    },
                )
            };
            move || drop((down, moved, released, cancelled, keys))
        });
    }
    let hint = match drag.as_ref() {
        Some(d) if d.moving => match &d.drop {
            Some(drop) => describe(&p.draft, &d.id, drop),
            None => format!(
                "Moving {}: drop it on a supervisor, or beside a process",
                d.id
            ),
        },
        _ => match p
            .selected
            .as_deref()
            .filter(|id| path_of(&p.draft.tree, id).is_some_and(|p| !p.is_empty()))
        {
            Some(id) => format!(
                "{id}: drag it on the stage, or Alt+← / Alt+→ earlier or later, Alt+↑ out of its supervisor, Alt+↓ into the supervisor before it"
            ),
            None => {
                "Drag a process on the stage to move it; or select one and use Alt + the arrow keys"
                    .to_string()
            }
        },
    };
    let ghost = drag.as_ref().filter(|d| d.moving).map(|d| {
        html! {
            <div class={classes!("arrange-ghost", d.drop.is_none().then_some("nowhere"))} aria-hidden="true"
                style={format!("left: {:.0}px; top: {:.0}px", d.x, d.y)}>{d.id.clone()}</div>
        }
    });
    html! {
        <>
            <p class="arrange-hint muted small" data-testid="arrange-hint" role="status">{hint}</p>
            {ghost.unwrap_or_default()}
        </>
    }
}
