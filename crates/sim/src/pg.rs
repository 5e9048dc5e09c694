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

/// One live scope.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// The scope's process.
    pub owner: Pid,
    /// Groups in the order each was created; members newest first (`[Pid | All]`).
    pub groups: Vec<(Term, Vec<Pid>)>,
    /// Each joined local pid: the scope's monitor and the groups it joined (with repeats).
    pub local: BTreeMap<Pid, (Ref, Vec<Term>)>,
    /// Child ids of joined pids, so that a dead member can still be named.
    pub ids: BTreeMap<Pid, Rc<str>>,
}

/// Live scopes by name: runtime state, so snapshots carry them.
pub(crate) type Scopes = BTreeMap<Rc<str>, Scope>;

impl Scope {
    /// `get_members/2` (and `get_local_members/2`: on one node they are the same).
    pub fn members(&self, group: &Term) -> Vec<Pid> {
        self.groups
            .iter()
            .find(|(g, _)| g == group)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }

    /// `which_groups/1`: groups with at least one member, in creation order (a real scope's
    /// ETS `set` lists them in hash order).
    pub fn which_groups(&self) -> Vec<Term> {
        self.groups.iter().map(|(g, _)| g.clone()).collect()
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
        match self.groups.iter_mut().find(|(g, _)| g == group) {
            Some((_, members)) => members.insert(0, pid),
            None => self.groups.push((group.clone(), vec![pid])),
        }
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

    /// `lists:delete/2` of one occurrence; an emptied group is deleted.
    fn remove_member(&mut self, group: &Term, pid: Pid) {
        if let Some(i) = self.groups.iter().position(|(g, _)| g == group) {
            let members = &mut self.groups[i].1;
            if let Some(at) = members.iter().position(|&p| p == pid) {
                members.remove(at);
            }
            if members.is_empty() {
                self.groups.remove(i);
            }
        }
    }
}

/// The scope process finished `init/1`: its table exists, empty.
pub(crate) fn create(scopes: &mut Scopes, owner: Pid, name: &str) {
    scopes.insert(
        Rc::from(name),
        Scope {
            owner,
            groups: Vec::new(),
            local: BTreeMap::new(),
            ids: BTreeMap::new(),
        },
    );
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
