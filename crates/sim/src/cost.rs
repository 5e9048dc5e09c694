//! The scheduler-time model: how long each job keeps a process on a scheduler. A job's
//! cost is decided when it starts (from the process's kind and the message), so the
//! kernel can schedule its end at once; the behaviours then act when it ends.

use crate::message::Msg;
use crate::process::{Client, Kind, Process, Worker, WorkerState};
use crate::scenario::{Behaviour, ClientMode};
use crate::term::Term;
use crate::time::Time;

/// Scheduler time a supervisor spends per message it handles.
pub(crate) const SUP_COST_US: Time = 5;
/// Scheduler time a client spends issuing a request or taking a reply.
pub(crate) const CLIENT_COST_US: Time = 2;
/// Scheduler time for bookkeeping messages (system messages, stray replies).
pub(crate) const MIN_COST_US: Time = 1;

/// A registry partition's cleanup of one dead process.
pub(crate) const REGISTRY_COST_US: Time = 5;

/// Scheduler time `init/1` takes.
#[inline]
pub(crate) fn init_cost(p: &Process) -> Time {
    match &p.kind {
        Kind::Worker(w) => w.spec.init_us,
        _ => SUP_COST_US,
    }
}

/// Scheduler time handling `msg` takes: the behaviour's, plus the `:sys` debugging
/// overhead when trace or statistics are on (system messages and the parent's exit
/// signal skip gen_server's `handle_debug`, so they pay none).
#[inline]
pub(crate) fn handle_cost(p: &Process, msg: &Msg) -> Time {
    let debug = match msg {
        Msg::Sys(_) => 0,
        Msg::Exit { from, .. } if *from == p.parent => 0,
        _ => p.debug.cost_us,
    };
    base_cost(p, msg).saturating_add(debug)
}

#[inline]
fn base_cost(p: &Process, msg: &Msg) -> Time {
    // A client's tick, a job of every call a busy run makes: of the arms below only the
    // client's can apply to it.
    if crate::features::SHORTCUTS
        && let (Kind::Worker(w), Msg::Tick) = (&p.kind, msg)
        && let WorkerState::Client(c) = &w.state
    {
        return client_cost(w, c, msg);
    }
    match (&p.kind, msg) {
        // Mode `agent_get_then_update` computes the new value as it takes the get's reply.
        (Kind::Worker(w), Msg::Reply { .. }) if computes_on_reply(w) => match &w.spec.behaviour {
            Behaviour::Client(c) => c.work_us(),
            _ => MIN_COST_US,
        },
        // GenServer.stop's system message: terminate/2 runs as it is handled.
        (Kind::Worker(w), Msg::Sys(crate::message::SysMsg::Terminate(_))) => w.spec.terminate_us,
        (
            _,
            Msg::Sys(_)
            | Msg::Timeout(_)
            | Msg::Down { .. }
            | Msg::Ack
            | Msg::AckIgnore
            | Msg::Reply { .. },
        ) => MIN_COST_US,
        (Kind::Supervisor(_), _) => SUP_COST_US,
        // An Agent's time is its functions': a crash or stop fault's function raises at
        // once (then terminate/2), a message that is no function costs nothing to ignore.
        (Kind::Worker(w), m) if matches!(w.state, WorkerState::Agent { .. }) => {
            agent_cost(w, p.parent, m)
        }
        // A gen_statem's time is its matching rule's (`statem.rs` picks the rule).
        (Kind::Worker(w), m) if matches!(w.state, WorkerState::Statem(_)) => {
            match (&w.spec.behaviour, &w.state) {
                (Behaviour::Statem(spec), WorkerState::Statem(run)) => crate::statem_run::cost(
                    spec,
                    run,
                    p.pid,
                    p.parent,
                    m,
                    w.spec.terminate_us,
                    MIN_COST_US,
                ),
                _ => MIN_COST_US,
            }
        }
        (Kind::Worker(w), Msg::Exit { from, .. }) if *from == p.parent => w.spec.terminate_us,
        (Kind::Worker(w), m) if ends_in_terminate(m) => w.service_us() + w.spec.terminate_us,
        // A call answered `{:stop, ...}`: the callback's work, then terminate/2.
        (Kind::Worker(w), Msg::Call { req, .. })
            if matches!(
                w.state,
                WorkerState::Server { .. } | WorkerState::Counter { .. }
            ) && crate::message::stop_request(req).is_some() =>
        {
            w.service_us() + w.spec.terminate_us
        }
        (Kind::Worker(w), _) => match &w.state {
            WorkerState::Client(c) => client_cost(w, c, msg),
            _ => w.service_us(),
        },
        (Kind::Harness, _) => 0,
    }
}

impl Worker {
    /// Scheduler time one message takes the worker (its `service_us`, a task's `work_us`).
    #[inline]
    pub(crate) fn service_us(&self) -> Time {
        match &self.spec.behaviour {
            Behaviour::Server { service_us, .. } | Behaviour::Counter { service_us, .. } => {
                *service_us
            }
            Behaviour::Agent { service_us, .. } => *service_us,
            // A partition's handle_info({:EXIT, ...}): an ETS take and a delete per key.
            Behaviour::Registry { .. } | Behaviour::Pg {} => REGISTRY_COST_US,
            // Each rule has its own cost (`statem::cost`).
            Behaviour::Statem(_) => 0,
            Behaviour::Client(_) => CLIENT_COST_US,
            Behaviour::Task(t) => t.work_us,
        }
    }
}

/// Messages whose handling ends the process through terminate/2: `{:stop, reason}`,
/// `{:raise, message}` and `:poison`. Their job includes the terminate time.
#[inline]
pub(crate) fn ends_in_terminate(msg: &Msg) -> bool {
    match msg {
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 => {
            t[0].is_atom("stop") || t[0].is_atom("raise") || t[0].is_atom("exit_self")
        }
        Msg::Call { req, .. } | Msg::Cast(req) | Msg::Info(req) => req.is_atom("poison"),
        _ => false,
    }
}

/// Scheduler time a client's job takes: an ETS read costs `read_us`, anything else the
/// fixed cost of issuing a request or taking a reply. Decided when the job starts, so a
/// tick that is a write (every `write_every`th request) costs what a call does.
#[inline]
pub(crate) fn client_cost(w: &Worker, c: &Client, msg: &Msg) -> Time {
    match (&w.spec.behaviour, msg) {
        (Behaviour::Client(spec), Msg::Tick)
            if spec.mode == ClientMode::Ets && !spec.is_write(c.requests + 1) =>
        {
            spec.read_us()
        }
        (Behaviour::Client(spec), Msg::Tick)
            if matches!(spec.mode, ClientMode::Local | ClientMode::CountersAdd) =>
        {
            spec.work_us()
        }
        // persistent_term: the get (no copy), and for an increment the computation of
        // `n + 1` and the put, which is the job that takes the get's value back.
        (Behaviour::Client(spec), Msg::Tick) if spec.mode.is_persistent_term() => spec.read_us(),
        (Behaviour::Client(spec), Msg::Info(_)) if c.pt_read.is_some() => spec.work_us(),
        _ => CLIENT_COST_US,
    }
}

/// Is this a client of mode `agent_get_then_update` waiting for its `Agent.get`'s reply
/// (whose handling is the computation of the new value)?
#[inline]
fn computes_on_reply(w: &Worker) -> bool {
    match &w.state {
        WorkerState::Client(c) => {
            c.mode == ClientMode::AgentGetThenUpdate
                && c.pending.is_some()
                && c.in_flight
                    .as_ref()
                    .is_some_and(|r| matches!(r, Term::Tuple(t) if t[0].is_atom("get")))
        }
        _ => false,
    }
}

/// Scheduler time an Agent's job takes: `service_us` for a function it runs (a call or
/// `{:cast, fun}`), `terminate_us` for a fault that ends it, the parent's `{:EXIT, ...}`
/// likewise, and the bookkeeping minimum for anything else.
#[inline]
fn agent_cost(w: &Worker, parent: crate::term::Pid, msg: &Msg) -> Time {
    match msg {
        Msg::Info(_) => MIN_COST_US,
        Msg::Exit { from, .. } if *from == parent => w.spec.terminate_us,
        m if ends_in_terminate(m) => w.spec.terminate_us,
        Msg::Call { .. } => w.service_us(),
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("cast") => w.service_us(),
        _ => MIN_COST_US,
    }
}
