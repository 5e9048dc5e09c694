//! What travels between processes: messages in mailboxes, with the shapes OTP gives them
//! (`{:"$gen_call", {pid, ref}, req}`, `{:EXIT, pid, reason}`, `{:DOWN, ...}`), kept
//! structured so the simulator can match on them cheaply and print them faithfully.

pub use crate::scenario::StatsOp;
use crate::term::{Pid, Ref, Term};
use crate::time::{MsgId, Time};
use std::rc::Rc;

/// A request to a supervisor, as `Supervisor.start_child/2` and friends send it.
#[derive(Clone, Debug, PartialEq)]
pub enum SupRequest {
    StartChild(Rc<crate::scenario::ChildSpec>),
    TerminateChild(Rc<str>),
    /// `Supervisor.restart_child/2`, `delete_child/2`, `which_children/1`,
    /// `count_children/1` (`child_api.rs`).
    RestartChild(Rc<str>),
    DeleteChild(Rc<str>),
    WhichChildren,
    CountChildren,
}

/// `:sys` system messages: the `Request` of `{:system, from, request}`.
#[derive(Clone, Debug, PartialEq)]
pub enum SysMsg {
    Suspend,
    Resume,
    /// `:sys.get_state/1`.
    GetState,
    /// `:sys.replace_state/2` with a function returning this term.
    ReplaceState(Term),
    /// `:sys.trace(pid, flag)`: `{:debug, {:trace, flag}}`.
    Trace(bool),
    /// `:sys.statistics(pid, flag)`: `{:debug, {:statistics, flag}}`.
    Statistics(StatsOp),
    /// `:sys.no_debug/1`: `{:debug, :no_debug}`.
    NoDebug,
    /// `sys:terminate/3` (what `GenServer.stop/3` sends): `{:terminate, reason}`.
    Terminate(Term),
}

impl SysMsg {
    /// The request as `sys.erl` sends it (`{:debug, {:trace, true}}`, ...).
    pub fn request_term(&self) -> Term {
        let a = Term::atom;
        let debug = |t: Term| Term::tuple(vec![a("debug"), t]);
        let flag = |b: bool| a(if b { "true" } else { "false" });
        match self {
            SysMsg::Suspend => a("suspend"),
            SysMsg::Resume => a("resume"),
            SysMsg::GetState => a("get_state"),
            SysMsg::ReplaceState(_) => Term::tuple(vec![a("replace_state"), a("fun")]),
            SysMsg::Trace(b) => debug(Term::tuple(vec![a("trace"), flag(*b)])),
            SysMsg::Statistics(op) => debug(Term::tuple(vec![
                a("statistics"),
                match op {
                    StatsOp::On => flag(true),
                    StatsOp::Off => flag(false),
                    StatsOp::Get => a("get"),
                },
            ])),
            SysMsg::NoDebug => debug(a("no_debug")),
            SysMsg::Terminate(r) => Term::tuple(vec![a("terminate"), r.clone()]),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// `{:"$gen_call", {from, tag}, request}`
    Call { tag: Ref, req: Term },
    /// `{:"$gen_cast", request}`
    Cast(Term),
    /// `{tag, reply}`
    Reply { tag: Ref, reply: Term },
    /// Any other message (`send/2`).
    Info(Term),
    /// `{:EXIT, from, reason}`: an exit signal turned into a message by `trap_exit`.
    Exit { from: Pid, reason: Term },
    /// `{:DOWN, ref, :process, pid, reason}`
    Down { mref: Ref, pid: Pid, reason: Term },
    /// `{:ack, pid, {:ok, pid}}`: proc_lib's init acknowledgement to the starter.
    Ack,
    /// `{:ack, pid, :ignore}`: `init/1` returned `:ignore` (the process then exits `:normal`).
    AckIgnore,
    /// A timer message (`{:timeout, ref, _}`): call and shutdown timeouts.
    Timeout(Ref),
    /// The client's own `:tick` timer.
    Tick,
    /// `{:system, from, request}`
    Sys(SysMsg),
    /// `{:"$gen_call", {from, tag}, {:start_child, spec}}` etc., to a supervisor.
    SupCall { tag: Ref, req: SupRequest },
}

impl Msg {
    /// The message as the receiving process would see it in its mailbox.
    pub fn to_term(&self, from: Pid) -> Term {
        let a = Term::atom;
        match self {
            Msg::Call { tag, req } => Term::tuple(vec![
                a("$gen_call"),
                Term::tuple(vec![Term::Pid(from), Term::Ref(*tag)]),
                req.clone(),
            ]),
            Msg::Cast(req) => Term::tuple(vec![a("$gen_cast"), req.clone()]),
            Msg::Reply { tag, reply } => Term::tuple(vec![Term::Ref(*tag), reply.clone()]),
            Msg::Info(t) => t.clone(),
            Msg::Exit { from, reason } => {
                Term::tuple(vec![a("EXIT"), Term::Pid(*from), reason.clone()])
            }
            Msg::Down { mref, pid, reason } => Term::tuple(vec![
                a("DOWN"),
                Term::Ref(*mref),
                a("process"),
                Term::Pid(*pid),
                reason.clone(),
            ]),
            Msg::Ack => Term::tuple(vec![
                a("ack"),
                Term::Pid(from),
                Term::tuple(vec![a("ok"), Term::Pid(from)]),
            ]),
            Msg::AckIgnore => Term::tuple(vec![a("ack"), Term::Pid(from), a("ignore")]),
            Msg::Timeout(r) => Term::tuple(vec![a("timeout"), Term::Ref(*r), a("timeout")]),
            Msg::Tick => a("tick"),
            Msg::Sys(s) => Term::tuple(vec![a("system"), Term::Pid(from), s.request_term()]),
            Msg::SupCall { tag, req } => {
                let req = match req {
                    SupRequest::StartChild(spec) => {
                        Term::tuple(vec![a("start_child"), Term::atom(spec.id())])
                    }
                    SupRequest::TerminateChild(id) => {
                        Term::tuple(vec![a("terminate_child"), Term::atom(id)])
                    }
                    SupRequest::RestartChild(id) => {
                        Term::tuple(vec![a("restart_child"), Term::atom(id)])
                    }
                    SupRequest::DeleteChild(id) => {
                        Term::tuple(vec![a("delete_child"), Term::atom(id)])
                    }
                    SupRequest::WhichChildren => a("which_children"),
                    SupRequest::CountChildren => a("count_children"),
                };
                Term::tuple(vec![
                    a("$gen_call"),
                    Term::tuple(vec![Term::Pid(from), Term::Ref(*tag)]),
                    req,
                ])
            }
        }
    }

    /// A one-word kind for the UI (chip colour, log filter).
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Call { .. } | Msg::SupCall { .. } => "call",
            Msg::Cast(_) => "cast",
            Msg::Reply { .. } => "reply",
            Msg::Info(_) | Msg::Tick | Msg::Timeout(_) => "info",
            Msg::Exit { .. } => "exit",
            Msg::Down { .. } => "down",
            Msg::Ack | Msg::AckIgnore => "ack",
            Msg::Sys(_) => "system",
        }
    }
}

/// A message with its routing facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    pub id: MsgId,
    pub from: Pid,
    pub sent_at: Time,
    pub msg: Msg,
}

/// A call a server or counter answers by stopping: `{:stop, reason}` (handle_call returns
/// `{:stop, reason, state}`) or `{:stop, reason, reply}` (`{:stop, reason, reply, state}`).
pub(crate) fn stop_request(req: &Term) -> Option<(Term, Option<Term>)> {
    match req {
        Term::Tuple(t) if t[0].is_atom("stop") && t.len() == 2 => Some((t[1].clone(), None)),
        Term::Tuple(t) if t[0].is_atom("stop") && t.len() == 3 => {
            Some((t[1].clone(), Some(t[2].clone())))
        }
        _ => None,
    }
}
