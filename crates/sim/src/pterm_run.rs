//! `:persistent_term` updates on a running simulation: a `put` or `erase` applied to the
//! table (`pterm.rs`), recorded in the trace, and the global pass it may cost. A behaviour
//! on the kernel: the command (a scenario fault, from the harness) and the client mode
//! `persistent_term_incr` call these.
//!
//! The pass: erts frees a replaced or erased heap value only after the literal area
//! collector has looked at every process (a process still referring to it gets a major
//! collection that copies it onto its own heap). The simulator charges each live process
//! the scenario's `config.persistent_term_gc_us` on its next job, so the pass shows as
//! longer jobs everywhere: on the timeline, in latencies and as one `persistent_term_gc`
//! event. An update that replaced an immediate (or inserted a new key) costs nothing more.

use crate::process::Kind;
use crate::pterm::{self, Change};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};
use crate::trace::Event;
use std::rc::Rc;

/// `:persistent_term.put(key, value)` made by `by`.
pub(crate) fn put(sim: &mut Sim, by: Pid, key: &str, value: Term) {
    let change = pterm::put(&mut sim.w.pterms, key, value.clone());
    let key: Rc<str> = Rc::from(key);
    sim.trace.push(
        sim.w.now,
        Event::PersistentTermPut {
            pid: by,
            key: key.clone(),
            value,
            changed: change != Change::None,
        },
    );
    if change == Change::GlobalGc {
        global_pass(sim, key);
    }
}

/// `:persistent_term.erase(key)` made by `by`.
pub(crate) fn erase(sim: &mut Sim, by: Pid, key: &str) {
    let change = pterm::erase(&mut sim.w.pterms, key);
    let key: Rc<str> = Rc::from(key);
    sim.trace.push(
        sim.w.now,
        Event::PersistentTermErase {
            pid: by,
            key: key.clone(),
            existed: change != Change::None,
        },
    );
    if change == Change::GlobalGc {
        global_pass(sim, key);
    }
}

/// Every live process (the harness aside: it stands for the world outside the node) owes
/// one pass. Owed passes add up: a process that sleeps through two pays both.
fn global_pass(sim: &mut Sim, key: Rc<str>) {
    let cost_us = sim.scenario.config.persistent_term_gc_us;
    let mut processes = 0u32;
    // Order does not matter: each process gets the same debt, and only the count leaves.
    for p in sim.w.procs.values_mut() {
        if matches!(p.kind, Kind::Harness) {
            continue;
        }
        p.gc_debt = p.gc_debt.saturating_add(cost_us);
        processes += 1;
    }
    sim.w.pterm_gc_passes += 1;
    sim.trace.push(
        sim.w.now,
        Event::PersistentTermGc {
            key,
            processes,
            cost_us,
        },
    );
}
