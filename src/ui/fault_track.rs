//! The editor's fault track (above the list of faults): a strip as long as the scenario with
//! a mark per scheduled fault and, on a second row, a mark per narrated step. Drag a mark
//! (pointer, mouse or touch) to move it in time, or focus it and use the arrow keys (a step,
//! Shift: ten steps); on a step's mark, Enter edits its text (the form's field) and Delete
//! removes it; a double click on the track adds a step there. The arithmetic is
//! `model::fault_track`; every change is an ordinary edit (`faults[i].at_ms`,
//! `steps[i].at_ms`, `AddStep`, `RemoveStep`), so undo works.

use crate::model::edit_ops::{EditOp, Field, Target, field_path};
use crate::model::editor::EditorAction;
use crate::model::fault_track::{key_steps, ms_at, nudge, percent, step_for};
use crate::ui::editor_form::dom_id;
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaultTrackProps {
    /// Each fault's time and a short description ("crash worker").
    pub faults: Vec<(u64, String)>,
    /// Each narrated step's time and the start of its text.
    #[prop_or_default]
    pub steps: Vec<(u64, String)>,
    pub duration_ms: u64,
    pub on_action: Callback<EditorAction>,
}

/// Which row a mark is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Row {
    Fault,
    Step,
}

impl Row {
    fn target(self, i: usize) -> Target {
        match self {
            Row::Fault => Target::Fault(i),
            Row::Step => Target::Step(i),
        }
    }
}

fn set_at(cb: &Callback<EditorAction>, row: Row, i: usize, ms: u64) {
    cb.emit(EditorAction::Edit(EditOp::Set {
        target: row.target(i),
        field: Field::AtMs,
        value: ms.to_string(),
    }))
}

/// Puts focus on a step's text field in the form.
fn edit_step_text(i: usize) {
    let id = dom_id(&field_path(&Target::Step(i), Field::StepText));
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(&id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[function_component(FaultTrack)]
pub fn fault_track(p: &FaultTrackProps) -> Html {
    // The mark being dragged and where it is now (committed on release).
    let drag = use_state(|| None::<(Row, usize, u64)>);
    let track = use_node_ref();
    let d = p.duration_ms;
    let step = step_for(d);
    let x_ms = {
        let track = track.clone();
        move |x: f64| {
            track.cast::<web_sys::Element>().map(|el| {
                let r = el.get_bounding_client_rect();
                ms_at(x - r.left(), r.width(), d)
            })
        }
    };
    let mark = |row: Row, i: usize, at: u64, what: &str| {
        let shown = match *drag {
            Some((r, j, ms)) if r == row && j == i => ms,
            _ => at,
        };
        let onpointerdown = {
            let drag = drag.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                if let Some(el) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                drag.set(Some((row, i, shown)));
            })
        };
        let onpointermove = {
            let (drag, x_ms) = (drag.clone(), x_ms.clone());
            Callback::from(move |e: PointerEvent| {
                if let (Some((r, j, _)), Some(ms)) = (*drag, x_ms(e.client_x() as f64))
                    && r == row
                    && j == i
                {
                    e.prevent_default();
                    drag.set(Some((row, i, ms)));
                }
            })
        };
        let onpointerup = {
            let (drag, cb) = (drag.clone(), p.on_action.clone());
            Callback::from(move |_: PointerEvent| {
                if let Some((r, j, ms)) = *drag
                    && r == row
                    && j == i
                {
                    drag.set(None);
                    if ms != at {
                        set_at(&cb, row, i, ms);
                    }
                }
            })
        };
        let onpointercancel = {
            let drag = drag.clone();
            Callback::from(move |_: PointerEvent| drag.set(None))
        };
        let onkeydown = {
            let cb = p.on_action.clone();
            Callback::from(move |e: KeyboardEvent| {
                if let Some(n) = key_steps(&e.key(), e.shift_key()) {
                    e.prevent_default();
                    let to = nudge(at, n, d);
                    if to != at {
                        set_at(&cb, row, i, to);
                    }
                } else if row == Row::Step {
                    match e.key().as_str() {
                        "Enter" => {
                            e.prevent_default();
                            edit_step_text(i);
                        }
                        "Delete" | "Backspace" => {
                            e.prevent_default();
                            cb.emit(EditorAction::Edit(EditOp::RemoveStep(i)));
                        }
                        _ => {}
                    }
                }
            })
        };
        let onclick = Callback::from(move |e: MouseEvent| {
            // A click (not a drag) on a step's mark edits its text.
            if row == Row::Step && e.detail() == 1 && shown == at {
                edit_step_text(i);
            }
        });
        let dragging = drag.map(|(r, j, _)| (r, j)) == Some((row, i));
        let (class, testid, label, text) = match row {
            Row::Fault => (
                "fault-mark",
                format!("fault-mark-{i}"),
                format!(
                    "Fault {}: {what} at {shown} ms. Drag, or arrow keys to move it by {step} ms (Shift: {} ms)",
                    i + 1,
                    step * 10
                ),
                (i + 1).to_string(),
            ),
            Row::Step => (
                "step-mark",
                format!("step-mark-{i}"),
                format!(
                    "S{}, a narrated step at {shown} ms: {what}. Drag, or arrow keys to move it by {step} ms (Shift: {} ms); Enter edits its text, Delete removes it",
                    i + 1,
                    step * 10
                ),
                format!("S{}", i + 1),
            ),
        };
        html! {
            <button class={classes!(class, dragging.then_some("dragging"))}
                style={format!("left: {:.3}%", percent(shown, d))}
                data-testid={testid} data-at={shown.to_string()}
                aria-label={label}
                title={format!("{what} at {shown} ms")}
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onkeydown} {onclick}>
                {text}
            </button>
        }
    };
    let faults = p
        .faults
        .iter()
        .enumerate()
        .map(|(i, (at, what))| mark(Row::Fault, i, *at, what));
    let steps = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, (at, what))| mark(Row::Step, i, *at, what));
    // A double click on the track (not on a mark) adds a narrated step at that moment.
    let ondblclick = {
        let (cb, x_ms) = (p.on_action.clone(), x_ms.clone());
        Callback::from(move |e: MouseEvent| {
            let on_mark = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
            if on_mark {
                return;
            }
            if let Some(ms) = x_ms(e.client_x() as f64) {
                cb.emit(EditorAction::Edit(EditOp::AddStep {
                    at_ms: ms.to_string(),
                }));
            }
        })
    };
    html! {
        <div class="fault-track-wrap">
            <div class="fault-track with-steps" ref={track} role="group" data-testid="fault-track" {ondblclick}
                aria-label={format!("The faults (upper row) and narrated steps (lower row, S) on a timeline from 0 to {d} ms; double-click to add a step")}>
                { for faults }
                { for steps }
            </div>
            <div class="fault-track-scale" aria-hidden="true"><span>{"0"}</span><span>{format!("{d} ms")}</span></div>
        </div>
    }
}
