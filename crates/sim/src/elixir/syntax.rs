//! Elixir source text: literals (atoms, strings, integers, floats, terms), the child
//! spec fields' words, and `Code`, the line writer that indents and wraps comments the
//! way `mix format` leaves them.

use crate::scenario::{Restart, Shutdown};
use crate::term::{Term, parse_term};

/// `mix format`'s line length.
pub(super) const WIDTH: usize = 98;

/// An atom as Elixir source: an alias (`Cache`), `true`/`false`/`nil`, `:plain` or
/// `:"quoted"`. Names and ids are atoms: `"Cache"` is the alias `Cache`, `"cache"` is `:cache`.
pub fn atom(a: &str) -> String {
    if matches!(a, "true" | "false" | "nil") || is_alias(a) {
        a.to_string()
    } else if is_plain_atom(a) {
        format!(":{a}")
    } else {
        format!(":{}", string(a))
    }
}

pub(super) fn is_alias(a: &str) -> bool {
    a.split('.').all(|part| {
        let mut cs = part.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

pub(super) fn is_plain_atom(a: &str) -> bool {
    let body = a.strip_suffix(['?', '!']).unwrap_or(a);
    let mut cs = body.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
}

/// A string literal; `#{` is escaped so that nothing is interpolated.
pub(super) fn string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A term as Elixir source.
pub(super) fn literal(t: &Term) -> String {
    match t {
        Term::Atom(a) => atom(a),
        Term::Int(i) if *i < 0 => format!("-{}", int(i.unsigned_abs())),
        Term::Int(i) => int(i.unsigned_abs()),
        Term::Str(s) => string(s),
        Term::Tuple(items) => format!("{{{}}}", join(items.iter().map(literal))),
        Term::List(items) => format!("[{}]", join(items.iter().map(literal))),
        // Pids, references and exceptions never come from term text.
        other => other.to_string(),
    }
}

/// Term text from the scenario (validated) as Elixir source.
pub(super) fn term_text(text: &str) -> String {
    parse_term(text).map_or_else(|_| text.to_string(), |t| literal(&t))
}

/// An integer, with `_` between thousands from 10_000 on (as Credo asks).
pub(super) fn int(n: u64) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

pub(super) fn float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once('e') {
        Some((m, e)) if !m.contains('.') => format!("{m}.0e{e}"),
        _ => s,
    }
}

pub(super) fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

pub(super) fn restart(r: Restart) -> &'static str {
    match r {
        Restart::Permanent => ":permanent",
        Restart::Transient => ":transient",
        Restart::Temporary => ":temporary",
    }
}

pub(super) fn shutdown(s: Shutdown) -> String {
    match s {
        Shutdown::Timeout(ms) => int(ms),
        other => other.to_string(),
    }
}

/// Lines of Elixir, indented by the caller.
#[derive(Default)]
pub(super) struct Code(pub(super) Vec<String>);

impl Code {
    pub(super) fn line(&mut self, indent: usize, text: &str) {
        if text.is_empty() {
            self.0.push(String::new());
        } else {
            self.0.push(format!("{:indent$}{text}", ""));
        }
    }
    pub(super) fn blank(&mut self) {
        self.0.push(String::new());
    }
    /// `block`'s lines, `by` columns deeper, without blank lines at either end (`mix
    /// format` keeps none at the start or end of a `do` block).
    pub(super) fn nested(&mut self, by: usize, block: Code) {
        let lines = block.0;
        let start = lines
            .iter()
            .position(|l| !l.is_empty())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(start, |e| e + 1);
        for l in &lines[start..end] {
            self.line(by, l);
        }
    }
    /// A block of fixed code (leading newline ignored).
    pub(super) fn text(&mut self, text: &str) {
        self.0
            .extend(text.trim_start_matches('\n').lines().map(str::to_string));
    }
    /// A comment wrapped at the line length (never inside a `code span`), later lines
    /// indented by `hang`; `#` alone for an empty line.
    pub(super) fn comment(&mut self, indent: usize, hang: usize, text: &str) {
        if text.is_empty() {
            self.line(indent, "#");
            return;
        }
        let width = WIDTH.saturating_sub(indent + 2).max(40);
        let mut line = String::new();
        let mut lead = 0;
        for word in words(text) {
            if !line.is_empty() && lead + line.len() + 1 + word.len() > width {
                self.line(indent, &format!("# {:lead$}{line}", ""));
                line.clear();
                lead = hang;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        self.line(indent, &format!("# {:lead$}{line}", ""));
    }
}

/// The words of a text, a `code span` with spaces counting as one.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        if word.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_elixir_source() {
        assert_eq!(int(5000), "5000");
        assert_eq!(int(10_000), "10_000");
        assert_eq!(int(1_234_567), "1_234_567");
        assert_eq!(float(0.5), "0.5");
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(1e-7), "1.0e-7");
        assert_eq!(string("a \"#{b}\" #c\n"), r#""a \"\#{b}\" #c\n""#);
        assert_eq!(
            term_text(r#"{:get, "k", [1, -2], Alias, :"odd atom", true}"#),
            r#"{:get, "k", [1, -2], Alias, :"odd atom", true}"#
        );
        assert_eq!(atom("ok?"), ":ok?");
        assert_eq!(atom("Foo.bar"), ":\"Foo.bar\"");
    }

    #[test]
    fn comments_wrap_at_the_line_length_but_not_inside_code() {
        let mut code = Code::default();
        let text = format!("{} `a code span that must stay whole`", "word ".repeat(17));
        code.comment(0, 2, &text);
        assert_eq!(code.0.len(), 2);
        assert!(code.0.iter().all(|l| l.len() <= WIDTH));
        assert_eq!(code.0[1], "#   `a code span that must stay whole`");
    }
}
