//! A gen_statem's run-time data and the reading of its rules, below the kernel: its
//! current state, counter, postponed events and armed time-outs; which event a message
//! is and which rule of the scenario handles it; and what that costs (`cost.rs` prices
//! the job with it before it runs). The transitions are in `statem.rs`.

use crate::message::{Envelope, Msg};
use crate::scenario::{EventType, Rule, StatemSpec, TIMEOUT_CONTENT, term_or_atom};
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
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
pub(crate) struct Ev {
    pub(crate) ty: EventType,
    pub(crate) content: Term,
    pub(crate) timer: Option<usize>,
}

/// The event a message is, in the statem's current timers; `None` for a time-out
/// message whose timer is no longer armed (gen_statem flushes those when it cancels).
pub(crate) fn event_of(run: &StatemRun, msg: &Msg, from: Pid) -> Option<Ev> {
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
pub(crate) fn rule_for<'a>(spec: &'a StatemSpec, run: &StatemRun, ev: &Ev) -> Option<&'a Rule> {
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

/// Built-in requests the fault schedule sends (`crash`, `stop`): handled before the
/// rules, as the harness's callback module does.
pub(crate) fn builtin(msg: &Msg) -> Option<Term> {
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
/// or a crash/stop fault) or the parent's `{:EXIT, ...}` is `terminate_us` (terminate/3's
/// time); a stale time-out costs `min`, the bookkeeping minimum. `me` is the statem.
pub(crate) fn cost(
    spec: &StatemSpec,
    run: &StatemRun,
    me: Pid,
    parent: Pid,
    msg: &Msg,
    terminate_us: Time,
    min: Time,
) -> Time {
    if matches!(msg, Msg::Exit { from, .. } if *from == parent) || builtin(msg).is_some() {
        return terminate_us;
    }
    let Some(ev) = event_of(run, msg, me) else {
        return min;
    };
    match rule_for(spec, run, &ev) {
        Some(r) => r.cost_us,
        None => terminate_us,
    }
}
