//! `:persistent_term`: the node-wide key → term table. Owns the table type and the rules
//! of `put/2`, `get/1` and `erase/1` as erts implements them (OTP 25,
//! `erts/emulator/beam/erl_bif_persistent.c`), including the one that matters for a
//! lesson: which updates make the runtime scan every process.
//!
//! Plain data with no access to the simulation: the table is runtime state, so the
//! kernel keeps it in its world (snapshots carry it); the command and the client modes
//! call these functions and then charge the scan to the processes and record the trace.

use crate::term::Term;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The table: key (an atom's name) → stored term. A `BTreeMap`, so the view and the
/// conformance lines list keys in one order.
pub(crate) type PTerms = BTreeMap<Rc<str>, Term>;

/// What a `put` or `erase` did to the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Nothing: `put` of a value equal to the stored one (erts returns `ok` at once), or
    /// `erase` of a missing key (returns `false`).
    None,
    /// The table changed and the old value, if any, was an immediate (or there was none):
    /// erts frees its storage at once, nobody else pays.
    Cheap,
    /// The table changed and the old value lived on a heap (a literal area): erts hands
    /// it to the literal area collector, which scans every process before freeing it.
    GlobalGc,
}

/// Does `t` fit in one machine word (erts's `is_immed`)? Atoms, small integers and local
/// pids do; binaries, tuples, non-empty lists, references and funs are boxed or lists.
/// Only the old value's kind decides the cost (`delete_tuple` in erl_bif_persistent.c
/// calls `erts_release_literal_area` for an immediate, `erts_queue_release_literals`
/// otherwise).
pub(crate) fn is_immediate(t: &Term) -> bool {
    // A small integer on a 64-bit emulator has 60 bits (a bignum above that is boxed).
    const SMALL: i64 = 1 << 59;
    match t {
        Term::Atom(_) | Term::Pid(_) => true,
        Term::Int(n) => (-SMALL..SMALL).contains(n),
        Term::List(items) => items.is_empty(),
        _ => false,
    }
}

/// `:persistent_term.put(key, value)`.
pub(crate) fn put(table: &mut PTerms, key: &str, value: Term) -> Change {
    match table.get_mut(key) {
        Some(old) if *old == value => Change::None,
        Some(old) => {
            let cost = if is_immediate(old) {
                Change::Cheap
            } else {
                Change::GlobalGc
            };
            *old = value;
            cost
        }
        None => {
            table.insert(Rc::from(key), value);
            Change::Cheap
        }
    }
}

/// `:persistent_term.erase(key)`.
pub(crate) fn erase(table: &mut PTerms, key: &str) -> Change {
    match table.remove(key) {
        None => Change::None,
        Some(old) if is_immediate(&old) => Change::Cheap,
        Some(_) => Change::GlobalGc,
    }
}

/// `:persistent_term.get(key)`: the stored term, or `None` where erts raises `badarg`
/// (the process exits `{:badarg, stacktrace}`, which Elixir prints as an ArgumentError:
/// "no persistent term stored with this key").
pub(crate) fn get(table: &PTerms, key: &str) -> Option<Term> {
    table.get(key).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_replaced_or_erased_heap_value_costs_a_global_pass() {
        let mut t = PTerms::new();
        assert_eq!(put(&mut t, "k", Term::Int(1)), Change::Cheap);
        assert_eq!(put(&mut t, "k", Term::Int(1)), Change::None);
        assert_eq!(put(&mut t, "k", Term::Str(Rc::from("x"))), Change::Cheap);
        assert_eq!(put(&mut t, "k", Term::Int(2)), Change::GlobalGc);
        assert_eq!(erase(&mut t, "k"), Change::Cheap);
        assert_eq!(erase(&mut t, "k"), Change::None);
        assert_eq!(get(&t, "k"), None);
        put(&mut t, "k", Term::tuple(vec![Term::Int(1)]));
        assert_eq!(erase(&mut t, "k"), Change::GlobalGc);
        assert!(is_immediate(&Term::List(Rc::from(Vec::new()))));
        assert!(!is_immediate(&Term::Int(1 << 60)));
    }
}
