//! The built-in worker kinds, written as GenServer callbacks would be: a server with a
//! service time, a counter (either may own a named ETS table), and a client that calls
//! or casts a named server, or reads its ETS table, at a seeded rate. Handlers run when
//! the dispatcher (`sim/engine.rs`) finishes a job and act only through the kernel's
//! primitives (send, monitor, timers, exit) and the table registry (`ets.rs`). Task
//! clients and tasks are handed to `task.rs`; both kinds of client tick with `tick.rs`.

use crate::client_call::{call, client_mut};
use crate::ets;
use crate::features::{EXTRAS, SHORTCUTS};
use crate::message::{Envelope, Msg, SysMsg};
use crate::pg;
use crate::process::{Kind, PendingCall, Process, WorkerState};
use crate::pterm;
use crate::registry;
use crate::scenario::{Behaviour, ClientMode, term_or_atom, via_name};
use crate::sim::kernel::{self, Sim};
use crate::sys_debug;
use crate::task;
use crate::term::{Fun, Pid, Ref, Term};
use crate::tick::schedule_tick;
use crate::trace::Event;
use std::rc::Rc;

thread_local! {
    /// A server's reply to every call: one shared atom instead of an allocation per reply.
    static OK: Term = Term::atom("ok");
}

/// The message a `persistent_term_incr` client sends itself between its get and its put.
const PTERM_PUT: &str = "$persistent_term_put";

fn poison() -> Term {
    // A server with no clause for the message fails with a raw Erlang `function_clause`
    // error: the exit reason is `{:function_clause, stacktrace}` (checked against OTP).
    Term::exception("function_clause", "")
}

/// `init/1` finished: create an owned ETS table, acknowledge the starter and arm a
/// client's first tick.
pub(crate) fn init(sim: &mut Sim, pid: Pid) {
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let parent = p.parent;
    if matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Task)) {
        // A task is spawned, not started: nobody waits for its init.
        return;
    }
    if crate::init_fail::fails(sim, pid) {
        return;
    }
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let (first_tick, table, reads_from) = match &p.kind {
        Kind::Worker(w) => match &w.spec.behaviour {
            Behaviour::Client(c) => (
                Some(c.interval_us),
                None,
                (c.mode == ClientMode::Ets).then(|| c.target.clone()),
            ),
            b => (None, b.table().map(str::to_string), None),
        },
        _ => (None, None, None),
    };
    if EXTRAS && let Some(table) = table {
        // The table is created as init/1 ends, so it exists exactly when the starter
        // hears back. A name another process owns raises badarg: init fails and the
        // supervisor reports a start error.
        match ets::create(&mut sim.w.tables, pid, &table) {
            Ok(table) => sim.trace.push(sim.w.now, Event::EtsNew { pid, table }),
            Err(reason) => {
                // init/1 raised: the start fails like any other init failure (the
                // starter gets `{:error, reason}`; the process was never started).
                let id = sim.w.procs.get(&pid).and_then(|p| p.child_id.clone());
                let result = reason.clone();
                sim.trace
                    .push(sim.w.now, Event::InitFailed { pid, id, result });
                sim.exit_process(pid, reason);
                return;
            }
        }
    }
    let calls_statem = match &p.kind {
        Kind::Worker(w) => match &w.spec.behaviour {
            Behaviour::Client(c) => sim.index.is_statem(&c.target),
            _ => false,
        },
        _ => false,
    };
    if EXTRAS
        && calls_statem
        && let Some(c) = sim.proc_mut(pid).and_then(client_mut)
    {
        c.statem = true;
    }
    if EXTRAS && !registry_init(sim, pid) {
        return;
    }
    if EXTRAS && let Some(target) = reads_from {
        let table = sim.index.table_of(&target);
        if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
            c.table = table;
        }
    }
    // A process started outside any supervisor (`spawn` commands) acknowledges no one:
    // its starter does not wait for its init/1 here.
    if sim
        .w
        .procs
        .get(&pid)
        .is_some_and(|p| p.spawned_by.is_none())
    {
        sim.send(pid, parent, Msg::Ack);
    }
    if let Some(interval) = first_tick {
        // Spread clients over their first interval so they do not fire in lock step.
        // Like `Process.send_after(self(), :tick, interval)` in init.
        let jitter = match &sim.w.procs.get(&pid).map(|p| &p.kind) {
            Some(Kind::Worker(w)) => match &w.spec.behaviour {
                Behaviour::Client(c) => c.jitter,
                _ => 0.0,
            },
            _ => 0.0,
        };
        schedule_tick(sim, pid, interval, jitter);
    }
}

/// The Registry parts of `init/1`: a registry creates its tables; a worker with
/// `registers` makes its `Registry.register/3` calls (a failed one is ignored, as code
/// that does not match on the result would). `false`: the process exited.
fn registry_init(sim: &mut Sim, pid: Pid) -> bool {
    let Some(Kind::Worker(w)) = sim.w.procs.get(&pid).map(|p| &p.kind) else {
        return true;
    };
    let spec = w.spec.clone();
    if let (Behaviour::Registry { keys, partitions }, Some(name)) = (&spec.behaviour, &spec.name) {
        registry::create(&mut sim.w.registries, pid, name, *keys, *partitions);
    }
    if let (Behaviour::Pg {}, Some(name)) = (&spec.behaviour, &spec.name) {
        // pg's init/1: `ets:new(Scope, [set, protected, named_table, ...])`.
        match ets::create(&mut sim.w.tables, pid, name) {
            Ok(table) => sim.trace.push(sim.w.now, Event::EtsNew { pid, table }),
            Err(reason) => {
                sim.exit_process(pid, reason);
                return false;
            }
        }
        pg::create(&mut sim.w.pg, pid, name);
    }
    for j in &spec.joins {
        // `:pg.join(scope, group, self())`: a call to the scope, which does the work when it
        // handles it (the caller does not wait for the reply here). No scope: the call exits.
        let group = term_or_atom(&j.group);
        let join = Term::tuple(vec![Term::atom("join_local"), group, Term::Pid(pid)]);
        match sim.w.names.get(j.scope.as_str()).copied() {
            Some(scope) => sim.send(pid, scope, Msg::Cast(join)),
            None => {
                let info = Term::tuple(vec![
                    Term::atom("gen_server"),
                    Term::atom("call"),
                    Term::List(Rc::from(vec![
                        Term::atom(&j.scope),
                        join,
                        Term::atom("infinity"),
                    ])),
                ]);
                sim.exit_process(pid, Term::tuple(vec![Term::atom("noproc"), info]));
                return false;
            }
        }
    }
    for r in &spec.registers {
        let key = term_or_atom(&r.key);
        if let Err(reason) = sim.registry_register(pid, &r.registry, key)
            && matches!(reason, Term::Exception(_))
        {
            // An unknown registry raises ArgumentError in init/1.
            sim.exit_process(pid, reason);
            return false;
        }
    }
    true
}

/// A `:pg` scope's callbacks: `{join_local, group, pid}` and `{leave_local, group, pid}`
/// (calls in real OTP; their replies are not modelled) and the `:DOWN` of a member.
fn pg_handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let now = sim.w.now;
    match env.msg {
        Msg::Cast(Term::Tuple(t)) if t.len() == 3 && matches!(t[2], Term::Pid(_)) => {
            let Term::Pid(member) = t[2] else { return };
            let group = t[1].clone();
            if t[0].is_atom("join_local") {
                let id = sim.w.procs.get(&member).and_then(|p| p.child_id.clone());
                let fresh = sim
                    .w
                    .pg
                    .values()
                    .find(|s| s.owner == pid)
                    .is_some_and(|s| !s.local.contains_key(&member));
                // erlang:monitor(process, Pid), once per pid: a dead one gives a :DOWN at once.
                let mref = if fresh {
                    Some(sim.monitor(pid, member))
                } else {
                    None
                };
                let Some((scope, s)) = pg::by_owner(&mut sim.w.pg, pid) else {
                    return;
                };
                s.join(&group, member, id, || mref.unwrap_or(crate::term::Ref(0)));
                sim.trace.push(
                    now,
                    Event::PgJoin {
                        by: pid,
                        pid: member,
                        scope,
                        group: Rc::new(group),
                    },
                );
            } else if t[0].is_atom("leave_local") {
                let Some((scope, s)) = pg::by_owner(&mut sim.w.pg, pid) else {
                    return;
                };
                let left = s.leave(&group, member);
                if let Some(Some(mref)) = left {
                    sim.demonitor_flush(pid, mref);
                }
                sim.trace.push(
                    now,
                    Event::PgLeave {
                        by: pid,
                        pid: member,
                        scope,
                        group: Rc::new(group),
                        ok: left.is_some(),
                    },
                );
            }
        }
        Msg::Down {
            mref, pid: member, ..
        } => {
            let Some((scope, s)) = pg::by_owner(&mut sim.w.pg, pid) else {
                return;
            };
            if let Some(groups) = s.down(member, mref) {
                sim.trace.push(
                    now,
                    Event::PgCleanup {
                        by: pid,
                        pid: member,
                        scope,
                        groups: Rc::from(groups),
                    },
                );
            }
        }
        // pg does not trap exits: its parent's exit signal kills it and never arrives as a
        // message. Anything else is ignored.
        _ => {}
    }
}

/// `{:register | :unregister, registry, key}` casts (the `register` and `unregister`
/// commands): the process calls `Registry.register/3` or `unregister/2` itself.
fn registry_command(msg: &Msg) -> Option<(bool, String, Term)> {
    let Msg::Cast(Term::Tuple(t)) = msg else {
        return None;
    };
    if t.len() != 3 {
        return None;
    }
    let register = t[0].is_atom("register");
    if !register && !t[0].is_atom("unregister") {
        return None;
    }
    match &t[1] {
        Term::Atom(reg) => Some((register, reg.to_string(), t[2].clone())),
        _ => None,
    }
}

/// The end of a handle_call that replies: an emitting server's `:telemetry.execute/3`
/// ends it, so its handlers run now, in this process, and the reply leaves after them.
fn reply_to_call(sim: &mut Sim, pid: Pid, call: &Envelope, tag: Ref, reply: Term) {
    let cost = if EXTRAS {
        crate::telemetry_run::after_call(sim, pid, &call.msg)
    } else {
        0
    };
    sim.reply_after(pid, cost, call.from, tag, reply);
}

pub(crate) fn handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    // A client's tick and its call's reply, two jobs of every call a client makes: none of
    // the checks below applies to them (they are no system message, no `{:EXIT, ...}`, no
    // cast-borne command, no poison), so without `:sys` debugging they go straight on.
    if SHORTCUTS
        && matches!(env.msg, Msg::Tick | Msg::Reply { .. })
        && sim.w.procs.get(&pid).is_some_and(|p| {
            !p.debug.is_on()
                && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Client(_)))
        })
    {
        return client_handle(sim, pid, env);
    }
    // A call to a plain server (every call has one): likewise, unless the request is one
    // that ends the server (`:poison`, `{:stop, ...}`).
    if SHORTCUTS
        && let Msg::Call { tag, req } = &env.msg
        && !req.is_atom("poison")
        && crate::message::stop_request(req).is_none()
        && let Some(p) = sim.w.procs.get_mut(&pid)
        && !p.debug.is_on()
        && let Kind::Worker(w) = &mut p.kind
        && let WorkerState::Server { handled } = &mut w.state
    {
        *handled += 1;
        let tag = *tag;
        return reply_to_call(sim, pid, &env, tag, OK.with(Term::clone));
    }
    // `:sys` requests other than suspend/resume: answered between two messages, like
    // sys:handle_system_msg/6 does, without a callback or a debug event.
    // `{:terminate, reason}` (GenServer.stop/3): sys.erl answers `:ok`, then terminate/2
    // runs (its time was the job's cost) and the process exits with `reason`, whatever
    // its state, suspended included.
    if let Msg::Sys(SysMsg::Terminate(reason)) = &env.msg {
        sim.w.gen_stops.acknowledge(pid);
        sim.exit_process(pid, reason.clone());
        return;
    }
    if let Msg::Sys(s) = &env.msg
        && !matches!(s, SysMsg::Suspend | SysMsg::Resume)
    {
        sys_debug::handle_request(sim, pid, s);
        return;
    }
    let Some(p) = sim.w.procs.get_mut(&pid) else {
        return;
    };
    if EXTRAS && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Task)) {
        return task::task_handle(sim, pid, env);
    }
    let parent = p.parent;
    match env.msg {
        Msg::Sys(SysMsg::Suspend) => {
            p.suspended = true;
            sim.trace.push(sim.w.now, Event::Suspended { pid });
            return;
        }
        Msg::Sys(SysMsg::Resume) => {
            p.suspended = false;
            sim.trace.push(sim.w.now, Event::Resumed { pid });
            return;
        }
        // gen_server: an `{:EXIT, parent, reason}` runs terminate/2 (its time was the job's
        // cost) and exits with the same reason.
        Msg::Exit { from, reason } if from == parent => {
            sim.exit_process(pid, reason);
            return;
        }
        // Registry.Partition's handle_info({:EXIT, pid, _}): remove the dead one's keys.
        Msg::Exit { from, .. }
            if EXTRAS
                && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Registry)) =>
        {
            if let Some((registry, keys)) = registry::cleanup(&mut sim.w.registries, pid, from) {
                sim.trace.push(
                    sim.w.now,
                    Event::RegistryCleanup {
                        by: pid,
                        pid: from,
                        registry,
                        keys: Rc::from(keys),
                    },
                );
            }
            return;
        }
        _ => {}
    }
    if EXTRAS && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Pg)) {
        return pg_handle(sim, pid, env);
    }
    let is_registry =
        matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Registry));
    // A registry is never asked to register itself (its partitions run no code of ours).
    if let Some((register, reg, key)) =
        registry_command(&env.msg).filter(|_| EXTRAS && !is_registry)
    {
        let done = if register {
            sim.registry_register(pid, &reg, key)
        } else {
            sim.registry_unregister(pid, &reg, key)
        };
        if let Err(reason @ Term::Exception(_)) = done {
            sim.exit_process(pid, reason);
        }
        return;
    }
    // `:ets.give_away/3` or `:ets.setopts/2` (heir), made by the process itself.
    if let Some((give, table, who, data)) = crate::ets_give::parse(&env.msg).filter(|_| EXTRAS) {
        crate::ets_give::run(sim, pid, give, &table, who, data);
        return;
    }
    // Process-level calls the process makes itself (spawn, link, monitor, ...).
    if let Some(op) = crate::proc_ops::parse(&env.msg) {
        crate::proc_ops::run(sim, pid, op);
        return;
    }
    // gen_server's `{in, Msg}` debug event, for a process with `:sys` debugging on.
    let traced_in = p.debug.is_on().then(|| env.msg.to_term(env.from));
    let Kind::Worker(w) = &mut p.kind else { return };
    if EXTRAS && matches!(w.state, WorkerState::Statem(_)) {
        return crate::statem::handle(sim, pid, env);
    }
    if matches!(
        w.state,
        WorkerState::Server { .. } | WorkerState::Counter { .. }
    ) && matches!(env.msg, Msg::Exit { .. } | Msg::Down { .. })
    {
        // handle_info/2 reports it (the rest of the handling is the server's usual).
        crate::proc_ops::info(sim, pid, parent, &env.msg);
    }
    let Some(p) = sim.w.procs.get_mut(&pid) else {
        return;
    };
    let Kind::Worker(w) = &mut p.kind else { return };
    // Decide with the state borrowed, act on the simulation after.
    enum Then {
        Nothing,
        Crash,
        Raise,
        Stop,
        Reply(Ref, Term),
        /// handle_call returned `{:stop, reason, reply, state}` (with a reply) or
        /// `{:stop, reason, state}`.
        StopCall(Ref, Term, Option<Term>),
        Client,
        Exit(Term),
    }
    let is_agent = matches!(w.state, WorkerState::Agent { .. });
    let is_poison = match &env.msg {
        Msg::Call { req, .. } | Msg::Cast(req) => req.is_atom("poison"),
        // Agent.Server's handle_info/2 is GenServer's default: it logs and goes on.
        Msg::Info(req) => req.is_atom("poison") && !is_agent,
        _ => false,
    };
    let raise = match &env.msg {
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("raise") => match &t[1] {
            Term::Str(m) => Some(Term::exception("RuntimeError", m)),
            _ => Some(Term::exception("RuntimeError", "boom")),
        },
        _ => None,
    };
    let stop = match &env.msg {
        Msg::Cast(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("stop") => Some(t[1].clone()),
        _ => None,
    };
    let stop_call = match &env.msg {
        Msg::Call { tag, req } if !is_agent => {
            crate::message::stop_request(req).map(|(r, reply)| (*tag, r, reply))
        }
        _ => None,
    };
    let then = match &mut w.state {
        _ if is_poison => Then::Crash,
        _ if stop_call.is_some() => match stop_call {
            Some((tag, reason, reply)) => Then::StopCall(tag, reason, reply),
            None => Then::Nothing,
        },
        _ if raise.is_some() => Then::Raise,
        _ if stop.is_some() => Then::Stop,
        WorkerState::Server { handled } => {
            *handled += 1;
            match &env.msg {
                Msg::Call { tag, .. } => Then::Reply(*tag, OK.with(Term::clone)),
                _ => Then::Nothing,
            }
        }
        WorkerState::Counter { value } => match &env.msg {
            Msg::Call { tag, req } => {
                if req.is_atom("incr") {
                    *value += 1;
                }
                Then::Reply(*tag, Term::Int(*value))
            }
            Msg::Cast(req) if req.is_atom("incr") => {
                *value += 1;
                Then::Nothing
            }
            _ => Then::Nothing,
        },
        WorkerState::Agent { value } => agent_handle(value, &env.msg),
        WorkerState::Client(_) => Then::Client,
        WorkerState::Task | WorkerState::Registry | WorkerState::Pg | WorkerState::Statem(_) => {
            Then::Nothing
        }
    };
    if let Some(m) = &traced_in {
        sys_debug::event_in(sim, pid, m);
        // The callback returned: `{out, Reply, To, State}` or `{noreply, State}`. A
        // callback that raised or stopped has no such event.
        match &then {
            Then::Nothing => sys_debug::event_after(sim, pid, None),
            Then::Reply(_, reply) => sys_debug::event_after(sim, pid, Some((env.from, reply))),
            _ => {}
        }
    }
    match then {
        Then::Nothing => {}
        // A callback raised: gen_server runs terminate/2 (its time was the job's cost) and exits.
        Then::Crash => sim.exit_process(pid, poison()),
        Then::Raise => sim.exit_process(pid, raise.unwrap_or_else(poison)),
        // {:stop, reason, state}: terminate/2 ran (its time was the job's cost), then exit.
        Then::Stop => sim.exit_process(pid, stop.unwrap_or_else(|| Term::atom("normal"))),
        Then::Reply(tag, reply) => reply_to_call(sim, pid, &env, tag, reply),
        // gen_server runs terminate/2 first and sends the reply in its `after` clause, as
        // the process exits (gen_server.erl, handle_msg/6): the caller gets it only once
        // terminate/2 is done (its time was the job's cost).
        Then::StopCall(tag, reason, reply) => {
            if let Some(reply) = reply {
                sim.send(pid, env.from, Msg::Reply { tag, reply });
            }
            sim.exit_process(pid, reason);
        }
        Then::Client => client_handle(sim, pid, env),
        Then::Exit(reason) => sim.exit_process(pid, reason),
    }

    /// Agent.Server's callbacks: `{:get, fun}`, `{:update, fun}`, `{:get_and_update, fun}`
    /// calls and `{:cast, fun}` casts run the function on the state; a function that raises
    /// ends the agent with the exception (its caller then exits with that reason); any
    /// other call or cast has no clause (`function_clause`); infos are ignored.
    fn agent_handle(value: &mut Term, msg: &Msg) -> Then {
        let fun_of = |req: &Term, op: &str| match req {
            Term::Tuple(t) if t.len() == 2 && t[0].is_atom(op) => match &t[1] {
                Term::Fun(f) => Some(f.clone()),
                _ => None,
            },
            _ => None,
        };
        match msg {
            Msg::Call { tag, req } => {
                let (fun, op) = if let Some(f) = fun_of(req, "get") {
                    (f, "get")
                } else if let Some(f) = fun_of(req, "update") {
                    (f, "update")
                } else if let Some(f) = fun_of(req, "get_and_update") {
                    (f, "get_and_update")
                } else {
                    return Then::Crash;
                };
                match fun.apply(value) {
                    Err(reason) => Then::Exit(reason),
                    Ok((returned, new)) => match op {
                        "get" => Then::Reply(*tag, returned),
                        "update" => {
                            *value = new;
                            Then::Reply(*tag, OK.with(Term::clone))
                        }
                        _ => {
                            *value = new;
                            Then::Reply(*tag, returned)
                        }
                    },
                }
            }
            Msg::Cast(req) => match fun_of(req, "cast") {
                Some(f) => match f.apply(value) {
                    Ok((_, new)) => {
                        *value = new;
                        Then::Nothing
                    }
                    Err(reason) => Then::Exit(reason),
                },
                None => Then::Crash,
            },
            _ => Then::Nothing,
        }
    }
}

/// A client's call `pc` has its reply: the caller's side of gen:do_call's return (the
/// alias deactivated, the monitor taken down with a flush, the timer cancelled), and the
/// latency recorded.
fn call_returned(sim: &mut Sim, pid: Pid, pc: PendingCall) {
    let now = sim.w.now;
    let returned = |p: &mut Process| {
        p.alias = None;
        if let Some(c) = client_mut(p) {
            c.pending = None;
            c.in_flight = None;
            c.stats.record(now - pc.sent_at);
        }
    };
    if !SHORTCUTS {
        // The first-load build, for size: the primitives one by one.
        if let Some(p) = sim.proc_mut(pid) {
            returned(p);
        }
        sim.demonitor_flush(pid, pc.tag);
        sim.cancel_timer(pid, pc.timer);
        sim.trace.push_call_returned(now, pid, now - pc.sent_at);
        return;
    }
    // `demonitor_flush` and `cancel_timer`, with the caller's halves of both done in the
    // one lookup of the caller (the path every call takes).
    let (mut target, mut timer) = (None, None);
    if let Some(p) = sim.w.procs.get_mut(&pid) {
        returned(p);
        target = p.monitors.remove(&pc.tag);
        timer = p.timers.remove(&pc.timer);
        let down = |m: &Msg| kernel::is_down(m, pc.tag);
        kernel::flush_in(p, down, now, &mut sim.trace, &mut sim.w.stats);
    }
    if let Some(target) = target {
        sim.unwatch(target, pc.tag);
    }
    if let Some(timer) = timer {
        sim.cancel_slot(timer);
    }
    sim.trace.push_call_returned(now, pid, now - pc.sent_at);
}

fn client_handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let now = sim.w.now;
    let Some(p) = sim.w.procs.get(&pid) else {
        return;
    };
    let Kind::Worker(w) = &p.kind else { return };
    let Behaviour::Client(spec) = &w.spec.behaviour else {
        return;
    };
    let WorkerState::Client(c) = &w.state else {
        return;
    };
    if matches!(env.msg, Msg::Tick) && spec.max_requests.is_some_and(|max| c.requests >= max) {
        // Done: no more requests, and no more ticks.
        return;
    }
    if EXTRAS && c.mode.is_task() {
        return task::client_handle(sim, pid, env);
    }
    if EXTRAS && c.mode == ClientMode::PoolTransaction {
        return crate::pool_client::handle(sim, pid, env);
    }
    // The reply to a call, a job of every call: in every mode but the read-modify-write
    // one, all it needs is here, without the copies the other messages need below.
    if SHORTCUTS
        && let Msg::Reply { tag, .. } = env.msg
        && c.mode != ClientMode::AgentGetThenUpdate
    {
        let (interval, jitter) = (spec.interval_us, spec.jitter);
        if let Some(pc) = c.pending.filter(|pc| pc.tag == tag) {
            call_returned(sim, pid, pc);
            schedule_tick(sim, pid, interval, jitter);
        }
        return;
    }
    // Likewise the tick of a plain `call` or `cast` client whose server is registered (a
    // job of every call); anything else takes the general path below.
    // (The pid it read last is taken again while no name has changed since.)
    if SHORTCUTS
        && matches!(env.msg, Msg::Tick)
        && matches!(c.mode, ClientMode::Call | ClientMode::Cast)
        && let Some(resolved) = match c.resolved {
            Some((names_gen, pid)) if names_gen == sim.w.names_gen => Some((names_gen, pid)),
            _ => sim.registered(&c.target),
        }
    {
        let server = resolved.1;
        let (interval, jitter, timeout_ms) = (spec.interval_us, spec.jitter, spec.timeout_ms);
        let (cast, request) = (
            c.mode == ClientMode::Cast,
            c.in_flight.as_ref().unwrap_or(&c.request).clone(),
        );
        if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
            c.requests += 1;
            c.resolved = Some(resolved);
        }
        if cast {
            sim.send(pid, server, Msg::Cast(request));
            schedule_tick(sim, pid, interval, jitter);
        } else {
            call(sim, pid, server, request, timeout_ms, None);
        }
        return;
    }
    let (interval, jitter, timeout_ms, catch_timeout) = (
        spec.interval_us,
        spec.jitter,
        spec.timeout_ms,
        spec.catch_timeout,
    );
    let (target, mode, pending, table) = (c.target.clone(), c.mode, c.pending, c.table.clone());
    // What a call names in its exit reason: the one in flight, else the next one.
    let request = match (&c.in_flight, c.mode.is_agent()) {
        (Some(r), _) => r.clone(),
        (None, true) => agent_request(c.mode),
        (None, false) => c.request.clone(),
    };
    let (read_us, work_us, terminate_us) = (spec.read_us(), spec.work_us(), w.spec.terminate_us);
    let dispatch_key = spec.key.clone();
    let write = spec.is_write(c.requests + 1);
    let statem = c.statem;
    let call_info = || call_info_of(&target, request.clone(), timeout_ms, statem);
    match env.msg {
        Msg::Tick if EXTRAS && mode == ClientMode::Ets && !write => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
            }
            // :ets.lookup/2 in this process: no message to the owner, whose mailbox and
            // scheduler time are untouched. The read was this job (read_us).
            match table.as_deref().and_then(|t| ets::lookup(&sim.w.tables, t)) {
                Some((table, owner)) => {
                    if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                        c.reads.record(read_us);
                    }
                    sim.trace.push(
                        now,
                        Event::EtsRead {
                            pid,
                            owner,
                            table,
                            latency: read_us,
                        },
                    );
                    schedule_tick(sim, pid, interval, jitter);
                }
                // No such table (its owner died, or is still in init/1): the lookup
                // raises, terminate/2 runs and the reader exits {:badarg, stack}.
                None => sim.terminate_then_exit(pid, terminate_us, ets::badarg()),
            }
        }
        Msg::Tick if EXTRAS && mode.is_persistent_term() => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
            }
            // :persistent_term.get/1 in this process: the stored term itself, no copy and
            // no message. Whatever global pass the process owed was paid in this job too.
            let paid = sim.w.procs.get(&pid).map_or(0, |p| p.gc_paid);
            match pterm::get(&sim.w.pterms, &target) {
                Some(value) => {
                    let incr = mode == ClientMode::PersistentTermIncr;
                    if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                        c.reads.record(read_us + paid);
                        if incr {
                            c.pt_read = Some(value);
                        }
                    }
                    sim.trace.push(
                        now,
                        Event::PersistentTermGet {
                            pid,
                            key: target.clone(),
                            latency: read_us + paid,
                        },
                    );
                    if incr {
                        // The increment goes on in a second job (work_us, then the put),
                        // so that other clients can read the same value meanwhile.
                        sim.send(pid, pid, Msg::Info(Term::atom(PTERM_PUT)));
                    } else {
                        schedule_tick(sim, pid, interval, jitter);
                    }
                }
                // No such key: get/1 raises, terminate/2 runs and the client exits
                // {:badarg, stack} (Elixir prints an ArgumentError).
                None => sim.terminate_then_exit(pid, terminate_us, ets::badarg()),
            }
        }
        Msg::Info(ref t)
            if EXTRAS && mode == ClientMode::PersistentTermIncr && t.is_atom(PTERM_PUT) =>
        {
            let read = sim
                .proc_mut(pid)
                .and_then(client_mut)
                .and_then(|c| c.pt_read.take());
            let Some(n) = read else { return };
            // `n + 1` from the value read a job ago, put whatever the table holds by now.
            match Fun::Increment.apply(&n) {
                Err(reason) => sim.terminate_then_exit(pid, terminate_us, reason),
                Ok((new, _)) => {
                    crate::pterm_run::put(sim, pid, &target, new);
                    schedule_tick(sim, pid, interval, jitter);
                }
            }
        }
        Msg::Tick if EXTRAS && mode == ClientMode::Dispatch => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
            }
            let key = term_or_atom(dispatch_key.as_deref().unwrap_or(":nil"));
            dispatch(sim, pid, &target, key, request, terminate_us);
            schedule_tick(sim, pid, interval, jitter);
        }
        // The work (this job's work_us), then `:counters.add/3`: one atomic instruction on
        // the shared array, in this process, with no message and no read-modify-write
        // window, so concurrent adds all count.
        Msg::Tick if mode == ClientMode::CountersAdd => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
                c.reads.record(work_us);
            }
            let n = sim.w.counters.entry(target.clone()).or_insert(0);
            *n = n.saturating_add(1);
            schedule_tick(sim, pid, interval, jitter);
        }
        Msg::Tick if mode == ClientMode::Local => {
            // The function ran in this process: this job was its work_us, and nobody else's
            // mailbox or scheduler time was touched.
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
                c.reads.record(work_us);
            }
            schedule_tick(sim, pid, interval, jitter);
        }
        Msg::Tick => {
            if let Some(c) = sim.proc_mut(pid).and_then(client_mut) {
                c.requests += 1;
            }
            let Some(server) = sim.whereis(&target) else {
                if mode.calls() {
                    let reason = Term::tuple(vec![Term::atom("noproc"), call_info()]);
                    sim.terminate_then_exit(pid, terminate_us, reason);
                } else {
                    // GenServer.cast to an unregistered name does nothing, silently.
                    schedule_tick(sim, pid, interval, jitter);
                }
                return;
            };
            match mode {
                ClientMode::Cast | ClientMode::AgentCast => {
                    sim.send(pid, server, Msg::Cast(request.clone()));
                    schedule_tick(sim, pid, interval, jitter);
                }
                // A write of mode `ets` is a plain call (task modes never get here).
                _ => {
                    let agent = mode.is_agent().then(|| request.clone());
                    call(sim, pid, server, request.clone(), timeout_ms, agent);
                }
            }
        }
        Msg::Reply { tag, reply } => {
            let Some(pc) = pending.filter(|pc| pc.tag == tag) else {
                return;
            };
            call_returned(sim, pid, pc);
            let read = mode == ClientMode::AgentGetThenUpdate
                && matches!(&request, Term::Tuple(t) if t[0].is_atom("get"));
            if !read {
                schedule_tick(sim, pid, interval, jitter);
                return;
            }
            // Read-modify-write: this job was the caller computing `n + 1` from what the
            // get returned (work_us); the update then sets that value, whatever the agent
            // holds by now.
            match Fun::Increment.apply(&reply) {
                Err(reason) => sim.terminate_then_exit(pid, terminate_us, reason),
                Ok((new, _)) => {
                    let update =
                        Term::tuple(vec![Term::atom("update"), Term::fun(Fun::Const(new))]);
                    match sim.whereis(&target) {
                        Some(server) => {
                            call(sim, pid, server, update.clone(), timeout_ms, Some(update))
                        }
                        None => {
                            let info = call_info_of(&target, update, timeout_ms, false);
                            let reason = Term::tuple(vec![Term::atom("noproc"), info]);
                            sim.terminate_then_exit(pid, terminate_us, reason);
                        }
                    }
                }
            }
        }
        Msg::Down { mref, reason, .. } => {
            let Some(pc) = pending.filter(|pc| pc.tag == mref) else {
                return;
            };
            sim.cancel_timer(pid, pc.timer);
            // The server died during the call: the caller exits with {reason, {GenServer, :call, ...}},
            // raised in its callback, so terminate/2 runs first.
            sim.terminate_then_exit(pid, terminate_us, Term::tuple(vec![reason, call_info()]));
        }
        Msg::Timeout(r) => {
            let Some(pc) = pending.filter(|pc| pc.timer == r) else {
                return;
            };
            if let Some(p) = sim.proc_mut(pid) {
                // gen:do_call on timeout: demonitor with flush, which also deactivates the
                // alias, so a late reply is discarded by the runtime (OTP 24+).
                p.alias = None;
                if let Some(c) = client_mut(p) {
                    c.pending = None;
                    c.in_flight = None;
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
            if catch_timeout {
                schedule_tick(sim, pid, interval, jitter);
            } else {
                sim.terminate_then_exit(
                    pid,
                    terminate_us,
                    Term::tuple(vec![Term::atom("timeout"), call_info()]),
                );
            }
        }
        _ => {}
    }
}

/// `Registry.dispatch(registry, key, fn entries -> for {pid, _} <- entries, do:
/// send(pid, request) end)` in the client: the entries are read in the client, in lookup
/// order, dead ones included (a send to a dead pid does nothing).
fn dispatch(sim: &mut Sim, pid: Pid, registry: &str, key: Term, request: Term, terminate_us: u64) {
    let Some(to) = registry::lookup(&sim.w.registries, registry, &key) else {
        // `Registry.dispatch/3` on an unknown registry raises ArgumentError.
        let reason = registry::unknown(registry);
        sim.terminate_then_exit(pid, terminate_us, reason);
        return;
    };
    for &subscriber in &to {
        if sim.w.procs.contains_key(&subscriber) {
            sim.send(pid, subscriber, Msg::Info(request.clone()));
        }
    }
    sim.trace.push(
        sim.w.now,
        Event::RegistryDispatch {
            pid,
            registry: Rc::from(registry),
            key: Rc::new(key),
            to: Rc::from(to),
        },
    );
}

/// `{GenServer, :call, [target, request, timeout]}` (`{:gen_statem, :call, ...}` for a
/// `:gen_statem.call/3`): how a failed call names itself in the caller's exit reason.
fn call_info_of(target: &str, request: Term, timeout_ms: u64, statem: bool) -> Term {
    // A via name is named as the tuple it is; a registered name as its atom.
    let server = match via_name(target) {
        Some(_) => term_or_atom(target),
        None => Term::atom(target),
    };
    Term::tuple(vec![
        Term::atom(if statem { "gen_statem" } else { "GenServer" }),
        Term::atom("call"),
        Term::List(Rc::from(vec![
            server,
            request,
            Term::Int(timeout_ms as i64),
        ])),
    ])
}

/// The request an agent mode's tick sends: `Agent.get` / `update` / `get_and_update` are
/// `GenServer.call(agent, {op, fun})`, `Agent.cast` is `GenServer.cast(agent, {:cast, fun})`;
/// a read-modify-write starts with its get.
fn agent_request(mode: ClientMode) -> Term {
    let (op, fun) = match mode {
        ClientMode::AgentUpdate => ("update", Fun::Increment),
        ClientMode::AgentGetAndUpdate => ("get_and_update", Fun::GetAndIncrement),
        ClientMode::AgentCast => ("cast", Fun::Increment),
        _ => ("get", Fun::Identity),
    };
    Term::tuple(vec![Term::atom(op), Term::fun(fun)])
}
