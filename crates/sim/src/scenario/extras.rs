//! Which scenarios need the rarer behaviours ([`crate::EXTRAS`]): ETS tables, Registry,
//! `:pg`, persistent_term, gen_statem, telemetry, poolboy pools and tasks. A `lean` build
//! of the simulator leaves their code out (the app's first-load bundle, which runs only
//! the built-in scenarios); the app hands any scenario that needs them to the full bundle.

use super::{Behaviour, ChildSpec, ClientMode, Command, Scenario, WorkerSpec, via_name};

impl Scenario {
    /// Does running it take any of the rarer behaviours? Conservative: a name or a
    /// target that goes through a Registry counts, whether or not the registry exists.
    pub fn needs_extras(&self) -> bool {
        !self.telemetry.is_empty()
            || spec_needs(&self.tree)
            || self
                .faults
                .iter()
                .any(|f| via_registry(&f.target) || command_needs(&f.action))
    }
}

fn command_needs(c: &Command) -> bool {
    c.needs_extras()
        || c.to().is_some_and(via_registry)
        || match c {
            Command::StartChild { spec } | Command::Spawn { spec, .. } => spec_needs(spec),
            _ => false,
        }
}

fn spec_needs(s: &ChildSpec) -> bool {
    s.name().is_some_and(via_registry)
        || match s {
            ChildSpec::Worker(w) => worker_needs(w),
            ChildSpec::TaskSupervisor(_) | ChildSpec::Pool(_) => true,
            ChildSpec::Supervisor(_)
            | ChildSpec::DynamicSupervisor(_)
            | ChildSpec::PartitionSupervisor(_) => false,
        }
        || s.children().iter().any(spec_needs)
}

fn worker_needs(w: &WorkerSpec) -> bool {
    !w.registers.is_empty()
        || !w.joins.is_empty()
        || w.behaviour.table().is_some()
        || match &w.behaviour {
            Behaviour::Registry { .. }
            | Behaviour::Pg {}
            | Behaviour::Statem(_)
            | Behaviour::Task(_) => true,
            Behaviour::Client(c) => {
                c.mode.is_task()
                    || c.mode.is_persistent_term()
                    || matches!(
                        c.mode,
                        ClientMode::Ets | ClientMode::Dispatch | ClientMode::PoolTransaction
                    )
                    || via_registry(&c.target)
            }
            Behaviour::Server { .. } | Behaviour::Counter { .. } | Behaviour::Agent { .. } => false,
        }
}

/// `{:via, Registry, {reg, key}}` (a `{:via, PartitionSupervisor, …}` target is routed
/// by the core).
fn via_registry(name: &str) -> bool {
    name.starts_with("{:via") && via_name(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(tree: &str, faults: &str) -> Scenario {
        let json = format!(r#"{{"name":"t","tree":{tree},"faults":[{faults}]}}"#);
        Scenario::from_json(&json).expect("a valid scenario")
    }

    const SERVER: &str = r#"{"type":"worker","id":"s","name":"s","behaviour":{"kind":"server"}}"#;

    fn under_root(children: &str) -> String {
        format!(
            r#"{{"type":"supervisor","id":"root","strategy":"one_for_one","children":[{children}]}}"#
        )
    }

    #[test]
    fn servers_clients_and_supervisors_need_nothing_more() {
        let client = r#"{"type":"worker","id":"c","behaviour":{"kind":"client","target":"s"}}"#;
        let tree = under_root(&format!("{SERVER},{client}"));
        let crash = r#"{"at_ms":5,"target":"s","action":"crash"}"#;
        assert!(!scenario(&tree, crash).needs_extras());
    }

    #[test]
    fn a_table_a_registry_or_a_registry_command_needs_the_extras() {
        let table =
            r#"{"type":"worker","id":"s","name":"s","behaviour":{"kind":"server","table":"t"}}"#;
        assert!(scenario(&under_root(table), "").needs_extras());
        let registry = r#"{"type":"worker","id":"r","name":"Reg","behaviour":{"kind":"registry"}}"#;
        assert!(scenario(&under_root(registry), "").needs_extras());
        let erase = r#"{"at_ms":5,"target":"k","action":"persistent_term_erase"}"#;
        assert!(scenario(&under_root(SERVER), erase).needs_extras());
    }

    #[test]
    fn a_started_child_is_looked_at_too() {
        let tree = r#"{"type":"dynamic_supervisor","id":"d","name":"d"}"#;
        let start = r#"{"at_ms":5,"target":"d","action":"start_child",
            "spec":{"type":"worker","id":"p","name":"p","behaviour":{"kind":"pg"}}}"#;
        assert!(scenario(tree, start).needs_extras());
        let plain = start.replace(r#""kind":"pg""#, r#""kind":"server""#);
        assert!(!scenario(tree, &plain).needs_extras());
        // A name through a Registry (unchecked here: validation wants the registry too).
        let via: ChildSpec = serde_json::from_str(
            r#"{"type":"worker","id":"p","name":"{:via, Registry, {Reg, 1}}","behaviour":{"kind":"server"}}"#,
        )
        .expect("a child spec");
        assert!(spec_needs(&via));
    }
}
