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

/// The first-load bundle's entry point (`src/main.rs`).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    ui::boot::start();
}

/// The full bundle's entry point (`src/bin/full.rs`).
#[cfg(target_arch = "wasm32")]
pub fn start_full() {
    ui::boot::start_full();
}
