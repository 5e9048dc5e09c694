//! The panels around the stage: inspector, event log, timeline, top bar, help and the
//! note about where the simulator simplifies OTP.

use crate::model::commands::{call_stop, give_away, set_heir, stop};
use crate::model::frame::Frame;
use crate::model::keymap::ROWS;
use crate::model::logtext::fmt_time;
use crate::model::scenarios::{BUILTIN, slug};
use crate::model::ties::{Peer, Peers};
use crate::model::timeline::Marker;
use crate::model::tuning::SPEEDS;
use crate::model::verbs::{STOP_REASONS, Verbs};
use crate::ui::extras::{Drawings, ExtrasRef};
use crate::ui::shared::Shared;
use crate::ui::stage::{state_icon, state_words};
use otp_sim::scenario::StatsOp;
use otp_sim::{Command, NodeKind, NodeState, Pid};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

fn pids(v: &[Pid]) -> String {
    if v.is_empty() {
        "[]".into()
    } else {
        format!(
            "[{}]",
            v.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Exit reasons the inspector offers, with what each does in OTP terms.
pub const REASONS: &[(&str, &str)] = &[
    (
        ":normal",
        "Process.exit(pid, :normal) from another process is IGNORED by a process that does not trap exits: nothing happens. A process trapping exits gets {:EXIT, from, :normal} as an ordinary message.",
    ),
    (
        ":shutdown",
        "Kills a process that does not trap exits, with reason :shutdown; a trapping one gets {:EXIT, from, :shutdown} in its mailbox. :shutdown is a 'normal' reason: a transient child is not restarted and nothing is logged as an error.",
    ),
    (
        ":kill",
        "Cannot be trapped: the process dies at once with reason :killed (its links see :killed). Its supervisor logs child_terminated and applies its strategy.",
    ),
    (
        "{:shutdown, :reason}",
        "Like :shutdown, with extra information: counts as a normal shutdown (transient children are not restarted), but still kills a process that does not trap exits.",
    ),
    (
        "crash",
        "A callback raises RuntimeError while handling this request. The request waits its turn in the mailbox; terminate/2 runs if the process traps exits; then it exits with {%RuntimeError{message: \"boom\"}, stack}. Its supervisor logs child_terminated and restarts it according to its strategy and restart type.",
    ),
];

#[derive(Properties)]
pub struct InspectorProps {
    /// Only the selected process's parts are read (see `PartialEq` below).
    pub frame: Shared<Frame>,
    pub gave_up: bool,
    /// Paused: an action is applied at once, but its effects need time to run.
    #[prop_or(false)]
    pub paused: bool,
    pub on_act: Callback<Command>,
    pub on_close: Callback<()>,
    /// Adds the process as a lane of the sequence diagram (and shows the diagram).
    #[prop_or_default]
    pub on_sequence: Option<Callback<()>>,
    /// Selects another process (a link's or a monitor's other end).
    #[prop_or_default]
    pub on_select: Callback<Rc<str>>,
    /// The bundle's extra views: the full one draws the selected process's charts and
    /// diagrams (`Extras::drawings`); the first-load one has none of that code.
    #[prop_or_default]
    pub extras: Option<ExtrasRef>,
    /// "Show the charts" in the first-load bundle: hands the page over, at this moment.
    #[prop_or_default]
    pub on_drawings: Callback<()>,
}

/// Equal when what the inspector draws is: the frame is new in every frame while playing,
/// but the selected process's facts change at most four times a second
/// (`tuning::INSPECTOR_EVERY_MS`), and re-rendering the inspector (its table, mailbox and
/// buttons) in every frame was Yew work in each frame of a view with a selection.
impl PartialEq for InspectorProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (&*self.frame, &*o.frame);
        let charts = match (&a.charts, &b.charts) {
            (Some(x), Some(y)) => Rc::ptr_eq(x, y),
            (x, y) => x.is_none() && y.is_none(),
        };
        (Rc::ptr_eq(&self.frame.0, &o.frame.0)
            || (charts
                && a.selected_node == b.selected_node
                && a.info == b.info
                && a.counter == b.counter
                && a.verbs == b.verbs
                && a.peers == b.peers
                && a.statem == b.statem
                && a.children == b.children
                && a.pool == b.pool
                && a.telemetry == b.telemetry
                && Rc::ptr_eq(&a.procs, &b.procs)))
            && self.gave_up == o.gave_up
            && self.paused == o.paused
            && self.on_act == o.on_act
            && self.on_close == o.on_close
            && self.on_sequence == o.on_sequence
            && self.on_select == o.on_select
    }
}

/// After an action the inspector's hint says "press Play (Space)": focus moves to Play, so
/// Space plays, as the hint says, and one key press cannot repeat the action.
fn focus_play() {
    use wasm_bindgen::JsCast;
    if let Some(b) = gloo::utils::document()
        .query_selector("[data-testid=play]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = b.focus();
    }
}

#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let reason = use_state(|| 2usize);
    let stop_reason = use_state(|| 0usize);
    let give_to = use_state(|| None::<Rc<str>>);
    let Some(node) = p.frame.selected_node.clone() else {
        return html! {
            <section class="inspector empty" data-testid="inspector" aria-label="Inspector">
                <h2>{"Inspector"}</h2>
                <p>{"Click a process on the stage (or press ] / [) to see what Process.info/1 and :sys.get_state/1 would show, and to kill, poison or suspend it."}</p>
            </section>
        };
    };
    let info = p.frame.info.clone();
    let alive = node.pid.is_some();
    let label = node.name.clone().unwrap_or_else(|| node.id.clone());
    let on_select_reason = {
        let reason = reason.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            reason.set(v.parse().unwrap_or(2));
        })
    };
    let kill = {
        let cb = p.on_act.clone();
        let r = *reason;
        Callback::from(move |_| {
            focus_play();
            let (text, _) = REASONS[r.min(REASONS.len() - 1)];
            cb.emit(if text == "crash" {
                Command::Crash {
                    message: "boom".into(),
                }
            } else {
                Command::Exit {
                    reason: text.into(),
                }
            })
        })
    };
    let poison = {
        let cb = p.on_act.clone();
        Callback::from(move |_| {
            focus_play();
            cb.emit(Command::Poison)
        })
    };
    let suspended = node.state == NodeState::Suspended;
    let suspend = {
        let cb = p.on_act.clone();
        Callback::from(move |_| {
            focus_play();
            cb.emit(if suspended {
                Command::Resume
            } else {
                Command::Suspend
            })
        })
    };
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let kind = node.kind_label();
    let row =
        |k: &str, v: String| html! { <tr><th scope="row">{k.to_string()}</th><td>{v}</td></tr> };
    let last_exit = node.last_exit.as_ref().map(|e| {
        format!(
            "{} at {}{}",
            e.reason.reason_label(),
            fmt_time(e.at),
            if e.by_supervisor {
                " — stopped by its supervisor"
            } else {
                " — not stopped by its supervisor (a crash, a stop or an exit signal)"
            }
        )
    });
    let is_worker = node.kind == NodeKind::Worker;
    html! {
        <section class="inspector" data-testid="inspector" aria-label="Inspector" data-selected={node.id.to_string()}>
            <header>
                <h2>
                    <span class={classes!("state-pill", format!("st-{}", node.state.as_str()))}>{state_icon(node.state)}</span>
                    {" "}{label.to_string()}
                </h2>
                <button class="close" onclick={close} aria-label="Close the inspector">{"×"}</button>
            </header>
            <p class="sub">
                {kind}{" · id "}<code>{node.id.to_string()}</code>{" · "}
                <code data-testid="inspector-pid">{node.pid.map_or_else(|| "not running".to_string(), |p| p.to_string())}</code>
            </p>
            <p class="state-line" data-testid="inspector-state">{state_words(node.state)}
                { if p.gave_up { " — its restart intensity was exceeded: it gave up (reached_max_restart_intensity) and exited with :shutdown" } else { "" } }
            </p>
            // Actions first: at 1280×720 they stay in view without scrolling the panel.
            <h3>{"Act on it"}</h3>
            if !alive {
                <p class="muted">{"This child has no live process right now; actions apply to a running process."}</p>
            }
            <div class="actions">
                <label for="reason">{"Process.exit(pid, "}</label>
                <select id="reason" data-testid="reason" onchange={on_select_reason}>
                    { for REASONS.iter().enumerate().map(|(k, (r, _))| html! {
                        <option value={k.to_string()} selected={k == *reason}>{*r}</option>
                    }) }
                </select>
                <span>{")"}</span>
                <button class="danger" data-testid="kill" onclick={kill} disabled={!alive} title="Keyboard: k (sends :kill)">
                    { if REASONS[*reason].0 == "crash" { "Crash it" } else { "Send exit signal" } }
                </button>
            </div>
            if p.paused && alive {
                <p class="hint" data-testid="paused-hint">{"Paused: what follows an action (signals, restarts) needs time — press Play (Space) or step (→)."}</p>
            }
            <p class="explain" data-testid="reason-explain">{REASONS[*reason].1}</p>
            <div class="actions">
                <button data-testid="poison" onclick={poison} disabled={!alive || !is_worker} title="Keyboard: p">{"Poison (send :poison)"}</button>
                <button data-testid="suspend" onclick={suspend} disabled={!alive} title="Keyboard: s">
                    { if suspended { "Resume (:sys.resume)" } else { "Suspend (:sys.suspend)" } }
                </button>
            </div>
            if let Some(d) = info.as_ref().and_then(|i| i.sys) {
                <h3>{":sys debugging"}</h3>
                <div class="actions" data-testid="sys-actions">
                    <button data-testid="sys-trace" aria-pressed={d.trace.to_string()}
                        onclick={{ let cb = p.on_act.clone(); move |_| cb.emit(Command::Trace(!d.trace)) }}>
                        { if d.trace { ":sys.trace(pid, false)" } else { ":sys.trace(pid, true)" } }</button>
                    <button data-testid="sys-statistics" aria-pressed={d.statistics.is_some().to_string()}
                        onclick={{ let cb = p.on_act.clone(); let on = d.statistics.is_some();
                            move |_| cb.emit(Command::Statistics(if on { StatsOp::Off } else { StatsOp::On })) }}>
                        { if d.statistics.is_some() { ":sys.statistics(pid, false)" } else { ":sys.statistics(pid, true)" } }</button>
                    <button data-testid="sys-no-debug" disabled={!d.trace && d.statistics.is_none()}
                        onclick={{ let cb = p.on_act.clone(); move |_| cb.emit(Command::NoDebug) }}>{":sys.no_debug(pid)"}</button>
                </div>
                <p class="explain" data-testid="sys-state">
                    { match (d.trace, &d.statistics) {
                        (false, None) => "No debugging on: each message costs what its work costs.".to_string(),
                        (t, s) => format!("{}{}; each message now costs {} more of its scheduler time (these requests are system messages: they wait behind its mailbox).",
                            if t { "Traced (*DBG* lines in the log)" } else { "Not traced" },
                            s.map_or(String::new(), |s| format!(", statistics: messages_in {}, messages_out {}, reductions ≈{}", s.messages_in, s.messages_out, s.reductions)),
                            fmt_time(d.cost_us)) } }
                </p>
            }
            if let Some(c) = &p.frame.counter {
                <p class="explain" data-testid="inspector-counter" data-value={c.value.to_string()}>
                    <code>{format!(":counters.get(:persistent_term.get(:{}), 1)", c.key)}</code>
                    {format!(" is {} now: every client's adds. This one made {} of them, each one atomic :counters.add/3 with no message and no read first.", c.value, c.own_adds)}
                </p>
            }
            <crate::ui::proc_actions::ProcActions frame={p.frame.clone()} on_act={p.on_act.clone()} />
            if let Some(v) = &p.frame.verbs {
                { otp_calls(v, &p.on_act, &stop_reason, &give_to) }
            }
            if let Some(peers) = &p.frame.peers {
                { ties_list(peers, &p.on_select) }
            }
            if let Some(cb) = p.on_sequence.clone() {
                <div class="actions">
                    <button data-testid="seq-add" onclick={move |_| cb.emit(())}>{"Add to the sequence diagram"}</button>
                </div>
            }
            <p class="explain">{"Poison: send(pid, :poison) — a server with no clause for it crashes with a function_clause error when it reaches that message. Suspend: :sys.suspend/1 — the process handles only system messages; its mailbox grows and callers wait (and may time out) until :sys.resume/1."}</p>
            <table class="facts">
                { row("restart", format!(":{:?}", node.restart).to_ascii_lowercase()) }
                { row("shutdown", node.shutdown.to_string()) }
                { row("restarts", node.restarts.to_string()) }
                if node.kind == NodeKind::DynamicSupervisor || node.partitions.is_some() {
                    { row("start_child waiting", format!("{} call(s) queued in its mailbox", node.queued_starts)) }
                }
                { last_exit.map(|e| row("last exit", e)).unwrap_or_default() }
                { if let Some(i) = &info { html! { <>
                    { row("status", i.status.to_string()) }
                    { row("registered_name", i.registered_name.as_ref().map_or("[]".into(), |n| n.to_string())) }
                    { row("trap_exit", i.trap_exit.to_string()) }
                    { row("links", pids(&i.links)) }
                    { row("monitors", pids(&i.monitors)) }
                    { row("monitored_by", pids(&i.monitored_by)) }
                    { row("message_queue_len", i.message_queue_len.to_string()) }
                    { row("max queue seen", i.max_queue_len.to_string()) }
                    { row("messages handled", i.handled.to_string()) }
                    { row("current", i.current.as_ref().map_or("—".into(), |c| c.to_string())) }
                    { row(":sys.get_state", i.state.to_string()) }
                    { row("alive since", fmt_time(i.alive_since)) }
                    { if let Some(l) = &i.latency { row("client latency", format!(
                        "{} calls, {} timeouts; mean {}, p50 {}, p99 {}, max {}", l.calls, l.timeouts, fmt_time(l.mean_us),
                        l.p50_us.map_or("—".into(), fmt_time), l.p99_us.map_or("—".into(), fmt_time), fmt_time(l.max_us))) } else { html!{} } }
                    { if let Some(l) = &i.reads { row("ETS reads", format!(
                        "{} reads in its own process (none queued at the owner); mean {}, p99 {}", l.calls, fmt_time(l.mean_us),
                        l.p99_us.map_or("—".into(), fmt_time))) } else { html!{} } }
                    { if let Some(l) = &i.computed { row("Computed", format!(
                        "{} plain-function calls in its own process (no message sent); {} each",
                        l.calls, fmt_time(l.mean_us))) } else { html!{} } }
                </> } } else { html! {} } }
            </table>
            if let Some(i) = &info {
                <h3>{format!("Mailbox ({})", i.message_queue_len)}</h3>
                if i.messages.is_empty() {
                    <p class="muted">{"empty"}</p>
                } else {
                    <ol class="mailbox-list" data-testid="mailbox-list" tabindex="0" aria-label="Messages in the mailbox, oldest first">
                        { for i.messages.iter().enumerate().map(|(k, (kind, m))| html! {
                            <li key={k}><span class={classes!("chip-kind", *kind)}>{*kind}</span>{" "}<code>{m.to_string()}</code></li>
                        }) }
                    </ol>
                }
            }
            { drawings(p, Drawings::Statem) }
            if let Some(c) = &p.frame.children {
                <section class="children" data-testid="which-children" aria-label="Children (which_children)">
                    <h3>{"Children: Supervisor.which_children/1"}</h3>
                    <p class="muted" data-testid="count-children">{format!("count_children: {}", c.1)}</p>
                    <table class="kv">
                        { for c.0.iter().map(|r| html! {
                            <tr key={r.id.to_string()} data-id={r.id.to_string()}>
                                <td><code>{format!("{{:{}, {}, {}}}", r.id, r.pid, r.kind)}</code></td>
                                <td>{ for r.calls.iter().map(|call| {
                                    let cb = p.on_act.clone();
                                    let call = call.clone();
                                    let label = crate::model::child_api::call_label(&call);
                                    html! {
                                        <button data-testid={format!("{label}-{}", r.id)}
                                            title={format!("Supervisor.{label}(sup, :{})", r.id)}
                                            onclick={move |_| cb.emit(call.clone())}>{label}</button>
                                    }
                                }) }</td>
                            </tr>
                        }) }
                    </table>
                </section>
            }
            { drawings(p, Drawings::PoolAndCharts) }
            if let Some(t) = p.frame.telemetry.as_ref().filter(|_| otp_sim::EXTRAS) {
                { telemetry_table(t) }
            }
        </section>
    }
}

/// The selected process's drawings (`ui::charts`) where the bundle has them; in the
/// first-load bundle, which leaves their code out, a button in their place that hands the
/// page over at this moment (the selection and the clock go with it), so they are one
/// press away and selecting, playing and scrubbing never wait for the full bundle.
fn drawings(p: &InspectorProps, which: Drawings) -> Html {
    match p.extras {
        Some(x) => (x.0.drawings)(&p.frame, which),
        None if which == Drawings::PoolAndCharts => {
            let cb = p.on_drawings.clone();
            html! {
                <section class="charts" data-testid="charts-more" aria-label="Over time">
                    <h3>{"Over time"}</h3>
                    <p class="muted">{"Its charts over time (mailbox, messages handled, time busy, latency, restarts) and a state machine's or a pool's drawing come with the full app."}</p>
                    <div class="actions">
                        <button data-testid="show-charts" onclick={move |_| cb.emit(())}>{"Show the charts"}</button>
                    </div>
                </section>
            }
        }
        None => html! {},
    }
}

/// `GenServer.stop`, a stopping call, and the ETS hand-overs of the tables the process
/// owns (`model::verbs`): each a recorded user command, like kill and suspend.
fn otp_calls(
    v: &Verbs,
    on_act: &Callback<Command>,
    stop_reason: &UseStateHandle<usize>,
    give_to: &UseStateHandle<Option<Rc<str>>>,
) -> Html {
    if !v.stop && v.tables.is_empty() {
        return html! {};
    }
    let act = |c: Command| {
        let cb = on_act.clone();
        Callback::from(move |_| {
            focus_play();
            cb.emit(c.clone())
        })
    };
    let (reason, why) = STOP_REASONS[(**stop_reason).min(STOP_REASONS.len() - 1)];
    let on_reason = {
        let h = stop_reason.clone();
        Callback::from(move |e: Event| {
            h.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(0),
            )
        })
    };
    // The chosen receiver, if it is still one of the others (else the first of them).
    let to = give_to
        .as_ref()
        .filter(|t| v.others.contains(t))
        .or(v.others.first())
        .cloned();
    let on_to = {
        let h = give_to.clone();
        Callback::from(move |e: Event| {
            h.set(Some(Rc::from(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .as_str(),
            )))
        })
    };
    html! {
        <div class="otp-calls" data-testid="otp-calls">
            if v.stop {
                <div class="actions">
                    <label for="stop-reason">{"GenServer.stop(pid, "}</label>
                    <select id="stop-reason" data-testid="stop-reason" onchange={on_reason}>
                        { for STOP_REASONS.iter().enumerate().map(|(k, (r, _))| html! {
                            <option value={k.to_string()} selected={k == **stop_reason}>{*r}</option>
                        }) }
                    </select>
                    <span>{")"}</span>
                    <button data-testid="gen-stop" onclick={act(stop(reason))}
                        title="A system message: terminate/2 runs, then the caller's monitor sees the exit">{"Stop it"}</button>
                    if v.call_stop {
                        <button data-testid="call-stop" onclick={act(call_stop(reason))}
                            title="handle_call returns {:stop, reason, :bye, state}: the reply is sent after terminate/2">{"Call {:stop, …}"}</button>
                    }
                </div>
                <p class="explain">{why}</p>
            }
            // A lean simulator (the first-load bundle's) has no ETS tables.
            { for v.tables.iter().filter(|_| otp_sim::EXTRAS).map(|t| {
                let heir = t.heir.as_ref().map_or("none".to_string(), |h| h.to_string());
                html! {
                    <div class="actions" data-testid={format!("table-{}", t.name)}>
                        <span>{format!("ETS :{} (heir: {heir})", t.name)}</span>
                        if let Some(to) = &to {
                            <label for={format!("to-{}", t.name)}>{"to"}</label>
                            <select id={format!("to-{}", t.name)} data-testid="ets-to" onchange={on_to.clone()}>
                                { for v.others.iter().map(|o| html! { <option value={o.to_string()} selected={o == to}>{o.to_string()}</option> }) }
                            </select>
                            <button data-testid="give-away" onclick={act(give_away(&t.name, to))}
                                title="The new owner gets {:\"ETS-TRANSFER\", table, from, :gift}">{":ets.give_away"}</button>
                            <button data-testid="set-heir" onclick={act(set_heir(&t.name, to))}
                                title="If the owner dies, the heir gets the table instead of it being deleted">{"Set heir"}</button>
                        }
                    </div>
                }
            }) }
        </div>
    }
}

/// The text version of the links and monitors drawn on the stage: each process that is on
/// the stage is a button that selects it.
fn ties_list(p: &Peers, on_select: &Callback<Rc<str>>) -> Html {
    let line = |what: &str, testid: &str, v: &[Peer]| {
        html! {
            <p class="ties-list" data-testid={testid.to_string()}>
                <strong>{what.to_string()}</strong>{" "}
                if v.is_empty() { <span class="muted">{"none"}</span> }
                { for v.iter().map(|x| match &x.id {
                    Some(id) => {
                        let cb = on_select.clone();
                        let id = id.clone();
                        html! { <button onclick={move |_| cb.emit(id.clone())}>{x.label.to_string()}</button> }
                    }
                    None => html! { <span>{x.label.to_string()}{" "}</span> },
                }) }
            </p>
        }
    };
    html! {
        <div data-testid="ties-text">
            { line("Linked to:", "linked-to", &p.linked) }
            { line("Monitors:", "monitors", &p.monitors) }
            { line("Monitored by:", "monitored-by", &p.monitored_by) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub lines: Shared<Vec<crate::model::frame::LogLine>>,
    pub only_selected: bool,
    pub messages: bool,
    pub has_selection: bool,
    pub on_only_selected: Callback<bool>,
    pub on_messages: Callback<bool>,
    /// While the sequence diagram is open: its lanes, and adding one from a line.
    #[prop_or_default]
    pub lanes: Option<Rc<[Rc<str>]>>,
    #[prop_or_default]
    pub on_lane: Callback<Rc<str>>,
    /// The trace stopped recording messages before now (`frame::trace_note`).
    #[prop_or_default]
    pub note: Option<Rc<str>>,
    /// Playing: the lines are all replaced twice a second (`tuning::LOG_LINES_PLAYING`).
    #[prop_or_default]
    pub playing: bool,
}

#[function_component(EventLog)]
pub fn event_log(p: &LogProps) -> Html {
    let only = {
        let cb = p.on_only_selected.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let msgs = {
        let cb = p.on_messages.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <section class="log" aria-label="Event log" data-testid="event-log">
            <header>
                <h2>{"Event log"}</h2>
                <label title="Show only events about the selected process (across its restarts)">
                    <input type="checkbox" checked={p.only_selected} onchange={only} disabled={!p.has_selection} data-testid="log-only-selected" />
                    {" selected process only"}
                </label>
                <label title="Also show every send / deliver / receive">
                    <input type="checkbox" checked={p.messages} onchange={msgs} data-testid="log-messages" />
                    {" messages"}
                </label>
            </header>
            if let Some(n) = &p.note {
                <p class="trace-note" role="note" data-testid="trace-note">{&**n}</p>
            }
            <ol class="lines" aria-live="off" reversed=true>
                // Keyed by event while paused, so a line (and a focused "+ id" button on it)
                // keeps its element as lines are added above it. While playing every line is
                // new at each refresh in a busy run: keyed by place, the same elements take
                // the new text, instead of 20 removed and 20 created, styled and laid out.
                { for p.lines.iter().enumerate().map(|(k, l)| html! {
                    <li key={if p.playing { k as u64 } else { l.idx as u64 }} class={classes!("line", l.severity)} data-ev={l.ev}>
                        <span class="t">{fmt_time(l.t)}</span>
                        <span class="txt">{&l.text}</span>
                        if let Some(lanes) = &p.lanes {
                            { for l.ids.iter().filter(|id| !lanes.contains(id)).map(|id| {
                                let cb = p.on_lane.clone();
                                let lane = id.clone();
                                html! {
                                    <button class="add-lane" data-testid="log-add-lane" data-id={id.clone()}
                                        title={format!("Add {id} to the sequence diagram")}
                                        onclick={Callback::from(move |_| cb.emit(lane.clone()))}>
                                        {format!("+ {id}")}
                                    </button>
                                }
                            }) }
                        }
                    </li>
                }) }
            </ol>
            <p class="muted small">{"Newest first. Events up to the current moment of the timeline."}</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub frame: Shared<Frame>,
    pub playing: bool,
    pub speed: usize,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_reset: Callback<()>,
    /// Run to the end (End), or stop a run ahead.
    pub on_to_end: Callback<()>,
    /// While running ahead in slices: how far along, from 0 to 1.
    pub running_ahead: Option<f64>,
    pub on_speed: Callback<usize>,
    pub on_seek: Callback<u64>,
}

fn marker_view(m: &Marker, end: u64, on_seek: &Callback<u64>) -> Html {
    let left = m.t as f64 / end.max(1) as f64 * 100.0;
    let t = m.t;
    let cb = on_seek.clone();
    html! {
        <button class={classes!("marker", m.kind.as_str())} style={format!("left:{left:.3}%")}
            title={format!("{} — {}", fmt_time(m.t), m.label)} aria-label={format!("{} at {}", m.label, fmt_time(m.t))}
            data-t={m.t.to_string()} onclick={Callback::from(move |_| cb.emit(t))}></button>
    }
}

#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let f = &p.frame;
    let end = f.end.max(1);
    let on_input = {
        let cb = p.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(t) = v.parse::<f64>() {
                cb.emit(t.max(0.0) as u64);
            }
        })
    };
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            cb.emit(v.parse().unwrap_or(crate::model::tuning::DEFAULT_SPEED));
        })
    };
    let c = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    // Markers: at most one per pixel-ish bucket so a long run stays readable.
    let mut shown: Vec<&Marker> = Vec::new();
    let mut last_bucket = None;
    for m in &f.markers {
        let b = (m.t as f64 / end as f64 * 400.0) as i64;
        if last_bucket != Some((b, m.kind)) {
            shown.push(m);
            last_bucket = Some((b, m.kind));
        }
    }
    let horizon = f.horizon as f64 / end as f64 * 100.0;
    html! {
        <section class="timeline" aria-label="Timeline" data-testid="timeline">
            <div class="buttons">
                <button data-testid="reset" onclick={c(&p.on_reset)} title="Reset (Home)" aria-label="Reset">{"⟲"}<span class="word">{" Reset"}</span></button>
                <button data-testid="step-back" onclick={c(&p.on_step_back)} title="Step back (←)" aria-label="Step back">{"◀"}</button>
                <button class="play" data-testid="play" onclick={c(&p.on_toggle)} title="Play / pause (Space)"
                    aria-label={if p.playing { "Pause" } else { "Play" }} aria-pressed={p.playing.to_string()}>
                    if p.playing { {"❚❚"}<span class="word">{" Pause"}</span> } else { {"▶"}<span class="word">{" Play"}</span> }
                </button>
                <button data-testid="step" onclick={c(&p.on_step)} title="Step one event (→)" aria-label="Step one event">{"▶|"}</button>
                if let Some(done) = p.running_ahead {
                    <button data-testid="to-end" onclick={c(&p.on_to_end)} title="Stop running ahead (End)" aria-label="Stop running ahead">{"■"}<span class="word">{" Stop"}</span></button>
                    <span class="running-ahead" data-testid="running-ahead">
                        <progress max="100" value={format!("{:.0}", done * 100.0)} aria-label="Running ahead"></progress>
                        {format!(" {:.0} %", done * 100.0)}
                    </span>
                } else {
                    <button data-testid="to-end" onclick={c(&p.on_to_end)} title="Run to the end (End): computed a slice per frame, the page stays responsive" aria-label="Run to the end">{"⇥"}<span class="word">{" End"}</span></button>
                }
                <label class="speed">
                    <span class="word">{"speed "}</span>
                    <select data-testid="speed" onchange={on_speed} aria-label="Speed: virtual time per wall-clock second">
                        { for SPEEDS.iter().enumerate().map(|(i, (_, l))| html! {
                            <option value={i.to_string()} selected={i == p.speed}>{*l}</option>
                        }) }
                    </select>
                </label>
                <span class="clock" data-testid="clock" data-now={f.now.to_string()}>
                    {format!("t = {} / {}", fmt_time(f.now), fmt_time(end))}
                </span>
                <span class="timeline-legend" aria-hidden="true">
                    <span><i style="background:#D55E00"></i>{"crash"}</span>
                    <span><i style="background:#0072B2;height:9px"></i>{"restart"}</span>
                    <span><i style="background:#000;width:10px"></i>{"gave up"}</span>
                    <span><i style="background:#CC79A7;width:9px;height:9px"></i>{"fault (scheduled or yours)"}</span>
                </span>
                <span class="stats muted">{f.stats_line()}</span>
            </div>
            <div class="track">
                <div class="recorded" style={format!("width:{horizon:.2}%")} title="already computed: scrub freely"></div>
                <input type="range" min="0" max={end.to_string()} step="1000" value={f.now.to_string()}
                    oninput={on_input} data-testid="scrubber" aria-label="Virtual time"
                    aria-valuetext={fmt_time(f.now)} />
                <div class="markers">
                    { for shown.into_iter().map(|m| marker_view(m, end, &p.on_seek)) }
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub scenario_idx: Option<usize>,
    pub scenario_name: Rc<str>,
    pub search: Rc<str>,
    pub large: bool,
    pub route: Rc<str>,
    pub on_scenario: Callback<usize>,
    pub on_search: Callback<String>,
    /// Enter in the Find box: select and centre the next match.
    pub on_find: Callback<()>,
    pub on_large: Callback<()>,
    pub on_help: Callback<()>,
    pub on_custom: Callback<()>,
    pub on_share: Callback<()>,
}

#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    let on_pick = {
        let cb = p.on_scenario.clone();
        let custom = p.on_custom.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            match v.parse::<usize>() {
                Ok(i) => cb.emit(i),
                Err(_) => custom.emit(()),
            }
        })
    };
    let on_find_key = {
        let cb = p.on_find.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let on_search = {
        let cb = p.on_search.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let large = {
        let cb = p.on_large.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let help = {
        let cb = p.on_help.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let share = {
        let cb = p.on_share.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let link = |href: &str, text: &str| {
        let current = &*p.route == href;
        html! { <a href={href.to_string()} aria-current={current.then_some("page")}>{text.to_string()}</a> }
    };
    html! {
        <header class="topbar">
            <a class="brand" href="#/">{"OTP Playground"}</a>
            if &*p.route == "#/" {
                <label class="picker">
                    <span class="sr-only">{"Scenario"}</span>
                    <select data-testid="scenario-picker" onchange={on_pick} aria-label="Scenario">
                        { for BUILTIN.iter().enumerate().map(|(i, (file, _))| {
                            let name = crate::model::scenarios::name(i).unwrap_or(file);
                            html! { <option value={i.to_string()} data-slug={slug(file).to_string()} selected={p.scenario_idx == Some(i)}>{name}</option> }
                        }) }
                        <option value="custom" selected={p.scenario_idx.is_none()}>
                            { if p.scenario_idx.is_none() { format!("Custom: {}", p.scenario_name) } else { "Your own scenario (JSON)…".to_string() } }
                        </option>
                    </select>
                </label>
                <input class="search" type="search" placeholder="Find…" title="Find processes by name, id or pid; Enter selects and centres the next match" value={p.search.to_string()}
                    oninput={on_search} onkeydown={on_find_key} data-testid="search" aria-label="Find processes (Enter: select the next match)" />
            }
            <nav aria-label="Sections">
                { link("#/", "Playground") }
                { link("#/gallery", "Gallery") }
                { link("#/edit", "Edit") }
                { link("#/lessons", "Lessons") }
                { link("#/quiz", "Quiz") }
            </nav>
            if &*p.route == "#/" {
                <button onclick={share} data-testid="share" title="Share this moment as a link; export the scenario, trace, tree or Elixir code">{"Share"}</button>
                <a class="button secondary" href="#/present" data-testid="present" title="Presenter mode: large type, narrated steps (PageDown / PageUp)">{"Present"}</a>
            }
            <button onclick={large} aria-pressed={p.large.to_string()} data-testid="large-type" title="Large type for projectors">{"A+ Large type"}</button>
            <button onclick={help} title="Keyboard shortcuts (?)" aria-label="Help and keyboard shortcuts">{"?"}</button>
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct CustomProps {
    pub errors: Option<Rc<Vec<String>>>,
    pub on_load: Callback<String>,
    pub on_close: Callback<()>,
    /// Text to put in the box (an imported file); otherwise the saved draft.
    #[prop_or_default]
    pub fill: Option<Rc<str>>,
}

/// Where the custom-scenario text is kept between visits: the user's own work, which
/// nothing but the user's typing (or importing) replaces.
pub const DRAFT_KEY: &str = "otp-playground.draft";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Paste your own scenario JSON; field-named errors if it is invalid.
#[function_component(CustomScenario)]
pub fn custom_scenario(p: &CustomProps) -> Html {
    let text = use_node_ref();
    let load = {
        let text = text.clone();
        let cb = p.on_load.clone();
        Callback::from(move |_| {
            if let Some(t) = text.cast::<HtmlTextAreaElement>() {
                cb.emit(t.value());
            }
        })
    };
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    // Uncontrolled: filled once (and again when a file is imported), so re-renders (every
    // animation frame) never undo typing.
    {
        let text = text.clone();
        use_effect_with(p.fill.clone(), move |fill| {
            if let Some(t) = text.cast::<HtmlTextAreaElement>() {
                let draft = storage().and_then(|s| s.get_item(DRAFT_KEY).ok().flatten());
                match fill {
                    Some(f) => {
                        t.set_value(f);
                        if let Some(s) = storage() {
                            let _ = s.set_item(DRAFT_KEY, f);
                        }
                    }
                    None => t.set_value(
                        draft
                            .as_deref()
                            .unwrap_or(crate::model::scenarios::BUILTIN[0].1),
                    ),
                }
            }
        });
    }
    // Every edit is saved as the draft (private windows may refuse: then it lives on
    // for this visit only).
    let save = Callback::from(|e: InputEvent| {
        let t: HtmlTextAreaElement = e.target_unchecked_into();
        if let Some(s) = storage() {
            let _ = s.set_item(DRAFT_KEY, &t.value());
        }
    });
    html! {
        <section class="custom" aria-label="Load your own scenario" data-testid="custom-scenario">
            <h2>{"Your own scenario"}</h2>
            <p>{"Paste scenario JSON (the format of the files in scenarios/, see docs/scenario-format.md). Your text is kept in this browser as you type."}</p>
            <textarea ref={text} rows="8" data-testid="scenario-json" aria-label="Scenario JSON" oninput={save} />
            <div class="actions">
                <button data-testid="load-json" onclick={load}>{"Load"}</button>
                <button onclick={close}>{"Close"}</button>
            </div>
            if let Some(errs) = &p.errors {
                <div class="errors" role="alert" data-testid="scenario-errors">
                    <strong>{"This scenario was not loaded:"}</strong>
                    <ul>{ for errs.iter().map(|e| html! { <li>{e.clone()}</li> }) }</ul>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
    /// Screen-reader announcements are off.
    pub muted: bool,
    pub on_mute: Callback<()>,
}

#[function_component(Help)]
pub fn help(p: &HelpProps) -> Html {
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help">
            <div class="dialog">
                <h2>{"Keyboard"}</h2>
                <table>
                    { for ROWS.iter().map(|r| html! { <tr><th><kbd>{r.label}</kbd></th><td>{r.help}</td></tr> }) }
                </table>
                <p>{"Tab moves through the controls as usual. Drag the stage to pan; use the mouse wheel or + / − to zoom."}</p>
                <p data-testid="help-order">{"] and [ visit the processes in tree order: the root supervisor first, then each child in the order its supervisor starts it, and a supervisor's own children right after it, before its next sibling; past the last they wrap around to the root. Each selection opens the inspector and is said to screen readers. The Find box selects the processes whose name matches, in the same order."}</p>
                <label>
                    <input type="checkbox" checked={!p.muted} data-testid="announce-toggle"
                        onchange={{ let cb = p.on_mute.clone(); move |_| cb.emit(()) }} />
                    {" Tell screen readers about crashes, restarts, supervisors giving up and warnings (m)"}
                </label>
                <button onclick={close}>{"Close"}</button>
            </div>
        </div>
    }
}

#[function_component(About)]
pub fn about() -> Html {
    html! {
        <footer class="about" data-testid="about">
            <details>
                <summary>{"About the simulator: where it simplifies OTP"}</summary>
                <ul>
                    <li>{"Scheduling: a process handles one message per scheduling slot, with a fixed cost per message, instead of BEAM reductions and preemption."}</li>
                    <li>{"Every message and exit signal takes the same fixed latency (the scenario's latency_us)."}</li>
                    <li>{"Restart intensity is counted in whole virtual seconds from t = 0 (as erlang:monotonic_time(1) would, with the clock starting at 0)."}</li>
                    <li>{"Only the built-in kinds exist (server, counter, Agent, gen_statem, clients, ETS owners and readers, tasks, Supervisor, DynamicSupervisor, Task.Supervisor, PartitionSupervisor); there is no user code. A gen_statem's callbacks are declared rules over one integer of data (no state enter calls, no :next_event). ETS tables have no contents: a read costs time, and fails once the owner is gone."}</li>
                    <li>{"One node: no distribution, Horde or netsplits; DETS and Mnesia are not modelled (the lessons say where)."}</li>
                    <li>{"Time is virtual and deterministic: the same scenario and seed always give the same run."}</li>
                </ul>
            </details>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    pub warnings: Shared<Vec<crate::model::warnings::Warning>>,
}

/// The live warnings, each with the lesson that explains it. Not a live region itself:
/// screen readers hear a new warning once, through the app's one live region
/// (`ui::announce`), so the list's refreshes are never read again.
#[function_component(Warnings)]
pub fn warnings(p: &WarningsProps) -> Html {
    html! {
        <ul class="warnings" aria-label="Warnings" data-testid="warnings">
            { for p.warnings.iter().map(|w| html! {
                <li key={w.key.clone()} data-key={w.key.clone()}>
                    <span aria-hidden="true">{"⚠ "}</span>{&w.text}{" "}
                    <a href={format!("#/lessons/{}", w.lesson)}>{"Why?"}</a>
                </li>
            }) }
        </ul>
    }
}

/// `:telemetry` now (`Sim::telemetry`): each handler, whether it is attached, its calls
/// and failures, and the metric it feeds.
fn telemetry_table(t: &otp_sim::TelemetryView) -> Html {
    html! {
        <div class="telemetry" data-testid="telemetry-table">
            <h3>{":telemetry handlers"}</h3>
            <table class="kv">
                <tr><th>{"handler"}</th><th>{"events"}</th><th>{"state"}</th><th>{"calls"}</th><th>{"metric"}</th></tr>
                { for t.handlers.iter().map(|h| {
                    let state = if h.attached {
                        "attached".to_string()
                    } else if h.detached_by_failure {
                        format!("detached (raised) at {}", fmt_time(h.detached_at.unwrap_or(0)))
                    } else {
                        format!("detached at {}", fmt_time(h.detached_at.unwrap_or(0)))
                    };
                    let metric = h.metric.as_ref().map_or(String::new(), |m| match m.headline() {
                        Some(v) => format!("{} = {}", m.name, (v * 10.0).round() / 10.0),
                        None => format!("{} = -", m.name),
                    });
                    html! {
                        <tr key={h.id.clone()} class={classes!((!h.attached).then_some("detached"))}>
                            <td><code>{h.id.clone()}</code></td>
                            <td>{h.events.join(", ")}</td>
                            <td>{state}</td>
                            <td>{format!("{} ({} raised)", h.calls, h.failures)}</td>
                            <td>{metric}</td>
                        </tr>
                    }
                }) }
            </table>
            <p class="muted">{ for t.emitters.iter().map(|e| format!("{} executes {} after each call. ", e.worker, e.event)) }</p>
        </div>
    }
}
