//! The read API for drawing a poolboy pool: its free workers (in the order checkouts
//! take them), the workers lent out and who holds each, the callers waiting in its
//! queue and since when, the overflow count and `:poolboy.status/1`'s state name. Pure
//! reads of the simulation.

use crate::process::Kind;
use crate::sim::kernel::Sim;
use crate::term::Pid;
use crate::time::Time;

/// One live pool, as `Sim::pool` returns it and `TreeNode::pool` carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolView {
    /// Workers started with the pool (`size`) and the most it adds on demand.
    pub size: u32,
    pub max_overflow: u32,
    /// Overflow workers out now (poolboy counts them, not which ones they are).
    pub overflow: u32,
    /// `:poolboy.status/1`'s first element: `"ready"` (a worker is free), `"overflow"`
    /// (none free, overflow left), `"full"` (a checkout now waits).
    pub status: &'static str,
    /// Free workers; the next checkout takes the first.
    pub free: Vec<Pid>,
    /// Workers checked out, in checkout order.
    pub lent: Vec<PoolLoan>,
    /// Callers waiting for a worker, first served first.
    pub waiting: Vec<PoolWaiter>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PoolLoan {
    pub worker: Pid,
    /// The caller holding it (the pool monitors it: if it dies the worker comes back).
    pub holder: Pid,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PoolWaiter {
    pub caller: Pid,
    /// When its checkout call was sent (virtual µs): it has waited `now - since`.
    pub since: Time,
}

impl Sim {
    /// The pool process `pid` (a node of type `pool`), if it is alive.
    pub fn pool(&self, pid: Pid) -> Option<PoolView> {
        let Kind::Supervisor(s) = &self.process(pid)?.kind else {
            return None;
        };
        let p = s.pool.as_deref()?;
        Some(PoolView {
            size: p.spec.size,
            max_overflow: p.spec.max_overflow,
            overflow: p.overflow,
            status: p.state_name(),
            free: p.free.iter().copied().collect(),
            lent: p
                .lent
                .iter()
                .map(|l| PoolLoan {
                    worker: l.worker,
                    holder: l.caller,
                })
                .collect(),
            waiting: p
                .waiting
                .iter()
                .map(|w| PoolWaiter {
                    caller: w.caller,
                    since: w.since,
                })
                .collect(),
        })
    }
}
