//! Exports a scenario as Elixir: its supervision tree as plain `Supervisor`,
//! `DynamicSupervisor` and `GenServer` modules that a learner runs with `elixir FILE.exs` or
//! pastes into `iex`.
//!
//! Owns the shape of the generated code: module names derived from child ids (valid
//! aliases, no collisions, deterministic); one GenServer module per worker behaviour the
//! scenario uses (with only the features it uses); one module per supervisor, whose
//! `init/1` holds the child specs exactly as the scenario says; the header comment (how to
//! run it, what the simulator does that the code does not, and every scheduled fault as the
//! Elixir call that makes it); and the `PLAYGROUND_TREE=1` mode that prints the started tree,
//! which `tests/elixir_export.rs` compares with the simulator's. The layout follows
//! `mix format` (that test checks it). Pure and deterministic: the app calls it in the
//! browser.

use crate::scenario::{
    Behaviour, ChildSpec, ClientMode, ClientSpec, Command, DEFAULT_TASK_US, Fault, Restart,
    Scenario, Shutdown, WorkerSpec,
};
use crate::term::{Term, parse_term};
use std::collections::{BTreeMap, BTreeSet};

/// Set in the environment, the generated script prints its started tree and exits.
pub const TREE_ENV: &str = "PLAYGROUND_TREE";

/// The namespace of every generated module.
const NS: &str = "Playground";

/// `mix format`'s line length.
const WIDTH: usize = 98;

/// The Elixir code of the scenario's supervision tree.
pub fn export(scenario: &Scenario) -> String {
    let plan = Plan::new(scenario);
    let mut code = Code::default();
    header(&mut code, scenario, &plan);
    code.text(HELPERS);
    for (kind, uses) in &plan.workers {
        code.blank();
        worker_module(&mut code, *kind, uses);
    }
    for (spec, module) in &plan.sups {
        code.blank();
        supervisor_module(&mut code, &plan, spec, module);
    }
    code.blank();
    run(&mut code, &plan, &scenario.tree);
    code.0.join("\n") + "\n"
}

/// A file name for the export: the scenario's name in lower case, `_` between words.
pub fn file_stem(scenario: &Scenario) -> String {
    let mut stem = String::new();
    for c in scenario.name.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('_') {
            stem.push('_');
        }
    }
    let stem: String = stem.trim_end_matches('_').chars().take(60).collect();
    if stem.is_empty() {
        "scenario".into()
    } else {
        stem.trim_end_matches('_').to_string()
    }
}

/// An atom as Elixir source: an alias (`Cache`), `true`/`false`/`nil`, `:plain` or
/// `:"quoted"`. Names and ids are atoms: `"Cache"` is the alias `Cache`, `"cache"` is `:cache`.
pub fn atom(a: &str) -> String {
    if matches!(a, "true" | "false" | "nil") || is_alias(a) {
        a.to_string()
    } else if is_plain_atom(a) {
        format!(":{a}")
    } else {
        format!(":{}", string(a))
    }
}

/// Names every Elixir node has registered before the script runs (Elixir 1.14 on OTP 25,
/// under `elixir` or `iex`): a scenario process with one of these names could not start.
const TAKEN_NAMES: &[&str] = &[
    "IEx.Broker",
    "IEx.Config",
    "IEx.Pry",
    "IEx.Supervisor",
    "Logger",
    "Logger.BackendSupervisor",
    "Logger.Supervisor",
    "application_controller",
    "code_server",
    "elixir_code_server",
    "elixir_config",
    "elixir_sup",
    "erl_prim_loader",
    "erl_signal_server",
    "erts_code_purger",
    "file_server_2",
    "global_group",
    "global_group_check",
    "global_name_server",
    "inet_db",
    "init",
    "kernel_refc",
    "kernel_safe_sup",
    "kernel_sup",
    "logger",
    "logger_handler_watcher",
    "logger_proxy",
    "logger_sup",
    "rex",
    "socket_registry",
    "standard_error",
    "standard_error_sup",
    "user",
];

/// Named ETS tables every Elixir node has (as [`TAKEN_NAMES`]).
const TAKEN_TABLES: &[&str] = &[
    "IEx.Config",
    "IEx.Pry",
    "ac_tab",
    "code_names",
    "elixir_config",
    "elixir_modules",
    "file_io_servers",
    "global_locks",
    "global_lost_connections",
    "global_names",
    "global_names_ext",
    "global_node_resources",
    "global_pid_ids",
    "global_pid_names",
    "inet_cache",
    "inet_db",
    "inet_hosts_byaddr",
    "inet_hosts_byname",
    "inet_hosts_file_byaddr",
    "inet_hosts_file_byname",
    "inet_sockets",
    "logger",
];

/// The name a scenario process registers under in the export: its own, unless every
/// Elixir node has already taken it (`Logger` is Elixir's logger): then `Playground.Logger`
/// (an alias) or `playground_logger` (an atom).
pub fn registered_name(name: &str) -> String {
    rename(name, TAKEN_NAMES)
}

/// The name of an ETS table in the export, as [`registered_name`] (`logger` is taken).
pub fn table_name(table: &str) -> String {
    rename(table, TAKEN_TABLES)
}

fn rename(name: &str, taken: &[&str]) -> String {
    if !taken.contains(&name) {
        name.to_string()
    } else if is_alias(name) {
        format!("{NS}.{name}")
    } else {
        format!("playground_{name}")
    }
}

fn is_alias(a: &str) -> bool {
    a.split('.').all(|part| {
        let mut cs = part.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn is_plain_atom(a: &str) -> bool {
    let body = a.strip_suffix(['?', '!']).unwrap_or(a);
    let mut cs = body.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
}

/// A string literal; `#{` is escaped so that nothing is interpolated.
fn string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A term as Elixir source.
fn literal(t: &Term) -> String {
    match t {
        Term::Atom(a) => atom(a),
        Term::Int(i) if *i < 0 => format!("-{}", int(i.unsigned_abs())),
        Term::Int(i) => int(i.unsigned_abs()),
        Term::Str(s) => string(s),
        Term::Tuple(items) => format!("{{{}}}", join(items.iter().map(literal))),
        Term::List(items) => format!("[{}]", join(items.iter().map(literal))),
        // Pids, references and exceptions never come from term text.
        other => other.to_string(),
    }
}

/// Term text from the scenario (validated) as Elixir source.
fn term_text(text: &str) -> String {
    parse_term(text).map_or_else(|_| text.to_string(), |t| literal(&t))
}

/// An integer, with `_` between thousands from 10_000 on (as Credo asks).
fn int(n: u64) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

fn float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once('e') {
        Some((m, e)) if !m.contains('.') => format!("{m}.0e{e}"),
        _ => s,
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn restart(r: Restart) -> &'static str {
    match r {
        Restart::Permanent => ":permanent",
        Restart::Transient => ":transient",
        Restart::Temporary => ":temporary",
    }
}

fn shutdown(s: Shutdown) -> String {
    match s {
        Shutdown::Timeout(ms) => int(ms),
        other => other.to_string(),
    }
}

/// Lines of Elixir, indented by the caller.
#[derive(Default)]
struct Code(Vec<String>);

impl Code {
    fn line(&mut self, indent: usize, text: &str) {
        if text.is_empty() {
            self.0.push(String::new());
        } else {
            self.0.push(format!("{:indent$}{text}", ""));
        }
    }
    fn blank(&mut self) {
        self.0.push(String::new());
    }
    /// A block of fixed code (leading newline ignored).
    fn text(&mut self, text: &str) {
        self.0
            .extend(text.trim_start_matches('\n').lines().map(str::to_string));
    }
    /// A comment wrapped at the line length (never inside a `code span`), later lines
    /// indented by `hang`; `#` alone for an empty line.
    fn comment(&mut self, indent: usize, hang: usize, text: &str) {
        if text.is_empty() {
            self.line(indent, "#");
            return;
        }
        let width = WIDTH.saturating_sub(indent + 2).max(40);
        let mut line = String::new();
        let mut lead = 0;
        for word in words(text) {
            if !line.is_empty() && lead + line.len() + 1 + word.len() > width {
                self.line(indent, &format!("# {:lead$}{line}", ""));
                line.clear();
                lead = hang;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        self.line(indent, &format!("# {:lead$}{line}", ""));
    }
}

/// The words of a text, a `code span` with spaces counting as one.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        if word.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    out
}

/// The worker behaviours, one GenServer module each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum WorkerKind {
    Server,
    Counter,
    Client,
}

impl WorkerKind {
    fn module(self) -> String {
        let name = match self {
            WorkerKind::Server => "Server",
            WorkerKind::Counter => "Counter",
            WorkerKind::Client => "Client",
        };
        format!("{NS}.{name}")
    }
}

impl Uses {
    fn tasks(&self) -> bool {
        self.modes.contains("async") || self.modes.contains("async_nolink")
    }
}

/// What the specs of one worker module use: its code has only those parts.
#[derive(Default)]
struct Uses {
    trap_exit: bool,
    init_us: bool,
    terminate_us: bool,
    table: bool,
    jitter: bool,
    catch_timeout: bool,
    write_every: bool,
    fail_rate: bool,
    modes: BTreeSet<&'static str>,
}

/// What the export needs to know about the whole scenario before writing a line.
struct Plan<'a> {
    root: &'a str,
    /// Supervisors in tree order, then those in `start_child` faults, with their modules.
    sups: Vec<(&'a ChildSpec, String)>,
    module_of: BTreeMap<&'a str, String>,
    workers: BTreeMap<WorkerKind, Uses>,
    /// Registered name → the ETS table that process creates (what an `ets` client reads).
    tables: BTreeMap<&'a str, &'a str>,
    /// Every spec by id and by registered name: for fault targets.
    specs: BTreeMap<&'a str, &'a ChildSpec>,
    /// Names the export had to change, for the header.
    notes: Vec<String>,
    /// Any client interval that `Process.send_after/3` cannot keep (not whole ms)?
    sub_ms_interval: bool,
    read_us: bool,
}

impl<'a> Plan<'a> {
    fn new(s: &'a Scenario) -> Plan<'a> {
        let mut all = Vec::new();
        collect(&s.tree, &mut all);
        for f in &s.faults {
            if let Command::StartChild { spec } = &f.action {
                collect(spec, &mut all);
            }
        }
        let mut plan = Plan {
            root: s.tree.id(),
            sups: Vec::new(),
            module_of: BTreeMap::new(),
            workers: BTreeMap::new(),
            tables: BTreeMap::new(),
            specs: BTreeMap::new(),
            notes: Vec::new(),
            sub_ms_interval: false,
            read_us: false,
        };
        // Worker module names are taken first, so that they never depend on ids.
        let mut taken: BTreeSet<String> = ["Server", "Counter", "Client"]
            .iter()
            .map(|m| m.to_string())
            .collect();
        for spec in &all {
            plan.specs.insert(spec.id(), spec);
            if let Some(name) = spec.name() {
                plan.specs.entry(name).or_insert(spec);
                if registered_name(name) != name {
                    plan.notes.push(format!(
                        "The name `{name}`: every Elixir node has registered a process under it already, so `{}` registers as `{}` here.",
                        spec.id(),
                        atom(&registered_name(name))
                    ));
                }
            }
            if let ChildSpec::Worker(w) = spec
                && let Some(t) = w.behaviour.table()
                && table_name(t) != t
            {
                plan.notes.push(format!(
                    "The table name `{t}`: every Elixir node has a table of that name already, so `{}` names its table `{}` here.",
                    spec.id(),
                    atom(&table_name(t))
                ));
            }
            match spec {
                ChildSpec::Worker(w) => plan.worker(w),
                ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_) => {
                    let module = format!("{NS}.{}", unique_module(spec.id(), &mut taken));
                    plan.module_of.insert(spec.id(), module.clone());
                    plan.sups.push((spec, module));
                }
                // Elixir's own Task.Supervisor: no module to write.
                ChildSpec::TaskSupervisor(_) => {}
            }
        }
        plan
    }

    fn worker(&mut self, w: &'a WorkerSpec) {
        let kind = match &w.behaviour {
            Behaviour::Server { table, .. } | Behaviour::Counter { table, .. } => {
                if let (Some(t), Some(n)) = (table, &w.name) {
                    self.tables.insert(n, t);
                }
                if matches!(w.behaviour, Behaviour::Server { .. }) {
                    WorkerKind::Server
                } else {
                    WorkerKind::Counter
                }
            }
            Behaviour::Client(c) => {
                self.sub_ms_interval |= !c.interval_us.is_multiple_of(1000);
                self.read_us |= c.read_us.is_some();
                WorkerKind::Client
            }
            // Made by clients at run time, never in a scenario.
            Behaviour::Task(_) => return,
        };
        let uses = self.workers.entry(kind).or_default();
        uses.trap_exit |= w.trap_exit;
        uses.init_us |= w.init_us > 0;
        uses.terminate_us |= w.terminate_us > 0;
        uses.table |= w.behaviour.table().is_some();
        if let Behaviour::Client(c) = &w.behaviour {
            uses.jitter |= c.jitter > 0.0;
            uses.catch_timeout |= c.catch_timeout;
            uses.write_every |= c.write_every.is_some();
            uses.fail_rate |= c.fail_rate.is_some_and(|r| r > 0.0);
            uses.modes.insert(c.mode.as_str());
        }
    }

    /// A DynamicSupervisor (Task.Supervisor is one)?
    fn is_dynamic(&self, target: &str) -> bool {
        matches!(
            self.specs.get(target),
            Some(ChildSpec::DynamicSupervisor(_) | ChildSpec::TaskSupervisor(_))
        )
    }

    fn is_supervisor(&self, target: &str) -> bool {
        self.specs.get(target).is_some_and(|s| s.is_supervisor())
    }
}

fn collect<'a>(spec: &'a ChildSpec, out: &mut Vec<&'a ChildSpec>) {
    out.push(spec);
    for child in spec.children() {
        collect(child, out);
    }
}

/// `app_sup` → `AppSup`: an alias from an id, made unique against `taken`.
fn unique_module(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = id
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
        base = format!("Sup{base}");
    }
    let mut name = base.clone();
    if taken.contains(&name) {
        name = format!("{base}Sup");
    }
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn header(code: &mut Code, s: &Scenario, plan: &Plan) {
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
    notes.extend(plan.notes.iter().cloned());
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
        faults.sort_by_key(|f| f.at_ms);
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
fn target_pid(target: &str, plan: &Plan, root: &str) -> String {
    match plan.specs.get(target) {
        Some(_) if target == root => "root".into(),
        Some(spec) if spec.id() == target => format!("Playground.pid(root, {})", atom(target)),
        _ => format!("Process.whereis({})", atom(&registered_name(target))),
    }
}

/// The Elixir call that makes a fault: one line, or more when it does not fit on one.
fn fault_call(f: &Fault, plan: &Plan) -> Vec<String> {
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
            Command::Poison => vec![format!("send({pid}, :poison)")],
            Command::Suspend => vec![format!(":sys.suspend({pid})")],
            Command::Resume => vec![format!(":sys.resume({pid})")],
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
        }
    };
    let lines = call(&target);
    if lines[0].len() + 13 <= WIDTH {
        return lines;
    }
    let mut bound = vec![format!("pid = {target}")];
    bound.extend(call("pid"));
    bound
}

/// The options a child's `start_link/1` gets: its id and name, and the behaviour's fields
/// that differ from the module's `@defaults` (which are the scenario format's defaults).
fn start_opts(spec: &ChildSpec, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut opts = vec![("id", atom(spec.id()))];
    if let Some(name) = spec.name() {
        opts.push(("name", atom(&registered_name(name))));
    }
    if let ChildSpec::TaskSupervisor(t) = spec {
        // Task.Supervisor.start_link/1 takes no id; its defaults are this format's.
        opts.remove(0);
        if t.max_restarts != 3 {
            opts.push(("max_restarts", int(u64::from(t.max_restarts))));
        }
        if t.max_seconds != 5 {
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
        Behaviour::Server { .. } => SERVER_SERVICE_US,
        _ => COUNTER_SERVICE_US,
    };
    match &w.behaviour {
        Behaviour::Server { service_us, table } | Behaviour::Counter { service_us, table } => {
            if *service_us != default_service {
                opts.push(("service_us", int(*service_us)));
            }
            if let Some(t) = table {
                opts.push(("table", atom(&table_name(t))));
            }
        }
        Behaviour::Client(c) => client_opts(c, plan, &mut opts),
        Behaviour::Task(_) => {}
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
    opts
}

const SERVER_SERVICE_US: u64 = 100;
const COUNTER_SERVICE_US: u64 = 10;

fn client_opts(c: &ClientSpec, plan: &Plan, opts: &mut Vec<(&'static str, String)>) {
    if !c.target.is_empty() {
        opts.push(("target", atom(&registered_name(&c.target))));
    }
    if c.mode != ClientMode::Call {
        opts.push(("mode", format!(":{}", c.mode.as_str())));
    }
    if c.interval_us != 1000 {
        opts.push(("interval_us", int(c.interval_us)));
    }
    if c.jitter > 0.0 {
        opts.push(("jitter", float(c.jitter)));
    }
    let request = term_text(&c.request);
    if request != ":ping" {
        opts.push(("request", request));
    }
    let calls = match c.mode {
        ClientMode::Call => true,
        ClientMode::Ets => c.write_every.is_some(),
        ClientMode::Cast | ClientMode::Async | ClientMode::AsyncNolink => false,
    };
    if (calls || c.mode.is_task()) && c.timeout_ms != 5000 {
        opts.push(("timeout_ms", int(c.timeout_ms)));
    }
    if calls && c.catch_timeout {
        opts.push(("catch_timeout", "true".into()));
    }
    if let Some(us) = c.task_us.filter(|&us| us != DEFAULT_TASK_US) {
        opts.push(("task_us", int(us)));
    }
    if let Some(r) = c.fail_rate.filter(|&r| r > 0.0) {
        opts.push(("fail_rate", float(r)));
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
fn child_spec(code: &mut Code, indent: usize, spec: &ChildSpec, plan: &Plan) {
    let module = match spec {
        ChildSpec::Worker(w) => match &w.behaviour {
            Behaviour::Server { .. } => WorkerKind::Server.module(),
            Behaviour::Counter { .. } => WorkerKind::Counter.module(),
            _ => WorkerKind::Client.module(),
        },
        ChildSpec::TaskSupervisor(_) => "Task.Supervisor".into(),
        _ => plan.module_of.get(spec.id()).cloned().unwrap_or_default(),
    };
    let opts = start_opts(spec, plan);
    let flat = join(opts.iter().map(|(k, v)| format!("{k}: {v}")));
    let args = format!("[[{flat}]]");
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
                code.line(i + 7, &format!("{k}: {v}{comma}"));
            }
            code.line(i + 5, "]");
            code.line(i + 3, "]},");
        }
    }
    code.line(i, &format!("restart: {},", restart(spec.restart())));
    code.line(i, &format!("shutdown: {},", shutdown(spec.shutdown())));
    let kind = if spec.is_supervisor() {
        ":supervisor"
    } else {
        ":worker"
    };
    code.line(i, &format!("type: {kind}"));
    code.line(indent, "}");
}

/// A list of child specs at `indent`, after `lead` (`children = `, or nothing).
fn child_list(code: &mut Code, indent: usize, lead: &str, children: &[ChildSpec], plan: &Plan) {
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
fn call_kw(code: &mut Code, indent: usize, fun: &str, first: Option<&str>, kw: &[(&str, String)]) {
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

fn supervisor_module(code: &mut Code, plan: &Plan, spec: &ChildSpec, module: &str) {
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
        ChildSpec::Worker(_) | ChildSpec::TaskSupervisor(_) => {}
    }
    code.line(0, "end");
}

fn run(code: &mut Code, plan: &Plan, root: &ChildSpec) {
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
    code.line(0, &format!("{{:ok, root}} = {module}.start_link({opts})"));
    code.blank();
    code.line(0, &format!("if System.get_env(\"{TREE_ENV}\") do"));
    code.line(2, "Playground.print_tree(root)");
    code.line(0, "else");
    code.line(2, "unless IEx.started?(), do: Process.sleep(:infinity)");
    code.line(0, "end");
}

fn worker_module(code: &mut Code, kind: WorkerKind, u: &Uses) {
    code.line(0, &format!("defmodule {} do", kind.module()));
    code.line(2, "@moduledoc \"\"\"");
    let mut doc = match kind {
        WorkerKind::Server => "The `server` behaviour: a GenServer that answers every call with `:ok`. Each message takes `service_us` of work.",
        WorkerKind::Counter => "The `counter` behaviour: a GenServer keeping an integer. A call or cast `:incr` adds 1; every call returns the count (so `:get` reads it). Each message takes `service_us` of work.",
        WorkerKind::Client => "The `client` behaviour: every `interval_us` it sends `request` to the process registered as `target`.",
    }
    .to_string();
    let client_notes = [
        (
            u.modes.contains("call"),
            " Mode `:call` waits for the reply (at most `timeout_ms`) before the next request.",
        ),
        (u.modes.contains("cast"), " Mode `:cast` does not wait."),
        (
            u.modes.contains("ets"),
            " Mode `:ets` reads the target's ETS table itself, in this process, with `:ets.lookup/2`.",
        ),
        (
            u.modes.contains("async"),
            " Mode `:async` runs each request as a task linked to the client: `Task.async/1`, then `Task.await/2` (at most `timeout_ms`).",
        ),
        (
            u.modes.contains("async_nolink"),
            " Mode `:async_nolink` starts it, unlinked, under the Task.Supervisor registered as `target`: `Task.Supervisor.async_nolink/2`, then `Task.yield/2 || Task.shutdown/1`.",
        ),
        (u.tasks(), " A task works `task_us`, then returns `:ok`."),
        (
            u.fail_rate,
            " With `fail_rate` it raises instead, that often.",
        ),
        (
            u.write_every,
            " With `write_every: n` every nth request is a call instead.",
        ),
        (
            u.catch_timeout,
            " With `catch_timeout: true` a call that times out is caught; otherwise it crashes the client.",
        ),
        (
            u.table,
            " With `table`, `init/1` ends by creating that named, public ETS table, which dies with the process.",
        ),
    ];
    for (used, note) in client_notes {
        if used {
            doc.push_str(note);
        }
    }
    let mut lines = Code::default();
    lines.comment(0, 0, &doc);
    for l in lines.0 {
        code.line(2, l.trim_start_matches('#').trim_start());
    }
    code.line(2, "\"\"\"");
    code.line(2, "use GenServer");
    code.blank();
    let mut defaults = match kind {
        WorkerKind::Server => vec![format!("service_us: {SERVER_SERVICE_US}")],
        WorkerKind::Counter => vec![format!("service_us: {COUNTER_SERVICE_US}")],
        WorkerKind::Client => {
            let mut d = vec!["mode: :call".to_string(), "interval_us: 1000".into()];
            if u.jitter {
                d.push("jitter: 0".into());
            }
            d.push("request: :ping".into());
            if u.modes.contains("call") || u.write_every || u.tasks() {
                d.push("timeout_ms: 5000".into());
            }
            if u.tasks() {
                d.push(format!("task_us: {DEFAULT_TASK_US}"));
            }
            if u.fail_rate {
                d.push("fail_rate: 0".into());
            }
            d
        }
    };
    if u.init_us {
        defaults.push("init_us: 0".into());
    }
    if u.terminate_us {
        defaults.push("terminate_us: 0".into());
    }
    let flat = format!("@defaults %{{{}}}", defaults.join(", "));
    if 2 + flat.len() <= WIDTH {
        code.line(2, &flat);
    } else {
        code.line(2, "@defaults %{");
        for (n, d) in defaults.iter().enumerate() {
            let comma = if n + 1 < defaults.len() { "," } else { "" };
            code.line(4, &format!("{d}{comma}"));
        }
        code.line(2, "}");
    }
    code.blank();
    code.line(
        2,
        "def start_link(opts), do: GenServer.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))",
    );
    code.blank();
    code.line(2, "@impl true");
    code.line(2, "def init(opts) do");
    if kind == WorkerKind::Client {
        code.line(
            4,
            "state = opts |> Enum.into(@defaults) |> Map.put(:requests, 0)",
        );
    } else {
        code.line(4, "state = Enum.into(opts, @defaults)");
    }
    code.line(4, "Process.put(:playground_id, state.id)");
    if u.trap_exit {
        code.line(
            4,
            "if state[:trap_exit], do: Process.flag(:trap_exit, true)",
        );
    }
    if u.init_us {
        code.line(4, "Playground.work(state.init_us)");
    }
    match kind {
        WorkerKind::Server => {
            if u.table {
                code.line(4, "if table = state[:table], do: :ets.new(table, [:named_table, :public, read_concurrency: true])");
            }
            code.line(4, "{:ok, state}");
            code.line(2, "end");
            code.blank();
            code.text(SERVER_CALLBACKS);
        }
        WorkerKind::Counter => {
            if u.table {
                code.blank();
                code.text(COUNTER_TABLE);
                code.blank();
            }
            code.line(4, "{:ok, Map.put(state, :count, 0)}");
            code.line(2, "end");
            code.blank();
            code.text(COUNTER_CALLBACKS);
            code.blank();
            if u.table {
                code.text(COUNTER_INCR_TABLE);
            } else {
                code.line(2, "defp incr(state), do: %{state | count: state.count + 1}");
            }
        }
        WorkerKind::Client => client_body(code, u),
    }
    if u.terminate_us {
        code.blank();
        code.line(2, "@impl true");
        code.line(
            2,
            "def terminate(_reason, state), do: Playground.work(state.terminate_us)",
        );
    }
    code.line(0, "end");
}

fn client_body(code: &mut Code, u: &Uses) {
    code.line(4, "schedule(state)");
    code.line(4, "{:ok, state}");
    code.line(2, "end");
    code.blank();
    code.text(CLIENT_CALLBACKS);
    if u.modes.contains("call") {
        code.blank();
        code.line(2, "defp request(%{mode: :call} = state), do: call(state)");
    }
    if u.modes.contains("cast") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :cast} = state), do: GenServer.cast(state.target, state.request)",
        );
    }
    if u.modes.contains("ets") {
        code.blank();
        if u.write_every {
            code.text(CLIENT_ETS_WRITES);
        } else {
            code.line(
                2,
                "defp request(%{mode: :ets} = state), do: :ets.lookup(state.table, :value)",
            );
        }
    }
    if u.modes.contains("async") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :async} = state), do: Task.await(Task.async(task(state)), state.timeout_ms)",
        );
    }
    if u.modes.contains("async_nolink") {
        code.blank();
        code.text(CLIENT_NOLINK);
    }
    if u.tasks() {
        code.blank();
        code.text(if u.fail_rate { TASK_FAILING } else { TASK });
    }
    if u.modes.contains("call") || u.write_every {
        code.blank();
        if u.catch_timeout {
            code.text(CLIENT_CATCH);
            code.blank();
        }
        code.line(
            2,
            "defp call(state), do: GenServer.call(state.target, state.request, state.timeout_ms)",
        );
    }
    code.blank();
    if u.jitter {
        code.text(SCHEDULE_JITTER);
    } else {
        code.text(SCHEDULE);
    }
}

const HELPERS: &str = r##"
defmodule Playground do
  @moduledoc """
  Helpers for the modules below. Every process of the tree keeps its child id in its process
  dictionary (`:playground_id`): a DynamicSupervisor keeps no ids for its children, and
  `pid/2` and `print_tree/1` show them.
  """

  @doc "Spends `us` microseconds: whole milliseconds asleep, the rest in a busy loop."
  def work(us) do
    Process.sleep(div(us, 1000))
    spin_until(System.monotonic_time(:microsecond) + rem(us, 1000))
  end

  defp spin_until(t) do
    if System.monotonic_time(:microsecond) < t, do: spin_until(t)
  end

  @doc "The pid of the process running child `id` in the tree under `root`, or nil."
  def pid(root, id), do: if(id_of(root) == id, do: root, else: find(root, id))

  defp find(sup, id) do
    Enum.find_value(children(sup), fn {child_id, pid, spec} ->
      cond do
        child_id == id -> pid
        spec.type == :supervisor -> find(pid, id)
        true -> nil
      end
    end)
  end

  @doc "Prints the tree under `root`, one line per process: what OTP says of each."
  def print_tree(root) do
    root
    |> lines(id_of(root), %{type: :supervisor}, "")
    |> Enum.each(&IO.puts/1)
  end

  defp lines(pid, id, spec, indent) do
    {kind, flags, children} = describe(pid, spec)
    {:registered_name, name} = Process.info(pid, :registered_name)
    {:trap_exit, trap_exit} = Process.info(pid, :trap_exit)
    tables = for t <- :ets.all(), is_atom(t), :ets.info(t, :owner) == pid, do: {:table, t}

    facts =
      [name: name, restart: spec[:restart], shutdown: spec[:shutdown]] ++
        flags ++ tables ++ [trap_exit: trap_exit]

    text = for {key, value} <- facts, value not in [nil, []], do: " #{key}=#{inspect(value)}"
    line = "#{indent}#{kind} #{inspect(id)}#{text}"
    deeper = indent <> "  "
    [line | Enum.flat_map(children, fn {id, pid, spec} -> lines(pid, id, spec, deeper) end)]
  end

  defp describe(_pid, %{type: :worker}), do: {"worker", [], []}

  defp describe(sup, _spec) do
    case :sys.get_state(sup) do
      %DynamicSupervisor{} = s ->
        flags = [strategy: s.strategy, max_restarts: s.max_restarts, max_seconds: s.max_seconds]
        {"dynamic_supervisor", flags ++ [max_children: s.max_children], children(sup)}

      # supervisor.erl's #state{} record:
      # {:state, name, strategy, children, dynamics, intensity, period, ...}
      s ->
        flags = [strategy: elem(s, 2), max_restarts: elem(s, 5), max_seconds: elem(s, 6)]
        {"supervisor", flags, children(sup)}
    end
  end

  # A supervisor's running children in start order, as {id, pid, child spec}.
  defp children(sup) do
    case :sys.get_state(sup) do
      %DynamicSupervisor{children: children} ->
        for {pid, {_start, restart, shutdown, type, _}} <- Enum.sort(children),
            do: {id_of(pid), pid, %{restart: restart, shutdown: shutdown, type: type}}

      _state ->
        for {id, pid, _, _} <- Enum.reverse(Supervisor.which_children(sup)), is_pid(pid) do
          {:ok, spec} = :supervisor.get_childspec(sup, id)
          {id, pid, spec}
        end
    end
  end

  defp id_of(pid) do
    {:dictionary, dictionary} = Process.info(pid, :dictionary)
    with {_, id} <- List.keyfind(dictionary, :playground_id, 0), do: id
  end
end
"##;

const DYNAMIC_START: &str = r##"
  def start_link(opts) do
    name = Keyword.take(opts, [:name])

    with {:ok, sup} <- DynamicSupervisor.start_link(__MODULE__, opts, name) do
      # The initial children, in order, right after the supervisor: a start that is
      # refused ({:error, :max_children}) or fails is skipped, as in the simulator.
      for child <- children(), do: DynamicSupervisor.start_child(sup, child)
      {:ok, sup}
    end
  end
"##;

const SERVER_CALLBACKS: &str = r##"
  @impl true
  def handle_call(request, _from, state) when request != :poison do
    Playground.work(state.service_us)
    {:reply, :ok, state}
  end

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}

  def handle_cast(request, state) when request != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  @impl true
  def handle_info(message, state) when message != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end
"##;

const COUNTER_TABLE: &str = r##"
    if table = state[:table] do
      :ets.new(table, [:named_table, :public, read_concurrency: true])
      :ets.insert(table, {:value, 0})
    end
"##;

const COUNTER_CALLBACKS: &str = r##"
  @impl true
  def handle_call(request, _from, state) when request != :poison do
    Playground.work(state.service_us)
    state = if request == :incr, do: incr(state), else: state
    {:reply, state.count, state}
  end

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}

  def handle_cast(request, state) when request != :poison do
    Playground.work(state.service_us)
    {:noreply, if(request == :incr, do: incr(state), else: state)}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  @impl true
  def handle_info(message, state) when message != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end
"##;

const COUNTER_INCR_TABLE: &str = r##"
  defp incr(state) do
    state = %{state | count: state.count + 1}
    if state[:table], do: :ets.insert(state.table, {:value, state.count})
    state
  end
"##;

const CLIENT_CALLBACKS: &str = r##"
  @impl true
  def handle_info(:tick, state) do
    state = %{state | requests: state.requests + 1}
    request(state)
    schedule(state)
    {:noreply, state}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  def handle_info(message, state) when message != :poison, do: {:noreply, state}

  # A client answers no call: its caller times out.
  @impl true
  def handle_call(request, _from, state) when request != :poison, do: {:noreply, state}

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}
  def handle_cast(request, state) when request != :poison, do: {:noreply, state}
"##;

const CLIENT_ETS_WRITES: &str = r##"
  defp request(%{mode: :ets} = state) do
    if state[:write_every] && rem(state.requests, state.write_every) == 0 do
      call(state)
    else
      :ets.lookup(state.table, :value)
    end
  end
"##;

const CLIENT_CATCH: &str = r##"
  defp call(%{catch_timeout: true} = state) do
    GenServer.call(state.target, state.request, state.timeout_ms)
  catch
    :exit, {:timeout, _} -> :timeout
  end
"##;

const CLIENT_NOLINK: &str = r##"
  defp request(%{mode: :async_nolink} = state) do
    task = Task.Supervisor.async_nolink(state.target, task(state))
    Task.yield(task, state.timeout_ms) || Task.shutdown(task)
  end
"##;

const TASK: &str = r##"
  # What a task does.
  defp task(state) do
    fn ->
      Playground.work(state.task_us)
      :ok
    end
  end
"##;

const TASK_FAILING: &str = r##"
  # What a task does: it raises with probability fail_rate.
  defp task(state) do
    fn ->
      Playground.work(state.task_us)
      if :rand.uniform() < state.fail_rate, do: raise("task failed")
      :ok
    end
  end
"##;

const SCHEDULE: &str = r##"
  defp schedule(state),
    do: Process.send_after(self(), :tick, max(round(state.interval_us / 1000), 1))
"##;

const SCHEDULE_JITTER: &str = r##"
  # The next request in interval_us ± jitter (a fraction of it).
  defp schedule(state) do
    spread = trunc(state.interval_us * state.jitter)
    delay_us = state.interval_us - spread + :rand.uniform(2 * spread + 1) - 1
    Process.send_after(self(), :tick, max(round(delay_us / 1000), 1))
  end
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_aliases_unique_in_order() {
        let mut taken: BTreeSet<String> = ["Server", "Counter", "Client"]
            .iter()
            .map(|m| m.to_string())
            .collect();
        let names: Vec<String> = ["app_sup", "a_b", "aB", "server", "1st", "__", "a_b_"]
            .iter()
            .map(|id| unique_module(id, &mut taken))
            .collect();
        assert_eq!(
            names,
            ["AppSup", "AB", "ABSup", "ServerSup", "Sup1st", "Sup", "AB2"]
        );
    }

    #[test]
    fn literals_are_elixir_source() {
        assert_eq!(int(5000), "5000");
        assert_eq!(int(10_000), "10_000");
        assert_eq!(int(1_234_567), "1_234_567");
        assert_eq!(float(0.5), "0.5");
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(1e-7), "1.0e-7");
        assert_eq!(string("a \"#{b}\" #c\n"), r#""a \"\#{b}\" #c\n""#);
        assert_eq!(
            term_text(r#"{:get, "k", [1, -2], Alias, :"odd atom", true}"#),
            r#"{:get, "k", [1, -2], Alias, :"odd atom", true}"#
        );
        assert_eq!(atom("ok?"), ":ok?");
        assert_eq!(atom("Foo.bar"), ":\"Foo.bar\"");
    }

    #[test]
    fn comments_wrap_at_the_line_length_but_not_inside_code() {
        let mut code = Code::default();
        let text = format!("{} `a code span that must stay whole`", "word ".repeat(17));
        code.comment(0, 2, &text);
        assert_eq!(code.0.len(), 2);
        assert!(code.0.iter().all(|l| l.len() <= WIDTH));
        assert_eq!(code.0[1], "#   `a code span that must stay whole`");
    }

    #[test]
    fn file_stems_are_plain() {
        let mut s = Scenario::from_json(
            r#"{"name": "A cache — behind one_for_one!", "tree": {"type": "supervisor", "id": "r"}}"#,
        )
        .unwrap();
        assert_eq!(file_stem(&s), "a_cache_behind_one_for_one");
        s.name = "——".into();
        assert_eq!(file_stem(&s), "scenario");
    }
}
