//! The kernel: the state of a run and the runtime's primitives, the layer everything else
//! stands on. Owns the `Sim` struct and its world (virtual time, the event queue ordered
//! by `(time, sequence)`, the processes, the name and child-id registries, the ETS table
//! registry, the seeded RNG), and the primitives a BEAM gives a process: send, exit
//! signals, links, monitors, timers, spawn and exit, the run queue and the schedulers,
//! and the trace they record. It never calls a behaviour: supervisors, workers, tasks
//! and commands (their own modules) call down into it, and the dispatcher
//! (`sim/engine.rs`) hands them the events. What a job costs (`cost.rs`) and which message
//! a process takes next (`receive.rs`) are read from process state by modules below it.
//! The public accessors and snapshots are here too, since they only read this state.

use crate::cost::{handle_cost, init_cost};
use crate::ets::{self, Tables};
use crate::features::EXTRAS;
use crate::fx_hash::FxMap;
use crate::message::{Envelope, Msg};
use crate::pg::{self, Scopes};
use crate::proc_table::ProcTable;
use crate::process::{Busy, Job, Kind, Process, Supervisor, Worker, WorkerState};
use crate::pterm::PTerms;
use crate::queue::{EventQueue, Handle};
use crate::receive::{Want, select};
use crate::registry::{self, Registries};
use crate::scenario::{Behaviour, ChildSpec, Scenario, via_name};
use crate::term::{Pid, Ref, Term};
use crate::time::Time;
use crate::trace::{DropWhy, Event, Trace, TraceLevel};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

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
    pub(super) queue: EventQueue<Ev>,
    /// Live processes. A hash map for O(1) lookups on the hot path; nothing iterates it
    /// without sorting by pid first, so its order never reaches an output.
    pub procs: ProcTable,
    pub names: BTreeMap<Rc<str>, Pid>,
    /// Moves on every change to `names`: a pid read from it stays good while this is
    /// unchanged (`Sim::registered`).
    pub names_gen: u64,
    /// Child id → the pid currently running it (ids are unique per scenario). Shared
    /// copy-on-write with snapshots, as the processes are (`proc_table.rs`): in a big tree
    /// it changes far less often than snapshots are taken. Hashed, as it is only looked
    /// up: ordered by id, 100,000 starts compared `worker_…` strings a sixth of the time
    /// the start-up took. Pid numbers are kept as `usize`: the map is then of the type the
    /// child lists index their ids with, and the first-load bundle carries its code once.
    pub ids: Rc<FxMap<Rc<str>, usize>>,
    /// Named ETS tables alive now (`ets.rs`): runtime state, so snapshots carry it.
    pub tables: Tables,
    /// The `:persistent_term` table (`pterm.rs`): runtime state, so snapshots carry it.
    pub pterms: PTerms,
    /// Global persistent_term passes so far (updates that replaced a heap value).
    pub pterm_gc_passes: u64,
    /// Live Registry tables by registry name (`registry.rs`).
    pub registries: Registries,
    /// Live `:pg` scopes by name (`pg.rs`).
    pub pg: Scopes,
    /// The `:telemetry` handler table and each handler's counters (`telemetry.rs`).
    pub telemetry: crate::telemetry::Telemetry,
    /// Starts so far of each child that has `init_fails` (`init_fail.rs`), by child id.
    pub init_starts: BTreeMap<Rc<str>, u32>,
    /// Callers waiting for a GenServer to stop (`gen_stop.rs`).
    pub gen_stops: crate::gen_stop_wait::Waits,
    /// `spawn` / `spawn_link` commands sent to a process and not handled yet: the spec
    /// each will start, by the reference its cast carries (`proc_ops.rs`).
    pub spawn_specs: BTreeMap<Ref, Rc<ChildSpec>>,
    /// The `:counters` arrays of `counters_add` clients, by key: their one slot's value.
    pub counters: BTreeMap<Rc<str>, i64>,
    /// The last pid of each dead process whose id or name a `link`/`monitor`/... command
    /// names in `to`: the caller's code still holds that pid after the process died, as
    /// a real harness does (linking or monitoring it then gives `:noproc`).
    pub last_pids: BTreeMap<Rc<str>, Pid>,
    next_pid: u32,
    next_ref: u64,
    next_msg: u64,
    pub(super) next_epoch: u64,
    pub(super) runq: VecDeque<Pid>,
    /// Schedulers not running a job.
    pub(super) free: u32,
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
    /// Lookups into the scenario, worked out once (`scenario_index`).
    pub(crate) index: Rc<crate::scenario_index::ScenarioIndex>,
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

    /// Frees up to about `processes` of this snapshot's processes, for a snapshot being
    /// thrown away a part at a time (the app's store, thinned while a big run goes ahead);
    /// true once none is left and dropping the rest is cheap. A shed snapshot is never to
    /// be restored.
    pub fn shed(&mut self, processes: usize) -> bool {
        self.w.procs.shed(processes)
    }

    /// Processes still held (for a snapshot being shed).
    pub fn process_count(&self) -> usize {
        self.w.procs.len()
    }

    /// About how many bytes this snapshot's own tables cost: one pointer per page of the
    /// process table and the event queue. What it copied is [`Snapshot::copied_bytes`].
    /// Estimates for memory budgets, never an output of the run.
    pub fn table_bytes(&self) -> usize {
        std::mem::size_of::<World>()
            + self.w.procs.page_slots() * std::mem::size_of::<usize>()
            + self.w.queue.footprint()
    }

    /// About how many bytes of processes (and of the id map) this snapshot holds that
    /// `prev`, the snapshot kept before it, does not share: copied since, or new. Every
    /// one of them with no `prev`.
    pub fn copied_bytes(&self, prev: Option<&Snapshot>) -> usize {
        use std::mem::size_of;
        /// A process's own allocations besides its mailbox: its behaviour state, its
        /// links and monitors (a few small tree nodes).
        const PROCESS_HEAP: usize = 160;
        let w = &self.w;
        let (pages, unshared) = match prev {
            Some(p) => w.procs.unshared_with(&p.w.procs),
            None => w
                .procs
                .unshared_with(&crate::proc_table::ProcTable::default()),
        };
        let mut bytes = pages * crate::proc_table::PAGE_BYTES;
        for p in unshared {
            bytes += size_of::<Process>()
                + PROCESS_HEAP
                + (p.mailbox.len() + p.replay.len()) * size_of::<Envelope>();
        }
        if prev.is_none_or(|p| !Rc::ptr_eq(&w.ids, &p.w.ids)) {
            bytes += w.ids.len() * (size_of::<(Rc<str>, usize)>() + 16);
        }
        bytes
    }
}
impl World {
    /// A job numbered `epoch` and costing `cost` has started (`begin_job`): its scheduler
    /// is taken and its end queued.
    #[cfg_attr(not(feature = "lean"), inline(always))]
    #[cfg_attr(feature = "lean", inline)]
    pub(super) fn job_started(&mut self, pid: Pid, epoch: u64, cost: Time) {
        self.next_epoch += 1;
        self.free -= 1;
        // The queue's push is inlined (not in the first-load build): one event in three
        // is queued here.
        self.queue.push(self.now + cost, Ev::Done { pid, epoch });
    }
}

impl Sim {
    /// A fresh world for `scenario`: the clock at 0, nothing queued, only the harness
    /// process. The dispatcher's `Sim::with_trace` starts the run from here.
    /// `scenario` must have its partitions resolved (`Scenario::partitions_resolved`).
    pub(super) fn boot(scenario: Rc<Scenario>, level: TraceLevel) -> Sim {
        debug_assert!(scenario.partitions_resolved());
        let mut w = World {
            now: 0,
            queue: EventQueue::new(),
            procs: ProcTable::default(),
            names: BTreeMap::new(),
            names_gen: 0,
            // Room for the tree's ids at once: grown by doubling, 100,000 starts rehashed
            // the map 17 times.
            ids: Rc::new(FxMap::with_capacity_and_hasher(
                scenario
                    .process_count()
                    .min(crate::scenario::limits::MAX_PROCESSES),
                Default::default(),
            )),
            tables: BTreeMap::new(),
            pterms: PTerms::new(),
            pterm_gc_passes: 0,
            registries: BTreeMap::new(),
            pg: BTreeMap::new(),
            telemetry: crate::telemetry::Telemetry::new(&scenario.telemetry),
            init_starts: BTreeMap::new(),
            gen_stops: Default::default(),
            spawn_specs: BTreeMap::new(),
            counters: BTreeMap::new(),
            last_pids: BTreeMap::new(),
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
        Sim {
            w,
            trace: Trace::new(level),
            index: Rc::new(crate::scenario_index::ScenarioIndex::of(&scenario)),
            scenario,
        }
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

    /// How many processes are alive (the harness excluded), in constant time.
    pub fn process_count(&self) -> usize {
        self.w.procs.len().saturating_sub(1)
    }

    /// Live processes in pid order (the harness excluded).
    pub fn processes(&self) -> impl Iterator<Item = &Process> {
        // The table iterates in pid order already.
        self.w
            .procs
            .values()
            .filter(|p| !matches!(p.kind, Kind::Harness))
    }

    /// The process a name resolves to now: a registered atom, or a
    /// `{:via, Registry, {Reg, key}}` name through `Registry.whereis_name/1` (which
    /// skips a dead holder the registry has not cleaned up yet).
    pub fn whereis(&self, name: &str) -> Option<Pid> {
        if let Some(&pid) = self.w.names.get(name) {
            return Some(pid);
        }
        if EXTRAS && name.starts_with("{:via") {
            let (reg, key) = via_name(name)?;
            return registry::whereis(&self.w.registries, &reg, &key, |p| {
                self.w.procs.contains_key(&p)
            });
        }
        None
    }

    /// The pid registered as `name` (not a `:via` name), with the generation of the names
    /// table it was read at, for a caller that keeps it (`Client::resolved`).
    pub(crate) fn registered(&self, name: &str) -> Option<(u64, Pid)> {
        let pid = *self.w.names.get(name)?;
        Some((self.w.names_gen, pid))
    }

    /// The pid currently running child `id`.
    pub fn pid_of(&self, id: &str) -> Option<Pid> {
        self.w.ids.get(id).map(|&n| Pid(n as u32))
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
        crate::sort::sort_by_key(&mut v, |(seq, f)| (f.arrives_at, *seq));
        v.into_iter().map(|(_, f)| f).collect()
    }

    // ----- primitives, for the behaviours and the dispatcher ---------------------------

    #[inline]
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
        self.trace.push_send(self.w.now, id, from, to, &msg);
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
        let (tref, slot) = self.arm_timer(pid, after, msg_for);
        if let Some(p) = self.proc_mut(pid) {
            p.timers.insert(tref, slot);
        }
        tref
    }

    /// The queue's half of `start_timer`: the caller files the handle in `pid`'s `timers`
    /// (a caller that has the process at hand anyway saves looking it up again).
    #[inline]
    pub(crate) fn arm_timer(
        &mut self,
        pid: Pid,
        after: Time,
        msg_for: impl FnOnce(Ref) -> Msg,
    ) -> (Ref, Handle) {
        let tref = self.make_ref();
        let msg = msg_for(tref);
        (
            tref,
            self.schedule(self.w.now + after, Ev::Timer { pid, tref, msg }),
        )
    }

    pub(crate) fn cancel_timer(&mut self, pid: Pid, tref: Ref) {
        if let Some(slot) = self.proc_mut(pid).and_then(|p| p.timers.remove(&tref)) {
            self.cancel_slot(slot);
        }
    }

    /// Takes a timer's event out of the queue (the caller took its handle out of the
    /// process's `timers`).
    #[inline]
    pub(crate) fn cancel_slot(&mut self, h: Handle) {
        self.w.queue.cancel(h);
    }

    /// `erlang:monitor(process, target)`. Monitoring a dead process yields `:DOWN` with
    /// `:noproc` at once.
    pub(crate) fn monitor(&mut self, watcher: Pid, target: Pid) -> Ref {
        let (mref, alive) = self.watch(watcher, target);
        if alive && let Some(w) = self.proc_mut(watcher) {
            w.monitors.insert(mref, target);
        }
        mref
    }

    /// The target's half of `monitor`: a new reference filed in `target`'s watchers, and
    /// whether it was alive (if not, the `:DOWN` with `:noproc` is on its way). The caller
    /// files `(mref, target)` in the watcher's `monitors` if it was.
    #[inline]
    pub(crate) fn watch(&mut self, watcher: Pid, target: Pid) -> (Ref, bool) {
        let mref = self.make_ref();
        if let Some(t) = self.proc_mut(target) {
            t.watchers.insert(mref, watcher);
            return (mref, true);
        }
        self.send(
            target,
            watcher,
            Msg::Down {
                mref,
                pid: target,
                reason: Term::atom("noproc"),
            },
        );
        (mref, false)
    }

    /// `erlang:demonitor(mref, [:flush])`.
    pub(crate) fn demonitor_flush(&mut self, watcher: Pid, mref: Ref) {
        let target = self
            .proc_mut(watcher)
            .and_then(|w| w.monitors.remove(&mref));
        if let Some(target) = target {
            self.unwatch(target, mref);
        }
        self.flush_where(watcher, |m| is_down(m, mref));
    }

    /// The target's half of a demonitor: `mref` out of `target`'s watchers.
    #[inline]
    pub(crate) fn unwatch(&mut self, target: Pid, mref: Ref) {
        if let Some(t) = self.proc_mut(target) {
            t.watchers.remove(&mref);
        }
    }

    /// Removes matching messages from a mailbox (a `receive ... after 0` flush).
    pub(crate) fn flush_where(
        &mut self,
        pid: Pid,
        pred: impl Fn(&Msg) -> bool,
    ) -> Option<Envelope> {
        let p = self.w.procs.get_mut(&pid)?;
        flush_in(p, pred, self.w.now, &mut self.trace, &mut self.w.stats)
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
        self.spawn_child_as(parent, spec, Rc::from(spec.id()))
    }

    /// As `spawn_child`, with the child's id (`spec.id()`) already at hand: the supervisor's
    /// child list, the process, the id map and the trace then share one string.
    pub(crate) fn spawn_child_as(
        &mut self,
        parent: Pid,
        spec: &Rc<ChildSpec>,
        id: Rc<str>,
    ) -> Result<Pid, Term> {
        debug_assert_eq!(&*id, spec.id());
        if let Some(name) = spec.name()
            && let Some(&holder) = self.w.names.get(name)
        {
            return Err(Term::tuple(vec![
                Term::atom("already_started"),
                Term::Pid(holder),
            ]));
        }
        // A via name: gen's init_it registers through Registry.register_name/2 in the
        // new process, before init/1; a unique key a live process holds fails the start.
        let via = spec.name().filter(|_| EXTRAS).and_then(via_name);
        if let Some((reg, key)) = &via {
            match registry::lookup(&self.w.registries, reg, key) {
                None => return Err(registry::unknown(reg)),
                Some(holders) => {
                    if let Some(&holder) = holders.iter().find(|p| self.w.procs.contains_key(p)) {
                        return Err(Term::tuple(vec![
                            Term::atom("already_started"),
                            Term::Pid(holder),
                        ]));
                    }
                }
            }
        }
        let pid = Pid(self.w.next_pid);
        self.w.next_pid += 1;
        let kind = match &**spec {
            ChildSpec::Worker(_) => Kind::Worker(Box::new(Worker::new(spec))),
            ChildSpec::Supervisor(_)
            | ChildSpec::DynamicSupervisor(_)
            | ChildSpec::TaskSupervisor(_)
            | ChildSpec::PartitionSupervisor(_)
            | ChildSpec::Pool(_) => Kind::Supervisor(Box::new(Supervisor::new(
                spec,
                self.index.children_of(spec),
            ))),
        };
        let trap = match &**spec {
            // A registry's partitions trap exits: that is how they hear of deaths.
            ChildSpec::Worker(ws) => {
                ws.trap_exit || matches!(ws.behaviour, Behaviour::Registry { .. })
            }
            _ => true, // supervisors always trap exits
        };
        let mut p = Process::new(pid, parent, kind, trap, self.w.now);
        p.child_id = Some(id.clone());
        p.links.insert(parent);
        let name = spec.name().map(Rc::<str>::from);
        if let Some(n) = &name {
            p.name = Some(n.clone());
            if via.is_none() {
                self.w.names.insert(n.clone(), pid);
                self.w.names_gen += 1;
            }
        }
        self.w.procs.insert(pid, p);
        if let Some(parent_p) = self.proc_mut(parent) {
            parent_p.links.insert(pid);
        }
        Rc::make_mut(&mut self.w.ids).insert(id.clone(), pid.0 as usize);
        if let ChildSpec::Worker(ws) = &**spec
            && ws.init_fails.is_some()
        {
            *self.w.init_starts.entry(id.clone()).or_insert(0) += 1;
        }
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
        if let Some((reg, key)) = via {
            // Checked above: the registry exists and the key is free or stale.
            let _ = self.registry_register(pid, &reg, key);
        }
        self.wake(pid);
        Ok(pid)
    }

    /// `Registry.register(registry, key, nil)` in `pid`: the table write, then
    /// `Process.link/1` to the registry (how it hears of `pid`'s death). `Err` as
    /// `registry::register` says.
    pub(crate) fn registry_register(
        &mut self,
        pid: Pid,
        registry: &str,
        key: Term,
    ) -> Result<(), Term> {
        let procs = &self.w.procs;
        let id = procs.get(&pid).and_then(|p| p.child_id.clone());
        let owner = registry::register(&mut self.w.registries, registry, pid, id, &key, |p| {
            procs.contains_key(&p)
        })?;
        if let Some(p) = self.proc_mut(pid) {
            p.links.insert(owner);
        }
        if let Some(o) = self.proc_mut(owner) {
            o.links.insert(pid);
        }
        self.trace.push(
            self.w.now,
            Event::RegistryRegister {
                pid,
                registry: Rc::from(registry),
                key: Rc::new(key),
            },
        );
        Ok(())
    }

    /// `Registry.unregister(registry, key)` in `pid`; it unlinks from the registry when it
    /// has no key left there.
    pub(crate) fn registry_unregister(
        &mut self,
        pid: Pid,
        registry: &str,
        key: Term,
    ) -> Result<(), Term> {
        let (owner, left) = registry::unregister(&mut self.w.registries, registry, pid, &key)?;
        if !left {
            self.unlink(pid, owner);
        }
        self.trace.push(
            self.w.now,
            Event::RegistryUnregister {
                pid,
                registry: Rc::from(registry),
                key: Rc::new(key),
            },
        );
        Ok(())
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
        // The runtime gives each table the process owns to its heir, or deletes it.
        if EXTRAS && matches!(&p.kind, Kind::Worker(w) if !matches!(w.state, WorkerState::Pg)) {
            let procs = &self.w.procs;
            let fates = ets::owner_died(&mut self.w.tables, pid, |p| procs.contains_key(&p));
            for fate in fates {
                match fate {
                    ets::Fate::Deleted(table) => {
                        self.trace.push(now, Event::EtsDelete { pid, table })
                    }
                    // The heir gets its ETS-TRANSFER from the dead owner (ets_give.rs).
                    ets::Fate::Inherited(table, heir, data) => {
                        self.trace.push(
                            now,
                            Event::EtsTransfer {
                                table: table.clone(),
                                from: pid,
                                to: heir,
                                data: Rc::new(data.clone()),
                                inherited: true,
                            },
                        );
                        self.send(pid, heir, Msg::Info(ets::transfer(&table, pid, data)));
                    }
                }
            }
        }
        if EXTRAS && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Registry))
        {
            registry::owner_exited(&mut self.w.registries, pid);
        }
        if EXTRAS && matches!(&p.kind, Kind::Worker(w) if matches!(w.state, WorkerState::Pg)) {
            // The scope's ETS table dies with it (the `ets_delete` below says so).
            pg::owner_exited(&mut self.w.pg, pid);
            if let Some(name) = &p.name
                && let Some(table) = ets::owner_exited(&mut self.w.tables, pid, name)
            {
                self.trace.push(now, Event::EtsDelete { pid, table });
            }
        }
        if let Some(n) = &p.name
            && self.w.names.get(n) == Some(&pid)
        {
            self.w.names.remove(n);
            self.w.names_gen += 1;
        }
        if let Some(id) = &p.child_id
            && self.w.ids.get(id) == Some(&(pid.0 as usize))
        {
            Rc::make_mut(&mut self.w.ids).remove(id);
        }
        for key in p.child_id.iter().chain(&p.name) {
            if self.index.is_named_by_ops(key) {
                self.w.last_pids.insert(key.clone(), pid);
            }
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
            && matches!(env.msg, Msg::Sys(crate::message::SysMsg::Terminate(_)))
        {
            // Killed in the middle of a GenServer.stop's terminate/2: it had taken the
            // system message (and sys.erl had answered `:ok`), so its caller sees this
            // exit as the server's own. (Any other message being handled was received:
            // nothing is lost.)
            self.w.gen_stops.acknowledge(pid);
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

    /// A message the runtime puts straight into `to`'s mailbox, with no travel time (a
    /// timer's message, a trapped exit signal): counted and traced as sent now. The
    /// dispatcher delivers the envelope.
    pub(super) fn send_local(&mut self, from: Pid, to: Pid, msg: Msg) -> Envelope {
        let id = self.w.next_msg;
        self.w.next_msg += 1;
        self.w.stats.sent += 1;
        self.trace.push_send(self.w.now, id, from, to, &msg);
        Envelope {
            id,
            from,
            sent_at: self.w.now,
            msg,
        }
    }

    /// Puts a process on the run queue if it has something to do.
    pub(crate) fn wake(&mut self, pid: Pid) {
        if let Some(p) = self.w.procs.get_mut(&pid) {
            wake(p, &mut self.w.runq);
        }
    }

    /// Gives free schedulers to runnable processes, first come first served.
    pub(crate) fn assign_schedulers(&mut self) {
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
            let (now, epoch) = (self.w.now, self.w.next_epoch);
            if let Some(cost) = begin_job(p, now, epoch, &mut self.trace, &mut self.w.stats) {
                self.w.job_started(pid, epoch, cost);
            }
        }
    }

    /// `wake` as the last act of an event (the end of a job): see `start_or_wake`.
    pub(crate) fn wake_last(&mut self, pid: Pid) {
        let Some(p) = self.w.procs.get_mut(&pid) else {
            return;
        };
        let (now, epoch) = (self.w.now, self.w.next_epoch);
        let (free, runq) = (self.w.free, &mut self.w.runq);
        if let Some(cost) = start_or_wake(
            p,
            free,
            runq,
            now,
            epoch,
            &mut self.trace,
            &mut self.w.stats,
        ) {
            self.w.job_started(pid, epoch, cost);
        }
    }

    /// From a handler that just finished a job: the process stays on its scheduler for
    /// `cost` more (its `terminate/2`), then exits with `reason`.
    pub(crate) fn terminate_then_exit(&mut self, pid: Pid, cost: Time, reason: Term) {
        if cost == 0 || self.w.free == 0 {
            self.exit_process(pid, reason);
            return;
        }
        self.stay_busy(pid, cost, Job::Terminate(reason));
    }

    /// From a handler that just finished a call: the process stays on its scheduler for
    /// `cost` more (its `:telemetry` handlers), then sends `reply` to `to`.
    pub(crate) fn reply_after(&mut self, pid: Pid, cost: Time, to: Pid, tag: Ref, reply: Term) {
        if cost == 0 || self.w.free == 0 {
            self.send(pid, to, Msg::Reply { tag, reply });
            return;
        }
        self.stay_busy(pid, cost, Job::Reply { to, tag, reply });
    }

    /// From a handler that just finished a job: the process stays on its scheduler for
    /// `cost` more doing `job` (which acts when it ends). The caller checked that a
    /// scheduler is free (the one the finished job just gave back).
    pub(crate) fn stay_busy(&mut self, pid: Pid, cost: Time, job: Job) {
        let epoch = self.w.next_epoch;
        self.w.next_epoch += 1;
        let now = self.w.now;
        let Some(p) = self.w.procs.get_mut(&pid) else {
            return;
        };
        p.busy = Some(Busy {
            job,
            since: now,
            until: now + cost,
            epoch,
        });
        self.w.free -= 1;
        self.schedule(now + cost, Ev::Done { pid, epoch });
    }
}

/// A global persistent_term pass owed by `p` (`pterm_run.rs`) is paid on its next job:
/// the job takes that much longer, and `gc_paid` says how much of it was the pass.
fn take_gc_debt(p: &mut Process) -> Time {
    p.gc_paid = std::mem::take(&mut p.gc_debt);
    p.gc_paid
}

/// Starts `p`'s next job on a scheduler, numbered `epoch`, if it has one: its `init/1`,
/// a postponed event taken again, or the message its receive selects (recorded as
/// received). Returns the job's cost; `None` if `p` has nothing to do. The caller checked
/// that `p` is not busy and a scheduler is free, and then queues the job's end.
#[inline]
pub(super) fn begin_job(
    p: &mut Process,
    now: Time,
    epoch: u64,
    trace: &mut Trace,
    stats: &mut Stats,
) -> Option<Time> {
    // The job is built in place: an envelope is moved once, mailbox to `busy`.
    if p.init_pending {
        p.init_pending = false;
        let cost = init_cost(p);
        p.busy = Some(Busy {
            job: Job::Init,
            since: now,
            until: now + cost,
            epoch,
        });
        return Some(cost);
    }
    if let Some(env) = (!p.suspended).then(|| p.replay.pop_front()).flatten() {
        // An event taken again (a gen_statem's postponed event after a state change): it
        // was received once already, so no new `receive`.
        let cost = handle_cost(p, &env.msg) + take_gc_debt(p);
        p.busy = Some(Busy {
            job: Job::Handle(env),
            since: now,
            until: now + cost,
            epoch,
        });
        return Some(cost);
    }
    let idx = select(p)?;
    let env = if idx == 0 {
        p.mailbox.pop_front()
    } else {
        p.mailbox.remove(idx)
    }?;
    Some(receive_job(p, env, now, epoch, trace, stats))
}

/// Starts the job of handling `env`, which `p`'s receive has just taken (out of its
/// mailbox, or as it arrived: `takes_on_arrival`). Returns its cost. Inlined into its
/// callers (but in the first-load build): passing the envelope to a call copied it.
#[cfg_attr(not(feature = "lean"), inline(always))]
#[cfg_attr(feature = "lean", inline)]
pub(super) fn receive_job(
    p: &mut Process,
    env: Envelope,
    now: Time,
    epoch: u64,
    trace: &mut Trace,
    stats: &mut Stats,
) -> Time {
    p.scanned.set(0);
    let cost = handle_cost(p, &env.msg) + take_gc_debt(p);
    let id = env.id;
    p.busy = Some(Busy {
        job: Job::Handle(env),
        since: now,
        until: now + cost,
        epoch,
    });
    stats.received += 1;
    trace.push_receive(now, id, p.pid, cost);
    cost
}

/// Whether `env`, arriving at `p` with its mailbox empty, would be the job `begin_job`
/// starts next: `p` is idle, has no `init/1` or postponed event to take first, and its
/// receive takes `env`. The caller may then hand it over without the mailbox.
#[inline]
pub(super) fn takes_on_arrival(p: &Process, env: &Envelope) -> bool {
    p.mailbox.is_empty()
        && p.busy.is_none()
        && !p.init_pending
        && (p.suspended || p.replay.is_empty())
        && Want::of(p).takes(env)
}

/// Whether `m` is the `:DOWN` of monitor `mref`.
#[inline]
pub(crate) fn is_down(m: &Msg, mref: Ref) -> bool {
    matches!(m, Msg::Down { mref: r, .. } if *r == mref)
}

/// `flush_where` on a process at hand: the first message `pred` matches taken out of
/// `p`'s mailbox, recorded as received at `now`.
pub(crate) fn flush_in(
    p: &mut Process,
    pred: impl Fn(&Msg) -> bool,
    now: Time,
    trace: &mut Trace,
    stats: &mut Stats,
) -> Option<Envelope> {
    let idx = p.mailbox.iter().position(|e| pred(&e.msg))?;
    let env = p.mailbox.remove(idx)?;
    p.scanned.set(0);
    trace.push_receive(now, env.id, p.pid, 0);
    stats.received += 1;
    Some(env)
}

/// Makes `p` runnable as the last act of an event (a delivery, a job's end); returns the
/// cost of the job it starts at once, if it does (the caller then calls `job_started`
/// with `epoch`).
///
/// Every event ends with `assign_schedulers`, so an event starts with no scheduler free
/// or nobody waiting for one. When a scheduler is free now and nobody waits, then, `p`
/// would be alone on the run queue and get a scheduler as the event ends: it starts here
/// instead, with the same job at the same time, without the round trip through the run
/// queue (4.5 % of a hot GenServer's instructions went to it). Otherwise it is `wake`.
#[inline]
pub(super) fn start_or_wake(
    p: &mut Process,
    free: u32,
    runq: &mut VecDeque<Pid>,
    now: Time,
    epoch: u64,
    trace: &mut Trace,
    stats: &mut Stats,
) -> Option<Time> {
    if free == 0 || !runq.is_empty() {
        wake(p, runq);
        return None;
    }
    debug_assert!(!p.in_runq);
    if p.busy.is_some() || matches!(p.kind, Kind::Harness) {
        return None;
    }
    if !p.init_pending && p.replay.is_empty() && p.mailbox.is_empty() {
        // Nothing to do, as most jobs end: answered here rather than in `begin_job`.
        p.scanned.set(0);
        return None;
    }
    begin_job(p, now, epoch, trace, stats)
}

/// Puts a process on the run queue if it has something to do.
pub(super) fn wake(p: &mut Process, runq: &mut VecDeque<Pid>) {
    if p.in_runq || p.busy.is_some() || matches!(p.kind, Kind::Harness) {
        return;
    }
    if p.init_pending || (!p.suspended && !p.replay.is_empty()) || select(p).is_some() {
        p.in_runq = true;
        runq.push_back(p.pid);
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
