//! A growable sequence stored in fixed-size chunks: what the trace keeps its millions of
//! entries in. A plain `Vec` doubles as it grows, and each doubling allocates a fresh
//! buffer twice the size and copies everything into it: a busy run's trace was copied
//! about once over in total, and the kernel handed out (and zeroed) fresh pages for every
//! copy, which was most of a run's system time (docs/benchmarks.md). Here only the first
//! chunk grows that way, up to `CHUNK` elements; every later chunk is allocated at its
//! full size once and never moves, so pushing never copies what is already stored.
//! Indexing is a shift and a mask.

use std::ops::Range;

/// Elements per chunk (a power of two): 384 KB of 24-byte trace entries.
const SHIFT: u32 = 14;
const CHUNK: usize = 1 << SHIFT;
const MASK: usize = CHUNK - 1;

/// Every chunk but the last holds exactly `CHUNK` elements; the last is never empty.
#[derive(Clone, Debug)]
pub(crate) struct ChunkVec<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for ChunkVec<T> {
    fn default() -> Self {
        ChunkVec {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> ChunkVec<T> {
    pub fn new() -> Self {
        Self::default()
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    pub fn push(&mut self, x: T) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(x),
            _ => self.push_to_new_chunk(x),
        }
        self.len += 1;
    }

    /// The first chunk starts small (a short run's trace stays small); later ones are
    /// allocated whole, since the run has shown it is a long one.
    #[cold]
    fn push_to_new_chunk(&mut self, x: T) {
        let mut c = if self.chunks.is_empty() {
            Vec::new()
        } else {
            Vec::with_capacity(CHUNK)
        };
        c.push(x);
        self.chunks.push(c);
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        self.chunks.get(i >> SHIFT)?.get(i & MASK)
    }

    /// Keeps the first `len` elements (no-op if there are not more).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let keep = len.div_ceil(CHUNK);
        self.chunks.truncate(keep);
        if let Some(last) = self.chunks.last_mut() {
            last.truncate(len - (keep - 1) * CHUNK);
        }
        self.len = len;
    }

    /// Elements `r` (clamped to what is stored), front to back (reversible).
    pub fn range(&self, r: Range<usize>) -> Iter<'_, T> {
        let end = r.end.min(self.len);
        Iter {
            v: self,
            front: r.start.min(end),
            back: end,
        }
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.range(0..self.len)
    }
}

impl<T> std::ops::Index<usize> for ChunkVec<T> {
    type Output = T;
    #[inline]
    fn index(&self, i: usize) -> &T {
        assert!(
            i < self.len,
            "index {i} out of range for length {}",
            self.len
        );
        &self.chunks[i >> SHIFT][i & MASK]
    }
}

/// A front-to-back walk over a `ChunkVec` (or part of it).
#[derive(Clone, Debug)]
pub(crate) struct Iter<'a, T> {
    v: &'a ChunkVec<T>,
    front: usize,
    back: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        if self.front == self.back {
            return None;
        }
        let x = &self.v[self.front];
        self.front += 1;
        Some(x)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        Some(&self.v[self.back])
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a plain `Vec`, across chunk boundaries: pushes, truncations, indexing and
    /// both directions of iteration.
    #[test]
    fn behaves_as_a_vec() {
        let mut c = ChunkVec::new();
        let mut v = Vec::new();
        let mut x: u64 = 7;
        for round in 0..40 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (x >> 33) as usize % (CHUNK + 500);
            for i in 0..n {
                c.push(round * 1_000_000 + i);
                v.push(round * 1_000_000 + i);
            }
            if round % 3 == 0 {
                let keep = (x >> 20) as usize % (v.len() + 2);
                c.truncate(keep);
                v.truncate(keep);
            }
            assert_eq!(c.len(), v.len());
            assert!(c.iter().eq(v.iter()));
            assert!(c.iter().rev().eq(v.iter().rev()));
            let (a, b) = (v.len() / 3, v.len() / 3 * 2 + 1);
            assert!(c.range(a..b).eq(v[a..b.min(v.len())].iter()));
            assert_eq!(c.range(a..b).len(), v[a..b.min(v.len())].len());
            for i in [
                0,
                CHUNK - 1,
                CHUNK,
                CHUNK + 1,
                v.len().saturating_sub(1),
                v.len(),
            ] {
                assert_eq!(c.get(i), v.get(i));
            }
        }
        c.truncate(0);
        assert!(c.is_empty() && c.get(0).is_none() && c.iter().next().is_none());
        c.push(1);
        assert_eq!(c.get(0), Some(&1));
    }
}
