//! Rearranging the draft's tree on the editor's stage: where a dragged process would land
//! for a pointer position (over a supervisor: its last child; beside a process: just before
//! or after it among its siblings), and the keyboard's moves of the selected process
//! (Alt+← / Alt+→ earlier or later among its siblings, Alt+↑ out to its grandparent, Alt+↓
//! into the supervisor just before it). Pure: it turns positions and keys into the
//! editor's own `EditOp::Move` / `EditOp::Reorder`, so undo and validation are the editor's.

use crate::model::edit_ops::{EditOp, NodePath, node};
use otp_sim::ChildSpec;

/// A process of the draft as drawn on the stage, in screen pixels: its tree path, its
/// centre, its half width and half height.
#[derive(Clone, Debug, PartialEq)]
pub struct Spot {
    pub path: NodePath,
    pub x: f64,
    pub y: f64,
    pub hw: f64,
    pub hh: f64,
}

/// Where a drop puts the dragged process: under `to_parent`, before its child `index`
/// (indexes as they are before the move, as `EditOp::Move` takes them).
#[derive(Clone, Debug, PartialEq)]
pub struct Drop {
    pub to_parent: NodePath,
    pub index: usize,
}

impl Drop {
    pub fn op(&self, from: &NodePath) -> EditOp {
        EditOp::Move {
            from: from.clone(),
            to_parent: self.to_parent.clone(),
            index: self.index,
        }
    }
}

/// A supervisor whose children the editor arranges (the others start theirs at run time).
pub fn takes_children(n: &ChildSpec) -> bool {
    matches!(
        n,
        ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_)
    )
}

/// The path of the process with this child id (ids are unique in a valid scenario).
pub fn path_of(tree: &ChildSpec, id: &str) -> Option<NodePath> {
    fn go(n: &ChildSpec, id: &str, at: &mut NodePath) -> bool {
        if n.id() == id {
            return true;
        }
        if !takes_children(n) {
            return false;
        }
        for (i, c) in n.children().iter().enumerate() {
            at.push(i);
            if go(c, id, at) {
                return true;
            }
            at.pop();
        }
        false
    }
    let mut at = Vec::new();
    go(tree, id, &mut at).then_some(at)
}

/// How far beside a process (in its own half sizes) a drop still counts as next to it.
const REACH: f64 = 2.5;

/// Where dropping the process at `from` at pointer position (`x`, `y`) moves it, if
/// anywhere: never onto itself or into its own subtree, never a move that changes nothing.
pub fn drop_at(tree: &ChildSpec, spots: &[Spot], from: &NodePath, x: f64, y: f64) -> Option<Drop> {
    if from.is_empty() || !x.is_finite() || !y.is_finite() {
        return None;
    }
    let candidates = spots
        .iter()
        .filter(|s| !s.path.starts_with(from) && node(tree, &s.path).is_some());
    // Over a supervisor that takes children: its last child.
    let over = candidates.clone().find(|s| {
        (x - s.x).abs() <= s.hw
            && (y - s.y).abs() <= s.hh
            && node(tree, &s.path).is_some_and(takes_children)
    });
    let drop = if let Some(s) = over {
        let n = node(tree, &s.path).map_or(0, |n| n.children().len());
        Drop {
            to_parent: s.path.clone(),
            index: n,
        }
    } else {
        // Beside a process: the nearest within reach, before or after it by the side.
        let near = candidates
            .filter(|s| !s.path.is_empty() && s.hw > 0.0 && s.hh > 0.0)
            .map(|s| {
                let d = ((x - s.x) / s.hw).hypot((y - s.y) / s.hh);
                (d, s)
            })
            .filter(|(d, _)| *d <= REACH)
            .min_by(|a, b| a.0.total_cmp(&b.0))?
            .1;
        let (&last, parent) = near.path.split_last()?;
        if !node(tree, parent).is_some_and(takes_children) {
            return None;
        }
        Drop {
            to_parent: parent.to_vec(),
            index: if x < near.x { last } else { last + 1 },
        }
    };
    (!is_noop(from, &drop)).then_some(drop)
}

/// The drop leaves the process where it is.
fn is_noop(from: &NodePath, d: &Drop) -> bool {
    match from.split_last() {
        Some((&last, parent)) => {
            parent == d.to_parent.as_slice() && (d.index == last || d.index == last + 1)
        }
        None => true,
    }
}

/// The keyboard's move of the selected process for Alt + an arrow key, if it can move that
/// way: ←/→ earlier/later among its siblings, ↑ out to just after its supervisor, ↓ into
/// the supervisor just before it (as its last child).
pub fn key_move(tree: &ChildSpec, at: &NodePath, key: &str) -> Option<EditOp> {
    let (&last, parent) = at.split_last()?;
    let siblings = node(tree, parent)?.children().len();
    match key {
        "ArrowLeft" if last > 0 => Some(EditOp::Reorder {
            at: at.clone(),
            delta: -1,
        }),
        "ArrowRight" if last + 1 < siblings => Some(EditOp::Reorder {
            at: at.clone(),
            delta: 1,
        }),
        "ArrowUp" => {
            let (&p_last, grand) = parent.split_last()?;
            Some(EditOp::Move {
                from: at.clone(),
                to_parent: grand.to_vec(),
                index: p_last + 1,
            })
        }
        "ArrowDown" if last > 0 => {
            let mut before = parent.to_vec();
            before.push(last - 1);
            let sup = node(tree, &before).filter(|n| takes_children(n))?;
            Some(EditOp::Move {
                from: at.clone(),
                to_parent: before,
                index: sup.children().len(),
            })
        }
        _ => None,
    }
}

/// Where the process at `at` is after `op` moved it (to keep it selected).
pub fn path_after(at: &NodePath, op: &EditOp) -> Option<NodePath> {
    match op {
        EditOp::Reorder { at, delta } => {
            let mut p = at.clone();
            let l = p.last_mut()?;
            *l = (*l as i64 + i64::from(*delta)).max(0) as usize;
            Some(p)
        }
        EditOp::Move {
            from,
            to_parent,
            index,
        } => {
            let (&last, from_parent) = from.split_last()?;
            let mut to = to_parent.clone();
            if to.len() > from_parent.len()
                && to.starts_with(from_parent)
                && to[from_parent.len()] > last
            {
                to[from_parent.len()] -= 1;
            }
            let mut index = *index;
            if to.as_slice() == from_parent && index > last {
                index -= 1;
            }
            to.push(index);
            Some(to)
        }
        _ => Some(at.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit_ops::apply;
    use otp_sim::Scenario;

    /// app_sup: [db_sup: [db, repo], cache, client_a]
    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"name":"t","duration_ms":1000,"tree":{"type":"supervisor","id":"app_sup","strategy":"one_for_one","children":[
              {"type":"supervisor","id":"db_sup","strategy":"one_for_one","children":[
                 {"type":"worker","id":"db","behaviour":{"kind":"server"}},
                 {"type":"worker","id":"repo","behaviour":{"kind":"server"}}]},
              {"type":"worker","id":"cache","behaviour":{"kind":"server"}},
              {"type":"worker","id":"client_a","behaviour":{"kind":"server"}}]}}"#,
        )
        .unwrap()
    }

    /// Laid out as the stage would: a row per level, 100 px apart.
    fn spots() -> Vec<Spot> {
        let s = |path: &[usize], x: f64, y: f64, sup: bool| Spot {
            path: path.to_vec(),
            x,
            y,
            hw: if sup { 40.0 } else { 12.0 },
            hh: 12.0,
        };
        vec![
            s(&[], 200.0, 0.0, true),
            s(&[0], 100.0, 100.0, true),
            s(&[0, 0], 60.0, 200.0, false),
            s(&[0, 1], 140.0, 200.0, false),
            s(&[1], 200.0, 100.0, false),
            s(&[2], 300.0, 100.0, false),
        ]
    }

    fn ids(sc: &Scenario) -> String {
        fn go(n: &ChildSpec, out: &mut String) {
            out.push_str(n.id());
            if !n.children().is_empty() {
                out.push('[');
                for c in n.children() {
                    go(c, out);
                    out.push(' ');
                }
                out.push(']');
            }
        }
        let mut s = String::new();
        go(&sc.tree, &mut s);
        s
    }

    fn moved(from: &[usize], x: f64, y: f64) -> Option<String> {
        let mut sc = scenario();
        let from = from.to_vec();
        let d = drop_at(&sc.tree, &spots(), &from, x, y)?;
        let op = d.op(&from);
        let id = node(&sc.tree, &from).unwrap().id().to_string();
        apply(&mut sc, &op).unwrap();
        // The moved process is where path_after says.
        assert_eq!(
            node(&sc.tree, &path_after(&from, &op).unwrap())
                .unwrap()
                .id(),
            id
        );
        Some(ids(&sc))
    }

    #[test]
    fn a_drop_over_a_supervisor_makes_it_the_last_child() {
        assert_eq!(
            moved(&[2], 105.0, 95.0).as_deref(),
            Some("app_sup[db_sup[db repo client_a ] cache ]")
        );
        // Onto the root from below: out of db_sup, to the end.
        assert_eq!(
            moved(&[0, 0], 190.0, 5.0).as_deref(),
            Some("app_sup[db_sup[repo ] cache client_a db ]")
        );
    }

    #[test]
    fn a_drop_beside_a_process_puts_it_before_or_after() {
        // Left of client_a: between cache and client_a — where it already is: no move.
        assert_eq!(moved(&[1], 280.0, 100.0), None);
        // Right of client_a: after it.
        assert_eq!(
            moved(&[1], 320.0, 100.0).as_deref(),
            Some("app_sup[db_sup[db repo ] client_a cache ]")
        );
        // Left of db, among db_sup's children.
        assert_eq!(
            moved(&[2], 45.0, 200.0).as_deref(),
            Some("app_sup[db_sup[client_a db repo ] cache ]")
        );
        // db after repo.
        assert_eq!(
            moved(&[0, 0], 160.0, 200.0).as_deref(),
            Some("app_sup[db_sup[repo db ] cache client_a ]")
        );
    }

    #[test]
    fn never_into_itself_nowhere_far_off_and_never_the_root() {
        let sc = scenario();
        let s = spots();
        // db_sup onto its own child.
        assert_eq!(drop_at(&sc.tree, &s, &vec![0], 60.0, 200.0), None);
        // Onto itself.
        assert_eq!(drop_at(&sc.tree, &s, &vec![0], 100.0, 100.0), None);
        // Far from everything.
        assert_eq!(drop_at(&sc.tree, &s, &vec![1], 900.0, 900.0), None);
        // The root does not move; bad numbers go nowhere.
        assert_eq!(drop_at(&sc.tree, &s, &vec![], 60.0, 200.0), None);
        assert_eq!(drop_at(&sc.tree, &s, &vec![1], f64::NAN, 0.0), None);
        // Spots for paths the draft no longer has are ignored.
        let stale = vec![Spot {
            path: vec![7, 3],
            x: 500.0,
            y: 500.0,
            hw: 10.0,
            hh: 10.0,
        }];
        assert_eq!(drop_at(&sc.tree, &stale, &vec![1], 500.0, 500.0), None);
    }

    #[test]
    fn ids_find_their_paths() {
        let sc = scenario();
        assert_eq!(path_of(&sc.tree, "app_sup"), Some(vec![]));
        assert_eq!(path_of(&sc.tree, "repo"), Some(vec![0, 1]));
        assert_eq!(path_of(&sc.tree, "client_a"), Some(vec![2]));
        assert_eq!(path_of(&sc.tree, "nobody"), None);
    }

    #[test]
    fn alt_arrows_move_the_selected_process() {
        let run = |at: &[usize], key: &str| -> Option<String> {
            let mut sc = scenario();
            let at = at.to_vec();
            let op = key_move(&sc.tree, &at, key)?;
            let id = node(&sc.tree, &at).unwrap().id().to_string();
            apply(&mut sc, &op).unwrap();
            assert_eq!(
                node(&sc.tree, &path_after(&at, &op).unwrap()).unwrap().id(),
                id
            );
            Some(ids(&sc))
        };
        assert_eq!(
            run(&[1], "ArrowLeft").as_deref(),
            Some("app_sup[cache db_sup[db repo ] client_a ]")
        );
        assert_eq!(
            run(&[1], "ArrowRight").as_deref(),
            Some("app_sup[db_sup[db repo ] client_a cache ]")
        );
        assert_eq!(run(&[2], "ArrowRight"), None);
        assert_eq!(run(&[0], "ArrowLeft"), None);
        // Out of db_sup: just after it.
        assert_eq!(
            run(&[0, 1], "ArrowUp").as_deref(),
            Some("app_sup[db_sup[db ] repo cache client_a ]")
        );
        // Into the supervisor before it.
        assert_eq!(
            run(&[1], "ArrowDown").as_deref(),
            Some("app_sup[db_sup[db repo cache ] client_a ]")
        );
        // The one before is a worker: nowhere to go down into; the root's children cannot go up.
        assert_eq!(run(&[2], "ArrowDown"), None);
        assert_eq!(run(&[1], "ArrowUp"), None);
        assert_eq!(run(&[], "ArrowLeft"), None);
        assert_eq!(run(&[1], "x"), None);
    }
}
