//! The timeline: the `Sim` behind the stage, periodic snapshots for scrubbing, the user's
//! own commands (kill, suspend, …) at their exact positions, so that running forward again
//! after scrubbing back replays them at exactly the same point, and the crash/restart
//! markers. One owner: the model's `State` holds it by value.
//!
//! Pure Rust with no web dependency: tested natively (`cargo test -p otp-playground`).

use otp_sim::trace::Event;
use otp_sim::{Command, Pid, Scenario, Sim, Snapshot, Time};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Virtual time between snapshots.
pub const SNAPSHOT_EVERY_US: Time = 100_000;
/// Also snapshot after this many events, so a busy scenario never has far to re-run.
pub const SNAPSHOT_EVERY_EVENTS: u64 = 20_000;
/// Most events one `advance` may handle (a frame never freezes).
pub const FRAME_BUDGET: u64 = 30_000;
/// Snapshots kept at most (memory stays bounded on long runs).
pub const MAX_SNAPSHOTS: usize = 400;
/// Memory the snapshots may take, by their own estimate ([`otp_sim::Snapshot`]'s
/// `table_bytes` and `copied_bytes`). Snapshots share unchanged processes, so a
/// 100,000-process run costs about 2 MB a snapshot once started and the store thins out
/// long before this; without the budget a tab could run out of memory.
pub const SNAPSHOT_BUDGET_BYTES: usize = 200 << 20;
/// Most events a scrub may re-run.
pub const SCRUB_BUDGET: u64 = 2_000_000;

/// A command the user gave (kill, suspend, …), remembered with its exact position in the run.
#[derive(Clone, Debug, PartialEq)]
pub struct UserCommand {
    pub t: Time,
    /// `stats().events` when it was applied: a position that replays exactly.
    pub events: u64,
    pub pid: Pid,
    pub command: Command,
}

#[derive(Clone, Debug)]
struct Saved {
    snap: Snapshot,
    t: Time,
    events: u64,
    /// User actions already applied at that point.
    applied: usize,
    /// Estimated bytes: its own tables, and what it copied since the snapshot kept
    /// before it (`docs/app.md`, "Snapshots").
    table_bytes: usize,
    copied_bytes: usize,
}

/// A marker on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub t: Time,
    pub kind: MarkerKind,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    Crash,
    Restart,
    GaveUp,
    /// A fault applied: from the scenario's schedule or by the user.
    Command,
}

impl MarkerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::Crash => "crash",
            MarkerKind::Restart => "restart",
            MarkerKind::GaveUp => "gave-up",
            MarkerKind::Command => "action",
        }
    }
}

pub struct Timeline {
    pub sim: Sim,
    /// Shared with the run (`Sim::shared`): a reset or a restore does not copy it.
    pub scenario: Rc<Scenario>,
    saved: Vec<Saved>,
    commands: Vec<UserCommand>,
    applied: usize,
    /// Furthest virtual time reached on this timeline.
    pub horizon: Time,
    /// Markers by trace index, in index order (idempotent when the same stretch is
    /// re-run). A sorted list: the scan appends at the end nearly always.
    markers: Vec<(usize, Marker)>,
    scanned: usize,
    /// Child id behind each pid ever spawned (from the trace).
    pid_ids: HashMap<Pid, Rc<str>>,
    /// Supervisor child id → times it reached its restart intensity.
    gave_up: BTreeMap<Rc<str>, Vec<Time>>,
    /// What the snapshots may take ([`SNAPSHOT_BUDGET_BYTES`]; smaller in tests).
    snapshot_budget: usize,
    /// A snapshot fell due while saves were held back (`run_holding`): the next run begins
    /// with it.
    save_due: bool,
    /// Snapshots thinned out of the store, freed a part at a time by `run_holding` (at
    /// most `shed_per_step` processes a step) or at once by `run_to`: at 100,000 processes
    /// the store sometimes drops three in one save, ~45 ms natively when freed at once.
    trash: Vec<otp_sim::Snapshot>,
    shed_per_step: usize,
}

/// Processes of thinned snapshots freed per step of a timed slice: a few ms natively.
const SHED_PER_STEP: usize = 16_384;

impl Timeline {
    pub fn new(scenario: impl Into<Rc<Scenario>>) -> Timeline {
        let scenario = scenario.into();
        let sim = Sim::shared(scenario.clone());
        let mut tl = Timeline {
            saved: Vec::new(),
            commands: Vec::new(),
            applied: 0,
            horizon: 0,
            markers: Vec::new(),
            scanned: 0,
            pid_ids: HashMap::new(),
            gave_up: BTreeMap::new(),
            snapshot_budget: SNAPSHOT_BUDGET_BYTES,
            save_due: false,
            trash: Vec::new(),
            shed_per_step: SHED_PER_STEP,
            sim,
            scenario,
        };
        tl.save();
        tl.scan();
        tl
    }

    /// A run that will replay these user actions (from a share link) at their recorded
    /// positions as it goes forward.
    pub fn with_commands(
        scenario: impl Into<Rc<Scenario>>,
        mut commands: Vec<UserCommand>,
    ) -> Timeline {
        otp_sim::sort::sort_by_key(&mut commands, |a| a.events);
        let mut tl = Timeline::new(scenario);
        tl.commands = commands;
        tl
    }

    pub fn now(&self) -> Time {
        self.sim.now()
    }

    pub fn duration(&self) -> Time {
        self.scenario.duration_ms.saturating_mul(1000)
    }

    pub fn reset(&mut self) {
        *self = Timeline::new(self.scenario.clone());
    }

    /// Whether a snapshot is held back for the next `run_holding`.
    pub fn save_due(&self) -> bool {
        self.save_due
    }

    fn save_or_hold(&mut self, hold: bool) {
        if hold {
            self.save_due = true;
        } else {
            self.save();
        }
    }

    fn save(&mut self) {
        let events = self.sim.stats().events;
        let t = self.sim.now();
        let key = (events, t);
        let pos = self.saved.partition_point(|s| (s.events, s.t) < key);
        if self.saved.get(pos).is_some_and(|s| (s.events, s.t) == key) {
            return; // a re-run stretch: the same state is saved already
        }
        let snap = self.sim.snapshot();
        let prev = pos.checked_sub(1).and_then(|i| self.saved.get(i));
        let saved = Saved {
            table_bytes: snap.table_bytes(),
            copied_bytes: snap.copied_bytes(prev.map(|p| &p.snap)),
            snap,
            t,
            events,
            applied: self.applied,
        };
        self.saved.insert(pos, saved);
        self.thin();
    }

    /// Estimated memory the kept snapshots take.
    pub fn snapshot_bytes(&self) -> usize {
        self.saved
            .iter()
            .map(|s| s.table_bytes + s.copied_bytes)
            .sum()
    }

    /// Keeps the store within [`MAX_SNAPSHOTS`] and [`SNAPSHOT_BUDGET_BYTES`] by dropping,
    /// one at a time, the snapshot whose neighbours are closest together (in events), so
    /// the store stays evenly spread (scrubbing then re-runs a little more), always keeping
    /// the first and the last. A save over the budget drops about one: halving the store
    /// at once dropped tens of snapshots in one task, 125 ms natively at 100,000 processes.
    /// What a dropped snapshot had copied is charged to the next one, which now holds
    /// those copies alone (an over-estimate when some were copied again).
    fn thin(&mut self) {
        let mut bytes = self.snapshot_bytes();
        while self.saved.len() > 2
            && (self.saved.len() > MAX_SNAPSHOTS || bytes > self.snapshot_budget)
        {
            let n = self.saved.len();
            let gap = |i: usize| self.saved[i + 1].events - self.saved[i - 1].events;
            // Ties go to the oldest: the recent past is where a scrub most often goes.
            let Some(i) = (1..n - 1).min_by_key(|&i| (gap(i), i)) else {
                break;
            };
            let dropped = self.saved.remove(i);
            self.saved[i].copied_bytes += dropped.copied_bytes;
            bytes -= dropped.table_bytes;
            self.trash.push(dropped.snap);
        }
    }

    /// Events between two snapshots: [`SNAPSHOT_EVERY_EVENTS`], or more in a big tree,
    /// where a snapshot costs time in proportion to the processes (their table is
    /// copied): then one event per process, so saving stays a small share of a run.
    fn events_between_snapshots(&self) -> u64 {
        SNAPSHOT_EVERY_EVENTS.max(self.sim.process_count() as u64)
    }

    /// Whether the virtual-time snapshot (every [`SNAPSHOT_EVERY_US`]) is worth taking: in
    /// a big tree (over 10,000 processes) only when the events call for one anyway. There a
    /// snapshot's cost grows with the processes (their table, then a copy of each process
    /// the run touches after it), while re-running the ~100,000 events between two takes
    /// tens of ms: one every 100 ms of virtual time made a busy 100,000-process run ~8 %
    /// slower (a tenth of the gap was the rule before).
    fn saved_long_ago(&self) -> bool {
        let last = self.saved.last().map_or(0, |s| s.events);
        let gap = if self.sim.process_count() > 10_000 {
            self.events_between_snapshots()
        } else {
            0
        };
        self.sim.stats().events >= last + gap
    }

    fn last_saved_before(&self, events: u64, t: Time) -> Option<&Saved> {
        self.saved
            .iter()
            .rev()
            .find(|s| s.events <= events && s.t <= t)
    }

    /// Scans new trace entries for markers.
    fn scan(&mut self) {
        let trace = self.sim.trace();
        let start = self.scanned.min(trace.len());
        // Markers come from lifecycle and supervisor events only: the per-message ones
        // (most of a busy trace) are skipped without being rebuilt.
        for i in start..trace.len() {
            let Some(e) = trace.rare_at(i) else { continue };
            if let Event::Spawn {
                pid, id: Some(id), ..
            } = &e.kind
            {
                self.pid_ids.insert(*pid, id.clone());
            }
            let m = match &e.kind {
                Event::ChildTerminated { id, reason, .. } => Some(Marker {
                    t: e.t,
                    kind: MarkerKind::Crash,
                    label: format!("{id} exited: {}", reason.reason_label()),
                }),
                Event::Restarting { id, count, .. } => Some(Marker {
                    t: e.t,
                    kind: MarkerKind::Restart,
                    label: format!("{id} restarted (#{count})"),
                }),
                Event::ReachedMaxRestartIntensity { sup, id, .. } => {
                    let sup_id = self
                        .pid_ids
                        .get(sup)
                        .cloned()
                        .unwrap_or_else(|| Rc::from(sup.to_string()));
                    let times = self.gave_up.entry(sup_id.clone()).or_default();
                    if !times.contains(&e.t) {
                        times.push(e.t);
                    }
                    Some(Marker {
                        t: e.t,
                        kind: MarkerKind::GaveUp,
                        label: format!(
                            "{sup_id} reached_max_restart_intensity (last exit: {id}) and gave up"
                        ),
                    })
                }
                Event::Fault { target, action, .. } => Some(Marker {
                    t: e.t,
                    kind: MarkerKind::Command,
                    label: format!("{action} → {target}"),
                }),
                _ => None,
            };
            if let Some(m) = m {
                match self.markers.last() {
                    Some(&(last, _)) if last >= i => {
                        match self.markers.binary_search_by_key(&i, |&(at, _)| at) {
                            Ok(at) => self.markers[at].1 = m,
                            Err(at) => self.markers.insert(at, (i, m)),
                        }
                    }
                    _ => self.markers.push((i, m)),
                }
            }
        }
        self.scanned = trace.len();
        self.horizon = self.horizon.max(self.sim.now());
    }

    /// Supervisors (by child id) that gave up at or before `now`: the latest such time.
    pub fn gave_up_at(&self, now: Time) -> HashMap<Rc<str>, Time> {
        self.gave_up
            .iter()
            .filter_map(|(id, ts)| {
                ts.iter()
                    .filter(|&&t| t <= now)
                    .max()
                    .map(|&t| (id.clone(), t))
            })
            .collect()
    }

    /// The child id a pid ran (also for pids that have exited).
    pub fn id_of(&self, pid: Pid) -> Option<&Rc<str>> {
        self.pid_ids.get(&pid)
    }

    pub fn markers(&self) -> impl Iterator<Item = &Marker> {
        self.markers.iter().map(|(_, m)| m)
    }

    /// The markers from trace position `i` on (what happened since a position was seen).
    pub fn markers_from(&self, i: usize) -> impl Iterator<Item = &Marker> {
        let from = self.markers.partition_point(|&(at, _)| at < i);
        self.markers[from..].iter().map(|(_, m)| m)
    }

    /// Runs forward to virtual time `t`, handling at most `budget` events, replaying user
    /// actions at their recorded positions and saving snapshots on the way. Returns true
    /// if it reached `t`.
    pub fn run_to(&mut self, t: Time, budget: u64) -> bool {
        self.run_holding(t, budget, false)
    }

    /// `run_to`, which with `hold` stops where a snapshot falls due instead of saving it
    /// (`save_due` says so), and begins with a snapshot held back before. A timed slice
    /// (`fast_run::run_timed`) holds: at 100,000 processes a snapshot costs ~15 ms in
    /// wasm, and one saved at the end of a slice made that frame a long task; saved at
    /// the start of the next slice, it counts in that slice's time.
    pub fn run_holding(&mut self, t: Time, budget: u64, hold: bool) -> bool {
        if hold {
            self.shed(self.shed_per_step);
        }
        if std::mem::take(&mut self.save_due) {
            self.save();
        }
        let mut left = budget;
        let reached = loop {
            if left == 0 {
                break false;
            }
            let before = self.sim.stats().events;
            let boundary = (self.sim.now() / SNAPSHOT_EVERY_US + 1) * SNAPSHOT_EVERY_US;
            let chunk = left.min(SNAPSHOT_EVERY_EVENTS);
            let pending = self
                .commands
                .get(self.applied)
                .filter(|a| a.t <= t.min(boundary))
                .cloned();
            let mut done = false;
            if let Some(a) = pending {
                if a.events > before {
                    self.sim
                        .run_until_bounded(a.t, (a.events - before).min(chunk));
                }
                let at = self.sim.stats().events;
                if at == a.events {
                    // Exactly where it was first applied: the replay is faithful.
                    self.replay(&a);
                } else if at == before || at > a.events {
                    // Unreachable position (cannot happen on a faithful replay): skip it.
                    self.applied += 1;
                }
            } else {
                let stop = boundary.min(t);
                let ok = self.sim.run_until_bounded(stop, chunk);
                if ok && stop == boundary && self.saved_long_ago() {
                    self.save_or_hold(hold);
                }
                done = ok && stop == t;
            }
            let now_events = self.sim.stats().events;
            left = left.saturating_sub(now_events - before);
            let last = self.saved.last().map_or(0, |s| s.events);
            if now_events >= last + self.events_between_snapshots() {
                self.save_or_hold(hold);
            }
            if done {
                break true;
            }
            if self.save_due {
                break false;
            }
        };
        if !hold {
            self.trash.clear();
        }
        self.scan();
        reached
    }

    /// Frees up to `processes` processes of the snapshots thinned out of the store.
    fn shed(&mut self, processes: usize) {
        let mut left = processes;
        while let Some(snap) = self.trash.last_mut() {
            let before = snap.process_count();
            if !snap.shed(left) {
                return; // this step's share is spent on it
            }
            self.trash.pop();
            left = left.saturating_sub(before);
            if left == 0 {
                return;
            }
        }
    }

    /// Processes still held by thinned snapshots waiting to be freed.
    pub fn trash_processes(&self) -> usize {
        self.trash.iter().map(|s| s.process_count()).sum()
    }

    /// Applies a recorded user action where it was first applied: at its event count (the
    /// caller checked) and at its virtual time. The clock may have moved on with no event
    /// since the last one (a scrub, a pause), so it is brought to the action's time first.
    fn replay(&mut self, a: &UserCommand) {
        if self.sim.now() < a.t && self.sim.next_event_time().is_none_or(|n| n > a.t) {
            self.sim.run_until(a.t);
        }
        let _ = self.sim.apply(a.pid, &a.command);
        self.applied += 1;
    }

    /// One trace event forward (the → key).
    pub fn step_event(&mut self) -> bool {
        // Replay a pending user action first if we stand exactly at its position.
        if let Some(a) = self.commands.get(self.applied).cloned()
            && a.events == self.sim.stats().events
        {
            self.replay(&a);
            self.scan();
            return true;
        }
        let next = self
            .commands
            .get(self.applied)
            .map(|a| a.events)
            .unwrap_or(u64::MAX);
        let before = self.sim.trace().len();
        let mut moved = false;
        while self.sim.trace().len() == before && self.sim.stats().events < next {
            if !self.sim.step() {
                break;
            }
            moved = true;
        }
        self.scan();
        moved
    }

    /// Goes to virtual time `t` (scrubbing): restores the nearest earlier snapshot and
    /// runs forward to exactly `t`.
    pub fn seek(&mut self, t: Time) -> bool {
        if t < self.sim.now() {
            let Some(s) = self.last_saved_before(u64::MAX, t).cloned() else {
                return false;
            };
            self.sim.restore(&s.snap);
            self.applied = s.applied;
            self.scanned = self.scanned.min(self.sim.trace().len());
        }
        self.run_to(t, SCRUB_BUDGET)
    }

    /// Goes to an exact position: virtual time `t` with `events` events handled. Several
    /// events can share one virtual time and stepping (→) stops between them, so a moment
    /// shared from the middle of such a burst needs the count as well as the time.
    pub fn seek_exact(&mut self, t: Time, events: u64) -> bool {
        if !self.seek(t.saturating_sub(1)) {
            return false;
        }
        let mut budget = SCRUB_BUDGET;
        while self.sim.stats().events < events && budget > 0 {
            budget -= 1;
            if let Some(a) = self.commands.get(self.applied).cloned()
                && a.events == self.sim.stats().events
            {
                self.replay(&a);
                continue;
            }
            if self.sim.next_event_time().is_none_or(|n| n > t) || !self.sim.step() {
                break;
            }
        }
        // A moment reached by scrubbing sits after its last event: bring the clock to `t`
        // when that handles nothing more.
        if self.sim.now() < t
            && self.sim.stats().events >= events
            && self.sim.next_event_time().is_none_or(|n| n > t)
        {
            self.sim.run_until(t);
        }
        // Actions recorded at exactly this position (applied right after it was reached).
        while let Some(a) = self.commands.get(self.applied).cloned()
            && a.events == self.sim.stats().events
            && a.t <= t
        {
            self.replay(&a);
        }
        self.scan();
        self.sim.now() <= t && self.sim.stats().events == events
    }

    /// Goes back to the previous moment something was recorded (the ← key).
    pub fn step_back(&mut self) -> bool {
        let now = self.sim.now();
        let prev = self.sim.trace().times().rev().find(|&t| t < now);
        match prev {
            Some(t) => self.seek(t),
            None if now > 0 => self.seek(0),
            None => false,
        }
    }

    /// A user action now. If we had scrubbed back, the timeline forks: later snapshots,
    /// actions and markers are dropped.
    pub fn command(&mut self, pid: Pid, command: Command) -> Result<(), String> {
        let t = self.sim.now();
        let events = self.sim.stats().events;
        self.fork();
        self.sim.apply(pid, &command)?;
        self.commands.push(UserCommand {
            t,
            events,
            pid,
            command,
        });
        self.applied = self.commands.len();
        self.scan();
        Ok(())
    }

    /// Drops everything recorded after the current moment.
    pub fn fork(&mut self) {
        let t = self.sim.now();
        let events = self.sim.stats().events;
        let len = self.sim.trace().len();
        self.commands.truncate(self.applied);
        self.saved.retain(|s| s.events <= events && s.t <= t);
        self.markers.retain(|&(i, _)| i < len);
        for ts in self.gave_up.values_mut() {
            ts.retain(|&x| x <= t);
        }
        self.horizon = t;
    }

    pub fn commands(&self) -> &[UserCommand] {
        &self.commands
    }

    pub fn snapshot_count(&self) -> usize {
        self.saved.len()
    }

    #[cfg(test)]
    pub fn set_snapshot_budget(&mut self, bytes: usize) {
        self.snapshot_budget = bytes;
        self.thin();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = include_str!("../../scenarios/cache_one_for_one.json");

    fn timeline() -> Timeline {
        Timeline::new(Scenario::from_json(JSON).expect("valid"))
    }

    #[test]
    fn scrub_back_and_forward_gives_the_same_state() {
        let mut c = timeline();
        assert!(c.run_to(1_500_000, u64::MAX));
        let cache_after = c.sim.pid_of("cache");
        let len_after = c.sim.trace().len();
        assert!(c.seek(500_000));
        assert_eq!(c.now(), 500_000);
        let cache_before = c.sim.pid_of("cache");
        assert_ne!(cache_before, cache_after, "the cache was restarted at 1 s");
        assert!(c.seek(1_500_000));
        assert_eq!(c.sim.pid_of("cache"), cache_after);
        assert_eq!(c.sim.trace().len(), len_after);
        assert!(c.markers().any(|m| m.kind == MarkerKind::Restart));
    }

    /// The cache scenario at 400 ms, just after the user killed the cache (and its pid).
    fn killed_cache_at_400ms() -> (Timeline, Pid) {
        let mut a = timeline();
        a.seek(400_000);
        let pid = a.sim.pid_of("cache").expect("running");
        a.command(
            pid,
            Command::Exit {
                reason: ":kill".into(),
            },
        )
        .expect("applies");
        (a, pid)
    }

    #[test]
    fn recorded_actions_replay_to_the_same_moment() {
        let (mut a, pid) = killed_cache_at_400ms();
        a.seek(900_000);
        let mut b = Timeline::with_commands(a.scenario.clone(), a.commands().to_vec());
        b.seek(900_000);
        assert_eq!(b.sim.trace(), a.sim.trace());
        assert_ne!(b.sim.pid_of("cache"), Some(pid), "the kill was replayed");
    }

    #[test]
    fn an_exact_position_inside_a_burst_is_reached_again() {
        let (mut a, _) = killed_cache_at_400ms();
        // Step a few events: the restart happens in a burst at nearly one instant.
        for _ in 0..5 {
            a.step_event();
        }
        let (t, events) = (a.now(), a.sim.stats().events);
        let mut b = Timeline::with_commands(a.scenario.clone(), a.commands().to_vec());
        assert!(b.seek_exact(t, events));
        assert_eq!(b.sim.stats().events, events);
        assert_eq!(b.sim.trace(), a.sim.trace());
        assert_eq!(b.sim.tree(), a.sim.tree());
    }

    /// A kill made at a moment reached by scrubbing (the clock past the last event) and
    /// then a few steps: replaying must apply the kill at the same virtual time, not at the
    /// earlier time its event count was first reached.
    #[test]
    fn an_action_after_a_scrub_replays_at_its_time() {
        let json = include_str!("../../scenarios/pipeline_rest_for_one.json");
        let mut a = Timeline::new(Scenario::from_json(json).unwrap());
        a.seek(600_000);
        let pid = a.sim.pid_of("producer").unwrap();
        a.command(
            pid,
            Command::Exit {
                reason: ":kill".into(),
            },
        )
        .unwrap();
        for _ in 0..4 {
            a.step_event();
        }
        let (t, events) = (a.now(), a.sim.stats().events);
        let mut b = Timeline::with_commands(a.scenario.clone(), a.commands().to_vec());
        assert!(b.seek_exact(t, events));
        assert_eq!(b.sim.trace(), a.sim.trace());
        assert_eq!(b.sim.tree(), a.sim.tree());
        // Scrubbing back before the kill and forward again replays it the same way.
        a.seek(300_000);
        a.seek(t);
        b.seek(t);
        assert_eq!(a.sim.tree(), b.sim.tree());
    }

    #[test]
    fn a_supervisor_that_gives_up_is_known_by_its_id() {
        let json = include_str!("../../scenarios/intensity_gives_up.json");
        let mut c = Timeline::new(Scenario::from_json(json).expect("valid"));
        c.run_to(2_000_000, u64::MAX);
        let g = c.gave_up_at(c.now());
        assert!(g.contains_key("flaky_sup"), "{g:?}");
        assert!(c.markers().any(|m| m.kind == MarkerKind::GaveUp));
    }

    #[test]
    fn user_actions_replay_after_scrubbing_and_fork_drops_the_future() {
        let mut c = timeline();
        c.run_to(300_000, u64::MAX);
        let pid = c.sim.pid_of("client_a").expect("alive");
        c.command(
            pid,
            Command::Exit {
                reason: ":kill".into(),
            },
        )
        .expect("applies");
        c.run_to(600_000, u64::MAX);
        let after = c.sim.pid_of("client_a");
        assert_ne!(after, Some(pid));
        let trace = c.sim.trace().len();
        c.seek(100_000);
        assert_eq!(c.sim.pid_of("client_a"), Some(pid));
        c.seek(600_000);
        assert_eq!(c.sim.pid_of("client_a"), after, "the kill was replayed");
        assert_eq!(c.sim.trace().len(), trace);
        // Fork: act at 200 ms; the old kill at 300 ms is gone.
        c.seek(200_000);
        let b = c.sim.pid_of("client_b").expect("alive");
        c.command(b, Command::Suspend).expect("applies");
        assert_eq!(c.commands().len(), 1);
        c.seek(600_000);
        assert_eq!(
            c.sim.pid_of("client_a"),
            Some(pid),
            "no kill on this branch"
        );
    }

    #[test]
    fn step_event_adds_one_trace_event_or_more() {
        let mut c = timeline();
        let before = c.sim.trace().len();
        assert!(c.step_event());
        assert!(c.sim.trace().len() > before);
        let t = c.now();
        c.step_back();
        assert!(c.now() <= t);
    }

    /// 3,000 idle workers and a few busy clients: big enough that snapshots cost.
    fn wide() -> Timeline {
        let json = r#"{"name": "wide", "seed": 3, "duration_ms": 3000, "tree": {
            "type": "supervisor", "id": "root", "children": [
              {"type": "worker", "id": "hot", "name": "Hot", "behaviour": {"kind": "server", "service_us": 50}},
              {"type": "dynamic_supervisor", "id": "pool", "children": [
                {"template": {"type": "worker", "id": "w", "behaviour": {"kind": "counter"}}, "count": 3000}]},
              {"type": "supervisor", "id": "clients", "children": [
                {"template": {"type": "worker", "id": "c", "behaviour": {"kind": "client", "target": "Hot", "interval_us": 2000}}, "count": 20}]}
            ]}}"#;
        Timeline::new(Scenario::from_json(json).expect("valid"))
    }

    /// Snapshots share the processes that did not change: once the workers are started,
    /// a snapshot costs far less than a full copy.
    #[test]
    fn snapshots_share_unchanged_processes() {
        let mut tl = wide();
        tl.run_to(3_000_000, u64::MAX);
        let full = tl.saved.last().map(|s| s.snap.copied_bytes(None)).unwrap();
        let late: Vec<usize> = tl.saved.iter().skip(5).map(|s| s.copied_bytes).collect();
        assert!(!late.is_empty());
        assert!(
            late.iter().all(|&b| b * 20 < full),
            "a late snapshot copies a twentieth of a full one at most: {late:?} vs {full}"
        );
    }

    /// In a big tree, snapshots are a process count of events apart, whatever the virtual
    /// time: not one at each 100 ms of a busy run.
    #[test]
    fn a_big_tree_is_saved_by_its_events_not_by_virtual_time() {
        let json = include_str!("../../crates/sim/tests/scale/hundred_thousand.json");
        let mut tl = Timeline::new(Scenario::from_json(json).expect("valid"));
        tl.run_to(800_000, u64::MAX);
        let n = tl.sim.process_count() as u64;
        assert!(n > 50_000, "{n} processes");
        let at: Vec<u64> = tl.saved.iter().map(|s| s.events).collect();
        // Once the tree is up (while it grows, the gap grows with it).
        let up: Vec<u64> = at.iter().copied().filter(|&e| e > 3 * n).collect();
        assert!(up.len() >= 4, "{at:?}");
        for w in up.windows(2) {
            assert!(w[1] - w[0] >= n, "{at:?}");
        }
        // Scrubbing back still lands exactly.
        let events = tl.sim.stats().events;
        tl.seek(200_000);
        tl.seek(800_000);
        assert_eq!(tl.sim.stats().events, events);
    }

    /// Under a small budget the store thins out, keeps the first and the last snapshot,
    /// and scrubbing still lands on exactly the state a straight run has.
    #[test]
    fn the_snapshot_store_keeps_to_its_budget_and_scrubs_exactly() {
        let mut tl = wide();
        tl.set_snapshot_budget(600_000);
        tl.run_to(3_000_000, u64::MAX);
        assert!(tl.snapshot_bytes() <= 600_000 || tl.snapshot_count() == 2);
        assert!(tl.snapshot_count() >= 2);
        assert_eq!(tl.saved[0].t, 0, "the first snapshot is kept");
        let end_digest = tl.sim.trace().digest();
        assert!(tl.seek(1_234_000));
        let mut straight = wide();
        straight.run_to(1_234_000, u64::MAX);
        assert_eq!(tl.sim.trace().len(), straight.sim.trace().len());
        assert_eq!(tl.sim.trace().digest(), straight.sim.trace().digest());
        assert!(tl.seek(3_000_000));
        assert_eq!(tl.sim.trace().digest(), end_digest);
    }

    /// In timed slices (`run_holding`), snapshots thinned out of the store are freed a part
    /// at a time, at most `shed_per_step` processes a step; a plain run frees them at once.
    #[test]
    fn thinned_snapshots_are_freed_a_part_at_a_time_in_timed_slices() {
        let mut tl = wide();
        tl.set_snapshot_budget(600_000);
        tl.shed_per_step = 500;
        let (mut most, mut steps) = (0, 0);
        loop {
            let before = tl.trash_processes();
            let reached = tl.run_holding(3_000_000, 2_000, true);
            // What this step freed (what it thinned out is added after).
            let freed = before.saturating_sub(tl.trash_processes());
            assert!(freed <= 500 + 64, "{freed} processes freed in one step");
            most = most.max(tl.trash_processes());
            steps += 1;
            if reached {
                break;
            }
        }
        assert!(
            most > 3_000,
            "whole snapshots of 3,000 processes waited: {most}"
        );
        assert!(steps > 10);
        tl.run_to(3_000_000, u64::MAX);
        assert_eq!(tl.trash_processes(), 0, "a plain run frees them at once");
        // Scrubbing is exact as ever.
        let end_digest = tl.sim.trace().digest();
        assert!(tl.seek(1_234_000));
        let mut straight = wide();
        straight.run_to(1_234_000, u64::MAX);
        assert_eq!(tl.sim.trace().digest(), straight.sim.trace().digest());
        assert!(tl.seek(3_000_000));
        assert_eq!(tl.sim.trace().digest(), end_digest);
    }

    /// Over its budget, each save drops about one snapshot (never half the store at once),
    /// and what is kept stays spread over the run: no gap between two kept snapshots is
    /// more than a few times the average.
    #[test]
    fn the_store_thins_one_snapshot_at_a_time_and_stays_spread() {
        // A budget a little under what the whole run's snapshots take: thinning starts
        // with a store of many.
        let mut all = wide();
        all.run_to(3_000_000, u64::MAX);
        assert!(all.snapshot_count() >= 20, "{}", all.snapshot_count());
        let mut tl = wide();
        tl.set_snapshot_budget(all.snapshot_bytes() * 4 / 5);
        let mut count = 0;
        let mut t = 0;
        while t < 3_000_000 {
            t += 50_000;
            tl.run_to(t, u64::MAX);
            let now = tl.snapshot_count();
            assert!(now + 2 >= count, "{count} -> {now} snapshots in one step");
            assert!(tl.snapshot_bytes() <= all.snapshot_bytes() * 4 / 5);
            count = now;
        }
        let events: Vec<u64> = tl.saved.iter().map(|s| s.events).collect();
        let span = events[events.len() - 1] - events[0];
        let widest = events.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(
            widest * (events.len() as u64 - 1) <= span * 4,
            "evenly spread: {events:?}"
        );
    }
}
