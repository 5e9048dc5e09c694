//! Validation: everything serde cannot check (ranges, unique ids, registered names,
//! references between specs, the documented limits), each problem reported with the
//! path of the offending field.

use super::document::Scenario;
use super::fault::{Command, Fault};
use super::limits;
use super::spec::{
    Behaviour, ChildSpec, ClientMode, DEFAULT_REQUEST, DynamicSupervisorSpec, Keys,
    PartitionSupervisorSpec, Shutdown, TaskSupervisorSpec, WorkerSpec, via_name,
};
use super::telemetry::{TelemetrySpec, is_event_name};
use crate::term::parse_term;
use std::collections::BTreeSet;
use std::fmt;

/// A problem with a scenario: where (`tree.children[1].restart`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub problem: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Processes the scenario starts: its tree (templates expanded) and every
    /// `start_child` fault times its count. What `limits::MAX_PROCESSES` bounds.
    pub fn process_count(&self) -> usize {
        self.tree.process_count().saturating_add(
            self.faults
                .iter()
                .map(|f| match &f.action {
                    Command::StartChild { spec } => {
                        spec.process_count().saturating_mul(f.count as usize)
                    }
                    Command::Spawn { .. } => 1,
                    _ => 0,
                })
                .fold(0usize, usize::saturating_add),
        )
    }

    /// Checks everything serde cannot: ranges, unique ids, names, references.
    pub fn validate(&self) -> Result<(), Vec<ScenarioError>> {
        let mut v = Validator::default();
        let name_len = self.name.chars().count();
        if name_len == 0 || name_len > limits::MAX_NAME {
            v.err("name", format!("must be 1–{} characters", limits::MAX_NAME));
        }
        if self.description.chars().count() > limits::MAX_DESCRIPTION {
            v.err(
                "description",
                format!("longer than {} characters", limits::MAX_DESCRIPTION),
            );
        }
        if !(1..=limits::MAX_SCHEDULERS).contains(&self.config.schedulers) {
            v.err(
                "config.schedulers",
                format!("must be 1–{}", limits::MAX_SCHEDULERS),
            );
        }
        if self.config.latency_us > limits::MAX_LATENCY_US {
            v.err(
                "config.latency_us",
                format!("must be at most {}", limits::MAX_LATENCY_US),
            );
        }
        for (field, v_us) in [
            ("config.trace_cost_us", self.config.trace_cost_us),
            ("config.statistics_cost_us", self.config.statistics_cost_us),
        ] {
            if v_us > limits::MAX_DEBUG_COST_US {
                v.err(
                    field,
                    format!("must be at most {}", limits::MAX_DEBUG_COST_US),
                );
            }
        }
        if !(1..=limits::MAX_TIME_MS).contains(&self.duration_ms) {
            v.err("duration_ms", format!("must be 1–{}", limits::MAX_TIME_MS));
        }
        if !matches!(
            self.tree,
            ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_)
        ) {
            v.err(
                "tree.type",
                "the root must be a supervisor or dynamic_supervisor".into(),
            );
        }
        let in_tree = self.tree.process_count();
        let count = self.process_count();
        if count > limits::MAX_PROCESSES {
            // Name where the processes come from: the tree, or the start_child faults.
            let (path, what) = if in_tree > limits::MAX_PROCESSES {
                ("tree", format!("starts {count} processes"))
            } else {
                (
                    "faults",
                    format!(
                        "with the tree's {in_tree}, start_child faults start {count} processes"
                    ),
                )
            };
            v.err(
                path,
                format!("{what}; the limit is {}", limits::MAX_PROCESSES),
            );
            return Err(v.errors);
        }
        v.spec("tree", &self.tree, 0);
        for (i, f) in self.faults.iter().enumerate() {
            if let Command::StartChild { spec } = &f.action {
                v.spec(&format!("faults[{i}].spec"), spec, 1);
            }
            if let Command::Spawn { spec, .. } = &f.action {
                v.spawn_spec(&format!("faults[{i}].spec"), spec);
            }
        }
        if self.faults.len() > limits::MAX_FAULTS {
            v.err(
                "faults",
                format!(
                    "{} faults; the limit is {}",
                    self.faults.len(),
                    limits::MAX_FAULTS
                ),
            );
        }
        v.telemetry(&self.telemetry);
        for (i, f) in self.faults.iter().enumerate() {
            v.fault(&format!("faults[{i}]"), f);
        }
        if self.steps.len() > limits::MAX_STEPS {
            v.err(
                "steps",
                format!(
                    "{} steps; the limit is {}",
                    self.steps.len(),
                    limits::MAX_STEPS
                ),
            );
        }
        for (i, s) in self.steps.iter().enumerate() {
            if s.at_ms > limits::MAX_TIME_MS {
                v.err(
                    &format!("steps[{i}].at_ms"),
                    format!("must be at most {}", limits::MAX_TIME_MS),
                );
            }
            if s.text.chars().count() > limits::MAX_DESCRIPTION {
                v.err(&format!("steps[{i}].text"), "too long".into());
            }
            if let Some(sel) = &s.select
                && !v.ids.contains(sel)
                && !v.names.contains(sel)
            {
                v.err(
                    &format!("steps[{i}].select"),
                    format!("no child id or registered name `{sel}` in the tree"),
                );
            }
            if i > 0 && s.at_ms < self.steps[i - 1].at_ms {
                v.err(
                    &format!("steps[{i}].at_ms"),
                    "steps must be in time order".into(),
                );
            }
        }
        for (path, scope) in v.scope_refs.clone() {
            if !v.scopes.contains(&scope) {
                v.err(
                    &path,
                    format!("no pg scope in the scenario is named `{scope}` (a worker with `\"kind\": \"pg\"` and that name)"),
                );
            }
        }
        for (path, reg, unique) in v.registry_refs.clone() {
            match v.registries.get(&reg) {
                None => v.err(
                    &path,
                    format!("no registry in the scenario is named `{reg}` (a worker with `\"kind\": \"registry\"` and that name)"),
                ),
                Some(Keys::Duplicate) if unique => v.err(
                    &path,
                    format!("`{reg}` has duplicate keys: a {{:via, Registry, ...}} name needs a registry with `\"keys\": \"unique\"`"),
                ),
                Some(_) => {}
            }
        }
        // Client targets must name something in the scenario (or they would only ever fail).
        for (path, target, mode) in v.client_targets.clone() {
            if mode == ClientMode::Dispatch {
                if !v.registries.contains_key(&target) {
                    v.err(
                        &path,
                        format!("`{target}` is not a registry: mode `dispatch` sends to the processes registered in one"),
                    );
                }
                continue;
            }
            if !v.names.contains(&target) {
                v.err(
                    &path,
                    format!("no process in the scenario is registered as `{target}`"),
                );
            } else if mode == ClientMode::AsyncNolink && !v.task_sups.contains(&target) {
                v.err(
                    &path,
                    format!(
                        "`{target}` is not a task_supervisor: mode `async_nolink` starts its tasks under a Task.Supervisor"
                    ),
                );
            } else if mode == ClientMode::PoolTransaction && !v.pools.contains(&target) {
                v.err(
                    &path,
                    format!(
                        "`{target}` is not a pool: mode `pool_transaction` checks workers out of a node of type `pool`"
                    ),
                );
            } else if mode.is_agent() && !v.agents.contains(&target) {
                v.err(
                    &path,
                    format!(
                        "`{target}` is not an agent: mode `{}` sends Agent functions (give the target `\"kind\": \"agent\"`)",
                        mode.as_str()
                    ),
                );
            } else if mode == ClientMode::Ets && !v.table_of_name.contains_key(&target) {
                v.err(
                    &path,
                    format!(
                        "`{target}` creates no ETS table: mode `ets` reads the table its target owns (give the target's behaviour a `table`)"
                    ),
                );
            }
        }
        if v.errors.is_empty() {
            Ok(())
        } else {
            Err(v.errors)
        }
    }
}

#[derive(Default)]
struct Validator {
    errors: Vec<ScenarioError>,
    ids: BTreeSet<String>,
    names: BTreeSet<String>,
    client_targets: Vec<(String, String, ClientMode)>,
    /// ETS table name → the path of the spec that creates it.
    tables: std::collections::BTreeMap<String, String>,
    /// Registered name → the ETS table that process creates.
    table_of_name: std::collections::BTreeMap<String, String>,
    /// Registered names of task_supervisors.
    task_sups: BTreeSet<String>,
    /// Registered names of agents.
    agents: BTreeSet<String>,
    /// Names of the pools (the targets mode `pool_transaction` accepts).
    pools: BTreeSet<String>,
    /// Names of `:pg` scopes.
    scopes: BTreeSet<String>,
    /// (path, scope name): references checked once the whole scenario is read.
    scope_refs: Vec<(String, String)>,
    /// Registry name → its keys kind.
    registries: std::collections::BTreeMap<String, Keys>,
    /// (path, registry name, needs unique keys): references checked once the whole
    /// scenario is read.
    registry_refs: Vec<(String, String, bool)>,
    /// Registered names of partition_supervisors.
    partition_sups: BTreeSet<String>,
    /// Child ids of `server` and `counter` workers (what `telemetry.emitters` may name).
    emitters_ok: BTreeSet<String>,
    /// Handler ids of `telemetry.handlers` (the targets of the telemetry actions).
    telemetry_handlers: BTreeSet<String>,
    /// Ids and names of the supervisors: `true` for a Supervisor (static children:
    /// `restart_child` and `delete_child` apply), `false` for the dynamic kinds.
    sups: std::collections::BTreeMap<String, bool>,
}

impl Validator {
    fn err(&mut self, path: &str, problem: String) {
        // Hostile input could produce thousands of errors; the first hundred say enough.
        if self.errors.len() < 100 {
            self.errors.push(ScenarioError {
                path: path.to_string(),
                problem,
            });
        }
    }

    /// A worker's `init_fails`: a reason only for `stop`, and a term; starts counted
    /// from 1; only for the kinds whose `init/1` is the scenario's.
    fn init_fails(&mut self, path: &str, f: &super::init_fails::InitFails, b: &Behaviour) {
        if matches!(
            b,
            Behaviour::Registry { .. } | Behaviour::Pg {} | Behaviour::Task(_)
        ) {
            self.err(
                path,
                "does not apply to this kind: its init/1 is OTP's or Elixir's".into(),
            );
        }
        match (&f.reason, f.with) {
            (Some(_), w) if w != super::init_fails::InitResult::Stop => self.err(
                &format!("{path}.reason"),
                "only with `\"with\": \"stop\"` (the reason of `{:stop, reason}`)".into(),
            ),
            (Some(r), _) => {
                if let Err(e) = parse_term(r) {
                    self.err(&format!("{path}.reason"), format!("not a term: {e}"));
                }
            }
            _ => {}
        }
        if f.from_start == 0 || f.from_start > 1_000_000 {
            self.err(
                &format!("{path}.from_start"),
                "must be 1–1000000 (starts are counted from 1)".into(),
            );
        }
        if f.starts.is_some_and(|n| n == 0 || n > 1_000_000) {
            self.err(&format!("{path}.starts"), "must be 1–1000000".into());
        }
    }

    fn spec(&mut self, path: &str, spec: &ChildSpec, depth: usize) {
        if depth > limits::MAX_DEPTH {
            self.err(
                path,
                format!("tree deeper than {} levels", limits::MAX_DEPTH),
            );
            return;
        }
        let id = spec.id();
        if spec.is_supervisor() {
            let fixed = matches!(
                spec,
                ChildSpec::Supervisor(_) | ChildSpec::PartitionSupervisor(_)
            );
            self.sups.insert(id.to_string(), fixed);
            if let Some(name) = spec.name() {
                self.sups.insert(name.to_string(), fixed);
            }
        }
        if id.is_empty()
            || id.len() > 64
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.err(
                &format!("{path}.id"),
                format!("`{id}` must be 1–64 letters, digits or underscores"),
            );
        } else if !self.ids.insert(id.to_string()) {
            self.err(
                &format!("{path}.id"),
                format!("duplicate id `{id}`: ids must be unique in the scenario"),
            );
        }
        if let Some(name) = spec.name()
            && let Some((reg, key)) = via_name(name)
        {
            // A via name's key is checked at run time: a second start under a taken key
            // is what `{:error, {:already_started, pid}}` is for.
            let _ = key;
            self.names.insert(name.to_string());
            self.registry_refs.push((format!("{path}.name"), reg, true));
        } else if let Some(name) = spec.name() {
            if !is_name(name) {
                self.err(
                    &format!("{path}.name"),
                    format!("`{name}` is not a valid registered name"),
                );
            } else if !self.names.insert(name.to_string()) {
                self.err(
                    &format!("{path}.name"),
                    format!("name `{name}` is already registered by another process"),
                );
            }
        }
        if let Shutdown::Timeout(ms) = spec.shutdown()
            && ms > limits::MAX_TIME_MS
        {
            self.err(
                &format!("{path}.shutdown"),
                format!("must be at most {} ms", limits::MAX_TIME_MS),
            );
        }
        match spec {
            ChildSpec::Worker(w) => self.worker(path, w),
            ChildSpec::Supervisor(s) => self.intensity(path, s.max_restarts, s.max_seconds),
            ChildSpec::PartitionSupervisor(p) => self.partition_supervisor(path, p),
            ChildSpec::Pool(p) => {
                self.pools.insert(p.name.clone());
                // Its workers' ids (`<id>_1`.. for the first `size` started) can be
                // named by faults; later ones (replacements, overflow) too, up to the
                // overflow's worth.
                for n in 1..=(p.size + p.max_overflow).min(1000) {
                    self.ids.insert(format!("{}_{n}", p.id));
                }
                if p.max_overflow > limits::MAX_POOL_OVERFLOW {
                    self.err(
                        &format!("{path}.max_overflow"),
                        format!("must be at most {}", limits::MAX_POOL_OVERFLOW),
                    );
                }
                if p.service_us > limits::MAX_SERVICE_US {
                    self.err(
                        &format!("{path}.service_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if p.init_us > limits::MAX_SERVICE_US {
                    self.err(
                        &format!("{path}.init_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
            }
            ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
                max_restarts,
                max_seconds,
                max_children,
                ..
            })
            | ChildSpec::TaskSupervisor(TaskSupervisorSpec {
                max_restarts,
                max_seconds,
                max_children,
                ..
            }) => {
                self.intensity(path, *max_restarts, *max_seconds);
                if let Some(n) = max_children.0
                    && (n as usize) > limits::MAX_PROCESSES
                {
                    self.err(
                        &format!("{path}.max_children"),
                        format!("must be at most {}", limits::MAX_PROCESSES),
                    );
                }
            }
        }
        if let (ChildSpec::TaskSupervisor(_), Some(name)) = (spec, spec.name()) {
            self.task_sups.insert(name.to_string());
        }
        // A PartitionSupervisor's children are its partitions, made by it, not written.
        let written = if matches!(spec, ChildSpec::PartitionSupervisor(_)) {
            &[][..]
        } else {
            spec.children()
        };
        for (i, child) in written.iter().enumerate() {
            self.spec(&format!("{path}.children[{i}]"), child, depth + 1);
        }
        self.significant_children(path, spec);
    }

    /// `significant: true` as OTP's `check_childspec` accepts it: not on a permanent child
    /// (`{:bad_combination, [restart: :permanent, significant: true]}`), and only under a
    /// Supervisor whose `auto_shutdown` is not `never` (`{:bad_combination, [auto_shutdown:
    /// :never, significant: true]}`; Elixir 1.14's DynamicSupervisor has no auto_shutdown).
    /// Checked on a parent's written children (a `start_child` spec is a run-time error).
    fn significant_children(&mut self, path: &str, spec: &ChildSpec) {
        let auto = match spec {
            ChildSpec::Supervisor(s) => s.auto_shutdown,
            _ => super::auto_shutdown::AutoShutdown::Never,
        };
        for (i, child) in spec.children().iter().enumerate() {
            let ChildSpec::Worker(w) = child else {
                continue;
            };
            if !w.significant {
                continue;
            }
            let at = format!("{path}.children[{i}].significant");
            if w.restart == super::spec::Restart::Permanent {
                self.err(&at, "a permanent child cannot be significant (OTP: {:bad_combination, [restart: :permanent, significant: true]}); make it transient or temporary".into());
            }
            if auto.is_never() {
                self.err(&at, "its supervisor's auto_shutdown is never (OTP: {:bad_combination, [auto_shutdown: :never, significant: true]}); give a `supervisor` \"auto_shutdown\": \"any_significant\" or \"all_significant\"".into());
            }
        }
    }

    /// `PartitionSupervisor.start_link/1` raises without a name or with `partitions` < 1;
    /// the partitions' DynamicSupervisor options are checked as a DynamicSupervisor's.
    fn partition_supervisor(&mut self, path: &str, p: &PartitionSupervisorSpec) {
        self.intensity(path, p.max_restarts, p.max_seconds);
        self.partition_sups.insert(p.name.clone());
        match p.partitions {
            Some(0) => self.err(
                &format!("{path}.partitions"),
                "must be a positive integer".into(),
            ),
            Some(n) if n > limits::MAX_PARTITIONS => self.err(
                &format!("{path}.partitions"),
                format!("must be at most {}", limits::MAX_PARTITIONS),
            ),
            _ => {}
        }
        let c = &p.child_spec;
        self.intensity(&format!("{path}.child_spec"), c.max_restarts, c.max_seconds);
        if let Some(n) = c.max_children.0
            && (n as usize) > limits::MAX_PROCESSES
        {
            self.err(
                &format!("{path}.child_spec.max_children"),
                format!("must be at most {}", limits::MAX_PROCESSES),
            );
        }
    }

    fn intensity(&mut self, path: &str, max_restarts: u32, max_seconds: u32) {
        if max_restarts > limits::MAX_RESTARTS {
            self.err(
                &format!("{path}.max_restarts"),
                format!("must be at most {}", limits::MAX_RESTARTS),
            );
        }
        if !(1..=limits::MAX_SECONDS).contains(&max_seconds) {
            self.err(
                &format!("{path}.max_seconds"),
                format!("must be 1–{}", limits::MAX_SECONDS),
            );
        }
    }

    fn worker(&mut self, path: &str, w: &WorkerSpec) {
        for (i, j) in w.joins.iter().enumerate() {
            let jp = format!("{path}.joins[{i}]");
            if let Err(e) = parse_term(&j.group) {
                self.err(&format!("{jp}.group"), format!("not a term: {e}"));
            }
            self.scope_refs
                .push((format!("{jp}.scope"), j.scope.clone()));
        }
        for (i, r) in w.registers.iter().enumerate() {
            let rp = format!("{path}.registers[{i}]");
            if let Err(e) = parse_term(&r.key) {
                self.err(&format!("{rp}.key"), format!("not a term: {e}"));
            }
            self.registry_refs
                .push((format!("{rp}.registry"), r.registry.clone(), false));
        }
        if matches!(
            w.behaviour,
            Behaviour::Server { .. } | Behaviour::Counter { .. }
        ) {
            self.emitters_ok.insert(w.id.clone());
        }
        if !w.registers.is_empty() && matches!(w.behaviour, Behaviour::Registry { .. }) {
            self.err(
                &format!("{path}.registers"),
                "a registry does not register itself in a registry".into(),
            );
        }
        if matches!(w.behaviour, Behaviour::Statem(_)) {
            for (field, given) in [
                ("registers", !w.registers.is_empty()),
                ("joins", !w.joins.is_empty()),
            ] {
                if given {
                    self.err(
                        &format!("{path}.{field}"),
                        "does not apply to kind `statem`: its rules declare no init/1 calls".into(),
                    );
                }
            }
        }
        if let Some(f) = &w.init_fails {
            self.init_fails(&format!("{path}.init_fails"), f, &w.behaviour);
        }
        for (field, us) in [("init_us", w.init_us), ("terminate_us", w.terminate_us)] {
            if us > limits::MAX_SERVICE_US {
                self.err(
                    &format!("{path}.{field}"),
                    format!("must be at most {} µs", limits::MAX_SERVICE_US),
                );
            }
        }
        match &w.behaviour {
            Behaviour::Server {
                service_us, table, ..
            }
            | Behaviour::Counter { service_us, table } => {
                if *service_us > limits::MAX_SERVICE_US {
                    self.err(
                        &format!("{path}.behaviour.service_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if let Some(t) = table {
                    self.table(path, w, t);
                }
            }
            Behaviour::Agent {
                initial,
                service_us,
            } => {
                if *service_us > limits::MAX_SERVICE_US {
                    self.err(
                        &format!("{path}.behaviour.service_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if let Err(e) = parse_term(initial) {
                    self.err(
                        &format!("{path}.behaviour.initial"),
                        format!("not a term: {e}"),
                    );
                }
                if w.terminate_us > 0 {
                    self.err(
                        &format!("{path}.terminate_us"),
                        "does not apply to kind `agent`: an Agent's terminate/2 is Agent.Server's, which does nothing".into(),
                    );
                }
                if let Some(name) = &w.name {
                    self.agents.insert(name.clone());
                }
            }
            Behaviour::Statem(m) => {
                let mut found = Vec::new();
                super::statem::check(&format!("{path}.behaviour"), m, &mut |p, e| {
                    found.push((p, e))
                });
                for (p, e) in found {
                    self.err(&p, e);
                }
            }
            // Made by clients at run time, never read from a scenario.
            Behaviour::Task(_) => {}
            Behaviour::Pg {} => {
                match &w.name {
                    Some(name) if is_name(name) => {
                        self.scopes.insert(name.clone());
                    }
                    _ => self.err(
                        &format!("{path}.name"),
                        "a pg scope needs a name (an atom such as `chat`): :pg.start_link/1 registers the scope under it".into(),
                    ),
                }
                if w.trap_exit || w.init_us > 0 || w.terminate_us > 0 {
                    self.err(
                        &format!("{path}.behaviour"),
                        "trap_exit, init_us and terminate_us do not apply to kind `pg`: its callbacks are OTP's".into(),
                    );
                }
            }
            Behaviour::Registry { keys, partitions } => {
                if !(1..=limits::MAX_REGISTRY_PARTITIONS).contains(partitions) {
                    self.err(
                        &format!("{path}.behaviour.partitions"),
                        format!("must be 1–{}", limits::MAX_REGISTRY_PARTITIONS),
                    );
                }
                match &w.name {
                    Some(name) if is_name(name) => {
                        self.registries.insert(name.clone(), *keys);
                    }
                    _ => self.err(
                        &format!("{path}.name"),
                        "a registry needs a name (an alias such as `MyApp.Registry`): Registry.start_link/1 requires one".into(),
                    ),
                }
                if w.trap_exit {
                    self.err(
                        &format!("{path}.trap_exit"),
                        "does not apply to kind `registry`: its partitions always trap exits"
                            .into(),
                    );
                }
                if w.init_us > 0 || w.terminate_us > 0 {
                    self.err(
                        &format!("{path}.init_us"),
                        "init_us and terminate_us do not apply to kind `registry`: its callbacks are Elixir's".into(),
                    );
                }
            }
            Behaviour::Client(c) => {
                let bp = format!("{path}.behaviour");
                if !(1..=limits::MAX_SERVICE_US).contains(&c.interval_us) {
                    self.err(
                        &format!("{bp}.interval_us"),
                        format!("must be 1–{} µs", limits::MAX_SERVICE_US),
                    );
                }
                if !(0.0..=1.0).contains(&c.jitter) {
                    self.err(
                        &format!("{bp}.jitter"),
                        "must be between 0.0 and 1.0".into(),
                    );
                }
                if !(1..=limits::MAX_TIME_MS).contains(&c.timeout_ms) {
                    self.err(
                        &format!("{bp}.timeout_ms"),
                        format!("must be 1–{} ms", limits::MAX_TIME_MS),
                    );
                }
                if let Err(e) = parse_term(&c.request) {
                    self.err(&format!("{bp}.request"), format!("not a term: {e}"));
                }
                let mode_only = [
                    (
                        "read_us",
                        c.read_us.is_some(),
                        "`ets` or the persistent_term modes",
                        c.mode == ClientMode::Ets || c.mode.is_persistent_term(),
                    ),
                    (
                        "write_every",
                        c.write_every.is_some(),
                        "`ets`",
                        c.mode == ClientMode::Ets,
                    ),
                    (
                        "task_us",
                        c.task_us.is_some(),
                        "`async` or `async_nolink`",
                        c.mode.is_task(),
                    ),
                    (
                        "fail_rate",
                        c.fail_rate.is_some(),
                        "`async` or `async_nolink`",
                        c.mode.is_task(),
                    ),
                    (
                        "task_result",
                        c.task_result.is_some(),
                        "`async` or `async_nolink`",
                        c.mode.is_task(),
                    ),
                    (
                        "task_yield",
                        c.task_yield,
                        "`async`",
                        c.mode == ClientMode::Async,
                    ),
                    (
                        "work_us",
                        c.work_us.is_some(),
                        "`agent_get_then_update`, `local`, `persistent_term_incr` or `counters_add`",
                        matches!(
                            c.mode,
                            ClientMode::AgentGetThenUpdate
                                | ClientMode::Local
                                | ClientMode::PersistentTermIncr
                                | ClientMode::CountersAdd
                        ),
                    ),
                ];
                if c.mode == ClientMode::Dispatch {
                    match &c.key {
                        None => self.err(
                            &format!("{bp}.key"),
                            "mode `dispatch` needs a key (term text) to dispatch to".into(),
                        ),
                        Some(k) => {
                            if let Err(e) = parse_term(k) {
                                self.err(&format!("{bp}.key"), format!("not a term: {e}"));
                            }
                        }
                    }
                }
                for (field, given, modes, applies) in mode_only {
                    if given && !applies {
                        self.err(
                            &format!("{bp}.{field}"),
                            format!("applies only to mode {modes}, not `{}`", c.mode.as_str()),
                        );
                    }
                }
                if let Some(t) = &c.task_result
                    && let Err(e) = parse_term(t)
                {
                    self.err(&format!("{bp}.task_result"), format!("not a term: {e}"));
                }
                if let Some(us) = c.task_us
                    && us > limits::MAX_SERVICE_US
                {
                    self.err(
                        &format!("{bp}.task_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if let Some(n) = c.max_requests
                    && n > limits::MAX_WRITE_EVERY
                {
                    self.err(
                        &format!("{bp}.max_requests"),
                        format!("must be at most {}", limits::MAX_WRITE_EVERY),
                    );
                }
                if let Some(us) = c.work_us
                    && us > limits::MAX_SERVICE_US
                {
                    self.err(
                        &format!("{bp}.work_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if c.mode.is_agent() && c.request != DEFAULT_REQUEST {
                    self.err(
                        &format!("{bp}.request"),
                        format!(
                            "does not apply to mode `{}`: the mode says which function it sends",
                            c.mode.as_str()
                        ),
                    );
                }
                if let Some(r) = c.fail_rate
                    && !(0.0..=1.0).contains(&r)
                {
                    self.err(
                        &format!("{bp}.fail_rate"),
                        "must be between 0.0 and 1.0".into(),
                    );
                }
                if let Some(us) = c.read_us
                    && us > limits::MAX_SERVICE_US
                {
                    self.err(
                        &format!("{bp}.read_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
                    );
                }
                if let Some(n) = c.write_every
                    && !(1..=limits::MAX_WRITE_EVERY).contains(&n)
                {
                    self.err(
                        &format!("{bp}.write_every"),
                        format!("must be 1–{}", limits::MAX_WRITE_EVERY),
                    );
                }
                // `key` names the dispatch key (mode `dispatch`, checked above) or the
                // persistent_term key; no other mode takes one.
                match (&c.key, c.mode.uses_key()) {
                    (Some(_), false) if c.mode == ClientMode::Dispatch => {}
                    (Some(_), false) => self.err(
                        &format!("{bp}.key"),
                        format!(
                            "does not apply to mode `{}` (only modes `dispatch`, `persistent_term_get`, `persistent_term_incr` and `counters_add` name a key)",
                            c.mode.as_str()
                        ),
                    ),
                    (None, true) => self.err(
                        &format!("{bp}.key"),
                        format!(
                            "mode `{}` needs a key (the persistent_term key it reads)",
                            c.mode.as_str()
                        ),
                    ),
                    (Some(k), true) if !is_name(k) => self.err(
                        &format!("{bp}.key"),
                        format!("`{k}` is not a valid key (an atom such as `app_config` or `MyApp.Config`)"),
                    ),
                    _ => {}
                }
                match (c.mode, c.target.is_empty()) {
                    (ClientMode::Async | ClientMode::Local, true) => {}
                    (m, true) if m.uses_key() => {}
                    (m, false) if m.uses_key() => self.err(
                        &format!("{bp}.target"),
                        format!(
                            "does not apply to mode `{}` (persistent_term is read in the client's own process; name the `key`)",
                            m.as_str()
                        ),
                    ),
                    (ClientMode::Async, false) => self.err(
                        &format!("{bp}.target"),
                        "does not apply to mode `async` (Task.async links the task to the client; there is no server)".into(),
                    ),
                    (ClientMode::Local, false) => self.err(
                        &format!("{bp}.target"),
                        "does not apply to mode `local` (the work runs in the client's own process; there is no server)".into(),
                    ),
                    (mode, true) => self.err(
                        &format!("{bp}.target"),
                        format!("mode `{}` needs a target (a registered name)", mode.as_str()),
                    ),
                    (mode, false) => {
                        self.client_targets
                            .push((format!("{bp}.target"), c.target.clone(), mode))
                    }
                }
            }
        }
    }

    /// A named ETS table: a valid name, created by one spec only (a second
    /// `:ets.new/2` with the same name raises `badarg` in the second owner's `init/1`).
    fn table(&mut self, path: &str, w: &WorkerSpec, table: &str) {
        let tp = format!("{path}.behaviour.table");
        if !is_name(table) {
            self.err(&tp, format!("`{table}` is not a valid table name"));
            return;
        }
        if let Some(first) = self.tables.get(table) {
            let first = first.clone();
            self.err(
                &tp,
                format!(
                    "table `{table}` is already created by {first}: a named ETS table has one owner"
                ),
            );
            return;
        }
        self.tables.insert(table.to_string(), path.to_string());
        if let Some(name) = &w.name {
            self.table_of_name.insert(name.clone(), table.to_string());
        }
    }

    /// The `telemetry` section: unique handler ids, well-formed event names, costs and
    /// counts in range, emitters naming a `server` or `counter` once each.
    fn telemetry(&mut self, t: &TelemetrySpec) {
        if t.handlers.len() > limits::MAX_TELEMETRY_HANDLERS {
            self.err(
                "telemetry.handlers",
                format!(
                    "{} handlers; the limit is {}",
                    t.handlers.len(),
                    limits::MAX_TELEMETRY_HANDLERS
                ),
            );
            return;
        }
        for (i, h) in t.handlers.iter().enumerate() {
            let path = format!("telemetry.handlers[{i}]");
            let len = h.id.chars().count();
            if len == 0 || len > limits::MAX_NAME {
                self.err(
                    &format!("{path}.id"),
                    format!("must be 1–{} characters", limits::MAX_NAME),
                );
            } else if !self.telemetry_handlers.insert(h.id.clone()) {
                // attach/4 with a taken id returns {:error, :already_exists}.
                self.err(
                    &format!("{path}.id"),
                    format!(
                        "`{}` is attached already (a second attach returns {{:error, :already_exists}})",
                        h.id
                    ),
                );
            }
            if h.events.is_empty() || h.events.len() > limits::MAX_TELEMETRY_EVENTS {
                self.err(
                    &format!("{path}.events"),
                    format!("must name 1–{} events", limits::MAX_TELEMETRY_EVENTS),
                );
            }
            for (j, e) in h.events.iter().enumerate() {
                if !is_event_name(e) {
                    self.err(
                        &format!("{path}.events[{j}]"),
                        format!(
                            "`{e}` is not an event name (dotted atoms such as `app.repo.query`)"
                        ),
                    );
                }
            }
            if h.cost_us > limits::MAX_SERVICE_US {
                self.err(
                    &format!("{path}.cost_us"),
                    format!("must be at most {}", limits::MAX_SERVICE_US),
                );
            }
            if h.raise_on_call == Some(0) {
                self.err(
                    &format!("{path}.raise_on_call"),
                    "must be at least 1 (1: the first call raises)".into(),
                );
            }
            if let Some(m) = &h.metric {
                let len = m.name.chars().count();
                if len == 0 || len > limits::MAX_NAME {
                    self.err(
                        &format!("{path}.metric.name"),
                        format!("must be 1–{} characters", limits::MAX_NAME),
                    );
                }
            }
        }
        let mut seen = BTreeSet::new();
        if t.emitters.len() > limits::MAX_TELEMETRY_HANDLERS {
            self.err(
                "telemetry.emitters",
                format!("more than {} emitters", limits::MAX_TELEMETRY_HANDLERS),
            );
            return;
        }
        for (i, e) in t.emitters.iter().enumerate() {
            let path = format!("telemetry.emitters[{i}]");
            if !self.emitters_ok.contains(&e.worker) {
                self.err(
                    &format!("{path}.worker"),
                    format!(
                        "`{}` is not the child id of a `server` or `counter` worker",
                        e.worker
                    ),
                );
            } else if !seen.insert(e.worker.clone()) {
                self.err(
                    &format!("{path}.worker"),
                    format!("`{}` emits already (one event per worker)", e.worker),
                );
            }
            if !is_event_name(&e.event) {
                self.err(
                    &format!("{path}.event"),
                    format!(
                        "`{}` is not an event name (dotted atoms such as `app.repo.query`)",
                        e.event
                    ),
                );
            }
        }
    }

    fn fault(&mut self, path: &str, f: &Fault) {
        if f.at_ms > limits::MAX_TIME_MS {
            self.err(
                &format!("{path}.at_ms"),
                format!("must be at most {}", limits::MAX_TIME_MS),
            );
        }
        if f.count == 0 || f.count as usize > limits::MAX_PROCESSES {
            self.err(
                &format!("{path}.count"),
                format!("must be 1–{}", limits::MAX_PROCESSES),
            );
        }
        if f.action.is_telemetry() {
            if self.telemetry_handlers.contains(&f.target) {
                // A handler id of the scenario: fine.
            } else {
                self.err(
                    &format!("{path}.target"),
                    format!(
                        "`{}` is not a handler id of `telemetry.handlers`: action `{}` names its handler in `target`",
                        f.target,
                        f.action.label()
                    ),
                );
            }
        } else if f.action.is_persistent_term() {
            if !is_name(&f.target) {
                self.err(
                    &format!("{path}.target"),
                    format!(
                        "`{}` is not a persistent_term key: action `{}` names its key in `target` (an atom such as `app_config` or `MyApp.Config`)",
                        f.target,
                        f.action.label().split(' ').next().unwrap_or_default()
                    ),
                );
            }
        } else if let Some(via) = super::fault::via_target(&f.target) {
            match via {
                Err(e) => self.err(&format!("{path}.target"), e),
                Ok((name, _)) if !self.partition_sups.contains(&name) => self.err(
                    &format!("{path}.target"),
                    format!("no partition_supervisor in the scenario is named `{name}`"),
                ),
                Ok((_, key)) if crate::phash::hash2(&key).is_none() => self.err(
                    &format!("{path}.target"),
                    format!("the key `{key}` cannot be routed (use an atom, integer, string, tuple or list)"),
                ),
                Ok(_) => {}
            }
        } else if !self.ids.contains(&f.target) && !self.names.contains(&f.target) {
            self.err(
                &format!("{path}.target"),
                format!(
                    "`{}` is neither a child id nor a registered name in the scenario",
                    f.target
                ),
            );
        }
        if f.action.is_child_api()
            && super::fault::via_target(&f.target).is_none()
            && (self.ids.contains(&f.target) || self.names.contains(&f.target))
            && !self.sups.contains_key(&f.target)
        {
            self.err(
                &format!("{path}.target"),
                format!(
                    "`{}` is not a supervisor: action `{}` is a call to one",
                    f.target,
                    f.action.label().split(' ').next().unwrap_or_default()
                ),
            );
        }
        match &f.action {
            Command::Exit { reason } | Command::Stop { reason } => {
                if let Err(e) = parse_term(reason) {
                    self.err(&format!("{path}.reason"), format!("not a term: {e}"));
                }
            }
            Command::Send { message } => {
                if let Err(e) = parse_term(message) {
                    self.err(&format!("{path}.message"), format!("not a term: {e}"));
                }
            }
            Command::PersistentTermPut { value } => {
                if let Err(e) = parse_term(value) {
                    self.err(&format!("{path}.value"), format!("not a term: {e}"));
                }
            }
            Command::ReplaceState { state } => {
                if let Err(e) = parse_term(state) {
                    self.err(&format!("{path}.state"), format!("not a term: {e}"));
                }
            }
            Command::TerminateChild { id } if !self.ids.contains(id) => {
                self.err(&format!("{path}.id"), format!("no child has the id `{id}`"));
            }
            // Any id is accepted: an unknown one is answered `{:error, :not_found}`, as
            // OTP does (checked: restart_child and delete_child of `:zz`).
            Command::RestartChild { .. } | Command::DeleteChild { .. }
                if self.sups.get(&f.target) == Some(&false) =>
            {
                self.err(
                    &format!("{path}.action"),
                    format!(
                        "`{}` is a dynamic supervisor: Elixir's DynamicSupervisor has no restart_child or delete_child (the call would crash it with a FunctionClauseError)",
                        f.target
                    ),
                );
            }
            Command::Register { registry, key } | Command::Unregister { registry, key } => {
                if let Err(e) = parse_term(key) {
                    self.err(&format!("{path}.key"), format!("not a term: {e}"));
                }
                self.registry_refs
                    .push((format!("{path}.registry"), registry.clone(), false));
            }
            Command::Join { scope, group } | Command::Leave { scope, group } => {
                if let Err(e) = parse_term(group) {
                    self.err(&format!("{path}.group"), format!("not a term: {e}"));
                }
                self.scope_refs
                    .push((format!("{path}.scope"), scope.clone()));
            }
            Command::Members { group } => {
                if let Err(e) = parse_term(group) {
                    self.err(&format!("{path}.group"), format!("not a term: {e}"));
                }
                self.scope_refs
                    .push((format!("{path}.target"), f.target.clone()));
            }
            Command::WhichGroups => {
                self.scope_refs
                    .push((format!("{path}.target"), f.target.clone()));
            }
            Command::Lookup { key } => {
                if let Err(e) = parse_term(key) {
                    self.err(&format!("{path}.key"), format!("not a term: {e}"));
                }
                self.registry_refs
                    .push((format!("{path}.target"), f.target.clone(), false));
            }
            Command::GiveAway {
                table,
                to,
                gift: value,
            }
            | Command::SetHeir {
                table,
                heir: to,
                data: value,
            } => {
                if !self.tables.contains_key(table) {
                    self.err(
                        &format!("{path}.table"),
                        format!("no worker in the scenario creates a table named `{table}` (a server or counter with `\"table\"`)"),
                    );
                }
                if !self.ids.contains(to) && !self.names.contains(to) {
                    self.err(
                        &format!("{path}.to"),
                        format!(
                            "`{to}` is neither a child id nor a registered name in the scenario"
                        ),
                    );
                }
                if let Err(e) = parse_term(value) {
                    self.err(&format!("{path}.value"), format!("not a term: {e}"));
                }
            }
            Command::Link { to }
            | Command::Unlink { to }
            | Command::Monitor { to }
            | Command::Demonitor { to }
            | Command::ProcessExit { to, .. }
                if !self.ids.contains(to) && !self.names.contains(to) =>
            {
                self.err(
                    &format!("{path}.to"),
                    format!("`{to}` is neither a child id nor a registered name in the scenario"),
                );
            }
            _ => {}
        }
        if let Command::ExitSelf { reason } | Command::ProcessExit { reason, .. } = &f.action
            && let Err(e) = parse_term(reason)
        {
            self.err(&format!("{path}.reason"), format!("not a term: {e}"));
        }
    }

    /// A `spawn` / `spawn_link` spec: a server or counter worker (what the caller starts
    /// with `GenServer.start/3`), checked like any child spec so that its id and name
    /// count among the scenario's.
    fn spawn_spec(&mut self, path: &str, spec: &ChildSpec) {
        let ok = matches!(spec, ChildSpec::Worker(w)
            if matches!(w.behaviour, Behaviour::Server { .. } | Behaviour::Counter { .. })
                && w.init_fails.is_none());
        if !ok {
            self.err(
                path,
                "a spawned process must be a worker of kind server or counter (without init_fails)"
                    .into(),
            );
        }
        self.spec(path, spec, 1);
    }
}

/// A registered name or table name: an Elixir alias (`Cache`) or atom text (`cache`).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}
