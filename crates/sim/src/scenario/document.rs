//! The scenario document itself: name, seed, configuration, the tree, the fault schedule,
//! the run's duration and the presenter's steps, with the defaults of what a file may
//! leave out. The tree's specs are in `spec.rs`, the faults in `fault.rs`.

use super::fault::Fault;
use super::spec::ChildSpec;
use super::telemetry::TelemetrySpec;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub config: Config,
    pub tree: ChildSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<Fault>,
    #[serde(default = "default_duration")]
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// `:telemetry` handlers and the workers that emit events (`telemetry.rs`).
    #[serde(default, skip_serializing_if = "TelemetrySpec::is_empty")]
    pub telemetry: TelemetrySpec,
}

impl Scenario {
    /// Whether `resolve_partitions` would change nothing: a run can then share this
    /// scenario as it is instead of copying it (`Sim::shared`).
    pub fn partitions_resolved(&self) -> bool {
        let n = self.config.schedulers;
        self.tree.partitions_resolved(n)
            && self.faults.iter().all(|f| match &f.action {
                super::fault::Command::StartChild { spec } => spec.partitions_resolved(n),
                _ => true,
            })
    }

    /// Fills in the partitions of every PartitionSupervisor in the tree and in
    /// `start_child` faults, defaulting to `config.schedulers`. Idempotent; the simulator
    /// does it when it boots.
    pub fn resolve_partitions(&mut self) {
        let n = self.config.schedulers;
        self.tree.resolve_partitions(n);
        for f in &mut self.faults {
            if let super::fault::Command::StartChild { spec } = &mut f.action {
                spec.resolve_partitions(n);
            }
        }
    }
}

/// Defaults of the fields a scenario file may leave out.
pub const DEFAULT_SEED: u64 = 1;
pub const DEFAULT_DURATION_MS: u64 = 10_000;
pub const DEFAULT_SCHEDULERS: u32 = 2;
pub const DEFAULT_LATENCY_US: u64 = 10;
/// One global persistent_term pass, per process. Measured on OTP 25 (2 cores): with
/// 20,000 idle processes alive, replacing a list took about 1 ms per `put` (≈ 0.05 µs a
/// process), replacing an integer about 5 µs. A process that holds the old value pays a
/// major collection instead, in proportion to its heap: 1 µs is a small process's share.
pub const DEFAULT_PTERM_GC_US: u64 = 1;
/// Measured on OTP 25 (`docs/simulator.md`, "`:sys` debugging"): a traced
/// `handle_call` took 50–67 µs longer with its output sent to /dev/null.
pub const DEFAULT_TRACE_COST_US: u64 = 60;
/// Measured likewise: statistics added 0–3 µs per call.
pub const DEFAULT_STATISTICS_COST_US: u64 = 2;

fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_duration() -> u64 {
    DEFAULT_DURATION_MS
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_schedulers")]
    pub schedulers: u32,
    #[serde(default = "default_latency")]
    pub latency_us: u64,
    /// Scheduler time each live process pays, on its next job, for one global
    /// persistent_term pass (a `put` or `erase` that replaced a heap value).
    #[serde(
        default = "default_pterm_gc",
        skip_serializing_if = "is_default_pterm_gc"
    )]
    pub persistent_term_gc_us: u64,
    /// Extra scheduler time per message a process handles while `:sys.trace` is on: its
    /// two `*DBG*` lines are formatted and written through the group leader (measured).
    #[serde(
        default = "default_trace_cost",
        skip_serializing_if = "is_default_trace_cost"
    )]
    pub trace_cost_us: u64,
    /// Extra scheduler time per message while `:sys.statistics` is on (measured).
    #[serde(
        default = "default_statistics_cost",
        skip_serializing_if = "is_default_statistics_cost"
    )]
    pub statistics_cost_us: u64,
}

fn default_trace_cost() -> u64 {
    DEFAULT_TRACE_COST_US
}
fn default_statistics_cost() -> u64 {
    DEFAULT_STATISTICS_COST_US
}
fn is_default_trace_cost(v: &u64) -> bool {
    *v == DEFAULT_TRACE_COST_US
}
fn is_default_statistics_cost(v: &u64) -> bool {
    *v == DEFAULT_STATISTICS_COST_US
}

fn default_schedulers() -> u32 {
    DEFAULT_SCHEDULERS
}
fn default_latency() -> u64 {
    DEFAULT_LATENCY_US
}
fn default_pterm_gc() -> u64 {
    DEFAULT_PTERM_GC_US
}
fn is_default_pterm_gc(us: &u64) -> bool {
    *us == DEFAULT_PTERM_GC_US
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schedulers: default_schedulers(),
            latency_us: default_latency(),
            persistent_term_gc_us: default_pterm_gc(),
            trace_cost_us: default_trace_cost(),
            statistics_cost_us: default_statistics_cost(),
        }
    }
}

/// A narrated presenter step: the presenter's next key moves the simulation to `at_ms`,
/// shows `text` and selects `select` (a child id or registered name), if given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at_ms: u64,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
}
