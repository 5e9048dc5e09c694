//! Screen-reader announcements, said through one polite live region: which moments of a run
//! are worth saying aloud (a crash, a restart, a supervisor giving up, a live warning that
//! appears) and how often. At most one sentence every `EVERY_MS` of wall-clock time; what
//! happened in between is summed up ("3 crashes and 2 restarts in the last moments.").
//! A jump in time (scrubbing, stepping back, reset, another scenario) drops what was waiting
//! and says nothing about it. Muted, nothing is said. Pure: the clock is the wall time the
//! caller passes in, so the tests use a fake one.

use crate::model::timeline::{MarkerKind, Timeline};
use crate::model::warnings::Warning;
use std::rc::Rc;

/// Wall-clock time (ms) between two announcements.
pub const EVERY_MS: f64 = 2_000.0;

/// Up to this many things waiting are said one by one; more are counted.
const SAID_IN_FULL: usize = 3;

/// What happened, as the announcer counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Crash,
    Restart,
    GaveUp,
    Warning,
}

/// The live region's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Announcer {
    pub muted: bool,
    /// What the live region says now.
    pub current: Rc<str>,
    /// Changes each time something is said, so the view can replace the text node and the
    /// same sentence said twice is heard twice.
    pub serial: u64,
    pending: Pending,
    last_said: Option<f64>,
    /// The trace position up to which the run's markers were heard.
    seen: usize,
    /// The keys of the warnings shown at the last look.
    warnings: Vec<String>,
}

/// What waits to be said.
#[derive(Clone, Debug, Default, PartialEq)]
struct Pending {
    counts: [u32; 4],
    /// The first sentences waiting, said in full when there are no more than these.
    first: Vec<String>,
    /// The first supervisor that gave up: named even in a summary.
    gave_up: Option<String>,
}

impl Pending {
    fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

fn index(kind: Kind) -> usize {
    match kind {
        Kind::Crash => 0,
        Kind::Restart => 1,
        Kind::GaveUp => 2,
        Kind::Warning => 3,
    }
}

impl Announcer {
    /// Something happened that is worth saying.
    pub fn note(&mut self, kind: Kind, sentence: String) {
        if self.muted {
            return;
        }
        let p = &mut self.pending;
        p.counts[index(kind)] = p.counts[index(kind)].saturating_add(1);
        if kind == Kind::GaveUp && p.gave_up.is_none() {
            p.gave_up = Some(sentence.clone());
        }
        if p.first.len() < SAID_IN_FULL {
            p.first.push(sentence);
        }
    }

    /// The run went forward: notes the crashes, restarts and giving-ups since the last look
    /// and the warnings that were not there then.
    pub fn listen(&mut self, timeline: &Timeline, warnings: &[Warning]) {
        let heard: Vec<(Kind, String)> = timeline
            .markers_from(self.seen)
            .filter_map(|m| {
                let kind = match m.kind {
                    MarkerKind::Crash => Kind::Crash,
                    MarkerKind::Restart => Kind::Restart,
                    MarkerKind::GaveUp => Kind::GaveUp,
                    MarkerKind::Command => return None,
                };
                Some((kind, format!("{}.", m.label)))
            })
            .collect();
        for (kind, sentence) in heard {
            self.note(kind, sentence);
        }
        for w in warnings {
            if !self.warnings.contains(&w.key) {
                self.note(Kind::Warning, format!("Warning: {}", w.text));
            }
        }
        self.skip(timeline, warnings, false);
    }

    /// The run jumped (or is seen for the first time): what is there now is taken as heard,
    /// and with `drop` what was waiting is forgotten.
    pub fn skip(&mut self, timeline: &Timeline, warnings: &[Warning], drop: bool) {
        self.seen = timeline.sim.trace().len();
        // Called every frame while playing: the keys are copied only when they changed.
        if !self.warnings.iter().eq(warnings.iter().map(|w| &w.key)) {
            self.warnings = warnings.iter().map(|w| w.key.clone()).collect();
        }
        if drop {
            self.pending = Pending::default();
        }
    }

    /// Says what waits if the last announcement is at least `EVERY_MS` old. Returns
    /// whether the live region changed.
    pub fn tick(&mut self, wall: f64) -> bool {
        if self.pending.total() == 0 {
            return false;
        }
        // A clock that went backwards (a new page's frame times) does not hold speech back.
        if let Some(last) = self.last_said
            && wall >= last
            && wall - last < EVERY_MS
        {
            return false;
        }
        let p = std::mem::take(&mut self.pending);
        self.say(sentence(&p), wall);
        true
    }

    /// Turns announcements off or on, saying so.
    pub fn set_muted(&mut self, muted: bool, wall: f64) {
        self.muted = muted;
        self.pending = Pending::default();
        let s = if muted {
            "Announcements off."
        } else {
            "Announcements on."
        };
        self.say(s.to_string(), wall);
    }

    /// Says `s` at once (what the user just asked for, such as the process a key selected);
    /// what waits is said after the usual pause.
    pub fn say_now(&mut self, s: String, wall: f64) {
        if !self.muted {
            self.say(s, wall);
        }
    }

    fn say(&mut self, s: String, wall: f64) {
        self.current = Rc::from(s.as_str());
        self.serial = self.serial.wrapping_add(1);
        self.last_said = Some(wall);
    }
}

/// The sentence for what waited: itself when it is one thing, else a count of each kind
/// (with the first supervisor that gave up named).
fn sentence(p: &Pending) -> String {
    if p.total() as usize <= SAID_IN_FULL {
        return p.first.join(" ");
    }
    const NAMES: [(&str, &str); 4] = [
        ("crash", "crashes"),
        ("restart", "restarts"),
        ("supervisor gave up", "supervisors gave up"),
        ("new warning", "new warnings"),
    ];
    let parts: Vec<String> = p
        .counts
        .iter()
        .zip(NAMES)
        .filter(|(n, _)| **n > 0)
        .map(|(&n, (one, many))| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        })
        .collect();
    let list = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let summary = format!("{list} in the last moments.");
    match &p.gave_up {
        Some(g) => format!("{g} {summary}"),
        None => summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenarios::BUILTIN;
    use otp_sim::Scenario;

    fn first_builtin() -> Scenario {
        Scenario::from_json(BUILTIN[0].1).expect("valid")
    }

    fn crash(a: &mut Announcer, who: &str) {
        a.note(Kind::Crash, format!("{who} exited: killed."));
    }

    #[test]
    fn one_event_is_said_as_it_is() {
        let mut a = Announcer::default();
        assert!(!a.tick(0.0), "nothing to say");
        crash(&mut a, "cache");
        assert!(a.tick(10.0));
        assert_eq!(&*a.current, "cache exited: killed.");
        assert_eq!(a.serial, 1);
        assert!(!a.tick(20.0), "said once");
    }

    #[test]
    fn at_most_one_sentence_every_two_seconds_summing_up_the_rest() {
        let mut a = Announcer::default();
        crash(&mut a, "a");
        assert!(a.tick(1_000.0));
        // 1.9 s of frames: three crashes, two restarts, held back.
        for (i, t) in [1_100.0, 1_500.0, 2_000.0, 2_500.0, 2_900.0]
            .iter()
            .enumerate()
        {
            if i < 3 {
                crash(&mut a, "b");
            } else {
                a.note(Kind::Restart, "b restarted (#1).".into());
            }
            assert!(!a.tick(*t), "held back at {t}");
        }
        assert_eq!(a.serial, 1);
        assert!(a.tick(3_000.0));
        assert_eq!(&*a.current, "3 crashes and 2 restarts in the last moments.");
        assert!(!a.tick(3_100.0));
    }

    #[test]
    fn a_supervisor_giving_up_is_named_in_a_summary() {
        let mut a = Announcer::default();
        crash(&mut a, "w");
        a.note(Kind::Restart, "w restarted (#1).".into());
        assert!(a.tick(0.0));
        assert_eq!(
            &*a.current, "w exited: killed. w restarted (#1).",
            "few: in full"
        );
        crash(&mut a, "w");
        a.note(Kind::Restart, "w restarted (#1).".into());
        a.note(Kind::GaveUp, "sup gave up.".into());
        a.note(Kind::Warning, "Warning: x".into());
        assert!(a.tick(2_000.0));
        assert_eq!(
            &*a.current,
            "sup gave up. 1 crash, 1 restart, 1 supervisor gave up and 1 new warning in the last moments."
        );
    }

    #[test]
    fn muted_says_nothing_and_a_jump_forgets_what_waited() {
        let mut a = Announcer::default();
        a.set_muted(true, 0.0);
        assert_eq!(&*a.current, "Announcements off.");
        crash(&mut a, "a");
        assert!(!a.tick(5_000.0));
        a.set_muted(false, 5_000.0);
        assert_eq!(&*a.current, "Announcements on.");
        crash(&mut a, "a");
        let tl = Timeline::new(first_builtin());
        a.skip(&tl, &[], true);
        assert!(!a.tick(60_000.0), "dropped by the jump");
    }

    #[test]
    fn what_the_user_asked_for_is_said_at_once_and_the_rest_waits() {
        let mut a = Announcer::default();
        crash(&mut a, "a");
        a.say_now("Selected b (2 of 5).".into(), 0.0);
        assert_eq!(&*a.current, "Selected b (2 of 5).");
        assert!(!a.tick(1_000.0));
        assert!(a.tick(2_000.0));
        assert_eq!(&*a.current, "a exited: killed.");
    }

    #[test]
    fn a_clock_going_backwards_does_not_block_speech() {
        let mut a = Announcer::default();
        crash(&mut a, "a");
        assert!(a.tick(50_000.0));
        crash(&mut a, "b");
        assert!(a.tick(10.0));
    }

    /// The crash and restart of a real run are heard once each, the scenario's own fault
    /// (a command) not at all, and what was before a jump not at all.
    #[test]
    fn a_run_is_heard_once_and_a_jump_is_silent() {
        let sc = first_builtin();
        let mut tl = Timeline::new(sc);
        let mut a = Announcer::default();
        a.skip(&tl, &[], true);
        let mut said = Vec::new();
        let mut wall = 0.0;
        while tl.now() < 1_500_000 {
            let t = tl.now() + 50_000;
            tl.run_to(t, 100_000);
            a.listen(&tl, &[]);
            wall += 50.0;
            if a.tick(wall) {
                said.push(a.current.to_string());
            }
        }
        while a.tick(wall + 10_000.0) {
            said.push(a.current.to_string());
            wall += 10_000.0;
        }
        assert!(
            said.iter().any(|s| s.contains("exited")),
            "a crash said: {said:?}"
        );
        assert!(
            said.iter().all(|s| !s.contains('→')),
            "no commands: {said:?}"
        );
        // Back to the start and forward again over the same stretch: a jump says nothing.
        tl.seek(0);
        a.skip(&tl, &[], true);
        tl.seek(1_500_000);
        a.skip(&tl, &[], true);
        assert!(!a.tick(wall + 100_000.0));
    }
}
