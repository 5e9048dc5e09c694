//! Applying a `Command` (declared with the scenario format, `scenario/fault.rs`) to a
//! running simulation: the same action whether the scenario schedules it as a fault or a
//! user clicks. Commands come from the harness (the root's parent, standing for "the
//! outside world"), so they travel like any signal or message. A behaviour on the kernel:
//! the dispatcher calls `apply_fault` when a fault's time comes.

use crate::message::{Envelope, Msg, SupRequest, SysMsg};
use crate::pg;
use crate::registry;
use crate::scenario::Command;
use crate::sim::kernel::Sim;
use crate::term::{Pid, Term, parse_term};
use crate::trace::Event;
use std::rc::Rc;

/// Applies a fault to the process currently behind `target` (a child id or a name).
pub(crate) fn apply_fault(sim: &mut Sim, target: &str, action: &Command) {
    let label: Rc<str> = Rc::from(action.label());
    match sim.pid_of(target).or_else(|| sim.whereis(target)) {
        None => sim.trace.push(
            sim.w.now,
            Event::FaultMissed {
                target: Rc::from(target),
                action: label,
            },
        ),
        Some(pid) => apply_to(sim, pid, Rc::from(target), label, action),
    }
}

fn apply_to(sim: &mut Sim, pid: Pid, target: Rc<str>, label: Rc<str>, action: &Command) {
    let h = sim.harness();
    sim.trace.push(
        sim.w.now,
        Event::Fault {
            target,
            pid,
            action: label,
        },
    );
    match action {
        Command::Exit { reason } => {
            let reason = parse_term(reason).unwrap_or_else(|_| Term::atom("kill"));
            sim.signal(h, pid, reason, false);
        }
        Command::Crash { message } => {
            if sim.process(pid).is_some_and(|p| p.supervisor().is_some()) {
                // Supervisor code has no user callback to raise in: crash it on the spot.
                sim.exit_process(pid, Term::exception("RuntimeError", message))
            } else {
                // A callback raises while handling this request; terminate/2 runs first.
                let raise = Term::tuple(vec![
                    Term::atom("raise"),
                    Term::Str(Rc::from(message.as_str())),
                ]);
                sim.send(h, pid, Msg::Cast(raise));
            }
        }
        Command::Stop { reason } => {
            let reason = parse_term(reason).unwrap_or_else(|_| Term::atom("normal"));
            let stop = Term::tuple(vec![Term::atom("stop"), reason]);
            sim.send(h, pid, Msg::Cast(stop));
        }
        Command::Poison => sim.send(h, pid, Msg::Info(Term::atom("poison"))),
        Command::Suspend => sim.send(h, pid, Msg::Sys(SysMsg::Suspend)),
        Command::Resume => sim.send(h, pid, Msg::Sys(SysMsg::Resume)),
        Command::Send { message } => {
            let msg = parse_term(message).unwrap_or_else(|_| Term::atom("hello"));
            sim.send(h, pid, Msg::Info(msg));
        }
        Command::StartChild { spec } => {
            let tag = sim.make_ref();
            sim.send(
                h,
                pid,
                Msg::SupCall {
                    tag,
                    req: SupRequest::StartChild(Rc::new((**spec).clone())),
                },
            );
        }
        // The process itself calls Registry.register/3 or unregister/2 (a cast asks it).
        Command::Register { registry, key } | Command::Unregister { registry, key } => {
            let op = if matches!(action, Command::Register { .. }) {
                "register"
            } else {
                "unregister"
            };
            let key = parse_term(key).unwrap_or_else(|_| Term::atom("nil"));
            let req = Term::tuple(vec![Term::atom(op), Term::atom(registry), key]);
            sim.send(h, pid, Msg::Cast(req));
        }
        // :pg.join/3 and leave/3 from outside for `pid`: calls to the scope, which acts when
        // it handles them.
        Command::Join { scope, group } | Command::Leave { scope, group } => {
            let op = if matches!(action, Command::Join { .. }) {
                "join_local"
            } else {
                "leave_local"
            };
            let group = parse_term(group).unwrap_or_else(|_| Term::atom("nil"));
            if let Some(s) = sim.whereis(scope) {
                let req = Term::tuple(vec![Term::atom(op), group, Term::Pid(pid)]);
                sim.send(h, s, Msg::Cast(req));
            }
        }
        // get_members/2 and which_groups/1 read the scope's table in the caller.
        Command::Members { group } => {
            let group = parse_term(group).unwrap_or_else(|_| Term::atom("nil"));
            if let Some((name, s)) = pg::by_owner(&mut sim.w.pg, pid) {
                let pids = Rc::from(s.members(&group));
                sim.trace.push(
                    sim.w.now,
                    Event::PgMembers {
                        scope: name,
                        group: Rc::new(group),
                        pids,
                    },
                );
            }
        }
        Command::WhichGroups => {
            if let Some((name, s)) = pg::by_owner(&mut sim.w.pg, pid) {
                let groups = Rc::from(s.which_groups());
                sim.trace.push(
                    sim.w.now,
                    Event::PgWhichGroups {
                        scope: name,
                        groups,
                    },
                );
            }
        }
        // Registry.lookup/2 reads the tables in the caller: no message, no time.
        Command::Lookup { key } => {
            let key = parse_term(key).unwrap_or_else(|_| Term::atom("nil"));
            if let Some((name, pids)) = registry::lookup_by_owner(&sim.w.registries, pid, &key) {
                sim.trace.push(
                    sim.w.now,
                    Event::RegistryLookup {
                        registry: name,
                        key: Rc::new(key),
                        pids: Rc::from(pids),
                    },
                );
            }
        }
        Command::TerminateChild { id } => {
            let tag = sim.make_ref();
            sim.send(
                h,
                pid,
                Msg::SupCall {
                    tag,
                    req: SupRequest::TerminateChild(Rc::from(id.as_str())),
                },
            );
        }
    }
}

/// What the harness does with messages it gets: supervisor replies are already traced
/// by the supervisor, and the root's `{:EXIT, ...}` by its exit; nothing else to do.
pub(crate) fn harness_receive(_sim: &mut Sim, _env: Envelope) {}

impl Sim {
    /// Applies a command now, to a live process. Errors say why nothing happened.
    pub fn apply(&mut self, pid: Pid, action: &Command) -> Result<(), String> {
        action.check()?;
        let Some(p) = self.process(pid) else {
            return Err(format!("{pid} is not alive"));
        };
        let target: Rc<str> = p
            .child_id
            .clone()
            .or_else(|| p.name.clone())
            .unwrap_or_else(|| Rc::from(pid.to_string()));
        if matches!(
            action,
            Command::StartChild { .. } | Command::TerminateChild { .. }
        ) && p.supervisor().is_none()
        {
            return Err(format!("{target} is not a supervisor"));
        }
        apply_to(self, pid, target, Rc::from(action.label()), action);
        self.assign_schedulers();
        Ok(())
    }

    /// Applies a command by child id or registered name.
    pub fn apply_to_target(&mut self, target: &str, action: &Command) -> Result<(), String> {
        action.check()?;
        let pid = self
            .pid_of(target)
            .or_else(|| self.whereis(target))
            .ok_or_else(|| format!("no live process for `{target}`"))?;
        self.apply(pid, action)
    }
}
