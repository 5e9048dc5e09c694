//! ETS tables as the lessons use them: a GenServer creates a named
//! `:protected, read_concurrency: true` table in `init/1`, writes go through the GenServer,
//! and readers call `:ets.lookup/2` in their own process, so a read never waits in the
//! owner's mailbox and costs the owner nothing. Owns the registry of live tables
//! (name → owner): creation, deletion with the owner (there is no heir) and the lookup.
//! Table contents are not modelled: what a lesson shows is who can read when, and whose
//! scheduler time it costs.
//!
//! Plain data with no access to the simulation: the registry is runtime state, so the
//! kernel keeps it in its world (snapshots carry it) and deletes a table when its owner
//! exits, as the runtime does; the worker behaviour creates tables and reads them. The
//! callers record the trace events.

use crate::scenario::{ChildSpec, Command, Scenario};
use crate::term::{Pid, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Live tables: name → owner.
pub(crate) type Tables = BTreeMap<Rc<str>, Pid>;

/// The reason a process exits with when an ETS call raises `ArgumentError`: the raw
/// Erlang error `{:badarg, stacktrace}` (checked against OTP 25: Elixir's logger prints
/// it as an ArgumentError, but the exit reason a supervisor and monitors see is this).
pub(crate) fn badarg() -> Term {
    Term::exception("badarg", "")
}

/// `:ets.new(table, [:named_table, :protected, read_concurrency: true])` in `pid`'s
/// `init/1`: the table's name. A name another live process owns makes it raise `badarg`.
pub(crate) fn create(tables: &mut Tables, pid: Pid, table: &str) -> Result<Rc<str>, Term> {
    if tables.get(table).is_some_and(|&o| o != pid) {
        return Err(badarg());
    }
    let name: Rc<str> = Rc::from(table);
    tables.insert(name.clone(), pid);
    Ok(name)
}

/// The owner exited: the runtime deletes its table with it. Returns the deleted table's
/// name (none if `pid` did not own `table`).
pub(crate) fn owner_exited(tables: &mut Tables, pid: Pid, table: &str) -> Option<Rc<str>> {
    let (name, &owner) = tables.get_key_value(table)?;
    if owner != pid {
        return None;
    }
    let name = name.clone();
    tables.remove(table);
    Some(name)
}

/// `:ets.lookup(table, key)`: the table's name and owner if it exists (else the
/// caller raises `badarg`).
pub(crate) fn lookup(tables: &Tables, table: &str) -> Option<(Rc<str>, Pid)> {
    tables
        .get_key_value(table)
        .map(|(name, &owner)| (name.clone(), owner))
}

/// The table the process registered as `name` creates, from the scenario's specs (the
/// tree and `start_child` faults): what a reader's code would name in `:ets.lookup/2`.
/// Validation guarantees it exists for every `ets` client.
pub(crate) fn table_of(scenario: &Scenario, name: &str) -> Option<Rc<str>> {
    fn find(spec: &ChildSpec, name: &str) -> Option<Rc<str>> {
        match spec {
            ChildSpec::Worker(w) if w.name.as_deref() == Some(name) => {
                w.behaviour.table().map(Rc::from)
            }
            _ => spec.children().iter().find_map(|c| find(c, name)),
        }
    }
    find(&scenario.tree, name).or_else(|| {
        scenario.faults.iter().find_map(|f| match &f.action {
            Command::StartChild { spec } => find(spec, name),
            _ => None,
        })
    })
}
