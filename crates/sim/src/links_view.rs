//! Read-only view of links and monitors, for the app to draw them between nodes: who a
//! process is linked to, whom it monitors and who monitors it, as `Process.info/2`
//! would give `:links`, `:monitors` and `:monitored_by`. Sorted by pid (and by reference
//! for monitors), so the drawing does not depend on the order they were made in.

use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref};

/// One monitor: its reference and the process at the other end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonitorView {
    pub mref: Ref,
    pub pid: Pid,
}

impl Sim {
    /// The live process's links (`Process.info(pid, :links)`), by pid; empty if it is
    /// not alive. A link is both ways: each end lists the other. Between an exit and its
    /// signal's arrival the survivor may still list the dead pid, as in OTP.
    pub fn links_of(&self, pid: Pid) -> Vec<Pid> {
        self.process(pid)
            .map(|p| p.links.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The monitors the process holds (`Process.info(pid, :monitors)`): whom it watches.
    pub fn monitors_of(&self, pid: Pid) -> Vec<MonitorView> {
        let mut v: Vec<MonitorView> = self
            .process(pid)
            .map(|p| {
                p.monitors
                    .iter()
                    .map(|(&mref, &pid)| MonitorView { mref, pid })
                    .collect()
            })
            .unwrap_or_default();
        crate::sort::sort(&mut v);
        v
    }

    /// Who monitors the process (`Process.info(pid, :monitored_by)`).
    pub fn monitored_by(&self, pid: Pid) -> Vec<MonitorView> {
        let mut v: Vec<MonitorView> = self
            .process(pid)
            .map(|p| {
                p.watchers
                    .iter()
                    .map(|(&mref, &pid)| MonitorView { mref, pid })
                    .collect()
            })
            .unwrap_or_default();
        crate::sort::sort(&mut v);
        v
    }
}
