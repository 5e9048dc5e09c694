//! `:telemetry` 1.2.1 at run time: the handler table, `execute/3` in the emitting process,
//! detaching a handler that raised (then the `[:telemetry, :handler, :failure]` event,
//! then the error log, in that order), `detach/1` and `attach_many/4` commands, and the
//! metric each handler feeds. Pure data plus the rules; `telemetry_run.rs` plugs it into
//! a worker's call and the trace, `telemetry_view.rs` shows it.
//!
//! The table follows `telemetry_handler_table.erl`: an ETS `duplicate_bag` keyed by event
//! name, one row per (handler, event), so `list_for_event/1` returns a handler list in
//! insertion order; `execute/3` takes that list once and calls each in turn, catching
//! what it raises (`telemetry.erl`).

use crate::scenario::{FAILURE_EVENT, Measurement, MetricKind, TelemetrySpec};
use crate::time::Time;
use std::rc::Rc;

/// The handler table and each declared handler's counters. Indexes are positions in the
/// scenario's `telemetry.handlers`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Telemetry {
    /// (handler, event) rows in insertion order: what the ETS duplicate_bag holds.
    rows: Vec<(usize, Rc<str>)>,
    pub(crate) handlers: Vec<HandlerRun>,
}

/// What happened to one declared handler so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct HandlerRun {
    pub(crate) id: Rc<str>,
    pub(crate) attached: bool,
    /// Calls made (the raising one included).
    pub(crate) calls: u64,
    /// Calls that raised (each detached the handler).
    pub(crate) failures: u64,
    /// When it was last detached, and whether by a failure.
    pub(crate) detached: Option<(Time, bool)>,
    pub(crate) metric: MetricValue,
}

/// A metric's running value: enough for counter, sum, last_value and summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MetricValue {
    pub count: u64,
    pub sum: u64,
    pub last: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl MetricValue {
    fn record(&mut self, v: Option<u64>) {
        self.count += 1;
        if let Some(v) = v {
            self.sum = self.sum.saturating_add(v);
            self.last = Some(v);
            self.min = Some(self.min.map_or(v, |m| m.min(v)));
            self.max = Some(self.max.map_or(v, |m| m.max(v)));
        }
    }
}

/// The measurements map an emitter passes (`None`: the key is absent, as in the
/// failure event's `%{monotonic_time, system_time}`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Measures {
    pub duration: Option<u64>,
    pub queue_len: Option<u64>,
}

/// One step of an `execute`, in the order it happened, for the trace.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Execute {
        event: Rc<str>,
        handlers: u32,
    },
    Call {
        handler: Rc<str>,
        event: Rc<str>,
        raised: bool,
    },
    Detached {
        handler: Rc<str>,
    },
    Logged {
        handler: Rc<str>,
    },
}

impl Telemetry {
    /// The table as the scenario leaves it at time 0: every handler attached, in order.
    pub(crate) fn new(spec: &TelemetrySpec) -> Telemetry {
        let mut t = Telemetry {
            rows: Vec::new(),
            handlers: spec
                .handlers
                .iter()
                .map(|h| HandlerRun {
                    id: Rc::from(h.id.as_str()),
                    ..HandlerRun::default()
                })
                .collect(),
        };
        for i in 0..spec.handlers.len() {
            t.attach(spec, i);
        }
        t
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.handlers.iter().position(|h| &*h.id == id)
    }

    /// `attach_many(id, events, fun, config)`: false is `{:error, :already_exists}`.
    pub(crate) fn attach(&mut self, spec: &TelemetrySpec, i: usize) -> bool {
        let (Some(h), Some(run)) = (spec.handlers.get(i), self.handlers.get_mut(i)) else {
            return false;
        };
        if run.attached {
            return false;
        }
        run.attached = true;
        for e in &h.events {
            self.rows.push((i, Rc::from(e.as_str())));
        }
        true
    }

    /// `detach(id)`: every row of the handler goes; false is `{:error, :not_found}`.
    pub(crate) fn detach(&mut self, i: usize, now: Time, failed: bool) -> bool {
        let Some(run) = self.handlers.get_mut(i) else {
            return false;
        };
        if !run.attached {
            return false;
        }
        run.attached = false;
        run.detached = Some((now, failed));
        self.rows.retain(|(h, _)| *h != i);
        true
    }

    /// Handler ids in `list_handlers([])` order here: attach order, one per row.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (&str, &str)> {
        self.rows
            .iter()
            .filter_map(|(i, e)| self.handlers.get(*i).map(|h| (&*h.id, &**e)))
    }

    /// `:telemetry.execute(event, measures, %{})` in the emitting process: calls each
    /// handler attached to `event` (the list is read once, first), records what each did
    /// in `out`, and returns the scheduler time the handlers took. A handler that raises
    /// is detached, then the failure event is executed (its handlers run too, in this
    /// process), then the error is logged; the handlers after it still run.
    pub(crate) fn execute(
        &mut self,
        spec: &TelemetrySpec,
        event: &str,
        m: Measures,
        now: Time,
        out: &mut Vec<Step>,
    ) -> Time {
        self.execute_at(spec, event, m, now, out, 0)
    }

    fn execute_at(
        &mut self,
        spec: &TelemetrySpec,
        event: &str,
        m: Measures,
        now: Time,
        out: &mut Vec<Step>,
        depth: usize,
    ) -> Time {
        let list: Vec<usize> = self
            .rows
            .iter()
            .filter(|(_, e)| &**e == event)
            .map(|(i, _)| *i)
            .collect();
        let event: Rc<str> = Rc::from(event);
        out.push(Step::Execute {
            event: event.clone(),
            handlers: list.len() as u32,
        });
        let mut cost: Time = 0;
        for i in list {
            let (Some(h), Some(run)) = (spec.handlers.get(i), self.handlers.get_mut(i)) else {
                continue;
            };
            run.calls += 1;
            cost = cost.saturating_add(h.cost_us);
            let raised = h.raise_on_call.is_some_and(|n| run.calls >= n);
            out.push(Step::Call {
                handler: run.id.clone(),
                event: event.clone(),
                raised,
            });
            if !raised {
                if let Some(metric) = &h.metric {
                    let v = match metric.measurement {
                        Measurement::Duration => m.duration,
                        Measurement::QueueLen => m.queue_len,
                    };
                    // A reporter skips an event without the measurement, except a
                    // counter, which counts events.
                    if v.is_some() || metric.kind == MetricKind::Counter {
                        run.metric.record(v);
                    }
                }
                continue;
            }
            run.failures += 1;
            let id = run.id.clone();
            // telemetry.erl's catch clause: detach(HandlerId), then execute the failure
            // event, then ?LOG_ERROR. Each raise detaches one handler, so the nesting is
            // bounded by the number of handlers; the depth check is a second guard.
            self.detach(i, now, true);
            out.push(Step::Detached {
                handler: id.clone(),
            });
            if depth <= spec.handlers.len() {
                cost = cost.saturating_add(self.execute_at(
                    spec,
                    FAILURE_EVENT,
                    Measures::default(),
                    now,
                    out,
                    depth + 1,
                ));
            }
            out.push(Step::Logged { handler: id });
        }
        cost
    }
}

/// The `RuntimeError` a failing handler raises in the simulator (the conformance
/// harness's handlers raise the same).
pub(crate) fn failure_reason() -> crate::term::Term {
    crate::term::Term::exception("RuntimeError", "boom")
}
