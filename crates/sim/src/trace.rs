//! The trace: every observable event of a run, in order, with its virtual time. Owns the
//! event vocabulary (named after OTP's supervisor and progress reports where one exists)
//! and its JSON-lines form. `docs/trace-format.md` documents every event and field.

use crate::message::Msg;
use crate::term::{Pid, Term};
use std::fmt::Write;
use std::rc::Rc;

/// Virtual time in microseconds since the scenario started.
pub type Time = u64;

/// Identity of one message from `send` to its `deliver`/`receive` or `dropped`.
pub type MsgId = u64;

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
    Receive {
        id: MsgId,
        pid: Pid,
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
    /// The owner `pid` exited and the runtime deleted its table (no heir).
    EtsDelete {
        pid: Pid,
        table: Rc<str>,
    },
    /// A task client's `Task.await/2` or `Task.yield/2` returned `result`, `latency` µs
    /// after the request began.
    TaskResult {
        pid: Pid,
        task: Pid,
        result: Term,
        latency: Time,
    },
    /// A client read `owner`'s table in its own process (`:ets.lookup/2`), which took
    /// `latency` µs of the client's scheduler time and none of the owner's.
    EtsRead {
        pid: Pid,
        owner: Pid,
        table: Rc<str>,
        latency: Time,
    },
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
            Event::ReachedMaxRestartIntensity { .. } => "reached_max_restart_intensity",
            Event::Terminating { .. } => "terminating",
            Event::Restarting { .. } => "restarting",
            Event::SupervisorReply { .. } => "supervisor_reply",
            Event::CallReturned { .. } => "call_returned",
            Event::CallTimeout { .. } => "call_timeout",
            Event::Suspended { .. } => "suspended",
            Event::Resumed { .. } => "resumed",
            Event::Fault { .. } => "fault",
            Event::FaultMissed { .. } => "fault_missed",
            Event::EtsNew { .. } => "ets_new",
            Event::EtsDelete { .. } => "ets_delete",
            Event::EtsRead { .. } => "ets_read",
            Event::TaskResult { .. } => "task_result",
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
            | Event::Fault { pid, .. }
            | Event::EtsNew { pid, .. }
            | Event::EtsDelete { pid, .. } => [Some(*pid), None, None],
            Event::EtsRead { pid, owner, .. } => [Some(*pid), Some(*owner), None],
            Event::TaskResult { pid, task, .. } => [Some(*pid), Some(*task), None],
            Event::ExitSignal { from, to, .. } => [Some(*from), Some(*to), None],
            Event::Started { sup, pid, .. }
            | Event::ChildTerminated { sup, pid, .. }
            | Event::ShutdownError { sup, pid, .. }
            | Event::Terminating { sup, pid, .. } => [Some(*sup), Some(*pid), None],
            Event::StartError { sup, .. }
            | Event::ReachedMaxRestartIntensity { sup, .. }
            | Event::Restarting { sup, .. }
            | Event::SupervisorReply { sup, .. } => [Some(*sup), None, None],
            Event::FaultMissed { .. } => [None, None, None],
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
            Event::Receive { id, pid: p } => {
                let _ = write!(out, ",\"msg_id\":{id}");
                pid(out, "pid", p);
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
            Event::CallReturned { pid: p, latency } => {
                pid(out, "pid", p);
                let _ = write!(out, ",\"latency_us\":{latency}");
            }
            Event::CallTimeout { pid: p, caught } => {
                pid(out, "pid", p);
                let _ = write!(out, ",\"caught\":{caught}");
            }
            Event::Suspended { pid: p } | Event::Resumed { pid: p } => pid(out, "pid", p),
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
        }
        out.push('}');
    }
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
}

/// The recorded events.
#[derive(Clone, Debug)]
pub struct Trace {
    pub level: TraceLevel,
    events: Vec<TraceEvent>,
}

impl Trace {
    pub fn new(level: TraceLevel) -> Trace {
        Trace {
            level,
            events: Vec::new(),
        }
    }

    #[inline]
    pub fn push(&mut self, t: Time, kind: Event) {
        if self.level == TraceLevel::Full || !kind.is_message_event() {
            self.events.push(TraceEvent { t, kind });
        }
    }

    #[inline]
    pub fn wants_messages(&self) -> bool {
        self.level == TraceLevel::Full
    }

    pub fn events(&self) -> &[TraceEvent] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn truncate(&mut self, len: usize) {
        self.events.truncate(len);
    }

    /// FNV-1a (64-bit) of the JSON lines: a short fingerprint to compare runs natively
    /// and in wasm, or before and after a change.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut line = String::with_capacity(256);
        for (i, e) in self.events.iter().enumerate() {
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
        let mut out = String::with_capacity(self.events.len() * 96);
        for (i, e) in self.events.iter().enumerate() {
            e.write_json(i, &mut out);
            out.push('\n');
        }
        out
    }
}
