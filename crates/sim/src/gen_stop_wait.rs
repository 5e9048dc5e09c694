//! The callers waiting for a GenServer to stop (`gen_stop.rs`), as the world holds them:
//! data only, so the kernel can own them (snapshots carry them) and note an
//! acknowledgement without depending on the module that drives the waits.

use crate::term::{Pid, Ref, Term};
use std::rc::Rc;

/// One caller waiting for a server to stop (or to answer a stopping call).
#[derive(Clone, Debug)]
pub(crate) struct Wait {
    pub pid: Pid,
    pub target: Rc<str>,
    /// `genserver_stop` or `call_stop`: the command, as the result names it.
    pub action: &'static str,
    /// The harness's monitor of the server.
    pub mref: Ref,
    /// `call_stop`: the call's tag (its reply is the answer); `None` for `GenServer.stop`.
    pub tag: Option<Ref>,
    /// The timeout's timer, `None` for `:infinity`.
    pub timer: Option<Ref>,
    /// `{GenServer, :stop, [pid, reason, timeout]}` or `{GenServer, :call, [pid, request,
    /// timeout]}`: what an exit of the caller names.
    pub mfa: Term,
    /// `GenServer.stop`: the reason asked for, and whether the server has taken the
    /// system message (then a `:DOWN` with another reason is that reason, not a failed
    /// `sys:terminate/3`).
    pub reason: Term,
    pub acked: bool,
}

/// The waits in progress (part of the world, so snapshots carry them).
#[derive(Clone, Debug, Default)]
pub(crate) struct Waits(pub Vec<Wait>);

impl Waits {
    /// The server took a `{:terminate, reason}` system message: the oldest wait of the
    /// harness for it that is not yet acknowledged is (messages from one sender keep their
    /// order). sys.erl replies `:ok` before terminate/2 runs; the caller then waits for the
    /// `:DOWN`, which is all the harness needs.
    pub(crate) fn acknowledge(&mut self, pid: Pid) {
        if let Some(w) = self
            .0
            .iter_mut()
            .find(|w| w.pid == pid && w.tag.is_none() && !w.acked)
        {
            w.acked = true;
        }
    }
}
