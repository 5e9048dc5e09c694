//! The branching timeline's strip under the timeline: one button per branch (the current
//! one pressed), a choice of branch to compare with, and the comparison at this moment —
//! the processes that differ, side by side.

use crate::model::branches::{Branches, Comparison};
use crate::model::logtext::fmt_time;
use crate::model::state::Action;
use crate::ui::shared::Shared;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BranchProps {
    pub branches: Branches,
    pub comparison: Option<Shared<Comparison>>,
    pub on_action: Callback<Action>,
}

#[function_component(BranchBar)]
pub fn branch_bar(p: &BranchProps) -> Html {
    let b = &p.branches;
    if b.list.len() < 2 {
        return Html::default();
    }
    let compared = p.comparison.as_ref().map(|c| c.other);
    let on_compare = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            cb.emit(Action::CompareBranch(v.parse().ok()));
        })
    };
    html! {
        <section class="branches" data-testid="branches" aria-label="Branches of the timeline">
            <div class="branch-list" role="group" aria-label="Branches">
                <span class="muted">{"Branches (n):"}</span>
                { for (0..b.list.len()).map(|i| {
                    let cb = p.on_action.clone();
                    let parent = b.list[i].parent.map(|q| format!(", from branch {}", q + 1)).unwrap_or_default();
                    html! {
                        <button data-testid={format!("branch-{i}")} aria-pressed={(i == b.current).to_string()}
                            title={format!("{}{parent}", b.name(i))}
                            onclick={move |_| cb.emit(Action::SwitchBranch(i))}>{b.name(i)}</button>
                    }
                }) }
                <label>{"Compare with "}
                    <select data-testid="branch-compare" onchange={on_compare}>
                        <option value="" selected={compared.is_none()}>{"—"}</option>
                        { for (0..b.list.len()).filter(|&i| i != b.current).map(|i| html! {
                            <option value={i.to_string()} selected={compared == Some(i)}>{b.name(i)}</option>
                        }) }
                    </select>
                </label>
            </div>
            if let Some(c) = &p.comparison {
                <div class="comparison" data-testid="comparison">
                    <p>{format!("At {}: {} process(es) differ from branch {} ({} the same).",
                        fmt_time(c.at), c.differences.len(), c.other + 1, c.same)}</p>
                    if !c.differences.is_empty() {
                        <table>
                            <thead><tr><th scope="col">{"process"}</th><th scope="col">{format!("this branch ({})", b.current + 1)}</th><th scope="col">{format!("branch {}", c.other + 1)}</th></tr></thead>
                            <tbody>
                                { for c.differences.iter().map(|d| html! {
                                    <tr key={d.id.to_string()} data-id={d.id.to_string()}><th scope="row">{d.label.to_string()}</th><td>{d.here.to_string()}</td><td class="diff">{d.there.to_string()}</td></tr>
                                }) }
                            </tbody>
                        </table>
                    }
                </div>
            }
        </section>
    }
}
