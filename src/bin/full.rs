//! The full bundle: the playground plus the lessons, the quiz, the gallery, the sequence
//! diagram and the share dialog. Fetched on demand by the first-load bundle
//! (`ui::boot`), which it replaces on the page; built by `scripts/build-full.sh`.
fn main() {
    #[cfg(target_arch = "wasm32")]
    otp_playground::start_full();
}
