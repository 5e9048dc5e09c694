//! What the run asks of its scenario again and again, worked out once when the run
//! boots: the root spec behind an `Rc` (so drawing the tree does not copy it), which
//! registered names are state machines, and which ETS table a named worker owns.
//! Looking these up by walking the tree cost every client's `init/1` a walk over
//! 100,000 specs in a 100,000-process scenario (2.5 s of a 4 s run). And each
//! supervisor's children behind `Rc`s: a supervisor starting copied its children's specs
//! (a DynamicSupervisor, its scenario children to start), so a 100,000-worker scenario
//! copied 100,000 specs twice in the run's first events (~50 ms natively each, long tasks
//! of the run in the browser); now the copy is made once, when the run boots.
//!
//! A supervisor's spec here is *shallow*: its children are left out, because they are
//! here already, each behind its own `Rc` (`children_of`). Kept whole, every spec was
//! copied once more for each supervisor above it, and the root once again: a
//! 100,000-worker tree two levels deep was copied three times (400 bytes a spec), a
//! tenth of the run's time and 80 MB of memory.

use crate::scenario::{
    Behaviour, ChildSpec, Command, DynamicSupervisorSpec, Scenario, SupervisorSpec,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

#[derive(Debug)]
pub(crate) struct ScenarioIndex {
    /// The scenario's root spec (shallow), shared with every view of it.
    pub root: Rc<ChildSpec>,
    /// Names of workers (in the tree or a `start_child` spec) that are `gen_statem`s.
    statems: BTreeSet<String>,
    /// Name → the table of the first worker (tree first, then faults, depth first) of
    /// that name that has one.
    tables: BTreeMap<String, Rc<str>>,
    /// Ids and names that a process-level command (`link`, `monitor`, ...) names in
    /// `to`: the kernel keeps their last pid after they die.
    named_by_ops: BTreeSet<String>,
    /// A supervisor's spec (by its address, in `root` or in another entry here) → its
    /// children's specs (supervisors shallow). Only looked up, never iterated.
    children: HashMap<*const ChildSpec, Vec<Rc<ChildSpec>>>,
}

impl ScenarioIndex {
    pub fn of(scenario: &Scenario) -> ScenarioIndex {
        let mut ix = ScenarioIndex {
            root: Rc::new(shallow(&scenario.tree)),
            statems: BTreeSet::new(),
            tables: BTreeMap::new(),
            named_by_ops: BTreeSet::new(),
            children: HashMap::new(),
        };
        ix.add(&scenario.tree);
        // Every supervisor of the tree, without recursion: its children's specs, each
        // behind an `Rc` whose own children (if it is one) are found the same way, from
        // the whole spec it stands for.
        let mut stack = vec![(ix.root.clone(), &scenario.tree)];
        while let Some((spec, whole)) = stack.pop() {
            if !shares_children(whole) {
                continue;
            }
            let kids: Vec<Rc<ChildSpec>> = whole
                .children()
                .iter()
                .map(|c| Rc::new(shallow(c)))
                .collect();
            stack.extend(kids.iter().cloned().zip(whole.children()));
            ix.children.insert(Rc::as_ptr(&spec), kids);
        }
        for f in &scenario.faults {
            if let Command::StartChild { spec } | Command::Spawn { spec, .. } = &f.action {
                ix.add(spec);
            }
            if f.action.is_proc_op()
                && let Some(to) = f.action.to()
            {
                ix.named_by_ops.insert(to.to_string());
            }
        }
        ix
    }

    /// Every spec under `spec`, depth first, without recursion (a tree may be deep).
    fn add(&mut self, spec: &ChildSpec) {
        let mut stack = vec![spec];
        while let Some(s) = stack.pop() {
            if let ChildSpec::Worker(w) = s
                && let Some(name) = &w.name
            {
                if matches!(w.behaviour, Behaviour::Statem(_)) {
                    self.statems.insert(name.clone());
                }
                if let Some(t) = w.behaviour.table()
                    && !self.tables.contains_key(name)
                {
                    self.tables.insert(name.clone(), Rc::from(t));
                }
            }
            // Reversed, so that the first child is visited first (first table wins).
            stack.extend(s.children().iter().rev());
        }
    }

    /// The children's specs of a supervisor whose spec is in the tree (`spec` as the run
    /// got it: the root, or a child found here), shared.
    pub fn children_of(&self, spec: &Rc<ChildSpec>) -> Option<&[Rc<ChildSpec>]> {
        self.children.get(&Rc::as_ptr(spec)).map(Vec::as_slice)
    }

    /// Does a process-level command name `key` (an id or name) in `to`?
    pub fn is_named_by_ops(&self, key: &str) -> bool {
        !self.named_by_ops.is_empty() && self.named_by_ops.contains(key)
    }

    /// Is a worker registered as `name` a state machine?
    pub fn is_statem(&self, name: &str) -> bool {
        self.statems.contains(name)
    }

    /// The ETS table the worker registered as `name` owns, if any.
    pub fn table_of(&self, name: &str) -> Option<Rc<str>> {
        self.tables.get(name).cloned()
    }
}

/// `spec` without its children, if it has a list of them. The other fields are copied
/// (a field added that is not `Copy` fails to compile here, so it cannot be forgotten).
fn shallow(spec: &ChildSpec) -> ChildSpec {
    match spec {
        ChildSpec::Supervisor(s) => ChildSpec::Supervisor(SupervisorSpec {
            id: s.id.clone(),
            name: s.name.clone(),
            children: Vec::new(),
            ..*s
        }),
        ChildSpec::DynamicSupervisor(s) => ChildSpec::DynamicSupervisor(DynamicSupervisorSpec {
            id: s.id.clone(),
            name: s.name.clone(),
            children: Vec::new(),
            ..*s
        }),
        // A PartitionSupervisor's partitions have no children of their own.
        other => other.clone(),
    }
}

/// Whether the run starts a supervisor of this spec from its scenario children: a static
/// one keeps them in its child list (`Supervisor::new`), a DynamicSupervisor starts them
/// one by one (`supervisor::init`).
fn shares_children(spec: &ChildSpec) -> bool {
    matches!(
        spec,
        ChildSpec::Supervisor(_)
            | ChildSpec::PartitionSupervisor(_)
            | ChildSpec::DynamicSupervisor(_)
    )
}
