//! Names in the export: registered names and table names every Elixir node has taken
//! (and what the export uses instead), module names made from child ids, and the file name.

use super::syntax::{atom, is_alias, term_text};
use crate::scenario::{Scenario, via_name};
use std::collections::BTreeSet;

/// The namespace of every generated module.
pub(super) const NS: &str = "Playground";

/// A file name for the export: the scenario's name in lower case, `_` between words.
pub fn file_stem(scenario: &Scenario) -> String {
    let mut stem = String::new();
    for c in scenario.name.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('_') {
            stem.push('_');
        }
    }
    let stem: String = stem.trim_end_matches('_').chars().take(60).collect();
    if stem.is_empty() {
        "scenario".into()
    } else {
        stem.trim_end_matches('_').to_string()
    }
}

/// Names every Elixir node has registered before the script runs (Elixir 1.14 on OTP 25,
/// under `elixir` or `iex`): a scenario process with one of these names could not start.
pub(super) const TAKEN_NAMES: &[&str] = &[
    "IEx.Broker",
    "IEx.Config",
    "IEx.Pry",
    "IEx.Supervisor",
    "Logger",
    "Logger.BackendSupervisor",
    "Logger.Supervisor",
    "application_controller",
    "code_server",
    "elixir_code_server",
    "elixir_config",
    "elixir_sup",
    "erl_prim_loader",
    "erl_signal_server",
    "erts_code_purger",
    "file_server_2",
    "global_group",
    "global_group_check",
    "global_name_server",
    "inet_db",
    "init",
    "kernel_refc",
    "kernel_safe_sup",
    "kernel_sup",
    "logger",
    "logger_handler_watcher",
    "logger_proxy",
    "logger_sup",
    "rex",
    "socket_registry",
    "standard_error",
    "standard_error_sup",
    "user",
];

/// Named ETS tables every Elixir node has (as [`TAKEN_NAMES`]).
pub(super) const TAKEN_TABLES: &[&str] = &[
    "IEx.Config",
    "IEx.Pry",
    "ac_tab",
    "code_names",
    "elixir_config",
    "elixir_modules",
    "file_io_servers",
    "global_locks",
    "global_lost_connections",
    "global_names",
    "global_names_ext",
    "global_node_resources",
    "global_pid_ids",
    "global_pid_names",
    "inet_cache",
    "inet_db",
    "inet_hosts_byaddr",
    "inet_hosts_byname",
    "inet_hosts_file_byaddr",
    "inet_hosts_file_byname",
    "inet_sockets",
    "logger",
];

/// The name a scenario process registers under in the export: its own, unless every
/// Elixir node has already taken it (`Logger` is Elixir's logger): then `Playground.Logger`
/// (an alias) or `playground_logger` (an atom).
pub fn registered_name(name: &str) -> String {
    rename(name, TAKEN_NAMES)
}

/// A process name as Elixir code (a `name:` option, a call's target): the registered
/// atom, or a `{:via, Registry, {Reg, key}}` tuple naming the registry as the export
/// registers it.
pub(super) fn name_code(name: &str) -> String {
    match via_name(name) {
        Some((reg, key)) => format!(
            "{{:via, Registry, {{{}, {}}}}}",
            atom(&registered_name(&reg)),
            term_text(&key.to_string())
        ),
        None => atom(&registered_name(name)),
    }
}

/// The name of an ETS table in the export, as [`registered_name`] (`logger` is taken).
pub fn table_name(table: &str) -> String {
    rename(table, TAKEN_TABLES)
}

pub(super) fn rename(name: &str, taken: &[&str]) -> String {
    if !taken.contains(&name) {
        name.to_string()
    } else if is_alias(name) {
        format!("{NS}.{name}")
    } else {
        format!("playground_{name}")
    }
}

/// `app_sup` → `AppSup`: an alias from an id, made unique against `taken`.
pub(super) fn unique_module(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = id
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
        base = format!("Sup{base}");
    }
    let mut name = base.clone();
    if taken.contains(&name) {
        name = format!("{base}Sup");
    }
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_aliases_unique_in_order() {
        let mut taken: BTreeSet<String> = ["Server", "Counter", "Client"]
            .iter()
            .map(|m| m.to_string())
            .collect();
        let names: Vec<String> = ["app_sup", "a_b", "aB", "server", "1st", "__", "a_b_"]
            .iter()
            .map(|id| unique_module(id, &mut taken))
            .collect();
        assert_eq!(
            names,
            ["AppSup", "AB", "ABSup", "ServerSup", "Sup1st", "Sup", "AB2"]
        );
    }

    #[test]
    fn file_stems_are_plain() {
        let mut s = Scenario::from_json(
            r#"{"name": "A cache — behind one_for_one!", "tree": {"type": "supervisor", "id": "r"}}"#,
        )
        .unwrap();
        assert_eq!(file_stem(&s), "a_cache_behind_one_for_one");
        s.name = "——".into();
        assert_eq!(file_stem(&s), "scenario");
    }
}
