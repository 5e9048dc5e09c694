//! The sequence diagram panel (`#/seq/…`): the drawing the model makes (`sequence_svg`),
//! its lanes with a way to remove each, the window of time, "Export SVG", and the same
//! diagram as text. Hovering or focusing an arrow shows its message in full below it.

use crate::model::logtext::fmt_time;
use crate::model::sequence::{Sequence, WINDOWS, as_text};
use crate::model::sequence_svg::svg;
use crate::model::state::SeqAction;
use crate::ui::share_dialog::download;
use crate::ui::shared::Shared;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SequenceProps {
    pub seq: Shared<Sequence>,
    /// The window asked for (at the start of a run the drawing covers less).
    pub window: otp_sim::Time,
    /// Lanes chosen for you (not by you).
    pub auto: bool,
    /// The file name's stem for the export.
    pub stem: Rc<str>,
    /// The trace stopped recording messages before now (`frame::trace_note`).
    #[prop_or_default]
    pub note: Option<Rc<str>>,
    pub on_action: Callback<SeqAction>,
}

/// The message an element of the drawing stands for: its `aria-label`, found from the
/// event's target up to the group that carries `data-i`.
fn described(e: &Event) -> Option<String> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let g = el.closest("[data-i]").ok()??;
    g.get_attribute("aria-label")
}

#[function_component]
pub fn SequencePanel(p: &SequenceProps) -> Html {
    let seq = &p.seq;
    let drawing = {
        let s = seq.clone();
        use_memo(s, |s| AttrValue::from(svg(&s.0)))
    };
    let lines = {
        let s = seq.clone();
        use_memo(s, |s| as_text(&s.0))
    };
    let detail = use_state(|| None::<String>);
    let show = {
        let d = detail.clone();
        Callback::from(move |e: Event| {
            if let Some(text) = described(&e) {
                d.set(Some(text));
            }
        })
    };
    let on_focus = {
        let show = show.clone();
        Callback::from(move |e: FocusEvent| show.emit(e.into()))
    };
    let on_over = Callback::from(move |e: MouseEvent| show.emit(e.into()));
    let on_window = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok());
            if let Some(w) = v {
                cb.emit(SeqAction::Window(w));
            }
        })
    };
    let export = {
        let d = drawing.clone();
        let stem = p.stem.clone();
        Callback::from(move |_| download(&format!("{stem}-sequence.svg"), "image/svg+xml", &d))
    };
    let auto = {
        let cb = p.on_action.clone();
        Callback::from(move |_| cb.emit(SeqAction::Auto))
    };
    html! {
        <section class="sequence" data-testid="sequence" aria-label="Sequence diagram">
            <header class="seq-bar">
                <h2>{"Sequence"}</h2>
                <label>{"Window "}
                    <select data-testid="seq-window" onchange={on_window}>
                        { for WINDOWS.iter().map(|&w| html! {
                            <option value={w.to_string()} selected={w == p.window}>{fmt_time(w)}</option>
                        }) }
                    </select>
                </label>
                <ul class="seq-lanes" aria-label="Lanes">
                    { for seq.lanes.iter().map(|l| {
                        let cb = p.on_action.clone();
                        let id = l.id.clone();
                        html! {
                            <li key={l.id.to_string()}>{l.label.to_string()}
                                <button class="chip-x" aria-label={format!("Remove the lane of {}", l.label)}
                                    data-testid={format!("seq-remove-{}", l.id)}
                                    onclick={move |_| cb.emit(SeqAction::Remove(id.clone()))}>{"×"}</button>
                            </li>
                        }
                    }) }
                </ul>
                if !p.auto {
                    <button data-testid="seq-auto" onclick={auto}>{"Choose lanes for me"}</button>
                }
                <button data-testid="seq-export" onclick={export}>{"Export SVG"}</button>
                <a href="#/play" class="button" data-testid="seq-close">{"Close"}</a>
            </header>
            <p class="muted seq-help">
                {"Time runs down to now. Add a lane from the inspector (\u{201c}Add to the sequence\u{201d}). "}
                {"An arrow is sent → arrived; a thick stroke is the wait in the mailbox. "}
                if seq.folded > 0 {
                    {format!("{} identical messages are folded into bands. ", seq.folded)}
                }
                if seq.truncated {
                    {"This window is too busy to read whole: it starts later than asked. "}
                }
            </p>
            if let Some(n) = &p.note {
                <p class="trace-note" role="note" data-testid="seq-trace-note">{&**n}</p>
            }
            <div class="seq-drawing" data-testid="seq-drawing" onfocusin={on_focus} onmouseover={on_over}>
                { Html::from_html_unchecked((*drawing).clone()) }
            </div>
            <p class="seq-detail" data-testid="seq-detail">
                { (*detail).clone().unwrap_or_else(|| "Hover over or focus (Tab) an arrow to read its message in full.".into()) }
            </p>
            <details class="seq-text" data-testid="seq-text">
                <summary>{format!("As text ({} lines)", lines.len())}</summary>
                if lines.is_empty() {
                    <p>{"No messages between these processes in this window."}</p>
                } else {
                    <ol>{ for lines.iter().map(|l| html! { <li>{l.to_string()}</li> }) }</ol>
                }
            </details>
        </section>
    }
}
