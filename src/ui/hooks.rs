//! The app's hooks: the address (and the address bar following the paused stage), the
//! animation loop (and the run ahead's extra frames), `prefers-reduced-motion`, the
//! document's key listener, the lessons' bundle and the page title, and `use_send`, which
//! turns an action constructor into a stable callback. Each owns one listener or timer and
//! gives it back when the component goes away.

use crate::model::keymap::{self, Intent, KeyContext};
use crate::model::route::{Mode, Route};
use crate::model::state::Action;
use crate::ui::extras::ExtrasRef;
use crate::ui::keys;
use crate::ui::store::Store;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

pub type Dispatcher = UseReducerDispatcher<Store>;

/// A callback that dispatches the action `f` makes of its argument. Stable across renders
/// (the dispatcher is), so memoised components (the stage's nodes) do not re-render for a
/// new callback.
#[hook]
pub fn use_send<T: 'static>(d: &Dispatcher, f: fn(T) -> Action) -> Callback<T> {
    let d = d.clone();
    use_callback((), move |x: T, _| d.dispatch(f(x)))
}

/// A callback that dispatches the action `f` makes of its argument, new at each render:
/// for components that re-render with their data anyway (cheaper in code than a hook).
pub fn send<T: 'static>(d: &Dispatcher, f: fn(T) -> Action) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |x: T| d.dispatch(f(x)))
}

fn current_route() -> Route {
    Route::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

/// The address, following `hashchange`.
#[hook]
pub fn use_route() -> UseStateHandle<Route> {
    let route = use_state(current_route);
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
    route
}

/// How long the stage must stay still before the address follows it: a scrub's many
/// moments write one address, and the browser's limit on history updates is never met.
const FOLLOW_MS: u32 = 300;

/// While the stage is paused, writes `moment` (`model::moment_address::to_write`) into
/// the address bar once the stage has rested on it, so that a reload, Back or a copied
/// address reopens that moment; while it plays (or when no address can name the moment),
/// the address is the one the page was opened with again. `replaceState` replaces the
/// history entry and fires no `hashchange`, so nothing reopens now.
#[hook]
pub fn use_follow_address(route: &Route, moment: Option<String>, paused: bool) {
    // The address navigated to, and the route it made (a `hashchange` makes a new route;
    // ours make none), and the write waiting for the stage to rest.
    let came_in = use_mut_ref(|| (None::<Route>, String::new()));
    let due = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let moment = moment.filter(|_| paused);
    use_effect_with((route.clone(), moment), move |(route, moment)| {
        {
            let mut c = came_in.borrow_mut();
            if c.0.as_ref() != Some(route) {
                *c = (
                    Some(route.clone()),
                    gloo::utils::window().location().hash().unwrap_or_default(),
                );
            }
        }
        // Dropping a pending timeout cancels it: only the latest moment is written.
        let pending = due.borrow_mut().take();
        drop(pending);
        let moment = moment.clone();
        // The address this render saw. If it has changed by the time the write is due, the
        // user navigated and the app has not handled it yet (the `hashchange` may still be
        // queued behind this timer): writing now would undo that navigation.
        let seen = gloo::utils::window().location().hash().unwrap_or_default();
        *due.borrow_mut() = Some(gloo::timers::callback::Timeout::new(FOLLOW_MS, move || {
            let w = gloo::utils::window();
            let location = w.location();
            let now = location.hash().unwrap_or_default();
            let target = moment.unwrap_or_else(|| came_in.borrow().1.clone());
            if now == target || now != seen {
                return;
            }
            // No fragment: the page's own path and query, spelled out.
            let url = if target.is_empty() {
                location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
            } else {
                target
            };
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }));
    });
}

pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// `prefers-reduced-motion` can change while the page is open.
#[hook]
pub fn use_reduced_motion(d: &Dispatcher) {
    let d = d.clone();
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

/// The animation loop: one action (and at most one tree rebuild) per frame.
#[hook]
pub fn use_frame_loop(d: &Dispatcher) {
    let d = d.clone();
    use_effect_with((), move |_| {
        let l = FrameLoop::start(move |ts| d.dispatch(Action::Frame(ts)));
        move || drop(l)
    });
}

/// Tasks that follow one another with nothing to wait for: each posts a message to
/// itself for the next (a message, unlike a timer, is not held back to 4 ms).
struct Pump {
    alive: Rc<Cell<bool>>,
    channel: web_sys::MessageChannel,
    _onmessage: Closure<dyn FnMut()>,
}

impl Pump {
    fn start(mut f: impl FnMut() + 'static) -> Option<Pump> {
        let channel = web_sys::MessageChannel::new().ok()?;
        let alive = Rc::new(Cell::new(true));
        let (a2, port2) = (alive.clone(), channel.port2());
        let onmessage = Closure::<dyn FnMut()>::new(move || {
            if a2.get() {
                f();
                let _ = port2.post_message(&wasm_bindgen::JsValue::NULL);
            }
        });
        channel
            .port1()
            .set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        channel
            .port2()
            .post_message(&wasm_bindgen::JsValue::NULL)
            .ok()?;
        Some(Pump {
            alive,
            channel,
            _onmessage: onmessage,
        })
    }
}

impl Drop for Pump {
    fn drop(&mut self) {
        self.alive.set(false);
        self.channel.port1().set_onmessage(None);
    }
}

/// While the run goes ahead (End, or a far scrub), frames between the screen's: a 24 ms
/// slice in each 60 Hz frame left a third of every 33 ms idle, waiting for the next one.
/// Each is a task of its own, so the page still paints and answers between them.
#[hook]
pub fn use_run_ahead(d: &Dispatcher, running_ahead: bool) {
    let d = d.clone();
    use_effect_with(running_ahead, move |&on| {
        let pump = on
            .then(|| {
                Pump::start(move || {
                    let now = gloo::utils::window().performance().map_or(0.0, |p| p.now());
                    d.dispatch(Action::Frame(now));
                })
            })
            .flatten();
        move || drop(pump)
    });
}

/// The keyboard map (`model::keymap`): one listener on the document, which asks the map
/// what a key means here and dispatches it. Fullscreen and leaving presenter mode are the
/// page's own business.
#[hook]
pub fn use_keymap(d: &Dispatcher, route: &Route, help: bool, modal: bool) {
    let d = d.clone();
    // The stage's keys work wherever the stage is the main thing.
    let on_stage = route.mode().is_some() || matches!(route, Route::Lesson(_));
    let presenting = route.mode() == Some(Mode::Present);
    use_effect_with(
        (on_stage, presenting, help, modal),
        move |&(on_stage, presenting, help, modal)| {
            let l = keys::listen(move |e| {
                let cx = KeyContext {
                    on_stage,
                    presenting,
                    modal,
                    typing: keys::is_typing(e),
                    on_control: keys::on_control(e),
                };
                let Some(intent) = keymap::lookup(&e.key(), cx) else {
                    return;
                };
                if intent.prevents_default() {
                    e.prevent_default();
                }
                match intent {
                    Intent::Escape if presenting && !help => {
                        let _ = gloo::utils::window().location().set_hash("/");
                    }
                    Intent::Fullscreen => toggle_fullscreen(),
                    _ => {}
                }
                if let Some(a) = intent.action() {
                    d.dispatch(a);
                }
            });
            move || drop(l)
        },
    );
}

fn toggle_fullscreen() {
    let doc = gloo::utils::document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(el) = doc.document_element() {
        let _ = el.request_fullscreen();
    }
}

/// Lessons, the quiz and lesson scenarios need the content bundle: fetched on first need.
/// The returned revision changes when it arrives (or fails), so views re-render.
#[hook]
pub fn use_content(route: &Route, extras: Option<ExtrasRef>) -> UseStateHandle<u32> {
    let rev = use_state(|| 0u32);
    {
        let rev = rev.clone();
        use_effect_with(route.clone(), move |r| {
            // The first-load bundle reads no content: such a route is handed over.
            if let Some(x) = extras.filter(|_| needs_content(r)) {
                let r2 = rev.clone();
                (x.0.load_content)(Box::new(move || r2.set(*r2 + 1)));
            }
        });
    }
    rev
}

fn needs_content(r: &Route) -> bool {
    match r {
        Route::Lessons
        | Route::Lesson(_)
        | Route::Quiz { .. }
        | Route::Gallery
        | Route::Decide(_) => true,
        Route::Stage {
            open: crate::model::route::Open::Named { scenario, .. },
            ..
        } => !crate::model::scenarios::is_builtin(scenario),
        _ => false,
    }
}

/// Each view has its own title (history, tabs, screen readers).
#[hook]
pub fn use_title(route: &Route, scenario_name: Rc<str>, content_rev: u32) {
    use_effect_with(
        (route.clone(), scenario_name, content_rev),
        move |(r, name, _)| {
            let lesson = |slug: &str| {
                crate::ui::content::bundle()
                    .and_then(|b| b.lesson(slug).map(|l| l.title.clone()))
                    .unwrap_or_else(|| "Lesson".into())
            };
            let what = match r {
                Route::Lessons => "Lessons".to_string(),
                Route::Lesson(slug) => lesson(slug),
                Route::Quiz { .. } => "Quiz".to_string(),
                Route::Gallery => "Gallery".to_string(),
                Route::Decide(_) => "Choose an abstraction".to_string(),
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

/// The address decides what the stage opens: a named moment, a share link, presenter mode
/// (large type, narrated steps) or the embed view. A lesson scenario waits for the content
/// bundle (the effect runs again when it arrives); its JSON goes to the model inside the
/// action. Presenter mode turns large type on; leaving it gives back the viewer's choice.
#[hook]
pub fn use_open_route(
    d: &Dispatcher,
    route: &Route,
    large_now: bool,
    handed_over: bool,
    extras: Option<ExtrasRef>,
) {
    let d = d.clone();
    // The editor opens in the full bundle only, which has the draft's JSON reader.
    let saved_draft = move || extras.and_then(|x| (x.0.saved_draft)());
    let large_before = use_mut_ref(|| None::<bool>);
    // A page handed over by the first-load bundle already holds its moment: the address it
    // came with is not opened again (that would throw the moment away).
    let kept = use_mut_ref(|| handed_over.then(|| route.clone()));
    let loaded = crate::ui::content::bundle().is_some();
    use_effect_with((route.clone(), loaded), move |(r, loaded)| {
        use crate::model::route::Open;
        let skip = {
            let mut kept = kept.borrow_mut();
            let same = kept.as_ref() == Some(r);
            if !same {
                *kept = None;
            }
            same
        };
        use crate::ui::content::{Status, bundle, status};
        let presenting = r.mode() == Some(Mode::Present);
        if presenting {
            large_before.borrow_mut().get_or_insert(large_now);
        } else if let Some(was) = large_before.borrow_mut().take() {
            d.dispatch(Action::SetLarge(was));
        }
        if matches!(r, Route::NotFound(_)) {
            // Its own notice replaces whatever the previous address left.
            d.dispatch(Action::DismissNotice);
        }
        // The sequence diagram is computed only while its address is open.
        d.dispatch(Action::Sequence(crate::model::state::SeqAction::Show(
            r.mode() == Some(Mode::Sequence),
        )));
        if let Route::Stage {
            open: Open::Named { scenario, .. },
            ..
        } = r
            && !loaded
            && !crate::model::scenarios::is_builtin(scenario)
            && !matches!(status(), Status::Failed(_))
        {
            return;
        }
        if skip {
            if r.mode() == Some(Mode::Edit) {
                // Handed over into the editor: its draft (the one the handover put there,
                // or the autosaved one).
                d.dispatch(Action::Editor(crate::model::editor::EditorAction::Enter {
                    saved: saved_draft(),
                    take_stage: false,
                }));
            }
            return;
        }
        let Route::Stage { mode, open } = r else {
            return;
        };
        if *mode == Mode::Present {
            d.dispatch(Action::SetLarge(true));
        }
        match open {
            Open::Named {
                scenario,
                t_us,
                select,
            } => {
                let source = crate::model::scenarios::resolve(scenario, bundle().as_deref());
                d.dispatch(Action::OpenMoment {
                    scenario: Rc::from(scenario.as_str()),
                    source,
                    t_us: *t_us,
                    select: select.as_deref().map(Rc::from),
                });
                if *mode == Mode::Present && *t_us > 0 {
                    d.dispatch(Action::PresentFrom);
                } else if *mode == Mode::Present {
                    d.dispatch(Action::PresentStep(1));
                } else if *t_us == 0 && select.is_none() && *mode != Mode::Edit {
                    // An address without a moment is an invitation to watch.
                    d.dispatch(Action::TogglePlay);
                }
            }
            Open::Link(payload) => d.dispatch(Action::OpenLink(Rc::from(payload.as_str()))),
            Open::Current => {}
        }
        if *mode == Mode::Edit {
            // The editor opens on what the address named, or on the draft (restored from
            // the browser after a reload), or on the stage's scenario.
            d.dispatch(Action::Editor(crate::model::editor::EditorAction::Enter {
                saved: saved_draft(),
                take_stage: !matches!(open, Open::Current),
            }));
        }
    });
}
