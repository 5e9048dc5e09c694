//! What the screen shows of the simulation at one moment (`Frame`): the tree and its
//! layout, the selected process, the markers, the supervisors that gave up, the log lines
//! and the tree for the accessible description. Built from the timeline by one pure
//! function, at most once per action (so at most once per animation frame). What did not
//! change keeps its `Rc` from the previous frame (the log, the accessible items), so the
//! views, whose props compare by pointer, skip it.

use crate::model::a11y::A11y;
use crate::model::branches::Comparison;
use crate::model::canvas_layout::ShapeKey;
use crate::model::layout::{Layout, in_order_with, layout};
use crate::model::logtext::{describe, fmt_time, severity};
use crate::model::metrics::Charts;
use crate::model::outside::{Area, Outside};
use crate::model::sequence::Sequence;
use crate::model::ties::{Peers, Tie, peers, ties};
use crate::model::timeline::{Marker, Timeline};
use crate::model::tuning::SVG_STAGE_MAX;
pub use crate::model::walk::flatten;
use crate::model::warnings::Warning;
use otp_sim::trace::Event;
use otp_sim::{NodeState, PgScopeView, Pid, ProcessInfo, RegistryView, StatemView, Time, TreeNode};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub idx: usize,
    pub t: Time,
    pub ev: &'static str,
    pub severity: &'static str,
    pub text: String,
    /// The child ids of the processes the event is about, in the order the event names
    /// them (a sequence diagram takes its lanes from these).
    pub ids: Vec<Rc<str>>,
}

/// What the screen shows of the simulation at this moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub now: Time,
    pub horizon: Time,
    pub end: Time,
    /// Shared with `a11y_tree` when that is refreshed (a copy of 100,000 nodes took tens
    /// of ms).
    pub tree: Rc<TreeNode>,
    /// The tree's structure as one number (`canvas_layout::shape_key`): the canvas stage
    /// lays the tree out again only when it changes.
    pub tree_key: u64,
    pub layout: Layout,
    pub markers: Vec<Marker>,
    /// Child ids whose supervisor gave up (reached_max_restart_intensity) and that are
    /// not running now.
    pub gave_up: Vec<Rc<str>>,
    pub selected_node: Option<TreeNode>,
    pub info: Option<ProcessInfo>,
    /// The selected process's state diagram, if it is a live gen_statem.
    pub statem: Option<Rc<StatemView>>,
    /// The selected static Supervisor's `which_children` rows and `count_children`.
    pub children: Option<Rc<(Vec<crate::model::child_api::ChildRow>, String)>>,
    /// The selected pool's workers and queue, if it is a live poolboy pool.
    pub pool: Option<Rc<crate::model::pool_panel::PoolPanel>>,
    /// Rebuilt at most twice a second while playing (it is for reading), at once otherwise.
    pub log: Rc<Vec<LogLine>>,
    /// The tree for the canvas stage's accessible summary: refreshed every 2 s while
    /// playing, never in the frame that refreshes the log.
    pub a11y_tree: Rc<TreeNode>,
    /// The SVG stage's accessible tree, brought up to date a few items per frame while
    /// playing (`a11y.rs`); empty above `SVG_STAGE_MAX` processes (the canvas draws those).
    pub a11y: A11y,
    pub trace_len: usize,
    /// Said under the log, the charts and the sequence diagram when the trace stopped
    /// recording per-message events before now (a bounded trace of a huge run).
    pub trace_note: Option<Rc<str>>,
    pub events: u64,
    pub busy_schedulers: u32,
    pub schedulers: u32,
    pub process_count: usize,
    /// The live warnings (`warnings.rs`): refreshed with the log.
    pub warnings: Rc<Vec<Warning>>,
    /// The sequence diagram while it is shown (`sequence.rs`): refreshed with the log.
    pub sequence: Option<Rc<Sequence>>,
    /// The selected process's charts over time (`metrics.rs`): refreshed with the log.
    pub charts: Option<Rc<Charts>>,
    /// The current branch compared with another at this moment (`branches.rs`).
    pub comparison: Option<Rc<Comparison>>,
    /// The registries and `:pg` scopes alive now, if any: refreshed with the log.
    pub names: Option<Rc<Names>>,
    /// `:telemetry`'s handlers and metrics now (`Sim::telemetry`), if the scenario has any.
    pub telemetry: Option<Rc<otp_sim::TelemetryView>>,
    /// The processes outside the tree (`outside.rs`): drawn after the tree's nodes, whose
    /// `layout.nodes` they extend, in the area `outside_area`.
    pub outside: Rc<Vec<Outside>>,
    pub outside_area: Option<Area>,
    /// The links and monitors drawn on the stage (`ties.rs`).
    pub ties: Rc<Vec<Tie>>,
    /// The selected live process's links and monitors, by name.
    pub peers: Option<Rc<Peers>>,
    /// What the inspector can ask of the selected live process (`verbs.rs`).
    pub verbs: Option<Rc<crate::model::verbs::Verbs>>,
    /// The `:counters` array the selected `counters_add` client adds to (`counters.rs`).
    pub counter: Option<crate::model::counters::ClientCounter>,
    /// While a process is selected: every process's id and whether it is alive, in tree
    /// order, then those outside the tree (the inspector's process actions pick from them).
    /// The same `Rc` while unchanged, so the inspector is not redrawn in every frame.
    pub procs: Rc<Vec<(Rc<str>, bool)>>,
}

/// Who is registered where: every live Registry's table (key → pids) and every `:pg`
/// scope's groups (group → members), dead entries not yet cleaned up included; and the
/// `:persistent_term` table with the global passes its updates have cost so far, and the
/// `:counters` arrays.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Names {
    pub registries: Vec<RegistryView>,
    pub scopes: Vec<PgScopeView>,
    pub persistent_terms: Vec<(Rc<str>, otp_sim::Term)>,
    pub persistent_term_passes: u64,
    /// The `:counters` arrays, by key, with the value of their one slot.
    pub counters: Vec<(Rc<str>, i64)>,
}

impl Names {
    /// What the simulation has now (`None`: no registry and no scope in the tree).
    pub fn of(sim: &otp_sim::Sim) -> Option<Names> {
        // A lean simulator (the first-load bundle's) has only the `:counters` arrays.
        let n = if otp_sim::EXTRAS {
            Names {
                registries: sim.registries(),
                scopes: sim.pg_scopes(),
                persistent_terms: sim.persistent_terms(),
                persistent_term_passes: sim.persistent_term_gc_passes(),
                counters: sim.counters(),
            }
        } else {
            Names {
                counters: sim.counters(),
                ..Names::default()
            }
        };
        let any = !n.registries.is_empty()
            || !n.scopes.is_empty()
            || !n.persistent_terms.is_empty()
            || n.persistent_term_passes > 0
            || !n.counters.is_empty();
        any.then_some(n)
    }
}

/// What the frame is built for: the view settings it depends on.
pub struct FrameInput<'a> {
    pub selected: Option<&'a Rc<str>>,
    pub scale: f64,
    pub aspect: f64,
    pub log_messages: bool,
    pub log_only_selected: bool,
    /// Rebuild the log now (else the previous frame's is kept).
    pub fresh_log: bool,
    /// How many log lines (newest first): fewer while playing, when they are replaced
    /// twice a second and only the first few are in view (`tuning::LOG_LINES_PLAYING`).
    pub log_lines: usize,
    /// Accessible items brought up to date in this frame: at most this many (while
    /// playing), or all (`None`).
    pub a11y_per_frame: Option<usize>,
    /// Rebuild the accessible tree now (else the previous frame's is kept).
    pub fresh_a11y: bool,
    /// Bring the inspector's facts (`selected_node`, `info`) up to date now; else the
    /// previous frame's are kept if they are about the same live process (same child id and
    /// pid): a restart, a death or another selection shows at once.
    pub fresh_inspector: bool,
    /// Draw every process's links and monitors, not only the selected one's.
    pub all_ties: bool,
    /// The tree at this moment, if it was built already (a redraw while running ahead
    /// builds it in the frame before: `State::tree_ahead`).
    pub tree: Option<Rc<TreeNode>>,
    /// That tree's canvas layout and shape key, if they were computed already (in the
    /// frame after the tree's: `lay_ahead`).
    pub laid: Option<Laid>,
}

/// A big tree's in-order layout and shape key (`canvas_layout::shape_key`), computed in a
/// frame of their own while running ahead: at 100,000 processes the two took ~25 ms
/// natively, half of the frame that drew the tree.
#[derive(Debug)]
pub struct Laid {
    layout: Layout,
    key: u64,
}

/// The layout and key of `tree` if the canvas stage draws it (else None: the SVG stage's
/// layout depends on the stage's size and scale, and is cheap).
pub fn lay_ahead(tree: &TreeNode) -> Option<Laid> {
    crate::model::walk::more_than(tree, SVG_STAGE_MAX).then(|| canvas_laid(tree))
}

/// The canvas stage's in-order layout and the shape key, in one walk.
fn canvas_laid(tree: &TreeNode) -> Laid {
    let mut key = ShapeKey::new();
    let layout = in_order_with(tree, |n| key.add(n));
    Laid {
        layout,
        key: key.finish(),
    }
}

impl Frame {
    /// The timeline's line of counts, "201 processes · 2/4 schedulers busy · 1,200 events",
    /// in the singular for one (a new draft in the editor has one process and no event).
    pub fn stats_line(&self) -> String {
        let n = |k: u64, one: &str, many: &str| {
            format!("{} {}", grouped(k), if k == 1 { one } else { many })
        };
        format!(
            "{} · {}/{} schedulers busy · {}",
            n(self.process_count as u64, "process", "processes"),
            self.busy_schedulers,
            self.schedulers,
            n(self.events, "event", "events")
        )
    }
}

/// The frame at the timeline's current moment; `prev` gives the log and accessible tree
/// kept when they are not rebuilt.
pub fn build(tl: &Timeline, mut input: FrameInput, prev: &Frame) -> Frame {
    let sim = &tl.sim;
    let now = sim.now();
    let tree = input.tree.clone().unwrap_or_else(|| Rc::new(sim.tree()));
    let outside = crate::model::outside::of(sim);
    let mut flat: Vec<&TreeNode> = Vec::new();
    flatten(&tree, &mut flat);
    // The canvas stage draws big trees with its own layout: the SVG one is not computed.
    let canvas = flat.len() > SVG_STAGE_MAX;
    let laid = match input.laid.take() {
        Some(laid) if canvas => laid,
        _ if canvas => canvas_laid(&tree),
        _ => Laid {
            layout: layout(&tree, input.scale, input.aspect),
            key: crate::model::canvas_layout::shape_key(&tree),
        },
    };
    let (mut lay, tree_key) = (laid.layout, laid.key);
    let outside_area = crate::model::outside::place(&mut lay, &outside, input.scale);
    flat.extend(outside.iter().map(|o| &o.node));
    let selected_node = input
        .selected
        .and_then(|id| flat.iter().find(|n| n.id == *id).map(|n| (*n).clone()));
    let info = selected_node
        .as_ref()
        .and_then(|n| n.pid)
        .and_then(|p| sim.info(p));
    let gave_up_times = tl.gave_up_at(now);
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
    let trace = sim.trace();
    let log = if input.fresh_log {
        let lines = log_lines(tl, &flat, selected_node.as_ref(), &input);
        // The same lines (paused, and something else changed): the same Rc, so the log's
        // view is not even diffed.
        if lines == *prev.log {
            prev.log.clone()
        } else {
            Rc::new(lines)
        }
    } else {
        prev.log.clone()
    };
    let mut a11y = prev.a11y.clone();
    if lay.nodes.len() <= SVG_STAGE_MAX {
        a11y.update(&tree, input.a11y_per_frame);
    } else {
        a11y = A11y::default();
    }
    let a11y_tree = if input.fresh_a11y {
        tree.clone()
    } else {
        prev.a11y_tree.clone()
    };
    let end = tl.duration().max(tl.horizon).max(now);
    let sel_pid = selected_node.as_ref().and_then(|n| n.pid);
    let outside_pids: Vec<Pid> = outside.iter().filter_map(|o| o.node.pid).collect();
    // The canvas draws its own (`canvas_ties`): at 100,000 processes these took 27 ms.
    let ties = if canvas {
        Vec::new()
    } else {
        ties(
            sim,
            &lay,
            input.scale,
            sel_pid,
            input.all_ties,
            &outside_pids,
        )
    };
    let ties = if ties == *prev.ties {
        prev.ties.clone()
    } else {
        Rc::new(ties)
    };
    // Kept only for the view: the frame's own parts above used the current facts.
    let keep_inspector = !input.fresh_inspector
        && match (&prev.selected_node, &selected_node) {
            (Some(a), Some(b)) => a.id == b.id && b.pid.is_some() && a.pid == b.pid,
            _ => false,
        };
    let procs = match &selected_node {
        Some(_) => {
            let procs: Vec<(Rc<str>, bool)> = flat
                .iter()
                .map(|n| (n.id.clone(), n.pid.is_some()))
                .collect();
            if procs == *prev.procs {
                prev.procs.clone()
            } else {
                Rc::new(procs)
            }
        }
        None if prev.procs.is_empty() => prev.procs.clone(),
        None => Rc::default(),
    };
    let mut frame = Frame {
        ties,
        peers: sel_pid.map(|p| Rc::new(peers(sim, &lay, p))),
        counter: sel_pid.and_then(|p| crate::model::counters::of_client(sim, p)),
        verbs: sel_pid.and_then(|p| {
            let order: Vec<_> = flat.iter().map(|n| (n.id.clone(), n.pid)).collect();
            crate::model::verbs::verbs(sim, p, &order).map(Rc::new)
        }),
        now,
        horizon: tl.horizon,
        end,
        markers: tl.markers().cloned().collect(),
        gave_up,
        statem: selected_node
            .as_ref()
            .filter(|n| otp_sim::EXTRAS && n.statem)
            .and_then(|n| n.pid)
            .and_then(|p| sim.statem(p))
            .map(Rc::new),
        children: selected_node
            .as_ref()
            .and_then(|n| crate::model::child_api::children(sim, n))
            .map(Rc::new),
        pool: selected_node
            .as_ref()
            .and_then(|n| n.pool.as_ref())
            .filter(|_| otp_sim::EXTRAS)
            .map(|v| {
                Rc::new(crate::model::pool_panel::panel(v, now, |p| {
                    tl.id_of(p)
                        .map_or_else(|| p.to_string(), |id| format!("{id} {p}"))
                }))
            }),
        selected_node,
        info,
        log,
        a11y_tree,
        a11y,
        trace_len: trace.len(),
        trace_note: trace_note(sim.trace_coverage(), now),
        events: sim.stats().events,
        busy_schedulers: sim.busy_schedulers(),
        schedulers: sim.schedulers(),
        process_count: flat.iter().filter(|n| n.pid.is_some()).count(),
        warnings: prev.warnings.clone(),
        sequence: prev.sequence.clone(),
        charts: prev.charts.clone(),
        comparison: prev.comparison.clone(),
        names: prev.names.clone(),
        // A lean simulator (the first-load bundle's) has no telemetry.
        telemetry: otp_sim::EXTRAS
            .then(|| sim.telemetry())
            .filter(|t| !t.handlers.is_empty() || !t.emitters.is_empty())
            .map(Rc::new),
        layout: lay,
        tree_key,
        tree,
        // The same `Rc` while nothing changed: the accessible tree re-renders only then.
        outside: if *prev.outside == outside {
            prev.outside.clone()
        } else {
            Rc::new(outside)
        },
        outside_area,
        procs,
    };
    if keep_inspector {
        frame.selected_node = prev.selected_node.clone();
        frame.info = prev.info.clone();
    }
    frame
}

/// The newest log lines, newest first, as the log's filters ask.
fn log_lines(
    tl: &Timeline,
    flat: &[&TreeNode],
    selected_node: Option<&TreeNode>,
    input: &FrameInput,
) -> Vec<LogLine> {
    let sim = &tl.sim;
    let sel_pid = selected_node.and_then(|n| n.pid);
    let sel_id = input.selected;
    let trace = sim.trace();
    // The events shown first, then names for only the pids they mention: labelling every
    // live pid was 100,000 `format!`s and hash inserts a refresh at 100,000 processes.
    let mut picked = Vec::new();
    for i in (0..trace.len()).rev().take(50_000) {
        if picked.len() >= input.log_lines {
            break;
        }
        if !input.log_messages && trace.is_message_event_at(i) {
            continue;
        }
        let Some(e) = trace.get(i) else { break };
        if input.log_only_selected
            && sel_id.is_some()
            && !concerns(&e.kind, sel_pid, sel_id.map(|s| &**s))
        {
            continue;
        }
        picked.push((i, e));
    }
    // Which pids the lines name (asked of `describe` itself, so none is missed).
    let asked: Cell<Vec<Pid>> = Cell::new(Vec::new());
    for (_, e) in &picked {
        describe(&e.kind, &|p| {
            let mut v = asked.take();
            v.push(p);
            asked.set(v);
            String::new()
        });
    }
    let wanted: HashSet<Pid> = asked.into_inner().into_iter().collect();
    // Names for the log: the label of each live pid named.
    let mut names: HashMap<Pid, String> = HashMap::new();
    if !wanted.is_empty() {
        for n in flat {
            if let Some(p) = n.pid.filter(|p| wanted.contains(p)) {
                let label = n.name.as_deref().unwrap_or(&n.id);
                names.insert(p, format!("{label} {p}"));
            }
        }
    }
    names.insert(sim.harness(), "the outside world".into());
    let name = |p: Pid| {
        names.get(&p).cloned().unwrap_or_else(|| match tl.id_of(p) {
            Some(id) => format!("{id} {p}"),
            None => p.to_string(),
        })
    };
    picked
        .into_iter()
        .map(|(i, e)| LogLine {
            idx: i,
            t: e.t,
            ev: e.kind.name(),
            severity: severity(&e.kind),
            text: describe(&e.kind, &name),
            ids: line_ids(tl, &e.kind),
        })
        .collect()
}

/// The note for a trace that holds no per-message events after some moment, once now is
/// past it: what is missing, from when, and why (so an empty log or chart is not read as a
/// quiet system).
pub fn trace_note(c: otp_sim::TraceCoverage, now: Time) -> Option<Rc<str>> {
    let until = c.messages_until?;
    if until == 0 {
        return Some(Rc::from(
            "This run records no message events: the log, the charts and the sequence diagram \
             show crashes, restarts and supervision only.",
        ));
    }
    if now <= until {
        return None;
    }
    Some(Rc::from(
        format!(
            "Messages are recorded only until {} (the first {} message events of a run this \
             large): after that, the log, the charts and the sequence diagram show crashes, \
             restarts and supervision, but no sends or receives.",
            fmt_time(until),
            grouped(c.message_events)
        )
        .as_str(),
    ))
}

/// `500000` as `500,000`.
fn grouped(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::with_capacity(d.len() + d.len() / 3);
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The distinct child ids of the processes an event names (the harness and processes
/// outside the tree have none).
fn line_ids(tl: &Timeline, e: &Event) -> Vec<Rc<str>> {
    let mut ids: Vec<Rc<str>> = Vec::new();
    for p in e.pids().into_iter().flatten() {
        if let Some(id) = tl.id_of(p)
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    if let Some(c) = named_child(e)
        && !ids.iter().any(|i| &**i == c)
    {
        ids.push(Rc::from(c));
    }
    ids
}

/// Does this event concern the selected process (by pid, or by child id)?
fn concerns(e: &Event, pid: Option<Pid>, id: Option<&str>) -> bool {
    if pid.is_some() && e.pids().contains(&pid) {
        return true;
    }
    id.is_some_and(|id| named_child(e) == Some(id))
}

/// The child an event names by its id (a supervisor's report, a fault's target).
fn named_child(e: &Event) -> Option<&str> {
    match e {
        Event::Started { id: i, .. }
        | Event::ChildTerminated { id: i, .. }
        | Event::Terminating { id: i, .. }
        | Event::Restarting { id: i, .. }
        | Event::ReachedMaxRestartIntensity { id: i, .. }
        | Event::Fault { target: i, .. }
        | Event::FaultMissed { target: i, .. } => Some(i),
        Event::Exit { id: Some(i), .. } | Event::Spawn { id: Some(i), .. } => Some(i),
        _ => None,
    }
}

/// Does the stage's Find box text `q` match this process (its id, registered name or pid)?
pub fn matches_search(n: &TreeNode, q: &str) -> bool {
    if q.is_empty() {
        return false;
    }
    // ASCII case folding: ids and registered names are atoms, in practice ASCII, and
    // Unicode case tables would cost ~5 KB of the first-load budget.
    let q = q.to_ascii_lowercase();
    n.id.to_ascii_lowercase().contains(&q)
        || n.name
            .as_ref()
            .is_some_and(|x| x.to_ascii_lowercase().contains(&q))
        || n.pid.is_some_and(|p| p.to_string().contains(&q))
}

/// A frame with nothing in it (before the first build).
pub fn empty(tree: TreeNode) -> Frame {
    let tree = Rc::new(tree);
    Frame {
        now: 0,
        horizon: 0,
        end: 0,
        tree_key: crate::model::canvas_layout::shape_key(&tree),
        a11y: A11y::default(),
        a11y_tree: tree.clone(),
        tree,
        layout: Layout::default(),
        markers: Vec::new(),
        gave_up: Vec::new(),
        selected_node: None,
        info: None,
        statem: None,
        children: None,
        pool: None,
        log: Rc::new(Vec::new()),
        trace_len: 0,
        trace_note: None,
        events: 0,
        busy_schedulers: 0,
        schedulers: 0,
        process_count: 0,
        warnings: Rc::new(Vec::new()),
        sequence: None,
        charts: None,
        comparison: None,
        names: None,
        telemetry: None,
        outside: Rc::new(Vec::new()),
        outside_area: None,
        ties: Rc::new(Vec::new()),
        peers: None,
        verbs: None,
        counter: None,
        procs: Rc::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{empty, grouped, trace_note};
    use otp_sim::{TraceCoverage, TraceLevel};

    fn cov(level: TraceLevel, until: Option<u64>) -> TraceCoverage {
        TraceCoverage {
            level,
            message_events: 500_000,
            messages_until: until,
        }
    }

    #[test]
    fn a_bounded_trace_is_noted_once_now_is_past_its_last_message() {
        assert_eq!(trace_note(cov(TraceLevel::Full, None), 9_000_000), None);
        let bounded = cov(TraceLevel::Bounded, Some(1_500_000));
        assert_eq!(
            trace_note(bounded, 1_000_000),
            None,
            "not yet: all recorded so far"
        );
        let note = trace_note(bounded, 2_000_000).expect("noted");
        assert!(
            note.contains("1.500 s") && note.contains("500,000"),
            "{note}"
        );
        assert!(trace_note(cov(TraceLevel::Lifecycle, Some(0)), 0).is_some());
        assert_eq!(
            [
                grouped(7),
                grouped(1_000),
                grouped(999_999),
                grouped(1_234_567)
            ],
            ["7", "1,000", "999,999", "1,234,567"].map(String::from)
        );
    }

    #[test]
    fn the_stats_line_counts_in_the_singular_for_one() {
        let tree = crate::model::canvas_layout::tests::tree_of(
            include_str!("../../scenarios/cache_one_for_one.json"),
            0,
        );
        let mut f = empty(tree);
        f.process_count = 1;
        f.events = 1;
        f.busy_schedulers = 1;
        f.schedulers = 2;
        assert_eq!(f.stats_line(), "1 process · 1/2 schedulers busy · 1 event");
        f.process_count = 201;
        f.events = 12_345;
        assert_eq!(
            f.stats_line(),
            "201 processes · 1/2 schedulers busy · 12,345 events"
        );
    }
}
