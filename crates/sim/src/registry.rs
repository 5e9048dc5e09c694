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
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// One registration: `{key, {pid, nil}}` in a key table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub key: Term,
    pub pid: Pid,
    /// The child id of the process (kept so that a dead registration can still be named).
    pub id: Option<Rc<str>>,
}

/// A live registry's table. Entries are numbered in insertion order and indexed by key
/// and by pid, so that registering, looking up and cleaning up cost the same with
/// 100,000 keys as with ten (a scan of every entry per call made a 100,000-key registry
/// quadratic: `benches/sim.rs`, `registry`).
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// The process standing for the registry (its supervisor and partitions).
    pub owner: Pid,
    pub keys: Keys,
    pub partitions: u32,
    /// Entries by insertion number (a duplicate_bag keeps insertion order per key).
    entries: BTreeMap<u64, Entry>,
    next: u64,
    /// Each key's entries, by insertion number.
    by_key: BTreeMap<Term, BTreeSet<u64>>,
    /// Each pid's entries, by insertion number.
    by_pid: BTreeMap<Pid, BTreeSet<u64>>,
}

/// Live registries by name: runtime state, so snapshots carry it.
pub(crate) type Registries = BTreeMap<Rc<str>, Table>;

impl Table {
    fn new(owner: Pid, keys: Keys, partitions: u32) -> Table {
        Table {
            owner,
            keys,
            partitions,
            entries: BTreeMap::new(),
            next: 0,
            by_key: BTreeMap::new(),
            by_pid: BTreeMap::new(),
        }
    }

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
            .by_key
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|n| self.entries.get(n))
            .map(|e| (self.partition(e.pid), e.pid))
            .collect();
        if self.keys == Keys::Duplicate {
            crate::sort::sort_by_key(&mut found, |(part, _)| *part); // stable: insertion order within
        }
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// The child id recorded with `pid`'s registration.
    pub fn id_of(&self, pid: Pid) -> Option<&str> {
        let first = self.by_pid.get(&pid)?.first()?;
        self.entries.get(first).and_then(|e| e.id.as_deref())
    }

    /// Keys in the order each first appears in the table.
    pub fn keys_in_order(&self) -> Vec<Term> {
        let mut keys: Vec<(u64, &Term)> = self
            .by_key
            .iter()
            .filter_map(|(k, ns)| Some((*ns.first()?, k)))
            .collect();
        crate::sort::sort_by_key(&mut keys, |(n, _)| *n);
        keys.into_iter().map(|(_, k)| k.clone()).collect()
    }

    fn insert(&mut self, e: Entry) {
        let n = self.next;
        self.next += 1;
        self.by_key.entry(e.key.clone()).or_default().insert(n);
        self.by_pid.entry(e.pid).or_default().insert(n);
        self.entries.insert(n, e);
    }

    /// Removes entry `n` from the table and both indexes.
    fn remove(&mut self, n: u64) -> Option<Entry> {
        let e = self.entries.remove(&n)?;
        if let Some(set) = self.by_key.get_mut(&e.key) {
            set.remove(&n);
            if set.is_empty() {
                self.by_key.remove(&e.key);
            }
        }
        if let Some(set) = self.by_pid.get_mut(&e.pid) {
            set.remove(&n);
            if set.is_empty() {
                self.by_pid.remove(&e.pid);
            }
        }
        Some(e)
    }
}

/// The registry process finished `init/1`: its (empty) tables exist from now on.
pub(crate) fn create(regs: &mut Registries, owner: Pid, name: &str, keys: Keys, partitions: u32) {
    regs.insert(Rc::from(name), Table::new(owner, keys, partitions));
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
        && let Some(held) = t.by_key.get(key).cloned()
    {
        if let Some(holder) = held.first().and_then(|n| t.entries.get(n)).map(|e| e.pid)
            && alive(holder)
        {
            return Err(Term::tuple(vec![
                Term::atom("already_registered"),
                Term::Pid(holder),
            ]));
        }
        // The holder is dead and its registry has not cleaned up yet:
        // register_key/4 deletes the stale entry and inserts anew.
        for n in held {
            t.remove(n);
        }
    }
    t.insert(Entry {
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
    let mine: Vec<u64> = t
        .by_pid
        .get(&pid)
        .into_iter()
        .flatten()
        .copied()
        .filter(|n| t.entries.get(n).is_some_and(|e| &e.key == key))
        .collect();
    for n in mine {
        t.remove(n);
    }
    Ok((t.owner, t.by_pid.contains_key(&pid)))
}

/// The registry `owner` handles `{:EXIT, dead, _}`: removes every entry of `dead`.
/// Returns the registry's name and the keys removed, in insertion order.
pub(crate) fn cleanup(
    regs: &mut Registries,
    owner: Pid,
    dead: Pid,
) -> Option<(Rc<str>, Vec<Term>)> {
    let (name, t) = regs.iter_mut().find(|(_, t)| t.owner == owner)?;
    let gone = t.by_pid.get(&dead).cloned().unwrap_or_default();
    let keys = gone
        .into_iter()
        .filter_map(|n| t.remove(n))
        .map(|e| e.key)
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as it was before its indexes: one list in insertion order, scanned on
    /// every call. The indexed table must answer exactly as it did.
    #[derive(Default)]
    struct Plain(Vec<(Term, Pid)>);

    impl Plain {
        fn lookup(&self, key: &Term, keys: Keys, parts: u32) -> Vec<Pid> {
            let mut found: Vec<(u32, Pid)> = self
                .0
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, p)| (p.0 % parts, *p))
                .collect();
            if keys == Keys::Duplicate {
                found.sort_by_key(|(part, _)| *part);
            }
            found.into_iter().map(|(_, p)| p).collect()
        }
        fn keys_in_order(&self) -> Vec<Term> {
            let mut keys: Vec<Term> = Vec::new();
            for (k, _) in &self.0 {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
            keys
        }
    }

    /// Random registers, unregisters, cleanups and lookups (a fixed LCG: deterministic)
    /// on a unique and a duplicate registry, against the plain list.
    #[test]
    fn the_indexed_table_answers_as_a_plain_list_does() {
        for keys in [Keys::Unique, Keys::Duplicate] {
            let parts = 3;
            let mut regs = Registries::new();
            create(&mut regs, Pid(1), "R", keys, parts);
            let mut plain = Plain::default();
            let mut dead: BTreeSet<Pid> = BTreeSet::new();
            let mut seed: u64 = 7;
            let mut next = || {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u32
            };
            for _ in 0..4000 {
                let pid = Pid(10 + next() % 40);
                let key = Term::Int(i64::from(next() % 12));
                match next() % 5 {
                    0 | 1 => {
                        let got = register(&mut regs, "R", pid, None, &key, |p| !dead.contains(&p));
                        let holder = (keys == Keys::Unique)
                            .then(|| plain.0.iter().find(|(k, _)| k == &key).map(|(_, p)| *p))
                            .flatten();
                        match holder {
                            Some(h) if !dead.contains(&h) => assert!(got.is_err()),
                            _ => {
                                assert_eq!(got, Ok(Pid(1)));
                                if keys == Keys::Unique {
                                    plain.0.retain(|(k, _)| k != &key);
                                }
                                plain.0.push((key.clone(), pid));
                                dead.remove(&pid);
                            }
                        }
                    }
                    2 => {
                        let (_, left) = unregister(&mut regs, "R", pid, &key).expect("a registry");
                        plain.0.retain(|(k, p)| !(k == &key && *p == pid));
                        assert_eq!(left, plain.0.iter().any(|(_, p)| *p == pid));
                    }
                    3 => {
                        dead.insert(pid);
                        let (_, gone) = cleanup(&mut regs, Pid(1), pid).expect("a registry");
                        let want: Vec<Term> = plain
                            .0
                            .iter()
                            .filter(|(_, p)| *p == pid)
                            .map(|(k, _)| k.clone())
                            .collect();
                        plain.0.retain(|(_, p)| *p != pid);
                        assert_eq!(gone, want);
                    }
                    _ => {
                        // A death not cleaned up yet: the next register may take over.
                        dead.insert(pid);
                    }
                }
                let t = &regs["R"];
                assert_eq!(t.lookup(&key), plain.lookup(&key, keys, parts));
                assert_eq!(t.keys_in_order(), plain.keys_in_order());
            }
        }
    }
}
