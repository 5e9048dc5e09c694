//! The pure read API for `:telemetry`: `Sim::telemetry()` returns the handlers (attached
//! or detached, their calls and failures) with each one's metric value, and the workers
//! that emit events, for the app to draw as a table. Reads only; documented in
//! docs/simulator.md ("`:telemetry`").

use crate::scenario::{Measurement, MetricKind};
use crate::sim::kernel::Sim;
use crate::telemetry::MetricValue;
use crate::term::Pid;
use crate::time::Time;

/// Everything `:telemetry` holds now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TelemetryView {
    /// Every declared handler, in the scenario's order, attached or not.
    pub handlers: Vec<HandlerView>,
    /// The workers that execute an event after each call, in the scenario's order.
    pub emitters: Vec<EmitterView>,
}

/// One handler: its id, the events it is attached to, and what it did so far.
#[derive(Clone, Debug, PartialEq)]
pub struct HandlerView {
    pub id: String,
    /// Dotted event names (`app.repo.query`).
    pub events: Vec<String>,
    /// In the handler table now (false after a failure or a detach, until re-attached).
    pub attached: bool,
    /// Calls so far, the raising ones included.
    pub calls: u64,
    /// Calls that raised (each one detached it).
    pub failures: u64,
    /// When it was last detached (µs), if it was.
    pub detached_at: Option<Time>,
    /// That detach was telemetry's own, after the handler raised (not a command).
    pub detached_by_failure: bool,
    /// Its cost per call in the emitting process.
    pub cost_us: u64,
    pub metric: Option<MetricView>,
}

/// The metric a handler feeds.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricView {
    pub name: String,
    pub kind: MetricKind,
    pub measurement: Measurement,
    /// Raw counts: `count` events, and over those that carried the measurement its
    /// `sum`, `last`, `min`, `max`.
    pub value: MetricValue,
}

impl MetricView {
    /// The number a reporter would show for this kind: the count (counter), the sum,
    /// the last value, or the mean (summary); `None` before any value.
    pub fn headline(&self) -> Option<f64> {
        let v = &self.value;
        match self.kind {
            MetricKind::Counter => Some(v.count as f64),
            MetricKind::Sum => Some(v.sum as f64),
            MetricKind::LastValue => v.last.map(|x| x as f64),
            MetricKind::Summary => {
                let n = v.min.map(|_| v.count).unwrap_or(0);
                (n > 0).then(|| v.sum as f64 / n as f64)
            }
        }
    }
}

/// A worker that emits `event` after every call it handles.
#[derive(Clone, Debug, PartialEq)]
pub struct EmitterView {
    /// Its child id.
    pub worker: String,
    pub event: String,
    /// The process running it now, if any.
    pub pid: Option<Pid>,
}

impl Sim {
    /// `:telemetry` now: handlers with their calls, failures and metric values, and
    /// the emitting workers. Empty for a scenario without a `telemetry` section.
    pub fn telemetry(&self) -> TelemetryView {
        let spec = &self.scenario.telemetry;
        let handlers = spec
            .handlers
            .iter()
            .zip(self.w.telemetry.handlers.iter())
            .map(|(h, run)| HandlerView {
                id: h.id.clone(),
                events: h.events.clone(),
                attached: run.attached,
                calls: run.calls,
                failures: run.failures,
                detached_at: run.detached.map(|(t, _)| t),
                detached_by_failure: run.detached.is_some_and(|(_, f)| f),
                cost_us: h.cost_us,
                metric: h.metric.as_ref().map(|m| MetricView {
                    name: m.name.clone(),
                    kind: m.kind,
                    measurement: m.measurement,
                    value: run.metric,
                }),
            })
            .collect();
        let emitters = spec
            .emitters
            .iter()
            .map(|e| EmitterView {
                worker: e.worker.clone(),
                event: e.event.clone(),
                pid: self.pid_of(&e.worker),
            })
            .collect();
        TelemetryView { handlers, emitters }
    }
}
