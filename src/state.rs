//! The app's one state and its actions. The state owns the simulation (through `Core`),
//! the timeline, the selection and the view settings; every change goes through
//! `reduce`. The derived view of the simulation (`Frame`: tree, layout, inspector data,
//! log lines) is rebuilt at most once per reduce, so at most once per animation frame.

use crate::core::{Core, FRAME_BUDGET, Marker, UserAction};
use crate::layout::{Layout, layout};
use crate::logtext::{describe, severity};
use crate::scenarios::BUILTIN;
use crate::share::{self, Act, LinkAction, LinkState, View};
use otp_sim::trace::Event;
use otp_sim::{FaultAction, NodeState, Pid, ProcessInfo, Scenario, Time, TreeNode};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::Reducible;

/// Speeds: virtual microseconds per wall-clock second, and a label.
pub const SPEEDS: &[(f64, &str)] = &[
    (1_000.0, "1 ms / s (slow motion)"),
    (10_000.0, "10 ms / s"),
    (100_000.0, "100 ms / s"),
    (250_000.0, "250 ms / s"),
    (1_000_000.0, "1 s / s (real time)"),
    (3_000_000.0, "3 s / s"),
    (10_000_000.0, "10 s / s (fast forward)"),
];
pub const DEFAULT_SPEED: usize = 4;
/// A message whose flight would be shorter than this on screen is shown this long.
pub const MIN_FLIGHT_MS: f64 = 450.0;
/// At most this many messages drawn in flight.
pub const MAX_FLIGHTS: usize = 160;
/// While playing, the log (and the accessible tree) is rebuilt at most this often (ms):
/// readable, and most frames skip the text layout.
pub const LOG_EVERY_MS: f64 = 500.0;
/// While playing, the accessible description of the tree is rebuilt at most this often
/// (ms), and never in the same frame as the log: each rebuild costs a style and layout
/// pass, and doing both together made the slowest frames (p95) miss 16 ms.
pub const A11Y_EVERY_MS: f64 = 2000.0;
/// Log lines shown.
pub const LOG_LINES: usize = 60;
/// Mailbox length from which the count turns into a warning.
pub const MAILBOX_WARN: usize = 10;

/// A message drawn on its way from sender to receiver.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub id: u64,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub kind: &'static str,
    /// Virtual send and arrival times (used when the flight is long enough to see).
    pub sent_at: Time,
    pub arrives_at: Time,
    /// Wall-clock start (ms) for flights shown for the minimum visible duration.
    pub wall_start: f64,
    pub by_wall: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub idx: usize,
    pub t: Time,
    pub ev: &'static str,
    pub severity: &'static str,
    pub text: String,
}

/// What the screen shows of the simulation at this moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub now: Time,
    pub horizon: Time,
    pub end: Time,
    pub tree: TreeNode,
    pub layout: Layout,
    pub markers: Vec<Marker>,
    /// Child ids whose supervisor gave up (reached_max_restart_intensity) and that are
    /// not running now.
    pub gave_up: Vec<Rc<str>>,
    pub selected_node: Option<TreeNode>,
    pub info: Option<ProcessInfo>,
    /// Rebuilt at most twice a second while playing (it is for reading), at once otherwise.
    pub log: Rc<Vec<LogLine>>,
    /// The tree for the accessible description: refreshed with the log.
    pub a11y_tree: Rc<TreeNode>,
    pub trace_len: usize,
    pub events: u64,
    pub busy_schedulers: u32,
    pub schedulers: u32,
    pub process_count: usize,
}

#[derive(Clone)]
pub struct State {
    pub core: Rc<RefCell<Core>>,
    pub frame: Rc<Frame>,
    pub flights: Rc<Vec<Flight>>,
    pub scenario_idx: Option<usize>,
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
    carry_us: f64,
    trace_seen: usize,
    /// While playing a reveal (`PlayFor`), pause at this virtual time.
    stop_at: Option<Time>,
    /// Presenter mode: the step shown (index into `presenter_steps`).
    pub step: Option<usize>,
}

/// How long an action taken after the end of the run plays out (µs of virtual time).
const AFTER_END_US: Time = 1_000_000;

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
    /// A command on the selected process.
    Act(FaultAction),
    LoadBuiltin(usize),
    LoadJson(String),
    Search(String),
    ToggleLarge,
    ShowHelp(bool),
    SetReducedMotion(bool),
    Zoom(f64),
    Pan(f64, f64),
    Recenter,
    LogOnlySelected(bool),
    LogMessages(bool),
    DismissNotice,
    /// Opens a scenario (by name: a built-in or a lesson scenario) paused at a moment,
    /// with a process selected: what lesson demos, quiz questions and `#/play/…`
    /// addresses show.
    OpenMoment {
        scenario: Rc<str>,
        t_ms: u64,
        select: Option<Rc<str>>,
    },
    /// Plays this many virtual ms from now, then pauses: the reveal after a prediction.
    PlayFor(u64),
    /// Opens a share link's payload; a bad link leaves everything as it was and says why.
    OpenLink(Rc<str>),
    /// Presenter mode: the next (+1) or previous (-1) narrated step.
    PresentStep(i32),
    SetLarge(bool),
    /// Presenter mode opened at a moment (`#/present/<name>?t=`): stay there, showing the
    /// step that moment falls in (none before the first).
    PresentFrom,
    /// The stage measured its width:height (on mount and on resize).
    StageAspect(f64),
}

/// A presenter step, from the scenario's narration or (without one) its scheduled faults.
#[derive(Clone, Debug, PartialEq)]
pub struct PresenterStep {
    pub at: Time,
    pub text: Rc<str>,
    pub select: Option<Rc<str>>,
}

/// The steps a presenter walks through: the scenario's narrated `steps`, or, if it has
/// none, one step just before each scheduled fault and one just after it.
pub fn presenter_steps(sc: &Scenario) -> Vec<PresenterStep> {
    if !sc.steps.is_empty() {
        return sc
            .steps
            .iter()
            .map(|s| PresenterStep {
                at: s.at_ms.saturating_mul(1000),
                text: Rc::from(s.text.as_str()),
                select: s.select.as_deref().map(Rc::from),
            })
            .collect();
    }
    // The first step opens once the tree has started (a millisecond in), not on "no pid"s.
    let mut out = vec![PresenterStep {
        at: 1_000,
        text: Rc::from(format!("{} — {}", sc.name, sc.description).as_str()),
        select: None,
    }];
    for f in &sc.faults {
        let at = f.at_ms.saturating_mul(1000);
        let what = f.action.label();
        out.push(PresenterStep {
            at: at.saturating_sub(1000),
            text: Rc::from(
                format!(
                    "Next, at {:.1} s: {what} → {}. What will happen?",
                    f.at_ms as f64 / 1000.0,
                    f.target
                )
                .as_str(),
            ),
            select: Some(Rc::from(f.target.as_str())),
        });
        out.push(PresenterStep {
            at: at.saturating_add(300_000),
            text: Rc::from(
                format!(
                    "{what} → {} at {:.1} s: this is what its supervisor did.",
                    f.target,
                    f.at_ms as f64 / 1000.0
                )
                .as_str(),
            ),
            select: Some(Rc::from(f.target.as_str())),
        });
    }
    out
}

impl State {
    pub fn new(scenario_idx: usize, autoplay: bool) -> State {
        let idx = scenario_idx.min(BUILTIN.len() - 1);
        let scenario = Scenario::from_json(BUILTIN[idx].1).unwrap_or_else(|_| fallback());
        let mut s = State {
            scenario_source: Rc::from(BUILTIN[idx].1),
            scenario_name: Rc::from(scenario.name.as_str()),
            scenario_description: Rc::from(scenario.description.as_str()),
            core: Rc::new(RefCell::new(Core::new(scenario))),
            frame: Rc::new(empty_frame()),
            flights: Rc::new(Vec::new()),
            scenario_idx: Some(idx),
            playing: autoplay,
            speed: DEFAULT_SPEED,
            selected: None,
            search: Rc::from(""),
            large: false,
            stage_aspect: crate::layout::DEFAULT_ASPECT,
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
            carry_us: 0.0,
            trace_seen: 0,
            stop_at: None,
            step: None,
        };
        s.refresh();
        s
    }

    /// Everything a share link carries about this moment.
    pub fn link_state(&self) -> LinkState {
        let core = self.core.borrow();
        LinkState {
            scenario: self.scenario_source.to_string(),
            t: core.now(),
            events: Some(core.sim.stats().events),
            actions: core
                .actions()
                .iter()
                .filter(|a| a.t <= core.now())
                .filter_map(|a| {
                    Some(LinkAction {
                        t: a.t,
                        events: a.events,
                        pid: a.pid.0,
                        action: Act::of(&a.action)?,
                    })
                })
                .collect(),
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

    pub fn scale(&self) -> f64 {
        if self.large { 1.6 } else { 1.0 }
    }

    /// The live pid of the selected child.
    pub fn selected_pid(&self) -> Option<Pid> {
        self.frame.selected_node.as_ref().and_then(|n| n.pid)
    }

    fn load(&mut self, scenario: Scenario, idx: Option<usize>, source: &str) {
        self.scenario_source = Rc::from(source);
        self.scenario_name = Rc::from(scenario.name.as_str());
        self.scenario_description = Rc::from(scenario.description.as_str());
        self.core = Rc::new(RefCell::new(Core::new(scenario)));
        self.scenario_idx = idx;
        self.selected = None;
        self.step = None;
        self.errors = None;
        self.notice = None;
        self.zoom = 1.0;
        self.pan = (0.0, 0.0);
        self.after_jump();
    }

    /// After a jump in time (seek, reset, load): no flights from before.
    fn after_jump(&mut self) {
        self.flights = Rc::new(Vec::new());
        self.trace_seen = self.core.borrow().sim.trace().len();
        self.carry_us = 0.0;
        self.last_wall = None;
        self.log_wall = f64::NEG_INFINITY;
        self.a11y_wall = f64::NEG_INFINITY;
        self.refresh();
    }

    /// Rebuilds the derived frame from the simulation.
    fn refresh(&mut self) {
        let core = self.core.borrow();
        let sim = &core.sim;
        let now = sim.now();
        let tree = sim.tree();
        let lay = layout(&tree, self.scale(), self.stage_aspect);
        let mut flat: Vec<&TreeNode> = Vec::new();
        flatten(&tree, &mut flat);
        let selected_node = self
            .selected
            .as_ref()
            .and_then(|id| flat.iter().find(|n| n.id == *id).map(|n| (*n).clone()));
        let info = selected_node
            .as_ref()
            .and_then(|n| n.pid)
            .and_then(|p| sim.info(p));
        let gave_up_times = core.gave_up_at(now);
        let gave_up = flat
            .iter()
            .filter(|n| !n.state.is_alive())
            .filter(|n| {
                gave_up_times.get(&n.id).is_some_and(|&g| {
                    n.last_exit.as_ref().is_none_or(|e| e.at >= g) || n.state == NodeState::Dead
                })
            })
            .map(|n| n.id.clone())
            .collect();
        // Names for the log: the label of each live pid.
        let mut names: HashMap<Pid, String> = HashMap::new();
        for n in &flat {
            if let Some(p) = n.pid {
                let label = n.name.as_deref().unwrap_or(&n.id);
                names.insert(p, format!("{label} {p}"));
            }
        }
        names.insert(sim.harness(), "the outside world".into());
        let name = |p: Pid| {
            names
                .get(&p)
                .cloned()
                .unwrap_or_else(|| match core.id_of(p) {
                    Some(id) => format!("{id} {p}"),
                    None => p.to_string(),
                })
        };
        let sel_pid = selected_node.as_ref().and_then(|n| n.pid);
        let sel_id = self.selected.clone();
        let trace = sim.trace();
        let fresh_log = !self.playing || self.anim_now - self.log_wall >= LOG_EVERY_MS;
        let mut log = Vec::new();
        let scan = if fresh_log { 50_000 } else { 0 };
        for i in (0..trace.len()).rev().take(scan) {
            if log.len() >= LOG_LINES {
                break;
            }
            if !self.log_messages && trace.is_message_event_at(i) {
                continue;
            }
            let Some(e) = trace.get(i) else { break };
            if self.log_only_selected
                && sel_id.is_some()
                && !concerns(&e.kind, sel_pid, sel_id.as_deref())
            {
                continue;
            }
            log.push(LogLine {
                idx: i,
                t: e.t,
                ev: e.kind.name(),
                severity: severity(&e.kind),
                text: describe(&e.kind, &name),
            });
        }
        let log = if fresh_log {
            self.log_wall = self.anim_now;
            Rc::new(log)
        } else {
            self.frame.log.clone()
        };
        let fresh_a11y =
            !self.playing || (!fresh_log && self.anim_now - self.a11y_wall >= A11Y_EVERY_MS);
        let a11y_tree = if fresh_a11y {
            self.a11y_wall = self.anim_now;
            Rc::new(tree.clone())
        } else {
            self.frame.a11y_tree.clone()
        };
        let end = core.duration().max(core.horizon).max(now);
        let frame = Frame {
            now,
            horizon: core.horizon,
            end,
            markers: core.markers().cloned().collect(),
            gave_up,
            selected_node,
            info,
            log,
            a11y_tree,
            trace_len: trace.len(),
            events: sim.stats().events,
            busy_schedulers: sim.busy_schedulers(),
            schedulers: sim.schedulers(),
            process_count: flat.iter().filter(|n| n.pid.is_some()).count(),
            layout: lay,
            tree,
        };
        drop(core);
        self.frame = Rc::new(frame);
    }

    /// New messages since the last frame become flights.
    fn collect_flights(&mut self, wall: f64) {
        let core = self.core.borrow();
        let sim = &core.sim;
        let trace = sim.trace();
        let us_per_ms = SPEEDS[self.speed].0 / 1000.0;
        let latency = sim.scenario().config.latency_us as f64;
        let by_wall = latency / us_per_ms < MIN_FLIGHT_MS;
        let pos = self.frame.layout.pid_positions();
        let outside = self
            .frame
            .layout
            .nodes
            .first()
            .map_or((0.0, -80.0), |n| (n.x, n.y - 90.0));
        let harness = sim.harness();
        let now = sim.now();
        let mut new = Vec::new();
        let start = self.trace_seen.min(trace.len());
        for e in trace.range(start..trace.len()).rev() {
            if new.len() >= MAX_FLIGHTS {
                break;
            }
            let (id, from, to, kind) = match &e.kind {
                Event::Send { id, from, to, msg } if from != to => (*id, *from, *to, msg.kind()),
                Event::ExitSignal { from, to, .. } => (0, *from, *to, "signal"),
                _ => continue,
            };
            let p = |pid: Pid| {
                if pid == harness {
                    Some(outside)
                } else {
                    pos.get(&pid).copied()
                }
            };
            let (Some(a), Some(b)) = (p(from), p(to)) else {
                continue;
            };
            let arrives_at = if kind == "signal" {
                e.t
            } else {
                e.t + latency as Time
            };
            new.push(Flight {
                id: if id == 0 {
                    e.t ^ (u64::from(to.0) << 40)
                } else {
                    id
                },
                from: a,
                to: b,
                kind,
                sent_at: if kind == "signal" {
                    e.t.saturating_sub(latency as Time)
                } else {
                    e.t
                },
                arrives_at,
                wall_start: wall,
                by_wall,
            });
        }
        self.trace_seen = trace.len();
        drop(core);
        let mut all: Vec<Flight> = self
            .flights
            .iter()
            .filter(|f| flight_progress(f, now, wall) < 1.0)
            .cloned()
            .collect();
        new.reverse();
        all.extend(new);
        if all.len() > MAX_FLIGHTS {
            all.drain(..all.len() - MAX_FLIGHTS);
        }
        if all != *self.flights {
            self.flights = Rc::new(all);
        }
    }
}

/// How far along its way a flight is (0..1; ≥ 1 means arrived).
pub fn flight_progress(f: &Flight, now: Time, wall: f64) -> f64 {
    if f.by_wall {
        (wall - f.wall_start) / MIN_FLIGHT_MS
    } else {
        let span = f.arrives_at.saturating_sub(f.sent_at).max(1) as f64;
        now.saturating_sub(f.sent_at) as f64 / span
    }
}

fn concerns(e: &Event, pid: Option<Pid>, id: Option<&str>) -> bool {
    if pid.is_some() && e.pids().contains(&pid) {
        return true;
    }
    let Some(id) = id else { return false };
    match e {
        Event::Started { id: i, .. }
        | Event::ChildTerminated { id: i, .. }
        | Event::Terminating { id: i, .. }
        | Event::Restarting { id: i, .. }
        | Event::ReachedMaxRestartIntensity { id: i, .. }
        | Event::Fault { target: i, .. }
        | Event::FaultMissed { target: i, .. } => &**i == id,
        Event::Exit { id: Some(i), .. } | Event::Spawn { id: Some(i), .. } => &**i == id,
        _ => false,
    }
}

pub fn flatten<'a>(n: &'a TreeNode, out: &mut Vec<&'a TreeNode>) {
    out.push(n);
    for c in &n.children {
        flatten(c, out);
    }
}

fn fallback() -> Scenario {
    Scenario::from_json(
        r#"{"name":"empty","tree":{"type":"supervisor","id":"root_sup","children":[]}}"#,
    )
    .expect("the fallback scenario is valid")
}

fn empty_frame() -> Frame {
    let tree = Core::new(fallback()).sim.tree();
    Frame {
        now: 0,
        horizon: 0,
        end: 0,
        a11y_tree: Rc::new(tree.clone()),
        tree,
        layout: Layout::default(),
        markers: Vec::new(),
        gave_up: Vec::new(),
        selected_node: None,
        info: None,
        log: Rc::new(Vec::new()),
        trace_len: 0,
        events: 0,
        busy_schedulers: 0,
        schedulers: 0,
        process_count: 0,
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Frame(wall) => {
                s.anim_now = wall;
                let dt = s.last_wall.map_or(0.0, |l| (wall - l).clamp(0.0, 100.0));
                s.last_wall = Some(wall);
                if s.playing {
                    s.carry_us += dt * SPEEDS[s.speed].0 / 1000.0;
                    let adv = s.carry_us.floor();
                    s.carry_us -= adv;
                    let (now, end) = {
                        let c = s.core.borrow();
                        (c.now(), c.duration().max(c.horizon))
                    };
                    let mut target = now + adv as Time;
                    if let Some(stop) = s.stop_at
                        && target >= stop
                    {
                        target = stop;
                        s.playing = false;
                        s.stop_at = None;
                    } else if now < end && target >= end {
                        target = end;
                        s.playing = false;
                    }
                    s.core.borrow_mut().run_to(target, FRAME_BUDGET);
                    s.refresh();
                    s.collect_flights(wall);
                } else if !s.flights.is_empty() {
                    let now = s.frame.now;
                    let live: Vec<Flight> = s
                        .flights
                        .iter()
                        .filter(|f| flight_progress(f, now, wall) < 1.0)
                        .cloned()
                        .collect();
                    s.flights = Rc::new(live);
                } else {
                    // Nothing moves: keep the same state, no re-render.
                    return self;
                }
            }
            Action::TogglePlay => {
                s.playing = !s.playing;
                s.stop_at = None;
                s.last_wall = None;
                if s.playing && s.frame.now >= s.frame.end {
                    // At the end: keep going past the scenario's duration.
                    let mut c = s.core.borrow_mut();
                    c.horizon = c.horizon.max(c.now());
                }
            }
            Action::Pause => s.playing = false,
            Action::Step => {
                s.playing = false;
                s.core.borrow_mut().step_event();
                s.refresh();
                s.collect_flights(s.anim_now);
            }
            Action::StepBack => {
                s.playing = false;
                s.core.borrow_mut().step_back();
                s.after_jump();
            }
            Action::Reset => {
                s.playing = false;
                s.core.borrow_mut().reset();
                s.notice = None;
                s.after_jump();
            }
            Action::SetSpeed(i) => s.speed = i.min(SPEEDS.len() - 1),
            Action::Seek(t) => {
                let ok = s.core.borrow_mut().seek(t);
                if !ok {
                    s.notice = Some(Rc::from(
                        "That moment is too far ahead to compute in one go; play towards it.",
                    ));
                }
                s.after_jump();
            }
            Action::Select(id) => {
                s.selected = id;
                s.log_wall = f64::NEG_INFINITY;
                s.a11y_wall = f64::NEG_INFINITY;
                s.refresh();
            }
            Action::SelectNext(dir) => {
                let ids: Vec<Rc<str>> = s.frame.layout.nodes.iter().map(|n| n.id.clone()).collect();
                if !ids.is_empty() {
                    let cur = s
                        .selected
                        .as_ref()
                        .and_then(|id| ids.iter().position(|i| i == id));
                    let n = ids.len() as i32;
                    let next = match cur {
                        Some(i) => (i as i32 + dir).rem_euclid(n),
                        None if dir >= 0 => 0,
                        None => n - 1,
                    };
                    s.selected = Some(ids[next as usize].clone());
                    s.refresh();
                }
            }
            Action::Act(action) => {
                let Some(pid) = s.selected_pid() else {
                    s.notice = Some(Rc::from(
                        "Select a live process first (click it, or press ] / [).",
                    ));
                    return Rc::new(s);
                };
                let res = s.core.borrow_mut().act(pid, action);
                let acted = res.is_ok();
                s.notice = res.err().map(|e| Rc::from(e.as_str()));
                // After the end of the run nothing would move: let the action play out for
                // a second of virtual time (the timeline grows), then pause again.
                let (now, end) = {
                    let c = s.core.borrow();
                    (c.now(), c.duration().max(c.horizon))
                };
                if acted && !s.playing && now >= end {
                    s.stop_at = Some(now.saturating_add(AFTER_END_US));
                    s.playing = true;
                    s.last_wall = None;
                    let mut c = s.core.borrow_mut();
                    c.horizon = c.horizon.max(now.saturating_add(AFTER_END_US));
                }
                s.refresh();
                s.collect_flights(s.anim_now);
            }
            Action::LoadBuiltin(i) => {
                if let Some((_, json)) = BUILTIN.get(i) {
                    match Scenario::from_json(json) {
                        Ok(sc) => s.load(sc, Some(i), json),
                        Err(errs) => {
                            s.errors = Some(Rc::new(errs.iter().map(|e| e.to_string()).collect()))
                        }
                    }
                }
            }
            Action::LoadJson(text) => match Scenario::from_json(&text) {
                Ok(sc) => {
                    s.playing = false;
                    s.load(sc, None, &text);
                }
                Err(errs) => {
                    s.errors = Some(Rc::new(errs.iter().map(|e| e.to_string()).collect()));
                }
            },
            Action::Search(q) => s.search = Rc::from(q.as_str()),
            Action::ToggleLarge => {
                s.large = !s.large;
                s.refresh();
                s.flights = Rc::new(Vec::new());
            }
            Action::ShowHelp(on) => s.help = on,
            Action::SetReducedMotion(on) => s.reduced_motion = on,
            Action::Zoom(f) => s.zoom = (s.zoom * f).clamp(0.2, 8.0),
            Action::Pan(dx, dy) => s.pan = (s.pan.0 + dx, s.pan.1 + dy),
            Action::Recenter => {
                s.zoom = 1.0;
                s.pan = (0.0, 0.0);
            }
            Action::LogOnlySelected(on) => {
                s.log_only_selected = on;
                s.log_wall = f64::NEG_INFINITY;
                s.a11y_wall = f64::NEG_INFINITY;
                s.refresh();
            }
            Action::LogMessages(on) => {
                s.log_messages = on;
                s.log_wall = f64::NEG_INFINITY;
                s.a11y_wall = f64::NEG_INFINITY;
                s.refresh();
            }
            Action::DismissNotice => s.notice = None,
            Action::OpenMoment {
                scenario,
                t_ms,
                select,
            } => {
                match crate::content::scenario_json(&scenario).map(|j| (j, Scenario::from_json(j)))
                {
                    Some((json, Ok(sc))) => {
                        let idx = BUILTIN
                            .iter()
                            .position(|(f, _)| crate::scenarios::slug(f) == &*scenario);
                        s.playing = false;
                        s.stop_at = None;
                        s.load(sc, idx, json);
                        if t_ms > 0 && !s.core.borrow_mut().seek(t_ms.saturating_mul(1000)) {
                            s.notice = Some(Rc::from(
                                "That moment is too far ahead to compute in one go; play towards it.",
                            ));
                        }
                        s.selected = select;
                        s.after_jump();
                    }
                    Some((_, Err(errs))) => {
                        s.errors = Some(Rc::new(errs.iter().map(|e| e.to_string()).collect()))
                    }
                    None => {
                        s.notice = Some(Rc::from(
                            format!(
                                "There is no scenario named “{scenario}”; showing the current one."
                            )
                            .as_str(),
                        ))
                    }
                }
            }
            Action::OpenLink(payload) => match share::decode(&payload) {
                Ok(o) => {
                    let st = o.state;
                    let idx = BUILTIN
                        .iter()
                        .position(|(_, j)| Scenario::from_json(j).is_ok_and(|b| b == o.scenario));
                    // Every action was checked by the decoder, so none is dropped here.
                    let actions = st
                        .actions
                        .iter()
                        .filter_map(|a| {
                            Some(UserAction {
                                t: a.t,
                                events: a.events,
                                pid: Pid(a.pid),
                                action: FaultAction::try_from(&a.action).ok()?,
                            })
                        })
                        .collect();
                    s.playing = false;
                    s.stop_at = None;
                    s.load(o.scenario.clone(), idx, &st.scenario);
                    s.core = Rc::new(RefCell::new(Core::with_actions(o.scenario, actions)));
                    let reached = match st.events {
                        Some(n) => s.core.borrow_mut().seek_exact(st.t, n),
                        None => s.core.borrow_mut().seek(st.t),
                    };
                    if !reached {
                        s.notice = Some(Rc::from(
                            "The shared moment is too far ahead to compute in one go; press play to go on towards it.",
                        ));
                    }
                    s.selected = st.selected.as_deref().map(Rc::from);
                    s.zoom = st.view.zoom.clamp(0.2, 8.0);
                    s.pan = (st.view.pan[0], st.view.pan[1]);
                    s.large = st.view.large;
                    s.speed = st.view.speed.min(SPEEDS.len() - 1);
                    s.step = st.step;
                    s.after_jump();
                }
                Err(e) => {
                    s.notice = Some(Rc::from(
                        format!("This share link could not be opened: {e}. Nothing of yours was changed.").as_str(),
                    ));
                }
            },
            Action::PresentFrom => {
                let now = s.core.borrow().now();
                let steps = presenter_steps(&s.core.borrow().scenario);
                s.step = steps.iter().rposition(|st| st.at <= now);
                s.refresh();
            }
            Action::PresentStep(dir) => {
                let steps = presenter_steps(&s.core.borrow().scenario);
                if !steps.is_empty() {
                    let next = match (s.step, dir >= 0) {
                        (None, true) => 0,
                        (None, false) => return self,
                        (Some(i), true) => (i + 1).min(steps.len() - 1),
                        (Some(i), false) => i.saturating_sub(1),
                    };
                    let st = &steps[next];
                    let now = s.core.borrow().now();
                    if dir >= 0 && st.at > now && s.step != Some(next) {
                        // Forward: the room watches the system move to the step's moment.
                        s.stop_at = Some(st.at);
                        s.playing = true;
                        s.last_wall = None;
                        let mut c = s.core.borrow_mut();
                        c.horizon = c.horizon.max(st.at);
                    } else {
                        s.playing = false;
                        s.stop_at = None;
                        s.core.borrow_mut().seek(st.at);
                        s.after_jump();
                    }
                    s.step = Some(next);
                    if let Some(sel) = &st.select {
                        s.selected = Some(sel.clone());
                    }
                    s.refresh();
                }
            }
            Action::StageAspect(a) => {
                // Only a real change re-lays the tree out (5%: not every pixel of a resize).
                if a.is_finite() && a > 0.0 && (a / s.stage_aspect).ln().abs() > 0.05 {
                    s.stage_aspect = a;
                    s.refresh();
                    s.flights = Rc::new(Vec::new());
                } else {
                    return self;
                }
            }
            Action::SetLarge(on) => {
                if s.large != on {
                    s.large = on;
                    s.refresh();
                    s.flights = Rc::new(Vec::new());
                }
            }
            Action::PlayFor(ms) => {
                let now = s.core.borrow().now();
                s.stop_at = Some(now.saturating_add(ms.saturating_mul(1000)));
                s.playing = true;
                s.last_wall = None;
                let mut c = s.core.borrow_mut();
                c.horizon = c.horizon.max(now.saturating_add(ms.saturating_mul(1000)));
            }
        }
        Rc::new(s)
    }
}
