//! Checks that the teaching content (lessons, lesson scenarios, the quiz, the syllabus map)
//! loads — content that does not fails the build, naming the file and the problem — and
//! gives the app the bundle's hash (the app fetches the bundle that `otp-content bundle`
//! writes next to it; see Trunk.toml) and the tests the bundle itself. The full rules
//! (predictions really happen, links resolve, coverage) are `cargo test -p otp-content`.
//! Also writes the built-in scenarios in their compact form for the first-load bundle.

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
    compact_builtins(root, Path::new(&out));
}

/// The built-in scenarios in their compact form (`otp_sim::scenario::compact`), so that
/// the first-load bundle decodes them without a JSON parser: one `<slug>.bin` per file of
/// `scenarios/`, and `builtins.rs`, the list `model::scenarios` includes (file name, the
/// scenario's name, its bytes). A file that does not parse fails the build.
fn compact_builtins(root: &Path, out: &Path) {
    let mut files: Vec<String> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/ is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut list = String::from("&[\n");
    for file in &files {
        let text = std::fs::read_to_string(root.join("scenarios").join(file))
            .expect("a scenario file is readable");
        let scenario = otp_sim::Scenario::from_json(&text)
            .unwrap_or_else(|errs| panic!("scenarios/{file} is not a valid scenario: {errs:?}"));
        let bin = format!("{}.bin", file.trim_end_matches(".json"));
        std::fs::write(out.join(&bin), scenario.to_compact()).expect("OUT_DIR is writable");
        list.push_str(&format!(
            "    ({file:?}, {:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{bin}\"))),\n",
            scenario.name
        ));
    }
    list.push(']');
    std::fs::write(out.join("builtins.rs"), list).expect("OUT_DIR is writable");
}
