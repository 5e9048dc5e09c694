//! A client of mode `pool_transaction`: `:poolboy.transaction(pool, fn w ->
//! GenServer.call(w, request) end, timeout_ms)` per request. The checkout is a
//! `gen_server:call(pool, {checkout, cref, true}, timeout_ms)`; on its timeout poolboy's
//! `checkout/3` casts `{cancel_waiting, cref}` and re-raises, so the caller exits
//! `{:timeout, {:gen_server, :call, [Pool, {:checkout, ref, true}, timeout]}}`. The
//! worker is called with `GenServer.call/2`'s 5 s, and checked in by `transaction/3`'s
//! `after`, also when that call fails (the worker died: the caller exits with the
//! worker's reason, after checking in a dead pid the pool ignores).

use crate::client_call::{call, client_mut};
use crate::message::{Envelope, Msg};
use crate::process::{Kind, WorkerState};
use crate::scenario::Behaviour;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};
use crate::tick::schedule_tick;
use crate::trace::Event;
use std::rc::Rc;

/// `GenServer.call/2`'s default timeout, which the transaction's function uses.
const WORKER_CALL_MS: u64 = 5000;

pub(crate) fn handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let now = sim.w.now;
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let Kind::Worker(w) = &p.kind else { return };
    let (Behaviour::Client(spec), WorkerState::Client(c)) = (&w.spec.behaviour, &w.state) else {
        return;
    };
    let (interval, jitter, timeout_ms, catch_timeout) = (
        spec.interval_us,
        spec.jitter,
        spec.timeout_ms,
        spec.catch_timeout,
    );
    let terminate_us = w.spec.terminate_us;
    let (target, request, pending, holding, in_flight) = (
        c.target.clone(),
        c.request.clone(),
        c.pending,
        c.pool_worker,
        c.in_flight.clone(),
    );
    // `{:gen_server, :call, [Pool, {:checkout, cref, true}, timeout]}`: how a failed
    // checkout names itself (poolboy calls gen_server directly).
    let checkout_info = |req: Term| {
        Term::tuple(vec![
            Term::atom("gen_server"),
            Term::atom("call"),
            Term::List(Rc::from(vec![
                Term::atom(&target),
                req,
                Term::Int(timeout_ms as i64),
            ])),
        ])
    };
    let worker_info = |w: Pid| {
        Term::tuple(vec![
            Term::atom("GenServer"),
            Term::atom("call"),
            Term::List(Rc::from(vec![
                Term::Pid(w),
                request.clone(),
                Term::Int(WORKER_CALL_MS as i64),
            ])),
        ])
    };
    let pool = sim.whereis(&target);
    let cast = |sim: &mut Sim, msg: Term| {
        if let Some(pool) = pool {
            sim.send(pid, pool, Msg::Cast(msg));
        }
    };
    match env.msg {
        Msg::Tick => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
            }
            let cref = sim.make_ref();
            let req = Term::tuple(vec![
                Term::atom("checkout"),
                Term::Ref(cref),
                Term::atom("true"),
            ]);
            match pool {
                Some(pool) => call(sim, pid, pool, req.clone(), timeout_ms, Some(req)),
                None => {
                    let reason = Term::tuple(vec![Term::atom("noproc"), checkout_info(req)]);
                    sim.terminate_then_exit(pid, terminate_us, reason);
                }
            }
        }
        Msg::Reply { tag, reply } => {
            let Some(pc) = pending.filter(|pc| pc.tag == tag) else {
                return;
            };
            let latency = now - pc.sent_at;
            if let Some(p) = sim.proc_mut(pid) {
                p.alias = None;
                if let Some(c) = client_mut(p) {
                    c.pending = None;
                    c.in_flight = None;
                }
            }
            sim.demonitor_flush(pid, tag);
            sim.cancel_timer(pid, pc.timer);
            match (holding, reply) {
                (None, Term::Pid(worker)) => {
                    // Checked out after `latency` in the pool's queue: now the work.
                    if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                        c.reads.record(latency);
                        c.pool_worker = Some((worker, latency));
                    }
                    call(sim, pid, worker, request.clone(), WORKER_CALL_MS, None);
                }
                (Some((worker, waited)), _) => {
                    cast(
                        sim,
                        Term::tuple(vec![Term::atom("checkin"), Term::Pid(worker)]),
                    );
                    let total = waited + latency;
                    if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                        c.pool_worker = None;
                        c.stats.record(total);
                    }
                    sim.trace.push(
                        now,
                        Event::CallReturned {
                            pid,
                            latency: total,
                        },
                    );
                    schedule_tick(sim, pid, interval, jitter);
                }
                // `:full` (never asked for: checkouts block) or anything else.
                (None, _) => schedule_tick(sim, pid, interval, jitter),
            }
        }
        Msg::Down { mref, reason, .. } => {
            let Some(pc) = pending.filter(|pc| pc.tag == mref) else {
                return;
            };
            sim.cancel_timer(pid, pc.timer);
            let info = match (holding, in_flight) {
                (Some((worker, _)), _) => {
                    // transaction/3's `after`: the dead worker is checked in (ignored).
                    cast(
                        sim,
                        Term::tuple(vec![Term::atom("checkin"), Term::Pid(worker)]),
                    );
                    worker_info(worker)
                }
                (None, req) => {
                    let req = req.unwrap_or_else(|| Term::atom("checkout"));
                    if let Term::Tuple(t) = &req {
                        cast(
                            sim,
                            Term::tuple(vec![Term::atom("cancel_waiting"), t[1].clone()]),
                        );
                    }
                    checkout_info(req)
                }
            };
            sim.terminate_then_exit(pid, terminate_us, Term::tuple(vec![reason, info]));
        }
        Msg::Timeout(r) => {
            let Some(pc) = pending.filter(|pc| pc.timer == r) else {
                return;
            };
            if let Some(p) = sim.proc_mut(pid) {
                p.alias = None;
                if let Some(c) = client_mut(p) {
                    c.pending = None;
                    c.in_flight = None;
                    c.pool_worker = None;
                    c.stats.timeouts += 1;
                }
            }
            sim.demonitor_flush(pid, pc.tag);
            sim.trace.push(
                now,
                Event::CallTimeout {
                    pid,
                    caught: catch_timeout,
                },
            );
            let info = match (holding, in_flight) {
                (Some((worker, _)), _) => {
                    cast(
                        sim,
                        Term::tuple(vec![Term::atom("checkin"), Term::Pid(worker)]),
                    );
                    worker_info(worker)
                }
                (None, req) => {
                    let req = req.unwrap_or_else(|| Term::atom("checkout"));
                    if let Term::Tuple(t) = &req {
                        cast(
                            sim,
                            Term::tuple(vec![Term::atom("cancel_waiting"), t[1].clone()]),
                        );
                    }
                    checkout_info(req)
                }
            };
            if catch_timeout {
                schedule_tick(sim, pid, interval, jitter);
            } else {
                let reason = Term::tuple(vec![Term::atom("timeout"), info]);
                sim.terminate_then_exit(pid, terminate_us, reason);
            }
        }
        _ => {}
    }
}
