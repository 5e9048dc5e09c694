//! Documented limits: a scenario beyond them is rejected, never run.

/// A Registry's `partitions:` at most (real OTP allows any positive count; the
/// simulator draws each).
pub const MAX_REGISTRY_PARTITIONS: u32 = 64;
pub const MAX_JSON_BYTES: usize = 2_000_000;
pub const MAX_PROCESSES: usize = 20_000;
pub const MAX_DEPTH: usize = 16;
pub const MAX_FAULTS: usize = 10_000;
pub const MAX_TIME_MS: u64 = 3_600_000;
pub const MAX_SCHEDULERS: u32 = 64;
pub const MAX_LATENCY_US: u64 = 1_000_000;
/// `config.trace_cost_us` / `config.statistics_cost_us`: at most 1 s per message.
pub const MAX_DEBUG_COST_US: u64 = 1_000_000;
pub const MAX_SERVICE_US: u64 = 60_000_000;
pub const MAX_RESTARTS: u32 = 10_000;
pub const MAX_SECONDS: u32 = 86_400;
pub const MAX_NAME: usize = 120;
pub const MAX_DESCRIPTION: usize = 4_000;
pub const MAX_STEPS: usize = 200;
pub const MAX_WRITE_EVERY: u64 = 1_000_000;
/// A PartitionSupervisor's `partitions:` at most.
pub const MAX_PARTITIONS: u32 = 1024;
/// A pool's `max_overflow` at most (its workers count against `MAX_PROCESSES` too).
pub const MAX_POOL_OVERFLOW: u32 = 10_000;
