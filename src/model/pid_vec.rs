//! `PidVec`: a value per pid, indexed by the pid's number. The refreshes that read the
//! trace while a run plays (live warnings, charts, the sequence diagram's lanes) count or
//! classify tens of thousands of entries by pid; a map lookup for each was the larger part
//! of their cost (docs/benchmarks.md, "Frames, 2026-12-04").

use otp_sim::Pid;
use std::collections::BTreeMap;

/// Pids numbered below this are kept in a vector (pids are numbered from the start of a
/// run and never reused, so this covers every process of even a huge run; 8 MB at most
/// for `u64` values), any beyond in a map.
const DENSE: usize = 1 << 20;

/// A value per pid, `T::default()` for a pid never set.
#[derive(Clone, Debug, Default)]
pub struct PidVec<T> {
    dense: Vec<T>,
    sparse: BTreeMap<Pid, T>,
}

impl<T: Copy + Default + PartialEq> PidVec<T> {
    pub fn get(&self, p: Pid) -> T {
        match self.dense.get(p.0 as usize) {
            Some(&v) => v,
            None => self.sparse.get(&p).copied().unwrap_or_default(),
        }
    }

    /// The value of `p`, to change in place.
    pub fn at(&mut self, p: Pid) -> &mut T {
        let i = p.0 as usize;
        if i < DENSE {
            if i >= self.dense.len() {
                self.dense.resize(i + 1, T::default());
            }
            &mut self.dense[i]
        } else {
            self.sparse.entry(p).or_default()
        }
    }

    /// Every pid whose value is not the default, in pid order.
    pub fn iter(&self) -> impl Iterator<Item = (Pid, T)> + '_ {
        let zero = T::default();
        self.dense
            .iter()
            .enumerate()
            .filter(move |(_, v)| **v != zero)
            .map(|(i, v)| (Pid(i as u32), *v))
            .chain(
                self.sparse
                    .iter()
                    .filter(move |(_, v)| **v != zero)
                    .map(|(p, v)| (*p, *v)),
            )
    }
}

impl PidVec<u64> {
    pub fn add(&mut self, p: Pid) {
        *self.at(p) += 1;
    }

    /// Takes one off `p`'s count (never below zero).
    pub fn take_off(&mut self, p: Pid) {
        let v = self.at(p);
        *v = v.saturating_sub(1);
    }
}

/// Equal when every pid has the same value (a value back at the default is no value).
impl<T: Copy + Default + PartialEq> PartialEq for PidVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_pid_near_and_far() {
        let mut c = PidVec::<u64>::default();
        let (near, far) = (Pid(85), Pid(u32::MAX - 1));
        c.add(near);
        c.add(near);
        c.add(far);
        c.take_off(near);
        c.take_off(Pid(7));
        assert_eq!(
            (c.get(near), c.get(far), c.get(Pid(7)), c.get(Pid(9))),
            (1, 1, 0, 0)
        );
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![(near, 1), (far, 1)]);
        // Back at zero is the same as never counted.
        let mut d = PidVec::<u64>::default();
        d.add(near);
        d.add(far);
        c.add(Pid(3));
        c.take_off(Pid(3));
        assert_eq!(c, d);
        d.add(Pid(4));
        assert_ne!(c, d);
    }
}
