//! The trace projected onto what a real OTP run can observe (progress and supervisor
//! reports, and each child's exit reason as a monitor sees it), in the line format of the
//! conformance golden files (`crates/sim/tests/conformance`). What task clients' awaits
//! and yields returned comes last, per client in order: in a real run those lines race
//! with the Task.Supervisor's reports, so the harness collects them apart too. Last, the
//! state of each live agent at the end, by id. Each event a gen_statem handles is a
//! `statem` line, in order with the rest (the harness's callback module reports them).
//! Then each persistent_term key the run left stored, by key, and each `:counters` array's
//! value.
//! A `:sys` request's answer is a `sys` line, a `:sys.trace` line a `dbg` line.

use crate::process::{Kind, WorkerState};
use crate::scenario::{Behaviour, ChildSpec, FAILURE_EVENT, MetricKind, event_text};
use crate::sim::kernel::Sim;
use crate::term::Pid;
use crate::trace::{DropWhy, Event};
use std::collections::BTreeMap;

/// The `partitions` of the registry named `name` in the scenario (1 if none).
fn partitions_of(sim: &Sim, name: &str) -> u32 {
    fn find(spec: &ChildSpec, name: &str) -> Option<u32> {
        match spec {
            ChildSpec::Worker(w) if w.name.as_deref() == Some(name) => match w.behaviour {
                Behaviour::Registry { partitions, .. } => Some(partitions),
                _ => None,
            },
            _ => spec.children().iter().find_map(|c| find(c, name)),
        }
    }
    find(&sim.scenario().tree, name).unwrap_or(1)
}

/// Runs `sim` to the end of its scenario and returns the golden lines.
pub fn golden_lines(sim: &Sim) -> Vec<String> {
    let root_id = sim.scenario().tree.id().to_string();
    let mut id_of_sup: BTreeMap<Pid, String> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut task_results = Vec::new();
    let mut dead: std::collections::BTreeSet<Pid> = std::collections::BTreeSet::new();
    // Registry lines name pids by id, `(dead)` marking a registration not cleaned up yet.
    // A partitioned registry's order depends on :erlang.phash2 of real pids, which no
    // simulator can reproduce: its lines are sorted, in the real run's projection too.
    let registry_line = |what: String,
                         reg: &str,
                         pids: &[Pid],
                         ids: &BTreeMap<Pid, String>,
                         dead: &std::collections::BTreeSet<Pid>| {
        let mut names: Vec<String> = pids
            .iter()
            .map(|p| {
                let id = ids.get(p).cloned().unwrap_or_else(|| "?".into());
                if dead.contains(p) {
                    format!("{id}(dead)")
                } else {
                    id
                }
            })
            .collect();
        if partitions_of(sim, reg) > 1 {
            names.sort();
        }
        format!("{what} [{}]", names.join(", "))
    };
    // The handler table replayed along the trace: a call on the failure event prints
    // which handlers were attached at that moment (showing the failed one already gone).
    let mut attached: Vec<String> = sim
        .scenario()
        .telemetry
        .handlers
        .iter()
        .map(|h| h.id.clone())
        .collect();
    let mut last_failed: Option<std::rc::Rc<str>> = None;
    // Processes whose init/1 failed: no progress report announced them, so a real run's
    // harness never learns their pids and prints no `exit` line for them.
    let mut unannounced: std::collections::BTreeSet<Pid> = std::collections::BTreeSet::new();
    for e in sim.trace().iter() {
        if let Event::Exit { pid, .. } = &e.kind {
            dead.insert(*pid);
        }
        if let Event::InitFailed { pid, .. } = &e.kind {
            unannounced.insert(*pid);
        }
        if let Event::Spawn {
            pid, id: Some(id), ..
        } = &e.kind
        {
            id_of_sup.insert(*pid, id.to_string());
        }
        let sup_id = |p: &Pid| id_of_sup.get(p).cloned().unwrap_or_else(|| "?".into());
        match &e.kind {
            Event::Started { id, .. } => lines.push(format!("started {id}")),
            Event::Exit {
                pid,
                id: Some(id),
                reason,
            } if !unannounced.contains(pid) => {
                lines.push(format!("exit {id} {}", reason.normalized()))
            }
            // The receiver reports its `ETS-TRANSFER` message (the harness's server prints
            // it as it handles it).
            Event::EtsTransfer {
                table,
                from,
                to,
                data,
                ..
            } => lines.push(format!(
                "ets_transfer {} {table} from {} {}",
                sup_id(to),
                sup_id(from),
                data.normalized()
            )),
            // A server's handle_info/2 reports a trapped `{:EXIT, ...}` and a `:DOWN` (the
            // harness prints them for processes it knows by id).
            Event::ExitMessage { pid, from, reason } if id_of_sup.contains_key(from) => lines
                .push(format!(
                    "trapped {} {} {}",
                    sup_id(pid),
                    sup_id(from),
                    reason.normalized()
                )),
            Event::DownMessage { pid, of, reason } if id_of_sup.contains_key(of) => {
                lines.push(format!(
                    "down {} {} {}",
                    sup_id(pid),
                    sup_id(of),
                    reason.normalized()
                ))
            }
            Event::StartError { sup, id, reason } => lines.push(format!(
                "start_error {} {id} {}",
                sup_id(sup),
                reason.normalized()
            )),
            // `which_children/1` and `count_children/1` as the harness prints their answers:
            // ids in OTP's order, `=undefined` / `=restarting` where there is no pid.
            Event::ChildrenListed { sup, children } => {
                let entries: Vec<String> = children
                    .iter()
                    .map(|(id, p)| match p {
                        crate::Term::Pid(_) => id.to_string(),
                        other => format!("{id}={}", other.normalized().trim_start_matches(':')),
                    })
                    .collect();
                lines.push(format!(
                    "which_children {} [{}]",
                    sup_id(sup),
                    entries.join(", ")
                ))
            }
            Event::ChildrenCounted {
                sup,
                specs,
                active,
                supervisors,
                workers,
            } => lines.push(format!(
                "count_children {} %{{active: {active}, specs: {specs}, supervisors: {supervisors}, workers: {workers}}}",
                sup_id(sup)
            )),
            Event::ChildTerminated {
                sup, id, reason, ..
            } => lines.push(format!(
                "child_terminated {} {id} {}",
                sup_id(sup),
                reason.normalized()
            )),
            Event::ShutdownError {
                sup, id, reason, ..
            } => lines.push(format!(
                "shutdown_error {} {id} {}",
                sup_id(sup),
                reason.normalized()
            )),
            // The term model cannot tell the atom `:DOWN` from an alias `DOWN` (both are
            // the bare name): the line writes it as Elixir prints the atom.
            Event::TaskLeftover { pid, msg } => lines.push(format!(
                "task_leftover {} {}",
                sup_id(pid),
                msg.normalized().replacen("{DOWN,", "{:DOWN,", 1)
            )),
            Event::TaskResult { pid, result, .. } => task_results.push(format!(
                "task_result {} {}",
                sup_id(pid),
                result.normalized()
            )),
            Event::ReachedMaxRestartIntensity { sup, .. } => {
                lines.push(format!("reached_max_restart_intensity {}", sup_id(sup)))
            }
            Event::Dropped {
                to,
                why: DropWhy::AliasInactive,
                ..
            } => lines.push(format!("late_reply {} dropped", sup_id(to))),
            Event::RegistryLookup {
                registry,
                key,
                pids,
            } => lines.push(registry_line(
                format!("lookup {registry} {}", key.normalized()),
                registry,
                pids,
                &id_of_sup,
                &dead,
            )),
            Event::RegistryDispatch {
                pid,
                registry,
                key,
                to,
            } => lines.push(registry_line(
                format!("dispatch {} {registry} {}", sup_id(pid), key.normalized()),
                registry,
                to,
                &id_of_sup,
                &dead,
            )),
            Event::PgMembers { scope, group, pids } => lines.push(registry_line(
                format!("members {scope} {}", group.normalized()),
                scope,
                pids,
                &id_of_sup,
                &dead,
            )),
            // ETS `set` order in a real run: sorted here and there.
            Event::PgWhichGroups { scope, groups } => {
                let mut g: Vec<String> = groups.iter().map(|t| t.normalized()).collect();
                g.sort();
                lines.push(format!("which_groups {scope} [{}]", g.join(", ")))
            }
            // Every event a gen_statem handled: where it was, what became of it (`keep`,
            // `->next`, `postpone`), its type and content.
            Event::StatemEvent { pid, step } => {
                let result = match (&step.next, step.postponed) {
                    (None, false) => "keep".to_string(),
                    (None, true) => "postpone".to_string(),
                    (Some(n), false) => format!("->{n}"),
                    (Some(n), true) => format!("postpone->{n}"),
                };
                lines.push(format!(
                    "statem {} {} {result} {} {}",
                    sup_id(pid),
                    step.state,
                    step.event.as_str(),
                    step.content.normalized()
                ))
            }
            Event::SupervisorReply {
                sup,
                request,
                result,
            } if ["start_child", "restart_child", "delete_child"]
                .iter()
                .any(|v| request.starts_with(v)) =>
            {
                let verb = request.split(' ').next().unwrap_or_default();
                let r = result.normalized().replace("_pid", "_");
                lines.push(format!("{verb} {} {r}", sup_id(sup)))
            }
            // A `:sys` request's answer, as the harness prints what the call returned;
            // statistics keep only the message counts (times and reductions are the
            // machine's).
            // What GenServer.stop / a stopping call returned to the harness: kept apart with
            // the task results and printed last by target (in a real run the caller's line
            // races with the supervisor's report of the server it stopped).
            Event::CommandResult(a) => task_results.push(format!(
                "{} {} {}{}",
                a.action,
                a.target,
                if a.returned { "" } else { "exit " },
                a.value.normalized()
            )),
            Event::SysReply {
                pid,
                request,
                reply,
            } => lines.push(format!(
                "sys {} {request} {}",
                sup_id(pid),
                crate::sys_debug::golden_reply(reply)
            )),
            // A `*DBG*` line, with pids (which differ between runs) as `_pid`.
            Event::PoolCheckout {
                pool,
                caller,
                worker,
                ..
            } => {
                let name = sim
                    .process(*pool)
                    .and_then(|p| p.name.as_deref().map(str::to_string))
                    .unwrap_or_else(|| sup_id(pool));
                lines.push(format!(
                    "checkout {name} {} [{}]",
                    sup_id(caller),
                    sup_id(worker)
                ))
            }
            Event::TelemetryCall {
                pid,
                handler,
                event,
                ..
            } if &**event == FAILURE_EVENT => {
                let mut now: Vec<&str> = attached.iter().map(String::as_str).collect();
                now.sort();
                let failed = last_failed.clone();
                lines.push(format!(
                    "telemetry {} {handler} {} failed={} attached=[{}]",
                    sup_id(pid),
                    event_text(event),
                    failed.as_deref().unwrap_or("?"),
                    now.join(", ")
                ))
            }
            Event::TelemetryCall {
                pid,
                handler,
                event,
                ..
            } => lines.push(format!(
                "telemetry {} {handler} {}",
                sup_id(pid),
                event_text(event)
            )),
            Event::TelemetryDetach {
                pid,
                handler,
                failed,
                ok,
            } => {
                if *ok {
                    attached.retain(|h| **h != **handler);
                }
                if *failed {
                    // The handler the next failure event reports.
                    last_failed = Some(handler.clone());
                }
                if !*failed && *pid == sim.harness() {
                    let result = if *ok { ":ok" } else { "{:error, :not_found}" };
                    lines.push(format!("telemetry_detach {handler} {result}"));
                }
            }
            Event::TelemetryAttach { handler, ok, .. } => {
                if *ok {
                    attached.push(handler.to_string());
                }
                let result = if *ok {
                    ":ok"
                } else {
                    "{:error, :already_exists}"
                };
                lines.push(format!("telemetry_attach {handler} {result}"));
            }
            // The first line of telemetry's ?LOG_ERROR (the stacktrace follows in the
            // real one), as its format prints a string id: `<<"id">>`.
            Event::TelemetryLog { pid, handler, .. } => lines.push(format!(
                "telemetry_log {} Handler <<{handler:?}>> has failed and has been detached. Class=error",
                sup_id(pid)
            )),
            Event::SysDbg { pid, line } => lines.push(format!(
                "dbg {} {}",
                sup_id(pid),
                crate::sys_debug::without_pids(line)
            )),
            _ => {}
        }
    }
    // The root is started by the harness, which gets no progress report: put it first as
    // the Elixir scripts do after start_link returns.
    lines.insert(0, format!("started {root_id}"));
    // Grouped by client or target (stable, so each one's results keep their order).
    task_results.sort_by(|a, b| a.split(' ').nth(1).cmp(&b.split(' ').nth(1)));
    lines.extend(task_results);
    // Each live agent's state at the end (`:sys.get_state/1`), by id: what its clients'
    // updates added up to.
    let mut states: Vec<String> = sim
        .processes()
        .filter_map(|p| match (&p.kind, &p.child_id) {
            (Kind::Worker(w), Some(id)) if matches!(w.state, WorkerState::Agent { .. }) => {
                Some(format!("state {id} {}", w.state_term().normalized()))
            }
            _ => None,
        })
        .collect();
    states.sort();
    lines.extend(states);
    lines.extend(partition_lines(sim));
    lines.extend(pool_lines(sim));
    lines.extend(telemetry_lines(sim));
    // Each persistent_term key stored at the end, by key (the table holds only the keys
    // the scenario names; the harness prints those).
    lines.extend(
        sim.persistent_terms()
            .into_iter()
            .map(|(k, v)| format!("persistent_term {k} {}", v.normalized())),
    );
    // Each `:counters` array of `counters_add` clients, by key: `:counters.get(ref, 1)`.
    lines.extend(
        sim.counters()
            .into_iter()
            .map(|(k, v)| format!("counters {k} {v}")),
    );
    lines
}

/// For each live PartitionSupervisor, by id: its partitions' ids as
/// `PartitionSupervisor.which_children/1` lists them, its `count_children/1`, and each
/// running partition's `DynamicSupervisor.count_children/1`.
fn partition_lines(sim: &Sim) -> Vec<String> {
    let mut sups: Vec<(&str, Pid)> = sim
        .processes()
        .filter_map(|p| match (&p.kind, &p.child_id) {
            (Kind::Supervisor(s), Some(id)) if s.partitioned => Some((&**id, p.pid)),
            _ => None,
        })
        .collect();
    sups.sort();
    let mut lines = Vec::new();
    for (id, pid) in sups {
        let children = sim.which_children(pid);
        let ids: Vec<&str> = children.iter().map(|c| &*c.id).collect();
        lines.push(format!("which_children {id} [{}]", ids.join(", ")));
        if let Some(c) = sim.count_children(pid) {
            lines.push(format!("count_children {id} {c}"));
        }
        for c in children {
            if let Some(counts) = c.pid.and_then(|p| sim.count_children(p)) {
                lines.push(format!("count_children {id}/{} {counts}", c.id));
            }
        }
    }
    lines
}

/// `pool <id> <:poolboy.status/1> [free workers, head first]` for each live pool, by id.
fn pool_lines(sim: &Sim) -> Vec<String> {
    let mut pools: Vec<(String, String)> = sim
        .processes()
        .filter_map(|p| match (&p.kind, &p.child_id) {
            (Kind::Supervisor(s), Some(id)) => s.pool.as_deref().map(|pool| {
                let id_of = |w: &Pid| {
                    s.children
                        .iter()
                        .find(|c| c.pid == Some(*w))
                        .map_or("?".to_string(), |c| c.id.to_string())
                };
                let free: Vec<String> = pool.free.iter().map(id_of).collect();
                let line = format!(
                    "pool {id} {{:{}, {}, {}, {}}} [{}]",
                    pool.state_name(),
                    pool.free.len(),
                    pool.overflow,
                    pool.lent.len(),
                    free.join(", ")
                );
                (id.to_string(), line)
            }),
            _ => None,
        })
        .collect();
    pools.sort();
    pools.into_iter().map(|(_, l)| l).collect()
}

/// With a `telemetry` section: `telemetry_handlers [ids]` (`:telemetry.list_handlers([])`,
/// one id per attached event, sorted: ETS order is the table's), then `metric <name>
/// <value>` for each handler's metric, in the scenario's order.
fn telemetry_lines(sim: &Sim) -> Vec<String> {
    if sim.scenario().telemetry.is_empty() {
        return Vec::new();
    }
    let view = sim.telemetry();
    let mut ids: Vec<&str> = sim.w.telemetry.rows().map(|(id, _)| id).collect();
    ids.sort();
    let mut lines = vec![format!("telemetry_handlers [{}]", ids.join(", "))];
    for h in &view.handlers {
        let Some(m) = &h.metric else { continue };
        let v = &m.value;
        let value = match m.kind {
            MetricKind::Counter => v.count.to_string(),
            MetricKind::Sum => v.sum.to_string(),
            MetricKind::LastValue => v.last.map_or("nil".into(), |x| x.to_string()),
            MetricKind::Summary => match (v.min, v.max) {
                (Some(min), Some(max)) => format!(
                    "%{{count: {}, max: {max}, min: {min}, sum: {}}}",
                    v.count, v.sum
                ),
                _ => "%{count: 0}".into(),
            },
        };
        lines.push(format!("metric {} {value}", m.name));
    }
    lines
}
