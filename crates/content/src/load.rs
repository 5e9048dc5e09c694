//! Reading the content from the repository: `lessons/syllabus.json`, `lessons/NN-slug.md`,
//! `lessons/scenarios/*.json`, `quiz/bank.json`, the gallery (`gallery/index.json`,
//! `gallery/scenarios/*.json`) and the built-in `scenarios/*.json`.
//! Markdown becomes HTML here, at build time, so the wasm app carries no Markdown parser.
//! Files are read in sorted order so the bundle is the same on every machine.

use crate::model::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};
use std::fs;
use std::path::{Path, PathBuf};

/// The content and the built-in scenarios it may refer to.
pub struct Loaded {
    pub bundle: Bundle,
    pub builtins: Vec<NamedScenario>,
    /// The names of the files in `gallery/scenarios/` (also in `bundle.scenarios`), for
    /// [`crate::check::check_gallery`].
    pub gallery_files: Vec<String>,
}

/// Reads everything under `root` (the repository). Every problem is reported, each
/// naming its file.
pub fn load(root: &Path) -> Result<Loaded, Vec<String>> {
    let mut errors = Vec::new();
    let syllabus = read(&root.join("lessons/syllabus.json"), &mut errors)
        .and_then(|t| json::<Syllabus>("lessons/syllabus.json", &t, &mut errors));
    let quiz = read(&root.join("quiz/bank.json"), &mut errors)
        .and_then(|t| json::<Bank>("quiz/bank.json", &t, &mut errors));
    let mut lessons = Vec::new();
    for path in files(&root.join("lessons"), "md", &mut errors) {
        let name = file_name(&path);
        if let Some(text) = read(&path, &mut errors) {
            match parse_lesson(&name, &text) {
                Ok(l) => lessons.push(l),
                Err(e) => errors.push(format!("lessons/{name}: {e}")),
            }
        }
    }
    let mut scenarios = named(&root.join("lessons/scenarios"), &mut errors);
    let gallery_scenarios = named(&root.join("gallery/scenarios"), &mut errors);
    let gallery_files = gallery_scenarios.iter().map(|s| s.name.clone()).collect();
    scenarios.extend(gallery_scenarios);
    let builtins = named(&root.join("scenarios"), &mut errors);
    let gallery = read(&root.join("gallery/index.json"), &mut errors)
        .and_then(|t| json::<Vec<GalleryEntry>>("gallery/index.json", &t, &mut errors))
        .unwrap_or_default();
    let decide = read(&root.join("lessons/decide.json"), &mut errors)
        .and_then(|t| json::<DecisionTree>("lessons/decide.json", &t, &mut errors));
    match (syllabus, quiz) {
        (Some(syllabus), Some(quiz)) if errors.is_empty() => Ok(Loaded {
            bundle: Bundle {
                syllabus,
                lessons,
                quiz,
                scenarios,
                gallery,
                decide,
            },
            builtins,
            gallery_files,
        }),
        _ => Err(errors),
    }
}

fn read(path: &Path, errors: &mut Vec<String>) -> Option<String> {
    fs::read_to_string(path)
        .map_err(|e| errors.push(format!("{}: {e}", path.display())))
        .ok()
}

fn json<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> Option<T> {
    serde_json::from_str(text)
        .map_err(|e| errors.push(format!("{name}: {e}")))
        .ok()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files with this extension directly in `dir`, sorted by name.
fn files(dir: &Path, ext: &str, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else {
        errors.push(format!("{}: cannot read the directory", dir.display()));
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn named(dir: &Path, errors: &mut Vec<String>) -> Vec<NamedScenario> {
    files(dir, "json", errors)
        .into_iter()
        .filter_map(|p| {
            let json = read(&p, errors)?;
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some(NamedScenario { name, json })
        })
        .collect()
}

/// Parses one lesson file (`NN-slug.md`): front matter, then Markdown split at `demo` blocks.
pub fn parse_lesson(file: &str, text: &str) -> Result<Lesson, String> {
    let order = file
        .split_once('-')
        .and_then(|(n, _)| n.parse::<u32>().ok())
        .ok_or("the file name must start with a number and a dash, e.g. 01-iron-law.md")?;
    let text = text.replace("\r\n", "\n");
    let (front, body, body_line) = split_front_matter(&text)?;
    let (mut slug, mut title, mut summary) = (None, None, None);
    for (n, line) in front.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("front matter line {}: expected `key: value`", n + 2))?;
        let v = v.trim().to_string();
        match k.trim() {
            "slug" => slug = Some(v),
            "title" => title = Some(v),
            "summary" => summary = Some(v),
            other => return Err(format!("front matter: unknown key `{other}`")),
        }
    }
    let need = |v: Option<String>, k: &str| {
        v.filter(|s| !s.is_empty())
            .ok_or_else(|| format!("front matter: `{k}` is missing"))
    };
    let slug = need(slug, "slug")?;
    let title = need(title, "title")?;
    let summary = need(summary, "summary")?;
    let (segments, links) = render(body)?;
    // Only to reject a malformed block early; the Elixir-blocks test runs them.
    elixir_blocks(body, body_line)?;
    Ok(Lesson {
        slug,
        title,
        summary,
        order,
        file: file.to_string(),
        segments,
        links,
    })
}

/// The front matter, the body and the body's first line number (1-based) in the file.
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("the file must start with a front-matter block: a line `---`")?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or("the front matter must end with a line `---`")?;
    let body_line = text.len() - body.len();
    Ok((front, body, text[..body_line].matches('\n').count() + 1))
}

/// A fenced ```` ```elixir ```` block of a lesson, cut into the steps the Elixir-blocks test
/// evaluates (`docs/content-format.md`, "Elixir blocks are run").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElixirBlock {
    /// The line of the opening fence in the lesson file (1-based).
    pub line: usize,
    /// Marked ```` ```elixir illustration ````: shown, never run.
    pub illustration: bool,
    pub steps: Vec<Step>,
}

/// One piece of code evaluated in the lesson's session, and what it must return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The line of the claim (`iex>` prompt or `#=>`), or of the code when it claims nothing.
    pub line: usize,
    /// The line of `code`'s first line, so compile errors and stack traces name lesson lines.
    pub code_line: usize,
    pub code: String,
    /// The expected result as written: an Elixir term, `#Name<…>` (compared by `inspect`)
    /// or `** (Exception) message`; `None` when the step only has to run.
    pub expected: Option<String>,
}

/// The info-string words an `elixir` fence may carry after the language.
pub const ELIXIR_MARKS: [&str; 1] = ["illustration"];

/// The Elixir blocks of a whole lesson file, with file line numbers.
pub fn lesson_elixir_blocks(text: &str) -> Result<Vec<ElixirBlock>, String> {
    let text = text.replace("\r\n", "\n");
    let (_, body, body_line) = split_front_matter(&text)?;
    elixir_blocks(body, body_line)
}

/// The ```` ```elixir ```` blocks of a lesson body whose first line is `body_line` of its file.
pub fn elixir_blocks(body: &str, body_line: usize) -> Result<Vec<ElixirBlock>, String> {
    let line_of = |offset: usize| body_line + body[..offset].matches('\n').count();
    let mut blocks = Vec::new();
    let mut open: Option<(usize, bool, String)> = None;
    for (ev, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace();
                if words.next() != Some("elixir") {
                    continue;
                }
                let line = line_of(range.start);
                let mut illustration = false;
                for w in words {
                    if w == "illustration" {
                        illustration = true;
                    } else {
                        return Err(format!(
                            "line {line}: unknown mark `{w}` on an elixir block (known: {})",
                            ELIXIR_MARKS.join(", ")
                        ));
                    }
                }
                open = Some((line, illustration, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, illustration, code)) = open.take() {
                    let steps = if illustration {
                        Vec::new()
                    } else {
                        steps(&code, line + 1)
                            .map_err(|e| format!("elixir block at line {line}: {e}"))?
                    };
                    blocks.push(ElixirBlock {
                        line,
                        illustration,
                        steps,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(blocks)
}

/// The steps of a quiz check (`quiz/checks/<name>.exs`): code with `#=>` claims, as in a
/// lesson's code block, with the file's line numbers. A check must claim something.
pub fn check_steps(code: &str) -> Result<Vec<Step>, String> {
    let code = code.replace("\r\n", "\n");
    let lines: Vec<(usize, &str)> = code.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let steps = arrow_steps(&lines)?;
    if steps.iter().all(|s| s.expected.is_none()) {
        return Err("claims nothing: a check shows its results with `#=>`".into());
    }
    Ok(steps)
}

/// The quiz checks, by name (`quiz/checks/<name>.exs`), sorted.
pub fn quiz_checks(root: &Path) -> Result<Vec<(String, String)>, String> {
    let mut errors = Vec::new();
    let out = files(&root.join("quiz/checks"), "exs", &mut errors)
        .into_iter()
        .filter_map(|p| {
            let text = read(&p, &mut errors)?;
            Some((p.file_stem()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.join("\n"))
    }
}

/// What a question's `evidence` names exists: each conformance case has its golden file
/// (recorded from real OTP) and each Elixir check its file, which cuts into steps; and every
/// check is named by some question.
pub fn check_evidence_files(root: &Path, bank: &Bank) -> Vec<String> {
    let mut p = Vec::new();
    let checks = match quiz_checks(root) {
        Ok(c) => c,
        Err(e) => return vec![e],
    };
    let mut used = std::collections::BTreeSet::new();
    for q in &bank.questions {
        let Some(Evidence::Checked(c)) = &q.evidence else {
            continue;
        };
        let at = format!("quiz/bank.json: question `{}`", q.id);
        for case in &c.conformance {
            let golden = format!("crates/sim/tests/conformance/{case}.golden");
            if !root.join(&golden).is_file() {
                p.push(format!("{at}: no conformance case `{case}` ({golden})"));
            }
        }
        for name in &c.elixir {
            used.insert(name.as_str());
            if !checks.iter().any(|(n, _)| n == name) {
                p.push(format!(
                    "{at}: no Elixir check `{name}` (quiz/checks/{name}.exs)"
                ));
            }
        }
    }
    for (name, text) in &checks {
        if let Err(e) = check_steps(text) {
            p.push(format!("quiz/checks/{name}.exs: {e}"));
        }
        if !used.contains(name.as_str()) {
            p.push(format!(
                "quiz/checks/{name}.exs: no question names it in its `evidence`"
            ));
        }
    }
    p
}

/// `iex>` prompt (`iex>` or `iex(3)>`) or continuation (`...>`, `...(3)>`): the rest of the line.
fn prompt<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix(word)?;
    let rest = match rest.strip_prefix('(') {
        Some(r) => r
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .strip_prefix(')')?,
        None => rest,
    };
    let rest = rest.strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Cuts a block's code (its first line is `first` in the file) into steps: an `iex>` session
/// when any line is a prompt, otherwise code with `#=>` claims.
fn steps(code: &str, first: usize) -> Result<Vec<Step>, String> {
    let lines: Vec<(usize, &str)> = code
        .lines()
        .enumerate()
        .map(|(i, l)| (first + i, l))
        .collect();
    if lines.iter().any(|(_, l)| prompt(l, "iex").is_some()) {
        iex_steps(&lines)
    } else {
        arrow_steps(&lines)
    }
}

fn iex_steps(lines: &[(usize, &str)]) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    // The step being read, and its expected-result lines.
    let mut cur: Option<(Step, Vec<&str>)> = None;
    let flush = |cur: &mut Option<(Step, Vec<&str>)>, out: &mut Vec<Step>| {
        if let Some((mut s, exp)) = cur.take() {
            if !exp.is_empty() {
                s.expected = Some(exp.join("\n"));
            }
            out.push(s);
        }
    };
    for &(n, l) in lines {
        if let Some(c) = prompt(l, "iex") {
            flush(&mut cur, &mut out);
            cur = Some((
                Step {
                    line: n,
                    code_line: n,
                    code: c.to_string(),
                    expected: None,
                },
                Vec::new(),
            ));
        } else if let Some(c) = prompt(l, "...") {
            match cur.as_mut() {
                Some((s, exp)) if exp.is_empty() => {
                    s.code.push('\n');
                    s.code.push_str(c);
                }
                _ => return Err(format!("line {n}: `...>` continues no `iex>` prompt")),
            }
        } else if l.trim().is_empty() {
            flush(&mut cur, &mut out);
        } else {
            match cur.as_mut() {
                Some((_, exp)) => exp.push(l.trim()),
                None => {
                    return Err(format!(
                        "line {n}: in a block with `iex>` prompts every line is a prompt, \
                         a continuation `...>` or the result under one"
                    ));
                }
            }
        }
    }
    flush(&mut cur, &mut out);
    Ok(out)
}

/// Code with `#=>` claims: `expr #=> result` on one line, or `#=> result` on its own line
/// for the code above it (since the previous claim).
fn arrow_steps(lines: &[(usize, &str)]) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    let mut code: Vec<&str> = Vec::new();
    let mut code_line = lines.first().map_or(0, |l| l.0);
    let is_code = |c: &[&str]| {
        c.iter()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    };
    for &(n, l) in lines {
        let (before, expected) = match l.find("#=>") {
            Some(i) => (&l[..i], Some(l[i + 3..].trim())),
            None => (l, None),
        };
        code.push(before);
        let Some(expected) = expected else { continue };
        if expected.is_empty() {
            return Err(format!("line {n}: `#=>` with no result after it"));
        }
        if !is_code(&code) {
            return Err(format!("line {n}: `#=>` with no expression before it"));
        }
        out.push(Step {
            line: n,
            code_line,
            code: code.join("\n"),
            expected: Some(expected.to_string()),
        });
        code.clear();
        code_line = n + 1;
    }
    if is_code(&code) {
        let blank = code.iter().take_while(|l| l.trim().is_empty()).count();
        out.push(Step {
            line: code_line + blank,
            code_line,
            code: code.join("\n"),
            expected: None,
        });
    }
    Ok(out)
}

/// Markdown → HTML segments, cut at every fenced `demo` block, plus every link target.
fn render(body: &str) -> Result<(Vec<Segment>, Vec<String>), String> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut segments = Vec::new();
    let mut links = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut demo: Option<String> = None;
    let mut decide: Option<String> = None;
    let flush = |pending: &mut Vec<Event>, segments: &mut Vec<Segment>| {
        if !pending.is_empty() {
            let mut out = String::new();
            html::push_html(&mut out, pending.drain(..));
            // A code block may scroll sideways: keyboard users must be able to reach it.
            let out = out.replace("<pre>", "<pre tabindex=\"0\">");
            segments.push(Segment::Html(out));
        }
    };
    for ev in Parser::new_ext(body, opts) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "demo" => {
                demo = Some(String::new());
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "decide" => {
                decide = Some(String::new());
            }
            Event::Text(t) if decide.is_some() => {
                if let Some(d) = decide.as_mut() {
                    d.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) if decide.is_some() => {
                let src = decide.take().unwrap_or_default();
                let d: DecideBlock = if src.trim().is_empty() {
                    DecideBlock::default()
                } else {
                    serde_json::from_str(&src).map_err(|e| format!("a `decide` block: {e}"))?
                };
                flush(&mut pending, &mut segments);
                segments.push(Segment::Decide(d));
            }
            Event::Text(t) if demo.is_some() => {
                if let Some(d) = demo.as_mut() {
                    d.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) if demo.is_some() => {
                let src = demo.take().unwrap_or_default();
                let d: Demo =
                    serde_json::from_str(&src).map_err(|e| format!("a `demo` block: {e}"))?;
                flush(&mut pending, &mut segments);
                segments.push(Segment::Demo(Box::new(d)));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                links.push(dest_url.to_string());
                pending.push(ev);
            }
            // Lessons are Markdown only: raw HTML is shown as text, never injected.
            Event::Html(h) | Event::InlineHtml(h) => pending.push(Event::Text(h)),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            other => pending.push(other),
        }
    }
    if demo.is_some() {
        return Err("a `demo` block is not closed".into());
    }
    if decide.is_some() {
        return Err("a `decide` block is not closed".into());
    }
    flush(&mut pending, &mut segments);
    Ok((segments, links))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_demos_and_escapes_html() {
        let text = "---\nslug: x\ntitle: T\nsummary: S\n---\n# Hi <b>there</b>\n\n[l](#/quiz)\n\n```demo\n{\"scenario\": \"a\", \"run_to_ms\": 5}\n```\n\nafter\n";
        let l = parse_lesson("01-x.md", text).unwrap();
        assert_eq!(l.order, 1);
        assert_eq!(l.links, vec!["#/quiz"]);
        assert_eq!(l.segments.len(), 3);
        let Segment::Html(h) = &l.segments[0] else {
            panic!()
        };
        assert!(h.contains("&lt;b&gt;"), "{h}");
        let code = parse_lesson(
            "01-x.md",
            "---\nslug: x\ntitle: T\nsummary: S\n---\n```elixir\n:ok\n```\n",
        )
        .unwrap();
        let Segment::Html(h) = &code.segments[0] else {
            panic!()
        };
        assert!(
            h.contains("<pre tabindex=\"0\">"),
            "code blocks are focusable: {h}"
        );
        let Segment::Demo(d) = &l.segments[1] else {
            panic!()
        };
        assert_eq!((d.scenario.as_str(), d.run_to_ms), ("a", 5));
    }

    #[test]
    fn a_marked_elixir_block_still_renders_as_elixir() {
        let text = "---\nslug: x\ntitle: T\nsummary: S\n---\n```elixir illustration\nOban.insert!(job)\n```\n";
        let l = parse_lesson("01-x.md", text).unwrap();
        let Segment::Html(h) = &l.segments[0] else {
            panic!()
        };
        assert!(h.contains("<code class=\"language-elixir\">"), "{h}");
        let bad = text.replace("illustration", "ilustration");
        let e = parse_lesson("01-x.md", &bad).unwrap_err();
        assert!(e.contains("line 6") && e.contains("`ilustration`"), "{e}");
    }

    #[test]
    fn cuts_elixir_blocks_into_steps_with_file_lines() {
        let text = "---\nslug: x\ntitle: T\nsummary: S\n---\nProse.\n\n\
            ```elixir\nx = 1 + 1\nx * 3 #=> 6\n\nEnum.sum([\n  x\n])\n#=> 2\nIO.puts(:ok)\n```\n\n\
            ```elixir\niex> a = 2\n2\niex(2)> a +\n...(2)>   1\n3\n\niex> raise \"boom\"\n** (RuntimeError) boom\niex> :ok\n```\n\n\
            ```elixir illustration\nRepo.all(User) #=> [%User{}]\n```\n\n```sh\nls #=> x\n```\n";
        let b = lesson_elixir_blocks(text).unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!((b[0].line, b[1].line, b[2].line), (8, 19, 31));
        assert!(b[2].illustration && b[2].steps.is_empty());
        let s = &b[0].steps;
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.line, s.code_line, s.code.as_str(), s.expected.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (10, 9, "x = 1 + 1\nx * 3 ", Some("6")),
                (15, 11, "\nEnum.sum([\n  x\n])\n", Some("2")),
                (16, 16, "IO.puts(:ok)", None),
            ]
        );
        let got: Vec<_> = b[1]
            .steps
            .iter()
            .map(|s| (s.line, s.code.as_str(), s.expected.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (20, "a = 2", Some("2")),
                (22, "a +\n  1", Some("3")),
                (26, "raise \"boom\"", Some("** (RuntimeError) boom")),
                (28, ":ok", None),
            ]
        );
        for (code, needle) in [
            ("x = 2\niex> 1\n1\n", "line 7: in a block with `iex>`"),
            ("...> 1\niex> 2\n", "line 7: `...>`"),
            ("# hi\n#=> 1\n", "line 8: `#=>` with no expression"),
            ("1 #=>\n", "line 7: `#=>` with no result"),
        ] {
            let t = format!("---\nslug: x\ntitle: T\nsummary: S\n---\n```elixir\n{code}```\n");
            let e = lesson_elixir_blocks(&t).unwrap_err();
            assert!(e.contains(needle) && e.contains("at line 6"), "{e}");
        }
    }

    #[test]
    fn names_the_problem() {
        assert!(
            parse_lesson("x.md", "---\nslug: x\n---\n")
                .unwrap_err()
                .contains("number")
        );
        assert!(
            parse_lesson("01-x.md", "# no front matter")
                .unwrap_err()
                .contains("front-matter")
        );
        assert!(
            parse_lesson("01-x.md", "---\nslug: x\ntitle: t\n---\n")
                .unwrap_err()
                .contains("summary")
        );
        let bad = "---\nslug: x\ntitle: t\nsummary: s\n---\n```demo\n{\"scenario\": 1}\n```\n";
        assert!(parse_lesson("01-x.md", bad).unwrap_err().contains("demo"));
    }
}
