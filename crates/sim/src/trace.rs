//! The trace: every observable event of a run, in order, with its virtual time. Owns the
//! event vocabulary (named after OTP's supervisor and progress reports where one exists)
//! and its JSON-lines form. `docs/trace-format.md` documents every event and field.

use crate::chunk_vec::ChunkVec;
use crate::message::Msg;
use crate::scenario::EventType;
use crate::statem_run::{CancelWhy, TimeoutKind};
use crate::term::{Pid, Term};
use std::borrow::Cow;
use std::fmt::Write;
use std::rc::Rc;

// Re-exported so `otp_sim::trace::Time` keeps working; they live in `time.rs`.
pub use crate::time::{MsgId, Time};

#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    pub t: Time,
    pub kind: Event,
}

/// Why a message never reached a `receive`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropWhy {
    /// The receiver was not alive when the message arrived.
    Noproc,
    /// The receiver exited with the message still in its mailbox.
    ReceiverExited,
    /// A call reply arrived after the caller gave up: OTP 24+ sends replies to a process
    /// alias that `gen` deactivates on timeout, so the runtime discards the late reply.
    AliasInactive,
    /// An exit signal from a link that the receiver had already removed.
    Unlinked,
}

impl DropWhy {
    /// The inverse of `why as u32` (a trace entry keeps it as a number).
    fn from_index(i: u32) -> DropWhy {
        match i {
            0 => DropWhy::Noproc,
            1 => DropWhy::ReceiverExited,
            2 => DropWhy::AliasInactive,
            _ => DropWhy::Unlinked,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DropWhy::Noproc => "noproc",
            DropWhy::ReceiverExited => "receiver_exited",
            DropWhy::AliasInactive => "alias_inactive",
            DropWhy::Unlinked => "unlinked",
        }
    }
}

/// What an exit signal did to its receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalOutcome {
    Killed,
    Trapped,
    Ignored,
}

impl SignalOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SignalOutcome::Killed => "killed",
            SignalOutcome::Trapped => "trapped",
            SignalOutcome::Ignored => "ignored",
        }
    }
}

/// What a command that waits for its answer got (`Event::CommandResult`).
#[derive(Clone, Debug, PartialEq)]
pub struct CommandAnswer {
    /// The fault's target (a child id or a name).
    pub target: Rc<str>,
    /// The process it reached, `None` if no process had that name.
    pub pid: Option<Pid>,
    /// `genserver_stop` or `call_stop`.
    pub action: Rc<str>,
    /// `true`: the call returned `value`; `false`: the caller exits with `value`.
    pub returned: bool,
    pub value: Term,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Spawn {
        pid: Pid,
        parent: Pid,
        id: Option<Rc<str>>,
        name: Option<Rc<str>>,
    },
    Send {
        id: MsgId,
        from: Pid,
        to: Pid,
        msg: Msg,
    },
    Deliver {
        id: MsgId,
        to: Pid,
        queue: usize,
    },
    /// `busy`: how long handling it keeps the process on a scheduler (its service time,
    /// the source of the scheduler-share charts); 0 when it is taken inside another job
    /// (a flush) or by the harness.
    Receive {
        id: MsgId,
        pid: Pid,
        busy: Time,
    },
    Dropped {
        id: MsgId,
        to: Pid,
        why: DropWhy,
    },
    ExitSignal {
        from: Pid,
        to: Pid,
        reason: Term,
        outcome: SignalOutcome,
    },
    Exit {
        pid: Pid,
        id: Option<Rc<str>>,
        reason: Term,
    },
    /// Progress report: supervisor `sup` started child `id` as `pid`.
    Started {
        sup: Pid,
        id: Rc<str>,
        pid: Pid,
    },
    /// Supervisor report, errorContext `child_terminated`.
    ChildTerminated {
        sup: Pid,
        id: Rc<str>,
        pid: Pid,
        reason: Term,
    },
    /// Supervisor report, errorContext `shutdown_error`.
    ShutdownError {
        sup: Pid,
        id: Rc<str>,
        pid: Pid,
        reason: Term,
    },
    /// Supervisor report, errorContext `start_error`.
    StartError {
        sup: Pid,
        id: Rc<str>,
        reason: Term,
    },
    /// A worker's `init/1` did not return `{:ok, state}` (its spec's `init_fails`):
    /// `result` is `:ignore`, `{:stop, reason}`, or the raised exception's exit reason.
    /// The process exits right after (`:normal` for `:ignore`).
    InitFailed {
        pid: Pid,
        id: Option<Rc<str>>,
        result: Term,
    },
    /// `which_children/1` answered: each child's id and its pid, `:undefined` or
    /// `:restarting`, in the order OTP lists them (`child_api.rs`).
    ChildrenListed {
        sup: Pid,
        children: Rc<[(Rc<str>, Term)]>,
    },
    /// A significant child `id` exited and was not restarted: the supervisor's
    /// `auto_shutdown` makes it stop its children and exit `:shutdown` (no report in OTP).
    AutoShutdown {
        sup: Pid,
        id: Rc<str>,
    },
    /// `count_children/1` answered.
    ChildrenCounted {
        sup: Pid,
        specs: u32,
        active: u32,
        supervisors: u32,
        workers: u32,
    },
    /// Supervisor report, errorContext `shutdown`, reason `reached_max_restart_intensity`.
    ReachedMaxRestartIntensity {
        sup: Pid,
        id: Rc<str>,
        restarts: u32,
        max_restarts: u32,
        max_seconds: u32,
    },
    /// The supervisor begins to stop a child (`shutdown` from the child spec).
    Terminating {
        sup: Pid,
        id: Rc<str>,
        pid: Pid,
        shutdown: Rc<str>,
    },
    /// The supervisor is about to restart child `id` (its `count`th restart).
    Restarting {
        sup: Pid,
        id: Rc<str>,
        count: u32,
    },
    /// Result of `start_child` / `terminate_child` sent to a supervisor. For a
    /// DynamicSupervisor's initial children (whose `start_child` no simulated process
    /// made) only an error is recorded, such as `{:error, :max_children}`.
    SupervisorReply {
        sup: Pid,
        request: Rc<str>,
        result: Term,
    },
    /// Right after the `supervisor_reply` to a `start_child` call a process made: µs
    /// from the call's sending to the reply (the wait in the supervisor's mailbox plus
    /// the child's `init/1`).
    StartLatency {
        sup: Pid,
        caller: Pid,
        latency: Time,
    },
    /// A `{:via, PartitionSupervisor, {name, key}}` target resolved: `key` routes to
    /// partition number `partition`, whose DynamicSupervisor is `pid`.
    Routed {
        name: Rc<str>,
        key: Term,
        partition: u32,
        pid: Pid,
    },
    /// A client's `GenServer.call` returned after `latency` µs.
    CallReturned {
        pid: Pid,
        latency: Time,
    },
    /// A client's call timed out (`caught`: it catches the exit and goes on).
    CallTimeout {
        pid: Pid,
        caught: bool,
    },
    Suspended {
        pid: Pid,
    },
    Resumed {
        pid: Pid,
    },
    /// A process answered a `:sys` request (`get_state`, `replace_state`, `trace true`,
    /// `statistics get`, `no_debug`, ...) with `reply`.
    SysReply {
        pid: Pid,
        request: Rc<str>,
        reply: Term,
    },
    /// A line of `:sys.trace` output, as gen_server prints it (`*DBG* ...`).
    SysDbg {
        pid: Pid,
        line: Rc<str>,
    },
    /// What a command that waits for its answer returned to the harness (`GenServer.stop`,
    /// a stopping call): `returned` with the value, or the caller exits with `value`.
    /// (Boxed in an `Rc`: the event stays within the trace's entry size.)
    CommandResult(Rc<CommandAnswer>),
    /// A fault from the schedule or the user was applied.
    Fault {
        target: Rc<str>,
        pid: Pid,
        action: Rc<str>,
    },
    /// A fault's target had no live process.
    FaultMissed {
        target: Rc<str>,
        action: Rc<str>,
    },
    /// `:ets.new/2` in `init/1`: `pid` created the named table and owns it.
    EtsNew {
        pid: Pid,
        table: Rc<str>,
    },
    /// The owner `pid` exited and the runtime deleted its table (no heir, or a dead one).
    EtsDelete {
        pid: Pid,
        table: Rc<str>,
    },
    /// The table changed hands: `from` gave it to `to` with `:ets.give_away/3`
    /// (`inherited` false, `data` the gift), or `from` exited and its heir `to` took it
    /// (`inherited` true, `data` the heir data). `to` gets `{:"ETS-TRANSFER", table, from,
    /// data}` as a message.
    EtsTransfer {
        table: Rc<str>,
        from: Pid,
        to: Pid,
        data: Rc<Term>,
        inherited: bool,
    },
    /// `pid` called `Process.link(other)` (`on`) or `Process.unlink(other)` (a `link` /
    /// `unlink` command), or linked to a process it started with `spawn_link`.
    Link {
        pid: Pid,
        other: Pid,
        on: bool,
    },
    /// `watcher` called `Process.monitor(target)` (`on`) or demonitored it.
    Monitor {
        watcher: Pid,
        target: Pid,
        on: bool,
    },
    /// `pid` called `Process.flag(:trap_exit, on)`.
    TrapExit {
        pid: Pid,
        on: bool,
    },
    /// A trapping server's `handle_info/2` took `{:EXIT, from, reason}` from a process
    /// other than its parent and the harness (an exit signal turned into a message).
    ExitMessage {
        pid: Pid,
        from: Pid,
        reason: Term,
    },
    /// A server's `handle_info/2` took `{:DOWN, ref, :process, of, reason}` for a monitor
    /// it made with a `monitor` command.
    DownMessage {
        pid: Pid,
        of: Pid,
        reason: Term,
    },
    /// A task client's `Task.await/2` or `Task.yield/2` returned `result`, `latency` µs
    /// after the request began.
    TaskResult {
        pid: Pid,
        task: Pid,
        result: Term,
        latency: Time,
    },
    /// A message from a task its caller stopped waiting for (`Task.yield` gave `nil` and
    /// the caller went on): the task's `{ref, result}` reply or its `:DOWN`, handed to the
    /// caller's `handle_info/2`.
    TaskLeftover {
        pid: Pid,
        msg: Term,
    },
    /// A client read `owner`'s table in its own process (`:ets.lookup/2`), which took
    /// `latency` µs of the client's scheduler time and none of the owner's.
    EtsRead {
        pid: Pid,
        owner: Pid,
        table: Rc<str>,
        latency: Time,
    },
    /// `:persistent_term.put(key, value)` by `pid` (the harness for a fault, a client for
    /// mode `persistent_term_incr`). `changed` is false when the stored value was equal
    /// (erts returns at once).
    PersistentTermPut {
        pid: Pid,
        key: Rc<str>,
        value: Term,
        changed: bool,
    },
    /// `:persistent_term.erase(key)` by `pid`; `existed` is what it returned.
    PersistentTermErase {
        pid: Pid,
        key: Rc<str>,
        existed: bool,
    },
    /// A client read `key` in its own process (`:persistent_term.get/1`), which took
    /// `latency` µs of its scheduler time (its read cost plus any global pass it paid).
    PersistentTermGet {
        pid: Pid,
        key: Rc<str>,
        latency: Time,
    },
    /// A poolboy pool lent `worker` to `caller`, who had waited `waited` µs since its
    /// checkout call was sent (0 µs of queueing: the pool had a free worker).
    PoolCheckout {
        pool: Pid,
        caller: Pid,
        worker: Pid,
        waited: Time,
    },
    /// No worker free and no overflow left: `caller` waits in the pool's queue, now
    /// `queue` long.
    PoolWait {
        pool: Pid,
        caller: Pid,
        queue: u32,
    },
    /// A waiting caller left the queue: its checkout timed out (`cancel_waiting`) or it
    /// died (`:DOWN`).
    PoolCancel {
        pool: Pid,
        caller: Pid,
    },
    /// `worker` came back to the pool: checked in, or its holder `caller` died
    /// (`caller_died`: the pool's monitor fired; the worker is returned as it is).
    PoolCheckin {
        pool: Pid,
        worker: Pid,
        caller: Pid,
        caller_died: bool,
    },
    /// The pool stops `worker` on its return because it has overflow workers out and
    /// nobody waits (poolboy dismisses the worker returned, whichever it is).
    PoolDismiss {
        pool: Pid,
        worker: Pid,
    },
    /// `pid` ran `:telemetry.execute(event, ...)`: `handlers` were attached to `event`
    /// then (each call follows as a `TelemetryCall`, in the emitting process).
    TelemetryExecute {
        pid: Pid,
        event: Rc<str>,
        handlers: u32,
    },
    /// The handler `handler` ran in `pid` for `event` (`raised`: it raised, and is
    /// detached right after).
    TelemetryCall {
        pid: Pid,
        handler: Rc<str>,
        event: Rc<str>,
        raised: bool,
    },
    /// `:telemetry.detach(handler)` from `pid`: the emitter after a failed call
    /// (`failed`), or the harness for a `telemetry_detach` command; `ok` false is
    /// `{:error, :not_found}`.
    TelemetryDetach {
        pid: Pid,
        handler: Rc<str>,
        failed: bool,
        ok: bool,
    },
    /// `:telemetry.attach_many/4` from the harness (a `telemetry_attach` command); `ok`
    /// false is `{:error, :already_exists}`.
    TelemetryAttach {
        pid: Pid,
        handler: Rc<str>,
        ok: bool,
    },
    /// telemetry's `?LOG_ERROR("Handler ~p has failed and has been detached. ...")`,
    /// logged by `pid` after the failure event.
    TelemetryLog {
        pid: Pid,
        handler: Rc<str>,
        reason: Term,
    },
    /// The update of `key` just before replaced or erased a value that lived on a heap:
    /// a global pass, for which each of the `processes` live processes pays `cost_us` on
    /// its next job.
    PersistentTermGc {
        key: Rc<str>,
        processes: u32,
        cost_us: Time,
    },
    /// `pid` registered itself under `key` in the registry named `registry` (through a
    /// `{:via, Registry, ...}` name as it started, or `Registry.register/3`): an ETS
    /// write in its own process, and a link to the registry.
    RegistryRegister {
        pid: Pid,
        registry: Rc<str>,
        key: Rc<Term>,
    },
    /// `pid` called `Registry.unregister/2`.
    RegistryUnregister {
        pid: Pid,
        registry: Rc<str>,
        key: Rc<Term>,
    },
    /// The registry process `by` handled the `{:EXIT, pid, _}` of the dead `pid` and
    /// removed its `keys` (none if a restarted process had taken them over already).
    RegistryCleanup {
        by: Pid,
        pid: Pid,
        registry: Rc<str>,
        keys: Rc<[Term]>,
    },
    /// `Registry.lookup(registry, key)` (a `lookup` command) returned these pids, in
    /// the order real OTP gives them; a dead one is a registration not cleaned up yet.
    RegistryLookup {
        registry: Rc<str>,
        key: Rc<Term>,
        pids: Rc<[Pid]>,
    },
    /// The `:pg` scope `by` handled a join: `pid` is now first in `group`.
    PgJoin {
        by: Pid,
        pid: Pid,
        scope: Rc<str>,
        group: Rc<Term>,
    },
    /// The scope `by` handled a leave of `pid` from `group` (`ok: false`: `:not_joined`).
    PgLeave {
        by: Pid,
        pid: Pid,
        scope: Rc<str>,
        group: Rc<Term>,
        ok: bool,
    },
    /// The scope `by` handled the `:DOWN` of the dead `pid` and removed it from `groups`.
    PgCleanup {
        by: Pid,
        pid: Pid,
        scope: Rc<str>,
        groups: Rc<[Term]>,
    },
    /// `:pg.get_members(scope, group)` (a `members` command) returned `pids`, newest first.
    PgMembers {
        scope: Rc<str>,
        group: Rc<Term>,
        pids: Rc<[Pid]>,
    },
    /// `:pg.which_groups(scope)` (a `which_groups` command).
    PgWhichGroups {
        scope: Rc<str>,
        groups: Rc<[Term]>,
    },
    /// A client's `Registry.dispatch/3` sent its request to `to`, in that order.
    RegistryDispatch {
        pid: Pid,
        registry: Rc<str>,
        key: Rc<Term>,
        to: Rc<[Pid]>,
    },
    /// A gen_statem handled an event in `state`: `next` is the new state if it changed,
    /// `postponed` whether the event was postponed.
    /// (Boxed to keep trace entries small.)
    StatemEvent {
        pid: Pid,
        step: Box<StatemStep>,
    },
    /// A gen_statem's state changed from `from` to `to`, by an event of type `event`
    /// (its content is in the `StatemEvent` just before).
    StateChange {
        pid: Pid,
        from: Rc<str>,
        to: Rc<str>,
        event: EventType,
    },
    /// A gen_statem armed a time-out of `ms` milliseconds (replacing one of the same kind).
    TimeoutArmed {
        pid: Pid,
        kind: TimeoutKind,
        ms: u64,
    },
    /// An armed time-out fired: its event is being handled.
    TimeoutFired {
        pid: Pid,
        kind: TimeoutKind,
    },
    /// An armed time-out stopped without firing, and why.
    TimeoutCancelled {
        pid: Pid,
        kind: TimeoutKind,
        why: CancelWhy,
    },
}

/// One event a gen_statem handled (see `Event::StatemEvent`).
#[derive(Clone, Debug, PartialEq)]
pub struct StatemStep {
    pub state: Rc<str>,
    pub event: EventType,
    pub content: Term,
    pub next: Option<Rc<str>>,
    pub postponed: bool,
}

impl Event {
    /// The event's name in the JSON lines (`"ev"`).
    pub fn name(&self) -> &'static str {
        match self {
            Event::Spawn { .. } => "spawn",
            Event::Send { .. } => "send",
            Event::Deliver { .. } => "deliver",
            Event::Receive { .. } => "receive",
            Event::Dropped { .. } => "dropped",
            Event::ExitSignal { .. } => "exit_signal",
            Event::Exit { .. } => "exit",
            Event::Started { .. } => "started",
            Event::ChildTerminated { .. } => "child_terminated",
            Event::ShutdownError { .. } => "shutdown_error",
            Event::StartError { .. } => "start_error",
            Event::InitFailed { .. } => "init_failed",
            Event::ChildrenListed { .. } => "which_children",
            Event::AutoShutdown { .. } => "auto_shutdown",
            Event::ChildrenCounted { .. } => "count_children",
            Event::ReachedMaxRestartIntensity { .. } => "reached_max_restart_intensity",
            Event::Terminating { .. } => "terminating",
            Event::Restarting { .. } => "restarting",
            Event::SupervisorReply { .. } => "supervisor_reply",
            Event::Routed { .. } => "routed",
            Event::StartLatency { .. } => "start_latency",
            Event::CallReturned { .. } => "call_returned",
            Event::CallTimeout { .. } => "call_timeout",
            Event::Suspended { .. } => "suspended",
            Event::Resumed { .. } => "resumed",
            Event::SysReply { .. } => "sys_reply",
            Event::SysDbg { .. } => "sys_dbg",
            Event::CommandResult(_) => "command_result",
            Event::Fault { .. } => "fault",
            Event::FaultMissed { .. } => "fault_missed",
            Event::EtsNew { .. } => "ets_new",
            Event::EtsDelete { .. } => "ets_delete",
            Event::EtsTransfer { .. } => "ets_transfer",
            Event::TaskLeftover { .. } => "task_leftover",
            Event::Link { .. } => "link",
            Event::Monitor { .. } => "monitor",
            Event::TrapExit { .. } => "trap_exit",
            Event::ExitMessage { .. } => "exit_message",
            Event::DownMessage { .. } => "down_message",
            Event::EtsRead { .. } => "ets_read",
            Event::PersistentTermPut { .. } => "persistent_term_put",
            Event::PersistentTermErase { .. } => "persistent_term_erase",
            Event::PersistentTermGet { .. } => "persistent_term_get",
            Event::PersistentTermGc { .. } => "persistent_term_gc",
            Event::PoolCheckout { .. } => "pool_checkout",
            Event::PoolWait { .. } => "pool_wait",
            Event::PoolCancel { .. } => "pool_cancel",
            Event::PoolCheckin { .. } => "pool_checkin",
            Event::PoolDismiss { .. } => "pool_dismiss",
            Event::TelemetryExecute { .. } => "telemetry_execute",
            Event::TelemetryCall { .. } => "telemetry_call",
            Event::TelemetryDetach { .. } => "telemetry_detach",
            Event::TelemetryAttach { .. } => "telemetry_attach",
            Event::TelemetryLog { .. } => "telemetry_log",
            Event::TaskResult { .. } => "task_result",
            Event::RegistryRegister { .. } => "registry_register",
            Event::RegistryUnregister { .. } => "registry_unregister",
            Event::RegistryCleanup { .. } => "registry_cleanup",
            Event::RegistryLookup { .. } => "registry_lookup",
            Event::RegistryDispatch { .. } => "registry_dispatch",
            Event::PgJoin { .. } => "pg_join",
            Event::PgLeave { .. } => "pg_leave",
            Event::PgCleanup { .. } => "pg_cleanup",
            Event::PgMembers { .. } => "pg_members",
            Event::PgWhichGroups { .. } => "pg_which_groups",
            Event::StatemEvent { .. } => "statem_event",
            Event::StateChange { .. } => "state_change",
            Event::TimeoutArmed { .. } => "timeout_armed",
            Event::TimeoutFired { .. } => "timeout_fired",
            Event::TimeoutCancelled { .. } => "timeout_cancelled",
        }
    }

    /// Per-message events (send, deliver, receive, dropped) and per-read events
    /// (`ets_read`): the bulk of a busy trace, left out at `TraceLevel::Lifecycle`.
    pub fn is_message_event(&self) -> bool {
        matches!(
            self,
            Event::Send { .. }
                | Event::Deliver { .. }
                | Event::Receive { .. }
                | Event::Dropped { .. }
                | Event::EtsRead { .. }
                | Event::PersistentTermGet { .. }
        )
    }

    /// Processes this event concerns, for filtering the log by process.
    pub fn pids(&self) -> [Option<Pid>; 3] {
        match self {
            Event::Spawn { pid, parent, .. } => [Some(*pid), Some(*parent), None],
            Event::Send { from, to, .. } => [Some(*from), Some(*to), None],
            Event::Deliver { to, .. } | Event::Dropped { to, .. } => [Some(*to), None, None],
            Event::Receive { pid, .. }
            | Event::Exit { pid, .. }
            | Event::CallReturned { pid, .. }
            | Event::CallTimeout { pid, .. }
            | Event::Suspended { pid }
            | Event::Resumed { pid }
            | Event::SysReply { pid, .. }
            | Event::SysDbg { pid, .. }
            | Event::Fault { pid, .. }
            | Event::EtsNew { pid, .. }
            | Event::EtsDelete { pid, .. }
            | Event::TaskLeftover { pid, .. }
            | Event::PersistentTermPut { pid, .. }
            | Event::PersistentTermErase { pid, .. }
            | Event::PersistentTermGet { pid, .. }
            | Event::StatemEvent { pid, .. }
            | Event::StateChange { pid, .. }
            | Event::TimeoutArmed { pid, .. }
            | Event::TimeoutFired { pid, .. }
            | Event::TimeoutCancelled { pid, .. } => [Some(*pid), None, None],
            Event::EtsRead { pid, owner, .. } => [Some(*pid), Some(*owner), None],
            Event::CommandResult(a) => [a.pid, None, None],
            Event::EtsTransfer { from, to, .. } => [Some(*from), Some(*to), None],
            Event::Link { pid, other, .. } => [Some(*pid), Some(*other), None],
            Event::Monitor {
                watcher, target, ..
            } => [Some(*watcher), Some(*target), None],
            Event::TrapExit { pid, .. } => [Some(*pid), None, None],
            Event::ExitMessage { pid, from, .. } => [Some(*pid), Some(*from), None],
            Event::DownMessage { pid, of, .. } => [Some(*pid), Some(*of), None],
            Event::TaskResult { pid, task, .. } => [Some(*pid), Some(*task), None],
            Event::ExitSignal { from, to, .. } => [Some(*from), Some(*to), None],
            Event::Started { sup, pid, .. }
            | Event::ChildTerminated { sup, pid, .. }
            | Event::ShutdownError { sup, pid, .. }
            | Event::Terminating { sup, pid, .. } => [Some(*sup), Some(*pid), None],
            Event::InitFailed { pid, .. } => [Some(*pid), None, None],
            Event::StartError { sup, .. }
            | Event::ChildrenListed { sup, .. }
            | Event::ChildrenCounted { sup, .. }
            | Event::AutoShutdown { sup, .. }
            | Event::ReachedMaxRestartIntensity { sup, .. }
            | Event::Restarting { sup, .. }
            | Event::SupervisorReply { sup, .. } => [Some(*sup), None, None],
            Event::FaultMissed { .. } | Event::RegistryLookup { .. } => [None, None, None],
            Event::RegistryRegister { pid, .. }
            | Event::RegistryUnregister { pid, .. }
            | Event::RegistryDispatch { pid, .. } => [Some(*pid), None, None],
            Event::RegistryCleanup { by, pid, .. }
            | Event::PgJoin { by, pid, .. }
            | Event::PgLeave { by, pid, .. }
            | Event::PgCleanup { by, pid, .. } => [Some(*by), Some(*pid), None],
            Event::PgMembers { .. } | Event::PgWhichGroups { .. } => [None, None, None],
            Event::Routed { pid, .. } => [Some(*pid), None, None],
            Event::StartLatency { sup, caller, .. } => [Some(*sup), Some(*caller), None],
            Event::PersistentTermGc { .. } => [None, None, None],
            Event::PoolCheckout {
                pool,
                caller,
                worker,
                ..
            }
            | Event::PoolCheckin {
                pool,
                caller,
                worker,
                ..
            } => [Some(*pool), Some(*caller), Some(*worker)],
            Event::PoolWait { pool, caller, .. } | Event::PoolCancel { pool, caller } => {
                [Some(*pool), Some(*caller), None]
            }
            Event::PoolDismiss { pool, worker } => [Some(*pool), Some(*worker), None],
            Event::TelemetryExecute { pid, .. }
            | Event::TelemetryCall { pid, .. }
            | Event::TelemetryDetach { pid, .. }
            | Event::TelemetryAttach { pid, .. }
            | Event::TelemetryLog { pid, .. } => [Some(*pid), None, None],
        }
    }
}

impl TraceEvent {
    /// One JSON object, no newline. Field order is fixed so traces compare byte for byte.
    pub fn write_json(&self, seq: usize, out: &mut String) {
        let _ = write!(
            out,
            "{{\"seq\":{seq},\"t\":{},\"ev\":\"{}\"",
            self.t,
            self.kind.name()
        );
        let pid = |out: &mut String, key: &str, p: &Pid| {
            let _ = write!(out, ",\"{key}\":\"{p}\"");
        };
        let text = |out: &mut String, key: &str, v: &str| {
            let _ = write!(out, ",\"{key}\":");
            json_string(out, v);
        };
        let term = |out: &mut String, key: &str, t: &Term| {
            let _ = write!(out, ",\"{key}\":");
            json_string(out, &t.to_string());
        };
        match &self.kind {
            Event::Spawn {
                pid: p,
                parent,
                id,
                name,
            } => {
                pid(out, "pid", p);
                pid(out, "parent", parent);
                if let Some(id) = id {
                    text(out, "id", id);
                }
                if let Some(name) = name {
                    text(out, "name", name);
                }
            }
            Event::Send { id, from, to, msg } => {
                let _ = write!(out, ",\"msg_id\":{id}");
                pid(out, "from", from);
                pid(out, "to", to);
                text(out, "msg", &msg.to_term(*from).to_string());
            }
            Event::Deliver { id, to, queue } => {
                let _ = write!(out, ",\"msg_id\":{id}");
                pid(out, "to", to);
                let _ = write!(out, ",\"queue\":{queue}");
            }
            Event::Receive { id, pid: p, busy } => {
                let _ = write!(out, ",\"msg_id\":{id}");
                pid(out, "pid", p);
                let _ = write!(out, ",\"busy\":{busy}");
            }
            Event::Dropped { id, to, why } => {
                let _ = write!(out, ",\"msg_id\":{id}");
                pid(out, "to", to);
                text(out, "why", why.as_str());
            }
            Event::ExitSignal {
                from,
                to,
                reason,
                outcome,
            } => {
                pid(out, "from", from);
                pid(out, "to", to);
                term(out, "reason", reason);
                text(out, "outcome", outcome.as_str());
            }
            Event::Exit { pid: p, id, reason } => {
                pid(out, "pid", p);
                if let Some(id) = id {
                    text(out, "id", id);
                }
                term(out, "reason", reason);
            }
            Event::Started { sup, id, pid: p } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                pid(out, "pid", p);
            }
            Event::ChildTerminated {
                sup,
                id,
                pid: p,
                reason,
            }
            | Event::ShutdownError {
                sup,
                id,
                pid: p,
                reason,
            } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                pid(out, "pid", p);
                term(out, "reason", reason);
            }
            Event::StartError { sup, id, reason } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                term(out, "reason", reason);
            }
            Event::InitFailed { pid: p, id, result } => {
                pid(out, "pid", p);
                if let Some(id) = id {
                    text(out, "id", id);
                }
                term(out, "result", result);
            }
            Event::ChildrenListed { sup, children } => {
                pid(out, "sup", sup);
                out.push_str(",\"children\":[");
                for (i, (id, p)) in children.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('{');
                    let mut one = String::new();
                    text(&mut one, "id", id);
                    term(&mut one, "pid", p);
                    out.push_str(one.trim_start_matches(','));
                    out.push('}');
                }
                out.push(']');
            }
            Event::AutoShutdown { sup, id } => {
                pid(out, "sup", sup);
                text(out, "id", id);
            }
            Event::ChildrenCounted {
                sup,
                specs,
                active,
                supervisors,
                workers,
            } => {
                pid(out, "sup", sup);
                let _ = write!(
                    out,
                    ",\"specs\":{specs},\"active\":{active},\"supervisors\":{supervisors},\"workers\":{workers}"
                );
            }
            Event::ReachedMaxRestartIntensity {
                sup,
                id,
                restarts,
                max_restarts,
                max_seconds,
            } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                let _ = write!(
                    out,
                    ",\"restarts\":{restarts},\"max_restarts\":{max_restarts},\"max_seconds\":{max_seconds}"
                );
            }
            Event::Terminating {
                sup,
                id,
                pid: p,
                shutdown,
            } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                pid(out, "pid", p);
                text(out, "shutdown", shutdown);
            }
            Event::Restarting { sup, id, count } => {
                pid(out, "sup", sup);
                text(out, "id", id);
                let _ = write!(out, ",\"count\":{count}");
            }
            Event::SupervisorReply {
                sup,
                request,
                result,
            } => {
                pid(out, "sup", sup);
                text(out, "request", request);
                term(out, "result", result);
            }
            Event::StartLatency {
                sup,
                caller,
                latency,
            } => {
                pid(out, "sup", sup);
                pid(out, "caller", caller);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::Routed {
                name,
                key,
                partition,
                pid: p,
            } => {
                text(out, "name", name);
                term(out, "key", key);
                let _ = write!(out, ",\"partition\":{partition}");
                pid(out, "pid", p);
            }
            Event::CallReturned { pid: p, latency } => {
                pid(out, "pid", p);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::CallTimeout { pid: p, caught } => {
                pid(out, "pid", p);
                let _ = write!(out, ",\"caught\":{caught}");
            }
            Event::Suspended { pid: p } | Event::Resumed { pid: p } => pid(out, "pid", p),
            Event::SysReply {
                pid: p,
                request,
                reply,
            } => {
                pid(out, "pid", p);
                text(out, "request", request);
                term(out, "reply", reply);
            }
            Event::SysDbg { pid: p, line } => {
                pid(out, "pid", p);
                text(out, "line", line);
            }
            Event::CommandResult(a) => {
                text(out, "target", &a.target);
                if let Some(p) = &a.pid {
                    pid(out, "pid", p);
                }
                text(out, "action", &a.action);
                let _ = write!(out, ",\"returned\":{}", a.returned);
                term(out, "value", &a.value);
            }
            Event::Fault {
                target,
                pid: p,
                action,
            } => {
                text(out, "target", target);
                pid(out, "pid", p);
                text(out, "action", action);
            }
            Event::FaultMissed { target, action } => {
                text(out, "target", target);
                text(out, "action", action);
            }
            Event::EtsNew { pid: p, table } | Event::EtsDelete { pid: p, table } => {
                pid(out, "pid", p);
                text(out, "table", table);
            }
            Event::TaskLeftover { pid: p, msg } => {
                pid(out, "pid", p);
                term(out, "msg", msg);
            }
            Event::Link { pid: p, other, on } => {
                pid(out, "pid", p);
                pid(out, "other", other);
                let _ = write!(out, ",\"on\":{on}");
            }
            Event::Monitor {
                watcher,
                target,
                on,
            } => {
                pid(out, "watcher", watcher);
                pid(out, "target", target);
                let _ = write!(out, ",\"on\":{on}");
            }
            Event::TrapExit { pid: p, on } => {
                pid(out, "pid", p);
                let _ = write!(out, ",\"on\":{on}");
            }
            Event::ExitMessage {
                pid: p,
                from,
                reason,
            } => {
                pid(out, "pid", p);
                pid(out, "from", from);
                term(out, "reason", reason);
            }
            Event::DownMessage { pid: p, of, reason } => {
                pid(out, "pid", p);
                pid(out, "of", of);
                term(out, "reason", reason);
            }
            Event::EtsTransfer {
                table,
                from,
                to,
                data,
                inherited,
            } => {
                text(out, "table", table);
                pid(out, "from", from);
                pid(out, "to", to);
                term(out, "data", data);
                let _ = write!(out, ",\"inherited\":{inherited}");
            }
            Event::TaskResult {
                pid: p,
                task,
                result,
                latency,
            } => {
                pid(out, "pid", p);
                pid(out, "task", task);
                term(out, "result", result);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::EtsRead {
                pid: p,
                owner,
                table,
                latency,
            } => {
                pid(out, "pid", p);
                pid(out, "owner", owner);
                text(out, "table", table);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::PersistentTermPut {
                pid: p,
                key,
                value,
                changed,
            } => {
                pid(out, "pid", p);
                text(out, "key", key);
                term(out, "value", value);
                let _ = write!(out, ",\"changed\":{changed}");
            }
            Event::PersistentTermErase {
                pid: p,
                key,
                existed,
            } => {
                pid(out, "pid", p);
                text(out, "key", key);
                let _ = write!(out, ",\"existed\":{existed}");
            }
            Event::PersistentTermGet {
                pid: p,
                key,
                latency,
            } => {
                pid(out, "pid", p);
                text(out, "key", key);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::PersistentTermGc {
                key,
                processes,
                cost_us,
            } => {
                text(out, "key", key);
                let _ = write!(out, ",\"processes\":{processes},\"cost_us\":{cost_us}");
            }
            Event::PoolCheckout {
                pool,
                caller,
                worker,
                waited,
            } => {
                pid(out, "pool", pool);
                pid(out, "caller", caller);
                pid(out, "worker", worker);
                let _ = write!(out, ",\"waited_us\":{waited}");
            }
            Event::PoolWait {
                pool,
                caller,
                queue,
            } => {
                pid(out, "pool", pool);
                pid(out, "caller", caller);
                let _ = write!(out, ",\"queue\":{queue}");
            }
            Event::PoolCancel { pool, caller } => {
                pid(out, "pool", pool);
                pid(out, "caller", caller);
            }
            Event::PoolCheckin {
                pool,
                worker,
                caller,
                caller_died,
            } => {
                pid(out, "pool", pool);
                pid(out, "worker", worker);
                pid(out, "caller", caller);
                let _ = write!(out, ",\"caller_died\":{caller_died}");
            }
            Event::PoolDismiss { pool, worker } => {
                pid(out, "pool", pool);
                pid(out, "worker", worker);
            }
            Event::TelemetryExecute {
                pid: p,
                event,
                handlers,
            } => {
                pid(out, "pid", p);
                text(out, "event", event);
                let _ = write!(out, ",\"handlers\":{handlers}");
            }
            Event::TelemetryCall {
                pid: p,
                handler,
                event,
                raised,
            } => {
                pid(out, "pid", p);
                text(out, "handler", handler);
                text(out, "event", event);
                let _ = write!(out, ",\"raised\":{raised}");
            }
            Event::TelemetryDetach {
                pid: p,
                handler,
                failed,
                ok,
            } => {
                pid(out, "pid", p);
                text(out, "handler", handler);
                let _ = write!(out, ",\"failed\":{failed},\"ok\":{ok}");
            }
            Event::TelemetryAttach {
                pid: p,
                handler,
                ok,
            } => {
                pid(out, "pid", p);
                text(out, "handler", handler);
                let _ = write!(out, ",\"ok\":{ok}");
            }
            Event::TelemetryLog {
                pid: p,
                handler,
                reason,
            } => {
                pid(out, "pid", p);
                text(out, "handler", handler);
                term(out, "reason", reason);
            }
            Event::RegistryRegister {
                pid: p,
                registry,
                key,
            }
            | Event::RegistryUnregister {
                pid: p,
                registry,
                key,
            } => {
                pid(out, "pid", p);
                text(out, "registry", registry);
                term(out, "key", key);
            }
            Event::RegistryCleanup {
                by,
                pid: p,
                registry,
                keys,
            } => {
                pid(out, "by", by);
                pid(out, "pid", p);
                text(out, "registry", registry);
                term(out, "keys", &Term::List(keys.clone()));
            }
            Event::RegistryLookup {
                registry,
                key,
                pids,
            } => {
                text(out, "registry", registry);
                term(out, "key", key);
                pid_list(out, "pids", pids);
            }
            Event::PgJoin {
                by,
                pid: p,
                scope,
                group,
            } => {
                pid(out, "by", by);
                pid(out, "pid", p);
                text(out, "scope", scope);
                term(out, "group", group);
            }
            Event::PgLeave {
                by,
                pid: p,
                scope,
                group,
                ok,
            } => {
                pid(out, "by", by);
                pid(out, "pid", p);
                text(out, "scope", scope);
                term(out, "group", group);
                let _ = write!(out, ",\"ok\":{ok}");
            }
            Event::PgCleanup {
                by,
                pid: p,
                scope,
                groups,
            } => {
                pid(out, "by", by);
                pid(out, "pid", p);
                text(out, "scope", scope);
                term(out, "groups", &Term::List(groups.clone()));
            }
            Event::PgMembers { scope, group, pids } => {
                text(out, "scope", scope);
                term(out, "group", group);
                pid_list(out, "pids", pids);
            }
            Event::PgWhichGroups { scope, groups } => {
                text(out, "scope", scope);
                term(out, "groups", &Term::List(groups.clone()));
            }
            Event::RegistryDispatch {
                pid: p,
                registry,
                key,
                to,
            } => {
                pid(out, "pid", p);
                text(out, "registry", registry);
                term(out, "key", key);
                pid_list(out, "to", to);
            }
            Event::StatemEvent { pid: p, step } => {
                pid(out, "pid", p);
                text(out, "state", &step.state);
                text(out, "event", step.event.as_str());
                term(out, "content", &step.content);
                if let Some(next) = &step.next {
                    text(out, "next", next);
                }
                let _ = write!(out, ",\"postponed\":{}", step.postponed);
            }
            Event::StateChange {
                pid: p,
                from,
                to,
                event,
            } => {
                pid(out, "pid", p);
                text(out, "from", from);
                text(out, "to", to);
                text(out, "event", event.as_str());
            }
            Event::TimeoutArmed { pid: p, kind, ms } => {
                pid(out, "pid", p);
                text(out, "timeout", kind.as_str());
                if let Some(n) = kind.name() {
                    term(out, "name", n);
                }
                let _ = write!(out, ",\"ms\":{ms}");
            }
            Event::TimeoutFired { pid: p, kind } => {
                pid(out, "pid", p);
                text(out, "timeout", kind.as_str());
                if let Some(n) = kind.name() {
                    term(out, "name", n);
                }
            }
            Event::TimeoutCancelled { pid: p, kind, why } => {
                pid(out, "pid", p);
                text(out, "timeout", kind.as_str());
                if let Some(n) = kind.name() {
                    term(out, "name", n);
                }
                text(out, "why", why.as_str());
            }
        }
        out.push('}');
    }
}

fn pid_list(out: &mut String, key: &str, pids: &[Pid]) {
    let _ = write!(out, ",\"{key}\":[");
    for (i, p) in pids.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}\"{p}\"");
    }
    out.push(']');
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Which events the trace keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceLevel {
    /// Everything, including every send, deliver and receive.
    Full,
    /// Lifecycle and supervision events only: for big loads where per-message events
    /// would dwarf what matters.
    Lifecycle,
    /// Lifecycle and supervision events in full, and the first `BOUNDED_MESSAGE_EVENTS`
    /// per-message events (a window on the start of the run); later message events are
    /// not recorded. `Sim::new` picks it for scenarios of more than
    /// `AUTO_BOUNDED_PROCESSES` processes; `Trace::coverage` says what was kept.
    Bounded,
}

/// Per-message events a `Bounded` trace keeps: about 8 MB of entries, plus the messages.
pub const BOUNDED_MESSAGE_EVENTS: u64 = 500_000;
/// Above this many processes (`ChildSpec::process_count` of the tree and start_child
/// faults) `Sim::new` records a `Bounded` trace instead of a `Full` one.
pub const AUTO_BOUNDED_PROCESSES: usize = 10_000;

impl TraceLevel {
    /// The level `Sim::new` uses for a scenario: `Full`, or `Bounded` for a big one.
    pub fn for_processes(processes: usize) -> TraceLevel {
        if processes > AUTO_BOUNDED_PROCESSES {
            TraceLevel::Bounded
        } else {
            TraceLevel::Full
        }
    }
}

/// What a trace holds, for the UI to say: its level, how many per-message events it
/// kept, and from when on it has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceCoverage {
    pub level: TraceLevel,
    /// Lifecycle and supervision events are always all there.
    pub message_events: u64,
    /// `None`: every per-message event is recorded. `Some(t)`: none after time `t` (µs)
    /// (`Some(0)` for a `Lifecycle` trace, which records none).
    pub messages_until: Option<Time>,
}

/// A trace entry in brief (`Trace::briefs`): the per-message events and call results by
/// their pids and numbers, without the message; every rarer event borrowed whole.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Brief<'a> {
    Send { from: Pid, to: Pid },
    Deliver { to: Pid, queue: usize },
    Receive { pid: Pid, busy: Time },
    Dropped { to: Pid },
    CallReturned { pid: Pid, latency: Time },
    CallTimeout { pid: Pid },
    Rare(&'a TraceEvent),
}

/// The recorded events.
///
/// Stored compactly because a busy trace is millions of entries: every entry is 16 bytes
/// (its slot's kind and its time past a base, then the slot's numbers; `Entry`). The
/// per-message events (send, deliver, receive, dropped) and per-call results live in the
/// slot itself; a sent message's body goes to `msgs` (but a `:tick`'s: `tick_sends`),
/// and every other (rarer, larger) event to `others`. Readers get `TraceEvent`s back:
/// borrowed for `others`, rebuilt (a few `Rc` clones) for the compact ones. This halved
/// the bytes a run writes and made teardown a plain free (see docs/benchmarks.md). All
/// three live in chunks (`chunk_vec.rs`), so growing never copies them.
#[derive(Clone, Debug)]
pub struct Trace {
    pub level: TraceLevel,
    entries: ChunkVec<Entry>,
    /// Where the time base changes: `(first entry, base)`, by entry. Before the first
    /// one, the base is 0. A run needs a new base every 9 minutes of virtual time.
    bases: Vec<(usize, Time)>,
    /// The last base (0 if `bases` is empty): the one new entries are recorded against.
    base: Time,
    msgs: ChunkVec<Msg>,
    /// The ids of the compact sends of `:tick` (a client's request clock, a third of a
    /// busy trace's sends), whose message is not kept in `msgs`: 4 bytes each, not 40.
    /// A `Vec`: a tenth of the size of the rest, it can afford to grow by copying.
    tick_sends: Vec<u32>,
    others: ChunkVec<TraceEvent>,
    /// Per-message events recorded, and when a `Bounded` trace's window filled up.
    message_events: u64,
    window_full_at: Option<Time>,
}

/// One trace entry, 16 bytes: `head` holds the slot's kind (the low `KIND_BITS`) and the
/// entry's time past its base (`Trace::bases`), then come the slot's three numbers. A
/// plain time and the slot took 24 bytes: a busy run wrote about 60 bytes of trace an
/// event, two thirds of them entries, so a third less of the entries is a fifth less
/// memory written, and fresh memory is dear (the kernel zeroes every page first).
#[derive(Clone, Copy, Debug)]
struct Entry {
    head: u32,
    a: u32,
    b: u32,
    c: u32,
}

const KIND_BITS: u32 = 3;
/// The most microseconds an entry's time may be past its base (about 9 minutes).
const MAX_DT: Time = (1 << (32 - KIND_BITS)) - 1;

impl Entry {
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    fn pack(dt: Time, slot: Slot) -> Entry {
        let (kind, a, b, c) = match slot {
            Slot::Send { from, to, id, tick } => (if tick { 7 } else { 0 }, from.0, to.0, id),
            Slot::Deliver { id, to, queue } => (1, id, to.0, queue),
            Slot::Receive { id, pid, busy } => (2, id, pid.0, busy),
            Slot::Dropped { id, to, why } => (3, id, to.0, why as u32),
            Slot::CallReturned { pid, latency } => (4, pid.0, latency, 0),
            Slot::CallTimeout { pid, caught } => (5, pid.0, u32::from(caught), 0),
            Slot::Other(i) => (6, i, 0, 0),
        };
        // `dt` is at most `MAX_DT` (`Trace::push_entry`), so it fits above the kind.
        let head = ((dt as u32) << KIND_BITS) | kind;
        Entry { head, a, b, c }
    }

    #[inline]
    fn dt(self) -> Time {
        Time::from(self.head >> KIND_BITS)
    }

    // Decoded only by readers: out of line in the first-load build, where size comes first.
    #[cfg_attr(feature = "lean", inline(never))]
    fn slot(self) -> Slot {
        let (a, b, c) = (self.a, self.b, self.c);
        let kind = self.head & ((1 << KIND_BITS) - 1);
        match kind {
            0 | 7 => Slot::Send {
                from: Pid(a),
                to: Pid(b),
                id: c,
                tick: kind == 7,
            },
            1 => Slot::Deliver {
                id: a,
                to: Pid(b),
                queue: c,
            },
            2 => Slot::Receive {
                id: a,
                pid: Pid(b),
                busy: c,
            },
            3 => Slot::Dropped {
                id: a,
                to: Pid(b),
                why: DropWhy::from_index(c),
            },
            4 => Slot::CallReturned {
                pid: Pid(a),
                latency: b,
            },
            5 => Slot::CallTimeout {
                pid: Pid(a),
                caught: b != 0,
            },
            // 6; `pack` writes no other kind.
            _ => Slot::Other(a),
        }
    }
}

/// One trace entry's payload: indices point into `Trace::others`, and a send's message is
/// found in `Trace::msgs` by its id; both only grow at the end, so truncating the entries
/// tells how far to truncate them. Numbers are kept as `u32`; an event whose numbers do
/// not fit (a message id past 4 billion, a 71-minute job) is kept whole in `others`
/// instead, as the rare events are. Compact sends are numbered 1, 2, 3…: the simulator
/// numbers messages from 1 and records every send while it records any, so its sends
/// always fit; a send numbered otherwise (`Trace::push` by hand) is kept whole. A send
/// numbered `id` has its message at `id - 1` in `msgs` less the `:tick`s before it
/// (`Trace::msg_index`); a `:tick` (`tick`) has none there.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Send {
        from: Pid,
        to: Pid,
        id: u32,
        tick: bool,
    },
    Deliver {
        id: u32,
        to: Pid,
        queue: u32,
    },
    Receive {
        id: u32,
        pid: Pid,
        busy: u32,
    },
    Dropped {
        id: u32,
        to: Pid,
        why: DropWhy,
    },
    CallReturned {
        pid: Pid,
        latency: u32,
    },
    CallTimeout {
        pid: Pid,
        caught: bool,
    },
    Other(u32),
}

impl Trace {
    pub fn new(level: TraceLevel) -> Trace {
        Trace {
            level,
            entries: ChunkVec::new(),
            bases: Vec::new(),
            base: 0,
            msgs: ChunkVec::new(),
            tick_sends: Vec::new(),
            others: ChunkVec::new(),
            message_events: 0,
            window_full_at: None,
        }
    }

    /// What this trace holds (`TraceCoverage`).
    pub fn coverage(&self) -> TraceCoverage {
        TraceCoverage {
            level: self.level,
            message_events: self.message_events,
            messages_until: match self.level {
                TraceLevel::Full => None,
                TraceLevel::Lifecycle => Some(0),
                TraceLevel::Bounded => self.window_full_at,
            },
        }
    }

    pub fn push(&mut self, t: Time, kind: Event) {
        if kind.is_message_event() {
            if !self.wants_messages() {
                return;
            }
            self.count_message(t);
        }
        let slot = match self.compact(kind) {
            Ok(slot) => slot,
            Err(kind) => {
                let ix = u32::try_from(self.others.len()).unwrap_or(u32::MAX);
                self.others.push(TraceEvent { t, kind });
                Slot::Other(ix)
            }
        };
        self.push_entry(t, slot);
    }

    /// The event's compact slot (a send's message goes to `msgs`), or the event back if
    /// it is kept whole.
    fn compact(&mut self, kind: Event) -> Result<Slot, Event> {
        let n32 = |x: u64| u32::try_from(x).ok();
        Ok(match kind {
            Event::Send { id, from, to, msg } => match self.next_send_id() {
                Some(next) if id == u64::from(next) => {
                    let tick = matches!(msg, Msg::Tick);
                    if tick {
                        self.tick_sends.push(next);
                    } else {
                        self.msgs.push(msg);
                    }
                    Slot::Send {
                        from,
                        to,
                        id: next,
                        tick,
                    }
                }
                _ => return Err(Event::Send { id, from, to, msg }),
            },
            Event::Deliver { id, to, queue } => match (n32(id), u32::try_from(queue)) {
                (Some(id), Ok(queue)) => Slot::Deliver { id, to, queue },
                _ => return Err(Event::Deliver { id, to, queue }),
            },
            Event::Receive { id, pid, busy } => match (n32(id), n32(busy)) {
                (Some(id), Some(busy)) => Slot::Receive { id, pid, busy },
                _ => return Err(Event::Receive { id, pid, busy }),
            },
            Event::Dropped { id, to, why } => match n32(id) {
                Some(id) => Slot::Dropped { id, to, why },
                None => return Err(Event::Dropped { id, to, why }),
            },
            Event::CallReturned { pid, latency } => match n32(latency) {
                Some(latency) => Slot::CallReturned { pid, latency },
                None => return Err(Event::CallReturned { pid, latency }),
            },
            Event::CallTimeout { pid, caught } => Slot::CallTimeout { pid, caught },
            kind => return Err(kind),
        })
    }

    /// Counts a per-message event about to be recorded (the caller checked
    /// `wants_messages`), noting when a `Bounded` trace's window fills up.
    #[inline]
    fn count_message(&mut self, t: Time) {
        self.message_events += 1;
        if self.level == TraceLevel::Bounded
            && self.message_events >= BOUNDED_MESSAGE_EVENTS
            && self.window_full_at.is_none()
        {
            self.window_full_at = Some(t);
        }
    }

    /// Records a slot at time `t`, against the current base or, if `t` is out of its
    /// reach (9 minutes on, or before it: `Trace::push` by hand), a new one.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    fn push_entry(&mut self, t: Time, slot: Slot) {
        let dt = match t.wrapping_sub(self.base) {
            dt if dt <= MAX_DT => dt,
            _ => self.new_base(t),
        };
        self.entries.push(Entry::pack(dt, slot));
    }

    #[cold]
    fn new_base(&mut self, t: Time) -> Time {
        self.bases.push((self.entries.len(), t));
        self.base = t;
        0
    }

    /// The time of entry `i` (which is `e`).
    #[cfg_attr(feature = "lean", inline(never))]
    fn time_of(&self, i: usize, e: Entry) -> Time {
        let k = self.bases.partition_point(|&(first, _)| first <= i);
        let base = k.checked_sub(1).map_or(0, |k| self.bases[k].1);
        base + e.dt()
    }

    /// Entries `r` clamped to what is recorded, with their indices.
    fn indexed(
        &self,
        r: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = (usize, Entry)> + ExactSizeIterator + '_ {
        let end = r.end.min(self.entries.len());
        (r.start.min(end)..end).map(move |i| (i, self.entries[i]))
    }

    // The per-message events, recorded without building an `Event` first: they are most
    // of a busy trace, and `push` moved a 56-byte event through a match to get here. Each
    // records exactly what `push` would for the same event (as `push`, they record
    // nothing once `wants_messages` is false).

    /// `push(t, Event::Send { id, from, to, msg: msg.clone() })`.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    pub(crate) fn push_send(&mut self, t: Time, id: MsgId, from: Pid, to: Pid, msg: &Msg) {
        if !self.wants_messages() {
            return;
        }
        let id32 = match self.next_send_id() {
            Some(next) if id == u64::from(next) => next,
            _ => {
                let msg = msg.clone();
                return self.push(t, Event::Send { id, from, to, msg });
            }
        };
        self.count_message(t);
        let tick = matches!(msg, Msg::Tick);
        if tick {
            self.tick_sends.push(id32);
        } else {
            self.msgs.push(msg.clone());
        }
        let slot = Slot::Send {
            from,
            to,
            id: id32,
            tick,
        };
        self.push_entry(t, slot);
    }

    /// The id the next compact send must have: one past the sends recorded compactly.
    #[inline]
    fn next_send_id(&self) -> Option<u32> {
        u32::try_from(self.msgs.len() + self.tick_sends.len() + 1).ok()
    }

    /// How many of the compact sends numbered below `id` were `:tick`s.
    fn ticks_before(&self, id: u32) -> usize {
        self.tick_sends.partition_point(|&t| t < id)
    }

    /// Where the message of compact send `id` (not a `:tick`) is in `msgs`.
    fn msg_index(&self, id: u32) -> usize {
        (id as usize).saturating_sub(1 + self.ticks_before(id))
    }

    /// `push(t, Event::Deliver { id, to, queue })`.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    pub(crate) fn push_deliver(&mut self, t: Time, id: MsgId, to: Pid, queue: usize) {
        if !self.wants_messages() {
            return;
        }
        let (Ok(id32), Ok(queue32)) = (u32::try_from(id), u32::try_from(queue)) else {
            return self.push(t, Event::Deliver { id, to, queue });
        };
        self.count_message(t);
        let slot = Slot::Deliver {
            id: id32,
            to,
            queue: queue32,
        };
        self.push_entry(t, slot);
    }

    /// `push(t, Event::Receive { id, pid, busy })`.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    pub(crate) fn push_receive(&mut self, t: Time, id: MsgId, pid: Pid, busy: Time) {
        if !self.wants_messages() {
            return;
        }
        let (Ok(id32), Ok(busy32)) = (u32::try_from(id), u32::try_from(busy)) else {
            return self.push(t, Event::Receive { id, pid, busy });
        };
        self.count_message(t);
        let slot = Slot::Receive {
            id: id32,
            pid,
            busy: busy32,
        };
        self.push_entry(t, slot);
    }

    /// `push(t, Event::CallReturned { pid, latency })`: one per call.
    #[inline]
    pub(crate) fn push_call_returned(&mut self, t: Time, pid: Pid, latency: Time) {
        let Ok(latency) = u32::try_from(latency) else {
            return self.push(t, Event::CallReturned { pid, latency });
        };
        let slot = Slot::CallReturned { pid, latency };
        self.push_entry(t, slot);
    }

    #[inline]
    pub fn wants_messages(&self) -> bool {
        match self.level {
            TraceLevel::Full => true,
            TraceLevel::Lifecycle => false,
            TraceLevel::Bounded => self.message_events < BOUNDED_MESSAGE_EVENTS,
        }
    }

    /// Entry `i`, if recorded.
    pub fn get(&self, i: usize) -> Option<Cow<'_, TraceEvent>> {
        self.entries.get(i).map(|&e| self.view(i, e))
    }

    /// Every entry, oldest first (reversible).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Cow<'_, TraceEvent>> + ExactSizeIterator {
        self.range(0..self.entries.len())
    }

    /// Entries `r` (clamped to what is recorded), oldest first (reversible).
    pub fn range(
        &self,
        r: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = Cow<'_, TraceEvent>> + ExactSizeIterator {
        self.indexed(r).map(|(i, e)| self.view(i, e))
    }

    /// Whether entry `i` is a per-message event (`Event::is_message_event`), without
    /// rebuilding it: for readers that skip those, such as a log without messages.
    pub fn is_message_event_at(&self, i: usize) -> bool {
        match self.entries.get(i).map(|e| e.slot()) {
            Some(
                Slot::Send { .. }
                | Slot::Deliver { .. }
                | Slot::Receive { .. }
                | Slot::Dropped { .. },
            ) => true,
            Some(Slot::Other(o)) => self.others[o as usize].kind.is_message_event(),
            _ => false,
        }
    }

    /// The sender and receiver of entry `i` if it is a send (to itself too), without
    /// rebuilding the event: a send rebuilt clones its message, and readers that count or
    /// filter sends by pid (the sequence diagram's lanes) would clone every one of them.
    pub fn send_ends_at(&self, i: usize) -> Option<(Pid, Pid)> {
        match self.entries.get(i)?.slot() {
            Slot::Send { from, to, .. } => Some((from, to)),
            Slot::Other(o) => match self.others.get(o as usize)?.kind {
                Event::Send { from, to, .. } => Some((from, to)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Entry `i` if it is one of the rarer events kept whole (everything but sends,
    /// deliveries, receives, drops and call results), borrowed: for readers that only want
    /// lifecycle and supervisor events and must not rebuild the rest.
    pub fn rare_at(&self, i: usize) -> Option<&TraceEvent> {
        match self.entries.get(i)?.slot() {
            Slot::Other(o) => self.others.get(o as usize),
            _ => None,
        }
    }

    /// The rarer events kept whole (see `rare_at`), oldest first (reversible).
    pub fn rare_events(&self) -> impl DoubleEndedIterator<Item = &TraceEvent> {
        self.others.iter()
    }

    /// Entry `i`'s time, without rebuilding it.
    pub fn time_at(&self, i: usize) -> Option<Time> {
        self.entries.get(i).map(|&e| self.time_of(i, e))
    }

    /// Entries `r` in brief (`Brief`), with their times, without rebuilding them: for
    /// readers that count messages by pid over a window of the trace in every refresh (the
    /// live warnings), where rebuilding each send cloned its message.
    pub fn briefs(
        &self,
        r: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = (Time, Brief<'_>)> + ExactSizeIterator {
        self.indexed(r)
            .map(|(i, e)| (self.time_of(i, e), self.brief(e)))
    }

    /// Entry `i` in brief (see `briefs`).
    pub fn brief_at(&self, i: usize) -> Option<(Time, Brief<'_>)> {
        self.entries
            .get(i)
            .map(|&e| (self.time_of(i, e), self.brief(e)))
    }

    fn brief(&self, e: Entry) -> Brief<'_> {
        match e.slot() {
            Slot::Send { from, to, .. } => Brief::Send { from, to },
            Slot::Deliver { to, queue, .. } => Brief::Deliver {
                to,
                queue: queue as usize,
            },
            Slot::Receive { pid, busy, .. } => Brief::Receive {
                pid,
                busy: busy.into(),
            },
            Slot::Dropped { to, .. } => Brief::Dropped { to },
            Slot::CallReturned { pid, latency } => Brief::CallReturned {
                pid,
                latency: latency.into(),
            },
            Slot::CallTimeout { pid, .. } => Brief::CallTimeout { pid },
            Slot::Other(o) => {
                let ev = &self.others[o as usize];
                // The same brief whether an event is compact or kept whole (numbers too
                // large for its slot).
                match ev.kind {
                    Event::Send { from, to, .. } => Brief::Send { from, to },
                    Event::Deliver { to, queue, .. } => Brief::Deliver { to, queue },
                    Event::Receive { pid, busy, .. } => Brief::Receive { pid, busy },
                    Event::Dropped { to, .. } => Brief::Dropped { to },
                    Event::CallReturned { pid, latency } => Brief::CallReturned { pid, latency },
                    Event::CallTimeout { pid, .. } => Brief::CallTimeout { pid },
                    _ => Brief::Rare(ev),
                }
            }
        }
    }

    /// The times of every entry, without rebuilding the events.
    pub fn times(&self) -> impl DoubleEndedIterator<Item = Time> + ExactSizeIterator + '_ {
        self.indexed(0..self.entries.len())
            .map(|(i, e)| self.time_of(i, e))
    }

    fn view(&self, i: usize, e: Entry) -> Cow<'_, TraceEvent> {
        let kind = match e.slot() {
            Slot::Other(i) => return Cow::Borrowed(&self.others[i as usize]),
            Slot::Send { from, to, id, tick } => Event::Send {
                id: id.into(),
                from,
                to,
                msg: if tick {
                    Msg::Tick
                } else {
                    self.msgs[self.msg_index(id)].clone()
                },
            },
            Slot::Deliver { id, to, queue } => Event::Deliver {
                id: id.into(),
                to,
                queue: queue as usize,
            },
            Slot::Receive { id, pid, busy } => Event::Receive {
                id: id.into(),
                pid,
                busy: busy.into(),
            },
            Slot::Dropped { id, to, why } => Event::Dropped {
                id: id.into(),
                to,
                why,
            },
            Slot::CallReturned { pid, latency } => Event::CallReturned {
                pid,
                latency: latency.into(),
            },
            Slot::CallTimeout { pid, caught } => Event::CallTimeout { pid, caught },
        };
        Cow::Owned(TraceEvent {
            t: self.time_of(i, e),
            kind,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn truncate(&mut self, len: usize) {
        if len > self.entries.len() {
            return;
        }
        let cut = self.entries.range(len..self.entries.len());
        // The first message and "other" indices past the cut are the new lengths.
        let (mut sends, mut others) = (None, None);
        let dropped_messages = cut.clone().filter(|&&e| self.is_message_entry(e)).count() as u64;
        self.message_events -= dropped_messages.min(self.message_events);
        if self.message_events < BOUNDED_MESSAGE_EVENTS {
            self.window_full_at = None;
        }
        for e in cut {
            match e.slot() {
                Slot::Send { id, .. } if sends.is_none() => sends = Some(id),
                Slot::Other(i) if others.is_none() => others = Some(i as usize),
                _ => continue,
            }
            if sends.is_some() && others.is_some() {
                break;
            }
        }
        self.entries.truncate(len);
        // A base that starts at `len` or later has no entry left.
        let bases = self.bases.partition_point(|&(first, _)| first < len);
        self.bases.truncate(bases);
        self.base = self.bases.last().map_or(0, |&(_, base)| base);
        if let Some(id) = sends {
            // The sends numbered `id` and on are cut: their messages, and their ticks.
            let ticks = self.ticks_before(id);
            self.msgs.truncate(self.msg_index(id));
            self.tick_sends.truncate(ticks);
        }
        if let Some(o) = others {
            self.others.truncate(o);
        }
    }

    fn is_message_entry(&self, e: Entry) -> bool {
        match e.slot() {
            Slot::Send { .. } | Slot::Deliver { .. } | Slot::Receive { .. } => true,
            Slot::Dropped { .. } => true,
            Slot::CallReturned { .. } | Slot::CallTimeout { .. } => false,
            Slot::Other(i) => self
                .others
                .get(i as usize)
                .is_some_and(|o| o.kind.is_message_event()),
        }
    }

    /// FNV-1a (64-bit) of the JSON lines: a short fingerprint to compare runs natively
    /// and in wasm, or before and after a change.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut line = String::with_capacity(256);
        for (i, e) in self.iter().enumerate() {
            line.clear();
            e.write_json(i, &mut line);
            line.push('\n');
            for b in line.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    }

    /// The whole trace as JSON lines.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::with_capacity(self.entries.len() * 96);
        for (i, e) in self.iter().enumerate() {
            e.write_json(i, &mut out);
            out.push('\n');
        }
        out
    }
}

/// Two traces are equal when they hold the same events (whatever their capacity).
impl PartialEq for Trace {
    fn eq(&self, other: &Trace) -> bool {
        self.level == other.level && self.len() == other.len() && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Term;

    #[test]
    fn entries_stay_small() {
        // The whole point of the compact layout: keep an eye on it.
        assert_eq!(std::mem::size_of::<Entry>(), 16);
    }

    fn sample(level: TraceLevel) -> Trace {
        let mut tr = Trace::new(level);
        let (a, b) = (Pid(1), Pid(2));
        tr.push(
            0,
            Event::Spawn {
                pid: b,
                parent: a,
                id: Some("w".into()),
                name: None,
            },
        );
        // Messages numbered from 1, as the simulator numbers them (compact sends).
        for i in 0..3u64 {
            tr.push(
                i,
                Event::Send {
                    id: i + 1,
                    from: a,
                    to: b,
                    msg: Msg::Cast(Term::Int(i as i64)),
                },
            );
            tr.push(
                i + 1,
                Event::Deliver {
                    id: i + 1,
                    to: b,
                    queue: 1,
                },
            );
            tr.push(
                i + 1,
                Event::Receive {
                    id: i + 1,
                    pid: b,
                    busy: 1,
                },
            );
            tr.push(
                i + 1,
                Event::Exit {
                    pid: b,
                    id: None,
                    reason: Term::atom("normal"),
                },
            );
        }
        tr
    }

    /// The 24-byte slots: a send numbered as the simulator numbers them is compact, any
    /// other send and any number past `u32` is kept whole, and all read back as pushed.
    #[test]
    fn compact_slots_and_whole_fallbacks_read_back_as_pushed() {
        let (a, b) = (Pid(1), Pid(2));
        let big = u64::from(u32::MAX) + 1;
        let events = vec![
            Event::Send {
                id: 1,
                from: a,
                to: b,
                msg: Msg::Tick,
            },
            Event::Send {
                id: 7,
                from: a,
                to: b,
                msg: Msg::Tick,
            },
            Event::Send {
                id: 2,
                from: b,
                to: a,
                msg: Msg::Cast(Term::Int(2)),
            },
            Event::Deliver {
                id: 1,
                to: b,
                queue: 3,
            },
            Event::Deliver {
                id: big,
                to: b,
                queue: 1,
            },
            Event::Deliver {
                id: 1,
                to: b,
                queue: big as usize,
            },
            Event::Receive {
                id: 1,
                pid: b,
                busy: 5,
            },
            Event::Receive {
                id: 1,
                pid: b,
                busy: big,
            },
            Event::Dropped {
                id: big,
                to: b,
                why: DropWhy::Noproc,
            },
            Event::CallReturned {
                pid: a,
                latency: big,
            },
            Event::CallReturned { pid: a, latency: 9 },
        ];
        let mut tr = Trace::new(TraceLevel::Full);
        for (i, e) in events.iter().enumerate() {
            tr.push(i as Time, e.clone());
        }
        let back: Vec<Event> = tr.iter().map(|e| e.into_owned().kind).collect();
        assert_eq!(back, events);
        // Kept whole: the send numbered 7 and the five events with a number past u32.
        assert_eq!(tr.rare_events().count(), 6);
        // A send's ends read without rebuilding it, compact or kept whole; none for others.
        for (i, e) in events.iter().enumerate() {
            let ends = match e {
                Event::Send { from, to, .. } => Some((*from, *to)),
                _ => None,
            };
            assert_eq!(tr.send_ends_at(i), ends, "entry {i}");
        }
        assert_eq!(tr.send_ends_at(events.len()), None);
        // In brief, compact or kept whole alike, with their times; a rarer event borrowed.
        let briefs: Vec<(Time, Brief)> = tr.briefs(0..tr.len()).collect();
        let want = vec![
            (0, Brief::Send { from: a, to: b }),
            (1, Brief::Send { from: a, to: b }),
            (2, Brief::Send { from: b, to: a }),
            (3, Brief::Deliver { to: b, queue: 3 }),
            (4, Brief::Deliver { to: b, queue: 1 }),
            (
                5,
                Brief::Deliver {
                    to: b,
                    queue: big as usize,
                },
            ),
            (6, Brief::Receive { pid: b, busy: 5 }),
            (7, Brief::Receive { pid: b, busy: big }),
            (8, Brief::Dropped { to: b }),
            (
                9,
                Brief::CallReturned {
                    pid: a,
                    latency: big,
                },
            ),
            (10, Brief::CallReturned { pid: a, latency: 9 }),
        ];
        assert_eq!(briefs, want);
        assert_eq!(
            tr.brief_at(3),
            Some((3, Brief::Deliver { to: b, queue: 3 }))
        );
        assert_eq!(tr.time_at(4), Some(4));
        assert_eq!(
            (tr.brief_at(events.len()), tr.time_at(events.len())),
            (None, None)
        );
        let mut rare = Trace::new(TraceLevel::Full);
        rare.push(
            5,
            Event::CallTimeout {
                pid: a,
                caught: true,
            },
        );
        rare.push(
            6,
            Event::Exit {
                pid: a,
                id: None,
                reason: Term::Int(0),
            },
        );
        assert_eq!(rare.brief_at(0), Some((5, Brief::CallTimeout { pid: a })));
        assert!(
            matches!(rare.brief_at(1), Some((6, Brief::Rare(e))) if matches!(e.kind, Event::Exit { .. }))
        );
        // The fast paths record the same.
        let mut fast = Trace::new(TraceLevel::Full);
        fast.push_send(0, 1, a, b, &Msg::Tick);
        fast.push_send(1, 7, a, b, &Msg::Tick);
        fast.push_send(2, 2, b, a, &Msg::Cast(Term::Int(2)));
        fast.push_deliver(3, 1, b, 3);
        fast.push_deliver(4, big, b, 1);
        fast.push_deliver(5, 1, b, big as usize);
        fast.push_receive(6, 1, b, 5);
        fast.push_receive(7, 1, b, big);
        fast.push(8, events[8].clone());
        fast.push_call_returned(9, a, big);
        fast.push_call_returned(10, a, 9);
        let n = fast.len();
        assert_eq!(n, 11);
        assert!(fast.iter().eq(tr.range(0..n)));
        assert_eq!(fast.coverage(), {
            let mut t = tr.clone();
            t.truncate(n);
            t.coverage()
        });
    }

    #[test]
    fn events_come_back_as_pushed() {
        let tr = sample(TraceLevel::Full);
        assert_eq!(tr.len(), 13);
        let e = tr.get(5).unwrap();
        assert_eq!(e.t, 1);
        assert!(matches!(
            &e.kind,
            Event::Send {
                id: 2,
                msg: Msg::Cast(Term::Int(1)),
                ..
            }
        ));
        assert!(matches!(&tr.get(8).unwrap().kind, Event::Exit { .. }));
        assert_eq!(tr.iter().rev().count(), 13);
        assert_eq!(tr.range(11..99).count(), 2);
        assert!(tr.get(13).is_none());
        // Rare events are borrowed in place; compact ones are not among them.
        assert!(matches!(
            tr.rare_at(0).map(|e| &e.kind),
            Some(Event::Spawn { .. })
        ));
        assert!(tr.rare_at(1).is_none());
        assert!(matches!(
            tr.rare_at(4).map(|e| &e.kind),
            Some(Event::Exit { .. })
        ));
        assert_eq!(tr.rare_events().count(), 4);
        assert_eq!(
            tr.rare_events().map(|e| e.t).collect::<Vec<_>>(),
            (0..tr.len())
                .filter_map(|i| tr.rare_at(i).map(|e| e.t))
                .collect::<Vec<_>>()
        );
        let lifecycle = sample(TraceLevel::Lifecycle);
        assert_eq!(lifecycle.len(), 4);
        assert!(lifecycle.iter().all(|e| !e.kind.is_message_event()));
    }

    /// Times far apart (past an entry's reach from its base), going back (only by hand),
    /// and every drop reason read back as pushed, through every reader of times, however
    /// the trace is cut and continued.
    #[test]
    fn times_past_a_base_and_drop_reasons_read_back() {
        let far = MAX_DT + 1;
        let times = [
            0,
            5,
            MAX_DT,
            far,
            far + 3,
            3 * far,
            2,
            2,
            10 * far,
            Time::MAX,
        ];
        let whys = [
            DropWhy::Noproc,
            DropWhy::ReceiverExited,
            DropWhy::AliasInactive,
            DropWhy::Unlinked,
        ];
        let mut tr = Trace::new(TraceLevel::Full);
        let mut pushed = Vec::new();
        for (i, &t) in times.iter().enumerate() {
            let kind = Event::Dropped {
                id: i as u64,
                to: Pid(3),
                why: whys[i % whys.len()],
            };
            tr.push(t, kind.clone());
            pushed.push(TraceEvent { t, kind });
        }
        // All compact: none kept whole.
        assert_eq!(tr.rare_events().count(), 0);
        let got: Vec<_> = tr.iter().map(Cow::into_owned).collect();
        assert_eq!(got, pushed);
        assert_eq!(tr.times().collect::<Vec<_>>(), times);
        assert_eq!(
            tr.times().rev().collect::<Vec<_>>(),
            times.iter().rev().copied().collect::<Vec<_>>()
        );
        for (i, &t) in times.iter().enumerate() {
            assert_eq!(tr.time_at(i), Some(t));
            assert_eq!(tr.brief_at(i).map(|b| b.0), Some(t));
            assert_eq!(tr.briefs(i..i + 1).next().map(|b| b.0), Some(t));
        }
        for len in 0..=times.len() {
            let mut cut = tr.clone();
            cut.truncate(len);
            assert_eq!(cut.times().collect::<Vec<_>>(), times[..len]);
            cut.push(far + 1, Event::Resumed { pid: Pid(2) });
            assert_eq!(cut.time_at(len), Some(far + 1));
            assert_eq!(cut.times().take(len).collect::<Vec<_>>(), times[..len]);
        }
    }

    /// Sends of `:tick` keep no message, yet read back as pushed among other sends, and
    /// the sends after a truncation anywhere, compact again, read back too.
    #[test]
    fn tick_sends_read_back_and_truncate() {
        let (a, b) = (Pid(1), Pid(2));
        let msg = |i: u64| match i % 3 {
            0 => Msg::Cast(Term::Int(i as i64)),
            _ => Msg::Tick,
        };
        let send = |id: u64| Event::Send {
            id,
            from: a,
            to: b,
            msg: msg(id),
        };
        let mut tr = Trace::new(TraceLevel::Full);
        for id in 1..=9 {
            tr.push(id, send(id));
        }
        assert_eq!(tr.rare_events().count(), 0, "all compact");
        assert_eq!((tr.msgs.len(), tr.tick_sends.len()), (3, 6));
        let all: Vec<_> = (1..=9)
            .map(|id| TraceEvent {
                t: id,
                kind: send(id),
            })
            .collect();
        assert_eq!(tr.iter().map(Cow::into_owned).collect::<Vec<_>>(), all);
        for len in 0..=9 {
            let mut cut = tr.clone();
            cut.truncate(len);
            assert_eq!(
                cut.iter().map(Cow::into_owned).collect::<Vec<_>>(),
                all[..len]
            );
            // Numbering goes on from the cut: compact again, and read back.
            for id in len as u64 + 1..=12 {
                cut.push(id, send(id));
            }
            assert_eq!(cut.rare_events().count(), 0, "cut at {len}");
            let back: Vec<_> = cut.iter().map(|e| e.into_owned().kind).collect();
            assert_eq!(back, (1..=12).map(send).collect::<Vec<_>>(), "cut at {len}");
        }
    }

    #[test]
    fn truncate_cuts_side_tables_too() {
        let full = sample(TraceLevel::Full);
        for len in 0..=full.len() {
            let mut cut = full.clone();
            cut.truncate(len);
            let expect: Vec<_> = full.range(0..len).map(Cow::into_owned).collect();
            assert_eq!(cut.iter().map(Cow::into_owned).collect::<Vec<_>>(), expect);
            // What comes after a truncation lands after the kept entries.
            cut.push(
                9,
                Event::Send {
                    id: 9,
                    from: Pid(1),
                    to: Pid(2),
                    msg: Msg::Tick,
                },
            );
            cut.push(9, Event::Resumed { pid: Pid(2) });
            assert!(matches!(
                &cut.get(len).unwrap().kind,
                Event::Send { msg: Msg::Tick, .. }
            ));
            assert!(matches!(
                &cut.get(len + 1).unwrap().kind,
                Event::Resumed { .. }
            ));
        }
    }
}
