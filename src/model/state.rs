//! The app's one state and the actions that change it. The state owns the timeline (and
//! through it the simulation) by value, the selection and the view settings; every change
//! goes through `State::apply`, a plain `&mut self` reducer with no web dependency, tested
//! natively. The derived view of the simulation (`Frame`) is rebuilt at most once per
//! action, so at most once per animation frame.
//!
//! Content the reducer needs (a lesson scenario's JSON) arrives inside the action: the
//! reducer reads no global.

use crate::model::announce::Announcer;
use crate::model::branches::{Branches, compare};
use crate::model::editor::{Editor, EditorAction};
use crate::model::fast_run::{self, FastRun};
use crate::model::flights::{self, Flight, still_flying};
use crate::model::frame::{self, Frame, FrameInput};
use crate::model::layout::content_centre;
use crate::model::metrics;
use crate::model::parsers::{MISSING, Parsers};
use crate::model::presenter::presenter_steps;
use crate::model::scenarios::{self, BUILTIN};
use crate::model::sequence::{self, DEFAULT_WINDOW, MAX_LANES};
use crate::model::share::{self, LinkBranch, LinkCommand, LinkState, LinkVerb, View};
use crate::model::timeline::{FRAME_BUDGET, Timeline, UserCommand};
use crate::model::tuning::{
    A11Y_EVERY_MS, A11Y_PER_FRAME, AFTER_END_US, DEFAULT_SPEED, INSPECTOR_EVERY_MS, LOG_EVERY_MS,
    LOG_LINES, LOG_LINES_PLAYING, SPEEDS, ZOOM_MAX, ZOOM_MIN,
};
use crate::model::warnings;
use otp_sim::{Command, Pid, Scenario, Time};
use std::rc::Rc;

/// A scenario at a moment, to open in the stage (a lesson's demo, an address).
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub scenario: Rc<str>,
    /// Virtual µs.
    pub t_us: u64,
    pub select: Option<Rc<str>>,
}

impl Moment {
    /// At `t_ms` milliseconds (as lessons and quiz questions give it).
    pub fn new(scenario: &str, t_ms: u64, select: Option<&str>) -> Moment {
        Moment {
            scenario: Rc::from(scenario),
            t_us: t_ms.saturating_mul(1000),
            select: select.map(Rc::from),
        }
    }
}

pub struct State {
    pub timeline: Timeline,
    pub frame: Rc<Frame>,
    pub flights: Rc<Vec<Flight>>,
    pub scenario_idx: Option<usize>,
    /// The name an address opens this scenario by (`#/play/<name>`): a built-in's slug or
    /// the lesson scenario a `#/play/…` address opened; `None` for a pasted, edited or
    /// linked one (`moment_address`).
    pub address_name: Option<Rc<str>>,
    pub scenario_name: Rc<str>,
    pub scenario_description: Rc<str>,
    /// The scenario's JSON exactly as it was loaded (built-in, pasted, imported or from a
    /// link): what a share link carries and what "Scenario (.json)" downloads.
    pub scenario_source: Rc<str>,
    pub playing: bool,
    pub speed: usize,
    pub selected: Option<Rc<str>>,
    pub search: Rc<str>,
    pub large: bool,
    /// The stage's width:height as last measured: the layout's leaf rows aim for it.
    pub stage_aspect: f64,
    pub help: bool,
    pub reduced_motion: bool,
    pub zoom: f64,
    pub pan: (f64, f64),
    pub log_only_selected: bool,
    pub log_messages: bool,
    pub errors: Option<Rc<Vec<String>>>,
    pub notice: Option<Rc<str>>,
    pub anim_now: f64,
    last_wall: Option<f64>,
    log_wall: f64,
    a11y_wall: f64,
    /// While playing, what is refreshed with the log comes in the frames after it, one part
    /// a frame (`SidePhase`).
    pub(crate) side_due: SidePhase,
    /// The sequence diagram's lanes chosen in the frame before the one that draws it
    /// (`SidePhase::Lanes`), while playing.
    lanes_ahead: Option<Vec<Rc<str>>>,
    inspector_wall: f64,
    carry_us: f64,
    trace_seen: usize,
    /// While playing a reveal (`PlayFor`), pause at this virtual time.
    stop_at: Option<Time>,
    /// Presenter mode: the step shown (index into `presenter_steps`).
    pub step: Option<usize>,
    /// The sequence diagram, while it is shown.
    pub sequence: Option<SeqView>,
    /// The branching timeline: every future a past action forked off, kept.
    pub branches: Branches,
    /// The branch compared with the current one, replayed beside it (its own timeline).
    compare_with: Option<(usize, Timeline)>,
    /// The scenario editor (`#/edit`): its draft, text, undo, saved scenarios.
    pub editor: Rc<Editor>,
    /// The editor's reducer, plugged in by the bundle that draws the editor (the full
    /// one, `ui::extras`): without it `Action::Editor` does nothing, and the first-load
    /// bundle's wasm carries none of the editing code.
    pub editor_reducer: Option<fn(&mut State, EditorAction) -> bool>,
    /// The JSON readers (`model::parsers`), plugged in by the bundle that carries them
    /// (the full one, and every native build): without them `LoadJson`, `OpenLink`,
    /// `Restore`, `OpenSession` and a lesson scenario's `OpenMoment` only say so, and the
    /// first-load bundle's wasm carries no JSON parser.
    pub parsers: Option<&'static Parsers>,
    /// The selected process's charts over time (`metrics::charts_with`), plugged in by the
    /// bundle that draws them (the full one, `ui::extras`, and every native build): without
    /// it `Frame::charts` stays empty, and the first-load bundle's wasm carries neither the
    /// charts' fold over the trace nor their drawing (its inspector offers them instead).
    pub charts: Option<metrics::ChartsFn>,
    /// A wall clock (ms), plugged in by the page (`performance.now`): with it, a slice of
    /// a run ahead stops once it has taken `fast_run::SLICE_MS`, whatever its size
    /// (`FastRun::next_slice` sizes it from the frames before, and the cost of an event
    /// varies: at 100,000 processes the spawns at the start cost several times the casts
    /// after, and a first slice sized for casts made a task of ~200 ms). Natively, none:
    /// slices are their size.
    pub clock: Option<fn() -> f64>,
    /// What screen readers hear (crashes, restarts, giving up, new warnings), rate-limited.
    pub announcer: Announcer,
    /// Running far ahead (to the end, or to a far scrub) a slice per frame.
    pub fast: Option<FastRun>,
    /// A moment opened before the page's first render (a lesson's first demo, opened by
    /// `ui::boot` in a task of its own): the lesson asks for it once mounted, and only that
    /// first request is skipped, as already done. Opening it again (a scenario parsed and
    /// run a second time, and the stage drawn twice) was a long task of the lesson's start.
    pub preopened: Option<Moment>,
    /// While running ahead, a redraw takes a few frames: the tree is built in the first
    /// (or first few; kept here with the event count and time it shows), the rest of the
    /// frame and its drawing after (`on_frame`). At 100,000 processes the two together made one task far over
    /// 50 ms. Dropped by any action but a frame, and used only if the run has not moved.
    pub(crate) tree_ahead: Option<(u64, Time, Rc<otp_sim::TreeNode>)>,
    /// That tree while it is being built, over as many frames as it takes
    /// (`fast_run::build_timed`): at 100,000 processes late in a run, one walk was ~50 ms
    /// natively. Dropped with `tree_ahead`.
    pub(crate) building: Option<otp_sim::TreeBuild>,
    /// The canvas layout of `tree_ahead`, computed in a frame between the tree's and the
    /// drawing's (`frame::lay_ahead`; only for trees the canvas draws). Dropped with it.
    pub(crate) laid_ahead: Option<frame::Laid>,
    /// ...and a third frame does what is refreshed with the log (the warnings' walk over
    /// every process, the diagram, the charts): with it, the second frame was still ~60 ms
    /// natively at 100,000 processes.
    side_ahead: SideAhead,
    /// The charts' fold over the trace, read on from where the last refresh stopped while
    /// the run goes forward (`metrics::charts_with`); dropped by any action but a frame.
    charts_acc: Option<metrics::ChartsAcc>,
    /// The same for the live warnings' window of the trace (`warnings::warnings_with`).
    warnings_acc: Option<warnings::WindowAcc>,
    /// The stage draws every process's links and monitors (else the selected one's).
    pub all_ties: bool,
}

/// Everything that changes the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An animation frame at this wall-clock time (ms).
    Frame(f64),
    TogglePlay,
    Pause,
    Step,
    StepBack,
    Reset,
    SetSpeed(usize),
    Seek(Time),
    Select(Option<Rc<str>>),
    /// Next (+1) or previous (-1) process in tree order.
    SelectNext(i32),
    /// A command on the selected process (kill, suspend, …), given by the user.
    Command(Command),
    /// The command the `s` key gives: suspend the selected process, or resume it if it is
    /// suspended.
    ToggleSuspend,
    LoadBuiltin(usize),
    LoadJson(String),
    Search(String),
    /// Enter in the Find box: select the next process that matches (after the selected one,
    /// wrapping) and centre the stage on it.
    FindNext,
    ToggleLarge,
    ShowHelp(bool),
    /// Screen-reader announcements off, or on again.
    ToggleMute,
    ToggleHelp,
    SetReducedMotion(bool),
    Zoom(f64),
    Pan(f64, f64),
    Recenter,
    LogOnlySelected(bool),
    LogMessages(bool),
    DismissNotice,
    /// Opens a scenario (by name: a built-in or a lesson scenario) paused at a moment,
    /// with a process selected: what lesson demos, quiz questions and `#/play/…`
    /// addresses show. `source` is the scenario's JSON as the caller found it (built-in
    /// or from the content bundle); `None` when there is no scenario of that name.
    OpenMoment {
        scenario: Rc<str>,
        source: Option<Rc<str>>,
        /// Virtual µs.
        t_us: u64,
        select: Option<Rc<str>>,
    },
    /// Plays this many virtual ms from now, then pauses: the reveal after a prediction.
    PlayFor(u64),
    /// Opens a share link's payload; a bad link leaves everything as it was and says why.
    OpenLink(Rc<str>),
    /// A moment as [`State::link_state`] JSON (handed from the first-load bundle to the
    /// full one): opened as a link is, without the packing.
    Restore(Rc<str>),
    /// An imported session file (the same JSON as `Restore`): a bad one says so in those words.
    OpenSession(Rc<str>),
    /// Presenter mode: the next (+1) or previous (-1) narrated step.
    PresentStep(i32),
    SetLarge(bool),
    /// Presenter mode opened at a moment (`#/present/<name>?t=`): stay there, showing the
    /// step that moment falls in (none before the first).
    PresentFrom,
    /// The stage measured its width:height (on mount and on resize).
    StageAspect(f64),
    /// The sequence diagram: shown or not, and what it shows.
    Sequence(SeqAction),
    /// Shows branch `n` of the branching timeline, at the same moment.
    SwitchBranch(usize),
    /// The next branch (wrapping), if there is more than one.
    NextBranch,
    /// Compares the current branch with branch `n` at each moment (`None`: stop).
    CompareBranch(Option<usize>),
    /// The scenario editor's actions (`model::editor`).
    Editor(EditorAction),
    /// Runs to the end of the scenario in slices, one per frame, with progress; again
    /// while it runs: stops where it is (the End key).
    RunToEnd,
    /// The stage draws every process's links and monitors, or the selected one's again.
    ToggleTies,
}

impl Action {
    /// Whether a run ahead goes on through this action: frames, and what only changes
    /// the view (selection, zoom, panels, help). Anything else stops it where it is.
    fn keeps_fast_run(&self) -> bool {
        matches!(
            self,
            Action::Frame(_)
                | Action::RunToEnd
                | Action::Select(_)
                | Action::SelectNext(_)
                | Action::Search(_)
                | Action::FindNext
                | Action::ToggleLarge
                | Action::SetLarge(_)
                | Action::ShowHelp(_)
                | Action::ToggleHelp
                | Action::ToggleMute
                | Action::SetReducedMotion(_)
                | Action::Zoom(_)
                | Action::Pan(..)
                | Action::Recenter
                | Action::LogOnlySelected(_)
                | Action::LogMessages(_)
                | Action::DismissNotice
                | Action::StageAspect(_)
                | Action::Sequence(_)
                | Action::ToggleTies
        )
    }
}

/// What the sequence diagram shows: the lanes you chose (`None`: chosen for you, following
/// the selection and the traffic) and the window of virtual time before now.
#[derive(Clone, Debug, PartialEq)]
pub struct SeqView {
    pub lanes: Option<Vec<Rc<str>>>,
    pub window: Time,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SeqAction {
    Show(bool),
    /// Adds a process (by child id) as a lane: from then on the lanes are yours.
    Add(Rc<str>),
    Remove(Rc<str>),
    /// Back to lanes chosen for you.
    Auto,
    Window(Time),
}

/// User commands in the link's spelling (those a link can carry).
fn to_link<'a>(commands: impl Iterator<Item = &'a UserCommand>) -> Vec<LinkCommand> {
    commands
        .filter_map(|a| {
            Some(LinkCommand {
                t: a.t,
                events: a.events,
                pid: a.pid.0,
                action: LinkVerb::of(&a.command)?,
            })
        })
        .collect()
}

/// A link's actions as user commands (the decoder has checked every one).
fn from_link(
    actions: &[LinkCommand],
    command: fn(&LinkVerb) -> Result<Command, String>,
) -> Vec<UserCommand> {
    actions
        .iter()
        .filter_map(|a| {
            Some(UserCommand {
                t: a.t,
                events: a.events,
                pid: Pid(a.pid),
                command: command(&a.action).ok()?,
            })
        })
        .collect()
}

impl State {
    pub fn new(scenario_idx: usize, autoplay: bool) -> State {
        let idx = scenario_idx.min(BUILTIN.len() - 1);
        let scenario = scenarios::scenario(idx).unwrap_or_else(fallback);
        let timeline = Timeline::new(scenario);
        let mut s = State {
            scenario_source: Rc::from(BUILTIN[idx].1),
            scenario_name: Rc::from(timeline.scenario.name.as_str()),
            scenario_description: Rc::from(timeline.scenario.description.as_str()),
            frame: Rc::new(frame::empty(timeline.sim.tree())),
            timeline,
            flights: Rc::new(Vec::new()),
            scenario_idx: Some(idx),
            address_name: Some(Rc::from(scenarios::slug(BUILTIN[idx].0))),
            playing: autoplay,
            speed: DEFAULT_SPEED,
            selected: None,
            search: Rc::from(""),
            large: false,
            stage_aspect: crate::model::layout::DEFAULT_ASPECT,
            help: false,
            reduced_motion: false,
            zoom: 1.0,
            pan: (0.0, 0.0),
            log_only_selected: false,
            log_messages: false,
            errors: None,
            notice: None,
            anim_now: 0.0,
            last_wall: None,
            log_wall: f64::NEG_INFINITY,
            a11y_wall: f64::NEG_INFINITY,
            side_due: SidePhase::None,
            lanes_ahead: None,
            inspector_wall: f64::NEG_INFINITY,
            carry_us: 0.0,
            trace_seen: 0,
            stop_at: None,
            step: None,
            sequence: None,
            branches: Branches::default(),
            compare_with: None,
            editor: Rc::default(),
            editor_reducer: None,
            #[cfg(not(target_arch = "wasm32"))]
            parsers: Some(&crate::model::parsers::JSON),
            #[cfg(target_arch = "wasm32")]
            parsers: None,
            #[cfg(not(target_arch = "wasm32"))]
            charts: Some(metrics::charts_with),
            #[cfg(target_arch = "wasm32")]
            charts: None,
            clock: None,
            announcer: Announcer::default(),
            fast: None,
            preopened: None,
            tree_ahead: None,
            building: None,
            laid_ahead: None,
            side_ahead: SideAhead::No,
            charts_acc: None,
            warnings_acc: None,
            all_ties: false,
        };
        s.refresh();
        s.announcer.skip(&s.timeline, &s.frame.warnings, true);
        s
    }

    /// Everything a share link carries about this moment.
    pub fn link_state(&self) -> LinkState {
        let tl = &self.timeline;
        LinkState {
            scenario: self.scenario_source.to_string(),
            t: tl.now(),
            events: Some(tl.sim.stats().events),
            actions: to_link(tl.commands().iter().filter(|a| a.t <= tl.now())),
            branches: if self.branches.list.len() > 1 {
                let mut all = self.branches.clone();
                all.save(tl);
                all.list
                    .iter()
                    .map(|b| LinkBranch {
                        parent: b.parent,
                        fork_t: b.fork_t,
                        label: b.label.to_string(),
                        horizon: b.horizon,
                        actions: to_link(b.commands.iter()),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            branch: if self.branches.list.len() > 1 {
                self.branches.current
            } else {
                0
            },
            selected: self.selected.as_deref().map(String::from),
            view: View {
                zoom: self.zoom,
                pan: [self.pan.0, self.pan.1],
                large: self.large,
                speed: self.speed,
            },
            step: self.step,
        }
    }

    /// The wall time the stage draws its flights at (`anim_now`), or 0 while none flies:
    /// a frame that moves nothing on the stage (a slice of a run ahead) then leaves the
    /// stage's props as they were, and the stage is not drawn again. At 100,000 processes
    /// the canvas walked the whole tree twice in each of those frames.
    pub fn stage_clock(&self) -> f64 {
        if self.flights.is_empty() {
            0.0
        } else {
            self.anim_now
        }
    }

    pub fn scale(&self) -> f64 {
        if self.large { 1.6 } else { 1.0 }
    }

    /// The live pid of the selected child.
    pub fn selected_pid(&self) -> Option<Pid> {
        self.frame.selected_node.as_ref().and_then(|n| n.pid)
    }

    fn load(&mut self, scenario: Scenario, idx: Option<usize>, source: &str) {
        // A `lean` simulator (the first-load bundle's) cannot run ETS, Registry, pg, …: such
        // a scenario only ever comes as JSON, which that bundle hands over unread, so this
        // is a safety net.
        if !otp_sim::EXTRAS && scenario.needs_extras() {
            self.notice = Some(Rc::from(MISSING));
            return;
        }
        self.load_timeline(Timeline::new(scenario), idx, source);
    }

    fn load_timeline(&mut self, timeline: Timeline, idx: Option<usize>, source: &str) {
        self.scenario_source = Rc::from(source);
        self.scenario_name = Rc::from(timeline.scenario.name.as_str());
        self.scenario_description = Rc::from(timeline.scenario.description.as_str());
        self.timeline = timeline;
        self.branches = Branches::default();
        self.compare_with = None;
        self.scenario_idx = idx;
        self.address_name = idx
            .and_then(|i| BUILTIN.get(i))
            .map(|(file, _)| Rc::from(scenarios::slug(file)));
        self.selected = None;
        self.step = None;
        self.errors = None;
        self.notice = None;
        self.zoom = 1.0;
        self.pan = (0.0, 0.0);
        self.after_jump();
    }

    /// The editor changed the scenario: it runs again from the start, paused, and comes
    /// back to the same moment (within its duration), with the same selection if that
    /// child is still there, and the same zoom.
    pub(crate) fn show_edited(&mut self, scenario: Scenario, source: &str) {
        let t = self
            .timeline
            .now()
            .min(scenario.duration_ms.saturating_mul(1000));
        let (sel, zoom, pan) = (self.selected.clone(), self.zoom, self.pan);
        self.playing = false;
        self.stop_at = None;
        self.load(scenario, None, source);
        if t > 0 {
            self.timeline.seek(t);
        }
        (self.selected, self.zoom, self.pan) = (sel, zoom, pan);
        self.after_jump();
        if self.selected.is_some() && self.frame.selected_node.is_none() {
            self.selected = None;
            self.refresh();
        }
    }

    /// After a jump in time (seek, reset, load): no flights from before.
    fn after_jump(&mut self) {
        self.flights = Rc::new(Vec::new());
        self.trace_seen = self.timeline.sim.trace().len();
        self.carry_us = 0.0;
        self.last_wall = None;
        self.stale_text();
        self.refresh();
        self.announcer
            .skip(&self.timeline, &self.frame.warnings, true);
    }

    /// The run went forward: what happened is noted for screen readers, and said if the
    /// rate limit allows. Returns whether the live region changed.
    fn hear(&mut self) -> bool {
        self.announcer.listen(&self.timeline, &self.frame.warnings);
        self.announcer.tick(self.anim_now)
    }

    /// Rebuilds the derived frame from the simulation.
    fn refresh(&mut self) {
        let fresh_log = !self.playing || self.anim_now - self.log_wall >= LOG_EVERY_MS;
        // What comes with the log: all of it in this frame when paused; while playing, the
        // log now, then the warnings, the diagram's lanes, the diagram, the charts (and
        // names, comparison), each in a frame of its own. Together they made the slowest
        // frames (60–74 ms with the diagram and charts open, docs/benchmarks.md).
        let due = if !self.playing {
            SidePhase::All
        } else if fresh_log {
            SidePhase::Log
        } else {
            self.side_due
        };
        self.side_due = if self.playing {
            due.next()
        } else {
            SidePhase::None
        };
        let fresh_a11y = !self.playing
            || (!fresh_log
                && due == SidePhase::None
                && self.anim_now - self.a11y_wall >= A11Y_EVERY_MS);
        if fresh_log {
            self.log_wall = self.anim_now;
        }
        if fresh_a11y {
            self.a11y_wall = self.anim_now;
        }
        // Not in a frame that renews another panel: each is a layout pass of its own.
        let fresh_inspector = !self.playing
            || (due == SidePhase::None
                && !fresh_a11y
                && self.anim_now - self.inspector_wall >= INSPECTOR_EVERY_MS);
        if fresh_inspector {
            self.inspector_wall = self.anim_now;
        }
        // A tree built ahead, and its layout, only if the run has not moved since.
        let tree = self.tree_ahead.take().and_then(|(events, now, tree)| {
            let sim = &self.timeline.sim;
            (sim.stats().events == events && sim.now() == now).then_some(tree)
        });
        let laid = self.laid_ahead.take().filter(|_| tree.is_some());
        let input = FrameInput {
            selected: self.selected.as_ref(),
            scale: self.scale(),
            aspect: self.stage_aspect,
            log_messages: self.log_messages,
            log_only_selected: self.log_only_selected,
            fresh_log,
            fresh_a11y,
            fresh_inspector,
            log_lines: if self.playing {
                LOG_LINES_PLAYING
            } else {
                LOG_LINES
            },
            a11y_per_frame: self.playing.then_some(A11Y_PER_FRAME),
            all_ties: self.all_ties,
            tree,
            laid,
        };
        let mut next = frame::build(&self.timeline, input, &self.frame);
        // The redraw of a run ahead: the stage now, the rest in the next frame.
        let due = if self.side_ahead == SideAhead::Due {
            self.side_ahead = SideAhead::Next;
            SidePhase::None
        } else {
            if due != SidePhase::None {
                self.side_ahead = SideAhead::No;
            }
            due
        };
        self.refresh_side(due, &mut next);
        self.frame = Rc::new(next);
    }

    /// The third frame of a redraw while running ahead (`SideAhead`): the warnings, the
    /// sequence diagram, the charts and the names of the frame drawn in the one before.
    fn refresh_side_ahead(&mut self) {
        self.side_ahead = SideAhead::No;
        let mut next = (*self.frame).clone();
        self.refresh_side(SidePhase::All, &mut next);
        self.frame = Rc::new(next);
        // Warnings that appear with this frame were made by the run ahead: not said.
        self.announcer
            .skip(&self.timeline, &self.frame.warnings, true);
    }

    /// Rebuilds in `next` the parts refreshed with the log that are `due`.
    fn refresh_side(&mut self, due: SidePhase, next: &mut Frame) {
        let mut flat = Vec::new();
        if !matches!(due, SidePhase::None | SidePhase::Log | SidePhase::Charts) {
            frame::flatten(&next.tree, &mut flat);
        }
        if due.has(SidePhase::Warnings) {
            let now = warnings::warnings_with(&mut self.warnings_acc, &self.timeline.sim, &flat);
            if now != *next.warnings {
                next.warnings = Rc::new(now);
            }
        }
        let lanes_of = |s: &Self, v: &SeqView| match &v.lanes {
            Some(l) => sequence::in_tree_order(l.clone(), &flat),
            None => sequence::default_lanes(&s.timeline, &flat, s.selected.as_ref(), v.window),
        };
        if due == SidePhase::Lanes {
            self.lanes_ahead = self
                .sequence
                .as_ref()
                .filter(|v| v.lanes.is_none())
                .map(|v| lanes_of(self, v));
        }
        if due.has(SidePhase::Sequence) {
            // Lanes chosen by hand are put in order now (cheap), and only the default
            // lanes chosen a frame before are used: a lane added since is never missed.
            let ahead = self.lanes_ahead.take().filter(|_| {
                due == SidePhase::Sequence
                    && self.sequence.as_ref().is_some_and(|v| v.lanes.is_none())
            });
            next.sequence = self.sequence.as_ref().map(|v| {
                // Chosen a frame before while playing (a frame of its own), else now.
                let lanes = ahead.unwrap_or_else(|| lanes_of(self, v));
                let seq = sequence::build(&self.timeline, &flat, &lanes, v.window);
                same_or_new(&self.frame.sequence, seq)
            });
        }
        if due.has(SidePhase::Charts) {
            let charts = self.charts;
            next.charts = next.selected_node.as_ref().zip(charts).map(|(n, f)| {
                same_or_new(
                    &self.frame.charts,
                    f(&mut self.charts_acc, &self.timeline, n, next.end),
                )
            });
            // A new Rc only when something changed: the table re-renders only then.
            let names = frame::Names::of(&self.timeline.sim);
            if names.as_ref() != self.frame.names.as_deref() {
                next.names = names.map(Rc::new);
            }
            next.comparison = self.compare_with.as_mut().map(|(i, other)| {
                other.seek(next.now);
                Rc::new(compare(&next.tree, &other.sim.tree(), *i, next.now))
            });
        }
    }

    fn switch_branch(&mut self, i: usize) -> bool {
        if i == self.branches.current || i >= self.branches.list.len() {
            return false;
        }
        let now = self.timeline.now();
        self.branches.save(&self.timeline);
        let Some(tl) = self.branches.rebuild(i, &self.timeline.scenario, now) else {
            return false;
        };
        self.timeline = tl;
        self.branches.current = i;
        if self.compare_with.as_ref().is_some_and(|(j, _)| *j == i) {
            self.compare_with = None;
        }
        self.playing = false;
        self.stop_at = None;
        self.after_jump();
        self.stale_text();
        self.refresh();
        true
    }

    fn on_sequence(&mut self, a: SeqAction) -> bool {
        let before = self.sequence.clone();
        let current_lanes = |s: &State| -> Vec<Rc<str>> {
            s.frame
                .sequence
                .as_ref()
                .map(|q| q.lanes.iter().map(|l| l.id.clone()).collect())
                .unwrap_or_default()
        };
        match a {
            SeqAction::Show(false) => self.sequence = None,
            SeqAction::Show(true) => {
                if self.sequence.is_none() {
                    self.sequence = Some(SeqView {
                        lanes: None,
                        window: DEFAULT_WINDOW,
                    });
                }
            }
            SeqAction::Add(id) => {
                let mut lanes = current_lanes(self);
                if !lanes.contains(&id) && lanes.len() < MAX_LANES {
                    lanes.push(id);
                }
                let window = self.sequence.as_ref().map_or(DEFAULT_WINDOW, |v| v.window);
                let mut flat = Vec::new();
                frame::flatten(&self.frame.tree, &mut flat);
                self.sequence = Some(SeqView {
                    lanes: Some(sequence::in_tree_order(lanes, &flat)),
                    window,
                });
            }
            SeqAction::Remove(id) => {
                let mut lanes = current_lanes(self);
                lanes.retain(|l| *l != id);
                if let Some(v) = &mut self.sequence {
                    v.lanes = Some(lanes);
                }
            }
            SeqAction::Auto => {
                if let Some(v) = &mut self.sequence {
                    v.lanes = None;
                }
            }
            SeqAction::Window(w) => {
                if let Some(v) = &mut self.sequence
                    && sequence::WINDOWS.contains(&w)
                {
                    v.window = w;
                }
            }
        }
        if self.sequence == before {
            return false;
        }
        self.stale_text();
        self.refresh();
        true
    }

    /// New messages since the last frame become flights.
    fn collect_flights(&mut self, wall: f64) {
        let (all, seen) = flights::collect(
            &self.timeline.sim,
            &self.frame.layout,
            SPEEDS[self.speed].0 / 1000.0,
            self.trace_seen,
            &self.flights,
            wall,
        );
        self.trace_seen = seen;
        if all != *self.flights {
            self.flights = Rc::new(all);
        }
    }

    fn find_next(&mut self) -> bool {
        let q = self.search.trim().to_string();
        if q.is_empty() {
            return false;
        }
        let mut flat = Vec::new();
        frame::flatten(&self.frame.tree, &mut flat);
        let hits: Vec<usize> = (0..flat.len())
            .filter(|&i| frame::matches_search(flat[i], &q))
            .collect();
        let current = self
            .selected
            .as_ref()
            .and_then(|id| flat.iter().position(|n| n.id == *id));
        let next = current
            .and_then(|c| hits.iter().find(|&&i| i > c))
            .or(hits.first())
            .copied();
        let Some(i) = next else {
            self.notice = Some(Rc::from(format!("No process matches “{q}”.").as_str()));
            return true;
        };
        let id = flat[i].id.clone();
        // Layout order is tree order: the same index.
        if let Some(p) = self.frame.layout.nodes.get(i) {
            let (cx, cy) = content_centre(&self.frame.layout, self.scale(), 1.0);
            self.pan = (cx - p.x, cy - p.y);
        }
        self.selected = Some(id);
        self.notice = None;
        self.stale_text();
        self.refresh();
        true
    }

    /// Playback stopped: the log and the accessible tree, refreshed only now and then while
    /// playing, become current at once.
    fn paused(&mut self) {
        self.stale_text();
        self.refresh();
    }

    /// Invalidates the log and accessible tree so the next refresh rebuilds them.
    fn stale_text(&mut self) {
        self.log_wall = f64::NEG_INFINITY;
        self.a11y_wall = f64::NEG_INFINITY;
        self.side_due = SidePhase::None;
        self.lanes_ahead = None;
        self.inspector_wall = f64::NEG_INFINITY;
    }

    /// Applies an action. Returns whether anything a view shows may have changed (false:
    /// no re-render needed).
    pub fn apply(&mut self, action: Action) -> bool {
        // Each arm either returns early (`false`: nothing changed) or falls through.
        if !matches!(action, Action::Frame(_)) {
            self.tree_ahead = None;
            self.building = None;
            self.laid_ahead = None;
            self.charts_acc = None;
            self.warnings_acc = None;
        }
        if self.fast.is_some() && !action.keeps_fast_run() {
            // Anything that moves the run or changes what runs takes over from it.
            self.fast = None;
            self.after_jump();
        }
        match action {
            Action::Frame(wall) => return self.on_frame(wall),
            Action::RunToEnd => {
                if let Some(f) = self.fast.as_mut() {
                    // Stopped where it is, and drawn as the end of a run ahead is, over a
                    // few frames: drawing a 100,000-process tree in this one task kept the
                    // page from answering for ~200 ms.
                    f.target = self.timeline.now();
                    f.reached = true;
                } else {
                    let now = self.timeline.now();
                    let end = self.timeline.duration();
                    if now < end {
                        self.playing = false;
                        self.stop_at = None;
                        // The run jumps ahead: messages drawn in flight are not where
                        // they were any more (as after a seek).
                        self.flights = Rc::new(Vec::new());
                        self.fast = Some(FastRun::new(now, end, self.anim_now));
                    }
                }
            }
            Action::TogglePlay => {
                self.playing = !self.playing;
                self.stop_at = None;
                self.last_wall = None;
                if self.playing && self.frame.now >= self.frame.end {
                    // At the end: keep going past the scenario's duration.
                    let c = &mut self.timeline;
                    c.horizon = c.horizon.max(c.now());
                }
                if !self.playing {
                    self.paused();
                }
            }
            Action::Pause => {
                if self.playing {
                    self.playing = false;
                    self.paused();
                }
            }
            Action::Step => {
                self.playing = false;
                self.timeline.step_event();
                self.refresh();
                self.hear();
                self.collect_flights(self.anim_now);
            }
            Action::ToggleMute => {
                let muted = !self.announcer.muted;
                self.announcer.set_muted(muted, self.anim_now);
            }
            Action::StepBack => {
                self.playing = false;
                self.timeline.step_back();
                self.after_jump();
            }
            Action::Reset => {
                self.playing = false;
                self.timeline.reset();
                self.branches = Branches::default();
                self.compare_with = None;
                self.notice = None;
                self.after_jump();
            }
            Action::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            Action::Seek(t) => {
                if !self.timeline.seek(t) {
                    // Too far for one go: the rest runs a slice per frame, with progress.
                    self.playing = false;
                    self.stop_at = None;
                    self.fast = Some(FastRun::new(self.timeline.now(), t, self.anim_now));
                }
                self.after_jump();
            }
            Action::ToggleTies => {
                self.all_ties = !self.all_ties;
                self.refresh();
            }
            Action::Select(id) => {
                self.selected = id;
                self.stale_text();
                self.refresh();
            }
            Action::SelectNext(dir) => self.select_next(dir),
            Action::ToggleSuspend => {
                let suspended = self
                    .frame
                    .selected_node
                    .as_ref()
                    .is_some_and(|n| n.state == otp_sim::NodeState::Suspended);
                let command = if suspended {
                    Command::Resume
                } else {
                    Command::Suspend
                };
                return self.apply(Action::Command(command));
            }
            Action::Command(command) => return self.command(command),
            Action::LoadBuiltin(i) => {
                if let (Some((_, json)), Some(sc)) = (BUILTIN.get(i), scenarios::scenario(i)) {
                    self.load(sc, Some(i), json);
                }
            }
            Action::LoadJson(text) => match self.parse(&text) {
                Ok(sc) => {
                    self.playing = false;
                    self.load(sc, None, &text);
                }
                Err(errs) => {
                    self.errors = Some(Rc::new(errs.iter().map(|e| e.to_string()).collect()));
                }
            },
            Action::Search(q) => self.search = Rc::from(q.as_str()),
            Action::FindNext => return self.find_next(),
            Action::ToggleLarge => {
                self.large = !self.large;
                self.refresh();
                self.flights = Rc::new(Vec::new());
            }
            Action::ShowHelp(on) => self.help = on,
            Action::ToggleHelp => self.help = !self.help,
            Action::SetReducedMotion(on) => self.reduced_motion = on,
            Action::Zoom(f) => self.zoom = (self.zoom * f).clamp(ZOOM_MIN, ZOOM_MAX),
            Action::Pan(dx, dy) => self.pan = (self.pan.0 + dx, self.pan.1 + dy),
            Action::Recenter => {
                self.zoom = 1.0;
                self.pan = (0.0, 0.0);
            }
            Action::LogOnlySelected(on) => {
                self.log_only_selected = on;
                self.stale_text();
                self.refresh();
            }
            Action::LogMessages(on) => {
                self.log_messages = on;
                self.stale_text();
                self.refresh();
            }
            Action::DismissNotice => self.notice = None,
            Action::OpenMoment {
                scenario,
                source,
                t_us,
                select,
            } => {
                let asked = Moment {
                    scenario,
                    t_us,
                    select,
                };
                if self.preopened.take().as_ref() == Some(&asked) {
                    return false;
                }
                self.open_moment(asked.scenario, source, asked.t_us, asked.select)
            }
            Action::OpenLink(payload) => self.open_link(&payload),
            Action::Restore(json) => self.open_state(
                self.parsers.map(|p| (p.state)(&json)),
                "The playground could not carry this moment over",
            ),
            Action::OpenSession(json) => self.open_state(
                self.parsers.map(|p| (p.state)(&json)),
                "This session file could not be opened",
            ),
            Action::PresentFrom => {
                let now = self.timeline.now();
                let steps = presenter_steps(&self.timeline.scenario);
                self.step = steps.iter().rposition(|st| st.at <= now);
                self.refresh();
            }
            Action::PresentStep(dir) => return self.present_step(dir),
            Action::Sequence(a) => return self.on_sequence(a),
            Action::SwitchBranch(i) => return self.switch_branch(i),
            Action::NextBranch => {
                let n = self.branches.list.len();
                return n > 1 && self.switch_branch((self.branches.current + 1) % n);
            }
            Action::CompareBranch(i) => {
                let now = self.timeline.now();
                let want = i.filter(|&i| i != self.branches.current);
                if want == self.compare_with.as_ref().map(|(j, _)| *j) {
                    return false;
                }
                let mut all = self.branches.clone();
                all.save(&self.timeline);
                self.compare_with = want.and_then(|i| {
                    all.rebuild(i, &self.timeline.scenario, now)
                        .map(|tl| (i, tl))
                });
                self.stale_text();
                self.refresh();
            }
            Action::Editor(a) => {
                return match self.editor_reducer {
                    Some(reduce) => reduce(self, a),
                    None => false,
                };
            }
            Action::StageAspect(a) => {
                // Only a real change re-lays the tree out (5%: not every pixel of a resize).
                if a.is_finite() && a > 0.0 && (a / self.stage_aspect).ln().abs() > 0.05 {
                    self.stage_aspect = a;
                    self.refresh();
                    self.flights = Rc::new(Vec::new());
                } else {
                    return false;
                }
            }
            Action::SetLarge(on) => {
                if self.large != on {
                    self.large = on;
                    self.refresh();
                    self.flights = Rc::new(Vec::new());
                }
            }
            Action::PlayFor(ms) => {
                let now = self.timeline.now();
                self.stop_at = Some(now.saturating_add(ms.saturating_mul(1000)));
                self.playing = true;
                self.last_wall = None;
                let c = &mut self.timeline;
                c.horizon = c.horizon.max(now.saturating_add(ms.saturating_mul(1000)));
            }
        }
        true
    }

    /// An animation frame at wall-clock `wall` (ms): playing, the run moves on by the
    /// elapsed time at the chosen speed; paused, flights finish their way.
    fn on_frame(&mut self, wall: f64) -> bool {
        self.anim_now = wall;
        // The end of a run ahead was drawn in the frame before: the rest of it now.
        if self.fast.is_none() && self.side_ahead == SideAhead::Next {
            self.refresh_side_ahead();
            return true;
        }
        if let Some(fast) = self.fast.as_mut() {
            // Each frame either runs a slice or does one half of a redraw, never two of
            // these: at 100,000 processes each is tens of ms, and together they made a task
            // far over 50 ms. A redraw builds the tree in one frame (or several, for a big
            // tree late in a run), and the rest of the frame (and its drawing) in the next.
            let slice = fast.next_slice(wall);
            if let Some((_, _, tree)) = &self.tree_ahead {
                fast.continue_redraw();
                if self.laid_ahead.is_none() {
                    self.laid_ahead = frame::lay_ahead(tree);
                    if self.laid_ahead.is_some() {
                        // A big tree: laid out in this frame, drawn in the next.
                        return false;
                    }
                }
                if fast.reached {
                    self.fast = None;
                }
                self.side_ahead = SideAhead::Due;
                self.after_jump();
                return true;
            }
            if self.side_ahead == SideAhead::Next {
                fast.continue_redraw();
                self.refresh_side_ahead();
                return true;
            }
            if self.building.is_some() {
                fast.continue_redraw();
            }
            if self.building.is_some() || fast.reached || fast.redraw_due(wall) {
                let sim = &self.timeline.sim;
                let build = self
                    .building
                    .get_or_insert_with(|| otp_sim::TreeBuild::new(sim));
                if let Some(tree) = fast_run::build_timed(build, sim, self.clock) {
                    self.building = None;
                    self.tree_ahead = Some((sim.stats().events, sim.now(), Rc::new(tree)));
                }
                // Nothing on screen changed yet.
                return false;
            }
            let target = fast.target;
            let reached = match self.clock {
                Some(clock) => fast_run::run_timed(&mut self.timeline, target, slice, clock),
                None => self.timeline.run_to(target, slice),
            };
            if let Some(f) = self.fast.as_mut() {
                f.reached = reached || self.timeline.now() >= target;
            }
            // The progress shown moved on.
            return true;
        }
        let dt = self.last_wall.map_or(0.0, |l| (wall - l).clamp(0.0, 100.0));
        self.last_wall = Some(wall);
        if self.playing {
            self.carry_us += dt * SPEEDS[self.speed].0 / 1000.0;
            let adv = self.carry_us.floor();
            self.carry_us -= adv;
            let (now, end) = {
                let c = &self.timeline;
                (c.now(), c.duration().max(c.horizon))
            };
            let mut target = now + adv as Time;
            if let Some(stop) = self.stop_at
                && target >= stop
            {
                target = stop;
                self.playing = false;
                self.stop_at = None;
            } else if now < end && target >= end {
                target = end;
                self.playing = false;
            }
            self.timeline.run_to(target, FRAME_BUDGET);
            self.refresh();
            self.hear();
            self.collect_flights(wall);
        } else if !self.flights.is_empty() {
            let live = still_flying(&self.flights, self.frame.now, wall);
            self.flights = Rc::new(live);
            self.announcer.tick(wall);
        } else {
            // Nothing moves: keep the same state, no re-render (unless something held
            // back by the rate limit is said now).
            return self.announcer.tick(wall);
        }
        true
    }

    /// Selects the next (+1) or previous (-1) process in tree order.
    fn select_next(&mut self, dir: i32) {
        let ids: Vec<Rc<str>> = self
            .frame
            .layout
            .nodes
            .iter()
            .map(|n| n.id.clone())
            .collect();
        if !ids.is_empty() {
            let cur = self
                .selected
                .as_ref()
                .and_then(|id| ids.iter().position(|i| i == id));
            let n = ids.len() as i32;
            let next = match cur {
                Some(i) => (i as i32 + dir).rem_euclid(n),
                None if dir >= 0 => 0,
                None => n - 1,
            };
            self.selected = Some(ids[next as usize].clone());
            self.refresh();
            if let Some(sel) = &self.frame.selected_node {
                let s = format!(
                    "Selected {} ({} of {}).",
                    crate::model::logtext::node_label(sel),
                    next + 1,
                    n
                );
                self.announcer.say_now(s, self.anim_now);
            }
        }
    }

    /// A command the user gives to the selected process.
    fn command(&mut self, command: Command) -> bool {
        let Some(pid) = self.selected_pid() else {
            self.notice = Some(Rc::from(
                "Select a live process first (click it, or press ] / [).",
            ));
            return true;
        };
        // At a past moment the action forks: the future it cuts off stays as a branch.
        let fork = Branches::would_fork(&self.timeline);
        if fork && self.branches.list.len() >= crate::model::branches::MAX_BRANCHES {
            self.notice = Some(Rc::from(
                "This run has as many branches as it can keep: switch to one and act at its end, or reset.",
            ));
            return true;
        }
        let at = self.timeline.now();
        let label = command.label();
        self.branches.save(&self.timeline);
        let res = self.timeline.command(pid, command);
        let acted = res.is_ok();
        if acted {
            if fork {
                let who = self
                    .frame
                    .selected_node
                    .as_ref()
                    .map(crate::model::logtext::node_label);
                let label = match who {
                    Some(w) => format!("{label} → {w}"),
                    None => label,
                };
                self.branches.fork(&self.timeline, at, label);
            } else {
                self.branches.save(&self.timeline);
            }
        }
        self.notice = res.err().map(|e| Rc::from(e.as_str()));
        // After the end of the run nothing would move: let the action play out for
        // a second of virtual time (the timeline grows), then pause again.
        let (now, end) = {
            let c = &self.timeline;
            (c.now(), c.duration().max(c.horizon))
        };
        if acted && !self.playing && now >= end {
            self.stop_at = Some(now.saturating_add(AFTER_END_US));
            self.playing = true;
            self.last_wall = None;
            let c = &mut self.timeline;
            c.horizon = c.horizon.max(now.saturating_add(AFTER_END_US));
        }
        self.refresh();
        self.hear();
        self.collect_flights(self.anim_now);
        true
    }

    /// Opens a scenario paused at a moment, with a process selected.
    fn open_moment(
        &mut self,
        scenario: Rc<str>,
        source: Option<Rc<str>>,
        t_us: u64,
        select: Option<Rc<str>>,
    ) {
        // A built-in runs from its compact form; any other scenario is parsed.
        let idx = scenarios::index(&scenario);
        match source.map(|j| {
            let parsed = match idx.and_then(scenarios::scenario) {
                Some(sc) => Ok(sc),
                None => self.parse(&j),
            };
            (j, parsed)
        }) {
            Some((json, Ok(sc))) => {
                self.playing = false;
                self.stop_at = None;
                self.load(sc, idx, &json);
                self.address_name = Some(scenario);
                if t_us > 0 && !self.timeline.seek(t_us) {
                    self.notice = Some(Rc::from(
                        "That moment is too far ahead to compute in one go; play towards it.",
                    ));
                }
                self.selected = select;
                self.after_jump();
            }
            Some((_, Err(errs))) => {
                self.errors = Some(Rc::new(errs.iter().map(|e| e.to_string()).collect()))
            }
            None => {
                self.notice = Some(Rc::from(
                    format!("There is no scenario named “{scenario}”; showing the current one.")
                        .as_str(),
                ))
            }
        }
    }

    /// Presenter mode: the next (+1) or previous (-1) narrated step; forward, the room
    /// watches the system play to the step's moment.
    fn present_step(&mut self, dir: i32) -> bool {
        let steps = presenter_steps(&self.timeline.scenario);
        if !steps.is_empty() {
            let next = match (self.step, dir >= 0) {
                (None, true) => 0,
                (None, false) => return false,
                (Some(i), true) => (i + 1).min(steps.len() - 1),
                (Some(i), false) => i.saturating_sub(1),
            };
            let st = &steps[next];
            let now = self.timeline.now();
            if dir >= 0 && st.at > now && self.step != Some(next) {
                // Forward: the room watches the system move to the step's moment.
                self.stop_at = Some(st.at);
                self.playing = true;
                self.last_wall = None;
                let c = &mut self.timeline;
                c.horizon = c.horizon.max(st.at);
            } else {
                self.playing = false;
                self.stop_at = None;
                self.timeline.seek(st.at);
                self.after_jump();
            }
            self.step = Some(next);
            if let Some(sel) = &st.select {
                self.selected = Some(sel.clone());
            }
            self.refresh();
        }
        true
    }

    /// Opens a share link's payload; a bad link leaves everything as it was and says why.
    fn open_link(&mut self, payload: &str) {
        self.open_state(
            self.parsers.map(|p| (p.link)(payload)),
            "This share link could not be opened",
        );
    }

    /// A scenario's JSON, parsed and validated by the plugged-in reader.
    fn parse(&self, text: &str) -> Result<Scenario, Vec<otp_sim::ScenarioError>> {
        match self.parsers {
            Some(p) => (p.scenario)(text),
            None => Err(vec![otp_sim::ScenarioError {
                path: String::new(),
                problem: MISSING.into(),
            }]),
        }
    }

    /// Opens a decoded state (a link's, or the one the first-load bundle hands over);
    /// `None`: this bundle has no reader for it.
    fn open_state(
        &mut self,
        decoded: Option<Result<share::Opened, share::LinkError>>,
        failed: &str,
    ) {
        let (Some(decoded), Some(parsers)) = (decoded, self.parsers) else {
            self.notice = Some(Rc::from(MISSING));
            return;
        };
        match decoded {
            Ok(o) => {
                let st = o.state;
                let idx = (0..BUILTIN.len())
                    .find(|&i| scenarios::scenario(i).is_some_and(|b| b == o.scenario));
                // Every action was checked by the decoder, so none is dropped here.
                let commands = from_link(&st.actions, parsers.command);
                self.playing = false;
                self.stop_at = None;
                let timeline = Timeline::with_commands(o.scenario, commands);
                self.load_timeline(timeline, idx, &st.scenario);
                if !st.branches.is_empty() {
                    self.branches.list = st
                        .branches
                        .iter()
                        .map(|b| crate::model::branches::Branch {
                            parent: b.parent,
                            fork_t: b.fork_t,
                            label: Rc::from(b.label.as_str()),
                            commands: from_link(&b.actions, parsers.command),
                            horizon: b.horizon,
                        })
                        .collect();
                    self.branches.current = st.branch;
                }
                let reached = match st.events {
                    Some(n) => self.timeline.seek_exact(st.t, n),
                    None => self.timeline.seek(st.t),
                };
                if !reached {
                    self.notice = Some(Rc::from(
                        "The shared moment is too far ahead to compute in one go; press play to go on towards it.",
                    ));
                }
                self.selected = st.selected.as_deref().map(Rc::from);
                self.zoom = st.view.zoom.clamp(ZOOM_MIN, ZOOM_MAX);
                self.pan = (st.view.pan[0], st.view.pan[1]);
                self.large = st.view.large;
                self.speed = st.view.speed.min(SPEEDS.len() - 1);
                self.step = st.step;
                self.after_jump();
            }
            Err(e) => {
                self.notice = Some(Rc::from(
                    format!("{failed}: {e}. Nothing of yours was changed.").as_str(),
                ));
            }
        }
    }
}

/// Built-in 0, if built-in `idx` did not decode (never: `scenarios::tests` decodes every
/// built-in the build embeds).
fn fallback() -> Scenario {
    scenarios::scenario(0).expect("built-in 0 decodes (scenarios::tests)")
}

/// The redraw of a run ahead, third frame: `Due` while the second frame refreshes (it
/// leaves the parts refreshed with the log as they were), `Next` until the next frame does
/// them (`State::refresh_side_ahead`), unless a refresh did them before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideAhead {
    No,
    Due,
    Next,
}

/// Which of the parts refreshed with the log a frame rebuilds. While playing, a log refresh
/// is spread over five frames (the log, the warnings, the sequence diagram's lanes, the
/// diagram, then the charts, the registries' names and the branch comparison) so that no
/// frame re-renders or computes two of them; paused, stepping or scrubbing, all at once
/// (`All`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SidePhase {
    None,
    Log,
    Warnings,
    /// Chooses the diagram's lanes only (no drawing changes): `State::lanes_ahead`.
    Lanes,
    Sequence,
    Charts,
    All,
}

impl SidePhase {
    /// The part due in the frame after this one, while playing.
    fn next(self) -> SidePhase {
        match self {
            SidePhase::Log => SidePhase::Warnings,
            SidePhase::Warnings => SidePhase::Lanes,
            SidePhase::Lanes => SidePhase::Sequence,
            SidePhase::Sequence => SidePhase::Charts,
            SidePhase::Charts | SidePhase::None | SidePhase::All => SidePhase::None,
        }
    }

    /// Whether this frame rebuilds `part`.
    fn has(self, part: SidePhase) -> bool {
        self == part || self == SidePhase::All
    }
}

/// The previous `Rc` when its value is the same (a refresh while paused, or a drawing that
/// did not change), else a new one: views compare these by pointer and skip the same one.
fn same_or_new<T: PartialEq>(prev: &Option<Rc<T>>, value: T) -> Rc<T> {
    match prev {
        Some(p) if **p == value => p.clone(),
        _ => Rc::new(value),
    }
}

#[cfg(test)]
#[path = "frame_reuse_tests.rs"]
mod frame_reuse_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timeline::MarkerKind;
    use otp_sim::NodeState;

    /// The cache scenario (built-in 0), paused, at `t` µs.
    fn at(t: Time) -> State {
        let mut s = State::new(0, false);
        s.apply(Action::Seek(t));
        s
    }

    fn node(s: &State, id: &str) -> otp_sim::TreeNode {
        let mut flat = Vec::new();
        frame::flatten(&s.frame.tree, &mut flat);
        flat.into_iter()
            .find(|n| &*n.id == id)
            .unwrap_or_else(|| panic!("no node {id}"))
            .clone()
    }

    fn kill() -> Action {
        Action::Command(Command::Exit {
            reason: ":kill".into(),
        })
    }

    #[test]
    fn the_selection_draws_its_links_and_all_draws_every_monitor() {
        let mut s = at(300_000);
        assert!(s.frame.ties.is_empty() && s.frame.peers.is_none());
        s.apply(Action::Select(Some(Rc::from("client_a"))));
        let t = s.frame.ties.clone();
        assert!(
            t.iter()
                .any(|t| (&*t.from, &*t.to) == ("app_sup", "client_a")),
            "{t:?}"
        );
        let p = s.frame.peers.clone().expect("a live process");
        assert!(p.linked.iter().any(|x| x.id.as_deref() == Some("app_sup")));
        // Every process: the supervisor's links are the tree's lines, so only monitors
        // are added, and the selected process keeps its own link drawn.
        s.apply(Action::ToggleTies);
        assert!(s.all_ties);
        assert!(s.frame.ties.len() >= t.len());
        s.apply(Action::Select(None));
        assert!(
            s.frame
                .ties
                .iter()
                .all(|t| t.kind == crate::model::ties::TieKind::Monitor)
        );
        s.apply(Action::ToggleTies);
        assert!(s.frame.ties.is_empty());
    }

    #[test]
    fn kill_restarts_the_process_under_a_new_pid() {
        let mut s = at(300_000);
        let before = node(&s, "cache");
        let client = node(&s, "client_a").pid;
        s.apply(Action::Select(Some(Rc::from("cache"))));
        assert_eq!(s.selected_pid(), before.pid);
        assert!(s.apply(kill()));
        assert!(s.notice.is_none(), "{:?}", s.notice);
        s.apply(Action::Seek(400_000));
        let after = node(&s, "cache");
        assert_ne!(after.pid, before.pid, "a new pid");
        assert_eq!(after.restarts, 1, "one restart");
        assert_eq!(node(&s, "client_a").pid, client, "its sibling kept its pid");
        assert!(
            s.frame
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::Restart),
            "a restart marker"
        );
        assert!(
            s.frame
                .log
                .iter()
                .any(|l| l.ev == "restarting" || l.text.contains("restart")),
            "the log says so"
        );
        // `s` suspends the selected process, and resumes it the second time.
        s.apply(Action::ToggleSuspend);
        s.apply(Action::Seek(410_000));
        assert_eq!(node(&s, "cache").state, NodeState::Suspended);
        s.apply(Action::ToggleSuspend);
        s.apply(Action::Seek(420_000));
        assert_ne!(node(&s, "cache").state, NodeState::Suspended);
    }

    #[test]
    fn a_command_needs_a_live_selection() {
        let mut s = at(300_000);
        s.apply(kill());
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("Select")));
        assert!(s.timeline.commands().is_empty());
    }

    #[test]
    fn scrubbing_back_and_forth_gives_the_same_tree() {
        let mut s = at(400_000);
        let early = s.frame.tree.clone();
        s.apply(Action::Seek(1_500_000));
        let late = s.frame.tree.clone();
        assert_ne!(node(&s, "cache").pid, {
            let mut e = Vec::new();
            frame::flatten(&early, &mut e);
            e.iter().find(|n| &*n.id == "cache").and_then(|n| n.pid)
        });
        assert!(s.frame.markers.iter().any(|m| m.kind == MarkerKind::Crash));
        s.apply(Action::Seek(400_000));
        assert_eq!(s.frame.tree, early);
        s.apply(Action::Seek(1_500_000));
        assert_eq!(s.frame.tree, late);
        // Stepping back goes to an earlier moment; stepping forward moves on again.
        let now = s.frame.now;
        s.apply(Action::StepBack);
        let back = s.frame.now;
        assert!(back < now);
        let events = s.frame.events;
        s.apply(Action::Step);
        assert!(s.frame.events > events, "one event on");
    }

    #[test]
    fn a_command_after_scrubbing_back_forks_the_timeline() {
        let mut s = at(300_000);
        s.apply(Action::Select(Some(Rc::from("cache"))));
        s.apply(kill());
        s.apply(Action::Seek(1_500_000));
        assert_eq!(s.timeline.commands().len(), 1);
        // Back before the kill, and a different command: the old future is gone.
        s.apply(Action::Seek(200_000));
        s.apply(Action::Command(Command::Suspend));
        assert_eq!(s.timeline.commands().len(), 1);
        assert_eq!(s.timeline.commands()[0].command, Command::Suspend);
        assert_eq!(s.frame.horizon, 200_000, "the horizon is now");
    }

    #[test]
    fn playing_advances_by_wall_clock_and_stops_at_the_end() {
        let mut s = State::new(0, true);
        s.apply(Action::Frame(0.0));
        s.apply(Action::Frame(50.0));
        // Real time: 50 ms of wall clock is 50 ms of virtual time.
        assert_eq!(s.frame.now, 50_000);
        s.apply(Action::Pause);
        assert!(!s.apply(Action::Frame(100.0)) || !s.flights.is_empty());
        s.apply(Action::SetSpeed(SPEEDS.len() - 1));
        s.apply(Action::TogglePlay);
        let mut wall = 200.0;
        for _ in 0..2_000 {
            s.apply(Action::Frame(wall));
            wall += 100.0;
            if !s.playing {
                break;
            }
        }
        assert!(!s.playing, "paused at the end");
        assert_eq!(s.frame.now, s.timeline.duration());
    }

    /// Playing over the crash at 1 s: screen readers hear it (and its restart) within the
    /// rate limit; scrubbing back over it says nothing; muted, nothing is said.
    #[test]
    fn crashes_are_announced_while_playing_and_never_on_a_scrub() {
        let mut s = State::new(0, false);
        s.apply(Action::Seek(800_000));
        s.apply(Action::TogglePlay);
        let mut wall = 10_000.0;
        let mut said = Vec::new();
        let mut serial = s.announcer.serial;
        while s.frame.now < 1_400_000 {
            wall += 16.0;
            s.apply(Action::Frame(wall));
            if s.announcer.serial != serial {
                serial = s.announcer.serial;
                said.push((wall, s.announcer.current.to_string()));
            }
        }
        s.apply(Action::Pause);
        for _ in 0..200 {
            wall += 16.0;
            if s.apply(Action::Frame(wall)) && s.announcer.serial != serial {
                serial = s.announcer.serial;
                said.push((wall, s.announcer.current.to_string()));
            }
        }
        assert!(!said.is_empty(), "something said");
        assert!(said.iter().any(|(_, t)| t.contains("cache")), "{said:?}");
        for w in said.windows(2) {
            assert!(
                w[1].0 - w[0].0 >= crate::model::announce::EVERY_MS,
                "{said:?}"
            );
        }
        // Back before the crash and forward over it by scrubbing: silence.
        s.apply(Action::Seek(500_000));
        s.apply(Action::Seek(1_400_000));
        for _ in 0..300 {
            wall += 16.0;
            s.apply(Action::Frame(wall));
        }
        assert_eq!(s.announcer.serial, serial, "a scrub says nothing");
        s.apply(Action::ToggleMute);
        assert!(s.announcer.muted);
        let serial = s.announcer.serial;
        s.apply(Action::Seek(800_000));
        s.apply(Action::TogglePlay);
        while s.frame.now < 1_400_000 {
            wall += 16.0;
            s.apply(Action::Frame(wall));
        }
        assert_eq!(s.announcer.serial, serial, "muted");
    }

    /// While playing, the log and the accessible tree are rebuilt only now and then; the
    /// moment playback stops they are current.
    #[test]
    fn pausing_brings_the_log_and_the_accessible_tree_up_to_date() {
        for pause in [Action::Pause, Action::TogglePlay] {
            let mut s = State::new(0, false);
            s.apply(Action::Seek(800_000));
            s.apply(Action::Select(Some(Rc::from("cache"))));
            s.apply(Action::TogglePlay);
            // 0.3 s of frames, 16 ms apart: the crash at 1 s and its restart happen.
            let mut wall = 10_000.0;
            s.apply(Action::Frame(wall));
            while s.frame.now < 1_100_000 {
                wall += 16.0;
                s.apply(Action::Frame(wall));
            }
            s.apply(pause.clone());
            assert!(!s.playing);
            let newest = s.frame.log.first().expect("log lines");
            let trace = s.timeline.sim.trace();
            let last = (0..trace.len())
                .rev()
                .find(|&i| !trace.is_message_event_at(i))
                .expect("a lifecycle event");
            assert_eq!(
                newest.idx, last,
                "{pause:?}: the newest line is the newest event"
            );
            assert_eq!(s.frame.a11y_tree, s.frame.tree, "{pause:?}");
            assert_eq!(node(&s, "cache").restarts, 1);
        }
    }

    #[test]
    fn find_selects_and_centres_each_match_in_turn() {
        let mut s = at(100_000);
        s.apply(Action::Search("CLIENT".into()));
        assert!(s.selected.is_none(), "typing alone selects nothing");
        s.apply(Action::FindNext);
        assert_eq!(s.selected.as_deref(), Some("client_a"));
        let first_pan = s.pan;
        s.apply(Action::FindNext);
        assert_eq!(s.selected.as_deref(), Some("client_b"));
        assert_ne!(s.pan, first_pan, "centred on the new match");
        // The selected node sits at the centre the stage turns around.
        let i = s
            .frame
            .layout
            .nodes
            .iter()
            .position(|n| &*n.id == "client_b")
            .expect("laid out");
        let p = &s.frame.layout.nodes[i];
        let (cx, cy) = content_centre(&s.frame.layout, s.scale(), 1.0);
        assert_eq!((p.x + s.pan.0, p.y + s.pan.1), (cx, cy));
        s.apply(Action::FindNext);
        assert_eq!(s.selected.as_deref(), Some("client_a"), "wraps around");
        s.apply(Action::Search("nothing-like-it".into()));
        s.apply(Action::FindNext);
        assert!(
            s.notice
                .as_deref()
                .is_some_and(|n| n.contains("No process matches"))
        );
        assert_eq!(s.selected.as_deref(), Some("client_a"));
    }

    #[test]
    fn a_bad_scenario_keeps_the_current_one_and_names_the_field() {
        let mut s = at(100_000);
        let name = s.scenario_name.clone();
        s.apply(Action::LoadJson(
            r#"{"name": "x", "config": {"schedulers": 0}, "tree": {"type": "supervisor", "id": "s"}}"#
                .into(),
        ));
        let errors = s.errors.clone().expect("errors");
        assert!(
            errors.iter().any(|e| e.contains("config.schedulers")),
            "{errors:?}"
        );
        assert_eq!(s.scenario_name, name);
        s.apply(Action::LoadJson("{ not json".into()));
        let errors = s.errors.clone().expect("errors");
        assert!(errors.iter().any(|e| e.contains("line 1")), "{errors:?}");
        assert_eq!(s.frame.now, 100_000, "the run is where it was");
    }

    #[test]
    fn presenter_steps_play_forward_and_jump_back() {
        let mut s = State::new(1, false);
        let steps = presenter_steps(&s.timeline.scenario);
        assert!(steps.len() >= 2, "db_one_for_all has narrated steps");
        s.apply(Action::PresentStep(1));
        assert_eq!(s.step, Some(0));
        // Forward: the system plays to the step's moment, then pauses there.
        assert!(s.playing);
        let mut wall = 0.0;
        while s.playing {
            s.apply(Action::Frame(wall));
            wall += 50.0;
        }
        assert_eq!(s.frame.now, steps[0].at);
        s.apply(Action::PresentStep(1));
        s.apply(Action::PresentStep(-1));
        assert_eq!(s.step, Some(0));
        assert!(!s.playing);
        assert_eq!(s.frame.now, steps[0].at, "back is a jump, not a replay");
        // Opened at a moment: the step that moment falls in.
        s.apply(Action::Seek(steps[1].at + 1));
        s.apply(Action::PresentFrom);
        assert_eq!(s.step, Some(1));
    }

    #[test]
    fn log_lines_name_the_processes_they_are_about_for_the_sequence_lanes() {
        let mut s = at(1_200_000);
        s.apply(Action::LogMessages(true));
        let send = s
            .frame
            .log
            .iter()
            .find(|l| l.ev == "send" && l.ids.len() == 2)
            .expect("a send between two processes of the tree");
        assert_ne!(send.ids[0], send.ids[1]);
        s.apply(Action::LogMessages(false));
        let restart = s
            .frame
            .log
            .iter()
            .find(|l| l.ev == "restarting")
            .expect("the cache's restart at 1 s");
        assert!(
            restart.ids.iter().any(|i| &**i == "cache"),
            "{:?}",
            restart.ids
        );
        // The harness (the outside world) is no lane.
        assert!(s.frame.log.iter().all(|l| l.ids.len() <= 3));
    }

    #[test]
    fn a_link_replays_the_sys_debugging_the_user_switched_on() {
        let mut a = at(300_000);
        a.apply(Action::Select(Some(Rc::from("cache"))));
        a.apply(Action::Command(Command::Trace(true)));
        a.apply(Action::Command(Command::Statistics(
            otp_sim::scenario::StatsOp::On,
        )));
        a.apply(Action::Seek(700_000));
        assert_eq!(a.link_state().actions.len(), 2);
        let mut b = State::new(0, false);
        b.apply(Action::OpenLink(
            share::encode(&a.link_state()).as_str().into(),
        ));
        assert_eq!(b.notice, None);
        assert_eq!(b.timeline.commands().len(), 2);
        let text = |s: &State| {
            s.timeline
                .sim
                .trace()
                .iter()
                .map(|e| format!("{} {:?}", e.t, e.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&b), text(&a));
    }

    #[test]
    fn a_give_away_from_the_inspector_replays_on_scrub_and_in_a_link() {
        use crate::model::commands::{give_away, set_heir, stop};
        let ets = include_str!("../../lessons/scenarios/ets_owner_dies.json");
        let mut a = State::new(0, false);
        a.apply(Action::LoadJson(ets.into()));
        a.apply(Action::Seek(300_000));
        a.apply(Action::Select(Some(Rc::from("cache"))));
        let v = a.frame.verbs.clone().expect("a live counter");
        assert!(v.stop && v.call_stop && v.tables.len() == 1);
        a.apply(Action::Command(set_heir("cache", "reader_2")));
        a.apply(Action::Command(give_away("cache", "reader_1")));
        a.apply(Action::Seek(400_000));
        let owner = |s: &State| s.timeline.sim.ets_tables()[0].owner_id.clone();
        assert_eq!(owner(&a).as_deref(), Some("reader_1"));
        // Scrubbing back and forth replays the user's commands.
        a.apply(Action::Seek(100_000));
        assert_eq!(owner(&a).as_deref(), Some("cache"));
        a.apply(Action::Seek(400_000));
        assert_eq!(owner(&a).as_deref(), Some("reader_1"));
        // The Cache no longer owns the table: stopping it leaves the table to reader_1.
        a.apply(Action::Command(stop(":normal")));
        a.apply(Action::Seek(500_000));
        assert_eq!(a.link_state().actions.len(), 3);
        assert_eq!(owner(&a).as_deref(), Some("reader_1"));
        let mut b = State::new(0, false);
        b.apply(Action::OpenLink(
            share::encode(&a.link_state()).as_str().into(),
        ));
        assert_eq!(b.notice, None);
        assert_eq!(owner(&b).as_deref(), Some("reader_1"));
        assert_eq!(b.timeline.sim.trace().len(), a.timeline.sim.trace().len());
    }

    #[test]
    fn a_handed_over_moment_is_the_same_moment_and_a_bad_one_changes_nothing() {
        let mut a = at(300_000);
        a.apply(Action::Select(Some(Rc::from("cache"))));
        a.apply(kill());
        a.apply(Action::Seek(700_000));
        let json = share::state_json(&a.link_state());
        let mut b = State::new(2, false);
        b.apply(Action::Restore(Rc::from(json.as_str())));
        assert!(b.notice.is_none(), "{:?}", b.notice);
        assert_eq!(b.scenario_idx, Some(0));
        assert_eq!(b.frame.tree, a.frame.tree);
        assert_eq!(b.frame.now, a.frame.now);
        assert_eq!(b.selected.as_deref(), Some("cache"));
        assert_eq!(b.link_state(), a.link_state());
        let before = b.frame.clone();
        b.apply(Action::Restore(Rc::from("{\"scenario\": 3}")));
        assert!(
            b.notice
                .as_deref()
                .is_some_and(|n| n.contains("could not carry this moment over")),
            "{:?}",
            b.notice
        );
        assert_eq!(b.frame.tree, before.tree);
    }

    #[test]
    fn a_link_reopens_the_same_moment_with_the_users_commands() {
        let mut a = at(300_000);
        a.apply(Action::Select(Some(Rc::from("cache"))));
        a.apply(kill());
        a.apply(Action::Seek(800_000));
        a.apply(Action::Zoom(2.0));
        let link = share::encode(&a.link_state());
        let mut b = State::new(3, false);
        b.apply(Action::OpenLink(Rc::from(link.as_str())));
        assert!(b.notice.is_none(), "{:?}", b.notice);
        assert_eq!(b.scenario_idx, Some(0), "recognised as the built-in");
        assert_eq!(b.frame.tree, a.frame.tree);
        assert_eq!(b.frame.events, a.frame.events);
        assert_eq!(b.selected.as_deref(), Some("cache"));
        assert_eq!(b.zoom, 2.0);
        assert_eq!(b.link_state(), a.link_state());
        // A broken link changes nothing and says why.
        let before = b.frame.clone();
        b.apply(Action::OpenLink(Rc::from("v1.broken")));
        assert!(
            b.notice
                .as_deref()
                .is_some_and(|n| n.contains("could not be opened"))
        );
        assert_eq!(b.frame.tree, before.tree);
    }

    #[test]
    fn the_link_corpus_opens_in_the_state() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/links");
        for entry in std::fs::read_dir(&dir).expect("tests/links exists") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("readable");
            let link = text
                .lines()
                .find(|l| !l.starts_with('#') && !l.is_empty())
                .expect("a link");
            let mut s = State::new(0, false);
            s.apply(Action::OpenLink(Rc::from(link)));
            assert!(s.notice.is_none(), "{}: {:?}", path.display(), s.notice);
            let st = share::decode(link).expect("decodes").state;
            assert_eq!(s.frame.now, st.t, "{}", path.display());
            if let Some(n) = st.events {
                assert_eq!(s.frame.events, n, "{}", path.display());
            }
        }
    }

    #[test]
    fn a_preopened_moment_is_not_opened_twice_and_only_once_skipped() {
        let open = |s: &mut State, t_ms: u64| {
            s.apply(Action::OpenMoment {
                scenario: Rc::from("db_one_for_all"),
                source: crate::model::scenarios::resolve("db_one_for_all", None),
                t_us: t_ms * 1000,
                select: Some(Rc::from("cache")),
            })
        };
        let mut s = State::new(0, true);
        open(&mut s, 500);
        s.preopened = Some(Moment::new("db_one_for_all", 500, Some("cache")));
        // What happened since (here: a step) is kept when the lesson asks for the same
        // moment, and nothing is redrawn.
        s.apply(Action::Step);
        let events = s.frame.events;
        assert!(s.frame.now > 500_000);
        assert!(!open(&mut s, 500));
        assert!(s.preopened.is_none());
        assert_eq!(s.frame.events, events);
        // The next request opens the moment afresh, as always.
        assert!(open(&mut s, 500));
        assert_eq!(s.frame.now, 500_000);
        assert!(s.frame.events < events);
        // A different first request is not skipped.
        let mut s = State::new(0, true);
        s.preopened = Some(Moment::new("db_one_for_all", 400, Some("cache")));
        assert!(open(&mut s, 500));
        assert_eq!((s.scenario_idx, s.frame.now), (Some(1), 500_000));
        assert!(s.preopened.is_none());
    }

    #[test]
    fn an_open_moment_without_a_source_says_so() {
        let mut s = at(100_000);
        s.apply(Action::OpenMoment {
            scenario: Rc::from("no_such"),
            source: None,
            t_us: 0,
            select: None,
        });
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("no_such")));
        s.apply(Action::OpenMoment {
            scenario: Rc::from("db_one_for_all"),
            source: crate::model::scenarios::resolve("db_one_for_all", None),
            t_us: 500_000,
            select: Some(Rc::from("cache")),
        });
        assert_eq!(s.scenario_idx, Some(1));
        assert_eq!(s.frame.now, 500_000);
        assert_eq!(s.selected.as_deref(), Some("cache"));
    }

    #[test]
    fn the_sequence_diagram_follows_its_lanes_window_and_the_cursor() {
        let mut s = at(900_000);
        assert!(s.frame.sequence.is_none(), "not computed while hidden");
        assert!(s.apply(Action::Sequence(SeqAction::Show(true))));
        let auto = s.frame.sequence.clone().expect("shown");
        assert!(auto.lanes.len() >= 2, "{:?}", auto.lanes);
        assert_eq!(auto.to, 900_000);
        // Your lanes: adding one keeps the ones shown, in tree order.
        let ids = |s: &State| -> Vec<String> {
            s.frame
                .sequence
                .as_ref()
                .expect("shown")
                .lanes
                .iter()
                .map(|l| l.id.to_string())
                .collect()
        };
        let before = ids(&s);
        let first = before[0].clone();
        assert!(s.apply(Action::Sequence(SeqAction::Remove(first.as_str().into()))));
        assert_eq!(ids(&s), before[1..], "the other lanes are kept");
        assert!(s.apply(Action::Sequence(SeqAction::Add(first.as_str().into()))));
        assert_eq!(ids(&s), before, "back in tree order");
        assert!(
            !s.apply(Action::Sequence(SeqAction::Add(first.as_str().into()))),
            "no lane twice"
        );
        // An unknown window is refused; a known one is taken.
        assert!(!s.apply(Action::Sequence(SeqAction::Window(123))));
        assert!(s.apply(Action::Sequence(SeqAction::Window(200_000))));
        assert_eq!(s.frame.sequence.as_ref().expect("shown").from, 700_000);
        // Scrubbing moves the window with the cursor.
        s.apply(Action::Seek(400_000));
        assert_eq!(s.frame.sequence.as_ref().expect("shown").to, 400_000);
        assert!(s.apply(Action::Sequence(SeqAction::Show(false))));
        assert!(s.frame.sequence.is_none());
    }

    #[test]
    fn acting_in_the_past_forks_and_switching_restores_each_branch() {
        let digest = |s: &State| {
            s.timeline
                .sim
                .trace()
                .iter()
                .map(|e| format!("{} {:?}", e.t, e.kind))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut s = at(2_000_000);
        s.apply(Action::Select(Some("cache".into())));
        s.apply(Action::Seek(1_000_000));
        s.apply(kill());
        assert_eq!(
            s.branches.list.len(),
            2,
            "the scenario's own future is kept"
        );
        s.apply(Action::Seek(2_000_000));
        let first = digest(&s);
        // Back to 0.5 s: kill a client instead.
        s.apply(Action::Seek(500_000));
        s.apply(Action::Select(Some("client_a".into())));
        s.apply(kill());
        assert_eq!((s.branches.list.len(), s.branches.current), (3, 2));
        assert_eq!(s.branches.list[2].parent, Some(1));
        s.apply(Action::Seek(2_000_000));
        // Compare with the first kill's branch: the cache and client_a differ.
        assert!(s.apply(Action::CompareBranch(Some(1))));
        let c = s.frame.comparison.clone().expect("compared");
        let ids: Vec<&str> = c.differences.iter().map(|d| &*d.id).collect();
        assert!(ids.contains(&"client_a"), "{ids:?}");
        // Switch back: exactly as it was, at the same moment.
        assert!(s.apply(Action::SwitchBranch(1)));
        assert_eq!(s.timeline.now(), 2_000_000);
        assert_eq!(digest(&s), first);
        assert!(
            s.frame.comparison.is_none(),
            "a branch is not compared with itself"
        );
        // A link carries the branches and reopens on the branch it showed.
        let link = share::encode(&s.link_state());
        let mut fresh = State::new(0, false);
        fresh.apply(Action::OpenLink(link.as_str().into()));
        assert_eq!(fresh.notice, None);
        assert_eq!(fresh.branches.list.len(), 3);
        assert_eq!(fresh.branches.current, 1);
        assert_eq!(digest(&fresh), first);
        assert!(fresh.apply(Action::SwitchBranch(2)));
        // Branch 3 left branch 2 at 0.5 s, before its kill at 1 s: only its own kill.
        assert_eq!(fresh.timeline.commands().len(), 1);
        // So does an exported session file, and it is told apart from a scenario file.
        let session = share::state_json(&s.link_state());
        assert!(share::is_session(&session));
        assert!(!share::is_session(&s.scenario_source));
        assert!(!share::is_session("{ not json"));
        let mut imported = State::new(0, false);
        imported.apply(Action::OpenSession(session.as_str().into()));
        assert_eq!(imported.notice, None);
        assert_eq!(imported.branches.list.len(), 3);
        assert_eq!(digest(&imported), first);
        imported.apply(Action::OpenSession("{\"scenario\":\"{}\",\"t\":0}".into()));
        assert!(
            imported
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("session file"))
        );
        assert_eq!(digest(&imported), first, "a bad session changes nothing");
    }

    #[test]
    fn the_registry_table_follows_the_run() {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/lessons/scenarios/registry_named_room.json"
        ))
        .expect("exists");
        let mut s = State::new(0, false);
        s.apply(Action::OpenMoment {
            scenario: "registry_named_room".into(),
            source: Some(json.as_str().into()),
            t_us: 900_000,
            select: None,
        });
        let pids = |s: &State| -> Vec<(String, bool)> {
            let n = s.frame.names.clone().expect("a registry");
            let r = &n.registries[0];
            r.entries
                .iter()
                .flat_map(|e| e.pids.iter().map(|p| (p.pid.to_string(), p.alive)))
                .collect()
        };
        let before = pids(&s);
        assert_eq!(before.len(), 1);
        assert!(before[0].1);
        // After the kill and the restart: one entry again, a new live pid.
        s.apply(Action::Seek(1_500_000));
        let after = pids(&s);
        assert_eq!(after.len(), 1);
        assert!(after[0].1);
        assert_ne!(after[0].0, before[0].0);
        // The frame keeps the same table (same Rc) while nothing changes.
        let a = s.frame.names.clone().expect("a registry");
        s.apply(Action::Select(Some("player".into())));
        assert!(Rc::ptr_eq(&a, s.frame.names.as_ref().expect("a registry")));
    }

    #[test]
    fn the_persistent_term_table_and_its_passes_follow_the_run() {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/lessons/scenarios/config_pterm_reads.json"
        ))
        .expect("exists");
        let mut s = State::new(0, false);
        s.apply(Action::OpenMoment {
            scenario: "config_pterm_reads".into(),
            source: Some(json.as_str().into()),
            t_us: 900_000,
            select: None,
        });
        let n = s.frame.names.clone().expect("a persistent term");
        assert_eq!(n.persistent_term_passes, 0);
        assert_eq!(&*n.persistent_terms[0].0, "config");
        s.apply(Action::Seek(1_500_000));
        let n = s.frame.names.clone().expect("a persistent term");
        assert_eq!(n.persistent_term_passes, 1);
        assert!(n.persistent_terms[0].1.to_string().contains(":gamma"));
    }

    /// The first-load bundle (no JSON readers) handing over to the full one because the
    /// address asked for something it cannot read. It hands over its own moment (here the
    /// welcome's, 200 ms in); the full bundle restores it, then opens the address as a
    /// fresh load would (`ui::app`, `Handover::route`), so the address wins.
    fn handed_over(first: &State) -> State {
        let mut full = State::new(0, true);
        full.apply(Action::Restore(Rc::from(
            share::state_json(&first.link_state()).as_str(),
        )));
        assert!(full.notice.is_none(), "{:?}", full.notice);
        full
    }

    fn first_bundle_welcome() -> State {
        let mut first = at(200_000);
        first.parsers = None;
        first
    }

    #[test]
    fn a_share_link_handed_over_by_its_address_opens_its_own_moment() {
        let mut made = at(700_000);
        made.apply(Action::Select(Some(Rc::from("cache"))));
        let link = share::encode(&made.link_state());
        let mut first = first_bundle_welcome();
        // The first bundle cannot read it: it says so and keeps its moment (it hands over).
        first.apply(Action::OpenLink(Rc::from(link.as_str())));
        assert_eq!(first.notice.as_deref(), Some(MISSING));
        assert_eq!(first.timeline.now(), 200_000);
        first.notice = None;
        let mut full = handed_over(&first);
        assert_eq!(full.timeline.now(), 200_000, "the moment handed over");
        full.apply(Action::OpenLink(Rc::from(link.as_str())));
        assert!(full.notice.is_none(), "{:?}", full.notice);
        assert_eq!(
            full.timeline.now(),
            700_000,
            "the link's moment, not the welcome's"
        );
        assert_eq!(full.selected.as_deref(), Some("cache"));
        assert_eq!(full.link_state(), made.link_state());
    }

    #[test]
    fn a_lesson_scenario_handed_over_by_its_address_opens_in_the_full_bundle() {
        let json = include_str!(concat!(env!("OUT_DIR"), "/content.json"));
        let bundle: otp_content::Bundle = serde_json::from_str(json).expect("the bundle parses");
        let lesson = bundle
            .scenarios
            .first()
            .expect("lesson scenarios")
            .name
            .clone();
        assert!(!scenarios::is_builtin(&lesson));
        let open = |s: &mut State, name: &str| {
            s.apply(Action::OpenMoment {
                scenario: Rc::from(name),
                source: scenarios::resolve(name, Some(&bundle)),
                t_us: 300_000,
                select: None,
            })
        };
        let mut first = first_bundle_welcome();
        open(&mut first, &lesson);
        assert_eq!(
            first.scenario_idx,
            Some(0),
            "the first bundle cannot read it"
        );
        first.notice = None;
        let mut full = handed_over(&first);
        open(&mut full, &lesson);
        assert!(full.notice.is_none(), "{:?}", full.notice);
        assert_eq!(full.scenario_idx, None);
        let source = scenarios::resolve(&lesson, Some(&bundle)).expect("in the bundle");
        let parsed = Scenario::from_json(&source).expect("a valid lesson scenario");
        assert_eq!(&*full.scenario_name, parsed.name.as_str());
        assert_eq!(full.timeline.now(), 300_000);
        // An address naming no scenario at all says so, in the full bundle too.
        open(&mut full, "no_such_scenario");
        assert!(
            full.notice
                .as_deref()
                .is_some_and(|n| n.contains("no scenario named")),
            "{:?}",
            full.notice
        );
    }
}
