//! `:erlang.phash2/2` for the terms a scenario can write, so that a key routes to the same
//! partition as `{:via, PartitionSupervisor, {name, key}}` routes it on a real node.
//!
//! phash2 is ERTS's "portable" hash (`make_hash2` in `erts/emulator/beam/utils.c`): its
//! value is the same on every node and release, which is what makes recording real values
//! in tests meaningful. It mixes 32-bit words with Bob Jenkins' `mix`; atoms contribute
//! the atom table's hashpjw value of their name, binaries a Jenkins block hash of their
//! bytes, small integers (28 bits) one or two mixes, larger ones their 64-bit magnitude.
//! Lists of bytes are packed four to a word first. `phash2(term, range)` is the 32-bit
//! value modulo `range`. Tested against values recorded from a real OTP 25 node.

use crate::term::Term;

/// Bob Jenkins' golden-ratio constant and its multiples, as ERTS names them
/// (`HCONST_n` = n · `HCONST` mod 2³²).
const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = HCONST.wrapping_mul(2);
const HCONST_3: u32 = HCONST.wrapping_mul(3);
const HCONST_4: u32 = HCONST.wrapping_mul(4);
const HCONST_5: u32 = HCONST.wrapping_mul(5);
const HCONST_9: u32 = HCONST.wrapping_mul(9);
const HCONST_10: u32 = HCONST.wrapping_mul(10);
const HCONST_11: u32 = HCONST.wrapping_mul(11);
const HCONST_13: u32 = HCONST.wrapping_mul(13);

/// The value `[]` hashes to when it is the whole term.
const NIL_ALONE: u32 = 3_468_870_702;
/// The tag number ERTS mixes in for a `[]` inside a term (`NIL_DEF`).
const NIL_TAG: u32 = 2;

fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    // Jenkins' 96-bit mix, in ERTS's order of steps.
    let steps: [(u32, bool); 9] = [
        (13, false),
        (8, true),
        (13, false),
        (12, false),
        (16, true),
        (5, false),
        (3, false),
        (10, true),
        (15, false),
    ];
    for (n, (shift, left)) in steps.into_iter().enumerate() {
        // The three words take turns: a, b, c, a, b, c, ...
        let (x, y, z) = match n % 3 {
            0 => (&mut *a, &mut *b, &mut *c),
            1 => (&mut *b, &mut *c, &mut *a),
            _ => (&mut *c, &mut *a, &mut *b),
        };
        *x = x.wrapping_sub(*y).wrapping_sub(*z);
        *x ^= if left { *z << shift } else { *z >> shift };
    }
}

/// Mixes two words into `hash` (ERTS's `UINT32_HASH_2`).
fn mix2(hash: &mut u32, x: u32, y: u32, konst: u32) {
    let mut a = konst.wrapping_add(x);
    let mut b = konst.wrapping_add(y);
    mix(&mut a, &mut b, hash);
}

fn mix1(hash: &mut u32, x: u32, konst: u32) {
    mix2(hash, x, 0, konst)
}

/// Jenkins' one-at-a-time-per-12-bytes block hash, seeded with `init`.
fn block_hash(k: &[u8], init: u32) -> u32 {
    let word = |s: &[u8]| -> u32 {
        s.iter().enumerate().fold(0u32, |acc, (i, &b)| {
            acc.wrapping_add(u32::from(b) << (8 * i))
        })
    };
    let (mut a, mut b, mut c) = (HCONST, HCONST, init);
    let mut chunks = k.chunks_exact(12);
    for ch in &mut chunks {
        a = a.wrapping_add(word(&ch[0..4]));
        b = b.wrapping_add(word(&ch[4..8]));
        c = c.wrapping_add(word(&ch[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let rest = chunks.remainder();
    // The length goes into c's low byte; the tail's bytes 8.. go above it.
    c = c.wrapping_add(k.len() as u32);
    a = a.wrapping_add(word(&rest[..rest.len().min(4)]));
    if rest.len() > 4 {
        b = b.wrapping_add(word(&rest[4..rest.len().min(8)]));
    }
    if rest.len() > 8 {
        c = c.wrapping_add(word(&rest[8..]) << 8);
    }
    mix(&mut a, &mut b, &mut c);
    c
}

/// The atom table's hash of an atom's name (hashpjw, with the two-byte UTF-8 form of a
/// Latin-1 character taken as that character).
fn atom_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut h: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut v = u32::from(bytes[i]);
        i += 1;
        if i < bytes.len() && (v & 0xFE) == 0xC2 && (bytes[i] & 0xC0) == 0x80 {
            v = ((v << 6) | u32::from(bytes[i] & 0x3F)) & 0xFF;
            i += 1;
        }
        h = (h << 4).wrapping_add(v);
        let g = h & 0xf000_0000;
        if g != 0 {
            h ^= g >> 24;
            h ^= g;
        }
    }
    h
}

/// The real atom behind the simulator's atom text: `Foo` (an Elixir alias) is the atom
/// `Elixir.Foo`; `:foo`, `true`, `nil` are themselves.
fn atom_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && !name.starts_with("Elixir.") {
        format!("Elixir.{name}").into()
    } else {
        name.into()
    }
}

enum Work<'a> {
    Term(&'a Term),
    /// The rest of a list (`[]` when empty).
    Tail(&'a [Term]),
}

fn byte_of(t: &Term) -> Option<u32> {
    match t {
        Term::Int(n) if (0..=255).contains(n) => Some(*n as u32),
        _ => None,
    }
}

/// `:erlang.phash2(term)`'s full 32-bit value, or `None` for a term whose real hash the
/// simulator cannot know (a reference, an exception, a task, a function).
pub fn hash2(term: &Term) -> Option<u32> {
    let mut hash: u32 = 0;
    let mut stack: Vec<Work<'_>> = vec![Work::Term(term)];
    while let Some(work) = stack.pop() {
        match work {
            Work::Term(Term::List(items)) => stack.push(Work::Tail(items)),
            Work::Tail([]) => {
                if hash == 0 {
                    hash = NIL_ALONE;
                } else {
                    mix1(&mut hash, NIL_TAG, HCONST_2);
                }
            }
            Work::Tail(items) => {
                // A run of bytes (a charlist) is packed four to a word.
                let (mut packed, mut count, mut i) = (0u32, 0, 0);
                while let Some(b) = items.get(i).and_then(byte_of) {
                    packed = (packed << 8).wrapping_add(b);
                    if count == 3 {
                        mix1(&mut hash, packed, HCONST_4);
                        packed = 0;
                        count = 0;
                    } else {
                        count += 1;
                    }
                    i += 1;
                }
                if count > 0 {
                    mix1(&mut hash, packed, HCONST_4);
                }
                match items.get(i) {
                    // The head first, then the rest of the list.
                    Some(head) => {
                        stack.push(Work::Tail(&items[i + 1..]));
                        stack.push(Work::Term(head));
                    }
                    None => stack.push(Work::Tail(&[])),
                }
            }
            Work::Term(Term::Atom(name)) => {
                let h = atom_hash(&atom_name(name));
                if hash == 0 {
                    hash = h;
                } else {
                    mix1(&mut hash, h, HCONST_3);
                }
            }
            Work::Term(Term::Int(n)) => {
                let n = *n;
                if (-(1 << 27)..(1 << 27)).contains(&n) {
                    // A small integer on a 28-bit machine: a negative one is mixed twice.
                    let y = n as i32;
                    if y < 0 {
                        mix1(&mut hash, y.wrapping_neg() as u32, HCONST);
                    }
                    mix1(&mut hash, y as u32, HCONST);
                } else {
                    // A bignum: its magnitude in one 64-bit digit, the sign in the constant.
                    let m = n.unsigned_abs();
                    let konst = if n < 0 { HCONST_10 } else { HCONST_11 };
                    mix2(&mut hash, m as u32, (m >> 32) as u32, konst);
                }
            }
            Work::Term(Term::Str(s)) => {
                // An Elixir string is a binary.
                let seed = HCONST_13.wrapping_add(hash);
                hash = if s.is_empty() {
                    seed
                } else {
                    block_hash(s.as_bytes(), seed)
                };
            }
            Work::Term(Term::Tuple(items)) => {
                mix1(&mut hash, items.len() as u32, HCONST_9);
                stack.extend(items.iter().rev().map(Work::Term));
            }
            // A local pid is hashed by its number; the simulator's numbers are its own, so
            // a pid key routes as a real pid with the same number would.
            Work::Term(Term::Pid(p)) => mix1(&mut hash, p.0, HCONST_5),
            Work::Term(Term::Ref(_) | Term::Exception(_) | Term::Task { .. } | Term::Fun(_)) => {
                return None;
            }
        }
    }
    Some(hash)
}

/// `:erlang.phash2(term, range)`: a value in `0..range`. `range` 0 is treated as 1.
pub fn phash2(term: &Term, range: u32) -> Option<u32> {
    hash2(term).map(|h| h % range.max(1))
}

/// The partition `{:via, PartitionSupervisor, {name, key}}` picks among `partitions`
/// (Elixir 1.14's `PartitionSupervisor.whereis_name/1`): `rem(abs(key), partitions)` for
/// an integer, `:erlang.phash2(key, partitions)` for anything else.
pub fn partition_of(key: &Term, partitions: u32) -> Option<u32> {
    let n = partitions.max(1);
    match key {
        Term::Int(k) => Some((k.unsigned_abs() % u64::from(n)) as u32),
        other => phash2(other, n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::parse_term;

    /// `:erlang.phash2(key, 4294967296)` on Erlang/OTP 25 (erts 13.1.5), Elixir 1.14.
    const REAL: &[(&str, u32)] = &[
        ("0", 3175731469),
        ("1", 539485162),
        ("7", 1208805918),
        ("-3", 4257644637),
        ("300000000", 2061434444),
        ("-300000000", 999989672),
        ("1099511627776", 282329375),
        (":a", 97),
        (":ok", 1883),
        (":room", 497245),
        ("Foo", 251785311),
        ("RoomSups", 112374707),
        ("true", 506293),
        ("nil", 29948),
        ("\"\"", 147926629),
        ("\"a\"", 1589197455),
        ("\"abc\"", 1306188027),
        ("\"room-12\"", 472075252),
        ("\"hello world!!\"", 2552201628),
        (
            "\"a longer string key of more than twelve bytes\"",
            22265555,
        ),
        ("{}", 221703996),
        ("{:a}", 2853905094),
        ("{1, 2}", 4118095950),
        ("{:user, 42}", 3791834521),
        ("{\"x\", :y, 3}", 590656935),
        ("[]", 3468870702),
        ("[1, 2, 3]", 4186538188),
        ("[:a, :b]", 3632954310),
        ("[97, 98, 99]", 519996486),
        ("[\"a\", {:b}]", 51886242),
        ("{[], []}", 694848342),
        ("[[]]", 499070068),
        ("255", 715823293),
        ("256", 3929335767),
        ("-1", 1117813597),
        ("134217727", 4273352567),
        ("134217728", 2562491755),
        ("-134217728", 874979335),
        ("-134217729", 1418916782),
    ];

    #[test]
    fn matches_real_phash2() {
        for (text, want) in REAL {
            let t = parse_term(text).unwrap();
            assert_eq!(hash2(&t), Some(*want), "phash2({text})");
        }
    }

    #[test]
    fn integer_keys_route_by_remainder() {
        assert_eq!(partition_of(&Term::Int(-7), 4), Some(3));
        assert_eq!(partition_of(&Term::Int(9), 4), Some(1));
        assert_eq!(partition_of(&Term::Int(i64::MIN), 3), Some(2));
        assert_eq!(partition_of(&Term::atom("a"), 8), Some(1));
    }
}
