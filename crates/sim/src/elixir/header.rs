//! The header comment: how to run the script, what the simulator does that the code does
//! not, and every scheduled fault as the Elixir call that makes it.

use super::names::{file_stem, registered_name};
use super::plan::Plan;
use super::supervisors::child_spec;
use super::syntax::{Code, WIDTH, atom, int, string, term_text};
use super::templates::TREE_ENV;
use crate::scenario::{Command, Fault, Scenario, StatsOp};

pub(super) fn header(code: &mut Code, s: &Scenario, plan: &Plan) {
    code.comment(0, 0, &s.name);
    for para in s.description.split("\n\n").filter(|p| !p.trim().is_empty()) {
        code.comment(0, 0, "");
        code.comment(0, 0, para);
    }
    let stem = file_stem(s);
    let root = atom(s.tree.id());
    let first = s
        .tree
        .children()
        .first()
        .map_or(root.clone(), |c| atom(c.id()));
    code.comment(0, 0, "");
    code.comment(
        0,
        0,
        "Exported from OTP Playground: the scenario's supervision tree as plain Elixir/OTP code.",
    );
    code.comment(0, 0, "");
    code.comment(
        0,
        0,
        &format!("Run it with `elixir {stem}.exs` (the tree runs until you press Ctrl-C twice), or paste it into iex, where `root` is then the root supervisor's pid:"),
    );
    code.comment(0, 0, "");
    code.line(0, "#     Supervisor.which_children(root)");
    code.line(
        0,
        &format!("#     :sys.get_state(Playground.pid(root, {first}))"),
    );
    code.comment(0, 0, "");
    code.comment(
        0,
        0,
        &format!("`{TREE_ENV}=1 elixir {stem}.exs` prints the started tree, one line per process, and exits."),
    );
    code.comment(0, 0, "");
    code.comment(0, 0, "What the simulator does that this code does not:");
    code.comment(0, 0, "");
    let mut notes = vec![format!(
        "Time. `service_us`, `init_us`, `terminate_us` and `task_us` are spent in `Playground.work/1`, asleep for whole milliseconds: a sleeping process leaves its scheduler free, where the simulator counts that time as scheduler work. The simulator's {} schedulers and {} µs message latency have no counterpart here (`elixir --erl \"+S {}\" {stem}.exs` runs on {} schedulers).",
        s.config.schedulers, s.config.latency_us, s.config.schedulers, s.config.schedulers
    )];
    if plan.sub_ms_interval {
        notes.push("`Process.send_after/3` counts whole milliseconds: client intervals are rounded to the nearest millisecond (at least 1).".into());
    }
    if plan.workers.values().any(|u| u.jitter || u.fail_rate) {
        notes.push(format!(
            "The seed ({}): jitter and task failures come from `:rand`, so no two runs are alike, nor like the simulator's.",
            s.seed
        ));
    }
    if plan.read_us {
        notes.push("`read_us`: a real `:ets.lookup/2` takes the time it takes.".into());
    }
    notes.push(format!(
        "The duration: the simulator runs the scenario for {} ms; this runs until stopped.",
        int(s.duration_ms)
    ));
    if !s.steps.is_empty() {
        notes.push("The presenter steps: they are narration, not code.".into());
    }
    if !plan.max_requests.is_empty() {
        let each: Vec<String> = plan
            .max_requests
            .iter()
            .map(|(id, n)| format!("`{id}` after {}", int(*n)))
            .collect();
        notes.push(format!(
            "`max_requests`: in the simulator a client stops making requests after that many ({}); the clients here never stop.",
            each.join(", ")
        ));
    }
    if plan.calls_statem {
        notes.push("gen_statem calls. The clients call and cast a statem with `GenServer.call/3` and `GenServer.cast/2`, which speak `:gen_statem`'s protocol; the simulator's clients use `:gen_statem.call/3` and `:gen_statem.cast/2`, so a failed call's exit reason names `:gen_statem` there and `GenServer` here.".into());
    }
    notes.extend(plan.notes.iter().cloned());
    if !s.telemetry.is_empty() {
        let ids: Vec<String> = s
            .telemetry
            .handlers
            .iter()
            .map(|h| format!("`{}`", h.id))
            .collect();
        notes.push(format!(
            "The `:telemetry` section (handlers {}; events executed by {} worker(s)) is left out: telemetry is a hex package (`Mix.install([{{:telemetry, \"~> 1.2\"}}])`), which this script does not fetch. The servers here emit nothing.",
            if ids.is_empty() { "none".to_string() } else { ids.join(", ") },
            s.telemetry.emitters.len()
        ));
    }
    if s.faults.is_empty() {
        notes.push("Faults: the scenario schedules none.".into());
    } else {
        notes.push("The fault schedule. Each fault is below as the Elixir call that makes it, to run from iex at its time (ms from the start); crash and stop are casts the worker modules handle.".into());
    }
    for note in &notes {
        code.comment(0, 2, &format!("- {note}"));
    }
    if !s.faults.is_empty() {
        let mut faults: Vec<&Fault> = s.faults.iter().collect();
        crate::sort::sort_by_key(&mut faults, |f| f.at_ms);
        for f in faults {
            code.comment(0, 0, "");
            let at = format!("{:>7}", int(f.at_ms));
            for (i, l) in fault_call(f, plan).iter().enumerate() {
                let lead = if i == 0 { at.as_str() } else { "" };
                code.line(0, &format!("#   {lead:>7}  {l}"));
            }
        }
    }
    code.blank();
}

/// The process a fault hits, as Elixir: by child id through the tree, or by name.
pub(super) fn target_pid(target: &str, plan: &Plan, root: &str) -> String {
    if let Some(Ok((name, key))) = crate::scenario::via_target(target) {
        return format!(
            "{{:via, PartitionSupervisor, {{{}, {}}}}}",
            atom(&registered_name(&name)),
            term_text(&key.to_string())
        );
    }
    match plan.specs.get(target) {
        Some(_) if target == root => "root".into(),
        Some(spec) if spec.id() == target => format!("Playground.pid(root, {})", atom(target)),
        _ => format!("Process.whereis({})", atom(&registered_name(target))),
    }
}

/// The Elixir call that makes a fault: one line, or more when it does not fit on one.
pub(super) fn fault_call(f: &Fault, plan: &Plan) -> Vec<String> {
    // The key is the target; the call is made right here, as the harness does.
    match &f.action {
        Command::PersistentTermPut { value } => {
            return vec![format!(
                ":persistent_term.put({}, {})",
                atom(&f.target),
                term_text(value)
            )];
        }
        Command::PersistentTermErase => {
            return vec![format!(":persistent_term.erase({})", atom(&f.target))];
        }

        // A spawned process would need its own module instance started from the
        // exported server: left out (and so are later faults naming it).
        Command::Spawn { .. } => {
            return vec![format!(
                "({} from {}: processes started outside the tree are left out of the export)",
                f.action.label(),
                f.target
            )];
        }
        // :telemetry is a hex package the export leaves out (see `plan.rs`).
        Command::TelemetryDetach | Command::TelemetryAttach => {
            return vec![format!(
                "({} {}: :telemetry is left out of the export)",
                f.action.label(),
                f.target
            )];
        }
        _ => {}
    }
    let target = target_pid(&f.target, plan, plan.root);
    let dynamic = plan.is_dynamic(&f.target);
    let call = |pid: &str| -> Vec<String> {
        match &f.action {
            Command::Exit { reason } => {
                vec![format!("Process.exit({pid}, {})", term_text(reason))]
            }
            Command::Crash { message } if plan.is_supervisor(&f.target) => vec![
                format!("Process.exit({pid}, :kill)"),
                format!(
                    "(crash {}: a supervisor runs no code of ours that could raise; :kill comes nearest)",
                    string(message)
                ),
            ],
            // An Agent runs functions: the crash is one that raises, inside the agent.
            Command::Crash { message } if plan.is_agent(&f.target) => {
                vec![format!(
                    "Agent.cast({pid}, fn _ -> raise {} end)",
                    string(message)
                )]
            }
            Command::Stop { reason } if plan.is_agent(&f.target) => {
                vec![format!(
                    "Agent.cast({pid}, fn _ -> exit({}) end)",
                    term_text(reason)
                )]
            }
            Command::Crash { message } => {
                vec![format!(
                    "GenServer.cast({pid}, {{:raise, {}}})",
                    string(message)
                )]
            }
            Command::Stop { reason } => {
                vec![format!(
                    "GenServer.cast({pid}, {{:stop, {}}})",
                    term_text(reason)
                )]
            }
            // The script goes on while the caller waits (and its exit, if any, is logged).
            Command::GenServerStop { reason, timeout_ms } => vec![format!(
                "spawn(fn -> GenServer.stop({pid}, {}, {}) end)",
                term_text(reason),
                timeout_ms
                    .map_or("infinity".to_string(), |ms| ms.to_string())
                    .replace("infinity", ":infinity")
            )],
            Command::CallStop {
                reason,
                reply,
                timeout_ms,
            } => {
                let reply = reply
                    .as_deref()
                    .map(|r| format!(", {}", term_text(r)))
                    .unwrap_or_default();
                vec![format!(
                    "spawn(fn -> GenServer.call({pid}, {{:stop, {}{reply}}}, {timeout_ms}) end)",
                    term_text(reason)
                )]
            }
            Command::Poison => vec![format!("send({pid}, :poison)")],
            Command::Suspend => vec![format!(":sys.suspend({pid})")],
            Command::Resume => vec![format!(":sys.resume({pid})")],
            Command::GetState => vec![format!("IO.inspect(:sys.get_state({pid}))")],
            // The export's counter keeps its count in a map with its settings; an agent's
            // state is the term itself; a server's has no count to replace.
            Command::ReplaceState { state } if plan.is_agent(&f.target) => vec![format!(
                ":sys.replace_state({pid}, fn _ -> {} end)",
                term_text(state)
            )],
            Command::ReplaceState { state } if plan.is_counter(&f.target) => vec![format!(
                ":sys.replace_state({pid}, fn s -> %{{s | count: {}}} end)",
                term_text(state)
            )],
            Command::ReplaceState { state } => vec![
                format!(":sys.replace_state({pid}, fn s -> s end)"),
                format!("(replace_state {state}: the export's server keeps no count to replace)"),
            ],
            Command::Trace(on) => vec![format!(":sys.trace({pid}, {on})")],
            Command::Statistics(StatsOp::Get) => {
                vec![format!("IO.inspect(:sys.statistics({pid}, :get))")]
            }
            Command::Statistics(op) => {
                vec![format!(":sys.statistics({pid}, {})", op == &StatsOp::On)]
            }
            Command::NoDebug => vec![format!(":sys.no_debug({pid})")],
            Command::Send { message } => {
                vec![format!("send({pid}, {})", term_text(message))]
            }
            Command::StartChild { spec } => {
                let module = if dynamic {
                    "DynamicSupervisor"
                } else {
                    "Supervisor"
                };
                let mut map = Code::default();
                child_spec(&mut map, 0, spec, plan);
                let mut lines = vec![format!("{module}.start_child({pid}, %{{")];
                let n = map.0.len();
                lines.extend(map.0.into_iter().skip(1).take(n.saturating_sub(2)));
                lines.push("})".into());
                lines
            }
            Command::TerminateChild { id } if dynamic => vec![format!(
                "DynamicSupervisor.terminate_child({pid}, Playground.pid(root, {}))",
                atom(id)
            )],
            Command::TerminateChild { id } => {
                vec![format!("Supervisor.terminate_child({pid}, {})", atom(id))]
            }
            Command::RestartChild { id } => vec![format!(
                "IO.inspect(Supervisor.restart_child({pid}, {}), label: \"restart_child\")",
                atom(id)
            )],
            Command::DeleteChild { id } => vec![format!(
                "IO.inspect(Supervisor.delete_child({pid}, {}), label: \"delete_child\")",
                atom(id)
            )],
            Command::WhichChildren => vec![format!(
                "IO.inspect(Supervisor.which_children({pid}), label: \"which_children\")"
            )],
            Command::CountChildren => vec![format!(
                "IO.inspect(Supervisor.count_children({pid}), label: \"count_children\")"
            )],
            // Handled above.
            Command::PersistentTermPut { .. }
            | Command::PersistentTermErase
            | Command::TelemetryDetach
            | Command::Spawn { .. }
            | Command::TelemetryAttach => Vec::new(),
            // The owner makes the ETS call itself (the exported server and counter take
            // these casts); `to` is resolved here, `nil` if nobody holds it.
            Command::GiveAway {
                table,
                to,
                gift: data,
            }
            | Command::SetHeir {
                table,
                heir: to,
                data,
            } => vec![format!(
                "GenServer.cast({pid}, {{:{}, {}, {}, {}}})",
                f.action.label().split(' ').next().unwrap_or_default(),
                atom(&super::names::table_name(table)),
                target_pid(to, plan, plan.root),
                term_text(data)
            )],
            // The process makes the call itself (the exported workers take these casts);
            // `to` is resolved here, as the script resolves targets.
            Command::Link { to }
            | Command::Unlink { to }
            | Command::Monitor { to }
            | Command::Demonitor { to } => vec![format!(
                "GenServer.cast({pid}, {{:{}, {}}})",
                f.action.label().split(' ').next().unwrap_or_default(),
                target_pid(to, plan, plan.root)
            )],
            Command::TrapExit(on) => vec![format!("GenServer.cast({pid}, {{:trap_exit, {on}}})")],
            Command::ExitSelf { reason } => vec![format!(
                "GenServer.cast({pid}, {{:exit_self, {}}})",
                term_text(reason)
            )],
            Command::ProcessExit { to, reason } => vec![format!(
                "GenServer.cast({pid}, {{:process_exit, {}, {}}})",
                target_pid(to, plan, plan.root),
                term_text(reason)
            )],
            // The process registers or unregisters itself (a Registry only ever acts on
            // the caller); the exported workers take these casts.
            Command::Register { registry, key } => vec![format!(
                "GenServer.cast({pid}, {{:register, {}, {}}})",
                atom(&registered_name(registry)),
                term_text(key)
            )],
            Command::Unregister { registry, key } => vec![format!(
                "GenServer.cast({pid}, {{:unregister, {}, {}}})",
                atom(&registered_name(registry)),
                term_text(key)
            )],
            Command::Join { scope, group } | Command::Leave { scope, group } => {
                let f = if matches!(f.action, Command::Join { .. }) {
                    "join"
                } else {
                    "leave"
                };
                vec![format!(
                    ":pg.{f}({}, {}, {pid})",
                    atom(&registered_name(scope)),
                    term_text(group)
                )]
            }
            Command::Members { group } => vec![format!(
                "IO.inspect(:pg.get_members({}, {}), label: \"members\")",
                atom(&registered_name(&f.target)),
                term_text(group)
            )],
            Command::WhichGroups => vec![format!(
                "IO.inspect(:pg.which_groups({}), label: \"groups\")",
                atom(&registered_name(&f.target))
            )],
            Command::Lookup { key } => vec![format!(
                "IO.inspect(Registry.lookup({}, {}), label: \"lookup\")",
                atom(&registered_name(&f.target)),
                term_text(key)
            )],
        }
    };
    // A via tuple is a name: a start_child call takes it as it is; other calls want
    // the pid behind it.
    let target = if crate::scenario::via_target(&f.target).is_some()
        && !matches!(f.action, Command::StartChild { .. })
    {
        format!("GenServer.whereis({target})")
    } else {
        target
    };
    let mut lines = call(&target);
    if lines[0].len() + 13 > WIDTH {
        let mut bound = vec![format!("pid = {target}")];
        bound.extend(call("pid"));
        lines = bound;
    }
    if f.count > 1 {
        lines.push(format!(
            "({} calls in all: the i-th starts `<id>_<i>`; an integer key goes up by one per call)",
            f.count
        ));
    }
    lines
}
