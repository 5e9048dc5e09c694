//! Processes outside any supervisor and the signals between any two processes: the
//! `spawn`, `spawn_link`, `link`, `unlink`, `monitor`, `demonitor`, `trap_exit`,
//! `exit_self` and `process_exit` commands. Each is a call the target process makes in
//! its own code (the harness casts the request to it, as the conformance harness does to
//! its GenServer), so it happens when the target handles the cast, not when the command
//! is sent. Also the trace of what such a server's `handle_info/2` then gets: a trapped
//! `{:EXIT, ...}` from a process other than its parent, and the `:DOWN` of its monitors.
//!
//! Checked against OTP 25 (`tests/conformance/procs_*.json` and one-off runs):
//! `Process.link/1` to a dead pid raises `noproc` in a process that does not trap exits
//! (uncaught in a callback: the server exits `{:noproc, stack}`), and in a trapping one
//! returns `true` and delivers `{:EXIT, pid, :noproc}`; `Process.monitor/1` of a dead pid
//! delivers `{:DOWN, ref, :process, pid, :noproc}`; `Process.exit(self(), :normal)` kills
//! a process that does not trap exits (only a `:normal` signal from *another* process is
//! ignored), without terminate/2; `exit/1` in a callback is caught by gen_server, which
//! runs terminate/2; `GenServer.start/3` (no link) makes the new server its own parent, so
//! a trapped `{:EXIT, self(), reason}` stops it like a parent's exit would.

use crate::message::Msg;
use crate::process::{Kind, WorkerState};
use crate::scenario::Command;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term, parse_term};
use crate::trace::Event;
use std::rc::Rc;

/// Can `pid` run the command? Only server and counter workers take it (the harness
/// implements it in their `handle_cast/2`); anything else misses the fault.
pub(crate) fn refused(sim: &Sim, pid: Pid, action: &Command) -> bool {
    if !action.is_proc_op() {
        return false;
    }
    !sim.process(pid).is_some_and(|p| {
        matches!(&p.kind, Kind::Worker(w)
            if matches!(w.state, WorkerState::Server { .. } | WorkerState::Counter { .. }))
    })
}

/// The pid behind `who` now, as the caller's code holds it: a live child id or name, or
/// the last pid of a dead process the scenario names in a command's `to`; `nil` else
/// (`Process.whereis/1` of a name nobody holds).
fn resolve(sim: &Sim, who: &str) -> Term {
    sim.pid_of(who)
        .or_else(|| sim.whereis(who))
        .or_else(|| sim.w.last_pids.get(who).copied())
        .map_or_else(|| Term::atom("nil"), Term::Pid)
}

/// Sends the command to `pid` as a cast the process handles: `{:spawn, ref, link}`,
/// `{:link, to}`, `{:unlink, to}`, `{:monitor, to}`, `{:demonitor, to}`,
/// `{:trap_exit, on}`, `{:exit_self, reason}` or `{:process_exit, to, reason}`.
pub(crate) fn send(sim: &mut Sim, from: Pid, pid: Pid, action: &Command) {
    let a = Term::atom;
    let flag = |b: bool| a(if b { "true" } else { "false" });
    let reason = |r: &str| parse_term(r).unwrap_or_else(|_| a("normal"));
    let req = match action {
        Command::Spawn { spec, link } => {
            let tag = sim.make_ref();
            sim.w.spawn_specs.insert(tag, Rc::new((**spec).clone()));
            Term::tuple(vec![a("spawn"), Term::Ref(tag), flag(*link)])
        }
        Command::Link { to } => Term::tuple(vec![a("link"), resolve(sim, to)]),
        Command::Unlink { to } => Term::tuple(vec![a("unlink"), resolve(sim, to)]),
        Command::Monitor { to } => Term::tuple(vec![a("monitor"), resolve(sim, to)]),
        Command::Demonitor { to } => Term::tuple(vec![a("demonitor"), resolve(sim, to)]),
        Command::TrapExit(on) => Term::tuple(vec![a("trap_exit"), flag(*on)]),
        Command::ExitSelf { reason: r } => Term::tuple(vec![a("exit_self"), reason(r)]),
        Command::ProcessExit { to, reason: r } => {
            Term::tuple(vec![a("process_exit"), resolve(sim, to), reason(r)])
        }
        _ => return,
    };
    sim.send(from, pid, Msg::Cast(req));
}

/// One of the casts `send` makes, decoded.
pub(crate) enum Op {
    Spawn(crate::term::Ref, bool),
    Link(Option<Pid>),
    Unlink(Option<Pid>),
    Monitor(Option<Pid>),
    Demonitor(Option<Pid>),
    TrapExit(bool),
    ExitSelf(Term),
    ProcessExit(Option<Pid>, Term),
}

/// The process-level cast in `msg`, if it is one.
pub(crate) fn parse(msg: &Msg) -> Option<Op> {
    let Msg::Cast(Term::Tuple(t)) = msg else {
        return None;
    };
    let pid = |t: &Term| match t {
        Term::Pid(p) => Some(*p),
        _ => None,
    };
    let Term::Atom(op) = t.first()? else {
        return None;
    };
    Some(match (&**op, &t[..]) {
        ("spawn", [_, Term::Ref(r), link]) => Op::Spawn(*r, link.is_atom("true")),
        ("link", [_, to]) => Op::Link(pid(to)),
        ("unlink", [_, to]) => Op::Unlink(pid(to)),
        ("monitor", [_, to]) => Op::Monitor(pid(to)),
        ("demonitor", [_, to]) => Op::Demonitor(pid(to)),
        ("trap_exit", [_, on]) => Op::TrapExit(on.is_atom("true")),
        ("exit_self", [_, r]) => Op::ExitSelf(r.clone()),
        ("process_exit", [_, to, r]) => Op::ProcessExit(pid(to), r.clone()),
        _ => return None,
    })
}

/// An uncaught Erlang error raised in a callback, as the exit reason gen_server gives
/// it: `{reason, stacktrace}`.
fn error(reason: &str) -> Term {
    Term::exception(reason, "")
}

/// `pid` makes the call while handling the cast. `badarg` where the real call gets `nil`
/// (a name nobody holds) instead of a pid.
pub(crate) fn run(sim: &mut Sim, pid: Pid, op: Op) {
    let now = sim.w.now;
    let alive = |sim: &Sim, p: Pid| sim.w.procs.contains_key(&p);
    match op {
        Op::Spawn(tag, link) => {
            let Some(spec) = sim.w.spawn_specs.remove(&tag) else {
                return;
            };
            // GenServer.start_link: linked, and the caller is the new server's parent.
            // GenServer.start: gen.erl's init_it makes an unlinked server its own parent.
            // A name already taken: `{:error, {:already_started, pid}}`, nothing starts.
            let Ok(child) = sim.spawn_child(pid, &spec) else {
                return;
            };
            if !link {
                sim.unlink(pid, child);
            }
            if let Some(c) = sim.proc_mut(child) {
                c.spawned_by = Some(pid);
                if !link {
                    c.parent = child;
                }
            }
            if link {
                sim.trace.push(
                    now,
                    Event::Link {
                        pid,
                        other: child,
                        on: true,
                    },
                );
            }
        }
        Op::Link(None) | Op::Unlink(None) | Op::Monitor(None) | Op::ProcessExit(None, _) => {
            sim.exit_process(pid, error("badarg"))
        }
        Op::Link(Some(to)) => {
            if to == pid {
                return; // linking to oneself does nothing
            }
            if alive(sim, to) {
                if let Some(p) = sim.proc_mut(pid) {
                    p.links.insert(to);
                }
                if let Some(p) = sim.proc_mut(to) {
                    p.links.insert(pid);
                }
                sim.trace.push(
                    now,
                    Event::Link {
                        pid,
                        other: to,
                        on: true,
                    },
                );
            } else if sim.process(pid).is_some_and(|p| p.trap_exit) {
                // The runtime answers with an exit signal `:noproc`, which the trap turns
                // into a message.
                let reason = Term::atom("noproc");
                sim.send(to, pid, Msg::Exit { from: to, reason });
            } else {
                sim.exit_process(pid, error("noproc"));
            }
        }
        Op::Unlink(Some(to)) => {
            let was = sim.process(pid).is_some_and(|p| p.links.contains(&to));
            sim.unlink(pid, to);
            if was {
                sim.trace.push(
                    now,
                    Event::Link {
                        pid,
                        other: to,
                        on: false,
                    },
                );
            }
        }
        Op::Monitor(Some(to)) => {
            sim.monitor(pid, to);
            sim.trace.push(
                now,
                Event::Monitor {
                    watcher: pid,
                    target: to,
                    on: true,
                },
            );
        }
        Op::Demonitor(to) => {
            let Some(to) = to else { return };
            let refs: Vec<_> = sim.process(pid).map_or_else(Vec::new, |p| {
                p.monitors
                    .iter()
                    .filter(|(_, t)| **t == to)
                    .map(|(r, _)| *r)
                    .collect()
            });
            for r in &refs {
                if let Some(p) = sim.proc_mut(pid) {
                    p.monitors.remove(r);
                }
                if let Some(t) = sim.proc_mut(to) {
                    t.watchers.remove(r);
                }
            }
            if !refs.is_empty() {
                sim.trace.push(
                    now,
                    Event::Monitor {
                        watcher: pid,
                        target: to,
                        on: false,
                    },
                );
            }
        }
        Op::TrapExit(on) => {
            if let Some(p) = sim.proc_mut(pid) {
                p.trap_exit = on;
            }
            sim.trace.push(now, Event::TrapExit { pid, on });
        }
        // gen_server catches the exit, runs terminate/2 (its time was the job's cost)
        // and exits with the reason.
        Op::ExitSelf(reason) => sim.exit_process(pid, reason),
        Op::ProcessExit(Some(to), reason) => sim.signal(pid, to, reason, false),
    }
}

/// What a server's `handle_info/2` gets that the trace shows: a trapped `{:EXIT, from,
/// reason}` from a process other than its parent and the harness, or a `:DOWN`. Called
/// for server and counter workers only.
pub(crate) fn info(sim: &mut Sim, pid: Pid, parent: Pid, msg: &Msg) {
    let now = sim.w.now;
    match msg {
        Msg::Exit { from, reason } if *from != parent && *from != sim.harness() => sim.trace.push(
            now,
            Event::ExitMessage {
                pid,
                from: *from,
                reason: reason.clone(),
            },
        ),
        Msg::Down {
            pid: of, reason, ..
        } => sim.trace.push(
            now,
            Event::DownMessage {
                pid,
                of: *of,
                reason: reason.clone(),
            },
        ),
        _ => {}
    }
}
