//! The sequence diagram panel (`#/seq/…`): the drawing laid out by the model
//! (`sequence_layout`), its lanes with a way to remove each, the window of time, "Export
//! SVG" (`sequence_svg`, the same layout as text), and the same diagram as text, rendered
//! only while opened. Hovering or focusing an arrow shows its message in full below it.
//!
//! The drawing is real SVG elements, not a string: one keyed, memoised element per arrow
//! and mark inside a group whose `transform` follows now, so a rebuild while playing adds
//! the arrows that entered the window, drops those that left, and moves one group, instead
//! of the browser parsing and laying out the whole diagram again.

use crate::model::logtext::fmt_time;
use crate::model::sequence::{Sequence, WINDOWS, as_text};
use crate::model::sequence_layout::{BODY_H, Item, LEFT, Layout, Part, TOP, cross, layout, n};
use crate::model::sequence_svg::{HEADS, STYLE, points, shift, write};
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
        use_memo(s, |s| layout(&s.0))
    };
    // The text alternative costs a list item per arrow: built only while it is open.
    let open = use_state(|| false);
    let lines = {
        let s = seq.clone();
        use_memo(
            (s, *open),
            |(s, open)| {
                if *open { as_text(&s.0) } else { Vec::new() }
            },
        )
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::Element>() {
                open.set(d.has_attribute("open"));
            }
        })
    };
    let count = seq.arrows.len() + seq.marks.len();
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
        Callback::from(move |_| {
            download(&format!("{stem}-sequence.svg"), "image/svg+xml", &write(&d))
        })
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
                { drawn(&drawing) }
            </div>
            <p class="seq-detail" data-testid="seq-detail">
                { (*detail).clone().unwrap_or_else(|| "Hover over or focus (Tab) an arrow to read its message in full.".into()) }
            </p>
            <details class="seq-text" data-testid="seq-text" ontoggle={on_toggle}>
                <summary>{format!("As text ({count} lines)")}</summary>
                if *open {
                    if lines.is_empty() {
                        <p>{"No messages between these processes in this window."}</p>
                    } else {
                        <ol>{ for lines.iter().map(|l| html! { <li>{l.to_string()}</li> }) }</ol>
                    }
                }
            </details>
        </section>
    }
}

/// The layout as SVG elements: the frame (style, arrowheads, axis, lanes) and the moving
/// group, whose ticks and items are keyed so that they survive a rebuild.
fn drawn(l: &Layout) -> Html {
    let b = n(TOP + BODY_H);
    html! {
        <svg viewBox={format!("0 0 {} {}", l.w, l.h)} width={l.w.to_string()} height={l.h.to_string()}
            role="group" aria-label={l.label.clone()}>
            <style>{STYLE}</style>
            <defs>
                { for HEADS.iter().map(|(kind, colour)| html! {
                    <marker id={format!("ah-{kind}")} viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M0 0L10 5L0 10z" fill={*colour} />
                    </marker>
                }) }
            </defs>
            <line class="now" x1={LEFT.to_string()} x2={l.w.to_string()} y1={b.clone()} y2={b} />
            <text class="tick" x="4" y={n(TOP + BODY_H + 4.0)}>{l.now.clone()}</text>
            { for l.heads.iter().map(|h| html! {
                <>
                    <text class="head" x={h.x.to_string()} y="18" text-anchor="middle">{h.text.clone()}</text>
                    <line class="lane" x1={h.x.to_string()} x2={h.x.to_string()} y1={TOP.to_string()} y2={n(TOP + BODY_H)} />
                </>
            }) }
            <g transform={shift(l)}>
                <g>
                    { for l.ticks.iter().map(|t| html! {
                        <text key={t.t.to_string()} class="tick" x="4" y={n(t.y + 4.0)}>{t.text.clone()}</text>
                    }) }
                </g>
                <g>
                    { for l.items.iter().map(|i| html! {
                        <SeqItem key={i.id.clone()} item={i.clone()} />
                    }) }
                </g>
            </g>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    item: Rc<Item>,
}

/// One arrow, band or mark: re-rendered only when its shapes change (compared by value).
#[function_component]
fn SeqItem(p: &ItemProps) -> Html {
    let i = &p.item;
    html! {
        <g class={i.class.clone()} tabindex="0" role="img" data-i={i.id.clone()} aria-label={i.detail.clone()}>
            <title>{i.detail.clone()}</title>
            { for i.parts.iter().map(part) }
        </g>
    }
}

fn part(p: &Part) -> Html {
    match p {
        Part::Line {
            x1,
            y1,
            x2,
            y2,
            head,
            dashed,
            class,
        } => html! {
            <line class={class.map(AttrValue::Static)} x1={n(*x1)} y1={n(*y1)} x2={n(*x2)} y2={n(*y2)}
                marker-end={head.map(|k| format!("url(#ah-{k})"))}
                stroke-dasharray={dashed.then_some("3 3")} />
        },
        Part::Band(pts) => html! { <polygon points={points(pts)} /> },
        Part::Text { x, y, anchor, text } => html! {
            <text x={n(*x)} y={n(*y)} text-anchor={*anchor}>{text.clone()}</text>
        },
        Part::Dot { x, y } => html! { <circle cx={n(*x)} cy={n(*y)} r="5" /> },
        Part::Cross { x, y } => html! { <path d={cross(*x, *y)} /> },
    }
}
