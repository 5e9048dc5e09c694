//! `:pg` process groups (OTP 25 `kernel/src/pg.erl`) on one node: the state of each live
//! scope, written as the scope's gen_server keeps it.
//!
//! - `join/3` and `leave/3` are calls to the scope process: the scope changes the groups
//!   when it *handles* the request. A join monitors the pid (once per pid) and puts it at
//!   the head of the group, so members come newest first; a pid joined twice is listed
//!   twice. A leave removes one membership (the first occurrence) and demonitors the pid
//!   when it has none left; a leave of a group the pid is not in replies `:not_joined`.
//! - `get_members/2`, `get_local_members/2` and `which_groups/1` read the scope's ETS table
//!   in the caller, with no message.
//! - A member's death is seen when the scope handles its `:DOWN` (asynchronously): until
//!   then `get_members/2` still lists it.
//!
//! Plain data with no access to the simulation: the scope's behaviour (`worker.rs`) sets
//! up and removes the monitors. Groups are kept per scope with the remote nodes' members
//! left out; a cluster-wide version would add, per scope, the members each peer scope
//! reported (`pg.erl`'s `remote` map) and list them after the local ones.

use crate::term::{Pid, Ref, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One live scope. Members are numbered as they join and indexed by group and by
/// (pid, group), so that joins, leaves and a member's death cost the same in a group of
/// 100,000 as in a group of ten (a list with the newest member put at its head, scanned
/// on every leave, made a big group quadratic: `benches/sim.rs`, `pg`).
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// The scope's process.
    pub owner: Pid,
    /// Groups by name: the number of its creation (`which_groups` lists them in creation
    /// order) and its members by join number (`get_members` lists the newest first:
    /// `[Pid | All]`).
    groups: BTreeMap<Term, (u64, BTreeMap<u64, Pid>)>,
    /// Each pid's join numbers in each group, oldest first (a pid joined twice has two).
    joined: BTreeMap<(Pid, Term), Vec<u64>>,
    /// The next join or creation number.
    next: u64,
    /// Each joined local pid: the scope's monitor and the groups it joined (with repeats).
    pub local: BTreeMap<Pid, (Ref, Vec<Term>)>,
    /// Child ids of joined pids, so that a dead member can still be named.
    pub ids: BTreeMap<Pid, Rc<str>>,
}

/// Live scopes by name: runtime state, so snapshots carry them.
pub(crate) type Scopes = BTreeMap<Rc<str>, Scope>;

impl Scope {
    fn new(owner: Pid) -> Scope {
        Scope {
            owner,
            groups: BTreeMap::new(),
            joined: BTreeMap::new(),
            next: 0,
            local: BTreeMap::new(),
            ids: BTreeMap::new(),
        }
    }

    /// `get_members/2` (and `get_local_members/2`: on one node they are the same).
    pub fn members(&self, group: &Term) -> Vec<Pid> {
        self.groups
            .get(group)
            .map(|(_, m)| m.values().rev().copied().collect())
            .unwrap_or_default()
    }

    /// `which_groups/1`: groups with at least one member, in creation order (a real scope's
    /// ETS `set` lists them in hash order).
    pub fn which_groups(&self) -> Vec<Term> {
        self.groups_in_order()
            .into_iter()
            .map(|(g, _)| g.clone())
            .collect()
    }

    /// Every group in creation order, with its members newest first.
    pub fn groups_in_order(&self) -> Vec<(&Term, Vec<Pid>)> {
        let mut groups: Vec<(u64, &Term, Vec<Pid>)> = self
            .groups
            .iter()
            .map(|(g, (created, m))| (*created, g, m.values().rev().copied().collect()))
            .collect();
        crate::sort::sort_by_key(&mut groups, |(created, _, _)| *created);
        groups.into_iter().map(|(_, g, m)| (g, m)).collect()
    }

    /// The scope handles `{join_local, group, pid}`. Returns true when the pid is new to
    /// the scope and needs a monitor (`mref` is then the one to record).
    pub fn join(
        &mut self,
        group: &Term,
        pid: Pid,
        id: Option<Rc<str>>,
        mref: impl FnOnce() -> Ref,
    ) {
        match self.local.get_mut(&pid) {
            Some((_, groups)) => groups.insert(0, group.clone()),
            None => {
                self.local.insert(pid, (mref(), vec![group.clone()]));
            }
        }
        if let Some(id) = id {
            self.ids.insert(pid, id);
        }
        let n = self.next;
        self.next += 1;
        self.groups
            .entry(group.clone())
            .or_insert_with(|| (n, BTreeMap::new()))
            .1
            .insert(n, pid);
        self.joined.entry((pid, group.clone())).or_default().push(n);
    }

    /// The scope handles `{leave_local, group, pid}`: `None` is `:not_joined`;
    /// `Some(Some(mref))` means the pid has no group left (demonitor it).
    pub fn leave(&mut self, group: &Term, pid: Pid) -> Option<Option<Ref>> {
        let (mref, groups) = self.local.get_mut(&pid)?;
        let at = groups.iter().position(|g| g == group)?;
        groups.remove(at);
        let done = groups.is_empty().then_some(*mref);
        if done.is_some() {
            self.local.remove(&pid);
        }
        self.remove_member(group, pid);
        Some(done)
    }

    /// The scope handles the `:DOWN` of `pid` (monitor `mref`): every membership goes.
    /// Returns the groups it left (with repeats), or `None` for an unknown monitor.
    pub fn down(&mut self, pid: Pid, mref: Ref) -> Option<Vec<Term>> {
        if self.local.get(&pid).is_none_or(|(r, _)| *r != mref) {
            return None;
        }
        let (_, groups) = self.local.remove(&pid)?;
        for g in &groups {
            self.remove_member(g, pid);
        }
        Some(groups)
    }

    /// `lists:delete/2` of one occurrence from the newest-first list: the pid's newest
    /// membership of the group goes; an emptied group is deleted.
    fn remove_member(&mut self, group: &Term, pid: Pid) {
        let key = (pid, group.clone());
        let Some(ns) = self.joined.get_mut(&key) else {
            return;
        };
        let newest = ns.pop();
        if ns.is_empty() {
            self.joined.remove(&key);
        }
        if let (Some(n), Some((_, members))) = (newest, self.groups.get_mut(group)) {
            members.remove(&n);
            if members.is_empty() {
                self.groups.remove(group);
            }
        }
    }
}

/// The scope process finished `init/1`: its table exists, empty.
pub(crate) fn create(scopes: &mut Scopes, owner: Pid, name: &str) {
    scopes.insert(Rc::from(name), Scope::new(owner));
}

/// The scope process exited: its table is deleted with it.
pub(crate) fn owner_exited(scopes: &mut Scopes, owner: Pid) {
    scopes.retain(|_, s| s.owner != owner);
}

/// The scope whose process is `owner`, with its name.
pub(crate) fn by_owner(scopes: &mut Scopes, owner: Pid) -> Option<(Rc<str>, &mut Scope)> {
    scopes
        .iter_mut()
        .find(|(_, s)| s.owner == owner)
        .map(|(n, s)| (n.clone(), s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The groups as they were before their indexes: a list in creation order, members
    /// newest first, `lists:delete/2` for a leave. The indexed scope must answer the same.
    #[derive(Default)]
    struct Plain(Vec<(Term, Vec<Pid>)>);

    impl Plain {
        fn join(&mut self, g: &Term, pid: Pid) {
            match self.0.iter_mut().find(|(x, _)| x == g) {
                Some((_, m)) => m.insert(0, pid),
                None => self.0.push((g.clone(), vec![pid])),
            }
        }
        fn remove(&mut self, g: &Term, pid: Pid) {
            if let Some(i) = self.0.iter().position(|(x, _)| x == g) {
                let m = &mut self.0[i].1;
                if let Some(at) = m.iter().position(|&p| p == pid) {
                    m.remove(at);
                }
                if m.is_empty() {
                    self.0.remove(i);
                }
            }
        }
    }

    /// Random joins (double joins included), leaves and deaths, with a fixed LCG.
    #[test]
    fn the_indexed_scope_answers_as_the_plain_lists_did() {
        let mut scope = Scope::new(Pid(1));
        let mut plain = Plain::default();
        let mut refs = 0u64;
        let mut seed: u64 = 11;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for _ in 0..4000 {
            let pid = Pid(10 + next() % 30);
            let g = Term::Int(i64::from(next() % 6));
            match next() % 4 {
                0 | 1 => {
                    scope.join(&g, pid, None, || {
                        refs += 1;
                        Ref(refs)
                    });
                    plain.join(&g, pid);
                }
                2 => {
                    let joined = scope.local.get(&pid).is_some_and(|(_, gs)| gs.contains(&g));
                    assert_eq!(scope.leave(&g, pid).is_some(), joined);
                    if joined {
                        plain.remove(&g, pid);
                    }
                }
                _ => {
                    if let Some((mref, _)) = scope.local.get(&pid).cloned() {
                        let left = scope.down(pid, mref).expect("its monitor");
                        for g in &left {
                            plain.remove(g, pid);
                        }
                    }
                }
            }
            let got: Vec<(Term, Vec<Pid>)> = scope
                .groups_in_order()
                .into_iter()
                .map(|(g, m)| (g.clone(), m))
                .collect();
            assert_eq!(got, plain.0);
            assert_eq!(
                scope.members(&g),
                plain
                    .0
                    .iter()
                    .find(|(x, _)| x == &g)
                    .map(|(_, m)| m.clone())
                    .unwrap_or_default()
            );
        }
    }
}
