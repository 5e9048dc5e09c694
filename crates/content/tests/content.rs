//! The content test: loads the real lessons, scenarios and quiz from the repository and
//! applies every rule of `otp_content::check` (which runs each prediction in the
//! simulator). Also checks the syllabus map against the syllabus text when it is present.

use otp_content::check::{check, check_against_syllabus_text, check_gallery};
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
    }
    let p = check(b, &l.builtins).join("\n");
    for needle in [
        "is not the index of a choice",
        "unknown insight `no-such-insight`",
        "no question covers `red-flag:task-unsupervised`",
        "no lesson for the insight",
        "no lesson `nowhere`",
        "`evidence` is missing",
    ] {
        assert!(p.contains(needle), "missing `{needle}` in:\n{p}");
    }
}
