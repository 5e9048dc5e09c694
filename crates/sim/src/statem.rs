//! The gen_statem worker kind at run time: its state (current state, counter, postponed
//! events, armed time-outs), which rule of the scenario handles an event (also read by
//! `cost.rs` to price the job), and the transition that follows, in the order OTP 25's
//! `gen_statem:loop_state_transition/9` does it: postpone, then cancel the event
//! time-out (any event cancels it), on a state change cancel the state time-out and put
//! the postponed events back ahead of the mailbox, then run the time-out actions (a new
//! one of a type replaces the running one). Acts only through the kernel's primitives.

use crate::message::{Envelope, Msg};
use crate::process::{Kind, Process, Worker, WorkerState};
use crate::scenario::{
    Action, Behaviour, CountOp, EventType, Rule, StatemSpec, TIMEOUT_CONTENT, term_or_atom,
};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
use crate::trace::{Event, StatemStep};
use std::rc::Rc;

/// A gen_statem's run-time state. A restart builds a fresh one: the initial state, the
/// counter at 0, nothing postponed, no time-out armed.
#[derive(Clone, Debug)]
pub struct StatemRun {
    pub state: Rc<str>,
    /// The data: an integer the rules count with (`count`, `min_count`).
    pub count: i64,
    /// Events postponed in the current state, oldest first.
    pub postponed: Vec<Envelope>,
    /// Armed time-outs, in the order they were armed.
    pub timers: Vec<Armed>,
}

/// Which time-out: gen_statem keeps one of each type, a generic one per name.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeoutKind {
    State,
    Event,
    Generic(Term),
}

impl TimeoutKind {
    /// `state_timeout`, `timeout` or `generic_timeout` (the event type it fires as).
    pub fn as_str(&self) -> &'static str {
        match self {
            TimeoutKind::State => "state_timeout",
            TimeoutKind::Event => "timeout",
            TimeoutKind::Generic(_) => "generic_timeout",
        }
    }
    pub fn name(&self) -> Option<&Term> {
        match self {
            TimeoutKind::Generic(n) => Some(n),
            _ => None,
        }
    }
    fn event_type(&self) -> EventType {
        match self {
            TimeoutKind::State => EventType::StateTimeout,
            TimeoutKind::Event => EventType::Timeout,
            TimeoutKind::Generic(_) => EventType::GenericTimeout,
        }
    }
    /// The event's content: the generic time-out's name, else `:timeout`.
    fn content(&self) -> Term {
        match self {
            TimeoutKind::Generic(n) => n.clone(),
            _ => Term::atom(TIMEOUT_CONTENT),
        }
    }
}

/// Why an armed time-out stopped without firing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelWhy {
    /// An event timeout: another event came first.
    Event,
    /// A state timeout: the state changed.
    StateChange,
    /// An action set the same time-out again.
    Replaced,
    /// A cancel action.
    Explicit,
}

impl CancelWhy {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelWhy::Event => "event",
            CancelWhy::StateChange => "state_change",
            CancelWhy::Replaced => "replaced",
            CancelWhy::Explicit => "explicit",
        }
    }
}

/// A running time-out.
#[derive(Clone, Debug)]
pub struct Armed {
    pub kind: TimeoutKind,
    pub tref: Ref,
    pub ms: u64,
    pub fires_at: Time,
}

impl StatemRun {
    pub(crate) fn new(initial: &str) -> StatemRun {
        StatemRun {
            state: Rc::from(initial),
            count: 0,
            postponed: Vec::new(),
            timers: Vec::new(),
        }
    }
}

/// An event as `handle_event/4` sees it: its type and content (a call's `from` is the
/// envelope's sender and tag).
struct Ev {
    ty: EventType,
    content: Term,
    timer: Option<usize>,
}

/// The event a message is, in the statem's current timers; `None` for a time-out
/// message whose timer is no longer armed (gen_statem flushes those when it cancels).
fn event_of(run: &StatemRun, msg: &Msg, from: Pid) -> Option<Ev> {
    let ev = |ty, content| Ev {
        ty,
        content,
        timer: None,
    };
    Some(match msg {
        Msg::Call { req, .. } => ev(EventType::Call, req.clone()),
        Msg::Cast(req) => ev(EventType::Cast, req.clone()),
        Msg::Timeout(r) => {
            let i = run.timers.iter().position(|a| a.tref == *r)?;
            let kind = &run.timers[i].kind;
            Ev {
                ty: kind.event_type(),
                content: kind.content(),
                timer: Some(i),
            }
        }
        other => ev(EventType::Info, other.to_term(from)),
    })
}

/// The first rule of the current state that matches (function-clause order).
fn rule_for<'a>(spec: &'a StatemSpec, run: &StatemRun, ev: &Ev) -> Option<&'a Rule> {
    let state = spec.states.iter().find(|s| *s.name == *run.state)?;
    state.on.iter().find(|r| {
        r.event == ev.ty
            && r.min_count
                .is_none_or(|m| run.count >= i64::try_from(m).unwrap_or(i64::MAX))
            && r.matches
                .as_deref()
                .is_none_or(|m| term_or_atom(m) == ev.content)
    })
}

fn parts(w: &Worker) -> Option<(&StatemSpec, &StatemRun)> {
    match (&w.spec.behaviour, &w.state) {
        (Behaviour::Statem(spec), WorkerState::Statem(run)) => Some((spec, run)),
        _ => None,
    }
}

/// Built-in requests the fault schedule sends (`crash`, `stop`): handled before the
/// rules, as the harness's callback module does.
fn builtin(msg: &Msg) -> Option<Term> {
    match msg {
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("raise") => Some(match &t[1] {
            Term::Str(m) => Term::exception("RuntimeError", m),
            _ => Term::exception("RuntimeError", "boom"),
        }),
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("stop") => Some(t[1].clone()),
        _ => None,
    }
}

/// Scheduler time handling `msg` takes: the matching rule's `cost_us`; a crash (no rule,
/// or a crash/stop fault) or the parent's `{:EXIT, ...}` is `terminate/3`'s time; a stale
/// time-out costs the bookkeeping minimum.
pub(crate) fn cost(p: &Process, w: &Worker, msg: &Msg, min: Time) -> Time {
    let Some((spec, run)) = parts(w) else {
        return min;
    };
    if matches!(msg, Msg::Exit { from, .. } if *from == p.parent) || builtin(msg).is_some() {
        return w.spec.terminate_us;
    }
    let Some(ev) = event_of(run, msg, p.pid) else {
        return min;
    };
    match rule_for(spec, run, &ev) {
        Some(r) => r.cost_us,
        None => w.spec.terminate_us,
    }
}

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

/// Is the process registered as `name` (in the tree or a `start_child` spec) a statem?
pub(crate) fn is_statem_name(scenario: &crate::scenario::Scenario, name: &str) -> bool {
    use crate::scenario::{ChildSpec, Command};
    fn find(spec: &ChildSpec, name: &str) -> bool {
        match spec {
            ChildSpec::Worker(w) if w.name.as_deref() == Some(name) => {
                matches!(w.behaviour, Behaviour::Statem(_))
            }
            _ => spec.children().iter().any(|c| find(c, name)),
        }
    }
    find(&scenario.tree, name)
        || scenario.faults.iter().any(|f| match &f.action {
            Command::StartChild { spec } => find(spec, name),
            _ => false,
        })
}
