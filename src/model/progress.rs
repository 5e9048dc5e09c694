//! What a learner has done, kept in local storage: lessons read, demos played, predictions
//! answered (right or wrong), summed per lesson and over all lessons. The quiz's best scores
//! stay in the quiz's own record (`model::quiz::Progress`). Versioned: an older, newer or
//! corrupt value counts as no progress, never a panic; sizes are bounded.

use otp_content::{Lesson, Segment};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const STORAGE_KEY: &str = "otp-playground.progress";
pub const VERSION: u32 = 1;
/// At most this many entries of each kind are kept (far more than the lessons have).
pub const MAX_ENTRIES: usize = 2_000;
/// Longer keys are not recorded (a lesson slug or a demo key is short).
const MAX_KEY: usize = 120;

/// The stored record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    pub version: u32,
    /// Slugs of the lessons read (scrolled to the end, or marked).
    #[serde(default)]
    pub read: BTreeSet<String>,
    /// Demos played: `slug#n`, n counting the lesson's demos from 0.
    #[serde(default)]
    pub played: BTreeSet<String>,
    /// Predictions answered: `slug#n` → whether the first answer was right.
    #[serde(default)]
    pub predicted: BTreeMap<String, bool>,
}

/// The key of a lesson's `n`th demo.
pub fn demo_key(slug: &str, n: usize) -> String {
    format!("{slug}#{n}")
}

/// One lesson's progress, for ticks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LessonProgress {
    pub read: bool,
    pub demos: usize,
    pub played: usize,
    pub predictions: usize,
    pub answered: usize,
    pub right: usize,
}

impl LessonProgress {
    /// Read, every demo played, every prediction answered.
    pub fn complete(&self) -> bool {
        self.read && self.played == self.demos && self.answered == self.predictions
    }
}

/// Over all lessons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub lessons: usize,
    pub read: usize,
    pub complete: usize,
    pub demos: usize,
    pub played: usize,
    pub predictions: usize,
    pub answered: usize,
    pub right: usize,
}

impl Learned {
    /// The stored text, read: a missing, corrupt, older or newer value is no progress.
    pub fn from_json(text: &str) -> Learned {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return Learned::default();
        };
        if value.get("version").and_then(|v| v.as_u64()) != Some(VERSION as u64) {
            return Learned::default();
        }
        let mut l = serde_json::from_value::<Learned>(value).unwrap_or_default();
        l.version = VERSION;
        l.read.retain(|k| k.len() <= MAX_KEY);
        l.played.retain(|k| k.len() <= MAX_KEY);
        l.predicted.retain(|k, _| k.len() <= MAX_KEY);
        while l.read.len() > MAX_ENTRIES {
            l.read.pop_last();
        }
        while l.played.len() > MAX_ENTRIES {
            l.played.pop_last();
        }
        while l.predicted.len() > MAX_ENTRIES {
            l.predicted.pop_last();
        }
        l
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&Learned {
            version: VERSION,
            ..self.clone()
        })
        .unwrap_or_default()
    }

    fn room(set_len: usize, key: &str) -> bool {
        set_len < MAX_ENTRIES && key.len() <= MAX_KEY
    }

    /// Records a lesson read; false if it already was (nothing to save).
    pub fn mark_read(&mut self, slug: &str) -> bool {
        Self::room(self.read.len(), slug) && self.read.insert(slug.to_string())
    }

    pub fn mark_played(&mut self, slug: &str, n: usize) -> bool {
        let k = demo_key(slug, n);
        Self::room(self.played.len(), &k) && self.played.insert(k)
    }

    /// Records a prediction's answer; the first answer is the one kept.
    pub fn answer(&mut self, slug: &str, n: usize, right: bool) -> bool {
        let k = demo_key(slug, n);
        if self.predicted.contains_key(&k) || !Self::room(self.predicted.len(), &k) {
            return false;
        }
        self.predicted.insert(k, right);
        true
    }

    /// The recorded answer to a lesson's `n`th demo's prediction.
    pub fn answered(&self, slug: &str, n: usize) -> Option<bool> {
        self.predicted.get(&demo_key(slug, n)).copied()
    }

    pub fn lesson(&self, l: &Lesson) -> LessonProgress {
        let mut p = LessonProgress {
            read: self.read.contains(&l.slug),
            ..LessonProgress::default()
        };
        let demos = l.segments.iter().filter_map(|s| match s {
            Segment::Demo(d) => Some(d),
            _ => None,
        });
        for (n, d) in demos.enumerate() {
            let k = demo_key(&l.slug, n);
            p.demos += 1;
            p.played += usize::from(self.played.contains(&k));
            if d.predict.is_some() {
                p.predictions += 1;
                if let Some(&right) = self.predicted.get(&k) {
                    p.answered += 1;
                    p.right += usize::from(right);
                }
            }
        }
        p
    }

    pub fn totals(&self, lessons: &[Lesson]) -> Totals {
        let mut t = Totals::default();
        for l in lessons {
            let p = self.lesson(l);
            t.lessons += 1;
            t.read += usize::from(p.read);
            t.complete += usize::from(p.complete());
            t.demos += p.demos;
            t.played += p.played;
            t.predictions += p.predictions;
            t.answered += p.answered;
            t.right += p.right;
        }
        t
    }

    pub fn is_empty(&self) -> bool {
        self.read.is_empty() && self.played.is_empty() && self.predicted.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_content::{Demo, Predict};

    fn demo(predict: bool) -> Segment {
        Segment::Demo(Box::new(Demo {
            scenario: "s".into(),
            run_to_ms: 0,
            select: None,
            caption: None,
            predict: predict.then(|| Predict {
                question: "?".into(),
                choices: vec!["a".into(), "b".into()],
                answer: 0,
                explain: "e".into(),
                play_ms: 10,
                expect: Default::default(),
            }),
        }))
    }

    fn lesson(slug: &str, segments: Vec<Segment>) -> Lesson {
        Lesson {
            slug: slug.into(),
            title: slug.into(),
            summary: String::new(),
            order: 1,
            file: String::new(),
            segments,
            links: vec![],
        }
    }

    #[test]
    fn ticks_per_lesson_and_in_total() {
        let a = lesson(
            "a",
            vec![Segment::Html("x".into()), demo(true), demo(false)],
        );
        let b = lesson("b", vec![]);
        let mut p = Learned::default();
        assert!(!p.lesson(&a).complete());
        assert!(p.mark_read("a"));
        assert!(!p.mark_read("a"));
        assert!(p.mark_played("a", 0));
        assert!(p.answer("a", 0, false));
        assert!(!p.answer("a", 0, true), "the first answer is kept");
        assert_eq!(p.answered("a", 0), Some(false));
        let la = p.lesson(&a);
        assert_eq!(
            la,
            LessonProgress {
                read: true,
                demos: 2,
                played: 1,
                predictions: 1,
                answered: 1,
                right: 0
            }
        );
        assert!(!la.complete());
        p.mark_played("a", 1);
        assert!(p.lesson(&a).complete());
        p.mark_read("b");
        let t = p.totals(&[a, b]);
        assert_eq!((t.lessons, t.read, t.complete), (2, 2, 2));
        assert_eq!((t.demos, t.played, t.predictions, t.answered), (2, 2, 1, 1));
    }

    #[test]
    fn round_trips_and_ignores_what_it_cannot_read() {
        let mut p = Learned::default();
        p.mark_read("iron-law");
        p.answer("iron-law", 0, true);
        let back = Learned::from_json(&p.to_json());
        assert_eq!(back.read, p.read);
        assert_eq!(back.answered("iron-law", 0), Some(true));
        assert_eq!(back.version, VERSION);
        for bad in [
            "",
            "null",
            "[1,2]",
            "{\"version\": 0, \"read\": [\"a\"]}",
            "{\"read\": [\"a\"]}",
            "{\"version\": 99, \"read\": [\"a\"]}",
            "{\"version\": 1, \"read\": 7}",
            "{\"version\": \"1\"}",
            "{{{{",
        ] {
            assert!(Learned::from_json(bad).is_empty(), "{bad}");
        }
        // Unknown fields (a later minor addition) are ignored; what is known is kept.
        let p = Learned::from_json("{\"version\": 1, \"read\": [\"a\"], \"later\": true}");
        assert!(p.read.contains("a"));
    }

    #[test]
    fn sizes_are_bounded() {
        let mut p = Learned::default();
        assert!(!p.mark_read(&"x".repeat(500)));
        for i in 0..MAX_ENTRIES + 10 {
            p.mark_read(&format!("l{i}"));
        }
        assert_eq!(p.read.len(), MAX_ENTRIES);
        let big: Vec<String> = (0..MAX_ENTRIES + 50).map(|i| format!("\"k{i}\"")).collect();
        let text = format!("{{\"version\":1,\"read\":[{}]}}", big.join(","));
        assert_eq!(Learned::from_json(&text).read.len(), MAX_ENTRIES);
    }
}
