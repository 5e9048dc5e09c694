//! Native tests of the app side of the process commands (`spawn`, `link`, `monitor`,
//! `trap_exit`, exit signals): they are recorded like any user action, replayed on a
//! scrub, carried by share links, and the processes they start are drawn and selectable.

use crate::model::commands::{process_exit, spawn};
use crate::model::share;
use crate::model::state::{Action, State};
use otp_sim::Command;
use std::rc::Rc;

/// The cache scenario (built-in 0), paused at `t` µs, with `id` selected.
fn at(t: u64, id: &str) -> State {
    let mut s = State::new(0, false);
    s.apply(Action::Seek(t));
    s.apply(Action::Select(Some(Rc::from(id))));
    s
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
    a.apply(Action::Command(spawn("w1", true).expect("a spec")));
    a.apply(Action::Command(Command::TrapExit(true)));
    a.apply(Action::Command(Command::Monitor {
        to: "client_a".into(),
    }));
    a.apply(Action::Seek(400_000));
    a.apply(Action::Command(process_exit("w1", ":kill")));
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
