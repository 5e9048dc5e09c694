//! Erlang terms as the simulator carries them in messages and exit reasons: a small value
//! type, printed in Elixir syntax, and a parser for the term text scenarios use
//! (`:normal`, `{:shutdown, :db_down}`, `"text"`, `[1, 2]`).
//!
//! Compound terms share their parts through `Rc`, so cloning a message (snapshots clone
//! every mailbox) costs a reference count, not a deep copy.

use std::fmt;
use std::rc::Rc;

/// A process identifier. Printed as Elixir does: `#PID<0.85.0>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pid(pub u32);

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

/// A reference (monitor, call tag, timer). Printed as `#Reference<0.0.0.N>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(pub u64);

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#Reference<0.0.0.{}>", self.0)
    }
}

/// An Erlang term.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    Atom(Rc<str>),
    Int(i64),
    Str(Rc<str>),
    Tuple(Rc<[Term]>),
    List(Rc<[Term]>),
    Pid(Pid),
    Ref(Ref),
    /// An exception exit reason `{%Module{message: ...}, stacktrace}`. The simulator has no
    /// stack traces, so it prints `_` where the stack would be.
    /// Boxed so that `Term` stays three words: messages and trace entries are copied a lot.
    Exception(Rc<Exception>),
    /// A `%Task{}` struct (from `Task.async/1` or `Task.Supervisor.async_nolink/2` with a
    /// function: `mfa` is `{:erlang, :apply, 2}`), as it appears in `Task.await/2` exit
    /// reasons.
    Task {
        owner: Pid,
        pid: Pid,
        alias: Ref,
    },
    /// An anonymous function an Agent runs (`Agent.update(agent, fn n -> n + 1 end)`).
    /// The simulator has no code: a few built-in bodies. Printed as Elixir source
    /// (`fn n -> n + 1 end`), or `_fun` in the conformance projection, where real OTP
    /// prints `#Function<...>`.
    Fun(Rc<Fun>),
}

/// The body of an Agent function: what the function computes from the agent's state.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fun {
    /// `fn n -> n end`: `Agent.get/3` returning the whole state.
    Identity,
    /// `fn n -> n + 1 end`.
    Increment,
    /// `fn n -> {n, n + 1} end`: `Agent.get_and_update/3` returning the old value.
    GetAndIncrement,
    /// `fn _ -> value end`: the update of a read-modify-write, computed by the caller.
    Const(Term),
    /// `fn _ -> raise message end`.
    Raise(Rc<str>),
}

/// What applying a [`Fun`] to a state gives: the new state and the value to return, or
/// the exception the function raised.
pub type FunResult = Result<(Term, Term), Term>;

impl Fun {
    /// Runs the function on `state`: `(returned, new_state)` (for `Agent.get` the new state
    /// is the old one, for `update` the returned value is ignored), or the exit reason of
    /// the exception it raised (`n + 1` on a non-integer fails with `badarith`).
    pub fn apply(&self, state: &Term) -> FunResult {
        let incr = |t: &Term| match t {
            Term::Int(n) => n.checked_add(1).map(Term::Int).ok_or_else(arith),
            _ => Err(arith()),
        };
        match self {
            Fun::Identity => Ok((state.clone(), state.clone())),
            Fun::Increment => incr(state).map(|n| (n.clone(), n)),
            Fun::GetAndIncrement => incr(state).map(|n| (state.clone(), n)),
            Fun::Const(v) => Ok((v.clone(), v.clone())),
            Fun::Raise(m) => Err(Term::exception("RuntimeError", m)),
        }
    }
}

/// `n + 1` on a non-number: the raw Erlang error `badarith` (the exit reason is
/// `{:badarith, stacktrace}`, checked against OTP; Logger prints it as an ArithmeticError).
fn arith() -> Term {
    Term::exception("badarith", "")
}

impl Exception {
    /// `function_clause`, `badarg`…: an Erlang error atom rather than an Elixir module.
    pub fn is_erlang_error(&self) -> bool {
        self.module.starts_with(|c: char| c.is_ascii_lowercase())
    }
}

/// A crash reason: an Elixir exception struct (module and message), or a raw Erlang
/// error (`function_clause`) when the module name is a lowercase atom.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exception {
    pub module: String,
    pub message: String,
}

impl Term {
    pub fn atom(name: &str) -> Term {
        Term::Atom(Rc::from(name))
    }

    pub fn tuple(items: Vec<Term>) -> Term {
        Term::Tuple(Rc::from(items))
    }

    pub fn exception(module: &str, message: &str) -> Term {
        Term::Exception(Rc::new(Exception {
            module: module.to_string(),
            message: message.to_string(),
        }))
    }

    pub fn fun(f: Fun) -> Term {
        Term::Fun(Rc::new(f))
    }

    pub fn is_atom(&self, name: &str) -> bool {
        matches!(self, Term::Atom(a) if &**a == name)
    }

    /// `:normal`, `:shutdown` or `{:shutdown, _}`: the reasons after which a `transient`
    /// child is not restarted and linked processes log nothing.
    pub fn is_normal_exit(&self) -> bool {
        match self {
            Term::Atom(a) => &**a == "normal" || &**a == "shutdown",
            Term::Tuple(items) => items.len() == 2 && items[0].is_atom("shutdown"),
            _ => false,
        }
    }

    /// The term printed with pids as `_pid` and references as `_ref`: the form the
    /// conformance golden files use, since real runs never give the same pids twice.
    pub fn normalized(&self) -> String {
        let mut out = String::new();
        write_term(&mut out, self, true);
        out
    }

    /// A short human label for an exit reason, for the UI: `crash (RuntimeError: boom)`.
    pub fn reason_label(&self) -> String {
        match self {
            Term::Exception(e) if e.is_erlang_error() => format!("crash: {}", e.module),
            Term::Exception(e) => format!("crash: {} {:?}", e.module, e.message),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_term(&mut out, self, false);
        f.write_str(&out)
    }
}

fn write_term(out: &mut String, t: &Term, normalize: bool) {
    use std::fmt::Write;
    match t {
        Term::Atom(a) => write_atom(out, a),
        Term::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Term::Str(s) => {
            let _ = write!(out, "{s:?}");
        }
        Term::Tuple(items) | Term::List(items) => {
            let (open, close) = if matches!(t, Term::Tuple(_)) {
                ('{', '}')
            } else {
                ('[', ']')
            };
            out.push(open);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_term(out, item, normalize);
            }
            out.push(close);
        }
        Term::Pid(p) if normalize => out.push_str("_pid"),
        Term::Pid(p) => {
            let _ = write!(out, "{p}");
        }
        Term::Ref(_) if normalize => out.push_str("_ref"),
        Term::Ref(r) => {
            let _ = write!(out, "{r}");
        }
        Term::Task { owner, pid, alias } => {
            out.push_str("%Task{mfa: {:erlang, :apply, 2}, owner: ");
            write_term(out, &Term::Pid(*owner), normalize);
            out.push_str(", pid: ");
            write_term(out, &Term::Pid(*pid), normalize);
            out.push_str(", ref: ");
            write_term(out, &Term::Ref(*alias), normalize);
            out.push('}');
        }
        Term::Fun(_) if normalize => out.push_str("_fun"),
        Term::Fun(f) => match &**f {
            Fun::Identity => out.push_str("fn n -> n end"),
            Fun::Increment => out.push_str("fn n -> n + 1 end"),
            Fun::GetAndIncrement => out.push_str("fn n -> {n, n + 1} end"),
            Fun::Const(v) => {
                out.push_str("fn _ -> ");
                write_term(out, v, normalize);
                out.push_str(" end");
            }
            Fun::Raise(m) => {
                let _ = write!(out, "fn _ -> raise {m:?} end");
            }
        },
        Term::Exception(e) => {
            let (module, message) = (&e.module, &e.message);
            if e.is_erlang_error() {
                // A raw Erlang error (`function_clause`, `badarg`): the exit reason is
                // `{error, stacktrace}`, not an Elixir exception struct.
                out.push('{');
                write_atom(out, module);
                out.push_str(", _}");
            } else {
                let _ = write!(out, "{{%{module}{{message: {message:?}}}, _}}");
            }
        }
    }
}

/// Atoms print as Elixir prints them: aliases bare (`Cache`), `true`/`false`/`nil` bare,
/// plain identifiers with a colon (`:normal`), anything else quoted (`:"$gen_call"`).
fn write_atom(out: &mut String, a: &str) {
    if matches!(a, "true" | "false" | "nil") {
        out.push_str(a);
    } else if let Some(alias) = a.strip_prefix("Elixir.") {
        out.push_str(alias);
    } else if is_alias(a) {
        out.push_str(a);
    } else if is_plain_atom(a) {
        out.push(':');
        out.push_str(a);
    } else {
        out.push(':');
        out.push_str(&format!("{a:?}"));
    }
}

fn is_alias(a: &str) -> bool {
    a.split('.').all(|part| {
        let mut cs = part.chars();
        matches!(cs.next(), Some(c) if c.is_ascii_uppercase())
            && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn is_plain_atom(a: &str) -> bool {
    let mut cs = a.chars();
    let first_ok = matches!(cs.next(), Some(c) if c.is_ascii_lowercase() || c == '_');
    let body: Vec<char> = a.chars().skip(1).collect();
    let (last, rest) = match body.split_last() {
        Some((l, r)) => (Some(*l), r),
        None => (None, &[][..]),
    };
    first_ok
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '@')
        && last.is_none_or(|c| {
            c.is_ascii_alphanumeric() || c == '_' || c == '@' || c == '?' || c == '!'
        })
}

/// Why a piece of term text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermError {
    pub offset: usize,
    pub problem: String,
}

impl fmt::Display for TermError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.problem, self.offset)
    }
}

/// Longest term text accepted, and deepest nesting: keeps hostile input cheap.
pub const MAX_TERM_TEXT: usize = 4096;
pub const MAX_TERM_DEPTH: usize = 32;

/// Parses Elixir term text: atoms (`:ok`, `:"quoted"`, `Alias`, `true`), integers,
/// strings, tuples and lists.
pub fn parse_term(text: &str) -> Result<Term, TermError> {
    if text.len() > MAX_TERM_TEXT {
        return Err(TermError {
            offset: 0,
            problem: format!("term text longer than {MAX_TERM_TEXT} bytes"),
        });
    }
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let t = p.term(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the term"));
    }
    Ok(t)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, problem: &str) -> TermError {
        TermError {
            offset: self.i,
            problem: problem.to_string(),
        }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn term(&mut self, depth: usize) -> Result<Term, TermError> {
        if depth > MAX_TERM_DEPTH {
            return Err(self.err("terms nested too deeply"));
        }
        self.ws();
        match self.peek() {
            None => Err(self.err("expected a term, found the end of the text")),
            Some(b'{') => self.seq(b'}', depth).map(|v| Term::Tuple(Rc::from(v))),
            Some(b'[') => self.seq(b']', depth).map(|v| Term::List(Rc::from(v))),
            Some(b':') => {
                self.i += 1;
                if self.peek() == Some(b'"') {
                    Ok(Term::Atom(Rc::from(self.string()?.as_str())))
                } else {
                    let word = self.word();
                    if word.is_empty() {
                        Err(self.err("expected an atom name after ':'"))
                    } else {
                        Ok(Term::Atom(Rc::from(word)))
                    }
                }
            }
            Some(b'"') => Ok(Term::Str(Rc::from(self.string()?.as_str()))),
            Some(c) if c == b'-' || c.is_ascii_digit() => self.int(),
            Some(c) if c.is_ascii_alphabetic() => {
                let word = self.word().to_string();
                let end = self.i;
                match word.as_str() {
                    "true" | "false" | "nil" => Ok(Term::atom(&word)),
                    w if w.as_bytes()[0].is_ascii_uppercase() => Ok(Term::atom(w)),
                    _ => Err(TermError {
                        offset: end - word.len(),
                        problem: format!(
                            "`{word}` is not a term: atoms start with ':' (`:{word}`)"
                        ),
                    }),
                }
            }
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn seq(&mut self, close: u8, depth: usize) -> Result<Vec<Term>, TermError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            return Ok(items);
        }
        loop {
            items.push(self.term(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(c) if c == close => {
                    self.i += 1;
                    return Ok(items);
                }
                _ => return Err(self.err(&format!("expected ',' or '{}'", close as char))),
            }
        }
    }

    fn word(&mut self) -> &str {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'@' | b'?' | b'!') {
                self.i += 1;
            } else {
                break;
            }
        }
        // Only ASCII bytes were consumed, so this slice is valid UTF-8.
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or_default()
    }

    fn string(&mut self) -> Result<String, TermError> {
        self.i += 1;
        let mut bytes = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'n') => bytes.push(b'\n'),
                        Some(b't') => bytes.push(b'\t'),
                        Some(c @ (b'"' | b'\\')) => bytes.push(c),
                        _ => return Err(self.err("unknown escape in string")),
                    }
                    self.i += 1;
                }
                Some(c) => {
                    bytes.push(c);
                    self.i += 1;
                }
            }
        }
        String::from_utf8(bytes).map_err(|_| self.err("string is not valid UTF-8"))
    }

    fn int(&mut self) -> Result<Term, TermError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_digit() || c == b'_') {
            self.i += 1;
        }
        let text: String = self.s[start..self.i]
            .iter()
            .filter(|c| **c != b'_')
            .map(|c| *c as char)
            .collect();
        text.parse::<i64>().map(Term::Int).map_err(|_| TermError {
            offset: start,
            problem: "not an integer in range".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in [
            ":normal",
            "{:shutdown, :db_down}",
            "[1, -2, 3]",
            "\"hi\"",
            "Cache",
            "{}",
            ":\"$gen_call\"",
            "true",
        ] {
            let t = parse_term(text).unwrap();
            assert_eq!(t.to_string(), text);
        }
    }

    #[test]
    fn normal_exit_reasons() {
        assert!(parse_term(":normal").unwrap().is_normal_exit());
        assert!(parse_term(":shutdown").unwrap().is_normal_exit());
        assert!(parse_term("{:shutdown, :x}").unwrap().is_normal_exit());
        assert!(!parse_term(":killed").unwrap().is_normal_exit());
        assert!(!parse_term("{:shutdown, :x, :y}").unwrap().is_normal_exit());
    }

    #[test]
    fn rejects_bad_text_with_position() {
        assert_eq!(
            parse_term("{:a,").unwrap_err().problem,
            "expected a term, found the end of the text"
        );
        assert!(
            parse_term("normal")
                .unwrap_err()
                .problem
                .contains(":normal")
        );
        assert!(
            parse_term(&"{".repeat(100))
                .unwrap_err()
                .problem
                .contains("deeply")
        );
        assert!(parse_term("99999999999999999999999").is_err());
        assert!(parse_term(":ok trailing").is_err());
    }

    #[test]
    fn agent_functions_print_as_elixir_and_run() {
        let update = Term::tuple(vec![Term::atom("update"), Term::fun(Fun::Increment)]);
        assert_eq!(update.to_string(), "{:update, fn n -> n + 1 end}");
        assert_eq!(update.normalized(), "{:update, _fun}");
        let set = Term::fun(Fun::Const(Term::Int(4)));
        assert_eq!(set.to_string(), "fn _ -> 4 end");
        assert_eq!(
            Fun::GetAndIncrement.apply(&Term::Int(1)),
            Ok((Term::Int(1), Term::Int(2)))
        );
        assert_eq!(
            Fun::Increment.apply(&Term::atom("x")),
            Err(Term::exception("badarith", ""))
        );
    }

    #[test]
    fn exceptions_print_like_elixir() {
        assert_eq!(
            Term::exception("RuntimeError", "boom").to_string(),
            "{%RuntimeError{message: \"boom\"}, _}"
        );
        assert_eq!(
            Term::exception("function_clause", "").to_string(),
            "{:function_clause, _}"
        );
        assert_eq!(
            Term::tuple(vec![Term::Pid(Pid(3)), Term::atom("x")]).normalized(),
            "{_pid, :x}"
        );
    }
}
