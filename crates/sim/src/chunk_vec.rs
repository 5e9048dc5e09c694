//! A growable sequence stored in fixed-size chunks: what the trace keeps its millions of
//! entries in. A plain `Vec` doubles as it grows, and each doubling allocates a fresh
//! buffer twice the size and copies everything into it: a busy run's trace was copied
//! about once over in total, and the kernel handed out (and zeroed) fresh pages for every
//! copy, which was most of a run's system time (docs/benchmarks.md). Here only the first
//! chunk grows (`push_to_new_chunk` says how); every later chunk is allocated at its full
//! size once and never moves, so pushing never copies what is already stored.
//!
//! A full chunk is one 2 MiB block. On Linux it is allocated on a 2 MiB boundary and
//! advised into a transparent huge page (`madvise(MADV_HUGEPAGE)`), so the kernel faults
//! it in with one fault instead of 512: those faults were a fifth of a busy run
//! (docs/benchmarks.md). That needs an allocation with its own alignment, which `Vec`
//! cannot make, hence the small owned buffer `Chunk` below (the crate's only `unsafe`).
//! Indexing divides by a constant (a multiply and a shift).

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::marker::PhantomData;
use std::mem::size_of;
use std::ops::Range;
use std::ptr::NonNull;

/// Bytes of a full chunk: a transparent huge page on x86-64 and arm64 Linux.
const CHUNK_BYTES: usize = 2 << 20;
/// Elements the first chunk starts with.
const FIRST: usize = 16;

/// How far ahead of the next write `push` asks for the memory: the trace is written
/// to fresh pages, and without the hint each new cache line stalled the store that
/// reached it (43 % of `push_send`'s samples in `perf annotate`).
const AHEAD: usize = 1024;

/// A hint that the cache line at `at` will be written soon. Only an address: nothing is
/// read or written, and an address past the allocation is harmless.
#[inline(always)]
fn prefetch(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints the cache, it never faults, whatever the address;
    // SSE is part of the x86-64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Every chunk but the last holds exactly `Self::PER` elements; the last is never empty.
pub(crate) struct ChunkVec<T> {
    chunks: Vec<Chunk<T>>,
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

impl<T: Clone> Clone for ChunkVec<T> {
    fn clone(&self) -> Self {
        ChunkVec {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ChunkVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> ChunkVec<T> {
    /// Elements per full chunk.
    const PER: usize = {
        assert!(size_of::<T>() > 0 && size_of::<T>() <= CHUNK_BYTES);
        CHUNK_BYTES / size_of::<T>()
    };

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
            Some(last) if last.len < last.cap => last.push(x),
            _ => self.push_to_new_chunk(x),
        }
        self.len += 1;
    }

    /// The first chunk starts small and grows fourfold (a short run's trace stays small),
    /// straight to a full chunk once it would pass a quarter of one; later ones are
    /// allocated whole, since the run has shown it is a long one. Doubling all the way
    /// moved a full chunk's worth in all, 2.6 % of a busy run's instructions; this moves
    /// at most a twelfth.
    #[cold]
    fn push_to_new_chunk(&mut self, x: T) {
        match self.chunks.as_mut_slice() {
            [] => self.chunks.push(Chunk::new(FIRST.min(Self::PER))),
            [first] if first.cap < Self::PER => {
                let cap = match first.cap * 4 {
                    cap if cap > Self::PER / 4 => Self::PER,
                    cap => cap,
                };
                first.move_to_new(cap);
            }
            _ => self.chunks.push(Chunk::new(Self::PER)),
        }
        if let Some(last) = self.chunks.last_mut() {
            last.push(x);
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        self.chunks
            .get(i / Self::PER)?
            .as_slice()
            .get(i % Self::PER)
    }

    /// Keeps the first `len` elements (no-op if there are not more).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let keep = len.div_ceil(Self::PER);
        self.chunks.truncate(keep);
        if let Some(last) = self.chunks.last_mut() {
            last.truncate(len - (keep - 1) * Self::PER);
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
        &self.chunks[i / Self::PER].as_slice()[i % Self::PER]
    }
}

/// A fixed-capacity buffer that owns its first `len` elements: `Vec` without growth, so
/// that a full chunk can have a layout of its own (`layout`).
struct Chunk<T> {
    ptr: NonNull<T>,
    len: usize,
    cap: usize,
    _owns: PhantomData<T>,
}

impl<T> Chunk<T> {
    /// On Linux a full chunk takes the whole 2 MiB block, on a 2 MiB boundary, for a huge
    /// page; a growing first chunk is an ordinary allocation. `cap` is never 0.
    fn layout(cap: usize) -> Layout {
        let full = cap == CHUNK_BYTES / size_of::<T>();
        let r = if full && cfg!(target_os = "linux") {
            Layout::from_size_align(CHUNK_BYTES, CHUNK_BYTES)
        } else {
            Layout::array::<T>(cap)
        };
        // `cap` is at most `CHUNK_BYTES / size_of::<T>()`, so this never fails.
        r.unwrap_or_else(|_| handle_alloc_error(Layout::new::<T>()))
    }

    fn new(cap: usize) -> Self {
        debug_assert!(cap > 0 && cap * size_of::<T>() <= CHUNK_BYTES);
        let layout = Self::layout(cap);
        // SAFETY: the layout's size is at least `size_of::<T>()`, which is not 0.
        let raw = unsafe { alloc(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<T>()) else {
            handle_alloc_error(layout)
        };
        if layout.align() == CHUNK_BYTES {
            advise_huge_page(raw, layout.size());
        }
        Chunk {
            ptr,
            len: 0,
            cap,
            _owns: PhantomData,
        }
    }

    #[inline]
    fn push(&mut self, x: T) {
        assert!(self.len < self.cap);
        // SAFETY: slot `len` is within the allocation and holds no element.
        unsafe { self.ptr.as_ptr().add(self.len).write(x) };
        self.len += 1;
        prefetch(
            self.ptr
                .as_ptr()
                .wrapping_add(self.len)
                .cast::<u8>()
                .wrapping_add(AHEAD),
        );
    }

    #[inline]
    fn as_slice(&self) -> &[T] {
        // SAFETY: the first `len` slots hold initialised elements this chunk owns.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let tail = std::ptr::slice_from_raw_parts_mut(
            // SAFETY: `len < self.len`, within the allocation.
            unsafe { self.ptr.as_ptr().add(len) },
            self.len - len,
        );
        // Shortened first, so a panicking destructor cannot lead to a second drop.
        self.len = len;
        // SAFETY: those slots held initialised elements, now no longer counted.
        unsafe { std::ptr::drop_in_place(tail) };
    }

    /// Moves the elements into a new allocation of `cap` (the first chunk growing).
    fn move_to_new(&mut self, cap: usize) {
        let mut to = Chunk::<T>::new(cap);
        debug_assert!(self.len <= cap);
        // SAFETY: both buffers hold at least `len` slots and are distinct allocations;
        // the elements are moved: `self` forgets them before it is dropped.
        unsafe { std::ptr::copy_nonoverlapping(self.ptr.as_ptr(), to.ptr.as_ptr(), self.len) };
        to.len = std::mem::replace(&mut self.len, 0);
        std::mem::swap(self, &mut to);
    }
}

impl<T> Drop for Chunk<T> {
    fn drop(&mut self) {
        self.truncate(0);
        // SAFETY: allocated in `new` with this very layout (it depends on `cap` only).
        unsafe { dealloc(self.ptr.as_ptr().cast(), Self::layout(self.cap)) };
    }
}

impl<T: Clone> Clone for Chunk<T> {
    fn clone(&self) -> Self {
        let mut c = Chunk::new(self.cap);
        for x in self.as_slice() {
            c.push(x.clone());
        }
        c
    }
}

/// Asks the kernel to back a 2 MiB-aligned block with a transparent huge page. Advice
/// only: if it is refused (THP disabled, an old kernel) the block works the same.
#[cfg(target_os = "linux")]
fn advise_huge_page(p: *mut u8, len: usize) {
    // SAFETY: `p..p + len` is a block this process has just allocated; MADV_HUGEPAGE
    // changes how it is backed, never what it holds.
    unsafe { libc::madvise(p.cast(), len, libc::MADV_HUGEPAGE) };
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_page(_: *mut u8, _: usize) {}

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
    use std::rc::Rc;

    /// 256 bytes, so that a chunk holds 8,192 and a test crosses many chunk boundaries
    /// with few pushes.
    #[derive(Clone, Debug, PartialEq)]
    struct Big(usize, [u64; 31]);

    fn big(i: usize) -> Big {
        Big(i, [i as u64; 31])
    }

    /// Against a plain `Vec`, across chunk boundaries: pushes, truncations, indexing and
    /// both directions of iteration.
    #[test]
    fn behaves_as_a_vec() {
        let per = ChunkVec::<Big>::PER;
        assert_eq!(per, 8192);
        let mut c = ChunkVec::new();
        let mut v = Vec::new();
        let mut x: u64 = 7;
        for round in 0..40 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (x >> 33) as usize % (per + 500);
            for i in 0..n {
                c.push(big(round * 1_000_000 + i));
                v.push(big(round * 1_000_000 + i));
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
                FIRST,
                per - 1,
                per,
                per + 1,
                v.len().saturating_sub(1),
                v.len(),
            ] {
                assert_eq!(c.get(i), v.get(i));
                if i < v.len() {
                    assert_eq!(c[i], v[i]);
                }
            }
            let copy = c.clone();
            assert!(copy.iter().eq(v.iter()));
        }
        c.truncate(0);
        assert!(c.is_empty() && c.get(0).is_none() && c.iter().next().is_none());
        c.push(big(1));
        assert_eq!(c.get(0), Some(&big(1)));
    }

    /// Every element is dropped exactly once, whether truncated, dropped with the whole,
    /// moved by the first chunk's growth or cloned: counted on an `Rc`'s strong count.
    #[test]
    fn drops_each_element_once() {
        let counted = Rc::new(());
        let n = ChunkVec::<Rc<()>>::PER * 2 + 5;
        let mut c = ChunkVec::new();
        for _ in 0..n {
            c.push(Rc::clone(&counted));
        }
        assert_eq!(Rc::strong_count(&counted), n + 1);
        let copy = c.clone();
        assert_eq!(Rc::strong_count(&counted), 2 * n + 1);
        drop(copy);
        c.truncate(n - 7);
        assert_eq!(Rc::strong_count(&counted), n - 7 + 1);
        c.truncate(3);
        assert_eq!(Rc::strong_count(&counted), 4);
        drop(c);
        assert_eq!(Rc::strong_count(&counted), 1);
    }
}
