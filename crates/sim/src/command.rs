//! Applying a `Command` (declared with the scenario format, `scenario/fault.rs`) to a
//! running simulation: the same action whether the scenario schedules it as a fault or a
//! user clicks. Commands come from the harness (the root's parent, standing for "the
//! outside world"), so they travel like any signal or message. A behaviour on the kernel:
//! the dispatcher calls `apply_fault` when a fault's time comes. A target written
//! `{:via, PartitionSupervisor, {name, key}}` is resolved here, at the moment the command
//! is sent, as Elixir resolves it in the caller (`PartitionSupervisor.whereis_name/1`).

use crate::features::EXTRAS;
use crate::message::{Envelope, Msg, SupRequest, SysMsg};
use crate::pg;
use crate::phash::partition_of;
use crate::registry;
use crate::scenario::{Command, Fault, via_target};
use crate::sim::kernel::Sim;
use crate::sys_debug;
use crate::term::{Pid, Term, parse_term};
use crate::trace::Event;
use std::rc::Rc;

/// Applies a scheduled fault: `count` times for a `start_child` (each a call of its
/// own, all sent now, so they queue in the supervisor's mailbox). With a count above 1
/// the i-th call's child has the id `<id>_<i>` (from 1), so that every child has an id of
/// its own, whichever partition starts it.
pub(crate) fn apply_fault(sim: &mut Sim, f: &Fault) {
    if !EXTRAS && f.action.needs_extras() {
        return;
    }
    if f.action.is_persistent_term() {
        return apply_persistent_term(sim, &f.target, &f.action);
    }
    if f.action.is_telemetry() {
        return crate::telemetry_run::command(sim, &f.target, &f.action);
    }
    let n = match &f.action {
        Command::StartChild { .. } => f.count.max(1),
        _ => 1,
    };
    let via = via_target(&f.target);
    for i in 0..n {
        let action = match &f.action {
            Command::StartChild { spec } if n > 1 => Command::StartChild {
                spec: Box::new(spec.with_id(&format!("{}_{}", spec.id(), i + 1))),
            },
            other => other.clone(),
        };
        match &via {
            Some(Ok((name, key))) => {
                let key = match key {
                    // Consecutive integer keys spread the calls over the partitions.
                    Term::Int(k) => Term::Int(k.saturating_add(i64::from(i))),
                    other => other.clone(),
                };
                apply_routed(sim, &f.target, name, &key, &action);
            }
            _ => apply_target(sim, &f.target, &action),
        }
    }
}

/// A persistent_term command: the harness (standing for code outside the tree) makes the
/// call; `key` is the fault's target. No process receives anything.
fn apply_persistent_term(sim: &mut Sim, key: &str, action: &Command) {
    let h = sim.harness();
    sim.trace.push(
        sim.w.now,
        Event::Fault {
            target: Rc::from(key),
            pid: h,
            action: Rc::from(action.label()),
        },
    );
    match action {
        Command::PersistentTermPut { value } => {
            let value = parse_term(value).unwrap_or_else(|_| Term::atom("undefined"));
            crate::pterm_run::put(sim, h, key, value);
        }
        _ => crate::pterm_run::erase(sim, h, key),
    }
}

/// The partition `{:via, PartitionSupervisor, {name, key}}` names now: its number and
/// its DynamicSupervisor's pid (`None` while that partition is being restarted, or if
/// `name` is no PartitionSupervisor). As `PartitionSupervisor.whereis_name/1`, it runs in
/// the caller and reads the partition table, which the PartitionSupervisor keeps.
pub(crate) fn route(sim: &Sim, name: &str, key: &Term) -> Option<(u32, Option<Pid>)> {
    let sup_pid = sim.whereis(name)?;
    let p = sim.process(sup_pid)?;
    let s = p.supervisor().filter(|s| s.partitioned)?;
    let partition = partition_of(key, s.children.len() as u32)?;
    let pid = s.child(&partition.to_string()).and_then(|c| c.pid);
    Some((partition, pid))
}

fn apply_routed(sim: &mut Sim, target: &str, name: &str, key: &Term, action: &Command) {
    match route(sim, name, key) {
        Some((partition, Some(pid))) => {
            sim.trace.push(
                sim.w.now,
                Event::Routed {
                    name: Rc::from(name),
                    key: key.clone(),
                    partition,
                    pid,
                },
            );
            apply_to(sim, pid, Rc::from(target), Rc::from(action.label()), action);
        }
        _ => sim.trace.push(
            sim.w.now,
            Event::FaultMissed {
                target: Rc::from(target),
                action: Rc::from(action.label()),
            },
        ),
    }
}

/// Applies a command to the process currently behind `target` (a child id or a name).
fn apply_target(sim: &mut Sim, target: &str, action: &Command) {
    let label: Rc<str> = Rc::from(action.label());
    match sim.pid_of(target).or_else(|| sim.whereis(target)) {
        None if action.is_gen_stop() => crate::gen_stop::no_process(sim, target, action),
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

/// Why a `:sys` debugging command cannot go to `pid`, if it cannot: the simulator
/// models it for gen_server workers only, and a replacement state must fit the kind.
fn sys_refusal(sim: &Sim, pid: Pid, action: &Command) -> Option<String> {
    let p = sim.process(pid)?;
    match action {
        Command::GetState
        | Command::Trace(_)
        | Command::Statistics(_)
        | Command::NoDebug
        | Command::ReplaceState { .. }
            if !sys_debug::supports(p) =>
        {
            Some("`:sys` debugging is modelled for server, counter and agent workers".into())
        }
        Command::ReplaceState { state } => match parse_term(state) {
            Ok(t) => sys_debug::check_replacement(p, &t).err(),
            Err(e) => Some(format!("`{state}` is not a term: {e}")),
        },
        _ => None,
    }
}

fn apply_to(sim: &mut Sim, pid: Pid, target: Rc<str>, label: Rc<str>, action: &Command) {
    let h = sim.harness();
    if sys_refusal(sim, pid, action).is_some()
        || crate::gen_stop::refusal(sim, pid, action).is_some()
        || (!EXTRAS && action.needs_extras())
        || (EXTRAS && crate::ets_give::refused(sim, pid, action))
        || crate::proc_ops::refused(sim, pid, action)
    {
        // A scheduled `:sys` request to a process that cannot take it here: recorded as
        // missed rather than half-modelled.
        sim.trace.push(
            sim.w.now,
            Event::FaultMissed {
                target,
                action: label,
            },
        );
        return;
    }
    sim.trace.push(
        sim.w.now,
        Event::Fault {
            target: target.clone(),
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
        Command::GenServerStop { .. } | Command::CallStop { .. } => {
            crate::gen_stop::start(sim, pid, target, action)
        }
        Command::GiveAway { .. } | Command::SetHeir { .. } => {
            // Refused above by a build without the rarer behaviours.
            if !EXTRAS {
                return;
            }
            crate::ets_give::send(sim, h, pid, action)
        }
        Command::Spawn { .. }
        | Command::Link { .. }
        | Command::Unlink { .. }
        | Command::Monitor { .. }
        | Command::Demonitor { .. }
        | Command::TrapExit(_)
        | Command::ExitSelf { .. }
        | Command::ProcessExit { .. } => crate::proc_ops::send(sim, h, pid, action),
        // Applied by `apply_persistent_term` / `telemetry_run::command`: they name a key
        // or a handler, not a process.
        Command::PersistentTermPut { .. }
        | Command::PersistentTermErase
        | Command::TelemetryDetach
        | Command::TelemetryAttach => {}
        Command::Suspend => sim.send(h, pid, Msg::Sys(SysMsg::Suspend)),
        Command::Resume => sim.send(h, pid, Msg::Sys(SysMsg::Resume)),
        Command::GetState => sim.send(h, pid, Msg::Sys(SysMsg::GetState)),
        Command::ReplaceState { state } => {
            // Checked by `sys_refusal` above: the term parses.
            if let Ok(t) = parse_term(state) {
                sim.send(h, pid, Msg::Sys(SysMsg::ReplaceState(t)));
            }
        }
        Command::Trace(on) => sim.send(h, pid, Msg::Sys(SysMsg::Trace(*on))),
        Command::Statistics(op) => sim.send(h, pid, Msg::Sys(SysMsg::Statistics(*op))),
        Command::NoDebug => sim.send(h, pid, Msg::Sys(SysMsg::NoDebug)),
        Command::Send { message } => {
            let msg = parse_term(message).unwrap_or_else(|_| Term::atom("hello"));
            sim.send(h, pid, Msg::Info(msg));
        }
        Command::StartChild { spec } => {
            let tag = sim.make_ref();
            // A PartitionSupervisor started by a user's command gets its partitions here
            // (a scenario's are resolved when the simulator boots).
            let mut spec = (**spec).clone();
            spec.resolve_partitions(sim.w.schedulers);
            sim.send(
                h,
                pid,
                Msg::SupCall {
                    tag,
                    req: SupRequest::StartChild(Rc::new(spec)),
                },
            );
        }
        // The process itself calls Registry.register/3 or unregister/2 (a cast asks it).
        Command::Register { registry, key } | Command::Unregister { registry, key } => {
            if !EXTRAS {
                return;
            }
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
            if !EXTRAS {
                return;
            }
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
            if !EXTRAS {
                return;
            }
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
            if !EXTRAS {
                return;
            }
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
            if !EXTRAS {
                return;
            }
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
        Command::RestartChild { .. }
        | Command::DeleteChild { .. }
        | Command::WhichChildren
        | Command::CountChildren => {
            let req = match action {
                Command::RestartChild { id } => SupRequest::RestartChild(Rc::from(id.as_str())),
                Command::DeleteChild { id } => SupRequest::DeleteChild(Rc::from(id.as_str())),
                Command::WhichChildren => SupRequest::WhichChildren,
                _ => SupRequest::CountChildren,
            };
            let tag = sim.make_ref();
            sim.send(h, pid, Msg::SupCall { tag, req });
        }
    }
}

/// What the harness does with messages it gets: supervisor replies are already traced
/// by the supervisor, and the root's `{:EXIT, ...}` by its exit.
pub(crate) fn harness_receive(sim: &mut Sim, env: Envelope) {
    // Except what answers a caller waiting for a GenServer to stop.
    crate::gen_stop::harness_receive(sim, &env);
}

impl Sim {
    /// Applies a command now, to a live process. Errors say why nothing happened.
    pub fn apply(&mut self, pid: Pid, action: &Command) -> Result<(), String> {
        action.check()?;
        if !EXTRAS && action.needs_extras() {
            return Err(format!("`{}` runs in the full app only", action.label()));
        }
        if action.is_persistent_term() {
            return Err("a persistent_term command names a key, not a process: use apply_to_target(key, ...)".into());
        }
        if action.is_telemetry() {
            return Err("a telemetry command names a handler id, not a process: use apply_to_target(handler, ...)".into());
        }
        let Some(p) = self.process(pid) else {
            return Err(format!("{pid} is not alive"));
        };
        let target: Rc<str> = p
            .child_id
            .clone()
            .or_else(|| p.name.clone())
            .unwrap_or_else(|| Rc::from(pid.to_string()));
        if action.is_child_api() && p.supervisor().is_none() {
            return Err(format!("{target} is not a supervisor"));
        }
        if matches!(
            action,
            Command::RestartChild { .. } | Command::DeleteChild { .. }
        ) && p.supervisor().is_some_and(|s| s.dynamic)
        {
            // Elixir's DynamicSupervisor has no clause for them: the call would crash it.
            return Err(format!(
                "{target} is a DynamicSupervisor: it has no restart_child or delete_child"
            ));
        }
        if let Some(why) =
            sys_refusal(self, pid, action).or_else(|| crate::gen_stop::refusal(self, pid, action))
        {
            return Err(format!("{target}: {why}"));
        }
        if crate::proc_ops::refused(self, pid, action) {
            return Err(format!(
                "{target}: spawn, link, monitor, trap_exit and exit commands are modelled for server and counter workers"
            ));
        }
        apply_to(self, pid, target, Rc::from(action.label()), action);
        self.assign_schedulers();
        Ok(())
    }

    /// Applies a command by child id, registered name or
    /// `{:via, PartitionSupervisor, {Name, key}}`.
    /// A persistent_term command's target is its key (an atom name): the harness makes
    /// the call.
    pub fn apply_to_target(&mut self, target: &str, action: &Command) -> Result<(), String> {
        action.check()?;
        if !EXTRAS && action.needs_extras() {
            return Err(format!("`{}` runs in the full app only", action.label()));
        }
        if action.is_persistent_term() {
            if target.is_empty() {
                return Err("a persistent_term command needs a key".into());
            }
            apply_persistent_term(self, target, action);
            self.assign_schedulers();
            return Ok(());
        }
        if action.is_telemetry() {
            if self.w.telemetry.index_of(target).is_none() {
                return Err(format!(
                    "`{target}` is not a telemetry handler of the scenario"
                ));
            }
            crate::telemetry_run::command(self, target, action);
            return Ok(());
        }
        if let Some(via) = via_target(target) {
            let (name, key) = via?;
            return match route(self, &name, &key) {
                None => Err(format!(
                    "`{name}` is not a PartitionSupervisor, or `{key}` cannot be hashed"
                )),
                Some((partition, None)) => {
                    Err(format!("partition {partition} of `{name}` is not running"))
                }
                Some((partition, Some(pid))) => {
                    self.trace.push(
                        self.w.now,
                        Event::Routed {
                            name: Rc::from(name.as_str()),
                            key,
                            partition,
                            pid,
                        },
                    );
                    self.apply(pid, action)
                }
            };
        }
        let pid = self
            .pid_of(target)
            .or_else(|| self.whereis(target))
            .ok_or_else(|| format!("no live process for `{target}`"))?;
        self.apply(pid, action)
    }
}
