//! gen:do_call as a client makes it (a monitor doubling as the reply alias, the request,
//! a timeout timer) and a client's state inside its process: shared by the GenServer
//! clients (`worker.rs`) and the pool clients (`pool_client.rs`).

use crate::message::Msg;
use crate::process::{Client, Kind, PendingCall, Process, Wait, WorkerState};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};

/// gen:do_call: monitor the server with an alias, send, wait (with a timeout timer).
/// `agent` is the request an agent mode keeps to name in its exit reason.
pub(crate) fn call(
    sim: &mut Sim,
    pid: Pid,
    server: Pid,
    req: Term,
    timeout_ms: u64,
    agent: Option<Term>,
) {
    let now = sim.w.now;
    // `monitor`, `send` and `start_timer` in that order, with the caller's halves of the
    // monitor and the timer filed together: one lookup of the caller rather than three,
    // on the path every call takes.
    let (tag, alive) = sim.watch(pid, server);
    sim.send(pid, server, Msg::Call { tag, req });
    let (timer, slot) = sim.arm_timer(pid, timeout_ms * 1000, Msg::Timeout);
    if let Some(p) = sim.proc_mut(pid) {
        if alive {
            p.monitors.insert(tag, server);
        }
        p.timers.insert(timer, slot);
        p.alias = Some(tag);
        if let Some(c) = client_mut(p) {
            c.in_flight = agent;
            c.pending = Some(PendingCall {
                tag,
                server,
                timer,
                sent_at: now,
                wait: Wait::Call,
            });
        }
    }
}

pub(crate) fn client_mut(p: &mut Process) -> Option<&mut Client> {
    match &mut p.kind {
        Kind::Worker(w) => match &mut w.state {
            WorkerState::Client(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}
