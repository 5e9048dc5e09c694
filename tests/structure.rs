//! The app's structure, checked: the model is pure (no web crate, no UI, no shared mutable
//! cell in it) and its modules import each other without cycles; the UI may import the
//! model, never the other way round. Reads the `use` lines and paths of `src/`, so a new
//! import that breaks the rule fails here, by name.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

/// The non-test source of each module under `src/<dir>`, by module name.
fn modules(dir: &str) -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(&root).expect("the folder exists") {
        let path = e.expect("an entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("readable");
        // Test modules may use anything (a test builds states to check a link).
        let end = ["#[cfg(test)]", "#[cfg(all(test"]
            .iter()
            .filter_map(|m| text.find(m))
            .min()
            .unwrap_or(text.len());
        let code = text[..end].to_string();
        out.insert(name.to_string(), code);
    }
    out
}

#[test]
fn the_model_uses_no_web_crate_and_never_the_ui() {
    let model = modules("model");
    assert!(model.len() >= 10, "the model's modules are found");
    for (name, code) in &model {
        for banned in [
            "crate::ui",
            "yew",
            "web_sys",
            "gloo",
            "wasm_bindgen",
            "js_sys",
            "RefCell",
            "thread_local",
        ] {
            assert!(
                !code.contains(banned),
                "src/model/{name}.rs mentions `{banned}`: the model must stay pure"
            );
        }
    }
}

#[test]
fn the_models_modules_import_each_other_without_cycles() {
    let model = modules("model");
    let deps: BTreeMap<&str, Vec<&str>> = model
        .iter()
        .map(|(name, code)| {
            let uses = model
                .keys()
                .filter(|other| *other != name && other.as_str() != "mod")
                .filter(|other| code.contains(&format!("crate::model::{other}")))
                .map(String::as_str)
                .collect();
            (name.as_str(), uses)
        })
        .collect();
    // Depth-first search for a cycle, reporting its path.
    fn visit<'a>(
        n: &'a str,
        deps: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) {
        if done.contains(&n) {
            return;
        }
        if let Some(i) = path.iter().position(|p| *p == n) {
            panic!(
                "import cycle in src/model: {}",
                path[i..].join(" → ") + " → " + n
            );
        }
        path.push(n);
        for d in deps.get(n).into_iter().flatten() {
            visit(d, deps, path, done);
        }
        path.pop();
        done.push(n);
    }
    let mut done = Vec::new();
    for n in deps.keys() {
        visit(n, &deps, &mut Vec::new(), &mut done);
    }
}
