//! Faults: a command for the process behind a child id or name at a moment of the run.
//! Owns the `Command` type, its short label and its check, and the flat JSON form of a
//! fault (`{"at_ms", "target", "action", ...}`), read and written field by field.

use super::spec::ChildSpec;
use crate::term::parse_term;
use serde::{Deserialize, Serialize};

/// A scheduled fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFault", into = "RawFault")]
pub struct Fault {
    pub at_ms: u64,
    /// A child id, a registered name, or `{:via, PartitionSupervisor, {Name, key}}`.
    pub target: String,
    pub action: Command,
    /// `start_child` only: this many calls at once (default 1). With a via target whose
    /// key is an integer k, the calls use keys k, k + 1, ...
    pub count: u32,
}

/// A target written `{:via, PartitionSupervisor, {Name, key}}`: the PartitionSupervisor's
/// registered name and the routing key. `None` when the target is not a via tuple;
/// `Some(Err(..))` when it looks like one but is not well formed.
pub fn via_target(target: &str) -> Option<Result<(String, crate::term::Term), String>> {
    use crate::term::Term;
    if !target.trim_start().starts_with('{') {
        return None;
    }
    let bad = || "a tuple target must be {:via, PartitionSupervisor, {Name, key}}".to_string();
    let t = match parse_term(target) {
        Ok(t) => t,
        Err(e) => return Some(Err(format!("`{target}` is not a term: {e}"))),
    };
    let Term::Tuple(items) = &t else {
        return Some(Err(bad()));
    };
    match &items[..] {
        [Term::Atom(via), Term::Atom(module), Term::Tuple(nk)]
            if &**via == "via" && &**module == "PartitionSupervisor" =>
        {
            match &nk[..] {
                [Term::Atom(name), key] => Some(Ok((name.to_string(), key.clone()))),
                _ => Some(Err(bad())),
            }
        }
        _ => Some(Err(bad())),
    }
}

/// A command to the simulation: kill, exit signal, suspend, start a child, … A
/// scenario's timed fault carries one; a user's click in the app sends one. `command.rs`
/// applies it to a running simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Exit {
        reason: String,
    },
    Crash {
        message: String,
    },
    /// The process stops itself: a callback returns `{:stop, reason, state}`.
    Stop {
        reason: String,
    },
    Poison,
    Suspend,
    Resume,
    Send {
        message: String,
    },
    StartChild {
        spec: Box<ChildSpec>,
    },
    TerminateChild {
        id: String,
    },
    /// `:persistent_term.put(target, value)` from the harness: the fault's `target` is
    /// the key (an atom), not a process.
    PersistentTermPut {
        value: String,
    },
    /// `:persistent_term.erase(target)`: the fault's `target` is the key.
    PersistentTermErase,
}

/// The flat JSON form of a fault. serde cannot combine `deny_unknown_fields` with a
/// flattened tagged enum, so faults are read flat and checked here field by field.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFault {
    at_ms: u64,
    target: String,
    action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spec: Option<Box<ChildSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

impl TryFrom<RawFault> for Fault {
    type Error = String;
    fn try_from(r: RawFault) -> Result<Fault, String> {
        let extra = |allowed: &[&str]| -> Result<(), String> {
            let present = [
                ("reason", r.reason.is_some()),
                ("message", r.message.is_some()),
                ("spec", r.spec.is_some()),
                ("id", r.id.is_some()),
                ("count", r.count.is_some()),
                ("value", r.value.is_some()),
            ];
            match present.iter().find(|(k, p)| *p && !allowed.contains(k)) {
                Some((k, _)) => Err(format!(
                    "field `{k}` does not apply to action `{}`",
                    r.action
                )),
                None => Ok(()),
            }
        };
        let need = |v: Option<String>, field: &str| {
            v.ok_or_else(|| format!("action `{}` needs the field `{field}`", r.action))
        };
        let action = match r.action.as_str() {
            "exit" => {
                extra(&["reason"])?;
                Command::Exit {
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            "stop" => {
                extra(&["reason"])?;
                Command::Stop {
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            "crash" => {
                extra(&["message"])?;
                Command::Crash {
                    message: r.message.clone().unwrap_or_else(boom),
                }
            }
            "poison" | "suspend" | "resume" => {
                extra(&[])?;
                match r.action.as_str() {
                    "poison" => Command::Poison,
                    "suspend" => Command::Suspend,
                    _ => Command::Resume,
                }
            }
            "send" => {
                extra(&["message"])?;
                Command::Send {
                    message: need(r.message.clone(), "message")?,
                }
            }
            "start_child" => {
                extra(&["spec", "count"])?;
                Command::StartChild {
                    spec: r
                        .spec
                        .clone()
                        .ok_or("action `start_child` needs the field `spec`")?,
                }
            }
            "terminate_child" => {
                extra(&["id"])?;
                Command::TerminateChild {
                    id: need(r.id.clone(), "id")?,
                }
            }
            "persistent_term_put" => {
                extra(&["value"])?;
                Command::PersistentTermPut {
                    value: need(r.value.clone(), "value")?,
                }
            }
            "persistent_term_erase" => {
                extra(&[])?;
                Command::PersistentTermErase
            }
            other => {
                return Err(format!(
                    "unknown action `{other}`, expected one of exit, stop, crash, poison, suspend, resume, send, start_child, terminate_child, persistent_term_put, persistent_term_erase"
                ));
            }
        };
        Ok(Fault {
            at_ms: r.at_ms,
            target: r.target,
            action,
            count: r.count.unwrap_or(1),
        })
    }
}

impl From<Fault> for RawFault {
    fn from(f: Fault) -> RawFault {
        let mut r = RawFault {
            at_ms: f.at_ms,
            target: f.target,
            action: String::new(),
            reason: None,
            message: None,
            spec: None,
            id: None,
            count: (f.count != 1).then_some(f.count),
            value: None,
        };
        r.action = match f.action {
            Command::Exit { reason } => {
                r.reason = Some(reason);
                "exit"
            }
            Command::Crash { message } => {
                r.message = Some(message);
                "crash"
            }
            Command::Stop { reason } => {
                r.reason = Some(reason);
                "stop"
            }
            Command::Poison => "poison",
            Command::Suspend => "suspend",
            Command::Resume => "resume",
            Command::Send { message } => {
                r.message = Some(message);
                "send"
            }
            Command::StartChild { spec } => {
                r.spec = Some(spec);
                "start_child"
            }
            Command::TerminateChild { id } => {
                r.id = Some(id);
                "terminate_child"
            }
            Command::PersistentTermPut { value } => {
                r.value = Some(value);
                "persistent_term_put"
            }
            Command::PersistentTermErase => "persistent_term_erase",
        }
        .to_string();
        r
    }
}

impl Command {
    /// Short text for the trace and the UI: `exit :kill`, `crash`, `poison`.
    pub fn label(&self) -> String {
        match self {
            Command::Exit { reason } => format!("exit {reason}"),
            Command::Crash { message } => format!("crash {message:?}"),
            Command::Stop { reason } => format!("stop {reason}"),
            Command::Poison => "poison".into(),
            Command::Suspend => "suspend".into(),
            Command::Resume => "resume".into(),
            Command::Send { message } => format!("send {message}"),
            Command::StartChild { spec } => format!("start_child {}", spec.id()),
            Command::TerminateChild { id } => format!("terminate_child {id}"),
            Command::PersistentTermPut { value } => format!("persistent_term_put {value}"),
            Command::PersistentTermErase => "persistent_term_erase".into(),
        }
    }

    /// Checks the term text an action carries.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Command::Exit { reason: t }
            | Command::Send { message: t }
            | Command::PersistentTermPut { value: t } => parse_term(t)
                .map(|_| ())
                .map_err(|e| format!("`{t}` is not a term: {e}")),
            _ => Ok(()),
        }
    }

    /// Does it act on the persistent_term table (its fault's `target` is a key)?
    pub fn is_persistent_term(&self) -> bool {
        matches!(
            self,
            Command::PersistentTermPut { .. } | Command::PersistentTermErase
        )
    }
}

fn boom() -> String {
    "boom".into()
}
