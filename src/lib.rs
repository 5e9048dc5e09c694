//! The OTP Playground app: the simulator (`otp-sim`) driven and animated in the browser.
//!
//! Pure parts (timeline, layout, log text, built-in scenarios) compile natively and have
//! plain `#[test]`s; everything touching the DOM is only built for wasm32.

pub mod boost;
pub mod content;
pub mod core;
pub mod layout;
pub mod logtext;
pub mod quiz;
pub mod route;
pub mod scenarios;
pub mod share;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod keys;
#[cfg(target_arch = "wasm32")]
pub mod lessons_view;
#[cfg(target_arch = "wasm32")]
pub mod panels;
#[cfg(target_arch = "wasm32")]
pub mod presenter;
#[cfg(target_arch = "wasm32")]
pub mod quiz_view;
#[cfg(target_arch = "wasm32")]
pub mod share_view;
#[cfg(target_arch = "wasm32")]
pub mod stage;
#[cfg(target_arch = "wasm32")]
pub mod state;

#[cfg(target_arch = "wasm32")]
pub use app::{App, AppProps};

/// Mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<App>::with_props(AppProps {
        scenario: 0,
        autoplay: true,
    })
    .render();
}
