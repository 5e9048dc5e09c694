//! Messages in flight: new sends and exit signals in the trace become flights drawn from
//! sender to receiver, each shown long enough to be seen at the current speed.

use crate::model::layout::Layout;
use crate::model::tuning::{MAX_FLIGHTS, MIN_FLIGHT_MS};
use otp_sim::trace::Event;
use otp_sim::{Pid, Sim, Time};

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

/// How far along its way a flight is (0..1; ≥ 1 means arrived).
pub fn flight_progress(f: &Flight, now: Time, wall: f64) -> f64 {
    if f.by_wall {
        (wall - f.wall_start) / MIN_FLIGHT_MS
    } else {
        let span = f.arrives_at.saturating_sub(f.sent_at).max(1) as f64;
        now.saturating_sub(f.sent_at) as f64 / span
    }
}

/// The flights still on their way at `now` / `wall`.
pub fn still_flying(flights: &[Flight], now: Time, wall: f64) -> Vec<Flight> {
    flights
        .iter()
        .filter(|f| flight_progress(f, now, wall) < 1.0)
        .cloned()
        .collect()
}

/// The flights to draw after this frame: those of `old` still on their way, then the
/// messages sent since trace entry `seen` (at most `MAX_FLIGHTS` in all, newest kept).
/// `us_per_ms` is the playback speed. Returns the flights and the trace length read to.
pub fn collect(
    sim: &Sim,
    layout: &Layout,
    us_per_ms: f64,
    seen: usize,
    old: &[Flight],
    wall: f64,
) -> (Vec<Flight>, usize) {
    let trace = sim.trace();
    let latency = sim.scenario().config.latency_us as f64;
    let by_wall = latency / us_per_ms < MIN_FLIGHT_MS;
    let pos = layout.pid_positions();
    let outside = layout
        .nodes
        .first()
        .map_or((0.0, -80.0), |n| (n.x, n.y - 90.0));
    let harness = sim.harness();
    let now = sim.now();
    let mut new = Vec::new();
    let start = seen.min(trace.len());
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
    let mut all = still_flying(old, now, wall);
    new.reverse();
    all.extend(new);
    if all.len() > MAX_FLIGHTS {
        all.drain(..all.len() - MAX_FLIGHTS);
    }
    (all, trace.len())
}
