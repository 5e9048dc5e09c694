//! Reading a scenario (or one child spec) from JSON: size limit, serde with the failing
//! field's path, then validation (`validate.rs`); and writing a scenario back.

use super::document::Scenario;
use super::limits;
use super::spec::ChildSpec;
use super::validate::ScenarioError;

/// The last `"key":` before a line/column position of the text.
fn key_before(text: &str, line: usize, column: usize) -> Option<String> {
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column;
    let head = text.get(..offset.min(text.len()))?;
    let colon = head.rfind("\":")?;
    let start = head[..colon].rfind('"')?;
    let key = &head[start + 1..colon];
    (!key.is_empty()
        && key.len() <= 64
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then(|| key.to_string())
}

impl Scenario {
    /// Parses and validates scenario JSON. Every problem found is returned, each naming
    /// its field.
    pub fn from_json(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
        if text.len() > limits::MAX_JSON_BYTES {
            return Err(vec![ScenarioError {
                path: String::new(),
                problem: format!(
                    "scenario is {} bytes; the limit is {} bytes",
                    text.len(),
                    limits::MAX_JSON_BYTES
                ),
            }]);
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let problem = inner.to_string();
            let mut problem = problem
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string();
            // Inside tagged enums serde loses the field path; the key just before the
            // error position names the field.
            if (problem.starts_with("invalid") || problem.starts_with("unknown variant"))
                && let Some(key) = key_before(text, inner.line(), inner.column())
            {
                problem = format!("field `{key}`: {problem}");
            }
            let path = if path.is_empty() || path == "." {
                format!("line {} column {}", inner.line(), inner.column())
            } else {
                format!("{path} (line {} column {})", inner.line(), inner.column())
            };
            vec![ScenarioError { path, problem }]
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl ChildSpec {
    /// One child spec from JSON text (a share link's `start_child`), read the same way as
    /// a scenario's (so the app carries one copy of the parser) and with a path in errors.
    pub fn from_json(text: &str) -> Result<ChildSpec, String> {
        if text.len() > limits::MAX_JSON_BYTES {
            return Err("the child spec is too large".into());
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| e.to_string())
    }
}
