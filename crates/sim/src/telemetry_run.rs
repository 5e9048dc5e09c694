//! `:telemetry` in a running simulation: the price of a call's handlers when the job
//! starts (they run in the emitting process, so their time is the emitter's), the
//! `execute` itself as the call ends (before the reply leaves), and the detach / attach
//! commands. The rules are `telemetry.rs`'s; this module writes the trace.

use crate::message::Msg;
use crate::process::{Kind, Process, WorkerState};
use crate::sim::kernel::Sim;
use crate::telemetry::{Measures, Step, Telemetry, failure_reason};
use crate::scenario::{Command, TelemetrySpec};
use crate::term::Pid;
use crate::time::Time;
use crate::trace::Event;
use std::rc::Rc;

/// The event `p` executes after handling `msg`, if it does: a `server` or `counter`
/// named in `telemetry.emitters`, handling a call that does not crash it.
fn event_for<'a>(spec: &'a TelemetrySpec, p: &Process, msg: &Msg) -> Option<&'a str> {
    let Msg::Call { req, .. } = msg else {
        return None;
    };
    if req.is_atom("poison") {
        return None;
    }
    let Kind::Worker(w) = &p.kind else {
        return None;
    };
    if !matches!(
        w.state,
        WorkerState::Server { .. } | WorkerState::Counter { .. }
    ) {
        return None;
    }
    spec.event_of(&w.spec.id)
}

/// Scheduler time the handlers add to `p`'s job for `msg`, priced from the table as it
/// is when the job starts.
#[inline]
pub(crate) fn cost(t: &Telemetry, spec: &TelemetrySpec, p: &Process, msg: &Msg) -> Time {
    if t.is_empty() {
        return 0;
    }
    event_for(spec, p, msg).map_or(0, |e| t.price(spec, e))
}

/// `pid` finished `handle_call` for `msg`: if it emits, `:telemetry.execute(event,
/// %{duration: service_us, queue_len: message_queue_len}, %{})` runs now, before the
/// reply is sent.
pub(crate) fn after_call(sim: &mut Sim, pid: Pid, msg: &Msg) {
    if sim.w.telemetry.is_empty() {
        return;
    }
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let Some(event) = event_for(&sim.scenario.telemetry, p, msg) else {
        return;
    };
    let m = Measures {
        duration: match &p.kind {
            Kind::Worker(w) => Some(w.service_us()),
            _ => None,
        },
        queue_len: Some(p.mailbox.len() as u64),
    };
    let now = sim.w.now;
    let mut steps = Vec::new();
    let scenario = sim.scenario.clone();
    sim.w
        .telemetry
        .execute(&scenario.telemetry, event, m, now, &mut steps);
    for step in steps {
        let ev = match step {
            Step::Execute { event, handlers } => Event::TelemetryExecute {
                pid,
                event,
                handlers,
            },
            Step::Call {
                handler,
                event,
                raised,
            } => Event::TelemetryCall {
                pid,
                handler,
                event,
                raised,
            },
            Step::Detached { handler } => Event::TelemetryDetach {
                pid,
                handler,
                failed: true,
                ok: true,
            },
            Step::Logged { handler } => Event::TelemetryLog {
                pid,
                handler,
                reason: failure_reason(),
            },
        };
        sim.trace.push(now, ev);
    }
}

/// A `telemetry_detach` / `telemetry_attach` command: the harness calls
/// `:telemetry.detach(id)` or attaches the declared handler `id` again (last in each of
/// its events' lists).
pub(crate) fn command(sim: &mut Sim, handler: &str, action: &Command) {
    let now = sim.w.now;
    let h = sim.harness();
    let scenario = sim.scenario.clone();
    let Some(i) = sim.w.telemetry.index_of(handler) else {
        sim.trace.push(
            now,
            Event::FaultMissed {
                target: Rc::from(handler),
                action: Rc::from(action.label()),
            },
        );
        return;
    };
    let handler: Rc<str> = Rc::from(handler);
    match action {
        Command::TelemetryDetach => {
            let ok = sim.w.telemetry.detach(i, now, false);
            sim.trace.push(
                now,
                Event::TelemetryDetach {
                    pid: h,
                    handler,
                    failed: false,
                    ok,
                },
            );
        }
        Command::TelemetryAttach => {
            let ok = sim.w.telemetry.attach(&scenario.telemetry, i);
            sim.trace.push(now, Event::TelemetryAttach { pid: h, handler, ok });
        }
        _ => {}
    }
}
