//! `:sys` debugging of a gen_server-like worker (kinds `server`, `counter`, `agent`):
//! the per-process debug options `sys.erl` keeps (`trace`, `statistics`), the system
//! requests that read or change them and the state (`get_state`, `replace_state`,
//! `no_debug`), and the `*DBG*` lines `gen_server:print_event/3` writes for each event the
//! process handles while traced. Terms in those lines are printed as Erlang's `~tp` does
//! (`'Elixir.Counter'`, `{handled,3}`, `<<"boom">>`), because that is what a real run
//! prints: `gen_server` formats them, not Elixir.

use crate::message::{StatsOp, SysMsg};
use crate::process::{Kind, Process, SysStats, WorkerState};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};
use crate::time::Time;
use crate::trace::Event;
use std::fmt::Write;
use std::rc::Rc;

/// Reductions counted per message handled while statistics are on. Real OTP 25 counted
/// about 85–90 for a trivial `handle_call` plus the debug bookkeeping (a run of
/// `:sys.statistics(pid, :get)` before and after three messages); the simulator has no
/// reductions of its own, so this is an estimate, documented as such.
pub const REDUCTIONS_PER_MESSAGE: u64 = 85;
/// Reductions `init_stat/0` and the `get` request themselves count.
const REDUCTIONS_BASE: u64 = 28;

/// `{:ok, [start_time: ..., current_time: ..., reductions: ..., messages_in: ..,
/// messages_out: ..]}`. The times are `erlang:localtime()` tuples in real OTP; here
/// the virtual clock read as a time of day on 1970-01-01.
pub fn stats_reply(stats: &SysStats, now: Time) -> Term {
    let kv = |k: &str, v: Term| Term::tuple(vec![Term::atom(k), v]);
    let int = |n: u64| Term::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Term::tuple(vec![
        Term::atom("ok"),
        Term::List(Rc::from(vec![
            kv("start_time", localtime(stats.since)),
            kv("current_time", localtime(now)),
            kv("reductions", int(reductions(stats))),
            kv("messages_in", int(stats.messages_in)),
            kv("messages_out", int(stats.messages_out)),
        ])),
    ])
}

/// The estimated reductions since statistics were switched on.
pub fn reductions(stats: &SysStats) -> u64 {
    REDUCTIONS_BASE.saturating_add(REDUCTIONS_PER_MESSAGE.saturating_mul(stats.messages_in))
}

fn localtime(t: Time) -> Term {
    let s = t / 1_000_000;
    let int = |n: u64| Term::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Term::tuple(vec![
        Term::tuple(vec![int(1970), int(1), int(1)]),
        Term::tuple(vec![int(s / 3600 % 24), int(s / 60 % 60), int(s % 60)]),
    ])
}

/// Does this process run `:sys` debugging in the simulator (a gen_server worker)?
pub fn supports(p: &Process) -> bool {
    matches!(
        &p.kind,
        Kind::Worker(w) if matches!(
            w.state,
            WorkerState::Server { .. } | WorkerState::Counter { .. } | WorkerState::Agent { .. }
        )
    )
}

/// Why a `replace_state` term does not fit a worker of this kind, if it does not.
pub fn check_replacement(p: &Process, state: &Term) -> Result<(), String> {
    match &p.kind {
        Kind::Worker(w) => match &w.state {
            WorkerState::Counter { .. } if !matches!(state, Term::Int(_)) => {
                Err("a counter's state is an integer".into())
            }
            WorkerState::Server { .. } => match state {
                Term::Tuple(t)
                    if t.len() == 2
                        && t[0].is_atom("handled")
                        && matches!(t[1], Term::Int(n) if n >= 0) =>
                {
                    Ok(())
                }
                _ => Err("a server's state is {:handled, n} with n >= 0".into()),
            },
            _ => Ok(()),
        },
        _ => Err("only server, counter and agent workers take `:sys` requests here".into()),
    }
}

/// Handles a system message other than suspend/resume in a worker that `supports` it:
/// answers (recorded as a `sys_reply` event) and updates the debug options. Returns
/// whether it was one of these.
pub(crate) fn handle_request(sim: &mut Sim, pid: Pid, msg: &SysMsg) -> bool {
    let now = sim.w.now;
    let (trace_cost, stats_cost) = (
        sim.scenario.config.trace_cost_us,
        sim.scenario.config.statistics_cost_us,
    );
    let Some(p) = sim.w.procs.get_mut(&pid) else {
        return false;
    };
    let ok = Term::atom("ok");
    let reply = match msg {
        SysMsg::Suspend | SysMsg::Resume | SysMsg::Terminate(_) => return false,
        SysMsg::GetState => p.worker().map(|w| w.state_term()).unwrap_or(ok),
        SysMsg::ReplaceState(new) => {
            if let Kind::Worker(w) = &mut p.kind {
                w.replace_state(new);
            }
            p.worker().map(|w| w.state_term()).unwrap_or(ok)
        }
        SysMsg::Trace(on) => {
            p.debug.trace = *on;
            ok
        }
        SysMsg::Statistics(StatsOp::On) => {
            // `install_debug/3` keeps an installed option as it is.
            if p.debug.stats.is_none() {
                p.debug.stats = Some(SysStats {
                    since: now,
                    messages_in: 0,
                    messages_out: 0,
                });
            }
            ok
        }
        SysMsg::Statistics(StatsOp::Off) => {
            p.debug.stats = None;
            ok
        }
        SysMsg::Statistics(StatsOp::Get) => match &p.debug.stats {
            Some(s) => stats_reply(s, now),
            None => Term::tuple(vec![Term::atom("ok"), Term::atom("no_statistics")]),
        },
        SysMsg::NoDebug => {
            p.debug.trace = false;
            p.debug.stats = None;
            ok
        }
    };
    p.debug.cost_us = if p.debug.trace { trace_cost } else { 0 }
        + if p.debug.stats.is_some() {
            stats_cost
        } else {
            0
        };
    sim.trace.push(
        now,
        Event::SysReply {
            pid,
            request: Rc::from(request_label(msg)),
            reply,
        },
    );
    true
}

/// The request's short name in the trace: `get_state`, `trace true`, `statistics get`.
pub fn request_label(msg: &SysMsg) -> String {
    match msg {
        SysMsg::Suspend => "suspend".into(),
        SysMsg::Resume => "resume".into(),
        SysMsg::GetState => "get_state".into(),
        SysMsg::ReplaceState(_) => "replace_state".into(),
        SysMsg::Trace(b) => format!("trace {b}"),
        SysMsg::Statistics(StatsOp::On) => "statistics true".into(),
        SysMsg::Statistics(StatsOp::Off) => "statistics false".into(),
        SysMsg::Statistics(StatsOp::Get) => "statistics get".into(),
        SysMsg::NoDebug => "no_debug".into(),
        SysMsg::Terminate(r) => format!("terminate {r}"),
    }
}

/// What `gen_server` does with its debug options as it takes a message in (`{in, Msg}`):
/// counts it and, when traced, prints `got call ... from ...` / `got cast ...` / `got ...`.
pub(crate) fn event_in(sim: &mut Sim, pid: Pid, msg: &Term) {
    let now = sim.w.now;
    let Some(p) = sim.w.procs.get_mut(&pid) else {
        return;
    };
    if let Some(s) = &mut p.debug.stats {
        s.messages_in += 1;
    }
    if !p.debug.trace {
        return;
    }
    let name = debug_name(p);
    let line = match msg {
        Term::Tuple(t) if t.len() == 3 && t[0].is_atom("$gen_call") => {
            let from = match &t[1] {
                Term::Tuple(f) if !f.is_empty() => erl(&f[0]),
                other => erl(other),
            };
            format!("*DBG* {name} got call {} from {from}", erl(&t[2]))
        }
        Term::Tuple(t) if t.len() == 2 && t[0].is_atom("$gen_cast") => {
            format!("*DBG* {name} got cast {}", erl(&t[1]))
        }
        other => format!("*DBG* {name} got {}", erl(other)),
    };
    sim.trace.push(
        now,
        Event::SysDbg {
            pid,
            line: Rc::from(line),
        },
    );
}

/// The event after the callback returned: `{out, Reply, To, State}` for a reply (counted
/// in `messages_out`), `{noreply, State}` otherwise.
pub(crate) fn event_after(sim: &mut Sim, pid: Pid, reply_to: Option<(Pid, &Term)>) {
    let now = sim.w.now;
    let Some(p) = sim.w.procs.get_mut(&pid) else {
        return;
    };
    if reply_to.is_some()
        && let Some(s) = &mut p.debug.stats
    {
        s.messages_out += 1;
    }
    if !p.debug.trace {
        return;
    }
    let name = debug_name(p);
    let state = p.worker().map(|w| erl(&w.state_term())).unwrap_or_default();
    let line = match reply_to {
        Some((to, reply)) => format!(
            "*DBG* {name} sent {} to {}, new state {state}",
            erl(reply),
            erl(&Term::Pid(to))
        ),
        None => format!("*DBG* {name} new state {state}"),
    };
    sim.trace.push(
        now,
        Event::SysDbg {
            pid,
            line: Rc::from(line),
        },
    );
}

/// gen_server's `Name` in its debug lines: the registered name, else the pid.
fn debug_name(p: &Process) -> String {
    match &p.name {
        Some(n) => erl(&name_atom(n)),
        None => erl(&Term::Pid(p.pid)),
    }
}

/// A scenario name as the atom it registers: `Counter` is the alias `Elixir.Counter`,
/// `:counter` or `counter` the plain atom.
fn name_atom(name: &str) -> Term {
    if let Some(a) = name.strip_prefix(':') {
        Term::atom(a)
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        Term::atom(&format!("Elixir.{name}"))
    } else {
        Term::atom(name)
    }
}

/// A term as Erlang's `~tp` prints a short one.
pub fn erl(t: &Term) -> String {
    let mut out = String::new();
    write_erl(&mut out, t);
    out
}

fn write_erl(out: &mut String, t: &Term) {
    let seq = |out: &mut String, items: &[Term]| {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_erl(out, x);
        }
    };
    match t {
        Term::Atom(a) => out.push_str(&erl_atom(a)),
        Term::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Term::Str(s) => {
            let _ = write!(out, "<<{s:?}>>");
        }
        Term::Tuple(items) => {
            out.push('{');
            seq(out, items);
            out.push('}');
        }
        Term::List(items) => {
            out.push('[');
            seq(out, items);
            out.push(']');
        }
        Term::Pid(p) => {
            let _ = write!(out, "<0.{}.0>", p.0);
        }
        Term::Ref(r) => {
            let _ = write!(out, "#Ref<0.0.0.{}>", r.0);
        }
        Term::Exception(e) => {
            let _ = write!(
                out,
                "{{#{{'__exception__' => true,'__struct__' => {},message => <<{:?}>>}},[]}}",
                erl_atom(&format!("Elixir.{}", e.module)),
                e.message
            );
        }
        Term::Task { .. } => out.push_str("#{'__struct__' => 'Elixir.Task'}"),
        Term::Fun(_) => out.push_str("#Fun<erl_eval.42.3316493>"),
    }
}

/// An atom as Erlang prints it: bare when it is a plain lowercase word, else quoted.
fn erl_atom(a: &str) -> String {
    const RESERVED: &[&str] = &[
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
        "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
        "rem", "try", "when", "xor", "maybe",
    ];
    let bare = a.starts_with(|c: char| c.is_ascii_lowercase())
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED.contains(&a);
    if bare {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// A `:sys` reply in the conformance projection: `{:ok, [messages_in: n, messages_out:
/// m]}` for statistics (times and reductions differ between runs), else normalized.
pub fn golden_reply(reply: &Term) -> String {
    if let Term::Tuple(t) = reply
        && t.len() == 2
        && let Term::List(kvs) = &t[1]
    {
        let counts: Vec<String> = kvs
            .iter()
            .filter_map(|kv| match kv {
                Term::Tuple(p)
                    if p.len() == 2
                        && (p[0].is_atom("messages_in") || p[0].is_atom("messages_out")) =>
                {
                    Some(format!(
                        "{}: {}",
                        crate::term::Term::normalized(&p[0]).trim_start_matches(':'),
                        p[1].normalized()
                    ))
                }
                _ => None,
            })
            .collect();
        return format!("{{:ok, [{}]}}", counts.join(", "));
    }
    reply.normalized()
}

/// A `*DBG*` line with every `<0.N.0>` written `_pid`.
pub fn without_pids(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("<0.") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find('>') {
            Some(j) if after[1..j].chars().all(|c| c.is_ascii_digit() || c == '.') => {
                out.push_str("_pid");
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str("<0.");
                rest = &after[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_print_as_erlang() {
        assert_eq!(erl(&Term::atom("incr")), "incr");
        assert_eq!(erl(&name_atom("Counter")), "'Elixir.Counter'");
        assert_eq!(erl(&name_atom(":kv")), "kv");
        assert_eq!(
            erl(&Term::tuple(vec![Term::atom("handled"), Term::Int(3)])),
            "{handled,3}"
        );
        assert_eq!(erl(&Term::Str(Rc::from("boom"))), "<<\"boom\">>");
        assert_eq!(erl(&Term::Pid(Pid(7))), "<0.7.0>");
        assert_eq!(erl(&Term::atom("EXIT")), "'EXIT'");
        assert_eq!(
            without_pids("*DBG* <0.9.0> sent 1 to <0.12.0>, new state 1"),
            "*DBG* _pid sent 1 to _pid, new state 1"
        );
    }
}
