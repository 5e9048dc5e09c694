//! The keyboard map (PRODUCT.md), as one list: each row is the keys, what they do, where
//! they work and the words the help shows. The app's key listener asks `lookup` what a key
//! means here and now; the help dialog prints `ROWS`. One list, so the two cannot drift.

use crate::model::state::Action;
use otp_sim::Command;

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    TogglePlay,
    Step,
    StepBack,
    Reset,
    RunToEnd,
    SelectNext,
    SelectPrevious,
    Kill,
    Poison,
    ToggleSuspend,
    Fullscreen,
    ToggleHelp,
    /// Close the help; in presenter mode (help closed), back to the playground.
    Escape,
    NextStep,
    PreviousStep,
    NextBranch,
    ToggleMute,
    ToggleTies,
    /// The quiz's own keys (its screen listens for them): listed for the help only.
    QuizAnswer,
}

/// Where a row's keys work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even with a dialog open.
    Always,
    /// Everywhere but in an open dialog.
    Anywhere,
    /// Wherever the stage is the main thing (playground, presenter, embed, a lesson).
    Stage,
    /// In presenter mode only.
    Presenter,
    /// On the quiz's own screen (handled there).
    Quiz,
    /// On the decision tree (`#/decide`, or focus in a lesson's tree; handled there).
    Decide,
}

/// One row of the map: its keys (as `KeyboardEvent.key` spells them) and what each does.
pub struct Row {
    pub label: &'static str,
    pub help: &'static str,
    pub scope: Scope,
    pub keys: &'static [(&'static str, Intent)],
}

/// The keyboard map, in the order the help lists it.
pub const ROWS: &[Row] = &[
    Row {
        label: "Space",
        help: "play / pause",
        scope: Scope::Stage,
        keys: &[(" ", Intent::TogglePlay), ("Spacebar", Intent::TogglePlay)],
    },
    Row {
        label: "→",
        help: "step one event",
        scope: Scope::Stage,
        keys: &[("ArrowRight", Intent::Step)],
    },
    Row {
        label: "←",
        help: "step back",
        scope: Scope::Stage,
        keys: &[("ArrowLeft", Intent::StepBack)],
    },
    Row {
        label: "Home",
        help: "reset",
        scope: Scope::Stage,
        keys: &[("Home", Intent::Reset)],
    },
    Row {
        label: "End",
        help: "run to the end of the scenario (again: stop there)",
        scope: Scope::Stage,
        keys: &[("End", Intent::RunToEnd)],
    },
    Row {
        label: "] / [",
        help: "next / previous process",
        scope: Scope::Stage,
        keys: &[("]", Intent::SelectNext), ("[", Intent::SelectPrevious)],
    },
    Row {
        label: "k",
        help: "kill the selected process (Process.exit(pid, :kill))",
        scope: Scope::Stage,
        keys: &[("k", Intent::Kill)],
    },
    Row {
        label: "p",
        help: "poison the selected process (send :poison)",
        scope: Scope::Stage,
        keys: &[("p", Intent::Poison)],
    },
    Row {
        label: "s",
        help: "suspend / resume the selected process",
        scope: Scope::Stage,
        keys: &[("s", Intent::ToggleSuspend)],
    },
    Row {
        label: "l",
        help: "draw the links and monitors of every process (again: of the selected one only)",
        scope: Scope::Stage,
        keys: &[("l", Intent::ToggleTies)],
    },
    Row {
        label: "f",
        help: "fullscreen",
        scope: Scope::Stage,
        keys: &[("f", Intent::Fullscreen)],
    },
    Row {
        label: "?",
        help: "this help",
        scope: Scope::Anywhere,
        keys: &[("?", Intent::ToggleHelp)],
    },
    Row {
        label: "Esc",
        help: "close this help; in presenter mode, back to the playground",
        scope: Scope::Always,
        keys: &[("Escape", Intent::Escape)],
    },
    Row {
        label: "n",
        help: "switch to the next branch of the timeline (after acting in the past)",
        scope: Scope::Stage,
        keys: &[("n", Intent::NextBranch)],
    },
    Row {
        label: "m",
        help: "mute / unmute what screen readers are told (crashes, restarts, warnings)",
        scope: Scope::Stage,
        keys: &[("m", Intent::ToggleMute)],
    },
    Row {
        label: "PageDown / .",
        help: "presenter mode: next narrated step",
        scope: Scope::Presenter,
        keys: &[("PageDown", Intent::NextStep), (".", Intent::NextStep)],
    },
    Row {
        label: "PageUp / b",
        help: "presenter mode: previous narrated step",
        scope: Scope::Presenter,
        keys: &[
            ("PageUp", Intent::PreviousStep),
            ("b", Intent::PreviousStep),
        ],
    },
    Row {
        label: "+ / −, 0, Enter",
        help: "canvas stage (big trees, focus on it): zoom in / out, fit the tree, zoom to the selected process's supervisor",
        scope: Scope::Stage,
        keys: &[],
    },
    Row {
        label: "1–5, Enter",
        help: "quiz: pick an answer, go on",
        scope: Scope::Quiz,
        keys: &[],
    },
    Row {
        label: "y / 1, n / 2, Backspace",
        help: "decision tree: answer yes, no; go back",
        scope: Scope::Decide,
        keys: &[],
    },
];

/// Where the key was pressed: what the page shows and where focus is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// The stage is the main thing on the page.
    pub on_stage: bool,
    pub presenting: bool,
    /// A dialog is open: only its own keys (and Escape).
    pub modal: bool,
    /// Focus is in a text field (keys are text there).
    pub typing: bool,
    /// Focus is on a control that Space and Enter activate (a button, a checkbox).
    pub on_control: bool,
}

/// What `key` means in this context, if anything.
pub fn lookup(key: &str, cx: KeyContext) -> Option<Intent> {
    let (scope, intent) = ROWS
        .iter()
        .flat_map(|r| r.keys.iter().map(move |(k, i)| (r.scope, *k, *i)))
        .filter(|(_, k, _)| *k == key)
        .map(|(s, _, i)| (s, i))
        // Presenter keys first: in presenter mode they win over any stage key.
        .find(|(s, _)| *s != Scope::Presenter || cx.presenting)?;
    if scope == Scope::Always {
        return Some(intent);
    }
    if cx.typing || (cx.on_control && (key == " " || key == "Enter")) || cx.modal {
        return None;
    }
    match scope {
        Scope::Anywhere => Some(intent),
        Scope::Stage | Scope::Presenter if cx.on_stage => Some(intent),
        _ => None,
    }
}

impl Intent {
    /// The state's action for this intent; `None` for what only the page can do
    /// (fullscreen, leaving presenter mode, the quiz's keys).
    pub fn action(self) -> Option<Action> {
        Some(match self {
            Intent::TogglePlay => Action::TogglePlay,
            Intent::Step => Action::Step,
            Intent::StepBack => Action::StepBack,
            Intent::Reset => Action::Reset,
            Intent::RunToEnd => Action::RunToEnd,
            Intent::SelectNext => Action::SelectNext(1),
            Intent::SelectPrevious => Action::SelectNext(-1),
            Intent::Kill => Action::Command(Command::Exit {
                reason: ":kill".into(),
            }),
            Intent::Poison => Action::Command(Command::Poison),
            Intent::ToggleSuspend => Action::ToggleSuspend,
            Intent::ToggleHelp => Action::ToggleHelp,
            Intent::Escape => Action::ShowHelp(false),
            Intent::NextStep => Action::PresentStep(1),
            Intent::PreviousStep => Action::PresentStep(-1),
            Intent::NextBranch => Action::NextBranch,
            Intent::ToggleMute => Action::ToggleMute,
            Intent::ToggleTies => Action::ToggleTies,
            Intent::Fullscreen | Intent::QuizAnswer => return None,
        })
    }

    /// Does the key's default (scrolling, the scrubber moving) give way to it? Stage keys
    /// do; the help and Escape keep the browser's own behaviour.
    pub fn prevents_default(self) -> bool {
        !matches!(
            self,
            Intent::ToggleHelp | Intent::Escape | Intent::Fullscreen | Intent::QuizAnswer
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage() -> KeyContext {
        KeyContext {
            on_stage: true,
            ..KeyContext::default()
        }
    }

    #[test]
    fn every_key_is_listed_once_per_scope() {
        let mut seen = Vec::new();
        for r in ROWS {
            assert!(!r.label.is_empty() && !r.help.is_empty());
            for (k, _) in r.keys {
                let key = (r.scope == Scope::Presenter, *k);
                assert!(!seen.contains(&key), "{k} is bound twice");
                seen.push(key);
            }
        }
    }

    #[test]
    fn stage_keys_work_on_the_stage_only() {
        assert_eq!(lookup(" ", stage()), Some(Intent::TogglePlay));
        assert_eq!(lookup("k", stage()), Some(Intent::Kill));
        assert_eq!(lookup("k", KeyContext::default()), None);
        assert_eq!(lookup("?", KeyContext::default()), Some(Intent::ToggleHelp));
        assert_eq!(lookup("x", stage()), None);
    }

    #[test]
    fn presenter_keys_only_in_presenter_mode() {
        assert_eq!(lookup("b", stage()), None);
        let p = KeyContext {
            presenting: true,
            ..stage()
        };
        assert_eq!(lookup("b", p), Some(Intent::PreviousStep));
        assert_eq!(lookup("PageDown", p), Some(Intent::NextStep));
        assert_eq!(lookup(".", p), Some(Intent::NextStep));
    }

    #[test]
    fn typing_dialogs_and_focused_controls_keep_their_keys() {
        let typing = KeyContext {
            typing: true,
            ..stage()
        };
        assert_eq!(lookup("k", typing), None);
        assert_eq!(lookup("Escape", typing), Some(Intent::Escape));
        let modal = KeyContext {
            modal: true,
            ..stage()
        };
        assert_eq!(lookup(" ", modal), None);
        assert_eq!(lookup("?", modal), None);
        assert_eq!(lookup("Escape", modal), Some(Intent::Escape));
        let button = KeyContext {
            on_control: true,
            ..stage()
        };
        assert_eq!(lookup(" ", button), None, "Space presses the button");
        assert_eq!(lookup("k", button), Some(Intent::Kill));
    }

    #[test]
    fn kill_is_an_untrappable_exit() {
        assert_eq!(
            Intent::Kill.action(),
            Some(Action::Command(Command::Exit {
                reason: ":kill".into()
            }))
        );
        assert_eq!(Intent::Fullscreen.action(), None);
    }

    #[test]
    fn the_docs_list_every_row() {
        let docs = include_str!("../../docs/app.md");
        for r in ROWS {
            let line = format!("| `{}` | {} |", r.label, r.help);
            assert!(docs.contains(&line), "docs/app.md lacks the row {line}");
        }
    }
}
