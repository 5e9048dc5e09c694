//! Native tests of the app side of the process commands (`spawn`, `link`, `monitor`,
//! `trap_exit`, exit signals): they are recorded like any user action, replayed on a
//! scrub, carried by share links, and the processes they start are drawn and selectable.

use crate::model::share::{self, LinkVerb};
use crate::model::state::{Action, State};
use otp_sim::{ChildSpec, Command};
use std::rc::Rc;

/// The cache scenario (built-in 0), paused at `t` µs, with `id` selected.
fn at(t: u64, id: &str) -> State {
    let mut s = State::new(0, false);
    s.apply(Action::Seek(t));
    s.apply(Action::Select(Some(Rc::from(id))));
    s
}

fn worker(id: &str) -> Box<ChildSpec> {
    Box::new(
        ChildSpec::from_json(&format!(
            r#"{{"type": "worker", "id": "{id}", "behaviour": {{"kind": "server"}}}}"#
        ))
        .expect("a worker spec"),
    )
}

fn every_command() -> Vec<Command> {
    vec![
        Command::Spawn {
            spec: worker("w1"),
            link: true,
        },
        Command::Spawn {
            spec: worker("w2"),
            link: false,
        },
        Command::Link { to: "w2".into() },
        Command::Unlink { to: "w2".into() },
        Command::Monitor { to: "w2".into() },
        Command::Demonitor { to: "w2".into() },
        Command::TrapExit(true),
        Command::TrapExit(false),
        Command::ProcessExit {
            to: "w2".into(),
            reason: ":kill".into(),
        },
        Command::ExitSelf {
            reason: ":normal".into(),
        },
    ]
}

#[test]
fn every_process_command_has_a_link_spelling_that_reads_back_the_same() {
    for c in every_command() {
        let verb = LinkVerb::of(&c).unwrap_or_else(|| panic!("{c:?} has no link spelling"));
        assert_eq!(Command::try_from(&verb).as_ref(), Ok(&c));
    }
    // A spawn's spec travels as JSON text: a broken one is an error, not a panic.
    let bad = LinkVerb::Spawn {
        spec: "{\"type\": 3}".into(),
        link: true,
    };
    assert!(Command::try_from(&bad).is_err());
}

fn trace_text(s: &State) -> Vec<String> {
    s.timeline
        .sim
        .trace()
        .iter()
        .map(|e| format!("{} {:?}", e.t, e.kind))
        .collect()
}

#[test]
fn a_link_reopens_a_moment_made_of_process_commands() {
    let mut a = at(300_000, "cache");
    a.apply(Action::Command(Command::Spawn {
        spec: worker("w1"),
        link: true,
    }));
    a.apply(Action::Command(Command::TrapExit(true)));
    a.apply(Action::Command(Command::Monitor {
        to: "client_a".into(),
    }));
    a.apply(Action::Seek(400_000));
    a.apply(Action::Command(Command::ProcessExit {
        to: "w1".into(),
        reason: ":kill".into(),
    }));
    a.apply(Action::Seek(700_000));
    assert_eq!(a.notice, None);
    assert_eq!(a.link_state().actions.len(), 4);
    assert!(
        trace_text(&a).iter().any(|l| l.contains("ExitMessage")),
        "the trapping cache got the {{:EXIT, w1, :killed}} of its linked spawn"
    );
    let mut b = State::new(2, false);
    b.apply(Action::OpenLink(
        share::encode(&a.link_state()).as_str().into(),
    ));
    assert_eq!(b.notice, None);
    assert_eq!(b.timeline.commands().len(), 4);
    assert_eq!(trace_text(&b), trace_text(&a));
    assert_eq!(b.link_state(), a.link_state());
}
