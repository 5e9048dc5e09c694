//! The playground's teaching content as data: the map of the syllabus, lessons with their
//! live demos, and the quiz bank. Parsing from disk (`load`, Markdown to HTML) happens at
//! build time; the app only deserialises the resulting [`Bundle`]. [`check`] holds every
//! rule the content must satisfy, and [`expect`] runs demos in the simulator to prove
//! that what a lesson or question predicts really happens.

pub mod check;
pub mod expect;
#[cfg(feature = "load")]
pub mod load;
pub mod model;

pub use model::*;
