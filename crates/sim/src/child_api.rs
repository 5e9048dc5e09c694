//! The child API a supervisor answers at run time besides `start_child` and
//! `terminate_child` (those are in `supervisor.rs`): `restart_child/2`, `delete_child/2`,
//! `which_children/1` and `count_children/1`, with the results and errors of OTP 25's
//! `supervisor.erl` (`handle_call/3`) and Elixir 1.14's `DynamicSupervisor`, and the
//! listing order each really returns. Also what a supervisor does when a child's `init/1`
//! returns `:ignore`.

use crate::message::{Msg, SupRequest};
use crate::process::{Child, ChildStatus, Kind, Op, ReplyResult, Request, Supervisor};
use crate::scenario::Restart;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref, Term};
use crate::trace::Event;
use std::rc::Rc;

/// Whether OTP still holds this child: a temporary child that exited (or was stopped) is
/// deleted from the supervisor's state; the simulator keeps it only to draw it.
pub(crate) fn listed(c: &Child) -> bool {
    !(c.status == ChildStatus::Dead && c.restart_type() == Restart::Temporary)
}

/// The child's entry in `which_children/1`: its pid, `:restarting` (a restart that
/// failed and is being tried again) or `:undefined` (not running: terminated, ignored,
/// or a transient child that exited normally).
fn pid_term(c: &Child) -> Term {
    match (c.pid, c.status) {
        (Some(p), _) => Term::Pid(p),
        (None, ChildStatus::Restarting) => Term::atom("restarting"),
        (None, _) => Term::atom("undefined"),
    }
}

/// `which_children/1`: `(id, pid | :undefined | :restarting)` in OTP's order. A
/// Supervisor lists the child started last first (`supervisor.erl` keeps its ids newest
/// first). A DynamicSupervisor keeps its children in a map keyed by pid, which lists
/// small maps by pid: oldest process first, so a restarted child (a new, higher pid)
/// moves to the end. (Above 32 children the map's order is a hash order no simulator can
/// reproduce; the simulator keeps pid order.)
pub(crate) fn which_children(s: &Supervisor) -> Vec<(Rc<str>, Term)> {
    if s.dynamic {
        let mut v: Vec<(Pid, &Child)> = s
            .children
            .iter()
            .filter(|c| listed(c))
            .filter_map(|c| {
                c.pid
                    .or(c.last_exit.as_ref().map(|e| e.pid))
                    .map(|p| (p, c))
            })
            .collect();
        crate::sort::sort_by_key(&mut v, |(p, _)| *p);
        v.into_iter()
            .map(|(_, c)| (c.id.clone(), pid_term(c)))
            .collect()
    } else {
        s.children
            .iter()
            .rev()
            .filter(|c| listed(c))
            .map(|c| (c.id.clone(), pid_term(c)))
            .collect()
    }
}

/// `count_children/1`: `(specs, active, supervisors, workers)`; `active` counts the
/// children with a live process (`is_process_alive/1`, as OTP checks).
pub(crate) fn count_children(sim: &Sim, s: &Supervisor) -> (u32, u32, u32, u32) {
    let (mut specs, mut active, mut sups) = (0u32, 0u32, 0u32);
    for c in s.children.iter().filter(|c| listed(c)) {
        specs += 1;
        if c.pid.is_some_and(|p| sim.w.procs.contains_key(&p)) {
            active += 1;
        }
        if c.spec.is_supervisor() {
            sups += 1;
        }
    }
    (specs, active, sups, specs - sups)
}

fn error(what: &str) -> Term {
    Term::tuple(vec![Term::atom("error"), Term::atom(what)])
}

/// Handles `restart_child`, `delete_child`, `which_children` and `count_children`
/// calls. Runs when the supervisor is idle, so nothing of an earlier operation is
/// pending: the answer reflects every earlier message, as OTP's does.
pub(crate) fn call(sim: &mut Sim, pid: Pid, from: Pid, tag: Ref, req: SupRequest) {
    let now = sim.w.now;
    let Some(s) = sim.w.procs.get(&pid).and_then(|p| p.supervisor()) else {
        return;
    };
    match req {
        SupRequest::WhichChildren => {
            let children: Rc<[(Rc<str>, Term)]> = Rc::from(which_children(s));
            let kind = |id: &str| {
                s.child(id).map_or("worker", |c| {
                    if c.spec.is_supervisor() {
                        "supervisor"
                    } else {
                        "worker"
                    }
                })
            };
            let reply = Term::List(
                children
                    .iter()
                    .map(|(id, p)| {
                        let id_term = if s.dynamic {
                            Term::atom("undefined")
                        } else {
                            Term::atom(id)
                        };
                        Term::tuple(vec![id_term, p.clone(), Term::atom(kind(id))])
                    })
                    .collect::<Vec<_>>()
                    .into(),
            );
            sim.trace
                .push(now, Event::ChildrenListed { sup: pid, children });
            sim.send(pid, from, Msg::Reply { tag, reply });
        }
        SupRequest::CountChildren => {
            let (specs, active, supervisors, workers) = count_children(sim, s);
            let kw = |k: &str, v: u32| Term::tuple(vec![Term::atom(k), Term::Int(i64::from(v))]);
            let reply = Term::List(Rc::from(vec![
                kw("active", active),
                kw("specs", specs),
                kw("supervisors", supervisors),
                kw("workers", workers),
            ]));
            sim.trace.push(
                now,
                Event::ChildrenCounted {
                    sup: pid,
                    specs,
                    active,
                    supervisors,
                    workers,
                },
            );
            sim.send(pid, from, Msg::Reply { tag, reply });
        }
        SupRequest::RestartChild(id) => restart_or_delete(sim, pid, from, tag, id, true),
        SupRequest::DeleteChild(id) => restart_or_delete(sim, pid, from, tag, id, false),
        SupRequest::StartChild(_) | SupRequest::TerminateChild(_) => {}
    }
}

/// `restart_child/2` and `delete_child/2` on a Supervisor: both act only on a child
/// that is not running (`pid` `:undefined`); a running one is `{:error, :running}`, one
/// whose restart is being retried `{:error, :restarting}`, an unknown id (or a temporary
/// child, which OTP has already deleted) `{:error, :not_found}`. `restart_child` starts
/// it as `start_child` would, counting nothing against the intensity; the reply is
/// `{:ok, pid}`, `{:ok, :undefined}` if `init/1` returned `:ignore`, or `{:error,
/// reason}` (no report, no retry, the child kept). `delete_child` forgets its spec.
fn restart_or_delete(sim: &mut Sim, pid: Pid, from: Pid, tag: Ref, id: Rc<str>, restart: bool) {
    let Some(Kind::Supervisor(s)) = sim.w.procs.get_mut(&pid).map(|p| &mut p.kind) else {
        return;
    };
    let verb = if restart {
        "restart_child"
    } else {
        "delete_child"
    };
    let request = Request {
        verb,
        id: id.clone(),
    };
    let reply = |result| Op::Reply {
        caller: Some((from, tag)),
        request: request.clone(),
        result,
        asked: None,
    };
    let found = s
        .child(&id)
        .filter(|c| listed(c))
        .map(|c| (c.pid, c.status));
    let fixed = match found {
        None => Some(error("not_found")),
        Some((Some(_), _)) => Some(error("running")),
        Some((None, ChildStatus::Restarting)) => Some(error("restarting")),
        Some((None, _)) => None,
    };
    match fixed {
        Some(t) => s.ops.push_back(reply(ReplyResult::Fixed(t))),
        None if restart => {
            if let Some(c) = s.child_mut(&id) {
                c.status = ChildStatus::NotStarted;
            }
            s.ops.push_back(Op::Start(id.clone()));
            s.ops.push_back(reply(ReplyResult::ChildPid(id)));
        }
        None => {
            forget_child(s, &id);
            s.ops.push_back(reply(ReplyResult::Fixed(Term::atom("ok"))));
        }
    }
}

/// A child's `init/1` returned `:ignore` (`{:ack, pid, :ignore}`). A Supervisor keeps
/// the child with pid `:undefined` (a restart that is ignored is over: no retry), except
/// a temporary one, which it forgets; a `start_child` call gets `{:ok, :undefined}`. A
/// DynamicSupervisor forgets it and answers `:ignore`.
pub(crate) fn ignored(s: &mut Supervisor, id: &Rc<str>) {
    let dynamic = s.dynamic;
    let temporary = s
        .child(id)
        .is_some_and(|c| c.restart_type() == Restart::Temporary);
    let answer = if dynamic {
        Term::atom("ignore")
    } else {
        Term::tuple(vec![Term::atom("ok"), Term::atom("undefined")])
    };
    for op in s.ops.iter_mut() {
        if let Op::Reply { result, .. } = op
            && matches!(result, ReplyResult::ChildPid(cid) if cid == id)
        {
            *result = ReplyResult::Fixed(answer.clone());
        }
    }
    s.children.set_pid(id, None);
    if dynamic || temporary {
        forget_child(s, id);
    } else if let Some(c) = s.child_mut(id) {
        c.status = ChildStatus::Terminated;
    }
}

/// Drops a child from the list. If its id was a numbered repeat `{base}_{n}` (or looks
/// like one), that number is free again: the next repeat of `base` looks from there.
pub(crate) fn forget_child(s: &mut Supervisor, id: &str) {
    s.children.remove(id);
    if let Some((base, digits)) = id.rsplit_once('_')
        && let Ok(n) = digits.parse::<u32>()
        && n.to_string() == digits
        && let Some(low) = s.repeats.get_mut(base)
        && n < *low
    {
        *low = n.max(2);
    }
}

/// `do_auto_shutdown/2`: a significant child exited on its own and is not restarted (a
/// transient child's normal exit, a temporary child's any exit). With `any_significant`
/// the supervisor shuts down; with `all_significant` when no significant child is left
/// running. `true`: shut down (stop the children, exit `:shutdown`, no report). A
/// child stopped by `terminate_child` never triggers it (checked against OTP 25).
pub(crate) fn auto_shutdown_due(s: &Supervisor, significant: bool) -> bool {
    use crate::scenario::AutoShutdown;
    if !significant {
        return false;
    }
    match s.auto_shutdown {
        AutoShutdown::Never => false,
        AutoShutdown::AnySignificant => true,
        AutoShutdown::AllSignificant => !s
            .children
            .iter()
            .any(|c| c.pid.is_some() && is_significant(c)),
    }
}

/// Its spec says `significant: true`.
pub(crate) fn is_significant(c: &Child) -> bool {
    matches!(&*c.spec, crate::scenario::ChildSpec::Worker(w) if w.significant)
}
