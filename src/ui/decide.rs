//! The abstraction decision tree as a page (`#/decide/…`, the answers in the address) and as
//! a block in a lesson (the answers kept by the block). One component draws both: the
//! answers so far (each can be changed), the question or the abstraction it ends at, with
//! its why, lesson and live scenario. Keys: y/1 yes, n/2 no, Backspace back. The walk itself
//! is `model::decide`.

use crate::model::decide::{self, Answer, Now};
use crate::ui::shared::Shared;
use otp_content::{Bundle, DecideBlock};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DecidePageProps {
    pub bundle: Shared<Bundle>,
    /// The address's path after `#/decide/`.
    pub path: Rc<str>,
}

/// `#/decide/…`: the answers live in the address, so a path is shareable and reloads exactly.
#[function_component(DecidePage)]
pub fn decide_page(p: &DecidePageProps) -> Html {
    let (answers, error) = match decide::parse_path(&p.path) {
        Ok(a) => (a, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let on_path = Callback::from(|a: Vec<Answer>| {
        let _ = gloo::utils::window().location().set_hash(&decide::href(&a));
    });
    html! {
        <main class="page decide-page" data-testid="decide-page">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="#/lessons">{"Lessons"}</a>{" · "}
                <a href="#/lessons/decision-tree">{"Choosing the abstraction"}</a></nav>
            <h1>{"Which abstraction?"}</h1>
            <p class="lead">{"Answer one question at a time and land on the smallest tool that does the job, \
                with why, its lesson and a live system showing it. The address keeps your answers: share it, or come back to it."}</p>
            <DecideTree bundle={p.bundle.clone()} answers={Rc::new(answers)} {error} {on_path} global_keys={true} />
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct DecideBlockProps {
    pub bundle: Shared<Bundle>,
    pub block: DecideBlock,
}

/// A lesson's `decide` block: the same tree, its answers kept here (the lesson's address
/// stays the lesson's); a link opens the same answers at `#/decide/…`.
#[function_component(DecideInLesson)]
pub fn decide_in_lesson(p: &DecideBlockProps) -> Html {
    let answers = use_state(Vec::<Answer>::new);
    let on_path = {
        let answers = answers.clone();
        Callback::from(move |a: Vec<Answer>| answers.set(a))
    };
    html! {
        <aside class="decide-block" data-testid="decide-block" aria-label="The decision tree, interactive">
            if let Some(c) = &p.block.caption { <p class="caption">{c}</p> }
            <DecideTree bundle={p.bundle.clone()} answers={Rc::new((*answers).clone())} error={None::<String>}
                {on_path} global_keys={false} />
            <p class="muted"><a href={decide::href(&answers)} data-testid="decide-open-page">{"Open these answers on their own page (a link to share)"}</a></p>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct DecideTreeProps {
    pub bundle: Shared<Bundle>,
    pub answers: Rc<Vec<Answer>>,
    /// Why the address could not be followed, if it could not.
    pub error: Option<String>,
    pub on_path: Callback<Vec<Answer>>,
    /// Keys work anywhere on the page (`#/decide`), or only with focus inside (a lesson,
    /// where the stage has its own keys).
    pub global_keys: bool,
}

#[function_component(DecideTree)]
pub fn decide_tree(p: &DecideTreeProps) -> Html {
    let heading = use_node_ref();
    let Some(tree) = p.bundle.decide.as_ref() else {
        return html! { <p role="alert">{"The decision tree is missing from the content."}</p> };
    };
    let (walk, error) = match decide::walk_lenient(tree, &p.answers) {
        Ok((w, e)) => (Some(w), p.error.clone().or(e)),
        Err(e) => (None, Some(e)),
    };
    let Some(walk) = walk else {
        return html! { <p role="alert" data-testid="decide-error">{error.unwrap_or_default()}</p> };
    };
    let answers = walk.answers();
    // After each answer, focus moves to the new heading (read out by screen readers), but
    // not on the first draw.
    {
        let heading = heading.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(answers.clone(), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    // Keys. The answers a key applies to are kept in a cell, updated by the key itself, so
    // keys pressed faster than the address (or the block's state) changes are not lost.
    let current = use_mut_ref(Vec::<Answer>::new);
    *current.borrow_mut() = answers.clone();
    let press: Rc<dyn Fn(&str) -> bool> = {
        let (current, bundle, on_path) = (current.clone(), p.bundle.clone(), p.on_path.clone());
        Rc::new(move |key: &str| {
            let Some(t) = bundle.decide.as_ref() else {
                return false;
            };
            let a = current.borrow().clone();
            let asking = matches!(decide::walk(t, &a).map(|w| w.now), Ok(Now::Ask(_)));
            match decide::on_key(key, &a, asking) {
                Some(next) => {
                    *current.borrow_mut() = next.clone();
                    on_path.emit(next);
                    true
                }
                None => false,
            }
        })
    };
    // On the page (`#/decide`) they work anywhere: one listener for the page's life.
    {
        let press = press.clone();
        use_effect_with(p.global_keys, move |global| {
            let l = global.then(|| {
                crate::ui::keys::listen(move |e| {
                    if crate::ui::keys::is_typing(e) || modal_open() {
                        return;
                    }
                    if press(&e.key()) {
                        e.prevent_default();
                    }
                })
            });
            move || drop(l)
        });
    }
    let onkeydown = (!p.global_keys).then(|| {
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() || crate::ui::keys::is_typing(&e) {
                return;
            }
            if press(&e.key()) {
                e.prevent_default();
                // The stage's own keys (n: next branch) must not see it.
                e.stop_propagation();
            }
        })
    });
    let go = |v: Vec<Answer>| {
        let cb = p.on_path.clone();
        Callback::from(move |_: MouseEvent| cb.emit(v.clone()))
    };
    let answer = |x: Answer| {
        let mut v = answers.clone();
        v.push(x);
        go(v)
    };
    let back = go(answers[..answers.len().saturating_sub(1)].to_vec());
    let steps = walk.steps.iter().enumerate().map(|(i, s)| {
        let change = go(answers[..i].to_vec());
        html! {
            <li data-testid={format!("decide-step-{i}")}>
                <span class="q">{&s.question.text}</span>{" "}
                <strong class="a">{ if s.answer == Answer::Yes { "Yes" } else { "No" } }</strong>{" "}
                <button class="secondary" onclick={change} data-testid={format!("decide-change-{i}")}
                    aria-label={format!("Change the answer to: {}", s.question.text)}>{"Change"}</button>
            </li>
        }
    });
    let now = match walk.now {
        Now::Ask(q) => html! {
            <div class="decide-question" data-testid="decide-question" data-id={q.id.clone()}>
                <h2 ref={heading.clone()} tabindex="-1">{format!("{}. {}", walk.steps.len() + 1, q.text)}</h2>
                <p>{&q.help}</p>
                <div class="decide-answers" role="group" aria-label="Your answer">
                    <button onclick={answer(Answer::Yes)} data-testid="decide-yes">{"Yes"}<kbd>{"y"}</kbd></button>
                    <button onclick={answer(Answer::No)} data-testid="decide-no">{"No"}<kbd>{"n"}</kbd></button>
                </div>
            </div>
        },
        Now::Leaf(l) => {
            let lesson = p
                .bundle
                .lesson(&l.lesson)
                .map(|x| x.title.clone())
                .unwrap_or_else(|| l.lesson.clone());
            html! {
                <div class="decide-leaf" data-testid="decide-leaf" data-id={l.id.clone()}>
                    <h2 ref={heading.clone()} tabindex="-1">{format!("Use: {}", l.title)}</h2>
                    <p>{&l.why}</p>
                    <p class="decide-links">
                        <a class="button" href={l.href()} data-testid="decide-scenario"
                            title={format!("The scenario {} running in the playground, where you can kill, poison and inspect it", l.scenario)}>{"Open in the playground"}</a>
                        <a class="button secondary" href={format!("#/lessons/{}", l.lesson)} data-testid="decide-lesson">{format!("The lesson: {lesson}")}</a>
                    </p>
                </div>
            }
        }
    };
    html! {
        <section class="decide" data-testid="decide" data-path={decide::path_string(&answers)} {onkeydown}>
            if let Some(e) = &error {
                <p role="alert" class="decide-error" data-testid="decide-error">
                    {format!("That address could not be followed all the way: {e}. ")}
                    {"Shown: the answers that made sense."}
                </p>
            }
            if !walk.steps.is_empty() {
                <ol class="decide-steps" aria-label="Your answers so far">{ for steps }</ol>
            }
            {now}
            <p class="decide-nav">
                <button class="secondary" onclick={back} disabled={answers.is_empty()} data-testid="decide-back">{"← Back"}<kbd>{"Backspace"}</kbd></button>
                <button class="secondary" onclick={go(Vec::new())} disabled={answers.is_empty()} data-testid="decide-restart">{"Start again"}</button>
            </p>
            <p class="muted keys-hint">{"Keys: y or 1 for yes, n or 2 for no, Backspace to go back."}</p>
        </section>
    }
}

/// A dialog (the help, the share dialog) is open: its keys, not the tree's.
fn modal_open() -> bool {
    gloo::utils::document()
        .query_selector("dialog[open], [role=dialog]")
        .ok()
        .flatten()
        .is_some()
}
