//! ETS tables changing hands: `:ets.give_away/3` and `:ets.setopts(table, {:heir, pid,
//! data})` called by the owner at run time (the `give_away` and `set_heir` commands), and
//! the trace of a hand-over. The runtime's part when an owner exits (the heir inherits,
//! else the table is deleted) is `ets::owner_died`, which the kernel calls as it removes a
//! process. The table registry itself is `ets.rs`.
//!
//! Checked against OTP 25 (`tests/conformance/ets_give_away*.json`, `ets_heir*.json` and
//! one-off runs): only the owner may give a table away or set its heir; giving it to
//! itself, to a dead pid or to `nil` (an unregistered name) raises `badarg`; the new owner
//! gets `{:"ETS-TRANSFER", table, from, gift}` as a plain message; the heir stays set when
//! the table changes hands, so the heir inherits from whichever process owns the table
//! when it dies (`from` is that process) and the table dies with the heir after that; an
//! heir that is dead when `setopts` runs is not set at all (`:ets.info(t, :heir)` stays
//! `:none`). A call that raises is not caught by the process: it crashes with
//! `{:badarg, stack}`, as any uncaught ETS error.

use crate::ets;
use crate::message::Msg;
use crate::process::{Kind, WorkerState};
use crate::scenario::Command;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term, parse_term};
use crate::trace::Event;
use std::rc::Rc;

const GIVE_AWAY: &str = "give_away";
const SET_HEIR: &str = "set_heir";

/// Can `pid` run the command? Only server and counter workers take it (the harness
/// implements it in their `handle_cast/2`); anything else misses the fault.
pub(crate) fn refused(sim: &Sim, pid: Pid, action: &Command) -> bool {
    if !matches!(action, Command::GiveAway { .. } | Command::SetHeir { .. }) {
        return false;
    }
    !sim.process(pid).is_some_and(|p| {
        matches!(&p.kind, Kind::Worker(w)
            if matches!(w.state, WorkerState::Server { .. } | WorkerState::Counter { .. }))
    })
}

/// Sends the command to `pid` as a cast `{:give_away | :set_heir, table, who, data}`:
/// `who` is resolved now (the pid behind the child id or name, or `nil`), as the
/// caller's `Process.whereis/1` would be; the process makes the ETS call when it handles
/// the cast.
pub(crate) fn send(sim: &mut Sim, from: Pid, pid: Pid, action: &Command) {
    let (op, table, who, data) = match action {
        Command::GiveAway { table, to, gift } => (GIVE_AWAY, table, to, gift),
        Command::SetHeir { table, heir, data } => (SET_HEIR, table, heir, data),
        _ => return,
    };
    let who = sim
        .pid_of(who)
        .or_else(|| sim.whereis(who))
        .map_or_else(|| Term::atom("nil"), Term::Pid);
    let data = parse_term(data).unwrap_or_else(|_| Term::atom("nil"));
    let req = Term::tuple(vec![Term::atom(op), Term::atom(table), who, data]);
    sim.send(from, pid, Msg::Cast(req));
}

/// A `{:give_away | :set_heir, table, who, data}` cast, if `msg` is one.
pub(crate) fn parse(msg: &Msg) -> Option<(bool, String, Option<Pid>, Term)> {
    let Msg::Cast(Term::Tuple(t)) = msg else {
        return None;
    };
    if t.len() != 4 {
        return None;
    }
    let give = t[0].is_atom(GIVE_AWAY);
    if !give && !t[0].is_atom(SET_HEIR) {
        return None;
    }
    let Term::Atom(table) = &t[1] else {
        return None;
    };
    let who = match t[2] {
        Term::Pid(p) => Some(p),
        _ => None,
    };
    Some((give, table.to_string(), who, t[3].clone()))
}

/// `pid` runs `:ets.give_away(table, who, data)` (`give`) or
/// `:ets.setopts(table, {:heir, who, data})`. A call that raises crashes it (terminate/2
/// runs first, as for any exception in a callback).
pub(crate) fn run(sim: &mut Sim, pid: Pid, give: bool, table: &str, who: Option<Pid>, data: Term) {
    let owner = ets::lookup(&sim.w.tables, table).map(|(_, o)| o);
    if owner != Some(pid) {
        // Not the owner (or no such table): badarg.
        return sim.exit_process(pid, ets::badarg());
    }
    let alive = |p: Pid| sim.w.procs.contains_key(&p);
    if !give {
        // setopts with a pid that is dead (or nil: not even a pid) ... nil raises; a dead
        // pid is accepted and leaves no heir.
        let Some(heir) = who else {
            return sim.exit_process(pid, ets::badarg());
        };
        let heir = alive(heir).then_some((heir, data));
        if let Some(t) = sim.w.tables.get_mut(table) {
            t.heir = heir;
        }
        return;
    }
    let Some(to) = who.filter(|&to| to != pid && alive(to)) else {
        return sim.exit_process(pid, ets::badarg());
    };
    let Some((name, _)) = ets::lookup(&sim.w.tables, table) else {
        return;
    };
    if let Some(t) = sim.w.tables.get_mut(table) {
        t.owner = to;
    }
    sim.trace.push(
        sim.w.now,
        Event::EtsTransfer {
            table: name,
            from: pid,
            to,
            data: Rc::new(data.clone()),
            inherited: false,
        },
    );
    sim.send(pid, to, Msg::Info(ets::transfer(table, pid, data)));
}
