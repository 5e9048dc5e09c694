//! The app shell: the layout of each route — top bar, stage, inspector, log and timeline
//! around the one state — and the few bits of page state that are not the model's (which
//! dialog is open). Listeners and timers live in `hooks`, the logic in `crate::model`.

use crate::model::frame::Names;
use crate::model::presenter::presenter_steps;
use crate::model::route::{Mode, Route};
use crate::model::share::{file_stem, state_json};
use crate::model::state::{Action, SeqAction, State};
use crate::ui::content::Status;
use crate::ui::editor::EditorProps;
use crate::ui::extras::{ExtrasRef, PageArgs};
use crate::ui::hooks::{
    prefers_reduced_motion, send, use_content, use_follow_address, use_frame_loop, use_keymap,
    use_open_route, use_reduced_motion, use_route, use_run_ahead, use_send, use_title,
};
use crate::ui::lessons::Moment;
use crate::ui::panels::{
    About, CustomScenario, EventLog, Help, Inspector, Timeline, TopBar, Warnings,
};
use crate::ui::presenter::Narration;
use crate::ui::sequence::SequenceProps;
use crate::ui::share_dialog::{ShareProps, download, use_share};
use crate::ui::shared::Shared;
use crate::ui::stage::Stage;
use crate::ui::store::Store;
use crate::ui::welcome::Welcome;
use std::rc::Rc;
use yew::prelude::*;

/// Where a first visit waits: the tree started, its clients at work, before any fault.
const WELCOME_AT_US: u64 = 200_000;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Index into the built-in scenarios.
    #[prop_or(0)]
    pub scenario: usize,
    #[prop_or(true)]
    pub autoplay: bool,
    /// Show the first visit's welcome (on `#/`).
    #[prop_or(false)]
    pub welcome: bool,
    /// The views this bundle has beyond the playground (`ui::extras`); none in the
    /// first-load bundle, which hands the page over when one is asked for.
    #[prop_or_default]
    pub extras: Option<ExtrasRef>,
    /// The moment the first-load bundle handed over, to start from.
    #[prop_or_default]
    pub handover: Option<Rc<Handover>>,
}

/// What the first-load bundle hands to the full one (`ui::boot`).
#[derive(PartialEq, Clone, Debug)]
pub struct Handover {
    /// [`State::link_state`] as JSON.
    pub state: Rc<str>,
    pub playing: bool,
    /// Open the share dialog once mounted (the handover was asked for by "Share").
    pub share: bool,
    /// Open the stage's scenario in the editor ("Edit" beside its name).
    pub edit: bool,
    /// A pasted or imported text (a scenario or a session file) to open once mounted:
    /// the first-load bundle reads no JSON.
    pub text: Option<Rc<str>>,
    /// The text came from a file (the custom box then keeps a valid one as its draft).
    pub import: bool,
    /// The address asked for the handover (a lesson, a lesson scenario, a share link, the
    /// sequence diagram…): the full bundle opens it as a fresh load of it would, on top of
    /// the moment handed over. Otherwise (Share, Edit, a pasted text, a big tree) the
    /// moment handed over is what the page shows.
    pub route: bool,
}

/// The page's clock (ms): what a slice of a run ahead is timed by (`State::clock`).
fn wall_ms() -> f64 {
    gloo::utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// The state a mount starts from, unless a failed handover kept one or `ui::boot` prepared
/// one: the props' scenario, the moment handed over, the text to open.
pub fn initial_state(p: &AppProps) -> State {
    let mut s = State::new(p.scenario, p.autoplay);
    s.editor_reducer = p.extras.map(|x| x.0.editor_reducer);
    if let Some(x) = p.extras {
        s.parsers = Some(x.0.parsers);
        s.charts = Some(x.0.charts);
    }
    s.clock = Some(wall_ms);
    s.reduced_motion = prefers_reduced_motion();
    if p.welcome {
        // A newcomer sees the tree started and its clients at work, well before
        // the scenario's first fault.
        s.apply(Action::Seek(WELCOME_AT_US));
    }
    if let Some(h) = p.handover.as_ref().filter(|h| !h.state.is_empty()) {
        s.apply(Action::Restore(h.state.clone()));
        if h.playing {
            s.apply(Action::TogglePlay);
        }
        if h.edit {
            s.apply(Action::Editor(crate::model::editor::EditorAction::Enter {
                saved: None,
                take_stage: true,
            }));
        }
    }
    if let Some(text) = p.handover.as_ref().and_then(|h| h.text.clone()) {
        if s.parsers.is_some_and(|x| (x.is_session)(&text)) {
            s.apply(Action::OpenSession(text));
        } else {
            s.apply(Action::LoadJson(text.to_string()));
        }
    }
    if crate::ui::boot::take_failed() {
        s.notice = Some(Rc::from(crate::ui::boot::FAILED));
    }
    s
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let store = {
        let p = props.clone();
        use_reducer(move || {
            // Back after a failed handover: the same state, never re-read from JSON.
            if let Some(cell) = crate::ui::boot::take_kept() {
                {
                    let mut s = cell.borrow_mut();
                    s.apply(Action::Pause);
                    if crate::ui::boot::take_failed() {
                        s.notice = Some(Rc::from(crate::ui::boot::FAILED));
                    }
                }
                return Store::from_cell(cell);
            }
            // Prepared by `ui::boot` in a task before this mount (a lesson's demo opened).
            let s = crate::ui::boot::take_prepared().unwrap_or_else(|| initial_state(&p));
            Store::new(s)
        })
    };
    let d = store.dispatcher();
    let state = store.get();
    let route = use_route();
    // A text handed over from the first-load bundle: the custom box shows it as it would
    // have there (open with its errors; an imported valid file as the box's draft).
    let (open0, fill0) = match props
        .handover
        .as_ref()
        .and_then(|h| Some((h.text.clone()?, h.import)))
    {
        Some((text, import)) => {
            let s = store.get();
            let session = s.parsers.is_some_and(|x| (x.is_session)(&text));
            let bad = s.errors.is_some();
            // Pasted with errors, the box keeps the user's text; imported, only a valid file
            // fills it.
            let keep = !session && (import != bad);
            (!session && (import || bad), keep.then_some(text))
        }
        None => (false, None),
    };
    let custom_open = use_state(|| open0);
    // Large type beside a lesson: the inspector and log open over the stage on demand.
    let details_open = use_state(|| false);
    // Text for the custom-scenario box when a file is imported.
    let fill = use_state(|| fill0);
    let share = use_share();
    let welcome_open = use_state(|| props.welcome);
    // The welcome has done its job once the newcomer plays or picks another scenario.
    {
        let o = welcome_open.clone();
        let on_home = *route == Route::PLAY;
        use_effect_with(
            (state.playing, state.scenario_idx, on_home),
            move |(playing, idx, on_home)| {
                if *o && *on_home && (*playing || *idx != Some(0)) {
                    crate::ui::welcome::remember();
                    o.set(false);
                }
            },
        );
    }

    let content_rev = use_content(&route, props.extras);
    use_title(&route, state.scenario_name.clone(), *content_rev);
    // A handover asked for by the address opens that address (a share link's moment, a
    // lesson scenario), exactly as a fresh load of it would; any other keeps its moment.
    use_open_route(
        &d,
        &route,
        state.large,
        props.handover.as_ref().is_some_and(|h| !h.route),
        props.extras,
    );
    // Worked out only while paused: a playing stage re-renders every frame.
    let paused = !state.playing && state.fast.is_none();
    use_follow_address(
        &route,
        paused
            .then(|| crate::model::moment_address::to_write(&route, &state))
            .flatten(),
        paused,
    );
    use_frame_loop(&d);
    use_run_ahead(&d, state.fast.is_some());
    use_reduced_motion(&d);
    use_keymap(&d, &route, state.help, share.open.is_some());

    let extras = props.extras;
    // A page this bundle does not draw: hand over to the full bundle, at this moment.
    {
        let store = store.clone();
        use_effect_with((*route).clone(), move |r| {
            if extras.is_none() && !r.first_load() {
                hand_over(&store, |h, playing| Handover {
                    playing,
                    route: true,
                    ..h
                });
            }
        });
    }
    // A tree big enough for the canvas stage, which is in the full bundle: hand over.
    {
        let store = store.clone();
        let big = state.frame.layout.nodes.len() > crate::ui::stage::CANVAS_FROM;
        use_effect_with(big, move |big| {
            if extras.is_none() && *big && !crate::ui::boot::full_failed() {
                hand_over(&store, |h, playing| Handover { playing, ..h });
            }
        });
    }
    let on_select = use_send(&d, |id: Rc<str>| Action::Select(Some(id)));
    // A long press (touch) selects the process and opens its details over the stage. Made
    // once (the dispatcher and the setter are stable): a new callback at each render made
    // the stage's props differ in every frame, and a 100,000-process canvas was drawn again
    // in each slice of a run ahead.
    let on_long_press = {
        let d = d.clone();
        let open = details_open.setter();
        use_callback((), move |id: Rc<str>, _| {
            d.dispatch(Action::Select(Some(id)));
            open.set(true);
        })
    };
    let on_zoom = use_send(&d, Action::Zoom);
    let on_pan = use_send(&d, |(x, y): (f64, f64)| Action::Pan(x, y));
    let on_recenter = use_send(&d, |_: ()| Action::Recenter);
    let on_ties = use_send(&d, |_: ()| Action::ToggleTies);
    let on_aspect = use_send(&d, Action::StageAspect);
    let on_act = use_send(&d, Action::Command);
    let on_seek = send(&d, Action::Seek);
    let on_speed = send(&d, Action::SetSpeed);

    let on_search = send(&d, Action::Search);
    let on_find = send(&d, |_: ()| Action::FindNext);
    let on_help = send(&d, |_: ()| Action::ToggleHelp);
    let on_help_close = send(&d, |_: ()| Action::ShowHelp(false));
    let on_mute = send(&d, |_: ()| Action::ToggleMute);
    // The same callbacks from one render to the next (hooks) for the panels that would
    // otherwise re-render in every frame only because a prop is a new closure: the log,
    // the inspector, the sequence diagram and the branch bar change a few times a second.
    let on_only = use_send(&d, Action::LogOnlySelected);
    let on_msgs = use_send(&d, Action::LogMessages);
    let on_close_inspector = use_send(&d, |_: ()| Action::Select(None));
    // "Show the charts" in the first-load bundle, which leaves them out: hand over, at this
    // moment and still playing if it was (the selection is in the moment). Stable too: the
    // handle reads the state through a shared cell, so an old one sees the current state.
    let on_drawings = {
        let store = store.clone();
        use_callback((), move |_: (), _| {
            hand_over(&store, |h, playing| Handover { playing, ..h })
        })
    };
    let on_seq = use_send(&d, Action::Sequence);
    let on_branch = use_send(&d, |a: Action| a);
    // "Add to the sequence" from the inspector: the diagram opens (its address) with the
    // selected process as a lane.
    let on_seq_add = {
        let d = d.clone();
        let sel = state.selected.clone();
        let in_seq = route.mode() == Some(Mode::Sequence);
        use_callback((sel, in_seq), move |_: (), (sel, in_seq)| {
            let in_seq = *in_seq;
            let Some(id) = sel.clone() else { return };
            d.dispatch(Action::Sequence(SeqAction::Show(true)));
            d.dispatch(Action::Sequence(SeqAction::Add(id)));
            if !in_seq {
                let _ = gloo::utils::window().location().set_hash("#/seq");
            }
        })
    };
    // The log offers its lines' processes as lanes while the sequence diagram is open and
    // playback is paused. While playing, its lines are replaced twice a second (a button
    // would move away under the pointer) and the buttons were a quarter of the DOM writes
    // of the slowest frames; a new lanes list each render also re-rendered the log every
    // frame.
    let log_lanes: Option<Rc<[Rc<str>]>> = state
        .frame
        .sequence
        .as_ref()
        .filter(|_| route.mode() == Some(Mode::Sequence) && !state.playing)
        .map(|s| s.lanes.iter().map(|l| l.id.clone()).collect());
    let on_log_lane = use_send(&d, |id: Rc<str>| Action::Sequence(SeqAction::Add(id)));
    let on_step = send(&d, Action::PresentStep);
    let on_toggle = send(&d, |_: ()| Action::TogglePlay);
    let on_step_fwd = send(&d, |_: ()| Action::Step);
    let on_step_back = send(&d, |_: ()| Action::StepBack);
    let on_reset = send(&d, |_: ()| Action::Reset);
    let on_to_end = send(&d, |_: ()| Action::RunToEnd);
    let on_large = send(&d, |_: ()| Action::ToggleLarge);
    let on_play_for = send(&d, Action::PlayFor);
    let dismiss = send(&d, |_: MouseEvent| Action::DismissNotice);
    let on_moment = {
        let d = d.clone();
        Callback::from(move |m: Moment| {
            let source = crate::model::scenarios::resolve(
                &m.scenario,
                crate::ui::content::bundle().as_deref(),
            );
            d.dispatch(Action::OpenMoment {
                scenario: m.scenario,
                source,
                t_us: m.t_us,
                select: m.select,
            })
        })
    };
    let on_scenario = {
        let d = d.clone();
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
    // A scenario that loads closes the box and gives the stage its room back; one with
    // errors keeps it open, with the errors.
    let on_load = {
        let d = d.clone();
        let custom_open = custom_open.clone();
        let store = store.clone();
        Callback::from(move |text: String| {
            let parsers = store.get().parsers;
            let Some(parsers) = parsers else {
                // No JSON reader in this bundle: the full one opens the text.
                hand_text(&store, text, false);
                return;
            };
            if (parsers.scenario)(&text).is_ok() {
                custom_open.set(false);
            }
            d.dispatch(Action::LoadJson(text))
        })
    };
    let on_custom_close = {
        let custom_open = custom_open.clone();
        Callback::from(move |_: ()| custom_open.set(false))
    };
    let on_share = {
        let d = d.clone();
        let store = store.clone();
        let open = share.on_open.clone();
        Callback::from(move |_: ()| {
            if extras.is_none() {
                hand_over(&store, |h, _| Handover { share: true, ..h });
                return;
            }
            // The link is this moment: stop the clock while the dialog is open.
            d.dispatch(Action::Pause);
            let s = store.get();
            open.emit((
                state_json(&s.link_state()),
                Rc::from(file_stem(&s.scenario_name).as_str()),
                s.scenario_source.clone(),
            ));
        })
    };
    let on_import = {
        let d = d.clone();
        let close = share.on_close.clone();
        let custom_open = custom_open.clone();
        let fill = fill.clone();
        let store = store.clone();
        Callback::from(move |text: String| {
            close.emit(());
            let parsers = store.get().parsers;
            let Some(parsers) = parsers else {
                hand_text(&store, text, true);
                return;
            };
            // A session file (exported with its branches) reopens that whole session.
            if (parsers.is_session)(&text) {
                d.dispatch(Action::OpenSession(Rc::from(text.as_str())));
                return;
            }
            custom_open.set(true);
            // Only a valid file becomes the draft: a bad one shows its errors and leaves the
            // user's saved draft as it was.
            if (parsers.scenario)(&text).is_ok() {
                fill.set(Some(Rc::from(text.as_str())));
            }
            d.dispatch(Action::LoadJson(text));
        })
    };
    // Handed over by "Share": the dialog opens once, in this bundle.
    {
        let on_share = on_share.clone();
        let wanted = props.handover.as_ref().is_some_and(|h| h.share);
        use_effect_with((), move |_| {
            if wanted {
                on_share.emit(());
            }
        });
    }
    let on_trace = {
        let store = store.clone();
        Callback::from(move |_: ()| {
            let s = store.get();
            let text = s.timeline.sim.trace().to_json_lines();
            download(
                &format!("{}.jsonl", file_stem(&s.scenario_name)),
                "application/x-ndjson",
                &text,
            );
        })
    };
    let on_welcome_close = {
        let o = welcome_open.clone();
        Callback::from(move |_: ()| o.set(false))
    };
    let on_welcome_play = {
        let o = welcome_open.clone();
        let d = d.clone();
        let playing = state.playing;
        Callback::from(move |_: ()| {
            o.set(false);
            if !playing {
                d.dispatch(Action::TogglePlay);
            }
        })
    };
    let on_exit_present = Callback::from(move |_: ()| {
        let _ = gloo::utils::window().location().set_hash("/");
    });

    // "Edit" beside the scenario's name: the editor takes the stage's scenario.
    let on_edit_this = {
        let d = d.clone();
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            if extras.is_none() {
                // The editor is in the full bundle: it opens this scenario there.
                let _ = gloo::utils::window().location().set_hash("#/edit");
                hand_over(&store, |h, _| Handover { edit: true, ..h });
                return;
            }
            d.dispatch(Action::Editor(crate::model::editor::EditorAction::Enter {
                saved: None,
                take_stage: true,
            }));
            let _ = gloo::utils::window().location().set_hash("#/edit");
        })
    };
    let frame = Shared(state.frame.clone());
    let gave_up_sel = state
        .selected
        .as_ref()
        .is_some_and(|id| state.frame.gave_up.contains(id));
    let route_s: Rc<str> = Rc::from(route.section());
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
    // The legend starts folded where room is short (and under the welcome, which says what
    // the shapes are).
    let warnings = html! { <Warnings warnings={Shared(state.frame.warnings.clone())} /> };
    let compact = route.mode() != Some(Mode::Play) || *welcome_open;
    let work = html! {
        <div class={classes!("work", details_open.then_some("details-open"))}>
            <Stage frame={frame.clone()} flights={Shared(state.flights.clone())} anim_now={state.stage_clock()}
                zoom={state.zoom} pan={state.pan} selected={state.selected.clone()} search={state.search.clone()}
                scale={state.scale()} reduced_motion={state.reduced_motion} {compact}
                enlarge={route.mode() == Some(Mode::Present)}
                on_select={on_select.clone()} {on_long_press} {on_zoom} {on_pan} {on_recenter} {on_aspect} {extras}
                all_ties={state.all_ties} {on_ties} />
            // Shown by the style sheet only in large type beside a lesson or a question.
            <button class="details-toggle" data-testid="details-toggle" aria-pressed={details_open.to_string()}
                onclick={{ let o = details_open.clone(); move |_| o.set(!*o) }}>
                { if *details_open { "Hide details" } else { "Inspector & log" } }
            </button>
            // Presenter and embed modes show the stage alone.
            if !matches!(route.mode(), Some(Mode::Present | Mode::Embed | Mode::Edit)) {
                <aside class="side">
                    if let Some(n) = &state.frame.names {
                        { names_panel(extras, Shared(n.clone()), &on_drawings) }
                    }
                    <Inspector frame={frame.clone()} gave_up={gave_up_sel} paused={!state.playing} {on_act} on_close={on_close_inspector}
                        on_sequence={on_seq_add} on_select={on_select.clone()} {extras} {on_drawings} />
                    <EventLog lines={Shared(state.frame.log.clone())} lanes={log_lanes} on_lane={on_log_lane} only_selected={state.log_only_selected} messages={state.log_messages}
                        has_selection={state.selected.is_some()} on_only_selected={on_only} on_messages={on_msgs}
                        note={state.frame.trace_note.clone()} playing={state.playing} />
                </aside>
            }
        </div>
    };
    let sequence = match (&state.frame.sequence, &state.sequence, extras) {
        (Some(seq), Some(view), Some(x)) if route.mode() == Some(Mode::Sequence) => {
            (x.0.sequence)(SequenceProps {
                seq: Shared(seq.clone()),
                window: view.window,
                auto: view.lanes.is_none(),
                stem: Rc::from(file_stem(&state.scenario_name)),
                note: state.frame.trace_note.clone(),
                on_action: on_seq,
            })
        }
        _ => Html::default(),
    };
    let branch_bar = html! {
        <crate::ui::branches::BranchBar branches={state.branches.clone()}
            comparison={state.frame.comparison.clone().map(Shared)} on_action={on_branch} />
    };
    let timeline = html! {
        <Timeline frame={frame} playing={state.playing} speed={state.speed}
            on_toggle={on_toggle.clone()} on_step={on_step_fwd}
            on_step_back={on_step_back} on_reset={on_reset}
            running_ahead={state.fast.as_ref().map(|f| f.progress(state.timeline.now()))}
            {on_to_end} {on_speed} {on_seek} />
    };
    // The scenario's name is the page's heading where the stage is the page (playground,
    // presenter, embed); beside a lesson or a question, that text has the heading.
    let line = |heading: bool| {
        let name = state.scenario_name.to_string();
        html! {
            <div class="scenario-line">
                if heading {
                    <h1 class="scenario-name" data-testid="scenario-name">{name}</h1>
                } else {
                    <strong class="scenario-name" data-testid="scenario-name">{name}</strong>
                }
                <span class="desc" title={state.scenario_description.to_string()}>{state.scenario_description.to_string()}</span>
                if heading && route.mode() == Some(Mode::Play) {
                    <a class="button secondary seq-open" href="#/seq" data-testid="seq-open"
                        title="The messages between chosen processes over time">{"Sequence diagram"}</a>
                    <button class="secondary" data-testid="edit-this" onclick={on_edit_this.clone()}
                        title="Open this scenario in the editor (your previous draft stays one undo away)">{"Edit"}</button>
                }
            </div>
        }
    };
    let scenario_line = line(true);
    // The stage, as lessons and predict questions embed it: the same components.
    let embedded = html! {
        <div class="embedded-playground">
            {line(false)}
            {notice.clone().unwrap_or_default()}
            {warnings.clone()}
            {work.clone()}
            {timeline.clone()}
        </div>
    };
    let main = match &*route {
        Route::Lessons
        | Route::Lesson(_)
        | Route::Quiz { .. }
        | Route::Gallery
        | Route::Decide(_) => {
            match crate::ui::content::status() {
                Status::Ready(b) => match extras {
                    Some(x) => (x.0.page)(PageArgs {
                        route: (*route).clone(),
                        bundle: Shared(b),
                        on_moment,
                        on_play_for,
                        embedded,
                        playing: state.playing,
                    }),
                    // Being handed over (see the effect above).
                    None => {
                        html! { <main class="page" data-testid="handover"><p role="status">{"Loading…"}</p></main> }
                    }
                },
                Status::Failed(e) => {
                    let retry = {
                        let rev = content_rev.clone();
                        Callback::from(move |_: MouseEvent| {
                            let r2 = rev.clone();
                            if let Some(x) = extras {
                                (x.0.load_content)(Box::new(move || r2.set(*r2 + 1)));
                            }
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
            }
        }
        Route::Stage {
            mode: Mode::Present,
            ..
        } => {
            let steps = Rc::new(presenter_steps(&state.timeline.scenario));
            html! {
                <main class="presenter" data-testid="presenter">
                    {scenario_line}
                    {notice.unwrap_or_default()}
                    {warnings.clone()}
                    {work}
                    <Narration {steps} step={state.step} playing={state.playing} {on_step}
                        {on_toggle} on_exit={on_exit_present} />
                    {timeline}
                </main>
            }
        }
        Route::Stage {
            mode: Mode::Edit, ..
        } => match extras {
            Some(x) => (x.0.editor)(EditorProps {
                editor: Shared(state.editor.clone()),
                now_ms: state.frame.now / 1000,
                on_action: send(&d, Action::Editor),
                on_share: on_share.clone(),
                selected: state.selected.clone(),
                children: html! { <>
                    {line(false)}
                    {notice.unwrap_or_default()}
                    {warnings.clone()}
                    {work}
                    {timeline}
                </> },
            }),
            // Being handed over (see the effect above).
            None => {
                html! { <main class="page" data-testid="handover"><p role="status">{"Loading…"}</p></main> }
            }
        },
        Route::Stage {
            mode: Mode::Embed, ..
        } => html! {
            <main class="embed" data-testid="embed">
                {scenario_line}
                {notice.unwrap_or_default()}
                {warnings.clone()}
                {work}
                {timeline}
            </main>
        },
        _ => html! {
            <main class="playground">
                {scenario_line}
                if *welcome_open && *route == Route::PLAY {
                    <Welcome scenario_name={state.scenario_name.clone()} description={state.scenario_description.clone()}
                        on_play={on_welcome_play} on_close={on_welcome_close} />
                }
                if *custom_open || (state.errors.is_some() && state.scenario_idx.is_some()) {
                    <CustomScenario errors={state.errors.clone()} {on_load} on_close={on_custom_close} fill={(*fill).clone()} />
                }
                if let Route::NotFound(h) = &*route {
                    <div class="notice" role="status" data-testid="route-notice">
                        {format!("“{}” is not an address of the playground; here is the playground instead.", crate::model::route::quote(h, 80))}
                    </div>
                }
                {notice.unwrap_or_default()}
                {warnings.clone()}
                {work}
                {timeline}
                {branch_bar}
                {sequence}
            </main>
        },
    };
    let chrome = !matches!(route.mode(), Some(Mode::Present | Mode::Embed));
    let dialog = share.open.clone().zip(extras).map(|(data, x)| {
        (x.0.share)(ShareProps {
            link: data.link.clone(),
            stem: data.stem.clone(),
            scenario_json: data.scenario_json.clone(),
            session_json: data.session_json.clone(),
            on_trace,
            on_import,
            on_close: share.on_close.clone(),
        })
    });
    html! {
        <div {class} data-testid="app" data-playing={state.playing.to_string()}>
            if chrome {
                <TopBar scenario_idx={state.scenario_idx} scenario_name={state.scenario_name.clone()} search={state.search.clone()}
                    large={state.large} route={route_s} {on_scenario} {on_search} {on_find} {on_large}
                    {on_help} {on_custom} {on_share} />
            }
            {main}
            {crate::ui::announce::live_region(&state.announcer)}
            if chrome { <About /> }
            {dialog.unwrap_or_default()}
            if state.help {
                <Help on_close={on_help_close} muted={state.announcer.muted} on_mute={on_mute} />
            }
        </div>
    }
}

/// The registries' names beside the tree (`Extras::names`); in the first-load bundle, which
/// leaves that code out, a button in their place that hands the page over at this moment
/// (no built-in scenario, the only ones it runs, has a registry, a `:pg` scope, a persistent
/// term or counters today: this is for one that would).
fn names_panel(extras: Option<ExtrasRef>, names: Shared<Names>, on_more: &Callback<()>) -> Html {
    match extras {
        Some(x) => (x.0.names)(names),
        None => {
            let cb = on_more.clone();
            html! {
                <section class="names" data-testid="names-more" aria-label="Registries and process groups">
                    <p class="muted">{"Who is registered where (Registry, :pg, :persistent_term, :counters) comes with the full app."}</p>
                    <div class="actions">
                        <button data-testid="show-names" onclick={move |_| cb.emit(())}>{"Show the names"}</button>
                    </div>
                </section>
            }
        }
    }
}

/// A pasted or imported text in the first-load bundle, which reads no JSON: the full
/// bundle takes over the page at this moment and opens it.
fn hand_text(store: &UseReducerHandle<Store>, text: String, import: bool) {
    hand_over(store, |h, _| Handover {
        text: Some(Rc::from(text.as_str())),
        import,
        ..h
    });
}

/// Hands the page over to the full bundle (`boot::to_full`) at the store's moment. `how`
/// gets the handover that asks for nothing more, and whether the clock is running, and
/// returns the one to send (Share, Edit, a text, the address, a big tree).
fn hand_over(store: &UseReducerHandle<Store>, how: impl FnOnce(Handover, bool) -> Handover) {
    let s = store.get();
    let nothing = Handover {
        state: Rc::from(state_json(&s.link_state()).as_str()),
        playing: false,
        share: false,
        edit: false,
        text: None,
        import: false,
        route: false,
    };
    crate::ui::boot::to_full(how(nothing, s.playing), store.cell());
}
