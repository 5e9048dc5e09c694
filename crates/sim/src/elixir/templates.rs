//! The fixed parts of the generated code, kept as Elixir files under `templates/` (so
//! they read, diff and format as Elixir) and compiled in with `include_str!`. A template
//! with holes has `{{name}}` placeholders, filled by [`fill`].

/// Set in the environment, the generated script prints its started tree and exits.
pub const TREE_ENV: &str = "PLAYGROUND_TREE";

pub(super) const HELPERS: &str = include_str!("templates/playground.ex");

pub(super) const DYNAMIC_START: &str = include_str!("templates/dynamic_start.ex");

pub(super) const SERVER_CALLBACKS: &str = include_str!("templates/server_callbacks.ex");

pub(super) const COUNTER_TABLE: &str = include_str!("templates/counter_table.ex");

pub(super) const COUNTER_CALLBACKS: &str = include_str!("templates/counter_callbacks.ex");

pub(super) const COUNTER_INCR_TABLE: &str = include_str!("templates/counter_incr_table.ex");

pub(super) const CLIENT_CALLBACKS: &str = include_str!("templates/client_callbacks.ex");

pub(super) const CLIENT_ETS_WRITES: &str = include_str!("templates/client_ets_writes.ex");

pub(super) const CLIENT_CATCH: &str = include_str!("templates/client_catch.ex");

pub(super) const CLIENT_NOLINK: &str = include_str!("templates/client_nolink.ex");

/// The `agent` behaviour's module (an `Agent`), and the client's clauses that use one.
pub(super) const AGENT: &str = include_str!("templates/agent.ex");

/// The agent's lines for `init_fails` (into `AGENT`'s `{{init_fails}}` hole): an Agent's
/// function returns the state, so a failing start throws what `init/1` would return,
/// which gen_server's `init_it` takes as `init/1`'s result.
pub(super) const AGENT_INIT_FAILS: &str = "
        # An Agent's function returns the state: a failing start throws what init/1
        # returns instead (`:ignore` or `{:stop, reason}`), which gen_server takes as its result.
        case Playground.InitFails.check(state) do
          :ok -> :ok
          failure -> throw(failure)
        end
";

/// `init_fails`: the module that decides, start by start, what a child's `init/1` does.
pub(super) const INIT_FAILS: &str = include_str!("templates/init_fails.ex");

pub(super) const CLIENT_AGENT: &str = include_str!("templates/client_agent.ex");

pub(super) const TASK: &str = include_str!("templates/task.ex");

pub(super) const TASK_FAILING: &str = include_str!("templates/task_failing.ex");

/// The clauses that take the `register` and `unregister` faults (into the callbacks'
/// `{{registry_casts}}` hole).
pub(super) const REGISTRY_CASTS: &str = include_str!("templates/registry_casts.ex");

/// The clauses that take the process-level faults (`link`, `monitor`, `trap_exit`, ...;
/// appended to the `{{registry_casts}}` hole).
pub(super) const PROC_CASTS: &str = include_str!("templates/proc_casts.ex");

/// The clauses that take the `give_away` and `set_heir` faults (appended to the
/// `{{registry_casts}}` hole).
pub(super) const ETS_CASTS: &str = include_str!("templates/ets_casts.ex");

/// Mode `dispatch`'s request.
pub(super) const CLIENT_DISPATCH: &str = include_str!("templates/client_dispatch.ex");

pub(super) const SCHEDULE: &str = include_str!("templates/schedule.ex");

pub(super) const SCHEDULE_JITTER: &str = include_str!("templates/schedule_jitter.ex");

/// The end of the script: start the root, then print the tree (under [`TREE_ENV`]) or keep
/// running. Holes: `module`, `opts`, `tree_env`.
pub(super) const RUN: &str = include_str!("templates/run.ex");

/// `template` with each `{{name}}` replaced by its value.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}
