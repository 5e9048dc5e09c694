//! The gen_statem worker kind's transitions (its data and rule matching are in
//! `statem_run.rs`): the transition that follows a handled event, in the order OTP 25's
//! `gen_statem:loop_state_transition/9` does it: postpone, then cancel the event
//! time-out (any event cancels it), on a state change cancel the state time-out and put
//! the postponed events back ahead of the mailbox, then run the time-out actions (a new
//! one of a type replaces the running one). Acts only through the kernel's primitives.

use crate::message::{Envelope, Msg};
use crate::process::{Kind, Worker, WorkerState};
use crate::scenario::{Action, Behaviour, CountOp, EventType, StatemSpec, term_or_atom};
use crate::sim::kernel::Sim;
use crate::statem_run::{
    Armed, CancelWhy, Ev, StatemRun, TimeoutKind, builtin, event_of, rule_for,
};
use crate::term::{Pid, Term};
use crate::trace::{Event, StatemStep};
use std::rc::Rc;

/// A handled event's job ended: run the matching rule's transition, or crash.
pub(crate) fn handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let now = sim.w.now;
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let Kind::Worker(w) = &p.kind else { return };
    let Some((spec, run)) = parts(w) else { return };
    if let Some(reason) = builtin(&env.msg) {
        // A callback raised (or returned {:stop, ...}): terminate/3 ran, then the exit.
        sim.exit_process(pid, reason);
        return;
    }
    let Some(ev) = event_of(run, &env.msg, pid) else {
        return; // a time-out already cancelled: nothing happens
    };
    let Some(rule) = rule_for(spec, run, &ev).cloned() else {
        // No clause of handle_event/4 matches: a raw function_clause error, terminate/3,
        // and the process exits {:function_clause, stack} (checked against OTP 25).
        sim.exit_process(pid, Term::exception("function_clause", ""));
        return;
    };
    let from_state = run.state.clone();
    let next: Rc<str> = rule
        .next
        .as_deref()
        .map_or_else(|| from_state.clone(), Rc::from);
    let changes = next != from_state;
    let postpone = rule.postpones();
    let Some(run) = run_mut(sim, pid) else { return };
    if let Some(i) = ev.timer {
        run.timers.remove(i);
        sim.trace.push(
            now,
            Event::TimeoutFired {
                pid,
                kind: timer_kind_of(&ev),
            },
        );
    }
    let Some(run) = run_mut(sim, pid) else { return };
    match rule.count {
        Some(CountOp::Incr) => run.count = run.count.saturating_add(1),
        Some(CountOp::Reset) => run.count = 0,
        None => {}
    }
    let tag = match &env.msg {
        Msg::Call { tag, .. } => Some(*tag),
        _ => None,
    };
    let caller = env.from;
    if postpone {
        run.postponed.push(env);
    }
    sim.trace.push(
        now,
        Event::StatemEvent {
            pid,
            step: Box::new(StatemStep {
                state: from_state.clone(),
                event: ev.ty,
                content: ev.content.clone(),
                next: changes.then(|| next.clone()),
                postponed: postpone,
            }),
        },
    );
    if let (Some(tag), Some(reply)) = (tag, &rule.reply) {
        sim.send(
            pid,
            caller,
            Msg::Reply {
                tag,
                reply: term_or_atom(reply),
            },
        );
    }
    // Any event cancels the event time-out, whatever the transition.
    cancel(sim, pid, |k| *k == TimeoutKind::Event, CancelWhy::Event);
    if changes {
        cancel(
            sim,
            pid,
            |k| *k == TimeoutKind::State,
            CancelWhy::StateChange,
        );
        let Some(p) = sim.w.procs.get_mut(&pid) else {
            return;
        };
        let Kind::Worker(w) = &mut p.kind else { return };
        let WorkerState::Statem(run) = &mut w.state else {
            return;
        };
        run.state = next.clone();
        // The postponed events go back first, oldest first, ahead of anything queued.
        let retry = std::mem::take(&mut run.postponed);
        for env in retry.into_iter().rev() {
            p.replay.push_front(env);
        }
        sim.trace.push(
            now,
            Event::StateChange {
                pid,
                from: from_state,
                to: next,
                event: ev.ty,
            },
        );
    }
    for action in &rule.actions {
        match action {
            Action::StateTimeout { ms } => arm(sim, pid, TimeoutKind::State, *ms),
            Action::Timeout { ms } => arm(sim, pid, TimeoutKind::Event, *ms),
            Action::GenericTimeout { name, ms } => {
                arm(sim, pid, TimeoutKind::Generic(term_or_atom(name)), *ms)
            }
            Action::CancelStateTimeout => {
                cancel(sim, pid, |k| *k == TimeoutKind::State, CancelWhy::Explicit)
            }
            Action::CancelGenericTimeout { name } => {
                let name = term_or_atom(name);
                cancel(sim, pid, |k| k.name() == Some(&name), CancelWhy::Explicit)
            }
            Action::Postpone => {}
        }
    }
}

pub(crate) fn parts(w: &Worker) -> Option<(&StatemSpec, &StatemRun)> {
    match (&w.spec.behaviour, &w.state) {
        (Behaviour::Statem(spec), WorkerState::Statem(run)) => Some((spec, run)),
        _ => None,
    }
}

fn timer_kind_of(ev: &Ev) -> TimeoutKind {
    match ev.ty {
        EventType::StateTimeout => TimeoutKind::State,
        EventType::Timeout => TimeoutKind::Event,
        _ => TimeoutKind::Generic(ev.content.clone()),
    }
}

fn run_mut(sim: &mut Sim, pid: Pid) -> Option<&mut StatemRun> {
    match &mut sim.proc_mut(pid)?.kind {
        Kind::Worker(w) => match &mut w.state {
            WorkerState::Statem(run) => Some(run),
            _ => None,
        },
        _ => None,
    }
}

/// Stops the armed time-outs `which` selects: the runtime timer is cancelled and, if its
/// message already arrived, flushed (gen_statem's `cancel_timer/1` does both).
fn cancel(sim: &mut Sim, pid: Pid, which: impl Fn(&TimeoutKind) -> bool, why: CancelWhy) {
    let Some(run) = run_mut(sim, pid) else { return };
    let mut gone = Vec::new();
    run.timers.retain(|a| {
        if which(&a.kind) {
            gone.push(a.clone());
            false
        } else {
            true
        }
    });
    let now = sim.w.now;
    for a in gone {
        sim.cancel_timer(pid, a.tref);
        sim.flush_where(pid, |m| matches!(m, Msg::Timeout(r) if *r == a.tref));
        sim.trace.push(
            now,
            Event::TimeoutCancelled {
                pid,
                kind: a.kind,
                why,
            },
        );
    }
}

/// Starts a time-out; one already running of the same type (or name) is replaced.
fn arm(sim: &mut Sim, pid: Pid, kind: TimeoutKind, ms: u64) {
    let same = kind.clone();
    cancel(sim, pid, |k| *k == same, CancelWhy::Replaced);
    let now = sim.w.now;
    let after = ms.saturating_mul(1000);
    let tref = sim.start_timer(pid, after, Msg::Timeout);
    let Some(run) = run_mut(sim, pid) else { return };
    run.timers.push(Armed {
        kind: kind.clone(),
        tref,
        ms,
        fires_at: now + after,
    });
    sim.trace.push(now, Event::TimeoutArmed { pid, kind, ms });
}
