//! The path (`tree.children[1].restart`) of the JSON value at a byte offset of a text: what
//! a parse error names. Read from the text itself, so the parser can stay serde_json's own
//! (a path-tracking deserializer doubled the parser's code in the app's download), and so
//! the path goes on inside internally tagged enums, where serde loses it.

enum Frame {
    /// An object, with the key whose value is being read, if one has been read.
    Object(Option<String>),
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The path of the innermost value that contains `offset`, or `""` at the top level.
pub fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(k)) => *k = None,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let s = text.get(start..j.min(bytes.len())).unwrap_or("");
                // A string followed by `:` in an object is a key.
                let mut k = j + 1;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                if let Some(Frame::Object(key)) = stack.last_mut()
                    && bytes.get(k) == Some(&b':')
                    && j < end
                {
                    *key = Some(s.to_string());
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::path_at;

    fn at(text: &str, marker: &str) -> String {
        path_at(text, text.find(marker).expect("marker"))
    }

    #[test]
    fn names_the_value_at_an_offset() {
        let t = r#"{"name": "x", "tree": {"children": [{"id": "a"}, {"id": "b", "restart": "sometimes"}]}}"#;
        assert_eq!(at(t, "sometimes"), "tree.children[1].restart");
        assert_eq!(at(t, "\"a\""), "tree.children[0].id");
        assert_eq!(at(t, "\"x\""), "name");
        assert_eq!(path_at(t, 0), "");
        // Keys and brackets inside strings do not count.
        let s = r#"{"a": "}{[,\"", "b": [1, 2, 3]}"#;
        assert_eq!(at(s, "3]"), "b[2]");
    }
}
