//! A poolboy pool's state as data (poolboy's `#state{}`): free workers, workers lent
//! with the monitors on their holders, waiting callers, the overflow count. Plain data,
//! so that a process can hold it; `pool.rs` owns every transition.

use crate::scenario::PoolSpec;
use crate::term::{Pid, Ref};
use crate::time::Time;
use std::collections::VecDeque;
use std::rc::Rc;

/// The pool's bookkeeping (poolboy's `#state{}`; the `monitors` ETS table is `lent`).
#[derive(Clone, Debug)]
pub struct PoolState {
    pub spec: Rc<PoolSpec>,
    /// Workers started so far: the next one is `<pool id>_<started + 1>`.
    pub started: u32,
    /// Free workers; the front is the head of poolboy's list, which a checkout takes.
    pub free: VecDeque<Pid>,
    /// Workers checked out, in checkout order.
    pub lent: Vec<Lent>,
    /// Callers waiting for a worker, oldest first.
    pub waiting: VecDeque<Waiter>,
    /// Overflow workers out (started beyond `size`).
    pub overflow: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lent {
    pub worker: Pid,
    pub caller: Pid,
    /// The checkout's own reference (`CRef`), which `cancel_waiting` names.
    pub cref: Ref,
    /// The pool's monitor on the caller.
    pub mref: Ref,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    pub caller: Pid,
    /// The call's tag, to reply to.
    pub tag: Ref,
    pub cref: Ref,
    pub mref: Ref,
    /// When the checkout call was sent.
    pub since: Time,
}

/// What the pool does with a worker it has just started.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterStart {
    /// Put it at the head of the free list (prepopulating, or replacing a dead worker).
    Free,
    /// Lend it to this caller (an overflow worker, or the replacement of a worker that
    /// died while a caller waited). `mref: None`: monitor the caller now.
    Give {
        caller: Pid,
        tag: Ref,
        cref: Ref,
        mref: Option<Ref>,
        since: Time,
    },
}

impl PoolState {
    pub fn new(spec: &PoolSpec) -> PoolState {
        PoolState {
            spec: Rc::new(spec.clone()),
            started: 0,
            free: VecDeque::new(),
            lent: Vec::new(),
            waiting: VecDeque::new(),
            overflow: 0,
        }
    }

    /// poolboy's `status/1` state name: `ready`, `overflow` or `full`.
    pub fn state_name(&self) -> &'static str {
        let max = self.spec.max_overflow;
        if self.overflow < 1 {
            match (self.free.is_empty(), max < 1) {
                (true, true) => "full",
                (true, false) => "overflow",
                (false, _) => "ready",
            }
        } else if self.overflow == max {
            "full"
        } else {
            "overflow"
        }
    }
}
