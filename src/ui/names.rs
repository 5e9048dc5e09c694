//! Who is registered where, beside the tree: a table per live Registry (key → the pids
//! `Registry.lookup/2` would return now, in its order) and per `:pg` scope (group → members,
//! newest first), the `:persistent_term` table with its global passes so far and the
//! `:counters` arrays, updated as the run goes. A dead process the registry or scope has
//! not cleaned up yet is shown struck through: it is still listed, as in real OTP.
//! Drawn by the full bundle only (`Extras::names`); the first load shows a button instead.

use crate::model::frame::Names;
use crate::ui::shared::Shared;
use otp_sim::Registered;
use yew::prelude::*;

/// Rows shown per table (a registry of 100,000 keys is summarised, not drawn).
const MAX_ROWS: usize = 40;

#[derive(Properties, PartialEq)]
pub struct NamesProps {
    pub names: Shared<Names>,
}

fn who(r: &Registered) -> Html {
    let label = match &r.id {
        Some(id) => format!("{id} {}", r.pid),
        None => r.pid.to_string(),
    };
    if r.alive {
        html! { <span class="reg-pid">{label}</span> }
    } else {
        html! {
            <span class="reg-pid stale" title="dead: not cleaned up yet (the registry or scope has not handled its exit)">
                <s>{label}</s>{" (dead, still listed)"}
            </span>
        }
    }
}

fn list(rs: &[Registered]) -> Html {
    html! { { for rs.iter().enumerate().map(|(i, r)| html! { <>{ if i > 0 { ", " } else { "" } }{who(r)}</> }) } }
}

#[function_component(NamesPanel)]
pub fn names_panel(p: &NamesProps) -> Html {
    let n = &p.names;
    html! {
        <section class="names" data-testid="names" aria-label="Registries and process groups">
            { for n.registries.iter().map(|r| html! {
                <table class="reg-table" data-testid={format!("registry-{}", r.name)}>
                    <caption>{format!("Registry {} — keys: :{}, {} partition(s)", r.name, r.keys, r.partitions)}</caption>
                    <thead><tr><th scope="col">{"key"}</th><th scope="col">{"Registry.lookup"}</th></tr></thead>
                    <tbody>
                        if r.entries.is_empty() {
                            <tr><td colspan="2" class="muted">{"(empty)"}</td></tr>
                        }
                        { for r.entries.iter().take(MAX_ROWS).map(|e| html! {
                            <tr data-key={e.key.clone()}><th scope="row"><code>{e.key.clone()}</code></th><td>{list(&e.pids)}</td></tr>
                        }) }
                        if r.entries.len() > MAX_ROWS {
                            <tr><td colspan="2" class="muted">{format!("… and {} more keys", r.entries.len() - MAX_ROWS)}</td></tr>
                        }
                    </tbody>
                </table>
            }) }
            if !n.persistent_terms.is_empty() || n.persistent_term_passes > 0 {
                <table class="reg-table" data-testid="persistent-terms">
                    <caption>{format!(":persistent_term — {} global pass(es) so far", n.persistent_term_passes)}</caption>
                    <thead><tr><th scope="col">{"key"}</th><th scope="col">{":persistent_term.get"}</th></tr></thead>
                    <tbody>
                        { for n.persistent_terms.iter().take(MAX_ROWS).map(|(k, v)| html! {
                            <tr data-key={k.to_string()}><th scope="row"><code>{format!(":{k}")}</code></th><td><code>{v.to_string()}</code></td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if !n.counters.is_empty() {
                <table class="reg-table" data-testid="counters">
                    <caption>{":counters arrays (kept in :persistent_term)"}</caption>
                    <thead><tr><th scope="col">{"key"}</th><th scope="col">{":counters.get(ref, 1)"}</th></tr></thead>
                    <tbody>
                        { for n.counters.iter().take(MAX_ROWS).map(|(k, v)| html! {
                            <tr data-key={k.to_string()}><th scope="row"><code>{format!(":{k}")}</code></th><td><code>{v.to_string()}</code></td></tr>
                        }) }
                    </tbody>
                </table>
            }
            { for n.scopes.iter().map(|s| html! {
                <table class="reg-table" data-testid={format!("pg-{}", s.name)}>
                    <caption>{format!(":pg scope {}", s.name)}</caption>
                    <thead><tr><th scope="col">{"group"}</th><th scope="col">{":pg.get_members"}</th></tr></thead>
                    <tbody>
                        if s.groups.is_empty() {
                            <tr><td colspan="2" class="muted">{"(no groups)"}</td></tr>
                        }
                        { for s.groups.iter().take(MAX_ROWS).map(|g| html! {
                            <tr data-key={g.group.clone()}><th scope="row"><code>{g.group.clone()}</code></th><td>{list(&g.members)}</td></tr>
                        }) }
                        if s.groups.len() > MAX_ROWS {
                            <tr><td colspan="2" class="muted">{format!("… and {} more groups", s.groups.len() - MAX_ROWS)}</td></tr>
                        }
                    </tbody>
                </table>
            }) }
        </section>
    }
}
