//! The read API for drawing registries: each live Registry with its keys kind, its
//! partitions and its table right now (key → pids), and each live `:pg` scope with its
//! groups (group → members), including entries of dead processes that the registry or
//! scope has not cleaned up yet. Pure reads of the simulation.

use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};

/// One live registry.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistryView {
    /// Its registered name (`MyApp.Registry`).
    pub name: String,
    /// The process standing for the registry (Registry.Supervisor and its partitions).
    pub pid: Pid,
    /// `"unique"` or `"duplicate"`.
    pub keys: &'static str,
    pub partitions: u32,
    /// Keys in the order each was first registered (of the entries present now).
    pub entries: Vec<RegistryKey>,
}

/// One key and the processes registered under it, in `Registry.lookup/2`'s order.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistryKey {
    /// The key as Elixir prints it (`:news`, `{:room, 42}`).
    pub key: String,
    pub key_term: Term,
    pub pids: Vec<Registered>,
}

/// One registration.
#[derive(Clone, Debug, PartialEq)]
pub struct Registered {
    pub pid: Pid,
    /// The child id of the process, if it is one the tree knows.
    pub id: Option<String>,
    /// `false`: the process is dead and the registry has not handled its `{:EXIT, ...}`
    /// yet (`lookup/2` still returns it; a via name already does not resolve to it).
    pub alive: bool,
    /// The partition its entry lives in (the simulator's stand-in for phash2).
    pub partition: u32,
}

impl Sim {
    /// Every live registry, by name.
    pub fn registries(&self) -> Vec<RegistryView> {
        self.w
            .registries
            .iter()
            .map(|(name, t)| RegistryView {
                name: name.to_string(),
                pid: t.owner,
                keys: t.keys.as_str(),
                partitions: t.partitions,
                entries: t
                    .keys_in_order()
                    .into_iter()
                    .map(|key| RegistryKey {
                        key: key.to_string(),
                        pids: t
                            .lookup(&key)
                            .into_iter()
                            .map(|pid| {
                                let p = self.w.procs.get(&pid);
                                Registered {
                                    pid,
                                    id: t.id_of(pid).map(str::to_string),
                                    alive: p.is_some(),
                                    partition: t.partition(pid),
                                }
                            })
                            .collect(),
                        key_term: key,
                    })
                    .collect(),
            })
            .collect()
    }

    /// `Registry.lookup(registry, key)` now: the pids in real OTP's order (unique: the
    /// one holder, dead or alive; duplicate: partition by partition, each in
    /// registration order). `None`: no live registry has that name.
    pub fn registry_lookup(&self, registry: &str, key: &Term) -> Option<Vec<Pid>> {
        crate::registry::lookup(&self.w.registries, registry, key)
    }
}

/// One live `:pg` scope.
#[derive(Clone, Debug, PartialEq)]
pub struct PgScopeView {
    /// Its name (the registered atom, e.g. `"chat"`).
    pub name: String,
    /// The scope's process.
    pub pid: Pid,
    /// Groups in the order each was created (a real scope's `which_groups/1` lists them in
    /// ETS hash order).
    pub groups: Vec<PgGroupView>,
}

/// One group and its members, as `:pg.get_members/2` lists them: newest first, a process
/// joined twice listed twice.
#[derive(Clone, Debug, PartialEq)]
pub struct PgGroupView {
    /// The group as Elixir prints it (`:room`).
    pub group: String,
    pub group_term: Term,
    /// `partition` is always 0 (a scope has none).
    pub members: Vec<Registered>,
}

impl Sim {
    /// Every live `:pg` scope, by name.
    pub fn pg_scopes(&self) -> Vec<PgScopeView> {
        self.w
            .pg
            .iter()
            .map(|(name, s)| PgScopeView {
                name: name.to_string(),
                pid: s.owner,
                groups: s
                    .groups_in_order()
                    .into_iter()
                    .map(|(g, members)| PgGroupView {
                        group: g.to_string(),
                        group_term: g.clone(),
                        members: members
                            .iter()
                            .map(|&pid| Registered {
                                pid,
                                id: s.ids.get(&pid).map(|i| i.to_string()),
                                alive: self.w.procs.contains_key(&pid),
                                partition: 0,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}
