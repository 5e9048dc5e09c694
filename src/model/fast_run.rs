//! Running far ahead without freezing the page: "To the end" (the End key), and a scrub
//! further than one step can compute. The run goes on a slice of events per animation
//! frame, sized from how long the frames take, so the page keeps answering (no task much
//! over 50 ms) while a 100,000-process run computes, and shows its progress. One owner:
//! `State::fast`.

use crate::model::timeline::Timeline;
use otp_sim::{Sim, Time, TreeBuild, TreeNode};

/// The most a slice may run (ms) when the page gives a clock (`State::clock`): with the
/// drawing of the progress, the frame stays under 50 ms.
pub const SLICE_MS: f64 = 24.0;
/// Events run between two looks at the clock: a few ms at most of a big run. While
/// 100,000 processes start, an event costs up to ~10 µs in wasm (a spawn, and a process
/// copied because a snapshot shares it): 2,000 events between looks let a slice overrun
/// its time by 20 ms.
const CHECK_EVERY: u64 = 500;

/// Runs `tl` towards `target` for at most `slice` events and at most [`SLICE_MS`] by
/// `clock`, looking at it every [`CHECK_EVERY`] events, and no further than a snapshot
/// falling due (saved at the start of the next slice); true once `target` is reached.
pub fn run_timed(tl: &mut Timeline, target: Time, slice: u64, clock: fn() -> f64) -> bool {
    let stop = clock() + SLICE_MS;
    let mut left = slice;
    loop {
        let before = tl.sim.stats().events;
        // A snapshot that falls due ends the slice; the next one begins with it.
        let reached = tl.run_holding(target, left.min(CHECK_EVERY), true);
        // At least one off: a step that ran nothing (a command replayed) still counts.
        left = left.saturating_sub((tl.sim.stats().events - before).max(1));
        if reached || left == 0 || tl.save_due() || clock() >= stop {
            return reached;
        }
    }
}

/// Nodes of a redraw's tree built between two looks at the clock...
const TREE_CHECK: usize = 2_000;
/// ...and in one frame when the page gives no clock (natively, in tests).
const TREE_NODES: usize = 25_000;

/// Builds `build` on for at most [`SLICE_MS`] by `clock` (or [`TREE_NODES`] nodes
/// without one); the tree once it is complete.
pub fn build_timed(
    build: &mut TreeBuild,
    sim: &Sim,
    clock: Option<fn() -> f64>,
) -> Option<TreeNode> {
    let Some(clock) = clock else {
        return build.step(sim, TREE_NODES);
    };
    let stop = clock() + SLICE_MS;
    loop {
        if let Some(tree) = build.step(sim, TREE_CHECK) {
            return Some(tree);
        }
        if clock() >= stop {
            return None;
        }
    }
}

/// Aim for frames about this long while running ahead (ms): well under the 50 ms that
/// makes a page feel stuck, and long enough that the run, not the drawing, gets most of
/// each frame.
const TARGET_FRAME_MS: f64 = 40.0;
/// Events in the first slice: about 15 ms of a big run in wasm, as measured.
const FIRST_SLICE: u64 = 40_000;
const MIN_SLICE: u64 = 2_000;
const MAX_SLICE: u64 = 4_000_000;
/// The stage is redrawn this often (wall ms) during the run, to show where it is...
pub const REDRAW_EVERY_MS: f64 = 250.0;
/// ...or less often when a redraw is dear (a 100,000-process tree takes tens of ms to
/// rebuild): redraws then take at most this share of the run's time...
const REDRAW_SHARE: f64 = 0.1;
/// ...and the stage is still redrawn at least this often (wall ms).
const REDRAW_AT_LEAST_EVERY_MS: f64 = 2_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct FastRun {
    /// Where the run started and where it goes (virtual µs).
    pub from: Time,
    pub target: Time,
    slice: u64,
    last_wall: Option<f64>,
    /// When the stage was last redrawn.
    pub drawn_wall: f64,
    /// Whether the frame that began at `last_wall` redrew the stage (and so ran nothing).
    redrew: bool,
    /// That frame was the second half of a redraw: its length adds to the first's.
    second_half: bool,
    /// The run has reached its target; the next frame draws it (and ends the run ahead).
    /// The last slice and the redraw of the end are two frames, never one long task.
    pub reached: bool,
    /// How long a frame without a redraw lasts, and what a redraw adds (wall ms), from
    /// the last frames of each kind.
    plain_period: f64,
    redraw_cost: f64,
}

impl FastRun {
    pub fn new(from: Time, target: Time, wall: f64) -> FastRun {
        FastRun {
            from,
            target,
            slice: FIRST_SLICE,
            last_wall: None,
            drawn_wall: wall,
            redrew: false,
            second_half: false,
            reached: false,
            plain_period: TARGET_FRAME_MS,
            redraw_cost: 0.0,
        }
    }

    /// How many events to handle in the frame starting at `wall` (ms): the last slice
    /// scaled by how far the last frame was from the target length. A frame includes the
    /// browser's drawing, which the slice does not change, so the scaling is damped. A
    /// frame that redrew the stage ran no slice (a redraw of a 100,000-process tree and a
    /// slice in one task made it too long): it is not a measure of the slice, it tells what
    /// a redraw costs instead. Called at the start of every frame, redraw or not.
    pub fn next_slice(&mut self, wall: f64) -> u64 {
        if let Some(last) = self.last_wall {
            let period = (wall - last).max(1.0);
            if self.redrew && self.second_half {
                self.redraw_cost += period;
            } else if self.redrew {
                self.redraw_cost = period;
            } else {
                self.plain_period = period;
                let scale = (TARGET_FRAME_MS / period).clamp(0.5, 1.5);
                self.slice = ((self.slice as f64 * scale) as u64).clamp(MIN_SLICE, MAX_SLICE);
            }
        }
        self.redrew = false;
        self.second_half = false;
        self.last_wall = Some(wall);
        self.slice
    }

    /// This frame does the second half of a redraw (a redraw is two frames: the tree,
    /// then the rest): it runs nothing either, and its length counts as redrawing.
    pub fn continue_redraw(&mut self) {
        self.redrew = true;
        self.second_half = true;
    }

    /// Wall ms between redraws: `REDRAW_EVERY_MS`, or longer when a redraw is dear, so
    /// that redraws take at most `REDRAW_SHARE` of the time.
    pub fn redraw_interval(&self) -> f64 {
        let dear = self.redraw_cost * (1.0 - REDRAW_SHARE) / REDRAW_SHARE;
        dear.clamp(REDRAW_EVERY_MS, REDRAW_AT_LEAST_EVERY_MS)
    }

    /// How far along the run is, from 0 to 1, at virtual time `now`.
    pub fn progress(&self, now: Time) -> f64 {
        if self.target <= self.from {
            return 1.0;
        }
        (now.saturating_sub(self.from) as f64 / (self.target - self.from) as f64).clamp(0.0, 1.0)
    }

    /// Whether the stage should be redrawn at `wall` (and notes that it is).
    pub fn redraw_due(&mut self, wall: f64) -> bool {
        if wall - self.drawn_wall >= self.redraw_interval() {
            self.drawn_wall = wall;
            self.redrew = true;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_shrink_when_frames_are_slow_and_grow_when_fast() {
        let mut f = FastRun::new(0, 1_000_000, 0.0);
        assert_eq!(f.next_slice(0.0), FIRST_SLICE);
        // An 80 ms frame: halve.
        assert_eq!(f.next_slice(80.0), FIRST_SLICE / 2);
        // A 20 ms frame: grow by half (damped, not doubled).
        assert_eq!(f.next_slice(100.0), FIRST_SLICE / 2 * 3 / 2);
        // A frame on target: unchanged.
        let s = f.next_slice(140.0);
        assert_eq!(f.next_slice(180.0), s);
    }

    thread_local! {
        static LOOKS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    /// A clock that moves 10 ms each time it is read.
    fn ten_ms_a_look() -> f64 {
        LOOKS.with(|l| {
            l.set(l.get() + 1);
            f64::from(l.get()) * 10.0
        })
    }

    #[test]
    fn a_timed_slice_stops_at_its_time_and_runs_the_same_events() {
        let json = include_str!("../../scenarios/big_200.json");
        let sc = otp_sim::Scenario::from_json(json).expect("valid");
        let mut tl = Timeline::new(sc.clone());
        // Read at the start and after each step: 30 ms are up after the third step.
        let reached = run_timed(&mut tl, 10_000_000, 1_000_000, ten_ms_a_look);
        assert!(!reached);
        assert_eq!(tl.sim.stats().events, 3 * CHECK_EVERY);
        // Slices cut by the clock reach the same run as one untimed go.
        while !run_timed(&mut tl, 3_000_000, 1_000_000, ten_ms_a_look) {}
        let mut whole = Timeline::new(sc);
        assert!(whole.run_to(3_000_000, u64::MAX));
        assert_eq!(tl.sim.trace().digest(), whole.sim.trace().digest());
        assert_eq!(tl.sim.stats().events, whole.sim.stats().events);
    }

    fn frozen_clock() -> f64 {
        0.0
    }

    #[test]
    fn a_snapshot_falling_due_ends_a_slice_and_the_next_begins_with_it() {
        let json = include_str!("../../scenarios/big_200.json");
        let sc = otp_sim::Scenario::from_json(json).expect("valid");
        let mut tl = Timeline::new(sc.clone());
        let mut slices = 0;
        loop {
            let before = tl.snapshot_count();
            // A clock that never moves: only the end or a snapshot stops a slice.
            let reached = run_timed(&mut tl, 3_000_000, u64::MAX, frozen_clock);
            assert!(
                tl.snapshot_count() <= before + 1,
                "at most the one held back"
            );
            if reached {
                break;
            }
            assert!(tl.save_due(), "a slice ended where a snapshot fell due");
            slices += 1;
        }
        assert!(slices >= 5, "{slices} slices");
        let mut whole = Timeline::new(sc);
        assert!(whole.run_to(3_000_000, u64::MAX));
        assert_eq!(tl.sim.trace().digest(), whole.sim.trace().digest());
        // The snapshots are where an untimed run saves them.
        tl.run_to(3_000_000, u64::MAX);
        assert_eq!(tl.snapshot_count(), whole.snapshot_count());
    }

    #[test]
    fn slices_stay_within_bounds() {
        let mut f = FastRun::new(0, 10, 0.0);
        let mut wall = 0.0;
        for _ in 0..100 {
            wall += 1_000.0;
            f.next_slice(wall);
        }
        assert_eq!(f.next_slice(wall + 1_000.0), MIN_SLICE);
        for _ in 0..100 {
            wall += 1.0;
            f.next_slice(wall);
        }
        assert_eq!(f.next_slice(wall + 1.0), MAX_SLICE);
    }

    #[test]
    fn a_dear_redraw_is_done_less_often_and_does_not_shrink_the_slice() {
        let mut f = FastRun::new(0, 1_000_000, 0.0);
        let mut wall = 0.0;
        // Frames on target, then one that redraws and takes 200 ms more.
        for _ in 0..10 {
            f.next_slice(wall);
            wall += TARGET_FRAME_MS;
        }
        let slice = f.next_slice(wall);
        assert!(f.redraw_due(wall));
        wall += 200.0;
        assert_eq!(
            f.next_slice(wall),
            slice,
            "a redraw frame does not size the slice"
        );
        // 200 ms a redraw: one every 1.8 s keeps them to a tenth of the time.
        assert!((f.redraw_interval() - 1_800.0).abs() < 1e-6);
        assert!(!f.redraw_due(wall + 1_000.0));
        assert!(f.redraw_due(wall + 1_800.0));
        // A cheap redraw goes back to the usual pace; a very dear one to the floor.
        let mut g = FastRun::new(0, 1, 0.0);
        assert_eq!(g.redraw_interval(), REDRAW_EVERY_MS);
        g.redraw_cost = 10_000.0;
        assert_eq!(g.redraw_interval(), REDRAW_AT_LEAST_EVERY_MS);
    }

    #[test]
    fn a_redraw_in_two_halves_costs_both() {
        let mut f = FastRun::new(0, 1_000_000, 0.0);
        let mut wall = 0.0;
        for _ in 0..10 {
            f.next_slice(wall);
            wall += TARGET_FRAME_MS;
        }
        let slice = f.next_slice(wall);
        assert!(f.redraw_due(wall));
        // The tree: 120 ms; the rest of the frame: 80 ms.
        wall += 120.0;
        assert_eq!(f.next_slice(wall), slice);
        f.continue_redraw();
        wall += 80.0;
        assert_eq!(f.next_slice(wall), slice, "neither half sizes the slice");
        assert!((f.redraw_cost - 200.0).abs() < 1e-9, "{}", f.redraw_cost);
        // A later plain frame does not add to it, and the next redraw starts afresh.
        wall += TARGET_FRAME_MS;
        f.next_slice(wall);
        assert!((f.redraw_cost - 200.0).abs() < 1e-9);
        wall += 2_000.0;
        f.next_slice(wall);
        assert!(f.redraw_due(wall));
        f.next_slice(wall + 30.0);
        assert!((f.redraw_cost - 30.0).abs() < 1e-9);
    }

    #[test]
    fn progress_goes_from_zero_to_one() {
        let f = FastRun::new(1_000, 3_000, 0.0);
        assert_eq!(f.progress(1_000), 0.0);
        assert_eq!(f.progress(2_000), 0.5);
        assert_eq!(f.progress(9_000), 1.0);
        assert_eq!(FastRun::new(5, 5, 0.0).progress(5), 1.0);
    }

    #[test]
    fn the_stage_is_redrawn_a_few_times_a_second() {
        let mut f = FastRun::new(0, 10, 0.0);
        assert!(!f.redraw_due(100.0));
        assert!(f.redraw_due(260.0));
        assert!(!f.redraw_due(300.0));
        assert!(f.redraw_due(520.0));
    }
}

/// Running ahead through the state: frames move it on in slices to exactly where a
/// straight run goes.
#[cfg(test)]
mod state_tests {
    use crate::model::state::{Action, State};
    use crate::model::{canvas_layout, layout};
    use otp_sim::Command;

    fn big_200() -> State {
        let idx = crate::model::scenarios::BUILTIN
            .iter()
            .position(|(f, _)| f.starts_with("big_200"))
            .expect("big_200 is built in");
        State::new(idx, false)
    }

    /// Frames until the run ahead ends (or 100,000 frames); how many it took.
    fn frames_until_done(s: &mut State, wall: &mut f64) -> usize {
        let mut n = 0;
        while s.fast.is_some() && n < 100_000 {
            *wall += 16.0;
            s.apply(Action::Frame(*wall));
            n += 1;
        }
        n
    }

    #[test]
    fn to_the_end_in_slices_lands_where_a_straight_run_does() {
        let mut s = big_200();
        let end = s.timeline.duration();
        s.apply(Action::RunToEnd);
        assert!(s.fast.is_some());
        let mut wall = 0.0;
        let mut seen_progress = Vec::new();
        while s.fast.is_some() {
            wall += 16.0;
            s.apply(Action::Frame(wall));
            if let Some(f) = &s.fast {
                seen_progress.push(f.progress(s.timeline.now()));
            }
        }
        assert!(seen_progress.len() > 2, "it took several frames");
        assert!(seen_progress.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(s.timeline.now(), end);
        assert_eq!(s.frame.now, end, "the stage shows the end");
        assert!(!s.playing);
        let mut straight = big_200();
        straight.timeline.run_to(end, u64::MAX);
        assert_eq!(
            s.timeline.sim.trace().digest(),
            straight.timeline.sim.trace().digest()
        );
    }

    #[test]
    fn no_frame_both_runs_a_slice_and_redraws() {
        let mut s = big_200();
        let end = s.timeline.duration();
        s.apply(Action::RunToEnd);
        let mut wall = 0.0;
        let (mut redraws, mut slices) = (0, 0);
        while s.fast.is_some() {
            let (ran_before, drawn_before) = (s.timeline.now(), s.frame.clone());
            // Slow frames (as at 100,000 processes), so that redraws fall due.
            wall += 120.0;
            s.apply(Action::Frame(wall));
            let ran = s.timeline.now() != ran_before;
            let redrew = !std::rc::Rc::ptr_eq(&s.frame, &drawn_before);
            assert!(!(ran && redrew), "a frame ran and redrew at {wall}");
            redraws += usize::from(redrew);
            slices += usize::from(ran);
        }
        assert!(
            redraws >= 2 && slices >= 2,
            "{redraws} redraws, {slices} slices"
        );
        assert_eq!(s.frame.now, end, "the end is drawn, in a frame of its own");
    }

    #[test]
    fn a_redraw_builds_the_tree_in_one_frame_and_draws_it_in_the_next() {
        let mut s = big_200();
        let end = s.timeline.duration();
        s.apply(Action::RunToEnd);
        let mut wall = 0.0;
        let mut halves = 0;
        while s.fast.is_some() {
            let (ran_before, drawn_before) = (s.timeline.now(), s.frame.clone());
            wall += 120.0;
            let changed = s.apply(Action::Frame(wall));
            let Some((_, at, tree)) = s.tree_ahead.clone() else {
                continue;
            };
            // The first half: the tree for this moment, nothing run, nothing drawn.
            assert!(!changed, "building the tree changes nothing on screen");
            assert_eq!(s.timeline.now(), ran_before);
            assert_eq!(at, ran_before);
            assert!(std::rc::Rc::ptr_eq(&s.frame, &drawn_before));
            // The second half draws that very tree, and runs nothing.
            wall += 120.0;
            assert!(s.apply(Action::Frame(wall)));
            assert_eq!(s.timeline.now(), ran_before);
            assert!(std::rc::Rc::ptr_eq(&s.frame.tree, &tree));
            assert!(s.tree_ahead.is_none());
            halves += 1;
        }
        assert!(halves >= 2, "{halves} split redraws");
        assert_eq!(s.frame.now, end, "the end is drawn");
        // A tree built ahead is not used once anything else happened in between.
        let mut s = big_200();
        s.apply(Action::RunToEnd);
        let mut wall = 0.0;
        while s.tree_ahead.is_none() && s.fast.is_some() {
            wall += 120.0;
            s.apply(Action::Frame(wall));
        }
        let built = s.tree_ahead.clone().expect("a redraw fell due").2;
        s.apply(Action::Select(Some("root".into())));
        assert!(s.tree_ahead.is_none());
        assert!(!std::rc::Rc::ptr_eq(&s.frame.tree, &built));
    }

    /// A clock that moves 30 ms each time it is read: a timed step stops at its first look.
    fn thirty_ms_a_look() -> f64 {
        thread_local! {
            static LOOKS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
        }
        LOOKS.with(|l| {
            l.set(l.get() + 1);
            f64::from(l.get()) * 30.0
        })
    }

    #[test]
    fn a_big_tree_is_built_over_frames_and_laid_out_in_one_more_while_the_run_stands_still() {
        let json = r#"{"name": "wide", "duration_ms": 300, "tree": {"type": "supervisor",
            "id": "app", "children": [{"type": "dynamic_supervisor", "id": "pool", "children": [
            {"template": {"type": "worker", "id": "w", "behaviour": {"kind": "counter"}},
             "count": 5000}]}]}}"#;
        let mut s = State::new(0, false);
        s.apply(Action::LoadJson(json.to_string()));
        s.clock = Some(thirty_ms_a_look);
        s.apply(Action::RunToEnd);
        let mut wall = 0.0;
        // Each frame's part of a redraw: b (tree in part), t (tree done), l (laid out),
        // d (drawn); s for a slice.
        let mut parts = String::new();
        while s.fast.is_some() && wall < 1e6 {
            let (events, drawn) = (s.timeline.sim.stats().events, s.frame.clone());
            wall += 40.0;
            let changed = s.apply(Action::Frame(wall));
            let part = match (&s.building, &s.tree_ahead, &s.laid_ahead) {
                (Some(_), _, _) => 'b',
                (None, Some((_, _, tree)), None) => {
                    assert_eq!(**tree, s.timeline.sim.tree(), "the tree of this moment");
                    't'
                }
                (None, Some(_), Some(_)) => 'l',
                (None, None, _) if std::rc::Rc::ptr_eq(&s.frame, &drawn) => 's',
                // The warnings and the rest, a frame after the drawing.
                (None, None, _) if std::rc::Rc::ptr_eq(&s.frame.tree, &drawn.tree) => 'w',
                (None, None, _) => {
                    if s.timeline.sim.stats().events == events {
                        // What was laid out ahead is what is drawn.
                        let tree = &s.frame.tree;
                        assert_eq!(s.frame.tree_key, canvas_layout::shape_key(tree));
                        assert_eq!(s.frame.layout, layout::in_order(tree));
                        'd'
                    } else {
                        's'
                    }
                }
            };
            if !matches!(part, 'd' | 's' | 'w') {
                // Part of a redraw: nothing run, nothing drawn.
                assert!(!changed);
                assert_eq!(s.timeline.sim.stats().events, events);
                assert!(std::rc::Rc::ptr_eq(&s.frame, &drawn));
            }
            parts.push(part);
        }
        // 5,003 nodes, 2,000 a frame: three frames, then the layout, then the drawing.
        assert!(parts.contains("bbtld"), "{parts}");
        // Each part of a redraw comes in its order, and none is left out.
        for (a, b) in parts.chars().zip(parts.chars().skip(1)) {
            let next_ok = match a {
                'b' => matches!(b, 'b' | 't'),
                't' => matches!(b, 'l' | 'd'),
                'l' => b == 'd',
                _ => true,
            };
            assert!(next_ok, "{a} then {b}: {parts}");
        }
        assert_eq!(s.frame.process_count, 5_002);
    }

    #[test]
    fn the_stage_clock_stands_still_while_running_ahead_and_moves_with_flights() {
        let mut s = big_200();
        s.apply(Action::TogglePlay);
        let mut wall = 0.0;
        let mut seen = Vec::new();
        for _ in 0..120 {
            wall += 16.0;
            s.apply(Action::Frame(wall));
            if !s.flights.is_empty() {
                seen.push(s.stage_clock());
            }
        }
        assert!(seen.len() > 10, "messages fly while playing");
        assert!(seen.windows(2).all(|w| w[1] > w[0]), "{seen:?}");
        s.apply(Action::TogglePlay);
        s.apply(Action::RunToEnd);
        let mut slices = 0;
        while s.fast.is_some() {
            wall += 16.0;
            if s.apply(Action::Frame(wall)) {
                slices += 1;
                assert_eq!(
                    s.stage_clock(),
                    0.0,
                    "nothing flies: the stage is left as it is"
                );
            }
        }
        assert!(slices > 2, "{slices}");
    }

    #[test]
    fn end_again_or_an_action_stops_it_where_it_is() {
        let mut s = big_200();
        let end = s.timeline.duration();
        let mut wall = 0.0;
        s.apply(Action::RunToEnd);
        for _ in 0..2 {
            wall += 16.0;
            s.apply(Action::Frame(wall));
        }
        s.apply(Action::RunToEnd);
        // Stopped where it is; the frames after it draw that moment, and run nothing.
        let stopped = s.timeline.now();
        assert!(stopped > 0 && stopped < end);
        assert!(
            frames_until_done(&mut s, &mut wall) >= 2,
            "drawn in frames of its own"
        );
        assert!(s.fast.is_none());
        assert_eq!(s.timeline.now(), stopped);
        assert_eq!(s.frame.now, stopped);
        // Selecting does not stop it; a command does, and is applied where it stands.
        s.apply(Action::RunToEnd);
        s.apply(Action::Select(Some("root".into())));
        assert!(s.fast.is_some());
        wall += 16.0;
        s.apply(Action::Frame(wall));
        let at = s.timeline.now();
        s.apply(Action::Command(Command::Poison));
        assert!(s.fast.is_none());
        assert_eq!(s.timeline.now(), at);
        assert_eq!(frames_until_done(&mut s, &mut wall), 0);
    }
}
