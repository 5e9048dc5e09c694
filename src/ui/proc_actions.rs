//! The inspector's process actions for a server or counter worker: link to, unlink from,
//! monitor or demonitor another process (picked from a list), trap exits on or off, exit
//! itself, `Process.exit/2` another process, and spawn / spawn_link a worker outside the
//! tree. Each is a user command on the selected process (`model::state`), built and
//! labelled by `model::commands` (which also spells it for share links), so it replays
//! on a scrub and travels in share links. Plain buttons and selects: keyboard operable.

use crate::model::commands::{EXIT_REASONS, ON_OTHER, elixir, exit_self, process_exit, spawn};
use crate::model::frame::Frame;
use crate::model::outside::fresh_id;
use crate::ui::shared::Shared;
use otp_sim::Command;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

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
    // The frame's list of processes (`Frame::procs`), the same while none starts or dies.
    let peers: Vec<Rc<str>> = f
        .procs
        .iter()
        .filter(|(id, alive)| *alive && *id != node.id)
        .map(|(id, _)| id.clone())
        .collect();
    let to = other
        .as_ref()
        .filter(|o| peers.contains(o))
        .or(peers.first())
        .cloned();
    let spawn_id = fresh_id(f.procs.iter().map(|(id, _)| &**id));
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
    let r = EXIT_REASONS[(*reason).min(EXIT_REASONS.len() - 1)];
    // Each button shows the Elixir call its command stands for (`model::commands`).
    let button = |testid: String, class: &'static str, c: Command| {
        html! { <button class={class} data-testid={testid} onclick={act(c.clone())}>{elixir(&c)}</button> }
    };
    let other_calls: Html = match &to {
        Some(t) => ON_OTHER
            .iter()
            .map(|(key, make)| button(format!("proc-{key}"), "", make(t.to_string())))
            .collect(),
        None => html! {},
    };
    let spawns: Html = [(false, "proc-spawn"), (true, "proc-spawn-link")]
        .into_iter()
        .filter_map(|(link, testid)| Some(button(testid.into(), "", spawn(&spawn_id, link)?)))
        .collect();
    let trap = Command::TrapExit(!info.trap_exit);
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
            <div class="actions">{other_calls}</div>
            <div class="actions">
                <button data-testid="proc-trap" aria-pressed={info.trap_exit.to_string()}
                    onclick={act(trap.clone())}>{elixir(&trap)}</button>
            </div>
            <div class="actions">
                <label for="proc-reason">{"Reason"}</label>
                <select id="proc-reason" data-testid="proc-reason" onchange={on_reason}>
                    { for EXIT_REASONS.iter().enumerate().map(|(k, t)| html! {
                        <option value={k.to_string()} selected={k == *reason}>{*t}</option>
                    }) }
                </select>
                if let Some(t) = &to {
                    { button("proc-exit-other".into(), "danger", process_exit(t, r)) }
                }
                { button("proc-exit-self".into(), "danger", exit_self(r)) }
            </div>
            <div class="actions">{spawns}</div>
            <p class="explain">{"Each is a call this process makes in its own code when it handles the request (it waits its turn in the mailbox). A link carries exit signals both ways; a monitor sends a :DOWN message one way; a process trapping exits gets {:EXIT, pid, reason} messages instead of dying (but :kill cannot be trapped)."}</p>
        </div>
    }
}
