//! `Action::Editor`'s reducer: applies an `EditorAction` to the editor's model and, when
//! the draft changed, runs the edited scenario again from the start on the stage, at the
//! same moment where that still exists (`State::show_edited`). An `impl State` of its own,
//! so that `state.rs` calls it without importing it (no import cycle).

use crate::model::edit_library::Library;
use crate::model::editor::{Editor, EditorAction, blank, json};
use crate::model::state::State;
use otp_sim::Scenario;
use std::rc::Rc;

/// What the stage must do after an editor action.
enum Show {
    Nothing,
    Redraw,
    Draft,
}

impl State {
    /// `Action::Editor`'s reducer. Returns whether anything a view shows changed.
    pub fn on_editor(&mut self, a: EditorAction) -> bool {
        let state = self;
        let ed = Rc::make_mut(&mut state.editor);
        let show = match a {
            EditorAction::Enter { saved, take_stage } => {
                if ed.enter(&state.timeline.scenario, saved, take_stage) {
                    Show::Draft
                } else {
                    Show::Redraw
                }
            }
            EditorAction::Edit(op) => {
                if ed.edit(&op) {
                    Show::Draft
                } else {
                    Show::Redraw
                }
            }
            EditorAction::New => {
                if ed.draft.as_deref() == Some(&blank()) {
                    return false;
                }
                ed.replace(blank());
                Show::Draft
            }
            EditorAction::Text(t) => {
                if ed.set_text(t) {
                    Show::Draft
                } else {
                    Show::Redraw
                }
            }
            EditorAction::RevertText => {
                match ed.draft.clone() {
                    Some(d) => ed.set_draft(d),
                    None => return false,
                }
                Show::Redraw
            }
            EditorAction::Undo => {
                if ed.undo() {
                    Show::Draft
                } else {
                    Show::Nothing
                }
            }
            EditorAction::Redo => {
                if ed.redo() {
                    Show::Draft
                } else {
                    Show::Nothing
                }
            }
            EditorAction::Dismiss => {
                if ed.rejected.take().is_none() {
                    return false;
                }
                Show::Redraw
            }
            EditorAction::LoadLibrary(text) => {
                ed.library = Library::from_storage(text.as_deref());
                Show::Redraw
            }
            EditorAction::Save(name) => {
                let Some(d) = ed.draft.clone() else {
                    return false;
                };
                library_result(ed, |l| l.save(&name, &json(&d)).map(|_| ()));
                Show::Redraw
            }
            EditorAction::Open(i) => {
                let parsed = ed
                    .library
                    .items
                    .get(i)
                    .map(|s| Scenario::from_json(&s.json));
                match parsed {
                    Some(Ok(sc)) => {
                        ed.library_note = None;
                        ed.replace(sc);
                        Show::Draft
                    }
                    Some(Err(_)) => {
                        ed.library_note = Some(Rc::from(
                            "That saved scenario no longer reads as a valid scenario; it is kept as it was.",
                        ));
                        Show::Redraw
                    }
                    None => return false,
                }
            }
            EditorAction::Rename(i, name) => {
                library_result(ed, |l| l.rename(i, &name));
                Show::Redraw
            }
            EditorAction::Duplicate(i) => {
                library_result(ed, |l| l.duplicate(i).map(|_| ()));
                Show::Redraw
            }
            EditorAction::Delete(i) => {
                let mut gone = None;
                library_result(ed, |l| {
                    gone = l.delete(i);
                    gone.as_ref()
                        .map(|_| ())
                        .ok_or("no such saved scenario".into())
                });
                if let Some(saved) = gone {
                    ed.library_note = Some(Rc::from(format!("Deleted “{}”.", saved.name).as_str()));
                    ed.deleted = Some((i, saved));
                }
                Show::Redraw
            }
            EditorAction::RestoreDeleted => {
                let Some((i, saved)) = ed.deleted.take() else {
                    return false;
                };
                library_result(ed, |l| l.restore(i, saved).map(|_| ()));
                Show::Redraw
            }
        };
        match show {
            Show::Nothing => false,
            Show::Redraw => true,
            Show::Draft => {
                if let Some(d) = state.editor.draft.clone() {
                    let source = json(&d);
                    state.show_edited(Scenario::clone(&d), &source);
                }
                true
            }
        }
    }
}

fn library_result(ed: &mut Editor, f: impl FnOnce(&mut Library) -> Result<(), String>) {
    match f(&mut ed.library) {
        Ok(()) => {
            ed.library_note = None;
            // Any later change to the list ends the offer to restore a deleted scenario.
            ed.deleted = None;
            ed.library_revision += 1;
        }
        Err(e) => ed.library_note = Some(Rc::from(e.as_str())),
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
