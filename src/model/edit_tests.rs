//! The editor's model tests: every operation round-trips through the text form, undo and
//! redo restore each state exactly, the text view syncs both ways and never replaces the
//! draft with an invalid scenario, absurd values are refused at their field with the draft
//! kept, and the stage re-runs the edited scenario at the same moment.

use super::*;
use crate::model::edit_ops::{self, ADD_COUNT_PATH, EditOp, Field, NewChild, Target, field_path};
use crate::model::state::Action;

fn set(target: Target, field: Field, value: &str) -> EditorAction {
    EditorAction::Edit(EditOp::Set {
        target,
        field,
        value: value.into(),
    })
}

fn add(parent: Vec<usize>, kind: NewChild, count: &str) -> EditorAction {
    EditorAction::Edit(EditOp::AddChild {
        parent,
        kind,
        count: count.into(),
    })
}

fn node(i: usize) -> Target {
    Target::Node(vec![i])
}

fn draft(s: &State) -> Scenario {
    Scenario::clone(s.editor.draft.as_ref().expect("a draft"))
}

/// A state with the editor open on an empty tree.
fn fresh() -> State {
    let mut s = State::new(0, false);
    s.editor_reducer = Some(State::on_editor);
    s.apply(Action::Editor(EditorAction::Enter {
        saved: None,
        take_stage: false,
    }));
    s.apply(Action::Editor(EditorAction::New));
    s
}

/// The draft, its text and the stage agree: the text reads back as the draft, and the
/// stage runs the draft.
fn consistent(s: &State) {
    let d = draft(s);
    assert!(s.editor.text_errors.is_empty());
    assert_eq!(Scenario::from_json(&s.editor.text).as_ref(), Ok(&d));
    assert_eq!(
        Scenario::from_json(&s.scenario_source).as_ref(),
        Ok(&d),
        "the stage runs the draft"
    );
}

/// The from-scratch story of the issue: a supervisor, a server, two clients, a fault at
/// 1 s and a narrated step; every edit round-trips and can be undone exactly.
fn build(s: &mut State) -> Vec<Scenario> {
    let mut seen = vec![draft(s)];
    let steps = vec![
        add(vec![], NewChild::Supervisor, "1"),
        add(vec![0], NewChild::Server, "1"),
        add(vec![0], NewChild::Client, "2"),
        set(Target::Node(vec![0]), Field::Strategy, "one_for_all"),
        set(Target::Node(vec![0, 0]), Field::ServiceUs, "2000"),
        set(Target::Node(vec![0, 1]), Field::ClientMode, "cast"),
        set(Target::Scenario, Field::DurationMs, "3000"),
        EditorAction::Edit(EditOp::AddFault {
            at_ms: "1000".into(),
            target: "server1".into(),
        }),
        set(Target::Fault(0), Field::FaultAction, "exit"),
        set(Target::Fault(0), Field::FaultArg, ":shutdown"),
        EditorAction::Edit(EditOp::AddStep {
            at_ms: "1000".into(),
        }),
        set(Target::Step(0), Field::StepText, "The server is killed."),
        set(Target::Step(0), Field::StepSelect, "server1"),
    ];
    for a in steps {
        let label = format!("{a:?}");
        let rev = s.editor.revision;
        assert!(s.apply(Action::Editor(a)), "{label}");
        assert_eq!(s.editor.rejected, None, "{label}");
        assert_eq!(s.editor.revision, rev + 1, "{label}: the draft changed");
        consistent(s);
        seen.push(draft(s));
    }
    seen
}

#[test]
fn builds_a_scenario_from_an_empty_tree() {
    let mut s = fresh();
    assert!(draft(&s).tree.children().is_empty());
    build(&mut s);
    let d = draft(&s);
    let sup = &d.tree.children()[0];
    assert_eq!(sup.children().len(), 3);
    assert_eq!(d.faults[0].at_ms, 1000);
    assert_eq!(d.steps[0].select.as_deref(), Some("server1"));
    // The stage shows it: play past the fault, the server was restarted (one_for_all
    // restarts the clients too).
    s.apply(Action::Seek(2_000_000));
    let ids: Vec<&str> = s.frame.layout.nodes.iter().map(|n| &*n.id).collect();
    assert!(
        ids.contains(&"server1") && ids.contains(&"client2"),
        "{ids:?}"
    );
    assert!(
        s.timeline
            .markers()
            .any(|m| m.kind == crate::model::timeline::MarkerKind::Restart)
    );
}

#[test]
fn undo_and_redo_restore_each_state_exactly() {
    let mut s = fresh();
    let seen = build(&mut s);
    for want in seen.iter().rev().skip(1) {
        assert!(s.apply(Action::Editor(EditorAction::Undo)));
        assert_eq!(&draft(&s), want);
        consistent(&s);
    }
    for want in seen.iter().skip(1) {
        assert!(s.apply(Action::Editor(EditorAction::Redo)));
        assert_eq!(&draft(&s), want);
        consistent(&s);
    }
    assert!(!s.apply(Action::Editor(EditorAction::Redo)));
    // A new edit after undo drops the redo stack.
    s.apply(Action::Editor(EditorAction::Undo));
    s.apply(Action::Editor(set(Target::Scenario, Field::Seed, "7")));
    assert!(!s.editor.can_redo());
}

#[test]
fn the_text_view_syncs_both_ways() {
    let mut s = fresh();
    build(&mut s);
    let before = draft(&s);
    // Text → draft: a valid text replaces it (undoable), and keeps the user's layout.
    let edited = s.editor.text.replace("\"seed\": 1", "\"seed\": 99");
    assert!(s.apply(Action::Editor(EditorAction::Text(edited.clone()))));
    assert_eq!(draft(&s).seed, 99);
    assert_eq!(&*s.editor.text, edited);
    assert_eq!(s.timeline.scenario.seed, 99, "the stage re-ran");
    // An invalid text stays in the view with its errors (line and field), the draft and
    // the stage keep the last valid scenario.
    let good = draft(&s);
    let broken = edited.replace("\"id\": \"client2\"", "\"id\": \"client1\"");
    s.apply(Action::Editor(EditorAction::Text(broken.clone())));
    assert_eq!(draft(&s), good);
    assert_eq!(&*s.editor.text, broken);
    let e = &s.editor.text_errors[0];
    assert_eq!(e.path, "tree.children[0].children[2].id");
    assert!(e.message.contains("duplicate id"), "{e:?}");
    let line = broken
        .lines()
        .position(|l| l.contains("\"id\": \"client1\""))
        .map(|i| i + 1);
    let last_client1 = broken
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"id\": \"client1\""))
        .map(|(i, _)| i + 1)
        .last();
    assert!(e.line.is_some() && e.line != line && e.line == last_client1);
    // A syntax error has a line and no field.
    s.apply(Action::Editor(EditorAction::Text("{\"name\": \n".into())));
    assert_eq!(draft(&s), good);
    assert!(s.editor.text_errors[0].line.is_some());
    // Back to the draft's own text.
    s.apply(Action::Editor(EditorAction::RevertText));
    consistent(&s);
    // Draft → text: a form edit rewrites the text.
    s.apply(Action::Editor(set(
        Target::Scenario,
        Field::Name,
        "Renamed",
    )));
    assert!(s.editor.text.contains("\"name\": \"Renamed\""));
    let _ = before;
}

#[test]
fn absurd_values_are_refused_at_their_field_and_the_draft_is_kept() {
    let mut s = fresh();
    build(&mut s);
    let kept = draft(&s);
    let src = s.scenario_source.clone();
    let cases: Vec<(EditorAction, String, &str)> = vec![
        (
            add(vec![0], NewChild::Server, "1000000"),
            ADD_COUNT_PATH.into(),
            "at most",
        ),
        (
            set(Target::Fault(0), Field::AtMs, "-5"),
            "faults[0].at_ms".into(),
            "0 or more",
        ),
        (
            set(Target::Node(vec![0, 2]), Field::Id, "client1"),
            "tree.children[0].children[2].id".into(),
            "duplicate id",
        ),
        (
            set(Target::Node(vec![0, 0]), Field::RegName, "client_x"),
            // Renaming the server leaves the clients calling a name nobody has.
            "tree.children[0].children[1].behaviour.target".into(),
            "registered as `server1`",
        ),
        (
            set(Target::Scenario, Field::DurationMs, "99999999999"),
            "duration_ms".into(),
            "at most",
        ),
        (
            set(Target::Scenario, Field::Schedulers, "0"),
            "config.schedulers".into(),
            "1–64",
        ),
        (
            set(Target::Node(vec![0]), Field::MaxRestarts, "lots"),
            "tree.children[0].max_restarts".into(),
            "not a whole number",
        ),
        (
            set(Target::Node(vec![0]), Field::Shutdown, "-1"),
            "tree.children[0].shutdown".into(),
            "0 or more",
        ),
        (
            set(Target::Node(vec![]), Field::SupType, "task_supervisor"),
            "tree.type".into(),
            "children first",
        ),
        (
            set(Target::Step(0), Field::StepSelect, "nobody"),
            "steps[0].select".into(),
            "no child id",
        ),
        (
            EditorAction::Edit(EditOp::Remove(vec![])),
            "tree".into(),
            "root",
        ),
        (
            EditorAction::Edit(EditOp::Move {
                from: vec![0],
                to_parent: vec![0, 1],
                index: 0,
            }),
            "tree.children[0]".into(),
            "under itself",
        ),
    ];
    for (a, path, words) in cases {
        let label = format!("{a:?}");
        assert!(s.apply(Action::Editor(a)), "{label}: the error is shown");
        let r = s.editor.rejected.as_ref().expect("refused");
        let e = r
            .at(&path)
            .unwrap_or_else(|| panic!("{label}: {:?}", r.errors));
        assert!(e.message.contains(words), "{label}: {}", e.message);
        assert_eq!(draft(&s), kept, "{label}: the draft is kept");
        assert_eq!(s.scenario_source, src, "{label}: the stage too");
    }
    // What was typed is kept for the field to show.
    s.apply(Action::Editor(set(Target::Fault(0), Field::AtMs, "-5")));
    assert_eq!(
        s.editor.rejected.as_ref().and_then(|r| r.value.as_deref()),
        Some("-5")
    );
    s.apply(Action::Editor(EditorAction::Dismiss));
    assert_eq!(s.editor.rejected, None);
    // A million children written in the text: refused with a message, draft kept.
    let mut big = String::from(
        "{\"name\":\"big\",\"tree\":{\"type\":\"supervisor\",\"id\":\"r\",\"children\":[",
    );
    for i in 0..1_000_000 {
        big.push_str(&format!("{{\"type\":\"worker\",\"id\":\"w{i}\"}},"));
    }
    big.push_str("{\"type\":\"worker\",\"id\":\"last\"}]}}");
    s.apply(Action::Editor(EditorAction::Text(big)));
    assert!(s.editor.text_errors[0].message.contains("limit"));
    assert_eq!(draft(&s), kept);
}

#[test]
fn moves_and_reorders_children() {
    let mut s = fresh();
    build(&mut s);
    let ids = |s: &State, at: &[usize]| -> Vec<String> {
        edit_ops::node(&draft(s).tree, at)
            .map(|n| n.children().iter().map(|c| c.id().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(ids(&s, &[0]), ["server1", "client1", "client2"]);
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Reorder {
        at: vec![0, 2],
        delta: -1,
    })));
    assert_eq!(ids(&s, &[0]), ["server1", "client2", "client1"]);
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Reorder {
        at: vec![0, 0],
        delta: -1,
    })));
    assert!(s.editor.rejected.is_some(), "already first");
    // Drag the server out to the root, before the supervisor.
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Move {
        from: vec![0, 0],
        to_parent: vec![],
        index: 0,
    })));
    assert_eq!(ids(&s, &[]), ["server1", "sup1"]);
    assert_eq!(ids(&s, &[1]), ["client2", "client1"]);
    // And back into the supervisor, last.
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Move {
        from: vec![0],
        to_parent: vec![1],
        index: 9,
    })));
    assert_eq!(ids(&s, &[]), ["sup1"]);
    assert_eq!(ids(&s, &[0]), ["client2", "client1", "server1"]);
    consistent(&s);
    // Remove a client.
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Remove(vec![
        0, 0,
    ]))));
    assert_eq!(ids(&s, &[0]), ["client1", "server1"]);
    // Supervisor types carry their settings across.
    s.apply(Action::Editor(add(
        vec![0],
        NewChild::DynamicSupervisor,
        "1",
    )));
    s.apply(Action::Editor(set(
        Target::Node(vec![0, 2]),
        Field::MaxRestarts,
        "9",
    )));
    s.apply(Action::Editor(set(
        Target::Node(vec![0, 2]),
        Field::SupType,
        "task_supervisor",
    )));
    match edit_ops::node(&draft(&s).tree, &[0, 2]) {
        Some(otp_sim::ChildSpec::TaskSupervisor(t)) => assert_eq!(t.max_restarts, 9),
        other => panic!("{other:?}"),
    }
    consistent(&s);
}

#[test]
fn every_field_round_trips_through_the_text() {
    let mut s = fresh();
    build(&mut s);
    let ok: Vec<(Target, Field, &str)> = vec![
        (Target::Scenario, Field::Description, "A story."),
        (Target::Scenario, Field::Seed, "42"),
        (Target::Scenario, Field::Schedulers, "4"),
        (Target::Scenario, Field::LatencyUs, "50"),
        (node(0), Field::Id, "workers"),
        (node(0), Field::RegName, "Workers"),
        (node(0), Field::Restart, "transient"),
        (node(0), Field::Shutdown, "brutal_kill"),
        (node(0), Field::Shutdown, "infinity"),
        (node(0), Field::Shutdown, "250"),
        (node(0), Field::MaxRestarts, "10"),
        (node(0), Field::MaxSeconds, "60"),
        (node(0), Field::Strategy, "rest_for_one"),
        (Target::Node(vec![0, 0]), Field::Table, "cache_table"),
        (Target::Node(vec![0, 0]), Field::TrapExit, "true"),
        (Target::Node(vec![0, 0]), Field::InitUs, "100"),
        (Target::Node(vec![0, 0]), Field::TerminateUs, "100"),
        (Target::Node(vec![0, 1]), Field::IntervalUs, "5000"),
        (Target::Node(vec![0, 1]), Field::TimeoutMs, "100"),
        (Target::Node(vec![0, 1]), Field::Request, ":get"),
        (Target::Node(vec![0, 2]), Field::ClientMode, "call"),
        (Target::Fault(0), Field::FaultTarget, "client1"),
        (Target::Fault(0), Field::FaultAction, "poison"),
        (Target::Fault(0), Field::AtMs, "1500"),
        (Target::Step(0), Field::AtMs, "1500"),
        (Target::Node(vec![0, 0]), Field::Kind, "counter"),
    ];
    for (t, f, v) in ok {
        let label = format!("{t:?} {f:?} {v}");
        s.apply(Action::Editor(set(t.clone(), f, v)));
        assert_eq!(s.editor.rejected, None, "{label}");
        consistent(&s);
        assert!(field_path(&t, f).contains('.') || matches!(t, Target::Scenario));
    }
}

#[test]
fn the_stage_keeps_its_moment_and_selection_after_an_edit() {
    let mut s = fresh();
    build(&mut s);
    s.apply(Action::Seek(2_000_000));
    s.apply(Action::Select(Some("client1".into())));
    s.apply(Action::Editor(set(
        Target::Node(vec![0, 0]),
        Field::ServiceUs,
        "500",
    )));
    assert_eq!(s.timeline.now(), 2_000_000);
    assert_eq!(s.selected.as_deref(), Some("client1"));
    assert!(!s.playing);
    // A shorter run: the moment moves to its end. A removed child: no selection.
    s.apply(Action::Editor(set(
        Target::Scenario,
        Field::DurationMs,
        "1500",
    )));
    assert_eq!(s.timeline.now(), 1_500_000);
    s.apply(Action::Editor(EditorAction::Edit(EditOp::Remove(vec![
        0, 1,
    ]))));
    assert_eq!(s.selected, None);
}

#[test]
fn entering_keeps_restores_or_takes_the_stages_scenario() {
    // After a reload: the saved draft comes back, the stage's scenario one undo away.
    let mut s = State::new(0, false);
    s.editor_reducer = Some(State::on_editor);
    let mine = blank();
    let saved = Some(mine.to_json_pretty());
    s.apply(Action::Editor(EditorAction::Enter {
        saved: saved.clone(),
        take_stage: false,
    }));
    assert_eq!(draft(&s), mine);
    assert_eq!(
        s.timeline.scenario.name, "My scenario",
        "the stage shows it"
    );
    s.apply(Action::Editor(EditorAction::Undo));
    assert_eq!(draft(&s).name, s.timeline.scenario.name);
    s.apply(Action::Editor(EditorAction::Redo));
    // Entering again keeps it.
    assert!(!s.editor.can_redo());
    s.apply(Action::Editor(EditorAction::Enter {
        saved: None,
        take_stage: false,
    }));
    assert_eq!(draft(&s), mine);
    // A scenario opened by address replaces the draft, which stays one undo away.
    s.apply(Action::LoadBuiltin(1));
    s.apply(Action::Editor(EditorAction::Enter {
        saved: None,
        take_stage: true,
    }));
    assert_ne!(draft(&s), mine);
    s.apply(Action::Editor(EditorAction::Undo));
    assert_eq!(draft(&s), mine);
    // A corrupt saved draft is ignored.
    let mut t = State::new(0, false);
    t.editor_reducer = Some(State::on_editor);
    t.apply(Action::Editor(EditorAction::Enter {
        saved: Some("{oops".into()),
        take_stage: false,
    }));
    assert_eq!(draft(&t).name, t.timeline.scenario.name);
}

#[test]
fn named_scenarios_are_saved_opened_and_kept_in_order() {
    let mut s = fresh();
    build(&mut s);
    s.apply(Action::Editor(EditorAction::Save("Incident 42".into())));
    assert_eq!(s.editor.library.items.len(), 1);
    let r = s.editor.library_revision;
    s.apply(Action::Editor(EditorAction::New));
    s.apply(Action::Editor(EditorAction::Save("".into())));
    assert!(s.editor.library_note.is_some());
    assert_eq!(s.editor.library_revision, r, "nothing stored");
    s.apply(Action::Editor(EditorAction::Duplicate(0)));
    s.apply(Action::Editor(EditorAction::Rename(1, "Talk".into())));
    s.apply(Action::Editor(EditorAction::Open(1)));
    assert_eq!(draft(&s).faults.len(), 1, "the built scenario is back");
    let before = s.editor.library.clone();
    s.apply(Action::Editor(EditorAction::Delete(0)));
    assert_eq!(s.editor.library.items[0].name, "Talk");
    assert!(
        s.editor
            .library_note
            .as_deref()
            .is_some_and(|n| n.contains("Deleted"))
    );
    s.apply(Action::Editor(EditorAction::RestoreDeleted));
    assert_eq!(s.editor.library, before, "restored where it was");
    assert!(s.editor.deleted.is_none());
    assert!(
        !s.apply(Action::Editor(EditorAction::RestoreDeleted)),
        "nothing to restore twice"
    );
    s.apply(Action::Editor(EditorAction::Delete(0)));
    s.apply(Action::Editor(EditorAction::Duplicate(0)));
    assert!(s.editor.deleted.is_none(), "another change ends the offer");
    let stored = s.editor.library.to_storage();
    let mut t = State::new(0, false);
    t.editor_reducer = Some(State::on_editor);
    t.apply(Action::Editor(EditorAction::LoadLibrary(Some(stored))));
    assert_eq!(t.editor.library, s.editor.library);
    assert!(!s.apply(Action::Editor(EditorAction::Open(9))));
}

#[test]
fn without_the_editor_plugged_in_editor_actions_do_nothing() {
    // The first-load bundle has no editor: its state ignores editor actions.
    let mut s = State::new(0, false);
    assert!(!s.apply(Action::Editor(EditorAction::New)));
    assert!(s.editor.draft.is_none());
    s.editor_reducer = Some(State::on_editor);
    assert!(s.apply(Action::Editor(EditorAction::New)));
    assert!(s.editor.draft.is_some());
}
