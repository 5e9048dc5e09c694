//! The full bundle's table of views ([`FULL`]): everything the first-load bundle leaves
//! out. Referenced only by the full entry point and the component tests.

use crate::model::frame::Frame;
use crate::model::route::Route;
use crate::model::state::State;
use crate::ui::charts::{ChartsView, PoolPanelView, StatemPanel};
use crate::ui::decide::DecidePage;
use crate::ui::editor::{EditorPage, EditorProps};
use crate::ui::extras::{Drawings, Extras, PageArgs};
use crate::ui::gallery::GalleryPage;
use crate::ui::lessons::{LessonList, LessonPage};
use crate::ui::quiz::Quiz;
use crate::ui::sequence::{SequencePanel, SequenceProps};
use crate::ui::share_dialog::{ShareDialog, ShareProps};
use crate::ui::shared::Shared;
use crate::ui::stage::StageProps;
use crate::ui::stage_canvas::CanvasStage;
use std::rc::Rc;
use yew::prelude::*;

pub static FULL: Extras = Extras {
    page,
    sequence,
    share,
    editor,
    editor_reducer: State::on_editor,
    saved_draft: crate::ui::editor::saved_draft,
    canvas,
    drawings,
    names: |n| html! { <crate::ui::names::NamesPanel names={n} /> },
    charts: crate::model::metrics::charts_with,
    parsers: &crate::model::parsers::JSON,
    load_content,
};

fn drawings(f: &Frame, which: Drawings) -> Html {
    match which {
        Drawings::Statem => html! {
            if let Some(v) = &f.statem {
                <StatemPanel view={Shared(v.clone())} />
            }
        },
        Drawings::PoolAndCharts => html! { <>
            if let Some(v) = &f.pool {
                <PoolPanelView pool={Shared(v.clone())} />
            }
            if let Some(c) = &f.charts {
                <ChartsView charts={Shared(c.clone())} />
            }
        </> },
    }
}

fn canvas(p: StageProps) -> Html {
    html! { <CanvasStage ..p /> }
}

fn load_content(done: Box<dyn FnOnce()>) {
    crate::ui::content::ensure_loaded(done);
}

fn page(a: PageArgs) -> Html {
    let PageArgs {
        route,
        bundle,
        on_moment,
        on_play_for,
        embedded,
        playing,
    } = a;
    match route {
        Route::Lesson(slug) => html! {
            <LessonPage {bundle} slug={Rc::<str>::from(slug.as_str())} {on_moment} {on_play_for} {playing}>
                {embedded}
            </LessonPage>
        },
        Route::Quiz { seed, count } => html! {
            <Quiz {bundle} {seed} {count} {on_moment} {on_play_for}>{embedded}</Quiz>
        },
        Route::Gallery => html! { <GalleryPage {bundle} /> },
        Route::Decide(path) => {
            html! { <DecidePage {bundle} path={Rc::<str>::from(path.as_str())} /> }
        }
        _ => html! { <LessonList {bundle} /> },
    }
}

fn sequence(p: SequenceProps) -> Html {
    html! { <SequencePanel ..p /> }
}

fn share(p: ShareProps) -> Html {
    html! { <ShareDialog ..p /> }
}

fn editor(p: EditorProps) -> Html {
    html! { <EditorPage ..p /> }
}
