//! Trace events as one-line log entries in OTP's own vocabulary, and time formatting.

use otp_sim::trace::{Event, SignalOutcome};
use otp_sim::{Pid, Time, TreeNode};
use std::rc::Rc;

/// `1.234 s`, `12.5 ms`, `40 µs`.
pub fn fmt_time(t: Time) -> String {
    if t >= 1_000_000 {
        format!("{:.3} s", t as f64 / 1e6)
    } else if t >= 1_000 {
        format!("{:.1} ms", t as f64 / 1e3)
    } else {
        format!("{t} µs")
    }
}

/// Is this event about a crash, a restart or a shutdown (for log styling)?
pub fn severity(e: &Event) -> &'static str {
    match e {
        Event::ChildTerminated { .. }
        | Event::ShutdownError { .. }
        | Event::StartError { .. }
        | Event::InitFailed { .. }
        | Event::ReachedMaxRestartIntensity { .. } => "error",
        Event::Exit { reason, .. } if !reason.is_normal_exit() => "error",
        Event::Restarting { .. } | Event::Started { .. } | Event::Spawn { .. } => "progress",
        Event::Fault { .. } | Event::FaultMissed { .. } => "fault",
        e if e.is_message_event() => "message",
        _ => "info",
    }
}

/// One line of log text.
pub fn describe(e: &Event, name: &dyn Fn(Pid) -> String) -> String {
    match e {
        Event::Spawn {
            pid, parent, id, ..
        } => match id {
            Some(id) => format!("spawn_link {} → {pid} ({id})", name(*parent)),
            None => format!("spawn {pid} by {}", name(*parent)),
        },
        Event::Send { from, to, msg, .. } => {
            format!(
                "{} sends {} to {}",
                name(*from),
                msg.to_term(*from),
                name(*to)
            )
        }
        Event::Deliver { to, queue, .. } => {
            format!("message arrives in {}'s mailbox (queue {queue})", name(*to))
        }
        Event::Receive { pid, .. } => format!("{} receives the next message", name(*pid)),
        Event::Dropped { to, why, .. } => {
            format!("message to {} dropped: {}", name(*to), why.as_str())
        }
        Event::ExitSignal {
            from,
            to,
            reason,
            outcome,
        } => match outcome {
            SignalOutcome::Killed => format!(
                "exit signal {reason} from {} kills {}",
                name(*from),
                name(*to)
            ),
            SignalOutcome::Trapped => {
                format!(
                    "{} traps exits, so the signal becomes the message {{:EXIT, {from}, {reason}}}",
                    name(*to)
                )
            }
            SignalOutcome::Ignored => format!(
                "{} ignores exit signal {reason} from {} (not trapping exits)",
                name(*to),
                name(*from)
            ),
        },
        Event::Exit { pid, reason, .. } => {
            format!("{} exits: {}", name(*pid), reason.reason_label())
        }
        Event::Started { sup, id, pid } => {
            format!("PROGRESS REPORT {} started child {id} as {pid}", name(*sup))
        }
        Event::ChildTerminated {
            sup,
            id,
            pid,
            reason,
        } => format!(
            "SUPERVISOR REPORT {}: child_terminated {id} ({pid}) reason: {}",
            name(*sup),
            reason.reason_label()
        ),
        Event::ShutdownError {
            sup, id, reason, ..
        } => format!(
            "SUPERVISOR REPORT {}: shutdown_error {id} reason: {}",
            name(*sup),
            reason.reason_label()
        ),
        Event::StartError { sup, id, reason } => format!(
            "SUPERVISOR REPORT {}: start_error {id} reason: {}",
            name(*sup),
            reason.reason_label()
        ),
        Event::InitFailed { pid, result, .. } => {
            format!("{}'s init/1 returned {result}", name(*pid))
        }
        Event::ChildrenListed { sup, children } => {
            let list: Vec<String> = children.iter().map(|(id, p)| format!("{id} {p}")).collect();
            format!("which_children {}: [{}]", name(*sup), list.join(", "))
        }
        Event::AutoShutdown { sup, id } => format!(
            "{}: significant child {id} is gone; auto_shutdown stops the supervisor",
            name(*sup)
        ),
        Event::ChildrenCounted {
            sup,
            specs,
            active,
            supervisors,
            workers,
        } => format!(
            "count_children {}: %{{active: {active}, specs: {specs}, supervisors: {supervisors}, workers: {workers}}}",
            name(*sup)
        ),
        Event::ReachedMaxRestartIntensity {
            id,
            restarts,
            max_restarts,
            max_seconds,
            ..
        } => format!(
            "SUPERVISOR REPORT {id}: shutdown, reached_max_restart_intensity ({restarts} restarts > max_restarts {max_restarts} in {max_seconds} s): it gives up and exits :shutdown"
        ),
        Event::Terminating {
            sup,
            id,
            pid,
            shutdown,
        } => format!(
            "{} terminates child {id} ({pid}), shutdown: {shutdown}",
            name(*sup)
        ),
        Event::Restarting { sup, id, count } => {
            format!("{} restarts child {id} (restart #{count})", name(*sup))
        }
        Event::SupervisorReply {
            sup,
            request,
            result,
        } => format!("{} replies to {request}: {result}", name(*sup)),
        Event::CallReturned { pid, latency } => format!(
            "GenServer.call from {} returned after {}",
            name(*pid),
            fmt_time(*latency)
        ),
        Event::CallTimeout { pid, caught } => {
            if *caught {
                format!("GenServer.call from {} timed out (caught)", name(*pid))
            } else {
                format!(
                    "GenServer.call from {} timed out: exits {{:timeout, {{GenServer, :call, …}}}}",
                    name(*pid)
                )
            }
        }
        Event::Suspended { pid } => format!(":sys.suspend — {} suspended", name(*pid)),
        Event::Resumed { pid } => format!(":sys.resume — {} resumed", name(*pid)),
        Event::SysReply {
            pid,
            request,
            reply,
        } => format!(":sys {request} — {} answers {reply}", name(*pid)),
        Event::SysDbg { line, .. } => line.to_string(),
        Event::Fault {
            target,
            pid,
            action,
        } => format!("fault (scheduled or yours): {action} → {target} ({pid})"),
        Event::FaultMissed { target, action } => {
            format!("{action} → {target}: no live process")
        }
        Event::Link { pid, other, on } => format!(
            "{} {} {}",
            name(*pid),
            if *on { "links to" } else { "unlinks from" },
            name(*other)
        ),
        Event::Monitor {
            watcher,
            target,
            on,
        } => format!(
            "{} {} {}",
            name(*watcher),
            if *on { "monitors" } else { "demonitors" },
            name(*target)
        ),
        Event::TrapExit { pid, on } => {
            format!("{} sets Process.flag(:trap_exit, {on})", name(*pid))
        }
        Event::ExitMessage { pid, from, reason } => format!(
            "{} traps the exit signal of {}: handle_info gets {{:EXIT, pid, {reason}}}",
            name(*pid),
            name(*from)
        ),
        Event::DownMessage { pid, of, reason } => format!(
            "{} gets {{:DOWN, ref, :process, pid, {reason}}}: {} is gone",
            name(*pid),
            name(*of)
        ),
        Event::CommandResult(a) => {
            let call = match &*a.action {
                "genserver_stop" => "GenServer.stop",
                "call_stop" => "a stopping GenServer.call",
                other => other,
            };
            if a.returned {
                format!("{call} on {} returned {}", a.target, a.value)
            } else {
                format!("{call} on {}: the caller exits with {}", a.target, a.value)
            }
        }
        Event::StartLatency {
            sup,
            caller,
            latency,
        } => format!(
            "{}'s start_child to {} returned after {}",
            name(*caller),
            name(*sup),
            fmt_time(*latency)
        ),
        Event::Routed {
            name: sup,
            key,
            partition,
            pid,
        } => format!(
            "{{:via, PartitionSupervisor, {{{sup}, {key}}}}} routes to partition {partition} ({})",
            name(*pid)
        ),
        // Only a full simulator makes these (a `lean` one, the first-load bundle's, leaves
        // them out): their text is in a function of its own, which that bundle drops.
        e @ (Event::EtsNew { .. }
        | Event::EtsDelete { .. }
        | Event::EtsTransfer { .. }
        | Event::TaskLeftover { .. }
        | Event::TaskResult { .. }
        | Event::RegistryRegister { .. }
        | Event::RegistryUnregister { .. }
        | Event::RegistryCleanup { .. }
        | Event::RegistryLookup { .. }
        | Event::PgJoin { .. }
        | Event::PgLeave { .. }
        | Event::PgCleanup { .. }
        | Event::PgMembers { .. }
        | Event::PgWhichGroups { .. }
        | Event::RegistryDispatch { .. }
        | Event::EtsRead { .. }
        | Event::PersistentTermPut { .. }
        | Event::PersistentTermErase { .. }
        | Event::PersistentTermGet { .. }
        | Event::PersistentTermGc { .. }
        | Event::PoolCheckout { .. }
        | Event::PoolWait { .. }
        | Event::PoolCancel { .. }
        | Event::PoolCheckin { .. }
        | Event::PoolDismiss { .. }
        | Event::TelemetryExecute { .. }
        | Event::TelemetryCall { .. }
        | Event::TelemetryDetach { .. }
        | Event::TelemetryAttach { .. }
        | Event::TelemetryLog { .. }
        | Event::StatemEvent { .. }
        | Event::StateChange { .. }
        | Event::TimeoutArmed { .. }
        | Event::TimeoutFired { .. }
        | Event::TimeoutCancelled { .. }) => {
            if otp_sim::EXTRAS {
                extras_text(e, name)
            } else {
                String::new()
            }
        }
    }
}

/// The log line of an event only the rarer behaviours make (ETS, tasks, Registry, pg,
/// persistent_term, pools, telemetry, gen_statem).
fn extras_text(e: &Event, name: &dyn Fn(Pid) -> String) -> String {
    match e {
        Event::EtsNew { pid, table } => format!("{} creates the ETS table :{table}", name(*pid)),
        Event::EtsDelete { pid, table } => format!(
            "the ETS table :{table} is deleted with its owner {} (no living heir)",
            name(*pid)
        ),
        Event::EtsTransfer {
            table,
            from,
            to,
            data,
            inherited,
        } => format!(
            "the ETS table :{table} passes from {} to {} ({}; it gets {{:\"ETS-TRANSFER\", :{table}, from, {data}}})",
            name(*from),
            name(*to),
            if *inherited { "its heir" } else { "give_away" }
        ),
        Event::TaskLeftover { pid, msg } => format!(
            "{} gets {msg} from a task it stopped waiting for",
            name(*pid)
        ),
        Event::TaskResult {
            pid,
            task,
            result,
            latency,
        } => format!(
            "{}'s task {task} gave {result} after {latency} µs",
            name(*pid)
        ),
        Event::RegistryRegister { pid, registry, key } => {
            format!("{} registers under {key} in {registry}", name(*pid))
        }
        Event::RegistryUnregister { pid, registry, key } => {
            format!("{} unregisters {key} from {registry}", name(*pid))
        }
        Event::RegistryCleanup {
            by,
            pid,
            registry,
            keys,
        } => format!(
            "{registry} ({}) handles the :EXIT of {} and removes {} key(s)",
            name(*by),
            name(*pid),
            keys.len()
        ),
        Event::RegistryLookup {
            registry,
            key,
            pids,
        } => format!(
            "Registry.lookup({registry}, {key}) finds {} pid(s)",
            pids.len()
        ),
        Event::PgJoin {
            by,
            pid,
            scope,
            group,
        } => format!("{} ({scope}) adds {} to {group}", name(*by), name(*pid)),
        Event::PgLeave {
            by,
            pid,
            scope,
            group,
            ok,
        } => format!(
            "{} ({scope}) {} {} from {group}",
            name(*by),
            if *ok {
                "removes"
            } else {
                "cannot remove (not joined)"
            },
            name(*pid)
        ),
        Event::PgCleanup {
            by,
            pid,
            scope,
            groups,
        } => format!(
            "{} ({scope}) handles the :DOWN of {} and removes it from {} group(s)",
            name(*by),
            name(*pid),
            groups.len()
        ),
        Event::PgMembers { scope, group, pids } => {
            format!(
                ":pg.get_members({scope}, {group}) finds {} pid(s)",
                pids.len()
            )
        }
        Event::PgWhichGroups { scope, groups } => {
            format!(":pg.which_groups({scope}) lists {} group(s)", groups.len())
        }
        Event::RegistryDispatch {
            pid,
            registry,
            key,
            to,
        } => format!(
            "{} dispatches to {} subscriber(s) of {key} in {registry}",
            name(*pid),
            to.len()
        ),
        Event::EtsRead {
            pid,
            owner,
            table,
            latency,
        } => format!(
            "{} reads :{table} directly ({latency} µs), bypassing {}'s mailbox",
            name(*pid),
            name(*owner)
        ),
        Event::PersistentTermPut {
            pid,
            key,
            value,
            changed,
        } => format!(
            "{} puts {value} under :{key}{}",
            name(*pid),
            if *changed {
                ""
            } else {
                " (equal value: nothing changes)"
            }
        ),
        Event::PersistentTermErase { pid, key, existed } => format!(
            "{} erases :{key}{}",
            name(*pid),
            if *existed { "" } else { " (no such key)" }
        ),
        Event::PersistentTermGet { pid, key, latency } => {
            format!("{} reads :{key} in place ({latency} µs)", name(*pid))
        }
        Event::PersistentTermGc {
            key,
            processes,
            cost_us,
        } => format!(
            "the old value of :{key} lived on a heap: global pass, {processes} processes pay {cost_us} µs each"
        ),
        Event::PoolCheckout {
            pool,
            caller,
            worker,
            waited,
        } => format!(
            "{} checks out {} from {} (waited {waited} µs)",
            name(*caller),
            name(*worker),
            name(*pool)
        ),
        Event::PoolWait {
            pool,
            caller,
            queue,
        } => format!(
            "{} waits for a worker of {} ({queue} waiting)",
            name(*caller),
            name(*pool)
        ),
        Event::PoolCancel { pool, caller } => {
            format!("{} leaves {}'s queue", name(*caller), name(*pool))
        }
        Event::PoolCheckin {
            pool,
            worker,
            caller,
            caller_died,
        } => {
            if *caller_died {
                format!(
                    "{} died holding {}: it goes back to {} as it is",
                    name(*caller),
                    name(*worker),
                    name(*pool)
                )
            } else {
                format!(
                    "{} checks {} back in to {}",
                    name(*caller),
                    name(*worker),
                    name(*pool)
                )
            }
        }
        Event::PoolDismiss { pool, worker } => format!(
            "{} stops {} on its return (an overflow worker was out)",
            name(*pool),
            name(*worker)
        ),
        Event::TelemetryExecute {
            pid,
            event,
            handlers,
        } => format!(
            "{} executes {} ({handlers} handler(s))",
            name(*pid),
            otp_sim::scenario::event_text(event)
        ),
        Event::TelemetryCall {
            pid,
            handler,
            raised,
            ..
        } => {
            if *raised {
                format!("handler {handler} raises in {}", name(*pid))
            } else {
                format!("handler {handler} runs in {}", name(*pid))
            }
        }
        Event::TelemetryDetach {
            pid,
            handler,
            failed,
            ok,
        } => match (failed, ok) {
            (true, _) => format!("telemetry detaches {handler} (it raised in {})", name(*pid)),
            (false, true) => format!(":telemetry.detach({handler:?}) returns :ok"),
            (false, false) => {
                format!(":telemetry.detach({handler:?}) returns {{:error, :not_found}}")
            }
        },
        Event::TelemetryAttach { handler, ok, .. } => {
            if *ok {
                format!("{handler} is attached again (last in its events' lists)")
            } else {
                format!(":telemetry.attach({handler:?}, ...) returns {{:error, :already_exists}}")
            }
        }
        Event::TelemetryLog { pid, handler, .. } => format!(
            "{} logs: Handler {handler:?} has failed and has been detached",
            name(*pid)
        ),
        Event::StatemEvent { pid, step } => {
            let what = match (&step.next, step.postponed) {
                (_, true) => "postpones it".to_string(),
                (Some(next), false) => format!("goes to :{next}"),
                (None, false) => "keeps its state".to_string(),
            };
            format!(
                "{} handles {} {} in :{}: {what}",
                name(*pid),
                step.event.as_str(),
                step.content,
                step.state
            )
        }
        Event::StateChange { pid, from, to, .. } => {
            format!("{} changes state :{from} → :{to}", name(*pid))
        }
        Event::TimeoutArmed { pid, kind, ms } => {
            format!("{} sets its {} ({ms} ms)", name(*pid), timeout_label(kind))
        }
        Event::TimeoutFired { pid, kind } => {
            format!("{}'s {} fires", name(*pid), timeout_label(kind))
        }
        Event::TimeoutCancelled { pid, kind, why } => format!(
            "{}'s {} is cancelled ({})",
            name(*pid),
            timeout_label(kind),
            why.as_str()
        ),
        _ => String::new(),
    }
}

/// `state_timeout`, `timeout`, or `{:timeout, :retry}` for a generic one.
fn timeout_label(kind: &otp_sim::statem_run::TimeoutKind) -> String {
    match kind.name() {
        Some(n) => format!("{{:timeout, {n}}}"),
        None => kind.as_str().to_string(),
    }
}

/// What a process is called on the stage and in words: its registered name, else its id.
pub fn node_label(n: &TreeNode) -> Rc<str> {
    n.name.clone().unwrap_or_else(|| n.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_naturally() {
        assert_eq!(fmt_time(40), "40 µs");
        assert_eq!(fmt_time(12_500), "12.5 ms");
        assert_eq!(fmt_time(1_234_000), "1.234 s");
    }

    #[test]
    fn supervisor_reports_use_otp_words() {
        let e = Event::ChildTerminated {
            sup: Pid(80),
            id: "cache".into(),
            pid: Pid(81),
            reason: otp_sim::Term::atom("killed"),
        };
        let s = describe(&e, &|p| p.to_string());
        assert!(s.contains("child_terminated"));
        assert!(s.contains(":killed") || s.contains("killed"));
        assert_eq!(severity(&e), "error");
    }
}
