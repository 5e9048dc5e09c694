//! Live warnings: the syllabus's red flags, said in its words the moment their condition
//! holds in the running system, each with the lesson that explains it. A pure function of
//! the timeline at its current moment, so a warning is right after a scrub, and the same
//! moment always shows the same warnings.

use crate::model::logtext::node_label;
use otp_sim::trace::Event;
use otp_sim::{Pid, Time, TreeNode};
use std::collections::BTreeMap;

/// A mailbox this long that keeps growing marks a bottleneck.
pub const BACKLOG: usize = 10;
/// How far back a mailbox's growth is measured (virtual µs).
pub const GROWTH_WINDOW_US: Time = 1_000_000;
/// How far back timeouts are counted (virtual µs).
pub const TIMEOUT_WINDOW_US: Time = 5_000_000;
/// Most trace entries read per evaluation: a busy run's window is cut short rather than
/// slowing a frame.
pub const SCAN_LIMIT: usize = 200_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What it is about and which kind, stable while it holds (a key for the view).
    pub key: String,
    pub text: String,
    /// The lesson (slug) that explains it.
    pub lesson: &'static str,
}

/// What the trace says about the last moments before `now`.
#[derive(Default)]
struct Window {
    /// Per process: messages that arrived and messages taken, in the growth window.
    arrived: BTreeMap<Pid, u64>,
    taken: BTreeMap<Pid, u64>,
    /// The virtual time the growth window really covers (less at the start of a run, or
    /// when the scan limit cut it short).
    growth_span: Time,
    /// Per caller: calls that timed out in the timeout window.
    timeouts: BTreeMap<Pid, u64>,
}

fn window(trace: &otp_sim::Trace, now: Time) -> Window {
    let mut w = Window::default();
    let growth_from = now.saturating_sub(GROWTH_WINDOW_US);
    let timeout_from = now.saturating_sub(TIMEOUT_WINDOW_US);
    let mut oldest = now;
    let len = trace.len();
    for i in (0..len).rev().take(SCAN_LIMIT) {
        let Some(e) = trace.get(i) else { break };
        if e.t < timeout_from {
            break;
        }
        match e.kind {
            Event::Deliver { to, .. } if e.t >= growth_from => {
                *w.arrived.entry(to).or_default() += 1;
                oldest = e.t;
            }
            Event::Receive { pid, .. } if e.t >= growth_from => {
                *w.taken.entry(pid).or_default() += 1;
                oldest = e.t;
            }
            Event::CallTimeout { pid, .. } => *w.timeouts.entry(pid).or_default() += 1,
            _ => {}
        }
    }
    w.growth_span = now.saturating_sub(oldest.max(growth_from));
    w
}

/// The warnings that hold at the timeline's current moment, for the tree's nodes (`flat`,
/// in tree order), in tree order.
pub fn warnings(sim: &otp_sim::Sim, flat: &[&TreeNode]) -> Vec<Warning> {
    let now = sim.now();
    let w = window(sim.trace(), now);
    let mut out = Vec::new();
    for n in flat {
        let label = node_label(n);
        if let Some(i) = n.intensity
            && n.pid.is_some()
            && !i.gave_up
            && i.recent > 0
            && i.recent >= i.max_restarts
        {
            out.push(Warning {
                key: format!("intensity:{}", n.id),
                text: format!(
                    "One more crash within {s} s and {label} gives up ({r}/{m} restarts in {s} s): \
                     it exits, and its own supervisor has to deal with that.",
                    s = i.max_seconds,
                    r = i.recent,
                    m = i.max_restarts
                ),
                lesson: "supervision-strategies",
            });
        }
        let Some(pid) = n.pid else { continue };
        let arrived = w.arrived.get(&pid).copied().unwrap_or(0);
        let taken = w.taken.get(&pid).copied().unwrap_or(0);
        if n.mailbox >= BACKLOG && arrived > taken && w.growth_span > 0 {
            let rate = (arrived - taken) as f64 * 1e6 / w.growth_span as f64;
            out.push(Warning {
                key: format!("backlog:{}", n.id),
                text: format!(
                    "{label}'s mailbox grows faster than it drains (+{rate:.0} msg/s, {} waiting): \
                     every caller queues behind this one process — it is a bottleneck.",
                    n.mailbox
                ),
                lesson: "iron-law",
            });
        }
        if let Some(&t) = w.timeouts.get(&pid) {
            out.push(Warning {
                key: format!("timeouts:{}", n.id),
                text: format!(
                    "Calls from {label} are timing out ({t} in the last {} s): the process it \
                     calls cannot answer in time.",
                    TIMEOUT_WINDOW_US / 1_000_000
                ),
                lesson: "iron-law",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::frame::flatten;
    use crate::model::scenarios::BUILTIN;
    use otp_sim::{Scenario, Sim};

    /// The warnings at every `step` µs of a scenario's run, with their times.
    fn over_run(json: &str, step: Time) -> Vec<(Time, Warning)> {
        let sc = Scenario::from_json(json).expect("valid");
        let end = sc.duration_ms * 1000;
        let mut sim = Sim::new(&sc);
        let mut seen = Vec::new();
        let mut t = step;
        while t <= end {
            sim.run_until(t);
            let tree = sim.tree();
            let mut flat = Vec::new();
            flatten(&tree, &mut flat);
            seen.extend(warnings(&sim, &flat).into_iter().map(|w| (t, w)));
            t += step;
        }
        seen
    }

    fn lesson(name: &str) -> String {
        let path = format!(
            "{}/lessons/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).expect("the lesson scenario exists")
    }

    #[test]
    fn healthy_built_in_scenarios_raise_no_warning() {
        for (file, json) in BUILTIN {
            if *file == "intensity_gives_up.json" {
                continue; // made to give up: checked below
            }
            let seen = over_run(json, 50_000);
            assert!(seen.is_empty(), "{file}: {:?}", seen.first());
        }
    }

    #[test]
    fn a_supervisor_one_crash_from_giving_up_is_announced_before_it_gives_up() {
        let json = BUILTIN
            .iter()
            .find(|(f, _)| *f == "intensity_gives_up.json")
            .expect("built in")
            .1;
        let seen = over_run(json, 10_000);
        let first = seen
            .iter()
            .find(|(_, w)| w.key.starts_with("intensity:"))
            .expect("announced");
        assert!(first.1.text.contains("gives up"), "{}", first.1.text);
        // Announced before the supervisor reached its limit.
        let sc = Scenario::from_json(json).expect("valid");
        let mut sim = Sim::new(&sc);
        sim.run_until(sc.duration_ms * 1000);
        let gave_up = sim
            .trace()
            .rare_events()
            .find(|e| matches!(e.kind, Event::ReachedMaxRestartIntensity { .. }))
            .map(|e| e.t)
            .expect("it gives up");
        assert!(first.0 < gave_up, "{} vs {gave_up}", first.0);
    }

    #[test]
    fn a_growing_mailbox_is_called_a_bottleneck() {
        let seen = over_run(&lesson("iron_law_bottleneck"), 100_000);
        assert!(
            seen.iter()
                .any(|(_, w)| w.key.starts_with("backlog:") && w.lesson == "iron-law"),
            "{seen:?}"
        );
    }

    #[test]
    fn timed_out_calls_are_announced() {
        let seen = over_run(&lesson("calculator_genserver"), 100_000);
        assert!(
            seen.iter().any(|(_, w)| w.key.starts_with("timeouts:")),
            "{:?}",
            seen.iter().map(|(_, w)| &w.key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_same_moment_gives_the_same_warnings() {
        let json = lesson("iron_law_bottleneck");
        assert_eq!(over_run(&json, 250_000), over_run(&json, 250_000));
    }
}
