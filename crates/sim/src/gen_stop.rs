//! How a GenServer is stopped from outside, and what the one who asked gets back.
//! Owns the harness's side of `GenServer.stop/3` (OTP 25 `proc_lib:stop/3`: monitor the
//! server, send it the system message `{:terminate, reason}`, wait for its `:DOWN`) and
//! of a `GenServer.call/3` that the server answers by stopping (`{:stop, reason, reply,
//! state}` or `{:stop, reason, state}`), and the `command_result` event each ends with.
//! The server's side is in `worker.rs` (it exits when it handles either request; its
//! terminate/2 time is the job's cost, `cost.rs`).
//!
//! Why the harness keeps a list of waits: the real caller blocks in a `receive`, and the
//! harness stands for many such callers at once (faults overlap), so each wait is keyed
//! by its monitor reference, its call tag and its timer.

use crate::gen_stop_wait::Wait;
use crate::message::{Envelope, Msg, SysMsg};
use crate::process::{Kind, WorkerState};
use crate::scenario::Command;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};
use crate::trace::{CommandAnswer, Event};
use std::rc::Rc;

/// Can this process be stopped with these commands here? GenServer.stop reaches any
/// gen_server; the simulator models it for the server, counter and agent workers (a
/// supervisor's or a gen_statem's own terminate is not modelled), and `call_stop` for
/// the server and counter workers (an Agent's handle_call runs functions only).
pub(crate) fn refusal(sim: &Sim, pid: Pid, action: &Command) -> Option<String> {
    let p = sim.process(pid)?;
    let state = match &p.kind {
        Kind::Worker(w) => Some(&w.state),
        _ => None,
    };
    match action {
        Command::GenServerStop { .. }
            if !matches!(
                state,
                Some(
                    WorkerState::Server { .. }
                        | WorkerState::Counter { .. }
                        | WorkerState::Agent { .. }
                )
            ) =>
        {
            Some("GenServer.stop is modelled for server, counter and agent workers".into())
        }
        Command::CallStop { .. }
            if !matches!(
                state,
                Some(WorkerState::Server { .. } | WorkerState::Counter { .. })
            ) =>
        {
            Some("a stopping call is modelled for server and counter workers".into())
        }
        _ => None,
    }
}

fn parse(text: &str) -> Term {
    crate::term::parse_term(text).unwrap_or_else(|_| Term::atom("normal"))
}

fn timeout_term(ms: Option<u64>) -> Term {
    match ms {
        Some(ms) => Term::Int(ms as i64),
        None => Term::atom("infinity"),
    }
}

fn mfa(fun: &str, args: Vec<Term>) -> Term {
    Term::tuple(vec![
        Term::atom("GenServer"),
        Term::atom(fun),
        Term::List(Rc::from(args)),
    ])
}

/// `GenServer.stop(name, ...)` when no process has that name: Elixir's `whereis` finds
/// none and the caller exits `{:noproc, {GenServer, :stop, [name, reason, timeout]}}` at
/// once. (A dead pid gets the same reason through the monitor, below.)
pub(crate) fn no_process(sim: &mut Sim, target: &str, action: &Command) {
    let (fun, args) = match action {
        Command::GenServerStop { reason, timeout_ms } => (
            "stop",
            vec![Term::atom(target), parse(reason), timeout_term(*timeout_ms)],
        ),
        Command::CallStop {
            reason,
            reply,
            timeout_ms,
        } => (
            "call",
            vec![
                Term::atom(target),
                request(reason, reply.as_deref()),
                Term::Int(*timeout_ms as i64),
            ],
        ),
        _ => return,
    };
    let value = Term::tuple(vec![Term::atom("noproc"), mfa(fun, args)]);
    result(
        sim,
        Rc::from(target),
        None,
        action_name(action),
        false,
        value,
    );
}

fn request(reason: &str, reply: Option<&str>) -> Term {
    let mut items = vec![Term::atom("stop"), parse(reason)];
    if let Some(r) = reply {
        items.push(parse(r));
    }
    Term::tuple(items)
}

/// The harness asks `pid` to stop: `GenServer.stop/3` or a stopping call.
pub(crate) fn start(sim: &mut Sim, pid: Pid, target: Rc<str>, action: &Command) {
    let h = sim.harness();
    let (msg, wait_mfa, reason, timeout, tag) = match action {
        Command::GenServerStop { reason, timeout_ms } => {
            let reason = parse(reason);
            let mfa = mfa(
                "stop",
                vec![Term::Pid(pid), reason.clone(), timeout_term(*timeout_ms)],
            );
            (
                Msg::Sys(SysMsg::Terminate(reason.clone())),
                mfa,
                reason,
                *timeout_ms,
                None,
            )
        }
        Command::CallStop {
            reason,
            reply,
            timeout_ms,
        } => {
            let req = request(reason, reply.as_deref());
            let mfa = mfa(
                "call",
                vec![Term::Pid(pid), req.clone(), Term::Int(*timeout_ms as i64)],
            );
            let tag = sim.make_ref();
            (
                Msg::Call { tag, req },
                mfa,
                parse(reason),
                Some(*timeout_ms),
                Some(tag),
            )
        }
        _ => return,
    };
    // Monitor first, as both proc_lib:stop/3 and gen:call do: a server already dead
    // answers with a `:DOWN` carrying `:noproc`.
    let mref = sim.monitor(h, pid);
    let timer = timeout.map(|ms| sim.start_timer(h, ms.saturating_mul(1000), Msg::Timeout));
    sim.w.gen_stops.0.push(Wait {
        pid,
        target,
        action: action_name(action),
        mref,
        tag,
        timer,
        mfa: wait_mfa,
        reason,
        acked: false,
    });
    sim.send(h, pid, msg);
}

/// A message to the harness that may end a wait: the call's reply, the server's `:DOWN`,
/// or the timeout.
pub(crate) fn harness_receive(sim: &mut Sim, env: &Envelope) {
    let waits = &sim.w.gen_stops.0;
    let found = match &env.msg {
        Msg::Reply { tag, .. } => waits.iter().position(|w| w.tag == Some(*tag)),
        Msg::Down { mref, .. } => waits.iter().position(|w| w.mref == *mref),
        Msg::Timeout(tref) => waits.iter().position(|w| w.timer == Some(*tref)),
        _ => None,
    };
    let Some(i) = found else { return };
    let w = sim.w.gen_stops.0.remove(i);
    let h = sim.harness();
    let (returned, value) = match &env.msg {
        Msg::Reply { reply, .. } => (true, reply.clone()),
        Msg::Down { reason, .. } => down_result(&w, reason),
        // The caller gave up; the server, which has the request, carries on.
        _ => (
            false,
            Term::tuple(vec![Term::atom("timeout"), w.mfa.clone()]),
        ),
    };
    if !matches!(env.msg, Msg::Down { .. }) {
        sim.demonitor_flush(h, w.mref);
    }
    if let Some(t) = w.timer {
        sim.cancel_timer(h, t);
    }
    result(sim, w.target, Some(w.pid), w.action, returned, value);
}

/// What the caller gets from the server's `:DOWN`.
fn down_result(w: &Wait, reason: &Term) -> (bool, Term) {
    let exit = |r: Term| (false, Term::tuple(vec![r, w.mfa.clone()]));
    if w.tag.is_some() {
        // gen:call: the server died without answering.
        return exit(reason.clone());
    }
    if w.acked {
        // proc_lib:stop/3: the exit it asked for is `:ok`, any other is raised.
        return if *reason == w.reason {
            (true, Term::atom("ok"))
        } else {
            exit(reason.clone())
        };
    }
    if reason.is_atom("noproc") {
        return exit(reason.clone());
    }
    // The server died before it took the system message: sys:terminate/3's call failed
    // with that reason, and proc_lib:stop/3 passes the whole failure on.
    let args = match &w.mfa {
        Term::Tuple(t) => t.get(2).cloned(),
        _ => None,
    }
    .unwrap_or_else(|| Term::List(Rc::from(vec![])));
    exit(Term::tuple(vec![
        reason.clone(),
        Term::tuple(vec![Term::atom("sys"), Term::atom("terminate"), args]),
    ]))
}

fn action_name(action: &Command) -> &'static str {
    match action {
        Command::CallStop { .. } => "call_stop",
        _ => "genserver_stop",
    }
}

fn result(
    sim: &mut Sim,
    target: Rc<str>,
    pid: Option<Pid>,
    action: &'static str,
    returned: bool,
    value: Term,
) {
    sim.trace.push(
        sim.w.now,
        Event::CommandResult(Rc::new(CommandAnswer {
            target,
            pid,
            action: Rc::from(action),
            returned,
            value,
        })),
    );
}
