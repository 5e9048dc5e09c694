//! The editor's edit operations on a scenario (`EditOp`): add, remove, move and reorder
//! children, set any field the form shows from the text the user typed, add and remove
//! faults and narrated steps. Each applies to a copy of the draft and either succeeds or
//! names the field and the problem in plain words (`FieldError`); the whole scenario is
//! then checked by the simulator's own validator (`editor.rs`). Field paths are spelled as
//! the validator spells them (`tree.children[0].id`, `faults[1].at_ms`), so an error from
//! either lands on the same field.

use otp_sim::scenario::{
    Behaviour, ChildSpec, ClientMode, ClientSpec, DynamicSupervisorSpec, MaxChildren,
    PartitionChildSpec, PartitionSupervisorSpec, Restart, Shutdown, Step, Strategy, SupervisorSpec,
    TaskSupervisorSpec, WorkerSpec, limits,
};
use otp_sim::{Command, Fault, Scenario};

/// A node of the tree: child indexes from the root (`[]` is the root).
pub type NodePath = Vec<usize>;

/// A problem at one field: its path (the validator's spelling), the text line it is on
/// when it came from the text view, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl FieldError {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }
}

/// What an edit is about.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Scenario,
    Node(NodePath),
    Fault(usize),
    Step(usize),
}

/// The fields the form edits. Each is set from the text typed into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    // The scenario.
    Name,
    Description,
    Seed,
    DurationMs,
    Schedulers,
    LatencyUs,
    // A child spec.
    Id,
    RegName,
    Restart,
    Shutdown,
    /// The supervisor's type: supervisor, dynamic_supervisor, task_supervisor,
    /// partition_supervisor.
    SupType,
    Strategy,
    MaxRestarts,
    MaxSeconds,
    MaxChildren,
    Partitions,
    /// The worker's behaviour kind: server, counter, agent, client.
    Kind,
    ServiceUs,
    Table,
    TrapExit,
    InitUs,
    TerminateUs,
    ClientTarget,
    ClientMode,
    IntervalUs,
    TimeoutMs,
    Request,
    // A fault or a step.
    AtMs,
    FaultTarget,
    FaultAction,
    /// A fault's argument: the `reason` of exit/stop, the `message` of crash/send.
    FaultArg,
    StepText,
    StepSelect,
}

/// What "add a child" adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewChild {
    Server,
    Counter,
    Agent,
    Client,
    Supervisor,
    DynamicSupervisor,
    TaskSupervisor,
}

impl NewChild {
    pub const ALL: [NewChild; 7] = [
        NewChild::Server,
        NewChild::Counter,
        NewChild::Agent,
        NewChild::Client,
        NewChild::Supervisor,
        NewChild::DynamicSupervisor,
        NewChild::TaskSupervisor,
    ];
    pub fn label(self) -> &'static str {
        match self {
            NewChild::Server => "GenServer",
            NewChild::Counter => "Counter (GenServer)",
            NewChild::Agent => "Agent",
            NewChild::Client => "Client (workload)",
            NewChild::Supervisor => "Supervisor",
            NewChild::DynamicSupervisor => "DynamicSupervisor",
            NewChild::TaskSupervisor => "Task.Supervisor",
        }
    }
    /// The stem of the ids it gets: `server1`, `server2`, …
    pub fn stem(self) -> &'static str {
        match self {
            NewChild::Server => "server",
            NewChild::Counter => "counter",
            NewChild::Agent => "agent",
            NewChild::Client => "client",
            NewChild::Supervisor => "sup",
            NewChild::DynamicSupervisor => "dynsup",
            NewChild::TaskSupervisor => "tasks",
        }
    }
}

/// One change to the draft.
#[derive(Clone, Debug, PartialEq)]
pub enum EditOp {
    /// Sets a field from the text typed into it.
    Set {
        target: Target,
        field: Field,
        value: String,
    },
    /// Adds `count` children (the text typed into "how many") at the end of a supervisor.
    AddChild {
        parent: NodePath,
        kind: NewChild,
        count: String,
    },
    Remove(NodePath),
    /// Moves a node under `to_parent` at `index` (drag and drop).
    Move {
        from: NodePath,
        to_parent: NodePath,
        index: usize,
    },
    /// Moves a node up (-1) or down (+1) among its siblings (the keyboard's move).
    Reorder {
        at: NodePath,
        delta: i32,
    },
    /// A fault at this time (text) on a target, `crash` to begin with.
    AddFault {
        at_ms: String,
        target: String,
    },
    RemoveFault(usize),
    /// A narrated step at this time (text).
    AddStep {
        at_ms: String,
    },
    RemoveStep(usize),
    /// Swaps a step's text and selection with its neighbour's; the times stay in place,
    /// since steps play in time order.
    MoveStep {
        index: usize,
        delta: i32,
    },
}

/// The validator's path of a node.
pub fn node_path(at: &[usize]) -> String {
    let mut s = String::from("tree");
    for i in at {
        s.push_str(&format!(".children[{i}]"));
    }
    s
}

/// The validator's path of a field (what errors name and the form looks up).
pub fn field_path(target: &Target, field: Field) -> String {
    let suffix = match field {
        Field::Name => return "name".into(),
        Field::Description => return "description".into(),
        Field::Seed => return "seed".into(),
        Field::DurationMs => return "duration_ms".into(),
        Field::Schedulers => return "config.schedulers".into(),
        Field::LatencyUs => return "config.latency_us".into(),
        Field::Id => "id",
        Field::RegName => "name",
        Field::Restart => "restart",
        Field::Shutdown => "shutdown",
        Field::SupType => "type",
        Field::Strategy => "strategy",
        Field::MaxRestarts => "max_restarts",
        Field::MaxSeconds => "max_seconds",
        Field::MaxChildren => "max_children",
        Field::Partitions => "partitions",
        Field::Kind => "behaviour.kind",
        Field::ServiceUs => "behaviour.service_us",
        Field::Table => "behaviour.table",
        Field::TrapExit => "trap_exit",
        Field::InitUs => "init_us",
        Field::TerminateUs => "terminate_us",
        Field::ClientTarget => "behaviour.target",
        Field::ClientMode => "behaviour.mode",
        Field::IntervalUs => "behaviour.interval_us",
        Field::TimeoutMs => "behaviour.timeout_ms",
        Field::Request => "behaviour.request",
        Field::AtMs => "at_ms",
        Field::FaultTarget => "target",
        Field::FaultAction => "action",
        Field::FaultArg => "reason",
        Field::StepText => "text",
        Field::StepSelect => "select",
    };
    let base = match target {
        Target::Scenario => String::new(),
        Target::Node(p) => node_path(p),
        Target::Fault(i) => format!("faults[{i}]"),
        Target::Step(i) => format!("steps[{i}]"),
    };
    format!("{base}.{suffix}")
}

/// The path of the "how many" field of "add a child".
pub const ADD_COUNT_PATH: &str = "add.count";

/// A whole number typed into a field, within `0..=max`, in plain words when it is not.
pub fn parse_num(path: &str, text: &str, max: u64) -> Result<u64, FieldError> {
    let t = text.trim().replace(['_', ','], "");
    if t.is_empty() {
        return Err(FieldError::at(path, "a number is needed here"));
    }
    if let Some(rest) = t.strip_prefix('-')
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return Err(FieldError::at(
            path,
            format!("must be 0 or more (found {t})"),
        ));
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::at(
            path,
            format!("`{}` is not a whole number", text.trim()),
        ));
    }
    match t.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(FieldError::at(path, format!("must be at most {max}"))),
    }
}

fn parse_u32(path: &str, text: &str, max: u32) -> Result<u32, FieldError> {
    parse_num(path, text, u64::from(max)).map(|n| n as u32)
}

fn children_mut(spec: &mut ChildSpec) -> Option<&mut Vec<ChildSpec>> {
    match spec {
        ChildSpec::Supervisor(s) => Some(&mut s.children),
        ChildSpec::DynamicSupervisor(s) => Some(&mut s.children),
        _ => None,
    }
}

/// The node at a path.
pub fn node<'a>(tree: &'a ChildSpec, at: &[usize]) -> Option<&'a ChildSpec> {
    let mut n = tree;
    for &i in at {
        n = n.children().get(i)?;
    }
    Some(n)
}

fn node_mut<'a>(tree: &'a mut ChildSpec, at: &[usize]) -> Option<&'a mut ChildSpec> {
    let mut n = tree;
    for &i in at {
        n = children_mut(n)?.get_mut(i)?;
    }
    Some(n)
}

fn no_node(at: &[usize]) -> FieldError {
    FieldError::at(node_path(at), "this process is no longer in the tree")
}

/// Every child id in the tree.
fn ids(spec: &ChildSpec, out: &mut Vec<String>) {
    out.push(spec.id().to_string());
    for c in spec.children() {
        ids(c, out);
    }
}

/// Every registered name in the tree, in tree order.
pub fn names(spec: &ChildSpec, out: &mut Vec<String>) {
    if let Some(n) = spec.name() {
        out.push(n.to_string());
    }
    for c in spec.children() {
        names(c, out);
    }
}

/// The first `stem<n>` not yet used as an id.
fn fresh_id(used: &[String], stem: &str) -> String {
    (1..)
        .map(|n| format!("{stem}{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_else(|| stem.to_string())
}

/// A new child of a kind, with an unused id (and, for processes others call, a name).
fn new_child(kind: NewChild, id: String, target: Option<String>) -> ChildSpec {
    let worker = |behaviour: Behaviour, name: Option<String>| {
        ChildSpec::Worker(WorkerSpec {
            name,
            ..WorkerSpec::new(id.clone(), behaviour)
        })
    };
    match kind {
        NewChild::Server => worker(Behaviour::default(), Some(id.clone())),
        NewChild::Counter => worker(
            Behaviour::Counter {
                service_us: otp_sim::scenario::DEFAULT_COUNTER_SERVICE_US,
                table: None,
            },
            Some(id.clone()),
        ),
        NewChild::Agent => worker(
            Behaviour::Agent {
                initial: otp_sim::scenario::DEFAULT_AGENT_INITIAL.into(),
                service_us: otp_sim::scenario::DEFAULT_AGENT_SERVICE_US,
            },
            Some(id.clone()),
        ),
        NewChild::Client => worker(Behaviour::Client(client(target.unwrap_or_default())), None),
        NewChild::Supervisor => ChildSpec::Supervisor(SupervisorSpec {
            id,
            name: None,
            restart: Restart::Permanent,
            shutdown: Shutdown::Infinity,
            strategy: Strategy::OneForOne,
            max_restarts: otp_sim::scenario::DEFAULT_MAX_RESTARTS,
            max_seconds: otp_sim::scenario::DEFAULT_MAX_SECONDS,
            auto_shutdown: Default::default(),
            children: Vec::new(),
        }),
        NewChild::DynamicSupervisor => ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
            id,
            name: None,
            restart: Restart::Permanent,
            shutdown: Shutdown::Infinity,
            max_restarts: otp_sim::scenario::DEFAULT_MAX_RESTARTS,
            max_seconds: otp_sim::scenario::DEFAULT_MAX_SECONDS,
            max_children: MaxChildren(None),
            children: Vec::new(),
        }),
        NewChild::TaskSupervisor => ChildSpec::TaskSupervisor(TaskSupervisorSpec {
            name: Some(id.clone()),
            id,
            restart: Restart::Permanent,
            shutdown: Shutdown::Infinity,
            max_restarts: otp_sim::scenario::DEFAULT_MAX_RESTARTS,
            max_seconds: otp_sim::scenario::DEFAULT_MAX_SECONDS,
            max_children: MaxChildren(None),
        }),
    }
}

fn client(target: String) -> ClientSpec {
    ClientSpec {
        target,
        mode: ClientMode::Call,
        interval_us: 100_000,
        jitter: 0.0,
        timeout_ms: otp_sim::scenario::DEFAULT_TIMEOUT_MS,
        catch_timeout: false,
        request: otp_sim::scenario::DEFAULT_REQUEST.into(),
        read_us: None,
        write_every: None,
        task_us: None,
        fail_rate: None,
        max_requests: None,
        work_us: None,
        key: None,
        task_result: None,
        task_yield: false,
    }
}

/// Applies one edit to the scenario, or says which field is wrong and why.
pub fn apply(sc: &mut Scenario, op: &EditOp) -> Result<(), FieldError> {
    match op {
        EditOp::Set {
            target,
            field,
            value,
        } => set(sc, target, *field, value),
        EditOp::AddChild {
            parent,
            kind,
            count,
        } => add_child(sc, parent, *kind, count),
        EditOp::Remove(at) => {
            let Some((last, parent)) = at.split_last() else {
                return Err(FieldError::at(
                    "tree",
                    "the root supervisor cannot be removed",
                ));
            };
            let kids = node_mut(&mut sc.tree, parent)
                .and_then(children_mut)
                .ok_or_else(|| no_node(at))?;
            if *last >= kids.len() {
                return Err(no_node(at));
            }
            kids.remove(*last);
            Ok(())
        }
        EditOp::Move {
            from,
            to_parent,
            index,
        } => move_node(sc, from, to_parent, *index),
        EditOp::Reorder { at, delta } => {
            let Some((&last, parent)) = at.split_last() else {
                return Err(FieldError::at("tree", "the root has no siblings"));
            };
            let kids = node_mut(&mut sc.tree, parent)
                .and_then(children_mut)
                .ok_or_else(|| no_node(at))?;
            let to = last as i64 + i64::from(*delta);
            if last >= kids.len() || to < 0 || to >= kids.len() as i64 {
                return Err(FieldError::at(
                    node_path(at),
                    "already at that end of its supervisor's children",
                ));
            }
            let c = kids.remove(last);
            kids.insert(to as usize, c);
            Ok(())
        }
        EditOp::AddFault { at_ms, target } => {
            let path = format!("faults[{}].at_ms", sc.faults.len());
            let at_ms = parse_num(&path, at_ms, limits::MAX_TIME_MS)?;
            if sc.faults.len() >= limits::MAX_FAULTS {
                return Err(FieldError::at(
                    "faults",
                    format!("{} faults at most", limits::MAX_FAULTS),
                ));
            }
            sc.faults.push(Fault {
                at_ms,
                target: target.clone(),
                action: Command::Crash {
                    message: "boom".into(),
                },
                count: 1,
            });
            Ok(())
        }
        EditOp::RemoveFault(i) => {
            if *i >= sc.faults.len() {
                return Err(FieldError::at("faults", "no such fault"));
            }
            sc.faults.remove(*i);
            Ok(())
        }
        EditOp::AddStep { at_ms } => {
            let path = format!("steps[{}].at_ms", sc.steps.len());
            let at_ms = parse_num(&path, at_ms, limits::MAX_TIME_MS)?;
            if sc.steps.len() >= limits::MAX_STEPS {
                return Err(FieldError::at(
                    "steps",
                    format!("{} steps at most", limits::MAX_STEPS),
                ));
            }
            sc.steps.push(Step {
                at_ms,
                text: "What happens now?".into(),
                select: None,
            });
            otp_sim::sort::sort_by_key(&mut sc.steps, |s| s.at_ms);
            Ok(())
        }
        EditOp::RemoveStep(i) => {
            if *i >= sc.steps.len() {
                return Err(FieldError::at("steps", "no such step"));
            }
            sc.steps.remove(*i);
            Ok(())
        }
        EditOp::MoveStep { index, delta } => {
            let to = *index as i64 + i64::from(*delta);
            if *index >= sc.steps.len() || to < 0 || to >= sc.steps.len() as i64 {
                return Err(FieldError::at(
                    format!("steps[{index}]"),
                    "already the first or the last step",
                ));
            }
            let to = to as usize;
            let (a, b) = (sc.steps[*index].clone(), sc.steps[to].clone());
            sc.steps[*index] = Step {
                at_ms: a.at_ms,
                ..b
            };
            sc.steps[to] = Step {
                at_ms: sc.steps[to].at_ms,
                ..a
            };
            Ok(())
        }
    }
}

fn add_child(
    sc: &mut Scenario,
    parent: &[usize],
    kind: NewChild,
    count: &str,
) -> Result<(), FieldError> {
    let n = parse_num(ADD_COUNT_PATH, count, u64::MAX)?;
    if n == 0 {
        return Err(FieldError::at(ADD_COUNT_PATH, "add at least 1"));
    }
    let have = sc.tree.process_count() as u64;
    let room = (limits::MAX_PROCESSES as u64).saturating_sub(have);
    if n > room {
        return Err(FieldError::at(
            ADD_COUNT_PATH,
            format!(
                "a scenario runs at most {} processes; this one has {have}, so at most {room} more fit",
                limits::MAX_PROCESSES
            ),
        ));
    }
    let mut used = Vec::new();
    ids(&sc.tree, &mut used);
    let mut named = Vec::new();
    names(&sc.tree, &mut named);
    // A client calls the first process others can call by name.
    let target = named.first().cloned();
    if kind == NewChild::Client && target.is_none() {
        return Err(FieldError::at(
            ADD_COUNT_PATH,
            "a client calls a registered process: add a GenServer (it gets a name) first",
        ));
    }
    let parent_node = node_mut(&mut sc.tree, parent).ok_or_else(|| no_node(parent))?;
    let Some(kids) = children_mut(parent_node) else {
        return Err(FieldError::at(
            node_path(parent),
            "only a Supervisor or a DynamicSupervisor has children you add here",
        ));
    };
    for _ in 0..n {
        let id = fresh_id(&used, kind.stem());
        used.push(id.clone());
        kids.push(new_child(kind, id, target.clone()));
    }
    Ok(())
}

fn move_node(
    sc: &mut Scenario,
    from: &[usize],
    to_parent: &[usize],
    index: usize,
) -> Result<(), FieldError> {
    let Some((&last, from_parent)) = from.split_last() else {
        return Err(FieldError::at("tree", "the root supervisor stays the root"));
    };
    if to_parent.starts_with(from) {
        return Err(FieldError::at(
            node_path(from),
            "a supervisor cannot be moved under itself",
        ));
    }
    let dest_ok = node(&sc.tree, to_parent).is_some_and(|n| {
        matches!(
            n,
            ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_)
        )
    });
    if !dest_ok {
        return Err(FieldError::at(
            node_path(to_parent),
            "only a Supervisor or a DynamicSupervisor takes children here",
        ));
    }
    let kids = node_mut(&mut sc.tree, from_parent)
        .and_then(children_mut)
        .ok_or_else(|| no_node(from))?;
    if last >= kids.len() {
        return Err(no_node(from));
    }
    let moving = kids.remove(last);
    // Removing it shifts the later siblings (and their subtrees) up by one.
    let mut to: Vec<usize> = to_parent.to_vec();
    if to.len() > from_parent.len() && to.starts_with(from_parent) && to[from_parent.len()] > last {
        to[from_parent.len()] -= 1;
    }
    let mut index = index;
    if to == from_parent && index > last {
        index -= 1;
    }
    let dest = node_mut(&mut sc.tree, &to)
        .and_then(children_mut)
        .ok_or_else(|| no_node(to_parent))?;
    let index = index.min(dest.len());
    dest.insert(index, moving);
    Ok(())
}

fn set(sc: &mut Scenario, target: &Target, field: Field, value: &str) -> Result<(), FieldError> {
    let path = field_path(target, field);
    let v = value.trim();
    match target {
        Target::Scenario => {
            match field {
                Field::Name => sc.name = value.to_string(),
                Field::Description => sc.description = value.to_string(),
                Field::Seed => sc.seed = parse_num(&path, v, u64::MAX)?,
                Field::DurationMs => sc.duration_ms = parse_num(&path, v, limits::MAX_TIME_MS)?,
                Field::Schedulers => {
                    sc.config.schedulers = parse_u32(&path, v, limits::MAX_SCHEDULERS)?
                }
                Field::LatencyUs => {
                    sc.config.latency_us = parse_num(&path, v, limits::MAX_LATENCY_US)?
                }
                _ => return Err(FieldError::at(path, "not a field of the scenario")),
            }
            Ok(())
        }
        Target::Node(at) => {
            let n = node_mut(&mut sc.tree, at).ok_or_else(|| no_node(at))?;
            set_node(n, field, v, &path, at.is_empty())
        }
        Target::Fault(i) => {
            let f = sc
                .faults
                .get_mut(*i)
                .ok_or_else(|| FieldError::at(path.clone(), "no such fault"))?;
            set_fault(f, field, v, &path)
        }
        Target::Step(i) => {
            let i = *i;
            let s = sc
                .steps
                .get_mut(i)
                .ok_or_else(|| FieldError::at(path.clone(), "no such step"))?;
            match field {
                Field::AtMs => {
                    s.at_ms = parse_num(&path, v, limits::MAX_TIME_MS)?;
                    otp_sim::sort::sort_by_key(&mut sc.steps, |s| s.at_ms);
                }
                Field::StepText => s.text = value.to_string(),
                Field::StepSelect => s.select = (!v.is_empty()).then(|| v.to_string()),
                _ => return Err(FieldError::at(path, "not a field of a step")),
            }
            Ok(())
        }
    }
}

fn parse_restart(path: &str, v: &str) -> Result<Restart, FieldError> {
    match v.trim_start_matches(':') {
        "permanent" => Ok(Restart::Permanent),
        "transient" => Ok(Restart::Transient),
        "temporary" => Ok(Restart::Temporary),
        _ => Err(FieldError::at(
            path,
            "restart is :permanent, :transient or :temporary",
        )),
    }
}

fn parse_shutdown(path: &str, v: &str) -> Result<Shutdown, FieldError> {
    match v.trim_start_matches(':') {
        "brutal_kill" => Ok(Shutdown::BrutalKill),
        "infinity" => Ok(Shutdown::Infinity),
        ms => parse_num(path, ms, limits::MAX_TIME_MS)
            .map(Shutdown::Timeout)
            .map_err(|e| FieldError {
                message: format!(
                    "{} (shutdown is :brutal_kill, :infinity or milliseconds)",
                    e.message
                ),
                ..e
            }),
    }
}

fn parse_max_children(path: &str, v: &str) -> Result<MaxChildren, FieldError> {
    if v.trim_start_matches(':') == "infinity" || v.is_empty() {
        return Ok(MaxChildren(None));
    }
    parse_u32(path, v, u32::MAX).map(|n| MaxChildren(Some(n)))
}

/// A supervisor's common settings, to carry across a change of type.
struct SupCommon {
    id: String,
    name: Option<String>,
    restart: Restart,
    shutdown: Shutdown,
    max_restarts: u32,
    max_seconds: u32,
    strategy: Strategy,
    max_children: MaxChildren,
    children: Vec<ChildSpec>,
}

fn sup_common(n: &ChildSpec) -> Option<SupCommon> {
    let c = match n {
        // A pool's type and size are edited in the text view.
        ChildSpec::Worker(_) | ChildSpec::Pool(_) => return None,
        ChildSpec::Supervisor(s) => SupCommon {
            id: s.id.clone(),
            name: s.name.clone(),
            restart: s.restart,
            shutdown: s.shutdown,
            max_restarts: s.max_restarts,
            max_seconds: s.max_seconds,
            strategy: s.strategy,
            max_children: MaxChildren(None),
            children: s.children.clone(),
        },
        ChildSpec::DynamicSupervisor(s) => SupCommon {
            id: s.id.clone(),
            name: s.name.clone(),
            restart: s.restart,
            shutdown: s.shutdown,
            max_restarts: s.max_restarts,
            max_seconds: s.max_seconds,
            strategy: Strategy::OneForOne,
            max_children: s.max_children,
            children: s.children.clone(),
        },
        ChildSpec::TaskSupervisor(s) => SupCommon {
            id: s.id.clone(),
            name: s.name.clone(),
            restart: s.restart,
            shutdown: s.shutdown,
            max_restarts: s.max_restarts,
            max_seconds: s.max_seconds,
            strategy: Strategy::OneForOne,
            max_children: s.max_children,
            children: Vec::new(),
        },
        ChildSpec::PartitionSupervisor(s) => SupCommon {
            id: s.id.clone(),
            name: Some(s.name.clone()),
            restart: s.restart,
            shutdown: s.shutdown,
            max_restarts: s.max_restarts,
            max_seconds: s.max_seconds,
            strategy: s.strategy,
            max_children: s.child_spec.max_children,
            children: Vec::new(),
        },
    };
    Some(c)
}

fn set_sup_type(n: &mut ChildSpec, v: &str, path: &str, root: bool) -> Result<(), FieldError> {
    let c = sup_common(n).ok_or_else(|| FieldError::at(path, "a worker has no supervisor type"))?;
    let keeps_children = matches!(v, "supervisor" | "dynamic_supervisor");
    if !keeps_children && !c.children.is_empty() {
        return Err(FieldError::at(
            path,
            format!(
                "a {v} has no children of its own here: move or remove its {} children first",
                c.children.len()
            ),
        ));
    }
    if root && !keeps_children {
        return Err(FieldError::at(
            path,
            "the root must be a Supervisor or a DynamicSupervisor",
        ));
    }
    *n = match v {
        "supervisor" => ChildSpec::Supervisor(SupervisorSpec {
            id: c.id,
            name: c.name,
            restart: c.restart,
            shutdown: c.shutdown,
            strategy: c.strategy,
            max_restarts: c.max_restarts,
            max_seconds: c.max_seconds,
            auto_shutdown: Default::default(),
            children: c.children,
        }),
        "dynamic_supervisor" => ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
            id: c.id,
            name: c.name,
            restart: c.restart,
            shutdown: c.shutdown,
            max_restarts: c.max_restarts,
            max_seconds: c.max_seconds,
            max_children: c.max_children,
            children: c.children,
        }),
        "task_supervisor" => ChildSpec::TaskSupervisor(TaskSupervisorSpec {
            id: c.id,
            name: c.name,
            restart: c.restart,
            shutdown: c.shutdown,
            max_restarts: c.max_restarts,
            max_seconds: c.max_seconds,
            max_children: c.max_children,
        }),
        "partition_supervisor" => ChildSpec::PartitionSupervisor(PartitionSupervisorSpec {
            name: c.name.unwrap_or_else(|| c.id.clone()),
            id: c.id,
            restart: c.restart,
            shutdown: c.shutdown,
            strategy: c.strategy,
            max_restarts: c.max_restarts,
            max_seconds: c.max_seconds,
            partitions: None,
            child_spec: PartitionChildSpec {
                max_children: c.max_children,
                ..PartitionChildSpec::default()
            },
            resolved: Vec::new(),
        }),
        _ => {
            return Err(FieldError::at(
                path,
                "the type is supervisor, dynamic_supervisor, task_supervisor or partition_supervisor",
            ));
        }
    };
    Ok(())
}

fn set_node(
    n: &mut ChildSpec,
    field: Field,
    v: &str,
    path: &str,
    root: bool,
) -> Result<(), FieldError> {
    let wrong = || FieldError::at(path, "this field does not apply to this kind of process");
    match field {
        Field::Id => {
            *n = n.with_id(v);
            return Ok(());
        }
        Field::SupType => return set_sup_type(n, v, path, root),
        Field::Restart => {
            let r = parse_restart(path, v)?;
            match n {
                ChildSpec::Worker(w) => w.restart = r,
                ChildSpec::Supervisor(s) => s.restart = r,
                ChildSpec::DynamicSupervisor(s) => s.restart = r,
                ChildSpec::TaskSupervisor(s) => s.restart = r,
                ChildSpec::PartitionSupervisor(s) => s.restart = r,
                ChildSpec::Pool(p) => p.restart = r,
            }
            return Ok(());
        }
        Field::Shutdown => {
            let sd = parse_shutdown(path, v)?;
            match n {
                ChildSpec::Worker(w) => w.shutdown = sd,
                ChildSpec::Supervisor(s) => s.shutdown = sd,
                ChildSpec::DynamicSupervisor(s) => s.shutdown = sd,
                ChildSpec::TaskSupervisor(s) => s.shutdown = sd,
                ChildSpec::PartitionSupervisor(s) => s.shutdown = sd,
                ChildSpec::Pool(p) => p.shutdown = sd,
            }
            return Ok(());
        }
        Field::RegName => {
            let name = (!v.is_empty()).then(|| v.to_string());
            match n {
                ChildSpec::Worker(w) => w.name = name,
                ChildSpec::Supervisor(s) => s.name = name,
                ChildSpec::DynamicSupervisor(s) => s.name = name,
                ChildSpec::TaskSupervisor(s) => s.name = name,
                ChildSpec::PartitionSupervisor(s) => {
                    s.name = name.ok_or_else(|| {
                        FieldError::at(path, "a PartitionSupervisor needs a name: routing uses it")
                    })?
                }
                ChildSpec::Pool(p) => {
                    p.name = name.ok_or_else(|| {
                        FieldError::at(path, "a pool needs a name: its callers check out by it")
                    })?
                }
            }
            return Ok(());
        }
        Field::MaxRestarts | Field::MaxSeconds => {
            let (r, s) = match n {
                ChildSpec::Supervisor(x) => (&mut x.max_restarts, &mut x.max_seconds),
                ChildSpec::DynamicSupervisor(x) => (&mut x.max_restarts, &mut x.max_seconds),
                ChildSpec::TaskSupervisor(x) => (&mut x.max_restarts, &mut x.max_seconds),
                ChildSpec::PartitionSupervisor(x) => (&mut x.max_restarts, &mut x.max_seconds),
                ChildSpec::Worker(_) | ChildSpec::Pool(_) => return Err(wrong()),
            };
            if field == Field::MaxRestarts {
                *r = parse_u32(path, v, limits::MAX_RESTARTS)?;
            } else {
                *s = parse_u32(path, v, limits::MAX_SECONDS)?;
                if *s == 0 {
                    return Err(FieldError::at(path, "must be 1 or more seconds"));
                }
            }
            return Ok(());
        }
        _ => {}
    }
    match n {
        ChildSpec::Worker(w) => set_worker(w, field, v, path),
        ChildSpec::Supervisor(s) => match field {
            Field::Strategy => {
                s.strategy = parse_strategy(path, v)?;
                Ok(())
            }
            _ => Err(wrong()),
        },
        ChildSpec::PartitionSupervisor(s) => match field {
            Field::Strategy => {
                s.strategy = parse_strategy(path, v)?;
                Ok(())
            }
            Field::Partitions => {
                s.partitions = if v.is_empty() {
                    None
                } else {
                    Some(parse_u32(path, v, limits::MAX_PARTITIONS)?)
                };
                s.resolved.clear();
                Ok(())
            }
            Field::MaxChildren => {
                s.child_spec.max_children = parse_max_children(path, v)?;
                Ok(())
            }
            _ => Err(wrong()),
        },
        ChildSpec::DynamicSupervisor(s) => match field {
            Field::MaxChildren => {
                s.max_children = parse_max_children(path, v)?;
                Ok(())
            }
            _ => Err(wrong()),
        },
        ChildSpec::TaskSupervisor(s) => match field {
            Field::MaxChildren => {
                s.max_children = parse_max_children(path, v)?;
                Ok(())
            }
            _ => Err(wrong()),
        },
        // A pool's size, overflow and strategy are edited in the text view.
        ChildSpec::Pool(_) => Err(wrong()),
    }
}

fn parse_strategy(path: &str, v: &str) -> Result<Strategy, FieldError> {
    match v.trim_start_matches(':') {
        "one_for_one" => Ok(Strategy::OneForOne),
        "one_for_all" => Ok(Strategy::OneForAll),
        "rest_for_one" => Ok(Strategy::RestForOne),
        _ => Err(FieldError::at(
            path,
            "strategy is :one_for_one, :one_for_all or :rest_for_one",
        )),
    }
}

fn parse_mode(path: &str, v: &str) -> Result<ClientMode, FieldError> {
    let all = [
        ClientMode::Call,
        ClientMode::Cast,
        ClientMode::Ets,
        ClientMode::Async,
        ClientMode::AsyncNolink,
        ClientMode::AgentGet,
        ClientMode::AgentUpdate,
        ClientMode::AgentGetAndUpdate,
        ClientMode::AgentCast,
        ClientMode::AgentGetThenUpdate,
        ClientMode::Dispatch,
        ClientMode::Local,
        ClientMode::PersistentTermGet,
        ClientMode::PersistentTermIncr,
        ClientMode::CountersAdd,
    ];
    all.into_iter()
        .find(|m| m.as_str() == v)
        .ok_or_else(|| FieldError::at(path, format!("`{v}` is not a client mode")))
}

fn set_worker(w: &mut WorkerSpec, field: Field, v: &str, path: &str) -> Result<(), FieldError> {
    let wrong = || FieldError::at(path, "this field does not apply to this worker's kind");
    match field {
        Field::TrapExit => w.trap_exit = v == "true",
        Field::InitUs => w.init_us = parse_num(path, v, limits::MAX_SERVICE_US)?,
        Field::TerminateUs => w.terminate_us = parse_num(path, v, limits::MAX_SERVICE_US)?,
        Field::Kind => {
            w.behaviour = match v {
                "server" => Behaviour::default(),
                "counter" => Behaviour::Counter {
                    service_us: otp_sim::scenario::DEFAULT_COUNTER_SERVICE_US,
                    table: None,
                },
                "agent" => Behaviour::Agent {
                    initial: otp_sim::scenario::DEFAULT_AGENT_INITIAL.into(),
                    service_us: otp_sim::scenario::DEFAULT_AGENT_SERVICE_US,
                },
                "client" => Behaviour::Client(client(String::new())),
                _ => {
                    return Err(FieldError::at(
                        path,
                        "here the kind is server, counter, agent or client (the others in the text)",
                    ));
                }
            }
        }
        Field::ServiceUs => match &mut w.behaviour {
            Behaviour::Server { service_us, .. }
            | Behaviour::Counter { service_us, .. }
            | Behaviour::Agent { service_us, .. } => {
                *service_us = parse_num(path, v, limits::MAX_SERVICE_US)?
            }
            _ => return Err(wrong()),
        },
        Field::Table => match &mut w.behaviour {
            Behaviour::Server { table, .. } | Behaviour::Counter { table, .. } => {
                *table = (!v.is_empty()).then(|| v.to_string())
            }
            _ => return Err(wrong()),
        },
        Field::ClientTarget
        | Field::ClientMode
        | Field::IntervalUs
        | Field::TimeoutMs
        | Field::Request => {
            let Behaviour::Client(c) = &mut w.behaviour else {
                return Err(wrong());
            };
            match field {
                Field::ClientTarget => c.target = v.to_string(),
                Field::ClientMode => c.mode = parse_mode(path, v)?,
                Field::IntervalUs => {
                    c.interval_us = parse_num(path, v, limits::MAX_SERVICE_US)?;
                    if c.interval_us == 0 {
                        return Err(FieldError::at(path, "must be 1 µs or more"));
                    }
                }
                Field::TimeoutMs => c.timeout_ms = parse_num(path, v, limits::MAX_TIME_MS)?,
                _ => c.request = v.to_string(),
            }
        }
        _ => return Err(wrong()),
    }
    Ok(())
}

/// The fault actions the form offers (the others are written in the text).
pub const FAULT_ACTIONS: [&str; 7] = [
    "crash", "exit", "stop", "poison", "send", "suspend", "resume",
];

/// A fault's action as the form shows it, and its argument.
pub fn fault_action(c: &Command) -> (&'static str, Option<&str>) {
    match c {
        Command::Crash { message } => ("crash", Some(message)),
        Command::Exit { reason } => ("exit", Some(reason)),
        Command::Stop { reason } => ("stop", Some(reason)),
        Command::Poison => ("poison", None),
        Command::Send { message } => ("send", Some(message)),
        Command::Suspend => ("suspend", None),
        Command::Resume => ("resume", None),
        _ => ("other", None),
    }
}

fn set_fault(f: &mut Fault, field: Field, v: &str, path: &str) -> Result<(), FieldError> {
    match field {
        Field::AtMs => f.at_ms = parse_num(path, v, limits::MAX_TIME_MS)?,
        Field::FaultTarget => f.target = v.to_string(),
        Field::FaultAction => {
            f.action = match v {
                "crash" => Command::Crash {
                    message: "boom".into(),
                },
                "exit" => Command::Exit {
                    reason: ":kill".into(),
                },
                "stop" => Command::Stop {
                    reason: ":normal".into(),
                },
                "poison" => Command::Poison,
                "send" => Command::Send {
                    message: ":hello".into(),
                },
                "suspend" => Command::Suspend,
                "resume" => Command::Resume,
                _ => {
                    return Err(FieldError::at(
                        path,
                        format!("here the action is one of {}", FAULT_ACTIONS.join(", ")),
                    ));
                }
            }
        }
        Field::FaultArg => match &mut f.action {
            Command::Crash { message } | Command::Send { message } => *message = v.to_string(),
            Command::Exit { reason } | Command::Stop { reason } => *reason = v.to_string(),
            _ => return Err(FieldError::at(path, "this action takes no argument")),
        },
        _ => return Err(FieldError::at(path, "not a field of a fault")),
    }
    Ok(())
}
