//! The scenario file: a supervision tree, its workload, a seed and a fault schedule, in
//! OTP's vocabulary. Owns parsing (serde, unknown fields rejected) and validation, which
//! names the offending field and the problem. `docs/scenario-format.md` is its reference.

use crate::term::{Term, parse_term};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;

/// Documented limits: a scenario beyond them is rejected, never run.
pub mod limits {
    pub const MAX_JSON_BYTES: usize = 2_000_000;
    pub const MAX_PROCESSES: usize = 20_000;
    pub const MAX_DEPTH: usize = 16;
    pub const MAX_FAULTS: usize = 10_000;
    pub const MAX_TIME_MS: u64 = 3_600_000;
    pub const MAX_SCHEDULERS: u32 = 64;
    pub const MAX_LATENCY_US: u64 = 1_000_000;
    pub const MAX_SERVICE_US: u64 = 60_000_000;
    pub const MAX_RESTARTS: u32 = 10_000;
    pub const MAX_SECONDS: u32 = 86_400;
    pub const MAX_NAME: usize = 120;
    pub const MAX_DESCRIPTION: usize = 4_000;
    pub const MAX_STEPS: usize = 200;
    pub const MAX_WRITE_EVERY: u64 = 1_000_000;
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub config: Config,
    pub tree: ChildSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<Fault>,
    #[serde(default = "default_duration")]
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}

fn default_seed() -> u64 {
    1
}
fn default_duration() -> u64 {
    10_000
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_schedulers")]
    pub schedulers: u32,
    #[serde(default = "default_latency")]
    pub latency_us: u64,
}

fn default_schedulers() -> u32 {
    2
}
fn default_latency() -> u64 {
    10
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schedulers: default_schedulers(),
            latency_us: default_latency(),
        }
    }
}

/// A narrated presenter step: the presenter's next key moves the simulation to `at_ms`,
/// shows `text` and selects `select` (a child id or registered name), if given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at_ms: u64,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Restart {
    Permanent,
    Transient,
    Temporary,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

#[derive(Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChildSpec {
    Worker(WorkerSpec),
    Supervisor(SupervisorSpec),
    DynamicSupervisor(DynamicSupervisorSpec),
    /// `Task.Supervisor`: a DynamicSupervisor whose children are tasks started by clients
    /// of mode `async_nolink` (temporary, started without waiting for an init).
    TaskSupervisor(TaskSupervisorSpec),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

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
    #[serde(default)]
    pub children: Vec<ChildSpec>,
}

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
    #[serde(default)]
    pub children: Vec<ChildSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    3
}
fn default_max_seconds() -> u32 {
    5
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a worker does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Behaviour {
    /// A GenServer answering every call with `:ok` after `service_us` of work.
    Server {
        #[serde(default = "server_service")]
        service_us: u64,
        /// Creates this named `:public, read_concurrency: true` ETS table in `init/1`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<String>,
    },
    /// A GenServer holding an integer.
    Counter {
        #[serde(default = "counter_service")]
        service_us: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<String>,
    },
    /// Issues requests to a named server at a rate.
    Client(ClientSpec),
    /// A task a client started (never written in a scenario: clients of mode `async` and
    /// `async_nolink` make one per request).
    #[serde(skip)]
    Task(TaskSpec),
}

/// What one task does: `work_us` of its own scheduler time, then it returns `:ok` or
/// (`fail`, drawn from the client's `fail_rate`) raises.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskSpec {
    pub work_us: u64,
    pub fail: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour::Server {
            service_us: server_service(),
            table: None,
        }
    }
}

impl Behaviour {
    /// The ETS table this behaviour creates in `init/1`, if any.
    pub fn table(&self) -> Option<&str> {
        match self {
            Behaviour::Server { table, .. } | Behaviour::Counter { table, .. } => table.as_deref(),
            Behaviour::Client(_) | Behaviour::Task(_) => None,
        }
    }
}

fn server_service() -> u64 {
    100
}
fn counter_service() -> u64 {
    10
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl ClientMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientMode::Call => "call",
            ClientMode::Cast => "cast",
            ClientMode::Ets => "ets",
            ClientMode::Async => "async",
            ClientMode::AsyncNolink => "async_nolink",
        }
    }
    /// Does each request run as a task?
    pub fn is_task(self) -> bool {
        matches!(self, ClientMode::Async | ClientMode::AsyncNolink)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

impl ClientSpec {
    pub fn read_us(&self) -> u64 {
        self.read_us.unwrap_or(DEFAULT_READ_US)
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
pub const DEFAULT_TASK_US: u64 = 1000;

fn call_mode() -> ClientMode {
    ClientMode::Call
}
fn default_interval() -> u64 {
    1000
}
fn default_timeout() -> u64 {
    5000
}
fn default_request() -> String {
    ":ping".into()
}

impl ChildSpec {
    /// One child spec from JSON text (a share link's `start_child`), read the same way as
    /// a scenario's (so the app carries one copy of the parser) and with a path in errors.
    pub fn from_json(text: &str) -> Result<ChildSpec, String> {
        if text.len() > limits::MAX_JSON_BYTES {
            return Err("the child spec is too large".into());
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| e.to_string())
    }

    pub fn id(&self) -> &str {
        match self {
            ChildSpec::Worker(w) => &w.id,
            ChildSpec::Supervisor(s) => &s.id,
            ChildSpec::DynamicSupervisor(s) => &s.id,
            ChildSpec::TaskSupervisor(s) => &s.id,
        }
    }
    pub fn name(&self) -> Option<&str> {
        match self {
            ChildSpec::Worker(w) => w.name.as_deref(),
            ChildSpec::Supervisor(s) => s.name.as_deref(),
            ChildSpec::DynamicSupervisor(s) => s.name.as_deref(),
            ChildSpec::TaskSupervisor(s) => s.name.as_deref(),
        }
    }
    pub fn restart(&self) -> Restart {
        match self {
            ChildSpec::Worker(w) => w.restart,
            ChildSpec::Supervisor(s) => s.restart,
            ChildSpec::DynamicSupervisor(s) => s.restart,
            ChildSpec::TaskSupervisor(s) => s.restart,
        }
    }
    pub fn shutdown(&self) -> Shutdown {
        match self {
            ChildSpec::Worker(w) => w.shutdown,
            ChildSpec::Supervisor(s) => s.shutdown,
            ChildSpec::DynamicSupervisor(s) => s.shutdown,
            ChildSpec::TaskSupervisor(s) => s.shutdown,
        }
    }
    pub fn children(&self) -> &[ChildSpec] {
        match self {
            ChildSpec::Worker(_) => &[],
            ChildSpec::Supervisor(s) => &s.children,
            ChildSpec::DynamicSupervisor(s) => &s.children,
            ChildSpec::TaskSupervisor(_) => &[],
        }
    }
    pub fn is_supervisor(&self) -> bool {
        !matches!(self, ChildSpec::Worker(_))
    }
    /// Number of processes this spec starts (itself and its initial descendants).
    pub fn process_count(&self) -> usize {
        1 + self
            .children()
            .iter()
            .map(ChildSpec::process_count)
            .sum::<usize>()
    }
}

/// A scheduled fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFault", into = "RawFault")]
pub struct Fault {
    pub at_ms: u64,
    pub target: String,
    pub action: FaultAction,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FaultAction {
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
                FaultAction::Exit {
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            "stop" => {
                extra(&["reason"])?;
                FaultAction::Stop {
                    reason: need(r.reason.clone(), "reason")?,
                }
            }
            "crash" => {
                extra(&["message"])?;
                FaultAction::Crash {
                    message: r.message.clone().unwrap_or_else(boom),
                }
            }
            "poison" | "suspend" | "resume" => {
                extra(&[])?;
                match r.action.as_str() {
                    "poison" => FaultAction::Poison,
                    "suspend" => FaultAction::Suspend,
                    _ => FaultAction::Resume,
                }
            }
            "send" => {
                extra(&["message"])?;
                FaultAction::Send {
                    message: need(r.message.clone(), "message")?,
                }
            }
            "start_child" => {
                extra(&["spec"])?;
                FaultAction::StartChild {
                    spec: r
                        .spec
                        .clone()
                        .ok_or("action `start_child` needs the field `spec`")?,
                }
            }
            "terminate_child" => {
                extra(&["id"])?;
                FaultAction::TerminateChild {
                    id: need(r.id.clone(), "id")?,
                }
            }
            other => {
                return Err(format!(
                    "unknown action `{other}`, expected one of exit, stop, crash, poison, suspend, resume, send, start_child, terminate_child"
                ));
            }
        };
        Ok(Fault {
            at_ms: r.at_ms,
            target: r.target,
            action,
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
        };
        r.action = match f.action {
            FaultAction::Exit { reason } => {
                r.reason = Some(reason);
                "exit"
            }
            FaultAction::Crash { message } => {
                r.message = Some(message);
                "crash"
            }
            FaultAction::Stop { reason } => {
                r.reason = Some(reason);
                "stop"
            }
            FaultAction::Poison => "poison",
            FaultAction::Suspend => "suspend",
            FaultAction::Resume => "resume",
            FaultAction::Send { message } => {
                r.message = Some(message);
                "send"
            }
            FaultAction::StartChild { spec } => {
                r.spec = Some(spec);
                "start_child"
            }
            FaultAction::TerminateChild { id } => {
                r.id = Some(id);
                "terminate_child"
            }
        }
        .to_string();
        r
    }
}

fn boom() -> String {
    "boom".into()
}

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

/// The last `"key":` before a line/column position of the text.
fn key_before(text: &str, line: usize, column: usize) -> Option<String> {
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column;
    let head = text.get(..offset.min(text.len()))?;
    let colon = head.rfind("\":")?;
    let start = head[..colon].rfind('"')?;
    let key = &head[start + 1..colon];
    (!key.is_empty()
        && key.len() <= 64
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then(|| key.to_string())
}

impl Scenario {
    /// Parses and validates scenario JSON. Every problem found is returned, each naming
    /// its field.
    pub fn from_json(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
        if text.len() > limits::MAX_JSON_BYTES {
            return Err(vec![ScenarioError {
                path: String::new(),
                problem: format!(
                    "scenario is {} bytes; the limit is {} bytes",
                    text.len(),
                    limits::MAX_JSON_BYTES
                ),
            }]);
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let problem = inner.to_string();
            let mut problem = problem
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string();
            // Inside tagged enums serde loses the field path; the key just before the
            // error position names the field.
            if (problem.starts_with("invalid") || problem.starts_with("unknown variant"))
                && let Some(key) = key_before(text, inner.line(), inner.column())
            {
                problem = format!("field `{key}`: {problem}");
            }
            let path = if path.is_empty() || path == "." {
                format!("line {} column {}", inner.line(), inner.column())
            } else {
                format!("{path} (line {} column {})", inner.line(), inner.column())
            };
            vec![ScenarioError { path, problem }]
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
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
        let count = self.tree.process_count()
            + self
                .faults
                .iter()
                .map(|f| {
                    if let FaultAction::StartChild { spec } = &f.action {
                        spec.process_count()
                    } else {
                        0
                    }
                })
                .sum::<usize>();
        if count > limits::MAX_PROCESSES {
            v.err(
                "tree",
                format!(
                    "starts {count} processes; the limit is {}",
                    limits::MAX_PROCESSES
                ),
            );
            return Err(v.errors);
        }
        v.spec("tree", &self.tree, 0);
        for (i, f) in self.faults.iter().enumerate() {
            if let FaultAction::StartChild { spec } = &f.action {
                v.spec(&format!("faults[{i}].spec"), spec, 1);
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
        // Client targets must name something in the scenario (or they would only ever fail).
        for (path, target, mode) in v.client_targets.clone() {
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

    fn spec(&mut self, path: &str, spec: &ChildSpec, depth: usize) {
        if depth > limits::MAX_DEPTH {
            self.err(
                path,
                format!("tree deeper than {} levels", limits::MAX_DEPTH),
            );
            return;
        }
        let id = spec.id();
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
        if let Some(name) = spec.name() {
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
        for (i, child) in spec.children().iter().enumerate() {
            self.spec(&format!("{path}.children[{i}]"), child, depth + 1);
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
        for (field, us) in [("init_us", w.init_us), ("terminate_us", w.terminate_us)] {
            if us > limits::MAX_SERVICE_US {
                self.err(
                    &format!("{path}.{field}"),
                    format!("must be at most {} µs", limits::MAX_SERVICE_US),
                );
            }
        }
        match &w.behaviour {
            Behaviour::Server { service_us, table } | Behaviour::Counter { service_us, table } => {
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
            // Made by clients at run time, never read from a scenario.
            Behaviour::Task(_) => {}
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
                        "`ets`",
                        c.mode == ClientMode::Ets,
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
                ];
                for (field, given, modes, applies) in mode_only {
                    if given && !applies {
                        self.err(
                            &format!("{bp}.{field}"),
                            format!("applies only to mode {modes}, not `{}`", c.mode.as_str()),
                        );
                    }
                }
                if let Some(us) = c.task_us
                    && us > limits::MAX_SERVICE_US
                {
                    self.err(
                        &format!("{bp}.task_us"),
                        format!("must be at most {} µs", limits::MAX_SERVICE_US),
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
                match (c.mode, c.target.is_empty()) {
                    (ClientMode::Async, true) => {}
                    (ClientMode::Async, false) => self.err(
                        &format!("{bp}.target"),
                        "does not apply to mode `async` (Task.async links the task to the client; there is no server)".into(),
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

    fn fault(&mut self, path: &str, f: &Fault) {
        if f.at_ms > limits::MAX_TIME_MS {
            self.err(
                &format!("{path}.at_ms"),
                format!("must be at most {}", limits::MAX_TIME_MS),
            );
        }
        if !self.ids.contains(&f.target) && !self.names.contains(&f.target) {
            self.err(
                &format!("{path}.target"),
                format!(
                    "`{}` is neither a child id nor a registered name in the scenario",
                    f.target
                ),
            );
        }
        match &f.action {
            FaultAction::Exit { reason } | FaultAction::Stop { reason } => {
                if let Err(e) = parse_term(reason) {
                    self.err(&format!("{path}.reason"), format!("not a term: {e}"));
                }
            }
            FaultAction::Send { message } => {
                if let Err(e) = parse_term(message) {
                    self.err(&format!("{path}.message"), format!("not a term: {e}"));
                }
            }
            FaultAction::TerminateChild { id } if !self.ids.contains(id) => {
                self.err(&format!("{path}.id"), format!("no child has the id `{id}`"));
            }
            _ => {}
        }
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

/// Parses term text that validation has already accepted.
pub(crate) fn term_or_atom(text: &str) -> Term {
    parse_term(text).unwrap_or_else(|_| Term::atom(text))
}
