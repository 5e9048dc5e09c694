//! `:telemetry` in a running simulation: the `execute` that ends an emitting worker's
//! call (its handlers run in that process: their time keeps it on its scheduler, and
//! the reply leaves after them), and the detach / attach commands. The rules are `telemetry.rs`'s; this module writes the trace.

use crate::message::Msg;
use crate::process::{Kind, Process, WorkerState};
use crate::scenario::{Command, TelemetrySpec};
use crate::sim::kernel::Sim;
use crate::telemetry::{Measures, Step, failure_reason};
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

/// `pid` finished `handle_call` for `msg`: if it emits, `:telemetry.execute(event,
/// %{duration: service_us, queue_len: message_queue_len}, %{})` runs now, before the
/// reply is sent. Returns the handlers' scheduler time (0 if it does not emit).
pub(crate) fn after_call(sim: &mut Sim, pid: Pid, msg: &Msg) -> Time {
    if sim.w.telemetry.is_empty() {
        return 0;
    }
    let Some(p) = sim.w.procs.get(&pid) else {
        return 0;
    };
    let Some(event) = event_for(&sim.scenario.telemetry, p, msg) else {
        return 0;
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
    let cost = sim
        .w
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
    cost
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
            sim.trace.push(
                now,
                Event::TelemetryAttach {
                    pid: h,
                    handler,
                    ok,
                },
            );
        }
        _ => {}
    }
}
