//! The event queue: events come out in `(time, sequence)` order, exactly, where the
//! sequence number counts every `push`. Virtual time never goes back (nothing is ever
//! scheduled before the last event taken out), which allows a *timing wheel* instead of a
//! binary heap: the next `WHEEL` microseconds each have a slot holding the events due
//! then, in a list kept in sequence order, and a bitmap says which slots hold any. Pushing
//! is appending to a list; taking out is reading the head of the current slot, or finding
//! the next set bit. Events further ahead (a call's 5 s timeout) wait in a binary heap and
//! move into the wheel, in `(time, sequence)` order, as soon as their time comes within
//! the wheel's reach: before anything else can be pushed at that time, so the lists stay
//! in sequence order.
//!
//! Events and their list links live in a slab, so a snapshot clones a few flat arrays.
//! Cancelling (nearly always a call's timeout) takes the event out of its slot at once;
//! a slot in the heap is freed at once too and its stale key skipped later (its sequence
//! number no longer matches), a slot in the wheel is freed when the wheel reaches it.

use crate::time::Time;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Microseconds the wheel covers: calls, replies, handling times and client ticks of the
/// built-in scenarios all land within it.
const WHEEL: usize = 1024;
const MASK: u64 = WHEEL as u64 - 1;
const WORDS: usize = WHEEL / 64;
const NIL: u32 = u32::MAX;

/// Where an event waits, to cancel it later. The sequence number makes a stale handle
/// (event already taken out, slot reused) harmless.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    pub slot: u32,
    pub seq: u64,
}

/// A key of the far heap: the ordering `(t, seq)` and the slot the event waits in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scheduled {
    pub t: Time,
    pub seq: u64,
    pub slot: u32,
}

impl PartialEq for Scheduled {
    fn eq(&self, o: &Self) -> bool {
        (self.t, self.seq) == (o.t, o.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scheduled {
    // Reversed: BinaryHeap is a max-heap and the earliest event must come out first.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.t, o.seq).cmp(&(self.t, self.seq))
    }
}

#[derive(Clone, Debug)]
struct Slot<E> {
    t: Time,
    /// Sequence number of the event in this slot (or of the last one, once it is empty).
    seq: u64,
    /// Next slot in the same wheel list.
    next: u32,
    /// The event waits in the far heap (not in a wheel list).
    far: bool,
    ev: Option<E>,
}

#[derive(Clone, Debug)]
pub(crate) struct EventQueue<E> {
    /// Time of the last event taken out (or reached): wheel slot `last & MASK` is the
    /// current one, and every queued event is at `last` or later.
    last: Time,
    /// First and last slab index of each wheel slot's list (`NIL` when empty).
    lists: Vec<(u32, u32)>,
    /// Which wheel lists are non-empty.
    bits: [u64; WORDS],
    /// Events at `last + WHEEL` or later.
    far: BinaryHeap<Scheduled>,
    /// Keys in `far` whose event was cancelled.
    far_dead: usize,
    slab: Vec<Slot<E>>,
    free_slots: Vec<u32>,
    seq: u64,
}

impl<E> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            last: 0,
            lists: vec![(NIL, NIL); WHEEL],
            bits: [0; WORDS],
            far: BinaryHeap::new(),
            far_dead: 0,
            slab: Vec::new(),
            free_slots: Vec::new(),
            seq: 0,
        }
    }

    /// Bytes its buffers hold (a copy costs this much): for snapshot budgets.
    pub fn footprint(&self) -> usize {
        use std::mem::size_of;
        self.lists.capacity() * size_of::<(u32, u32)>()
            + self.far.capacity() * size_of::<Scheduled>()
            + self.slab.capacity() * size_of::<Slot<E>>()
            + self.free_slots.capacity() * size_of::<u32>()
    }

    /// Queues `ev` at time `t`, which must not be before the last event taken out.
    /// Always inlined (the simulator's callers queue an event per event they handle),
    /// except in the first-load build, where size comes first.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    pub fn push(&mut self, t: Time, ev: E) -> Handle {
        debug_assert!(t >= self.last, "event scheduled in the past");
        // Never schedule into the past: it would break the order of the current list.
        let t = t.max(self.last);
        self.seq += 1;
        let seq = self.seq;
        let far = t - self.last >= WHEEL as u64;
        let entry = Slot {
            t,
            seq,
            next: NIL,
            far,
            ev: Some(ev),
        };
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                self.slab[slot as usize] = entry;
                slot
            }
            None => {
                self.slab.push(entry);
                (self.slab.len() - 1) as u32
            }
        };
        if far {
            self.far.push(Scheduled { t, seq, slot });
        } else {
            self.link(slot, t);
        }
        Handle { slot, seq }
    }

    /// Appends a slab entry to the wheel list of its time.
    #[inline]
    fn link(&mut self, slot: u32, t: Time) {
        let i = (t & MASK) as usize;
        let (head, tail) = self.lists[i];
        if head == NIL {
            self.lists[i] = (slot, slot);
            self.bits[i / 64] |= 1 << (i % 64);
        } else {
            self.slab[tail as usize].next = slot;
            self.lists[i] = (head, slot);
        }
    }

    /// Cancels a queued event; returns it if it was still waiting.
    pub fn cancel(&mut self, h: Handle) -> Option<E> {
        let s = self.slab.get_mut(h.slot as usize)?;
        if s.seq != h.seq {
            return None;
        }
        let ev = s.ev.take()?;
        if s.far {
            self.free_slots.push(h.slot);
            self.far_dead += 1;
            if self.far_dead > 1024 && self.far_dead * 2 > self.far.len() {
                let slab = &self.slab;
                self.far.retain(|k| {
                    let s = &slab[k.slot as usize];
                    s.seq == k.seq && s.ev.is_some()
                });
                self.far_dead = 0;
            }
        }
        Some(ev)
    }

    /// Removes the head of wheel list `i` and frees its slab entry.
    #[inline]
    fn unlink_head(&mut self, i: usize) -> u32 {
        let head = self.lists[i].0;
        let next = self.slab[head as usize].next;
        if next == NIL {
            self.lists[i] = (NIL, NIL);
            self.bits[i / 64] &= !(1 << (i % 64));
        } else {
            self.lists[i].0 = next;
        }
        self.free_slots.push(head);
        head
    }

    /// Moves `last` to the time of the next queued event (the current list is empty) and
    /// brings far events within the wheel's reach into it. False, with nothing moved, if
    /// nothing is queued or the next event is after `until`.
    fn advance_upto(&mut self, until: Time) -> bool {
        let i = (self.last & MASK) as usize;
        let next = match self.next_set_after(i) {
            Some(d) => self.last + d as u64,
            None => loop {
                let Some(k) = self.far.peek() else {
                    return false;
                };
                let s = &self.slab[k.slot as usize];
                if s.seq == k.seq && s.ev.is_some() {
                    break k.t;
                }
                self.far.pop();
                self.far_dead -= 1;
            },
        };
        if next > until {
            return false;
        }
        self.last = next;
        while let Some(k) = self.far.peek() {
            if k.t - self.last >= WHEEL as u64 {
                break;
            }
            let k = *k;
            self.far.pop();
            let s = &mut self.slab[k.slot as usize];
            if s.seq == k.seq && s.ev.is_some() {
                s.far = false;
                self.link(k.slot, k.t);
            } else {
                self.far_dead -= 1;
            }
        }
        true
    }

    /// Distance from slot `i` to the next non-empty wheel slot after it, going round.
    fn next_set_after(&self, i: usize) -> Option<usize> {
        let start = (i + 1) % WHEEL;
        let (w0, b0) = (start / 64, start % 64);
        let first = self.bits[w0] & (!0u64 << b0);
        if first != 0 {
            let pos = w0 * 64 + first.trailing_zeros() as usize;
            return Some((pos + WHEEL - i) % WHEEL);
        }
        for k in 1..=WORDS {
            let w = (w0 + k) % WORDS;
            let m = if k == WORDS {
                self.bits[w] & !(!0u64 << b0)
            } else {
                self.bits[w]
            };
            if m != 0 {
                let pos = w * 64 + m.trailing_zeros() as usize;
                return Some((pos + WHEEL - i) % WHEEL);
            }
        }
        None
    }

    /// Time of the next event, if any. Cancelled events met on the way are dropped, but
    /// `last` stays where it is: after a peek the clock may stop short of the event found
    /// (`run_until`) and an earlier event still be pushed.
    pub fn peek_time(&mut self) -> Option<Time> {
        let mut i = (self.last & MASK) as usize;
        loop {
            while let Some(head) = self.slab.get(self.lists[i].0 as usize) {
                if head.ev.is_some() {
                    return Some(head.t);
                }
                self.unlink_head(i);
            }
            // Lists already visited are empty now, so going round never revisits one.
            match self.next_set_after(i) {
                Some(d) => i = (i + d) % WHEEL,
                None => break,
            }
        }
        loop {
            let k = self.far.peek()?;
            let s = &self.slab[k.slot as usize];
            if s.seq == k.seq && s.ev.is_some() {
                return Some(k.t);
            }
            self.far.pop();
            self.far_dead -= 1;
        }
    }

    /// Takes out the next event in `(time, sequence)` order.
    #[cfg(test)]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        self.pop_until(Time::MAX)
    }

    /// As `pop`, if the next event is at `until` or before; otherwise leaves the queue as
    /// it is (as `peek_time` does), so that an event can still be pushed before it. One
    /// search for the next slot, where a `peek_time` then a `pop` made two.
    #[inline]
    pub fn pop_until(&mut self, until: Time) -> Option<(Time, E)> {
        if self.last > until {
            return None;
        }
        loop {
            let i = (self.last & MASK) as usize;
            if self.lists[i].0 == NIL {
                if !self.advance_upto(until) {
                    return None;
                }
                continue;
            }
            let slot = self.unlink_head(i);
            let s = &mut self.slab[slot as usize];
            if let Some(ev) = s.ev.take() {
                return Some((s.t, ev));
            }
        }
    }

    /// Time of the next event, without changing the queue.
    pub fn next_time(&self) -> Option<Time> {
        self.iter().map(|(t, _, _)| t).min()
    }

    /// Every queued event with its time and sequence number, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (Time, u64, &E)> {
        self.slab
            .iter()
            .filter_map(|s| s.ev.as_ref().map(|e| (s.t, s.seq, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a sorted reference, with pushes interleaved with pops and cancels.
    #[test]
    fn pops_in_time_then_sequence_order() {
        let mut q = EventQueue::new();
        let mut reference: Vec<(Time, u64, u32)> = Vec::new();
        let mut handles = Vec::new();
        let mut x: u64 = 12345;
        let mut rnd = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut now = 0;
        let mut id = 0u32;
        let mut seq = 0u64;
        for round in 0..20_000 {
            if rnd() % 4 == 0 {
                // As run_until does: look at the next event without taking it, after
                // which the clock may stop short of it and earlier events be pushed.
                reference.sort();
                assert_eq!(q.peek_time(), reference.first().map(|w| w.0));
            }
            for _ in 0..(rnd() % 3) {
                let delay = match rnd() % 6 {
                    0 => 0,
                    1 => rnd() % 4,
                    2 => rnd() % 600,
                    3 => 5_000_000,
                    4 => WHEEL as u64 - 2 + rnd() % 4,
                    _ => rnd() % 100_000,
                };
                id += 1;
                seq += 1;
                let h = q.push(now + delay, id);
                reference.push((now + delay, seq, id));
                handles.push((h, seq));
            }
            if round % 7 == 0 && !handles.is_empty() {
                let (h, s) = handles.swap_remove((rnd() as usize) % handles.len());
                let was = reference.iter().position(|r| r.1 == s);
                let got = q.cancel(h);
                match was {
                    Some(i) => {
                        assert_eq!(got, Some(reference[i].2));
                        reference.remove(i);
                    }
                    None => assert_eq!(got, None),
                }
            }
            if rnd() % 5 == 0 {
                // As run_until does: take the next event only if it is due by `until`;
                // if none is, the clock stops at `until` and later pushes start there.
                let until = now + rnd() % 2_000;
                reference.sort();
                let want = reference.first().copied().filter(|w| w.0 <= until);
                assert_eq!(q.pop_until(until), want.map(|w| (w.0, w.2)));
                match want {
                    Some(w) => {
                        reference.remove(0);
                        now = w.0;
                    }
                    None => now = until,
                }
            } else if rnd() % 2 == 0 {
                reference.sort();
                let want = if reference.is_empty() {
                    None
                } else {
                    Some(reference.remove(0))
                };
                assert_eq!(q.next_time(), want.map(|w| w.0));
                assert_eq!(q.peek_time(), want.map(|w| w.0));
                let got = q.pop();
                assert_eq!(got, want.map(|w| (w.0, w.2)));
                if let Some((t, _)) = got {
                    now = t;
                }
            }
        }
        reference.sort();
        for w in reference {
            assert_eq!(q.pop(), Some((w.0, w.2)));
        }
        assert_eq!(q.pop(), None);
    }
}
