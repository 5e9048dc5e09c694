//! The hash of the simulator's lookup-only maps (a supervisor's children by id and by
//! pid): a multiply-rotate hash, as rustc's FxHash. Their keys are short and come from the
//! scenario, not from an attacker, and SipHash showed in profiles of 100,000 starts. No
//! random keys either, so nothing asks the OS for randomness. Maps hashed with it are only
//! ever looked up, never iterated, so the hash cannot reach any output.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step: ids such as `worker_12345` are hashed in two.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0; 8];
            b.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(b));
        }
        for &b in words.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hashed with `Fx`.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    fn hash(s: &str) -> u64 {
        BuildHasherDefault::<Fx>::default().hash_one(s)
    }

    #[test]
    fn ids_that_differ_anywhere_hash_apart() {
        // In the whole words, in the tail, and by length alone.
        let ids = [
            "worker_1",
            "worker_2",
            "worker_12345",
            "worker_12346",
            "worker_1234",
            "",
        ];
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a} {b}");
            }
        }
        assert_eq!(hash("worker_12345"), hash("worker_12345"));
    }

    #[test]
    fn finds_what_it_holds() {
        let mut m: FxMap<String, usize> = FxMap::default();
        for i in 0..10_000 {
            m.insert(format!("worker_{i}"), i);
        }
        assert!((0..10_000).all(|i| m.get(&format!("worker_{i}")) == Some(&i)));
        assert_eq!(m.get("worker_10000"), None);
    }
}
