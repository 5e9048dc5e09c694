//! Bundles the teaching content (lessons as HTML, lesson scenarios, the quiz and the
//! syllabus map) into one JSON file the app embeds. Content that does not even load fails
//! the build with the file and the problem; the full rules (predictions really happen,
//! links resolve, coverage) are checked by `cargo test -p otp-content`.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["lessons", "lessons/scenarios", "quiz", "scenarios"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let loaded = match otp_content::load::load(root) {
        Ok(l) => l,
        Err(errors) => {
            for e in &errors {
                println!("cargo:warning={e}");
            }
            panic!(
                "the lessons or the quiz do not load:\n{}",
                errors.join("\n")
            );
        }
    };
    let json = serde_json::to_string(&loaded.bundle).expect("the bundle serialises");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("content.json"), json).expect("OUT_DIR is writable");
}
