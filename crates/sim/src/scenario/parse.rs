//! Reading a scenario (or one child spec) from JSON: size limit, serde with the failing
//! field's path, then validation (`validate.rs`); and writing a scenario back.

use super::document::Scenario;
use super::json_path::path_at;
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

/// A serde error as the person who wrote the JSON needs it: where the mistake is and what
/// to do, in the format's own words.
fn explain(text: &str, path: &str, inner: &serde_json::Error) -> ScenarioError {
    let raw = inner.to_string();
    let mut problem = raw
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_string();
    let (mut line, mut column) = (inner.line(), inner.column());
    if inner.classify() == serde_json::error::Category::Syntax {
        // A missing comma or brace is noticed at the next token, often on the next line:
        // point just after the last thing written before it instead.
        if let Some((l, c)) = end_of_previous_token(text, line, column) {
            (line, column) = (l, c);
        }
    }
    let negative = negative_for_unsigned(&problem);
    let mut path = path.to_string();
    if matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    ) {
        // Unreadable text: the position says where; no value's path applies.
        path.clear();
    }
    // Inside tagged enums serde loses the field path; the key just before the bad value
    // (or, for other errors, before the error position) names the field.
    if problem.starts_with("unknown variant")
        && let Some(value) = problem.split('`').nth(1)
        && let Some((key, l, c)) = key_of_value(text, value, line, column)
    {
        problem = format!("field `{key}`: {problem}");
        (line, column) = (l, c);
        path.clear();
    } else if problem.starts_with("invalid") {
        if let Some(n) = negative {
            problem = format!("must be 0 or more (found {n})");
        }
        if let Some(key) = key_before(text, line, column)
            && !path.ends_with(&key)
        {
            problem = format!("field `{key}`: {problem}");
        }
    }
    let path = if path.is_empty() || path == "." || path == "?" {
        format!("line {line} column {column}")
    } else {
        format!("{path} (line {line} column {column})")
    };
    ScenarioError { path, problem }
}

/// Byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// 1-based line and column of a byte offset.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let head = &text[..offset.min(text.len())];
    let line = head.matches('\n').count() + 1;
    let column = head.len() - head.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Where the token before the error position ends, if it is on an earlier line.
fn end_of_previous_token(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let at = offset_of(text, line, column);
    let head = text.get(..at)?;
    // The error column points at (or just past) the unexpected character: step back over it
    // and the whitespace before it.
    let before = head
        .trim_end_matches(|c: char| !c.is_whitespace())
        .trim_end();
    if before.is_empty() {
        return None;
    }
    let (l, c) = position_of(text, before.len());
    (l < line).then_some((l, c))
}

/// `-500` from serde's "invalid value: integer `-500`, expected u64".
fn negative_for_unsigned(problem: &str) -> Option<String> {
    let rest = problem.strip_prefix("invalid value: integer `-")?;
    let (digits, expected) = rest.split_once('`')?;
    let unsigned = [
        ", expected u64",
        ", expected u32",
        ", expected usize",
        ", expected u16",
        ", expected u8",
    ];
    unsigned
        .iter()
        .any(|u| expected.starts_with(u))
        .then(|| format!("-{digits}"))
}

/// The key whose value is the string `value`, the last such before the error position,
/// with the value's line and column.
fn key_of_value(
    text: &str,
    value: &str,
    line: usize,
    column: usize,
) -> Option<(String, usize, usize)> {
    let at = offset_of(text, line, column);
    let quoted = format!("\"{value}\"");
    let head = text.get(..at)?;
    let pos = head.rfind(&quoted).or_else(|| text.find(&quoted))?;
    let before = text[..pos].trim_end().strip_suffix(':')?.trim_end();
    let key_end = before.strip_suffix('"')?;
    let key_start = key_end.rfind('"')?;
    let key = &key_end[key_start + 1..];
    let (l, c) = position_of(text, pos);
    (!key.is_empty() && key.len() <= 64).then(|| (key.to_string(), l, c))
}

/// The first place where the text nests deeper than `MAX_JSON_NESTING`, found by a scan
/// of brackets outside strings before any parsing: a 10,000-deep tree is refused in one
/// linear pass with the field it starts in, not by the parser's recursion limit.
fn too_deep(text: &str) -> Option<ScenarioError> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limits::MAX_JSON_NESTING {
                    let path = path_at(text, i);
                    let field = path.split(['.', '[']).next().unwrap_or_default();
                    let (line, column) = position_of(text, i);
                    return Some(ScenarioError {
                        path: field.to_string(),
                        problem: format!(
                            "nested more than {} levels deep (at line {line} column {column}); \
                             a tree may be at most {} supervisors deep",
                            limits::MAX_JSON_NESTING,
                            limits::MAX_DEPTH
                        ),
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
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
        if let Some(e) = too_deep(text) {
            return Err(vec![e]);
        }
        let scenario: Scenario = serde_json::from_str(text).map_err(|e| {
            let at = offset_of(text, e.line(), e.column());
            vec![explain(text, &path_at(text, at), &e)]
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
        serde_json::from_str(text).map_err(|e| {
            let at = offset_of(text, e.line(), e.column());
            match path_at(text, at) {
                p if p.is_empty() => e.to_string(),
                p => format!("{p}: {e}"),
            }
        })
    }
}
