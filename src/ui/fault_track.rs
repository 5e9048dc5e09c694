//! The editor's fault track (above the list of faults): a strip as long as the scenario with
//! a mark per scheduled fault. Drag a mark (pointer, mouse or touch) to move the fault, or
//! focus it and use the arrow keys (a step, Shift: ten steps). The arithmetic is
//! `model::fault_track`; a move is an ordinary edit (`faults[i].at_ms`), so undo works.

use crate::model::edit_ops::{EditOp, Field, Target};
use crate::model::editor::EditorAction;
use crate::model::fault_track::{key_steps, ms_at, nudge, percent, step_for};
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaultTrackProps {
    /// Each fault's time and a short description ("crash worker").
    pub faults: Vec<(u64, String)>,
    pub duration_ms: u64,
    pub on_action: Callback<EditorAction>,
}

fn set_at(cb: &Callback<EditorAction>, i: usize, ms: u64) {
    cb.emit(EditorAction::Edit(EditOp::Set {
        target: Target::Fault(i),
        field: Field::AtMs,
        value: ms.to_string(),
    }))
}

#[function_component(FaultTrack)]
pub fn fault_track(p: &FaultTrackProps) -> Html {
    // The mark being dragged and where it is now (committed on release).
    let drag = use_state(|| None::<(usize, u64)>);
    let track = use_node_ref();
    let d = p.duration_ms;
    let step = step_for(d);
    let x_ms = {
        let track = track.clone();
        move |e: &PointerEvent| {
            track.cast::<web_sys::Element>().map(|el| {
                let r = el.get_bounding_client_rect();
                ms_at(e.client_x() as f64 - r.left(), r.width(), d)
            })
        }
    };
    let marks = p.faults.iter().enumerate().map(|(i, (at, what))| {
        let shown = match *drag {
            Some((j, ms)) if j == i => ms,
            _ => *at,
        };
        let onpointerdown = {
            let drag = drag.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                drag.set(Some((i, shown)));
            })
        };
        let onpointermove = {
            let (drag, x_ms) = (drag.clone(), x_ms.clone());
            Callback::from(move |e: PointerEvent| {
                if let (Some((j, _)), Some(ms)) = (*drag, x_ms(&e))
                    && j == i
                {
                    e.prevent_default();
                    drag.set(Some((i, ms)));
                }
            })
        };
        let onpointerup = {
            let (drag, cb, at) = (drag.clone(), p.on_action.clone(), *at);
            Callback::from(move |_: PointerEvent| {
                if let Some((j, ms)) = *drag
                    && j == i
                {
                    drag.set(None);
                    if ms != at {
                        set_at(&cb, i, ms);
                    }
                }
            })
        };
        let onpointercancel = {
            let drag = drag.clone();
            Callback::from(move |_: PointerEvent| drag.set(None))
        };
        let onkeydown = {
            let (cb, at) = (p.on_action.clone(), *at);
            Callback::from(move |e: KeyboardEvent| {
                if let Some(n) = key_steps(&e.key(), e.shift_key()) {
                    e.prevent_default();
                    let to = nudge(at, n, d);
                    if to != at {
                        set_at(&cb, i, to);
                    }
                }
            })
        };
        html! {
            <button class={classes!("fault-mark", (drag.map(|(j, _)| j) == Some(i)).then_some("dragging"))}
                style={format!("left: {:.3}%", percent(shown, d))}
                data-testid={format!("fault-mark-{i}")} data-at={shown.to_string()}
                aria-label={format!("Fault {}: {what} at {shown} ms. Drag, or arrow keys to move it by {step} ms (Shift: {} ms)", i + 1, step * 10)}
                title={format!("{what} at {shown} ms")}
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onkeydown}>
                {i + 1}
            </button>
        }
    });
    html! {
        <div class="fault-track-wrap">
            <div class="fault-track" ref={track} role="group" data-testid="fault-track"
                aria-label={format!("The faults on a timeline from 0 to {d} ms")}>
                { for marks }
            </div>
            <div class="fault-track-scale" aria-hidden="true"><span>{"0"}</span><span>{format!("{d} ms")}</span></div>
        </div>
    }
}
