//! The discrete-event engine: virtual time, the event queue ordered by
//! `(time, sequence)`, simulated schedulers and the run queue, message and signal delivery,
//! links, monitors, timers and process exit. Worker and supervisor behaviour live in
//! `worker.rs` and `supervisor.rs`; this module owns every process and all the plumbing.

use crate::message::{Envelope, Msg};
use crate::process::{Busy, Job, Kind, Process, RefMap, Worker, WorkerState};
use crate::queue::{EventQueue, Handle};
use crate::scenario::{ChildSpec, Scenario};
use crate::term::{Pid, Ref, Term};
use crate::trace::{DropWhy, Event, SignalOutcome, Time, Trace, TraceLevel};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// A fixed (unseeded) hasher for pids: deterministic, and cheap for small integers.
#[derive(Default, Clone, Copy)]
pub(crate) struct PidHasher(u64);

impl Hasher for PidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
use std::rc::Rc;

/// Scheduler time a supervisor spends per message it handles.
pub(crate) const SUP_COST_US: Time = 5;
/// Scheduler time a client spends issuing a request or taking a reply.
pub(crate) const CLIENT_COST_US: Time = 2;
/// Scheduler time for bookkeeping messages (system messages, stray replies).
pub(crate) const MIN_COST_US: Time = 1;
/// Pid numbers start here, as in a fresh `iex` where low pids belong to the runtime.
const FIRST_PID: u32 = 80;
const HARNESS_PID: Pid = Pid(70);

/// A queued event.
#[derive(Clone, Debug)]
pub(crate) enum Ev {
    /// A message reaches `to`'s mailbox.
    Deliver { to: Pid, env: Envelope },
    /// An exit signal reaches `to`.
    Signal {
        from: Pid,
        to: Pid,
        reason: Term,
        link: bool,
    },
    /// `pid` finishes the job it started (if `epoch` still matches).
    Done { pid: Pid, epoch: u64 },
    /// A timer fires and puts `msg` in `pid`'s mailbox.
    Timer { pid: Pid, tref: Ref, msg: Msg },
    /// Scheduled fault number `n` of the scenario.
    Fault(usize),
}

/// Counters over the whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub received: u64,
    pub dropped: u64,
    pub exits: u64,
    pub restarts: u64,
    pub spawned: u64,
}

/// Everything that evolves during a run. Cloning it is a snapshot.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub now: Time,
    queue: EventQueue<Ev>,
    /// Live processes. A hash map for O(1) lookups on the hot path; nothing iterates it
    /// without sorting by pid first, so its order never reaches an output.
    pub procs: HashMap<Pid, Process, BuildHasherDefault<PidHasher>>,
    pub names: BTreeMap<Rc<str>, Pid>,
    /// Child id → the pid currently running it (ids are unique per scenario).
    pub ids: BTreeMap<Rc<str>, Pid>,
    /// Named ETS tables alive now (`ets.rs`).
    pub tables: crate::ets::Tables,
    next_pid: u32,
    next_ref: u64,
    next_msg: u64,
    next_epoch: u64,
    runq: VecDeque<Pid>,
    free: u32,
    rng: ChaCha8Rng,
    pub latency: Time,
    pub schedulers: u32,
    pub root: Option<Pid>,
    pub stats: Stats,
}

/// A deterministic simulation of one scenario.
#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) w: World,
    pub(crate) trace: Trace,
    pub(crate) scenario: Rc<Scenario>,
}

/// A saved moment of a run: restore it to go back in time.
#[derive(Clone, Debug)]
pub struct Snapshot {
    w: World,
    trace_len: usize,
}

impl Snapshot {
    pub fn time(&self) -> Time {
        self.w.now
    }
}

impl Sim {
    /// Builds the simulation: the harness process, the root supervisor (spawned at time
    /// 0) and the fault schedule. The scenario must be valid (`Scenario::validate`).
    pub fn new(scenario: &Scenario) -> Sim {
        Sim::with_trace(scenario, TraceLevel::Full)
    }

    pub fn with_trace(scenario: &Scenario, level: TraceLevel) -> Sim {
        let mut w = World {
            now: 0,
            queue: EventQueue::new(),
            procs: HashMap::default(),
            names: BTreeMap::new(),
            ids: BTreeMap::new(),
            tables: BTreeMap::new(),
            next_pid: FIRST_PID,
            next_ref: 1,
            next_msg: 1,
            next_epoch: 1,
            runq: VecDeque::new(),
            free: scenario.config.schedulers,
            rng: ChaCha8Rng::seed_from_u64(scenario.seed),
            latency: scenario.config.latency_us,
            schedulers: scenario.config.schedulers,
            root: None,
            stats: Stats::default(),
        };
        w.procs.insert(
            HARNESS_PID,
            Process::new(HARNESS_PID, HARNESS_PID, Kind::Harness, true, 0),
        );
        let mut sim = Sim {
            w,
            trace: Trace::new(level),
            scenario: Rc::new(scenario.clone()),
        };
        for (i, f) in scenario.faults.iter().enumerate() {
            sim.schedule(f.at_ms.saturating_mul(1000), Ev::Fault(i));
        }
        let root_spec = Rc::new(scenario.tree.clone());
        match sim.spawn_child(HARNESS_PID, &root_spec) {
            Ok(pid) => sim.w.root = Some(pid),
            Err(reason) => sim.trace.push(
                0,
                Event::StartError {
                    sup: HARNESS_PID,
                    id: Rc::from(root_spec.id()),
                    reason,
                },
            ),
        }
        sim.dispatch();
        sim
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn now(&self) -> Time {
        self.w.now
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn stats(&self) -> &Stats {
        &self.w.stats
    }

    pub fn harness(&self) -> Pid {
        HARNESS_PID
    }

    pub fn root(&self) -> Option<Pid> {
        self.w.root
    }

    pub fn schedulers(&self) -> u32 {
        self.w.schedulers
    }

    /// Schedulers busy right now.
    pub fn busy_schedulers(&self) -> u32 {
        self.w.schedulers - self.w.free
    }

    pub fn process(&self, pid: Pid) -> Option<&Process> {
        self.w
            .procs
            .get(&pid)
            .filter(|p| !matches!(p.kind, Kind::Harness))
    }

    /// Live processes in pid order (the harness excluded).
    pub fn processes(&self) -> impl Iterator<Item = &Process> {
        let mut v: Vec<&Process> = self
            .w
            .procs
            .values()
            .filter(|p| !matches!(p.kind, Kind::Harness))
            .collect();
        v.sort_unstable_by_key(|p| p.pid);
        v.into_iter()
    }

    pub fn whereis(&self, name: &str) -> Option<Pid> {
        self.w.names.get(name).copied()
    }

    /// The pid currently running child `id`.
    pub fn pid_of(&self, id: &str) -> Option<Pid> {
        self.w.ids.get(id).copied()
    }

    /// Time of the next queued event, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        self.w.queue.next_time()
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            w: self.w.clone(),
            trace_len: self.trace.len(),
        }
    }

    /// Returns to a snapshot taken from this run (same scenario).
    pub fn restore(&mut self, snap: &Snapshot) {
        self.w = snap.w.clone();
        self.trace.truncate(snap.trace_len);
    }

    /// Processes the next queued event. Returns false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some((t, ev)) = self.w.queue.pop() else {
            return false;
        };
        self.w.now = t;
        self.w.stats.events += 1;
        self.handle(ev);
        self.dispatch();
        true
    }

    /// Runs every event up to and including time `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        self.run_until_bounded(t, u64::MAX);
    }

    /// As `run_until`, but handles at most `budget` events; returns true if it reached `t`.
    /// The app uses this so no scenario can freeze a frame.
    pub fn run_until_bounded(&mut self, t: Time, budget: u64) -> bool {
        let mut n = 0;
        while let Some(next) = self.w.queue.peek_time() {
            if next > t {
                break;
            }
            if n == budget {
                return false;
            }
            self.step();
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

    /// Messages and signals on their way: (from, to, sent_at, arrives_at, kind).
    pub fn in_flight(&self) -> Vec<InFlight> {
        let mut v: Vec<(u64, InFlight)> = self
            .w
            .queue
            .iter()
            .filter_map(|(t, seq, ev)| match ev {
                Ev::Deliver { to, env } => Some((
                    seq,
                    InFlight {
                        from: env.from,
                        to: *to,
                        sent_at: env.sent_at,
                        arrives_at: t,
                        kind: env.msg.kind(),
                        id: env.id,
                    },
                )),
                Ev::Signal { from, to, .. } => Some((
                    seq,
                    InFlight {
                        from: *from,
                        to: *to,
                        sent_at: t.saturating_sub(self.w.latency),
                        arrives_at: t,
                        kind: "signal",
                        id: 0,
                    },
                )),
                _ => None,
            })
            .collect();
        v.sort_by_key(|(seq, f)| (f.arrives_at, *seq));
        v.into_iter().map(|(_, f)| f).collect()
    }

    // ----- plumbing -------------------------------------------------------------------

    pub(crate) fn schedule(&mut self, t: Time, ev: Ev) -> Handle {
        self.w.queue.push(t, ev)
    }

    pub(crate) fn make_ref(&mut self) -> Ref {
        self.w.next_ref += 1;
        Ref(self.w.next_ref)
    }

    pub(crate) fn random_u64(&mut self) -> u64 {
        self.w.rng.next_u64()
    }

    pub(crate) fn proc_mut(&mut self, pid: Pid) -> Option<&mut Process> {
        self.w.procs.get_mut(&pid)
    }

    /// `send/2`: the message arrives after the configured latency. Messages between one
    /// pair of processes keep their order because equal latencies keep `(time, seq)` order.
    pub(crate) fn send(&mut self, from: Pid, to: Pid, msg: Msg) {
        let id = self.w.next_msg;
        self.w.next_msg += 1;
        self.w.stats.sent += 1;
        if self.trace.wants_messages() {
            self.trace.push(
                self.w.now,
                Event::Send {
                    id,
                    from,
                    to,
                    msg: msg.clone(),
                },
            );
        }
        let env = Envelope {
            id,
            from,
            sent_at: self.w.now,
            msg,
        };
        self.schedule(self.w.now + self.w.latency, Ev::Deliver { to, env });
    }

    /// `exit/2` (link = false) or a link's exit signal (link = true).
    pub(crate) fn signal(&mut self, from: Pid, to: Pid, reason: Term, link: bool) {
        self.schedule(
            self.w.now + self.w.latency,
            Ev::Signal {
                from,
                to,
                reason,
                link,
            },
        );
    }

    pub(crate) fn start_timer(
        &mut self,
        pid: Pid,
        after: Time,
        msg_for: impl FnOnce(Ref) -> Msg,
    ) -> Ref {
        let tref = self.make_ref();
        let msg = msg_for(tref);
        let slot = self.schedule(self.w.now + after, Ev::Timer { pid, tref, msg });
        if let Some(p) = self.proc_mut(pid) {
            p.timers.insert(tref, slot);
        }
        tref
    }

    pub(crate) fn cancel_timer(&mut self, pid: Pid, tref: Ref) {
        if let Some(slot) = self.proc_mut(pid).and_then(|p| p.timers.remove(&tref)) {
            self.cancel_slot(slot);
        }
    }

    fn cancel_slot(&mut self, h: Handle) {
        self.w.queue.cancel(h);
    }

    /// `erlang:monitor(process, target)`. Monitoring a dead process yields `:DOWN` with
    /// `:noproc` at once.
    pub(crate) fn monitor(&mut self, watcher: Pid, target: Pid) -> Ref {
        let mref = self.make_ref();
        if let Some(t) = self.proc_mut(target) {
            t.watchers.insert(mref, watcher);
            if let Some(w) = self.proc_mut(watcher) {
                w.monitors.insert(mref, target);
            }
        } else {
            self.send(
                target,
                watcher,
                Msg::Down {
                    mref,
                    pid: target,
                    reason: Term::atom("noproc"),
                },
            );
        }
        mref
    }

    /// `erlang:demonitor(mref, [:flush])`.
    pub(crate) fn demonitor_flush(&mut self, watcher: Pid, mref: Ref) {
        let target = self
            .proc_mut(watcher)
            .and_then(|w| w.monitors.remove(&mref));
        if let Some(target) = target
            && let Some(t) = self.proc_mut(target)
        {
            t.watchers.remove(&mref);
        }
        self.flush_where(
            watcher,
            |m| matches!(m, Msg::Down { mref: r, .. } if *r == mref),
        );
    }

    /// Removes matching messages from a mailbox (a `receive ... after 0` flush).
    pub(crate) fn flush_where(
        &mut self,
        pid: Pid,
        pred: impl Fn(&Msg) -> bool,
    ) -> Option<Envelope> {
        let p = self.proc_mut(pid)?;
        let idx = p.mailbox.iter().position(|e| pred(&e.msg))?;
        let env = p.mailbox.remove(idx)?;
        if self.trace.wants_messages() {
            self.trace
                .push(self.w.now, Event::Receive { id: env.id, pid });
        }
        self.w.stats.received += 1;
        Some(env)
    }

    pub(crate) fn unlink(&mut self, a: Pid, b: Pid) {
        if let Some(p) = self.proc_mut(a) {
            p.links.remove(&b);
        }
        if let Some(p) = self.proc_mut(b) {
            p.links.remove(&a);
        }
    }

    /// Spawns (and links) the process for a child spec, registering its name.
    /// `Err` carries the start error, as `{:error, reason}` would.
    pub(crate) fn spawn_child(&mut self, parent: Pid, spec: &Rc<ChildSpec>) -> Result<Pid, Term> {
        if let Some(name) = spec.name()
            && let Some(&holder) = self.w.names.get(name)
        {
            return Err(Term::tuple(vec![
                Term::atom("already_started"),
                Term::Pid(holder),
            ]));
        }
        let pid = Pid(self.w.next_pid);
        self.w.next_pid += 1;
        let kind = match &**spec {
            ChildSpec::Worker(ws) => Kind::Worker(Box::new(Worker::new(Rc::new(ws.clone())))),
            ChildSpec::Supervisor(_)
            | ChildSpec::DynamicSupervisor(_)
            | ChildSpec::TaskSupervisor(_) => {
                Kind::Supervisor(Box::new(crate::supervisor::new_state(spec)))
            }
        };
        let trap = match &**spec {
            ChildSpec::Worker(ws) => ws.trap_exit,
            _ => true, // supervisors always trap exits
        };
        let mut p = Process::new(pid, parent, kind, trap, self.w.now);
        let id: Rc<str> = Rc::from(spec.id());
        p.child_id = Some(id.clone());
        p.links.insert(parent);
        let name = spec.name().map(Rc::<str>::from);
        if let Some(n) = &name {
            p.name = Some(n.clone());
            self.w.names.insert(n.clone(), pid);
        }
        self.w.procs.insert(pid, p);
        if let Some(parent_p) = self.proc_mut(parent) {
            parent_p.links.insert(pid);
        }
        self.w.ids.insert(id.clone(), pid);
        self.w.stats.spawned += 1;
        self.trace.push(
            self.w.now,
            Event::Spawn {
                pid,
                parent,
                id: Some(id),
                name,
            },
        );
        self.wake(pid);
        Ok(pid)
    }

    /// The process exits with `reason`: links get exit signals, monitors get `:DOWN`,
    /// queued messages are dropped (and traced as such), its name is freed.
    pub(crate) fn exit_process(&mut self, pid: Pid, reason: Term) {
        let Some(p) = self.w.procs.remove(&pid) else {
            return;
        };
        let now = self.w.now;
        if p.busy.is_some() {
            self.w.free += 1; // killed mid-job: its scheduler is free at once
        }
        self.w.stats.exits += 1;
        for &slot in p.timers.values() {
            self.cancel_slot(slot);
        }
        self.trace.push(
            now,
            Event::Exit {
                pid,
                id: p.child_id.clone(),
                reason: reason.clone(),
            },
        );
        if let Kind::Worker(w) = &p.kind
            && let Some(table) = w.spec.behaviour.table()
        {
            crate::ets::owner_exited(self, pid, table);
        }
        if let Some(n) = &p.name
            && self.w.names.get(n) == Some(&pid)
        {
            self.w.names.remove(n);
        }
        if let Some(id) = &p.child_id
            && self.w.ids.get(id) == Some(&pid)
        {
            self.w.ids.remove(id);
        }
        if self.w.root == Some(pid) {
            self.w.root = None;
        }
        for env in &p.mailbox {
            self.w.stats.dropped += 1;
            if self.trace.wants_messages() {
                self.trace.push(
                    now,
                    Event::Dropped {
                        id: env.id,
                        to: pid,
                        why: DropWhy::ReceiverExited,
                    },
                );
            }
        }
        if let Some(Busy {
            job: Job::Handle(env),
            ..
        }) = &p.busy
        {
            // The message being handled was received: nothing is lost.
            let _ = env;
        }
        for &l in &p.links {
            self.signal(pid, l, reason.clone(), true);
        }
        for (&mref, &watcher) in &p.watchers {
            if let Some(w) = self.proc_mut(watcher) {
                w.monitors.remove(&mref);
            }
            self.send(
                pid,
                watcher,
                Msg::Down {
                    mref,
                    pid,
                    reason: reason.clone(),
                },
            );
        }
        for (&mref, &target) in &p.monitors {
            if let Some(t) = self.proc_mut(target) {
                t.watchers.remove(&mref);
            }
        }
    }

    /// Puts a process on the run queue if it has something to do.
    pub(crate) fn wake(&mut self, pid: Pid) {
        if let Some(p) = self.w.procs.get_mut(&pid) {
            wake(p, &mut self.w.runq);
        }
    }

    /// Gives free schedulers to runnable processes, first come first served.
    pub(crate) fn dispatch(&mut self) {
        while self.w.free > 0 {
            let Some(pid) = self.w.runq.pop_front() else {
                return;
            };
            let Some(p) = self.w.procs.get_mut(&pid) else {
                continue;
            };
            p.in_runq = false;
            if p.busy.is_some() {
                continue;
            }
            let now = self.w.now;
            let epoch = self.w.next_epoch;
            // The job is built in place: an envelope is moved once, mailbox to `busy`.
            let cost = if p.init_pending {
                p.init_pending = false;
                let cost = init_cost(p);
                p.busy = Some(Busy {
                    job: Job::Init,
                    since: now,
                    until: now + cost,
                    epoch,
                });
                cost
            } else {
                let Some(idx) = select(p) else { continue };
                let env = if idx == 0 {
                    p.mailbox.pop_front()
                } else {
                    p.mailbox.remove(idx)
                };
                let Some(env) = env else {
                    continue;
                };
                let cost = handle_cost(p, &env.msg);
                let id = env.id;
                p.busy = Some(Busy {
                    job: Job::Handle(env),
                    since: now,
                    until: now + cost,
                    epoch,
                });
                self.w.stats.received += 1;
                if self.trace.wants_messages() {
                    self.trace.push(now, Event::Receive { id, pid });
                }
                cost
            };
            self.w.next_epoch += 1;
            self.w.free -= 1;
            self.schedule(now + cost, Ev::Done { pid, epoch });
        }
    }

    /// From a handler that just finished a job: the process stays on its scheduler for
    /// `cost` more (its `terminate/2`), then exits with `reason`.
    pub(crate) fn terminate_then_exit(&mut self, pid: Pid, cost: Time, reason: Term) {
        if cost == 0 || self.w.free == 0 {
            self.exit_process(pid, reason);
            return;
        }
        let epoch = self.w.next_epoch;
        self.w.next_epoch += 1;
        let now = self.w.now;
        let Some(p) = self.w.procs.get_mut(&pid) else {
            return;
        };
        p.busy = Some(Busy {
            job: Job::Terminate(reason),
            since: now,
            until: now + cost,
            epoch,
        });
        self.w.free -= 1;
        self.schedule(now + cost, Ev::Done { pid, epoch });
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Deliver { to, env } => self.deliver(to, env),
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
                    let id = self.w.next_msg;
                    self.w.next_msg += 1;
                    self.w.stats.sent += 1;
                    if self.trace.wants_messages() {
                        self.trace.push(
                            self.w.now,
                            Event::Send {
                                id,
                                from: pid,
                                to: pid,
                                msg: msg.clone(),
                            },
                        );
                    }
                    let env = Envelope {
                        id,
                        from: pid,
                        sent_at: self.w.now,
                        msg,
                    };
                    self.deliver(pid, env);
                }
            }
            Ev::Fault(i) => {
                if let Some(f) = self.scenario.faults.get(i).cloned() {
                    crate::command::apply_fault(self, &f.target, &f.action);
                }
            }
        }
    }

    fn deliver(&mut self, to: Pid, env: Envelope) {
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
            if self.trace.wants_messages() {
                self.trace.push(now, Event::Deliver { id, to, queue: 0 });
                self.trace.push(now, Event::Receive { id, pid: to });
            }
            self.w.stats.received += 1;
            crate::command::harness_receive(self, env);
            return;
        }
        let id = env.id;
        p.mailbox.push_back(env);
        let queue = p.mailbox.len();
        p.max_queue = p.max_queue.max(queue);
        if self.trace.wants_messages() {
            self.trace.push(now, Event::Deliver { id, to, queue });
        }
        wake(p, &mut self.w.runq);
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
                let r = if reason.is_atom("kill") {
                    Term::atom("killed")
                } else {
                    reason
                };
                self.exit_process(to, r);
            }
            SignalOutcome::Trapped => {
                let id = self.w.next_msg;
                self.w.next_msg += 1;
                self.w.stats.sent += 1;
                let msg = Msg::Exit { from, reason };
                if self.trace.wants_messages() {
                    self.trace.push(
                        now,
                        Event::Send {
                            id,
                            from,
                            to,
                            msg: msg.clone(),
                        },
                    );
                }
                self.deliver(
                    to,
                    Envelope {
                        id,
                        from,
                        sent_at: now,
                        msg,
                    },
                );
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
        p.handled += 1;
        self.w.free += 1;
        match busy.job {
            Job::Init => match &p.kind {
                Kind::Supervisor(_) => crate::supervisor::init(self, pid),
                _ => crate::worker::init(self, pid),
            },
            Job::Handle(env) => match &p.kind {
                Kind::Supervisor(_) => crate::supervisor::handle(self, pid, env),
                _ => crate::worker::handle(self, pid, env),
            },
            Job::Terminate(reason) => self.exit_process(pid, reason),
        }
        self.wake(pid);
    }
}

/// Puts a process on the run queue if it has something to do.
fn wake(p: &mut Process, runq: &mut VecDeque<Pid>) {
    if p.in_runq || p.busy.is_some() || matches!(p.kind, Kind::Harness) {
        return;
    }
    if p.init_pending || select(p).is_some() {
        p.in_runq = true;
        runq.push_back(p.pid);
    }
}

/// Which mailbox message the process takes next, given the receive it is blocked in.
pub(crate) fn select(p: &Process) -> Option<usize> {
    if p.suspended {
        return p.mailbox.iter().position(|e| matches!(e.msg, Msg::Sys(_)));
    }
    match &p.kind {
        Kind::Worker(w) => {
            if let WorkerState::Client(c) = &w.state
                && let Some(pc) = &c.pending
            {
                return p.mailbox.iter().position(|e| match &e.msg {
                    Msg::Reply { tag, .. } => *tag == pc.tag,
                    Msg::Down { mref, .. } => *mref == pc.tag,
                    Msg::Timeout(r) => *r == pc.timer,
                    _ => false,
                });
            }
        }
        Kind::Supervisor(s) => {
            use crate::process::SupWait;
            match &s.wait {
                SupWait::None => {}
                SupWait::Ack { pid, .. } => {
                    return p.mailbox.iter().position(|e| match &e.msg {
                        Msg::Ack => e.from == *pid,
                        Msg::Exit { from, .. } => from == pid,
                        _ => false,
                    });
                }
                SupWait::Down { pending } => {
                    return p.mailbox.iter().position(|e| match &e.msg {
                        Msg::Down { mref, .. } => pending.iter().any(|s| s.mref == *mref),
                        Msg::Timeout(r) => pending.iter().any(|s| s.timer == Some(*r)),
                        _ => false,
                    });
                }
            }
        }
        Kind::Harness => return None,
    }
    if p.mailbox.is_empty() { None } else { Some(0) }
}

fn init_cost(p: &Process) -> Time {
    match &p.kind {
        Kind::Worker(w) => w.spec.init_us,
        _ => SUP_COST_US,
    }
}

fn handle_cost(p: &Process, msg: &Msg) -> Time {
    match (&p.kind, msg) {
        (_, Msg::Sys(_) | Msg::Timeout(_) | Msg::Down { .. } | Msg::Ack | Msg::Reply { .. }) => {
            MIN_COST_US
        }
        (Kind::Supervisor(_), _) => SUP_COST_US,
        (Kind::Worker(w), Msg::Exit { from, .. }) if *from == p.parent => w.spec.terminate_us,
        (Kind::Worker(w), m) if crate::worker::ends_in_terminate(m) => {
            w.service_us() + w.spec.terminate_us
        }
        (Kind::Worker(w), _) => match &w.state {
            WorkerState::Client(c) => crate::worker::client_cost(w, c, msg),
            _ => w.service_us(),
        },
        (Kind::Harness, _) => 0,
    }
}

impl Process {
    pub(crate) fn new(pid: Pid, parent: Pid, kind: Kind, trap_exit: bool, now: Time) -> Process {
        let init_pending = !matches!(kind, Kind::Harness);
        Process {
            pid,
            parent,
            name: None,
            child_id: None,
            links: BTreeSet::new(),
            monitors: RefMap::new(),
            watchers: RefMap::new(),
            trap_exit,
            mailbox: VecDeque::new(),
            suspended: false,
            init_pending,
            busy: None,
            in_runq: false,
            timers: RefMap::new(),
            alias: None,
            spawned_at: now,
            handled: 0,
            max_queue: 0,
            kind,
        }
    }
}

/// A message or signal on its way, for drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub id: u64,
    pub from: Pid,
    pub to: Pid,
    pub sent_at: Time,
    pub arrives_at: Time,
    pub kind: &'static str,
}
