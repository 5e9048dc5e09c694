//! The built-in scenarios: the files in `scenarios/`, embedded at build time. The list is
//! kept by hand; a test checks it against the directory so a new file cannot be forgotten.

/// (file name, JSON text), in picker order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "cache_one_for_one.json",
        include_str!("../../scenarios/cache_one_for_one.json"),
    ),
    (
        "db_one_for_all.json",
        include_str!("../../scenarios/db_one_for_all.json"),
    ),
    (
        "pipeline_rest_for_one.json",
        include_str!("../../scenarios/pipeline_rest_for_one.json"),
    ),
    (
        "intensity_gives_up.json",
        include_str!("../../scenarios/intensity_gives_up.json"),
    ),
    (
        "dynamic_workers.json",
        include_str!("../../scenarios/dynamic_workers.json"),
    ),
    ("big_200.json", include_str!("../../scenarios/big_200.json")),
    (
        "big_1000.json",
        include_str!("../../scenarios/big_1000.json"),
    ),
    (
        "big_5000.json",
        include_str!("../../scenarios/big_5000.json"),
    ),
];

/// The file stem, used in addresses and test ids: `cache_one_for_one`.
pub fn slug(file: &str) -> &str {
    file.strip_suffix(".json").unwrap_or(file)
}

/// A built-in scenario's JSON by name (its slug).
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(f, _)| slug(f) == name)
        .map(|(_, json)| *json)
}

/// The built-in scenarios' names, in picker order. Only the `name` field is read (the
/// picker is drawn on every render of the top bar, and parsing the built-ins in full —
/// big_5000 expands 5,000 children and validates each — took ~100 ms a render in wasm);
/// the top bar keeps the result (`use_memo`). A file whose name cannot be read is named by
/// its file name.
pub fn builtin_names() -> Vec<std::rc::Rc<str>> {
    #[derive(serde::Deserialize)]
    struct Named {
        name: String,
    }
    BUILTIN
        .iter()
        .map(|(file, json)| {
            serde_json::from_str::<Named>(json)
                .map_or_else(|_| std::rc::Rc::from(*file), |n| std::rc::Rc::from(n.name))
        })
        .collect()
}

/// Is this a built-in scenario (available before the lessons' bundle loads)?
pub fn is_builtin(name: &str) -> bool {
    builtin(name).is_some()
}

/// A scenario's JSON by name: a built-in (always there) or a lesson scenario from the
/// content bundle, if it has been loaded.
pub fn resolve(name: &str, bundle: Option<&otp_content::Bundle>) -> Option<std::rc::Rc<str>> {
    builtin(name)
        .map(std::rc::Rc::from)
        .or_else(|| bundle?.scenario_json(name).map(std::rc::Rc::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_names_are_the_parsed_scenarios_names() {
        let names = builtin_names();
        assert_eq!(names.len(), BUILTIN.len());
        for ((file, json), name) in BUILTIN.iter().zip(names.iter()) {
            let parsed = otp_sim::Scenario::from_json(json).expect("a valid built-in");
            assert_eq!(&**name, parsed.name.as_str(), "{file}");
        }
    }

    #[test]
    fn every_file_in_scenarios_is_built_in_and_valid() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => panic!("cannot read {dir}: {e}"),
        };
        let mut on_disk: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(f, _)| f.to_string()).collect();
        listed.sort();
        assert_eq!(
            listed, on_disk,
            "src/model/scenarios.rs BUILTIN must list scenarios/*.json"
        );
        for (file, json) in BUILTIN {
            assert!(
                otp_sim::Scenario::from_json(json).is_ok(),
                "{file} is not a valid scenario"
            );
        }
    }

    #[test]
    fn lesson_scenarios_resolve_from_the_bundle() {
        assert!(
            resolve("cache_one_for_one", None).is_some(),
            "built-ins need no bundle"
        );
        assert!(is_builtin("cache_one_for_one"));
        let json = include_str!(concat!(env!("OUT_DIR"), "/content.json"));
        let b: otp_content::Bundle = serde_json::from_str(json).expect("the bundle parses");
        assert!(!b.lessons.is_empty(), "the bundle has lessons");
        for s in &b.scenarios {
            assert!(
                resolve(&s.name, None).is_none(),
                "{} needs the bundle",
                s.name
            );
            assert!(resolve(&s.name, Some(&b)).is_some());
            assert!(!is_builtin(&s.name));
        }
        assert!(resolve("no_such", Some(&b)).is_none());
    }
}
