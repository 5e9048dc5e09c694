//! The learner's progress in local storage (`model::progress::Learned`): read fresh before
//! each change, so two views never overwrite each other's record; a refused write (a
//! private window) keeps the progress for this visit only. The reset also forgets the
//! quiz's best scores.

use crate::model::progress::{Learned, STORAGE_KEY};

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

pub fn load() -> Learned {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|t| Learned::from_json(&t))
        .unwrap_or_default()
}

/// Applies `change` to the stored record and saves it if it changed; returns the record.
pub fn update(change: impl FnOnce(&mut Learned) -> bool) -> Learned {
    let mut l = load();
    if change(&mut l)
        && let Some(s) = storage()
    {
        let _ = s.set_item(STORAGE_KEY, &l.to_json());
    }
    l
}

/// Forgets the lessons' progress and the quiz's.
pub fn reset() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
        let _ = s.remove_item(crate::model::quiz::STORAGE_KEY);
    }
}
