//! Every rule the teaching content must satisfy, as one function returning every problem
//! found (each naming its file and field), so a content author fixes them all in one go.
//! The rules: lessons cover the syllabus one-to-one; demos and questions name scenarios
//! that exist and are valid; every prediction really happens in the simulator; every
//! internal link resolves; the quiz covers every rationalization and red flag.

use crate::expect;
use crate::model::*;
use otp_sim::{Scenario, Sim};
use std::collections::{BTreeMap, BTreeSet};

/// The quiz must have at least this many questions.
pub const MIN_QUESTIONS: usize = 30;
/// … and at least this many for every insight.
pub const MIN_PER_INSIGHT: usize = 3;
/// A demo or question may not reach further than this into a scenario (virtual ms): the
/// app replays up to it on load.
pub const MAX_DEMO_MS: u64 = 120_000;

pub fn check(bundle: &Bundle, builtins: &[NamedScenario]) -> Vec<String> {
    let mut p = Vec::new();
    let scenarios: BTreeMap<&str, &str> = bundle
        .scenarios
        .iter()
        .chain(builtins)
        .map(|s| (s.name.as_str(), s.json.as_str()))
        .collect();
    for s in bundle.scenarios.iter() {
        if builtins.iter().any(|b| b.name == s.name) {
            p.push(format!(
                "lessons/scenarios/{}.json: a built-in scenario has the same name",
                s.name
            ));
        }
        if let Err(e) = Scenario::from_json(&s.json) {
            p.extend(
                e.iter()
                    .map(|e| format!("lessons/scenarios/{}.json: {e}", s.name)),
            );
        }
    }
    check_syllabus(&bundle.syllabus, &mut p);
    check_lessons(bundle, &scenarios, &mut p);
    check_quiz(bundle, &scenarios, &mut p);
    p
}

fn check_syllabus(s: &Syllabus, p: &mut Vec<String>) {
    let mut slugs = BTreeSet::new();
    for i in &s.insights {
        if !slugs.insert(i.slug.as_str()) {
            p.push(format!("syllabus.json: insight `{}` twice", i.slug));
        }
        if !is_slug(&i.slug) {
            p.push(format!("syllabus.json: `{}` is not a slug", i.slug));
        }
    }
    let mut ids = BTreeSet::new();
    let refs = s
        .rationalizations
        .iter()
        .map(|r| (&r.id, &r.insight))
        .chain(s.red_flags.iter().map(|r| (&r.id, &r.insight)));
    for (id, insight) in refs {
        if !ids.insert(id.as_str()) {
            p.push(format!("syllabus.json: id `{id}` twice"));
        }
        if !slugs.contains(insight.as_str()) {
            p.push(format!(
                "syllabus.json: `{id}` names an unknown insight `{insight}`"
            ));
        }
    }
}

fn check_lessons(b: &Bundle, scenarios: &BTreeMap<&str, &str>, p: &mut Vec<String>) {
    let mut by_slug: BTreeMap<&str, &str> = BTreeMap::new();
    let mut orders = BTreeSet::new();
    for l in &b.lessons {
        let f = format!("lessons/{}", l.file);
        if b.insight(&l.slug).is_none() {
            p.push(format!(
                "{f}: `slug: {}` is not an insight in syllabus.json",
                l.slug
            ));
        }
        if !l.file.ends_with(&format!("-{}.md", l.slug)) {
            p.push(format!("{f}: the file name must end with `-{}.md`", l.slug));
        }
        if let Some(other) = by_slug.insert(&l.slug, &l.file) {
            p.push(format!("{f}: same slug as lessons/{other}"));
        }
        if !orders.insert(l.order) {
            p.push(format!("{f}: another lesson has the number {}", l.order));
        }
        for link in &l.links {
            if let Err(e) = check_link(b, scenarios, link) {
                p.push(format!("{f}: link `{link}`: {e}"));
            }
        }
        for (n, seg) in l.segments.iter().enumerate() {
            let Segment::Demo(d) = seg else { continue };
            let at = format!("{f}: demo {}", n / 2 + 1);
            let Some(json) = scenarios.get(d.scenario.as_str()) else {
                p.push(format!("{at}: no scenario `{}`", d.scenario));
                continue;
            };
            match &d.predict {
                Some(pr) => {
                    check_choices(&at, &pr.choices, pr.answer, p);
                    check_window(&at, d.run_to_ms, pr.play_ms, &pr.expect, p);
                    if let Err(errs) = expect::verify(
                        json,
                        d.run_to_ms,
                        d.select.as_deref(),
                        pr.play_ms,
                        &pr.expect,
                    ) {
                        p.extend(
                            errs.into_iter()
                                .map(|e| format!("{at} ({}): {e}", d.scenario)),
                        );
                    }
                }
                None => check_moment(&at, json, d.run_to_ms, d.select.as_deref(), p),
            }
        }
    }
    for i in &b.syllabus.insights {
        if !by_slug.contains_key(i.slug.as_str()) {
            p.push(format!("lessons/: no lesson for the insight `{}`", i.slug));
        }
    }
}

fn check_quiz(b: &Bundle, scenarios: &BTreeMap<&str, &str>, p: &mut Vec<String>) {
    let qs = &b.quiz.questions;
    if qs.len() < MIN_QUESTIONS {
        p.push(format!(
            "quiz/bank.json: {} questions, at least {MIN_QUESTIONS} needed",
            qs.len()
        ));
    }
    let mut ids = BTreeSet::new();
    let mut covered = BTreeSet::new();
    for q in qs {
        let at = format!("quiz/bank.json: question `{}`", q.id);
        if !is_slug(&q.id) {
            p.push(format!("{at}: the id must be [a-z0-9-]+"));
        }
        if !ids.insert(q.id.as_str()) {
            p.push(format!("{at}: the id is used twice"));
        }
        if b.insight(&q.insight).is_none() {
            p.push(format!("{at}: unknown insight `{}`", q.insight));
        }
        for c in &q.covers {
            let known = match c.split_once(':') {
                Some(("rationalization", id)) => {
                    b.syllabus.rationalizations.iter().any(|r| r.id == id)
                }
                Some(("red-flag", id)) => b.syllabus.red_flags.iter().any(|r| r.id == id),
                _ => false,
            };
            if known {
                covered.insert(c.as_str());
            } else {
                p.push(format!(
                    "{at}: `covers` names `{c}`, not a `rationalization:<id>` or `red-flag:<id>` of syllabus.json"
                ));
            }
        }
        check_choices(&at, &q.choices, q.answer, p);
        check_evidence(&at, q.evidence.as_ref(), p);
        if q.prompt.trim().is_empty() || q.explain.trim().is_empty() {
            p.push(format!("{at}: `prompt` and `explain` must not be empty"));
        }
        if let Some(w) = &q.why_not {
            if w.len() != q.choices.len() {
                p.push(format!("{at}: `why_not` needs one entry per choice"));
            } else {
                for (i, e) in w.iter().enumerate() {
                    match (i == q.answer, e) {
                        (true, Some(_)) => {
                            p.push(format!("{at}: `why_not` must be null at the answer"))
                        }
                        (false, None) => {
                            p.push(format!("{at}: `why_not` is missing for choice {i}"))
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(d) = &q.demo {
            match scenarios.get(d.scenario.as_str()) {
                Some(json) => check_moment(&at, json, d.run_to_ms, d.select.as_deref(), p),
                None => p.push(format!("{at}: `demo`: no scenario `{}`", d.scenario)),
            }
        }
        match (&q.predict, q.kind) {
            (Some(pr), QuestionKind::Predict) => {
                check_window(&at, pr.run_to_ms, pr.play_ms, &pr.expect, p);
                match scenarios.get(pr.scenario.as_str()) {
                    Some(json) => {
                        if let Err(errs) = expect::verify(
                            json,
                            pr.run_to_ms,
                            pr.select.as_deref(),
                            pr.play_ms,
                            &pr.expect,
                        ) {
                            p.extend(
                                errs.into_iter()
                                    .map(|e| format!("{at} ({}): {e}", pr.scenario)),
                            );
                        }
                    }
                    None => p.push(format!("{at}: `predict`: no scenario `{}`", pr.scenario)),
                }
            }
            (None, QuestionKind::Predict) => p.push(format!(
                "{at}: a `predict` question needs a `predict` object"
            )),
            (Some(_), _) => p.push(format!(
                "{at}: only `kind: predict` questions carry a `predict` object"
            )),
            (None, _) => {}
        }
    }
    for i in &b.syllabus.insights {
        let n = qs.iter().filter(|q| q.insight == i.slug).count();
        if n < MIN_PER_INSIGHT {
            p.push(format!(
                "quiz/bank.json: {n} questions on `{}`, at least {MIN_PER_INSIGHT} needed",
                i.slug
            ));
        }
    }
    let all = b
        .syllabus
        .rationalizations
        .iter()
        .map(|r| format!("rationalization:{}", r.id))
        .chain(
            b.syllabus
                .red_flags
                .iter()
                .map(|r| format!("red-flag:{}", r.id)),
        );
    for c in all {
        if !covered.contains(c.as_str()) {
            p.push(format!("quiz/bank.json: no question covers `{c}`"));
        }
    }
}

/// Every question says what backs its runtime claims; the names are well formed here, and
/// `load::check_evidence_files` checks that the files exist (and the content test runs them).
fn check_evidence(at: &str, e: Option<&Evidence>, p: &mut Vec<String>) {
    let c = match e {
        None => {
            return p.push(format!(
                "{at}: `evidence` is missing: \"judgement\", or the conformance cases, \
                 Elixir checks or docs that back its claims"
            ));
        }
        Some(Evidence::Judgement(_)) => return,
        Some(Evidence::Checked(c)) => c,
    };
    if c.conformance.is_empty() && c.elixir.is_empty() && c.docs.is_empty() {
        p.push(format!("{at}: `evidence` names nothing"));
    }
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
    };
    for n in c.conformance.iter().chain(&c.elixir) {
        if !name_ok(n) {
            p.push(format!(
                "{at}: `evidence` names `{n}`: a case or check name is [a-z0-9_-]+, without a path or extension"
            ));
        }
    }
    for d in &c.docs {
        if !d.starts_with("https://") {
            p.push(format!("{at}: `evidence.docs` `{d}` is not an https URL"));
        }
    }
}

fn check_choices(at: &str, choices: &[String], answer: usize, p: &mut Vec<String>) {
    if !(2..=5).contains(&choices.len()) {
        p.push(format!("{at}: 2 to 5 choices, not {}", choices.len()));
    }
    if answer >= choices.len() {
        p.push(format!(
            "{at}: `answer` {answer} is not the index of a choice"
        ));
    }
    let distinct: BTreeSet<&str> = choices.iter().map(|c| c.trim()).collect();
    if distinct.len() != choices.len() {
        p.push(format!("{at}: two choices are the same"));
    }
}

fn check_window(at: &str, run_to: u64, play: u64, e: &Expect, p: &mut Vec<String>) {
    if run_to.saturating_add(play) > MAX_DEMO_MS {
        p.push(format!(
            "{at}: `run_to_ms` + `play_ms` must stay within {MAX_DEMO_MS} ms"
        ));
    }
    if play == 0 {
        p.push(format!("{at}: `play_ms` must be positive"));
    }
    if e.is_empty() {
        p.push(format!(
            "{at}: `expect` is empty: say what the reveal shows, so the test can check it"
        ));
    }
}

/// A moment to open: valid scenario, time within bounds, the selection exists then.
fn check_moment(at: &str, json: &str, run_to: u64, select: Option<&str>, p: &mut Vec<String>) {
    if run_to > MAX_DEMO_MS {
        p.push(format!(
            "{at}: `run_to_ms` must stay within {MAX_DEMO_MS} ms"
        ));
        return;
    }
    let Ok(s) = Scenario::from_json(json) else {
        return; // reported with the scenario file
    };
    let mut sim = Sim::new(&s);
    sim.run_until(run_to * 1000);
    if let Some(sel) = select
        && expect::find(&sim.tree(), sel).is_none()
    {
        p.push(format!("{at}: `select`: no process `{sel}` at {run_to} ms"));
    }
}

/// Internal links must resolve; external ones must be https.
fn check_link(b: &Bundle, scenarios: &BTreeMap<&str, &str>, link: &str) -> Result<(), String> {
    if let Some(route) = link.strip_prefix("#/") {
        let (path, query) = route.split_once('?').unwrap_or((route, ""));
        let parts: Vec<&str> = path.split('/').collect();
        return match parts.as_slice() {
            [""] | ["quiz"] | ["lessons"] | ["gallery"] | ["decide"] => Ok(()),
            ["decide", answers @ ..] => decide_path(b, answers),
            ["lessons", slug] if b.lesson(slug).is_some() => Ok(()),
            ["lessons", slug] => Err(format!("no lesson `{slug}`")),
            ["play", name] if scenarios.contains_key(name) => {
                for kv in query.split('&').filter(|s| !s.is_empty()) {
                    match kv.split_once('=') {
                        Some(("t", v)) if is_ms(v) => {}
                        Some(("sel", v)) if !v.is_empty() => {}
                        _ => return Err(format!("unknown or malformed parameter `{kv}`")),
                    }
                }
                Ok(())
            }
            ["play", name] => Err(format!("no scenario `{name}`")),
            _ => Err("not an address of the app".into()),
        };
    }
    if link.starts_with("https://") {
        Ok(())
    } else {
        Err("links are `#/…` addresses of the app or https:// URLs".into())
    }
}

/// An address's time as the app reads it: milliseconds, with up to three decimals
/// (`1500`, `150.052`; `route::ms_to_us` in the app).
fn is_ms(v: &str) -> bool {
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && whole.parse::<u64>().is_ok() && (frac.is_empty() || digits(frac))
}

/// A `#/decide/yes/no/…` link: every word an answer, and the walk never passes a leaf.
fn decide_path(b: &Bundle, answers: &[&str]) -> Result<(), String> {
    let Some(t) = &b.decide else {
        return Err("no decision tree".into());
    };
    let mut at = t.start.as_str();
    for a in answers {
        let Some(q) = t.question(at) else {
            return Err(format!("the answers go on past the leaf `{at}`"));
        };
        at = match *a {
            "yes" => &q.yes,
            "no" => &q.no,
            _ => return Err(format!("`{a}` is not yes or no")),
        };
    }
    Ok(())
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Checks the syllabus text itself against `syllabus.json`: every section heading is an
/// insight, and every rationalization row and red flag is listed.
pub fn check_against_syllabus_text(s: &Syllabus, text: &str) -> Vec<String> {
    let mut p = Vec::new();
    let mut section = "";
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim();
            let is_insight =
                !matches!(section, "Common Rationalizations") && !section.starts_with("Red Flags");
            if is_insight && !s.insights.iter().any(|i| i.heading == section) {
                p.push(format!("the syllabus section `{section}` has no insight"));
            }
            continue;
        }
        if section == "Common Rationalizations" && line.starts_with("| \"") {
            let excuse = line
                .trim_start_matches("| \"")
                .split('"')
                .next()
                .unwrap_or("");
            if !s.rationalizations.iter().any(|r| r.excuse == excuse) {
                p.push(format!(
                    "the rationalization \"{excuse}\" is not in syllabus.json"
                ));
            }
        }
        if section.starts_with("Red Flags")
            && let Some(flag) = line.strip_prefix("- ")
            && !s.red_flags.iter().any(|r| r.text == flag.trim())
        {
            p.push(format!(
                "the red flag `{}` is not in syllabus.json",
                flag.trim()
            ));
        }
    }
    p.extend(check_decide_against_syllabus_text(text));
    p
}

/// The syllabus's decision tree as its text draws it (`├── No → Plain function`, `└── Yes →
/// Complex behavior?`) against [`SYLLABUS_DECIDE`]: every leaf and question is there, and
/// each leaf's last answer is the one its line gives. A text without the tree is not checked.
pub fn check_decide_against_syllabus_text(text: &str) -> Vec<String> {
    let mut p = Vec::new();
    if !text.contains("Decision Tree") {
        return p;
    }
    for (leaf, path) in SYLLABUS_DECIDE {
        let Some((q, yes)) = path.last() else {
            continue;
        };
        if !text.contains(q) {
            p.push(format!(
                "the decision tree's question `{q}` is not in the syllabus"
            ));
        }
        let answer = if *yes { "Yes" } else { "No" };
        let drawn = text
            .lines()
            .any(|l| l.trim_end().ends_with(&format!("{answer} → {leaf}")));
        if !drawn {
            p.push(format!(
                "the syllabus's tree has no `{answer} → {leaf}` line (SYLLABUS_DECIDE)"
            ));
        }
    }
    p
}

/// The gallery must list at least this many scenarios.
pub const MIN_GALLERY: usize = 20;
/// … and every scenario it lists (from any folder) needs at least this many narrated
/// presenter steps.
pub const MIN_GALLERY_STEPS: usize = 3;

/// The gallery's rules: every entry names a scenario that exists (built-in, lesson or
/// gallery) and has tags, all from [`GALLERY_TAGS`], none twice; no scenario is listed
/// twice; no scenario name is defined twice across `scenarios/`, `lessons/scenarios/` and
/// `gallery/scenarios/`; every file in `gallery/scenarios/` is listed; and every listed
/// scenario parses, validates, has a story, runs to its `duration_ms` without a panic and
/// has [`MIN_GALLERY_STEPS`] narrated steps, in time order, within the duration, each
/// selecting a process that exists at its moment.
/// `gallery_files` are the names of the files in `gallery/scenarios/`.
pub fn check_gallery(
    bundle: &Bundle,
    builtins: &[NamedScenario],
    gallery_files: &[String],
) -> Vec<String> {
    let mut p = Vec::new();
    let folder = |name: &str| {
        if gallery_files.iter().any(|g| g == name) {
            "gallery/scenarios"
        } else if builtins.iter().any(|b| b.name == name) {
            "scenarios"
        } else {
            "lessons/scenarios"
        }
    };
    let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
    for s in bundle.scenarios.iter().chain(builtins) {
        *defined.entry(s.name.as_str()).or_default() += 1;
    }
    for (name, n) in &defined {
        if *n > 1 {
            p.push(format!(
                "scenario `{name}` is defined {n} times across scenarios/, lessons/scenarios/ and gallery/scenarios/"
            ));
        }
    }
    let json_of = |name: &str| {
        bundle
            .scenarios
            .iter()
            .chain(builtins)
            .find(|s| s.name == name)
            .map(|s| s.json.as_str())
    };
    if bundle.gallery.len() < MIN_GALLERY {
        p.push(format!(
            "gallery/index.json: {} entries, at least {MIN_GALLERY} needed",
            bundle.gallery.len()
        ));
    }
    let mut listed = BTreeSet::new();
    for (i, e) in bundle.gallery.iter().enumerate() {
        let at = format!("gallery/index.json[{i}] (`{}`)", e.scenario);
        if !listed.insert(e.scenario.as_str()) {
            p.push(format!("{at}: listed twice"));
        }
        if e.tags.is_empty() {
            p.push(format!("{at}: no tags"));
        }
        let mut seen = BTreeSet::new();
        for t in &e.tags {
            if !is_gallery_tag(t) {
                let known: Vec<&str> = GALLERY_TAGS.iter().map(|(t, _)| *t).collect();
                p.push(format!(
                    "{at}: unknown tag `{t}` (the vocabulary: {})",
                    known.join(", ")
                ));
            }
            if !seen.insert(t.as_str()) {
                p.push(format!("{at}: tag `{t}` given twice"));
            }
        }
        let Some(json) = json_of(&e.scenario) else {
            p.push(format!("{at}: no scenario `{}`", e.scenario));
            continue;
        };
        let file = format!("{}/{}.json", folder(&e.scenario), e.scenario);
        check_gallery_scenario(&file, json, &mut p);
    }
    for g in gallery_files {
        if !listed.contains(g.as_str()) {
            p.push(format!(
                "gallery/scenarios/{g}.json: not listed in gallery/index.json"
            ));
        }
    }
    p
}

/// One gallery scenario: valid, with a story, runs to its end, and has narrated steps a
/// presenter can walk through.
fn check_gallery_scenario(file: &str, json: &str, p: &mut Vec<String>) {
    let s = match Scenario::from_json(json) {
        Ok(s) => s,
        Err(e) => {
            p.extend(e.iter().map(|e| format!("{file}: {e}")));
            return;
        }
    };
    if s.description.trim().is_empty() {
        p.push(format!("{file}: `description` (its story) is empty"));
    }
    let end = s.duration_ms;
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut sim = Sim::new(&s);
        sim.run_until(end * 1000);
    }));
    if run.is_err() {
        p.push(format!(
            "{file}: the simulator panicked running it to {end} ms"
        ));
        return;
    }
    if s.steps.len() < MIN_GALLERY_STEPS {
        p.push(format!(
            "{file}: {} narrated steps, at least {MIN_GALLERY_STEPS} needed",
            s.steps.len()
        ));
    }
    let mut last = 0;
    for (i, st) in s.steps.iter().enumerate() {
        let at = format!("{file}: steps[{i}]");
        if st.text.trim().is_empty() {
            p.push(format!("{at}: `text` is empty"));
        }
        if st.at_ms > end {
            p.push(format!(
                "{at}: at {} ms, after the scenario's end ({end} ms)",
                st.at_ms
            ));
            continue;
        }
        if st.at_ms < last {
            p.push(format!(
                "{at}: at {} ms, before the step above it",
                st.at_ms
            ));
        }
        last = st.at_ms;
        check_moment(&at, json, st.at_ms, st.select.as_deref(), p);
    }
}

/// The syllabus's abstraction decision tree, as the path to each of its leaves: the
/// questions in its order and the answer given to each (`true` for yes).
pub const SYLLABUS_DECIDE: &[(&str, &[(&str, bool)])] = &[
    ("Plain function", &[("Need state?", false)]),
    (
        "Agent",
        &[("Need state?", true), ("Complex behavior?", false)],
    ),
    (
        "spawn_link",
        &[
            ("Need state?", true),
            ("Complex behavior?", true),
            ("Supervision?", false),
        ],
    ),
    (
        "Task.Supervisor",
        &[
            ("Need state?", true),
            ("Complex behavior?", true),
            ("Supervision?", true),
            ("Request/response?", false),
        ],
    ),
    (
        "GenServer",
        &[
            ("Need state?", true),
            ("Complex behavior?", true),
            ("Supervision?", true),
            ("Request/response?", true),
            ("Explicit states?", false),
        ],
    ),
    (
        "GenStateMachine",
        &[
            ("Need state?", true),
            ("Complex behavior?", true),
            ("Supervision?", true),
            ("Request/response?", true),
            ("Explicit states?", true),
        ],
    ),
];

/// At most this many questions on one path (an address carries the answers).
pub const MAX_DECIDE_DEPTH: usize = 12;

/// The decision tree (`lessons/decide.json`) and the lessons' `decide` blocks: ids unique,
/// every answer leads somewhere, no cycle, every question and leaf reachable from `start`,
/// each leaf's lesson and scenario exist, and the syllabus's leaves are all there, each
/// reached by the syllabus's questions in its order with its answers.
pub fn check_decide(bundle: &Bundle, builtins: &[NamedScenario]) -> Vec<String> {
    let mut p = Vec::new();
    let f = "lessons/decide.json";
    for l in &bundle.lessons {
        let blocks = l
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Decide(_)))
            .count();
        if blocks > 1 {
            p.push(format!(
                "lessons/{}: {blocks} `decide` blocks, at most one",
                l.file
            ));
        }
        if blocks > 0 && bundle.decide.is_none() {
            p.push(format!(
                "lessons/{}: a `decide` block but no decision tree",
                l.file
            ));
        }
    }
    let Some(t) = &bundle.decide else {
        p.push(format!("{f}: missing"));
        return p;
    };
    let mut ids = BTreeSet::new();
    for id in t
        .questions
        .iter()
        .map(|q| &q.id)
        .chain(t.leaves.iter().map(|l| &l.id))
    {
        if !ids.insert(id.as_str()) {
            p.push(format!("{f}: id `{id}` twice"));
        }
        if !is_slug(id) && !id.bytes().all(|c| c.is_ascii_lowercase() || c == b'_') {
            p.push(format!(
                "{f}: id `{id}`: lowercase letters, digits, - and _ only"
            ));
        }
    }
    if t.question(&t.start).is_none() {
        p.push(format!("{f}: `start` names no question (`{}`)", t.start));
        return p;
    }
    for q in &t.questions {
        if q.text.trim().is_empty() || q.help.trim().is_empty() {
            p.push(format!("{f}: question `{}`: empty text or help", q.id));
        }
        for (answer, to) in [("yes", &q.yes), ("no", &q.no)] {
            if !ids.contains(to.as_str()) {
                p.push(format!(
                    "{f}: question `{}`: `{answer}` leads to nothing (`{to}`)",
                    q.id
                ));
            }
        }
    }
    for l in &t.leaves {
        let at = format!("{f}: leaf `{}`", l.id);
        if l.title.trim().is_empty() || l.why.trim().len() < 80 {
            p.push(format!("{at}: a title and a paragraph of why are needed"));
        }
        if bundle.lesson(&l.lesson).is_none() {
            p.push(format!("{at}: no lesson `{}`", l.lesson));
        }
        let json = bundle
            .scenarios
            .iter()
            .chain(builtins)
            .find(|s| s.name == l.scenario);
        match json.map(|s| Scenario::from_json(&s.json)) {
            None => p.push(format!("{at}: no scenario `{}`", l.scenario)),
            Some(Err(e)) => p.extend(e.iter().map(|e| format!("{at}: {e}"))),
            Some(Ok(_)) => {}
        }
        if l.run_to_ms > MAX_DEMO_MS {
            p.push(format!("{at}: run_to_ms beyond {MAX_DEMO_MS}"));
        }
    }
    // Walk every path from the start: each node reached, no cycle, not too deep.
    let mut reached = BTreeSet::new();
    // The syllabus's question (if the question is one) and the answer, for each step.
    type Asked = Vec<(Option<String>, bool)>;
    let mut paths: BTreeMap<String, Asked> = BTreeMap::new();
    let mut stack: Vec<(String, Vec<String>, Asked)> = vec![(t.start.clone(), vec![], vec![])];
    while let Some((id, seen, asked)) = stack.pop() {
        reached.insert(id.clone());
        if seen.contains(&id) {
            p.push(format!("{f}: a cycle through `{id}`"));
            continue;
        }
        if seen.len() > MAX_DECIDE_DEPTH {
            p.push(format!(
                "{f}: a path longer than {MAX_DECIDE_DEPTH} questions"
            ));
            continue;
        }
        if t.leaf(&id).is_some() {
            paths.entry(id).or_insert(asked);
            continue;
        }
        let Some(q) = t.question(&id) else { continue };
        for (yes, to) in [(true, &q.yes), (false, &q.no)] {
            let mut s2 = seen.clone();
            s2.push(id.clone());
            let mut a2 = asked.clone();
            a2.push((q.syllabus.clone(), yes));
            stack.push((to.clone(), s2, a2));
        }
    }
    for id in &ids {
        if !reached.contains(*id) {
            p.push(format!("{f}: `{id}` cannot be reached from the start"));
        }
    }
    let syllabus_questions: BTreeSet<&str> = SYLLABUS_DECIDE
        .iter()
        .flat_map(|(_, path)| path.iter().map(|(q, _)| *q))
        .collect();
    for q in &t.questions {
        if let Some(s) = &q.syllabus
            && !syllabus_questions.contains(s.as_str())
        {
            p.push(format!(
                "{f}: question `{}`: `{s}` is not a question of the syllabus's tree",
                q.id
            ));
        }
    }
    for l in &t.leaves {
        if let Some(s) = &l.syllabus
            && !SYLLABUS_DECIDE.iter().any(|(leaf, _)| leaf == s)
        {
            p.push(format!(
                "{f}: leaf `{}`: `{s}` is not a leaf of the syllabus's tree",
                l.id
            ));
        }
    }
    for (leaf, path) in SYLLABUS_DECIDE {
        let named: Vec<&DecideLeaf> = t
            .leaves
            .iter()
            .filter(|l| l.syllabus.as_deref() == Some(*leaf))
            .collect();
        let [l] = named.as_slice() else {
            p.push(format!(
                "{f}: the syllabus's leaf `{leaf}` must be named by exactly one leaf ({} do)",
                named.len()
            ));
            continue;
        };
        let Some(asked) = paths.get(&l.id) else {
            continue;
        };
        let got: Vec<(&str, bool)> = asked
            .iter()
            .filter_map(|(s, yes)| s.as_deref().map(|s| (s, *yes)))
            .collect();
        if got != *path {
            p.push(format!(
                "{f}: leaf `{}` ({leaf}) is reached by {got:?}, the syllabus asks {path:?}",
                l.id
            ));
        }
    }
    p
}
