//! A static Supervisor's children as `Supervisor.which_children/1` lists them, in OTP's
//! order, with the child-API calls each one allows now: `terminate_child` while it runs,
//! `restart_child` and `delete_child` once it is stopped and kept (pid `:undefined`).
//! Pure: read from `Sim::which_children`; the inspector draws it and sends the calls.

use otp_sim::{Command, Sim, TreeNode, WhichChild};
use std::rc::Rc;

/// One listed child and what may be done with it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub id: Rc<str>,
    /// `#PID<…>`, `:undefined` or `:restarting`, as OTP prints the second element.
    pub pid: String,
    /// `:worker` or `:supervisor`.
    pub kind: &'static str,
    /// The calls that would succeed now (`{:ok, …}`), in the order the buttons show.
    pub calls: Vec<Command>,
}

/// The children of `node` if it is a live static Supervisor (the child API's
/// `restart_child` / `delete_child` exist only there: a DynamicSupervisor has no specs to
/// keep), with `count_children/1` printed as Elixir prints it.
pub fn children(sim: &Sim, node: &TreeNode) -> Option<(Vec<ChildRow>, String)> {
    if node.kind != otp_sim::NodeKind::Supervisor || node.partitions.is_some() {
        return None;
    }
    let pid = node.pid?;
    let counts = sim.count_children(pid)?.to_string();
    let rows = sim.which_children(pid).iter().map(row).collect();
    Some((rows, counts))
}

fn row(c: &WhichChild) -> ChildRow {
    let id = c.id.to_string();
    let (pid, calls) = match (c.pid, c.restarting) {
        (Some(p), _) => (p.to_string(), vec![Command::TerminateChild { id }]),
        (None, true) => (":restarting".to_string(), Vec::new()),
        (None, false) => (
            ":undefined".to_string(),
            vec![
                Command::RestartChild { id: id.clone() },
                Command::DeleteChild { id },
            ],
        ),
    };
    ChildRow {
        id: c.id.clone(),
        pid,
        kind: if c.supervisor {
            ":supervisor"
        } else {
            ":worker"
        },
        calls,
    }
}

/// A call's label on its button, in Elixir's words.
pub fn call_label(c: &Command) -> &'static str {
    match c {
        Command::TerminateChild { .. } => "terminate_child",
        Command::RestartChild { .. } => "restart_child",
        Command::DeleteChild { .. } => "delete_child",
        _ => "call",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timeline::Timeline;
    use crate::model::walk::flatten;
    use otp_sim::{Scenario, Time};

    fn node_at(tl: &mut Timeline, t: Time, id: &str) -> TreeNode {
        tl.run_to(t, u64::MAX);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        flat.iter()
            .find(|n| &*n.id == id)
            .map(|n| (*n).clone())
            .expect("node")
    }

    #[test]
    fn a_terminated_child_can_be_restarted_or_deleted_and_a_running_one_terminated() {
        let json = crate::model::scenarios::BUILTIN[0].1;
        let mut tl = Timeline::new(Scenario::from_json(json).expect("valid"));
        let root_id = tl.sim.scenario().tree.id().to_string();
        let root = node_at(&mut tl, 300_000, &root_id);
        let (rows, counts) = children(&tl.sim, &root).expect("a static supervisor");
        assert!(counts.starts_with("%{active: "), "{counts}");
        assert!(
            rows.iter()
                .all(|r| r.calls.len() == 1 && r.pid.starts_with("#PID<"))
        );
        // terminate_child on the first listed child: it is then kept as :undefined.
        let first = rows[0].id.to_string();
        let pid = root.pid.expect("alive");
        tl.command(pid, rows[0].calls[0].clone()).expect("applied");
        let root = node_at(&mut tl, 400_000, &root_id);
        let (rows, _) = children(&tl.sim, &root).expect("listed");
        let r = rows.iter().find(|r| *r.id == *first).expect("kept");
        assert_eq!(r.pid, ":undefined");
        assert_eq!(
            r.calls.iter().map(call_label).collect::<Vec<_>>(),
            ["restart_child", "delete_child"]
        );
        // restart_child brings it back.
        tl.command(pid, r.calls[0].clone()).expect("applied");
        let root = node_at(&mut tl, 500_000, &root_id);
        let (rows, _) = children(&tl.sim, &root).expect("listed");
        let r = rows.iter().find(|r| *r.id == *first).expect("kept");
        assert!(r.pid.starts_with("#PID<"), "{r:?}");
    }
}
