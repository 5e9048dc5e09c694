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
    let mut out = vec![PresenterStep {
        at: 1_000,
        text: Rc::from(format!("{} — {}", sc.name, sc.description).as_str()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrated_steps_win_over_generated_ones() {
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
