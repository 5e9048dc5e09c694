//! A worker whose `init/1` fails (`init_fails` on a worker spec): what it returns
//! instead of `{:ok, state}` — `:ignore`, `{:stop, reason}`, or a raise — and on which of
//! its starts. Starts are counted per child id over the whole run (every start of that
//! child, first start, restarts, `restart_child`, a start under a restarted parent), so
//! a scenario can say "starts fine, then fails every restart" or "fails twice, then
//! works". The behaviour is in `init_fail.rs`.

use super::unit_enum::unit_enum;
use serde::{Deserialize, Serialize};

unit_enum! {
    /// What `init/1` returns (or does) on a failing start.
    pub enum InitResult {
        /// `:ignore`: the starter gets `:ignore`, the process exits `:normal`.
        Ignore => "ignore",
        /// `{:stop, reason}`: the starter gets `{:error, reason}`, the process exits `reason`.
        Stop => "stop",
        /// `raise "init failed"`: the starter gets `{:error, {%RuntimeError{}, stack}}`.
        Raise => "raise",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct InitFails {
    /// What the failing `init/1` does.
    pub with: InitResult,
    /// `with: "stop"` only: the reason, as term text (default `:init_failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The first start (1-based) that fails.
    #[serde(default = "first", skip_serializing_if = "is_first")]
    pub from_start: u32,
    /// How many starts in a row fail from there; absent: every later start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<u32>,
}

fn first() -> u32 {
    1
}
fn is_first(n: &u32) -> bool {
    *n == 1
}

impl InitFails {
    /// Whether start number `n` (1-based) fails.
    pub fn fails_at(&self, n: u32) -> bool {
        n >= self.from_start && self.starts.is_none_or(|k| n - self.from_start < k)
    }

    /// The `{:stop, reason}` reason's text.
    pub fn stop_reason(&self) -> &str {
        self.reason.as_deref().unwrap_or(":init_failed")
    }
}
