//! The views the first-load bundle leaves out: a table of functions that draw them, given
//! to the app by its entry point. The first-load entry (`src/main.rs`) gives none, so the
//! linker drops the lessons, the quiz, the gallery, the sequence diagram, the share dialog
//! and the scenario editor from its wasm, and with them every JSON reader (`model::parsers`,
//! the content bundle's). A route, a dialog or a text the app cannot open is handed over
//! (`ui::boot`); so does the inspector's "Show the charts" (`ui::panels`), which stands in
//! the first load for the selected process's charts and diagrams. The full entry (`src/bin/full.rs`) gives [`crate::ui::full::FULL`].

use crate::model::editor::EditorAction;
use crate::model::frame::{Frame, Names};
use crate::model::metrics::ChartsFn;
use crate::model::parsers::Parsers;
use crate::model::route::Route;
use crate::model::state::State;
use crate::ui::editor::EditorProps;
use crate::ui::sequence::SequenceProps;
use crate::ui::share_dialog::ShareProps;
use crate::ui::shared::Shared;
use crate::ui::stage::StageProps;
use otp_content::Bundle;
use yew::prelude::*;

/// What a content page (lessons, a lesson, the quiz, the gallery) is drawn from.
pub struct PageArgs {
    pub route: Route,
    pub bundle: Shared<Bundle>,
    pub on_moment: Callback<crate::ui::lessons::Moment>,
    pub on_play_for: Callback<u64>,
    /// The stage as lessons and questions embed it.
    pub embedded: Html,
    /// The stage is playing (a lesson counts its demo as played).
    pub playing: bool,
}

pub struct Extras {
    pub page: fn(PageArgs) -> Html,
    pub sequence: fn(SequenceProps) -> Html,
    pub share: fn(ShareProps) -> Html,
    pub editor: fn(EditorProps) -> Html,
    /// `Action::Editor`'s reducer (`State::editor_reducer`).
    pub editor_reducer: fn(&mut State, EditorAction) -> bool,
    /// The editor's autosaved draft (`ui::editor::saved_draft`, a JSON read).
    pub saved_draft: fn() -> Option<String>,
    /// The canvas stage for big trees (`ui::stage_canvas`).
    pub canvas: fn(StageProps) -> Html,
    /// The selected process's drawings in the inspector (`ui::charts`: a gen_statem's state
    /// diagram, a pool, its charts over time), the part asked for; the first-load
    /// bundle's inspector offers a button instead, which hands the page over.
    pub drawings: fn(&Frame, Drawings) -> Html,
    /// Who is registered where (`ui::names`), beside the tree; the first-load bundle shows
    /// a button instead, which hands the page over.
    pub names: fn(Shared<Names>) -> Html,
    /// The charts' fold over the trace (`State::charts`), which only those drawings read.
    pub charts: ChartsFn,
    /// The JSON readers (`State::parsers`): the first-load bundle has none.
    pub parsers: &'static Parsers,
    /// Fetches the content bundle (lessons, quiz, lesson scenarios; JSON), then calls back.
    pub load_content: fn(Box<dyn FnOnce()>),
}

/// Which of the inspector's drawings (`Extras::drawings`): they stand in two places.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Drawings {
    /// A gen_statem's state diagram, above the children.
    Statem,
    /// A pool's workers and queue, then the charts over time, at the end.
    PoolAndCharts,
}

/// Compared by address: there is one table per bundle.
#[derive(Clone, Copy)]
pub struct ExtrasRef(pub &'static Extras);

impl PartialEq for ExtrasRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}
