//! The module of one `statem` worker: a `:gen_statem` with callback mode
//! `:handle_event_function` whose `handle_event/4` clauses are the scenario's rules, in
//! order, written out as a person would write them (the event type, the content, the
//! state, the counter as the data; a guard for `min_count`; the reply and time-outs as
//! actions). The faults' `crash` and `stop` casts are handled first. Laid out as
//! `mix format` would (the export test checks it).

use super::syntax::{Code, WIDTH, atom, int, term_text};
use crate::scenario::{Action, CountOp, EventType, Rule, StatemSpec, WorkerSpec};

pub(super) fn statem_module(code: &mut Code, w: &WorkerSpec, spec: &StatemSpec, module: &str) {
    code.line(0, &format!("defmodule {module} do"));
    code.line(2, "@moduledoc \"\"\"");
    let states: Vec<String> = spec.states.iter().map(|s| atom(&s.name)).collect();
    let doc = format!(
        "The `{}` statem: a `:gen_statem` in states {}, starting in {}. Its data is a counter. An event that no clause below matches crashes it with a function_clause error, and its supervisor restarts it in {}.",
        w.id,
        states.join(", "),
        atom(&spec.initial),
        atom(&spec.initial)
    );
    let mut lines = Code::default();
    lines.comment(0, 0, &doc);
    for l in lines.0 {
        code.line(2, l.trim_start_matches('#').trim_start());
    }
    code.line(2, "\"\"\"");
    code.line(2, "@behaviour :gen_statem");
    code.blank();
    code.line(2, "def start_link(opts) do");
    code.line(4, "case opts[:name] do");
    code.line(6, "nil -> :gen_statem.start_link(__MODULE__, opts, [])");
    code.line(
        6,
        "name -> :gen_statem.start_link({:local, name}, __MODULE__, opts, [])",
    );
    code.line(4, "end");
    code.line(2, "end");
    code.blank();
    code.line(2, "@impl true");
    code.line(2, "def callback_mode, do: :handle_event_function");
    code.blank();
    code.line(2, "@impl true");
    code.line(2, "def init(opts) do");
    code.line(4, "Process.put(:playground_id, opts[:id])");
    if w.trap_exit {
        code.line(4, "Process.flag(:trap_exit, true)");
    }
    if w.init_us > 0 {
        code.line(4, &format!("Playground.work({})", int(w.init_us)));
    }
    let ok = format!("{{:ok, {}, 0}}", atom(&spec.initial));
    if w.init_fails.is_some() {
        // As a worker's: after init_us, `:ignore` or `{:stop, reason}` passed through.
        code.line(
            4,
            &format!("with :ok <- Playground.InitFails.check(opts), do: {ok}"),
        );
    } else {
        code.line(4, &ok);
    }
    code.line(2, "end");
    code.blank();
    code.line(
        2,
        "# The faults `crash` and `stop`, before any state's clauses.",
    );
    code.line(2, "@impl true");
    code.line(
        2,
        "def handle_event(:cast, {:raise, message}, _state, _count), do: raise(message)",
    );
    code.line(
        2,
        "def handle_event(:cast, {:stop, reason}, _state, _count), do: {:stop, reason}",
    );
    for s in &spec.states {
        for r in &s.on {
            code.blank();
            clause(code, &s.name, r);
        }
    }
    if w.terminate_us > 0 {
        code.blank();
        code.line(2, "@impl true");
        code.line(
            2,
            &format!(
                "def terminate(_reason, _state, _count), do: Playground.work({})",
                int(w.terminate_us)
            ),
        );
    }
    code.line(0, "end");
}

/// One `handle_event/4` clause.
fn clause(code: &mut Code, state: &str, r: &Rule) {
    let reply = r.reply.as_deref().filter(|_| r.event == EventType::Call);
    let data = match r.count {
        Some(CountOp::Incr) => Some("count + 1".to_string()),
        Some(CountOp::Reset) => Some("0".to_string()),
        None => None,
    };
    let next = r.next.as_deref().filter(|n| *n != state);
    let uses_count = r.min_count.is_some()
        || matches!(r.count, Some(CountOp::Incr))
        || (next.is_some() && data.is_none());
    let count_var = if uses_count { "count" } else { "_count" };
    let ty = match r.event {
        EventType::Call if reply.is_some() => "{:call, from}".to_string(),
        EventType::Call => "{:call, _from}".to_string(),
        EventType::Cast => ":cast".to_string(),
        EventType::Info => ":info".to_string(),
        EventType::StateTimeout => ":state_timeout".to_string(),
        EventType::Timeout => ":timeout".to_string(),
        EventType::GenericTimeout => {
            format!(
                "{{:timeout, {}}}",
                term_text(r.matches.as_deref().unwrap_or(":timeout"))
            )
        }
    };
    let content = match (r.event, &r.matches) {
        (EventType::StateTimeout | EventType::Timeout, _) => ":timeout".to_string(),
        (EventType::GenericTimeout, _) => "_name".to_string(),
        (_, Some(m)) => term_text(m),
        (_, None) => "_content".to_string(),
    };
    let guard = r
        .min_count
        .map(|n| format!(" when count >= {}", int(n)))
        .unwrap_or_default();
    let head = format!(
        "def handle_event({ty}, {content}, {}, {count_var}){guard} do",
        atom(state)
    );
    code.line(2, &head);
    if r.cost_us > 0 {
        code.line(4, &format!("Playground.work({})", int(r.cost_us)));
    }
    let mut actions: Vec<String> = Vec::new();
    if let Some(reply) = reply {
        actions.push(format!("{{:reply, from, {}}}", term_text(reply)));
    }
    for a in &r.actions {
        actions.push(match a {
            Action::StateTimeout { ms } => format!("{{:state_timeout, {}, :timeout}}", int(*ms)),
            Action::Timeout { ms } => format!("{{:timeout, {}, :timeout}}", int(*ms)),
            Action::GenericTimeout { name, ms } => {
                let n = term_text(name);
                format!("{{{{:timeout, {n}}}, {}, {n}}}", int(*ms))
            }
            Action::CancelStateTimeout => "{:state_timeout, :cancel}".to_string(),
            Action::CancelGenericTimeout { name } => {
                format!("{{{{:timeout, {}}}, :cancel}}", term_text(name))
            }
            Action::Postpone => ":postpone".to_string(),
        });
    }
    let result = match (next, &data, actions.is_empty()) {
        (Some(n), d, true) => format!(
            "{{:next_state, {}, {}}}",
            atom(n),
            d.as_deref().unwrap_or("count")
        ),
        (Some(n), d, false) => format!(
            "{{:next_state, {}, {}, actions}}",
            atom(n),
            d.as_deref().unwrap_or("count")
        ),
        (None, Some(d), true) => format!("{{:keep_state, {d}}}"),
        (None, Some(d), false) => format!("{{:keep_state, {d}, actions}}"),
        (None, None, true) => ":keep_state_and_data".to_string(),
        (None, None, false) => "{:keep_state_and_data, actions}".to_string(),
    };
    if !actions.is_empty() {
        let one = format!("actions = [{}]", actions.join(", "));
        if 4 + one.len() <= WIDTH {
            code.line(4, &one);
        } else {
            code.line(4, "actions = [");
            let n = actions.len();
            for (i, a) in actions.iter().enumerate() {
                let comma = if i + 1 < n { "," } else { "" };
                code.line(6, &format!("{a}{comma}"));
            }
            code.line(4, "]");
            // `mix format` sets a multi-line expression apart with a blank line.
            code.blank();
        }
    }
    code.line(4, &result);
    code.line(2, "end");
}
