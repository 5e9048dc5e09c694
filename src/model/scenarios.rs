//! The built-in scenarios: the files in `scenarios/`, embedded at build time. The list is
//! kept by hand; a test checks it against the directory so a new file cannot be forgotten.
//! Each is embedded twice: its JSON text (what a share link carries and "Scenario (.json)"
//! downloads) and its compact form, written by `build.rs` (`otp_sim::scenario::compact`),
//! which is what the app runs: decoding it needs no JSON parser, so the first-load bundle
//! carries none.

use otp_sim::Scenario;

/// (file name, the scenario's name, its compact form), from `build.rs`, in file-name order.
const COMPACT: &[(&str, &str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

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

fn compact(i: usize) -> Option<&'static (&'static str, &'static str, &'static [u8])> {
    let (file, _) = BUILTIN.get(i)?;
    COMPACT.iter().find(|(f, _, _)| f == file)
}

/// Built-in `i` (picker order), decoded from its compact form.
pub fn scenario(i: usize) -> Option<Scenario> {
    Scenario::from_compact(compact(i)?.2).ok()
}

/// Built-in `i`'s name (its `name` field), without decoding it.
pub fn name(i: usize) -> Option<&'static str> {
    compact(i).map(|(_, name, _)| *name)
}

/// The index of the built-in with this slug.
pub fn index(name: &str) -> Option<usize> {
    BUILTIN.iter().position(|(f, _)| slug(f) == name)
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
    #[test]
    fn names_are_the_scenarios_own() {
        for (i, (_, json)) in super::BUILTIN.iter().enumerate() {
            let sc = otp_sim::Scenario::from_json(json).expect("valid");
            assert_eq!(super::name(i), Some(sc.name.as_str()));
        }
        assert_eq!(super::name(super::BUILTIN.len()), None);
    }

    use super::*;

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

    /// The compact form the app runs equals what the JSON gives, for every built-in, and
    /// its name is the scenario's.
    #[test]
    fn every_built_in_decodes_equal_to_its_json() {
        assert_eq!(COMPACT.len(), BUILTIN.len());
        for (i, (file, json)) in BUILTIN.iter().enumerate() {
            let parsed = otp_sim::Scenario::from_json(json).expect("valid");
            assert_eq!(scenario(i).as_ref(), Some(&parsed), "{file}");
            assert_eq!(name(i), Some(parsed.name.as_str()), "{file}");
            assert_eq!(index(slug(file)), Some(i));
        }
        assert_eq!(scenario(BUILTIN.len()), None);
        assert_eq!(index("no_such"), None);
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
