//! What the export needs to know about the whole scenario before writing a line: the
//! supervisor modules and their names, which worker modules are needed and which of their
//! features are used, the ETS tables, and every spec by id and name (for fault targets).

use super::names::{NS, registered_name, table_name, unique_module};
use super::syntax::atom;
use crate::scenario::{Behaviour, ChildSpec, Command, Scenario, WorkerSpec};
use std::collections::{BTreeMap, BTreeSet};

/// The worker behaviours, one GenServer module each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum WorkerKind {
    Server,
    Counter,
    Client,
    Agent,
}

impl WorkerKind {
    /// The module a worker spec runs (none for a Registry, a `:pg` scope, a task; a
    /// gen_statem has a module of its own).
    pub(super) fn of(w: &WorkerSpec) -> Option<WorkerKind> {
        match &w.behaviour {
            Behaviour::Server { .. } => Some(WorkerKind::Server),
            Behaviour::Counter { .. } => Some(WorkerKind::Counter),
            Behaviour::Client(_) => Some(WorkerKind::Client),
            Behaviour::Agent { .. } => Some(WorkerKind::Agent),
            Behaviour::Registry { .. }
            | Behaviour::Pg {}
            | Behaviour::Statem(_)
            | Behaviour::Task(_) => None,
        }
    }

    pub(super) fn module(self) -> String {
        let name = match self {
            WorkerKind::Server => "Server",
            WorkerKind::Counter => "Counter",
            WorkerKind::Client => "Client",
            WorkerKind::Agent => "Agent",
        };
        format!("{NS}.{name}")
    }
}

impl Uses {
    pub(super) fn agent_modes(&self) -> bool {
        self.modes.iter().any(|m| m.starts_with("agent_"))
    }
    pub(super) fn tasks(&self) -> bool {
        self.modes.contains("async") || self.modes.contains("async_nolink")
    }
}

/// What the specs of one worker module use: its code has only those parts.
#[derive(Default)]
pub(super) struct Uses {
    pub(super) trap_exit: bool,
    pub(super) init_us: bool,
    /// `init_fails`: `init/1` asks `Playground.InitFails` first.
    pub(super) init_fails: bool,
    pub(super) terminate_us: bool,
    pub(super) table: bool,
    pub(super) jitter: bool,
    pub(super) catch_timeout: bool,
    pub(super) write_every: bool,
    pub(super) fail_rate: bool,
    /// `registers`: `Registry.register/3` calls at the end of `init/1`.
    pub(super) registers: bool,
    /// `joins`: `:pg.join/3` calls at the end of `init/1`.
    pub(super) joins: bool,
    /// `register` / `unregister` faults aimed at a worker of this kind.
    pub(super) registry_casts: bool,
    /// A process-level fault (`link`, `monitor`, ...) goes to a worker of this kind.
    pub(super) proc_casts: bool,
    /// A `give_away` or `set_heir` fault goes to a worker of this kind.
    pub(super) ets_casts: bool,
    pub(super) modes: BTreeSet<&'static str>,
}

/// What the export needs to know about the whole scenario before writing a line.
pub(super) struct Plan<'a> {
    pub(super) root: &'a str,
    /// Supervisors in tree order, then those in `start_child` faults, with their modules.
    pub(super) sups: Vec<(&'a ChildSpec, String)>,
    /// Each statem worker and the module written for it.
    pub(super) statems: Vec<(&'a WorkerSpec, String)>,
    pub(super) module_of: BTreeMap<&'a str, String>,
    pub(super) workers: BTreeMap<WorkerKind, Uses>,
    /// Registered name → the ETS table that process creates (what an `ets` client reads).
    pub(super) tables: BTreeMap<&'a str, &'a str>,
    /// Every spec by id and by registered name: for fault targets.
    pub(super) specs: BTreeMap<&'a str, &'a ChildSpec>,
    /// Names the export had to change, for the header.
    pub(super) notes: Vec<String>,
    /// Any client interval that `Process.send_after/3` cannot keep (not whole ms)?
    pub(super) sub_ms_interval: bool,
    pub(super) read_us: bool,
    /// Any client that calls or casts a statem?
    pub(super) calls_statem: bool,
    /// Clients with `max_requests` (the export's clients never stop): id and count.
    pub(super) max_requests: Vec<(&'a str, u64)>,
    /// Any worker with `init_fails` (statems included): the script writes
    /// `Playground.InitFails` and makes its table of starts.
    pub(super) init_fails: bool,
}

impl<'a> Plan<'a> {
    pub(super) fn new(s: &'a Scenario) -> Plan<'a> {
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
            statems: Vec::new(),
            module_of: BTreeMap::new(),
            workers: BTreeMap::new(),
            tables: BTreeMap::new(),
            specs: BTreeMap::new(),
            notes: Vec::new(),
            sub_ms_interval: false,
            read_us: false,
            calls_statem: false,
            max_requests: Vec::new(),
            init_fails: false,
        };
        // Worker module names are taken first, so that they never depend on ids.
        let mut taken: BTreeSet<String> = ["Server", "Counter", "Client", "Agent"]
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
                ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Statem(_)) => {
                    let module = format!("{NS}.{}", unique_module(spec.id(), &mut taken));
                    plan.module_of.insert(spec.id(), module.clone());
                    plan.statems.push((w, module));
                    plan.init_fails |= w.init_fails.is_some();
                }
                ChildSpec::Worker(_) if uses_pool(spec) => {}
                ChildSpec::Worker(w) => plan.worker(w),
                ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_) => {
                    let module = format!("{NS}.{}", unique_module(spec.id(), &mut taken));
                    plan.module_of.insert(spec.id(), module.clone());
                    plan.sups.push((spec, module));
                }
                // Elixir's own Task.Supervisor and PartitionSupervisor (over Elixir's
                // DynamicSupervisor): no module to write.
                ChildSpec::TaskSupervisor(_) | ChildSpec::PartitionSupervisor(_) => {}
                // poolboy is a hex package: the export leaves pools and their clients out.
                ChildSpec::Pool(p) => plan.notes.push(format!(
                    "The poolboy pool `{}` ({}) and the clients that use it are left out: poolboy is a hex package (`Mix.install([{{:poolboy, \"~> 1.5\"}}])`), which this script does not fetch.",
                    p.id, p.name
                )),
            }
        }
        // The processes the `register` / `unregister` faults ask.
        for f in &s.faults {
            if let Command::Register { .. } | Command::Unregister { .. } = &f.action
                && let Some(ChildSpec::Worker(w)) = plan.specs.get(f.target.as_str())
                && let Some(kind) = WorkerKind::of(w)
            {
                plan.workers.entry(kind).or_default().registry_casts = true;
            }
            if f.action.is_proc_op()
                && !matches!(f.action, Command::Spawn { .. })
                && let Some(ChildSpec::Worker(w)) = plan.specs.get(f.target.as_str())
                && let Some(kind) = WorkerKind::of(w)
            {
                plan.workers.entry(kind).or_default().proc_casts = true;
            }
            if let Command::GiveAway { .. } | Command::SetHeir { .. } = &f.action
                && let Some(ChildSpec::Worker(w)) = plan.specs.get(f.target.as_str())
                && let Some(kind) = WorkerKind::of(w)
            {
                plan.workers.entry(kind).or_default().ets_casts = true;
            }
        }
        plan.calls_statem = all.iter().any(|spec| match spec {
            ChildSpec::Worker(w) => match &w.behaviour {
                Behaviour::Client(c) => plan.is_statem(&c.target),
                _ => false,
            },
            _ => false,
        });
        plan
    }

    pub(super) fn worker(&mut self, w: &'a WorkerSpec) {
        self.init_fails |= w.init_fails.is_some();
        if w.significant {
            self.notes.push(format!(
                "`significant` of `{}` and its supervisor's `auto_shutdown` are left out (Elixir 1.14's `Supervisor.init/2` drops `:auto_shutdown`, `Supervisor.child_spec/2` rejects `:significant`): here its exit never shuts the supervisor down.",
                w.id
            ));
        }
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
                if let Some(n) = c.max_requests {
                    self.max_requests.push((&w.id, n));
                }
                self.sub_ms_interval |= !c.interval_us.is_multiple_of(1000);
                self.read_us |= c.read_us.is_some();
                WorkerKind::Client
            }
            Behaviour::Agent { .. } => WorkerKind::Agent,
            // Each statem has a module of its own (`Plan::statems`).
            Behaviour::Statem(_) => return,
            // Made by clients at run time, never in a scenario.
            Behaviour::Task(_) => return,
            // Elixir's own Registry, OTP's own pg: no module to write.
            Behaviour::Registry { .. } | Behaviour::Pg {} => return,
        };
        let uses = self.workers.entry(kind).or_default();
        uses.trap_exit |= w.trap_exit;
        uses.init_us |= w.init_us > 0;
        uses.init_fails |= w.init_fails.is_some();
        uses.terminate_us |= w.terminate_us > 0;
        uses.table |= w.behaviour.table().is_some();
        uses.registers |= !w.registers.is_empty();
        uses.joins |= !w.joins.is_empty();
        if let Behaviour::Client(c) = &w.behaviour {
            uses.jitter |= c.jitter > 0.0;
            uses.catch_timeout |= c.catch_timeout;
            uses.write_every |= c.write_every.is_some();
            uses.fail_rate |= c.fail_rate.is_some_and(|r| r > 0.0);
            uses.modes.insert(c.mode.as_str());
        }
    }

    /// A DynamicSupervisor (Task.Supervisor is one)?
    pub(super) fn is_dynamic(&self, target: &str) -> bool {
        // A via target names one of a PartitionSupervisor's DynamicSupervisors.
        crate::scenario::via_target(target).is_some()
            || matches!(
                self.specs.get(target),
                Some(ChildSpec::DynamicSupervisor(_) | ChildSpec::TaskSupervisor(_))
            )
    }

    /// An agent (a crash or stop fault is a function it runs)?
    pub(super) fn is_agent(&self, target: &str) -> bool {
        matches!(
            self.specs.get(target),
            Some(ChildSpec::Worker(w)) if matches!(w.behaviour, Behaviour::Agent { .. })
        )
    }

    /// A counter (its state is a map holding `count`)?
    pub(super) fn is_counter(&self, target: &str) -> bool {
        matches!(
            self.specs.get(target),
            Some(ChildSpec::Worker(w)) if matches!(w.behaviour, Behaviour::Counter { .. })
        )
    }

    /// A gen_statem?
    pub(super) fn is_statem(&self, target: &str) -> bool {
        matches!(
            self.specs.get(target),
            Some(ChildSpec::Worker(w)) if matches!(w.behaviour, Behaviour::Statem(_))
        )
    }

    pub(super) fn is_supervisor(&self, target: &str) -> bool {
        self.specs.get(target).is_some_and(|s| s.is_supervisor())
    }
}

pub(super) fn collect<'a>(spec: &'a ChildSpec, out: &mut Vec<&'a ChildSpec>) {
    out.push(spec);
    if matches!(spec, ChildSpec::PartitionSupervisor(_)) {
        // Its partitions are made by PartitionSupervisor itself.
        return;
    }
    for child in spec.children() {
        collect(child, out);
    }
}

/// A pool, or a client of one: not exported (poolboy is a hex package).
pub(super) fn uses_pool(spec: &ChildSpec) -> bool {
    match spec {
        ChildSpec::Pool(_) => true,
        ChildSpec::Worker(w) => matches!(
            &w.behaviour,
            Behaviour::Client(c) if c.mode == crate::scenario::ClientMode::PoolTransaction
        ),
        _ => false,
    }
}
