//! One simulated process: its mailbox, links, monitors, flags and what it is busy with,
//! plus the per-kind state of workers, clients and supervisors, and how each starts out.
//! Plain data: the kernel (`sim/kernel.rs`) and the behaviours own every transition.

pub use crate::child_list::{Child, ChildList, ChildStatus, LastExit};
use crate::message::Envelope;
pub use crate::ref_map::RefMap;
use crate::scenario::{
    Behaviour, ChildSpec, ClientMode, DEFAULT_MAX_RESTARTS, DEFAULT_MAX_SECONDS, Strategy,
    WorkerSpec, term_or_atom,
};
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Process {
    pub pid: Pid,
    pub parent: Pid,
    pub name: Option<Rc<str>>,
    /// The child id this process was started for, if a supervisor started it.
    pub child_id: Option<Rc<str>>,
    /// The process that started this one outside any supervisor (`spawn` / `spawn_link`
    /// commands, `proc_ops.rs`); `None` for a supervisor's child. Its `child_id` is then
    /// the spawn spec's id, which names it in commands and the trace.
    pub spawned_by: Option<Pid>,
    pub links: BTreeSet<Pid>,
    /// Monitors this process holds: reference → monitored process.
    pub monitors: RefMap<Pid>,
    /// Monitors on this process: reference → watcher.
    pub watchers: RefMap<Pid>,
    pub trap_exit: bool,
    pub mailbox: VecDeque<Envelope>,
    /// How many messages at the head of the mailbox the current selective receive has
    /// already passed over (the BEAM's save pointer): a message arriving while the
    /// process waits is checked alone, not the whole queue again. Reset when a message is
    /// taken or the process runs, which is when the pattern can change.
    pub(crate) scanned: Cell<usize>,
    /// Suspended by `:sys.suspend/1`: only system messages are received.
    pub suspended: bool,
    /// `init/1` has not run yet.
    pub init_pending: bool,
    pub busy: Option<Busy>,
    /// Events already received that the process takes again before its mailbox: a
    /// gen_statem's postponed events, retried after a state change (gen_statem keeps
    /// them in its own queue ahead of the mailbox).
    pub replay: VecDeque<Envelope>,
    pub in_runq: bool,
    /// Active timers and the queue slot each waits in (a cancelled timer is absent).
    pub timers: RefMap<crate::queue::Handle>,
    /// The call alias a client is waiting on; replies to any other alias are discarded.
    pub alias: Option<Ref>,
    pub spawned_at: Time,
    pub handled: u64,
    pub max_queue: usize,
    /// Scheduler time owed for global persistent_term passes, paid on the next job.
    pub gc_debt: Time,
    /// How much of the current (or last) job was a persistent_term pass it paid.
    pub gc_paid: Time,
    /// `:sys` debug options (trace, statistics) switched on in this process.
    pub debug: SysDebug,
    pub kind: Kind,
}

/// The debug options of one process (`sys.erl`'s `Debug` list), empty by default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SysDebug {
    /// `{:trace, true}` is installed: every event is printed as a `*DBG*` line.
    pub trace: bool,
    /// `{:statistics, data}` is installed.
    pub stats: Option<SysStats>,
    /// Extra scheduler time per message handled, fixed when an option is switched
    /// (from the scenario's `config.trace_cost_us` / `config.statistics_cost_us`).
    pub cost_us: Time,
}

/// What `:sys.statistics/2` counts (`init_stat/0`, `stat/2`).
#[derive(Clone, Debug, PartialEq)]
pub struct SysStats {
    /// When statistics were switched on (virtual µs).
    pub since: Time,
    /// `{in, Msg}` events: every message the process handled (not system messages).
    pub messages_in: u64,
    /// `{out, Reply, To, State}` events: every reply to a call.
    pub messages_out: u64,
}

impl SysDebug {
    pub fn is_on(&self) -> bool {
        self.trace || self.stats.is_some()
    }
}

/// What a process is doing on a scheduler, until `until`.
#[derive(Clone, Debug)]
pub struct Busy {
    pub job: Job,
    pub since: Time,
    pub until: Time,
    pub epoch: u64,
}

#[derive(Clone, Debug)]
pub enum Job {
    Init,
    Handle(Envelope),
    /// `terminate/2` after a callback raised in a way only known once it ran (an
    /// `:ets.lookup/2` on a missing table); the process exits with this reason after.
    Terminate(Term),
    /// The `:telemetry` handlers run by the `execute/3` that ends a `handle_call`
    /// (`telemetry_run.rs`): their time, after which the reply `reply` goes to `to`.
    Reply {
        to: Pid,
        tag: Ref,
        reply: Term,
    },
}

#[derive(Clone, Debug)]
pub enum Kind {
    /// The outside world: the root's parent and the sender of faults. It traps exits and
    /// takes no scheduler time.
    Harness,
    Worker(Box<Worker>),
    Supervisor(Box<Supervisor>),
}

#[derive(Clone, Debug)]
pub struct Worker {
    pub spec: WorkerSpecRef,
    pub state: WorkerState,
}

/// A worker's spec, read through the child spec it was started from. The supervisor's
/// child list and the run's index hold that same `Rc`, so a start copies nothing: a copy
/// per process was two allocations and about 200 bytes for each of 100,000 workers.
#[derive(Clone, Debug)]
pub struct WorkerSpecRef(Rc<ChildSpec>);

impl std::ops::Deref for WorkerSpecRef {
    type Target = WorkerSpec;
    fn deref(&self) -> &WorkerSpec {
        match &*self.0 {
            ChildSpec::Worker(w) => w,
            // Never: `Worker::new` is only given a worker's spec (`Sim::spawn_child_as`).
            _ => &NOT_A_WORKER,
        }
    }
}

static NOT_A_WORKER: WorkerSpec = WorkerSpec::new(
    String::new(),
    Behaviour::Counter {
        service_us: 0,
        table: None,
    },
);

#[derive(Clone, Debug)]
pub enum WorkerState {
    Server {
        handled: u64,
    },
    Counter {
        value: i64,
    },
    /// An Agent: its state is any term, which its clients' functions compute.
    Agent {
        value: Term,
    },
    /// A gen_statem: its current state, counter, postponed events and armed time-outs.
    Statem(Box<crate::statem_run::StatemRun>),
    /// Boxed: a client's bookkeeping is several times the size of the other states.
    Client(Box<Client>),
    /// A task, waiting for its owner's go message (then it works, replies and exits).
    Task,
    /// A Registry (its table is runtime state in the world: `registry.rs`).
    Registry,
    /// A `:pg` scope (its groups are runtime state in the world: `pg.rs`).
    Pg,
}

#[derive(Clone, Debug)]
pub struct Client {
    pub target: Rc<str>,
    pub mode: ClientMode,
    pub request: Term,
    pub pending: Option<PendingCall>,
    /// `GenServer.call` latencies (mode `call`, and the writes of mode `ets`).
    pub stats: LatencyStats,
    /// Requests issued so far (reads and writes), to pick every `write_every`th.
    pub requests: u64,
    /// ETS read latencies (mode `ets`): the reader's own scheduler time.
    pub reads: LatencyStats,
    /// Mode `ets`: the table it reads, named in the target's spec.
    pub table: Option<Rc<str>>,
    /// The agent modes: the request of the call in flight (`{:update, fn ...}`), which a
    /// call's exit reason names.
    pub in_flight: Option<Term>,
    /// Mode `persistent_term_incr`: the value its get returned, while it computes `n + 1`
    /// (its target is the key).
    pub pt_read: Option<Term>,
    /// The target is a gen_statem: calls are `:gen_statem.call/3`, whose exit reasons
    /// name `:gen_statem` instead of `GenServer`.
    pub statem: bool,
    /// Mode `pool_transaction`: the worker checked out and being called (none while
    /// the checkout itself is in flight), with the time its checkout waited.
    pub pool_worker: Option<(Pid, Time)>,
    /// Mode `async` with `task_yield`: the monitor (and alias) of the task whose
    /// `Task.yield` returned `nil`; its reply and `:DOWN` still come (`task.rs`).
    pub abandoned: Option<Ref>,
    /// Its target's pid as last read from the registered names, with the names table's
    /// generation then (`Sim::registered`): good while no name has changed since, so a
    /// client calling the same registered server again need not look it up.
    pub resolved: Option<(u64, Pid)>,
}

#[derive(Clone, Copy, Debug)]
pub struct PendingCall {
    pub tag: Ref,
    pub server: Pid,
    pub timer: Ref,
    pub sent_at: Time,
    pub wait: Wait,
}

/// What a client blocked in a receive is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// `GenServer.call`: `server` is the server.
    Call,
    /// `Task.Supervisor.async_nolink/2`'s `{:start_task, ...}` call to the supervisor.
    StartTask,
    /// `Task.await/2` or `Task.yield/2` on the task `server`, started at `sent_at`.
    Task,
    /// `Task.shutdown/1` after a `Task.yield/2` that timed out: waiting for the `:DOWN`.
    TaskShutdown,
}

/// Latencies a client observed, with a bounded window of recent samples.
#[derive(Clone, Debug, Default)]
pub struct LatencyStats {
    pub calls: u64,
    pub timeouts: u64,
    pub total_us: u64,
    pub max_us: u64,
    pub recent: VecDeque<Time>,
}

impl LatencyStats {
    pub const WINDOW: usize = 128;

    pub fn record(&mut self, latency: Time) {
        self.calls += 1;
        self.total_us += latency;
        self.max_us = self.max_us.max(latency);
        if self.recent.len() == Self::WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(latency);
    }

    /// Percentile (0–100) of the recent window.
    pub fn percentile(&self, p: u32) -> Option<Time> {
        if self.recent.is_empty() {
            return None;
        }
        let mut v: Vec<Time> = self.recent.iter().copied().collect();
        crate::sort::sort(&mut v);
        let idx = ((v.len() - 1) * p.min(100) as usize).div_ceil(100);
        v.get(idx).copied()
    }
}

/// A supervisor or DynamicSupervisor.
#[derive(Clone, Debug)]
pub struct Supervisor {
    pub strategy: Strategy,
    pub dynamic: bool,
    pub max_restarts: u32,
    pub max_seconds: u32,
    pub max_children: Option<u32>,
    /// Children in start order, found by id or pid without a scan.
    pub children: ChildList,
    /// Restart times in whole seconds (as `erlang:monotonic_time(1)`), newest last.
    pub restarts: VecDeque<u64>,
    /// Work left in the current operation (start, restart, shut down).
    pub ops: VecDeque<Op>,
    pub wait: SupWait,
    pub initialized: bool,
    pub gave_up: bool,
    /// A PartitionSupervisor: its children are the partitions, and
    /// `{:via, PartitionSupervisor, {name, key}}` routes to them.
    pub partitioned: bool,
    /// For a DynamicSupervisor's repeated ids: per id, every `{id}_{n}` with
    /// 2 <= n < this is taken, so numbering the next repeat does not try them all again.
    pub(crate) repeats: BTreeMap<Rc<str>, u32>,
    /// A poolboy pool: its free workers, lent workers and waiting callers.
    pub pool: Option<Box<crate::pool_state::PoolState>>,
    /// `auto_shutdown` (a Supervisor's; `never` for the other kinds).
    pub auto_shutdown: crate::scenario::AutoShutdown,
}

/// The call a supervisor's reply answers (`start_child worker_7`). Its text is written
/// only when the reply is recorded, which for a DynamicSupervisor's initial child that
/// started is never: starting 100,000 of them formatted 100,000 strings for nothing.
#[derive(Clone, Debug)]
pub struct Request {
    pub verb: &'static str,
    pub id: Rc<str>,
}

impl Request {
    pub fn text(&self) -> Rc<str> {
        Rc::from(format!("{} {}", self.verb, self.id))
    }
}

/// One step of a supervisor operation. Steps run in order; a step that must wait for a
/// message (an init ack, a `:DOWN`) parks the supervisor in `SupWait` until it comes.
#[derive(Clone, Debug)]
pub enum Op {
    Start(Rc<str>),
    /// One of a DynamicSupervisor's initial children: the `start_child` call its start
    /// function makes, run when its turn comes through the same check as a runtime
    /// `start_child` (`max_children`), then (if admitted) `Start` and `Reply`, put before
    /// any step already queued.
    StartChild {
        spec: Rc<ChildSpec>,
        caller: Option<(Pid, Ref)>,
    },
    /// Stop a child; `remove` drops it from the child list afterwards (temporary
    /// children, dynamic children).
    Terminate {
        id: Rc<str>,
        remove: bool,
    },
    /// Stop these children all at once and wait for all (DynamicSupervisor shutdown,
    /// as Elixir's `DynamicSupervisor` and OTP's `simple_one_for_one` do).
    TerminateAll {
        ids: Vec<Rc<str>>,
        remove: bool,
    },
    /// Tell the parent that init finished (`{:ack, ...}`).
    AckParent,
    /// The answer to a `start_child` / `terminate_child` call, recorded as a
    /// `supervisor_reply`. `caller: None` is a DynamicSupervisor's initial child: the
    /// `start_child` call its start function makes is not a process of the simulation, so
    /// nothing is sent, and only an error is recorded (a success shows as `started`).
    Reply {
        caller: Option<(Pid, Ref)>,
        request: Request,
        result: ReplyResult,
        /// When the caller sent a `start_child` call: its start latency is measured
        /// from here to the reply.
        asked: Option<Time>,
    },
    ExitSelf(Term),
    /// A pool's step after the worker `id` it just started has started (`pool.rs`).
    Pool {
        id: Rc<str>,
        then: crate::pool_state::AfterStart,
    },
}

/// A reply whose value is only known once earlier steps ran.
#[derive(Clone, Debug)]
pub enum ReplyResult {
    Fixed(Term),
    /// `{:ok, pid}` of the child with this id, or `{:error, reason}` if it failed.
    ChildPid(Rc<str>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SupWait {
    None,
    /// `proc_lib:start_link` waiting for the child's ack (or its `{:EXIT, ...}`).
    Ack {
        pid: Pid,
        id: Rc<str>,
    },
    /// `supervisor:shutdown/1` waiting for `{:DOWN, mref, ...}` of the children being
    /// stopped: one at a time for a Supervisor, all at once for a DynamicSupervisor.
    Down {
        pending: Vec<PendingStop>,
    },
}

/// A child the supervisor has told to stop and waits for.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingStop {
    pub mref: Ref,
    pub pid: Pid,
    pub id: Rc<str>,
    /// The shutdown timer (`None` for `brutal_kill`, `:infinity`, or once it fired).
    pub timer: Option<Ref>,
    pub remove: bool,
    pub brutal: bool,
}

impl Supervisor {
    /// The state a supervisor of this spec starts with (a worker spec never gets here).
    /// `shared`: its children's specs if the run has them behind `Rc`s already
    /// (`ScenarioIndex::children_of`), else they are copied.
    pub(crate) fn new(spec: &Rc<ChildSpec>, shared: Option<&[Rc<ChildSpec>]>) -> Supervisor {
        let (strategy, dynamic, max_restarts, max_seconds, max_children) = match &**spec {
            ChildSpec::Supervisor(s) => (s.strategy, false, s.max_restarts, s.max_seconds, None),
            // A plain supervisor of its partitions (`Supervisor.init/2` with its options).
            ChildSpec::PartitionSupervisor(s) => {
                (s.strategy, false, s.max_restarts, s.max_seconds, None)
            }
            ChildSpec::DynamicSupervisor(s) => (
                Strategy::OneForOne,
                true,
                s.max_restarts,
                s.max_seconds,
                s.max_children.0,
            ),
            // Task.Supervisor is a DynamicSupervisor; what differs is its children (tasks).
            ChildSpec::TaskSupervisor(s) => (
                Strategy::OneForOne,
                true,
                s.max_restarts,
                s.max_seconds,
                s.max_children.0,
            ),
            // poolboy_sup: simple_one_for_one, intensity 0 (its children are temporary).
            ChildSpec::Pool(_) => (Strategy::OneForOne, true, 0, 1, None),
            ChildSpec::Worker(_) => (
                Strategy::OneForOne,
                false,
                DEFAULT_MAX_RESTARTS,
                DEFAULT_MAX_SECONDS,
                None,
            ),
        };
        let children = if dynamic {
            ChildList::default()
        } else if let Some(kids) = shared {
            kids.iter().map(|c| Child::new(c.clone())).collect()
        } else {
            spec.children()
                .iter()
                .map(|c| Child::new(Rc::new(c.clone())))
                .collect()
        };
        Supervisor {
            strategy,
            dynamic,
            max_restarts,
            max_seconds,
            max_children,
            children,
            restarts: VecDeque::new(),
            ops: VecDeque::new(),
            wait: SupWait::None,
            initialized: false,
            gave_up: false,
            partitioned: matches!(&**spec, ChildSpec::PartitionSupervisor(_)),
            repeats: BTreeMap::new(),
            pool: match &**spec {
                ChildSpec::Pool(p) => Some(Box::new(crate::pool_state::PoolState::new(p))),
                _ => None,
            },
            auto_shutdown: match &**spec {
                ChildSpec::Supervisor(s) => s.auto_shutdown,
                _ => crate::scenario::AutoShutdown::Never,
            },
        }
    }

    pub fn child(&self, id: &str) -> Option<&Child> {
        self.children.get(id)
    }
    pub fn child_mut(&mut self, id: &str) -> Option<&mut Child> {
        self.children.get_mut(id)
    }
    pub fn child_by_pid(&self, pid: Pid) -> Option<&Child> {
        self.children.by_pid(pid)
    }
    pub fn live_children(&self) -> usize {
        self.children.live()
    }
}

impl Process {
    pub(crate) fn new(pid: Pid, parent: Pid, kind: Kind, trap_exit: bool, now: Time) -> Process {
        let init_pending = !matches!(kind, Kind::Harness);
        Process {
            pid,
            parent,
            name: None,
            child_id: None,
            spawned_by: None,
            links: BTreeSet::new(),
            monitors: RefMap::new(),
            watchers: RefMap::new(),
            trap_exit,
            mailbox: VecDeque::new(),
            scanned: Cell::new(0),
            suspended: false,
            init_pending,
            busy: None,
            replay: VecDeque::new(),
            in_runq: false,
            timers: RefMap::new(),
            alias: None,
            spawned_at: now,
            handled: 0,
            max_queue: 0,
            gc_debt: 0,
            gc_paid: 0,
            debug: Default::default(),
            kind,
        }
    }

    pub fn supervisor(&self) -> Option<&Supervisor> {
        match &self.kind {
            Kind::Supervisor(s) => Some(s),
            _ => None,
        }
    }
    pub fn worker(&self) -> Option<&Worker> {
        match &self.kind {
            Kind::Worker(w) => Some(w),
            _ => None,
        }
    }
    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }
}

impl Worker {
    /// A worker started from `spec`, which is a worker's.
    pub(crate) fn new(spec: &Rc<ChildSpec>) -> Worker {
        let spec = WorkerSpecRef(spec.clone());
        let state = match &spec.behaviour {
            Behaviour::Server { .. } => WorkerState::Server { handled: 0 },
            Behaviour::Counter { .. } => WorkerState::Counter { value: 0 },
            Behaviour::Agent { initial, .. } => WorkerState::Agent {
                value: term_or_atom(initial),
            },
            Behaviour::Statem(m) => {
                WorkerState::Statem(Box::new(crate::statem_run::StatemRun::new(&m.initial)))
            }
            Behaviour::Client(c) => WorkerState::Client(Box::new(Client {
                // A persistent_term client's "target" is its key.
                target: Rc::from(match (&c.key, c.mode.uses_key()) {
                    (Some(k), true) => k.as_str(),
                    _ => c.target.as_str(),
                }),
                mode: c.mode,
                request: term_or_atom(&c.request),
                pending: None,
                stats: LatencyStats::default(),
                requests: 0,
                reads: LatencyStats::default(),
                table: None,
                in_flight: None,
                pt_read: None,
                statem: false,
                pool_worker: None,
                abandoned: None,
                resolved: None,
            })),
            Behaviour::Registry { .. } => WorkerState::Registry,
            Behaviour::Pg {} => WorkerState::Pg,
            Behaviour::Task(_) => WorkerState::Task,
        };
        Worker { spec, state }
    }

    /// `:sys.replace_state/2` with a function returning `new` (checked beforehand by
    /// `sys_debug::check_replacement`; a term that does not fit is ignored).
    pub(crate) fn replace_state(&mut self, new: &Term) {
        match (&mut self.state, new) {
            (WorkerState::Counter { value }, Term::Int(n)) => *value = *n,
            (WorkerState::Server { handled }, Term::Tuple(t)) if t.len() == 2 => {
                if let Term::Int(n) = t[1] {
                    *handled = u64::try_from(n).unwrap_or(0);
                }
            }
            (WorkerState::Agent { value }, t) => *value = t.clone(),
            _ => {}
        }
    }

    /// What `:sys.get_state/1` would show.
    pub fn state_term(&self) -> Term {
        match &self.state {
            WorkerState::Server { handled } => Term::tuple(vec![
                Term::atom("handled"),
                Term::Int(i64::try_from(*handled).unwrap_or(i64::MAX)),
            ]),
            WorkerState::Counter { value } => Term::Int(*value),
            WorkerState::Agent { value } => value.clone(),
            // gen_statem's `:sys.get_state/1` is `{state, data}`.
            WorkerState::Statem(m) => Term::tuple(vec![Term::atom(&m.state), Term::Int(m.count)]),
            // What the client is waiting for, in its own mode's words: a linked task has no
            // target to name (its `target` is empty), a nolink task runs under one.
            WorkerState::Client(c) => match c.mode {
                ClientMode::Async => Term::tuple(vec![
                    Term::atom("task"),
                    Term::atom(if c.pending.is_some() {
                        "awaiting_task"
                    } else {
                        "idle"
                    }),
                ]),
                mode => Term::tuple(vec![
                    Term::atom(match mode {
                        ClientMode::AsyncNolink => "task_supervisor",
                        ClientMode::Ets => "table_of",
                        ClientMode::PersistentTermGet
                        | ClientMode::PersistentTermIncr
                        | ClientMode::CountersAdd => "key",
                        _ => "target",
                    }),
                    Term::atom(&c.target),
                    Term::atom(match (c.pending.is_some(), mode) {
                        (false, _) => "idle",
                        (true, ClientMode::AsyncNolink) => "yielding_task",
                        (true, _) => "waiting_reply",
                    }),
                ]),
            },
            WorkerState::Task => Term::atom("task"),
            WorkerState::Registry => Term::atom("registry"),
            WorkerState::Pg => Term::atom("pg_scope"),
        }
    }
}
