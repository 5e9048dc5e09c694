//! Property tests over random supervision trees and random fault schedules: the simulator
//! never panics, never loses a message silently, never restarts beyond the intensity,
//! is deterministic, and a snapshot restored and run on gives the run that never stopped.

use otp_sim::scenario::{
    Action, AutoShutdown, Behaviour, ChildSpec, ClientMode, ClientSpec, Config, CountOp,
    DynamicSupervisorSpec, EmitterSpec, EventType, HandlerSpec, InitFails, InitResult, Keys,
    MaxChildren, Measurement, MetricKind, MetricSpec, PartitionChildSpec, PartitionSupervisorSpec,
    PgJoin, PoolSpec, PoolStrategy, Registration, Restart, Rule, Shutdown, StateSpec, StatemSpec,
    StatsOp, Strategy as SupStrategy, SupervisorSpec, TaskSupervisorSpec, TelemetrySpec,
    WorkerSpec,
};
use otp_sim::{Command, Event, Fault, Scenario, Sim};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn restart() -> impl Strategy<Value = Restart> {
    prop_oneof![
        Just(Restart::Permanent),
        Just(Restart::Transient),
        Just(Restart::Temporary)
    ]
}

fn shutdown() -> impl Strategy<Value = Shutdown> {
    prop_oneof![
        Just(Shutdown::BrutalKill),
        Just(Shutdown::Infinity),
        (0u64..300).prop_map(Shutdown::Timeout)
    ]
}

fn strategy() -> impl Strategy<Value = SupStrategy> {
    prop_oneof![
        Just(SupStrategy::OneForOne),
        Just(SupStrategy::OneForAll),
        Just(SupStrategy::RestForOne)
    ]
}

/// A worker: server, counter, agent or client (clients target `Srv0`, which every tree has,
/// or `Tasks`, the task_supervisor every tree has, or `Agent0`, the agent every tree has, or
/// nothing: mode `async`).
fn worker() -> impl Strategy<Value = ChildSpec> {
    let behaviour = prop_oneof![
        (0u64..3000).prop_map(|service_us| Behaviour::Server {
            service_us,
            table: None,
            stateless: false
        }),
        (0u64..100).prop_map(|service_us| Behaviour::Counter {
            service_us,
            table: None
        }),
        (
            0u64..2000,
            prop::sample::select(vec!["0", "-5", ":empty", "{1, 2}"])
        )
            .prop_map(|(service_us, initial)| Behaviour::Agent {
                initial: initial.into(),
                service_us,
            }),
        (
            (
                100u64..50_000,
                0u8..15,
                1u64..50,
                any::<bool>(),
                0.0f64..0.5
            ),
            (
                prop::option::of(0u64..20),
                prop::option::of(1u64..5),
                prop::option::of(0u64..60_000),
                prop::option::of(0.0f64..=1.0),
                prop::option::of(0u64..20_000),
                any::<bool>(),
            ),
        )
            .prop_map(
                |(
                    (interval_us, mode, timeout_ms, catch_timeout, jitter),
                    (read_us, write_every, task_us, fail_rate, work_us, to_fsm),
                )| {
                    let mode = match mode {
                        0 => ClientMode::Call,
                        1 => ClientMode::Cast,
                        2 => ClientMode::Ets,
                        3 => ClientMode::Async,
                        4 => ClientMode::AsyncNolink,
                        5 => ClientMode::AgentGet,
                        6 => ClientMode::AgentUpdate,
                        7 => ClientMode::AgentGetAndUpdate,
                        8 => ClientMode::AgentCast,
                        9 => ClientMode::AgentGetThenUpdate,
                        10 => ClientMode::PersistentTermGet,
                        11 => ClientMode::PersistentTermIncr,
                        12 => ClientMode::Dispatch,
                        13 => ClientMode::PoolTransaction,
                        _ => ClientMode::Local,
                    };
                    let ets = mode == ClientMode::Ets;
                    // Calls and casts go to the statem `Fsm0` half the time, with one of
                    // the requests its random rules match.
                    let fsm = to_fsm && matches!(mode, ClientMode::Call | ClientMode::Cast);
                    Behaviour::Client(ClientSpec {
                        target: match mode {
                            ClientMode::Async | ClientMode::Local => String::new(),
                            m if m.is_persistent_term() => String::new(),
                            ClientMode::AsyncNolink => "Tasks".into(),
                            m if m.is_agent() => "Agent0".into(),
                            ClientMode::Dispatch => "Topics0".into(),
                            ClientMode::PoolTransaction => "Pool0".into(),
                            _ if fsm => "Fsm0".into(),
                            _ => "Srv0".into(),
                        },
                        mode,
                        interval_us,
                        jitter,
                        timeout_ms,
                        catch_timeout,
                        request: if fsm {
                            [":a", ":b", ":ping"][(interval_us % 3) as usize].into()
                        } else {
                            ":ping".into()
                        },
                        read_us: read_us.filter(|_| ets || mode.is_persistent_term()),
                        write_every: write_every.filter(|_| ets),
                        task_us: task_us.filter(|_| mode.is_task()),
                        fail_rate: fail_rate.filter(|_| mode.is_task()),
                        work_us: work_us.filter(|_| {
                            matches!(
                                mode,
                                ClientMode::AgentGetThenUpdate
                                    | ClientMode::Local
                                    | ClientMode::PersistentTermIncr
                            )
                        }),
                        max_requests: work_us.map(|us| us % 7),
                        // Persistent_term clients: two keys, so that clients share one
                        // and race on it. Dispatch clients: one Registry key.
                        key: if mode.is_persistent_term() {
                            Some(format!("k{}", interval_us % 2))
                        } else {
                            (mode == ClientMode::Dispatch).then(|| ":t".into())
                        },
                        // Tasks return values; linked ones sometimes yield and go on.
                        task_result: mode.is_task().then(|| {
                            ["{:ok, 42}", ":ok", "[1, 2]"][(interval_us % 3) as usize].into()
                        }),
                        task_yield: mode == ClientMode::Async && interval_us % 2 == 0,
                    })
                },
            ),
    ];
    (
        restart(),
        shutdown(),
        behaviour,
        any::<bool>(),
        0u64..2000,
        0u64..200_000,
    )
        .prop_map(
            |(restart, shutdown, behaviour, trap_exit, init_us, terminate_us)| {
                // An agent has no terminate/2 of its own.
                let terminate_us = if matches!(behaviour, Behaviour::Agent { .. }) {
                    0
                } else {
                    terminate_us
                };
                ChildSpec::Worker(WorkerSpec {
                    id: String::new(),
                    name: None,
                    restart,
                    shutdown,
                    behaviour,
                    trap_exit,
                    init_us,
                    terminate_us,
                    // Every other worker subscribes to :t in the registry Topics0.
                    // Every third worker joins :g in the pg scope chat0.
                    joins: if init_us % 3 == 0 {
                        vec![PgJoin {
                            scope: "chat0".into(),
                            group: ":g".into(),
                        }]
                    } else {
                        Vec::new()
                    },
                    registers: if init_us % 2 == 0 {
                        vec![Registration {
                            registry: "Topics0".into(),
                            key: ":t".into(),
                        }]
                    } else {
                        Vec::new()
                    },
                    // One worker in three has an init/1 that fails on some starts:
                    // :ignore, {:stop, _} or a raise, from its first or a later start.
                    init_fails: (terminate_us % 3 == 0).then(|| InitFails {
                        with: [InitResult::Ignore, InitResult::Stop, InitResult::Raise]
                            [(terminate_us / 3 % 3) as usize],
                        reason: None,
                        from_start: 1 + (terminate_us / 9 % 3) as u32,
                        starts: [None, Some(1), Some(2)][(terminate_us / 27 % 3) as usize],
                    }),
                    significant: false,
                })
            },
        )
}

/// A random gen_statem of three states: rules for random events (some with no clause
/// for what arrives, so it crashes), random next states, replies, counts, guards and
/// time-out actions, and postpones; made valid (what validation rejects is left out).
fn statem() -> impl Strategy<Value = StatemSpec> {
    let action = (0u8..6, 1u64..400, any::<bool>()).prop_map(|(k, ms, n)| {
        let name = if n { ":n1" } else { ":n2" }.to_string();
        match k {
            0 => Action::StateTimeout { ms },
            1 => Action::Timeout { ms },
            2 => Action::GenericTimeout { name, ms },
            3 => Action::CancelStateTimeout,
            4 => Action::CancelGenericTimeout { name },
            _ => Action::Postpone,
        }
    });
    let rule = (
        (0u8..6, 0u8..5, prop::option::of(0usize..3), any::<bool>()),
        (
            0u64..3000,
            0u8..3,
            prop::option::of(0u64..3),
            prop::collection::vec(action, 0..3),
        ),
    )
        .prop_map(
            |((ev, m, next, reply), (cost_us, count, min_count, actions))| {
                let event = [
                    EventType::Call,
                    EventType::Cast,
                    EventType::Info,
                    EventType::StateTimeout,
                    EventType::Timeout,
                    EventType::GenericTimeout,
                ][ev as usize];
                let timeout = matches!(
                    event,
                    EventType::StateTimeout | EventType::Timeout | EventType::GenericTimeout
                );
                let matches = match event {
                    EventType::StateTimeout | EventType::Timeout => None,
                    EventType::GenericTimeout => Some(if m % 2 == 0 { ":n1" } else { ":n2" }),
                    _ => [
                        Some(":a"),
                        Some(":b"),
                        Some("{:hello, 1}"),
                        Some(":poison"),
                        None,
                    ][m as usize],
                }
                .map(String::from);
                let mut seen = Vec::new();
                let actions: Vec<Action> = actions
                    .into_iter()
                    .filter(|a| !(timeout && matches!(a, Action::Postpone)))
                    .filter(|a| {
                        let key = match a {
                            Action::StateTimeout { .. } | Action::CancelStateTimeout => "s".into(),
                            Action::Timeout { .. } => "t".into(),
                            Action::GenericTimeout { name, .. }
                            | Action::CancelGenericTimeout { name } => name.clone(),
                            Action::Postpone => "p".into(),
                        };
                        let fresh = !seen.contains(&key);
                        seen.push(key);
                        fresh
                    })
                    .collect();
                let postpones = actions.iter().any(|a| matches!(a, Action::Postpone));
                Rule {
                    event,
                    matches,
                    min_count,
                    next: next.map(|i| format!("s{i}")),
                    reply: (reply && event == EventType::Call && !postpones)
                        .then(|| ":ok".to_string()),
                    cost_us,
                    count: [None, Some(CountOp::Incr), Some(CountOp::Reset)][count as usize],
                    actions,
                }
            },
        );
    prop::collection::vec(prop::collection::vec(rule, 0..6), 3).prop_map(|rules| StatemSpec {
        initial: "s0".into(),
        states: rules
            .into_iter()
            .enumerate()
            .map(|(i, on)| StateSpec {
                name: format!("s{i}"),
                on,
            })
            .collect(),
    })
}

fn tree() -> impl Strategy<Value = ChildSpec> {
    let leaf = worker();
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            (
                strategy(),
                restart(),
                0u32..4,
                1u32..3,
                prop::collection::vec(inner.clone(), 0..5)
            )
                .prop_map(
                    |(strategy, restart, max_restarts, max_seconds, children)| {
                        ChildSpec::Supervisor(SupervisorSpec {
                            id: String::new(),
                            name: None,
                            restart,
                            shutdown: Shutdown::Infinity,
                            strategy,
                            max_restarts,
                            max_seconds,
                            auto_shutdown: Default::default(),
                            children,
                        })
                    }
                ),
            (
                restart(),
                0u32..4,
                prop::option::of(0u32..4),
                prop::collection::vec(worker(), 0..4)
            )
                .prop_map(|(restart, max_restarts, max_children, children)| {
                    ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
                        id: String::new(),
                        name: None,
                        restart,
                        shutdown: Shutdown::Infinity,
                        max_restarts,
                        max_seconds: 1,
                        max_children: MaxChildren(max_children),
                        children,
                    })
                }),
        ]
    })
}

/// Gives every node a unique id, and makes the first worker a server named `Srv0` that
/// owns the ETS table `srv0` (which `ets` clients read).
fn number(spec: &mut ChildSpec, n: &mut usize, named: &mut bool) {
    *n += 1;
    match spec {
        ChildSpec::Worker(w) => {
            w.id = format!("w{n}");
            if !*named {
                w.name = Some("Srv0".into());
                w.behaviour = Behaviour::Server {
                    service_us: 500,
                    table: Some("srv0".into()),
                    stateless: false,
                };
                *named = true;
            }
        }
        ChildSpec::Supervisor(s) => {
            s.id = format!("s{n}");
            for c in &mut s.children {
                number(c, n, named);
            }
        }
        ChildSpec::DynamicSupervisor(s) => {
            s.id = format!("d{n}");
            for c in &mut s.children {
                number(c, n, named);
            }
        }
        ChildSpec::TaskSupervisor(_) | ChildSpec::PartitionSupervisor(_) | ChildSpec::Pool(_) => {}
    }
}

/// Child ids of the server and counter workers (those `telemetry.emitters` may name).
fn emitting(spec: &ChildSpec, out: &mut Vec<String>) {
    if let ChildSpec::Worker(w) = spec
        && matches!(
            w.behaviour,
            Behaviour::Server { .. } | Behaviour::Counter { .. }
        )
        && !out.contains(&w.id)
    {
        out.push(w.id.clone());
    }
    for c in spec.children() {
        emitting(c, out);
    }
}

/// Every other nested Supervisor gets an `auto_shutdown` (alternately any / all
/// significant), and its transient and temporary workers become significant (what
/// validation allows).
fn auto_shutdowns(spec: &mut ChildSpec, n: &mut u32) {
    if let ChildSpec::Supervisor(s) = spec {
        *n += 1;
        if n.is_multiple_of(2) {
            s.auto_shutdown = if n.is_multiple_of(4) {
                AutoShutdown::AnySignificant
            } else {
                AutoShutdown::AllSignificant
            };
            for c in s.children.iter_mut() {
                if let ChildSpec::Worker(w) = c
                    && w.restart != Restart::Permanent
                {
                    w.significant = true;
                }
            }
        }
    }
    if let ChildSpec::Supervisor(s) = spec {
        for c in s.children.iter_mut() {
            auto_shutdowns(c, n);
        }
    }
}

fn ids(spec: &ChildSpec, out: &mut Vec<String>) {
    out.push(spec.id().to_string());
    for c in spec.children() {
        ids(c, out);
    }
}

fn action() -> impl Strategy<Value = Command> {
    prop_oneof![
        prop::sample::select(vec![
            ":kill",
            ":normal",
            ":shutdown",
            "{:shutdown, :x}",
            ":boom"
        ])
        .prop_map(|r| Command::Exit { reason: r.into() }),
        Just(Command::Crash {
            message: "boom".into()
        }),
        prop::sample::select(vec![":normal", ":shutdown", ":bad"])
            .prop_map(|r| Command::Stop { reason: r.into() }),
        Just(Command::Poison),
        Just(Command::Suspend),
        Just(Command::Resume),
        Just(Command::Send {
            message: "{:hello, 1}".into()
        }),
        // Registry commands, aimed at any process: it registers or unregisters itself in
        // Topics0 (a registry asked to ignores it). `lookup` is a pure read of a registry
        // (validation wants a registry as its target), left out here.
        Just(Command::Register {
            registry: "Topics0".into(),
            key: ":t".into()
        }),
        Just(Command::Unregister {
            registry: "Topics0".into(),
            key: ":t".into()
        }),
        Just(Command::Join {
            scope: "chat0".into(),
            group: ":g".into()
        }),
        Just(Command::Leave {
            scope: "chat0".into(),
            group: ":g".into()
        }),
        // `:sys` debugging: refused (recorded as missed) where it does not apply.
        Just(Command::GetState),
        prop::sample::select(vec!["5", "{:handled, 2}", ":x"])
            .prop_map(|t| Command::ReplaceState { state: t.into() }),
        any::<bool>().prop_map(Command::Trace),
        prop::sample::select(vec![StatsOp::On, StatsOp::Off, StatsOp::Get])
            .prop_map(Command::Statistics),
        Just(Command::NoDebug),
        // GenServer.stop and stopping calls: refused (missed) where they do not apply.
        (
            prop::sample::select(vec![":normal", ":shutdown", ":bad"]),
            prop::option::of(prop::sample::select(vec![0u64, 1, 100]))
        )
            .prop_map(|(r, t)| Command::GenServerStop {
                reason: r.into(),
                timeout_ms: t
            }),
        (
            prop::sample::select(vec![":normal", ":bad"]),
            prop::option::of(Just(":bye".to_string())),
            prop::sample::select(vec![1u64, 5000])
        )
            .prop_map(|(r, reply, t)| Command::CallStop {
                reason: r.into(),
                reply,
                timeout_ms: t
            }),
    ]
}

prop_compose! {
    fn scenario()(mut root in tree(), strat in strategy(), seed in any::<u64>(), schedulers in 1u32..4, latency in 0u64..100,
                  task_max in prop::option::of(0u32..3),
                  agent_initial in prop::sample::select(vec!["0", "0", "0", ":empty"]), agent_us in 0u64..3000,
                  fsm in statem(), fsm_terminate_us in 0u64..50_000,
                  raw_faults in prop::collection::vec((0u64..2500, any::<prop::sample::Index>(), action()), 0..12),
                  partitions in 1u32..4, part_max in prop::option::of(0u32..3), part_restarts in 0u32..3,
                  routed in prop::collection::vec((0u64..2500, prop::sample::select(vec!["0", "1", "-5", ":a", "\"room\"", "{:user, 7}", "[1, 2]"]), prop::option::of(action()), 1u32..4), 0..6),
                  // persistent_term puts (immediate and heap values) and erases (None) of
                  // the clients' keys, and the cost of a global pass.
                  pterm_faults in prop::collection::vec((0u64..2500, 0u8..2, prop::option::of(prop::sample::select(vec!["0", "7", ":x", "{:v, 1}", "[:a]", "\"s\""]))), 0..8),
                  pterm_gc_us in 0u64..500,
                  // :telemetry: handlers (events, cost, raising from the n-th call, metric)
                  // and detach / attach commands at random times.
                  tel in (prop::collection::vec((prop::sample::subsequence(vec!["app.a", "app.b", "telemetry.handler.failure"], 1..3), 0u64..3000, prop::option::of(1u64..4), 0u8..5, any::<bool>()), 0..4),
                          prop::collection::vec((0u64..2500, any::<bool>(), 0usize..4), 0..5)),
                  // The child API on the root: restart_child / delete_child of any id (a
                  // Supervisor only), which_children, count_children.
                  api_faults in prop::collection::vec((0u64..2500, any::<prop::sample::Index>(), 0u8..4), 0..5),
                  // ETS hand-overs of the table `props_t` (owned by `ets_owner` at first):
                  // give_away or set_heir, from any process to any other (most raise).
                  ets_faults in prop::collection::vec((0u64..2500, any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 0..6),
                  // Process-level calls from any process to any other (spawned ones
                  // included): spawn, spawn_link, link, unlink, monitor, demonitor,
                  // trap_exit, exit_self, process_exit with assorted reasons.
                  proc_faults in prop::collection::vec((0u64..2500, any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..10, prop::sample::select(vec![":normal", ":kill", ":shutdown", ":boom", "{:shutdown, 1}"])), 0..10)) -> Scenario {
        // The root is always a supervisor.
        if !root.is_supervisor() {
            root = ChildSpec::Supervisor(SupervisorSpec {
                id: String::new(), name: None, restart: Restart::Permanent, shutdown: Shutdown::Infinity,
                strategy: strat, max_restarts: 3, max_seconds: 5, auto_shutdown: Default::default(), children: vec![root],
            });
        }
        let (mut n, mut named) = (0, false);
        number(&mut root, &mut n, &mut named);
        auto_shutdowns(&mut root, &mut 0);
        if !named {
            // No worker anywhere: clients would have no server, so add one.
            if let ChildSpec::Supervisor(s) = &mut root {
                s.children.push(ChildSpec::Worker(WorkerSpec {
                    id: "srv".into(), name: Some("Srv0".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
                    behaviour: Behaviour::Server { service_us: 100, table: Some("srv0".into()), stateless: false }, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
                }));
            } else if let ChildSpec::DynamicSupervisor(s) = &mut root {
                s.children.push(ChildSpec::Worker(WorkerSpec {
                    id: "srv".into(), name: Some("Srv0".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
                    behaviour: Behaviour::Server { service_us: 100, table: Some("srv0".into()), stateless: false }, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
                }));
            }
        }
        // Every tree has the Task.Supervisor `Tasks` (clients of mode async_nolink use it),
        // started third (after chat0 and Topics0, below).
        let tasks = ChildSpec::TaskSupervisor(TaskSupervisorSpec {
            id: "tasks".into(), name: Some("Tasks".into()), restart: Restart::Permanent, shutdown: Shutdown::Infinity,
            max_restarts: 3, max_seconds: 5, max_children: MaxChildren(task_max),
        });
        // And the Agent `Agent0` (clients of the agent modes use it), started fourth; an
        // initial state that is not an integer makes every increment raise in the agent.
        let agent = ChildSpec::Worker(WorkerSpec {
            id: "agent0".into(), name: Some("Agent0".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
            behaviour: Behaviour::Agent { initial: agent_initial.into(), service_us: agent_us }, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
        });
        // And the duplicate-key Registry `Topics0` (subscribers and dispatching clients
        // use it), started second.
        let topics = ChildSpec::Worker(WorkerSpec {
            id: "topics0".into(), name: Some("Topics0".into()), restart: Restart::Permanent, shutdown: Shutdown::Infinity,
            behaviour: Behaviour::Registry { keys: Keys::Duplicate, partitions: 2 }, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
        });
        // And the pg scope `chat0` (members join it), started first of all.
        let chat = ChildSpec::Worker(WorkerSpec {
            id: "chat_scope".into(), name: Some("chat0".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
            behaviour: Behaviour::Pg {}, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
        });
        // And the PartitionSupervisor `Parts` (faults reach its partitions by key), fifth.
        let parts = ChildSpec::PartitionSupervisor(PartitionSupervisorSpec {
            id: "parts".into(), name: "Parts".into(), restart: Restart::Permanent, shutdown: Shutdown::Infinity,
            strategy: SupStrategy::OneForOne, max_restarts: 3, max_seconds: 5, partitions: Some(partitions),
            child_spec: PartitionChildSpec { max_children: MaxChildren(part_max), max_restarts: part_restarts, max_seconds: 1 },
            resolved: Vec::new(),
        });
        // And the gen_statem `Fsm0` (calls and casts go to it half the time), sixth.
        let fsm = ChildSpec::Worker(WorkerSpec {
            id: "fsm0".into(), name: Some("Fsm0".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
            behaviour: Behaviour::Statem(fsm), trap_exit: false, init_us: 0, terminate_us: fsm_terminate_us, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
        });
        // And the poolboy pool `Pool0` (2 workers, 1 overflow, 2 ms per call), last.
        let pool = ChildSpec::Pool(PoolSpec {
            id: "pool0".into(), name: "Pool0".into(), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
            size: 2, max_overflow: 1, strategy: PoolStrategy::Lifo, service_us: 2000, init_us: 0,
        });
        match &mut root {
            ChildSpec::Supervisor(s) => s.children.push(pool),
            ChildSpec::DynamicSupervisor(s) => s.children.push(pool),
            _ => {}
        }
        match &mut root {
            // In start order: chat0, Topics0, Tasks, Agent0, Parts, Fsm0, then the random tree.
            ChildSpec::Supervisor(s) => { s.children.insert(0, tasks); s.children.insert(1, agent); s.children.insert(2, parts); s.children.insert(3, fsm); s.children.insert(0, topics); s.children.insert(0, chat) }
            ChildSpec::DynamicSupervisor(s) => { s.children.insert(0, tasks); s.children.insert(1, agent); s.children.insert(2, parts); s.children.insert(3, fsm); s.children.insert(0, topics); s.children.insert(0, chat) }
            _ => {}
        }
        // And `ets_owner`, a counter owning the table `props_t`, last.
        let ets_owner = ChildSpec::Worker(WorkerSpec {
            id: "ets_owner".into(), name: Some("EtsOwner".into()), restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
            behaviour: Behaviour::Counter { service_us: 10, table: Some("props_t".into()) }, trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
        });
        match &mut root {
            ChildSpec::Supervisor(s) => s.children.push(ets_owner),
            ChildSpec::DynamicSupervisor(s) => s.children.push(ets_owner),
            _ => {}
        }
        let mut all = Vec::new();
        ids(&root, &mut all);
        let ets_faults: Vec<Fault> = ets_faults.into_iter().map(|(at_ms, from, to, give)| {
            let (table, to) = ("props_t".to_string(), to.get(&all).clone());
            let action = if give { Command::GiveAway { table, to, gift: ":gift".into() } } else { Command::SetHeir { table, heir: to, data: "{:heir, 1}".into() } };
            Fault { at_ms, target: from.get(&all).clone(), action, count: 1 }
        }).collect();
        let mut faults: Vec<Fault> = raw_faults.into_iter().map(|(at_ms, idx, action)| Fault { at_ms, target: idx.get(&all).clone(), action, count: 1 }).collect();
        faults.extend(ets_faults);
        // Spawned processes get ids sp0, sp1, ...; any command may name them.
        let spawned: Vec<String> = (0..proc_faults.len()).map(|i| format!("sp{i}")).collect();
        let mut targets = all.clone();
        // Only the ids of processes some fault spawns (validation wants known ids).
        targets.extend(proc_faults.iter().enumerate().filter(|(_, f)| f.3 < 2).map(|(i, _)| spawned[i].clone()));
        for (i, (at_ms, from, to, op, reason)) in proc_faults.into_iter().enumerate() {
            let to = to.get(&targets).clone();
            let spec = |trap: bool| Box::new(ChildSpec::Worker(WorkerSpec {
                id: spawned[i].clone(), name: None, restart: Restart::Temporary, shutdown: Shutdown::Timeout(50),
                behaviour: Behaviour::Server { service_us: 50, table: None, stateless: false }, trap_exit: trap, init_us: 100, terminate_us: 500, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
            }));
            let action = match op {
                0 => Command::Spawn { spec: spec(false), link: false },
                1 => Command::Spawn { spec: spec(i % 2 == 0), link: true },
                2 => Command::Link { to },
                3 => Command::Unlink { to },
                4 => Command::Monitor { to },
                5 => Command::Demonitor { to },
                6 => Command::TrapExit(i % 2 == 0),
                7 => Command::ExitSelf { reason: reason.into() },
                _ => Command::ProcessExit { to, reason: reason.into() },
            };
            faults.push(Fault { at_ms, target: from.get(&targets).clone(), action, count: 1 });
        }
        // Routed faults: start_child calls (several at once) or other commands, by key.
        for (i, (at_ms, key, action, count)) in routed.into_iter().enumerate() {
            let target = format!("{{:via, PartitionSupervisor, {{Parts, {key}}}}}");
            let (action, count) = match action {
                Some(a) => (a, 1),
                None => (Command::StartChild { spec: Box::new(ChildSpec::Worker(WorkerSpec {
                    id: format!("room{i}"), name: None, restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
                    behaviour: Behaviour::Counter { service_us: 10, table: None }, trap_exit: false, init_us: 2000, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
                })) }, count),
            };
            faults.push(Fault { at_ms, target, action, count });
        }
        let root_id = root.id().to_string();
        let static_root = matches!(root, ChildSpec::Supervisor(_));
        for (at_ms, idx, op) in api_faults {
            let id = idx.get(&all).clone();
            let action = match op {
                0 if static_root => Command::RestartChild { id },
                1 if static_root => Command::DeleteChild { id },
                0 | 2 => Command::WhichChildren,
                _ => Command::CountChildren,
            };
            faults.push(Fault { at_ms, target: root_id.clone(), action, count: 1 });
        }
        for (at_ms, key, value) in pterm_faults {
            let action = match value {
                Some(v) => Command::PersistentTermPut { value: v.into() },
                None => Command::PersistentTermErase,
            };
            faults.push(Fault { at_ms, target: format!("k{key}"), action, count: 1 });
        }
        // Every server and counter of the tree emits app.a or app.b after each call.
        let (handlers, tel_faults) = tel;
        let mut emitters = Vec::new();
        emitting(&root, &mut emitters);
        let telemetry = TelemetrySpec {
            handlers: handlers.iter().enumerate().map(|(i, (events, cost_us, raise, metric, queue))| HandlerSpec {
                id: format!("h{i}"),
                events: events.iter().map(|e| e.to_string()).collect(),
                cost_us: *cost_us,
                raise_on_call: *raise,
                metric: [MetricKind::Counter, MetricKind::Sum, MetricKind::LastValue, MetricKind::Summary].get(*metric as usize).map(|&kind| MetricSpec {
                    kind, name: format!("m{i}"),
                    measurement: if *queue { Measurement::QueueLen } else { Measurement::Duration },
                }),
            }).collect(),
            emitters: emitters.into_iter().enumerate().map(|(i, worker)| EmitterSpec {
                worker, event: if i % 2 == 0 { "app.a".into() } else { "app.b".into() },
            }).collect(),
        };
        if !handlers.is_empty() {
            // A client calling Srv0 every 20 ms (catching its 50 ms timeouts), so that the
            // emitters' handlers run often.
            let telc = ChildSpec::Worker(WorkerSpec {
                id: "telc".into(), name: None, restart: Restart::Permanent, shutdown: Shutdown::Timeout(50),
                behaviour: Behaviour::Client(ClientSpec {
                    target: "Srv0".into(), mode: ClientMode::Call, interval_us: 20_000, jitter: 0.1, timeout_ms: 50,
                    catch_timeout: true, request: ":ping".into(), read_us: None, write_every: None, task_us: None,
                    fail_rate: None, max_requests: None, work_us: None, key: None, task_result: None, task_yield: false,
                }),
                trap_exit: false, init_us: 0, terminate_us: 0, registers: Vec::new(), joins: Vec::new(), init_fails: None, significant: false,
            });
            match &mut root {
                ChildSpec::Supervisor(s) => s.children.push(telc),
                ChildSpec::DynamicSupervisor(s) => s.children.push(telc),
                _ => {}
            }
            for (at_ms, detach, i) in tel_faults {
                let action = if detach { Command::TelemetryDetach } else { Command::TelemetryAttach };
                faults.push(Fault { at_ms, target: format!("h{}", i % handlers.len()), action, count: 1 });
            }
        }
        Scenario {
            name: "random".into(), description: String::new(), seed,
            config: Config { schedulers, latency_us: latency, persistent_term_gc_us: pterm_gc_us, ..Config::default() },
            tree: root, faults, duration_ms: 3000, steps: vec![], telemetry,
        }
    }
}

/// Max intensity of each supervisor, by child id.
fn intensities(spec: &ChildSpec, out: &mut BTreeMap<String, (u32, u32)>) {
    match spec {
        ChildSpec::Supervisor(s) => {
            out.insert(s.id.clone(), (s.max_restarts, s.max_seconds));
        }
        ChildSpec::DynamicSupervisor(s) => {
            out.insert(s.id.clone(), (s.max_restarts, s.max_seconds));
        }
        ChildSpec::TaskSupervisor(s) => {
            out.insert(s.id.clone(), (s.max_restarts, s.max_seconds));
        }
        ChildSpec::PartitionSupervisor(p) => {
            out.insert(p.id.clone(), (p.max_restarts, p.max_seconds));
            for i in 0..p.partitions.unwrap_or(0) {
                out.insert(
                    i.to_string(),
                    (p.child_spec.max_restarts, p.child_spec.max_seconds),
                );
            }
        }
        ChildSpec::Worker(_) | ChildSpec::Pool(_) => {}
    }
    for c in spec.children() {
        intensities(c, out);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scenario_json_round_trips(s in scenario()) {
        let json = serde_json::to_string(&s).unwrap();
        let back = Scenario::from_json(&json);
        prop_assert_eq!(back, Ok(s));
    }

    #[test]
    fn runs_are_deterministic_and_lose_no_message(s in scenario()) {
        let mut a = Sim::new(&s);
        a.run_until(3_000_000);
        let mut b = Sim::new(&s);
        b.run_until(3_000_000);
        prop_assert_eq!(a.trace().to_json_lines(), b.trace().to_json_lines());

        // Every message sent is received, dropped (with a reason), still queued or in flight.
        let mut fate: BTreeMap<u64, &str> = BTreeMap::new();
        let mut sent = BTreeSet::new();
        for e in a.trace().iter() {
            match &e.kind {
                Event::Send { id, .. } => { prop_assert!(sent.insert(*id), "message {} sent twice", id); }
                Event::Receive { id, .. } => { prop_assert!(fate.insert(*id, "received").is_none(), "message {} had two fates", id); }
                Event::Dropped { id, .. } => { prop_assert!(fate.insert(*id, "dropped").is_none(), "message {} had two fates", id); }
                _ => {}
            }
        }
        for p in a.processes() {
            for env in &p.mailbox {
                prop_assert!(fate.insert(env.id, "queued").is_none(), "queued message {} had another fate", env.id);
            }
        }
        for f in a.in_flight() {
            if f.kind != "signal" {
                prop_assert!(fate.insert(f.id, "in_flight").is_none(), "in-flight message {} had another fate", f.id);
            }
        }
        // The statem's view is consistent: it is in a declared state, and no armed
        // time-out has more time left than it was set for.
        if let Some(v) = a.statem_of("fsm0") {
            prop_assert!(v.states.contains(&v.current), "undeclared state {}", v.current);
            for t in &v.timeouts {
                prop_assert!(t.remaining_us <= t.ms * 1000, "{t:?}");
            }
        }
        // Messages being handled right now count as received.
        for id in &sent {
            prop_assert!(fate.contains_key(id), "message {} vanished without a trace", id);
        }
        prop_assert_eq!(fate.len(), sent.len());
    }

    #[test]
    fn restarts_never_exceed_intensity(s in scenario()) {
        let mut sim = Sim::with_trace(&s, otp_sim::TraceLevel::Lifecycle);
        sim.run_until(3_000_000);
        let mut limits = BTreeMap::new();
        intensities(&s.tree, &mut limits);
        let mut sup_id = BTreeMap::new();
        let mut restarts: BTreeMap<otp_sim::Pid, Vec<u64>> = BTreeMap::new();
        for e in sim.trace().iter() {
            match &e.kind {
                Event::Spawn { pid, id: Some(id), .. } => { sup_id.insert(*pid, id.to_string()); }
                Event::Restarting { sup, .. } => {
                    let (max_r, max_s) = limits[&sup_id[sup]];
                    let now_s = e.t / 1_000_000;
                    let list = restarts.entry(*sup).or_default();
                    list.push(now_s);
                    let recent = list.iter().filter(|&&r| r as i64 >= now_s as i64 - i64::from(max_s)).count();
                    prop_assert!(recent as u32 <= max_r, "{} restarted {} times within {} s (max {})", sup_id[sup], recent, max_s, max_r);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn snapshot_restore_continues_identically(s in scenario(), cut in 1u64..2_900_000) {
        let mut straight = Sim::new(&s);
        straight.run_until(3_000_000);

        let mut sim = Sim::new(&s);
        sim.run_until(cut);
        let snap = sim.snapshot();
        sim.run_until(3_000_000);
        prop_assert_eq!(sim.trace().to_json_lines(), straight.trace().to_json_lines());

        // Go back, wander off (a user action forks the run), come back again.
        sim.restore(&snap);
        if let Some(pid) = sim.processes().map(|p| p.pid).last() {
            let _ = sim.apply(pid, &Command::Trace(true));
            let _ = sim.apply(pid, &Command::Statistics(StatsOp::On));
            let _ = sim.apply(pid, &Command::Exit { reason: ":kill".into() });
        }
        // And a user's persistent_term update (a heap value: a global pass).
        let _ = sim.apply_to_target("k0", &Command::PersistentTermPut { value: "{:user, 1}".into() });
        sim.run_until(3_000_000);
        sim.restore(&snap);
        prop_assert_eq!(sim.now(), cut);
        sim.run_until(3_000_000);
        prop_assert_eq!(sim.trace().to_json_lines(), straight.trace().to_json_lines());
        prop_assert_eq!(sim.persistent_terms(), straight.persistent_terms());
        prop_assert_eq!(sim.ets_tables(), straight.ets_tables());
        prop_assert_eq!(sim.persistent_term_gc_passes(), straight.persistent_term_gc_passes());
        // The view counts exactly the passes the trace shows.
        let passes = straight.trace().iter().filter(|e| matches!(e.kind, Event::PersistentTermGc { .. })).count() as u64;
        prop_assert_eq!(passes, straight.persistent_term_gc_passes());
    }
}

#[test]
fn arbitrary_json_never_panics() {
    proptest!(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() }, |(text in ".{0,400}")| {
        let _ = Scenario::from_json(&text);
        let _ = otp_sim::parse_term(&text);
    });
}

#[test]
fn random_scenarios_exercise_telemetry() {
    // The generator is meant to reach the telemetry paths: among some random runs, some
    // handlers are called, some raise and are detached, and the scenarios validate.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut calls, mut failures) = (0u64, 0u64);
    for _ in 0..40 {
        let s = scenario().new_tree(&mut runner).unwrap().current();
        assert_eq!(
            s.validate(),
            Ok(()),
            "{}",
            serde_json::to_string(&s).unwrap()
        );
        let mut sim = Sim::new(&s);
        sim.run_until(3_000_000);
        for h in sim.telemetry().handlers {
            calls += h.calls;
            failures += h.failures;
        }
    }
    assert!(
        calls > 0 && failures > 0,
        "calls {calls}, failures {failures}"
    );
}
