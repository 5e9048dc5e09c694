//! Checks that the teaching content (lessons, lesson scenarios, the quiz, the syllabus map)
//! loads — content that does not fails the build, naming the file and the problem — and
//! gives the app the bundle's hash (the app fetches the bundle that `otp-content bundle`
//! writes next to it; see Trunk.toml) and the tests the bundle itself. The full rules
//! (predictions really happen, links resolve, coverage) are `cargo test -p otp-content`.

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
    // The app fetches `content.json?v=<hash>`: a new bundle is a new URL, never a stale cache.
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    println!("cargo:rustc-env=CONTENT_HASH={hash:016x}");
    // The same bundle for the tests, which install it directly instead of fetching it.
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("content.json"), json).expect("OUT_DIR is writable");
}
