//! Elixir's `Task` as clients use it: one task per request, either linked to the client
//! (`Task.async/1` + `Task.await/2`, mode `async`) or started under a Task.Supervisor
//! without a link (`Task.Supervisor.async_nolink/2` + `Task.yield/2 || Task.shutdown/1`,
//! mode `async_nolink`). Owns both sides: the task process (it waits for its owner's go
//! message, works `task_us`, then replies `{alias, :ok}` and exits `:normal`, or raises)
//! and the client's requests and waits. The two modes differ only in who is linked to
//! whom; the kernel's links do the rest: a crashing linked task kills its caller and a
//! crashing caller kills its linked tasks, while an unlinked task's crash is a `:DOWN`
//! the caller survives (and a `child_terminated` report from the Task.Supervisor).
//! Checked against OTP 25 / Elixir 1.14 (`tests/conformance/task_*`).

use crate::message::{Envelope, Msg, SupRequest};
use crate::process::{Client, Kind, PendingCall, Wait, WorkerState};
use crate::scenario::{Behaviour, ChildSpec, ClientMode, Restart, Shutdown, TaskSpec, WorkerSpec};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Ref, Term};
use crate::tick::schedule_tick;
use crate::time::Time;
use crate::trace::Event;
use std::rc::Rc;

/// What a failing task raises.
const TASK_FAILED: &str = "task failed";

/// Elixir 1.14's `Task.Supervisor` when `max_children` is reached.
const MAX_TASKS: &str = "reached the maximum number of tasks for this task supervisor. The maximum number of tasks that are allowed to run at the same time under this supervisor can be configured with the :max_children option passed to Task.Supervisor.start_link/1";

/// A task got a message: its owner's go message `{owner, alias, alias, callers, mfa}`
/// makes it run (the job's cost was its `task_us`), reply and exit. A task is no
/// GenServer: anything else stays unanswered.
pub(crate) fn task_handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let Some((fail, result)) = sim.w.procs.get(&pid).and_then(|p| match &p.kind {
        Kind::Worker(w) => match &w.spec.behaviour {
            Behaviour::Task(t) => Some((
                t.fail,
                crate::term::parse_term(&t.result).unwrap_or_else(|_| Term::atom("ok")),
            )),
            _ => None,
        },
        _ => None,
    }) else {
        return;
    };
    let alias = match &env.msg {
        Msg::Info(Term::Tuple(t)) if t.len() == 5 && t[0] == Term::Pid(env.from) => match t[1] {
            Term::Ref(r) => r,
            _ => return,
        },
        _ => return,
    };
    if fail {
        sim.exit_process(pid, Term::exception("RuntimeError", TASK_FAILED));
    } else {
        let reply = Msg::Reply {
            tag: alias,
            reply: result,
        };
        sim.send(pid, env.from, reply);
        sim.exit_process(pid, Term::atom("normal"));
    }
}

/// What a task client needs to know about itself.
struct Caller {
    mode: ClientMode,
    target: Rc<str>,
    interval: Time,
    jitter: f64,
    timeout_ms: u64,
    task_us: Time,
    fail_rate: f64,
    /// What each task returns (`task_result`, term text).
    result: String,
    /// Mode `async`: a `Task.await` timeout is caught and the caller goes on.
    catch_timeout: bool,
    /// Mode `async`: `Task.yield` instead of `Task.await`.
    task_yield: bool,
    terminate_us: Time,
    /// The child id its tasks are named after (`<id>_task`).
    id: Rc<str>,
    /// How `Task.Supervisor` names the owner: its registered name, else its pid.
    owner: Term,
    pending: Option<PendingCall>,
}

fn caller(sim: &Sim, pid: Pid) -> Option<Caller> {
    let p = sim.w.procs.get(&pid)?;
    let Kind::Worker(w) = &p.kind else {
        return None;
    };
    let (Behaviour::Client(spec), WorkerState::Client(c)) = (&w.spec.behaviour, &w.state) else {
        return None;
    };
    Some(Caller {
        mode: spec.mode,
        target: c.target.clone(),
        interval: spec.interval_us,
        jitter: spec.jitter,
        timeout_ms: spec.timeout_ms,
        task_us: spec.task_us(),
        fail_rate: spec.fail_rate.unwrap_or(0.0),
        result: spec.task_result.clone().unwrap_or_else(|| ":ok".into()),
        catch_timeout: spec.catch_timeout,
        task_yield: spec.task_yield,
        terminate_us: w.spec.terminate_us,
        id: p.child_id.clone().unwrap_or_else(|| Rc::from("task")),
        owner: p.name.as_deref().map_or(Term::Pid(pid), Term::atom),
        pending: c.pending,
    })
}

fn client_mut(sim: &mut Sim, pid: Pid) -> Option<&mut Client> {
    match &mut sim.proc_mut(pid)?.kind {
        Kind::Worker(w) => match &mut w.state {
            WorkerState::Client(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

fn set_pending(sim: &mut Sim, pid: Pid, pending: Option<PendingCall>) {
    let alias = pending.as_ref().map(|pc| pc.tag);
    if let Some(p) = sim.proc_mut(pid) {
        // Replies are accepted only on the alias the client waits on.
        p.alias = alias;
    }
    if let Some(c) = client_mut(sim, pid) {
        c.pending = pending;
    }
}

/// A client of mode `async` or `async_nolink` handles a message.
pub(crate) fn client_handle(sim: &mut Sim, pid: Pid, env: Envelope) {
    let Some(me) = caller(sim, pid) else { return };
    let now = sim.w.now;
    let pending = me.pending;
    let matches = |tag: Ref| pending.as_ref().is_some_and(|pc| pc.tag == tag);
    let abandoned = client_mut(sim, pid).and_then(|c| c.abandoned);
    match env.msg {
        // The reply and `:DOWN` of a task the caller stopped yielding on: they reach
        // its handle_info/2, which has no use for them.
        Msg::Reply { tag, reply } if abandoned == Some(tag) => {
            let msg = Term::tuple(vec![Term::Ref(tag), reply]);
            sim.trace.push(now, Event::TaskLeftover { pid, msg });
        }
        Msg::Down {
            mref,
            pid: task,
            reason,
        } if abandoned == Some(mref) => {
            if let Some(c) = client_mut(sim, pid) {
                c.abandoned = None;
            }
            if let Some(p) = sim.proc_mut(pid)
                && p.alias == Some(mref)
            {
                p.alias = None;
            }
            let msg = Term::tuple(vec![
                Term::atom("DOWN"),
                Term::Ref(mref),
                Term::atom("process"),
                Term::Pid(task),
                reason,
            ]);
            sim.trace.push(now, Event::TaskLeftover { pid, msg });
        }
        Msg::Tick if pending.is_none() => tick(sim, pid, &me),
        Msg::Reply { tag, reply } if matches(tag) => {
            let Some(pc) = pending else { return };
            sim.demonitor_flush(pid, tag);
            match pc.wait {
                Wait::StartTask => started(sim, pid, &me, pc, reply),
                Wait::Task | Wait::TaskShutdown => {
                    sim.cancel_timer(pid, pc.timer);
                    if let Some(c) = client_mut(sim, pid) {
                        c.stats.record(now - pc.sent_at);
                    }
                    let result = match me.mode {
                        ClientMode::Async => reply,
                        _ => Term::tuple(vec![Term::atom("ok"), reply]),
                    };
                    finish(sim, pid, &me, &pc, result);
                }
                Wait::Call => {}
            }
        }
        Msg::Down { mref, reason, .. } if matches(mref) => {
            let Some(pc) = pending else { return };
            sim.cancel_timer(pid, pc.timer);
            match (pc.wait, me.mode) {
                // The Task.Supervisor died during the start call.
                (Wait::StartTask, _) => {
                    let r = Term::tuple(vec![reason, start_call_info(pid, &me)]);
                    set_pending(sim, pid, None);
                    sim.terminate_then_exit(pid, me.terminate_us, r);
                }
                // Task.await: a trapping caller survives the link and gets the :DOWN.
                (_, ClientMode::Async) => {
                    let r = Term::tuple(vec![reason, await_info(pid, &pc, me.timeout_ms)]);
                    set_pending(sim, pid, None);
                    sim.terminate_then_exit(pid, me.terminate_us, r);
                }
                // Task.shutdown after a yield timeout: nil if it stopped as asked.
                (Wait::TaskShutdown, _) if reason.is_atom("shutdown") => {
                    finish(sim, pid, &me, &pc, Term::atom("nil"))
                }
                // Task.yield / Task.shutdown: the task died, `{:exit, reason}`.
                _ => finish(
                    sim,
                    pid,
                    &me,
                    &pc,
                    Term::tuple(vec![Term::atom("exit"), reason]),
                ),
            }
        }
        Msg::Timeout(r) if pending.as_ref().is_some_and(|pc| pc.timer == r) => {
            let Some(pc) = pending else { return };
            if me.mode == ClientMode::Async && me.task_yield {
                // Task.yield returned nil: the caller goes on. The monitor and its alias
                // stay, so the task's reply and :DOWN will still come.
                if let Some(c) = client_mut(sim, pid) {
                    c.abandoned = Some(pc.tag);
                    c.pending = None;
                }
                sim.trace.push(
                    now,
                    Event::TaskResult {
                        pid,
                        task: pc.server,
                        result: Term::atom("nil"),
                        latency: now - pc.sent_at,
                    },
                );
                schedule_tick(sim, pid, me.interval, me.jitter);
            } else if me.mode == ClientMode::Async && me.catch_timeout {
                // Task.await timed out and the caller catches the exit: Task.await has
                // demonitored with :flush (the alias is off, so the late reply is
                // dropped by the runtime); the task, still linked, runs on.
                let r = Term::tuple(vec![
                    Term::atom("timeout"),
                    await_info(pid, &pc, me.timeout_ms),
                ]);
                finish(sim, pid, &me, &pc, Term::tuple(vec![Term::atom("exit"), r]));
            } else if me.mode == ClientMode::Async {
                // Task.await timed out: demonitor and exit; the link takes the task along.
                sim.demonitor_flush(pid, pc.tag);
                let r = Term::tuple(vec![
                    Term::atom("timeout"),
                    await_info(pid, &pc, me.timeout_ms),
                ]);
                set_pending(sim, pid, None);
                sim.terminate_then_exit(pid, me.terminate_us, r);
            } else {
                // Task.yield returned nil: Task.shutdown(task) stops it and waits for it.
                sim.signal(pid, pc.server, Term::atom("shutdown"), false);
                let never = sim.make_ref();
                set_pending(
                    sim,
                    pid,
                    Some(PendingCall {
                        timer: never,
                        wait: Wait::TaskShutdown,
                        ..pc
                    }),
                );
            }
        }
        _ => {}
    }
}

/// One request: start a task (linked, or through the Task.Supervisor).
fn tick(sim: &mut Sim, pid: Pid, me: &Caller) {
    let now = sim.w.now;
    if let Some(c) = client_mut(sim, pid) {
        c.requests += 1;
    }
    let fail = match me.fail_rate {
        r if r <= 0.0 => false,
        r if r >= 1.0 => true,
        r => ((sim.random_u64() >> 11) as f64 / (1u64 << 53) as f64) < r,
    };
    let spec = Rc::new(ChildSpec::Worker(WorkerSpec {
        registers: Vec::new(),
        joins: Vec::new(),
        init_fails: None,
        significant: false,
        id: format!("{}_task", me.id),
        name: None,
        restart: Restart::Temporary,
        shutdown: Shutdown::Timeout(5000),
        behaviour: Behaviour::Task(TaskSpec {
            work_us: me.task_us,
            fail,
            result: me.result.clone(),
        }),
        trap_exit: false,
        init_us: 0,
        terminate_us: 0,
    }));
    match me.mode {
        ClientMode::Async => {
            // Task.async: spawn_link, monitor with an alias, send the go message.
            let Ok(task) = sim.spawn_child(pid, &spec) else {
                return;
            };
            go(sim, pid, me, task, now);
        }
        _ => {
            // GenServer.call(sup, {:start_task, ...}, :infinity): monitored, no timer.
            let Some(sup) = sim.whereis(&me.target) else {
                let r = Term::tuple(vec![Term::atom("noproc"), start_call_info(pid, me)]);
                sim.terminate_then_exit(pid, me.terminate_us, r);
                return;
            };
            let tag = sim.monitor(pid, sup);
            sim.send(
                pid,
                sup,
                Msg::SupCall {
                    tag,
                    req: SupRequest::StartChild(spec),
                },
            );
            let never = sim.make_ref();
            set_pending(
                sim,
                pid,
                Some(PendingCall {
                    tag,
                    server: sup,
                    timer: never,
                    sent_at: now,
                    wait: Wait::StartTask,
                }),
            );
        }
    }
}

/// The Task.Supervisor answered the start call.
fn started(sim: &mut Sim, pid: Pid, me: &Caller, pc: PendingCall, reply: Term) {
    match &reply {
        Term::Tuple(t) if t.len() == 2 && t[0].is_atom("ok") => {
            if let Term::Pid(task) = t[1] {
                go(sim, pid, me, task, pc.sent_at);
            }
        }
        // {:error, :max_children}: async_nolink raises.
        _ => {
            set_pending(sim, pid, None);
            let r = Term::exception("RuntimeError", MAX_TASKS);
            sim.terminate_then_exit(pid, me.terminate_us, r);
        }
    }
}

/// Monitor the task with an alias, send it the go message, wait up to `timeout_ms`.
fn go(sim: &mut Sim, pid: Pid, me: &Caller, task: Pid, sent_at: Time) {
    let alias = sim.monitor(pid, task);
    let callers = Term::List(Rc::from(vec![Term::Pid(pid)]));
    let mfa = Term::tuple(vec![
        Term::atom("erlang"),
        Term::atom("apply"),
        Term::Int(2),
    ]);
    let msg = Term::tuple(vec![
        Term::Pid(pid),
        Term::Ref(alias),
        Term::Ref(alias),
        callers,
        mfa,
    ]);
    sim.send(pid, task, Msg::Info(msg));
    let timer = sim.start_timer(pid, me.timeout_ms * 1000, Msg::Timeout);
    set_pending(
        sim,
        pid,
        Some(PendingCall {
            tag: alias,
            server: task,
            timer,
            sent_at,
            wait: Wait::Task,
        }),
    );
}

/// The request is over with `result` (what `Task.await` / `Task.yield` returned): trace
/// it and wait for the next tick.
fn finish(sim: &mut Sim, pid: Pid, me: &Caller, pc: &PendingCall, result: Term) {
    sim.demonitor_flush(pid, pc.tag);
    set_pending(sim, pid, None);
    sim.trace.push(
        sim.w.now,
        Event::TaskResult {
            pid,
            task: pc.server,
            result,
            latency: sim.w.now - pc.sent_at,
        },
    );
    schedule_tick(sim, pid, me.interval, me.jitter);
}

/// `{Task, :await, [task, timeout]}` of a `Task.await/2` exit reason.
fn await_info(owner: Pid, pc: &PendingCall, timeout_ms: u64) -> Term {
    let task = Term::Task {
        owner,
        pid: pc.server,
        alias: pc.tag,
    };
    Term::tuple(vec![
        Term::atom("Task"),
        Term::atom("await"),
        Term::List(Rc::from(vec![task, Term::Int(timeout_ms as i64)])),
    ])
}

/// `{GenServer, :call, [sup, {:start_task, ...}, :infinity]}` of a failed async_nolink.
fn start_call_info(pid: Pid, me: &Caller) -> Term {
    let owner = Term::tuple(vec![
        Term::atom("nonode@nohost"),
        me.owner.clone(),
        Term::Pid(pid),
    ]);
    let request = Term::tuple(vec![
        Term::atom("start_task"),
        Term::List(Rc::from(vec![owner, Term::atom("monitor")])),
        Term::atom("temporary"),
        Term::atom("nil"),
    ]);
    Term::tuple(vec![
        Term::atom("GenServer"),
        Term::atom("call"),
        Term::List(Rc::from(vec![
            Term::atom(&me.target),
            request,
            Term::atom("infinity"),
        ])),
    ])
}
