//! Faults: a command for the process behind a child id or name at a moment of the run.
//! Owns the `Command` type, its short label and its check, and the flat JSON form of a
//! fault (`{"at_ms", "target", "action", ...}`), read and written field by field.

use super::spec::ChildSpec;
use crate::term::parse_term;
use serde::{Deserialize, Serialize};

/// A scheduled fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(try_from = "RawFault", into = "RawFault")]
pub struct Fault {
    pub at_ms: u64,
    /// A child id, a registered name (`{:via, Registry, {Reg, key}}` included), or
    /// `{:via, PartitionSupervisor, {Name, key}}`.
    pub target: String,
    pub action: Command,
    /// `start_child` only: this many calls at once (default 1). With a via target whose
    /// key is an integer k, the calls use keys k, k + 1, ...
    pub count: u32,
}

/// A target written `{:via, PartitionSupervisor, {Name, key}}`: the PartitionSupervisor's
/// registered name and the routing key. `None` when the target is not a via tuple, or
/// is a `{:via, Registry, {Reg, key}}` name (a registered name, looked up when the fault
/// runs); `Some(Err(..))` when it looks like one but is not well formed.
pub fn via_target(target: &str) -> Option<Result<(String, crate::term::Term), String>> {
    use crate::term::Term;
    if !target.trim_start().starts_with('{') || super::spec::via_name(target).is_some() {
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
#[derive(Clone, Debug, PartialEq, bincode::Encode, bincode::Decode)]
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
    /// `:sys.get_state/1`.
    GetState,
    /// `:sys.replace_state(pid, fn _ -> state end)`: `state` is the new state's term.
    ReplaceState {
        state: String,
    },
    /// `:sys.trace(pid, on)`.
    Trace(bool),
    /// `:sys.statistics(pid, true | false | :get)`.
    Statistics(StatsOp),
    /// `:sys.no_debug/1`.
    NoDebug,
    Send {
        message: String,
    },
    StartChild {
        spec: Box<ChildSpec>,
    },
    TerminateChild {
        id: String,
    },
    /// `Supervisor.restart_child(target, id)` (a Supervisor only).
    RestartChild {
        id: String,
    },
    /// `Supervisor.delete_child(target, id)` (a Supervisor only).
    DeleteChild {
        id: String,
    },
    /// `which_children/1` on the supervisor `target`; the answer is traced.
    WhichChildren,
    /// `count_children/1` on the supervisor `target`; the answer is traced.
    CountChildren,
    /// `:persistent_term.put(target, value)` from the harness: the fault's `target` is
    /// the key (an atom), not a process.
    PersistentTermPut {
        value: String,
    },
    /// `:persistent_term.erase(target)`: the fault's `target` is the key.
    PersistentTermErase,
    /// The target process calls `Registry.register(registry, key, nil)` (its own
    /// registration: a Registry only ever registers the caller).
    Register {
        registry: String,
        key: String,
    },
    /// The target process calls `Registry.unregister(registry, key)`.
    Unregister {
        registry: String,
        key: String,
    },
    /// `:pg.join(scope, group, pid)` from outside for the target process: a call to the
    /// scope, which monitors it and puts it first in the group.
    Join {
        scope: String,
        group: String,
    },
    /// `:pg.leave(scope, group, pid)` from outside for the target process: removes one
    /// of its memberships.
    Leave {
        scope: String,
        group: String,
    },
    /// `:pg.get_members(target, group)` from outside, on the scope named `target`.
    Members {
        group: String,
    },
    /// `:pg.which_groups(target)` from outside, on the scope named `target`.
    WhichGroups,
    /// `Registry.lookup(target, key)` from outside, on the registry named `target`: reads
    /// its table without a message, and records what it returned.
    Lookup {
        key: String,
    },
    /// The target process (a server or counter) calls `:ets.give_away(table, to, gift)`:
    /// `to` is a child id or registered name, resolved when the command is sent, as the
    /// code would with `Process.whereis/1`; `gift` is term text (`ets_give.rs`).
    GiveAway {
        table: String,
        to: String,
        gift: String,
    },
    /// The target process (a server or counter) calls
    /// `:ets.setopts(table, {:heir, heir, data})`, `heir` resolved like `GiveAway`'s `to`.
    SetHeir {
        table: String,
        heir: String,
        data: String,
    },
    /// `:telemetry.detach(target)` from outside: the fault's `target` is a handler id.
    TelemetryDetach,
    /// `:telemetry.attach_many(target, ...)` again with the handler's declared events,
    /// function and config: the fault's `target` is a handler id of the scenario.
    TelemetryAttach,
    /// `GenServer.stop(target, reason, timeout)` from the harness: a system message; the
    /// harness waits for the exit (`gen_stop.rs`). `timeout_ms: None` is `:infinity`.
    GenServerStop {
        reason: String,
        timeout_ms: Option<u64>,
    },
    /// `GenServer.call(target, {:stop, reason, reply} | {:stop, reason}, timeout)` from
    /// the harness, which the server's handle_call answers `{:stop, reason, reply, state}`
    /// (with `reply`) or `{:stop, reason, state}`.
    CallStop {
        reason: String,
        reply: Option<String>,
        timeout_ms: u64,
    },
    /// The target process starts a process outside any supervisor, running a server or
    /// counter worker spec: `GenServer.start/2` (`link: false`, the new process is its own
    /// parent, as gen.erl makes an unlinked server) or `GenServer.start_link/2`
    /// (`link: true`, linked to the target, which is its parent). `proc_ops.rs`.
    Spawn {
        spec: Box<ChildSpec>,
        link: bool,
    },
    /// The target process calls `Process.link(to)`; `to` is a child id or name,
    /// resolved when the command is sent (a dead process's last pid included).
    Link {
        to: String,
    },
    /// The target process calls `Process.unlink(to)`.
    Unlink {
        to: String,
    },
    /// The target process calls `Process.monitor(to)`.
    Monitor {
        to: String,
    },
    /// The target process calls `Process.demonitor(ref)` for every monitor it holds on
    /// `to` (no `:flush`: a `:DOWN` already in its mailbox stays there).
    Demonitor {
        to: String,
    },
    /// The target process calls `Process.flag(:trap_exit, on)`.
    TrapExit(bool),
    /// The target process calls `exit(reason)` (exit/1) in a callback: gen_server catches
    /// it, runs terminate/2 and exits with `reason`.
    ExitSelf {
        reason: String,
    },
    /// The target process calls `Process.exit(to, reason)` (exit/2), `to` possibly itself.
    ProcessExit {
        to: String,
        reason: String,
    },
}

/// A command the target makes on another process, named by child id or name (`to`).
pub type ToOther = fn(String) -> Command;

/// The actions on another process, by their name in a fault (the app's inspector offers
/// the same, under the same names): `Process.link/1`, `unlink/1`, `monitor/1` and
/// `demonitor/1` made by the target.
pub const ON_OTHER: [(&str, ToOther); 4] = [
    ("link", |to| Command::Link { to }),
    ("unlink", |to| Command::Unlink { to }),
    ("monitor", |to| Command::Monitor { to }),
    ("demonitor", |to| Command::Demonitor { to }),
];

/// The constructor of the action on another process named `name`.
fn on_other(name: &str) -> Option<ToOther> {
    ON_OTHER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, make)| *make)
}

/// The flag of `:sys.statistics/2`: `true`, `false` or `:get`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bincode::Encode, bincode::Decode)]
pub enum StatsOp {
    On,
    Off,
    Get,
}

/// The flat JSON form of a fault. serde cannot combine `deny_unknown_fields` with a
/// flattened tagged enum, so faults are read flat and checked here field by field.
#[derive(Serialize, Deserialize, bincode::Encode, bincode::Decode)]
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
    registry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reply: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout_ms: Option<u64>,
    table: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
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
                ("registry", r.registry.is_some()),
                ("key", r.key.is_some()),
                ("scope", r.scope.is_some()),
                ("group", r.group.is_some()),
                ("count", r.count.is_some()),
                ("value", r.value.is_some()),
                ("state", r.state.is_some()),
                ("reply", r.reply.is_some()),
                ("timeout_ms", r.timeout_ms.is_some()),
                ("table", r.table.is_some()),
                ("to", r.to.is_some()),
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
            "get_state" | "trace_on" | "trace_off" | "statistics_on" | "statistics_off"
            | "statistics_get" | "no_debug" => {
                extra(&[])?;
                match r.action.as_str() {
                    "get_state" => Command::GetState,
                    "trace_on" => Command::Trace(true),
                    "trace_off" => Command::Trace(false),
                    "statistics_on" => Command::Statistics(StatsOp::On),
                    "statistics_off" => Command::Statistics(StatsOp::Off),
                    "statistics_get" => Command::Statistics(StatsOp::Get),
                    _ => Command::NoDebug,
                }
            }
            "replace_state" => {
                extra(&["state"])?;
                Command::ReplaceState {
                    state: need(r.state.clone(), "state")?,
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
            "restart_child" | "delete_child" => {
                extra(&["id"])?;
                let id = need(r.id.clone(), "id")?;
                if r.action == "restart_child" {
                    Command::RestartChild { id }
                } else {
                    Command::DeleteChild { id }
                }
            }
            "which_children" => {
                extra(&[])?;
                Command::WhichChildren
            }
            "count_children" => {
                extra(&[])?;
                Command::CountChildren
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
            "register" | "unregister" => {
                extra(&["registry", "key"])?;
                let (registry, key) = (
                    need(r.registry.clone(), "registry")?,
                    need(r.key.clone(), "key")?,
                );
                if r.action == "register" {
                    Command::Register { registry, key }
                } else {
                    Command::Unregister { registry, key }
                }
            }
            "join" | "leave" => {
                extra(&["scope", "group"])?;
                let (scope, group) = (
                    need(r.scope.clone(), "scope")?,
                    need(r.group.clone(), "group")?,
                );
                if r.action == "join" {
                    Command::Join { scope, group }
                } else {
                    Command::Leave { scope, group }
                }
            }
            "members" => {
                extra(&["group"])?;
                Command::Members {
                    group: need(r.group.clone(), "group")?,
                }
            }
            "which_groups" => {
                extra(&[])?;
                Command::WhichGroups
            }
            "lookup" => {
                extra(&["key"])?;
                Command::Lookup {
                    key: need(r.key.clone(), "key")?,
                }
            }
            "give_away" | "set_heir" => {
                extra(&["table", "to", "value"])?;
                let (table, to, value) = (
                    need(r.table.clone(), "table")?,
                    need(r.to.clone(), "to")?,
                    need(r.value.clone(), "value")?,
                );
                if r.action == "give_away" {
                    Command::GiveAway {
                        table,
                        to,
                        gift: value,
                    }
                } else {
                    Command::SetHeir {
                        table,
                        heir: to,
                        data: value,
                    }
                }
            }
            "telemetry_detach" => {
                extra(&[])?;
                Command::TelemetryDetach
            }
            "telemetry_attach" => {
                extra(&[])?;
                Command::TelemetryAttach
            }
            "genserver_stop" => {
                extra(&["reason", "timeout_ms"])?;
                Command::GenServerStop {
                    reason: r.reason.clone().unwrap_or_else(|| ":normal".into()),
                    timeout_ms: r.timeout_ms,
                }
            }
            "call_stop" => {
                extra(&["reason", "reply", "timeout_ms"])?;
                Command::CallStop {
                    reason: need(r.reason.clone(), "reason")?,
                    reply: r.reply.clone(),
                    timeout_ms: r.timeout_ms.unwrap_or(5000),
                }
            }
            "spawn" | "spawn_link" => {
                extra(&["spec"])?;
                Command::Spawn {
                    spec: r
                        .spec
                        .clone()
                        .ok_or_else(|| format!("action `{}` needs the field `spec`", r.action))?,
                    link: r.action == "spawn_link",
                }
            }
            name if on_other(name).is_some() => {
                extra(&["to"])?;
                let to = need(r.to.clone(), "to")?;
                let make = on_other(name).ok_or_else(|| format!("unknown action `{name}`"))?;
                make(to)
            }
            "trap_exit" => {
                extra(&["value"])?;
                match need(r.value.clone(), "value")?.as_str() {
                    "true" => Command::TrapExit(true),
                    "false" => Command::TrapExit(false),
                    other => {
                        return Err(format!(
                            "action `trap_exit` needs `value` true or false, not `{other}`"
                        ));
                    }
                }
            }
            "exit_self" => {
                extra(&["reason"])?;
                Command::ExitSelf {
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            "process_exit" => {
                extra(&["to", "reason"])?;
                Command::ProcessExit {
                    to: need(r.to.clone(), "to")?,
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            other => {
                return Err(format!(
                    "unknown action `{other}`, expected one of exit, stop, crash, poison, suspend, resume, get_state, replace_state, trace_on, trace_off, statistics_on, statistics_off, statistics_get, no_debug, send, start_child, terminate_child, restart_child, delete_child, which_children, count_children, register, unregister, lookup, join, leave, members, which_groups, persistent_term_put, persistent_term_erase, give_away, set_heir, telemetry_detach, telemetry_attach, genserver_stop, call_stop, spawn, spawn_link, link, unlink, monitor, demonitor, trap_exit, exit_self, process_exit"
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
            registry: None,
            key: None,
            scope: None,
            group: None,
            count: (f.count != 1).then_some(f.count),
            value: None,
            state: None,
            reply: None,
            timeout_ms: None,
            table: None,
            to: None,
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
            Command::GetState => "get_state",
            Command::ReplaceState { state } => {
                r.state = Some(state);
                "replace_state"
            }
            Command::Trace(true) => "trace_on",
            Command::Trace(false) => "trace_off",
            Command::Statistics(StatsOp::On) => "statistics_on",
            Command::Statistics(StatsOp::Off) => "statistics_off",
            Command::Statistics(StatsOp::Get) => "statistics_get",
            Command::NoDebug => "no_debug",
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
            Command::RestartChild { id } => {
                r.id = Some(id);
                "restart_child"
            }
            Command::DeleteChild { id } => {
                r.id = Some(id);
                "delete_child"
            }
            Command::WhichChildren => "which_children",
            Command::CountChildren => "count_children",
            Command::PersistentTermPut { value } => {
                r.value = Some(value);
                "persistent_term_put"
            }
            Command::PersistentTermErase => "persistent_term_erase",
            Command::Register { registry, key } => {
                (r.registry, r.key) = (Some(registry), Some(key));
                "register"
            }
            Command::Unregister { registry, key } => {
                (r.registry, r.key) = (Some(registry), Some(key));
                "unregister"
            }
            Command::Lookup { key } => {
                r.key = Some(key);
                "lookup"
            }
            Command::Join { scope, group } => {
                (r.scope, r.group) = (Some(scope), Some(group));
                "join"
            }
            Command::Leave { scope, group } => {
                (r.scope, r.group) = (Some(scope), Some(group));
                "leave"
            }
            Command::Members { group } => {
                r.group = Some(group);
                "members"
            }
            Command::WhichGroups => "which_groups",
            Command::GiveAway { table, to, gift } => {
                (r.table, r.to, r.value) = (Some(table), Some(to), Some(gift));
                "give_away"
            }
            Command::SetHeir { table, heir, data } => {
                (r.table, r.to, r.value) = (Some(table), Some(heir), Some(data));
                "set_heir"
            }
            Command::TelemetryDetach => "telemetry_detach",
            Command::TelemetryAttach => "telemetry_attach",
            Command::GenServerStop { reason, timeout_ms } => {
                (r.reason, r.timeout_ms) = (Some(reason), timeout_ms);
                "genserver_stop"
            }
            Command::CallStop {
                reason,
                reply,
                timeout_ms,
            } => {
                (r.reason, r.reply) = (Some(reason), reply);
                r.timeout_ms = (timeout_ms != 5000).then_some(timeout_ms);
                "call_stop"
            }
            Command::Spawn { spec, link } => {
                r.spec = Some(spec);
                if link { "spawn_link" } else { "spawn" }
            }
            Command::Link { to } => {
                r.to = Some(to);
                "link"
            }
            Command::Unlink { to } => {
                r.to = Some(to);
                "unlink"
            }
            Command::Monitor { to } => {
                r.to = Some(to);
                "monitor"
            }
            Command::Demonitor { to } => {
                r.to = Some(to);
                "demonitor"
            }
            Command::TrapExit(on) => {
                r.value = Some(on.to_string());
                "trap_exit"
            }
            Command::ExitSelf { reason } => {
                r.reason = Some(reason);
                "exit_self"
            }
            Command::ProcessExit { to, reason } => {
                (r.to, r.reason) = (Some(to), Some(reason));
                "process_exit"
            }
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
            Command::GetState => "get_state".into(),
            Command::ReplaceState { state } => format!("replace_state {state}"),
            Command::Trace(on) => format!("trace {on}"),
            Command::Statistics(StatsOp::On) => "statistics true".into(),
            Command::Statistics(StatsOp::Off) => "statistics false".into(),
            Command::Statistics(StatsOp::Get) => "statistics get".into(),
            Command::NoDebug => "no_debug".into(),
            Command::Send { message } => format!("send {message}"),
            Command::StartChild { spec } => format!("start_child {}", spec.id()),
            Command::TerminateChild { id } => format!("terminate_child {id}"),
            Command::RestartChild { id } => format!("restart_child {id}"),
            Command::DeleteChild { id } => format!("delete_child {id}"),
            Command::WhichChildren => "which_children".into(),
            Command::CountChildren => "count_children".into(),
            Command::PersistentTermPut { value } => format!("persistent_term_put {value}"),
            Command::PersistentTermErase => "persistent_term_erase".into(),
            Command::Register { registry, key } => format!("register {registry} {key}"),
            Command::Unregister { registry, key } => format!("unregister {registry} {key}"),
            Command::Lookup { key } => format!("lookup {key}"),
            Command::Join { scope, group } => format!("join {scope} {group}"),
            Command::Leave { scope, group } => format!("leave {scope} {group}"),
            Command::Members { group } => format!("members {group}"),
            Command::WhichGroups => "which_groups".into(),
            Command::GiveAway { table, to, gift } => format!("give_away {table} {to} {gift}"),
            Command::SetHeir { table, heir, data } => format!("set_heir {table} {heir} {data}"),
            Command::TelemetryDetach => "telemetry_detach".into(),
            Command::TelemetryAttach => "telemetry_attach".into(),
            Command::GenServerStop { reason, .. } => format!("genserver_stop {reason}"),
            Command::CallStop { reason, .. } => format!("call_stop {reason}"),
            Command::Spawn { spec, link } => format!(
                "{} {}",
                if *link { "spawn_link" } else { "spawn" },
                spec.id()
            ),
            Command::Link { to } => format!("link {to}"),
            Command::Unlink { to } => format!("unlink {to}"),
            Command::Monitor { to } => format!("monitor {to}"),
            Command::Demonitor { to } => format!("demonitor {to}"),
            Command::TrapExit(on) => format!("trap_exit {on}"),
            Command::ExitSelf { reason } => format!("exit_self {reason}"),
            Command::ProcessExit { to, reason } => format!("process_exit {to} {reason}"),
        }
    }

    /// Checks the term text an action carries.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Command::Exit { reason: t }
            | Command::Send { message: t }
            | Command::Register { key: t, .. }
            | Command::Unregister { key: t, .. }
            | Command::Lookup { key: t }
            | Command::Join { group: t, .. }
            | Command::Leave { group: t, .. }
            | Command::Members { group: t }
            | Command::ReplaceState { state: t }
            | Command::GenServerStop { reason: t, .. }
            | Command::ExitSelf { reason: t }
            | Command::ProcessExit { reason: t, .. }
            | Command::GiveAway { gift: t, .. }
            | Command::SetHeir { data: t, .. }
            | Command::PersistentTermPut { value: t } => parse_term(t)
                .map(|_| ())
                .map_err(|e| format!("`{t}` is not a term: {e}")),
            Command::CallStop { reason, reply, .. } => {
                for t in std::iter::once(reason).chain(reply) {
                    parse_term(t).map_err(|e| format!("`{t}` is not a term: {e}"))?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Does it act on the `:telemetry` handler table (its fault's `target` is a handler
    /// id)?
    pub fn is_telemetry(&self) -> bool {
        matches!(self, Command::TelemetryDetach | Command::TelemetryAttach)
    }

    /// A call of the supervisor API (`start_child` … `count_children`): the target must
    /// be a supervisor.
    pub fn is_child_api(&self) -> bool {
        matches!(
            self,
            Command::StartChild { .. }
                | Command::TerminateChild { .. }
                | Command::RestartChild { .. }
                | Command::DeleteChild { .. }
                | Command::WhichChildren
                | Command::CountChildren
        )
    }

    /// Does the harness wait for the server to stop (`GenServer.stop`, a stopping call)?
    pub fn is_gen_stop(&self) -> bool {
        matches!(
            self,
            Command::GenServerStop { .. } | Command::CallStop { .. }
        )
    }

    /// A process-level call the target makes in its own process (`proc_ops.rs`): spawn,
    /// link, monitor, trap_exit, exit.
    pub fn is_proc_op(&self) -> bool {
        matches!(
            self,
            Command::Spawn { .. }
                | Command::Link { .. }
                | Command::Unlink { .. }
                | Command::Monitor { .. }
                | Command::Demonitor { .. }
                | Command::TrapExit(_)
                | Command::ExitSelf { .. }
                | Command::ProcessExit { .. }
        )
    }

    /// The other process a command names in `to`, if any.
    pub fn to(&self) -> Option<&str> {
        match self {
            Command::Link { to }
            | Command::Unlink { to }
            | Command::Monitor { to }
            | Command::Demonitor { to }
            | Command::ProcessExit { to, .. }
            | Command::GiveAway { to, .. }
            | Command::SetHeir { heir: to, .. } => Some(to),
            _ => None,
        }
    }

    /// Does it need one of the rarer behaviours (`crate::EXTRAS`): ETS, Registry, pg,
    /// persistent_term or telemetry?
    pub fn needs_extras(&self) -> bool {
        self.is_persistent_term()
            || self.is_telemetry()
            || matches!(
                self,
                Command::GiveAway { .. }
                    | Command::SetHeir { .. }
                    | Command::Register { .. }
                    | Command::Unregister { .. }
                    | Command::Join { .. }
                    | Command::Leave { .. }
                    | Command::Members { .. }
                    | Command::WhichGroups
                    | Command::Lookup { .. }
            )
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
