//! The built-in scenarios: the files in `scenarios/`, embedded at build time. The list is
//! kept by hand; a test checks it against the directory so a new file cannot be forgotten.

/// (file name, JSON text), in picker order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "cache_one_for_one.json",
        include_str!("../scenarios/cache_one_for_one.json"),
    ),
    (
        "db_one_for_all.json",
        include_str!("../scenarios/db_one_for_all.json"),
    ),
    (
        "pipeline_rest_for_one.json",
        include_str!("../scenarios/pipeline_rest_for_one.json"),
    ),
    (
        "intensity_gives_up.json",
        include_str!("../scenarios/intensity_gives_up.json"),
    ),
    (
        "dynamic_workers.json",
        include_str!("../scenarios/dynamic_workers.json"),
    ),
    ("big_200.json", include_str!("../scenarios/big_200.json")),
];

/// The file stem, used in addresses and test ids: `cache_one_for_one`.
pub fn slug(file: &str) -> &str {
    file.strip_suffix(".json").unwrap_or(file)
}

#[cfg(test)]
mod tests {
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
            "src/scenarios.rs BUILTIN must list scenarios/*.json"
        );
        for (file, json) in BUILTIN {
            assert!(
                otp_sim::Scenario::from_json(json).is_ok(),
                "{file} is not a valid scenario"
            );
        }
    }
}
