//! ETS tables as the lessons use them: a GenServer creates a named
//! `:protected, read_concurrency: true` table in `init/1`, writes go through the GenServer,
//! and readers call `:ets.lookup/2` in their own process, so a read never waits in the
//! owner's mailbox and costs the owner nothing. Owns the registry of live tables
//! (name → owner and heir): creation, the lookup, and what the runtime does when an owner
//! exits (the heir inherits, else the table is deleted). Handing a table over at run time
//! (`:ets.give_away/3`, `:ets.setopts/2` with `heir`) is `ets_give.rs`.
//! Table contents are not modelled: what a lesson shows is who can read when, and whose
//! scheduler time it costs.
//!
//! Plain data with no access to the simulation: the registry is runtime state, so the
//! kernel keeps it in its world (snapshots carry it) and deletes a table when its owner
//! exits, as the runtime does; the worker behaviour creates tables and reads them. The
//! callers record the trace events.

use crate::term::{Pid, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Live tables by name.
pub(crate) type Tables = BTreeMap<Rc<str>, Table>;

/// One live table: who owns it, and who inherits it when the owner exits.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table {
    pub owner: Pid,
    /// `{:heir, pid, data}`: the heir and the data it gets in its `ETS-TRANSFER`. It stays
    /// set when the table changes hands, so an heir that inherited is its own heir (and
    /// the table dies with it).
    pub heir: Option<(Pid, Term)>,
}

/// What became of a table when its owner exited.
pub(crate) enum Fate {
    Deleted(Rc<str>),
    /// The heir took it: `(table, heir, heir data)`.
    Inherited(Rc<str>, Pid, Term),
}

/// The reason a process exits with when an ETS call raises `ArgumentError`: the raw
/// Erlang error `{:badarg, stacktrace}` (checked against OTP 25: Elixir's logger prints
/// it as an ArgumentError, but the exit reason a supervisor and monitors see is this).
pub(crate) fn badarg() -> Term {
    Term::exception("badarg", "")
}

/// `:ets.new(table, [:named_table, :protected, read_concurrency: true])` in `pid`'s
/// `init/1`: the table's name. A name another live process owns makes it raise `badarg`.
pub(crate) fn create(tables: &mut Tables, pid: Pid, table: &str) -> Result<Rc<str>, Term> {
    if tables.get(table).is_some_and(|t| t.owner != pid) {
        return Err(badarg());
    }
    let name: Rc<str> = Rc::from(table);
    tables.insert(
        name.clone(),
        Table {
            owner: pid,
            heir: None,
        },
    );
    Ok(name)
}

/// The owner exited: the runtime deletes its table with it. Returns the deleted table's
/// name (none if `pid` did not own `table`). The `:pg` scope's table, which has no heir.
pub(crate) fn owner_exited(tables: &mut Tables, pid: Pid, table: &str) -> Option<Rc<str>> {
    let (name, t) = tables.get_key_value(table)?;
    if t.owner != pid {
        return None;
    }
    let name = name.clone();
    tables.remove(table);
    Some(name)
}

/// The message a new owner or heir receives: `{:"ETS-TRANSFER", table, from, data}`.
pub(crate) fn transfer(table: &str, from: Pid, data: Term) -> Term {
    Term::tuple(vec![
        Term::atom("ETS-TRANSFER"),
        Term::atom(table),
        Term::Pid(from),
        data,
    ])
}

/// `pid` exited: every table it owns goes to its heir if the heir is another process
/// that is still alive (`alive`), else is deleted. In table-name order (a BTreeMap), so
/// the trace is the same on every run. As the runtime does (checked against OTP 25: an
/// heir that died before the owner does not inherit; an heir that inherited and then
/// dies takes the table with it).
pub(crate) fn owner_died(tables: &mut Tables, pid: Pid, alive: impl Fn(Pid) -> bool) -> Vec<Fate> {
    let owned: Vec<Rc<str>> = tables
        .iter()
        .filter(|(_, t)| t.owner == pid)
        .map(|(n, _)| n.clone())
        .collect();
    let mut fates = Vec::with_capacity(owned.len());
    for name in owned {
        let Some(t) = tables.get_mut(&name) else {
            continue;
        };
        match t.heir.clone() {
            Some((heir, data)) if heir != pid && alive(heir) => {
                t.owner = heir;
                fates.push(Fate::Inherited(name, heir, data));
            }
            _ => {
                tables.remove(&name);
                fates.push(Fate::Deleted(name));
            }
        }
    }
    fates
}

/// `:ets.lookup(table, key)`: the table's name and owner if it exists (else the
/// caller raises `badarg`).
pub(crate) fn lookup(tables: &Tables, table: &str) -> Option<(Rc<str>, Pid)> {
    tables
        .get_key_value(table)
        .map(|(name, t)| (name.clone(), t.owner))
}
