//! A worker's `init/1` that does not return `{:ok, state}` (its spec's `init_fails`), as
//! OTP 25's `gen_server:init_it/6` handles each outcome:
//!
//! - `:ignore`: `proc_lib:init_ack(Starter, ignore)`, then `exit(normal)`;
//! - `{:stop, reason}`: the starter gets `{:error, reason}`, the process exits `reason`;
//! - a raise: the starter gets `{:error, {exception, stack}}` and the process exits with
//!   that same reason. `terminate/2` runs in none of them (there is no state yet).
//!
//! The starter (a supervisor waiting in `start_link`) sees an `{:ack, pid, :ignore}` or
//! the child's exit; what it does with them is in `supervisor.rs`.

use crate::message::Msg;
use crate::process::Kind;
use crate::scenario::InitResult;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term, parse_term};
use crate::trace::Event;

/// Called as a worker's `init/1` ends. `true`: this start fails, and the process is gone
/// (or, for `:ignore`, has acknowledged and is exiting `:normal`).
pub(crate) fn fails(sim: &mut Sim, pid: Pid) -> bool {
    let Some(p) = sim.w.procs.get(&pid) else {
        return false;
    };
    let Kind::Worker(w) = &p.kind else {
        return false;
    };
    let Some(f) = &w.spec.init_fails else {
        return false;
    };
    let id = p.child_id.clone();
    let n = id
        .as_ref()
        .and_then(|id| sim.w.init_starts.get(id))
        .copied()
        .unwrap_or(1);
    if !f.fails_at(n) {
        return false;
    }
    let (with, stop_reason) = (f.with, f.stop_reason().to_string());
    let parent = p.parent;
    let (result, reason) = match with {
        InitResult::Ignore => (Term::atom("ignore"), Term::atom("normal")),
        InitResult::Stop => {
            // Checked by validation; a term that does not parse stops with its text.
            let r = parse_term(&stop_reason).unwrap_or_else(|_| Term::atom(&stop_reason));
            (Term::tuple(vec![Term::atom("stop"), r.clone()]), r)
        }
        InitResult::Raise => {
            let e = Term::exception("RuntimeError", "init failed");
            (e.clone(), e)
        }
    };
    sim.trace
        .push(sim.w.now, Event::InitFailed { pid, id, result });
    if with == InitResult::Ignore {
        sim.send(pid, parent, Msg::AckIgnore);
    }
    sim.exit_process(pid, reason);
    true
}
