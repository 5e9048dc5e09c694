//! The model's state as Yew sees it. Yew's reducers take and return an `Rc`, and the
//! state owns a whole simulation that must not be cloned per frame; so the one `State`
//! lives in a cell owned here, `apply` changes it in place, and a new `Store` (same cell,
//! next version) tells Yew to re-render. An action that changes nothing returns the same
//! `Store`, and nothing re-renders. Only this module touches the cell.

use crate::model::state::{Action, State};
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use yew::Reducible;

pub struct Store {
    cell: Rc<RefCell<State>>,
    version: u64,
}

impl Store {
    pub fn new(state: State) -> Store {
        Store {
            cell: Rc::new(RefCell::new(state)),
            version: 0,
        }
    }

    /// A store over a state cell that outlived its app (`ui::boot`: the first-load
    /// bundle mounting again at the same moment after a failed handover).
    pub fn from_cell(cell: Rc<RefCell<State>>) -> Store {
        Store { cell, version: 0 }
    }

    /// The state's cell, kept by `ui::boot` while the page is handed over.
    pub fn cell(&self) -> Rc<RefCell<State>> {
        self.cell.clone()
    }

    /// The state, to read while rendering (never held across a dispatch).
    pub fn get(&self) -> Ref<'_, State> {
        self.cell.borrow()
    }
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cell, &other.cell) && self.version == other.version
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let changed = self.cell.borrow_mut().apply(action);
        if changed {
            Rc::new(Store {
                cell: self.cell.clone(),
                version: self.version + 1,
            })
        } else {
            self
        }
    }
}
