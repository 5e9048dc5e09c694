//! Presenter mode's script: the narrated steps a trainer walks through, from the
//! scenario's own `steps` or, without them, generated around its scheduled faults.

use otp_sim::{Scenario, Time};
use std::rc::Rc;

/// A presenter step, from the scenario's narration or (without one) its scheduled faults.
#[derive(Clone, Debug, PartialEq)]
pub struct PresenterStep {
    pub at: Time,
    pub text: Rc<str>,
    pub select: Option<Rc<str>>,
}

/// The steps a presenter walks through: the scenario's narrated `steps`, or, if it has
/// none, one step just before each scheduled fault and one just after it.
pub fn presenter_steps(sc: &Scenario) -> Vec<PresenterStep> {
    if !sc.steps.is_empty() {
        return sc
            .steps
            .iter()
            .map(|s| PresenterStep {
                at: s.at_ms.saturating_mul(1000),
                text: Rc::from(s.text.as_str()),
                select: s.select.as_deref().map(Rc::from),
            })
            .collect();
    }
    // The first step opens once the tree has started (a millisecond in), not on "no pid"s.
    // Its text must fit the narration strip at 1280×720 (a clicker cannot scroll): the
    // name and the description's first sentence, cut at a word if still long.
    let mut out = vec![PresenterStep {
        at: 1_000,
        text: Rc::from(opening(&sc.name, &sc.description).as_str()),
        select: None,
    }];
    for f in &sc.faults {
        let at = f.at_ms.saturating_mul(1000);
        let what = f.action.label();
        out.push(PresenterStep {
            at: at.saturating_sub(1000),
            text: Rc::from(
                format!(
                    "Next, at {:.1} s: {what} → {}. What will happen?",
                    f.at_ms as f64 / 1000.0,
                    f.target
                )
                .as_str(),
            ),
            select: Some(Rc::from(f.target.as_str())),
        });
        out.push(PresenterStep {
            at: at.saturating_add(300_000),
            text: Rc::from(
                format!(
                    "{what} → {} at {:.1} s: this is what its supervisor did.",
                    f.target,
                    f.at_ms as f64 / 1000.0
                )
                .as_str(),
            ),
            select: Some(Rc::from(f.target.as_str())),
        });
    }
    out
}

/// Characters the narration strip shows in three lines of presenter type at 1280×720.
const STRIP_CHARS: usize = 120;

/// The opening step: the scenario's name and as much of its description's first sentence
/// as fits the strip.
fn opening(name: &str, description: &str) -> String {
    let room = STRIP_CHARS.saturating_sub(name.chars().count() + 3).max(40);
    if description.trim().is_empty() {
        return name.to_string();
    }
    format!("{name} — {}", headline(description, room))
}

/// The first sentence of `text`, at most `max` characters (cut at a word, with "…").
fn headline(text: &str, max: usize) -> String {
    let text = text.trim();
    let first = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '))
        .map_or(text, |(i, _)| &text[..=i]);
    if first.chars().count() <= max {
        return first.to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_step_is_short_enough_for_the_strip() {
        assert_eq!(headline("One. Two.", 150), "One.");
        assert_eq!(headline("No full stop here", 150), "No full stop here");
        assert_eq!(
            headline("Version 1.2 works. Then", 150),
            "Version 1.2 works."
        );
        let long = "word ".repeat(100);
        let h = headline(&long, 150);
        assert!(h.chars().count() <= 151 && h.ends_with('…'), "{h}");
        for (file, json) in crate::model::scenarios::BUILTIN {
            let sc = Scenario::from_json(json).expect("valid");
            let steps = presenter_steps(&sc);
            assert!(
                steps[0].text.chars().count() <= 150 + sc.name.len() + 4,
                "{file}"
            );
        }
    }

    #[test]
    fn generated_steps_frame_each_fault() {
        let sc = Scenario::from_json(
            r#"{"name":"n","tree":{"type":"supervisor","id":"s","children":[{"id":"w","type":"worker"}]},
                "faults":[{"at_ms":500,"target":"w","action":"poison"}]}"#,
        )
        .expect("valid");
        let steps = presenter_steps(&sc);
        // One opening step, then one before and one after the fault.
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1].at, 499_000);
        assert_eq!(steps[2].at, 800_000);
        assert_eq!(steps[1].select.as_deref(), Some("w"));
    }
}
