//! The supervision tree now (`Sim::tree`: live pids joined with the child specs), built
//! by a walk that can stop after a given number of nodes and go on later from where it
//! stopped (`TreeBuild`). At 100,000 processes one
//! walk took 50 ms natively late in a run (the processes no longer sit together in
//! memory), too long for one task of the page: the app builds it over a few frames, while
//! the run stands still.

use crate::features::EXTRAS;
use crate::message::Msg;
use crate::process::{ChildStatus, Kind, LastExit, WorkerState};
use crate::scenario::{
    Behaviour, ChildSpec, DynamicSupervisorSpec, PartitionSupervisorSpec, Strategy, SupervisorSpec,
    TaskSupervisorSpec,
};
use crate::sim::kernel::Sim;
use crate::term::Pid;
use crate::time::Time;
use crate::view::{Intensity, NodeKind, NodeState, TreeNode};
use std::rc::Rc;

/// A tree being built: the nodes whose children are not all in yet, from the root down.
#[derive(Debug)]
pub struct TreeBuild {
    stack: Vec<Level>,
    /// The simulation's event count and time when the walk began: a step on a simulation
    /// that moved since begins again (parts of two moments never make one tree).
    at: (u64, Time),
}

#[derive(Debug)]
struct Level {
    node: TreeNode,
    kids: Kids,
    /// The next child to read (a slot of a live supervisor's list, or a spec).
    next: usize,
}

/// Where a node's children come from.
#[derive(Debug)]
enum Kids {
    None,
    /// A live supervisor's child list, read slot by slot (removed children leave `None`
    /// slots, skipped).
    Live {
        sup: Pid,
        slots: usize,
        len: usize,
    },
    /// A supervisor that is not running: its children's specs (the index's, shared).
    Spec {
        kids: Vec<Rc<ChildSpec>>,
        state: ChildStatus,
    },
}

impl Kids {
    /// Children to come (for the vector's capacity).
    fn len(&self) -> usize {
        match self {
            Kids::None => 0,
            Kids::Live { len, .. } => *len,
            Kids::Spec { kids, .. } => kids.len(),
        }
    }

    /// Positions to read: slots, holes included.
    fn positions(&self) -> usize {
        match self {
            Kids::None => 0,
            Kids::Live { slots, .. } => *slots,
            Kids::Spec { kids, .. } => kids.len(),
        }
    }

    /// The child at position `i` (None for a removed child's slot).
    fn child(&self, sim: &Sim, i: usize) -> Option<(TreeNode, Kids)> {
        match self {
            Kids::None => None,
            Kids::Live { sup, .. } => {
                let c = sim.process(*sup)?.supervisor()?.children.slot(i)?;
                Some(node_head(
                    sim,
                    &c.spec,
                    Some(&c.id),
                    c.pid,
                    c.status,
                    c.restarts,
                    c.last_exit.clone(),
                ))
            }
            Kids::Spec { kids, state } => {
                let c = kids.get(i)?;
                Some(node_head(sim, c, None, None, *state, 0, None))
            }
        }
    }
}

impl Sim {
    /// The supervision tree now. Parts that are not running (a supervisor being
    /// restarted, a root that gave up) are drawn from the specs.
    /// (`TreeBuild` builds the same tree in steps.)
    pub fn tree(&self) -> TreeNode {
        let mut build = TreeBuild::new(self);
        loop {
            if let Some(tree) = build.step(self, usize::MAX) {
                return tree;
            }
        }
    }

    fn root_exit(&self) -> Option<LastExit> {
        self.trace.rare_events().rev().find_map(|e| match &e.kind {
            crate::trace::Event::Exit {
                pid,
                id: Some(id),
                reason,
            } if **id == *self.scenario.tree.id() => Some(LastExit {
                at: e.t,
                pid: *pid,
                reason: reason.clone(),
                by_supervisor: false,
            }),
            _ => None,
        })
    }
}

impl TreeBuild {
    /// A walk from the root, nothing built yet.
    pub fn new(sim: &Sim) -> TreeBuild {
        let spec = sim.index.root.clone();
        let (node, kids) = match sim.root() {
            Some(pid) => node_head(sim, &spec, None, Some(pid), ChildStatus::Running, 0, None),
            None => {
                let last = sim.root_exit();
                let state = if last.is_some() {
                    ChildStatus::Dead
                } else {
                    ChildStatus::NotStarted
                };
                node_head(sim, &spec, None, None, state, 0, last)
            }
        };
        TreeBuild {
            stack: vec![Level {
                node,
                kids,
                next: 0,
            }],
            at: (sim.stats().events, sim.now()),
        }
    }

    /// Reads up to `nodes` more positions of the tree; the whole tree once it is complete
    /// (the walk then begins again if stepped further). Begins again if `sim` has moved
    /// since the walk began.
    pub fn step(&mut self, sim: &Sim, nodes: usize) -> Option<TreeNode> {
        if self.at != (sim.stats().events, sim.now()) || self.stack.is_empty() {
            *self = TreeBuild::new(sim);
        }
        let mut budget = nodes;
        loop {
            let top = self.stack.last_mut()?;
            if top.next < top.kids.positions() {
                if budget == 0 {
                    return None;
                }
                budget -= 1;
                let i = top.next;
                top.next += 1;
                match top.kids.child(sim, i) {
                    Some((node, Kids::None)) => top.node.children.push(node),
                    Some((node, kids)) => self.stack.push(Level {
                        node,
                        kids,
                        next: 0,
                    }),
                    None => {}
                }
            } else {
                let done = self.stack.pop()?.node;
                match self.stack.last_mut() {
                    Some(parent) => parent.node.children.push(done),
                    None => return Some(done),
                }
            }
        }
    }
}

/// One node, its children left out, and where they are to be read. `id` is the child's
/// own shared id when a supervisor holds it (else one is made from the spec): at 100,000
/// processes a fresh string per node was a large part of a redraw.
fn node_head(
    sim: &Sim,
    spec: &Rc<ChildSpec>,
    id: Option<&Rc<str>>,
    pid: Option<Pid>,
    status: ChildStatus,
    restarts: u32,
    last_exit: Option<LastExit>,
) -> (TreeNode, Kids) {
    let kind = match &**spec {
        ChildSpec::Worker(_) => NodeKind::Worker,
        ChildSpec::Supervisor(_) | ChildSpec::PartitionSupervisor(_) => NodeKind::Supervisor,
        // Task.Supervisor is a DynamicSupervisor.
        // A pool's workers are children of one `poolboy_sup` (simple_one_for_one).
        ChildSpec::DynamicSupervisor(_) | ChildSpec::TaskSupervisor(_) | ChildSpec::Pool(_) => {
            NodeKind::DynamicSupervisor
        }
    };
    let proc_ = pid.and_then(|p| sim.process(p));
    let state = match proc_ {
        Some(p) => {
            if status == ChildStatus::Terminating {
                NodeState::Terminating
            } else if p.init_pending || status == ChildStatus::Starting {
                NodeState::Starting
            } else if p.suspended {
                NodeState::Suspended
            } else if p.busy.is_some() {
                NodeState::Busy
            } else if p.in_runq {
                NodeState::Runnable
            } else {
                NodeState::Waiting
            }
        }
        None => match status {
            ChildStatus::Restarting => NodeState::Restarting,
            ChildStatus::Terminated => NodeState::Terminated,
            ChildStatus::Dead => NodeState::Dead,
            ChildStatus::Terminating => NodeState::Terminating,
            ChildStatus::Running | ChildStatus::Starting if pid.is_some() => NodeState::Exited,
            _ => NodeState::NotStarted,
        },
    };
    let (strategy, intensity, kids) = match proc_.and_then(|p| p.supervisor().map(|s| (p.pid, s))) {
        Some((s_pid, s)) => {
            let now_s = (sim.now() / 1_000_000) as i64;
            let recent = s
                .restarts
                .iter()
                .filter(|&&r| r as i64 >= now_s - i64::from(s.max_seconds))
                .count() as u32;
            let children = Kids::Live {
                sup: s_pid,
                slots: s.children.slot_count(),
                len: s.children.len(),
            };
            (
                Some(s.strategy),
                Some(Intensity {
                    recent,
                    max_restarts: s.max_restarts,
                    max_seconds: s.max_seconds,
                    gave_up: s.gave_up,
                }),
                children,
            )
        }
        None => {
            // Not running: its strategy and limits from the spec, no restarts counted.
            let limits = match &**spec {
                ChildSpec::PartitionSupervisor(PartitionSupervisorSpec {
                    strategy,
                    max_restarts,
                    max_seconds,
                    ..
                })
                | ChildSpec::Supervisor(SupervisorSpec {
                    strategy,
                    max_restarts,
                    max_seconds,
                    ..
                }) => Some((*strategy, *max_restarts, *max_seconds)),
                ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
                    max_restarts,
                    max_seconds,
                    ..
                })
                | ChildSpec::TaskSupervisor(TaskSupervisorSpec {
                    max_restarts,
                    max_seconds,
                    ..
                }) => Some((Strategy::OneForOne, *max_restarts, *max_seconds)),
                ChildSpec::Worker(_) | ChildSpec::Pool(_) => None,
            };
            let (strategy, intensity) = match limits {
                Some((strategy, max_restarts, max_seconds)) => (
                    Some(strategy),
                    Some(Intensity {
                        recent: 0,
                        max_restarts,
                        max_seconds,
                        gave_up: false,
                    }),
                ),
                None => (None, None),
            };
            let children = if kind == NodeKind::Supervisor {
                // The index's specs of the children (a spec of the index is shallow: its
                // children are only there), else the spec's own.
                let kids = match sim.index.children_of(spec) {
                    Some(kids) => kids.to_vec(),
                    None => spec.children().iter().map(|c| Rc::new(c.clone())).collect(),
                };
                Kids::Spec {
                    kids,
                    state: if state == NodeState::Dead {
                        ChildStatus::Dead
                    } else {
                        ChildStatus::NotStarted
                    },
                }
            } else {
                Kids::None
            };
            (strategy, intensity, children)
        }
    };
    let node = TreeNode {
        id: id.cloned().unwrap_or_else(|| Rc::from(spec.id())),
        kind,
        pid: proc_.map(|p| p.pid),
        name: spec.name().map(Rc::from),
        state,
        restart: spec.restart(),
        shutdown: spec.shutdown(),
        restarts,
        last_exit,
        mailbox: proc_.map_or(0, |p| p.mailbox.len()),
        strategy,
        intensity,
        children: Vec::with_capacity(kids.len()),
        agent: matches!(&**spec, ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Agent { .. })),
        registry: matches!(&**spec, ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Registry { .. })),
        pg_scope: matches!(&**spec, ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Pg {})),
        partitions: match &**spec {
            ChildSpec::PartitionSupervisor(p) => Some(p.resolved.len() as u32),
            _ => None,
        },
        // Only a supervisor serves `start_child` (a busy server's mailbox can be long).
        queued_starts: proc_.filter(|p| p.supervisor().is_some()).map_or(0, |p| {
            p.mailbox
                .iter()
                .filter(|e| {
                    matches!(
                        &e.msg,
                        Msg::SupCall {
                            req: crate::message::SupRequest::StartChild(_),
                            ..
                        }
                    )
                })
                .count()
        }),
        statem: matches!(&**spec, ChildSpec::Worker(w) if matches!(w.behaviour, Behaviour::Statem(_))),
        statem_state: proc_.and_then(|p| match &p.kind {
            Kind::Worker(w) => match &w.state {
                WorkerState::Statem(run) => Some(run.state.clone()),
                _ => None,
            },
            _ => None,
        }),
        pool: proc_
            .filter(|p| EXTRAS && p.supervisor().is_some_and(|s| s.pool.is_some()))
            .and_then(|p| sim.pool(p.pid)),
    };
    (node, kids)
}
