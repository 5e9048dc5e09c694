//! The content test: loads the real lessons, scenarios and quiz from the repository and
//! applies every rule of `otp_content::check` (which runs each prediction in the
//! simulator). Also checks the syllabus map against the syllabus text when it is present.

use otp_content::check::{
    check, check_against_syllabus_text, check_decide, check_decide_against_syllabus_text,
    check_gallery,
};
use otp_content::load::{check_evidence_files, load};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn all_content_is_valid_and_every_prediction_happens() {
    let loaded =
        load(&root()).unwrap_or_else(|e| panic!("content does not load:\n{}", e.join("\n")));
    let mut problems = check(&loaded.bundle, &loaded.builtins);
    problems.extend(check_gallery(
        &loaded.bundle,
        &loaded.builtins,
        &loaded.gallery_files,
    ));
    problems.extend(check_decide(&loaded.bundle, &loaded.builtins));
    problems.extend(check_evidence_files(&root(), &loaded.bundle.quiz));
    assert!(
        problems.is_empty(),
        "{} content problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn syllabus_map_matches_the_syllabus_text() {
    let dir = root().join("../shared/syllabus");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!(
            "note: {} not found; the syllabus map was checked only for consistency",
            dir.display()
        );
        return;
    };
    let loaded = load(&root()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let mut files = 0;
    for f in rd.flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap();
        files += 1;
        let p = check_against_syllabus_text(&loaded.bundle.syllabus, &text);
        assert!(p.is_empty(), "{}:\n{}", f.path().display(), p.join("\n"));
    }
    assert!(files > 0);
}

#[test]
fn the_checker_catches_broken_content() {
    // A copy of the real content with one defect of each kind must be rejected, naming it.
    let mut l = load(&root()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let b = &mut l.bundle;
    if let Some(q) = b.quiz.questions.first_mut() {
        q.answer = 99;
        q.insight = "no-such-insight".into();
    }
    b.quiz
        .questions
        .retain(|q| !q.covers.iter().any(|c| c == "red-flag:task-unsupervised"));
    b.lessons.pop();
    if let Some(q) = b.quiz.questions.get_mut(1) {
        q.evidence = None;
    }
    if let Some(q) = b.quiz.questions.get_mut(2) {
        q.evidence = Some(otp_content::Evidence::Checked(otp_content::Checked {
            conformance: vec!["no_such_case".into()],
            elixir: vec!["no-such-check".into()],
            docs: vec![],
        }));
    }
    let files = check_evidence_files(&root(), &b.quiz).join("\n");
    for needle in [
        "no conformance case `no_such_case`",
        "no Elixir check `no-such-check`",
    ] {
        assert!(files.contains(needle), "missing `{needle}` in:\n{files}");
    }
    if let Some(first) = b.lessons.first_mut() {
        first.links.push("#/lessons/nowhere".into());
        // The app reads `t` to the microsecond; anything else is named.
        first
            .links
            .push("#/play/db_one_for_all?t=150.052&sel=db".into());
        first.links.push("#/play/db_one_for_all?t=1e3".into());
    }
    let p = check(b, &l.builtins).join("\n");
    for needle in [
        "is not the index of a choice",
        "unknown insight `no-such-insight`",
        "no question covers `red-flag:task-unsupervised`",
        "no lesson for the insight",
        "no lesson `nowhere`",
        "malformed parameter `t=1e3`",
        "`evidence` is missing",
    ] {
        assert!(p.contains(needle), "missing `{needle}` in:\n{p}");
    }
    assert!(
        !p.contains("t=150.052"),
        "a time to the microsecond is an address:\n{p}"
    );
}

#[test]
fn the_gallery_checker_catches_broken_entries() {
    // The real gallery, then one defect of each kind: each must be named.
    let l = load(&root()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert!(check_gallery(&l.bundle, &l.builtins, &l.gallery_files).is_empty());
    let mut b = l.bundle.clone();
    let mut files = l.gallery_files.clone();
    // An unlisted gallery file: the first gallery entry's scenario loses its entry.
    let dropped = b
        .gallery
        .iter()
        .position(|e| files.contains(&e.scenario))
        .expect("a gallery file in the index");
    let unlisted = b.gallery.remove(dropped).scenario;
    b.gallery.push(otp_content::GalleryEntry {
        scenario: "no_such_scenario".into(),
        tags: vec!["strategy".into()],
    });
    b.gallery.push(otp_content::GalleryEntry {
        scenario: "cache_one_for_one".into(),
        tags: vec!["netsplit".into(), "restart".into(), "restart".into()],
    });
    b.gallery.push(otp_content::GalleryEntry {
        scenario: "db_one_for_all".into(),
        tags: vec![],
    });
    // A lesson scenario redefined in the gallery folder.
    b.scenarios.push(otp_content::NamedScenario {
        name: "agent_counter".into(),
        json: "{}".into(),
    });
    // Gallery files: one that does not parse, one with too few and misplaced steps.
    let scenario =
        |name: &str, json: &str, b: &mut otp_content::Bundle, files: &mut Vec<String>| {
            b.scenarios.push(otp_content::NamedScenario {
                name: name.into(),
                json: json.into(),
            });
            files.push(name.into());
            b.gallery.push(otp_content::GalleryEntry {
                scenario: name.into(),
                tags: vec!["restart".into()],
            });
        };
    scenario(
        "broken_json",
        r#"{"name": "x", "tree": {"type": "worker"}}"#,
        &mut b,
        &mut files,
    );
    scenario(
        "few_steps",
        r#"{"name": "Few steps", "description": "", "duration_ms": 1000,
            "tree": {"type": "supervisor", "id": "sup", "children": [
              {"type": "worker", "id": "w"}]},
            "steps": [{"at_ms": 500, "text": "x", "select": "w"},
                      {"at_ms": 2000, "text": "late"}]}"#,
        &mut b,
        &mut files,
    );
    scenario(
        "ghost_select",
        r#"{"name": "Ghost", "description": "A step selects nobody.",
            "tree": {"type": "supervisor", "id": "sup"},
            "steps": [{"at_ms": 1, "text": "a"}, {"at_ms": 2, "text": "b"},
                      {"at_ms": 3, "text": "c", "select": "ghost"}]}"#,
        &mut b,
        &mut files,
    );
    let p = check_gallery(&b, &l.builtins, &files).join("\n");
    for needle in [
        &format!("gallery/scenarios/{unlisted}.json: not listed in gallery/index.json"),
        "no scenario `no_such_scenario`",
        "unknown tag `netsplit`",
        "tag `restart` given twice",
        "listed twice",
        "(`db_one_for_all`): no tags",
        "scenario `agent_counter` is defined 2 times",
        "gallery/scenarios/broken_json.json: ",
        "gallery/scenarios/few_steps.json: 2 narrated steps, at least 3 needed",
        "gallery/scenarios/few_steps.json: `description` (its story) is empty",
        "ghost_select.json: steps[2].select: no child id or registered name `ghost`",
        "steps[1]: at 2000 ms, after the scenario's end (1000 ms)",
    ] {
        assert!(p.contains(needle), "missing `{needle}` in:\n{p}");
    }
}

#[test]
fn the_decide_checker_catches_a_broken_tree() {
    // The real tree with one defect of each kind: each is named.
    let mut l = load(&root()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert!(check_decide(&l.bundle, &l.builtins).is_empty());
    let t2 = l.bundle.decide.as_mut().expect("lessons/decide.json");
    for q in t2.questions.iter_mut() {
        match q.id.as_str() {
            // `ets` becomes unreachable; `rarely` leads nowhere on yes.
            "rarely" => {
                q.yes = "nowhere".into();
                q.no = "persistent_term".into();
            }
            // The syllabus's order broken: supervision asked with the answers swapped.
            "supervision" => std::mem::swap(&mut q.yes, &mut q.no),
            _ => {}
        }
    }
    for leaf in t2.leaves.iter_mut() {
        match leaf.id.as_str() {
            "agent" => leaf.scenario = "no_such_scenario".into(),
            "pool" => leaf.lesson = "no-such-lesson".into(),
            "genserver" => leaf.syllabus = None,
            _ => {}
        }
    }
    let found = check_decide(&l.bundle, &l.builtins).join("\n");
    for needle in [
        "`yes` leads to nothing (`nowhere`)",
        "`ets` cannot be reached",
        "no scenario `no_such_scenario`",
        "no lesson `no-such-lesson`",
        "`GenServer` must be named by exactly one leaf",
        "leaf `spawn_link` (spawn_link) is reached by",
    ] {
        assert!(found.contains(needle), "{needle} not in:\n{found}");
    }
    // A syllabus whose tree lost its leaves is reported against SYLLABUS_DECIDE.
    let text = "## Abstraction Decision Tree\nNeed state?\n├── No → Plain function\n";
    let p = check_decide_against_syllabus_text(text).join("\n");
    assert!(p.contains("`Yes → GenStateMachine`"), "{p}");
    assert!(!p.contains("Plain function"), "{p}");
}
