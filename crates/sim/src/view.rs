//! Read-only views of a running simulation for the UI and the CLI: the supervision tree's
//! node type (`TreeNode`: a PartitionSupervisor's node says how many partitions it has,
//! and any supervisor's how many `start_child` calls wait in its mailbox; `tree_build`
//! builds the tree), a supervisor's `which_children/1` and `count_children/1`, and
//! per-process details such as `Process.info/1` and `:sys.get_state/1` would show them.

use crate::message::Msg;
use crate::process::{ChildStatus, Kind, LastExit, SupWait, WorkerState};
use crate::scenario::{Restart, Shutdown, Strategy};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};
use crate::time::Time;
use crate::trace::TraceCoverage;
use std::rc::Rc;

/// What kind of node: shape in the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Worker,
    Supervisor,
    DynamicSupervisor,
}

/// A node's state, each with a colour and a second cue in the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Alive, waiting for a message.
    Waiting,
    /// Handling a message on a scheduler.
    Busy,
    /// Runnable: has messages, waiting for a free scheduler.
    Runnable,
    Suspended,
    Starting,
    /// Being stopped by its supervisor.
    Terminating,
    /// Exited on its own; its supervisor will restart it.
    Restarting,
    /// Stopped by its supervisor (`:shutdown`, or killed after the shutdown timeout).
    Terminated,
    /// Dead and not going to be restarted.
    Dead,
    /// Its process has exited and its supervisor has not handled the `:EXIT` yet (the
    /// signal is on its way, or waiting in the supervisor's mailbox): what happens next is
    /// the supervisor's decision.
    Exited,
    NotStarted,
}

impl NodeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Waiting => "waiting",
            NodeState::Busy => "busy",
            NodeState::Runnable => "runnable",
            NodeState::Suspended => "suspended",
            NodeState::Starting => "starting",
            NodeState::Terminating => "terminating",
            NodeState::Restarting => "restarting",
            NodeState::Terminated => "terminated",
            NodeState::Dead => "dead",
            NodeState::Exited => "exited",
            NodeState::NotStarted => "not_started",
        }
    }
    pub fn is_alive(self) -> bool {
        matches!(
            self,
            NodeState::Waiting
                | NodeState::Busy
                | NodeState::Runnable
                | NodeState::Suspended
                | NodeState::Starting
                | NodeState::Terminating
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TreeNode {
    pub id: Rc<str>,
    pub kind: NodeKind,
    pub pid: Option<Pid>,
    pub name: Option<Rc<str>>,
    pub state: NodeState,
    pub restart: Restart,
    pub shutdown: Shutdown,
    /// Times its supervisor restarted it.
    pub restarts: u32,
    pub last_exit: Option<LastExit>,
    pub mailbox: usize,
    /// Supervisors: strategy, and restarts inside the current window.
    pub strategy: Option<Strategy>,
    pub intensity: Option<Intensity>,
    pub children: Vec<TreeNode>,
    /// A worker of kind `agent`: a GenServer underneath, drawn as a worker, named an Agent.
    pub agent: bool,
    /// A worker of kind `registry`: one node standing for Registry.Supervisor and its
    /// partitions (its table: `Sim::registries`).
    pub registry: bool,
    /// A worker of kind `pg`: a `:pg` scope (its groups: `Sim::pg_scopes`).
    pub pg_scope: bool,
    /// A PartitionSupervisor (drawn as a supervisor, `kind` `Supervisor`): its number of
    /// partitions. Its children are the partitions, ids `"0"`..: DynamicSupervisors.
    pub partitions: Option<u32>,
    /// `start_child` calls waiting in this supervisor's mailbox (the one being served
    /// is not counted): the queue a busy DynamicSupervisor builds.
    pub queued_starts: usize,
    /// A worker of kind `statem`: a `:gen_statem`; `Sim::statem(pid)` has its diagram.
    pub statem: bool,
    /// A live gen_statem's current state (drawn on its node; `Sim::statem` has the rest).
    pub statem_state: Option<Rc<str>>,
    /// A node of type `pool` (a poolboy pool, drawn as a DynamicSupervisor whose children
    /// are its workers): free / lent workers and the waiting callers right now (`None`
    /// while it is not alive). `Sim::pool(pid)` returns the same.
    pub pool: Option<crate::pool_view::PoolView>,
}

impl TreeNode {
    /// What the node is, as the inspector says it: `worker (GenServer)`, `worker (gen_statem)`,
    /// `Agent (a GenServer)`, `Supervisor, strategy one_for_one`, `DynamicSupervisor (one_for_one)`.
    pub fn kind_label(&self) -> String {
        match self.kind {
            NodeKind::Worker if self.agent => "Agent (a GenServer)".to_string(),
            NodeKind::Worker if self.pg_scope => ":pg scope (a gen_server, ETS table)".to_string(),
            NodeKind::Worker if self.registry => {
                "Registry (a supervisor of partitions, ETS tables)".to_string()
            }
            NodeKind::Worker if self.statem => "worker (gen_statem)".to_string(),
            NodeKind::DynamicSupervisor if self.pool.is_some() => {
                "poolboy pool (a gen_server and its simple_one_for_one supervisor)".to_string()
            }
            NodeKind::Worker => "worker (GenServer)".to_string(),
            NodeKind::Supervisor if self.partitions.is_some() => format!(
                "PartitionSupervisor, {} DynamicSupervisor partitions",
                self.partitions.unwrap_or(0)
            ),
            NodeKind::Supervisor => format!(
                "Supervisor, strategy {}",
                self.strategy.map_or("", |s| s.as_str())
            ),
            NodeKind::DynamicSupervisor => "DynamicSupervisor (one_for_one)".to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intensity {
    pub recent: u32,
    pub max_restarts: u32,
    pub max_seconds: u32,
    pub gave_up: bool,
}

/// One entry of `Supervisor.which_children/1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhichChild {
    pub id: Rc<str>,
    /// `None` while the child is being restarted (`:restarting`) or not running
    /// (`:undefined`).
    pub pid: Option<Pid>,
    pub supervisor: bool,
    /// A failed restart being tried again: OTP lists the pid as `:restarting`.
    pub restarting: bool,
    /// The supervisor's view of the child (`not_started`, `running`, `terminated`…):
    /// a child listed with pid `:undefined` is `terminated` (stopped with
    /// `terminate_child`, or its `init/1` returned `:ignore`) or `dead` (a transient child
    /// that exited normally). Either can be restarted with `restart_child` or deleted
    /// with `delete_child`.
    pub status: ChildStatus,
    /// `restart: permanent | transient | temporary`.
    pub restart: Restart,
    /// `significant: true` in its spec: its exit (not restarted) can shut the supervisor
    /// down, per the supervisor's `auto_shutdown` (`Sim::auto_shutdown`).
    pub significant: bool,
}

/// `count_children/1`: printed as Elixir prints the map
/// (`%{active: 2, specs: 2, supervisors: 0, workers: 2}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChildCounts {
    pub specs: usize,
    pub active: usize,
    pub supervisors: usize,
    pub workers: usize,
}

impl std::fmt::Display for ChildCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "%{{active: {}, specs: {}, supervisors: {}, workers: {}}}",
            self.active, self.specs, self.supervisors, self.workers
        )
    }
}

impl Sim {
    /// What the run's trace holds, for the UI to say: `Full` (everything), `Bounded`
    /// (a run of more than 10,000 processes: lifecycle in full, message events until
    /// `messages_until`) or `Lifecycle`. See docs/trace-format.md, "Bounded traces".
    pub fn trace_coverage(&self) -> TraceCoverage {
        self.trace().coverage()
    }

    /// The `:persistent_term` table now, by key: each key and the term stored under it
    /// (what `:persistent_term.get/1` would return in any process).
    pub fn persistent_terms(&self) -> Vec<(Rc<str>, Term)> {
        self.w
            .pterms
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// How many global persistent_term passes the run has made so far: `put`s and
    /// `erase`s that replaced a value living on a heap, each of which made every live
    /// process pay `config.persistent_term_gc_us` on its next job.
    pub fn persistent_term_gc_passes(&self) -> u64 {
        self.w.pterm_gc_passes
    }

    /// Scheduler time `pid` still owes for global persistent_term passes (paid on its
    /// next job); 0 for an unknown pid.
    pub fn persistent_term_gc_debt(&self, pid: Pid) -> Time {
        self.w.procs.get(&pid).map_or(0, |p| p.gc_debt)
    }
    /// `which_children/1` of the supervisor `pid`, in OTP's order: for a Supervisor the
    /// child started last comes first (`supervisor.erl` keeps its children newest first;
    /// for a PartitionSupervisor that is partition n-1 down to 0), for a
    /// DynamicSupervisor oldest pid first (`child_api.rs`). Only the children OTP holds
    /// (a temporary child that exited is gone). Empty for a non-supervisor.
    pub fn which_children(&self, pid: Pid) -> Vec<WhichChild> {
        let Some(s) = self.process(pid).and_then(|p| p.supervisor()) else {
            return Vec::new();
        };
        crate::child_api::which_children(s)
            .into_iter()
            .filter_map(|(id, _)| {
                let c = s.child(&id)?;
                Some(WhichChild {
                    id,
                    pid: c.pid.filter(|p| self.process(*p).is_some()),
                    supervisor: c.spec.is_supervisor(),
                    restarting: c.pid.is_none() && c.status == ChildStatus::Restarting,
                    status: c.status,
                    restart: c.restart_type(),
                    significant: crate::child_api::is_significant(c),
                })
            })
            .collect()
    }

    /// The `auto_shutdown` flag of the supervisor `pid` (`never` for any other process
    /// and for the dynamic kinds).
    pub fn auto_shutdown(&self, pid: Pid) -> crate::scenario::AutoShutdown {
        self.process(pid)
            .and_then(|p| p.supervisor())
            .map_or(crate::scenario::AutoShutdown::Never, |s| s.auto_shutdown)
    }

    /// `count_children/1` of the supervisor `pid`: every child it holds (`specs`), those
    /// with a live process (`active`), by type. Temporary children that exited are not
    /// held (OTP deletes them).
    pub fn count_children(&self, pid: Pid) -> Option<ChildCounts> {
        let s = self.process(pid)?.supervisor()?;
        let (specs, active, supervisors, workers) = crate::child_api::count_children(self, s);
        Some(ChildCounts {
            specs: specs as usize,
            active: active as usize,
            supervisors: supervisors as usize,
            workers: workers as usize,
        })
    }

    /// `Process.info/1`-like facts about a live process.
    pub fn info(&self, pid: Pid) -> Option<ProcessInfo> {
        let p = self.process(pid)?;
        let state = match &p.kind {
            Kind::Worker(w) => w.state_term(),
            Kind::Supervisor(s) => Term::tuple(vec![
                Term::atom("state"),
                Term::atom(s.strategy.as_str()),
                Term::Int(s.children.len() as i64),
                Term::atom(match &s.wait {
                    SupWait::None => "idle",
                    SupWait::Ack { .. } => "starting_child",
                    SupWait::Down { .. } => "terminating_child",
                }),
            ]),
            Kind::Harness => Term::atom("harness"),
        };
        let status = if p.busy.is_some() {
            "running"
        } else if p.suspended {
            "suspended"
        } else if p.in_runq {
            "runnable"
        } else {
            "waiting"
        };
        let current = p.busy.as_ref().map(|b| match &b.job {
            crate::process::Job::Handle(env) => env.msg.to_term(env.from),
            crate::process::Job::Init => Term::atom("init"),
            crate::process::Job::Terminate(reason) => {
                Term::tuple(vec![Term::atom("terminate"), reason.clone()])
            }
            crate::process::Job::Reply { .. } => Term::atom("telemetry_handlers"),
        });
        let client = match &p.kind {
            Kind::Worker(w) => match &w.state {
                WorkerState::Client(c) => Some(c),
                _ => None,
            },
            _ => None,
        };
        let latency = client.map(|c| ClientLatency::of(&c.stats));
        let reads = client
            .filter(|c| c.mode == crate::scenario::ClientMode::Ets || c.mode.is_persistent_term())
            .map(|c| ClientLatency::of(&c.reads));
        let computed = client
            .filter(|c| c.mode == crate::scenario::ClientMode::Local)
            .map(|c| ClientLatency::of(&c.reads));
        Some(ProcessInfo {
            pid,
            registered_name: p.name.clone(),
            child_id: p.child_id.clone(),
            status,
            trap_exit: p.trap_exit,
            links: p.links.iter().copied().collect(),
            monitors: p.monitors.values().copied().collect(),
            monitored_by: p.watchers.values().copied().collect(),
            message_queue_len: p.mailbox.len(),
            max_queue_len: p.max_queue,
            messages: p
                .mailbox
                .iter()
                .take(50)
                .map(|e| (e.msg.kind(), e.msg.to_term(e.from)))
                .collect(),
            handled: p.handled,
            current,
            state,
            alive_since: p.spawned_at,
            latency,
            reads,
            computed,
            sys: self.sys_debug(pid),
        })
    }

    /// The `:sys` debugging of a process the simulator models it for (a server, counter
    /// or agent worker): which options are on and the statistics so far. `None` for
    /// other processes (the inspector offers no `:sys` commands for them).
    pub fn sys_debug(&self, pid: Pid) -> Option<SysDebugView> {
        let p = self.process(pid)?;
        if !crate::sys_debug::supports(p) {
            return None;
        }
        Some(SysDebugView {
            trace: p.debug.trace,
            statistics: p.debug.stats.as_ref().map(|s| SysStatsView {
                since_us: s.since,
                messages_in: s.messages_in,
                messages_out: s.messages_out,
                reductions: crate::sys_debug::reductions(s),
            }),
            cost_us: p.debug.cost_us,
        })
    }

    /// The last `n` `*DBG*` lines `pid` printed while traced, oldest first (from the
    /// trace, so a run recorded with `TraceLevel::Lifecycle` has none).
    pub fn dbg_lines(&self, pid: Pid, n: usize) -> Vec<Rc<str>> {
        let mut lines: Vec<Rc<str>> = self
            .trace()
            .iter()
            .rev()
            .filter_map(|e| match &e.kind {
                crate::trace::Event::SysDbg { pid: p, line } if *p == pid => Some(line.clone()),
                _ => None,
            })
            .take(n)
            .collect();
        lines.reverse();
        lines
    }

    /// Mailbox lengths of every live process (pid order): for meters and sparklines.
    pub fn queue_lengths(&self) -> Vec<(Pid, usize)> {
        self.processes().map(|p| (p.pid, p.mailbox.len())).collect()
    }

    /// Is any message in flight or queued of this kind? (used by tests)
    pub fn has_queued(&self, pid: Pid, pred: impl Fn(&Msg) -> bool) -> bool {
        self.process(pid)
            .is_some_and(|p| p.mailbox.iter().any(|e| pred(&e.msg)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProcessInfo {
    pub pid: Pid,
    pub registered_name: Option<Rc<str>>,
    pub child_id: Option<Rc<str>>,
    pub status: &'static str,
    pub trap_exit: bool,
    pub links: Vec<Pid>,
    pub monitors: Vec<Pid>,
    pub monitored_by: Vec<Pid>,
    pub message_queue_len: usize,
    pub max_queue_len: usize,
    /// The first messages of the mailbox: (kind, message).
    pub messages: Vec<(&'static str, Term)>,
    pub handled: u64,
    pub current: Option<Term>,
    pub state: Term,
    pub alive_since: Time,
    /// A client's `GenServer.call` latencies (mode `ets`: its writes).
    pub latency: Option<ClientLatency>,
    /// A client of mode `ets`: its table reads (`calls` counts reads; never a timeout).
    /// A persistent_term client: its gets, each with any global pass it paid in that job
    /// (`max_us` shows the spike).
    pub reads: Option<ClientLatency>,
    /// A client of mode `local`: the plain-function computations it ran in its own
    /// process (`calls` counts them; never a timeout).
    pub computed: Option<ClientLatency>,
    /// `:sys` debugging (trace, statistics), for a process that supports it.
    pub sys: Option<SysDebugView>,
}

/// What `:sys` debugging is on in a process (`Sim::sys_debug`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SysDebugView {
    /// `:sys.trace(pid, true)` is on: each message handled adds `*DBG*` lines.
    pub trace: bool,
    /// `:sys.statistics(pid, true)` is on, with its counts so far.
    pub statistics: Option<SysStatsView>,
    /// The extra scheduler time each message now costs (µs): the scenario's
    /// `trace_cost_us` and/or `statistics_cost_us`.
    pub cost_us: u64,
}

/// What `:sys.statistics(pid, :get)` would return, as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SysStatsView {
    /// Virtual time statistics were switched on (`start_time`).
    pub since_us: u64,
    pub messages_in: u64,
    pub messages_out: u64,
    /// An estimate (`sys_debug::REDUCTIONS_PER_MESSAGE` per message).
    pub reductions: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientLatency {
    pub calls: u64,
    pub timeouts: u64,
    pub mean_us: u64,
    pub p50_us: Option<u64>,
    pub p99_us: Option<u64>,
    pub max_us: u64,
}

impl ClientLatency {
    fn of(s: &crate::process::LatencyStats) -> ClientLatency {
        ClientLatency {
            calls: s.calls,
            timeouts: s.timeouts,
            mean_us: s.total_us.checked_div(s.calls).unwrap_or(0),
            p50_us: s.percentile(50),
            p99_us: s.percentile(99),
            max_us: s.max_us,
        }
    }
}
