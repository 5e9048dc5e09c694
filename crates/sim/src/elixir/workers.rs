//! The worker modules: one GenServer per worker behaviour the scenario uses (server,
//! counter, client), with only the parts its specs use, and `@defaults` that are the
//! scenario format's defaults.

use super::plan::{Uses, WorkerKind};
use super::syntax::{Code, WIDTH, term_text};
use super::templates::{
    AGENT, AGENT_INIT_FAILS, CLIENT_AGENT, CLIENT_CALLBACKS, CLIENT_CATCH, CLIENT_DISPATCH,
    CLIENT_ETS_WRITES, CLIENT_NOLINK, COUNTER_CALLBACKS, COUNTER_INCR_TABLE, COUNTER_TABLE,
    ETS_CASTS, PROC_CASTS, REGISTRY_CASTS, SCHEDULE, SCHEDULE_JITTER, SERVER_CALLBACKS, TASK,
    TASK_FAILING, fill,
};
use crate::scenario::{
    DEFAULT_COUNTER_SERVICE_US, DEFAULT_INTERVAL_US, DEFAULT_MODE, DEFAULT_REQUEST,
    DEFAULT_SERVER_SERVICE_US, DEFAULT_TASK_US, DEFAULT_TIMEOUT_MS, DEFAULT_WORK_US,
};

pub(super) fn worker_module(code: &mut Code, kind: WorkerKind, u: &Uses) {
    if kind == WorkerKind::Agent {
        // Elixir's own Agent: one fixed module.
        code.text(&fill(
            AGENT,
            &[(
                "init_fails",
                if u.init_fails { AGENT_INIT_FAILS } else { "" },
            )],
        ));
        return;
    }
    code.line(0, &format!("defmodule {} do", kind.module()));
    code.line(2, "@moduledoc \"\"\"");
    let mut doc = match kind {
        WorkerKind::Server => "The `server` behaviour: a GenServer that answers every call with `:ok`. Each message takes `service_us` of work.",
        WorkerKind::Counter => "The `counter` behaviour: a GenServer keeping an integer. A call or cast `:incr` adds 1; every call returns the count (so `:get` reads it). Each message takes `service_us` of work.",
        WorkerKind::Agent => "",
        WorkerKind::Client => "The `client` behaviour: every `interval_us` it sends `request` to the process registered as `target`.",
    }
    .to_string();
    let client_notes = [
        (
            u.modes.contains("call"),
            " Mode `:call` waits for the reply (at most `timeout_ms`) before the next request.",
        ),
        (u.modes.contains("cast"), " Mode `:cast` does not wait."),
        (
            u.modes.contains("ets"),
            " Mode `:ets` reads the target's ETS table itself, in this process, with `:ets.lookup/2`.",
        ),
        (
            u.modes.contains("async"),
            " Mode `:async` runs each request as a task linked to the client: `Task.async/1`, then `Task.await/2` (at most `timeout_ms`).",
        ),
        (
            u.modes.contains("async_nolink"),
            " Mode `:async_nolink` starts it, unlinked, under the Task.Supervisor registered as `target`: `Task.Supervisor.async_nolink/2`, then `Task.yield/2 || Task.shutdown/1`.",
        ),
        (
            u.agent_modes(),
            " The `agent_*` modes send `Agent` functions to the agent registered as `target`; `agent_get_then_update` reads, works `work_us` itself, then writes the value back (and can lose other clients' updates).",
        ),
        (
            u.modes.contains("local"),
            " Mode `:local` sends nothing: each request is a plain function call that works `work_us` in this process.",
        ),
        (
            u.modes.contains("persistent_term_get"),
            " Mode `:persistent_term_get` reads `key` with `:persistent_term.get/1`, in this process, with no copy.",
        ),
        (
            u.modes.contains("persistent_term_incr"),
            " Mode `:persistent_term_incr` reads `key`, works `work_us`, then puts the value plus one back (and can lose other clients' increments).",
        ),
        (
            u.modes.contains("counters_add"),
            " Mode `:counters_add` works `work_us`, then adds one to the `:counters` array kept in persistent_term under `key` (atomic: no increment is lost).",
        ),
        (u.tasks(), " A task works `task_us`, then returns `:ok`."),
        (
            u.fail_rate,
            " With `fail_rate` it raises instead, that often.",
        ),
        (
            u.write_every,
            " With `write_every: n` every nth request is a call instead.",
        ),
        (
            u.catch_timeout,
            " With `catch_timeout: true` a call that times out is caught; otherwise it crashes the client.",
        ),
        (
            u.table,
            " With `table`, `init/1` ends by creating that named, protected ETS table, which dies with the process.",
        ),
        (
            u.modes.contains("dispatch"),
            " Mode `:dispatch` sends `request` to every process registered under `key` in the Registry `target` (`Registry.dispatch/3`, in this process).",
        ),
        (
            u.joins,
            " With `joins`, `init/1` ends by joining each `{scope, group}` (`:pg.join/3`).",
        ),
        (
            u.registers,
            " With `registers`, `init/1` ends by registering this process under each `{registry, key}` (`Registry.register/3`; a failure is ignored).",
        ),
    ];
    for (used, note) in client_notes {
        if used {
            doc.push_str(note);
        }
    }
    let mut lines = Code::default();
    lines.comment(0, 0, &doc);
    for l in lines.0 {
        code.line(2, l.trim_start_matches('#').trim_start());
    }
    code.line(2, "\"\"\"");
    code.line(2, "use GenServer");
    code.blank();
    let mut defaults = match kind {
        WorkerKind::Server => vec![format!("service_us: {DEFAULT_SERVER_SERVICE_US}")],
        WorkerKind::Counter => vec![format!("service_us: {DEFAULT_COUNTER_SERVICE_US}")],
        WorkerKind::Agent => Vec::new(),
        WorkerKind::Client => {
            let mut d = vec![
                format!("mode: :{}", DEFAULT_MODE.as_str()),
                format!("interval_us: {DEFAULT_INTERVAL_US}"),
            ];
            if u.jitter {
                d.push("jitter: 0".into());
            }
            d.push(format!("request: {}", term_text(DEFAULT_REQUEST)));
            if u.modes.contains("call") || u.write_every || u.tasks() || u.agent_modes() {
                d.push(format!("timeout_ms: {DEFAULT_TIMEOUT_MS}"));
            }
            if u.tasks() {
                d.push(format!("task_us: {DEFAULT_TASK_US}"));
            }
            if u.modes.contains("agent_get_then_update")
                || u.modes.contains("local")
                || u.modes.contains("persistent_term_incr")
                || u.modes.contains("counters_add")
            {
                d.push(format!("work_us: {DEFAULT_WORK_US}"));
            }
            if u.fail_rate {
                d.push("fail_rate: 0".into());
            }
            d
        }
    };
    if u.init_us {
        defaults.push("init_us: 0".into());
    }
    if u.terminate_us {
        defaults.push("terminate_us: 0".into());
    }
    let flat = format!("@defaults %{{{}}}", defaults.join(", "));
    if 2 + flat.len() <= WIDTH {
        code.line(2, &flat);
    } else {
        code.line(2, "@defaults %{");
        for (n, d) in defaults.iter().enumerate() {
            let comma = if n + 1 < defaults.len() { "," } else { "" };
            code.line(4, &format!("{d}{comma}"));
        }
        code.line(2, "}");
    }
    code.blank();
    code.line(
        2,
        "def start_link(opts), do: GenServer.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))",
    );
    code.blank();
    code.line(2, "@impl true");
    code.line(2, "def init(opts) do");
    if kind == WorkerKind::Client {
        code.line(
            4,
            "state = opts |> Enum.into(@defaults) |> Map.put(:requests, 0)",
        );
    } else {
        code.line(4, "state = Enum.into(opts, @defaults)");
    }
    code.line(4, "Process.put(:playground_id, state.id)");
    if u.trap_exit {
        code.line(
            4,
            "if state[:trap_exit], do: Process.flag(:trap_exit, true)",
        );
    }
    if u.init_us {
        code.line(4, "Playground.work(state.init_us)");
    }
    // Each part starts with its blank line and must not end with one (an editor's final
    // newline would leave two blank lines where `mix format` keeps one).
    let part = |on: bool, text: &'static str| if on { text.trim_end() } else { "" };
    let casts = format!(
        "{}{}{}",
        part(u.registry_casts, REGISTRY_CASTS),
        part(u.proc_casts, PROC_CASTS),
        part(u.ets_casts, ETS_CASTS)
    );
    let casts = casts.as_str();
    let registers = |code: &mut Code| {
        if u.joins {
            code.line(
                4,
                "for {scope, group} <- state[:joins] || [], do: :ok = :pg.join(scope, group, self())",
            );
        }
        if u.registers {
            code.line(
                4,
                "for {registry, key} <- state[:registers] || [], do: Registry.register(registry, key, nil)",
            );
        }
    };
    // The rest of `init/1`: what runs once this start is not one that fails.
    let mut rest = Code::default();
    match kind {
        WorkerKind::Server => {
            if u.table {
                rest.blank();
                rest.line(4, "if table = state[:table] do");
                rest.line(
                    6,
                    ":ets.new(table, [:named_table, :protected, read_concurrency: true])",
                );
                rest.line(4, "end");
                rest.blank();
            }
            registers(&mut rest);
            rest.line(4, "{:ok, state}");
        }
        WorkerKind::Counter => {
            if u.table {
                rest.blank();
                rest.text(COUNTER_TABLE);
                rest.blank();
            }
            registers(&mut rest);
            rest.line(4, "{:ok, Map.put(state, :count, 0)}");
        }
        WorkerKind::Client => {
            registers(&mut rest);
            rest.line(4, "schedule(state)");
            rest.line(4, "{:ok, state}");
        }
        WorkerKind::Agent => {}
    }
    if u.init_fails {
        // After `init_us`, as in the simulator: `:ignore` or `{:stop, reason}` is what
        // `init/1` returns (`with` passes it through), a raise raises in `check/1`.
        code.blank();
        code.line(4, "with :ok <- Playground.InitFails.check(state) do");
        code.nested(2, rest);
        code.line(4, "end");
    } else {
        code.0.extend(rest.0);
    }
    code.line(2, "end");
    code.blank();
    match kind {
        WorkerKind::Server => {
            code.text(&fill(SERVER_CALLBACKS, &[("registry_casts", casts)]));
        }
        WorkerKind::Counter => {
            code.text(&fill(COUNTER_CALLBACKS, &[("registry_casts", casts)]));
            code.blank();
            if u.table {
                code.text(COUNTER_INCR_TABLE);
            } else {
                code.line(2, "defp incr(state), do: %{state | count: state.count + 1}");
            }
        }
        WorkerKind::Client => client_body(code, u, casts),
        WorkerKind::Agent => {}
    }
    if u.terminate_us {
        code.blank();
        code.line(2, "@impl true");
        code.line(
            2,
            "def terminate(_reason, state), do: Playground.work(state.terminate_us)",
        );
    }
    code.line(0, "end");
}

/// The client's callbacks and requests, after its `init/1`.
pub(super) fn client_body(code: &mut Code, u: &Uses, casts: &str) {
    code.text(&fill(CLIENT_CALLBACKS, &[("registry_casts", casts)]));
    if u.modes.contains("call") {
        code.blank();
        code.line(2, "defp request(%{mode: :call} = state), do: call(state)");
    }
    if u.modes.contains("cast") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :cast} = state), do: GenServer.cast(state.target, state.request)",
        );
    }
    if u.modes.contains("ets") {
        code.blank();
        if u.write_every {
            code.text(CLIENT_ETS_WRITES);
        } else {
            code.line(
                2,
                "defp request(%{mode: :ets} = state), do: :ets.lookup(state.table, :value)",
            );
        }
    }
    if u.modes.contains("async") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :async} = state), do: Task.await(Task.async(task(state)), state.timeout_ms)",
        );
    }
    if u.modes.contains("async_nolink") {
        code.blank();
        code.text(CLIENT_NOLINK);
    }
    if u.agent_modes() {
        code.blank();
        code.text(CLIENT_AGENT);
    }
    if u.modes.contains("dispatch") {
        code.blank();
        code.text(CLIENT_DISPATCH);
    }
    if u.modes.contains("local") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :local} = state), do: Playground.work(state.work_us)",
        );
    }
    if u.modes.contains("persistent_term_get") {
        code.blank();
        code.line(
            2,
            "defp request(%{mode: :persistent_term_get} = state), do: :persistent_term.get(state.key)",
        );
    }
    if u.modes.contains("counters_add") {
        code.blank();
        code.line(2, "defp request(%{mode: :counters_add} = state) do");
        code.line(4, "Playground.work(state.work_us)");
        code.line(4, ":counters.add(:persistent_term.get(state.key), 1, 1)");
        code.line(2, "end");
    }
    if u.modes.contains("persistent_term_incr") {
        code.blank();
        code.line(2, "defp request(%{mode: :persistent_term_incr} = state) do");
        code.line(4, "n = :persistent_term.get(state.key)");
        code.line(4, "Playground.work(state.work_us)");
        code.line(4, ":persistent_term.put(state.key, n + 1)");
        code.line(2, "end");
    }
    if u.tasks() {
        code.blank();
        code.text(if u.fail_rate { TASK_FAILING } else { TASK });
    }
    if u.modes.contains("call") || u.write_every {
        code.blank();
        if u.catch_timeout {
            code.text(CLIENT_CATCH);
            code.blank();
        }
        code.line(
            2,
            "defp call(state), do: GenServer.call(state.target, state.request, state.timeout_ms)",
        );
    }
    code.blank();
    if u.jitter {
        code.text(SCHEDULE_JITTER);
    } else {
        code.text(SCHEDULE);
    }
}
