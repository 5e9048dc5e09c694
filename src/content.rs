//! The teaching content embedded at build time (see `build.rs`). The bundle is parsed once, on first use, and shared read-only afterwards.

use otp_content::Bundle;
use std::rc::Rc;

const BUNDLE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/content.json"));

thread_local! {
    static BUNDLE: Rc<Bundle> = Rc::new(
        // The build script wrote this JSON from the same types: it always parses.
        serde_json::from_str(BUNDLE_JSON).unwrap_or_else(|_| Bundle {
            syllabus: otp_content::Syllabus {
                comment: String::new(),
                insights: Vec::new(),
                rationalizations: Vec::new(),
                red_flags: Vec::new(),
            },
            lessons: Vec::new(),
            quiz: otp_content::Bank { questions: Vec::new() },
            scenarios: Vec::new(),
        }),
    );
}

/// The lessons, quiz and lesson scenarios.
pub fn bundle() -> Rc<Bundle> {
    BUNDLE.with(Rc::clone)
}

/// A scenario's JSON by name: a built-in (`scenarios/`) or a lesson scenario.
pub fn scenario_json(name: &str) -> Option<&'static str> {
    if let Some((_, json)) = crate::scenarios::BUILTIN
        .iter()
        .find(|(f, _)| crate::scenarios::slug(f) == name)
    {
        return Some(json);
    }
    // Lesson scenarios live in the bundle; leak one copy per name so callers get a
    // `'static` str like the built-ins (a few KB, at most once each).
    thread_local! {
        static LEAKED: std::cell::RefCell<Vec<(String, &'static str)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LEAKED.with(|l| {
        if let Some((_, s)) = l.borrow().iter().find(|(n, _)| n == name) {
            return Some(*s);
        }
        let b = bundle();
        let json = b.scenario_json(name)?;
        let s: &'static str = Box::leak(json.to_string().into_boxed_str());
        l.borrow_mut().push((name.to_string(), s));
        Some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_scenario_resolves() {
        let b = bundle();
        assert!(!b.lessons.is_empty(), "the bundle has lessons");
        for s in &b.scenarios {
            assert!(scenario_json(&s.name).is_some());
        }
        assert!(scenario_json("cache_one_for_one").is_some());
        assert!(scenario_json("no_such").is_none());
    }
}
