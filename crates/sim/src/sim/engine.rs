//! The dispatcher: the event loop on top of the kernel. Builds a run, takes the next
//! event off the queue and hands it to whoever acts on it: a delivered message to the
//! mailbox, an exit signal through OTP's rules, a finished job to the process's behaviour
//! (`supervisor.rs`, `worker.rs`), a scheduled fault to `command.rs`; then has the kernel
//! give free schedulers to runnable processes. It is the only layer that calls the
//! behaviours, which is what keeps the kernel free of them.

use super::kernel::{self, Ev, Sim};
use crate::command;
use crate::features::SHORTCUTS;
use crate::message::{Envelope, Msg};
use crate::process::{Job, Kind};
use crate::scenario::Scenario;
use crate::supervisor;
use crate::term::{Pid, Term};
use crate::time::Time;
use crate::trace::{DropWhy, Event, SignalOutcome, TraceLevel};
use crate::worker;
use std::rc::Rc;

impl Sim {
    /// Builds the simulation: the harness process, the root supervisor (spawned at time
    /// 0) and the fault schedule. The scenario must be valid (`Scenario::validate`).
    /// The trace is `Full`, or `Bounded` above `AUTO_BOUNDED_PROCESSES` processes
    /// (`TraceLevel::for_processes`; `trace().coverage()` says which).
    pub fn new(scenario: &Scenario) -> Sim {
        Sim::with_trace(
            scenario,
            TraceLevel::for_processes(scenario.process_count()),
        )
    }

    /// As `new`, recording only what `level` asks for (the CLI's `--lifecycle`).
    pub fn with_trace(scenario: &Scenario, level: TraceLevel) -> Sim {
        let mut own = scenario.clone();
        own.resolve_partitions();
        Sim::shared_with_trace(Rc::new(own), level)
    }

    /// As `new`, sharing `scenario` instead of copying it when its partitions are
    /// resolved already (as they are after a first run): a copy of a 100,000-worker tree
    /// was a tenth of the time from `new` to the end of its run. The app's timeline keeps
    /// its scenario this way, so that a reset or a restore does not copy it again.
    pub fn shared(scenario: Rc<Scenario>) -> Sim {
        let level = TraceLevel::for_processes(scenario.process_count());
        Sim::shared_with_trace(scenario, level)
    }

    /// As `shared`, recording only what `level` asks for.
    pub fn shared_with_trace(scenario: Rc<Scenario>, level: TraceLevel) -> Sim {
        let scenario = if scenario.partitions_resolved() {
            scenario
        } else {
            let mut own = Scenario::clone(&scenario);
            own.resolve_partitions();
            Rc::new(own)
        };
        let mut sim = Sim::boot(scenario.clone(), level);
        for (i, f) in scenario.faults.iter().enumerate() {
            sim.schedule(f.at_ms.saturating_mul(1000), Ev::Fault(i));
        }
        let root_spec = sim.index.root.clone();
        match sim.spawn_child(sim.harness(), &root_spec) {
            Ok(pid) => sim.w.root = Some(pid),
            Err(reason) => sim.trace.push(
                0,
                Event::StartError {
                    sup: sim.harness(),
                    id: Rc::from(root_spec.id()),
                    reason,
                },
            ),
        }
        sim.assign_schedulers();
        sim
    }

    /// Processes the next queued event. Returns false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some(t) = self.w.queue.peek_time() else {
            return false;
        };
        self.run_until_bounded(t, 1);
        true
    }

    /// Inlined into `run_until_bounded`, its only caller: as a call of its own, saving and
    /// restoring its registers was 16 instructions an event. (Not forced in the first-load
    /// build, where size comes first.)
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    fn run_event(&mut self, t: Time, ev: Ev) {
        self.w.now = t;
        self.w.stats.events += 1;
        self.handle(ev);
        // Most events leave nobody waiting for a scheduler: no call then.
        if self.w.free > 0 && !self.w.runq.is_empty() {
            self.assign_schedulers();
        }
    }

    /// Runs every event up to and including time `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        self.run_until_bounded(t, u64::MAX);
    }

    /// As `run_until`, but handles at most `budget` events; returns true if it reached `t`.
    /// The app uses this so no scenario can freeze a frame.
    pub fn run_until_bounded(&mut self, t: Time, budget: u64) -> bool {
        let mut n = 0;
        loop {
            if n == budget {
                if self.w.queue.peek_time().is_some_and(|next| next <= t) {
                    return false;
                }
                break;
            }
            let Some((at, ev)) = self.w.queue.pop_until(t) else {
                break;
            };
            self.run_event(at, ev);
            n += 1;
        }
        self.w.now = self.w.now.max(t);
        true
    }

    /// Runs events until at least one more trace event is recorded (or none are left).
    pub fn step_event(&mut self) -> bool {
        let before = self.trace.len();
        while self.trace.len() == before {
            if !self.step() {
                return false;
            }
        }
        true
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Deliver { to, env } => self.deliver(to, env, true),
            Ev::Signal {
                from,
                to,
                reason,
                link,
            } => self.arrive_signal(from, to, reason, link),
            Ev::Done { pid, epoch } => self.finish(pid, epoch),
            Ev::Timer { pid, tref, msg } => {
                let Some(p) = self.proc_mut(pid) else { return };
                if p.timers.remove(&tref).is_some() {
                    // Timer messages come from the runtime, with no travel time.
                    let env = self.send_local(pid, pid, msg);
                    self.deliver(pid, env, true);
                }
            }
            Ev::Fault(i) => {
                if let Some(f) = self.scenario.faults.get(i).cloned() {
                    command::apply_fault(self, &f);
                }
            }
        }
    }

    /// Puts `env` in `to`'s mailbox. `last`: this is the event's last act, so a process
    /// it makes runnable may start at once (see the end).
    fn deliver(&mut self, to: Pid, env: Envelope, last: bool) {
        let now = self.w.now;
        let Some(p) = self.w.procs.get_mut(&to) else {
            self.w.stats.dropped += 1;
            if self.trace.wants_messages() {
                self.trace.push(
                    now,
                    Event::Dropped {
                        id: env.id,
                        to,
                        why: DropWhy::Noproc,
                    },
                );
            }
            return;
        };
        if let Msg::Reply { tag, .. } = &env.msg
            && !matches!(p.kind, Kind::Harness)
            && p.alias != Some(*tag)
        {
            self.w.stats.dropped += 1;
            if self.trace.wants_messages() {
                self.trace.push(
                    now,
                    Event::Dropped {
                        id: env.id,
                        to,
                        why: DropWhy::AliasInactive,
                    },
                );
            }
            return;
        }
        self.w.stats.delivered += 1;
        if matches!(p.kind, Kind::Harness) {
            // The harness consumes at once what it is sent.
            let id = env.id;
            self.trace.push_deliver(now, id, to, 0);
            self.trace.push_receive(now, id, to, 0);
            self.w.stats.received += 1;
            command::harness_receive(self, env);
            return;
        }
        let id = env.id;
        let last = SHORTCUTS && last;
        if last && self.w.free > 0 && self.w.runq.is_empty() && kernel::takes_on_arrival(p, &env) {
            // Into the mailbox and straight out again, as `start_or_wake` below would
            // take it: handed over instead. The save pointer of an empty mailbox is 0.
            debug_assert_eq!(p.scanned.get(), 0);
            p.max_queue = p.max_queue.max(1);
            self.trace.push_deliver(now, id, to, 1);
            let epoch = self.w.next_epoch;
            let cost = kernel::receive_job(p, env, now, epoch, &mut self.trace, &mut self.w.stats);
            self.w.job_started(to, epoch, cost);
            return;
        }
        p.mailbox.push_back(env);
        let queue = p.mailbox.len();
        p.max_queue = p.max_queue.max(queue);
        self.trace.push_deliver(now, id, to, queue);
        if !last {
            kernel::wake(p, &mut self.w.runq);
            return;
        }
        let (free, runq, epoch) = (self.w.free, &mut self.w.runq, self.w.next_epoch);
        let stats = &mut self.w.stats;
        if let Some(cost) = kernel::start_or_wake(p, free, runq, now, epoch, &mut self.trace, stats)
        {
            self.w.job_started(to, epoch, cost);
        }
    }

    /// An exit signal arrives (OTP semantics, see the Erlang reference manual, "Receiving
    /// Exit Signals"): `:kill` from `exit/2` cannot be trapped and kills with `:killed`;
    /// a trapping process gets `{:EXIT, from, reason}`; otherwise `:normal` is ignored
    /// and any other reason kills with that reason.
    fn arrive_signal(&mut self, from: Pid, to: Pid, reason: Term, link: bool) {
        let Some(p) = self.w.procs.get(&to) else {
            return;
        };
        if link {
            if !p.links.contains(&from) {
                return; // unlinked meanwhile: the signal is void
            }
            self.unlink(from, to);
        }
        let Some(p) = self.w.procs.get(&to) else {
            return;
        };
        let now = self.w.now;
        let outcome = if !link && reason.is_atom("kill") {
            SignalOutcome::Killed
        } else if p.trap_exit {
            SignalOutcome::Trapped
        } else if reason.is_atom("normal") && from != to {
            SignalOutcome::Ignored
        } else {
            SignalOutcome::Killed
        };
        self.trace.push(
            now,
            Event::ExitSignal {
                from,
                to,
                reason: reason.clone(),
                outcome,
            },
        );
        match outcome {
            SignalOutcome::Killed => {
                // Only `exit(pid, :kill)` becomes `:killed`: a process that exits with
                // reason `:kill` (exit/1) sends `:kill` through its links, which kills a
                // non-trapping linked process with reason `:kill` itself (OTP 25,
                // conformance case procs_exit_kill_via_link).
                let r = if !link && reason.is_atom("kill") {
                    Term::atom("killed")
                } else {
                    reason
                };
                self.exit_process(to, r);
            }
            SignalOutcome::Trapped => {
                let env = self.send_local(from, to, Msg::Exit { from, reason });
                self.deliver(to, env, false);
            }
            SignalOutcome::Ignored => {}
        }
    }

    fn finish(&mut self, pid: Pid, epoch: u64) {
        let Some(p) = self.w.procs.get_mut(&pid) else {
            return;
        };
        match &p.busy {
            Some(b) if b.epoch == epoch => {}
            _ => return,
        }
        let Some(busy) = p.busy.take() else { return };
        // The job may change what the process's receive waits for: scan afresh.
        p.scanned.set(0);
        p.handled += 1;
        self.w.free += 1;
        match busy.job {
            Job::Init => match &p.kind {
                Kind::Supervisor(_) => supervisor::init(self, pid),
                _ => worker::init(self, pid),
            },
            Job::Handle(env) => match &p.kind {
                Kind::Supervisor(_) => supervisor::handle(self, pid, env),
                _ => worker::handle(self, pid, env),
            },
            Job::Terminate(reason) => self.exit_process(pid, reason),
            Job::Reply { to, tag, reply } => {
                self.send(pid, to, crate::message::Msg::Reply { tag, reply })
            }
        }
        if SHORTCUTS {
            self.wake_last(pid);
        } else {
            self.wake(pid);
        }
    }
}
