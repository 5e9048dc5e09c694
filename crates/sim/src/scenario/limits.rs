//! Documented limits: a scenario beyond them is rejected, never run. The table in
//! docs/scenario-format.md ("Limits") lists them all with what they cost.

/// A Registry's `partitions:` at most (real OTP allows any positive count; the
/// simulator draws each).
pub const MAX_REGISTRY_PARTITIONS: u32 = 64;
/// Scenario text at most (checked before parsing): room for 200,000 children spelled
/// out one by one (about 70 bytes each).
pub const MAX_JSON_BYTES: usize = 32_000_000;
/// JSON nesting at most (checked before parsing, so a 10,000-deep file is refused at
/// once): a tree level takes two (the spec and its `children` array), plus the few
/// levels a worker's own fields use.
pub const MAX_JSON_NESTING: usize = 2 * MAX_DEPTH + 16;
/// Processes a scenario may start (its tree, templates expanded, and every `start_child`
/// fault times its count). About 1.2 KB of memory each natively (docs/scenario-format.md).
pub const MAX_PROCESSES: usize = 200_000;
pub const MAX_DEPTH: usize = 16;
/// Fault entries at most (each may repeat up to `MAX_PROCESSES` times with `count`).
pub const MAX_FAULTS: usize = MAX_PROCESSES;
pub const MAX_TIME_MS: u64 = 3_600_000;
pub const MAX_SCHEDULERS: u32 = 64;
pub const MAX_LATENCY_US: u64 = 1_000_000;
/// `config.trace_cost_us` / `config.statistics_cost_us`: at most 1 s per message.
pub const MAX_DEBUG_COST_US: u64 = 1_000_000;
pub const MAX_SERVICE_US: u64 = 60_000_000;
/// `max_restarts` at most: as many restarts as processes.
pub const MAX_RESTARTS: u32 = MAX_PROCESSES as u32;
pub const MAX_SECONDS: u32 = 86_400;
pub const MAX_NAME: usize = 120;
pub const MAX_DESCRIPTION: usize = 4_000;
pub const MAX_STEPS: usize = 200;
pub const MAX_WRITE_EVERY: u64 = 1_000_000;
/// A PartitionSupervisor's `partitions:` at most.
pub const MAX_PARTITIONS: u32 = 1024;
/// A pool's `max_overflow` at most (its workers count against `MAX_PROCESSES` too).
pub const MAX_POOL_OVERFLOW: u32 = 10_000;
/// `telemetry.handlers` (and `telemetry.emitters`) at most: each handler call is priced
/// when the emitting job starts, over the list.
pub const MAX_TELEMETRY_HANDLERS: usize = 64;
/// Events one handler is attached to at most.
pub const MAX_TELEMETRY_EVENTS: usize = 16;
