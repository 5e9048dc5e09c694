//! The app shell: hash routing, the animation loop, the keyboard map, and the layout of
//! top bar, stage, inspector, log and timeline around the one reducer state.

use crate::content::Status;
use crate::keys;
use crate::lessons_view::{LessonList, LessonPage, Moment};
use crate::panels::{About, CustomScenario, EventLog, Help, Inspector, Timeline, TopBar};
use crate::presenter::Narration;
use crate::quiz_view::Quiz;
use crate::route::{Mode, Open, Route};
use crate::share_view::ShareDialog;
use crate::stage::{Shared, Stage};
use crate::state::presenter_steps;
use crate::state::{Action, State};
use otp_sim::{FaultAction, NodeState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Index into the built-in scenarios.
    #[prop_or(0)]
    pub scenario: usize,
    #[prop_or(true)]
    pub autoplay: bool,
}

fn current_route() -> Route {
    Route::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `f` on every animation frame until the returned guard is dropped.
struct FrameLoop {
    alive: Rc<Cell<bool>>,
    closure: FrameClosure,
}

impl FrameLoop {
    fn start(mut f: impl FnMut(f64) + 'static) -> FrameLoop {
        let alive = Rc::new(Cell::new(true));
        let closure: FrameClosure = Rc::new(RefCell::new(None));
        let c2 = closure.clone();
        let a2 = alive.clone();
        *closure.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if !a2.get() {
                return;
            }
            f(ts);
            if let Some(cb) = c2.borrow().as_ref() {
                let _ = gloo::utils::window().request_animation_frame(cb.as_ref().unchecked_ref());
            }
        }));
        if let Some(cb) = closure.borrow().as_ref() {
            let _ = gloo::utils::window().request_animation_frame(cb.as_ref().unchecked_ref());
        }
        FrameLoop { alive, closure }
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.alive.set(false);
        // Break the closure's reference to itself after the last frame has run.
        let c = self.closure.clone();
        gloo::timers::callback::Timeout::new(100, move || {
            c.borrow_mut().take();
        })
        .forget();
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let p = props.clone();
        use_reducer(move || {
            let mut s = State::new(p.scenario, p.autoplay);
            s.reduced_motion = prefers_reduced_motion();
            s
        })
    };
    let dispatcher = state.dispatcher();
    let route = use_state(current_route);
    let custom_open = use_state(|| false);
    let large_before_present = use_mut_ref(|| None::<bool>);
    // Large type beside a lesson: the inspector and log open over the stage on demand.
    let details_open = use_state(|| false);
    // The share dialog's content, computed once when it opens (the link is deflated and
    // the Elixir generated then, not on every animation frame).
    let share_open = use_state(|| None::<Rc<ShareData>>);
    // Which opening of the dialog a worker's answer belongs to: a late answer after the
    // dialog was closed (or reopened) must not reopen or overwrite it.
    let share_gen = use_mut_ref(|| 0u32);
    // Text for the custom-scenario box when a file is imported.
    let fill = use_state(|| None::<Rc<str>>);

    // Hash routing.
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let l =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(current_route())
                });
            move || drop(l)
        });
    }
    // Lessons, the quiz and lesson scenarios need the content bundle: fetched on first need.
    let content_rev = use_state(|| 0u32);
    {
        let rev = content_rev.clone();
        use_effect_with((*route).clone(), move |r| {
            let needs = match r {
                Route::Lessons | Route::Lesson(_) | Route::Quiz { .. } => true,
                Route::Stage {
                    open: Open::Named { scenario, .. },
                    ..
                } => !crate::content::is_builtin(scenario),
                _ => false,
            };
            if needs {
                let r2 = rev.clone();
                crate::content::ensure_loaded(move || r2.set(*r2 + 1));
            }
        });
    }
    // Each view has its own title (history, tabs, screen readers).
    {
        let name = state.scenario_name.clone();
        use_effect_with(
            ((*route).clone(), name, *content_rev),
            move |(r, name, _)| {
                let lesson = |slug: &str| {
                    crate::content::bundle()
                        .and_then(|b| b.lesson(slug).map(|l| l.title.clone()))
                        .unwrap_or_else(|| "Lesson".into())
                };
                let what = match r {
                    Route::Lessons => "Lessons".to_string(),
                    Route::Lesson(slug) => lesson(slug),
                    Route::Quiz { .. } => "Quiz".to_string(),
                    Route::Stage {
                        mode: Mode::Present,
                        ..
                    } => format!("Presenting: {name}"),
                    _ => name.to_string(),
                };
                gloo::utils::document().set_title(&format!("{what} — OTP Playground"));
            },
        );
    }
    // The address decides what the stage opens: a named moment, a share link, presenter
    // mode (large type, narrated steps) or the embed view. A lesson scenario waits for the
    // content bundle (the effect runs again when it arrives).
    {
        let d = dispatcher.clone();
        let loaded = crate::content::bundle().is_some();
        // Presenter mode turns large type on; leaving it gives back the viewer's own choice.
        let large_before = large_before_present.clone();
        let large_now = state.large;
        use_effect_with(((*route).clone(), loaded), move |(r, loaded)| {
            let presenting = matches!(
                r,
                Route::Stage {
                    mode: Mode::Present,
                    ..
                }
            );
            if presenting {
                large_before.borrow_mut().get_or_insert(large_now);
            } else if let Some(was) = large_before.borrow_mut().take() {
                d.dispatch(Action::SetLarge(was));
            }
            if matches!(r, Route::NotFound(_)) {
                // Its own notice replaces whatever the previous address left.
                d.dispatch(Action::DismissNotice);
            }
            if let Route::Stage {
                open: Open::Named { scenario, .. },
                ..
            } = r
                && !loaded
                && !crate::content::is_builtin(scenario)
                && !matches!(crate::content::status(), crate::content::Status::Failed(_))
            {
                return;
            }
            if let Route::Stage { mode, open } = r {
                if *mode == Mode::Present {
                    d.dispatch(Action::SetLarge(true));
                }
                match open {
                    Open::Named {
                        scenario,
                        t_ms,
                        select,
                    } => {
                        d.dispatch(Action::OpenMoment {
                            scenario: Rc::from(scenario.as_str()),
                            t_ms: *t_ms,
                            select: select.as_deref().map(Rc::from),
                        });
                        if *mode == Mode::Present && *t_ms > 0 {
                            d.dispatch(Action::PresentFrom);
                        } else if *mode == Mode::Present {
                            d.dispatch(Action::PresentStep(1));
                        } else if *t_ms == 0 && select.is_none() {
                            // An address without a moment is an invitation to watch.
                            d.dispatch(Action::TogglePlay);
                        }
                    }
                    Open::Link(payload) => d.dispatch(Action::OpenLink(Rc::from(payload.as_str()))),
                    Open::Current => {}
                }
            }
        });
    }
    // The animation loop: one reduce (and at most one tree rebuild) per frame.
    {
        let d = dispatcher.clone();
        use_effect_with((), move |_| {
            let l = FrameLoop::start(move |ts| d.dispatch(Action::Frame(ts)));
            move || drop(l)
        });
    }
    // prefers-reduced-motion can change while the page is open.
    {
        let d = dispatcher.clone();
        use_effect_with((), move |_| {
            let mq = gloo::utils::window()
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten();
            let l = mq.map(|mq| {
                let m2 = mq.clone();
                gloo::events::EventListener::new(&mq, "change", move |_| {
                    d.dispatch(Action::SetReducedMotion(m2.matches()))
                })
            });
            move || drop(l)
        });
    }
    // Keyboard map (PRODUCT.md): one listener on the document.
    {
        let d = dispatcher.clone();
        let sel_state = state.frame.selected_node.as_ref().map(|n| n.state);
        let help = state.help;
        let route_now = (*route).clone();
        let modal = share_open.is_some();
        use_effect_with(
            (sel_state, help, route_now, modal),
            move |(sel_state, help, route_now, modal)| {
                let modal = *modal;
                let sel_state = *sel_state;
                let help = *help;
                // The stage's keys work wherever the stage is the main thing.
                let on_play = route_now.mode().is_some() || matches!(route_now, Route::Lesson(_));
                let presenting = route_now.mode() == Some(Mode::Present);
                let l = keys::listen(move |e| {
                    let key = e.key();
                    if key == "Escape" {
                        if presenting && !help {
                            let _ = gloo::utils::window().location().set_hash("/");
                        }
                        d.dispatch(Action::ShowHelp(false));
                        return;
                    }
                    if keys::is_typing(e) || (keys::on_control(e) && (key == " " || key == "Enter"))
                    {
                        return;
                    }
                    // A dialog is open: its own keys only.
                    if modal {
                        return;
                    }
                    if key == "?" {
                        d.dispatch(Action::ShowHelp(!help));
                        return;
                    }
                    if !on_play {
                        return;
                    }
                    let action = match key.as_str() {
                        // What presentation clickers send, in presenter mode.
                        "PageDown" | "." if presenting => Some(Action::PresentStep(1)),
                        "PageUp" | "b" if presenting => Some(Action::PresentStep(-1)),
                        " " | "Spacebar" => Some(Action::TogglePlay),
                        "ArrowRight" => Some(Action::Step),
                        "ArrowLeft" => Some(Action::StepBack),
                        "Home" => Some(Action::Reset),
                        "]" => Some(Action::SelectNext(1)),
                        "[" => Some(Action::SelectNext(-1)),
                        "k" => Some(Action::Act(FaultAction::Exit {
                            reason: ":kill".into(),
                        })),
                        "p" => Some(Action::Act(FaultAction::Poison)),
                        "s" => Some(Action::Act(if sel_state == Some(NodeState::Suspended) {
                            FaultAction::Resume
                        } else {
                            FaultAction::Suspend
                        })),
                        "f" => {
                            let doc = gloo::utils::document();
                            if doc.fullscreen_element().is_some() {
                                doc.exit_fullscreen();
                            } else if let Some(el) = doc.document_element() {
                                let _ = el.request_fullscreen();
                            }
                            None
                        }
                        _ => None,
                    };
                    if let Some(a) = action {
                        e.prevent_default();
                        d.dispatch(a);
                    }
                });
                move || drop(l)
            },
        );
    }

    let cb = |f: fn() -> Action| {
        let d = dispatcher.clone();
        Callback::from(move |_: ()| d.dispatch(f()))
    };
    // Stable callbacks so memoised node components do not re-render for nothing.
    let on_select = {
        let d = dispatcher.clone();
        use_callback((), move |id: Rc<str>, _| {
            d.dispatch(Action::Select(Some(id)))
        })
    };
    let on_zoom = {
        let d = dispatcher.clone();
        use_callback((), move |f: f64, _| d.dispatch(Action::Zoom(f)))
    };
    let on_pan = {
        let d = dispatcher.clone();
        use_callback((), move |(x, y): (f64, f64), _| {
            d.dispatch(Action::Pan(x, y))
        })
    };
    let on_recenter = {
        let d = dispatcher.clone();
        use_callback((), move |_: (), _| d.dispatch(Action::Recenter))
    };
    let on_aspect = {
        let d = dispatcher.clone();
        use_callback((), move |a: f64, _| d.dispatch(Action::StageAspect(a)))
    };
    let on_act = {
        let d = dispatcher.clone();
        Callback::from(move |a: FaultAction| d.dispatch(Action::Act(a)))
    };
    let on_seek = {
        let d = dispatcher.clone();
        Callback::from(move |t: u64| d.dispatch(Action::Seek(t)))
    };
    let on_speed = {
        let d = dispatcher.clone();
        Callback::from(move |i: usize| d.dispatch(Action::SetSpeed(i)))
    };
    let on_scenario = {
        let d = dispatcher.clone();
        let custom_open = custom_open.clone();
        Callback::from(move |i: usize| {
            custom_open.set(false);
            d.dispatch(Action::LoadBuiltin(i))
        })
    };
    let on_custom = {
        let custom_open = custom_open.clone();
        Callback::from(move |_: ()| custom_open.set(true))
    };
    let on_custom_close = {
        let custom_open = custom_open.clone();
        Callback::from(move |_: ()| custom_open.set(false))
    };
    let on_load = {
        let d = dispatcher.clone();
        Callback::from(move |t: String| d.dispatch(Action::LoadJson(t)))
    };
    let on_search = {
        let d = dispatcher.clone();
        Callback::from(move |q: String| d.dispatch(Action::Search(q)))
    };
    let on_help = {
        let d = dispatcher.clone();
        let help = state.help;
        Callback::from(move |_: ()| d.dispatch(Action::ShowHelp(!help)))
    };
    let on_only = {
        let d = dispatcher.clone();
        Callback::from(move |b: bool| d.dispatch(Action::LogOnlySelected(b)))
    };
    let on_msgs = {
        let d = dispatcher.clone();
        Callback::from(move |b: bool| d.dispatch(Action::LogMessages(b)))
    };
    let on_close_inspector = {
        let d = dispatcher.clone();
        Callback::from(move |_: ()| d.dispatch(Action::Select(None)))
    };
    let on_share = {
        let share_open = share_open.clone();
        let st = state.clone();
        let d_pause = dispatcher.clone();
        let share_gen = share_gen.clone();
        Callback::from(move |_: ()| {
            *share_gen.borrow_mut() += 1;
            let this = *share_gen.borrow();
            // The link is this moment: stop the clock while the dialog is open.
            d_pause.dispatch(Action::Pause);
            let gen_now = share_gen.clone();
            let data = ShareData {
                link: None,
                stem: Rc::from(file_stem(&st.scenario_name).as_str()),
                scenario_json: st.scenario_source.clone(),
            };
            share_open.set(Some(Rc::new(data.clone())));
            // The worker packs the link (deflate lives there, not in the first load).
            let so = share_open.clone();
            crate::share_view::ask_worker(
                format!("link\n{}", crate::share::state_json(&st.link_state())),
                Callback::from(move |r: Result<String, String>| {
                    if *gen_now.borrow() != this {
                        return;
                    }
                    so.set(Some(Rc::new(ShareData {
                        link: Some(
                            r.map(|l| Rc::from(l.as_str()))
                                .map_err(|e| Rc::from(e.as_str())),
                        ),
                        ..data.clone()
                    })))
                }),
            );
        })
    };
    let on_share_close = {
        let share_open = share_open.clone();
        let share_gen = share_gen.clone();
        Callback::from(move |_: ()| {
            *share_gen.borrow_mut() += 1;
            share_open.set(None)
        })
    };
    let on_import = {
        let d = dispatcher.clone();
        let share_open = share_open.clone();
        let custom_open = custom_open.clone();
        let fill = fill.clone();
        let share_gen = share_gen.clone();
        Callback::from(move |text: String| {
            *share_gen.borrow_mut() += 1;
            share_open.set(None);
            custom_open.set(true);
            // Only a valid file becomes the draft: a bad one shows its errors and leaves the
            // user's saved draft as it was.
            if otp_sim::Scenario::from_json(&text).is_ok() {
                fill.set(Some(Rc::from(text.as_str())));
            }
            d.dispatch(Action::LoadJson(text));
        })
    };
    let on_trace = {
        let core = state.core.clone();
        let stem = state.scenario_name.clone();
        Callback::from(move |_: ()| {
            let text = core.borrow().sim.trace().to_json_lines();
            crate::share_view::download(
                &format!("{}.jsonl", file_stem(&stem)),
                "application/x-ndjson",
                &text,
            );
        })
    };
    let on_step = {
        let d = dispatcher.clone();
        Callback::from(move |i: i32| d.dispatch(Action::PresentStep(i)))
    };
    let on_exit_present = Callback::from(move |_: ()| {
        let _ = gloo::utils::window().location().set_hash("/");
    });
    let dismiss = {
        let d = dispatcher.clone();
        Callback::from(move |_| d.dispatch(Action::DismissNotice))
    };

    let frame = Shared(state.frame.clone());
    let gave_up_sel = state
        .selected
        .as_ref()
        .is_some_and(|id| state.frame.gave_up.contains(id));
    let route_s: Rc<str> = Rc::from(route.section());
    let on_moment = {
        let d = dispatcher.clone();
        Callback::from(move |m: Moment| {
            d.dispatch(Action::OpenMoment {
                scenario: m.scenario,
                t_ms: m.t_ms,
                select: m.select,
            })
        })
    };
    let on_play_for = {
        let d = dispatcher.clone();
        Callback::from(move |ms: u64| d.dispatch(Action::PlayFor(ms)))
    };
    let class = classes!(
        "app",
        route.mode().map(|m| format!("mode-{}", m.path())),
        state.large.then_some("large"),
        state.reduced_motion.then_some("reduced-motion")
    );
    let notice = state.notice.as_ref().map(|n| {
        html! {
            <div class="notice" role="status" data-testid="notice">
                {n.to_string()}{" "}<button onclick={dismiss.clone()}>{"OK"}</button>
            </div>
        }
    });
    let compact = route.mode() != Some(Mode::Play);
    let work = html! {
        <div class={classes!("work", details_open.then_some("details-open"))}>
            <Stage frame={frame.clone()} flights={Shared(state.flights.clone())} anim_now={state.anim_now}
                zoom={state.zoom} pan={state.pan} selected={state.selected.clone()} search={state.search.clone()}
                scale={state.scale()} reduced_motion={state.reduced_motion} {compact}
                enlarge={route.mode() == Some(Mode::Present)}
                {on_select} {on_zoom} {on_pan} {on_recenter} {on_aspect} />
            // Shown by the style sheet only in large type beside a lesson or a question.
            <button class="details-toggle" data-testid="details-toggle" aria-pressed={details_open.to_string()}
                onclick={{ let o = details_open.clone(); move |_| o.set(!*o) }}>
                { if *details_open { "Hide details" } else { "Inspector & log" } }
            </button>
            // Presenter and embed modes show the stage alone.
            if !matches!(route.mode(), Some(Mode::Present | Mode::Embed)) {
                <aside class="side">
                    <Inspector frame={frame.clone()} gave_up={gave_up_sel} paused={!state.playing} {on_act} on_close={on_close_inspector} />
                    <EventLog lines={Shared(state.frame.log.clone())} only_selected={state.log_only_selected} messages={state.log_messages}
                        has_selection={state.selected.is_some()} on_only_selected={on_only} on_messages={on_msgs} />
                </aside>
            }
        </div>
    };
    let timeline = html! {
        <Timeline frame={frame} playing={state.playing} speed={state.speed}
            on_toggle={cb(|| Action::TogglePlay)} on_step={cb(|| Action::Step)}
            on_step_back={cb(|| Action::StepBack)} on_reset={cb(|| Action::Reset)}
            {on_speed} {on_seek} />
    };
    let scenario_line = html! {
        <div class="scenario-line">
            <strong data-testid="scenario-name">{state.scenario_name.to_string()}</strong>
            <span class="desc">{state.scenario_description.to_string()}</span>
        </div>
    };
    // The stage, as lessons and predict questions embed it: the same components.
    let embedded = html! {
        <div class="embedded-playground">
            {scenario_line.clone()}
            {notice.clone().unwrap_or_default()}
            {work.clone()}
            {timeline.clone()}
        </div>
    };
    let main = match &*route {
        Route::Lessons | Route::Lesson(_) | Route::Quiz { .. } => match crate::content::status() {
            Status::Ready(b) => {
                let bundle = Shared(b);
                match &*route {
                    Route::Lesson(slug) => html! {
                        <LessonPage {bundle} slug={Rc::<str>::from(slug.as_str())} on_moment={on_moment.clone()} on_play_for={on_play_for.clone()}>
                            {embedded}
                        </LessonPage>
                    },
                    Route::Quiz { seed, count } => html! {
                        <Quiz {bundle} seed={*seed} count={*count} {on_moment} {on_play_for}>{embedded}</Quiz>
                    },
                    _ => html! { <LessonList {bundle} /> },
                }
            }
            Status::Failed(e) => {
                let retry = {
                    let rev = content_rev.clone();
                    Callback::from(move |_: MouseEvent| {
                        let r2 = rev.clone();
                        crate::content::ensure_loaded(move || r2.set(*r2 + 1));
                        rev.set(*rev + 1);
                    })
                };
                html! {
                    <main class="page" data-testid="content-failed">
                        <p role="alert">{format!("Sorry: {e}. The playground itself works; try again when you are back online.")}</p>
                        <button onclick={retry}>{"Try again"}</button>
                    </main>
                }
            }
            _ => html! {
                <main class="page" data-testid="content-loading"><p role="status">{"Loading the lessons and the quiz…"}</p></main>
            },
        },
        Route::Stage {
            mode: Mode::Present,
            ..
        } => {
            let steps = Rc::new(presenter_steps(&state.core.borrow().scenario));
            html! {
                <main class="presenter" data-testid="presenter">
                    {scenario_line}
                    {notice.unwrap_or_default()}
                    {work}
                    <Narration {steps} step={state.step} playing={state.playing} {on_step}
                        on_toggle={cb(|| Action::TogglePlay)} on_exit={on_exit_present} />
                    {timeline}
                </main>
            }
        }
        Route::Stage {
            mode: Mode::Embed, ..
        } => html! {
            <main class="embed" data-testid="embed">
                {scenario_line}
                {notice.unwrap_or_default()}
                {work}
                {timeline}
            </main>
        },
        _ => html! {
            <main class="playground">
                {scenario_line}
                if *custom_open || (state.errors.is_some() && state.scenario_idx.is_some()) {
                    <CustomScenario errors={state.errors.clone()} {on_load} on_close={on_custom_close} fill={(*fill).clone()} />
                }
                if let Route::NotFound(h) = &*route {
                    <div class="notice" role="status" data-testid="route-notice">
                        {format!("“{h}” is not an address of the playground; here is the playground instead.")}
                    </div>
                }
                {notice.unwrap_or_default()}
                {work}
                {timeline}
            </main>
        },
    };
    let chrome = !matches!(route.mode(), Some(Mode::Present | Mode::Embed));
    let share = (*share_open).clone().map(|d| {
        html! {
            <ShareDialog link={d.link.clone()} stem={d.stem.clone()} scenario_json={d.scenario_json.clone()}
                {on_trace} {on_import} on_close={on_share_close} />
        }
    });
    html! {
        <div {class} data-testid="app" data-playing={state.playing.to_string()}>
            if chrome {
                <TopBar scenario_idx={state.scenario_idx} scenario_name={state.scenario_name.clone()} search={state.search.clone()}
                    large={state.large} route={route_s} {on_scenario} {on_search} on_large={cb(|| Action::ToggleLarge)}
                    {on_help} {on_custom} {on_share} />
            }
            {main}
            if chrome { <About /> }
            {share.unwrap_or_default()}
            if state.help {
                <Help on_close={cb(|| Action::ShowHelp(false))} />
            }
        </div>
    }
}

/// A file name from a scenario name: lowercase words joined by `_`.
fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let s = s
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        "scenario".into()
    } else {
        s.chars().take(60).collect()
    }
}

/// What the share dialog shows, fixed at the moment it was opened.
#[derive(Clone, PartialEq)]
struct ShareData {
    link: Option<Result<Rc<str>, Rc<str>>>,
    stem: Rc<str>,
    scenario_json: Rc<str>,
}
