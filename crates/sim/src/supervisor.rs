//! Supervisor and DynamicSupervisor behaviour, following OTP 25's `supervisor.erl`:
//! children start in order (each start waits for the child's init), stop in reverse order
//! (monitor, exit signal, wait for `:DOWN`, kill on timeout, then unlink and flush the
//! `:EXIT`), restart by strategy and restart type, and restart intensity counted in whole
//! seconds (`erlang:monotonic_time(1)`), after which the supervisor stops its children
//! and exits with `:shutdown`.

use crate::child_api::forget_child;
use crate::features::EXTRAS;
use crate::message::{Envelope, Msg, SupRequest, SysMsg};
use crate::process::{
    Child, ChildStatus, Kind, LastExit, Op, PendingStop, ReplyResult, Request, SupWait, Supervisor,
};
use crate::scenario::{ChildSpec, Restart, Shutdown, Strategy};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
use crate::trace::Event;
use std::collections::VecDeque;
use std::rc::Rc;

fn sup_mut(sim: &mut Sim, pid: Pid) -> Option<&mut Supervisor> {
    match &mut sim.w.procs.get_mut(&pid)?.kind {
        Kind::Supervisor(s) => Some(s),
        _ => None,
    }
}

fn sup(sim: &Sim, pid: Pid) -> Option<&Supervisor> {
    sim.w.procs.get(&pid)?.supervisor()
}

/// `init/1`: start the children in order, then acknowledge the parent.
///
/// A DynamicSupervisor has no children of its own in OTP: its scenario children are
/// `start_child` calls, one after the other, each going through the same `max_children`
/// check as a `start_child` fault. Under a supervisor they are made by its start function
/// (as the Elixir export writes it), so they run before the parent records it as started
/// and before the parent's next child starts; the root is started first and called after.
pub(crate) fn init(sim: &mut Sim, pid: Pid) {
    let dynamic_children: Vec<Rc<ChildSpec>> =
        match sim.w.procs.get(&pid).and_then(|p| p.child_id.clone()) {
            Some(_) => find_spec_children(sim, pid),
            None => Vec::new(),
        };
    let is_root = sim.w.root == Some(pid);
    let Some(s) = sup_mut(sim, pid) else { return };
    if s.pool.is_some() {
        crate::pool::init_ops(s);
        s.ops.push_back(Op::AckParent);
    } else if s.dynamic {
        if is_root {
            s.ops.push_back(Op::AckParent);
        }
        // Room for the children it is about to start, once rather than by doublings.
        s.children.reserve(dynamic_children.len());
        s.ops.reserve(dynamic_children.len());
        for spec in dynamic_children {
            s.ops.push_back(Op::StartChild { spec, caller: None });
        }
        if !is_root {
            s.ops.push_back(Op::AckParent);
        }
    } else {
        let ids: Vec<Rc<str>> = s.children.iter().map(|c| c.id.clone()).collect();
        s.ops.extend(ids.into_iter().map(Op::Start));
        s.ops.push_back(Op::AckParent);
    }
    run_ops(sim, pid);
}

/// The scenario children of a dynamic supervisor (its spec is found through its parent).
fn find_spec_children(sim: &Sim, pid: Pid) -> Vec<Rc<ChildSpec>> {
    let Some(p) = sim.w.procs.get(&pid) else {
        return Vec::new();
    };
    let Some(id) = &p.child_id else {
        return Vec::new();
    };
    // The spec the run started it with (the root's is the index's), whose children the
    // index holds behind `Rc`s already: copied only for a spec it does not know.
    let spec = if sim.w.root == Some(pid) {
        Some(&sim.index.root)
    } else {
        sup(sim, p.parent)
            .and_then(|s| s.child(id))
            .map(|c| &c.spec)
    };
    match spec {
        Some(spec) if matches!(&**spec, ChildSpec::DynamicSupervisor(_)) => {
            match sim.index.children_of(spec) {
                Some(kids) => kids.to_vec(),
                None => spec.children().iter().map(|c| Rc::new(c.clone())).collect(),
            }
        }
        _ => Vec::new(),
    }
}

pub(crate) fn handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let parent = p.parent;
    let Some(s) = p.supervisor() else { return };
    if s.pool.is_some()
        && s.wait == SupWait::None
        && matches!(env.msg, Msg::Call { .. } | Msg::Cast(_) | Msg::Down { .. })
    {
        // poolboy's gen_server side: checkouts, checkins, its callers' :DOWNs.
        let _ = crate::pool::handle(sim, pid, env);
        run_ops(sim, pid);
        return;
    }
    match (s.wait.clone(), env.msg) {
        (SupWait::Ack { pid: child, id }, Msg::Ack) if env.from == child => {
            if let Some(s) = sup_mut(sim, pid) {
                s.wait = SupWait::None;
                if let Some(c) = s.child_mut(&id) {
                    c.status = ChildStatus::Running;
                }
            }
            sim.trace.push(
                sim.w.now,
                Event::Started {
                    sup: pid,
                    id,
                    pid: child,
                },
            );
        }
        (SupWait::Ack { pid: child, id }, Msg::AckIgnore) if env.from == child => {
            if let Some(s) = sup_mut(sim, pid) {
                s.wait = SupWait::None;
                crate::child_api::ignored(s, &id);
            }
        }
        (SupWait::Ack { pid: child, id }, Msg::Exit { from, reason }) if from == child => {
            if let Some(s) = sup_mut(sim, pid) {
                s.wait = SupWait::None;
            }
            start_failed(sim, pid, &id, child_exit(child, reason.clone()), reason);
        }
        (SupWait::Down { pending }, Msg::Down { mref, reason, .. })
            if pending.iter().any(|p| p.mref == mref) =>
        {
            let mut rest = pending;
            let at = rest.iter().position(|p| p.mref == mref).unwrap_or(0);
            let stop = rest.remove(at);
            if let Some(t) = stop.timer {
                sim.cancel_timer(pid, t);
            }
            if let Some(s) = sup_mut(sim, pid) {
                s.wait = if rest.is_empty() {
                    SupWait::None
                } else {
                    SupWait::Down { pending: rest }
                };
            }
            child_down(sim, pid, &stop, reason);
        }
        (SupWait::Down { pending }, Msg::Timeout(r))
            if pending.iter().any(|p| p.timer == Some(r)) =>
        {
            // The shutdown time ran out: kill it, then keep waiting for the :DOWN.
            if let Some(stop) = pending.iter().find(|p| p.timer == Some(r)) {
                sim.signal(pid, stop.pid, Term::atom("kill"), false);
            }
            if let Some(s) = sup_mut(sim, pid)
                && let SupWait::Down { pending } = &mut s.wait
            {
                for p in pending.iter_mut().filter(|p| p.timer == Some(r)) {
                    p.timer = None;
                }
            }
        }
        (SupWait::None, Msg::Exit { from, reason }) if from == parent => {
            shut_down(sim, pid, reason)
        }
        (SupWait::None, Msg::Exit { from, reason }) => {
            child_exited(sim, pid, from, reason);
            if EXTRAS {
                crate::pool::worker_exit(sim, pid, from);
            }
        }
        (SupWait::None, Msg::SupCall { tag, req }) => {
            sup_call(sim, pid, env.from, tag, req, env.sent_at)
        }
        (SupWait::None, Msg::Cast(Term::Tuple(t)))
            if t.len() == 2 && t[0].is_atom("try_again_restart") =>
        {
            if let Term::Atom(id) = &t[1] {
                let id = id.clone();
                if sup(sim, pid)
                    .and_then(|s| s.child(&id))
                    .is_some_and(|c| c.status == ChildStatus::Restarting)
                {
                    restart(sim, pid, &id);
                }
            }
        }
        (_, Msg::Sys(SysMsg::Suspend)) => {
            if let Some(p) = sim.proc_mut(pid) {
                p.suspended = true;
            }
            sim.trace.push(sim.w.now, Event::Suspended { pid });
        }
        (_, Msg::Sys(SysMsg::Resume)) => {
            if let Some(p) = sim.proc_mut(pid) {
                p.suspended = false;
            }
            sim.trace.push(sim.w.now, Event::Resumed { pid });
        }
        _ => {} // handle_info: "Supervisor received unexpected message" — ignored
    }
    run_ops(sim, pid);
}

fn child_exit(_child: Pid, reason: Term) -> Term {
    reason
}

/// Runs queued steps until one has to wait for a message.
fn run_ops(sim: &mut Sim, pid: Pid) {
    loop {
        let Some(s) = sup_mut(sim, pid) else { return };
        if s.wait != SupWait::None {
            return;
        }
        let Some(op) = s.ops.pop_front() else { return };
        match op {
            Op::Start(id) => start_child(sim, pid, &id),
            Op::StartChild { spec, caller } => {
                // Its steps go first: the next initial child is checked against
                // `max_children` only once this one has started (or failed to).
                let (start, reply) = admit_child(s, spec, caller, None);
                s.ops.push_front(reply);
                if let Some(start) = start {
                    s.ops.push_front(start);
                }
            }
            Op::Terminate { id, remove } => terminate_child(sim, pid, &id, remove),
            Op::TerminateAll { ids, remove } => terminate_children(sim, pid, &ids, remove),
            Op::AckParent => {
                s.initialized = true;
                let parent = sim.w.procs.get(&pid).map(|p| p.parent);
                if let Some(parent) = parent {
                    sim.send(pid, parent, Msg::Ack);
                }
            }
            Op::Reply {
                caller,
                request,
                result,
                asked,
            } => {
                // An initial child that started: its `started` says it all, and no
                // `{:ok, pid}` is built for nobody.
                if caller.is_none()
                    && matches!(&result, ReplyResult::ChildPid(id)
                        if s.child(id).is_some_and(|c| c.pid.is_some()))
                {
                    continue;
                }
                let result = match result {
                    ReplyResult::Fixed(t) => t,
                    ReplyResult::ChildPid(id) => match s.child(&id) {
                        Some(Child { pid: Some(cp), .. }) => {
                            Term::tuple(vec![Term::atom("ok"), Term::Pid(*cp)])
                        }
                        Some(Child {
                            last_exit: Some(e), ..
                        }) => Term::tuple(vec![Term::atom("error"), e.reason.clone()]),
                        _ => Term::tuple(vec![Term::atom("error"), Term::atom("not_found")]),
                    },
                };
                if caller.is_none() && is_ok(&result) {
                    continue; // an initial child that started: its `started` says it all
                }
                sim.trace.push(
                    sim.w.now,
                    Event::SupervisorReply {
                        sup: pid,
                        request: request.text(),
                        result: result.clone(),
                    },
                );
                if let (Some((caller, _)), Some(asked)) = (caller, asked) {
                    sim.trace.push(
                        sim.w.now,
                        Event::StartLatency {
                            sup: pid,
                            caller,
                            latency: sim.w.now.saturating_sub(asked),
                        },
                    );
                }
                if let Some((to, tag)) = caller {
                    sim.send(pid, to, Msg::Reply { tag, reply: result });
                }
            }
            Op::ExitSelf(reason) => {
                sim.exit_process(pid, reason);
                return;
            }
            Op::Pool { id, then } if EXTRAS => crate::pool::after_start(sim, pid, &id, then),
            Op::Pool { .. } => {}
        }
    }
}

fn start_child(sim: &mut Sim, pid: Pid, id: &Rc<str>) {
    let Some(s) = sup(sim, pid) else { return };
    let Some(c) = s.child(id) else { return };
    if c.pid.is_some() || c.status == ChildStatus::Dead && c.restart_type() == Restart::Temporary {
        return;
    }
    let spec = c.spec.clone();
    // A task is started with a plain spawn_link (`Task.Supervised.start_link/2`): the
    // supervisor does not wait for an init, and logs nothing.
    let task = is_task(&spec);
    match sim.spawn_child_as(pid, &spec, id.clone()) {
        Ok(child) => {
            if let Some(s) = sup_mut(sim, pid) {
                s.children.set_pid(id, Some(child));
                if let Some(c) = s.child_mut(id) {
                    c.status = if task {
                        ChildStatus::Running
                    } else {
                        ChildStatus::Starting
                    };
                }
                if !task {
                    s.wait = SupWait::Ack {
                        pid: child,
                        id: id.clone(),
                    };
                }
            }
        }
        Err(reason) => start_failed(sim, pid, id, reason.clone(), reason),
    }
}

fn is_task(spec: &ChildSpec) -> bool {
    matches!(spec, ChildSpec::Worker(w) if matches!(w.behaviour, crate::scenario::Behaviour::Task(_)))
}

/// A start failed. During the supervisor's own init this fails the supervisor
/// (`{:shutdown, {:failed_to_start_child, id, reason}}`); during a restart OTP reports
/// `start_error` and tries again through a cast to itself (which counts as a restart).
/// A first start asked for with `start_child` (a DynamicSupervisor's scenario children
/// are such calls too) is neither reported nor retried: the caller gets
/// `{:error, reason}` (for an initial child, the trace records it) and the child is not
/// kept (checked against OTP 25 / Elixir 1.14).
fn start_failed(sim: &mut Sim, pid: Pid, id: &Rc<str>, reason: Term, _raw: Term) {
    let now = sim.w.now;
    // Asked for by a call still to be answered: `start_child` (a first start) or
    // `restart_child`. Neither is reported nor retried.
    let asked = sup(sim, pid).and_then(|s| {
        s.ops.iter().find_map(|op| match op {
            Op::Reply {
                request,
                result: ReplyResult::ChildPid(cid),
                ..
            } if cid == id => Some(request.verb == "restart_child"),
            _ => None,
        })
    });
    if let Some(s) = sup_mut(sim, pid)
        && let Some(restart_child) = asked
    {
        // A Supervisor's `start_child` answers `{:error, {reason, child}}` with its
        // internal child record (`handle_start_child/2`); the simulator writes the
        // record's first fields, `{:child, :undefined, id}`. `restart_child` and
        // DynamicSupervisor answer `{:error, reason}`.
        let detail = if s.dynamic || restart_child {
            reason
        } else {
            let record = Term::tuple(vec![
                Term::atom("child"),
                Term::atom("undefined"),
                Term::atom(id),
            ]);
            Term::tuple(vec![reason, record])
        };
        let error = Term::tuple(vec![Term::atom("error"), detail]);
        for op in s.ops.iter_mut() {
            if let Op::Reply { result, .. } = op
                && matches!(result, ReplyResult::ChildPid(cid) if cid == id)
            {
                *result = ReplyResult::Fixed(error.clone());
            }
        }
        if restart_child {
            s.children.set_pid(id, None);
            if let Some(c) = s.child_mut(id) {
                c.status = ChildStatus::Terminated;
            }
        } else {
            forget_child(s, id);
        }
        return;
    }
    sim.trace.push(
        now,
        Event::StartError {
            sup: pid,
            id: id.clone(),
            reason: reason.clone(),
        },
    );
    let Some(s) = sup_mut(sim, pid) else { return };
    let child_pid = s.child(id).and_then(|c| c.pid);
    s.children.set_pid(id, None);
    if let Some(c) = s.child_mut(id) {
        c.status = ChildStatus::Restarting;
        if let Some(cp) = child_pid {
            c.last_exit = Some(LastExit {
                at: now,
                pid: cp,
                reason: reason.clone(),
                by_supervisor: false,
            });
        }
    }
    if !s.initialized && !s.dynamic {
        let failure = Term::tuple(vec![
            Term::atom("shutdown"),
            Term::tuple(vec![
                Term::atom("failed_to_start_child"),
                Term::atom(id),
                reason,
            ]),
        ]);
        s.ops.clear();
        let ids = live_children_reversed(s);
        s.ops.extend(
            ids.into_iter()
                .map(|id| Op::Terminate { id, remove: false }),
        );
        s.ops.push_back(Op::ExitSelf(failure.clone()));
        // Its own init/1 fails: `{:stop, {:shutdown, {:failed_to_start_child, id, r}}}`.
        let own_id = sim.w.procs.get(&pid).and_then(|p| p.child_id.clone());
        sim.trace.push(
            now,
            Event::InitFailed {
                pid,
                id: own_id,
                result: Term::tuple(vec![Term::atom("stop"), failure]),
            },
        );
    } else {
        // The rest of this restart is abandoned; the cast retries it.
        s.ops.retain(|op| !matches!(op, Op::Start(_)));
        let tag = Term::tuple(vec![Term::atom("try_again_restart"), Term::atom(id)]);
        sim.send(pid, pid, Msg::Cast(tag));
    }
}

fn live_children_reversed(s: &Supervisor) -> Vec<Rc<str>> {
    s.children
        .iter()
        .rev()
        .filter(|c| c.pid.is_some())
        .map(|c| c.id.clone())
        .collect()
}

/// Stops one child and waits for it (OTP's `supervisor`, one at a time).
fn terminate_child(sim: &mut Sim, pid: Pid, id: &Rc<str>, remove: bool) {
    terminate_children(sim, pid, std::slice::from_ref(id), remove);
}

/// Stops these children all at once and waits for every one of them.
fn terminate_children(sim: &mut Sim, pid: Pid, ids: &[Rc<str>], remove: bool) {
    let pending: Vec<PendingStop> = ids
        .iter()
        .filter_map(|id| begin_stop(sim, pid, id, remove))
        .collect();
    if !pending.is_empty()
        && let Some(s) = sup_mut(sim, pid)
    {
        s.wait = SupWait::Down { pending };
    }
}

/// `supervisor:shutdown/1`, first half: monitor, send the exit signal, arm the timer.
fn begin_stop(sim: &mut Sim, pid: Pid, id: &Rc<str>, remove: bool) -> Option<PendingStop> {
    let c = sup(sim, pid)?.child(id)?;
    let Some(child) = c.pid else {
        if remove {
            remove_child(sim, pid, id);
        }
        return None;
    };
    let shutdown = c.shutdown();
    let mref = sim.monitor(pid, child);
    let brutal = shutdown == Shutdown::BrutalKill;
    let timer = match shutdown {
        Shutdown::Timeout(ms) => Some(sim.start_timer(pid, ms * 1000, Msg::Timeout)),
        _ => None,
    };
    sim.signal(
        pid,
        child,
        Term::atom(if brutal { "kill" } else { "shutdown" }),
        false,
    );
    let shutdown_text: Rc<str> = Rc::from(match shutdown {
        Shutdown::BrutalKill => "brutal_kill".to_string(),
        Shutdown::Infinity => "infinity".to_string(),
        Shutdown::Timeout(ms) => ms.to_string(),
    });
    sim.trace.push(
        sim.w.now,
        Event::Terminating {
            sup: pid,
            id: id.clone(),
            pid: child,
            shutdown: shutdown_text,
        },
    );
    if let Some(c) = sup_mut(sim, pid).and_then(|s| s.child_mut(id)) {
        c.status = ChildStatus::Terminating;
    }
    Some(PendingStop {
        mref,
        pid: child,
        id: id.clone(),
        timer,
        remove,
        brutal,
    })
}

/// `supervisor:shutdown/1`, second half: the child is down. `unlink_flush` prefers the
/// reason of an `{:EXIT, ...}` already in the mailbox over the `:DOWN` reason.
fn child_down(sim: &mut Sim, pid: Pid, stop: &PendingStop, down_reason: Term) {
    let (child, id, remove, brutal) = (stop.pid, &stop.id, stop.remove, stop.brutal);
    sim.unlink(pid, child);
    let reason = match sim.flush_where(
        pid,
        |m| matches!(m, Msg::Exit { from, .. } if *from == child),
    ) {
        Some(Envelope {
            msg: Msg::Exit { reason, .. },
            ..
        }) => reason,
        _ => down_reason,
    };
    let now = sim.w.now;
    let Some(s) = sup_mut(sim, pid) else { return };
    let permanent = s
        .child(id)
        .is_some_and(|c| c.restart_type() == Restart::Permanent);
    let ok = match &reason {
        r if brutal && r.is_atom("killed") => true,
        r if !brutal && r.is_atom("shutdown") => true,
        r if !permanent && r.is_normal_exit() => true,
        _ => false,
    };
    s.children.set_pid(id, None);
    if let Some(c) = s.child_mut(id) {
        c.status = ChildStatus::Terminated;
        c.last_exit = Some(LastExit {
            at: now,
            pid: child,
            reason: reason.clone(),
            by_supervisor: true,
        });
    }
    if !ok {
        sim.trace.push(
            now,
            Event::ShutdownError {
                sup: pid,
                id: id.clone(),
                pid: child,
                reason,
            },
        );
    }
    if remove {
        remove_child(sim, pid, id);
    }
}

/// Drops a child from the list (temporary children, dynamic children). A static
/// supervisor keeps showing it as dead; a dynamic one forgets it, as OTP does, so memory
/// stays linear in live processes.
fn remove_child(sim: &mut Sim, pid: Pid, id: &str) {
    let Some(s) = sup_mut(sim, pid) else { return };
    if s.dynamic {
        forget_child(s, id);
    } else if let Some(c) = s.child_mut(id) {
        c.status = ChildStatus::Dead;
    }
}

/// Queues the stopping of every live child: in reverse start order, one at a time, for a
/// Supervisor; all at once for a DynamicSupervisor (whose children have no order).
fn stop_all(s: &mut Supervisor) {
    let ids = live_children_reversed(s);
    if s.dynamic {
        s.ops.push_back(Op::TerminateAll { ids, remove: true });
    } else {
        s.ops.extend(
            ids.into_iter()
                .map(|id| Op::Terminate { id, remove: false }),
        );
    }
}

/// The supervisor's parent told it to stop: stop the children in reverse start order,
/// then exit with the same reason.
fn shut_down(sim: &mut Sim, pid: Pid, reason: Term) {
    let Some(s) = sup_mut(sim, pid) else { return };
    s.ops.clear();
    stop_all(s);
    s.ops.push_back(Op::ExitSelf(reason));
}

/// `restart_child/3` and `do_restart/3`: a child exited on its own.
fn child_exited(sim: &mut Sim, pid: Pid, from: Pid, reason: Term) {
    let now = sim.w.now;
    let Some(s) = sup_mut(sim, pid) else { return };
    let Some(c) = s.children.by_pid_mut(from) else {
        return; // not (or no longer) a child: a stale EXIT, ignored as OTP does
    };
    let id = c.id.clone();
    let restart_type = c.restart_type();
    c.last_exit = Some(LastExit {
        at: now,
        pid: from,
        reason: reason.clone(),
        by_supervisor: false,
    });
    s.children.set_pid(&id, None);
    let report = |sim: &mut Sim| {
        sim.trace.push(
            now,
            Event::ChildTerminated {
                sup: pid,
                id: id.clone(),
                pid: from,
                reason: reason.clone(),
            },
        )
    };
    let significant = s.child(&id).is_some_and(crate::child_api::is_significant);
    match restart_type {
        Restart::Permanent => {
            report(sim);
            restart(sim, pid, &id);
            return;
        }
        _ if reason.is_normal_exit() => {
            let temporary = restart_type == Restart::Temporary;
            if let Some(c) = sup_mut(sim, pid).and_then(|s| s.child_mut(&id)) {
                c.status = ChildStatus::Dead;
            }
            if temporary || sup(sim, pid).is_some_and(|s| s.dynamic) {
                remove_child(sim, pid, &id);
            }
        }
        Restart::Transient => {
            report(sim);
            restart(sim, pid, &id);
            return;
        }
        Restart::Temporary => {
            report(sim);
            if let Some(c) = sup_mut(sim, pid).and_then(|s| s.child_mut(&id)) {
                c.status = ChildStatus::Dead;
            }
            remove_child(sim, pid, &id);
        }
    }
    // Not restarted: a significant child's exit may shut the supervisor down.
    if let Some(s) = sup_mut(sim, pid)
        && crate::child_api::auto_shutdown_due(s, significant)
    {
        s.ops.clear();
        stop_all(s);
        s.ops.push_back(Op::ExitSelf(Term::atom("shutdown")));
        sim.trace.push(now, Event::AutoShutdown { sup: pid, id });
    }
}

/// `restart/2`: count the restart against the intensity, then restart by strategy.
fn restart(sim: &mut Sim, pid: Pid, id: &Rc<str>) {
    let now = sim.w.now;
    let Some(s) = sup_mut(sim, pid) else { return };
    let now_s = now / 1_000_000;
    let threshold = now_s as i64 - i64::from(s.max_seconds);
    // Newest last; OTP keeps the restarts at or after Now - Period. The times only grow,
    // so the old ones are all at the front.
    while s.restarts.front().is_some_and(|&r| (r as i64) < threshold) {
        s.restarts.pop_front();
    }
    s.restarts.push_back(now_s);
    if s.restarts.len() > s.max_restarts as usize {
        let (restarts, max_restarts, max_seconds) =
            (s.restarts.len() as u32, s.max_restarts, s.max_seconds);
        s.gave_up = true;
        if let Some(c) = s.child_mut(id) {
            c.status = ChildStatus::Dead;
        }
        let dynamic = s.dynamic;
        if dynamic {
            forget_child(s, id);
        }
        s.ops.clear();
        stop_all(s);
        s.ops.push_back(Op::ExitSelf(Term::atom("shutdown")));
        sim.trace.push(
            now,
            Event::ReachedMaxRestartIntensity {
                sup: pid,
                id: id.clone(),
                restarts,
                max_restarts,
                max_seconds,
            },
        );
        return;
    }
    let strategy = s.strategy;
    let count = match s.child_mut(id) {
        Some(c) => {
            c.restarts += 1;
            c.status = ChildStatus::Restarting;
            c.restarts
        }
        None => 0,
    };
    // one_for_one touches the one child only: no list of its siblings is built.
    let tie = |c: &Child| {
        (
            c.id.clone(),
            c.pid.is_some(),
            c.restart_type() == Restart::Temporary,
        )
    };
    let affected: Vec<(Rc<str>, bool, bool)> = match strategy {
        Strategy::OneForOne => Vec::new(),
        Strategy::RestForOne if s.child(id).is_some() => s.children.from(id).map(tie).collect(),
        _ => s.children.iter().map(tie).collect(),
    };
    let mut ops = VecDeque::new();
    for (cid, running, temporary) in affected.iter().rev() {
        if cid != id && *running {
            ops.push_back(Op::Terminate {
                id: cid.clone(),
                remove: *temporary,
            });
        }
    }
    if strategy == Strategy::OneForOne {
        ops.push_back(Op::Start(id.clone()));
    } else {
        for (cid, _, temporary) in &affected {
            if !temporary || cid == id {
                ops.push_back(Op::Start(cid.clone()));
            }
        }
    }
    // Siblings the strategy stops and starts again are restarted too (temporary ones are
    // only stopped).
    for (cid, _, temporary) in &affected {
        if cid != id
            && !temporary
            && let Some(c) = s.child_mut(cid)
        {
            c.status = ChildStatus::Restarting;
            c.restarts += 1;
        }
    }
    s.ops.extend(ops);
    sim.w.stats.restarts += 1;
    sim.trace.push(
        now,
        Event::Restarting {
            sup: pid,
            id: id.clone(),
            count,
        },
    );
}

/// `start_child` / `terminate_child` calls.
fn sup_call(sim: &mut Sim, pid: Pid, from: Pid, tag: Ref, req: SupRequest, sent_at: Time) {
    let Some(s) = sup_mut(sim, pid) else { return };
    match req {
        SupRequest::StartChild(spec) => {
            let (start, reply) = admit_child(s, spec, Some((from, tag)), Some(sent_at));
            s.ops.extend(start);
            s.ops.push_back(reply);
        }
        other @ (SupRequest::RestartChild(_)
        | SupRequest::DeleteChild(_)
        | SupRequest::WhichChildren
        | SupRequest::CountChildren) => crate::child_api::call(sim, pid, from, tag, other),
        SupRequest::TerminateChild(id) => {
            let request = Request {
                verb: "terminate_child",
                id: id.clone(),
            };
            match s.child(&id) {
                None => s.ops.push_back(Op::Reply {
                    caller: Some((from, tag)),
                    request,
                    result: ReplyResult::Fixed(Term::tuple(vec![
                        Term::atom("error"),
                        Term::atom("not_found"),
                    ])),
                    asked: None,
                }),
                Some(c) => {
                    let remove = s.dynamic || c.restart_type() == Restart::Temporary;
                    s.ops.push_back(Op::Terminate {
                        id: id.clone(),
                        remove,
                    });
                    s.ops.push_back(Op::Reply {
                        caller: Some((from, tag)),
                        request,
                        result: ReplyResult::Fixed(Term::atom("ok")),
                        asked: None,
                    });
                }
            }
        }
    }
}

/// `start_child`, up to starting the child: a DynamicSupervisor at `max_children`
/// answers `{:error, :max_children}` without starting anything (Elixir checks before it
/// calls the start function; so does the simulator, for a fault and for an initial child
/// alike); a Supervisor refuses an id it already has. An admitted child is added to the
/// list; the steps returned start it and answer the call.
fn admit_child(
    s: &mut Supervisor,
    spec: Rc<ChildSpec>,
    caller: Option<(Pid, Ref)>,
    asked: Option<Time>,
) -> (Option<Op>, Op) {
    // `Task.Supervisor.async_nolink/2` calls `{:start_task, ...}`.
    let verb = if is_task(&spec) {
        "start_task"
    } else {
        "start_child"
    };
    let mut id: Rc<str> = Rc::from(spec.id());
    let request = Request {
        verb,
        id: id.clone(),
    };
    let error = |t: Term| Term::tuple(vec![Term::atom("error"), t]);
    let refuse = |request, r: Term| {
        let reply = Op::Reply {
            caller,
            request,
            result: ReplyResult::Fixed(error(r)),
            asked,
        };
        (None, reply)
    };
    if s.dynamic
        && s.max_children
            .is_some_and(|m| s.children.len() >= m as usize)
    {
        return refuse(request, Term::atom("max_children"));
    }
    if let Some(existing) = s.child(&id) {
        if !s.dynamic {
            let e = match existing.pid {
                Some(p) => Term::tuple(vec![Term::atom("already_started"), Term::Pid(p)]),
                None => Term::atom("already_present"),
            };
            return refuse(request, e);
        }
        // Dynamic children have no ids in OTP; the simulator numbers repeats: the first
        // free `{id}_{n}` from n = 2, starting past the numbers known to be taken.
        let mut n = s.repeats.get(&id).copied().unwrap_or(2);
        while s.child(&format!("{id}_{n}")).is_some() {
            n += 1;
        }
        s.repeats.insert(id.clone(), n + 1);
        id = Rc::from(format!("{id}_{n}"));
    }
    let spec = if &*id == spec.id() {
        spec
    } else {
        Rc::new(with_id(&spec, &id))
    };
    s.children.push(Child::named(spec, id.clone()));
    let reply = Op::Reply {
        caller,
        request,
        result: ReplyResult::ChildPid(id.clone()),
        asked,
    };
    (Some(Op::Start(id)), reply)
}

fn is_ok(result: &Term) -> bool {
    matches!(result, Term::Tuple(t) if t.first().is_some_and(|a| a.is_atom("ok")))
}

fn with_id(spec: &ChildSpec, id: &str) -> ChildSpec {
    spec.with_id(id)
}
