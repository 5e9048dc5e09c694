//! The simulator's modules form a layered graph with no import cycle: if module A uses
//! module B, B does not use A, directly or through others. Cycles are how a kernel ends up
//! calling behaviours that call back into it, which is what makes code hard to follow.
//!
//! This test reads every file under `src/` (the `bin/` crate aside), maps it to a module
//! path (`foo.rs` and `foo/mod.rs` are `foo`, `lib.rs` is the crate root), and collects
//! its dependencies from
//! - `use` declarations, with their `{...}` groups expanded: `crate::…`, `super::…`,
//!   `self::…` and a child module named directly (`pub use spec::X` in a `mod.rs`);
//! - paths written inline in code (`crate::ets::badarg()`), which are dependencies too.
//!
//! A path `crate::a::b::C` depends on module `a::b` if that module exists, else on `a`;
//! on the crate root if `a` is no module (a root re-export such as `crate::Pid`). Inline
//! `mod tests { use super::*; }` blocks belong to their file's module. Comments and string
//! literals are ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

const ROOT: &str = "crate";

#[test]
fn simulator_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &src, &mut files);
    assert!(
        files.len() > 5,
        "found only {} files under {src:?}",
        files.len()
    );
    let graph = graph(&files);
    if let Some(cycle) = find_cycle(&graph) {
        let mut edges = String::new();
        for (m, deps) in &graph {
            edges.push_str(&format!("  {m} -> {deps:?}\n"));
        }
        panic!(
            "import cycle in crates/sim/src: {}\nmodule graph:\n{edges}",
            cycle.join(" -> ")
        );
    }
}

/// The checker itself: it must see a cycle through a `use` group, an inline path and a
/// `super::` path, and must not see one in a test module's `use super::*`.
#[test]
fn checker_finds_cycles_and_ignores_self_uses() {
    let files = |a: &str, b: &str| {
        vec![
            (
                "lib.rs".to_string(),
                "mod a; mod b; pub use b::c::Y;".to_string(),
            ),
            ("a.rs".to_string(), a.to_string()),
            ("b/mod.rs".to_string(), "mod c;".to_string()),
            ("b/c.rs".to_string(), b.to_string()),
        ]
    };
    let acyclic = files(
        "use crate::{b::c::Y, Pid};\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        "// crate::a::X in a comment\nfn f() -> &'static str { \"crate::a::X\" }\nfn g(c: char) -> bool { c == '\"' }\n",
    );
    assert_eq!(find_cycle(&graph(&acyclic)), None);
    let by_use = files("use crate::b::c::Y;", "use crate::{a::X};");
    assert!(find_cycle(&graph(&by_use)).is_some());
    let by_inline = files("use crate::b::c::Y;", "fn f() { crate::a::g(); }");
    assert!(find_cycle(&graph(&by_inline)).is_some());
    let by_super = files("use crate::b::c::Y;", "use super::super::a::X;");
    assert!(find_cycle(&graph(&by_super)).is_some());
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir:?}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path
            .strip_prefix(root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if rel != "bin" {
                collect(root, &path, out);
            }
        } else if rel.ends_with(".rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            out.push((rel, text));
        }
    }
}

/// `a/b.rs` and `a/b/mod.rs` → `a::b`; `lib.rs` → the root.
fn module_of(rel: &str) -> String {
    let stem = rel.trim_end_matches(".rs");
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    if stem == "lib" {
        ROOT.to_string()
    } else {
        stem.replace('/', "::")
    }
}

fn graph(files: &[(String, String)]) -> Graph {
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let mut g = Graph::new();
    for (rel, text) in files {
        let me = module_of(rel);
        let deps = g.entry(me.clone()).or_default();
        for path in paths(&strip(text)) {
            if let Some(dep) = resolve(&me, &path, &modules)
                && dep != me
            {
                deps.insert(dep);
            }
        }
    }
    g
}

/// A path as written, with how many inline `mod x { }` blocks enclose it.
struct Written {
    segments: Vec<String>,
    inline_depth: usize,
    in_use: bool,
}

/// The module a path depends on, or None (std, an external crate, the file itself).
fn resolve(me: &str, w: &Written, modules: &BTreeSet<String>) -> Option<String> {
    let segs = &w.segments;
    let first = segs.first()?.as_str();
    // Where the path starts, as module segments from the crate root.
    let mut base: Vec<String> = if me == ROOT {
        Vec::new()
    } else {
        me.split("::").map(str::to_string).collect()
    };
    let mut rest: &[String] = segs;
    match first {
        "crate" => {
            base.clear();
            rest = &segs[1..];
        }
        "self" | "super" => {
            // Inside an inline module, `self`/`super` start from that module, which is
            // part of this file: climbing out of it lands in the file's own module.
            let mut depth = w.inline_depth;
            let mut i = 0;
            while i < segs.len() && (segs[i] == "super" || segs[i] == "self") {
                if segs[i] == "super" {
                    if depth > 0 {
                        depth -= 1;
                    } else {
                        base.pop()?;
                    }
                }
                i += 1;
            }
            if depth > 0 {
                return None; // still inside the file's inline module
            }
            rest = &segs[i..];
        }
        _ => {
            // In a `use`, a bare first segment naming a child module is relative to this
            // module (`pub use spec::X` in `scenario/mod.rs`); anything else is external.
            if !w.in_use || w.inline_depth > 0 {
                return None;
            }
            let mut child = base.clone();
            child.push(first.to_string());
            if !modules.contains(&child.join("::")) {
                return None;
            }
        }
    }
    // The longest existing module along the path.
    let mut best = if base.is_empty() {
        ROOT.to_string()
    } else {
        base.join("::")
    };
    let mut cur = base;
    for s in rest {
        cur.push(s.clone());
        let name = cur.join("::");
        if modules.contains(&name) {
            best = name;
        } else {
            break;
        }
    }
    Some(best)
}

/// Source text with comments removed and string and char literals emptied.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // A raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == b'#')
                        .count()
                        == hashes
                {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('x', '\n', '"'), or a lifetime ('a, 'static).
            if b.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if let Some(ch) = text[i + 1..].chars().next()
                && text[i + 1 + ch.len_utf8()..].starts_with('\'')
            {
                i += 2 + ch.len_utf8();
                out.push_str("' '");
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            let ch = text[i..].chars().next().expect("a char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[derive(Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path, // ::
    Punct(char),
}

fn tokens(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if is_ident(c) {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            v.push(Tok::Ident(text[start..i].to_string()));
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            v.push(Tok::Path);
            i += 2;
        } else {
            let ch = text[i..].chars().next().expect("a char");
            v.push(Tok::Punct(ch));
            i += ch.len_utf8();
        }
    }
    v
}

/// Every module path the (stripped) text names: expanded `use` trees, and inline paths
/// starting with `crate`, `self` or `super`.
fn paths(text: &str) -> Vec<Written> {
    let toks = tokens(text);
    let mut out = Vec::new();
    // Inline modules: the brace depth each one's body opened at.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(k) if k == "mod" => {
                if let (Some(Tok::Ident(_)), Some(Tok::Punct('{'))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push(depth + 1);
                }
                i += 1;
            }
            Tok::Ident(k) if k == "use" && (i == 0 || !matches!(toks[i - 1], Tok::Path)) => {
                let mut j = i + 1;
                if matches!(toks.get(j), Some(Tok::Path)) {
                    j += 1; // `use ::std::...`
                }
                let mut found = Vec::new();
                j = use_tree(&toks, j, Vec::new(), &mut found);
                for segments in found {
                    out.push(Written {
                        segments,
                        inline_depth: inline.len(),
                        in_use: true,
                    });
                }
                i = j.max(i + 1);
            }
            Tok::Ident(k)
                if (k == "crate" || k == "super" || k == "self")
                    && matches!(toks.get(i + 1), Some(Tok::Path))
                    && (i == 0 || !matches!(toks[i - 1], Tok::Path)) =>
            {
                let mut segments = vec![k.clone()];
                let mut j = i + 1;
                while let (Some(Tok::Path), Some(Tok::Ident(s))) = (toks.get(j), toks.get(j + 1)) {
                    segments.push(s.clone());
                    j += 2;
                }
                out.push(Written {
                    segments,
                    inline_depth: inline.len(),
                    in_use: false,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// Parses one use tree starting at `i` under `prefix`; pushes every leaf path (the
/// module part: a `{...}` group's members each extend the prefix). Returns the index after it.
fn use_tree(
    toks: &[Tok],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
                if matches!(toks.get(i), Some(Tok::Path)) {
                    i += 1;
                    continue;
                }
                // `as name` renames: skip it.
                if matches!(toks.get(i), Some(Tok::Ident(a)) if a == "as") {
                    i += 2;
                }
                if prefix.last().map(String::as_str) == Some("self") {
                    prefix.pop();
                }
                out.push(prefix);
                return i;
            }
            Some(Tok::Punct('*')) => {
                out.push(prefix);
                return i + 1;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Tok::Punct('}')) => return i + 1,
                        Some(Tok::Punct(',')) => i += 1,
                        None => return i,
                        _ => i = use_tree(toks, i, prefix.clone(), out),
                    }
                }
            }
            _ => {
                if !prefix.is_empty() {
                    out.push(prefix);
                }
                return i;
            }
        }
    }
}

/// A cycle as the list of modules along it (first repeated at the end), if any.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        g: &Graph,
        m: &str,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(m.to_string(), Mark::Open);
        stack.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            match marks.get(d) {
                Some(Mark::Open) => {
                    let start = stack.iter().position(|s| s == d).expect("on the stack");
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(c) = visit(g, d, marks, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        marks.insert(m.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for m in g.keys() {
        if !marks.contains_key(m)
            && let Some(c) = visit(g, m, &mut marks, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}
