//! The `:counters` arrays as the inspector shows them: for a `counters_add` client, the
//! array it adds to (made with `:counters.new(1, [:atomics])` and kept in
//! `:persistent_term` under its key), the value of its one slot now, and how many adds
//! this client made. Read from `Sim::counters`; pure, tested natively.

use otp_sim::process::{Kind, WorkerState};
use otp_sim::scenario::ClientMode;
use otp_sim::{Pid, Sim};
use std::rc::Rc;

/// The array a selected `counters_add` client adds to.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientCounter {
    /// The `:persistent_term` key the array is kept under.
    pub key: Rc<str>,
    /// `:counters.get(ref, 1)` now: every client's adds.
    pub value: i64,
    /// The adds this client made so far.
    pub own_adds: u64,
}

/// The counter of `pid` when it is a live `counters_add` client (`None` otherwise).
pub fn of_client(sim: &Sim, pid: Pid) -> Option<ClientCounter> {
    let p = sim.process(pid)?;
    let Kind::Worker(w) = &p.kind else {
        return None;
    };
    let WorkerState::Client(c) = &w.state else {
        return None;
    };
    if c.mode != ClientMode::CountersAdd {
        return None;
    }
    let value = sim
        .counters()
        .into_iter()
        .find(|(k, _)| *k == c.target)
        .map_or(0, |(_, v)| v);
    Some(ClientCounter {
        key: c.target.clone(),
        value,
        own_adds: c.requests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_sim::Scenario;

    const JSON: &str = include_str!("../../lessons/scenarios/counters_vs_pterm.json");

    fn sim_at(ms: u64) -> Sim {
        let mut sim = Sim::new(&Scenario::from_json(JSON).expect("valid"));
        sim.run_until(ms * 1000);
        sim
    }

    #[test]
    fn an_adder_shows_the_shared_array_and_its_own_adds() {
        let sim = sim_at(10);
        let a = sim.pid_of("adder_1").expect("alive");
        let c = of_client(&sim, a).expect("a counters_add client");
        assert_eq!((&*c.key, c.value, c.own_adds), ("hits_c", 0, 0));
        let sim = sim_at(3000);
        let mut total = 0;
        for id in ["adder_1", "adder_2", "adder_3", "adder_4"] {
            let c = of_client(&sim, sim.pid_of(id).expect("alive")).expect("an adder");
            assert_eq!(c.value, 20, "every add counts (the lesson's answer)");
            total += c.own_adds;
        }
        assert_eq!(
            total, 20,
            "the adds of the four add up to the array's value"
        );
    }

    #[test]
    fn other_processes_have_no_counter() {
        let sim = sim_at(3000);
        for id in ["handler_1", "app_sup"] {
            assert_eq!(of_client(&sim, sim.pid_of(id).expect("alive")), None);
        }
    }
}
