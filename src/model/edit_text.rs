//! The editor's text view: reading the simulator's errors into `FieldError`s with the
//! line they are on. A syntax error already carries its line; a validation error names a
//! field path (`tree.children[1].id`), whose line this module finds by walking the JSON
//! text (which parsed, so it is well formed) with a small position-keeping scanner.

use crate::model::edit_ops::FieldError;
use otp_sim::ScenarioError;

/// The simulator's errors for a text, each with its field path and line.
pub fn errors(text: &str, errs: &[ScenarioError]) -> Vec<FieldError> {
    errs.iter()
        .map(|e| {
            let (path, line) = split_position(&e.path);
            let line = line.or_else(|| line_of(text, &path));
            FieldError {
                path,
                line,
                message: e.problem.clone(),
            }
        })
        .collect()
}

/// `tree.children[0].id (line 5 column 3)` → the path and line 5; `line 2 column 1` → no
/// path and line 2.
fn split_position(p: &str) -> (String, Option<usize>) {
    let line_no = |s: &str| {
        s.strip_prefix("line ")?
            .split(' ')
            .next()?
            .parse::<usize>()
            .ok()
    };
    if let Some((path, pos)) = p.rsplit_once(" (")
        && let Some(l) = line_no(pos.trim_end_matches(')'))
    {
        return (path.to_string(), Some(l));
    }
    if let Some(l) = line_no(p) {
        return (String::new(), Some(l));
    }
    (p.to_string(), None)
}

/// The steps of a path: keys and indexes (`tree.children[0].id` → tree, children, 0, id).
fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse::<usize>() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The 1-based line where the value at `path` starts in JSON `text`; the nearest enclosing
/// value's line when the path goes deeper than the text (a field left out).
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    if path.is_empty() {
        return None;
    }
    let want = steps(path);
    let b = text.as_bytes();
    let mut i = 0;
    let mut found = skip_ws(b, 0);
    for step in &want {
        i = skip_ws(b, i);
        match (step, b.get(i)) {
            (Step::Key(k), Some(b'{')) => match find_key(b, i, k) {
                Some(at) => i = at,
                None => break,
            },
            (Step::Index(n), Some(b'[')) => match find_index(b, i, *n) {
                Some(at) => i = at,
                None => break,
            },
            _ => break,
        }
        found = i;
    }
    Some(text[..found.min(text.len())].matches('\n').count() + 1)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (a `"`), just past its closing quote.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Just past the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    let i = skip_ws(b, i);
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            j
        }
    }
}

/// In the object at `i`, where the value of key `k` starts.
fn find_key(b: &[u8], i: usize, k: &str) -> Option<usize> {
    let mut j = i + 1;
    loop {
        j = skip_ws(b, j);
        match b.get(j)? {
            b'}' => return None,
            b',' => {
                j += 1;
                continue;
            }
            b'"' => {
                let end = skip_string(b, j);
                let key = std::str::from_utf8(b.get(j + 1..end.saturating_sub(1))?).ok()?;
                j = skip_ws(b, end);
                if b.get(j) != Some(&b':') {
                    return None;
                }
                j = skip_ws(b, j + 1);
                if key == k {
                    return Some(j);
                }
                j = skip_value(b, j);
            }
            _ => return None,
        }
    }
}

/// In the array at `i`, where element `n` starts.
fn find_index(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut k = 0;
    loop {
        j = skip_ws(b, j);
        match b.get(j)? {
            b']' => return None,
            b',' => {
                j += 1;
                continue;
            }
            _ => {
                if k == n {
                    return Some(j);
                }
                k += 1;
                j = skip_value(b, j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"name\": \"x\",\n  \"tree\": {\n    \"type\": \"supervisor\",\n    \"children\": [\n      {\"type\": \"worker\", \"id\": \"a\"},\n      {\n        \"type\": \"worker\",\n        \"id\": \"a\"\n      }\n    ]\n  }\n}";

    #[test]
    fn finds_the_line_of_a_path() {
        assert_eq!(line_of(TEXT, "name"), Some(2));
        assert_eq!(line_of(TEXT, "tree"), Some(3));
        assert_eq!(line_of(TEXT, "tree.children[0].id"), Some(6));
        assert_eq!(line_of(TEXT, "tree.children[1].id"), Some(9));
        // Deeper than the text: the nearest enclosing value.
        assert_eq!(line_of(TEXT, "tree.children[1].behaviour.kind"), Some(7));
        assert_eq!(line_of(TEXT, "tree.children[7]"), Some(5));
        assert_eq!(line_of(TEXT, ""), None);
        // Never panics on odd text.
        assert!(line_of("{\"a\": [1, {\"b\": \"\\\"\"}]", "a[1].b").is_some());
        assert!(line_of("[[[[", "a[0]").is_some());
        assert!(line_of("", "a").is_some());
    }

    #[test]
    fn reads_positions_out_of_the_simulators_paths() {
        assert_eq!(
            split_position("tree.children[0].id (line 5 column 3)"),
            ("tree.children[0].id".into(), Some(5))
        );
        assert_eq!(split_position("line 2 column 1"), (String::new(), Some(2)));
        assert_eq!(split_position("duration_ms"), ("duration_ms".into(), None));
    }
}
