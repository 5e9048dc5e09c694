//! The editor's form, drawn from the draft: the scenario's settings, the tree as an
//! outline (select, drag to move, buttons to reorder), the selected process's fields,
//! faults and narrated steps. Every field has its explanation (`model::edit_help`) as
//! its title and as text tied to it by `aria-describedby`, and shows a refused value with
//! its error beside it. Changes go out as `EditorAction`s; nothing is decided here.

use crate::model::edit_help::help;
use crate::model::edit_ops::{
    ADD_COUNT_PATH, EditOp, FAULT_ACTIONS, Field, NewChild, NodePath, Target, fault_action,
    field_path, names, node, node_path,
};
use crate::model::editor::{EditorAction, Rejected};
use otp_sim::Scenario;
use otp_sim::scenario::{Behaviour, ChildSpec, MaxChildren, Shutdown};
use yew::prelude::*;

/// What every field needs: the refused change (to show what was typed, and its error) and
/// where to send changes.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub rejected: Option<Rejected>,
    pub on_action: Callback<EditorAction>,
}

/// A DOM id from a field path.
pub fn dom_id(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

pub enum Input<'a> {
    Text,
    Long,
    Check,
    Choice(&'a [(&'a str, &'a str)]),
}

/// One labelled field: input, explanation, error.
pub fn field(cx: &Ctx, target: Target, f: Field, value: &str, input: Input) -> Html {
    let path = field_path(&target, f);
    let (label, explain) = help(f);
    let err = cx.rejected.as_ref().and_then(|r| r.at(&path));
    let shown = match (err, cx.rejected.as_ref().and_then(|r| r.value.clone())) {
        (Some(_), Some(typed)) => typed,
        _ => value.to_string(),
    };
    let id = dom_id(&path);
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-err");
    let described = if err.is_some() {
        format!("{help_id} {err_id}")
    } else {
        help_id.clone()
    };
    let send = {
        let cb = cx.on_action.clone();
        let target = target.clone();
        move |value: String| {
            cb.emit(EditorAction::Edit(EditOp::Set {
                target: target.clone(),
                field: f,
                value,
            }))
        }
    };
    let testid = format!("field-{path}");
    let control = match input {
        Input::Text => {
            let onchange = Callback::from(move |e: Event| {
                send(
                    e.target_unchecked_into::<web_sys::HtmlInputElement>()
                        .value(),
                )
            });
            html! { <input id={id.clone()} type="text" value={shown} {onchange} title={explain}
            aria-describedby={described.clone()} aria-invalid={err.is_some().to_string()} data-testid={testid} /> }
        }
        Input::Long => {
            let onchange = Callback::from(move |e: Event| {
                send(
                    e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value(),
                )
            });
            html! { <textarea id={id.clone()} rows="2" value={shown} {onchange} title={explain}
            aria-describedby={described.clone()} aria-invalid={err.is_some().to_string()} data-testid={testid} /> }
        }
        Input::Check => {
            let on = value == "true";
            let onchange = Callback::from(move |e: Event| {
                let c = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked();
                send(c.to_string())
            });
            html! { <input id={id.clone()} type="checkbox" checked={on} {onchange} title={explain}
            aria-describedby={described.clone()} data-testid={testid} /> }
        }
        Input::Choice(options) => {
            let on_change = Callback::from(send);
            let mut opts: Vec<(AttrValue, AttrValue)> = options
                .iter()
                .map(|(v, l)| {
                    (
                        AttrValue::from(v.to_string()),
                        AttrValue::from(l.to_string()),
                    )
                })
                .collect();
            if !options.iter().any(|(v, _)| *v == value) {
                opts.insert(
                    0,
                    (
                        value.to_string().into(),
                        format!("{value} (set in the text)").into(),
                    ),
                );
            }
            html! { <Choice id={id.clone()} value={AttrValue::from(value.to_string())} options={opts} {on_change}
            title={explain} described={described.clone()} testid={testid} /> }
        }
    };
    html! {
        <div class={classes!("field", err.is_some().then_some("has-error"))}>
            <label for={id.clone()}>{label}</label>
            {control}
            <span class="explain" id={help_id}>{explain}</span>
            if let Some(e) = err {
                <span class="field-error" id={err_id} role="alert" data-testid={format!("error-{path}")}>{e.message.clone()}</span>
            }
        </div>
    }
}

const RESTARTS: [(&str, &str); 3] = [
    ("permanent", ":permanent"),
    ("transient", ":transient"),
    ("temporary", ":temporary"),
];
const STRATEGIES: [(&str, &str); 3] = [
    ("one_for_one", ":one_for_one"),
    ("one_for_all", ":one_for_all"),
    ("rest_for_one", ":rest_for_one"),
];
const SUP_TYPES: [(&str, &str); 4] = [
    ("supervisor", "Supervisor"),
    ("dynamic_supervisor", "DynamicSupervisor"),
    ("task_supervisor", "Task.Supervisor"),
    ("partition_supervisor", "PartitionSupervisor"),
];
const KINDS: [(&str, &str); 4] = [
    ("server", "server (GenServer)"),
    ("counter", "counter (GenServer)"),
    ("agent", "agent (Agent)"),
    ("client", "client (workload)"),
];
const MODES: [(&str, &str); 2] = [
    ("call", "call (GenServer.call)"),
    ("cast", "cast (GenServer.cast)"),
];

fn shutdown_text(s: Shutdown) -> String {
    match s {
        Shutdown::BrutalKill => "brutal_kill".into(),
        Shutdown::Infinity => "infinity".into(),
        Shutdown::Timeout(ms) => ms.to_string(),
    }
}

fn max_children_text(m: MaxChildren) -> String {
    m.0.map_or("infinity".into(), |n| n.to_string())
}

/// What a node is, in a few words, for the outline.
pub fn kind_label(n: &ChildSpec) -> String {
    match n {
        ChildSpec::Supervisor(s) => format!("Supervisor, {}", s.strategy.as_str()),
        ChildSpec::DynamicSupervisor(_) => "DynamicSupervisor".into(),
        ChildSpec::TaskSupervisor(_) => "Task.Supervisor".into(),
        ChildSpec::PartitionSupervisor(_) => "PartitionSupervisor".into(),
        ChildSpec::Pool(p) => format!("poolboy pool, size {}", p.size),
        ChildSpec::Worker(w) => match &w.behaviour {
            Behaviour::Server { .. } => "GenServer".into(),
            Behaviour::Counter { .. } => "counter".into(),
            Behaviour::Agent { .. } => "Agent".into(),
            Behaviour::Client(c) => format!("client, {} → {}", c.mode.as_str(), c.target),
            Behaviour::Registry { .. } => "Registry".into(),
            Behaviour::Pg {} => ":pg scope".into(),
            Behaviour::Statem(_) => "gen_statem".into(),
            Behaviour::Task(_) => "task".into(),
        },
    }
}

fn takes_children(n: &ChildSpec) -> bool {
    matches!(
        n,
        ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_)
    )
}

/// Every supervisor that takes children, with its path, in tree order.
pub fn supervisors(n: &ChildSpec, at: &mut NodePath, out: &mut Vec<(NodePath, String)>) {
    if !takes_children(n) {
        return;
    }
    out.push((at.clone(), n.id().to_string()));
    for (i, c) in n.children().iter().enumerate() {
        at.push(i);
        supervisors(c, at, out);
        at.pop();
    }
}

/// The selected node's fields.
pub fn node_form(cx: &Ctx, sc: &Scenario, at: &NodePath) -> Html {
    let Some(n) = node(&sc.tree, at) else {
        return html! { <p>{"Select a process in the outline."}</p> };
    };
    let t = || Target::Node(at.clone());
    let mut rows = vec![
        field(cx, t(), Field::Id, n.id(), Input::Text),
        field(cx, t(), Field::RegName, n.name().unwrap_or(""), Input::Text),
    ];
    if !at.is_empty() {
        rows.push(field(
            cx,
            t(),
            Field::Restart,
            restart_text(n),
            Input::Choice(&RESTARTS),
        ));
        rows.push(field(
            cx,
            t(),
            Field::Shutdown,
            &shutdown_text(n.shutdown()),
            Input::Text,
        ));
    }
    let intensity = |rows: &mut Vec<Html>, r: u32, s: u32| {
        rows.push(field(
            cx,
            t(),
            Field::MaxRestarts,
            &r.to_string(),
            Input::Text,
        ));
        rows.push(field(
            cx,
            t(),
            Field::MaxSeconds,
            &s.to_string(),
            Input::Text,
        ));
    };
    let sup_type = |kind: &str| field(cx, t(), Field::SupType, kind, Input::Choice(&SUP_TYPES));
    match n {
        ChildSpec::Supervisor(s) => {
            rows.push(sup_type("supervisor"));
            rows.push(field(
                cx,
                t(),
                Field::Strategy,
                s.strategy.as_str(),
                Input::Choice(&STRATEGIES),
            ));
            intensity(&mut rows, s.max_restarts, s.max_seconds);
        }
        ChildSpec::DynamicSupervisor(s) => {
            rows.push(sup_type("dynamic_supervisor"));
            intensity(&mut rows, s.max_restarts, s.max_seconds);
            rows.push(field(
                cx,
                t(),
                Field::MaxChildren,
                &max_children_text(s.max_children),
                Input::Text,
            ));
        }
        ChildSpec::TaskSupervisor(s) => {
            rows.push(sup_type("task_supervisor"));
            intensity(&mut rows, s.max_restarts, s.max_seconds);
            rows.push(field(
                cx,
                t(),
                Field::MaxChildren,
                &max_children_text(s.max_children),
                Input::Text,
            ));
        }
        ChildSpec::PartitionSupervisor(s) => {
            rows.push(sup_type("partition_supervisor"));
            rows.push(field(
                cx,
                t(),
                Field::Strategy,
                s.strategy.as_str(),
                Input::Choice(&STRATEGIES),
            ));
            intensity(&mut rows, s.max_restarts, s.max_seconds);
            let p = s.partitions.map(|p| p.to_string()).unwrap_or_default();
            rows.push(field(cx, t(), Field::Partitions, &p, Input::Text));
            rows.push(field(
                cx,
                t(),
                Field::MaxChildren,
                &max_children_text(s.child_spec.max_children),
                Input::Text,
            ));
        }
        ChildSpec::Pool(_) => {
            rows.push(html! { <p class="muted">{"A pool's size, overflow and strategy are edited in the text view."}</p> });
        }
        ChildSpec::Worker(w) => {
            let kind = match &w.behaviour {
                Behaviour::Server { .. } => "server",
                Behaviour::Counter { .. } => "counter",
                Behaviour::Agent { .. } => "agent",
                Behaviour::Client(_) => "client",
                Behaviour::Registry { .. } => "registry",
                Behaviour::Pg {} => "pg",
                Behaviour::Statem(_) => "statem",
                Behaviour::Task(_) => "task",
            };
            rows.push(field(cx, t(), Field::Kind, kind, Input::Choice(&KINDS)));
            match &w.behaviour {
                Behaviour::Server { service_us, table, .. } | Behaviour::Counter { service_us, table } => {
                    rows.push(field(cx, t(), Field::ServiceUs, &service_us.to_string(), Input::Text));
                    rows.push(field(cx, t(), Field::Table, table.as_deref().unwrap_or(""), Input::Text));
                }
                Behaviour::Agent { service_us, .. } => {
                    rows.push(field(cx, t(), Field::ServiceUs, &service_us.to_string(), Input::Text));
                }
                Behaviour::Client(c) => {
                    let mut all = Vec::new();
                    names(&sc.tree, &mut all);
                    let opts: Vec<(&str, &str)> = all.iter().map(|n| (n.as_str(), n.as_str())).collect();
                    rows.push(field(cx, t(), Field::ClientTarget, &c.target, Input::Choice(&opts)));
                    rows.push(field(cx, t(), Field::ClientMode, c.mode.as_str(), Input::Choice(&MODES)));
                    rows.push(field(cx, t(), Field::IntervalUs, &c.interval_us.to_string(), Input::Text));
                    rows.push(field(cx, t(), Field::TimeoutMs, &c.timeout_ms.to_string(), Input::Text));
                    rows.push(field(cx, t(), Field::Request, &c.request, Input::Text));
                }
                _ => rows.push(html! { <p class="muted">{"This kind's settings are edited in the text view."}</p> }),
            }
            rows.push(field(
                cx,
                t(),
                Field::TrapExit,
                &w.trap_exit.to_string(),
                Input::Check,
            ));
            rows.push(field(
                cx,
                t(),
                Field::InitUs,
                &w.init_us.to_string(),
                Input::Text,
            ));
            rows.push(field(
                cx,
                t(),
                Field::TerminateUs,
                &w.terminate_us.to_string(),
                Input::Text,
            ));
        }
    }
    html! { <div class="node-form" data-testid="node-form">{ for rows }</div> }
}

fn restart_text(n: &ChildSpec) -> &'static str {
    match n.restart() {
        otp_sim::scenario::Restart::Permanent => "permanent",
        otp_sim::scenario::Restart::Transient => "transient",
        otp_sim::scenario::Restart::Temporary => "temporary",
    }
}

/// "Add a child" under the selected supervisor: what, how many.
#[derive(Properties, PartialEq)]
pub struct AddProps {
    pub parent: NodePath,
    pub cx: Ctx,
}

#[function_component(AddChild)]
pub fn add_child(p: &AddProps) -> Html {
    let kind = use_state(|| NewChild::Server);
    let count = use_state(|| "1".to_string());
    let err =
        p.cx.rejected
            .as_ref()
            .and_then(|r| r.at(ADD_COUNT_PATH))
            .cloned();
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(k) = NewChild::ALL.iter().find(|k| k.stem() == v) {
                kind.set(*k);
            }
        })
    };
    let on_count = {
        let count = count.clone();
        Callback::from(move |e: InputEvent| {
            count.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let add = {
        let (cb, kind, count, parent) = (
            p.cx.on_action.clone(),
            *kind,
            (*count).clone(),
            p.parent.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            cb.emit(EditorAction::Edit(EditOp::AddChild {
                parent: parent.clone(),
                kind,
                count: count.clone(),
            }))
        })
    };
    html! {
        <div class="add-child" role="group" aria-label="Add children">
            <label for="add-kind">{"Add"}</label>
            <select id="add-kind" onchange={on_kind} data-testid="add-kind" title="What to start under this supervisor: a worker (GenServer, Agent, a client making calls) or another supervisor">
                { for NewChild::ALL.iter().map(|k| html! { <option value={k.stem()} selected={*k == *kind}>{k.label()}</option> }) }
            </select>
            <label for="add-count">{"how many"}</label>
            <input id="add-count" type="text" inputmode="numeric" size="6" value={(*count).clone()} oninput={on_count}
                data-testid="add-count" aria-invalid={err.is_some().to_string()}
                aria-describedby={err.as_ref().map(|_| "add-count-err")} title="How many children of this kind to add (each gets its own id)" />
            <button onclick={add} data-testid="add-child">{"Add"}</button>
            if let Some(e) = err {
                <span class="field-error" id="add-count-err" role="alert" data-testid="error-add.count">{e.message}</span>
            }
        </div>
    }
}

/// The faults, in the order written: time, target, action and its argument.
pub fn faults(cx: &Ctx, sc: &Scenario, now_ms: u64, selected: Option<&str>) -> Html {
    let mut ids = Vec::new();
    collect_ids(&sc.tree, &mut ids);
    let mut targets: Vec<String> = ids.clone();
    names(&sc.tree, &mut targets);
    let mut seen = std::collections::HashSet::new();
    targets.retain(|t| seen.insert(t.clone()));
    let target_opts: Vec<(&str, &str)> = targets.iter().map(|n| (n.as_str(), n.as_str())).collect();
    let action_opts: Vec<(&str, &str)> = FAULT_ACTIONS.iter().map(|a| (*a, *a)).collect();
    let add = {
        let cb = cx.on_action.clone();
        let target = selected
            .map(String::from)
            .or_else(|| ids.get(1).cloned())
            .unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            cb.emit(EditorAction::Edit(EditOp::AddFault {
                at_ms: now_ms.to_string(),
                target: target.clone(),
            }))
        })
    };
    html! {
        <section class="faults" aria-labelledby="faults-h">
            <h2 id="faults-h">{"Faults"}</h2>
            <crate::ui::fault_track::FaultTrack duration_ms={sc.duration_ms} on_action={cx.on_action.clone()}
                faults={sc.faults.iter().map(|f| (f.at_ms, format!("{} {}", fault_action(&f.action).0, f.target))).collect::<Vec<_>>()}
                steps={sc.steps.iter().map(|s| (s.at_ms, s.text.chars().take(40).collect::<String>())).collect::<Vec<_>>()} />
            <ol class="rows">
            { for sc.faults.iter().enumerate().map(|(i, f)| {
                let (action, arg) = fault_action(&f.action);
                let remove = {
                    let cb = cx.on_action.clone();
                    Callback::from(move |_: MouseEvent| cb.emit(EditorAction::Edit(EditOp::RemoveFault(i))))
                };
                html! {
                    <li class="row" data-testid={format!("fault-{i}")}>
                        {field(cx, Target::Fault(i), Field::AtMs, &f.at_ms.to_string(), Input::Text)}
                        {field(cx, Target::Fault(i), Field::FaultTarget, &f.target, Input::Choice(&target_opts))}
                        {field(cx, Target::Fault(i), Field::FaultAction, action, Input::Choice(&action_opts))}
                        if let Some(a) = arg {
                            {field(cx, Target::Fault(i), Field::FaultArg, a, Input::Text)}
                        }
                        <button onclick={remove} aria-label={format!("Remove fault {}", i + 1)}>{"Remove"}</button>
                    </li>
                }
            }) }
            </ol>
            <button onclick={add} data-testid="add-fault" title="A crash of the selected process at the timeline's moment; change its time, target and action below">
                {format!("Add a fault at {now_ms} ms")}</button>
        </section>
    }
}

fn collect_ids(n: &ChildSpec, out: &mut Vec<String>) {
    out.push(n.id().to_string());
    if takes_children(n) {
        for c in n.children() {
            collect_ids(c, out);
        }
    }
}

/// The narrated steps: time, text, the process to select; reorder and remove.
pub fn steps(cx: &Ctx, sc: &Scenario, now_ms: u64) -> Html {
    let mut ids = vec![String::new()];
    collect_ids(&sc.tree, &mut ids);
    let opts: Vec<(&str, &str)> = ids
        .iter()
        .map(|n| (n.as_str(), if n.is_empty() { "(none)" } else { n.as_str() }))
        .collect();
    let n = sc.steps.len();
    let act = |a: EditOp| {
        let cb = cx.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(EditorAction::Edit(a.clone())))
    };
    html! {
        <section class="steps" aria-labelledby="steps-h">
            <h2 id="steps-h">{"Narrated steps"}</h2>
            <ol class="rows">
            { for sc.steps.iter().enumerate().map(|(i, s)| html! {
                <li class="row" data-testid={format!("step-{i}")}>
                    {field(cx, Target::Step(i), Field::AtMs, &s.at_ms.to_string(), Input::Text)}
                    {field(cx, Target::Step(i), Field::StepText, &s.text, Input::Long)}
                    {field(cx, Target::Step(i), Field::StepSelect, s.select.as_deref().unwrap_or(""), Input::Choice(&opts))}
                    <button onclick={act(EditOp::MoveStep { index: i, delta: -1 })} disabled={i == 0}
                        aria-label={format!("Step {}: swap with the one before", i + 1)}>{"↑"}</button>
                    <button onclick={act(EditOp::MoveStep { index: i, delta: 1 })} disabled={i + 1 >= n}
                        aria-label={format!("Step {}: swap with the one after", i + 1)}>{"↓"}</button>
                    <button onclick={act(EditOp::RemoveStep(i))} aria-label={format!("Remove step {}", i + 1)}>{"Remove"}</button>
                </li>
            }) }
            </ol>
            <button onclick={act(EditOp::AddStep { at_ms: now_ms.to_string() })} data-testid="add-step"
                title="A step presenter mode stops at: the timeline's moment, your text, a process to select">
                {format!("Add a step at {now_ms} ms")}</button>
        </section>
    }
}

/// The tree as an outline: select a node (click or Enter), drag it onto a supervisor (or a
/// sibling) to move it, or use its buttons.
#[derive(Properties, PartialEq)]
pub struct OutlineProps {
    pub tree: ChildSpec,
    pub selected: NodePath,
    pub on_select: Callback<NodePath>,
    pub on_action: Callback<EditorAction>,
}

#[function_component(Outline)]
pub fn outline(p: &OutlineProps) -> Html {
    let dragging = use_state(|| None::<NodePath>);
    let mut rows = Vec::new();
    let mut at = Vec::new();
    rows_of(p, &p.tree, &mut at, &dragging, &mut rows);
    html! { <ul class="outline" aria-label="The tree" data-testid="outline">{ for rows }</ul> }
}

fn rows_of(
    p: &OutlineProps,
    n: &ChildSpec,
    at: &mut NodePath,
    dragging: &UseStateHandle<Option<NodePath>>,
    out: &mut Vec<Html>,
) {
    let path = at.clone();
    let depth = at.len();
    let is_sel = p.selected == path;
    let select = {
        let (cb, path) = (p.on_select.clone(), path.clone());
        Callback::from(move |_: MouseEvent| cb.emit(path.clone()))
    };
    let ondragstart = {
        let (d, path) = (dragging.clone(), path.clone());
        Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data("text/plain", &node_path(&path));
            }
            d.set(Some(path.clone()))
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (d, cb, path) = (dragging.clone(), p.on_action.clone(), path.clone());
        let into = takes_children(n);
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(from) = (*d).clone() else { return };
            d.set(None);
            // Onto a supervisor: its last child; onto another node: just before it.
            let (to_parent, index) = if into {
                (path.clone(), usize::MAX)
            } else if let Some((last, parent)) = path.split_last() {
                (parent.to_vec(), *last)
            } else {
                return;
            };
            cb.emit(EditorAction::Edit(EditOp::Move {
                from,
                to_parent,
                index,
            }));
        })
    };
    out.push(html! {
        <li class={classes!("outline-row", is_sel.then_some("selected"))} style={format!("padding-left: {}em", depth as f64 * 1.2)}
            draggable={(!path.is_empty()).to_string()} {ondragstart} {ondragover} {ondrop}
            data-testid={format!("outline-{}", n.id())}>
            <button class="outline-node" aria-pressed={is_sel.to_string()} onclick={select}
                title="Select to edit its fields; drag onto a supervisor to move it there">
                <strong>{n.id().to_string()}</strong>{" "}<span class="muted">{kind_label(n)}</span>
            </button>
        </li>
    });
    if takes_children(n) {
        for (i, c) in n.children().iter().enumerate() {
            at.push(i);
            rows_of(p, c, at, dragging, out);
            at.pop();
        }
    }
}

/// The selected node's moves: up, down, under another supervisor, remove.
pub fn moves(cx: &Ctx, sc: &Scenario, at: &NodePath, on_select: &Callback<NodePath>) -> Html {
    let Some((&last, parent)) = at.split_last() else {
        return Html::default();
    };
    let siblings = node(&sc.tree, parent).map_or(0, |p| p.children().len());
    let act = |a: EditOp, then: Option<NodePath>| {
        let cb = cx.on_action.clone();
        let sel = on_select.clone();
        Callback::from(move |_: MouseEvent| {
            cb.emit(EditorAction::Edit(a.clone()));
            if let Some(p) = &then {
                sel.emit(p.clone());
            }
        })
    };
    let sibling = |d: i32| {
        let mut p = at.clone();
        if let Some(l) = p.last_mut() {
            *l = (*l as i64 + i64::from(d)).max(0) as usize;
        }
        p
    };
    let (up, down) = (sibling(-1), sibling(1));
    let mut sups = Vec::new();
    supervisors(&sc.tree, &mut Vec::new(), &mut sups);
    sups.retain(|(p, _)| !p.starts_with(at) && p.as_slice() != parent);
    let on_move = {
        let (cb, from, sel) = (cx.on_action.clone(), at.clone(), on_select.clone());
        let sups = sups.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some((to, _)) = v.parse::<usize>().ok().and_then(|i| sups.get(i)) {
                cb.emit(EditorAction::Edit(EditOp::Move {
                    from: from.clone(),
                    to_parent: to.clone(),
                    index: usize::MAX,
                }));
                sel.emit(Vec::new());
            }
        })
    };
    html! {
        <div class="moves" role="group" aria-label="Move or remove this process">
            <button onclick={act(EditOp::Reorder { at: at.clone(), delta: -1 }, Some(up))} disabled={last == 0}
                data-testid="move-up" title="Start it one place earlier among its supervisor's children (order matters to :rest_for_one)">{"↑ Earlier"}</button>
            <button onclick={act(EditOp::Reorder { at: at.clone(), delta: 1 }, Some(down))} disabled={last + 1 >= siblings}
                data-testid="move-down" title="Start it one place later among its supervisor's children">{"↓ Later"}</button>
            if !sups.is_empty() {
                <label for="move-to">{"Move under"}</label>
                <select id="move-to" onchange={on_move} data-testid="move-to" title="Move it (and its children) under another supervisor, as its last child">
                    <option value="" selected=true>{"(choose)"}</option>
                    { for sups.iter().enumerate().map(|(i, (_, id))| html! { <option value={i.to_string()}>{id.clone()}</option> }) }
                </select>
            }
            <button class="danger" onclick={act(EditOp::Remove(at.clone()), Some(parent.to_vec()))} data-testid="remove-node">{"Remove"}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    pub id: AttrValue,
    pub value: AttrValue,
    pub options: Vec<(AttrValue, AttrValue)>,
    pub on_change: Callback<String>,
    pub title: AttrValue,
    pub described: AttrValue,
    pub testid: AttrValue,
}

/// A `<select>` that follows its value: once the user has picked an option, browsers
/// ignore later changes of the `selected` attribute, so the value is set on the element
/// whenever the draft's value changes (an undo, a redo, a text edit).
#[function_component(Choice)]
pub fn choice(p: &ChoiceProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        use_effect_with(p.value.clone(), move |v| {
            if let Some(el) = r.cast::<web_sys::HtmlSelectElement>() {
                el.set_value(v);
            }
        });
    }
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            cb.emit(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    html! {
        <select ref={r} id={p.id.clone()} {onchange} title={p.title.clone()} aria-describedby={p.described.clone()}
            data-testid={p.testid.clone()}>
            { for p.options.iter().map(|(v, l)| html! {
                <option value={v.clone()} selected={*v == p.value}>{l.clone()}</option>
            }) }
        </select>
    }
}
