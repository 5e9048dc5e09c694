//! Charts of the selected process over virtual time, read from the trace: its mailbox
//! length, the messages it handled per second, the share of the time it was busy handling
//! them (from each `receive`'s service time), its calls' latency (p50 and p99: a client's
//! own calls, or for a server the calls its clients made to it), a supervisor's restarts in
//! its intensity window against its limit, and the messages in flight in the whole system.
//! A pure function of the timeline at its current moment (so right after a scrub), over
//! `BUCKETS` equal slices of the run from 0 to its end; slices after now are empty. While a
//! run plays, the fold over the trace is kept (`ChartsAcc`) and read on from where it
//! stopped, with the same result as reading the trace from the start.

use crate::model::logtext::fmt_time;
use crate::model::pid_vec::PidVec;
use crate::model::timeline::Timeline;
use otp_sim::scenario::{Behaviour, ChildSpec};
use otp_sim::trace::{Brief, Event};
use otp_sim::{Pid, Time, TreeNode};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Slices of the run a chart has.
pub const BUCKETS: usize = 120;
/// Most trace entries read per build (the newest): an older part of a huge run is left out
/// rather than slowing a frame, and the chart says so.
pub const SCAN_LIMIT: usize = 400_000;
/// The messages-handled rate is averaged over this much virtual time (µs).
pub const RATE_WINDOW_US: Time = 250_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: &'static str,
    /// One value per slice; `None` where there is nothing to show (after now, or no call).
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub title: Rc<str>,
    /// What a value means, after the number ("messages", "/s", "µs").
    pub unit: &'static str,
    pub series: Vec<Series>,
    /// A limit drawn across (a supervisor's max_restarts).
    pub limit: Option<f64>,
    /// One sentence: the text alternative.
    pub summary: Rc<str>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Charts {
    /// The run's span the slices cover (0 to `end`) and where now falls.
    pub end: Time,
    pub now: Time,
    pub charts: Vec<Chart>,
    /// Entries older than this were not read (the scan limit): slices before it are empty.
    pub read_from: Time,
}

impl Charts {
    pub fn bucket_us(&self) -> Time {
        (self.end / BUCKETS as Time).max(1)
    }
}

/// The charts for `node` (the selected process), over the run up to now.
pub fn charts(tl: &Timeline, node: &TreeNode, end: Time) -> Charts {
    charts_with(&mut None, tl, node, end)
}

/// [`charts_with`]'s signature, as `State::charts` holds it.
pub type ChartsFn = fn(&mut Option<ChartsAcc>, &Timeline, &TreeNode, Time) -> Charts;

/// The same charts, reading only the trace entries `acc` has not read yet when it was made
/// for this process, slice width and trace (else it is made afresh). While a run plays,
/// the trace only grows, and a busy one grows by ~25,000 entries between two refreshes
/// while a refresh from the start re-read all of it (hundreds of thousands: the slowest
/// part of the charts' frame, docs/benchmarks.md). The fold is the same either way, so
/// the charts are equal to `charts` (tested).
pub fn charts_with(
    acc: &mut Option<ChartsAcc>,
    tl: &Timeline,
    node: &TreeNode,
    end: Time,
) -> Charts {
    let now = tl.sim.now();
    let end = end.max(now).max(1);
    let bucket = (end / BUCKETS as Time).max(1);
    let a = match acc.take() {
        Some(a) if a.fits(tl, node, bucket) => acc.insert(a),
        _ => acc.insert(ChartsAcc::new(tl, node, bucket)),
    };
    a.read(tl, node);
    a.charts(tl, node, end, now)
}

/// The charts' running fold over the trace for one process and one slice width: where it
/// has read to, and what it has counted per slice so far.
#[derive(Clone, Debug)]
pub struct ChartsAcc {
    id: Rc<str>,
    bucket: Time,
    /// The first entry read (the scan limit) and the next one to read.
    start: usize,
    next: usize,
    /// The time of the last entry read: a trace cut back and run again differently (a
    /// scrub, a branch) no longer has it there, and the fold starts over.
    last_t: Option<Time>,
    /// The slices' highest mailbox and in-flight count, as read (gaps not yet carried).
    queue: Vec<Option<f64>>,
    in_flight: Vec<Option<f64>>,
    handled: Vec<u64>,
    latencies: Vec<Vec<Time>>,
    restarts: Vec<Time>,
    flying: i64,
    q: usize,
    /// Its handling jobs as (start, end): a death cuts the last one short.
    jobs: Vec<(Time, Time)>,
    /// Who each pid is to this process, by pid number: a pid's child id never changes,
    /// and looking it up for every entry read was a large part of a refresh.
    who: PidVec<Who>,
}

/// What a pid is to the charted process (`ChartsAcc::who`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Who {
    /// Not looked up yet.
    #[default]
    Unknown,
    Itself,
    Client,
    Other,
}

impl ChartsAcc {
    fn new(tl: &Timeline, node: &TreeNode, bucket: Time) -> ChartsAcc {
        let start = tl.sim.trace().len().saturating_sub(SCAN_LIMIT);
        ChartsAcc {
            id: node.id.clone(),
            bucket,
            start,
            next: start,
            last_t: None,
            queue: vec![None; BUCKETS],
            in_flight: vec![None; BUCKETS],
            handled: vec![0; BUCKETS],
            latencies: vec![Vec::new(); BUCKETS],
            restarts: Vec::new(),
            flying: 0,
            q: 0,
            jobs: Vec::new(),
            who: PidVec::default(),
        }
    }

    /// Whether reading on from where it stopped gives what reading from the start would.
    fn fits(&self, tl: &Timeline, node: &TreeNode, bucket: Time) -> bool {
        let trace = tl.sim.trace();
        let len = trace.len();
        self.id == node.id
            && self.bucket == bucket
            && self.start == len.saturating_sub(SCAN_LIMIT)
            && self.next <= len
            && match self.next.checked_sub(1) {
                Some(i) => trace.time_at(i) == self.last_t,
                None => true,
            }
    }

    /// Reads the entries from where it stopped to the end of the trace.
    fn read(&mut self, tl: &Timeline, node: &TreeNode) {
        let sim = &tl.sim;
        let trace = sim.trace();
        let len = trace.len();
        let bucket = self.bucket;
        let slice = |t: Time| ((t / bucket) as usize).min(BUCKETS - 1);
        let id = self.id.clone();
        // The processes whose calls count as this one's (a server's clients), by child id.
        let clients = clients_of(&sim.scenario().tree, node);
        let look = |p: Pid| match tl.id_of(p) {
            Some(i) if *i == id => Who::Itself,
            Some(i) if clients.contains(&**i) => Who::Client,
            _ => Who::Other,
        };
        let mut who = std::mem::take(&mut self.who);
        // Looked up once per pid, then read from `who`.
        let mut who_is = |p: Pid| {
            let v = who.at(p);
            if *v == Who::Unknown {
                *v = look(p);
            }
            *v
        };
        // In brief: rebuilding each send cloned its message (docs/benchmarks.md, "Frames,
        // 2026-12-04").
        for (t, e) in trace.briefs(self.next..len) {
            let b = slice(t);
            match e {
                Brief::Send { from, to } if from != to => self.flying += 1,
                Brief::Deliver { to, queue } => {
                    self.flying -= 1;
                    if who_is(to) == Who::Itself {
                        self.q = queue;
                    }
                }
                Brief::Dropped { to } => {
                    self.flying -= 1;
                    if who_is(to) == Who::Itself {
                        self.q = self.q.saturating_sub(1);
                    }
                }
                Brief::Receive { pid, busy } if who_is(pid) == Who::Itself => {
                    self.q = self.q.saturating_sub(1);
                    self.handled[b] += 1;
                    if busy > 0 {
                        self.jobs.push((t, t.saturating_add(busy)));
                    }
                }
                Brief::CallReturned { pid, latency } if who_is(pid) != Who::Other => {
                    self.latencies[b].push(latency);
                }
                Brief::Rare(e) => match e.kind {
                    Event::Exit { pid, .. } if who_is(pid) == Who::Itself => {
                        self.q = 0;
                        if let Some(job) = self.jobs.last_mut() {
                            job.1 = job.1.min(t);
                        }
                    }
                    Event::Restarting { sup, .. } if who_is(sup) == Who::Itself => {
                        self.restarts.push(t)
                    }
                    _ => {}
                },
                _ => {}
            }
            // The slice's highest mailbox and in-flight count.
            let qv = self.q as f64;
            self.queue[b] = Some(self.queue[b].map_or(qv, |v: f64| v.max(qv)));
            let fv = self.flying.max(0) as f64;
            self.in_flight[b] = Some(self.in_flight[b].map_or(fv, |v: f64| v.max(fv)));
            self.last_t = Some(t);
        }
        self.next = len;
        self.who = who;
    }

    /// The charts from what was read, at `now`.
    fn charts(&mut self, tl: &Timeline, node: &TreeNode, end: Time, now: Time) -> Charts {
        let trace = tl.sim.trace();
        let bucket = self.bucket;
        let slice = |t: Time| ((t / bucket) as usize).min(BUCKETS - 1);
        let last = slice(now);
        let read_from = if self.start == 0 {
            0
        } else {
            trace.time_at(self.start).unwrap_or(0)
        };
        let clients = clients_of(&tl.sim.scenario().tree, node);
        // Slices with no event keep the level before them (up to now): on copies, since a
        // slice that is empty now may get entries at the next read.
        let mut queue = self.queue.clone();
        let mut in_flight = self.in_flight.clone();
        carry(&mut queue, last, slice(read_from));
        carry(&mut in_flight, last, slice(read_from));
        let (handled, restarts, jobs) = (&self.handled, &self.restarts, &self.jobs);
        let latencies = &mut self.latencies;

        let mut out = Vec::new();
        if node.pid.is_some() || node.restarts > 0 {
            let peak = queue.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
            out.push(Chart {
                title: "Mailbox length".into(),
                unit: "messages",
                series: vec![Series {
                    name: "queued",
                    values: queue.clone(),
                }],
                limit: None,
                summary: format!(
                    "Mailbox length: now {}, at most {peak:.0} so far.",
                    node.mailbox
                )
                .into(),
            });
            // Averaged over the last RATE_WINDOW_US (at least one slice): per slice, a server
            // slower than a slice would alternate between 0 and 1 message.
            let k = (RATE_WINDOW_US / bucket).max(1) as usize;
            let rate: Vec<Option<f64>> = (0..BUCKETS)
                .map(|b| {
                    (b <= last).then(|| {
                        let from = b.saturating_sub(k - 1);
                        let n: u64 = handled[from..=b].iter().sum();
                        n as f64 * 1e6 / ((b - from + 1) as Time * bucket) as f64
                    })
                })
                .collect();
            let total: u64 = handled.iter().sum();
            out.push(Chart {
                title: "Messages handled".into(),
                unit: "/s",
                series: vec![Series {
                    name: "handled",
                    values: rate,
                }],
                limit: None,
                summary: format!("Messages handled: {total} so far.").into(),
            });
            out.push(busy_chart(jobs, bucket, now, last, read_from));
        }
        if latencies.iter().any(|l| !l.is_empty()) {
            let (p50, p99): (Vec<_>, Vec<_>) = latencies
                .iter_mut()
                .map(|l| {
                    // The charts' latencies can be a million calls: the standard sort, which is
                    // only in the full bundle (as these charts are).
                    l.sort_unstable();
                    (pct(l, 50), pct(l, 99))
                })
                .unzip();
            let worst = p99.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
            out.push(Chart {
                title: if clients.is_empty() {
                    "Call latency".into()
                } else {
                    "Latency of calls to it".into()
                },
                unit: "µs",
                series: vec![
                    Series {
                        name: "p50",
                        values: p50,
                    },
                    Series {
                        name: "p99",
                        values: p99,
                    },
                ],
                limit: None,
                summary: format!(
                    "Call latency: p99 at most {} in a slice.",
                    fmt_time(worst as Time)
                )
                .into(),
            });
        }
        if let Some(i) = node.intensity {
            let window = Time::from(i.max_seconds) * 1_000_000;
            let values: Vec<Option<f64>> = (0..BUCKETS)
                .map(|b| {
                    (b <= last).then(|| {
                        let t = ((b as Time + 1) * bucket).min(now);
                        restarts
                            .iter()
                            .filter(|&&r| r <= t && r + window > t)
                            .count() as f64
                    })
                })
                .collect();
            out.push(Chart {
                title: format!("Restarts in the last {} s", i.max_seconds).into(),
                unit: "restarts",
                series: vec![Series {
                    name: "restarts",
                    values,
                }],
                limit: Some(f64::from(i.max_restarts)),
                summary: format!(
                    "Restarts in its {} s window: now {} of at most {}; {} in all.",
                    i.max_seconds,
                    i.recent,
                    i.max_restarts,
                    restarts.len()
                )
                .into(),
            });
        }
        let peak = in_flight.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
        out.push(Chart {
            title: "Messages in flight (whole system)".into(),
            unit: "messages",
            series: vec![Series {
                name: "in flight",
                values: in_flight,
            }],
            limit: None,
            summary: format!("Messages in flight in the whole system: at most {peak:.0}.").into(),
        });
        Charts {
            end,
            now,
            charts: out,
            read_from,
        }
    }
}

/// Fills the slices from `first` to `last` that had no event with the value before them.
/// The share of each slice (in %) the process spent on a scheduler handling messages,
/// up to now: 100 % is one scheduler kept busy the whole slice (a bottleneck's signature).
fn busy_chart(
    jobs: &[(Time, Time)],
    bucket: Time,
    now: Time,
    last: usize,
    read_from: Time,
) -> Chart {
    let mut busy = vec![0 as Time; BUCKETS];
    for &(from, to) in jobs {
        let to = to.min(now);
        let mut t = from;
        // Spread the job over the slices it spans (a slow job covers several).
        while t < to {
            let b = ((t / bucket) as usize).min(BUCKETS - 1);
            let edge = if b == BUCKETS - 1 {
                to
            } else {
                ((b as Time + 1) * bucket).min(to)
            };
            busy[b] += edge - t;
            t = edge;
        }
    }
    let first = ((read_from / bucket) as usize).min(BUCKETS - 1);
    let values: Vec<Option<f64>> = (0..BUCKETS)
        .map(|b| {
            (b <= last && b >= first).then(|| {
                let start = b as Time * bucket;
                // The slice now falls in counts only up to now.
                let span = if b == last {
                    now.saturating_sub(start)
                } else {
                    bucket
                };
                if span == 0 {
                    0.0
                } else {
                    (busy[b] as f64 * 100.0 / span as f64).min(100.0)
                }
            })
        })
        .collect();
    let total: Time = busy.iter().sum();
    let share = if now > read_from {
        total as f64 * 100.0 / (now - read_from) as f64
    } else {
        0.0
    };
    Chart {
        title: "Time busy".into(),
        unit: "%",
        series: vec![Series {
            name: "busy",
            values,
        }],
        limit: Some(100.0),
        summary: format!(
            "Time busy handling messages: {share:.0} % of the run so far ({} on a scheduler).",
            fmt_time(total)
        )
        .into(),
    }
}

fn carry(v: &mut [Option<f64>], last: usize, first: usize) {
    let mut prev = None;
    for (b, x) in v.iter_mut().enumerate().take(last + 1) {
        if b < first {
            continue;
        }
        match x {
            Some(val) => prev = Some(*val),
            None => *x = prev.or(Some(0.0)),
        }
    }
}

/// The `p`th percentile of sorted values (nearest rank).
fn pct(sorted: &[Time], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1) - 1;
    Some(sorted[rank.min(sorted.len() - 1)] as f64)
}

/// The child ids of the clients that call `node` by its registered name (empty unless it
/// is a server someone calls).
fn clients_of<'a>(tree: &'a ChildSpec, node: &TreeNode) -> BTreeSet<&'a str> {
    let mut ids = BTreeSet::new();
    let Some(name) = node.name.as_deref() else {
        return ids;
    };
    let mut stack = vec![tree];
    while let Some(s) = stack.pop() {
        if let ChildSpec::Worker(w) = s
            && let Behaviour::Client(c) = &w.behaviour
            && c.target == name
            && c.mode.calls()
        {
            ids.insert(w.id.as_str());
        }
        stack.extend(s.children());
    }
    ids
}

/// The series' highest value (at least 1, so a flat zero still has an axis).
pub fn peak(chart: &Chart) -> f64 {
    chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(chart.limit.unwrap_or(0.0), |a, &b| a.max(b))
        .max(1.0)
}

/// For tests and the text alternative: slice → value of a series, only where shown.
pub fn points(s: &Series) -> BTreeMap<usize, f64> {
    s.values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::frame::flatten;
    use otp_sim::Scenario;

    fn at(json: &str, t: Time, id: &str) -> Charts {
        let sc = Scenario::from_json(json).expect("valid");
        let end = sc.duration_ms * 1000;
        let mut tl = Timeline::new(sc);
        tl.run_to(t, u64::MAX);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let node = flat.iter().find(|n| &*n.id == id).expect("node");
        charts(&tl, node, end)
    }

    fn lesson(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/lessons/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("exists")
    }

    fn chart<'a>(c: &'a Charts, title: &str) -> &'a Chart {
        c.charts
            .iter()
            .find(|x| x.title.starts_with(title))
            .unwrap_or_else(|| {
                panic!(
                    "no chart {title}: {:?}",
                    c.charts.iter().map(|x| &x.title).collect::<Vec<_>>()
                )
            })
    }

    #[test]
    fn a_bottleneck_mailbox_climbs_and_its_calls_slow_down() {
        let json = lesson("iron_law_bottleneck");
        let c = at(&json, 2_000_000, "inventory");
        let q = points(&chart(&c, "Mailbox").series[0]);
        let (first, last) = (q.values().next().copied(), q.values().last().copied());
        assert!(last > first, "{q:?}");
        assert!(last.unwrap_or(0.0) >= 10.0, "{q:?}");
        // Nothing is drawn after now.
        let now_slice = (c.now / c.bucket_us()) as usize;
        assert!(q.keys().all(|&k| k <= now_slice));
        let lat = chart(&c, "Latency of calls to it");
        let p99 = points(&lat.series[1]);
        assert!(p99.values().last() > p99.values().next(), "{p99:?}");
    }

    #[test]
    fn a_bottleneck_is_busy_almost_all_the_time_and_its_callers_are_not() {
        let json = lesson("iron_law_bottleneck");
        let c = at(&json, 2_000_000, "inventory");
        let busy = chart(&c, "Time busy");
        assert_eq!(busy.unit, "%");
        let p = points(&busy.series[0]);
        // Saturated: the slices before now are (nearly) all busy.
        let now_slice = (c.now / c.bucket_us()) as usize;
        let late: Vec<f64> = p
            .iter()
            .filter(|&(&k, _)| k + 10 < now_slice && k > now_slice / 2)
            .map(|(_, &v)| v)
            .collect();
        assert!(!late.is_empty() && late.iter().all(|&v| v > 95.0), "{p:?}");
        assert!(p.values().all(|&v| (0.0..=100.0).contains(&v)));
    }

    #[test]
    fn time_busy_is_the_sum_of_the_receives_service_times() {
        let json = lesson("iron_law_bottleneck");
        let t = 1_500_000;
        let c = at(&json, t, "inventory");
        let mut tl = Timeline::new(Scenario::from_json(&json).expect("valid"));
        tl.run_to(t, u64::MAX);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let pid = flat
            .iter()
            .find(|n| &*n.id == "inventory")
            .and_then(|n| n.pid)
            .expect("inventory alive");
        // Recomputed straight from the trace: each receive's busy, clipped at now.
        let total: Time = tl
            .sim
            .trace()
            .iter()
            .filter_map(|e| match &e.kind {
                &Event::Receive { pid: p, busy, .. } if p == pid => {
                    Some(e.t.saturating_add(busy).min(t) - e.t)
                }
                _ => None,
            })
            .sum();
        let busy = chart(&c, "Time busy");
        let drawn: f64 = points(&busy.series[0])
            .iter()
            .map(|(&b, &v)| {
                let start = b as Time * c.bucket_us();
                let span = if start + c.bucket_us() > t {
                    t - start
                } else {
                    c.bucket_us()
                };
                v * span as f64 / 100.0
            })
            .sum();
        assert!(total > 0);
        assert!(
            (drawn - total as f64).abs() < 2.0,
            "drawn {drawn} vs {total}"
        );
    }

    #[test]
    fn a_supervisors_restarts_are_drawn_against_its_limit() {
        let json = std::fs::read_to_string(format!(
            "{}/scenarios/intensity_gives_up.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("exists");
        let sc = Scenario::from_json(&json).expect("valid");
        let sup = match &sc.tree {
            ChildSpec::Supervisor(s) => s
                .children
                .iter()
                .find(|c| c.is_supervisor())
                .map_or(s.id.clone(), |c| c.id().to_string()),
            _ => panic!("a supervisor"),
        };
        let c = at(&json, sc.duration_ms * 1000, &sup);
        let r = chart(&c, "Restarts in the last");
        assert!(r.limit.is_some());
        let most = points(&r.series[0]).values().fold(0.0f64, |a, &b| a.max(b));
        assert!(most >= r.limit.unwrap_or(0.0), "{most} vs {:?}", r.limit);
    }

    #[test]
    fn charts_at_a_moment_are_the_same_however_you_got_there() {
        let json = lesson("iron_law_bottleneck");
        let a = at(&json, 1_000_000, "inventory");
        let b = at(&json, 1_000_000, "inventory");
        assert_eq!(a, b);
        // Earlier moments draw fewer slices.
        let early = at(&json, 300_000, "inventory");
        let n = |c: &Charts| points(&chart(c, "Messages handled").series[0]).len();
        assert!(n(&early) < n(&a));
    }

    /// The charts of `id` at `t`, read from the start.
    fn fresh(tl: &Timeline, id: &str, end: Time) -> Charts {
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let node = flat.iter().find(|n| &*n.id == id).expect("node");
        charts(tl, node, end)
    }

    /// The same, read on with `acc` from where it stopped.
    fn read_on(acc: &mut Option<ChartsAcc>, tl: &Timeline, id: &str, end: Time) -> Charts {
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let node = flat.iter().find(|n| &*n.id == id).expect("node");
        charts_with(acc, tl, node, end)
    }

    /// Whether `acc` would be read on (not made afresh) for `id` now.
    fn fits(acc: &Option<ChartsAcc>, tl: &Timeline, id: &str, end: Time) -> bool {
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let node = flat.iter().find(|n| &*n.id == id).expect("node");
        let bucket = (end.max(tl.now()) / BUCKETS as Time).max(1);
        acc.as_ref().is_some_and(|a| a.fits(tl, node, bucket))
    }

    #[test]
    fn charts_read_on_from_where_they_stopped_equal_charts_read_from_the_start() {
        let json = lesson("iron_law_bottleneck");
        let sc = Scenario::from_json(&json).expect("valid");
        let end = sc.duration_ms * 1000;
        let mut tl = Timeline::new(sc);
        let mut acc = None;
        let (mut t, mut read_on_from) = (0, 0);
        // Steps of a refresh while playing, and some as short as a frame.
        for step in 1..=40u64 {
            t += if step % 3 == 0 { 17_000 } else { 61_000 };
            tl.run_to(t, u64::MAX);
            read_on_from += usize::from(fits(&acc, &tl, "inventory", end));
            assert_eq!(
                read_on(&mut acc, &tl, "inventory", end),
                fresh(&tl, "inventory", end),
                "at {}",
                tl.now()
            );
        }
        assert_eq!(read_on_from, 39, "the fold was read on, not made afresh");
        // Another process: a fold of its own.
        assert_eq!(
            read_on(&mut acc, &tl, "client_1", end),
            fresh(&tl, "client_1", end)
        );
    }

    #[test]
    fn a_trace_cut_back_by_a_scrub_is_read_again_from_the_start() {
        let json = lesson("iron_law_bottleneck");
        let sc = Scenario::from_json(&json).expect("valid");
        let end = sc.duration_ms * 1000;
        let mut tl = Timeline::new(sc);
        let mut acc = None;
        tl.run_to(2_000_000, u64::MAX);
        let _ = read_on(&mut acc, &tl, "inventory", end);
        tl.seek(1_000_000);
        assert!(!fits(&acc, &tl, "inventory", end), "cut back: made afresh");
        assert_eq!(
            read_on(&mut acc, &tl, "inventory", end),
            fresh(&tl, "inventory", end)
        );
        tl.run_to(1_400_000, u64::MAX);
        assert_eq!(
            read_on(&mut acc, &tl, "inventory", end),
            fresh(&tl, "inventory", end)
        );
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(pct(&v, 50), Some(5.0));
        assert_eq!(pct(&v, 99), Some(10.0));
        assert_eq!(pct(&[], 50), None);
    }
}
