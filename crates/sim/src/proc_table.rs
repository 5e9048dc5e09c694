//! The table of live processes, shared copy-on-write with the snapshots taken of it.
//!
//! A snapshot is a clone of the whole world. With 100,000 processes a deep copy cost
//! about 87 MB and the app keeps dozens of snapshots for scrubbing, so each process sits
//! behind an `Rc`, and so does each page of them: a snapshot copies one pointer per page,
//! a page is copied (its pointers) when one of its processes next changes, and the process
//! itself then (`Rc::make_mut`, twice). The idle majority of a big tree is shared by every
//! snapshot. With a pointer per process instead, a snapshot of 100,000 processes touched
//! 100,000 reference counts, and comparing it with the one before read them all again:
//! about 6 ms a snapshot in wasm, 15 % of a big run.
//!
//! Pids are handed out in order and never reused, so the table is indexed by pid rather
//! than hashed: a lookup is two array reads, which matters because every event looks up
//! one or more processes (a hashed lookup was 16 % of a hot GenServer's run). Pids sit in
//! pages of `PAGE`; a page whose processes have all exited is freed, so a long run that
//! spawns and ends millions of short-lived tasks keeps memory in proportion to the live
//! processes, not to every pid ever used. Iteration follows pid order.

use crate::process::Process;
use crate::term::Pid;
use std::rc::Rc;

/// Pids per page: small enough that a page kept alive by one long-lived process costs
/// little (520 bytes), large enough that the page index stays short.
const PAGE: usize = 64;

#[derive(Clone, Debug)]
struct Page {
    live: u32,
    slots: [Option<Rc<Process>>; PAGE],
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ProcTable {
    pages: Vec<Option<Rc<Page>>>,
    len: usize,
}

/// Copies what a snapshot shares, so that this table may change it.
#[cold]
#[inline(never)]
fn unshare<T: Clone>(rc: &mut Rc<T>) {
    Rc::make_mut(rc);
}

fn split(pid: &Pid) -> (usize, usize) {
    let n = pid.0 as usize;
    (n / PAGE, n % PAGE)
}

impl ProcTable {
    #[inline]
    fn slot(&self, pid: &Pid) -> Option<&Rc<Process>> {
        let (page, i) = split(pid);
        self.pages.get(page)?.as_ref()?.slots[i].as_ref()
    }

    #[inline]
    pub fn get(&self, pid: &Pid) -> Option<&Process> {
        self.slot(pid).map(|p| &**p)
    }

    /// The process, made unique first if a snapshot shares it. The hot path (nothing
    /// shared) is two reference-count checks; the copies are out of line.
    #[inline]
    pub fn get_mut(&mut self, pid: &Pid) -> Option<&mut Process> {
        let (page, i) = split(pid);
        let page = self.pages.get_mut(page)?.as_mut()?;
        // A shared page is copied only for a process that is there.
        page.slots[i].as_ref()?;
        if Rc::get_mut(page).is_none() {
            unshare(page);
        }
        let slot = Rc::get_mut(page)?.slots[i].as_mut()?;
        if Rc::get_mut(slot).is_none() {
            unshare(slot);
        }
        Rc::get_mut(slot)
    }

    pub fn contains_key(&self, pid: &Pid) -> bool {
        self.slot(pid).is_some()
    }

    /// Pids come from the kernel's counter, so the page index grows by one page at a
    /// time: one pointer per `PAGE` pids ever used.
    pub fn insert(&mut self, pid: Pid, p: Process) {
        let (page, i) = split(&pid);
        if self.pages.len() <= page {
            self.pages.resize_with(page + 1, || None);
        }
        let page = Rc::make_mut(self.pages[page].get_or_insert_with(|| {
            Rc::new(Page {
                live: 0,
                slots: [const { None }; PAGE],
            })
        }));
        if page.slots[i].replace(Rc::new(p)).is_none() {
            page.live += 1;
            self.len += 1;
        }
    }

    pub fn remove(&mut self, pid: &Pid) -> Option<Process> {
        let (index, i) = split(pid);
        let entry = self.pages.get_mut(index)?;
        let page = entry.as_mut()?;
        page.slots[i].as_ref()?;
        let page = Rc::make_mut(page);
        let p = page.slots[i].take()?;
        page.live -= 1;
        self.len -= 1;
        if page.live == 0 {
            *entry = None;
        }
        Some(Rc::try_unwrap(p).unwrap_or_else(|shared| (*shared).clone()))
    }

    /// Drops about `processes` processes' worth of pages from the end (at least one page),
    /// for a table being thrown away a part at a time (`Snapshot::shed`); true once no
    /// page is left. At 100,000 processes dropping a whole snapshot's table at once (a
    /// reference count to touch for each) was ~15 ms natively.
    pub fn shed(&mut self, processes: usize) -> bool {
        let keep = self
            .pages
            .len()
            .saturating_sub(processes.div_ceil(PAGE).max(1));
        for page in self.pages.drain(keep..).flatten() {
            self.len = self.len.saturating_sub(page.live as usize);
        }
        self.pages.is_empty()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    fn slots(&self) -> impl Iterator<Item = &Option<Rc<Process>>> {
        self.pages
            .iter()
            .flatten()
            .flat_map(|page| page.slots.iter())
    }

    /// In pid order.
    pub fn values(&self) -> impl Iterator<Item = &Process> {
        self.slots().flatten().map(|p| &**p)
    }

    /// In pid order. Makes every process unique: for the rare passes that touch them all
    /// (a `:persistent_term` update).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Process> {
        self.pages
            .iter_mut()
            .flatten()
            .flat_map(|page| Rc::make_mut(page).slots.iter_mut())
            .flatten()
            .map(Rc::make_mut)
    }

    /// What this table does not share with `other`: how many of its pages (copied since
    /// `other` was taken, or new), and the processes on them that are not shared either.
    /// What a snapshot of this table costs beyond its page pointers. Shared pages are
    /// skipped without reading their processes.
    pub fn unshared_with<'a>(&'a self, other: &ProcTable) -> (usize, Vec<&'a Process>) {
        let mut pages = 0;
        let mut procs = Vec::new();
        for (index, page) in self.pages.iter().enumerate() {
            let Some(page) = page else { continue };
            let theirs = other.pages.get(index).and_then(|p| p.as_ref());
            if theirs.is_some_and(|t| Rc::ptr_eq(t, page)) {
                continue;
            }
            pages += 1;
            for (i, slot) in page.slots.iter().enumerate() {
                let Some(p) = slot else { continue };
                let shared = theirs
                    .and_then(|t| t.slots[i].as_ref())
                    .is_some_and(|q| Rc::ptr_eq(q, p));
                if !shared {
                    procs.push(&**p);
                }
            }
        }
        (pages, procs)
    }

    /// Pages in the index (present or freed): a snapshot's own cost is a pointer each.
    pub fn page_slots(&self) -> usize {
        self.pages.len()
    }
}

/// The size of one page of the table, for memory estimates.
pub(crate) const PAGE_BYTES: usize = std::mem::size_of::<Page>();

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Kind;

    fn proc(n: u32) -> Process {
        Process::new(Pid(n), Pid(0), Kind::Harness, false, 0)
    }

    #[test]
    fn a_page_is_freed_when_its_last_process_exits() {
        let mut t = ProcTable::default();
        for n in 0..(3 * PAGE as u32) {
            t.insert(Pid(n), proc(n));
        }
        assert_eq!(t.len(), 3 * PAGE);
        for n in PAGE as u32..(2 * PAGE as u32) {
            assert!(t.remove(&Pid(n)).is_some());
        }
        assert!(t.pages[1].is_none(), "the emptied page is dropped");
        assert_eq!(t.len(), 2 * PAGE);
        assert!(t.get(&Pid(PAGE as u32)).is_none());
        assert!(
            t.remove(&Pid(PAGE as u32)).is_none(),
            "removing twice is a no-op"
        );
        assert_eq!(
            t.get(&Pid(2 * PAGE as u32)).map(|p| p.pid),
            Some(Pid(2 * PAGE as u32))
        );
    }

    #[test]
    fn values_follow_pid_order_and_unknown_pids_are_absent() {
        let mut t = ProcTable::default();
        for n in [5, 700, 3, 64] {
            t.insert(Pid(n), proc(n));
        }
        let order: Vec<u32> = t.values().map(|p| p.pid.0).collect();
        assert_eq!(order, vec![3, 5, 64, 700]);
        assert!(t.get(&Pid(u32::MAX)).is_none());
        assert!(!t.contains_key(&Pid(6)));
    }

    #[test]
    fn a_snapshot_shares_until_a_process_changes() {
        let mut t = ProcTable::default();
        for n in 0..10 {
            t.insert(Pid(n), proc(n));
        }
        let snap = t.clone();
        let (pages, procs) = t.unshared_with(&snap);
        assert_eq!((pages, procs.len()), (0, 0));
        if let Some(p) = t.get_mut(&Pid(4)) {
            p.handled += 1;
        }
        // Asking for a pid that is not there copies nothing.
        assert!(t.get_mut(&Pid(40)).is_none());
        let (pages, procs) = t.unshared_with(&snap);
        let unshared: Vec<u32> = procs.iter().map(|p| p.pid.0).collect();
        assert_eq!((pages, unshared), (1, vec![4]));
        assert_eq!(snap.get(&Pid(4)).map(|p| p.handled), Some(0));
        // A page of its own, and a removal, leave the snapshot as it was.
        t.insert(Pid(PAGE as u32), proc(PAGE as u32));
        assert!(t.remove(&Pid(3)).is_some());
        let (pages, procs) = t.unshared_with(&snap);
        let unshared: Vec<u32> = procs.iter().map(|p| p.pid.0).collect();
        assert_eq!((pages, unshared), (2, vec![4, PAGE as u32]));
        assert!(snap.get(&Pid(3)).is_some() && snap.get(&Pid(PAGE as u32)).is_none());
        assert_eq!(snap.len(), 10);
    }
}
