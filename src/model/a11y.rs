//! The accessible description of the SVG stage's tree (`role="tree"`): one item per process
//! with the sentence a screen reader reads. Owns the items and how they are brought up to
//! date. The items form a tree of `Rc`s: an update replaces only the items whose sentence
//! changed and the path above them, and every other item keeps its `Rc`, so the view (one
//! memoised component per item, props compared by pointer) re-renders only those.
//!
//! Why item by item: rebuilding the whole list at once rewrote ~200 labels in one frame
//! every 2 s while a busy tree played (mailbox counts change all the time), one of the
//! frames over 16 ms. Now, while playing, each frame brings at most `per_frame` items up to
//! date, those whose process changed state or pid first (a crash is described at once),
//! then the others in turn from where the last frame stopped; paused, all at once.

use crate::model::logtext::node_label;
use otp_sim::scenario::Strategy;
use otp_sim::{NodeKind, NodeState, Pid, Term, TreeNode};
use std::rc::Rc;

/// What an item's sentence is made of: equal facts, equal sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub label: Rc<str>,
    pub kind: NodeKind,
    pub agent: bool,
    pub strategy: Option<Strategy>,
    pub pid: Option<Pid>,
    pub state: NodeState,
    pub mailbox: usize,
    pub restarts: u32,
    pub last_exit: Option<Term>,
}

impl Facts {
    pub fn of(n: &TreeNode) -> Facts {
        Facts {
            label: node_label(n),
            kind: n.kind,
            agent: n.agent,
            strategy: n.strategy,
            pid: n.pid,
            state: n.state,
            mailbox: n.mailbox,
            restarts: n.restarts,
            last_exit: n.last_exit.as_ref().map(|e| e.reason.clone()),
        }
    }

    /// The sentence a screen reader reads for the item.
    pub fn sentence(&self) -> String {
        format!(
            "{} ({}), {}, {}, mailbox {}, restarts {}{}",
            self.label,
            match self.kind {
                NodeKind::Worker if self.agent => "Agent (a GenServer)".to_string(),
                NodeKind::Worker => "worker".to_string(),
                _ => format!(
                    "supervisor, {}",
                    self.strategy.map(|s| s.as_str()).unwrap_or("one_for_one")
                ),
            },
            self.pid
                .map_or_else(|| "no pid".to_string(), |p| p.to_string()),
            state_words(self.state),
            self.mailbox,
            self.restarts,
            self.last_exit
                .as_ref()
                .map(|r| format!(", last exit {}", r.reason_label()))
                .unwrap_or_default()
        )
    }
}

/// A process's state in words (the stage's legend and the accessible tree say the same).
pub fn state_words(s: NodeState) -> &'static str {
    match s {
        NodeState::Waiting => "waiting for a message",
        NodeState::Busy => "busy: handling a message",
        NodeState::Runnable => "runnable: has messages, waiting for a scheduler",
        NodeState::Suspended => "suspended (:sys.suspend)",
        NodeState::Starting => "starting (init/1 running)",
        NodeState::Terminating => "terminating: its supervisor is stopping it",
        NodeState::Restarting => "crashed: its supervisor is restarting it",
        NodeState::Terminated => "terminated by its supervisor (shutdown)",
        NodeState::Dead => "dead, not restarted",
        NodeState::Exited => "exited: its supervisor has not handled the exit yet",
        NodeState::NotStarted => "not started",
    }
}

/// One item of the accessible tree.
#[derive(Debug, PartialEq)]
pub struct Item {
    pub id: Rc<str>,
    pub facts: Facts,
    pub sentence: Rc<str>,
    pub children: Vec<Rc<Item>>,
}

impl Item {
    /// The item and everything under it, described as the tree is now.
    pub fn fresh(n: &TreeNode) -> Rc<Item> {
        let facts = Facts::of(n);
        Rc::new(Item {
            id: n.id.clone(),
            sentence: Rc::from(facts.sentence()),
            facts,
            children: n.children.iter().map(Item::fresh).collect(),
        })
    }

    /// Items in the tree, this one included.
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(|c| c.count()).sum::<usize>()
    }
}

/// The accessible tree and where the next frame's updates start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct A11y {
    pub root: Option<Rc<Item>>,
    /// Preorder position the turn-taking pass starts from on the next update.
    cursor: usize,
}

impl A11y {
    /// Brings the items up to date with `tree`: all of them (`per_frame` `None`), or at
    /// most `per_frame` items, those whose state or pid changed first, then the others in
    /// turn. A tree of another shape (a process added or removed, an id changed) is
    /// described again whole: that is rare and follows a user's action or a restart.
    /// Returns whether anything changed.
    pub fn update(&mut self, tree: &TreeNode, per_frame: Option<usize>) -> bool {
        let Some(old) = self.root.clone() else {
            self.root = Some(Item::fresh(tree));
            return true;
        };
        if !same_shape(&old, tree) {
            self.root = Some(Item::fresh(tree));
            self.cursor = 0;
            return true;
        }
        // Which items (by preorder position) are stale, and which of them changed status.
        let mut stale: Vec<(usize, bool)> = Vec::new();
        let mut pos = 0;
        find_stale(&old, tree, &mut pos, &mut stale);
        if stale.is_empty() {
            return false;
        }
        let chosen: Vec<usize> = match per_frame {
            None => stale.iter().map(|&(p, _)| p).collect(),
            Some(k) => self.choose(&stale, pos, k.max(1)),
        };
        let mut pos = 0;
        self.root = Some(renew(&old, tree, &mut pos, &chosen));
        true
    }

    /// Up to `k` stale positions: status changes first (in tree order), then the others
    /// from the cursor on, wrapping; the cursor moves past the last one taken in turn.
    fn choose(&mut self, stale: &[(usize, bool)], len: usize, k: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = stale.iter().filter(|s| s.1).map(|s| s.0).take(k).collect();
        let start = stale.partition_point(|s| s.0 < self.cursor % len.max(1));
        let mut last = None;
        for i in 0..stale.len() {
            if chosen.len() >= k {
                break;
            }
            let (p, status) = stale[(start + i) % stale.len()];
            if !status {
                chosen.push(p);
                last = Some(p);
            }
        }
        if let Some(p) = last {
            self.cursor = p + 1;
        }
        otp_sim::sort::sort(&mut chosen);
        chosen
    }
}

/// Same ids in the same places?
fn same_shape(item: &Item, n: &TreeNode) -> bool {
    item.id == n.id
        && item.children.len() == n.children.len()
        && item
            .children
            .iter()
            .zip(&n.children)
            .all(|(i, c)| same_shape(i, c))
}

/// Collects (preorder position, status changed) of every item whose facts differ.
fn find_stale(item: &Item, n: &TreeNode, pos: &mut usize, out: &mut Vec<(usize, bool)>) {
    let f = &item.facts;
    // Compared field by field, cheapest first, without building the new facts.
    let differs = f.mailbox != n.mailbox
        || f.state != n.state
        || f.pid != n.pid
        || f.restarts != n.restarts
        || f.kind != n.kind
        || f.agent != n.agent
        || f.strategy != n.strategy
        || f.label != node_label(n)
        || f.last_exit.as_ref() != n.last_exit.as_ref().map(|e| &e.reason);
    if differs {
        out.push((*pos, f.state != n.state || f.pid != n.pid));
    }
    *pos += 1;
    for (i, c) in item.children.iter().zip(&n.children) {
        find_stale(i, c, pos, out);
    }
}

/// The item with the `chosen` positions (sorted) described again; an item with nothing
/// chosen at or under it is the same `Rc`.
fn renew(item: &Rc<Item>, n: &TreeNode, pos: &mut usize, chosen: &[usize]) -> Rc<Item> {
    let here = *pos;
    let size = item.count();
    *pos += size;
    let lo = chosen.partition_point(|&p| p < here);
    if chosen.get(lo).is_none_or(|&p| p >= here + size) {
        return item.clone();
    }
    let (facts, sentence) = if chosen[lo] == here {
        let f = Facts::of(n);
        let s = Rc::from(f.sentence());
        (f, s)
    } else {
        (item.facts.clone(), item.sentence.clone())
    };
    let mut at = here + 1;
    let children = item
        .children
        .iter()
        .zip(&n.children)
        .map(|(i, c)| renew(i, c, &mut at, chosen))
        .collect();
    Rc::new(Item {
        id: item.id.clone(),
        facts,
        sentence,
        children,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_sim::scenario::{Restart, Shutdown};

    fn node(id: &str, children: Vec<TreeNode>) -> TreeNode {
        TreeNode {
            id: id.into(),
            kind: if children.is_empty() {
                NodeKind::Worker
            } else {
                NodeKind::Supervisor
            },
            pid: Some(Pid(80)),
            name: None,
            state: NodeState::Waiting,
            restart: Restart::Permanent,
            shutdown: Shutdown::Timeout(5000),
            restarts: 0,
            last_exit: None,
            mailbox: 0,
            strategy: None,
            intensity: None,
            children,
            agent: false,
            registry: false,
            pg_scope: false,
            partitions: None,
            queued_starts: 0,
            statem: false,
            statem_state: None,
            pool: None,
        }
    }

    fn tree(workers: usize) -> TreeNode {
        node(
            "root",
            (0..workers)
                .map(|i| node(&format!("w{i}"), vec![]))
                .collect(),
        )
    }

    fn sentences(i: &Item, out: &mut Vec<Rc<str>>) {
        out.push(i.sentence.clone());
        for c in &i.children {
            sentences(c, out);
        }
    }

    #[test]
    fn nothing_changed_keeps_every_rc() {
        let t = tree(5);
        let mut a = A11y::default();
        assert!(a.update(&t, None));
        let before = a.root.clone().unwrap();
        assert!(!a.update(&t, Some(3)));
        assert!(!a.update(&t, None));
        assert!(Rc::ptr_eq(&before, a.root.as_ref().unwrap()));
    }

    #[test]
    fn one_change_renews_that_item_and_its_ancestors_only() {
        let mut t = tree(5);
        let mut a = A11y::default();
        a.update(&t, None);
        let before = a.root.clone().unwrap();
        t.children[2].mailbox = 7;
        assert!(a.update(&t, Some(4)));
        let after = a.root.clone().unwrap();
        assert!(!Rc::ptr_eq(&before, &after), "the path to it is new");
        for (i, (b, n)) in before.children.iter().zip(&after.children).enumerate() {
            assert_eq!(Rc::ptr_eq(b, n), i != 2, "item {i}");
        }
        assert!(after.children[2].sentence.contains("mailbox 7"));
        assert_eq!(*after.children[2], *Item::fresh(&t.children[2]));
    }

    #[test]
    fn while_playing_a_few_items_per_frame_and_all_in_turn() {
        let mut t = tree(10);
        let mut a = A11y::default();
        a.update(&t, None);
        for c in &mut t.children {
            c.mailbox = 3;
        }
        let fresh = Item::fresh(&t);
        let mut frames = 0;
        while a.root.as_deref() != Some(&*fresh) {
            let before = a.root.clone().unwrap();
            assert!(a.update(&t, Some(3)));
            let renewed = before
                .children
                .iter()
                .zip(&a.root.as_ref().unwrap().children)
                .filter(|(b, n)| !Rc::ptr_eq(b, n))
                .count();
            assert!(renewed <= 3, "{renewed} items in one frame");
            frames += 1;
            assert!(frames <= 4, "every item within ceil(10 / 3) frames");
        }
        assert_eq!(frames, 4);
        let (mut got, mut want) = (Vec::new(), Vec::new());
        sentences(a.root.as_ref().unwrap(), &mut got);
        sentences(&fresh, &mut want);
        assert_eq!(got, want, "the same sentences as a whole rebuild");
    }

    #[test]
    fn a_change_of_state_goes_before_the_others() {
        let mut t = tree(10);
        let mut a = A11y::default();
        a.update(&t, None);
        for c in &mut t.children {
            c.mailbox = 1;
        }
        t.children[9].state = NodeState::Restarting;
        t.children[9].pid = None;
        a.update(&t, Some(2));
        let root = a.root.clone().unwrap();
        assert!(root.children[9].sentence.contains("crashed"), "at once");
        assert_eq!(root.children[9].facts, Facts::of(&t.children[9]));
        assert_eq!(root.children[0].facts, Facts::of(&t.children[0]));
        assert_eq!(root.children[1].facts.mailbox, 0, "waits its turn");
    }

    #[test]
    fn another_shape_is_described_again_whole() {
        let mut a = A11y::default();
        a.update(&tree(3), None);
        let t = tree(4);
        assert!(a.update(&t, Some(1)));
        assert_eq!(*a.root.clone().unwrap(), *Item::fresh(&t));
    }

    #[test]
    fn the_sentence_names_kind_pid_state_mailbox_restarts_and_last_exit() {
        let mut n = node("cache", vec![]);
        n.name = Some("Cache".into());
        n.mailbox = 4;
        n.restarts = 2;
        assert_eq!(
            Facts::of(&n).sentence(),
            format!(
                "Cache (worker), {}, waiting for a message, mailbox 4, restarts 2",
                Pid(80)
            )
        );
    }
}
