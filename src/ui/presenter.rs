//! Presenter mode's narration strip: the current step's text in large type, where it is
//! in the script, and buttons for the keys a presenter (or a clicker) uses — PageDown or
//! `.` for the next step, PageUp or `b` for the previous one.

use crate::model::presenter::PresenterStep;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub steps: Rc<Vec<PresenterStep>>,
    pub step: Option<usize>,
    pub playing: bool,
    pub on_step: Callback<i32>,
    pub on_toggle: Callback<()>,
    pub on_exit: Callback<()>,
}

#[function_component(Narration)]
pub fn narration(p: &NarrationProps) -> Html {
    let n = p.steps.len();
    let text = match p.step.and_then(|i| p.steps.get(i)) {
        Some(s) => s.text.to_string(),
        None if n > 0 => "Press PageDown (or .) to start.".to_string(),
        None => "This scenario has no narrated steps: play it with Space.".to_string(),
    };
    let step = |d: i32| {
        let cb = p.on_step.clone();
        Callback::from(move |_: MouseEvent| cb.emit(d))
    };
    let toggle = {
        let cb = p.on_toggle.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let exit = {
        let cb = p.on_exit.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section class="narration" aria-label="Narration" data-testid="narration">
            <p class="count" data-testid="step-count">
                { match p.step { Some(i) => format!("Step {} of {n}", i + 1), None if n == 1 => "1 step".to_string(), None => format!("{n} steps") } }
            </p>
            <p class="say" aria-live="polite" data-testid="narration-text">{text}</p>
            <div class="keys">
                <button onclick={step(-1)} disabled={p.step.is_none_or(|i| i == 0)} aria-label="Previous step (PageUp or b)" data-testid="step-prev">{"◀"}</button>
                <button onclick={toggle} aria-label={if p.playing { "Pause (Space)" } else { "Play (Space)" }}>{ if p.playing { "❚❚" } else { "▶" } }</button>
                <button onclick={step(1)} disabled={p.step.is_some_and(|i| i + 1 >= n) || n == 0} aria-label="Next step (PageDown or .)" data-testid="step-next">{"▶▶"}</button>
                <button onclick={exit} aria-label="Leave presenter mode (Escape)" data-testid="present-exit">{"✕"}</button>
            </div>
        </section>
    }
}
