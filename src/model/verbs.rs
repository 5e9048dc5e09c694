//! Which of the simulator's newer verbs the inspector offers for the selected process, and
//! the commands they send: `GenServer.stop/3`, a call that `handle_call` answers with
//! `{:stop, reason, reply, state}`, and `:ets.give_away/3` / `:ets.setopts(t, {:heir, …})`
//! for the tables it owns. Offered only where the simulator models them (the same rules
//! as `gen_stop::refusal` and `ets_give::refused`), so a button never sends a command
//! the run would only record as missed. The commands themselves: `commands.rs`.

use otp_sim::process::{Kind, WorkerState};
use otp_sim::{Pid, Sim};
use std::rc::Rc;

/// A table the selected process owns, and who would inherit it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedTable {
    pub name: Rc<str>,
    /// The heir's child id (or pid, when it has no id), if one is set.
    pub heir: Option<Rc<str>>,
}

/// What the inspector can ask of the selected process.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Verbs {
    /// `GenServer.stop/3` (server, counter and Agent workers).
    pub stop: bool,
    /// A call answered with `{:stop, …}` (server and counter workers).
    pub call_stop: bool,
    /// Its named ETS tables (server and counter workers own them and make the calls).
    pub tables: Vec<OwnedTable>,
    /// The other live processes a table can go to, by child id, in tree order.
    pub others: Vec<Rc<str>>,
}

/// Reasons offered for `GenServer.stop/3`, with what each means for the supervisor.
pub const STOP_REASONS: &[(&str, &str)] = &[
    (
        ":normal",
        "A normal exit: a permanent child is restarted all the same; a transient or temporary one is not, and nothing is logged as an error.",
    ),
    (
        ":shutdown",
        "Counts as normal for restart decisions (a transient child stays down), yet a permanent child is restarted.",
    ),
    (
        ":boom",
        "Any other reason is abnormal: terminate/2 runs, the exit is logged, and a permanent or transient child is restarted.",
    ),
];

/// The verbs for `pid` now (`None`: not a live process the simulator has).
pub fn verbs(sim: &Sim, pid: Pid, tree_order: &[(Rc<str>, Option<Pid>)]) -> Option<Verbs> {
    let p = sim.process(pid)?;
    let state = match &p.kind {
        Kind::Worker(w) => Some(&w.state),
        _ => None,
    };
    let server_or_counter = matches!(
        state,
        Some(WorkerState::Server { .. } | WorkerState::Counter { .. })
    );
    let agent = matches!(state, Some(WorkerState::Agent { .. }));
    let id_of = |who: Pid| {
        tree_order
            .iter()
            .find(|(_, p)| *p == Some(who))
            .map_or_else(|| Rc::from(who.to_string().as_str()), |(id, _)| id.clone())
    };
    // A lean simulator (the first-load bundle's) has no ETS tables.
    let tables = if otp_sim::EXTRAS && server_or_counter {
        sim.ets_tables()
            .into_iter()
            .filter(|t| t.owner == pid)
            .map(|t| OwnedTable {
                name: Rc::from(t.name.as_str()),
                heir: t.heir.map(|(h, _)| id_of(h)),
            })
            .collect()
    } else {
        Vec::new()
    };
    // A target must be found again by its id when the command runs (`Sim::pid_of`).
    let others = tree_order
        .iter()
        .filter(|(id, p)| p.is_some_and(|p| p != pid) && sim.pid_of(id) == *p)
        .map(|(id, _)| id.clone())
        .collect();
    Some(Verbs {
        stop: server_or_counter || agent,
        call_stop: server_or_counter,
        tables,
        others,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::commands::{give_away, set_heir};
    use otp_sim::Scenario;

    const ETS: &str = include_str!("../../lessons/scenarios/ets_owner_dies.json");
    const CACHE: &str = include_str!("../../scenarios/cache_one_for_one.json");

    fn order(sim: &Sim) -> Vec<(Rc<str>, Option<Pid>)> {
        let mut flat = Vec::new();
        let tree = sim.tree();
        crate::model::walk::flatten(&tree, &mut flat);
        flat.iter().map(|n| (n.id.clone(), n.pid)).collect()
    }

    fn sim_of(json: &str, ms: u64) -> Sim {
        let mut sim = Sim::new(&Scenario::from_json(json).expect("valid"));
        sim.run_until(ms * 1000);
        sim
    }

    #[test]
    fn a_counter_can_be_stopped_and_a_client_cannot() {
        let sim = sim_of(CACHE, 200);
        let o = order(&sim);
        let cache = verbs(&sim, sim.pid_of("cache").expect("alive"), &o).expect("live");
        assert!(cache.stop && cache.call_stop);
        assert!(cache.tables.is_empty(), "it owns no table");
        assert_eq!(&*cache.others[0], "app_sup");
        assert!(!cache.others.iter().any(|i| &**i == "cache"));
        let client = verbs(&sim, sim.pid_of("client_a").expect("alive"), &o).expect("live");
        assert!(!client.stop && !client.call_stop);
        let sup = verbs(&sim, sim.pid_of("app_sup").expect("alive"), &o).expect("live");
        assert_eq!(
            sup,
            Verbs {
                others: sup.others.clone(),
                ..Verbs::default()
            }
        );
    }

    #[test]
    fn the_owner_lists_its_table_and_its_heir_once_set() {
        let mut sim = sim_of(ETS, 100);
        let o = order(&sim);
        let (owner, t) = sim
            .ets_tables()
            .into_iter()
            .map(|t| (t.owner, t.name))
            .next()
            .expect("a table");
        let v = verbs(&sim, owner, &o).expect("live");
        assert_eq!(
            v.tables,
            vec![OwnedTable {
                name: Rc::from(t.as_str()),
                heir: None
            }]
        );
        let heir = v.others.last().expect("someone else").clone();
        sim.apply(owner, &set_heir(&t, &heir)).expect("sent");
        sim.run_until(sim.now() + 50_000);
        let v = verbs(&sim, owner, &o).expect("live");
        assert_eq!(v.tables[0].heir.as_deref(), Some(&*heir));
        sim.apply(owner, &give_away(&t, &heir)).expect("sent");
        sim.run_until(sim.now() + 50_000);
        let v = verbs(&sim, owner, &order(&sim)).expect("live");
        assert!(v.tables.is_empty(), "given away");
        let to = sim.pid_of(&heir).expect("alive");
        assert_eq!(sim.ets_tables()[0].owner, to);
    }
}
