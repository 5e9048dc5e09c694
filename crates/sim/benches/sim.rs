//! Simulator benchmarks (criterion): raw speed in events per second with the full trace
//! on, starting a 10,000-process tree, one hot GenServer under 1,000 clients, and 10,000
//! starts routed over 8 PartitionSupervisor partitions, and the children group: starting
//! 1,000 / 10,000 / 100,000 children and 10,000 kills and restarts among them.
//! The new kinds' heavy cases: a Registry with 100,000 keys (register, lookup, cleanup), a
//! `:pg` group of 100,000 members (join, cleanup),
//! `:persistent_term` puts under 10,000 readers, a pool under 1,000 and 10,000 callers,
//! 1,000 gen_statems re-arming three time-outs on every call.
//! Run: `cargo bench -p otp-sim`. Results and how to read them: docs/benchmarks.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use otp_sim::scenario::{
    Behaviour, ChildSpec, ClientMode, ClientSpec, Config, PartitionChildSpec,
    PartitionSupervisorSpec, PoolSpec, PoolStrategy, Restart, Shutdown, Strategy, SupervisorSpec,
    WorkerSpec,
};
use otp_sim::{Command, Fault, Scenario, Sim, TraceLevel};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes, to show memory is linear in live processes.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    // Forwarded, not left to the default (allocate, copy, free): a growing trace must
    // grow in place as it does under the plain system allocator, or the bench measures
    // copies that real runs never make.
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new_size) };
        if !q.is_null() {
            LIVE.fetch_sub(l.size(), Ordering::Relaxed);
            LIVE.fetch_add(new_size, Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Heap bytes held by a started tree of `sups` × `per` workers (lifecycle trace).
fn bytes_for(sups: usize, per: usize) -> usize {
    let tree = wide_tree(sups, per);
    let before = LIVE.load(Ordering::Relaxed);
    let mut sim = Sim::with_trace(&tree, TraceLevel::Lifecycle);
    sim.run_until(1_000_000);
    let held = LIVE.load(Ordering::Relaxed) - before;
    drop(sim);
    held
}

fn worker(id: String, name: Option<&str>, behaviour: Behaviour) -> ChildSpec {
    ChildSpec::Worker(WorkerSpec {
        name: name.map(str::to_string),
        ..WorkerSpec::new(id, behaviour)
    })
}

fn sup(id: String, children: Vec<ChildSpec>) -> ChildSpec {
    ChildSpec::Supervisor(SupervisorSpec {
        id,
        name: None,
        restart: Restart::Permanent,
        shutdown: Shutdown::Infinity,
        strategy: Strategy::OneForOne,
        max_restarts: 3,
        max_seconds: 5,
        auto_shutdown: Default::default(),
        children,
    })
}

fn scenario(tree: ChildSpec, schedulers: u32) -> Scenario {
    Scenario {
        name: "bench".into(),
        description: String::new(),
        seed: 42,
        config: Config {
            schedulers,
            latency_us: 10,
            ..Config::default()
        },
        tree,
        faults: vec![],
        duration_ms: 1000,
        steps: vec![],
        telemetry: Default::default(),
    }
}

/// One server behind `clients` callers.
pub fn hot_server(clients: usize, service_us: u64, interval_us: u64) -> Scenario {
    let mut children = vec![worker(
        "server".into(),
        Some("Hot"),
        Behaviour::Server {
            service_us,
            table: None,
            stateless: false,
        },
    )];
    for i in 0..clients {
        children.push(worker(
            format!("client{i}"),
            None,
            Behaviour::Client(ClientSpec {
                target: "Hot".into(),
                mode: ClientMode::Call,
                interval_us,
                jitter: 0.2,
                timeout_ms: 5000,
                catch_timeout: true,
                request: ":ping".into(),
                read_us: None,
                write_every: None,
                task_us: None,
                fail_rate: None,
                work_us: None,
                key: None,
                task_result: None,
                task_yield: false,
                max_requests: None,
            }),
        ));
    }
    scenario(sup("root".into(), children), 8)
}

/// `sups` supervisors of `per` independent counters each.
pub fn wide_tree(sups: usize, per: usize) -> Scenario {
    let children = (0..sups)
        .map(|s| {
            sup(
                format!("sup{s}"),
                (0..per)
                    .map(|w| {
                        worker(
                            format!("w{s}_{w}"),
                            None,
                            Behaviour::Counter {
                                service_us: 10,
                                table: None,
                            },
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    scenario(sup("root".into(), children), 8)
}

/// A PartitionSupervisor of `partitions` DynamicSupervisors on as many schedulers, and
/// `starts` start_child calls through `{:via, PartitionSupervisor, {Rooms, key}}` at
/// 10 ms, keys 1..=starts (each child's init takes 200 µs): the routing, the queues at
/// every partition and the starts.
pub fn partitioned_starts(partitions: u32, starts: u32) -> Scenario {
    let rooms = ChildSpec::PartitionSupervisor(PartitionSupervisorSpec {
        id: "rooms".into(),
        name: "Rooms".into(),
        restart: Restart::Permanent,
        shutdown: Shutdown::Infinity,
        strategy: Strategy::OneForOne,
        max_restarts: 3,
        max_seconds: 5,
        partitions: Some(partitions),
        child_spec: PartitionChildSpec::default(),
        resolved: Vec::new(),
    });
    let mut room = worker(
        "room".into(),
        None,
        Behaviour::Counter {
            service_us: 10,
            table: None,
        },
    );
    if let ChildSpec::Worker(w) = &mut room {
        w.init_us = 200;
    }
    let mut s = scenario(sup("root".into(), vec![rooms]), partitions);
    s.faults = vec![Fault {
        at_ms: 10,
        target: "{:via, PartitionSupervisor, {Rooms, 1}}".into(),
        action: Command::StartChild {
            spec: Box::new(room),
        },
        count: starts,
    }];
    s
}

fn benches(c: &mut Criterion) {
    for (sups, per) in [(10, 100), (100, 100)] {
        let n = sups * per + sups + 1;
        let b = bytes_for(sups, per);
        println!(
            "memory: {n} live processes hold {b} bytes ({} bytes per process, lifecycle trace included)",
            b / n
        );
    }
    // Raw speed: many clients, cheap server, full trace.
    let s = hot_server(100, 1, 500);
    let mut probe = Sim::new(&s);
    probe.run_until(200_000);
    let events = probe.stats().events;
    let mut g = c.benchmark_group("raw_speed");
    g.throughput(Throughput::Elements(events));
    // The run: build, simulate and record. The finished Sim (its 380 k-entry trace) is
    // handed back and dropped outside the timing: tearing down the output is not
    // simulation work. `…_with_teardown` below times the drop too.
    g.bench_function("100_clients_200ms_full_trace", |b| {
        b.iter_with_large_drop(|| {
            let mut sim = Sim::new(black_box(&s));
            sim.run_until(200_000);
            sim
        })
    });
    g.bench_function("100_clients_200ms_full_trace_with_teardown", |b| {
        b.iter(|| {
            let mut sim = Sim::new(black_box(&s));
            sim.run_until(200_000);
            sim.stats().events
        })
    });
    g.finish();

    let tree = wide_tree(100, 100);
    let mut g = c.benchmark_group("tree_10k");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_101));
    g.bench_function("start_10101_processes", |b| {
        b.iter(|| {
            let mut sim = Sim::with_trace(black_box(&tree), TraceLevel::Full);
            sim.run_until(1_000_000);
            assert_eq!(sim.processes().count(), 10_101);
        })
    });
    let mut started = Sim::new(&tree);
    started.run_until(1_000_000);
    g.bench_function("snapshot_10101_processes", |b| {
        b.iter(|| black_box(started.snapshot()))
    });
    g.finish();

    let hot = hot_server(1000, 20, 10_000);
    let mut probe = Sim::new(&hot);
    probe.run_until(100_000);
    let mut g = c.benchmark_group("hot_genserver");
    g.sample_size(10);
    g.throughput(Throughput::Elements(probe.stats().events));
    g.bench_function("1000_clients_100ms", |b| {
        b.iter(|| {
            let mut sim = Sim::new(black_box(&hot));
            sim.run_until(100_000);
            sim.stats().events
        })
    });
    g.finish();
}

fn partition_benches(c: &mut Criterion) {
    // 8 partitions starting 10,000 children routed by key: the whole run to the last start.
    let s = partitioned_starts(8, 10_000);
    let mut probe = Sim::with_trace(&s, TraceLevel::Lifecycle);
    probe.run_until(1_000_000);
    assert!(
        probe.processes().count() > 10_000,
        "every start done within the run"
    );
    let mut g = c.benchmark_group("partition_supervisor");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("8_partitions_10000_starts", |b| {
        b.iter(|| {
            let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Lifecycle);
            sim.run_until(1_000_000);
            sim.stats().events
        })
    });
    g.finish();
}

/// `n` counters from one template under a supervisor (`dynamic`: a DynamicSupervisor,
/// whose initial children are `start_child` calls), and `kills` `:kill` exits from 100 ms,
/// one per child every 20 ms (time for the supervisor to restart them all one by one),
/// each answered by a one_for_one restart.
pub fn pool(n: usize, dynamic: bool, kills: usize) -> Scenario {
    let kind = if dynamic {
        "dynamic_supervisor"
    } else {
        "supervisor"
    };
    let faults: Vec<String> = (0..kills)
        .map(|k| {
            format!(
                r#"{{"at_ms":{},"target":"worker_{}","action":"exit","reason":":kill"}}"#,
                100 + 20 * (k / n),
                k % n + 1
            )
        })
        .collect();
    let text = format!(
        r#"{{"name":"pool","seed":1,"duration_ms":1000,"config":{{"schedulers":8,"latency_us":5}},
        "tree":{{"type":"{kind}","id":"pool","name":"Pool","max_restarts":200000,
        "children":[{{"template":{{"type":"worker","id":"worker","behaviour":{{"kind":"counter"}}}},"count":{n}}}]}},
        "faults":[{}]}}"#,
        faults.join(",")
    );
    Scenario::from_json(&text).expect("a valid pool")
}

/// Starting, finding and restarting a child cost the same whatever the number of its
/// siblings: start n children (per child, flat from 1,000 to 100,000), and 10,000 kills
/// and one_for_one restarts among n siblings.
fn children_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("children");
    g.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let s = pool(n, true, 0);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("start_{n}_dynamic_children"), |b| {
            b.iter(|| {
                let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Lifecycle);
                sim.run_until(50_000);
                sim.stats().spawned
            })
        });
    }
    for n in [1_000, 10_000, 100_000] {
        let s = pool(n, false, 10_000);
        let mut probe = Sim::with_trace(&s, TraceLevel::Lifecycle);
        probe.run_until(1_000_000);
        assert_eq!(probe.stats().restarts, 10_000, "every kill restarted");
        g.throughput(Throughput::Elements(10_000));
        g.bench_function(format!("kill_and_restart_10000_among_{n}"), |b| {
            b.iter_batched(
                || {
                    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
                    sim.run_until(50_000);
                    sim
                },
                |mut sim| {
                    sim.run_until(1_000_000);
                    sim
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// A poolboy pool of `size` workers (1 ms per call, 10 overflow) under `callers` clients
/// doing `pool_transaction` every 10 ms with a 100 ms checkout timeout (caught).
pub fn pool_under_load(size: u32, callers: usize) -> Scenario {
    let mut children = vec![ChildSpec::Pool(PoolSpec {
        id: "db".into(),
        name: "Db".into(),
        restart: Restart::Permanent,
        shutdown: Shutdown::Timeout(5000),
        size,
        max_overflow: 10,
        strategy: PoolStrategy::Lifo,
        service_us: 1000,
        init_us: 0,
    })];
    for i in 0..callers {
        children.push(worker(
            format!("caller{i}"),
            None,
            Behaviour::Client(ClientSpec {
                target: "Db".into(),
                mode: ClientMode::PoolTransaction,
                interval_us: 10_000,
                jitter: 0.2,
                timeout_ms: 100,
                catch_timeout: true,
                request: ":query".into(),
                read_us: None,
                write_every: None,
                task_us: None,
                fail_rate: None,
                work_us: None,
                key: None,
                task_result: None,
                task_yield: false,
                max_requests: None,
            }),
        ));
    }
    scenario(sup("root".into(), children), 8)
}

fn pool_benches(c: &mut Criterion) {
    // 10,000 callers over a pool of 50 for 200 ms: a long checkout queue, timeouts and
    // cancel_waiting casts, with the full trace.
    let s = pool_under_load(50, 10_000);
    let mut g = c.benchmark_group("pool");
    g.sample_size(10);
    g.bench_function("50_workers_10000_callers_200ms_full_trace", |b| {
        b.iter(|| {
            let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Full);
            sim.run_until(200_000);
            sim.stats().events
        })
    });
    g.finish();
}

/// A unique-key Registry (8 partitions) and `n` temporary servers under one supervisor,
/// each named `{:via, Registry, {Reg, i}}` (registered as it starts); at 100 ms 10,000
/// `Registry.lookup/2` calls from outside at 1 s (all started by then); at 1.2 s the supervisor is killed, its
/// children die with it and the registry cleans up all `n` keys as it handles their
/// `:EXIT`s.
pub fn registry_keys(n: usize) -> Scenario {
    let holders: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"worker","id":"h{i}","restart":"temporary","name":"{{:via, Registry, {{Reg, {i}}}}}"}}"#
            )
        })
        .collect();
    let mut faults: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                r#"{{"at_ms":1000,"target":"Reg","action":"lookup","key":"{}"}}"#,
                i * 7 % n
            )
        })
        .collect();
    faults.push(r#"{"at_ms":1200,"target":"holders","action":"exit","reason":":kill"}"#.into());
    let text = format!(
        r#"{{"name":"registry","seed":1,"duration_ms":4000,"config":{{"schedulers":8,"latency_us":5}},
        "tree":{{"type":"supervisor","id":"root","children":[
          {{"type":"worker","id":"registry","name":"Reg","behaviour":{{"kind":"registry","keys":"unique","partitions":8}}}},
          {{"type":"supervisor","id":"holders","restart":"temporary","children":[{}]}}]}},
        "faults":[{}]}}"#,
        holders.join(","),
        faults.join(",")
    );
    Scenario::from_json(&text).expect("a valid registry scenario")
}

/// The keys the registry holds now.
fn registered(sim: &Sim) -> usize {
    sim.registries().iter().map(|r| r.entries.len()).sum()
}

/// Registering, looking up and cleaning up cost the same per key with 10,000 keys as
/// with 100,000 (each phase is timed on its own: the run up to it is set-up).
fn registry_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("registry");
    g.sample_size(10);
    for n in [10_000, 100_000] {
        let s = registry_keys(n);
        let mut probe = Sim::with_trace(&s, TraceLevel::Lifecycle);
        probe.run_until(999_000);
        assert_eq!(registered(&probe), n, "every key registered");
        probe.run_until(4_000_000);
        assert_eq!(registered(&probe), 0, "every key cleaned up");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("start_and_register_{n}_keys"), |b| {
            b.iter(|| {
                let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Lifecycle);
                sim.run_until(999_000);
                sim
            })
        });
        g.throughput(Throughput::Elements(10_000));
        g.bench_function(format!("lookup_10000_among_{n}_keys"), |b| {
            b.iter_batched(
                || {
                    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
                    sim.run_until(999_000);
                    sim
                },
                |mut sim| {
                    sim.run_until(1_150_000);
                    sim
                },
                criterion::BatchSize::LargeInput,
            )
        });
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("cleanup_{n}_keys"), |b| {
            b.iter_batched(
                || {
                    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
                    sim.run_until(1_150_000);
                    sim
                },
                |mut sim| {
                    sim.run_until(4_000_000);
                    sim
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// A `:pg` scope and `n` temporary workers under one supervisor, each joining `:lobby` as
/// its `init/1` ends; at 1 s one `get_members`; at 1.2 s the supervisor is killed and
/// the scope removes every member as it handles their `:DOWN`s.
pub fn pg_members(n: usize) -> Scenario {
    let text = format!(
        r#"{{"name":"pg","seed":1,"duration_ms":4000,"config":{{"schedulers":8,"latency_us":5}},
        "tree":{{"type":"supervisor","id":"root","children":[
          {{"type":"worker","id":"scope","name":"chat","behaviour":{{"kind":"pg"}}}},
          {{"type":"supervisor","id":"members","restart":"temporary","children":[
            {{"template":{{"type":"worker","id":"m","restart":"temporary","joins":[{{"scope":"chat","group":":lobby"}}]}},"count":{n}}}]}}]}},
        "faults":[{{"at_ms":1000,"target":"chat","action":"members","group":":lobby"}},
          {{"at_ms":1200,"target":"members","action":"exit","reason":":kill"}}]}}"#
    );
    Scenario::from_json(&text).expect("a valid pg scenario")
}

/// Members of every group of every scope now.
fn pg_joined(sim: &Sim) -> usize {
    sim.pg_scopes()
        .iter()
        .flat_map(|s| s.groups.iter())
        .map(|g| g.members.len())
        .sum()
}

/// Joining and the cleanup of dead members cost the same per member in a group of
/// 10,000 as in one of 100,000.
fn pg_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("pg");
    g.sample_size(10);
    for n in [10_000, 100_000] {
        let s = pg_members(n);
        let mut probe = Sim::with_trace(&s, TraceLevel::Lifecycle);
        probe.run_until(999_000);
        assert_eq!(pg_joined(&probe), n, "every member joined");
        probe.run_until(4_000_000);
        assert_eq!(pg_joined(&probe), 0, "every member removed");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("start_and_join_{n}_members"), |b| {
            b.iter(|| {
                let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Lifecycle);
                sim.run_until(999_000);
                sim
            })
        });
        g.bench_function(format!("remove_{n}_dead_members"), |b| {
            b.iter_batched(
                || {
                    let mut sim = Sim::with_trace(&s, TraceLevel::Lifecycle);
                    sim.run_until(1_150_000);
                    sim
                },
                |mut sim| {
                    sim.run_until(4_000_000);
                    sim
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// `n` clients reading `:persistent_term.get(:config)` every 10 ms, and a put replacing
/// the list stored there every 10 ms from 5 ms: each put is a global pass that every
/// live process pays for on its next job.
pub fn persistent_term_readers(n: usize) -> Scenario {
    let faults: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"at_ms":{},"target":"config","action":"persistent_term_put","value":"[{i}, 1, 2]"}}"#,
                5 + 10 * i
            )
        })
        .collect();
    let text = format!(
        r#"{{"name":"pterm","seed":1,"duration_ms":200,"config":{{"schedulers":8,"latency_us":5}},
        "tree":{{"type":"supervisor","id":"root","children":[
          {{"template":{{"type":"worker","id":"reader","behaviour":{{"kind":"client","mode":"persistent_term_get","key":"config","interval_us":10000,"jitter":0.5}}}},"count":{n}}}]}},
        "faults":[{{"at_ms":0,"target":"config","action":"persistent_term_put","value":"[0]"}},{}]}}"#,
        faults.join(",")
    );
    Scenario::from_json(&text).expect("a valid persistent_term scenario")
}

/// Criterion group `group`: each case run from the start to `until_us` with the full
/// trace, its throughput the events a first run counts.
fn events_group(c: &mut Criterion, group: &str, cases: Vec<(String, Scenario)>, until_us: u64) {
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    for (name, s) in cases {
        let mut probe = Sim::with_trace(&s, TraceLevel::Full);
        probe.run_until(until_us);
        g.throughput(Throughput::Elements(probe.stats().events));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut sim = Sim::with_trace(black_box(&s), TraceLevel::Full);
                sim.run_until(until_us);
                sim.stats().events
            })
        });
    }
    g.finish();
}

/// Twenty puts with 1,000 and with 10,000 readers, full trace: the cost per reader stays
/// flat (a pass is one visit of each process, not a scan per read).
fn persistent_term_benches(c: &mut Criterion) {
    let cases = [1_000, 10_000]
        .map(|n| {
            let name = format!("20_puts_{n}_readers_200ms_full_trace");
            (name, persistent_term_readers(n))
        })
        .to_vec();
    events_group(c, "persistent_term", cases, 200_000);
}

/// The pool bench's load with 1,000 callers beside the 10,000 one: events per second
/// should not fall as the checkout queue grows.
fn pool_scaling_benches(c: &mut Criterion) {
    let cases = [1_000, 10_000]
        .map(|n| {
            let name = format!("50_workers_{n}_callers_200ms_full_trace");
            (name, pool_under_load(50, n))
        })
        .to_vec();
    events_group(c, "pool_scaling", cases, 200_000);
}

/// `n` gen_statems, each called every millisecond (± half) by a client of its own. Every
/// call flips the state and arms three time-outs: an event timeout (cancelled by the next
/// event), a generic timeout (restarted by the next call: it survives the flips) and a
/// state timeout (cancelled by the next flip); the jitter lets some of each fire.
pub fn statem_timeouts(n: usize) -> Scenario {
    let state = |name: &str, next: &str| {
        format!(
            r#"{{"name":"{name}","on":[
              {{"event":"call","next":"{next}","reply":":ok","cost_us":5,"actions":[
                {{"type":"timeout","ms":1}},{{"type":"generic_timeout","name":":idle","ms":3}},
                {{"type":"state_timeout","ms":2}}]}},
              {{"event":"timeout"}},{{"event":"state_timeout"}},
              {{"event":"generic_timeout","match":":idle"}}]}}"#
        )
    };
    let (a, b) = (state("a", "b"), state("b", "a"));
    let children: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"worker","id":"m{i}","name":"Machine{i}","behaviour":{{"kind":"statem","initial":"a","states":[{a},{b}]}}}},
                {{"type":"worker","id":"c{i}","behaviour":{{"kind":"client","target":"Machine{i}","request":":go","interval_us":1000,"jitter":0.5}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"name":"statem_timeouts","seed":1,"duration_ms":200,"config":{{"schedulers":8}},
        "tree":{{"type":"supervisor","id":"root","children":[{}]}}}}"#,
        children.join(",")
    );
    Scenario::from_json(&text).expect("a valid gen_statem scenario")
}

/// 100 and 1,000 gen_statems re-arming their time-outs on every call: the cost of arming
/// and cancelling timers, which the timing wheel makes constant per timer.
fn statem_benches(c: &mut Criterion) {
    let cases = [100, 1_000]
        .map(|n| {
            let name = format!("{n}_machines_3_timeouts_per_call_200ms_full_trace");
            (name, statem_timeouts(n))
        })
        .to_vec();
    events_group(c, "statem_timeouts", cases, 200_000);
}

criterion_group!(
    sim_benches,
    benches,
    partition_benches,
    children_benches,
    pool_benches,
    registry_benches,
    pg_benches,
    persistent_term_benches,
    pool_scaling_benches,
    statem_benches
);
criterion_main!(sim_benches);
