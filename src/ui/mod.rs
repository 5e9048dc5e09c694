//! The app's view layer (wasm32 only): Yew components that draw the model and turn the
//! page's events into the model's actions. It holds no logic of its own that a native test
//! could reach; that lives in `crate::model`.
//!
//! | module | owns |
//! |---|---|
//! | `app` | the layout of each route |
//! | `a11y_tree` | the SVG stage's accessible tree, one memoised component per item |
//! | `announce` | the one polite live region screen readers hear the run through |
//! | `boot` | mounting the app; handing the page from the first-load bundle to the full one |
//! | `extras`, `full` | the views only the full bundle has, as a table of functions |
//! | `branches` | the branching timeline's strip and the comparison of two branches |
//! | `charts` | the selected process's charts over time (inspector) |
//! | `store` | the model's state as Yew sees it (a `Reducible` wrapper) |
//! | `editor`, `editor_form` | the scenario editor page (`#/edit`): toolbar, tabs, autosave, saved scenarios; the form's fields, outline, faults and steps |
//! | `decide` | the abstraction decision tree: the `#/decide` page and a lesson's `decide` block |
//! | `fault_track` | the editor's fault track: fault and narrated-step marks dragged or moved with arrow keys |
//! | `stage_arrange` | the editor's stage: drag a process to move it, or Alt + arrows |
//! | `gallery` | the gallery page (`#/gallery`): cards, search, tags, lesson scenarios |
//! | `hooks` | the route, the animation loop, reduced motion and the key listener |
//! | `share_dialog` | the "Share & export" dialog and the worker that packs links |
//! | `sequence` | the sequence diagram panel (`#/seq`) |
//! | `stage` | the supervision tree as SVG, flights, zoom and pan; the switch to the canvas for big trees |
//! | `stage_canvas` | the canvas stage for big trees (full bundle): painting, its view, gestures, keys, the summary per supervisor |
//! | `names` | the registries' and `:pg` scopes' tables beside the tree |
//! | `panels` | top bar, inspector, event log, timeline, help, about |
//! | `presenter` | presenter mode's narration strip |
//! | `progress` | the learner's progress in local storage, and its reset |
//! | `lessons`, `quiz` | the lessons and the quiz screens |
//! | `content` | fetching the lessons' bundle on first need |
//! | `keys` | the DOM side of the keyboard: one listener, focus tests |
//! | `shared` | `Shared`, an `Rc` compared by pointer for props |
//! | `welcome` | the first visit's welcome on `#/` (remembered once closed) |

pub mod a11y_tree;
pub mod announce;
pub mod app;
pub mod boot;
pub mod branches;
pub mod charts;
pub mod content;
pub mod decide;
pub mod editor;
pub mod editor_form;
pub mod extras;
pub mod fault_track;
pub mod full;
pub mod gallery;
pub mod hooks;
pub mod keys;
pub mod lessons;
pub mod names;
pub mod panels;
pub mod presenter;
pub mod progress;
pub mod quiz;
pub mod sequence;
pub mod share_dialog;
pub mod shared;
pub mod stage;
pub mod stage_arrange;
pub mod stage_canvas;
pub mod store;
pub mod welcome;
