//! The OTP Playground app: the simulator (`otp-sim`) driven and animated in the browser.
//!
//! Two layers: `model`, the pure state, reducer and everything the app decides (compiled
//! natively and tested by plain `cargo test`), and `ui`, the Yew components that draw the
//! model and send it actions (built for wasm32 only). `model` never imports `ui`.

pub mod model;
#[cfg(target_arch = "wasm32")]
pub mod ui;

// Short paths for what the worker and the tests use.
pub use model::{quiz, scenarios, share};
#[cfg(target_arch = "wasm32")]
pub use ui::app::{App, AppProps};
#[cfg(target_arch = "wasm32")]
pub use ui::content;

/// Mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // A newcomer's first visit starts paused, under the welcome; later ones play at once.
    let welcomed = ui::welcome::welcomed();
    yew::Renderer::<App>::with_props(AppProps {
        scenario: 0,
        autoplay: welcomed,
        welcome: !welcomed,
    })
    .render();
}
