//! Every command the app's user sends, in one table: the simulator's `Command`, the share
//! link's spelling of it (`LinkVerb`, the link format's own schema), and the commands the
//! inspector builds, with the Elixir call each button shows. `share.rs` reads and writes
//! link actions through here, `verbs.rs` / `ui/panels.rs` (GenServer.stop, ETS hand-overs)
//! and `ui/proc_actions.rs` (links, monitors, exits, spawns) build their commands here; a
//! round-trip test over every command proves both directions agree.

use otp_sim::scenario::StatsOp;
use otp_sim::{ChildSpec, Command};
use serde::{Deserialize, Serialize};

/// The link's own spelling of a fault action: the share format owns its schema, so the
/// simulator's internal types can change without breaking links already sent. Externally
/// tagged (`"poison"`, `{"exit": {"reason": ":kill"}}`), and a started child's spec travels
/// as its JSON text: both keep the decoder small (one copy of the child-spec parser, no
/// buffering of tagged enums).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LinkVerb {
    Exit {
        reason: String,
    },
    Crash {
        message: String,
    },
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
        spec: String,
    },
    TerminateChild {
        id: String,
    },
    /// `:sys` debugging from the inspector.
    SysTrace {
        on: bool,
    },
    /// `:sys.statistics/2`'s flag: `on`, `off` or `get`.
    SysStatistics {
        op: String,
    },
    SysNoDebug,
    SysGetState,
    SysReplaceState {
        state: String,
    },
    /// Registry and `:pg` calls on the registry or scope the action names.
    Register {
        registry: String,
        key: String,
    },
    Unregister {
        registry: String,
        key: String,
    },
    Lookup {
        key: String,
    },
    Join {
        scope: String,
        group: String,
    },
    Leave {
        scope: String,
        group: String,
    },
    Members {
        group: String,
    },
    WhichGroups,
    /// The supervisor API beyond `terminate_child`, on the supervisor the action names.
    RestartChild {
        id: String,
    },
    DeleteChild {
        id: String,
    },
    WhichChildren,
    CountChildren,
    /// `GenServer.stop/3`, and a call that `handle_call` answers with `{:stop, …}`.
    GenServerStop {
        reason: String,
        timeout_ms: Option<u64>,
    },
    CallStop {
        reason: String,
        reply: Option<String>,
        timeout_ms: u64,
    },
    /// Processes outside the tree (`proc_ops.rs`): `spawn` / `spawn_link` (the spec as
    /// its JSON text, as `start_child`'s), links, monitors, `trap_exit` and exit signals.
    Spawn {
        spec: String,
        link: bool,
    },
    Link {
        to: String,
    },
    Unlink {
        to: String,
    },
    Monitor {
        to: String,
    },
    Demonitor {
        to: String,
    },
    TrapExit {
        on: bool,
    },
    ExitSelf {
        reason: String,
    },
    ProcessExit {
        to: String,
        reason: String,
    },
    /// `:ets.give_away/3` and `:ets.setopts(t, {:heir, …})`, made by the owner.
    EtsGiveAway {
        table: String,
        to: String,
        gift: String,
    },
    EtsSetHeir {
        table: String,
        heir: String,
        data: String,
    },
}

/// A copy of a field, whatever its type (strings, numbers, options).
fn own<T: Clone>(t: &T) -> T {
    t.clone()
}

/// The commands whose link spelling has the same fields under the same names: one row
/// each, `Command` variant (fields) and `LinkVerb` variant. Both directions are made from
/// the one row.
macro_rules! same_fields {
    ($( $c:ident $({ $($f:ident),+ })? => $v:ident; )*) => {
        fn same_verb(c: &Command) -> Option<LinkVerb> {
            Some(match c {
                $( Command::$c $({ $($f),+ })? => LinkVerb::$v $({ $($f: own($f)),+ })?, )*
                _ => return None,
            })
        }

        fn same_command(v: &LinkVerb) -> Option<Command> {
            Some(match v {
                $( LinkVerb::$v $({ $($f),+ })? => Command::$c $({ $($f: own($f)),+ })?, )*
                _ => return None,
            })
        }
    };
}

same_fields! {
    Exit { reason } => Exit;
    Crash { message } => Crash;
    Stop { reason } => Stop;
    Poison => Poison;
    Suspend => Suspend;
    Resume => Resume;
    Send { message } => Send;
    TerminateChild { id } => TerminateChild;
    NoDebug => SysNoDebug;
    GetState => SysGetState;
    ReplaceState { state } => SysReplaceState;
    Register { registry, key } => Register;
    Unregister { registry, key } => Unregister;
    Lookup { key } => Lookup;
    Join { scope, group } => Join;
    Leave { scope, group } => Leave;
    Members { group } => Members;
    WhichGroups => WhichGroups;
    RestartChild { id } => RestartChild;
    DeleteChild { id } => DeleteChild;
    WhichChildren => WhichChildren;
    CountChildren => CountChildren;
    GenServerStop { reason, timeout_ms } => GenServerStop;
    CallStop { reason, reply, timeout_ms } => CallStop;
    GiveAway { table, to, gift } => EtsGiveAway;
    SetHeir { table, heir, data } => EtsSetHeir;
    Link { to } => Link;
    Unlink { to } => Unlink;
    Monitor { to } => Monitor;
    Demonitor { to } => Demonitor;
    ExitSelf { reason } => ExitSelf;
    ProcessExit { to, reason } => ProcessExit;
}

/// `:sys.statistics/2`'s flag as a link spells it.
const STATS: [(StatsOp, &str); 3] = [
    (StatsOp::On, "on"),
    (StatsOp::Off, "off"),
    (StatsOp::Get, "get"),
];

impl LinkVerb {
    /// The link's spelling of an action the user took in the app. The app offers no
    /// `start_child` of its own (that comes from a scenario's schedule, which the link
    /// carries whole): `None` for that one; nor for `:persistent_term` writes and telemetry
    /// attach/detach, whose target is a key or a handler id rather than a process.
    pub fn of(a: &Command) -> Option<LinkVerb> {
        Some(match a {
            Command::StartChild { .. }
            | Command::PersistentTermPut { .. }
            | Command::PersistentTermErase
            | Command::TelemetryDetach
            | Command::TelemetryAttach => return None,
            Command::Trace(on) => LinkVerb::SysTrace { on: *on },
            Command::TrapExit(on) => LinkVerb::TrapExit { on: *on },
            Command::Statistics(op) => LinkVerb::SysStatistics {
                op: STATS.iter().find(|(o, _)| o == op)?.1.into(),
            },
            // A spawned worker's spec travels as its JSON text, as `start_child`'s.
            Command::Spawn { spec, link } => LinkVerb::Spawn {
                spec: serde_json::to_string(&**spec).ok()?,
                link: *link,
            },
            other => return same_verb(other),
        })
    }
}

impl TryFrom<&LinkVerb> for Command {
    type Error = String;

    fn try_from(a: &LinkVerb) -> Result<Command, String> {
        Ok(match a {
            LinkVerb::StartChild { spec } => Command::StartChild {
                spec: Box::new(ChildSpec::from_json(spec)?),
            },
            LinkVerb::Spawn { spec, link } => Command::Spawn {
                spec: Box::new(ChildSpec::from_json(spec)?),
                link: *link,
            },
            LinkVerb::SysTrace { on } => Command::Trace(*on),
            LinkVerb::TrapExit { on } => Command::TrapExit(*on),
            LinkVerb::SysStatistics { op } => match STATS.iter().find(|(_, s)| s == op) {
                Some((o, _)) => Command::Statistics(*o),
                None => return Err(format!("sys_statistics: `{op}` is not on, off or get")),
            },
            other => same_command(other).ok_or_else(|| format!("{other:?} has no command"))?,
        })
    }
}

// The inspector's commands: what each button sends.

/// `GenServer.stop(pid, reason, :infinity)`.
pub fn stop(reason: &str) -> Command {
    Command::GenServerStop {
        reason: reason.into(),
        timeout_ms: None,
    }
}

/// `GenServer.call(pid, {:stop, reason, :bye}, 5000)`: handle_call replies `:bye` and stops.
pub fn call_stop(reason: &str) -> Command {
    Command::CallStop {
        reason: reason.into(),
        reply: Some(":bye".into()),
        timeout_ms: 5000,
    }
}

/// `:ets.give_away(table, to, :gift)` made by the owner.
pub fn give_away(table: &str, to: &str) -> Command {
    Command::GiveAway {
        table: table.into(),
        to: to.into(),
        gift: ":gift".into(),
    }
}

/// `:ets.setopts(table, {:heir, heir, :inherited})` made by the owner.
pub fn set_heir(table: &str, heir: &str) -> Command {
    Command::SetHeir {
        table: table.into(),
        heir: heir.into(),
        data: ":inherited".into(),
    }
}

/// The process calls on another process, picked from a list: the button's key (its test
/// id is `proc-<key>`, the fault's action name) and the command for that other process.
/// The simulator's fault format owns the table.
pub use otp_sim::scenario::{ON_OTHER, ToOther};

/// The reasons offered for `exit/1` and `Process.exit/2`.
pub const EXIT_REASONS: [&str; 4] = [":normal", ":shutdown", ":kill", "{:shutdown, :reason}"];

/// `exit(reason)` in the process's own code.
pub fn exit_self(reason: &str) -> Command {
    Command::ExitSelf {
        reason: reason.into(),
    }
}

/// `Process.exit(to, reason)`.
pub fn process_exit(to: &str, reason: &str) -> Command {
    Command::ProcessExit {
        to: to.into(),
        reason: reason.into(),
    }
}

/// `GenServer.start` / `start_link` of a plain server worker with the child id `id`
/// (`None` only if `id` cannot be a child id).
pub fn spawn(id: &str, link: bool) -> Option<Command> {
    Some(Command::Spawn {
        spec: Box::new(server_spec(id)),
        link,
    })
}

/// What `{"type": "worker", "id": <id>, "behaviour": {"kind": "server"}}` reads as, built
/// directly: the inspector is in the first-load bundle, which carries no JSON reader
/// (`ChildSpec::from_json` linked serde's whole child-spec deserialiser into it). A test
/// checks that both give the same spec.
fn server_spec(id: &str) -> ChildSpec {
    use otp_sim::scenario::{Behaviour, WorkerSpec};
    ChildSpec::Worker(WorkerSpec::new(id.into(), Behaviour::default()))
}

/// The Elixir call a command stands for, as the inspector's buttons show it (the
/// simulator's short label for the commands the inspector does not build).
pub fn elixir(c: &Command) -> String {
    match c {
        Command::Link { to } => format!("Process.link({to})"),
        Command::Unlink { to } => format!("Process.unlink({to})"),
        Command::Monitor { to } => format!("Process.monitor({to})"),
        Command::Demonitor { to } => format!("Process.demonitor({to})"),
        Command::TrapExit(on) => format!("Process.flag(:trap_exit, {on})"),
        Command::ExitSelf { reason } => format!("exit({reason}) itself"),
        Command::ProcessExit { to, reason } => format!("Process.exit({to}, {reason})"),
        Command::Spawn { spec, link } => format!(
            "GenServer.start{}({}) outside the tree",
            if *link { "_link" } else { "" },
            spec.id()
        ),
        Command::GenServerStop { reason, .. } => format!("GenServer.stop(pid, {reason})"),
        Command::CallStop { reason, .. } => {
            format!("GenServer.call(pid, {{:stop, {reason}, :bye}})")
        }
        Command::GiveAway { table, to, gift } => format!(":ets.give_away(:{table}, {to}, {gift})"),
        Command::SetHeir { table, heir, data } => {
            format!(":ets.setopts(:{table}, {{:heir, {heir}, {data}}})")
        }
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each `Command` variant's number: no wildcard, so a new variant does not compile
    /// until it is counted here (and so given a sample below).
    fn command_no(c: &Command) -> usize {
        match c {
            Command::Exit { .. } => 0,
            Command::Crash { .. } => 1,
            Command::Stop { .. } => 2,
            Command::Poison => 3,
            Command::Suspend => 4,
            Command::Resume => 5,
            Command::GetState => 6,
            Command::ReplaceState { .. } => 7,
            Command::Trace(_) => 8,
            Command::Statistics(_) => 9,
            Command::NoDebug => 10,
            Command::Send { .. } => 11,
            Command::StartChild { .. } => 12,
            Command::TerminateChild { .. } => 13,
            Command::RestartChild { .. } => 14,
            Command::DeleteChild { .. } => 15,
            Command::WhichChildren => 16,
            Command::CountChildren => 17,
            Command::PersistentTermPut { .. } => 18,
            Command::PersistentTermErase => 19,
            Command::Register { .. } => 20,
            Command::Unregister { .. } => 21,
            Command::Join { .. } => 22,
            Command::Leave { .. } => 23,
            Command::Members { .. } => 24,
            Command::WhichGroups => 25,
            Command::Lookup { .. } => 26,
            Command::GiveAway { .. } => 27,
            Command::SetHeir { .. } => 28,
            Command::TelemetryDetach => 29,
            Command::TelemetryAttach => 30,
            Command::GenServerStop { .. } => 31,
            Command::CallStop { .. } => 32,
            Command::Spawn { .. } => 33,
            Command::Link { .. } => 34,
            Command::Unlink { .. } => 35,
            Command::Monitor { .. } => 36,
            Command::Demonitor { .. } => 37,
            Command::TrapExit(_) => 38,
            Command::ExitSelf { .. } => 39,
            Command::ProcessExit { .. } => 40,
        }
    }
    const COMMANDS: usize = 41;

    /// The same for `LinkVerb`.
    fn verb_no(v: &LinkVerb) -> usize {
        match v {
            LinkVerb::Exit { .. } => 0,
            LinkVerb::Crash { .. } => 1,
            LinkVerb::Stop { .. } => 2,
            LinkVerb::Poison => 3,
            LinkVerb::Suspend => 4,
            LinkVerb::Resume => 5,
            LinkVerb::Send { .. } => 6,
            LinkVerb::StartChild { .. } => 7,
            LinkVerb::TerminateChild { .. } => 8,
            LinkVerb::SysTrace { .. } => 9,
            LinkVerb::SysStatistics { .. } => 10,
            LinkVerb::SysNoDebug => 11,
            LinkVerb::SysGetState => 12,
            LinkVerb::SysReplaceState { .. } => 13,
            LinkVerb::Register { .. } => 14,
            LinkVerb::Unregister { .. } => 15,
            LinkVerb::Lookup { .. } => 16,
            LinkVerb::Join { .. } => 17,
            LinkVerb::Leave { .. } => 18,
            LinkVerb::Members { .. } => 19,
            LinkVerb::WhichGroups => 20,
            LinkVerb::RestartChild { .. } => 21,
            LinkVerb::DeleteChild { .. } => 22,
            LinkVerb::WhichChildren => 23,
            LinkVerb::CountChildren => 24,
            LinkVerb::GenServerStop { .. } => 25,
            LinkVerb::CallStop { .. } => 26,
            LinkVerb::Spawn { .. } => 27,
            LinkVerb::Link { .. } => 28,
            LinkVerb::Unlink { .. } => 29,
            LinkVerb::Monitor { .. } => 30,
            LinkVerb::Demonitor { .. } => 31,
            LinkVerb::TrapExit { .. } => 32,
            LinkVerb::ExitSelf { .. } => 33,
            LinkVerb::ProcessExit { .. } => 34,
            LinkVerb::EtsGiveAway { .. } => 35,
            LinkVerb::EtsSetHeir { .. } => 36,
        }
    }
    const VERBS: usize = 37;

    fn s(x: &str) -> String {
        x.to_string()
    }

    /// A sample of every command, every inspector button's included.
    fn samples() -> Vec<Command> {
        let mut v = vec![
            Command::Exit { reason: s(":kill") },
            Command::Crash { message: s("boom") },
            Command::Stop {
                reason: s(":normal"),
            },
            Command::Poison,
            Command::Suspend,
            Command::Resume,
            Command::Send {
                message: s(":ping"),
            },
            Command::TerminateChild { id: s("cache") },
            Command::Trace(true),
            Command::Trace(false),
            Command::Statistics(StatsOp::On),
            Command::Statistics(StatsOp::Off),
            Command::Statistics(StatsOp::Get),
            Command::NoDebug,
            Command::GetState,
            Command::ReplaceState { state: s("42") },
            Command::Register {
                registry: s("Rooms"),
                key: s("{:room, 1}"),
            },
            Command::Unregister {
                registry: s("Rooms"),
                key: s("{:room, 1}"),
            },
            Command::Lookup {
                key: s("{:room, 1}"),
            },
            Command::Join {
                scope: s("chat"),
                group: s(":lobby"),
            },
            Command::Leave {
                scope: s("chat"),
                group: s(":lobby"),
            },
            Command::Members { group: s(":lobby") },
            Command::WhichGroups,
            Command::RestartChild { id: s("cache") },
            Command::DeleteChild { id: s("cache") },
            Command::WhichChildren,
            Command::CountChildren,
            Command::GenServerStop {
                reason: s(":normal"),
                timeout_ms: Some(100),
            },
            Command::GenServerStop {
                reason: s(":bye"),
                timeout_ms: None,
            },
            Command::CallStop {
                reason: s(":bye"),
                reply: Some(s(":done")),
                timeout_ms: 5000,
            },
            Command::GiveAway {
                table: s("cache"),
                to: s("reader_1"),
                gift: s(":gift"),
            },
            Command::SetHeir {
                table: s("cache"),
                heir: s("reader_2"),
                data: s(":inherited"),
            },
            Command::StartChild {
                spec: Box::new(
                    ChildSpec::from_json(r#"{"type": "worker", "id": "w"}"#).expect("spec"),
                ),
            },
            Command::PersistentTermPut { value: s("1") },
            Command::PersistentTermErase,
            Command::TelemetryDetach,
            Command::TelemetryAttach,
            exit_self(":normal"),
            process_exit("cache", ":kill"),
            stop(":shutdown"),
            call_stop(":boom"),
            give_away("t", "reader"),
            set_heir("t", "reader"),
        ];
        v.extend([true, false].map(|l| spawn("spawned_1", l).expect("a spec")));
        v.extend([true, false].map(Command::TrapExit));
        v.extend(ON_OTHER.iter().map(|(_, make)| make(s("client_a"))));
        v
    }

    #[test]
    fn every_command_reads_back_from_its_link_spelling() {
        let mut commands = [false; COMMANDS];
        let mut verbs = [false; VERBS];
        for c in samples() {
            commands[command_no(&c)] = true;
            match c {
                // The app never sends these: no spelling.
                Command::StartChild { .. }
                | Command::PersistentTermPut { .. }
                | Command::PersistentTermErase
                | Command::TelemetryDetach
                | Command::TelemetryAttach => assert_eq!(LinkVerb::of(&c), None),
                _ => {
                    let verb = LinkVerb::of(&c).unwrap_or_else(|| panic!("no verb for {c:?}"));
                    verbs[verb_no(&verb)] = true;
                    let json = serde_json::to_string(&verb).expect("serialises");
                    let back: LinkVerb = serde_json::from_str(&json).expect("reads back");
                    assert_eq!(Command::try_from(&back).as_ref(), Ok(&c), "{json}");
                }
            }
        }
        // A link made by hand (or by an older build) may still carry a start_child.
        let start = LinkVerb::StartChild {
            spec: s(r#"{"type": "worker", "id": "w"}"#),
        };
        verbs[verb_no(&start)] = true;
        assert!(matches!(
            Command::try_from(&start),
            Ok(Command::StartChild { .. })
        ));
        assert_eq!(commands, [true; COMMANDS], "a sample of every command");
        assert_eq!(verbs, [true; VERBS], "every verb made and read");
    }

    #[test]
    fn bad_link_spellings_are_errors_not_panics() {
        let bad = LinkVerb::SysStatistics { op: s("maybe") };
        assert!(Command::try_from(&bad).is_err());
        let bad = LinkVerb::Spawn {
            spec: s("{\"type\": 3}"),
            link: true,
        };
        assert!(Command::try_from(&bad).is_err());
    }

    #[test]
    fn the_inspector_shows_the_elixir_call() {
        let texts: Vec<String> = ON_OTHER.iter().map(|(_, m)| elixir(&m(s("b")))).collect();
        assert_eq!(
            texts,
            [
                "Process.link(b)",
                "Process.unlink(b)",
                "Process.monitor(b)",
                "Process.demonitor(b)"
            ]
        );
        assert_eq!(
            elixir(&Command::TrapExit(true)),
            "Process.flag(:trap_exit, true)"
        );
        assert_eq!(
            elixir(&process_exit("b", ":kill")),
            "Process.exit(b, :kill)"
        );
        let sp = spawn("spawned_2", true).expect("a spec");
        assert_eq!(
            elixir(&sp),
            "GenServer.start_link(spawned_2) outside the tree"
        );
        assert_eq!(elixir(&Command::Poison), "poison");
        // An id that would break JSON is kept as it is.
        let Some(Command::Spawn { spec, link: false }) = spawn("a\"b", false) else {
            panic!("a spawn command")
        };
        assert_eq!(spec.id(), "a\"b");
    }

    #[test]
    fn a_spawned_server_is_the_spec_its_json_reads_as() {
        for id in ["spawned_1", "a\"b", "ünï"] {
            let json = format!(
                r#"{{"type": "worker", "id": {}, "behaviour": {{"kind": "server"}}}}"#,
                serde_json::to_string(id).expect("a string")
            );
            assert_eq!(
                server_spec(id),
                ChildSpec::from_json(&json).expect("valid"),
                "{id}"
            );
        }
    }
}
