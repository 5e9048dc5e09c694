//! Component tests in headless Chromium (wasm-bindgen-test): the real app, mounted into a
//! div, driven through its DOM. Run with
//! `cargo test --target wasm32-unknown-unknown -p otp-playground`.
#![cfg(target_arch = "wasm32")]

use otp_playground::{App, AppProps};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

async fn mount(scenario: usize) -> Element {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            scenario,
            autoplay: false,
            welcome: false,
            extras: Some(otp_playground::ui::extras::ExtrasRef(
                &otp_playground::ui::full::FULL,
            )),
            handover: None,
        },
    )
    .render();
    settle().await;
    root
}

fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {sel}"))
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn fire(e: &Element, kind: &str) {
    let ev = web_sys::Event::new_with_event_init_dict(kind, &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    e.dispatch_event(&ev).unwrap();
}

fn click(e: &Element) {
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &{
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    e.dispatch_event(&ev).unwrap();
}

async fn seek(root: &Element, us: u64) {
    let input: HtmlInputElement = q(root, "[data-testid=scrubber]").dyn_into().unwrap();
    input.set_value(&us.to_string());
    fire(&input, "input");
    settle().await;
    assert_eq!(
        attr(&q(root, "[data-testid=clock]"), "data-now"),
        us.to_string()
    );
}

/// (id, pid, restarts, state) of every node on the stage.
fn nodes(root: &Element) -> Vec<(String, String, String, String)> {
    all(root, "[data-testid=tree-nodes] [data-testid^=node-]")
        .iter()
        .map(|e| {
            (
                attr(e, "data-id"),
                attr(e, "data-pid"),
                attr(e, "data-restarts"),
                attr(e, "data-state"),
            )
        })
        .collect()
}

fn node<'a>(
    ns: &'a [(String, String, String, String)],
    id: &str,
) -> &'a (String, String, String, String) {
    ns.iter()
        .find(|n| n.0 == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

#[wasm_bindgen_test]
async fn tree_renders_one_node_per_process_with_kind_and_state_classes() {
    let root = mount(0).await;
    seek(&root, 10_000).await;
    let ns = all(&root, "[data-testid=tree-nodes] [data-testid^=node-]");
    assert_eq!(ns.len(), 4, "a supervisor and three workers");
    let sup = q(&root, "[data-testid=node-app_sup]");
    let class = attr(&sup, "class");
    assert!(class.contains("supervisor"), "{class}");
    assert!(class.contains("st-"), "{class}");
    let cache = q(&root, "[data-testid=node-cache]");
    let class = attr(&cache, "class");
    assert!(class.contains("worker"), "{class}");
    assert!(
        class.contains(&format!("st-{}", attr(&cache, "data-state"))),
        "{class}"
    );
    assert!(attr(&cache, "data-pid").starts_with("#PID<0."));
    // Strategy written on the supervisor, mailbox count on every process.
    assert!(
        sup.text_content()
            .unwrap_or_default()
            .contains("one_for_one")
    );
    assert_eq!(all(&root, "[data-testid=mailbox]").len(), 4);
    // The accessible description has the same processes.
    assert_eq!(all(&root, "[role=treeitem]").len(), 4);
}

#[wasm_bindgen_test]
async fn inspector_kill_restarts_the_process_under_a_new_pid() {
    let root = mount(0).await;
    seek(&root, 300_000).await;
    let before = nodes(&root);
    click(&q(&root, "[data-testid=node-cache]"));
    settle().await;
    assert_eq!(
        attr(&q(&root, "[data-testid=inspector]"), "data-selected"),
        "cache"
    );
    // Default reason is :kill.
    let reason: HtmlSelectElement = q(&root, "[data-testid=reason]").dyn_into().unwrap();
    assert_eq!(reason.selected_index(), 2);
    click(&q(&root, "[data-testid=kill]"));
    settle().await;
    seek(&root, 400_000).await;
    let after = nodes(&root);
    assert_ne!(node(&after, "cache").1, node(&before, "cache").1, "new pid");
    assert_eq!(node(&after, "cache").2, "1", "one restart");
    assert_eq!(node(&after, "client_a").1, node(&before, "client_a").1);
    // Suspend from the inspector.
    click(&q(&root, "[data-testid=suspend]"));
    settle().await;
    seek(&root, 410_000).await;
    assert_eq!(node(&nodes(&root), "cache").3, "suspended");
}

#[wasm_bindgen_test]
async fn timeline_scrub_restores_the_earlier_state() {
    let root = mount(0).await;
    seek(&root, 400_000).await;
    let early = nodes(&root);
    seek(&root, 1_500_000).await;
    let late = nodes(&root);
    assert_ne!(node(&late, "cache").1, node(&early, "cache").1);
    assert!(
        !all(&root, ".timeline .marker.crash").is_empty(),
        "a crash marker"
    );
    seek(&root, 400_000).await;
    assert_eq!(nodes(&root), early);
    seek(&root, 1_500_000).await;
    assert_eq!(nodes(&root), late);
}

#[wasm_bindgen_test]
async fn a_bad_scenario_shows_field_named_errors_and_keeps_the_app() {
    let root = mount(0).await;
    let picker: HtmlSelectElement = q(&root, "[data-testid=scenario-picker]")
        .dyn_into()
        .unwrap();
    picker.set_value("custom");
    fire(&picker, "change");
    settle().await;
    let text: HtmlTextAreaElement = q(&root, "[data-testid=scenario-json]").dyn_into().unwrap();
    text.set_value(
        r#"{"name": "x", "config": {"schedulers": 0}, "tree": {"type": "supervisor", "id": "s"}}"#,
    );
    click(&q(&root, "[data-testid=load-json]"));
    settle().await;
    let errors = q(&root, "[data-testid=scenario-errors]")
        .text_content()
        .unwrap_or_default();
    assert!(errors.contains("config.schedulers"), "{errors}");
    // The previous scenario is still there and works.
    assert_eq!(
        all(&root, "[data-testid=tree-nodes] [data-testid^=node-]").len(),
        4
    );
    seek(&root, 100_000).await;
    // Malformed JSON too.
    text.set_value("{ not json");
    click(&q(&root, "[data-testid=load-json]"));
    settle().await;
    let errors = q(&root, "[data-testid=scenario-errors]")
        .text_content()
        .unwrap_or_default();
    assert!(errors.contains("line 1"), "{errors}");
}

/// Mounts any component with its props into a fresh div.
async fn mount_with<C: yew::BaseComponent>(props: C::Properties) -> Element {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

/// The content bundle the app would fetch, installed directly (the test server does not
/// serve `content.json`).
fn bundle() -> std::rc::Rc<otp_content::Bundle> {
    otp_playground::content::install(include_str!(concat!(env!("OUT_DIR"), "/content.json")))
        .expect("the bundle parses")
}

fn text(root: &Element, sel: &str) -> String {
    q(root, sel).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn quiz_run_scores_explains_and_reviews_misses() {
    use otp_playground::model::quiz::Run;
    use otp_playground::ui::quiz::{Quiz, QuizProps};
    use yew::prelude::*;
    let bank = bundle();
    let run = Run::draw(&bank.quiz, 7, 3);
    let root = mount_with::<Quiz>(QuizProps {
        bundle: otp_playground::ui::shared::Shared(bank.clone()),
        seed: Some(7),
        count: Some(3),
        on_moment: Callback::noop(),
        on_play_for: Callback::noop(),
        children: html! {},
    })
    .await;
    // Right, wrong, right: the seeded run asks the bank's questions in the drawn order.
    for (k, right) in [true, false, true].into_iter().enumerate() {
        let qn = &bank.quiz.questions[run.order[k]];
        assert_eq!(attr(&q(&root, "[data-testid=prompt]"), "data-qid"), qn.id);
        let pick = if right {
            qn.answer
        } else {
            (qn.answer + 1) % qn.choices.len()
        };
        click(&q(&root, &format!("[data-testid=choice-{pick}]")));
        settle().await;
        let verdict = text(&root, "[data-testid=verdict]");
        assert!(
            verdict.contains(if right { "Right" } else { "Not quite" }),
            "{verdict}"
        );
        assert_eq!(text(&root, "[data-testid=explain]"), qn.explain);
        assert_eq!(
            attr(&q(&root, "[data-testid=lesson-ref]"), "href"),
            format!("#/lessons/{}", qn.insight)
        );
        // A second pick changes nothing.
        click(&q(
            &root,
            &format!("[data-testid=choice-{}]", (pick + 1) % qn.choices.len()),
        ));
        settle().await;
        assert_eq!(text(&root, "[data-testid=verdict]"), verdict);
        click(&q(&root, "[data-testid=quiz-next]"));
        settle().await;
    }
    assert_eq!(
        text(&root, "[data-testid=quiz-score]"),
        "You got 2 of 3 right"
    );
    let review = all(&root, "[data-testid=review-item]");
    assert_eq!(review.len(), 1);
    assert_eq!(
        attr(&review[0], "data-qid"),
        bank.quiz.questions[run.order[1]].id
    );
}

#[wasm_bindgen_test]
async fn a_lesson_opens_its_first_demo_and_a_prediction_plays_the_reveal() {
    use otp_content::Segment;
    use otp_playground::ui::lessons::{LessonPage, LessonPageProps, Moment};
    use std::cell::RefCell;
    use std::rc::Rc;
    use yew::prelude::*;
    let bank = bundle();
    let lesson = bank
        .lessons
        .iter()
        .find(|l| {
            l.segments
                .iter()
                .any(|s| matches!(s, Segment::Demo(d) if d.predict.is_some()))
        })
        .expect("a lesson with a prediction");
    let demos: Vec<_> = lesson
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Demo(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    let moments = Rc::new(RefCell::new(Vec::<Moment>::new()));
    let plays = Rc::new(RefCell::new(Vec::<u64>::new()));
    let (m2, p2) = (moments.clone(), plays.clone());
    let root = mount_with::<LessonPage>(LessonPageProps {
        bundle: otp_playground::ui::shared::Shared(bank.clone()),
        slug: Rc::from(lesson.slug.as_str()),
        on_moment: Callback::from(move |m| m2.borrow_mut().push(m)),
        on_play_for: Callback::from(move |ms| p2.borrow_mut().push(ms)),
        playing: false,
        children: html! { <div data-testid="stage-slot" /> },
    })
    .await;
    assert_eq!(text(&root, "#lesson-title"), lesson.title);
    assert!(
        root.query_selector("[data-testid=stage-slot]")
            .unwrap()
            .is_some()
    );
    let first = &demos[0];
    assert_eq!(
        moments.borrow().first().cloned(),
        Some(Moment::new(
            &first.scenario,
            first.run_to_ms,
            first.select.as_deref()
        ))
    );
    let n = demos.iter().position(|d| d.predict.is_some()).unwrap();
    let p = demos[n].predict.as_ref().unwrap();
    click(&q(
        &root,
        &format!("[data-testid=demo-{n}-choice-{}]", p.answer),
    ));
    settle().await;
    assert!(text(&root, &format!("[data-testid=demo-{n}-feedback]")).contains("Right"));
    assert_eq!(plays.borrow().last(), Some(&p.play_ms));
    // Answering a demo not shown yet first shows it in the stage.
    if n > 0 {
        assert_eq!(
            moments.borrow().last().map(|m| m.scenario.to_string()),
            Some(demos[n].scenario.clone())
        );
    }
}
