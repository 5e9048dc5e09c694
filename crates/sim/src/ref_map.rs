//! `RefMap`: the small reference-keyed maps a process keeps (its monitors, the monitors on
//! it, its timers). They are touched several times on every call, so their common cases
//! (an insert at the back, a removal at either end) are kept to a few instructions.

use crate::term::Ref;
use std::collections::VecDeque;

/// A small map keyed by reference, in reference order (as a `BTreeMap` would iterate it).
/// References are made in increasing order, so an insert is a push at the back; calls
/// and timeouts end roughly in the order they began, so a removal is near the front. A
/// process holds a handful of entries (a server: one per caller waiting on it), and this
/// spares the B-tree's node allocations on every call.
#[derive(Clone, Debug, PartialEq)]
pub struct RefMap<V>(VecDeque<(Ref, V)>);

impl<V> Default for RefMap<V> {
    fn default() -> Self {
        RefMap(VecDeque::new())
    }
}

impl<V> RefMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, k: &Ref) -> Result<usize, usize> {
        // Nearly always the first (the oldest call ends first) or the last (a timer
        // cancelled by the job that started it).
        match self.0.front() {
            None => return Err(0),
            Some(e) if e.0 >= *k => return if e.0 == *k { Ok(0) } else { Err(0) },
            _ => {}
        }
        self.0.binary_search_by_key(k, |e| e.0)
    }

    /// Inserts or replaces; returns the value replaced. Inline for the usual case (a new
    /// reference, greater than all), out of line otherwise.
    #[inline]
    pub fn insert(&mut self, k: Ref, v: V) -> Option<V> {
        if self.0.back().is_none_or(|e| e.0 < k) {
            self.0.push_back((k, v));
            return None;
        }
        self.insert_within(k, v)
    }

    #[inline(never)]
    fn insert_within(&mut self, k: Ref, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }

    /// Inline for the usual cases (either end: taking one off is cheaper than
    /// `VecDeque::remove`'s shifting), out of line otherwise.
    #[inline]
    pub fn remove(&mut self, k: &Ref) -> Option<V> {
        if self.0.front().is_some_and(|e| e.0 == *k) {
            return self.0.pop_front().map(|e| e.1);
        }
        if self.0.back().is_some_and(|e| e.0 == *k) {
            return self.0.pop_back().map(|e| e.1);
        }
        self.remove_within(k)
    }

    #[inline(never)]
    fn remove_within(&mut self, k: &Ref) -> Option<V> {
        let i = self.find(k).ok()?;
        self.0.remove(i).map(|e| e.1)
    }

    pub fn get(&self, k: &Ref) -> Option<&V> {
        self.find(k).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, k: &Ref) -> bool {
        self.find(k).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in reference order.
    pub fn iter(&self) -> impl Iterator<Item = (&Ref, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Ref> {
        self.0.iter().map(|e| &e.0)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|e| &e.1)
    }
}

impl<'a, V> IntoIterator for &'a RefMap<V> {
    type Item = (&'a Ref, &'a V);
    type IntoIter = std::iter::Map<
        std::collections::vec_deque::Iter<'a, (Ref, V)>,
        fn(&'a (Ref, V)) -> (&'a Ref, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::RefMap;
    use crate::term::Ref;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        /// Any mix of inserts and removals leaves the same entries, in the same order, as
        /// the `BTreeMap` it stands for, and returns the same values on the way.
        #[test]
        fn behaves_as_a_btree_map(ops in proptest::collection::vec((0u8..3, 0u64..24), 0..200)) {
            let (mut m, mut b) = (RefMap::new(), BTreeMap::new());
            for (op, k) in ops {
                let k = Ref(k);
                match op {
                    0 => prop_assert_eq!(m.insert(k, k.0 * 10), b.insert(k, k.0 * 10)),
                    1 => prop_assert_eq!(m.remove(&k), b.remove(&k)),
                    _ => prop_assert_eq!(m.get(&k), b.get(&k)),
                }
                prop_assert_eq!(m.len(), b.len());
                prop_assert!(m.iter().map(|(k, v)| (*k, *v)).eq(b.iter().map(|(k, v)| (*k, *v))));
            }
        }
    }
}
