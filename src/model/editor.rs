//! The scenario editor's model (`#/edit`): the draft being edited (always a valid
//! scenario), its text view (which may be invalid while being typed), undo and redo, the
//! last rejected change with the field it names, and the named scenarios kept in the
//! browser. `edit_reduce.rs` applies `EditorAction`s to the app's state (`Action::Editor`).
//!
//! The rule that keeps the user's work: nothing replaces the draft but a valid scenario,
//! and whatever replaces it goes on the undo stack first.

use crate::model::edit_library::{Library, Saved};
use crate::model::edit_ops::{self, EditOp, FieldError};
use crate::model::edit_text;
use otp_sim::Scenario;
use std::rc::Rc;

/// Undo keeps this many earlier drafts.
pub const MAX_UNDO: usize = 200;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Editor {
    /// The scenario being edited: valid, and what the stage runs. `None` until the
    /// editor is first opened.
    pub draft: Option<Rc<Scenario>>,
    /// The text view: the draft's JSON, or what the user is typing (maybe invalid).
    pub text: Rc<str>,
    /// What is wrong with the text, field and line (empty: the text is the draft).
    pub text_errors: Rc<Vec<FieldError>>,
    /// The last change that was refused: what was typed, and the errors at their fields.
    /// The draft stayed as it was.
    pub rejected: Option<Rejected>,
    undo: Vec<Rc<Scenario>>,
    redo: Vec<Rc<Scenario>>,
    pub library: Library,
    /// A message about the saved scenarios (a name clash, a full list).
    pub library_note: Option<Rc<str>>,
    /// The saved scenario deleted last and where it was, offered back until it is restored
    /// or the list changes again: a click on Delete loses nothing.
    pub deleted: Option<(usize, Saved)>,
    /// Counts the draft's changes: the view autosaves when it moves.
    pub revision: u64,
    /// Counts the library's changes: the view stores it when it moves.
    pub library_revision: u64,
}

/// A refused change: the value typed and the errors, each naming its field.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub value: Option<String>,
    pub errors: Vec<FieldError>,
}

impl Rejected {
    /// The first error at exactly this field path.
    pub fn at(&self, path: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.path == path)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum EditorAction {
    /// The editor opens (`#/edit…`). `take_stage`: the address named a scenario or a link,
    /// which the stage now shows and the draft becomes. Otherwise the draft in memory is
    /// kept, or the one `saved` in the browser is restored, or the stage's scenario is
    /// taken. Whatever the draft was goes on the undo stack.
    Enter {
        saved: Option<String>,
        take_stage: bool,
    },
    Edit(EditOp),
    /// Starts again from an empty tree (the old draft one undo away).
    New,
    /// The text view changed (typing, or a file imported).
    Text(String),
    /// The text view goes back to the draft (its unfinished changes dropped).
    RevertText,
    Undo,
    Redo,
    /// Forgets the refused change's message.
    Dismiss,
    /// The named scenarios read from the browser's storage.
    LoadLibrary(Option<String>),
    Save(String),
    /// Opens a saved scenario as the draft.
    Open(usize),
    Rename(usize, String),
    Duplicate(usize),
    Delete(usize),
    /// Puts back the saved scenario deleted last.
    RestoreDeleted,
}

/// An empty scenario: a root supervisor without children.
pub fn blank() -> Scenario {
    Scenario::from_json(
        r#"{"name":"My scenario","tree":{"type":"supervisor","id":"root_sup","children":[]},"duration_ms":5000}"#,
    )
    .unwrap_or_else(|_| unreachable_blank())
}

/// The same, built by hand: `blank` cannot fail, but no panic is allowed either way.
fn unreachable_blank() -> Scenario {
    use otp_sim::scenario::{Config, Restart, Shutdown, Strategy, SupervisorSpec};
    Scenario {
        name: "My scenario".into(),
        description: String::new(),
        seed: 1,
        config: Config::default(),
        tree: otp_sim::ChildSpec::Supervisor(SupervisorSpec {
            id: "root_sup".into(),
            name: None,
            restart: Restart::Permanent,
            shutdown: Shutdown::Infinity,
            strategy: Strategy::OneForOne,
            max_restarts: 3,
            max_seconds: 5,
            auto_shutdown: Default::default(),
            children: Vec::new(),
        }),
        faults: Vec::new(),
        duration_ms: 5000,
        steps: Vec::new(),
        telemetry: Default::default(),
    }
}

pub(crate) fn json(sc: &Scenario) -> String {
    sc.to_json_pretty()
}

impl Editor {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The draft becomes `next`; the old one goes on the undo stack.
    pub(crate) fn replace(&mut self, next: Scenario) {
        if let Some(old) = self.draft.take() {
            self.undo.push(old);
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.set_draft(Rc::new(next));
    }

    pub(crate) fn set_draft(&mut self, d: Rc<Scenario>) {
        self.text = Rc::from(json(&d).as_str());
        self.text_errors = Rc::new(Vec::new());
        self.rejected = None;
        self.draft = Some(d);
        self.revision += 1;
    }

    /// A whole scenario checked by the simulator (so the text form reads it back the same).
    fn check(next: &Scenario) -> Result<Scenario, Vec<FieldError>> {
        let text = json(next);
        Scenario::from_json(&text).map_err(|errs| {
            let mut out = edit_text::errors(&text, &errs);
            // A field's path is what the form needs; the line is the text view's.
            for e in &mut out {
                e.line = edit_text::line_of(&text, &e.path);
            }
            out
        })
    }

    /// Applies an edit to the draft: `Ok(true)` when the draft changed.
    pub fn edit(&mut self, op: &EditOp) -> bool {
        let Some(draft) = &self.draft else {
            return false;
        };
        let mut next = Scenario::clone(draft);
        let typed = match op {
            EditOp::Set { value, .. } => Some(value.clone()),
            EditOp::AddChild { count, .. } => Some(count.clone()),
            _ => None,
        };
        let result = edit_ops::apply(&mut next, op)
            .map_err(|e| vec![e])
            .and_then(|_| Editor::check(&next));
        match result {
            Ok(valid) => {
                if valid == **draft {
                    self.rejected = None;
                    return false;
                }
                self.replace(valid);
                true
            }
            Err(errors) => {
                self.rejected = Some(Rejected {
                    value: typed,
                    errors,
                });
                false
            }
        }
    }

    /// The text view changed: a valid text becomes the draft; an invalid one stays in
    /// the view with its errors, and the draft is kept. `true` when the draft changed.
    pub fn set_text(&mut self, text: String) -> bool {
        match Scenario::from_json(&text) {
            Ok(sc) => {
                let same = self.draft.as_deref().is_some_and(|d| json(d) == json(&sc));
                if same {
                    self.text = Rc::from(text.as_str());
                    self.text_errors = Rc::new(Vec::new());
                    return false;
                }
                self.replace(sc);
                // Keep the user's own layout of the text they typed.
                self.text = Rc::from(text.as_str());
                true
            }
            Err(errs) => {
                self.text_errors = Rc::new(edit_text::errors(&text, &errs));
                self.text = Rc::from(text.as_str());
                false
            }
        }
    }

    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else {
            return false;
        };
        if let Some(cur) = self.draft.take() {
            self.redo.push(cur);
        }
        self.set_draft(prev);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        if let Some(cur) = self.draft.take() {
            self.undo.push(cur);
        }
        self.set_draft(next);
        true
    }

    /// Opens the editor on `stage` (the scenario the stage shows), or keeps/restores a
    /// draft: see `EditorAction::Enter`. `true` when the draft is not the stage's
    /// scenario (the stage must show it).
    pub fn enter(&mut self, stage: &Scenario, saved: Option<String>, take_stage: bool) -> bool {
        let stage_json = json(stage);
        let same = self.draft.as_deref().is_some_and(|d| json(d) == stage_json);
        if same {
            return false;
        }
        if !take_stage && self.draft.is_some() {
            // Back in the editor after looking elsewhere: the draft is still yours, and
            // the stage shows it again.
            return true;
        }
        if !take_stage
            && self.draft.is_none()
            && let Some(restored) = saved.as_deref().and_then(|t| Scenario::from_json(t).ok())
        {
            // After a reload: the autosaved draft, with the stage's scenario one undo away.
            self.draft = Some(Rc::new(stage.clone()));
            self.replace(restored);
            return true;
        }
        if self.draft.is_none()
            && let Some(restored) = saved.as_deref().and_then(|t| Scenario::from_json(t).ok())
        {
            // An address named another scenario: the autosaved draft is one undo away.
            self.draft = Some(Rc::new(restored));
        }
        let mut sc = stage.clone();
        // The draft is the file's form (partitions resolved by the simulator are not).
        if let Ok(clean) = Scenario::from_json(&stage_json) {
            sc = clean;
        }
        self.replace(sc);
        false
    }
}
