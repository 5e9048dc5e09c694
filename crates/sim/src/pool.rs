//! A poolboy 1.5.2 pool (`poolboy.erl` at the hex release's tag): the free workers, the
//! workers lent out (each with the monitor on its holder), the callers waiting for one,
//! and the overflow count, with poolboy's rules for checkout, checkin, `cancel_waiting`,
//! a holder's `:DOWN` and a worker's `:EXIT`.
//!
//! One process stands for poolboy's gen_server and its `poolboy_sup`: the workers are its
//! children (temporary, as `poolboy_sup` starts them), started and stopped with the
//! supervisor machinery (`supervisor.rs`), which also reports a crashed worker's
//! `child_terminated` as `poolboy_sup` does. Starting a worker is synchronous in poolboy
//! (`supervisor:start_child/2` from inside the pool's callback), so what the pool does
//! with a new worker waits in an `Op::Pool` step queued behind its start.

use crate::message::{Envelope, Msg};
pub use crate::pool_state::{AfterStart, Lent, PoolState, Waiter};
use crate::process::{Kind, Op, Supervisor};
use crate::scenario::PoolStrategy;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
use crate::trace::Event;
use std::rc::Rc;

fn pool_mut(sim: &mut Sim, pid: Pid) -> Option<&mut PoolState> {
    match &mut sim.w.procs.get_mut(&pid)?.kind {
        Kind::Supervisor(s) => s.pool.as_deref_mut(),
        _ => None,
    }
}

/// `new_worker/1`: queue the start of the next worker and what to do with it.
fn new_worker(s: &mut Supervisor, then: AfterStart) {
    let Some(p) = s.pool.as_deref_mut() else {
        return;
    };
    p.started += 1;
    let spec = Rc::new(p.spec.worker_spec(p.started));
    let id: Rc<str> = Rc::from(spec.id());
    s.ops.push_back(Op::StartChild { spec, caller: None });
    s.ops.push_back(Op::Pool { id, then });
}

/// `init/1`'s `prepopulate/2`: `size` workers, each started before the next, each put
/// at the head of the list (so the first checkout gets the worker started last).
pub(crate) fn init_ops(s: &mut Supervisor) {
    let size = s.pool.as_ref().map_or(0, |p| p.spec.size);
    for _ in 0..size {
        new_worker(s, AfterStart::Free);
    }
}

/// The step queued behind a worker's start.
pub(crate) fn after_start(sim: &mut Sim, pid: Pid, id: &str, then: AfterStart) {
    let worker = match &sim.w.procs.get(&pid).map(|p| &p.kind) {
        Some(Kind::Supervisor(s)) => s.child(id).and_then(|c| c.pid),
        _ => None,
    };
    let Some(worker) = worker else { return }; // its start failed: nothing to lend
    match then {
        AfterStart::Free => {
            if let Some(p) = pool_mut(sim, pid) {
                p.free.push_front(worker);
            }
        }
        AfterStart::Give {
            caller,
            tag,
            cref,
            mref,
            since,
        } => {
            let mref = mref.unwrap_or_else(|| sim.monitor(pid, caller));
            lend(sim, pid, worker, caller, tag, cref, mref, since);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lend(
    sim: &mut Sim,
    pid: Pid,
    worker: Pid,
    caller: Pid,
    tag: Ref,
    cref: Ref,
    mref: Ref,
    since: Time,
) {
    if let Some(p) = pool_mut(sim, pid) {
        p.lent.push(Lent {
            worker,
            caller,
            cref,
            mref,
        });
    }
    sim.send(
        pid,
        caller,
        Msg::Reply {
            tag,
            reply: Term::Pid(worker),
        },
    );
    let waited = sim.w.now.saturating_sub(since);
    sim.trace.push(
        sim.w.now,
        Event::PoolCheckout {
            pool: pid,
            caller,
            worker,
            waited,
        },
    );
}

/// Messages poolboy's gen_server handles: `{:checkout, cref, block}` calls, `{:checkin,
/// pid}` and `{:cancel_waiting, cref}` casts, and its callers' `:DOWN`s. Returns the
/// envelope if it is none of these (the supervisor side handles it).
pub(crate) fn handle(sim: &mut Sim, pid: Pid, env: Envelope) -> Option<Envelope> {
    match &env.msg {
        Msg::Call { tag, req } => {
            let Some((cref, block)) = checkout_request(req) else {
                // poolboy answers anything else `{:error, :invalid_message}`.
                let reply = Term::tuple(vec![Term::atom("error"), Term::atom("invalid_message")]);
                sim.send(pid, env.from, Msg::Reply { tag: *tag, reply });
                return None;
            };
            checkout(sim, pid, env.from, *tag, cref, block, env.sent_at);
            None
        }
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("checkin") => {
            if let Term::Pid(worker) = t[1] {
                checkin(sim, pid, worker);
            }
            None
        }
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("cancel_waiting") => {
            if let Term::Ref(cref) = t[1] {
                cancel_waiting(sim, pid, cref);
            }
            None
        }
        Msg::Cast(_) => None, // handle_cast(_Msg, State): ignored
        Msg::Down { mref, .. } => {
            caller_down(sim, pid, *mref);
            None
        }
        _ => Some(env),
    }
}

fn checkout_request(req: &Term) -> Option<(Ref, bool)> {
    match req {
        Term::Tuple(t) if t.len() == 3 && t[0].is_atom("checkout") => match (&t[1], &t[2]) {
            (Term::Ref(r), b) => Some((*r, !b.is_atom("false"))),
            _ => None,
        },
        _ => None,
    }
}

/// `handle_call({checkout, CRef, Block}, ...)`.
fn checkout(sim: &mut Sim, pid: Pid, caller: Pid, tag: Ref, cref: Ref, block: bool, since: Time) {
    let Some(p) = pool_mut(sim, pid) else { return };
    if let Some(worker) = p.free.pop_front() {
        let mref = sim.monitor(pid, caller);
        lend(sim, pid, worker, caller, tag, cref, mref, since);
        return;
    }
    let (max, overflow) = (p.spec.max_overflow, p.overflow);
    if max > 0 && overflow < max {
        p.overflow += 1;
        if let Some(Kind::Supervisor(s)) = sim.w.procs.get_mut(&pid).map(|p| &mut p.kind) {
            new_worker(
                s,
                AfterStart::Give {
                    caller,
                    tag,
                    cref,
                    mref: None,
                    since,
                },
            );
        }
        return;
    }
    if !block {
        sim.send(
            pid,
            caller,
            Msg::Reply {
                tag,
                reply: Term::atom("full"),
            },
        );
        return;
    }
    let mref = sim.monitor(pid, caller);
    let Some(p) = pool_mut(sim, pid) else { return };
    p.waiting.push_back(Waiter {
        caller,
        tag,
        cref,
        mref,
        since,
    });
    let queue = p.waiting.len() as u32;
    sim.trace.push(
        sim.w.now,
        Event::PoolWait {
            pool: pid,
            caller,
            queue,
        },
    );
}

/// `handle_cast({checkin, Pid}, ...)`: only a worker that is lent out counts.
fn checkin(sim: &mut Sim, pid: Pid, worker: Pid) {
    let Some(p) = pool_mut(sim, pid) else { return };
    let Some(i) = p.lent.iter().position(|l| l.worker == worker) else {
        return;
    };
    let l = p.lent.remove(i);
    sim.demonitor_flush(pid, l.mref);
    returned(sim, pid, worker, l.caller, false);
}

fn returned(sim: &mut Sim, pid: Pid, worker: Pid, caller: Pid, caller_died: bool) {
    sim.trace.push(
        sim.w.now,
        Event::PoolCheckin {
            pool: pid,
            worker,
            caller,
            caller_died,
        },
    );
    handle_checkin(sim, pid, worker);
}

/// `handle_checkin/2`: the first waiter gets the worker; else, with overflow workers
/// out, this worker is dismissed (whichever it is: poolboy does not tell overflow
/// workers apart); else it goes back to the free list (at the head for `lifo`).
fn handle_checkin(sim: &mut Sim, pid: Pid, worker: Pid) {
    let Some(p) = pool_mut(sim, pid) else { return };
    if let Some(w) = p.waiting.pop_front() {
        lend(sim, pid, worker, w.caller, w.tag, w.cref, w.mref, w.since);
        return;
    }
    if p.overflow > 0 {
        p.overflow -= 1;
        dismiss(sim, pid, worker);
        return;
    }
    match p.spec.strategy {
        PoolStrategy::Lifo => p.free.push_front(worker),
        PoolStrategy::Fifo => p.free.push_back(worker),
    }
}

/// `dismiss_worker/2`: unlink, then `supervisor:terminate_child/2` (`:shutdown`, 5 s).
fn dismiss(sim: &mut Sim, pid: Pid, worker: Pid) {
    sim.unlink(pid, worker);
    sim.trace
        .push(sim.w.now, Event::PoolDismiss { pool: pid, worker });
    let Some(Kind::Supervisor(s)) = sim.w.procs.get_mut(&pid).map(|p| &mut p.kind) else {
        return;
    };
    if let Some(c) = s.children.iter().find(|c| c.pid == Some(worker)) {
        let id = c.id.clone();
        s.ops.push_back(Op::Terminate { id, remove: true });
    }
}

/// `handle_cast({cancel_waiting, CRef}, ...)`: a caller whose checkout timed out. If the
/// worker was lent meanwhile it comes back; else the caller leaves the queue.
fn cancel_waiting(sim: &mut Sim, pid: Pid, cref: Ref) {
    let Some(p) = pool_mut(sim, pid) else { return };
    if let Some(i) = p.lent.iter().position(|l| l.cref == cref) {
        let l = p.lent.remove(i);
        sim.demonitor_flush(pid, l.mref);
        returned(sim, pid, l.worker, l.caller, false);
        return;
    }
    // poolboy's `queue:filter/2` keeps every waiter but this one. A checkout reference is
    // unique, so at most one leaves; found from the front, where the oldest waiters (the
    // first to time out) are, instead of a pass over the whole queue.
    let at = p.waiting.iter().position(|w| w.cref == cref);
    if let Some(w) = at.and_then(|i| p.waiting.remove(i)) {
        sim.demonitor_flush(pid, w.mref);
        sim.trace.push(
            sim.w.now,
            Event::PoolCancel {
                pool: pid,
                caller: w.caller,
            },
        );
    }
}

/// `handle_info({'DOWN', MRef, ...})`: a holder died (its worker comes back as it is,
/// not restarted) or a waiter died (it leaves the queue).
fn caller_down(sim: &mut Sim, pid: Pid, mref: Ref) {
    let Some(p) = pool_mut(sim, pid) else { return };
    if let Some(i) = p.lent.iter().position(|l| l.mref == mref) {
        let l = p.lent.remove(i);
        returned(sim, pid, l.worker, l.caller, true);
        return;
    }
    // A monitor reference is unique: at most one waiter leaves (as in `cancel_waiting`).
    let at = p.waiting.iter().position(|w| w.mref == mref);
    if let Some(w) = at.and_then(|i| p.waiting.remove(i)) {
        sim.trace.push(
            sim.w.now,
            Event::PoolCancel {
                pool: pid,
                caller: w.caller,
            },
        );
    }
}

/// `handle_info({'EXIT', Pid, _})` for a worker (after the supervisor side has reported
/// and removed it): a lent worker is replaced for the first waiter, or absorbed by the
/// overflow count, or replaced at the head of the free list; a free worker is replaced.
pub(crate) fn worker_exit(sim: &mut Sim, pid: Pid, worker: Pid) {
    let Some(p) = pool_mut(sim, pid) else { return };
    let then = if let Some(i) = p.lent.iter().position(|l| l.worker == worker) {
        let l = p.lent.remove(i);
        sim.demonitor_flush(pid, l.mref);
        let Some(p) = pool_mut(sim, pid) else { return };
        if let Some(w) = p.waiting.pop_front() {
            Some(AfterStart::Give {
                caller: w.caller,
                tag: w.tag,
                cref: w.cref,
                mref: Some(w.mref),
                since: w.since,
            })
        } else if p.overflow > 0 {
            p.overflow -= 1;
            None
        } else {
            Some(AfterStart::Free)
        }
    } else if let Some(i) = p.free.iter().position(|&w| w == worker) {
        p.free.remove(i);
        Some(AfterStart::Free)
    } else {
        None
    };
    if let Some(then) = then
        && let Some(Kind::Supervisor(s)) = sim.w.procs.get_mut(&pid).map(|p| &mut p.kind)
    {
        new_worker(s, then);
    }
}
