//! The table of live processes, shared copy-on-write with the snapshots taken of it.
//!
//! A snapshot is a clone of the whole world. With 100,000 processes a deep copy cost
//! about 87 MB and the app keeps dozens of snapshots for scrubbing, so each process sits
//! behind an `Rc`: a snapshot copies one pointer per process, and a process is copied
//! only when it next changes (`Rc::make_mut`). The idle majority of a big tree is then
//! shared by every snapshot.
//!
//! The methods mirror `HashMap`'s, so call sites read as before. Lookups hash a pid with
//! a fixed hasher; nothing iterates the table without sorting by pid first, so its order
//! never reaches an output.

use crate::process::Process;
use crate::term::Pid;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A fixed (unseeded) hasher for pids: deterministic, and cheap for small integers.
#[derive(Default, Clone, Copy)]
pub(crate) struct PidHasher(u64);

impl Hasher for PidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ProcTable(HashMap<Pid, Rc<Process>, BuildHasherDefault<PidHasher>>);

impl ProcTable {
    pub fn get(&self, pid: &Pid) -> Option<&Process> {
        self.0.get(pid).map(|p| &**p)
    }

    /// The process, made unique first if a snapshot shares it.
    pub fn get_mut(&mut self, pid: &Pid) -> Option<&mut Process> {
        self.0.get_mut(pid).map(Rc::make_mut)
    }

    pub fn contains_key(&self, pid: &Pid) -> bool {
        self.0.contains_key(pid)
    }

    pub fn insert(&mut self, pid: Pid, p: Process) {
        self.0.insert(pid, Rc::new(p));
    }

    pub fn remove(&mut self, pid: &Pid) -> Option<Process> {
        self.0
            .remove(pid)
            .map(|p| Rc::try_unwrap(p).unwrap_or_else(|shared| (*shared).clone()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// In no particular order: callers sort or only count.
    pub fn values(&self) -> impl Iterator<Item = &Process> {
        self.0.values().map(|p| &**p)
    }

    /// In no particular order. Makes every process unique: for the rare passes that
    /// touch them all (a `:persistent_term` update).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Process> {
        self.0.values_mut().map(Rc::make_mut)
    }

    /// The processes this table does not share with `other` (copied since `other` was
    /// taken, or new): what a snapshot of this table costs beyond its pointers.
    pub fn unshared_with<'a>(&'a self, other: &ProcTable) -> Vec<&'a Process> {
        self.0
            .iter()
            .filter(|(pid, p)| other.0.get(pid).is_none_or(|q| !Rc::ptr_eq(p, q)))
            .map(|(_, p)| &**p)
            .collect()
    }
}
