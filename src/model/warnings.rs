//! Live warnings: the syllabus's red flags, said in its words the moment their condition
//! holds in the running system, each with the lesson that explains it. A pure function of
//! the timeline at its current moment, so a warning is right after a scrub, and the same
//! moment always shows the same warnings. While a run plays, the window of the trace they
//! read is kept (`WindowAcc`): entries are added as they come and taken off as they leave.

use crate::model::logtext::node_label;
use crate::model::pid_vec::PidVec;
use otp_sim::scenario::{Behaviour, ChildSpec, ClientMode};
use otp_sim::trace::{Brief, Event};
use otp_sim::{Time, TreeNode};
use std::collections::VecDeque;
use std::rc::Rc;

/// A mailbox this long that keeps growing marks a bottleneck.
pub const BACKLOG: usize = 10;
/// How far back a mailbox's growth is measured (virtual µs).
pub const GROWTH_WINDOW_US: Time = 1_000_000;
/// How far back timeouts are counted (virtual µs).
pub const TIMEOUT_WINDOW_US: Time = 5_000_000;
/// Most trace entries read per evaluation: a busy run's window is cut short rather than
/// slowing a frame.
pub const SCAN_LIMIT: usize = 200_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What it is about and which kind, stable while it holds (a key for the view).
    pub key: String,
    pub text: String,
    /// The lesson (slug) that explains it.
    pub lesson: &'static str,
}

/// What the trace says about the last moments before `now`.
#[derive(Default, Debug, PartialEq)]
struct Window {
    /// Per process: messages that arrived and messages taken, in the growth window.
    arrived: PidVec<u64>,
    taken: PidVec<u64>,
    /// The virtual time the growth window really covers (less at the start of a run, or
    /// when the scan limit cut it short).
    growth_span: Time,
    /// Per caller: calls that timed out in the timeout window.
    timeouts: PidVec<u64>,
    /// Per parent: processes it spawned in the timeout window (tasks, for a client).
    spawned: PidVec<u64>,
    /// Tables the runtime deleted with their owner in the timeout window, newest first.
    lost_tables: Vec<Rc<str>>,
}

fn window(trace: &otp_sim::Trace, now: Time) -> Window {
    let mut w = Window::default();
    let growth_from = now.saturating_sub(GROWTH_WINDOW_US);
    let timeout_from = now.saturating_sub(TIMEOUT_WINDOW_US);
    let mut oldest = now;
    let len = trace.len();
    for (t, b) in trace.briefs(len.saturating_sub(SCAN_LIMIT)..len).rev() {
        if t < timeout_from {
            break;
        }
        match b {
            Brief::Deliver { to, .. } if t >= growth_from => {
                w.arrived.add(to);
                oldest = t;
            }
            Brief::Receive { pid, .. } if t >= growth_from => {
                w.taken.add(pid);
                oldest = t;
            }
            Brief::CallTimeout { pid } => w.timeouts.add(pid),
            Brief::Rare(e) => match e.kind {
                Event::Spawn { parent, .. } => w.spawned.add(parent),
                Event::EtsDelete { ref table, .. } if !w.lost_tables.contains(table) => {
                    w.lost_tables.push(table.clone())
                }
                _ => {}
            },
            _ => {}
        }
    }
    w.growth_span = now.saturating_sub(oldest.max(growth_from));
    w
}

/// The trace's window (`window`) kept between refreshes while the run goes forward: each
/// refresh adds the entries since the last and drops those that left the window, instead
/// of re-reading its 5 s (in a busy run ~200,000 entries, ~6 ms natively, in the frame
/// that draws the log: docs/benchmarks.md, "Frames, 2026-12-03 evening"). The counts are
/// the same either way (tested); a trace cut back (a scrub) is read afresh, and the state
/// drops it on any action but a frame.
#[derive(Clone, Debug, Default)]
pub struct WindowAcc {
    /// The next entry to read, and the time of the one before it (a trace cut back and
    /// run again no longer has it there).
    next: usize,
    last_t: Option<Time>,
    /// Entries before these have left the window (timeouts, spawns and tables; messages
    /// arrived and taken) and were taken off the counts.
    lo: usize,
    lo_growth: usize,
    arrived: PidVec<u64>,
    taken: PidVec<u64>,
    timeouts: PidVec<u64>,
    spawned: PidVec<u64>,
    /// Tables deleted with their owner in the window, oldest first, with their entry.
    tables: VecDeque<(usize, Rc<str>)>,
}

impl WindowAcc {
    /// Starts at the window's first entry as `window` finds it (the trace's times only
    /// grow, so that is where they reach `timeout_from`, within the scan limit).
    fn new(trace: &otp_sim::Trace, now: Time) -> WindowAcc {
        let len = trace.len();
        // The first entry at or after `from`, from `floor` on (binary search on the times).
        let first = |floor: usize, from: Time| {
            let (mut a, mut b) = (floor, len);
            while a < b {
                let mid = a + (b - a) / 2;
                if trace.time_at(mid).is_some_and(|t| t < from) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            a
        };
        let lo = first(
            len.saturating_sub(SCAN_LIMIT),
            now.saturating_sub(TIMEOUT_WINDOW_US),
        );
        // Messages before the growth window are never counted (not counted, then taken off:
        // that made a fresh window three times slower than `window`).
        let lo_growth = first(lo, now.saturating_sub(GROWTH_WINDOW_US));
        WindowAcc {
            next: lo,
            lo,
            lo_growth,
            ..WindowAcc::default()
        }
    }

    /// `acc` made ready to read `trace` at `now`: read on from where it stopped if it fits
    /// and is less than [`SCAN_LIMIT`] entries behind, else made afresh (a fresh window reads
    /// at most that many, where reading on through millions of entries, as after a second
    /// of a 100,000-process run ahead, took 22 ms natively).
    fn fitted<'a>(
        acc: &'a mut Option<WindowAcc>,
        trace: &otp_sim::Trace,
        now: Time,
    ) -> &'a mut WindowAcc {
        match acc.take() {
            Some(a) if a.fits(trace) && trace.len() - a.next <= SCAN_LIMIT => acc.insert(a),
            _ => acc.insert(WindowAcc::new(trace, now)),
        }
    }

    fn fits(&self, trace: &otp_sim::Trace) -> bool {
        self.next <= trace.len()
            && match self.next.checked_sub(1) {
                Some(i) => trace.time_at(i) == self.last_t,
                None => true,
            }
    }

    /// Reads the new entries, drops those that left the window, and says what it holds.
    fn window(&mut self, trace: &otp_sim::Trace, now: Time) -> Window {
        let len = trace.len();
        // In brief: rebuilding each send cloned its message (docs/benchmarks.md, "Frames,
        // 2026-12-04").
        for (i, (t, b)) in trace.briefs(self.next..len).enumerate() {
            let counted = self.next + i >= self.lo_growth;
            match b {
                Brief::Deliver { to, .. } if counted => self.arrived.add(to),
                Brief::Receive { pid, .. } if counted => self.taken.add(pid),
                Brief::CallTimeout { pid } => self.timeouts.add(pid),
                Brief::Rare(e) => match e.kind {
                    Event::Spawn { parent, .. } => self.spawned.add(parent),
                    Event::EtsDelete { ref table, .. } => {
                        self.tables.push_back((self.next + i, table.clone()));
                    }
                    _ => {}
                },
                _ => {}
            }
            self.last_t = Some(t);
        }
        self.next = len;
        let growth_from = now.saturating_sub(GROWTH_WINDOW_US);
        let timeout_from = now.saturating_sub(TIMEOUT_WINDOW_US);
        let floor = len.saturating_sub(SCAN_LIMIT);
        // Entries that left the timeout window (or the scan limit).
        while self.lo < len
            && (self.lo < floor || trace.time_at(self.lo).is_some_and(|t| t < timeout_from))
        {
            match trace.brief_at(self.lo) {
                Some((_, Brief::CallTimeout { pid })) => self.timeouts.take_off(pid),
                Some((_, Brief::Rare(e))) => match e.kind {
                    Event::Spawn { parent, .. } => self.spawned.take_off(parent),
                    Event::EtsDelete { .. } => {
                        self.tables.pop_front();
                    }
                    _ => {}
                },
                _ => {}
            }
            self.lo += 1;
        }
        // ...and the growth window, which lies inside it.
        while self.lo_growth < len
            && (self.lo_growth < self.lo
                || trace
                    .time_at(self.lo_growth)
                    .is_some_and(|t| t < growth_from))
        {
            match trace.brief_at(self.lo_growth) {
                Some((_, Brief::Deliver { to, .. })) => self.arrived.take_off(to),
                Some((_, Brief::Receive { pid, .. })) => self.taken.take_off(pid),
                _ => {}
            }
            self.lo_growth += 1;
        }
        // The oldest message arrived or taken in the growth window.
        let oldest = trace
            .briefs(self.lo_growth..len)
            .find(|(_, b)| matches!(b, Brief::Deliver { .. } | Brief::Receive { .. }))
            .map_or(now, |(t, _)| t);
        let mut lost_tables: Vec<Rc<str>> = Vec::new();
        for (_, table) in self.tables.iter().rev() {
            if !lost_tables.contains(table) {
                lost_tables.push(table.clone());
            }
        }
        Window {
            arrived: self.arrived.clone(),
            taken: self.taken.clone(),
            growth_span: now.saturating_sub(oldest.max(growth_from)),
            timeouts: self.timeouts.clone(),
            spawned: self.spawned.clone(),
            lost_tables,
        }
    }
}

/// The warnings that hold at the timeline's current moment, for the tree's nodes (`flat`,
/// in tree order), in tree order.
pub fn warnings(sim: &otp_sim::Sim, flat: &[&TreeNode]) -> Vec<Warning> {
    from_window(sim, flat, &window(sim.trace(), sim.now()))
}

/// The same warnings, reading only what `acc` has not read yet when it fits this trace
/// (else it is made afresh): see `WindowAcc`.
pub fn warnings_with(
    acc: &mut Option<WindowAcc>,
    sim: &otp_sim::Sim,
    flat: &[&TreeNode],
) -> Vec<Warning> {
    let (trace, now) = (sim.trace(), sim.now());
    let w = WindowAcc::fitted(acc, trace, now).window(trace, now);
    from_window(sim, flat, &w)
}

fn from_window(sim: &otp_sim::Sim, flat: &[&TreeNode], w: &Window) -> Vec<Warning> {
    let (unsupervised_tasks, stateless) = red_flags(&sim.scenario().tree);
    let mut out = Vec::new();
    for table in &w.lost_tables {
        out.push(Warning {
            key: format!("ets-lost:{table}"),
            text: format!(
                "The ETS table :{table} died with its owner: until the restarted owner creates \
                 it again, every read raises ArgumentError, and whatever it held is gone. A \
                 table that must outlive a crash needs an owner that does nothing else (or an heir)."
            ),
            lesson: "ets-dets-mnesia",
        });
    }
    // Callers whose calls time out: one warning for all of them (many callers of one slow
    // server would otherwise fill the screen).
    let mut timing_out: Vec<(Rc<str>, Rc<str>, u64)> = Vec::new();
    for n in flat {
        let label = node_label(n);
        if let Some(i) = n.intensity
            && n.pid.is_some()
            && !i.gave_up
            && i.recent > 0
            && i.recent >= i.max_restarts
        {
            out.push(Warning {
                key: format!("intensity:{}", n.id),
                text: format!(
                    "One more crash within {s} s and {label} gives up ({r}/{m} restarts in {s} s): \
                     it exits, and its own supervisor has to deal with that.",
                    s = i.max_seconds,
                    r = i.recent,
                    m = i.max_restarts
                ),
                lesson: "supervision-strategies",
            });
        }
        let Some(pid) = n.pid else { continue };
        let (arrived, taken) = (w.arrived.get(pid), w.taken.get(pid));
        if n.mailbox >= BACKLOG && arrived > taken && w.growth_span > 0 {
            let rate = (arrived - taken) as f64 * 1e6 / w.growth_span as f64;
            out.push(Warning {
                key: format!("backlog:{}", n.id),
                text: format!(
                    "{label}'s mailbox grows faster than it drains (+{rate:.0} msg/s, {} waiting): \
                     every caller queues behind this one process — it is a bottleneck.",
                    n.mailbox
                ),
                lesson: "iron-law",
            });
        }
        if let t @ 1.. = w.timeouts.get(pid) {
            timing_out.push((n.id.clone(), label.clone(), t));
        }
        if stateless.binary_search(&&*n.id).is_ok() && taken > 0 {
            out.push(Warning {
                key: format!("stateless:{}", n.id),
                text: format!(
                    "{label} is a GenServer wrapping stateless work: it protects no state, it \
                     only makes every caller wait its turn for one process on one scheduler. \
                     A plain function would run in the callers, in parallel."
                ),
                lesson: "decision-tree",
            });
        }
        if unsupervised_tasks.binary_search(&&*n.id).is_ok() && w.spawned.get(pid) > 0 {
            out.push(Warning {
                key: format!("task-async:{}", n.id),
                text: format!(
                    "{label} starts its tasks with Task.async: no supervisor knows them, so \
                     nobody limits, lists or shuts them down, and a task's crash kills {label} \
                     too. Start them under a Task.Supervisor."
                ),
                lesson: "task-supervisor",
            });
        }
    }
    if let Some(w) = timeouts_warning(&timing_out) {
        out.push(w);
    }
    out
}

fn timeouts_warning(callers: &[(Rc<str>, Rc<str>, u64)]) -> Option<Warning> {
    let secs = TIMEOUT_WINDOW_US / 1_000_000;
    match callers {
        [] => None,
        [(id, label, t)] => Some(Warning {
            key: format!("timeouts:{id}"),
            text: format!(
                "Calls from {label} are timing out ({t} in the last {secs} s): the process it \
                 calls cannot answer in time."
            ),
            lesson: "iron-law",
        }),
        [(_, a, _), (_, b, _), rest @ ..] => {
            let total: u64 = callers.iter().map(|c| c.2).sum();
            let who = match rest.len() {
                0 => format!("{a} and {b}"),
                1 => format!("{a}, {b} and {}", rest[0].1),
                n => format!("{a}, {b} and {n} other processes"),
            };
            Some(Warning {
                key: "timeouts:*".into(),
                text: format!(
                    "Calls from {who} are timing out ({total} in the last {secs} s): the \
                     processes they call cannot answer in time."
                ),
                lesson: "iron-law",
            })
        }
    }
}

/// Red flags the scenario states in its specs, anywhere in the tree: the ids of the clients
/// that start unsupervised tasks (`Task.async`), and of the servers declared stateless.
fn red_flags(spec: &ChildSpec) -> (Vec<&str>, Vec<&str>) {
    // Sorted lists searched by halving rather than sets: the first load carries no B-tree
    // code for them (a big tree can name 100,000 clients, hence no linear search).
    let (mut tasks, mut stateless) = (Vec::new(), Vec::new());
    let mut stack = vec![spec];
    while let Some(s) = stack.pop() {
        if let ChildSpec::Worker(wk) = s {
            match &wk.behaviour {
                Behaviour::Client(c) if c.mode == ClientMode::Async => {
                    tasks.push(wk.id.as_str());
                }
                Behaviour::Server {
                    stateless: true, ..
                } => {
                    stateless.push(wk.id.as_str());
                }
                _ => {}
            }
        }
        stack.extend(s.children());
    }
    for ids in [&mut tasks, &mut stateless] {
        otp_sim::sort::sort(ids);
        ids.dedup();
    }
    (tasks, stateless)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::frame::flatten;
    use crate::model::scenarios::BUILTIN;
    use otp_sim::{Scenario, Sim};

    /// The warnings at every `step` µs of a scenario's run, with their times.
    fn over_run(json: &str, step: Time) -> Vec<(Time, Warning)> {
        let sc = Scenario::from_json(json).expect("valid");
        let end = sc.duration_ms * 1000;
        let mut sim = Sim::new(&sc);
        let mut seen = Vec::new();
        let mut t = step;
        while t <= end {
            sim.run_until(t);
            let tree = sim.tree();
            let mut flat = Vec::new();
            flatten(&tree, &mut flat);
            seen.extend(warnings(&sim, &flat).into_iter().map(|w| (t, w)));
            t += step;
        }
        seen
    }

    fn lesson(name: &str) -> String {
        let path = format!(
            "{}/lessons/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).expect("the lesson scenario exists")
    }

    fn big_200() -> String {
        BUILTIN
            .iter()
            .find(|(f, _)| f.starts_with("big_200"))
            .map(|(_, j)| j.to_string())
            .expect("big_200")
    }

    /// The window read on from where it stopped is the window read afresh, at every step
    /// of a run (irregular steps, as frames and refreshes are), in runs that time out,
    /// lose a table, spawn tasks, and one busy enough for the scan limit to cut the window.
    #[test]
    fn the_window_read_on_equals_the_window_read_afresh() {
        let big = big_200();
        let runs = [
            (lesson("calculator_genserver"), 7_000_000),
            (lesson("ets_owner_dies"), 3_000_000),
            (lesson("task_async_caller_crash"), 3_000_000),
            (lesson("iron_law_bottleneck"), 8_000_000),
            (big, 6_500_000),
        ];
        let mut capped = false;
        for (json, until) in runs {
            let sc = Scenario::from_json(&json).expect("valid");
            let mut sim = Sim::new(&sc);
            let mut acc: Option<WindowAcc> = None;
            let (mut t, mut k, mut read_on) = (0, 0u64, 0);
            while t < until {
                k += 1;
                t += [16_667, 250_000, 500_000, 1_300_000][(k % 4) as usize];
                sim.run_until(t);
                let trace = sim.trace();
                read_on += usize::from(acc.as_ref().is_some_and(|a| a.fits(trace)));
                let a = WindowAcc::fitted(&mut acc, trace, sim.now());
                assert_eq!(
                    a.window(trace, sim.now()),
                    window(trace, sim.now()),
                    "at {t}"
                );
                capped |= a.lo == trace.len().saturating_sub(SCAN_LIMIT) && a.lo > 0;
            }
            assert!(read_on + 1 >= k as usize, "read on, not afresh");
        }
        assert!(capped, "the scan limit was reached");
    }

    /// More than the scan limit behind (as after a second of a 100,000-process run ahead),
    /// the window starts afresh, and holds what reading on would.
    #[test]
    fn far_behind_the_window_starts_afresh_and_holds_the_same() {
        let big = big_200();
        let sc = Scenario::from_json(&big).expect("valid");
        let mut sim = Sim::new(&sc);
        sim.run_until(1_000_000);
        let mut acc = None;
        WindowAcc::fitted(&mut acc, sim.trace(), sim.now()).window(sim.trace(), sim.now());
        let read_to = acc.as_ref().map(|a| a.next).expect("made");
        sim.run_until(6_000_000);
        let trace = sim.trace();
        assert!(trace.len() - read_to > SCAN_LIMIT, "far behind");
        let a = WindowAcc::fitted(&mut acc, trace, sim.now());
        assert!(
            a.next >= trace.len() - SCAN_LIMIT,
            "afresh, within the scan limit"
        );
        assert_eq!(a.window(trace, sim.now()), window(trace, sim.now()));
    }

    #[test]
    fn warnings_read_on_after_a_scrub_back_are_the_warnings_read_afresh() {
        let json = lesson("calculator_genserver");
        let sc = Scenario::from_json(&json).expect("valid");
        let mut tl = crate::model::timeline::Timeline::new(sc);
        let mut acc = None;
        let flat_of = |tl: &crate::model::timeline::Timeline| tl.sim.tree();
        for (t, back) in [
            (3_000_000, false),
            (6_000_000, false),
            (2_000_000, true),
            (2_600_000, false),
        ] {
            if back {
                tl.seek(t);
            } else {
                tl.run_to(t, u64::MAX);
            }
            let tree = flat_of(&tl);
            let mut flat = Vec::new();
            flatten(&tree, &mut flat);
            assert_eq!(
                warnings_with(&mut acc, &tl.sim, &flat),
                warnings(&tl.sim, &flat),
                "at {t}"
            );
        }
    }

    #[test]
    fn healthy_built_in_scenarios_raise_no_warning() {
        for (file, json) in BUILTIN {
            if *file == "intensity_gives_up.json" {
                continue; // made to give up: checked below
            }
            let seen = over_run(json, 50_000);
            assert!(seen.is_empty(), "{file}: {:?}", seen.first());
        }
    }

    #[test]
    fn a_supervisor_one_crash_from_giving_up_is_announced_before_it_gives_up() {
        let json = BUILTIN
            .iter()
            .find(|(f, _)| *f == "intensity_gives_up.json")
            .expect("built in")
            .1;
        let seen = over_run(json, 10_000);
        let first = seen
            .iter()
            .find(|(_, w)| w.key.starts_with("intensity:"))
            .expect("announced");
        assert!(first.1.text.contains("gives up"), "{}", first.1.text);
        // Announced before the supervisor reached its limit.
        let sc = Scenario::from_json(json).expect("valid");
        let mut sim = Sim::new(&sc);
        sim.run_until(sc.duration_ms * 1000);
        let gave_up = sim
            .trace()
            .rare_events()
            .find(|e| matches!(e.kind, Event::ReachedMaxRestartIntensity { .. }))
            .map(|e| e.t)
            .expect("it gives up");
        assert!(first.0 < gave_up, "{} vs {gave_up}", first.0);
    }

    #[test]
    fn a_growing_mailbox_is_called_a_bottleneck() {
        let seen = over_run(&lesson("iron_law_bottleneck"), 100_000);
        assert!(
            seen.iter()
                .any(|(_, w)| w.key.starts_with("backlog:") && w.lesson == "iron-law"),
            "{seen:?}"
        );
    }

    #[test]
    fn timed_out_calls_are_announced() {
        let seen = over_run(&lesson("calculator_genserver"), 100_000);
        assert!(
            seen.iter().any(|(_, w)| w.key.starts_with("timeouts:")),
            "{:?}",
            seen.iter().map(|(_, w)| &w.key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_table_lost_with_its_owner_is_announced() {
        let seen = over_run(&lesson("ets_owner_dies"), 100_000);
        let first = seen
            .iter()
            .find(|(_, w)| w.key.starts_with("ets-lost:"))
            .expect("announced");
        // Not before the owner died.
        let sc = Scenario::from_json(&lesson("ets_owner_dies")).expect("valid");
        let mut sim = Sim::new(&sc);
        sim.run_until(sc.duration_ms * 1000);
        let deleted = sim
            .trace()
            .rare_events()
            .find(|e| matches!(e.kind, Event::EtsDelete { .. }))
            .map(|e| e.t)
            .expect("the table is deleted");
        assert!(
            first.0 >= deleted && first.0 < deleted + 100_000,
            "{} vs {deleted}",
            first.0
        );
        assert_eq!(first.1.lesson, "ets-dets-mnesia");
    }

    #[test]
    fn unsupervised_tasks_are_announced_and_supervised_ones_are_not() {
        let linked = over_run(&lesson("task_async_caller_crash"), 100_000);
        assert!(
            linked.iter().any(|(_, w)| w.key.starts_with("task-async:")),
            "{linked:?}"
        );
        let nolink = over_run(&lesson("task_nolink_caller_survives"), 100_000);
        assert!(
            !nolink.iter().any(|(_, w)| w.key.starts_with("task-async:")),
            "{nolink:?}"
        );
    }

    #[test]
    fn a_stateless_genserver_is_announced_once_it_is_used() {
        let seen = over_run(&lesson("calculator_genserver"), 100_000);
        let first = seen
            .iter()
            .find(|(_, w)| w.key == "stateless:calculator")
            .expect("announced");
        assert_eq!(first.1.lesson, "decision-tree");
        // The same server not declared stateless raises no such warning.
        let plain =
            lesson("calculator_genserver").replace("\"stateless\": true", "\"stateless\": false");
        assert_ne!(plain, lesson("calculator_genserver"));
        assert!(
            !over_run(&plain, 100_000)
                .iter()
                .any(|(_, w)| w.key.starts_with("stateless:"))
        );
    }

    #[test]
    fn many_timing_out_callers_make_one_warning() {
        let seen = over_run(&lesson("iron_law_bottleneck"), 500_000);
        let last_moment = seen.iter().map(|(t, _)| *t).max().expect("warnings");
        let timeouts: Vec<_> = seen
            .iter()
            .filter(|(t, w)| *t == last_moment && w.key.starts_with("timeouts:"))
            .collect();
        assert_eq!(timeouts.len(), 1, "{timeouts:?}");
        assert!(
            timeouts[0].1.text.contains("other processes"),
            "{}",
            timeouts[0].1.text
        );
    }

    #[test]
    fn the_same_moment_gives_the_same_warnings() {
        let json = lesson("iron_law_bottleneck");
        assert_eq!(over_run(&json, 250_000), over_run(&json, 250_000));
    }
}
