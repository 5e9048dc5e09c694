//! Supervisor modules and child specs: each supervisor's `init/1` with its children
//! exactly as the scenario says, the options each child's `start_link/1` gets (only what
//! differs from the defaults, which are the scenario format's), and the script's end that
//! starts the root.

use super::names::{name_code, table_name};
use super::plan::{Plan, WorkerKind};
use super::syntax::{Code, WIDTH, atom, float, int, join, restart, shutdown, term_text};
use super::templates::{DYNAMIC_START, RUN, TREE_ENV, fill};
use crate::scenario::{
    Behaviour, ChildSpec, ClientMode, ClientSpec, Command, DEFAULT_AGENT_INITIAL,
    DEFAULT_AGENT_SERVICE_US, DEFAULT_COUNTER_SERVICE_US, DEFAULT_INTERVAL_US,
    DEFAULT_MAX_RESTARTS, DEFAULT_MAX_SECONDS, DEFAULT_MODE, DEFAULT_REQUEST,
    DEFAULT_SERVER_SERVICE_US, DEFAULT_TASK_US, DEFAULT_TIMEOUT_MS, DEFAULT_WORK_US, Fault,
    InitFails,
};

/// The options a child's `start_link/1` gets: its id and name, and the behaviour's fields
/// that differ from the module's `@defaults` (which are the scenario format's defaults).
pub(super) fn start_opts(spec: &ChildSpec, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut opts = vec![("id", atom(spec.id()))];
    if let Some(name) = spec.name() {
        opts.push(("name", name_code(name)));
    }
    if let ChildSpec::PartitionSupervisor(p) = spec {
        // PartitionSupervisor.start_link/1 takes no id; each partition is started with
        // `DynamicSupervisor.start_link(opts)`, opts being the child spec's.
        opts.remove(0);
        if let Some(n) = p.partitions {
            opts.push(("partitions", int(u64::from(n))));
        }
        let c = &p.child_spec;
        let mut dyn_opts = Vec::new();
        if let Some(n) = c.max_children.0 {
            dyn_opts.push(format!("max_children: {}", int(u64::from(n))));
        }
        if c.max_restarts != DEFAULT_MAX_RESTARTS {
            dyn_opts.push(format!("max_restarts: {}", int(u64::from(c.max_restarts))));
        }
        if c.max_seconds != DEFAULT_MAX_SECONDS {
            dyn_opts.push(format!("max_seconds: {}", int(u64::from(c.max_seconds))));
        }
        let child = if dyn_opts.is_empty() {
            "DynamicSupervisor".to_string()
        } else {
            format!("{{DynamicSupervisor, [{}]}}", dyn_opts.join(", "))
        };
        opts.push(("child_spec", child));
        if p.strategy != crate::scenario::Strategy::OneForOne {
            opts.push(("strategy", format!(":{}", p.strategy.as_str())));
        }
        if p.max_restarts != DEFAULT_MAX_RESTARTS {
            opts.push(("max_restarts", int(u64::from(p.max_restarts))));
        }
        if p.max_seconds != DEFAULT_MAX_SECONDS {
            opts.push(("max_seconds", int(u64::from(p.max_seconds))));
        }
        return opts;
    }
    if let ChildSpec::TaskSupervisor(t) = spec {
        // Task.Supervisor.start_link/1 takes no id; its defaults are this format's.
        opts.remove(0);
        if t.max_restarts != DEFAULT_MAX_RESTARTS {
            opts.push(("max_restarts", int(u64::from(t.max_restarts))));
        }
        if t.max_seconds != DEFAULT_MAX_SECONDS {
            opts.push(("max_seconds", int(u64::from(t.max_seconds))));
        }
        if let Some(n) = t.max_children.0 {
            opts.push(("max_children", int(u64::from(n))));
        }
        return opts;
    }
    let ChildSpec::Worker(w) = spec else {
        return opts;
    };
    let default_service = match &w.behaviour {
        Behaviour::Server { .. } => DEFAULT_SERVER_SERVICE_US,
        _ => DEFAULT_COUNTER_SERVICE_US,
    };
    match &w.behaviour {
        Behaviour::Server {
            service_us, table, ..
        }
        | Behaviour::Counter { service_us, table } => {
            if *service_us != default_service {
                opts.push(("service_us", int(*service_us)));
            }
            if let Some(t) = table {
                opts.push(("table", atom(&table_name(t))));
            }
        }
        Behaviour::Agent {
            initial,
            service_us,
        } => {
            if initial.trim() != DEFAULT_AGENT_INITIAL {
                opts.push(("initial", term_text(initial)));
            }
            if *service_us != DEFAULT_AGENT_SERVICE_US {
                opts.push(("service_us", int(*service_us)));
            }
        }
        Behaviour::Client(c) => client_opts(c, plan, &mut opts),
        Behaviour::Statem(_) => {}
        Behaviour::Task(_) => {}
        // :pg.start_link(scope) takes the scope's name alone (written by child_spec).
        Behaviour::Pg {} => return Vec::new(),
        Behaviour::Registry { keys, partitions } => {
            // Registry.start_link/1 takes no id and no worker options.
            opts.remove(0);
            opts.push(("keys", atom(keys.as_str())));
            if *partitions != 1 {
                opts.push(("partitions", int(u64::from(*partitions))));
            }
            return opts;
        }
    }
    if !w.joins.is_empty() {
        let pairs: Vec<String> = w
            .joins
            .iter()
            .map(|j| {
                format!(
                    "{{{}, {}}}",
                    atom(&super::names::registered_name(&j.scope)),
                    term_text(&j.group)
                )
            })
            .collect();
        opts.push(("joins", format!("[{}]", pairs.join(", "))));
    }
    if !w.registers.is_empty() {
        let pairs: Vec<String> = w
            .registers
            .iter()
            .map(|r| {
                format!(
                    "{{{}, {}}}",
                    atom(&super::names::registered_name(&r.registry)),
                    term_text(&r.key)
                )
            })
            .collect();
        opts.push(("registers", format!("[{}]", pairs.join(", "))));
    }
    if w.trap_exit {
        opts.push(("trap_exit", "true".into()));
    }
    if w.init_us > 0 {
        opts.push(("init_us", int(w.init_us)));
    }
    if w.terminate_us > 0 {
        opts.push(("terminate_us", int(w.terminate_us)));
    }
    if let Some(f) = &w.init_fails {
        opts.push(("init_fails", init_fails(f)));
    }
    opts
}

/// `init_fails` as the map `Playground.InitFails.check/1` reads: only the fields the
/// scenario gives (the module has the format's defaults).
fn init_fails(f: &InitFails) -> String {
    let mut fields = vec![format!("with: :{}", f.with.as_str())];
    if let Some(r) = &f.reason {
        fields.push(format!("reason: {}", term_text(r)));
    }
    if f.from_start != 1 {
        fields.push(format!("from_start: {}", int(u64::from(f.from_start))));
    }
    if let Some(n) = f.starts {
        fields.push(format!("starts: {}", int(u64::from(n))));
    }
    format!("%{{{}}}", fields.join(", "))
}

pub(super) fn client_opts(c: &ClientSpec, plan: &Plan, opts: &mut Vec<(&'static str, String)>) {
    if !c.target.is_empty() {
        opts.push(("target", name_code(&c.target)));
    }
    if c.mode != DEFAULT_MODE {
        opts.push(("mode", format!(":{}", c.mode.as_str())));
    }
    if let Some(key) = c.key.as_deref().filter(|_| c.mode.uses_key()) {
        opts.push(("key", atom(key)));
    }
    if c.interval_us != DEFAULT_INTERVAL_US {
        opts.push(("interval_us", int(c.interval_us)));
    }
    if c.jitter > 0.0 {
        opts.push(("jitter", float(c.jitter)));
    }
    let request = term_text(&c.request);
    if request != term_text(DEFAULT_REQUEST) {
        opts.push(("request", request));
    }
    let calls = match c.mode {
        ClientMode::Call => true,
        ClientMode::Ets => c.write_every.is_some(),
        mode if mode.is_agent() => mode.calls(),
        _ => false,
    };
    if (calls || c.mode.is_task()) && c.timeout_ms != DEFAULT_TIMEOUT_MS {
        opts.push(("timeout_ms", int(c.timeout_ms)));
    }
    if let Some(us) = c.work_us.filter(|&us| us != DEFAULT_WORK_US) {
        opts.push(("work_us", int(us)));
    }
    // The agent modes' calls are not caught in the export (`catch_timeout` is the
    // simulator's only).
    if calls && !c.mode.is_agent() && c.catch_timeout {
        opts.push(("catch_timeout", "true".into()));
    }
    if let Some(us) = c.task_us.filter(|&us| us != DEFAULT_TASK_US) {
        opts.push(("task_us", int(us)));
    }
    if let Some(r) = c.fail_rate.filter(|&r| r > 0.0) {
        opts.push(("fail_rate", float(r)));
    }
    if let Some(k) = c.key.as_ref().filter(|_| c.mode == ClientMode::Dispatch) {
        opts.push(("key", term_text(k)));
    }
    if c.mode == ClientMode::Ets {
        if let Some(t) = plan.tables.get(c.target.as_str()) {
            opts.push(("table", atom(&table_name(t))));
        }
        if let Some(n) = c.write_every {
            opts.push(("write_every", int(n)));
        }
    }
}

/// A child spec map, `%{id: …, start: …, restart: …, shutdown: …, type: …}`, laid out as
/// `mix format` lays it out (the `start:` tuple is the only part that can grow long).
pub(super) fn child_spec(code: &mut Code, indent: usize, spec: &ChildSpec, plan: &Plan) {
    let module = match spec {
        ChildSpec::Worker(w) => match &w.behaviour {
            Behaviour::Server { .. } => WorkerKind::Server.module(),
            Behaviour::Counter { .. } => WorkerKind::Counter.module(),
            Behaviour::Agent { .. } => WorkerKind::Agent.module(),
            Behaviour::Registry { .. } => "Registry".into(),
            Behaviour::Pg {} => ":pg".into(),
            Behaviour::Statem(_) => plan.module_of.get(spec.id()).cloned().unwrap_or_default(),
            _ => WorkerKind::Client.module(),
        },
        ChildSpec::TaskSupervisor(_) => "Task.Supervisor".into(),
        ChildSpec::PartitionSupervisor(_) => "PartitionSupervisor".into(),
        _ => plan.module_of.get(spec.id()).cloned().unwrap_or_default(),
    };
    let opts = start_opts(spec, plan);
    let flat = join(opts.iter().map(|(k, v)| format!("{k}: {v}")));
    let args = match spec {
        // `:pg.start_link(scope)`: the scope's name is its only argument.
        ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Pg {}) => {
            format!(
                "[{}]",
                atom(&super::names::registered_name(spec.name().unwrap_or("")))
            )
        }
        _ => format!("[[{flat}]]"),
    };
    let tuple = format!("{{{module}, :start_link, {args}}}");
    let i = indent + 2;
    code.line(indent, "%{");
    code.line(i, &format!("id: {},", atom(spec.id())));
    if i + "start: ".len() + tuple.len() < WIDTH {
        code.line(i, &format!("start: {tuple},"));
    } else if i + 2 + tuple.len() <= WIDTH {
        code.line(i, "start:");
        code.line(i + 2, &format!("{tuple},"));
    } else {
        code.line(i, "start:");
        code.line(i + 2, &format!("{{{module}, :start_link,"));
        if i + 3 + args.len() <= WIDTH {
            code.line(i + 3, &format!("{args}}},"));
        } else {
            code.line(i + 3, "[");
            code.line(i + 5, "[");
            for (n, (k, v)) in opts.iter().enumerate() {
                let comma = if n + 1 < opts.len() { "," } else { "" };
                let pair = format!("{k}: {v}{comma}");
                if i + 7 + pair.len() <= WIDTH {
                    code.line(i + 7, &pair);
                } else {
                    // Too long for one line: mix format puts the value under its key.
                    code.line(i + 7, &format!("{k}:"));
                    code.line(i + 9, &format!("{v}{comma}"));
                }
            }
            code.line(i + 5, "]");
            code.line(i + 3, "]},");
        }
    }
    code.line(i, &format!("restart: {},", restart(spec.restart())));
    code.line(i, &format!("shutdown: {},", shutdown(spec.shutdown())));
    // A Registry is a supervisor (of its partitions).
    let registry =
        matches!(spec, ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Registry { .. }));
    let kind = if spec.is_supervisor() || registry {
        ":supervisor"
    } else {
        ":worker"
    };
    code.line(i, &format!("type: {kind}"));
    code.line(indent, "}");
}

/// A list of child specs at `indent`, after `lead` (`children = `, or nothing).
pub(super) fn child_list(
    code: &mut Code,
    indent: usize,
    lead: &str,
    children: &[ChildSpec],
    plan: &Plan,
) {
    if children.is_empty() {
        code.line(indent, &format!("{lead}[]"));
        return;
    }
    // poolboy is a hex package: pools and their clients are left out (the header says so).
    let children: Vec<&ChildSpec> = children
        .iter()
        .filter(|c| !super::plan::uses_pool(c))
        .collect();
    if children.is_empty() {
        code.line(indent, &format!("{lead}[]"));
        return;
    }
    code.line(indent, &format!("{lead}["));
    for (n, child) in children.iter().enumerate() {
        child_spec(code, indent + 2, child, plan);
        if n + 1 < children.len()
            && let Some(last) = code.0.last_mut()
        {
            last.push(',');
        }
    }
    code.line(indent, "]");
}

/// A call whose arguments end in a keyword list: on one line if it fits, else one pair a
/// line (as `mix format` breaks it).
pub(super) fn call_kw(
    code: &mut Code,
    indent: usize,
    fun: &str,
    first: Option<&str>,
    kw: &[(&str, String)],
) {
    let pairs: Vec<String> = kw.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let head = first.map_or(String::new(), |f| format!("{f}, "));
    let flat = format!("{fun}({head}{})", pairs.join(", "));
    if indent + flat.len() <= WIDTH {
        code.line(indent, &flat);
        return;
    }
    match first {
        Some(f) => code.line(indent, &format!("{fun}({f},")),
        None => code.line(indent, &format!("{fun}(")),
    }
    for (n, p) in pairs.iter().enumerate() {
        let comma = if n + 1 < pairs.len() { "," } else { "" };
        code.line(indent + 2, &format!("{p}{comma}"));
    }
    code.line(indent, ")");
}

pub(super) fn supervisor_module(code: &mut Code, plan: &Plan, spec: &ChildSpec, module: &str) {
    code.line(0, &format!("defmodule {module} do"));
    match spec {
        ChildSpec::Supervisor(s) => {
            code.line(2, "use Supervisor");
            code.blank();
            code.line(
                2,
                "def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))",
            );
            code.blank();
            code.line(2, "@impl true");
            code.line(2, "def init(opts) do");
            code.line(4, "Process.put(:playground_id, opts[:id])");
            code.blank();
            child_list(code, 4, "children = ", &s.children, plan);
            code.blank();
            let kw = [
                ("strategy", format!(":{}", s.strategy.as_str())),
                ("max_restarts", int(u64::from(s.max_restarts))),
                ("max_seconds", int(u64::from(s.max_seconds))),
            ];
            call_kw(code, 4, "Supervisor.init", Some("children"), &kw);
            code.line(2, "end");
        }
        ChildSpec::DynamicSupervisor(d) => {
            code.line(2, "use DynamicSupervisor");
            code.blank();
            let initial = !d.children.is_empty();
            if initial {
                code.text(DYNAMIC_START);
            } else {
                code.line(2, "def start_link(opts),");
                code.line(
                    4,
                    "do: DynamicSupervisor.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))",
                );
            }
            code.blank();
            code.line(2, "@impl true");
            code.line(2, "def init(opts) do");
            code.line(4, "Process.put(:playground_id, opts[:id])");
            code.blank();
            let max_children = match d.max_children.0 {
                Some(n) => int(u64::from(n)),
                None => ":infinity".into(),
            };
            let kw = [
                ("strategy", ":one_for_one".to_string()),
                ("max_restarts", int(u64::from(d.max_restarts))),
                ("max_seconds", int(u64::from(d.max_seconds))),
                ("max_children", max_children),
            ];
            call_kw(code, 4, "DynamicSupervisor.init", None, &kw);
            code.line(2, "end");
            if initial {
                code.blank();
                code.line(2, "defp children do");
                child_list(code, 4, "", &d.children, plan);
                code.line(2, "end");
            }
        }
        ChildSpec::Worker(_)
        | ChildSpec::TaskSupervisor(_)
        | ChildSpec::PartitionSupervisor(_)
        | ChildSpec::Pool(_) => {}
    }
    code.line(0, "end");
}

pub(super) fn run(code: &mut Code, plan: &Plan, root: &ChildSpec, faults: &[Fault]) {
    let module = plan.module_of.get(root.id()).cloned().unwrap_or_default();
    let opts = join(
        start_opts(root, plan)
            .iter()
            .map(|(k, v)| format!("{k}: {v}")),
    );
    code.comment(
        0,
        0,
        "Start the tree. In an application, put the root's child spec among your own children instead:",
    );
    code.comment(0, 0, "");
    let mut spec = Code::default();
    child_spec(&mut spec, 0, root, plan);
    for l in spec.0 {
        code.line(0, format!("#     {l}").trim_end());
    }
    // persistent_term values the scenario puts at 0 ms belong to no process: stored
    // before the tree starts, as boot code would, so that readers find them at once.
    let boot: Vec<&Fault> = faults
        .iter()
        .filter(|f| f.at_ms == 0 && matches!(f.action, Command::PersistentTermPut { .. }))
        .collect();
    if !boot.is_empty() {
        code.comment(
            0,
            0,
            "The persistent terms the scenario stores at 0 ms, before the tree starts:",
        );
        for f in boot {
            if let Command::PersistentTermPut { value } = &f.action {
                code.line(
                    0,
                    &format!(
                        ":persistent_term.put({}, {})",
                        atom(&f.target),
                        term_text(value)
                    ),
                );
            }
        }
        code.blank();
    }
    // The `:counters` arrays of `counters_add` clients: made once, before the tree, and
    // kept in persistent_term under their key, where the clients find them.
    let mut keys = std::collections::BTreeSet::new();
    counters_keys(root, &mut keys);
    if !keys.is_empty() {
        code.comment(
            0,
            0,
            "The :counters arrays the clients add to, made before the tree starts:",
        );
        for k in keys {
            code.line(
                0,
                &format!(
                    ":persistent_term.put({}, :counters.new(1, [:atomics]))",
                    atom(k)
                ),
            );
        }
        code.blank();
    }
    if plan.init_fails {
        code.comment(
            0,
            0,
            "The table where Playground.InitFails counts each child's starts, made before the tree starts:",
        );
        code.line(0, ":ets.new(:playground_starts, [:named_table, :public])");
        code.blank();
    }
    code.text(&fill(
        RUN,
        &[("module", &module), ("opts", &opts), ("tree_env", TREE_ENV)],
    ));
}

/// The keys of `counters_add` clients anywhere under `spec`.
fn counters_keys<'a>(spec: &'a ChildSpec, out: &mut std::collections::BTreeSet<&'a str>) {
    if let ChildSpec::Worker(w) = spec
        && let crate::scenario::Behaviour::Client(c) = &w.behaviour
        && c.mode == ClientMode::CountersAdd
        && let Some(k) = &c.key
    {
        out.insert(k);
    }
    for c in spec.children() {
        counters_keys(c, out);
    }
}
