//! The scenario's `:telemetry` section: the handlers attached before the tree starts
//! (`:telemetry.attach/4` / `attach_many/4`, as an application's `start/2` would) and
//! which workers execute which event at the end of every call they handle. The runtime
//! side (the handler table, `execute`, detaching) is `crate::telemetry`.

use super::unit_enum::unit_enum;
use serde::{Deserialize, Serialize};

/// `"telemetry": {"handlers": [...], "emitters": [...]}`. Both lists may be empty.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySpec {
    /// Attached in this order at time 0 (the order in which 1.2.1 then calls them, per
    /// event: its table is an ETS `duplicate_bag` keyed by event name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handlers: Vec<HandlerSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emitters: Vec<EmitterSpec>,
}

impl TelemetrySpec {
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty() && self.emitters.is_empty()
    }

    /// The event the worker with child id `id` executes after each call, if any.
    pub fn event_of(&self, id: &str) -> Option<&str> {
        self.emitters
            .iter()
            .find(|e| e.worker == id)
            .map(|e| e.event.as_str())
    }

    pub fn handler(&self, id: &str) -> Option<&HandlerSpec> {
        self.handlers.iter().find(|h| h.id == id)
    }
}

/// One handler: `:telemetry.attach_many(id, events, &Handler.handle_event/4, config)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct HandlerSpec {
    /// The handler id (a string, as Elixir code usually writes it).
    pub id: String,
    /// Event names in Telemetry.Metrics' dotted form: `"app.repo.query"` is
    /// `[:app, :repo, :query]`.
    pub events: Vec<String>,
    /// Scheduler time one call of the handler takes in the emitting process.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cost_us: u64,
    /// The handler raises on its n-th call (1: on every call, so on the first). Counted
    /// over every event it is attached to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raise_on_call: Option<u64>,
    /// The metric the handler feeds on each call that does not raise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricSpec>,
}

/// A metric in the manner of Telemetry.Metrics: a kind, a name, and the measurement it
/// reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    pub kind: MetricKind,
    pub name: String,
    #[serde(default)]
    pub measurement: Measurement,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// How many events.
    Counter,
    /// The measurement added up.
    Sum,
    /// The measurement of the latest event.
    LastValue,
    /// Count, min, max and mean of the measurement.
    Summary,
}

unit_enum! {
    /// What the emitting worker puts in the event's measurements map.
    #[derive(Default)]
    pub enum Measurement {
        /// `duration`: the call's own service time (µs), handlers not included.
        #[default]
        Duration => "duration",
        /// `queue_len`: the emitter's message queue length as it emits.
        QueueLen => "queue_len",
    }
}

impl Measurement {
    /// Its key in the event's measurements map (its name in the format).
    pub fn key(self) -> &'static str {
        self.as_str()
    }
}

/// `{"worker": id, "event": "app.repo.query"}`: the worker (a `server` or `counter`, by
/// child id) runs `:telemetry.execute(event, %{duration: d, queue_len: q}, %{})` at the
/// end of each `handle_call/3`, before its reply leaves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct EmitterSpec {
    pub worker: String,
    pub event: String,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// `[:telemetry, :handler, :failure]`, the event telemetry ≥ 1.1 executes when a handler
/// fails, in dotted form: scenario handlers may attach to it.
pub const FAILURE_EVENT: &str = "telemetry.handler.failure";

/// Is `event` a valid dotted event name (non-empty segments of letters, digits and `_`)?
pub fn is_event_name(event: &str) -> bool {
    !event.is_empty()
        && event.split('.').all(|s| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// `app.repo.query` as Elixir writes it: `[:app, :repo, :query]`.
pub fn event_text(event: &str) -> String {
    let atoms: Vec<String> = event.split('.').map(|s| format!(":{s}")).collect();
    format!("[{}]", atoms.join(", "))
}
