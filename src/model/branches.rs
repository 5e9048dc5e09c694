//! The branching timeline: acting at a past moment keeps the old future as a branch
//! instead of throwing it away. A branch is only its user commands (the simulation is
//! deterministic, so the commands and the scenario rebuild it exactly) and how far it was
//! played; switching to one rebuilds its timeline and goes to the same moment. Also the
//! comparison of two branches at one moment: which processes differ, and how.

use crate::model::logtext::{fmt_time, node_label};
use crate::model::timeline::{Timeline, UserCommand};
use crate::model::walk::flatten;
use otp_sim::{Time, TreeNode};
use std::rc::Rc;

/// Most branches kept: a trainer's handful, well within a share link.
pub const MAX_BRANCHES: usize = 12;

#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// The branch it left (`None`: the run as the scenario wrote it).
    pub parent: Option<usize>,
    /// The moment it left its parent, and the first thing that differed.
    pub fork_t: Time,
    pub label: Rc<str>,
    /// Every user command of this branch, shared prefix included, in order.
    pub commands: Vec<UserCommand>,
    /// How far it has been played.
    pub horizon: Time,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Branches {
    pub list: Vec<Branch>,
    pub current: usize,
}

impl Default for Branches {
    fn default() -> Self {
        Branches {
            list: vec![Branch {
                parent: None,
                fork_t: 0,
                label: Rc::from("as written"),
                commands: Vec::new(),
                horizon: 0,
            }],
            current: 0,
        }
    }
}

impl Branches {
    /// Records where the current branch stands (its commands and how far it went).
    pub fn save(&mut self, tl: &Timeline) {
        if let Some(b) = self.list.get_mut(self.current) {
            b.commands = tl.commands().to_vec();
            b.horizon = b.horizon.max(tl.horizon).max(tl.now());
        }
    }

    /// Whether acting now would cut off a recorded future (and so must fork).
    pub fn would_fork(tl: &Timeline) -> bool {
        tl.now() < tl.horizon || tl.commands().iter().any(|c| c.t > tl.now())
    }

    /// After a command at a past moment: the old future stays in the current branch (saved
    /// by the caller before acting) and the timeline's new one becomes a new branch.
    /// Returns false (and forks nothing) at the limit.
    pub fn fork(&mut self, tl: &Timeline, fork_t: Time, label: String) -> bool {
        if self.list.len() >= MAX_BRANCHES {
            return false;
        }
        self.list.push(Branch {
            parent: Some(self.current),
            fork_t,
            label: label.into(),
            commands: tl.commands().to_vec(),
            horizon: tl.horizon.max(tl.now()),
        });
        self.current = self.list.len() - 1;
        true
    }

    /// The timeline of branch `i`, rebuilt from its commands and played to `t` (at most as
    /// far as the branch went; its recorded extent is restored, so its future is there to
    /// scrub to).
    pub fn rebuild(&self, i: usize, scenario: &otp_sim::Scenario, t: Time) -> Option<Timeline> {
        let b = self.list.get(i)?;
        let mut tl = Timeline::with_commands(scenario.clone(), b.commands.clone());
        tl.run_to(b.horizon, u64::MAX);
        tl.seek(t.min(b.horizon));
        Some(tl)
    }

    /// A branch's name for the timeline strip: its number and what it changed.
    pub fn name(&self, i: usize) -> String {
        match self.list.get(i) {
            Some(b) if b.parent.is_some() => {
                format!("{} · {} at {}", i + 1, b.label, fmt_time(b.fork_t))
            }
            Some(b) => format!("{} · {}", i + 1, b.label),
            None => String::new(),
        }
    }
}

/// One process that differs between two branches at the same moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub id: Rc<str>,
    pub label: Rc<str>,
    /// What it is in this branch, and in the other.
    pub here: Rc<str>,
    pub there: Rc<str>,
}

/// The moment compared: the other branch, and the processes that differ (tree order of
/// this branch first, then those only the other has).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Comparison {
    pub other: usize,
    pub at: Time,
    pub differences: Vec<Difference>,
    pub same: usize,
}

fn facts(n: &TreeNode) -> String {
    let alive = if n.state.is_alive() {
        n.pid
            .map_or_else(|| "running".to_string(), |p| format!("alive {p}"))
    } else {
        n.state.as_str().to_string()
    };
    format!("{alive}, mailbox {}, restarts {}", n.mailbox, n.restarts)
}

/// Which processes differ between two trees at the same moment: alive or not (and under
/// which pid), mailbox length, restarts so far.
pub fn compare(here: &TreeNode, there: &TreeNode, other: usize, at: Time) -> Comparison {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flatten(here, &mut a);
    flatten(there, &mut b);
    // Sorted lists searched by halving rather than B-tree maps: the same answers, and no
    // B-tree code in the first load for them. Ids can repeat in a tree (the same child id
    // under two supervisors); as a map built from the list would, the last one counts.
    let mut theirs: Vec<(&str, &TreeNode)> = b.iter().map(|n| (&*n.id, *n)).collect();
    otp_sim::sort::sort_by(&mut theirs, |x, y| x.0.cmp(y.0));
    let their = |id: &str| {
        let end = theirs.partition_point(|(k, _)| *k <= id);
        end.checked_sub(1)
            .map(|i| theirs[i])
            .filter(|(k, _)| *k == id)
            .map(|(_, n)| n)
    };
    let mut out = Comparison {
        other,
        at,
        ..Comparison::default()
    };
    let absent: Rc<str> = Rc::from("not in this tree");
    for n in &a {
        let mine = facts(n);
        let other_facts = their(&n.id).map(facts);
        if other_facts.as_deref() == Some(mine.as_str()) {
            out.same += 1;
            continue;
        }
        out.differences.push(Difference {
            id: n.id.clone(),
            label: node_label(n),
            here: mine.into(),
            there: other_facts.map_or(absent.clone(), Rc::from),
        });
    }
    let mut mine: Vec<&str> = a.iter().map(|n| &*n.id).collect();
    otp_sim::sort::sort(&mut mine);
    for m in &b {
        if mine.binary_search(&&*m.id).is_err() {
            out.differences.push(Difference {
                id: m.id.clone(),
                label: node_label(m),
                here: absent.clone(),
                there: facts(m).into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_sim::{Command, Scenario};

    const JSON: &str = include_str!("../../scenarios/cache_one_for_one.json");

    fn kill() -> Command {
        Command::Exit {
            reason: ":kill".into(),
        }
    }

    /// Plays to the end, goes back to `back`, and kills `who` there.
    fn fork_at(tl: &mut Timeline, br: &mut Branches, back: Time, who: &str) {
        br.save(tl);
        assert!(tl.seek(back));
        let fork = Branches::would_fork(tl);
        br.save(tl);
        let pid = tl.sim.pid_of(who).expect("alive");
        tl.command(pid, kill()).expect("acts");
        if fork {
            br.fork(tl, back, format!("kill {who}"));
        } else {
            br.save(tl);
        }
    }

    fn digest(tl: &Timeline) -> String {
        tl.sim
            .trace()
            .iter()
            .map(|e| format!("{} {:?}", e.t, e.kind))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_past_action_forks_and_each_branch_comes_back_exactly() {
        let sc = Scenario::from_json(JSON).expect("valid");
        let mut tl = Timeline::new(sc.clone());
        let mut br = Branches::default();
        tl.run_to(3_000_000, u64::MAX);
        let original = digest(&tl);
        // Kill the cache at 0.5 s: a fork, the scenario's own run kept as branch 0.
        fork_at(&mut tl, &mut br, 500_000, "cache");
        assert_eq!((br.list.len(), br.current), (2, 1));
        tl.run_to(3_000_000, u64::MAX);
        let first = digest(&tl);
        assert_ne!(first, original);
        br.save(&tl);
        // Back to 0.3 s in branch 1, kill a client instead: branch 2, whose parent is 1.
        fork_at(&mut tl, &mut br, 300_000, "client_a");
        assert_eq!(
            (br.list.len(), br.current, br.list[2].parent),
            (3, 2, Some(1))
        );
        tl.run_to(3_000_000, u64::MAX);
        let second = digest(&tl);
        br.save(&tl);
        // Switching back rebuilds each branch byte for byte, at the moment asked.
        for (i, want) in [(0, &original), (1, &first), (2, &second)] {
            let mut back = br.rebuild(i, &sc, 3_000_000).expect("rebuilt");
            assert_eq!(back.now(), 3_000_000);
            back.run_to(3_000_000, u64::MAX);
            assert_eq!(&digest(&back), want, "branch {i}");
        }
        // At a moment before the branches differ, the trees are the same.
        let a = br.rebuild(0, &sc, 200_000).expect("rebuilt");
        let b = br.rebuild(1, &sc, 200_000).expect("rebuilt");
        let c = compare(&a.sim.tree(), &b.sim.tree(), 1, 200_000);
        assert!(c.differences.is_empty(), "{c:?}");
        // After, the killed cache differs (restarted, new pid).
        let a = br.rebuild(0, &sc, 900_000).expect("rebuilt");
        let b = br.rebuild(1, &sc, 900_000).expect("rebuilt");
        let c = compare(&a.sim.tree(), &b.sim.tree(), 1, 900_000);
        let cache = c
            .differences
            .iter()
            .find(|d| &*d.id == "cache")
            .expect("the cache differs");
        assert!(cache.there.contains("restarts 1"), "{cache:?}");
        assert!(c.same > 0);
    }

    #[test]
    fn acting_at_the_edge_of_the_run_does_not_fork() {
        let sc = Scenario::from_json(JSON).expect("valid");
        let mut tl = Timeline::new(sc);
        tl.run_to(400_000, u64::MAX);
        assert!(!Branches::would_fork(&tl));
        tl.run_to(900_000, u64::MAX);
        tl.seek(400_000);
        assert!(Branches::would_fork(&tl));
    }

    #[test]
    fn names_say_what_changed_and_when() {
        let mut br = Branches::default();
        let tl = Timeline::new(Scenario::from_json(JSON).expect("valid"));
        assert!(br.fork(&tl, 1_000_000, "kill cache".into()));
        assert_eq!(br.name(0), "1 · as written");
        assert_eq!(br.name(1), "2 · kill cache at 1.000 s");
        for _ in 0..MAX_BRANCHES {
            br.fork(&tl, 0, "x".into());
        }
        assert_eq!(br.list.len(), MAX_BRANCHES);
    }
}
