//! The teaching content embedded at build time (see `build.rs`), and the app's addresses.
//! The bundle is parsed once, on first use, and shared read-only afterwards.

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

/// Where the address bar points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Play,
    /// `#/play/<scenario>?t=<ms>&sel=<id>`: a scenario opened at a moment.
    PlayAt {
        scenario: String,
        t_ms: u64,
        select: Option<String>,
    },
    Lessons,
    Lesson(String),
    /// `#/quiz?seed=<n>&n=<count>`: a run drawn with this seed.
    Quiz {
        seed: Option<u64>,
        count: Option<usize>,
    },
    NotFound(String),
}

impl Route {
    /// Parses `location.hash`. Anything unknown becomes `NotFound`, never a panic.
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        let h = h.strip_prefix('/').unwrap_or(h);
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let param = |k: &str| {
            query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(key, _)| *key == k)
                .map(|(_, v)| decode(v))
        };
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Play,
            ["play"] => Route::Play,
            ["play", name] => Route::PlayAt {
                scenario: decode(name),
                t_ms: param("t").and_then(|t| t.parse().ok()).unwrap_or(0),
                select: param("sel").filter(|s| !s.is_empty()),
            },
            ["lessons"] => Route::Lessons,
            ["lessons", slug] => Route::Lesson(decode(slug)),
            ["quiz"] => Route::Quiz {
                seed: param("seed").and_then(|s| s.parse().ok()),
                count: param("n").and_then(|s| s.parse().ok()),
            },
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The top-bar section this route belongs to.
    pub fn section(&self) -> &'static str {
        match self {
            Route::Play | Route::PlayAt { .. } | Route::NotFound(_) => "#/",
            Route::Lessons | Route::Lesson(_) => "#/lessons",
            Route::Quiz { .. } => "#/quiz",
        }
    }
}

/// Percent-decoding for the few characters an address may carry.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_address() {
        assert_eq!(Route::parse(""), Route::Play);
        assert_eq!(Route::parse("#/"), Route::Play);
        assert_eq!(Route::parse("#/lessons"), Route::Lessons);
        assert_eq!(
            Route::parse("#/lessons/iron-law"),
            Route::Lesson("iron-law".into())
        );
        assert_eq!(
            Route::parse("#/play/db_one_for_all?t=1500&sel=db"),
            Route::PlayAt {
                scenario: "db_one_for_all".into(),
                t_ms: 1500,
                select: Some("db".into())
            }
        );
        assert_eq!(
            Route::parse("#/play/x?t=zz"),
            Route::PlayAt {
                scenario: "x".into(),
                t_ms: 0,
                select: None
            }
        );
        assert_eq!(
            Route::parse("#/quiz?seed=42&n=10"),
            Route::Quiz {
                seed: Some(42),
                count: Some(10)
            }
        );
        assert_eq!(
            Route::parse("#/quiz"),
            Route::Quiz {
                seed: None,
                count: None
            }
        );
        assert!(matches!(
            Route::parse("#/nowhere/at/all"),
            Route::NotFound(_)
        ));
        assert_eq!(decode("a%20b%2"), "a b%2");
    }

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
