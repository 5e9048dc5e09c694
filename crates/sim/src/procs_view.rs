//! Read view of the processes started outside any supervisor (`spawn` / `spawn_link`
//! commands): which they are, who started them, and whether they are linked to their
//! starter, so the app can draw them beside the tree. Also the `:counters` arrays
//! (`Sim::counters`), which belong to no process. Links and monitors between any two
//! processes are `links_view.rs`; `trap_exit` is `Process::trap_exit`.

use crate::sim::kernel::Sim;
use crate::term::Pid;
use std::rc::Rc;

/// One live process started outside any supervisor.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsupervised {
    pub pid: Pid,
    /// The spawn spec's id (what commands and the trace name it by).
    pub id: Option<Rc<str>>,
    pub name: Option<Rc<str>>,
    /// The process that spawned it (it may be dead by now).
    pub spawned_by: Pid,
    /// Still linked to its starter (`spawn_link`, and no `unlink` since).
    pub linked_to_starter: bool,
    pub trap_exit: bool,
}

impl Sim {
    /// The live processes no supervisor started, in pid order.
    pub fn unsupervised(&self) -> Vec<Unsupervised> {
        // The table iterates in pid order, so no sort.
        self.w
            .procs
            .values()
            .filter(|p| p.spawned_by.is_some() && !matches!(p.kind, crate::process::Kind::Harness))
            .filter_map(|p| {
                let by = p.spawned_by?;
                Some(Unsupervised {
                    pid: p.pid,
                    id: p.child_id.clone(),
                    name: p.name.clone(),
                    spawned_by: by,
                    linked_to_starter: p.links.contains(&by),
                    trap_exit: p.trap_exit,
                })
            })
            .collect()
    }
}

impl Sim {
    /// The `:counters` arrays of `counters_add` clients, by key, with the value of their
    /// one slot (`:counters.get(ref, 1)`): every add counted.
    pub fn counters(&self) -> Vec<(Rc<str>, i64)> {
        self.w
            .counters
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}
