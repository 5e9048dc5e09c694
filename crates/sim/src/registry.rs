//! Elixir's `Registry` (1.14, `lib/elixir/lib/registry.ex`): the tables of the live
//! registries and the operations on them, written as the real functions work.
//!
//! - `register/3` runs in the registering process: it links that process to the
//!   registry and writes the public ETS tables directly — no message to the registry. A
//!   unique key held by a *dead* process (not cleaned up yet) is taken over.
//! - `unregister/2` likewise, and unlinks when the process has no key left.
//! - `lookup/2` and `dispatch/3` read the tables in the caller; neither checks that the
//!   pids are alive, so a dead process is returned until the registry has cleaned up.
//! - Only `whereis_name/1` (what a `{:via, Registry, ...}` name resolves through) checks
//!   `Process.alive?/1`: a call to a dead registration exits `:noproc` at once.
//! - Cleanup is asynchronous: the registry traps exits and removes a process's keys
//!   when it *handles* the `{:EXIT, pid, reason}` of its link (`Registry.Partition`'s
//!   `handle_info/2`), by pid, so a restarted process that re-registered is kept.
//!
//! One simulated process stands for Registry.Supervisor and its partition processes.
//! The table (the ETS tables of every partition) dies with that process.
//!
//! Plain data with no access to the simulation, like `ets.rs`: the kernel keeps the
//! tables in its world (snapshots carry them), links and traces (`Sim::registry_register`
//! and `registry_unregister`), and drops a registry's tables when its process exits.

use crate::scenario::Keys;
use crate::term::{Pid, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One registration: `{key, {pid, nil}}` in a key table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub key: Term,
    pub pid: Pid,
    /// The child id of the process (kept so that a dead registration can still be named).
    pub id: Option<Rc<str>>,
}

/// A live registry's table.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// The process standing for the registry (its supervisor and partitions).
    pub owner: Pid,
    pub keys: Keys,
    pub partitions: u32,
    /// Entries in insertion order (a duplicate_bag keeps that order per key).
    pub entries: Vec<Entry>,
}

/// Live registries by name: runtime state, so snapshots carry it.
pub(crate) type Registries = BTreeMap<Rc<str>, Table>;

impl Table {
    /// The partition a pid's entries live in. Real OTP takes `:erlang.phash2(pid, n)`
    /// (of a real pid, which the simulator does not have); the pid's number modulo n
    /// stands in for it: deterministic, and spreading pids the same way on average.
    pub fn partition(&self, pid: Pid) -> u32 {
        pid.0 % self.partitions.max(1)
    }

    /// `Registry.lookup/2`'s order: a unique key has one entry; duplicate keys come
    /// partition by partition (0 to n - 1), each partition in insertion order.
    pub fn lookup(&self, key: &Term) -> Vec<Pid> {
        let mut found: Vec<(u32, Pid)> = self
            .entries
            .iter()
            .filter(|e| &e.key == key)
            .map(|e| (self.partition(e.pid), e.pid))
            .collect();
        if self.keys == Keys::Duplicate {
            found.sort_by_key(|(part, _)| *part); // stable: insertion order within
        }
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// The child id recorded with `pid`'s registration.
    pub fn id_of(&self, pid: Pid) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.pid == pid)
            .and_then(|e| e.id.as_deref())
    }

    /// Keys in the order each first appears in the table.
    pub fn keys_in_order(&self) -> Vec<Term> {
        let mut keys: Vec<Term> = Vec::new();
        for e in &self.entries {
            if !keys.contains(&e.key) {
                keys.push(e.key.clone());
            }
        }
        keys
    }
}

/// The registry process finished `init/1`: its (empty) tables exist from now on.
pub(crate) fn create(regs: &mut Registries, owner: Pid, name: &str, keys: Keys, partitions: u32) {
    regs.insert(
        Rc::from(name),
        Table {
            owner,
            keys,
            partitions,
            entries: Vec::new(),
        },
    );
}

/// The registry process exited: its ETS tables are deleted with it.
pub(crate) fn owner_exited(regs: &mut Registries, owner: Pid) {
    regs.retain(|_, t| t.owner != owner);
}

/// What `Registry` raises on a name that is no live registry.
pub(crate) fn unknown(registry: &str) -> Term {
    Term::exception("ArgumentError", &format!("unknown registry: {registry}"))
}

/// The table writes of `Registry.register(registry, key, nil)` by `pid`: the registry's
/// process (to link to) on success; `Err` is `{:already_registered, holder}` (a live
/// process holds the unique key) or the ArgumentError of an unknown registry.
pub(crate) fn register(
    regs: &mut Registries,
    registry: &str,
    pid: Pid,
    id: Option<Rc<str>>,
    key: &Term,
    alive: impl Fn(Pid) -> bool,
) -> Result<Pid, Term> {
    let Some(t) = regs.get_mut(registry) else {
        return Err(unknown(registry));
    };
    if t.keys == Keys::Unique
        && let Some(holder) = t.entries.iter().find(|e| &e.key == key).map(|e| e.pid)
    {
        if alive(holder) {
            return Err(Term::tuple(vec![
                Term::atom("already_registered"),
                Term::Pid(holder),
            ]));
        }
        // The holder is dead and its registry has not cleaned up yet:
        // register_key/4 deletes the stale entry and inserts anew.
        t.entries.retain(|e| &e.key != key);
    }
    t.entries.push(Entry {
        key: key.clone(),
        pid,
        id,
    });
    Ok(t.owner)
}

/// The table writes of `Registry.unregister(registry, key)` by `pid`: the registry's
/// process, and whether `pid` still has keys there (else it unlinks).
pub(crate) fn unregister(
    regs: &mut Registries,
    registry: &str,
    pid: Pid,
    key: &Term,
) -> Result<(Pid, bool), Term> {
    let Some(t) = regs.get_mut(registry) else {
        return Err(unknown(registry));
    };
    t.entries.retain(|e| !(&e.key == key && e.pid == pid));
    Ok((t.owner, t.entries.iter().any(|e| e.pid == pid)))
}

/// The registry `owner` handles `{:EXIT, dead, _}`: removes every entry of `dead`.
/// Returns the registry's name and the keys removed.
pub(crate) fn cleanup(
    regs: &mut Registries,
    owner: Pid,
    dead: Pid,
) -> Option<(Rc<str>, Vec<Term>)> {
    let (name, t) = regs.iter_mut().find(|(_, t)| t.owner == owner)?;
    let mut keys = Vec::new();
    t.entries.retain(|e| {
        if e.pid == dead {
            keys.push(e.key.clone());
            false
        } else {
            true
        }
    });
    Some((name.clone(), keys))
}

/// `Registry.lookup(registry, key)`'s pids, dead ones included; `None`: no such registry.
pub(crate) fn lookup(regs: &Registries, registry: &str, key: &Term) -> Option<Vec<Pid>> {
    regs.get(registry).map(|t| t.lookup(key))
}

/// `Registry.lookup/2` on the registry whose process is `owner`: its name and the pids.
pub(crate) fn lookup_by_owner(
    regs: &Registries,
    owner: Pid,
    key: &Term,
) -> Option<(Rc<str>, Vec<Pid>)> {
    let (name, t) = regs.iter().find(|(_, t)| t.owner == owner)?;
    Some((name.clone(), t.lookup(key)))
}

/// `Registry.whereis_name({registry, key})`, what a via name resolves through: the
/// holder if it is alive (a unique registry only).
pub(crate) fn whereis(
    regs: &Registries,
    registry: &str,
    key: &Term,
    alive: impl Fn(Pid) -> bool,
) -> Option<Pid> {
    let t = regs.get(registry)?;
    if t.keys != Keys::Unique {
        return None;
    }
    t.lookup(key).into_iter().next().filter(|&p| alive(p))
}
