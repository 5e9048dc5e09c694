//! The read API for drawing a gen_statem: its declared states and transitions (a state
//! diagram, from the scenario), the state it is in now, its counter, how many events
//! it holds postponed, and its armed time-outs with the virtual time left on each.
//! Pure reads of the run; `docs/simulator.md` documents it for the app.

use crate::process::{Kind, WorkerState};
use crate::scenario::{Action, Behaviour, EventType};
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term, parse_term};
use crate::time::Time;
use std::rc::Rc;

/// A live gen_statem, as a diagram shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct StatemView {
    /// The state it is in now.
    pub current: Rc<str>,
    /// The state `init/1` returns (a restart starts there).
    pub initial: Rc<str>,
    /// The declared states, in the scenario's order.
    pub states: Vec<Rc<str>>,
    /// Every rule as an edge: from its state to its next state (`to == from` for a rule
    /// that keeps the state), in the scenario's order.
    pub transitions: Vec<TransitionView>,
    /// Its data: the counter the rules count with.
    pub count: i64,
    /// Events postponed in the current state, waiting for a state change.
    pub postponed: usize,
    /// Armed time-outs, in the order they were armed.
    pub timeouts: Vec<TimeoutView>,
}

/// One rule of the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionView {
    pub from: Rc<str>,
    pub to: Rc<str>,
    /// `call`, `cast`, `info`, `state_timeout`, `timeout` or `generic_timeout`.
    pub event: &'static str,
    /// The edge's label: the event and its content, e.g. `call {:unlock, 1234}`,
    /// `cast (any)`, `state_timeout`, `generic_timeout :retry`, with ` [count >= 3]` for a
    /// guard and ` / postpone` for a rule that postpones.
    pub label: String,
}

/// An armed time-out.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeoutView {
    /// `state_timeout`, `timeout` (the event time-out) or `generic_timeout`.
    pub kind: &'static str,
    /// A generic time-out's name.
    pub name: Option<Term>,
    /// The time it was set for, in ms.
    pub ms: u64,
    pub fires_at: Time,
    /// Virtual µs left before it fires.
    pub remaining_us: Time,
}

impl Sim {
    /// The gen_statem running as `pid`, if it is one.
    pub fn statem(&self, pid: Pid) -> Option<StatemView> {
        let p = self.process(pid)?;
        let Kind::Worker(w) = &p.kind else {
            return None;
        };
        let (Behaviour::Statem(spec), WorkerState::Statem(run)) = (&w.spec.behaviour, &w.state)
        else {
            return None;
        };
        let now = self.now();
        let mut transitions = Vec::new();
        for s in &spec.states {
            let from: Rc<str> = Rc::from(s.name.as_str());
            for r in &s.on {
                let to = r.next.as_deref().map_or_else(|| from.clone(), Rc::from);
                let content = match (&r.matches, r.event) {
                    (Some(m), _) => parse_term(m).map_or_else(|_| m.clone(), |t| t.to_string()),
                    (None, EventType::StateTimeout | EventType::Timeout) => String::new(),
                    (None, _) => "(any)".to_string(),
                };
                let mut label = r.event.as_str().to_string();
                if !content.is_empty() {
                    label.push(' ');
                    label.push_str(&content);
                }
                if let Some(n) = r.min_count {
                    label.push_str(&format!(" [count >= {n}]"));
                }
                if r.actions.iter().any(|a| matches!(a, Action::Postpone)) {
                    label.push_str(" / postpone");
                }
                transitions.push(TransitionView {
                    from: from.clone(),
                    to,
                    event: r.event.as_str(),
                    label,
                });
            }
        }
        Some(StatemView {
            current: run.state.clone(),
            initial: Rc::from(spec.initial.as_str()),
            states: spec
                .states
                .iter()
                .map(|s| Rc::from(s.name.as_str()))
                .collect(),
            transitions,
            count: run.count,
            postponed: run.postponed.len(),
            timeouts: run
                .timers
                .iter()
                .map(|a| TimeoutView {
                    kind: a.kind.as_str(),
                    name: a.kind.name().cloned(),
                    ms: a.ms,
                    fires_at: a.fires_at,
                    remaining_us: a.fires_at.saturating_sub(now),
                })
                .collect(),
        })
    }

    /// The gen_statem running child `id` (or registered as `id`), if any.
    pub fn statem_of(&self, id: &str) -> Option<StatemView> {
        self.statem(self.pid_of(id).or_else(|| self.whereis(id))?)
    }
}
