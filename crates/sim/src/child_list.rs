//! A supervisor's children: kept in start order (the order `which_children`, shutdown and
//! the rest_for_one / one_for_all strategies need) and found by id or by pid in O(1), so
//! that a supervisor of 100,000 children starts, finds, removes and restarts one child
//! without a scan of its siblings.
//!
//! Removing a child leaves a hole in the ordered slots (no shifting of the siblings
//! behind it); the holes are squeezed out once they are half of the slots, so removal is
//! amortised O(1) and memory stays linear in the children held. The two indexes are only
//! ever looked up, never iterated, so their hashing cannot reach any output.

use crate::fx_hash::FxMap;
use crate::scenario::{ChildSpec, Restart, Shutdown};
use crate::term::{Pid, Term};
use crate::time::Time;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub struct ChildList {
    /// Children in start order; `None` where one was removed.
    slots: Vec<Option<Child>>,
    by_id: FxMap<Rc<str>, usize>,
    /// Slot of the child running as this pid. Entries are checked against the slot on
    /// lookup, so a pid changed elsewhere can never find the wrong child.
    by_pid: FxMap<Pid, usize>,
    len: usize,
}

impl ChildList {
    /// Children in start order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Child> + '_ {
        self.slots.iter().flatten()
    }
    pub fn len(&self) -> usize {
        self.len
    }
    /// Slots, removed children's included: positions for a walk that stops and goes on
    /// (`TreeBuild`).
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }
    /// The child in slot `i` (None where one was removed).
    pub fn slot(&self, i: usize) -> Option<&Child> {
        self.slots.get(i)?.as_ref()
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn get(&self, id: &str) -> Option<&Child> {
        let i = *self.by_id.get(id)?;
        self.slots.get(i)?.as_ref()
    }
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Child> {
        let i = *self.by_id.get(id)?;
        self.slots.get_mut(i)?.as_mut()
    }
    fn slot_of_pid(&self, pid: Pid) -> Option<usize> {
        let i = *self.by_pid.get(&pid)?;
        self.slots
            .get(i)?
            .as_ref()
            .is_some_and(|c| c.pid == Some(pid))
            .then_some(i)
    }
    /// The child running as `pid`.
    pub fn by_pid(&self, pid: Pid) -> Option<&Child> {
        self.slots.get(self.slot_of_pid(pid)?)?.as_ref()
    }
    pub(crate) fn by_pid_mut(&mut self, pid: Pid) -> Option<&mut Child> {
        let i = self.slot_of_pid(pid)?;
        self.slots.get_mut(i)?.as_mut()
    }
    /// Room for `more` children without growing.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
        self.by_id.reserve(more);
        self.by_pid.reserve(more);
    }
    /// Adds a child after the others (its id must be new: the caller checked).
    pub(crate) fn push(&mut self, child: Child) {
        let i = self.slots.len();
        self.by_id.insert(child.id.clone(), i);
        if let Some(p) = child.pid {
            self.by_pid.insert(p, i);
        }
        self.slots.push(Some(child));
        self.len += 1;
    }
    /// Sets the pid a child runs as (`None`: not running), keeping the pid index.
    pub(crate) fn set_pid(&mut self, id: &str, pid: Option<Pid>) {
        let Some(&i) = self.by_id.get(id) else { return };
        let Some(c) = self.slots.get_mut(i).and_then(Option::as_mut) else {
            return;
        };
        if let Some(old) = c.pid.take() {
            self.by_pid.remove(&old);
        }
        c.pid = pid;
        if let Some(p) = pid {
            self.by_pid.insert(p, i);
        }
    }
    /// Drops a child; the others keep their order.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Child> {
        let i = self.by_id.remove(id)?;
        let c = self.slots.get_mut(i)?.take()?;
        if let Some(p) = c.pid {
            self.by_pid.remove(&p);
        }
        self.len -= 1;
        if self.slots.len() >= 64 && self.len * 2 < self.slots.len() {
            self.compact();
        }
        Some(c)
    }
    /// Children from `id` (included) to the last started, in start order.
    pub fn from(&self, id: &str) -> impl Iterator<Item = &Child> + '_ {
        let at = self.by_id.get(id).copied().unwrap_or(self.slots.len());
        self.slots[at..].iter().flatten()
    }
    /// The number of live children (running or being started/stopped).
    pub fn live(&self) -> usize {
        self.by_pid.len()
    }
    fn compact(&mut self) {
        self.slots.retain(Option::is_some);
        self.by_id.clear();
        self.by_pid.clear();
        for (i, c) in self.slots.iter().flatten().enumerate() {
            self.by_id.insert(c.id.clone(), i);
            if let Some(p) = c.pid {
                self.by_pid.insert(p, i);
            }
        }
    }
}

impl FromIterator<Child> for ChildList {
    fn from_iter<T: IntoIterator<Item = Child>>(iter: T) -> Self {
        let mut list = ChildList::default();
        for c in iter {
            list.push(c);
        }
        list
    }
}

#[derive(Clone, Debug)]
pub struct Child {
    pub spec: Rc<ChildSpec>,
    pub id: Rc<str>,
    pub pid: Option<Pid>,
    pub status: ChildStatus,
    pub restarts: u32,
    pub last_exit: Option<LastExit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LastExit {
    pub at: Time,
    pub pid: Pid,
    pub reason: Term,
    /// The supervisor itself stopped it (shutdown), as opposed to it dying on its own.
    pub by_supervisor: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildStatus {
    /// Spec known, never started (or not started yet).
    NotStarted,
    /// `start_link` is in progress: waiting for `init/1` to return.
    Starting,
    Running,
    /// Being stopped by the supervisor.
    Terminating,
    /// Exited; the supervisor will start it again.
    Restarting,
    /// Stopped by the supervisor and not restarted (yet), like after `terminate_child`.
    Terminated,
    /// Exited and will not be restarted (temporary, transient with a normal reason).
    Dead,
}

impl ChildStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChildStatus::NotStarted => "not_started",
            ChildStatus::Starting => "starting",
            ChildStatus::Running => "running",
            ChildStatus::Terminating => "terminating",
            ChildStatus::Restarting => "restarting",
            ChildStatus::Terminated => "terminated",
            ChildStatus::Dead => "dead",
        }
    }
}

impl Child {
    pub fn new(spec: Rc<ChildSpec>) -> Child {
        let id = Rc::from(spec.id());
        Child::named(spec, id)
    }
    /// As `new`, with the id already at hand (`id` is `spec.id()`): one string for both.
    pub fn named(spec: Rc<ChildSpec>, id: Rc<str>) -> Child {
        debug_assert_eq!(&*id, spec.id());
        Child {
            id,
            spec,
            pid: None,
            status: ChildStatus::NotStarted,
            restarts: 0,
            last_exit: None,
        }
    }
    pub fn restart_type(&self) -> Restart {
        self.spec.restart()
    }
    pub fn shutdown(&self) -> Shutdown {
        self.spec.shutdown()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(id: &str) -> Child {
        let spec: ChildSpec =
            serde_json::from_str(&format!(r#"{{"type":"worker","id":"{id}"}}"#)).unwrap();
        Child::new(Rc::new(spec))
    }

    #[test]
    fn keeps_start_order_through_removals_and_compaction() {
        let mut l: ChildList = (0..200).map(|i| child(&format!("c{i}"))).collect();
        for i in 0..200 {
            l.set_pid(&format!("c{i}"), Some(Pid(1000 + i)));
        }
        for i in (0..200).filter(|i| i % 3 != 0) {
            assert!(l.remove(&format!("c{i}")).is_some());
        }
        let ids: Vec<String> = l.iter().map(|c| c.id.to_string()).collect();
        let want: Vec<String> = (0..200)
            .filter(|i| i % 3 == 0)
            .map(|i| format!("c{i}"))
            .collect();
        assert_eq!(ids, want);
        assert_eq!(l.len(), want.len());
        assert_eq!(l.by_pid(Pid(1000 + 99)).map(|c| &*c.id), Some("c99"));
        assert!(l.by_pid(Pid(1000 + 98)).is_none());
        assert_eq!(l.from("c195").count(), 2);
        l.set_pid("c99", None);
        assert!(l.by_pid(Pid(1099)).is_none());
        assert_eq!(l.live(), want.len() - 1);
    }
}
