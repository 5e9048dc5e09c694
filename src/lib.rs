//! The OTP Playground app: the simulator (`otp-sim`) driven and animated in the browser.
//!
//! Two layers: `model`, the pure state, reducer and everything the app decides (compiled
//! natively and tested by plain `cargo test`), and `ui`, the Yew components that draw the
//! model and send it actions (built for wasm32 only). `model` never imports `ui`.

pub mod model;

/// The first-load bundle's allocator: talc instead of Rust's default dlmalloc, which makes
/// its wasm 3 KB smaller gzipped. The full bundle, where big runs happen, keeps dlmalloc:
/// with talc the 100,000-process run took 1.1–1.35× as long in Chromium
/// (docs/benchmarks.md). The page is single-threaded (no atomics), as talc requires.
#[cfg(all(
    target_arch = "wasm32",
    feature = "lean",
    not(target_feature = "atomics")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
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
