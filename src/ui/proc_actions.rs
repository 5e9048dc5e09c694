//! The inspector's process actions for a server or counter worker: link to, unlink from,
//! monitor or demonitor another process (picked from a list), trap exits on or off, exit
//! itself, `Process.exit/2` another process, and spawn / spawn_link a worker outside the
//! tree. Each is a user command on the selected process (`model::state`), so it replays
//! on a scrub and travels in share links. Plain buttons and selects: keyboard operable.

use crate::model::frame::{Frame, flatten};
use crate::model::outside::{fresh_id, worker_spec};
use crate::ui::shared::Shared;
use otp_sim::Command;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The reasons offered for `exit/1` and `Process.exit/2`.
const REASONS: &[&str] = &[":normal", ":shutdown", ":kill", "{:shutdown, :reason}"];

#[derive(Properties, PartialEq)]
pub struct ProcActionsProps {
    pub frame: Shared<Frame>,
    pub on_act: Callback<Command>,
}

#[function_component(ProcActions)]
pub fn proc_actions(p: &ProcActionsProps) -> Html {
    let other = use_state(|| None::<Rc<str>>);
    let reason = use_state(|| 0usize);
    let f = &p.frame;
    let (Some(node), Some(info)) = (f.selected_node.as_ref(), f.info.as_ref()) else {
        return html! {};
    };
    // Server and counter workers take these calls (`:sys` support less the Agent and
    // the gen_statem); the simulator refuses the rest and says so.
    if info.sys.is_none() || node.agent || node.statem {
        return html! {};
    }
    let mut flat = Vec::new();
    flatten(&f.tree, &mut flat);
    flat.extend(f.outside.iter().map(|o| &o.node));
    let peers: Vec<Rc<str>> = flat
        .iter()
        .filter(|n| n.pid.is_some() && n.id != node.id)
        .map(|n| n.id.clone())
        .collect();
    let to = other
        .as_ref()
        .filter(|o| peers.contains(o))
        .or(peers.first())
        .cloned();
    let spawn_id = fresh_id(flat.iter().map(|n| &*n.id));
    let act = |c: Command| {
        let cb = p.on_act.clone();
        Callback::from(move |_: MouseEvent| cb.emit(c.clone()))
    };
    let on_other = {
        let other = other.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            other.set(Some(Rc::from(v.as_str())));
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            reason.set(v.parse().unwrap_or(0));
        })
    };
    let r = REASONS[(*reason).min(REASONS.len() - 1)];
    let with_to = |key: &'static str, call: &'static str, make: fn(String) -> Command| -> Html {
        match &to {
            Some(t) => html! {
                <button data-testid={format!("proc-{key}")} onclick={act(make(t.to_string()))}>
                    {format!("{call}({t})")}</button>
            },
            None => html! {},
        }
    };
    let spawn = |link: bool| match worker_spec(&spawn_id) {
        Some(spec) => html! {
            <button data-testid={if link { "proc-spawn-link" } else { "proc-spawn" }}
                onclick={act(Command::Spawn { spec, link })}>
                { if link { "GenServer.start_link (spawn_link a worker)" } else { "GenServer.start (spawn a worker)" } }</button>
        },
        None => html! {},
    };
    html! {
        <div class="proc-actions" data-testid="proc-actions">
            <h3>{"Links, monitors and exit signals"}</h3>
            <div class="actions">
                <label for="proc-other">{"Other process"}</label>
                <select id="proc-other" data-testid="proc-other" onchange={on_other} disabled={peers.is_empty()}>
                    { for peers.iter().map(|id| html! {
                        <option value={id.to_string()} selected={to.as_deref() == Some(&**id)}>{id.to_string()}</option>
                    }) }
                </select>
            </div>
            <div class="actions">
                { with_to("link", "Process.link", |to| Command::Link { to }) }
                { with_to("unlink", "Process.unlink", |to| Command::Unlink { to }) }
                { with_to("monitor", "Process.monitor", |to| Command::Monitor { to }) }
                { with_to("demonitor", "Process.demonitor", |to| Command::Demonitor { to }) }
            </div>
            <div class="actions">
                <button data-testid="proc-trap" aria-pressed={info.trap_exit.to_string()}
                    onclick={act(Command::TrapExit(!info.trap_exit))}>
                    { if info.trap_exit { "Process.flag(:trap_exit, false)" } else { "Process.flag(:trap_exit, true)" } }</button>
            </div>
            <div class="actions">
                <label for="proc-reason">{"Reason"}</label>
                <select id="proc-reason" data-testid="proc-reason" onchange={on_reason}>
                    { for REASONS.iter().enumerate().map(|(k, t)| html! {
                        <option value={k.to_string()} selected={k == *reason}>{*t}</option>
                    }) }
                </select>
                if let Some(t) = &to {
                    <button class="danger" data-testid="proc-exit-other"
                        onclick={act(Command::ProcessExit { to: t.to_string(), reason: r.into() })}>
                        {format!("Process.exit({t}, {r})")}</button>
                }
                <button class="danger" data-testid="proc-exit-self"
                    onclick={act(Command::ExitSelf { reason: r.into() })}>{format!("exit({r}) itself")}</button>
            </div>
            <div class="actions">{spawn(false)}{spawn(true)}</div>
            <p class="explain">{"Each is a call this process makes in its own code when it handles the request (it waits its turn in the mailbox). A link carries exit signals both ways; a monitor sends a :DOWN message one way; a process trapping exits gets {:EXIT, pid, reason} messages instead of dying (but :kill cannot be trapped)."}</p>
        </div>
    }
}
