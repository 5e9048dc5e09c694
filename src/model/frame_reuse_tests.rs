//! The frame's reuse of what did not change (tests of `State::refresh` and `frame::build`):
//! a refresh that changes nothing keeps the same `Rc` for the log, the sequence diagram,
//! the charts and the accessible items (the views compare them by pointer and skip them);
//! while playing, the log holds `LOG_LINES_PLAYING` lines and the accessible tree changes
//! at most `A11Y_PER_FRAME` items per frame; pausing makes both whole and current.

use super::*;
use crate::model::a11y::Item;
use crate::model::scenarios::{BUILTIN, slug};
use crate::model::tuning::{A11Y_PER_FRAME, LOG_LINES, LOG_LINES_PLAYING};

fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

fn builtin(name: &str) -> usize {
    BUILTIN
        .iter()
        .position(|(f, _)| slug(f) == name)
        .unwrap_or_else(|| panic!("no built-in {name}"))
}

/// Items of `b` that are not the same `Rc` as in `a` (same shape assumed).
fn renewed(a: &Rc<Item>, b: &Rc<Item>) -> usize {
    if Rc::ptr_eq(a, b) {
        return 0;
    }
    let own = usize::from(a.sentence != b.sentence || a.facts != b.facts);
    own + a
        .children
        .iter()
        .zip(&b.children)
        .map(|(x, y)| renewed(x, y))
        .sum::<usize>()
}

#[test]
fn a_refresh_that_changes_nothing_keeps_the_same_rcs() {
    let mut s = State::new(0, false);
    s.apply(Action::Seek(900_000));
    s.apply(Action::Select(Some(Rc::from("cache"))));
    s.apply(Action::Sequence(SeqAction::Show(true)));
    let before = s.frame.clone();
    assert!(!before.log.is_empty());
    assert!(before.charts.is_some() && before.sequence.is_some());
    // Rebuilds the log, the diagram and the charts, all the same as they were.
    s.apply(Action::LogOnlySelected(false));
    assert!(!Rc::ptr_eq(&before, &s.frame), "a new frame");
    assert!(Rc::ptr_eq(&before.log, &s.frame.log), "the same log");
    assert!(
        same(&before.sequence, &s.frame.sequence),
        "the same diagram"
    );
    assert!(same(&before.charts, &s.frame.charts), "the same charts");
    assert!(
        same(&before.a11y.root, &s.frame.a11y.root),
        "the same items"
    );
    // A moment later, each is new, and only where it changed.
    s.apply(Action::Seek(1_100_000));
    assert!(!Rc::ptr_eq(&before.log, &s.frame.log));
    assert!(!same(&before.sequence, &s.frame.sequence));
    assert_eq!(
        **s.frame.a11y.root.as_ref().expect("items"),
        *Item::fresh(&s.frame.tree),
        "paused: every item current"
    );
}

#[test]
fn while_playing_the_log_is_shorter_and_the_accessible_tree_changes_a_few_items_a_frame() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::Seek(1_000_000));
    s.apply(Action::TogglePlay);
    let mut wall = 10_000.0;
    s.apply(Action::Frame(wall));
    let mut most = 0;
    let mut changed_frames = 0;
    for _ in 0..120 {
        let prev = s.frame.a11y.root.clone().expect("items");
        wall += 16.0;
        s.apply(Action::Frame(wall));
        assert!(
            s.frame.log.len() <= LOG_LINES_PLAYING,
            "{}",
            s.frame.log.len()
        );
        let now = s.frame.a11y.root.clone().expect("items");
        let n = renewed(&prev, &now);
        most = most.max(n);
        changed_frames += usize::from(n > 0);
    }
    assert!(most <= A11Y_PER_FRAME, "{most} items in one frame");
    assert!(
        changed_frames > 60,
        "kept up to date: {changed_frames} frames"
    );
    assert_eq!(s.frame.log.len(), LOG_LINES_PLAYING, "a busy run fills it");
    s.apply(Action::Pause);
    assert_eq!(s.frame.log.len(), LOG_LINES, "paused: all the lines");
    assert_eq!(
        **s.frame.a11y.root.as_ref().expect("items"),
        *Item::fresh(&s.frame.tree),
        "paused: every item current"
    );
}

#[test]
fn the_canvas_stage_has_no_item_per_process() {
    let s = State::new(builtin("big_1000"), false);
    assert!(s.frame.layout.nodes.len() > crate::model::tuning::SVG_STAGE_MAX);
    assert!(s.frame.a11y.root.is_none());
    let s = State::new(builtin("big_200"), false);
    assert_eq!(
        s.frame.a11y.root.as_ref().map(|r| r.count()),
        Some(s.frame.layout.nodes.len())
    );
}

#[test]
fn while_playing_the_log_the_diagram_and_the_charts_are_refreshed_in_separate_frames() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::Seek(1_000_000));
    s.apply(Action::Select(Some(Rc::from("server_0"))));
    s.apply(Action::Sequence(SeqAction::Show(true)));
    s.apply(Action::TogglePlay);
    let mut wall = 10_000.0;
    s.apply(Action::Frame(wall));
    // Over 3 s of 16 ms frames: which parts each frame renewed.
    let (mut logs, mut seqs, mut charts) = (0, 0, 0);
    let mut order = Vec::new();
    for _ in 0..190 {
        let prev = s.frame.clone();
        wall += 16.0;
        s.apply(Action::Frame(wall));
        let log = !Rc::ptr_eq(&prev.log, &s.frame.log);
        let seq = !same(&prev.sequence, &s.frame.sequence);
        let chart = !same(&prev.charts, &s.frame.charts);
        assert!(
            usize::from(log) + usize::from(seq) + usize::from(chart) <= 1,
            "at most one of them per frame (log {log}, diagram {seq}, charts {chart})"
        );
        logs += usize::from(log);
        seqs += usize::from(seq);
        charts += usize::from(chart);
        if log || seq || chart {
            order.push(if log {
                'l'
            } else if seq {
                's'
            } else {
                'c'
            });
        }
    }
    // A busy run changes all three at each refresh (every 500 ms): about six of each.
    assert!((5..=7).contains(&logs), "{logs} log refreshes");
    assert!((5..=7).contains(&seqs), "{seqs} diagram refreshes");
    assert!((5..=7).contains(&charts), "{charts} chart refreshes");
    let order: String = order.into_iter().collect();
    assert!(
        order.contains("lsclsc"),
        "log, then diagram, then charts: {order}"
    );
    // Paused: all three current at once.
    s.apply(Action::Pause);
    let paused = s.frame.clone();
    s.apply(Action::LogOnlySelected(false));
    assert!(Rc::ptr_eq(&paused.log, &s.frame.log));
    assert!(same(&paused.sequence, &s.frame.sequence));
    assert!(same(&paused.charts, &s.frame.charts));
}

#[test]
fn while_playing_the_inspector_facts_change_a_few_times_a_second_and_are_current_when_paused() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::Seek(1_000_000));
    s.apply(Action::Select(Some(Rc::from("server_0"))));
    s.apply(Action::TogglePlay);
    let mut wall = 10_000.0;
    s.apply(Action::Frame(wall));
    let mut changes = 0;
    let mut stale = 0;
    for _ in 0..125 {
        let prev = s.frame.clone();
        wall += 16.0;
        s.apply(Action::Frame(wall));
        changes +=
            usize::from(prev.info != s.frame.info || prev.selected_node != s.frame.selected_node);
        let pid = s
            .frame
            .selected_node
            .as_ref()
            .and_then(|n| n.pid)
            .expect("live");
        stale += usize::from(s.frame.info != s.timeline.sim.info(pid));
    }
    // 2 s of frames: a busy server's facts change in nearly every frame, but are shown
    // at most every `INSPECTOR_EVERY_MS` (250 ms).
    assert!(stale > 60, "kept between refreshes: {stale} stale frames");
    assert!(
        (4..=9).contains(&changes),
        "{changes} inspector changes in 2 s"
    );
    s.apply(Action::Pause);
    let pid = s
        .frame
        .selected_node
        .as_ref()
        .and_then(|n| n.pid)
        .expect("live");
    assert_eq!(s.frame.info, s.timeline.sim.info(pid), "paused: current");
    // Another selection shows at once, even while playing.
    s.apply(Action::TogglePlay);
    wall += 16.0;
    s.apply(Action::Frame(wall));
    s.apply(Action::Select(Some(Rc::from("server_1"))));
    assert_eq!(
        s.frame.selected_node.as_ref().map(|n| n.id.clone()),
        Some(Rc::from("server_1"))
    );
}

#[test]
fn a_redraw_while_running_ahead_refreshes_the_warnings_in_a_third_frame() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::RunToEnd);
    let mut wall = 0.0;
    let mut thirds = 0;
    let mut guard = 0;
    while s.fast.is_some() || s.side_ahead != SideAhead::No {
        guard += 1;
        assert!(guard < 10_000, "the run ahead ends");
        let before = s.frame.clone();
        let had_tree = s.tree_ahead.is_some();
        // Slow frames (as at 100,000 processes), so that redraws fall due.
        wall += 120.0;
        s.apply(Action::Frame(wall));
        if !had_tree {
            continue;
        }
        // The second frame drew the stage and left the warnings as they were...
        assert!(Rc::ptr_eq(&before.warnings, &s.frame.warnings));
        assert_eq!(s.side_ahead, SideAhead::Next);
        // ...the third runs nothing and brings them up to date.
        let drawn = s.frame.clone();
        wall += 120.0;
        assert!(s.apply(Action::Frame(wall)));
        assert_eq!(s.timeline.now(), drawn.now, "nothing run");
        assert_eq!(s.frame.now, drawn.now);
        assert!(Rc::ptr_eq(&drawn.tree, &s.frame.tree), "the same stage");
        let mut flat = Vec::new();
        frame::flatten(&s.frame.tree, &mut flat);
        assert_eq!(
            *s.frame.warnings,
            warnings::warnings(&s.timeline.sim, &flat)
        );
        assert_eq!(s.side_ahead, SideAhead::No);
        thirds += 1;
    }
    assert!(thirds >= 2, "{thirds} redraws");
    assert_eq!(s.frame.now, s.timeline.duration(), "the end is drawn");
}

#[test]
fn while_playing_the_charts_and_warnings_read_on_equal_those_read_from_the_start() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::Select(Some(Rc::from("server_0"))));
    s.apply(Action::TogglePlay);
    let mut wall = 10_000.0;
    let (mut charts, mut warned) = (0, 0);
    for _ in 0..150 {
        let before = s.frame.clone();
        wall += 16.0;
        s.apply(Action::Frame(wall));
        let node = s.frame.selected_node.clone().expect("server_0");
        if !same(&before.charts, &s.frame.charts) {
            charts += 1;
            let fresh = metrics::charts(&s.timeline, &node, s.frame.end);
            assert_eq!(
                s.frame.charts.as_deref(),
                Some(&fresh),
                "at {}",
                s.frame.now
            );
        }
        if s.side_due == SidePhase::Lanes {
            // This frame refreshed the warnings.
            warned += 1;
            let mut flat = Vec::new();
            frame::flatten(&s.frame.tree, &mut flat);
            assert_eq!(
                *s.frame.warnings,
                warnings::warnings(&s.timeline.sim, &flat)
            );
        }
    }
    assert!(
        charts >= 3 && warned >= 3,
        "{charts} chart and {warned} log refreshes"
    );
    assert!(
        s.charts_acc.is_some() && s.warnings_acc.is_some(),
        "kept while playing"
    );
}

/// Every process's id and liveness, as the frame's tree and outside list have them.
fn procs_of(f: &Frame) -> Vec<(Rc<str>, bool)> {
    let mut flat = Vec::new();
    crate::model::frame::flatten(&f.tree, &mut flat);
    flat.extend(f.outside.iter().map(|o| &o.node));
    flat.iter()
        .map(|n| (n.id.clone(), n.pid.is_some()))
        .collect()
}

/// The inspector's list of processes (`Frame::procs`, what its process actions pick from)
/// stays the same `Rc` from frame to frame while none starts or dies, so the inspector is
/// not redrawn in every frame; it is current when one dies, and empty without a selection.
#[test]
fn the_inspectors_list_of_processes_is_kept_while_none_starts_or_dies() {
    let mut s = State::new(builtin("big_200"), false);
    s.apply(Action::Seek(1_000_000));
    assert!(s.frame.procs.is_empty(), "nothing selected");
    s.apply(Action::Select(Some(Rc::from("server_0"))));
    let alive = |s: &State, id: &str| {
        s.frame
            .procs
            .iter()
            .find(|(p, _)| &**p == id)
            .map(|(_, a)| *a)
    };
    assert_eq!(s.frame.procs.len(), 201);
    assert_eq!(alive(&s, "client_0_0"), Some(true));
    s.apply(Action::TogglePlay);
    let mut wall = 10_000.0;
    s.apply(Action::Frame(wall));
    let mut kept = 0;
    for _ in 0..30 {
        let prev = s.frame.procs.clone();
        wall += 16.0;
        s.apply(Action::Frame(wall));
        kept += usize::from(Rc::ptr_eq(&prev, &s.frame.procs));
        assert_eq!(*s.frame.procs, procs_of(&s.frame));
    }
    assert_eq!(kept, 30, "the same Rc while the same processes live");
    // Paused, a client killed: the list says so at once.
    s.apply(Action::TogglePlay);
    s.apply(Action::Select(Some(Rc::from("client_0_0"))));
    s.apply(Action::Command(Command::Exit {
        reason: ":kill".into(),
    }));
    let mut wall2 = wall;
    s.apply(Action::Step);
    for _ in 0..3 {
        wall2 += 16.0;
        s.apply(Action::Frame(wall2));
    }
    assert_eq!(*s.frame.procs, procs_of(&s.frame));
    s.apply(Action::Select(None));
    assert!(s.frame.procs.is_empty(), "dropped with the selection");
}
