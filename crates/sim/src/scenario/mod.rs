//! The scenario file: a supervision tree, its workload, a seed and a fault schedule, in
//! OTP's vocabulary. Owns parsing (serde, unknown fields rejected) and validation, which
//! names the offending field and the problem. `docs/scenario-format.md` is its reference.
//!
//! | File | What |
//! |---|---|
//! | `document.rs` | `Scenario`, `Config`, `Step`, and their defaults |
//! | `spec.rs` | child specs, behaviours, restart/shutdown/strategy, and their defaults |
//! | `template.rs` | child templates (`{"template": spec, "count": n}`): read, written back |
//! | `unit_enum.rs` | `unit_enum!`: an enum of names, each variant's name written once |
//! | `auto_shutdown.rs` | a Supervisor's `auto_shutdown` (children's `significant` is on `WorkerSpec`) |
//! | `init_fails.rs` | a worker whose `init/1` fails (`init_fails`) |
//! | `statem.rs` | a gen_statem's states, rules and actions (behaviour `statem`) |
//! | `telemetry.rs` | the `:telemetry` section: handlers, their metrics, emitting workers |
//! | `fault.rs` | `Fault` and `Command`, and the flat JSON form of a fault |
//! | `compact.rs` | the compact form (bytes, no JSON) the first-load bundle decodes |
//! | `parse.rs` | `Scenario::from_json` / `to_json_pretty`, errors in the writer's terms |
//! | `json_path.rs` | the path of the value at a position of the text (for errors) |
//! | `validate.rs` | `Scenario::validate` and `ScenarioError` |
//! | `limits.rs` | the documented limits |
//!
//! Everything is re-exported here: `otp_sim::scenario::X` names any of it.

mod auto_shutdown;
mod compact;
mod compact_children;
mod document;
mod extras;
mod fault;
mod init_fails;
mod json_path;
pub mod limits;
mod parse;
mod spec;
mod statem;
mod telemetry;
pub mod template;
mod unit_enum;
mod validate;

pub use auto_shutdown::*;
pub use document::*;
pub use fault::*;
pub use init_fails::*;
pub use spec::*;
pub use statem::*;
pub use telemetry::*;
pub use validate::*;
