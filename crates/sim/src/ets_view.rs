//! The read API for drawing ETS tables: each named table alive now, who owns it (which
//! may no longer be the process that created it, after `:ets.give_away/3` or an heir's
//! inheritance) and who would inherit it. Pure reads of the simulation.

use crate::sim::kernel::Sim;
use crate::term::{Pid, Term};

/// One live named ETS table.
#[derive(Clone, Debug, PartialEq)]
pub struct EtsTableView {
    /// The table's name (`counts`).
    pub name: String,
    /// The process that owns it now: the table is deleted when it exits, unless the heir
    /// takes it.
    pub owner: Pid,
    /// The owner's child id, if it is one the tree knows.
    pub owner_id: Option<String>,
    /// `{:heir, pid, data}` set on the table: the heir's pid and the data it would get.
    /// When the heir is the owner (it inherited), the table dies with it.
    pub heir: Option<(Pid, Term)>,
}

impl Sim {
    /// The named ETS tables alive now, by name.
    pub fn ets_tables(&self) -> Vec<EtsTableView> {
        self.w
            .tables
            .iter()
            .map(|(name, t)| EtsTableView {
                name: name.to_string(),
                owner: t.owner,
                owner_id: self
                    .process(t.owner)
                    .and_then(|p| p.child_id.as_deref().map(str::to_string)),
                heir: t.heir.clone(),
            })
            .collect()
    }
}
