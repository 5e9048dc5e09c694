//! The trace projected onto what a real OTP run can observe (progress and supervisor
//! reports, and each child's exit reason as a monitor sees it), in the line format of the
//! conformance golden files (`crates/sim/tests/conformance`). What task clients' awaits
//! and yields returned comes last, per client in order: in a real run those lines race
//! with the Task.Supervisor's reports, so the harness collects them apart too. Last, the
//! state of each live agent at the end, by id. Each event a gen_statem handles is a
//! `statem` line, in order with the rest (the harness's callback module reports them).
//! Then each persistent_term key the run left stored, by key.

use crate::process::{Kind, WorkerState};
use crate::sim::kernel::Sim;
use crate::term::Pid;
use crate::trace::{DropWhy, Event};
use std::collections::BTreeMap;

/// Runs `sim` to the end of its scenario and returns the golden lines.
pub fn golden_lines(sim: &Sim) -> Vec<String> {
    let root_id = sim.scenario().tree.id().to_string();
    let mut id_of_sup: BTreeMap<Pid, String> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut task_results = Vec::new();
    for e in sim.trace().iter() {
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
                id: Some(id),
                reason,
                ..
            } => lines.push(format!("exit {id} {}", reason.normalized())),
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
            } if request.starts_with("start_child") => {
                let r = result.normalized().replace("_pid", "_");
                lines.push(format!("start_child {} {r}", sup_id(sup)))
            }
            _ => {}
        }
    }
    // The root is started by the harness, which gets no progress report: put it first as
    // the Elixir scripts do after start_link returns.
    lines.insert(0, format!("started {root_id}"));
    // Grouped by client (stable, so each client's results keep their order).
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
    // Each persistent_term key stored at the end, by key (the table holds only the keys
    // the scenario names; the harness prints those).
    lines.extend(
        sim.persistent_terms()
            .into_iter()
            .map(|(k, v)| format!("persistent_term {k} {}", v.normalized())),
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
