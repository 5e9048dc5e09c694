//! The lessons: the list (`#/lessons`) and one lesson (`#/lessons/<slug>`), whose text
//! takes the left third while the playground's own stage, inspector and timeline (passed
//! in as `children`, not a copy) show its live demos. A demo with a prediction asks first
//! and then plays the reveal. Both show the learner's progress (`ui::progress`): the list
//! per lesson and in total, with a reset; a lesson records being read (its end scrolled
//! into view, or marked), its demos played and its predictions answered.

use crate::model::progress::{Learned, LessonProgress};
use crate::ui::shared::Shared;
use otp_content::{Bundle, Demo, Lesson, Segment};
use std::rc::Rc;
use yew::prelude::*;

/// How long the lesson must rest after a scroll before its end in view counts as read.
const SETTLE_MS: u32 = 400;

pub use crate::model::state::Moment;

/// A lesson's first demo: what opening the lesson shows, paused at its moment.
pub fn first_demo(lesson: &Lesson) -> Option<Moment> {
    lesson.segments.iter().find_map(|s| match s {
        Segment::Demo(d) => Some(Moment::new(&d.scenario, d.run_to_ms, d.select.as_deref())),
        _ => None,
    })
}

#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    pub bundle: Shared<Bundle>,
}

#[function_component(LessonList)]
pub fn lesson_list(p: &LessonListProps) -> Html {
    let b = &p.bundle;
    let mut lessons: Vec<&Lesson> = b.lessons.iter().collect();
    otp_sim::sort::sort_by_key(&mut lessons, |l| l.order);
    let learned = use_state(crate::ui::progress::load);
    let quiz = use_state(quiz_best);
    let confirming = use_state(|| false);
    let totals = learned.totals(&b.lessons);
    let ask_reset = {
        let c = confirming.clone();
        Callback::from(move |_: MouseEvent| c.set(true))
    };
    let cancel = {
        let c = confirming.clone();
        Callback::from(move |_: MouseEvent| c.set(false))
    };
    let do_reset = {
        let (c, learned, quiz) = (confirming.clone(), learned.clone(), quiz.clone());
        Callback::from(move |_: MouseEvent| {
            crate::ui::progress::reset();
            learned.set(Learned::default());
            quiz.set(None);
            c.set(false);
        })
    };
    html! {
        <main class="page lessons-list" data-testid="lessons">
            <h1>{"Lessons"}</h1>
            <p class="lead">{"One insight of OTP design per lesson, each with a live system to poke: \
                read, predict what the system will do, then play it and see."}</p>
            <section class="progress-summary" aria-label="Your progress" data-testid="progress-total">
                <p>
                    <strong>{format!("{} of {} lessons read", totals.read, totals.lessons)}</strong>
                    {format!(" · {} complete · demos played: {} of {} · predictions answered: {} of {} ({} right)",
                        totals.complete, totals.played, totals.demos, totals.answered, totals.predictions, totals.right)}
                    if let Some(q) = &*quiz { {format!(" · quiz best: {q}")} }
                </p>
                if *confirming {
                    <p role="alert" class="confirm">
                        {"Forget which lessons you read, the demos you played, your predictions and your quiz scores? "}
                        <button onclick={do_reset} data-testid="progress-reset-confirm">{"Yes, forget it all"}</button>{" "}
                        <button class="secondary" onclick={cancel} data-testid="progress-reset-cancel">{"Keep it"}</button>
                    </p>
                } else {
                    <button class="secondary" onclick={ask_reset} data-testid="progress-reset"
                        disabled={learned.is_empty() && quiz.is_none()}>{"Reset progress…"}</button>
                }
                <span class="muted">{" Kept in this browser only. "}</span>
                <a href="#/decide">{"Not sure which abstraction to use? Walk the decision tree →"}</a>
            </section>
            <ol class="lesson-cards">
                { for lessons.iter().map(|l| {
                    let demos = l.segments.iter().filter(|s| matches!(s, Segment::Demo(_))).count();
                    let lp = learned.lesson(l);
                    html! {
                        <li class={classes!(lp.complete().then_some("complete"))} data-testid={format!("lesson-item-{}", l.slug)}>
                            {ticks(&lp)}
                            <a href={format!("#/lessons/{}", l.slug)} data-testid={format!("lesson-link-{}", l.slug)}>
                                <strong>{&l.title}</strong>
                            </a>
                            <span class="summary">{&l.summary}</span>
                            if demos > 0 {
                                <span class="badge" title="live demos in this lesson">{format!("{demos} live demo{}", if demos == 1 { "" } else { "s" })}</span>
                            }
                        </li>
                    }
                }) }
            </ol>
            <p><a href="#/quiz">{"Then test yourself: the quiz on the common rationalizations →"}</a></p>
        </main>
    }
}

/// The quiz's best score, as `right/questions` for the longest run played.
fn quiz_best() -> Option<String> {
    let text = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(crate::model::quiz::STORAGE_KEY)
        .ok()
        .flatten()?;
    let p = crate::model::quiz::Progress::from_json(&text);
    p.best
        .iter()
        .next_back()
        .map(|(total, right)| format!("{right}/{total}"))
}

/// A lesson's ticks: read, demos played, predictions answered.
fn ticks(p: &LessonProgress) -> Html {
    let tick = |done: bool| if done { "✓" } else { "○" };
    html! {
        <span class="ticks" data-testid="ticks" data-read={p.read.to_string()} data-complete={p.complete().to_string()}>
            <span title={if p.read { "read" } else { "not read yet" }}>{format!("{} read", tick(p.read))}</span>
            if p.demos > 0 {
                <span>{format!(" {} demos {}/{}", tick(p.played == p.demos), p.played, p.demos)}</span>
            }
            if p.predictions > 0 {
                <span>{format!(" {} predictions {}/{}", tick(p.answered == p.predictions), p.answered, p.predictions)}</span>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPageProps {
    pub bundle: Shared<Bundle>,
    pub slug: Rc<str>,
    pub on_moment: Callback<Moment>,
    pub on_play_for: Callback<u64>,
    /// The stage is playing: the demo shown is then counted as played.
    #[prop_or_default]
    pub playing: bool,
    /// The playground's stage, inspector and timeline.
    pub children: Html,
}

#[function_component(LessonPage)]
pub fn lesson_page(props: &LessonPageProps) -> Html {
    let b = &props.bundle;
    // The demo shown in the stage now (index among the lesson's demos).
    let active = use_state(|| None::<usize>);
    let lesson = b.lesson(&props.slug).cloned();
    // Progress: read from storage on each lesson, recorded as it happens.
    let learned = use_state(crate::ui::progress::load);
    let end = use_node_ref();
    {
        let learned = learned.clone();
        use_effect_with(props.slug.clone(), move |_| {
            learned.set(crate::ui::progress::load())
        });
    }
    // A demo counts as played once the stage plays while it is shown.
    {
        let learned = learned.clone();
        let slug = props.slug.clone();
        use_effect_with(
            (props.playing, *active, slug),
            move |(playing, active, slug)| {
                if let (true, Some(n)) = (*playing, *active)
                    && !learned
                        .played
                        .contains(&crate::model::progress::demo_key(slug, n))
                {
                    learned.set(crate::ui::progress::update(|l| l.mark_played(slug, n)));
                }
            },
        );
    }
    // Read: the lesson's end has come into view (the article or the page scrolled and came
    // to rest, or the lesson is short enough to fit).
    {
        let learned = learned.clone();
        let end = end.clone();
        let slug = props.slug.clone();
        use_effect_with(slug, move |slug| {
            let slug = slug.clone();
            let settle = Rc::new(std::cell::RefCell::new(
                None::<gloo::timers::callback::Timeout>,
            ));
            let check = move || {
                let Some(el) = end.cast::<web_sys::Element>() else {
                    return;
                };
                // Focus on "Mark as read" (tabbed to, or being clicked): that button is
                // the user's to press; it must not vanish from under the focus or the pointer.
                if gloo::utils::document()
                    .active_element()
                    .is_some_and(|a| el.contains(Some(&a)))
                {
                    return;
                }
                let h = gloo::utils::window()
                    .inner_height()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0);
                if el.get_bounding_client_rect().top() <= h
                    && !crate::ui::progress::load().read.contains(&*slug)
                {
                    learned.set(crate::ui::progress::update(|l| l.mark_read(&slug)));
                }
            };
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "scroll",
                gloo::events::EventListenerOptions {
                    phase: gloo::events::EventListenerPhase::Capture,
                    passive: true,
                },
                {
                    // Once the scrolling has settled: a scroll that brings "Mark as read"
                    // into view to press it (a click scrolls its target into view first)
                    // must not swap the button for the note under the pointer.
                    let check = check.clone();
                    let settle = settle.clone();
                    move |_| {
                        let check = check.clone();
                        *settle.borrow_mut() =
                            Some(gloo::timers::callback::Timeout::new(SETTLE_MS, check));
                    }
                },
            );
            let first = gloo::timers::callback::Timeout::new(300, check);
            move || {
                drop(listener);
                drop(first);
                settle.borrow_mut().take();
            }
        });
    }
    // Opening a lesson shows its first demo, paused at its moment.
    {
        let active = active.clone();
        let on_moment = props.on_moment.clone();
        let first = lesson.as_ref().and_then(first_demo);
        use_effect_with(props.slug.clone(), move |_| {
            if let Some(m) = first {
                on_moment.emit(m);
                active.set(Some(0));
            } else {
                active.set(None);
            }
            // Start at the top of the new lesson.
            if let Some(el) = gloo::utils::document()
                .query_selector(".lesson")
                .ok()
                .flatten()
            {
                el.set_scroll_top(0);
            }
        });
    }
    let Some(lesson) = lesson else {
        return html! {
            <main class="page" data-testid="lesson-missing">
                <h1>{"No such lesson"}</h1>
                <p>{format!("There is no lesson called “{}”. ", props.slug)}<a href="#/lessons">{"See all lessons"}</a></p>
            </main>
        };
    };
    let mut ordered: Vec<&Lesson> = b.lessons.iter().collect();
    otp_sim::sort::sort_by_key(&mut ordered, |l| l.order);
    let pos = ordered.iter().position(|l| l.slug == lesson.slug);
    let prev = pos
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| ordered.get(i));
    let next = pos.and_then(|i| ordered.get(i + 1));
    let demo_count = lesson
        .segments
        .iter()
        .filter(|s| matches!(s, Segment::Demo(_)))
        .count();
    let mut demo_n = 0;
    let lp = learned.lesson(&lesson);
    let mark_read = {
        let learned = learned.clone();
        let slug = lesson.slug.clone();
        Callback::from(move |_: MouseEvent| {
            learned.set(crate::ui::progress::update(|l| l.mark_read(&slug)))
        })
    };
    let body = lesson.segments.iter().map(|seg| match seg {
        Segment::Html(h) => Html::from_html_unchecked(AttrValue::from(h.clone())),
        Segment::Decide(block) => html! {
            <crate::ui::decide::DecideInLesson bundle={props.bundle.clone()} block={block.clone()} />
        },
        Segment::Demo(d) => {
            let n = demo_n;
            demo_n += 1;
            let on_show = {
                let active = active.clone();
                let on_moment = props.on_moment.clone();
                let d = d.clone();
                Callback::from(move |_: ()| {
                    on_moment.emit(Moment::new(&d.scenario, d.run_to_ms, d.select.as_deref()));
                    active.set(Some(n));
                })
            };
            let on_answer = {
                let learned = learned.clone();
                let slug = lesson.slug.clone();
                Callback::from(move |right: bool| {
                    learned.set(crate::ui::progress::update(|l| {
                        // Answering plays the reveal: the demo is played too.
                        let played = l.mark_played(&slug, n);
                        l.answer(&slug, n, right) || played
                    }))
                })
            };
            html! {
                <DemoCard key={format!("{}-{n}", lesson.slug)} n={n} demo={Rc::new((**d).clone())} active={*active == Some(n)}
                    {on_show} on_play_for={props.on_play_for.clone()} {on_answer}
                    before={learned.answered(&lesson.slug, n)} />
            }
        }
    });
    html! {
        <main class={classes!("lesson-view", (demo_count == 0).then_some("text-only"))} data-testid="lesson" data-slug={lesson.slug.clone()}>
            <article class="lesson" aria-labelledby="lesson-title">
                <nav class="crumbs" aria-label="Breadcrumb"><a href="#/lessons">{"Lessons"}</a>{format!(" · {} of {}", pos.map_or(0, |p| p + 1), ordered.len())}</nav>
                <h1 id="lesson-title">{&lesson.title}</h1>
                <p class="lesson-progress" data-testid="lesson-progress">{"Your progress: "}{ticks(&lp)}</p>
                if demo_count == 0 {
                    <aside class="no-demo" data-testid="no-demo">
                        <p>{"No live demo yet: the simulator does not model the kind of process this \
                            lesson is about, so the stage would show something else. The text is \
                            checked against the OTP documentation."}</p>
                        <p><a href="#/">{"Open the playground"}</a></p>
                    </aside>
                }
                { for body }
                <p class="lesson-end" ref={end}>
                    if lp.read {
                        <span data-testid="lesson-read">{"✓ You have read this lesson."}</span>
                    } else {
                        <button class="secondary" onclick={mark_read} data-testid="mark-read">{"Mark as read"}</button>
                    }
                </p>
                <nav class="lesson-nav" aria-label="Previous and next lesson">
                    if let Some(p) = prev {
                        <a href={format!("#/lessons/{}", p.slug)} rel="prev">{format!("← {}", p.title)}</a>
                    }
                    if let Some(n) = next {
                        <a href={format!("#/lessons/{}", n.slug)} rel="next" data-testid="next-lesson">{format!("{} →", n.title)}</a>
                    } else {
                        <a href="#/quiz">{"Take the quiz →"}</a>
                    }
                </nav>
            </article>
            if demo_count > 0 {
                <section class="lesson-stage" aria-label="Live demo">
                    { props.children.clone() }
                </section>
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct DemoCardProps {
    n: usize,
    demo: Rc<Demo>,
    active: bool,
    on_show: Callback<()>,
    on_play_for: Callback<u64>,
    /// Records the answer (right or not).
    on_answer: Callback<bool>,
    /// The answer recorded on an earlier visit, if any.
    before: Option<bool>,
}

/// One demo in the lesson text: its caption, a button that shows it in the stage, and,
/// if it has one, the question to answer before the reveal plays.
#[function_component(DemoCard)]
fn demo_card(props: &DemoCardProps) -> Html {
    let picked = use_state(|| None::<usize>);
    // The feedback appears under the choices, often below the fold: bring it into view.
    let feedback = use_node_ref();
    {
        let feedback = feedback.clone();
        use_effect_with(*picked, move |picked| {
            if picked.is_some()
                && let Some(el) = feedback.cast::<web_sys::Element>()
            {
                el.scroll_into_view_with_bool(false);
            }
        });
    }
    let d = &props.demo;
    let show = {
        let cb = props.on_show.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let predict = d.predict.as_ref().map(|p| {
        let choices = p.choices.iter().enumerate().map(|(i, c)| {
            let onclick = {
                let picked = picked.clone();
                let on_show = props.on_show.clone();
                let on_play = props.on_play_for.clone();
                let on_answer = props.on_answer.clone();
                let right = i == p.answer;
                let play_ms = p.play_ms;
                let already = picked.is_some();
                Callback::from(move |_: MouseEvent| {
                    if already {
                        return;
                    }
                    picked.set(Some(i));
                    on_answer.emit(right);
                    // From the demo's own moment, whatever the stage shows now.
                    on_show.emit(());
                    on_play.emit(play_ms);
                })
            };
            let mark = match *picked {
                Some(_) if i == p.answer => Some(("right", "✓ ")),
                Some(x) if x == i => Some(("wrong", "✗ ")),
                _ => None,
            };
            html! {
                <li>
                    <button class={classes!("choice", mark.map(|m| m.0))} {onclick}
                        aria-pressed={(*picked == Some(i)).to_string()}
                        data-testid={format!("demo-{}-choice-{i}", props.n)}>
                        {mark.map(|m| m.1)}{c}
                    </button>
                </li>
            }
        });
        let verdict = picked.map(|x| x == p.answer);
        html! {
            <div class="predict">
                <p class="question"><strong>{"Predict: "}</strong>{&p.question}</p>
                if let (Some(right), None) = (props.before, *picked) {
                    <p class="muted" data-testid={format!("demo-{}-before", props.n)}>
                        {if right { "You answered this one right before." } else { "You missed this one before: try again?" }}
                    </p>
                }
                <ol class="choices">{ for choices }</ol>
                <div ref={feedback.clone()} role="status" aria-live="polite" class="feedback" data-testid={format!("demo-{}-feedback", props.n)}>
                    if let Some(right) = verdict {
                        <p><strong>{ if right { "Right. " } else { "Not quite. " } }</strong>
                           {format!("Watch the stage: it plays the next {} of the system's time.", fmt_ms(p.play_ms))}</p>
                        <p>{&p.explain}</p>
                    }
                </div>
            </div>
        }
    });
    html! {
        <aside class={classes!("demo-card", props.active.then_some("active"))} data-testid={format!("demo-{}", props.n)}>
            <header>
                <span class="demo-tag">{"Live demo"}</span>
                <button onclick={show} data-testid={format!("demo-{}-show", props.n)} aria-pressed={props.active.to_string()}>
                    { if props.active { "Shown in the stage" } else { "Show in the stage" } }
                </button>
            </header>
            if let Some(c) = &d.caption { <p class="caption">{c}</p> }
            { predict.unwrap_or_default() }
        </aside>
    }
}

fn fmt_ms(ms: u64) -> String {
    if ms >= 1000 && ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else if ms >= 1000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{ms} ms")
    }
}
