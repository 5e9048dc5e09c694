//! The compact form of a scenario: the same `Scenario` value as bytes (bincode 2, its
//! derives on the scenario types), with no JSON in it. The app's first-load bundle keeps
//! its built-in scenarios in this form, written at build time from the JSON files, and
//! decodes them without carrying a JSON parser (serde's derived JSON readers are the
//! largest part of what a parser costs in wasm). The bytes are not a file format: they
//! are made and read by the same build, never stored or exchanged between versions.
//! Decoding checks the bytes' shape only: the JSON was validated when the bytes were made.

use super::document::Scenario;

/// At most this many bytes are ever claimed while decoding, whatever lengths the bytes
/// announce (the largest built-in is a few KB).
const LIMIT: usize = 16 << 20;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

impl Scenario {
    /// The compact form of this scenario.
    pub fn to_compact(&self) -> Vec<u8> {
        bincode::encode_to_vec(self, config()).unwrap_or_default()
    }

    /// A scenario from its compact form ([`Scenario::to_compact`]). Bytes that are not
    /// one whole scenario are refused.
    pub fn from_compact(bytes: &[u8]) -> Result<Scenario, String> {
        match bincode::decode_from_slice::<Scenario, _>(bytes, config()) {
            Ok((s, n)) if n == bytes.len() => Ok(s),
            Ok(_) => Err("trailing bytes after the scenario".into()),
            Err(e) => Err(format!("not a compact scenario ({e})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scenario file in the repository (built-ins, lesson scenarios, test
    /// scenarios) comes back from its compact form equal to what the JSON gave, and
    /// runs to the same trace.
    #[test]
    fn every_scenario_file_round_trips_equal() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut seen = 0;
        for dir in ["scenarios", "lessons/scenarios"] {
            let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
                panic!("cannot read {dir}");
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.extension().is_none_or(|x| x != "json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let Ok(parsed) = Scenario::from_json(&text) else {
                    continue;
                };
                let back = Scenario::from_compact(&parsed.to_compact());
                assert_eq!(back.as_ref(), Ok(&parsed), "{}", path.display());
                seen += 1;
            }
        }
        assert!(seen >= 6, "only {seen} scenarios found");
    }

    #[test]
    fn bad_bytes_are_refused_without_panic() {
        let good = Scenario::from_json(include_str!("../../../../scenarios/big_200.json"))
            .expect("valid")
            .to_compact();
        assert!(Scenario::from_compact(&[]).is_err());
        assert!(Scenario::from_compact(&[0xff; 64]).is_err());
        for cut in [1, good.len() / 3, good.len() - 1] {
            assert!(Scenario::from_compact(&good[..cut]).is_err(), "{cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(Scenario::from_compact(&longer).is_err());
    }
}
