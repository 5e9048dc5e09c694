//! The declarative form of a `:gen_statem` worker (behaviour `"statem"`): its states, the
//! initial one, and per state the rules that handle events (calls, casts, infos and the
//! three kinds of timeout), each with a next state, a reply, a cost and actions. Plain
//! data with serde defaults; `validate.rs` checks it and `statem.rs` runs it.

use serde::{Deserialize, Serialize};

/// `"kind": "statem"`: a gen_statem whose callback is written as rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct StatemSpec {
    /// The state `init/1` returns (and a restart starts in).
    pub initial: String,
    /// The declared states, in the order a diagram draws them.
    pub states: Vec<StateSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    pub name: String,
    /// The rules tried in order for an event in this state, like function clauses: the
    /// first that matches handles it; an event no rule matches is a `function_clause`.
    #[serde(default)]
    pub on: Vec<Rule>,
}

/// The type of a gen_statem event, as `handle_event/4` receives it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// `{:call, from}`: a `:gen_statem.call/3`.
    Call,
    /// `:cast`: a `:gen_statem.cast/2`.
    Cast,
    /// `:info`: any other message (`send/2`, a `send` fault).
    Info,
    /// `:state_timeout`: the state time-out fired.
    StateTimeout,
    /// `:timeout`: the event time-out fired.
    Timeout,
    /// `{:timeout, name}`: the generic time-out `name` fired.
    GenericTimeout,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Call => "call",
            EventType::Cast => "cast",
            EventType::Info => "info",
            EventType::StateTimeout => "state_timeout",
            EventType::Timeout => "timeout",
            EventType::GenericTimeout => "generic_timeout",
        }
    }
}

/// How a rule changes the statem's counter (its data: an integer, 0 after `init/1`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum CountOp {
    Incr,
    Reset,
}

/// One clause of `handle_event/4`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub event: EventType,
    /// Term text the event's content must equal (calls, casts, infos), or the name of
    /// the generic time-out (`generic_timeout`); absent: any content.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    /// Only when the counter is at least this (a guard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u64>,
    /// The next state; absent (or the current one): `:keep_state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Calls: the `{:reply, from, reply}` action (term text); absent: no reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Scheduler time the callback takes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cost_us: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountOp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Rule {
    pub fn postpones(&self) -> bool {
        self.actions.iter().any(|a| matches!(a, Action::Postpone))
    }
}

/// A transition action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `{:state_timeout, ms, :timeout}`: cancelled by a state change, (re)armed by this.
    StateTimeout { ms: u64 },
    /// `{:timeout, ms, :timeout}`: the event time-out, cancelled by any event.
    Timeout { ms: u64 },
    /// `{{:timeout, name}, ms, name}`: survives state changes.
    GenericTimeout { name: String, ms: u64 },
    /// `{:state_timeout, :cancel}`.
    CancelStateTimeout,
    /// `{{:timeout, name}, :cancel}`.
    CancelGenericTimeout { name: String },
    /// `:postpone`: keep the event until the state changes, then retry it.
    Postpone,
}

/// The content of a state or event time-out's event (the third element of the action).
pub const TIMEOUT_CONTENT: &str = "timeout";

/// At most this many states, and rules per state.
pub const MAX_STATES: usize = 64;
pub const MAX_RULES: usize = 64;

/// Checks a statem's spec; `err(path, problem)` records each problem (`path` is the
/// behaviour's, e.g. `tree.children[0].behaviour`).
pub(super) fn check(path: &str, spec: &StatemSpec, err: &mut dyn FnMut(String, String)) {
    use super::limits::{MAX_SERVICE_US, MAX_TIME_MS, MAX_WRITE_EVERY};
    use crate::term::parse_term;
    if spec.states.is_empty() {
        err(
            format!("{path}.states"),
            "a statem needs at least one state".into(),
        );
    }
    if spec.states.len() > MAX_STATES {
        err(
            format!("{path}.states"),
            format!("at most {MAX_STATES} states"),
        );
    }
    let declared = |name: &str| spec.states.iter().any(|s| s.name == name);
    for (i, s) in spec.states.iter().enumerate() {
        let sp = format!("{path}.states[{i}]");
        if !is_state_name(&s.name) {
            err(
                format!("{sp}.name"),
                format!(
                    "`{}` must be 1–64 lowercase letters, digits or underscores, starting with a letter (an atom)",
                    s.name
                ),
            );
        } else if spec.states[..i].iter().any(|o| o.name == s.name) {
            err(
                format!("{sp}.name"),
                format!("duplicate state `{}`", s.name),
            );
        }
        if s.on.len() > MAX_RULES {
            err(
                format!("{sp}.on"),
                format!("at most {MAX_RULES} rules per state"),
            );
        }
        for (j, r) in s.on.iter().enumerate() {
            let rp = format!("{sp}.on[{j}]");
            let timeout_event = matches!(r.event, EventType::StateTimeout | EventType::Timeout);
            match &r.matches {
                Some(_) if timeout_event => err(
                    format!("{rp}.match"),
                    format!(
                        "does not apply to event `{}`: its content is always :{TIMEOUT_CONTENT}",
                        r.event.as_str()
                    ),
                ),
                Some(m) => {
                    if let Err(e) = parse_term(m) {
                        err(format!("{rp}.match"), format!("not a term: {e}"));
                    }
                }
                None if r.event == EventType::GenericTimeout => err(
                    format!("{rp}.match"),
                    "event `generic_timeout` needs the time-out's name".into(),
                ),
                None => {}
            }
            if let Some(next) = &r.next
                && !declared(next)
            {
                err(
                    format!("{rp}.next"),
                    format!("`{next}` is not a declared state"),
                );
            }
            if let Some(reply) = &r.reply {
                if r.event != EventType::Call {
                    err(
                        format!("{rp}.reply"),
                        format!("applies only to event `call`, not `{}`", r.event.as_str()),
                    );
                } else if r.postpones() {
                    err(
                        format!("{rp}.reply"),
                        "a postponed call is answered when it is handled again, not now".into(),
                    );
                } else if let Err(e) = parse_term(reply) {
                    err(format!("{rp}.reply"), format!("not a term: {e}"));
                }
            }
            if r.cost_us > MAX_SERVICE_US {
                err(
                    format!("{rp}.cost_us"),
                    format!("must be at most {MAX_SERVICE_US} µs"),
                );
            }
            if r.min_count.is_some_and(|n| n > MAX_WRITE_EVERY) {
                err(
                    format!("{rp}.min_count"),
                    format!("must be at most {MAX_WRITE_EVERY}"),
                );
            }
            let mut seen: Vec<String> = Vec::new();
            for (k, a) in r.actions.iter().enumerate() {
                let ap = format!("{rp}.actions[{k}]");
                let (key, ms, name) = match a {
                    Action::StateTimeout { ms } => ("state_timeout".to_string(), Some(*ms), None),
                    Action::CancelStateTimeout => ("state_timeout".to_string(), None, None),
                    Action::Timeout { ms } => ("timeout".to_string(), Some(*ms), None),
                    Action::GenericTimeout { name, ms } => {
                        (format!("generic {name}"), Some(*ms), Some(name))
                    }
                    Action::CancelGenericTimeout { name } => {
                        (format!("generic {name}"), None, Some(name))
                    }
                    Action::Postpone => ("postpone".to_string(), None, None),
                };
                if let Some(ms) = ms
                    && !(1..=MAX_TIME_MS).contains(&ms)
                {
                    err(format!("{ap}.ms"), format!("must be 1–{MAX_TIME_MS} ms"));
                }
                if let Some(name) = name
                    && let Err(e) = parse_term(name)
                {
                    err(format!("{ap}.name"), format!("not a term: {e}"));
                }
                if matches!(a, Action::Postpone)
                    && matches!(
                        r.event,
                        EventType::StateTimeout | EventType::Timeout | EventType::GenericTimeout
                    )
                {
                    err(
                        format!("{ap}.type"),
                        "the simulator postpones calls, casts and infos only, not time-out events"
                            .into(),
                    );
                }
                if seen.contains(&key) {
                    err(
                        format!("{ap}.type"),
                        "a second action for the same time-out (or a second postpone) in one rule"
                            .into(),
                    );
                }
                seen.push(key);
            }
        }
    }
    if !declared(&spec.initial) {
        err(
            format!("{path}.initial"),
            format!("`{}` is not a declared state", spec.initial),
        );
    }
}

/// A state name is an atom written bare: `locked`, `half_open`.
fn is_state_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
