//! One sort routine for the simulator and the app, for the size of the wasm download.
//!
//! The standard library's `sort_by` is a copy of its whole algorithm (a merge, a quicksort,
//! small-slice networks) for every element type and comparator it is called with: in the
//! first-load wasm that was 92 functions and 55 KB. The functions here order a list of
//! `u32` positions through a single comparator type (a `&mut dyn FnMut`), so the algorithm
//! exists once, then move the elements into that order. What each call site adds is a
//! comparator and a permutation, a few hundred bytes.
//!
//! Every sort here is stable (equal elements keep their order), like `slice::sort_by`, so
//! an output never depends on how ties fall. Comparing through positions and a dynamic
//! call is slower than `sort_by`; the program's sorts are of screens' worth of items, or
//! done once per run (at most the process cap, 100,000 pids).

use std::cmp::Ordering;

/// Sorts `v` with `cmp`, stably: `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, order);
}

/// Sorts `v` by `key`, stably: `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably: `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..n` in the order `cmp` gives them (stable). The one place a standard
/// sort is instantiated.
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    // The callers' slices are far below 4 billion elements (the process cap is 100,000).
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    let mut ix: Vec<u32> = (0..n).collect();
    ix.sort_by(|&a, &b| cmp(a as usize, b as usize));
    ix
}

/// Rearranges `v` so that `v[i]` becomes what was at `order[i]`, in place, one cycle of
/// the permutation at a time (each element moves once); `order` marks what is done.
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        for (seed, n, range) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 50, 5), (5, 1000, 30)] {
            // Pairs of (key, original position): a stable sort keeps positions ascending
            // within a key, so comparing with `slice::sort_by_key` checks stability too.
            let v: Vec<(u64, usize)> = numbers(seed, n, range)
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, i))
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "seed {seed}, {n} elements");
            let mut desc = v.clone();
            sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
            let mut std_desc = v;
            std_desc.sort_by_key(|p| std::cmp::Reverse(p.0));
            assert_eq!(desc, std_desc);
        }
    }

    #[test]
    fn sorts_owned_values_already_sorted_and_reversed_lists() {
        let mut words: Vec<String> = ["pear", "fig", "apple", "fig", "kiwi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "fig", "kiwi", "pear"]);
        let mut already = vec![1, 2, 3];
        sort(&mut already);
        assert_eq!(already, [1, 2, 3]);
        let mut reversed: Vec<u32> = (0..9).rev().collect();
        sort(&mut reversed);
        assert_eq!(reversed, (0..9).collect::<Vec<_>>());
    }
}
