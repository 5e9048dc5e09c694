//! ETS tables as the lessons use them: a GenServer creates a named
//! `:public, read_concurrency: true` table in `init/1`, writes go through the GenServer,
//! and readers call `:ets.lookup/2` in their own process, so a read never waits in the
//! owner's mailbox and costs the owner nothing. Owns the registry of live tables
//! (name → owner), their creation, their deletion with the owner (there is no heir) and
//! the lookup. Table contents are not modelled: what a lesson shows is who can read when,
//! and whose scheduler time it costs.

use crate::engine::Sim;
use crate::scenario::ChildSpec;
use crate::term::{Pid, Term};
use crate::trace::Event;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Live tables: name → owner. Lives in the world, so snapshots carry it.
pub(crate) type Tables = BTreeMap<Rc<str>, Pid>;

/// The reason a process exits with when an ETS call raises `ArgumentError`: the raw
/// Erlang error `{:badarg, stacktrace}` (checked against OTP 25: Elixir's logger prints
/// it as an ArgumentError, but the exit reason a supervisor and monitors see is this).
pub(crate) fn badarg() -> Term {
    Term::exception("badarg", "")
}

/// `:ets.new(table, [:named_table, :public, read_concurrency: true])` in `pid`'s
/// `init/1`. A name another live process owns makes it raise `badarg`.
pub(crate) fn create(sim: &mut Sim, pid: Pid, table: &str) -> Result<(), Term> {
    if sim.w.tables.get(table).is_some_and(|&o| o != pid) {
        return Err(badarg());
    }
    let name: Rc<str> = Rc::from(table);
    sim.w.tables.insert(name.clone(), pid);
    sim.trace
        .push(sim.w.now, Event::EtsNew { pid, table: name });
    Ok(())
}

/// The owner exited: the runtime deletes its table with it.
pub(crate) fn owner_exited(sim: &mut Sim, pid: Pid, table: &str) {
    if let Some((name, &owner)) = sim.w.tables.get_key_value(table)
        && owner == pid
    {
        let name = name.clone();
        sim.w.tables.remove(table);
        sim.trace
            .push(sim.w.now, Event::EtsDelete { pid, table: name });
    }
}

/// `:ets.lookup(table, key)`: the table's name and owner if it exists (else the
/// caller raises `badarg`).
pub(crate) fn lookup(sim: &Sim, table: &str) -> Option<(Rc<str>, Pid)> {
    sim.w
        .tables
        .get_key_value(table)
        .map(|(name, &owner)| (name.clone(), owner))
}

/// The table the process registered as `name` creates, from the scenario's specs (the
/// tree and `start_child` faults): what a reader's code would name in `:ets.lookup/2`.
/// Validation guarantees it exists for every `ets` client.
pub(crate) fn table_of(sim: &Sim, name: &str) -> Option<Rc<str>> {
    fn find(spec: &ChildSpec, name: &str) -> Option<Rc<str>> {
        match spec {
            ChildSpec::Worker(w) if w.name.as_deref() == Some(name) => {
                w.behaviour.table().map(Rc::from)
            }
            _ => spec.children().iter().find_map(|c| find(c, name)),
        }
    }
    let s = sim.scenario();
    find(&s.tree, name).or_else(|| {
        s.faults.iter().find_map(|f| match &f.action {
            crate::scenario::FaultAction::StartChild { spec } => find(spec, name),
            _ => None,
        })
    })
}
