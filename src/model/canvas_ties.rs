//! The selected process's links and monitors on the canvas stage: which lines to paint
//! between the tree's cells and boxes, and what the "Not supervised" list beside the
//! canvas says of its entries. The SVG stage draws curves from `ties.rs`; the canvas has
//! no place for processes outside the tree (they are listed, not painted), so a tie to one
//! of them is painted towards that list, and the list names the tie in words.

use crate::model::ties::{Peers, TieKind};
use std::collections::HashMap;
use std::rc::Rc;

/// One end of a tie on the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// A process of the tree: its index in the frame's flattened tree (the canvas
    /// layout's index).
    Tree(usize),
    /// A process outside the tree, by child id: its entry in the list beside the canvas.
    Outside(Rc<str>),
}

/// A link (both ways) or a monitor (from the watcher to the watched) to paint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanvasTie {
    pub kind: TieKind,
    pub from: End,
    pub to: End,
}

/// At most this many lines are painted: a supervisor of 10,000 workers is linked to each
/// of them, and 10,000 lines over the blocks say less than the count the caption gives.
pub const MAX: usize = 300;

/// The ties to paint for the selected process, and how many more it has than `MAX`.
/// `index` finds a process of the tree by child id; a peer it does not find but that has
/// an id is outside the tree; the harness (no id) is not on the stage at all.
pub fn of(
    sel: End,
    peers: &Peers,
    index: impl Fn(&str) -> Option<usize>,
) -> (Vec<CanvasTie>, usize) {
    let end = |id: &Option<Rc<str>>| -> Option<End> {
        let id = id.as_ref()?;
        Some(index(id).map_or_else(|| End::Outside(id.clone()), End::Tree))
    };
    let all = peers
        .linked
        .iter()
        .filter_map(|p| end(&p.id).map(|e| (TieKind::Link, sel.clone(), e)))
        .chain(
            peers
                .monitors
                .iter()
                .filter_map(|p| end(&p.id).map(|e| (TieKind::Monitor, sel.clone(), e))),
        )
        .chain(
            peers
                .monitored_by
                .iter()
                .filter_map(|p| end(&p.id).map(|e| (TieKind::Monitor, e, sel.clone()))),
        )
        // Both ends outside the tree: nothing of it is on the canvas.
        .filter(|(_, a, b)| matches!(a, End::Tree(_)) || matches!(b, End::Tree(_)))
        .map(|(kind, from, to)| CanvasTie { kind, from, to });
    let mut out: Vec<CanvasTie> = Vec::new();
    let mut more = 0;
    for t in all {
        if out.len() < MAX {
            out.push(t);
        } else {
            more += 1;
        }
    }
    (out, more)
}

/// What the selected process is to each process outside the tree it is tied to, by id,
/// for the list beside the canvas ("linked", "monitored by it", "monitors it").
pub fn outside_roles(peers: &Peers) -> HashMap<Rc<str>, &'static str> {
    let mut m = HashMap::new();
    let mut put = |list: &[crate::model::ties::Peer], word: &'static str| {
        for p in list {
            if let Some(id) = &p.id {
                m.entry(id.clone()).or_insert(word);
            }
        }
    };
    put(&peers.linked, "linked to the selected process");
    put(&peers.monitors, "monitored by the selected process");
    put(&peers.monitored_by, "monitors the selected process");
    m
}

/// The caption's words for the ties: `None` when there are none.
pub fn words(peers: &Peers) -> Option<String> {
    let n = |v: &[crate::model::ties::Peer]| v.len();
    let (l, m, b) = (n(&peers.linked), n(&peers.monitors), n(&peers.monitored_by));
    if l + m + b == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if l > 0 {
        parts.push(format!("linked to {l}"));
    }
    if m > 0 {
        parts.push(format!("monitors {m}"));
    }
    if b > 0 {
        parts.push(format!("monitored by {b}"));
    }
    let mut text = format!("{} (drawn in purple, monitors dashed)", parts.join(", "));
    // The caption reads as a sentence whichever part comes first.
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ties::Peer;
    use otp_sim::Pid;

    fn peer(id: Option<&str>, n: u32) -> Peer {
        Peer {
            pid: Pid(n),
            id: id.map(Rc::from),
            label: Rc::from(id.unwrap_or("the outside world")),
        }
    }

    fn index(id: &str) -> Option<usize> {
        ["sup", "a", "b"].iter().position(|x| *x == id)
    }

    #[test]
    fn links_and_monitors_end_in_the_tree_or_at_the_list() {
        let peers = Peers {
            linked: vec![
                peer(Some("sup"), 1),
                peer(Some("spawned_1"), 9),
                peer(None, 0),
            ],
            monitors: vec![peer(Some("b"), 3)],
            monitored_by: vec![peer(Some("spawned_2"), 10)],
        };
        let (t, more) = of(End::Tree(1), &peers, index);
        assert_eq!(more, 0);
        assert_eq!(
            t,
            vec![
                CanvasTie {
                    kind: TieKind::Link,
                    from: End::Tree(1),
                    to: End::Tree(0)
                },
                CanvasTie {
                    kind: TieKind::Link,
                    from: End::Tree(1),
                    to: End::Outside("spawned_1".into())
                },
                CanvasTie {
                    kind: TieKind::Monitor,
                    from: End::Tree(1),
                    to: End::Tree(2)
                },
                // The watcher first: the outside process monitors the selected one.
                CanvasTie {
                    kind: TieKind::Monitor,
                    from: End::Outside("spawned_2".into()),
                    to: End::Tree(1)
                },
            ]
        );
        let roles = outside_roles(&peers);
        assert_eq!(
            roles.get("spawned_1"),
            Some(&"linked to the selected process")
        );
        assert_eq!(
            roles.get("spawned_2"),
            Some(&"monitors the selected process")
        );
        assert_eq!(
            words(&peers).as_deref(),
            Some("Linked to 3, monitors 1, monitored by 1 (drawn in purple, monitors dashed)")
        );
    }

    #[test]
    fn an_outside_process_selected_draws_only_its_ties_into_the_tree() {
        let peers = Peers {
            linked: vec![peer(Some("a"), 2), peer(Some("spawned_2"), 10)],
            ..Peers::default()
        };
        let (t, _) = of(End::Outside("spawned_1".into()), &peers, index);
        assert_eq!(
            t,
            vec![CanvasTie {
                kind: TieKind::Link,
                from: End::Outside("spawned_1".into()),
                to: End::Tree(1)
            }]
        );
    }

    #[test]
    fn a_supervisor_of_thousands_paints_at_most_max_lines_and_counts_the_rest() {
        let peers = Peers {
            linked: (0..1_000).map(|i| peer(Some("a"), i)).collect(),
            ..Peers::default()
        };
        let (t, more) = of(End::Tree(0), &peers, index);
        assert_eq!((t.len(), more), (MAX, 1_000 - MAX));
        assert_eq!(words(&Peers::default()), None);
        let watched = Peers {
            monitored_by: vec![peer(Some("a"), 2)],
            ..Peers::default()
        };
        assert_eq!(
            words(&watched).as_deref(),
            Some("Monitored by 1 (drawn in purple, monitors dashed)")
        );
    }
}
