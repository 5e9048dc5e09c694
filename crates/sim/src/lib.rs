//! A deterministic, single-threaded simulator of Erlang/OTP processes and supervisors.
//!
//! It has no web dependency: the same code runs natively (tests, CLI, benchmarks) and in
//! the browser (the playground app). A run is a pure function of its scenario and seed:
//! events are ordered by `(virtual time, sequence number)`, randomness comes from a
//! seeded ChaCha8 generator, and no hash-map order ever reaches an output.
//!
//! Start with [`Scenario::from_json`], build a [`Sim`], drive it with [`Sim::run_until`]
//! or [`Sim::step`], read [`Sim::tree`], [`Sim::info`] and [`Sim::trace`], and go back in
//! time with [`Sim::snapshot`] / [`Sim::restore`].

// Roughly bottom up: the format and data types, then the kernel (`sim::kernel`), the
// behaviours on it, the dispatcher (`sim::engine`) and the views. No module imports one
// that imports it back (`tests/no_import_cycles.rs`); `docs/simulator.md` has the map.
mod child_api;
mod child_list;
mod chunk_vec;
mod client_call;
mod command;
mod cost;
pub mod elixir;
mod ets;
mod ets_give;
mod ets_view;
mod features;
mod fx_hash;
mod gen_stop;
mod gen_stop_wait;
pub mod golden;
mod init_fail;
pub mod links_view;
pub mod message;
mod pg;
pub mod phash;
pub mod pool;
mod pool_client;
pub mod pool_state;
pub mod pool_view;
mod proc_ops;
mod proc_table;
pub mod process;
mod procs_view;
mod pterm;
mod pterm_run;
mod queue;
mod receive;
mod ref_map;
mod registry;
mod registry_view;
pub mod scenario;
mod scenario_index;
mod sim;
pub mod sort;
mod statem;
pub mod statem_run;
mod statem_view;
mod supervisor;
pub mod sys_debug;
mod task;
mod telemetry;
mod telemetry_run;
mod telemetry_view;
pub mod term;
mod tick;
pub mod time;
pub mod trace;
mod tree_build;
mod view;
mod worker;

pub use child_list::ChildList;
pub use ets_view::EtsTableView;
pub use features::EXTRAS;
pub use pool_view::{PoolLoan, PoolView, PoolWaiter};
pub use procs_view::Unsupervised;
pub use registry_view::{PgGroupView, PgScopeView, Registered, RegistryKey, RegistryView};
pub use scenario::{ChildSpec, Command, Fault, Scenario, ScenarioError};
pub use sim::{InFlight, Sim, Snapshot, Stats};
pub use statem_view::{StatemView, TimeoutView, TransitionView};
pub use telemetry::MetricValue;
pub use telemetry_view::{EmitterView, HandlerView, MetricView, TelemetryView};
pub use term::{Pid, Ref, Term, parse_term};
pub use trace::{
    CommandAnswer, Event, StatemStep, Time, Trace, TraceCoverage, TraceEvent, TraceLevel,
};
pub use tree_build::TreeBuild;
pub use view::{
    ChildCounts, ClientLatency, Intensity, NodeKind, NodeState, ProcessInfo, SysDebugView,
    SysStatsView, TreeNode, WhichChild,
};

#[cfg(test)]
mod size_tests {
    /// Messages and trace entries are copied on every event: keep them small.
    #[test]
    fn hot_types_stay_small() {
        assert_eq!(std::mem::size_of::<crate::Term>(), 24);
        assert!(std::mem::size_of::<crate::message::Msg>() <= 40);
        assert!(std::mem::size_of::<crate::TraceEvent>() <= 64);
        assert!(std::mem::size_of::<crate::queue::Scheduled>() <= 24);
    }
}
