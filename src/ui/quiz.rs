//! The quiz screen (`#/quiz`): the start page with best scores, one question at a time
//! with feedback, the score and the review of misses at the end. The run's logic lives in
//! `model::quiz`; this module renders it, maps keys (1–5 pick, Enter goes on), keeps progress in
//! local storage, and for predict questions drives the playground's stage (passed in as
//! `children`) to the moment before the fault and plays the reveal after the answer.

use crate::model::quiz::{DEFAULT_COUNT, Progress, Run, STORAGE_KEY};
use crate::ui::lessons::Moment;
use crate::ui::shared::Shared;
use otp_content::{Bank, Bundle, Question, QuestionKind, play_href};
use std::rc::Rc;
use yew::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn load_progress() -> Progress {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|t| Progress::from_json(&t))
        .unwrap_or_default()
}

fn save_progress(p: &Progress) {
    if let Some(s) = storage() {
        // Private windows may refuse: progress is then kept for this visit only.
        let _ = s.set_item(STORAGE_KEY, &p.to_json());
    }
}

#[derive(Properties, PartialEq)]
pub struct QuizProps {
    pub bundle: Shared<Bundle>,
    pub seed: Option<u64>,
    pub count: Option<usize>,
    pub on_moment: Callback<Moment>,
    pub on_play_for: Callback<u64>,
    /// The playground's stage and timeline, shown for predict questions.
    pub children: Html,
}

#[function_component(Quiz)]
pub fn quiz(props: &QuizProps) -> Html {
    let b = props.bundle.0.clone();
    let bank: &Bank = &b.quiz;
    let run = use_state(|| None::<Run>);
    let progress = use_state(load_progress);
    let count_choice = use_state(|| DEFAULT_COUNT);
    let heading = use_node_ref();
    let next_button = use_node_ref();
    let score_heading = use_node_ref();

    // The address decides the run: `#/quiz?seed=S&n=N` starts (or keeps) that run;
    // plain `#/quiz` leaves a seeded run for the start page (a retry run stays).
    {
        let run = run.clone();
        let b = b.clone();
        use_effect_with((props.seed, props.count), move |(seed, count)| match seed {
            // A new seed, or the same seed with another length: that run.
            Some(s)
                if run.as_ref().map(|r| (r.seed, r.len()))
                    != Some((
                        Some(*s),
                        count
                            .unwrap_or(DEFAULT_COUNT)
                            .clamp(1, b.quiz.questions.len().max(1)),
                    )) =>
            {
                run.set(Some(Run::draw(&b.quiz, *s, count.unwrap_or(DEFAULT_COUNT))))
            }
            None if run.as_ref().is_some_and(|r| r.seed.is_some()) => run.set(None),
            _ => {}
        });
    }
    let current: Option<Question> = run.as_ref().and_then(|r| r.current(bank).cloned());
    let answered = run.as_ref().and_then(|r| r.current_answer());
    // A predict question opens its scenario paused just before the fault.
    {
        let on_moment = props.on_moment.clone();
        let heading = heading.clone();
        let key = (
            current.as_ref().map(|q| q.id.clone()),
            run.as_ref().map(|r| r.pos),
        );
        let pred = current.as_ref().and_then(|q| q.predict.clone());
        use_effect_with(key, move |_| {
            if let Some(p) = pred {
                on_moment.emit(Moment::new(&p.scenario, p.run_to_ms, p.select.as_deref()));
            }
            // Move focus to the new question so screen readers read it.
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }

    // After an answer, focus goes to "Next" (so Enter goes on, and the feedback above it is
    // in view); at the end, to the score.
    {
        let next_button = next_button.clone();
        let score_heading = score_heading.clone();
        let key = (
            run.as_ref().map(|r| r.pos),
            answered.is_some(),
            run.as_ref().is_some_and(|r| r.finished()),
        );
        use_effect_with(key, move |(_, answered, finished)| {
            let target = if *finished {
                score_heading.cast::<web_sys::HtmlElement>()
            } else if *answered {
                next_button.cast::<web_sys::HtmlElement>()
            } else {
                None
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }
    let pick = {
        let run = run.clone();
        let b = b.clone();
        let on_play = props.on_play_for.clone();
        Callback::from(move |i: usize| {
            let Some(mut r) = (*run).clone() else { return };
            if r.answer(&b.quiz, i).is_some() {
                if let Some(p) = r.current(&b.quiz).and_then(|q| q.predict.as_ref()) {
                    on_play.emit(p.play_ms);
                }
                run.set(Some(r));
            }
        })
    };
    let next = {
        let run = run.clone();
        let progress = progress.clone();
        let b = b.clone();
        Callback::from(move |_: ()| {
            let Some(mut r) = (*run).clone() else { return };
            if r.advance() {
                if r.finished() {
                    let mut p = (*progress).clone();
                    p.record(&b.quiz, &r);
                    save_progress(&p);
                    progress.set(p);
                }
                run.set(Some(r));
            }
        })
    };
    let start = {
        let count_choice = count_choice.clone();
        Callback::from(move |_: ()| {
            // A fresh seed each time; the address then carries it, so the run can be shared.
            let seed = js_sys::Date::now() as u64 % 1_000_000_007;
            let _ = gloo::utils::window()
                .location()
                .set_hash(&format!("/quiz?seed={seed}&n={}", *count_choice));
        })
    };
    let retry = {
        let run = run.clone();
        let progress = progress.clone();
        let b = b.clone();
        Callback::from(move |_: ()| {
            let r = Run::of_ids(&b.quiz, &progress.missed);
            if !r.is_empty() {
                if gloo::utils::window().location().hash().unwrap_or_default() != "#/quiz" {
                    let _ = gloo::utils::window().location().set_hash("/quiz");
                }
                run.set(Some(r));
            }
        })
    };
    let reset = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = gloo::utils::window()
                .confirm_with_message("Forget your best scores and missed questions?")
                .unwrap_or(false);
            if ok {
                let p = Progress::default();
                save_progress(&p);
                progress.set(p);
            }
        })
    };

    // Keys: 1–5 pick, Enter goes on (or starts). One listener for the component's life,
    // reading what this render says through a cell: a key pressed the moment a question
    // appears is never lost between an old listener and a new one.
    {
        let now = (
            run.is_some(),
            run.as_ref().is_some_and(|r| r.finished()),
            answered.is_some(),
            pick.clone(),
            next.clone(),
            start.clone(),
        );
        let keys_now = use_mut_ref(|| now.clone());
        *keys_now.borrow_mut() = now;
        use_effect_with((), move |_| {
            let l = crate::ui::keys::listen(move |e| {
                let (has_run, finished, answered, pick, next, start) = keys_now.borrow().clone();
                let key = e.key();
                match key.as_str() {
                    k @ ("1" | "2" | "3" | "4" | "5") if has_run && !finished && !answered => {
                        if crate::ui::keys::is_typing(e) {
                            return;
                        }
                        e.prevent_default();
                        pick.emit(k.parse::<usize>().unwrap_or(1) - 1);
                    }
                    // Enter on a focused button already clicks it: only handle it elsewhere.
                    "Enter" if !crate::ui::keys::on_control(e) => {
                        if has_run && !finished && answered {
                            e.prevent_default();
                            next.emit(());
                        } else if !has_run {
                            e.prevent_default();
                            start.emit(());
                        }
                    }
                    _ => {}
                }
            });
            move || drop(l)
        });
    }

    let body = match (&*run, current) {
        (None, _) => start_page(bank, &progress, &count_choice, start, retry, reset),
        (Some(r), _) if r.finished() => end_page(bank, r, &progress, retry, &score_heading),
        (Some(r), Some(q)) => {
            question_page(r, &q, answered, pick, next, &heading, &next_button, &b)
        }
        (Some(_), None) => html! { <p>{"This run has no questions."}</p> },
    };
    let predict_now = run
        .as_ref()
        .filter(|r| !r.finished())
        .and_then(|r| r.current(bank))
        .is_some_and(|q| q.kind == QuestionKind::Predict);
    html! {
        <main class={classes!("quiz-view", predict_now.then_some("with-stage"))} data-testid="quiz">
            <section class="quiz-card">{ body }</section>
            if predict_now {
                <section class="lesson-stage" aria-label="The live scenario for this question">
                    { props.children.clone() }
                </section>
            }
        </main>
    }
}

fn start_page(
    bank: &Bank,
    progress: &Progress,
    count: &UseStateHandle<usize>,
    start: Callback<()>,
    retry: Callback<()>,
    reset: Callback<MouseEvent>,
) -> Html {
    let total = bank.questions.len();
    let sizes: Vec<usize> = [5, DEFAULT_COUNT, 20, total]
        .into_iter()
        .filter(|&n| n <= total)
        .collect();
    let best = progress.best.iter().rev().map(|(n, right)| {
        html! { <li>{format!("{n} questions: best {right} right")}</li> }
    });
    html! {
        <>
            <h1>{"Quiz: the excuses and the red flags"}</h1>
            <p class="lead">{format!(
                "{total} questions on the rationalizations developers use to justify a design, the red flags \
                 that should make you stop, choosing the right abstraction, and predicting what a live system \
                 does next. Each run draws a shuffled set; its address replays the same questions in the same order.")}</p>
            <fieldset class="sizes">
                <legend>{"Questions in a run"}</legend>
                { for sizes.iter().map(|&n| {
                    let c = count.clone();
                    html! {
                        <label>
                            <input type="radio" name="quiz-size" checked={**count == n}
                                onchange={Callback::from(move |_| c.set(n))} />
                            { if n == total { format!("all {n}") } else { n.to_string() } }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="actions">
                <button class="primary" data-testid="quiz-start" onclick={Callback::from(move |_| start.emit(()))}>{"Start (Enter)"}</button>
                if !progress.missed.is_empty() {
                    <button data-testid="quiz-retry" onclick={Callback::from(move |_| retry.emit(()))}>
                        {format!("Retry the {} you missed last time", progress.missed.len())}
                    </button>
                }
            </div>
            if !progress.best.is_empty() {
                <h2>{"Your best scores"}</h2>
                <ul data-testid="quiz-best">{ for best }</ul>
                <p class="muted small">{format!("{} runs finished on this browser. ", progress.runs)}
                    <button class="link" data-testid="quiz-reset" onclick={reset}>{"Reset progress"}</button></p>
            }
            <p class="muted small">{"Keys: 1–5 pick an answer, Enter goes on."}</p>
        </>
    }
}

#[allow(clippy::too_many_arguments)]
fn question_page(
    r: &Run,
    q: &Question,
    answered: Option<usize>,
    pick: Callback<usize>,
    next: Callback<()>,
    heading: &NodeRef,
    next_button: &NodeRef,
    b: &Rc<otp_content::Bundle>,
) -> Html {
    let choices = q.choices.iter().enumerate().map(|(i, c)| {
        let pick = pick.clone();
        let mark = match answered {
            Some(_) if i == q.answer => Some(("right", "✓ right answer")),
            Some(x) if x == i => Some(("wrong", "✗ your answer")),
            _ => None,
        };
        html! {
            <li>
                <button class={classes!("choice", mark.map(|m| m.0))} data-testid={format!("choice-{i}")}
                    aria-disabled={answered.is_some().to_string()}
                    onclick={Callback::from(move |_| pick.emit(i))}>
                    <kbd>{i + 1}</kbd>{" "}{c}
                    if let Some((_, label)) = mark { <span class="mark">{format!(" — {label}")}</span> }
                </button>
            </li>
        }
    });
    let feedback = answered.map(|a| {
        let right = a == q.answer;
        let insight = b.insight(&q.insight);
        let has_lesson = b.lesson(&q.insight).is_some();
        let why_not = q.why_not.as_ref().and_then(|w| w.get(a).cloned().flatten());
        html! {
            <>
                <p class={classes!("verdict", if right { "right" } else { "wrong" })} data-testid="verdict">
                    { if right { "✓ Right." } else { "✗ Not quite." } }
                </p>
                if let Some(w) = why_not { <p data-testid="why-not">{w}</p> }
                <p data-testid="explain">{&q.explain}</p>
                if q.predict.is_some() { <p class="muted">{"The stage is playing what happens next."}</p> }
                <p class="refs">
                    if let Some(i) = insight {
                        { "From the insight: " }
                        if has_lesson {
                            <a href={format!("#/lessons/{}", i.slug)} data-testid="lesson-ref">{&i.title}</a>
                        } else { <span>{&i.title}</span> }
                    }
                    if let Some(d) = &q.demo {
                        {" · "}<a href={d.href()} data-testid="demo-ref">{"Open the live scenario"}</a>
                    }
                    if let Some(p) = &q.predict {
                        {" · "}<a href={play_href(&p.scenario, p.run_to_ms, p.select.as_deref())}>{"Explore it in the playground"}</a>
                    }
                </p>
            </>
        }
    });
    let last = r.pos + 1 == r.len();
    html! {
        <>
            <p class="quiz-meta" data-testid="quiz-progress">
                {format!("Question {} of {}", r.pos + 1, r.len())}{" · "}{q.kind.label()}
            </p>
            <h1 tabindex="-1" ref={heading.clone()} class="prompt" data-testid="prompt" data-qid={q.id.clone()}>{&q.prompt}</h1>
            if let Some(code) = &q.code {
                <pre class="code" tabindex="0"><code class="language-elixir">{code}</code></pre>
            }
            <ol class="choices" aria-label="Answers">{ for choices }</ol>
            <div role="status" aria-live="polite" class="feedback" data-testid="feedback">{ feedback.unwrap_or_default() }</div>
            if answered.is_some() {
                <div class="actions">
                    <button class="primary" data-testid="quiz-next" ref={next_button.clone()} onclick={Callback::from(move |_| next.emit(()))}>
                        { if last { "See the score (Enter)" } else { "Next question (Enter)" } }
                    </button>
                </div>
            }
        </>
    }
}

fn end_page(
    bank: &Bank,
    r: &Run,
    progress: &Progress,
    retry: Callback<()>,
    score_heading: &NodeRef,
) -> Html {
    let (right, total) = r.score(bank);
    let missed = r.missed(bank);
    let best = progress.best.get(&total).copied();
    let link = r.seed.map(|s| format!("#/quiz?seed={s}&n={total}"));
    let review = missed.iter().map(|(q, a)| {
        html! {
            <li data-testid="review-item" data-qid={q.id.clone()}>
                <p class="prompt"><strong>{&q.prompt}</strong></p>
                if let Some(code) = &q.code {
                    <pre class="code" tabindex="0"><code class="language-elixir">{code}</code></pre>
                }
                if let Some(a) = a.and_then(|a| q.choices.get(a)) {
                    <p>{"You answered: "}<span class="wrong">{a}</span></p>
                }
                <p>{"The answer: "}<span class="right">{&q.choices[q.answer.min(q.choices.len() - 1)]}</span></p>
                <p>{&q.explain}</p>
                <p><a href={format!("#/lessons/{}", q.insight)}>{"Read the lesson"}</a></p>
            </li>
        }
    });
    html! {
        <>
            <h1 data-testid="quiz-score" tabindex="-1" ref={score_heading.clone()}>{format!("You got {right} of {total} right")}</h1>
            if let Some(bst) = best { <p data-testid="quiz-best-now">{format!("Your best for {total} questions: {bst}.")}</p> }
            if let Some(l) = link {
                <p class="muted small">{"This run's address (same questions, same order): "}<a href={l.clone()}>{l}</a></p>
            }
            if missed.is_empty() {
                <p>{"No misses. Try a longer run, or the lessons you have not read yet."}</p>
            } else {
                <h2>{format!("Review: the {} you missed", missed.len())}</h2>
                <ol class="review" data-testid="review">{ for review }</ol>
            }
            <div class="actions">
                if !missed.is_empty() {
                    <button class="primary" data-testid="quiz-retry-missed" onclick={Callback::from(move |_| retry.emit(()))}>{"Retry the missed ones"}</button>
                }
                <a class="button" href="#/quiz" data-testid="quiz-new">{"New run"}</a>
            </div>
        </>
    }
}
