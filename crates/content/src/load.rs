//! Reading the content from the repository: `lessons/syllabus.json`, `lessons/NN-slug.md`,
//! `lessons/scenarios/*.json`, `quiz/bank.json` and the built-in `scenarios/*.json`.
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
    let scenarios = named(&root.join("lessons/scenarios"), &mut errors);
    let builtins = named(&root.join("scenarios"), &mut errors);
    match (syllabus, quiz) {
        (Some(syllabus), Some(quiz)) if errors.is_empty() => Ok(Loaded {
            bundle: Bundle {
                syllabus,
                lessons,
                quiz,
                scenarios,
            },
            builtins,
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
    let rest = text
        .strip_prefix("---\n")
        .ok_or("the file must start with a front-matter block: a line `---`")?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or("the front matter must end with a line `---`")?;
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

/// Markdown → HTML segments, cut at every fenced `demo` block, plus every link target.
fn render(body: &str) -> Result<(Vec<Segment>, Vec<String>), String> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut segments = Vec::new();
    let mut links = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut demo: Option<String> = None;
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
