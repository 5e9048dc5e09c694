//! The tree's vocabulary: child specs (workers, supervisors, dynamic, task and partition
//! supervisors), restart types, strategies, shutdowns and worker behaviours, each with
//! the defaults a file may leave out. The defaults are public constants so that the
//! Elixir export writes the same values.

use crate::term::{Term, parse_term};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum Restart {
    Permanent,
    Transient,
    Temporary,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    OneForOne,
    OneForAll,
    RestForOne,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::OneForOne => "one_for_one",
            Strategy::OneForAll => "one_for_all",
            Strategy::RestForOne => "rest_for_one",
        }
    }
}

/// How a supervisor stops a child: `"brutal_kill"`, `"infinity"` or a timeout in ms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bincode::Encode, bincode::Decode)]
pub enum Shutdown {
    BrutalKill,
    Infinity,
    Timeout(u64),
}

impl fmt::Display for Shutdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shutdown::BrutalKill => f.write_str(":brutal_kill"),
            Shutdown::Infinity => f.write_str(":infinity"),
            Shutdown::Timeout(ms) => write!(f, "{ms}"),
        }
    }
}

#[derive(Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(untagged)]
enum NumOrWord {
    Num(u64),
    Word(String),
}

impl Serialize for Shutdown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shutdown::BrutalKill => s.serialize_str("brutal_kill"),
            Shutdown::Infinity => s.serialize_str("infinity"),
            Shutdown::Timeout(ms) => s.serialize_u64(*ms),
        }
    }
}

impl<'de> Deserialize<'de> for Shutdown {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match NumOrWord::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "shutdown must be \"brutal_kill\", \"infinity\" or a whole number of milliseconds",
            )
        })? {
            NumOrWord::Num(ms) => Ok(Shutdown::Timeout(ms)),
            NumOrWord::Word(w) if w == "brutal_kill" => Ok(Shutdown::BrutalKill),
            NumOrWord::Word(w) if w == "infinity" => Ok(Shutdown::Infinity),
            NumOrWord::Word(w) => Err(serde::de::Error::custom(format!(
                "shutdown `{w}` is not \"brutal_kill\", \"infinity\" or a number of milliseconds"
            ))),
        }
    }
}

/// `max_children` of a DynamicSupervisor: a count or `"infinity"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, bincode::Encode, bincode::Decode)]
pub struct MaxChildren(pub Option<u32>);

impl Serialize for MaxChildren {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_str("infinity"),
            Some(n) => s.serialize_u32(n),
        }
    }
}

impl<'de> Deserialize<'de> for MaxChildren {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match NumOrWord::deserialize(d).map_err(|_| {
            serde::de::Error::custom("max_children must be a number or \"infinity\"")
        })? {
            NumOrWord::Num(n) => Ok(MaxChildren(Some(u32::try_from(n).unwrap_or(u32::MAX)))),
            NumOrWord::Word(w) if w == "infinity" => Ok(MaxChildren(None)),
            NumOrWord::Word(w) => Err(serde::de::Error::custom(format!(
                "max_children `{w}` is not a number or \"infinity\""
            ))),
        }
    }
}

/// A child specification. The `type` field picks the variant.
// A worker spec is the largest variant (its registrations and joins); specs are read once
// per scenario and shared behind `Rc`, so the size costs nothing on the hot path, while
// boxing it would complicate every pattern over the tree.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChildSpec {
    Worker(WorkerSpec),
    Supervisor(SupervisorSpec),
    DynamicSupervisor(DynamicSupervisorSpec),
    /// `Task.Supervisor`: a DynamicSupervisor whose children are tasks started by clients
    /// of mode `async_nolink` (temporary, started without waiting for an init).
    TaskSupervisor(TaskSupervisorSpec),
    /// Elixir 1.14's `PartitionSupervisor` over DynamicSupervisors: a plain supervisor of
    /// `partitions` DynamicSupervisors (ids 0..n-1), reached by key with
    /// `{:via, PartitionSupervisor, {name, key}}`.
    PartitionSupervisor(PartitionSupervisorSpec),
    /// A poolboy 1.5.2 pool (`:poolboy.start_link/2`): one node standing for poolboy's
    /// gen_server and its `poolboy_sup` (simple_one_for_one, temporary workers), with
    /// `size` workers started with it and up to `max_overflow` more on demand
    /// (`pool.rs`).
    Pool(PoolSpec),
}

/// `:poolboy.child_spec(id, name: {:local, name}, worker_module: ..., size:,
/// max_overflow:, strategy:)`: the pool and its workers (GenServers answering every
/// call with `:ok` after `service_us`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct PoolSpec {
    pub id: String,
    /// Required: callers check out through the pool's registered name.
    pub name: String,
    #[serde(default = "permanent")]
    pub restart: Restart,
    /// poolboy's child spec says 5000.
    #[serde(default = "worker_shutdown")]
    pub shutdown: Shutdown,
    #[serde(default = "default_pool_size")]
    pub size: u32,
    #[serde(default = "default_max_overflow")]
    pub max_overflow: u32,
    #[serde(default)]
    pub strategy: PoolStrategy,
    /// Scheduler time each worker takes per call.
    #[serde(default = "server_service")]
    pub service_us: u64,
    /// Each worker's `init/1` time (a connection's handshake).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub init_us: u64,
}

/// poolboy's `strategy`: which free worker a checkout takes. `lifo` (the default) hands
/// out the worker returned last; `fifo` the one idle longest.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    bincode::Encode,
    bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum PoolStrategy {
    #[default]
    Lifo,
    Fifo,
}

/// poolboy's defaults (`#state{}` in poolboy.erl): 5 workers, 10 overflow.
pub const DEFAULT_POOL_SIZE: u32 = 5;
pub const DEFAULT_MAX_OVERFLOW: u32 = 10;

fn default_pool_size() -> u32 {
    DEFAULT_POOL_SIZE
}
fn default_max_overflow() -> u32 {
    DEFAULT_MAX_OVERFLOW
}

impl PoolSpec {
    /// The spec of worker number `n` (from 1, in start order): `<pool id>_<n>`, a
    /// temporary GenServer (poolboy_sup's child spec: temporary, shutdown 5000).
    pub fn worker_spec(&self, n: u32) -> ChildSpec {
        ChildSpec::Worker(WorkerSpec {
            id: format!("{}_{n}", self.id),
            name: None,
            restart: Restart::Temporary,
            shutdown: Shutdown::Timeout(5000),
            behaviour: Behaviour::Server {
                service_us: self.service_us,
                table: None,
                stateless: false,
            },
            trap_exit: false,
            init_us: self.init_us,
            terminate_us: 0,
            registers: Vec::new(),
            joins: Vec::new(),
            init_fails: None,
            significant: false,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct WorkerSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "permanent")]
    pub restart: Restart,
    #[serde(default = "worker_shutdown")]
    pub shutdown: Shutdown,
    #[serde(default)]
    pub behaviour: Behaviour,
    #[serde(default, skip_serializing_if = "is_false")]
    pub trap_exit: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub init_us: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub terminate_us: u64,
    /// Keys this worker registers itself under as its `init/1` ends
    /// (`Registry.register(registry, key, nil)`), typically in a duplicate-key registry
    /// as a subscriber.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registers: Vec<Registration>,
    /// `:pg` groups this worker joins as its `init/1` ends
    /// (`:pg.join(scope, group, self())`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<PgJoin>,
    /// `init/1` returns `:ignore` / `{:stop, reason}` or raises on some starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_fails: Option<super::init_fails::InitFails>,
    /// `significant: true`: its exit can shut its Supervisor down (`auto_shutdown`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub significant: bool,
}

impl WorkerSpec {
    /// A worker as a scenario file that gives only its id and behaviour describes it: every
    /// other field at its default (permanent, a 5 s shutdown, no name, no extras).
    pub const fn new(id: String, behaviour: Behaviour) -> WorkerSpec {
        WorkerSpec {
            id,
            name: None,
            restart: Restart::Permanent,
            shutdown: Shutdown::Timeout(5000),
            behaviour,
            trap_exit: false,
            init_us: 0,
            terminate_us: 0,
            registers: Vec::new(),
            joins: Vec::new(),
            init_fails: None,
            significant: false,
        }
    }
}

/// One `:pg.join/3` a worker makes in `init/1`: a scope's name and a group (term text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct PgJoin {
    pub scope: String,
    pub group: String,
}

/// One `Registry.register/3` a worker makes in `init/1`: a registry's name and a key
/// (term text). The value is always `nil`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub registry: String,
    pub key: String,
}

/// A Registry's `keys:` option.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    bincode::Encode,
    bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum Keys {
    /// One process per key (names).
    #[default]
    Unique,
    /// Any number of processes per key (pub/sub).
    Duplicate,
}

impl Keys {
    pub fn as_str(self) -> &'static str {
        match self {
            Keys::Unique => "unique",
            Keys::Duplicate => "duplicate",
        }
    }
}

/// The `name` of a worker that registers through a Registry,
/// `{:via, Registry, {Reg, key}}`: the registry's name and the key's term text.
pub fn via_name(name: &str) -> Option<(String, Term)> {
    let t = parse_term(name).ok()?;
    let Term::Tuple(items) = &t else { return None };
    if items.len() != 3 || !items[0].is_atom("via") || !items[1].is_atom("Registry") {
        return None;
    }
    let Term::Tuple(rk) = &items[2] else {
        return None;
    };
    match (&rk.len(), rk.first()) {
        (2, Some(Term::Atom(reg))) => Some((reg.to_string(), rk[1].clone())),
        _ => None,
    }
}

/// Its compact form is written by hand (`compact_children.rs`): the children as templates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisorSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "permanent")]
    pub restart: Restart,
    #[serde(default = "sup_shutdown")]
    pub shutdown: Shutdown,
    #[serde(default = "one_for_one")]
    pub strategy: Strategy,
    #[serde(default = "default_max_restarts")]
    pub max_restarts: u32,
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u32,
    /// When a significant child's exit shuts the supervisor down.
    #[serde(
        default,
        skip_serializing_if = "super::auto_shutdown::AutoShutdown::is_never"
    )]
    pub auto_shutdown: super::auto_shutdown::AutoShutdown,
    /// In start order; `{"template": spec, "count": n}` entries expanded (template.rs).
    #[serde(default, with = "super::template")]
    pub children: Vec<ChildSpec>,
}

/// Its compact form is written by hand (`compact_children.rs`): the children as templates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamicSupervisorSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "permanent")]
    pub restart: Restart,
    #[serde(default = "sup_shutdown")]
    pub shutdown: Shutdown,
    #[serde(default = "default_max_restarts")]
    pub max_restarts: u32,
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u32,
    #[serde(default)]
    pub max_children: MaxChildren,
    /// In start order; `{"template": spec, "count": n}` entries expanded (template.rs).
    #[serde(default, with = "super::template")]
    pub children: Vec<ChildSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct TaskSupervisorSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "permanent")]
    pub restart: Restart,
    #[serde(default = "sup_shutdown")]
    pub shutdown: Shutdown,
    #[serde(default = "default_max_restarts")]
    pub max_restarts: u32,
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u32,
    #[serde(default)]
    pub max_children: MaxChildren,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct PartitionSupervisorSpec {
    pub id: String,
    /// Required, as `PartitionSupervisor.start_link/1` requires `:name`: routing finds the
    /// partitions through it.
    pub name: String,
    #[serde(default = "permanent")]
    pub restart: Restart,
    #[serde(default = "sup_shutdown")]
    pub shutdown: Shutdown,
    /// The PartitionSupervisor's own options (`Supervisor.init/2`'s): `one_for_one`, 3
    /// restarts in 5 seconds unless given.
    #[serde(default = "one_for_one")]
    pub strategy: Strategy,
    #[serde(default = "default_max_restarts")]
    pub max_restarts: u32,
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u32,
    /// Number of partitions; default `System.schedulers_online()`, the scenario's
    /// `config.schedulers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<u32>,
    /// The options every partition's `DynamicSupervisor.start_link/1` gets.
    #[serde(default)]
    pub child_spec: PartitionChildSpec,
    /// The partitions' specs, made by [`ChildSpec::resolve_partitions`] once the number
    /// of schedulers is known; not part of the file.
    #[serde(skip)]
    pub resolved: Vec<ChildSpec>,
}

/// `child_spec: {DynamicSupervisor, opts}`: what each partition is started with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct PartitionChildSpec {
    #[serde(default)]
    pub max_children: MaxChildren,
    #[serde(default = "default_max_restarts")]
    pub max_restarts: u32,
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u32,
}

impl Default for PartitionChildSpec {
    fn default() -> Self {
        PartitionChildSpec {
            max_children: MaxChildren::default(),
            max_restarts: DEFAULT_MAX_RESTARTS,
            max_seconds: DEFAULT_MAX_SECONDS,
        }
    }
}

impl PartitionSupervisorSpec {
    /// The partitions' child specs: DynamicSupervisors with ids `"0"`.. `"n-1"`, unnamed
    /// (PartitionSupervisor passes the child spec's options, which carry no name),
    /// permanent, `type: :supervisor` (shutdown `:infinity`), as
    /// `DynamicSupervisor.child_spec/1` makes them.
    pub fn partition_specs(&self, partitions: u32) -> Vec<ChildSpec> {
        (0..partitions)
            .map(|i| {
                ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
                    id: i.to_string(),
                    name: None,
                    restart: Restart::Permanent,
                    shutdown: Shutdown::Infinity,
                    max_restarts: self.child_spec.max_restarts,
                    max_seconds: self.child_spec.max_seconds,
                    max_children: self.child_spec.max_children,
                    children: Vec::new(),
                })
            })
            .collect()
    }
}

/// A supervisor's restart intensity unless the spec says: 3 restarts in 5 seconds.
pub const DEFAULT_MAX_RESTARTS: u32 = 3;
pub const DEFAULT_MAX_SECONDS: u32 = 5;

fn permanent() -> Restart {
    Restart::Permanent
}
fn worker_shutdown() -> Shutdown {
    Shutdown::Timeout(5000)
}
fn sup_shutdown() -> Shutdown {
    Shutdown::Infinity
}
fn one_for_one() -> Strategy {
    Strategy::OneForOne
}
fn default_max_restarts() -> u32 {
    DEFAULT_MAX_RESTARTS
}
fn default_max_seconds() -> u32 {
    DEFAULT_MAX_SECONDS
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a worker does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Behaviour {
    /// A GenServer answering every call with `:ok` after `service_us` of work.
    Server {
        #[serde(default = "server_service")]
        service_us: u64,
        /// Creates this named `:protected, read_concurrency: true` ETS table (others read it; only its owner writes) in `init/1`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<String>,
        /// Declares that its callbacks use no state: the work is a pure function, and the
        /// process only serialises its callers (the syllabus's red flag). Changes nothing
        /// in the run; the app warns about it once the server is used.
        #[serde(default, skip_serializing_if = "is_false")]
        stateless: bool,
    },
    /// A GenServer holding an integer.
    Counter {
        #[serde(default = "counter_service")]
        service_us: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<String>,
    },
    /// An `Agent` (a GenServer underneath): holds `initial` (term text) and runs the
    /// functions its clients send (`Agent.get` / `update` / `get_and_update` / `cast`),
    /// each taking `service_us` of the agent's own scheduler time.
    Agent {
        #[serde(default = "agent_initial")]
        initial: String,
        #[serde(default = "agent_service")]
        service_us: u64,
    },
    /// Elixir's `Registry` (`keys:`, `partitions:`), named by the worker's `name`. One
    /// process stands for Registry.Supervisor and its partitions: it traps exits, is
    /// linked to every process registered in it, and removes a dead process's keys when
    /// it handles that process's `{:EXIT, pid, reason}`.
    Registry {
        #[serde(default)]
        keys: Keys,
        #[serde(default = "one_partition")]
        partitions: u32,
    },
    /// A `:pg` scope (OTP 25's `pg`, one node): a gen_server named by the worker's `name`,
    /// owning the ETS table of the same name where group members are kept. It monitors
    /// every joined process and removes it from its groups when it handles the `:DOWN`.
    Pg {},
    /// A `:gen_statem` (callback mode `handle_event_function`) whose states and rules
    /// the scenario declares (`scenario/statem.rs`).
    Statem(super::statem::StatemSpec),
    /// Issues requests to a named server at a rate.
    Client(ClientSpec),
    /// A task a client started (never written in a scenario: clients of mode `async` and
    /// `async_nolink` make one per request).
    #[serde(skip)]
    Task(TaskSpec),
}

/// What one task does: `work_us` of its own scheduler time, then it returns `result`
/// (the client's `task_result`, `:ok` by default) or (`fail`, drawn from the client's
/// `fail_rate`) raises.
#[derive(Clone, Debug, PartialEq, bincode::Encode, bincode::Decode)]
pub struct TaskSpec {
    pub work_us: u64,
    pub fail: bool,
    /// Term text (a scenario is shared between threads, so no `Term`, which holds `Rc`s).
    pub result: String,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour::Server {
            service_us: server_service(),
            table: None,
            stateless: false,
        }
    }
}

impl Behaviour {
    /// The ETS table this behaviour creates in `init/1`, if any.
    pub fn table(&self) -> Option<&str> {
        match self {
            Behaviour::Server { table, .. } | Behaviour::Counter { table, .. } => table.as_deref(),
            Behaviour::Agent { .. }
            | Behaviour::Registry { .. }
            | Behaviour::Pg {}
            | Behaviour::Statem(_)
            | Behaviour::Client(_)
            | Behaviour::Task(_) => None,
        }
    }
}

/// Scheduler time per message of a `server` and a `counter` unless the spec says.
pub const DEFAULT_SERVER_SERVICE_US: u64 = 100;
pub const DEFAULT_COUNTER_SERVICE_US: u64 = 10;

/// An agent's state unless the spec says, and the time each of its functions takes.
pub const DEFAULT_AGENT_INITIAL: &str = "0";
pub const DEFAULT_AGENT_SERVICE_US: u64 = 10;

fn one_partition() -> u32 {
    1
}
fn agent_initial() -> String {
    DEFAULT_AGENT_INITIAL.into()
}
fn agent_service() -> u64 {
    DEFAULT_AGENT_SERVICE_US
}
fn server_service() -> u64 {
    DEFAULT_SERVER_SERVICE_US
}
fn counter_service() -> u64 {
    DEFAULT_COUNTER_SERVICE_US
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, bincode::Encode, bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum ClientMode {
    Call,
    Cast,
    /// Reads the ETS table its target owns with `:ets.lookup/2`, in its own process;
    /// every `write_every`th request is a `GenServer.call` instead.
    Ets,
    /// `Task.async/1` + `Task.await/2`: a task linked to the client per request.
    Async,
    /// `Task.Supervisor.async_nolink/2` under the task_supervisor `target`, then
    /// `Task.yield/2 || Task.shutdown/1`: the task is not linked to the client.
    AsyncNolink,
    /// `Agent.get(target, fn n -> n end, timeout_ms)`.
    AgentGet,
    /// `Agent.update(target, fn n -> n + 1 end, timeout_ms)`: the increment runs in the
    /// agent, atomically.
    AgentUpdate,
    /// `Agent.get_and_update(target, fn n -> {n, n + 1} end, timeout_ms)`.
    AgentGetAndUpdate,
    /// `Agent.cast(target, fn n -> n + 1 end)`.
    AgentCast,
    /// Read-modify-write in the caller: `n = Agent.get(target, fn n -> n end)`, then
    /// `work_us` of the caller's own time computing `n + 1`, then
    /// `Agent.update(target, fn _ -> n + 1 end)`. Concurrent callers lose updates.
    AgentGetThenUpdate,
    /// `Registry.dispatch(target, key, fn entries -> for {pid, _} <- entries, do:
    /// send(pid, request) end)`: sends `request` to every process registered under `key`
    /// in the registry named `target`, from the client's own process.
    Dispatch,
    /// A plain function called in the client's own process: each request is `work_us` of
    /// the client's scheduler time and no message (no target). What "use a module, not a
    /// process" looks like from the caller's side.
    Local,
    /// `:persistent_term.get(key)` in the client's own process: no message, no copy
    /// (`read_us`, default 0 µs: well under the clock's microsecond).
    PersistentTermGet,
    /// A counter kept in persistent_term by read-modify-write: `n =
    /// :persistent_term.get(key)`, `work_us` of the client's own time, then
    /// `:persistent_term.put(key, n + 1)`. Concurrent clients lose updates.
    PersistentTermIncr,
    /// A counter kept in `:counters`: `work_us` of the client's own time, then
    /// `:counters.add(:persistent_term.get(key), 1, 1)`, an atomic add on the array the
    /// run created for `key` (`:counters.new(1, [:atomics])`). No update is ever lost.
    CountersAdd,
    /// `:poolboy.transaction(target, fn w -> GenServer.call(w, request) end,
    /// timeout_ms)`: check a worker out of the pool `target` (waiting at most
    /// `timeout_ms` for one), call it (5 s), check it back in.
    PoolTransaction,
}

impl ClientMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientMode::Call => "call",
            ClientMode::Cast => "cast",
            ClientMode::Ets => "ets",
            ClientMode::Async => "async",
            ClientMode::AsyncNolink => "async_nolink",
            ClientMode::AgentGet => "agent_get",
            ClientMode::AgentUpdate => "agent_update",
            ClientMode::AgentGetAndUpdate => "agent_get_and_update",
            ClientMode::AgentCast => "agent_cast",
            ClientMode::AgentGetThenUpdate => "agent_get_then_update",
            ClientMode::Dispatch => "dispatch",
            ClientMode::Local => "local",
            ClientMode::PersistentTermGet => "persistent_term_get",
            ClientMode::PersistentTermIncr => "persistent_term_incr",
            ClientMode::CountersAdd => "counters_add",
            ClientMode::PoolTransaction => "pool_transaction",
        }
    }
    /// Does it use an Agent (its target must be one)?
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            ClientMode::AgentGet
                | ClientMode::AgentUpdate
                | ClientMode::AgentGetAndUpdate
                | ClientMode::AgentCast
                | ClientMode::AgentGetThenUpdate
        )
    }
    /// Does a request wait for a reply (`GenServer.call` underneath)?
    pub fn calls(self) -> bool {
        !matches!(
            self,
            ClientMode::Cast
                | ClientMode::AgentCast
                | ClientMode::Async
                | ClientMode::AsyncNolink
                | ClientMode::Dispatch
                | ClientMode::Local
                | ClientMode::PersistentTermGet
                | ClientMode::PersistentTermIncr
                | ClientMode::CountersAdd
        )
    }
    /// Does it name a `key` (persistent_term, or the `:counters` array stored under it)
    /// rather than a target?
    pub fn uses_key(self) -> bool {
        self.is_persistent_term() || self == ClientMode::CountersAdd
    }
    /// Does it use `:persistent_term` (it names a `key`, not a target)?
    pub fn is_persistent_term(self) -> bool {
        matches!(
            self,
            ClientMode::PersistentTermGet | ClientMode::PersistentTermIncr
        )
    }
    /// Does each request run as a task?
    pub fn is_task(self) -> bool {
        matches!(self, ClientMode::Async | ClientMode::AsyncNolink)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bincode::Encode, bincode::Decode)]
#[serde(deny_unknown_fields)]
pub struct ClientSpec {
    /// The registered name requests go to (mode `async` has none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    #[serde(default = "call_mode")]
    pub mode: ClientMode,
    #[serde(default = "default_interval")]
    pub interval_us: u64,
    #[serde(default)]
    pub jitter: f64,
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
    #[serde(default)]
    pub catch_timeout: bool,
    #[serde(default = "default_request")]
    pub request: String,
    /// Mode `ets`: scheduler time one `:ets.lookup/2` takes (default 1 µs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_us: Option<u64>,
    /// Mode `ets`: every `write_every`th request is `GenServer.call(target, request)`
    /// (default: none, reads only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_every: Option<u64>,
    /// Modes `async` / `async_nolink`: scheduler time each task works (default 1000 µs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_us: Option<u64>,
    /// Modes `async` / `async_nolink`: probability (seeded) that a task raises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_rate: Option<f64>,
    /// After this many requests the client makes no more (it stays alive, idle); counted
    /// per incarnation, so a restarted client starts again (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests: Option<u64>,
    /// Mode `agent_get_then_update`: scheduler time the caller spends computing the new
    /// value between its `Agent.get` and its `Agent.update`; mode `local`: the time each
    /// request's function takes in the caller (default 1000 µs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_us: Option<u64>,
    /// Mode `dispatch`: the key (term text) to dispatch to. Modes `persistent_term_get`
    /// / `persistent_term_incr`: the persistent_term key (an atom, written `:name` or
    /// `Module.Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Modes `async` / `async_nolink` only: what the task's function returns (term text;
    /// default `:ok`), which `Task.await` / `Task.yield` hand to the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_result: Option<String>,
    /// Mode `async` only: wait with `Task.yield(task, timeout_ms)` instead of `Task.await`;
    /// on `nil` the caller goes on and leaves the task running (its reply and `:DOWN`
    /// later reach the caller's `handle_info/2`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub task_yield: bool,
}

impl ClientSpec {
    pub fn read_us(&self) -> u64 {
        let default = if self.mode == ClientMode::PersistentTermGet {
            DEFAULT_PTERM_READ_US
        } else {
            DEFAULT_READ_US
        };
        self.read_us.unwrap_or(default)
    }
    pub fn work_us(&self) -> u64 {
        self.work_us.unwrap_or(DEFAULT_WORK_US)
    }
    pub fn task_us(&self) -> u64 {
        self.task_us.unwrap_or(DEFAULT_TASK_US)
    }
    /// Is request number `n` (from 1) a write? Only in mode `ets`, every `write_every`th.
    pub fn is_write(&self, n: u64) -> bool {
        self.write_every
            .is_some_and(|k| k > 0 && n.is_multiple_of(k))
    }
}

/// A lookup in a small table takes well under a microsecond on a real BEAM; the
/// simulator's clock counts whole microseconds.
pub const DEFAULT_READ_US: u64 = 1;
/// `:persistent_term.get/1` returns the stored term without copying it: measured on OTP
/// 25, a million gets of a 100-element list took 16 ms (0.016 µs each) where a million
/// `:ets.lookup/2` of the same term took 830 ms (0.83 µs, the copy). Below the clock's
/// microsecond, so 0.
pub const DEFAULT_PTERM_READ_US: u64 = 0;
pub const DEFAULT_TASK_US: u64 = 1000;
pub const DEFAULT_WORK_US: u64 = 1000;
/// A client's defaults: a call every millisecond, `:ping`, timing out after 5 s.
pub const DEFAULT_MODE: ClientMode = ClientMode::Call;
pub const DEFAULT_INTERVAL_US: u64 = 1000;
pub const DEFAULT_TIMEOUT_MS: u64 = 5000;
pub const DEFAULT_REQUEST: &str = ":ping";

fn call_mode() -> ClientMode {
    DEFAULT_MODE
}
fn default_interval() -> u64 {
    DEFAULT_INTERVAL_US
}
fn default_timeout() -> u64 {
    DEFAULT_TIMEOUT_MS
}
fn default_request() -> String {
    DEFAULT_REQUEST.into()
}

impl ChildSpec {
    pub fn id(&self) -> &str {
        match self {
            ChildSpec::Worker(w) => &w.id,
            ChildSpec::Supervisor(s) => &s.id,
            ChildSpec::DynamicSupervisor(s) => &s.id,
            ChildSpec::TaskSupervisor(s) => &s.id,
            ChildSpec::PartitionSupervisor(s) => &s.id,
            ChildSpec::Pool(s) => &s.id,
        }
    }
    pub fn name(&self) -> Option<&str> {
        match self {
            ChildSpec::Worker(w) => w.name.as_deref(),
            ChildSpec::Supervisor(s) => s.name.as_deref(),
            ChildSpec::DynamicSupervisor(s) => s.name.as_deref(),
            ChildSpec::TaskSupervisor(s) => s.name.as_deref(),
            ChildSpec::PartitionSupervisor(s) => Some(&s.name),
            ChildSpec::Pool(s) => Some(&s.name),
        }
    }
    pub fn restart(&self) -> Restart {
        match self {
            ChildSpec::Worker(w) => w.restart,
            ChildSpec::Supervisor(s) => s.restart,
            ChildSpec::DynamicSupervisor(s) => s.restart,
            ChildSpec::TaskSupervisor(s) => s.restart,
            ChildSpec::PartitionSupervisor(s) => s.restart,
            ChildSpec::Pool(s) => s.restart,
        }
    }
    pub fn shutdown(&self) -> Shutdown {
        match self {
            ChildSpec::Worker(w) => w.shutdown,
            ChildSpec::Supervisor(s) => s.shutdown,
            ChildSpec::DynamicSupervisor(s) => s.shutdown,
            ChildSpec::TaskSupervisor(s) => s.shutdown,
            ChildSpec::PartitionSupervisor(s) => s.shutdown,
            ChildSpec::Pool(s) => s.shutdown,
        }
    }
    pub fn children(&self) -> &[ChildSpec] {
        match self {
            ChildSpec::Worker(_) => &[],
            ChildSpec::Supervisor(s) => &s.children,
            ChildSpec::DynamicSupervisor(s) => &s.children,
            ChildSpec::TaskSupervisor(_) => &[],
            ChildSpec::PartitionSupervisor(s) => &s.resolved,
            ChildSpec::Pool(_) => &[],
        }
    }
    /// Fills in every PartitionSupervisor's partitions (default: `schedulers`, as
    /// `System.schedulers_online()`), here and below. Idempotent.
    pub fn resolve_partitions(&mut self, schedulers: u32) {
        match self {
            ChildSpec::PartitionSupervisor(p) => {
                let n = p.partitions.unwrap_or(schedulers).max(1);
                if p.resolved.len() != n as usize {
                    p.resolved = p.partition_specs(n);
                }
            }
            ChildSpec::Supervisor(s) => s
                .children
                .iter_mut()
                .for_each(|c| c.resolve_partitions(schedulers)),
            ChildSpec::DynamicSupervisor(s) => s
                .children
                .iter_mut()
                .for_each(|c| c.resolve_partitions(schedulers)),
            ChildSpec::Worker(_) | ChildSpec::TaskSupervisor(_) | ChildSpec::Pool(_) => {}
        }
    }
    /// Whether `resolve_partitions(schedulers)` would leave this spec as it is. Without
    /// recursion: a tree may be deep.
    pub fn partitions_resolved(&self, schedulers: u32) -> bool {
        let mut stack = vec![self];
        while let Some(s) = stack.pop() {
            match s {
                ChildSpec::PartitionSupervisor(p) => {
                    let n = p.partitions.unwrap_or(schedulers).max(1);
                    if p.resolved.len() != n as usize {
                        return false;
                    }
                }
                ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_) => {
                    stack.extend(s.children().iter().filter(|c| c.is_supervisor()));
                }
                ChildSpec::Worker(_) | ChildSpec::TaskSupervisor(_) | ChildSpec::Pool(_) => {}
            }
        }
        true
    }
    /// The same spec under another id.
    pub fn with_id(&self, id: &str) -> ChildSpec {
        let mut s = self.clone();
        match &mut s {
            ChildSpec::Worker(w) => w.id = id.to_string(),
            ChildSpec::Supervisor(x) => x.id = id.to_string(),
            ChildSpec::DynamicSupervisor(x) => x.id = id.to_string(),
            ChildSpec::TaskSupervisor(x) => x.id = id.to_string(),
            ChildSpec::PartitionSupervisor(x) => x.id = id.to_string(),
            ChildSpec::Pool(x) => x.id = id.to_string(),
        }
        s
    }
    pub fn is_supervisor(&self) -> bool {
        !matches!(self, ChildSpec::Worker(_))
    }
    /// Number of processes this spec starts (itself and its initial descendants).
    pub fn process_count(&self) -> usize {
        if let ChildSpec::PartitionSupervisor(p) = self {
            // Before resolution the default (the schedulers) is not known: at most 64.
            let n = p
                .partitions
                .map_or(p.resolved.len().max(64), |n| n as usize);
            return 1 + n;
        }
        if let ChildSpec::Pool(p) = self {
            return 1 + p.size as usize;
        }
        1 + self
            .children()
            .iter()
            .map(ChildSpec::process_count)
            .sum::<usize>()
    }
}

/// Parses term text that validation has already accepted.
pub(crate) fn term_or_atom(text: &str) -> Term {
    parse_term(text).unwrap_or_else(|_| Term::atom(text))
}
