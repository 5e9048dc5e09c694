//! Proof that a prediction is true: runs a scenario to the demo's moment, plays the reveal
//! window in the simulator, and checks every expectation against the trace and the final
//! tree. The content test runs this for every predict in the lessons and the quiz.

use crate::model::Expect;
use otp_sim::trace::Event;
use otp_sim::{Scenario, Sim, Time, TreeNode, parse_term};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The outcome of a reveal window, as sets a human can read in an error message.
#[derive(Debug, Default)]
pub struct Observed {
    pub restarted: BTreeSet<String>,
    pub gave_up: BTreeSet<String>,
    pub timeouts: u64,
    /// Child id → the states its gen_statem entered during the reveal, in order.
    pub entered: BTreeMap<String, Vec<String>>,
    /// Child id of a pool → the most callers that waited in its checkout queue at once.
    pub pool_queue: BTreeMap<String, u32>,
}

/// Runs `json` to `run_to_ms`, checks `select` exists there, plays `play_ms`, and checks
/// `expect`. Returns every false expectation.
pub fn verify(
    json: &str,
    run_to_ms: u64,
    select: Option<&str>,
    play_ms: u64,
    expect: &Expect,
) -> Result<Observed, Vec<String>> {
    let scenario = Scenario::from_json(json).map_err(|e| {
        e.iter()
            .map(|e| format!("invalid scenario: {e}"))
            .collect::<Vec<_>>()
    })?;
    let mut sim = Sim::new(&scenario);
    let t0: Time = run_to_ms.saturating_mul(1000);
    sim.run_until(t0);
    let mut problems = Vec::new();
    if let Some(sel) = select
        && find(&sim.tree(), sel).is_none()
    {
        problems.push(format!("`select`: no process `{sel}` at {run_to_ms} ms"));
    }
    // Ids started before the window: a start of one of them inside it is a restart.
    let mut started: HashSet<String> = HashSet::new();
    let mark = sim.trace().len();
    for e in sim.trace().range(0..mark) {
        if let Event::Started { id, .. } = &e.kind {
            started.insert(id.to_string());
        }
    }
    let passes_before = sim.persistent_term_gc_passes();
    sim.run_until(t0.saturating_add(play_ms.saturating_mul(1000)));
    let mut seen = Observed::default();
    for e in sim.trace().range(mark..usize::MAX) {
        match &e.kind {
            Event::Started { id, .. } if !started.insert(id.to_string()) => {
                seen.restarted.insert(id.to_string());
            }
            // The event names the child whose exit was one too many; the supervisor that
            // gave up is `sup`, known by the id it was spawned under.
            Event::ReachedMaxRestartIntensity { sup, .. } => {
                let id = sim.trace().iter().find_map(|e| match &e.kind {
                    Event::Spawn {
                        pid, id: Some(id), ..
                    } if pid == sup => Some(id.to_string()),
                    _ => None,
                });
                seen.gave_up.insert(id.unwrap_or_else(|| sup.to_string()));
            }
            Event::CallTimeout { .. } => seen.timeouts += 1,
            Event::PoolWait { pool, queue, .. } => {
                let id = sim.trace().iter().find_map(|e| match &e.kind {
                    Event::Spawn {
                        pid, id: Some(id), ..
                    } if pid == pool => Some(id.to_string()),
                    _ => None,
                });
                if let Some(id) = id {
                    let q = seen.pool_queue.entry(id).or_default();
                    *q = (*q).max(*queue);
                }
            }
            Event::StateChange { pid, to, .. } => {
                let id = sim.trace().iter().find_map(|e| match &e.kind {
                    Event::Spawn {
                        pid: p,
                        id: Some(id),
                        ..
                    } if p == pid => Some(id.to_string()),
                    _ => None,
                });
                if let Some(id) = id {
                    seen.entered.entry(id).or_default().push(to.to_string());
                }
            }
            _ => {}
        }
    }
    let tree = sim.tree();
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    if let Some(want) = &expect.restarted
        && set(want) != seen.restarted
    {
        problems.push(format!(
            "`restarted`: expected {want:?}, the simulator restarted {:?}",
            seen.restarted
        ));
    }
    if let Some(want) = &expect.gave_up
        && set(want) != seen.gave_up
    {
        problems.push(format!(
            "`gave_up`: expected {want:?}, the supervisors that gave up were {:?}",
            seen.gave_up
        ));
    }
    for id in expect.alive.iter().flatten() {
        if !find(&tree, id).is_some_and(|n| n.state.is_alive()) {
            problems.push(format!("`alive`: `{id}` is not alive at the end"));
        }
    }
    for id in expect.dead.iter().flatten() {
        if find(&tree, id).is_some_and(|n| n.state.is_alive()) {
            problems.push(format!("`dead`: `{id}` is alive at the end"));
        }
    }
    for (id, &n) in expect.mailbox_at_least.iter().flatten() {
        let len = find(&tree, id).map_or(0, |p| p.mailbox);
        if len < n {
            problems.push(format!(
                "`mailbox_at_least`: `{id}` holds {len} messages, expected ≥ {n}"
            ));
        }
    }
    for (id, &n) in expect.mailbox_at_most.iter().flatten() {
        let len = find(&tree, id).map_or(0, |p| p.mailbox);
        if len > n {
            problems.push(format!(
                "`mailbox_at_most`: `{id}` holds {len} messages, expected ≤ {n}"
            ));
        }
    }
    for (id, &n) in expect.pool_queue_at_least.iter().flatten() {
        let q = seen.pool_queue.get(id).copied().unwrap_or(0);
        if q < n {
            problems.push(format!(
                "`pool_queue_at_least`: `{id}`'s checkout queue reached {q}, expected ≥ {n}"
            ));
        }
    }
    for (id, &n) in expect.pool_queue_at_most.iter().flatten() {
        let q = seen.pool_queue.get(id).copied().unwrap_or(0);
        if q > n {
            problems.push(format!(
                "`pool_queue_at_most`: `{id}`'s checkout queue reached {q}, expected ≤ {n}"
            ));
        }
    }
    telemetry(&sim, expect, &mut problems);
    if let Some(n) = expect.timeouts_at_least
        && seen.timeouts < n
    {
        problems.push(format!(
            "`timeouts_at_least`: {} calls timed out, expected ≥ {n}",
            seen.timeouts
        ));
    }
    if let Some(n) = expect.timeouts_at_most
        && seen.timeouts > n
    {
        problems.push(format!(
            "`timeouts_at_most`: {} calls timed out, expected ≤ {n}",
            seen.timeouts
        ));
    }
    for (id, want) in expect.state.iter().flatten() {
        let want = parse_term(want).map_or_else(|_| want.clone(), |t| t.to_string());
        let got = find(&tree, id)
            .and_then(|n| n.pid)
            .and_then(|pid| sim.info(pid))
            .map(|i| i.state.to_string());
        match got {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!(
                "`state`: `{id}`'s state is {got} at the end, expected {want}"
            )),
            None => problems.push(format!("`state`: `{id}` is not alive at the end")),
        }
    }
    for (what, want) in expect.registered.iter().flatten() {
        let (reg, key) = what.split_once(' ').unwrap_or((what.as_str(), ""));
        let key = parse_term(key).map_or_else(|_| key.to_string(), |t| t.to_string());
        let got: Option<Vec<String>> =
            sim.registries()
                .into_iter()
                .find(|r| r.name == reg)
                .map(|r| {
                    r.entries
                        .into_iter()
                        .filter(|e| e.key == key)
                        .flat_map(|e| e.pids)
                        .map(|p| {
                            let id = p.id.unwrap_or_else(|| p.pid.to_string());
                            if p.alive { id } else { format!("{id}(dead)") }
                        })
                        .collect()
                });
        match got {
            Some(got) if &got == want => {}
            Some(got) => problems.push(format!(
                "`registered`: {what} holds {got:?} at the end, expected {want:?}"
            )),
            None => problems.push(format!("`registered`: no live registry `{reg}` at the end")),
        }
    }
    for (what, want) in expect.members.iter().flatten() {
        let (scope, group) = what.split_once(' ').unwrap_or((what.as_str(), ""));
        let group = parse_term(group).map_or_else(|_| group.to_string(), |t| t.to_string());
        let got: Option<Vec<String>> =
            sim.pg_scopes()
                .into_iter()
                .find(|s| s.name == scope)
                .map(|s| {
                    s.groups
                        .into_iter()
                        .filter(|g| g.group == group)
                        .flat_map(|g| g.members)
                        .map(|m| {
                            let id = m.id.unwrap_or_else(|| m.pid.to_string());
                            if m.alive { id } else { format!("{id}(dead)") }
                        })
                        .collect()
                });
        match got {
            Some(got) if &got == want => {}
            Some(got) => problems.push(format!(
                "`members`: {what} lists {got:?} at the end, expected {want:?}"
            )),
            None => problems.push(format!("`members`: no live pg scope `{scope}` at the end")),
        }
    }
    for (id, want) in expect.entered.iter().flatten() {
        let got = seen.entered.get(id).cloned().unwrap_or_default();
        if &got != want {
            problems.push(format!(
                "`entered`: `{id}` entered {got:?} during the reveal, expected {want:?}"
            ));
        }
    }
    for (key, want) in expect.persistent_term.iter().flatten() {
        let want = parse_term(want).map_or_else(|_| want.clone(), |t| t.to_string());
        let got = sim
            .persistent_terms()
            .into_iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v.to_string());
        match got {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!(
                "`persistent_term`: `{key}` holds {got} at the end, expected {want}"
            )),
            None => problems.push(format!(
                "`persistent_term`: no key `{key}` at the end, expected {want}"
            )),
        }
    }
    for (key, &want) in expect.counters.iter().flatten() {
        let got = sim
            .counters()
            .into_iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v);
        if got != Some(want) {
            problems.push(format!(
                "`counters`: `{key}` holds {} at the end, expected {want}",
                got.map_or_else(
                    || "nothing (no counters_add client added to it)".to_string(),
                    |v| v.to_string()
                )
            ));
        }
    }
    if let Some(want) = expect.persistent_term_gc_passes {
        let got = sim.persistent_term_gc_passes() - passes_before;
        if got != want {
            problems.push(format!(
                "`persistent_term_gc_passes`: {got} global passes during the reveal, expected {want}"
            ));
        }
    }
    for (id, &us) in expect.read_max_at_least.iter().flatten() {
        let got = find(&tree, id)
            .and_then(|n| n.pid)
            .and_then(|pid| sim.info(pid))
            .and_then(|i| i.reads)
            .map(|r| r.max_us);
        match got {
            Some(got) if got >= us => {}
            Some(got) => problems.push(format!(
                "`read_max_at_least`: `{id}`'s slowest read took {got} µs, expected ≥ {us}"
            )),
            None => problems.push(format!("`read_max_at_least`: `{id}` is no live reader")),
        }
    }
    if problems.is_empty() {
        Ok(seen)
    } else {
        Err(problems)
    }
}

/// A node by child id or registered name.
pub fn find<'a>(n: &'a TreeNode, key: &str) -> Option<&'a TreeNode> {
    if &*n.id == key || n.name.as_deref() == Some(key) {
        return Some(n);
    }
    n.children.iter().find_map(|c| find(c, key))
}

/// The `telemetry_*` expectations, from `Sim::telemetry` at the end of the reveal.
fn telemetry(sim: &Sim, expect: &Expect, problems: &mut Vec<String>) {
    let view = sim.telemetry();
    let handler = |id: &str| view.handlers.iter().find(|h| h.id == id);
    for id in expect.telemetry_attached.iter().flatten() {
        match handler(id) {
            Some(h) if h.attached => {}
            Some(_) => problems.push(format!(
                "`telemetry_attached`: `{id}` is detached at the end"
            )),
            None => problems.push(format!("`telemetry_attached`: no handler `{id}`")),
        }
    }
    for id in expect.telemetry_detached.iter().flatten() {
        match handler(id) {
            Some(h) if !h.attached => {}
            Some(_) => problems.push(format!(
                "`telemetry_detached`: `{id}` is attached at the end"
            )),
            None => problems.push(format!("`telemetry_detached`: no handler `{id}`")),
        }
    }
    for (id, &n) in expect.telemetry_calls_at_least.iter().flatten() {
        let calls = handler(id).map_or(0, |h| h.calls);
        if calls < n {
            problems.push(format!(
                "`telemetry_calls_at_least`: `{id}` was called {calls} times, expected ≥ {n}"
            ));
        }
    }
    for (id, &n) in expect.telemetry_calls_at_most.iter().flatten() {
        let calls = handler(id).map_or(0, |h| h.calls);
        if calls > n {
            problems.push(format!(
                "`telemetry_calls_at_most`: `{id}` was called {calls} times, expected ≤ {n}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_FOR_ALL: &str = r#"{"name": "t", "seed": 1, "tree": {"type": "supervisor", "id": "sup",
        "strategy": "one_for_all", "children": [
          {"type": "worker", "id": "a"}, {"type": "worker", "id": "b"}]},
        "faults": [{"at_ms": 100, "target": "a", "action": "exit", "reason": ":kill"}]}"#;

    #[test]
    fn true_expectations_pass() {
        let e = Expect {
            restarted: Some(vec!["a".into(), "b".into()]),
            gave_up: Some(vec![]),
            alive: Some(vec!["a".into(), "b".into()]),
            ..Expect::default()
        };
        let seen = verify(ONE_FOR_ALL, 50, Some("a"), 500, &e).unwrap();
        assert_eq!(seen.restarted.len(), 2);
    }

    #[test]
    fn false_expectations_fail_with_what_happened() {
        let e = Expect {
            restarted: Some(vec!["a".into()]),
            dead: Some(vec!["b".into()]),
            ..Expect::default()
        };
        let err = verify(ONE_FOR_ALL, 50, Some("nobody"), 500, &e).unwrap_err();
        assert_eq!(err.len(), 3, "{err:?}");
        assert!(err[1].contains("\"b\""), "{err:?}");
    }

    #[test]
    fn state_is_the_agents_value_at_the_end() {
        let json = r#"{"name": "t", "seed": 1, "tree": {"type": "supervisor", "id": "sup",
            "children": [
              {"type": "worker", "id": "a", "name": "A", "behaviour": {"kind": "agent", "initial": "40"}},
              {"type": "worker", "id": "c", "behaviour": {"kind": "client", "target": "A",
                "mode": "agent_update", "interval_us": 100000}}]}}"#;
        let mut e = Expect {
            state: Some([("a".to_string(), "42".to_string())].into()),
            ..Expect::default()
        };
        verify(json, 0, None, 250, &e).unwrap();
        e.state = Some([("a".to_string(), "43".to_string())].into());
        let err = verify(json, 0, None, 250, &e).unwrap_err();
        assert!(err[0].contains("state is 42"), "{err:?}");
    }

    #[test]
    fn the_window_starts_at_run_to() {
        // Everything happens before 200 ms: nothing restarts inside the window.
        let e = Expect {
            restarted: Some(vec![]),
            ..Expect::default()
        };
        verify(ONE_FOR_ALL, 200, None, 500, &e).unwrap();
    }
}
