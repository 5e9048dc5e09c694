//! Selective receive: which mailbox message a process takes next, given the `receive` its
//! code is blocked in (a client waiting for its call's reply, a supervisor waiting for a
//! child's ack or `:DOWN`, a suspended process taking only system messages). Reads the
//! process's state only, so the kernel can pick the next job without calling a behaviour.

use crate::message::{Envelope, Msg};
use crate::process::{Kind, PendingStop, Process, SupWait, WorkerState};
use crate::term::{Pid, Ref};

/// The first message from the save pointer on that `matches`; if none, the pointer moves
/// to the end (those messages cannot match this receive: it only changes when the process
/// runs or a message is taken, and both reset the pointer).
#[inline]
fn scan(p: &Process, matches: impl Fn(&Envelope) -> bool) -> Option<usize> {
    let len = p.mailbox.len();
    let from = p.scanned.get().min(len);
    match p.mailbox.range(from..).position(matches) {
        Some(i) => Some(from + i),
        None => {
            p.scanned.set(len);
            None
        }
    }
}

/// What the `receive` a process is blocked in takes: its patterns, as data.
#[derive(Clone, Copy)]
pub(crate) enum Want<'a> {
    /// Any message (a plain `receive`, as a GenServer's loop).
    Any,
    /// Nothing (the harness, which takes what it is sent at once).
    Nothing,
    /// System messages only: the process is suspended (`:sys.suspend`).
    Sys,
    /// gen:do_call's receive: the reply or `:DOWN` of monitor `tag`, or timer `timer`.
    Reply { tag: Ref, timer: Ref },
    /// proc_lib's wait for `pid`'s ack (or its `{:EXIT, ...}`).
    Ack(Pid),
    /// A supervisor's wait for the `:DOWN`s (or shutdown timers) of children it stops.
    Down(&'a [PendingStop]),
}

impl Want<'_> {
    /// What `p` waits for now. Reads its state only.
    #[inline]
    pub(crate) fn of(p: &Process) -> Want<'_> {
        if p.suspended {
            return Want::Sys;
        }
        match &p.kind {
            Kind::Worker(w) => match &w.state {
                WorkerState::Client(c) => match &c.pending {
                    Some(pc) => Want::Reply {
                        tag: pc.tag,
                        timer: pc.timer,
                    },
                    None => Want::Any,
                },
                _ => Want::Any,
            },
            Kind::Supervisor(s) => match &s.wait {
                SupWait::None => Want::Any,
                SupWait::Ack { pid, .. } => Want::Ack(*pid),
                SupWait::Down { pending } => Want::Down(pending),
            },
            Kind::Harness => Want::Nothing,
        }
    }

    /// Whether this receive takes `e`.
    #[inline]
    pub(crate) fn takes(self, e: &Envelope) -> bool {
        match self {
            Want::Any => true,
            Want::Nothing => false,
            Want::Sys => matches!(e.msg, Msg::Sys(_)),
            Want::Reply { tag, timer } => match &e.msg {
                Msg::Reply { tag: t, .. } => *t == tag,
                Msg::Down { mref, .. } => *mref == tag,
                Msg::Timeout(r) => *r == timer,
                _ => false,
            },
            Want::Ack(pid) => match &e.msg {
                Msg::Ack | Msg::AckIgnore => e.from == pid,
                Msg::Exit { from, .. } => *from == pid,
                _ => false,
            },
            Want::Down(pending) => match &e.msg {
                Msg::Down { mref, .. } => pending.iter().any(|s| s.mref == *mref),
                Msg::Timeout(r) => pending.iter().any(|s| s.timer == Some(*r)),
                _ => false,
            },
        }
    }
}

/// Which mailbox message the process takes next, given the receive it is blocked in.
/// Asked two or three times per message (as it arrives, as a scheduler takes the
/// process, as a job ends), so it is inlined (not forced in the first-load build, where
/// size comes first); the scan past the save pointer is out of line.
#[cfg_attr(not(feature = "lean"), inline(always))]
#[cfg_attr(feature = "lean", inline)]
pub(crate) fn select(p: &Process) -> Option<usize> {
    if p.mailbox.is_empty() {
        // Nothing for any receive. The save pointer goes back to the start, as a scan
        // of the empty mailbox leaves it.
        p.scanned.set(0);
        return None;
    }
    match Want::of(p) {
        Want::Any => Some(0),
        Want::Nothing => None,
        want => select_waiting(p, want),
    }
}

#[inline(never)]
fn select_waiting(p: &Process, want: Want<'_>) -> Option<usize> {
    scan(p, |e| want.takes(e))
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::message::{Envelope, Msg};
    use crate::process::{Kind, Process};
    use crate::term::{Pid, Ref};

    fn env(id: u64) -> Envelope {
        Envelope {
            id,
            from: Pid(1),
            sent_at: 0,
            msg: Msg::Timeout(Ref(id)),
        }
    }

    /// Against a plain walk of the deque, with its contents wrapped round its buffer (two
    /// halves) and the save pointer anywhere in either half, or past the end.
    #[test]
    fn scan_finds_the_first_match_from_the_save_pointer() {
        let mut p = Process::new(Pid(2), Pid(1), Kind::Harness, false, 0);
        p.mailbox.reserve_exact(8);
        let cap = p.mailbox.capacity();
        for shift in 0..cap {
            p.mailbox.clear();
            for _ in 0..shift {
                p.mailbox.push_back(env(0));
                p.mailbox.pop_front();
            }
            for id in 1..=cap as u64 {
                p.mailbox.push_back(env(id));
            }
            // Shifted, the messages wrap round the buffer: both halves hold some.
            assert_eq!(p.mailbox.as_slices().1.is_empty(), shift == 0);
            for from in 0..=cap + 1 {
                for want in 0..=cap as u64 + 1 {
                    let is = |e: &Envelope| e.id % 3 == want % 3 && e.id >= want;
                    p.scanned.set(from);
                    let expect = (from.min(cap)..cap).find(|&i| is(&p.mailbox[i]));
                    assert_eq!(
                        scan(&p, is),
                        expect,
                        "shift {shift} from {from} want {want}"
                    );
                    let pointer = if expect.is_some() { from } else { cap };
                    assert_eq!(p.scanned.get(), pointer);
                }
            }
        }
    }
}
