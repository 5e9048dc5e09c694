//! The simulation: one `Sim` per run. Its methods are spread over a few files by what
//! they do; this is the index of every `impl Sim` block.
//!
//! | Methods | File |
//! |---|---|
//! | Construction and running: `new`, `with_trace`, `shared`, `shared_with_trace`, `step`, `step_event`, `run_until`, `run_until_bounded` | `sim/engine.rs` (the dispatcher) |
//! | State and snapshots: `scenario`, `now`, `trace`, `stats`, `harness`, `root`, `schedulers`, `busy_schedulers`, `process`, `processes`, `whereis`, `pid_of`, `next_event_time`, `in_flight`, `snapshot`, `restore` | `sim/kernel.rs` |
//! | Commands (a user's click, a scenario's fault): `apply`, `apply_to_target` | `command.rs` |
//! | Views for the UI and the CLI: `tree`, `info`, `queue_lengths`, `has_queued`, … | `view.rs` |
//! | Registries and `:pg` scopes for the UI: `registries`, `registry_lookup`, `pg_scopes` | `registry_view.rs` |
//! | A gen_statem's diagram, state and armed time-outs: `statem`, `statem_of` | `statem_view.rs` |
//! | Crate-internal primitives (send, signal, monitor, timers, spawn, exit, scheduling, registering in a Registry) | `sim/kernel.rs` |
//!
//! The layers, bottom up: the kernel (state and primitives, calls no behaviour); the
//! behaviours (`supervisor`, `worker`, `statem`, `task`, `command`), which act through the kernel;
//! the dispatcher, which runs the event loop and calls the behaviours. `view`, `statem_view` and
//! `registry_view` only read.

mod engine;
pub(crate) mod kernel;

pub use kernel::{InFlight, Sim, Snapshot, Stats};
