//! The app's model: everything the playground knows and decides, with no web dependency.
//! It compiles natively and is tested by plain `cargo test`; the `ui` module only draws it
//! and turns the page's events into its actions. The model never imports the UI.
//!
//! | module | owns |
//! |---|---|
//! | `state` | the one state and its reducer (`State::apply(Action)`) |
//! | `timeline` | the simulation with snapshots (within a memory budget), the user's commands, markers |
//! | `fast_run` | running far ahead (to the end, a far scrub) in slices per frame, with progress |
//! | `frame` | what the screen shows at one moment (tree, layout, log, inspector) |
//! | `flights` | messages drawn in flight |
//! | `presenter` | presenter mode's narrated steps |
//! | `keymap` | the keyboard map: keys, what they do, their help text |
//! | `share` | share links: capture, encode, decode |
//! | `route` | the app's addresses |
//! | `progress` | what a learner has done (lessons read, demos played, predictions), saved locally |
//! | `quiz` | drawing, answering and scoring a quiz run |
//! | `layout`, `boost` | where each node goes on the stage, and how large its text is |
//! | `logtext` | trace events as log lines, time formatting |
//! | `scenarios` | the built-in scenarios (JSON and compact form), and finding a scenario by name |
//! | `parsers` | the JSON readers, plugged in by the bundle that carries them |
//! | `tuning` | speeds, flight durations, refresh intervals, the mailbox warning |
//! | `warnings` | live warnings: the syllabus's red flags when they hold, with their lesson |
//! | `sequence`, `sequence_layout`, `sequence_svg` | the sequence diagram: lanes, arrows, marks; where each goes (keyed, in a group that follows now); written as SVG for the export |
//! | `metrics`, `chart_svg` | the selected process's charts over time; drawn as SVG |
//! | `statem_svg` | a gen_statem's state diagram as SVG |
//! | `child_api` | a Supervisor's `which_children` rows and the child-API calls each allows |
//! | `pool_panel` | a poolboy pool's state on its node and in the inspector |
//! | `branches` | the branching timeline and the comparison of two branches |
//! | `gallery` | the gallery's cards, search and thumbnails |
//! | `decide` | the abstraction decision tree: answers as an address, where they lead |
//! | `fault_track` | the editor's fault track: drag and arrow-key moves of scheduled faults |
//! | `stage_drop` | rearranging the draft's tree on the editor's stage: drop targets, Alt+arrow moves |
//! | `walk` | walking the tree (`flatten`) |
//! | `a11y` | the accessible tree of the SVG stage, brought up to date item by item |
//! | `announce` | what screen readers hear: crashes, restarts, giving up, warnings; rate-limited |
//! | `gesture` | the stage's pointer gestures: drag, pinch, long press |
//! | `canvas_layout`, `canvas_lod`, `canvas_flows`, `canvas_summary`, `canvas_ties` | the canvas stage for big trees: blocks of workers and hit-testing; the view and level of detail; message flows as bands; counts per supervisor and the accessible summary; the selected process's links and monitors |
//! | `editor`, `edit_reduce`, `edit_ops`, `edit_text`, `edit_library`, `edit_help` | the scenario editor: draft, undo, text sync; its reducer; edit operations; errors' lines; saved scenarios; field explanations |

pub mod a11y;
pub mod announce;
mod big_timing;
pub mod boost;
pub mod branches;
pub mod canvas_flows;
pub mod canvas_layout;
pub mod canvas_lod;
pub mod canvas_summary;
pub mod canvas_ties;
pub mod chart_svg;
pub mod child_api;
pub mod commands;
pub mod counters;
pub mod decide;
pub mod edit_help;
pub mod edit_library;
pub mod edit_ops;
pub mod edit_reduce;
pub mod edit_text;
pub mod editor;
pub mod fast_run;
pub mod fault_track;
pub mod flights;
pub mod frame;
pub mod gallery;
pub mod gesture;
pub mod keymap;
pub mod layout;
pub mod logtext;
pub mod metrics;
pub mod moment_address;
pub mod outside;
pub mod parsers;
pub mod pid_vec;
pub mod pool_panel;
pub mod presenter;
#[cfg(test)]
mod procs_tests;
pub mod progress;
pub mod quiz;
pub mod route;
pub mod scenarios;
pub mod sequence;
pub mod sequence_layout;
pub mod sequence_svg;
pub mod share;
pub mod stage_drop;
pub mod state;
pub mod statem_svg;
pub mod ties;
pub mod timeline;
pub mod tuning;
pub mod verbs;
pub mod walk;
pub mod warnings;
