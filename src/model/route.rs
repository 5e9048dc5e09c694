//! The app's addresses (hash routing, so any static host serves every deep link). Parsing
//! is total: anything unknown becomes `NotFound`, never a panic.

/// How the stage is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The playground: top bar, stage, inspector, log, timeline.
    Play,
    /// Presenter mode: large type, high contrast, the stage and a narration strip.
    Present,
    /// Embed mode: only the stage and its controls, for iframes.
    Embed,
    /// The playground with the sequence diagram of the messages between chosen processes.
    Sequence,
    /// The scenario editor beside the stage (`#/edit`, `#/edit/<name>`, `#/edit?s=…`).
    Edit,
}

impl Mode {
    pub fn path(self) -> &'static str {
        match self {
            Mode::Play => "play",
            Mode::Present => "present",
            Mode::Embed => "embed",
            Mode::Sequence => "seq",
            Mode::Edit => "edit",
        }
    }
}

/// What the stage opens with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Open {
    /// Whatever is loaded now.
    Current,
    /// A named scenario (built-in or lesson), at a moment, with a selection.
    Named {
        scenario: String,
        /// Virtual µs (the address's `t` is in milliseconds, with up to three decimals).
        t_us: u64,
        select: Option<String>,
    },
    /// A share link's payload (`s=v1.…`).
    Link(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Stage {
        mode: Mode,
        open: Open,
    },
    Lessons,
    Lesson(String),
    /// `#/gallery`: the curated failure scenarios and the lesson scenarios.
    Gallery,
    /// `#/decide/<yes|no>/…`: the abstraction decision tree, at these answers (the raw
    /// path, read by `model::decide::parse_path`).
    Decide(String),
    /// `#/quiz?seed=<n>&n=<count>`: a run drawn with this seed.
    Quiz {
        seed: Option<u64>,
        count: Option<usize>,
    },
    NotFound(String),
}

impl Route {
    pub const PLAY: Route = Route::Stage {
        mode: Mode::Play,
        open: Open::Current,
    };

    pub fn parse(hash: &str) -> Route {
        // Mail clients and chat apps sometimes percent-encode the `?`, `=` and `&` of a
        // link (`#/play%3Fs%3Dv1.…`): such an address is decoded once before it is read.
        let encoded_query = !hash.contains('?') && hash.to_ascii_lowercase().contains("%3f");
        if !encoded_query {
            return Route::parse_plain(hash);
        }
        match Route::parse_plain(&decode(hash)) {
            Route::NotFound(_) => Route::NotFound(hash.to_string()),
            r => r,
        }
    }

    fn parse_plain(hash: &str) -> Route {
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
        let mode = match parts.first() {
            None | Some(&"play") => Some(Mode::Play),
            Some(&"present") => Some(Mode::Present),
            Some(&"embed") => Some(Mode::Embed),
            Some(&"seq") => Some(Mode::Sequence),
            Some(&"edit") => Some(Mode::Edit),
            _ => None,
        };
        if let Some(mode) = mode {
            return match parts.get(1..).unwrap_or(&[]) {
                [] => Route::Stage {
                    mode,
                    open: match param("s") {
                        Some(s) => Open::Link(s),
                        None => Open::Current,
                    },
                },
                [name] => Route::Stage {
                    mode,
                    open: Open::Named {
                        scenario: decode(name),
                        t_us: param("t").and_then(|t| ms_to_us(&t)).unwrap_or(0),
                        select: param("sel").filter(|s| !s.is_empty()),
                    },
                },
                _ => Route::NotFound(hash.to_string()),
            };
        }
        match parts.as_slice() {
            ["lessons"] => Route::Lessons,
            ["gallery"] => Route::Gallery,
            ["decide", answers @ ..] => Route::Decide(answers.join("/")),
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
            Route::Stage {
                mode: Mode::Edit, ..
            } => "#/edit",
            Route::Stage { .. } | Route::NotFound(_) => "#/",
            Route::Lessons | Route::Lesson(_) => "#/lessons",
            Route::Quiz { .. } => "#/quiz",
            Route::Gallery => "#/gallery",
            Route::Decide(_) => "#/lessons",
        }
    }

    /// The built-in scenario this address names, if any: the page mounts on it, so its
    /// first paint already shows that scenario (not the default one for a frame, before
    /// the address is opened at its moment).
    pub fn builtin_index(&self) -> Option<usize> {
        match self {
            Route::Stage {
                open: Open::Named { scenario, .. },
                ..
            } => crate::model::scenarios::index(scenario),
            _ => None,
        }
    }

    /// Whether the first-load bundle draws this route. The lessons, the quiz, the gallery,
    /// the sequence diagram and the editor are drawn by the bundle loaded on demand, which then takes
    /// over the page (`ui::boot`): the playground's first load stays small. So are a share
    /// link and a lesson scenario (`#/play/<name>` of a scenario that is not built in): they
    /// are JSON, and the first-load bundle reads none (`model::parsers`).
    pub fn first_load(&self) -> bool {
        match self {
            Route::Stage { mode, open } => {
                !matches!(mode, Mode::Sequence | Mode::Edit)
                    && match open {
                        Open::Link(_) => false,
                        Open::Named { scenario, .. } => {
                            crate::model::scenarios::is_builtin(scenario)
                        }
                        Open::Current => true,
                    }
            }
            Route::NotFound(_) => true,
            Route::Lessons
            | Route::Lesson(_)
            | Route::Quiz { .. }
            | Route::Gallery
            | Route::Decide(_) => false,
        }
    }

    pub fn mode(&self) -> Option<Mode> {
        match self {
            Route::Stage { mode, .. } => Some(*mode),
            Route::NotFound(_) => Some(Mode::Play),
            _ => None,
        }
    }
}

/// An address as a notice quotes it: decoded, on one line, at most `max` characters (the
/// middle cut out), so that no address can stretch the page.
pub fn quote(address: &str, max: usize) -> String {
    let one_line: String = decode(address)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let n = one_line.chars().count();
    if n <= max {
        return one_line;
    }
    let keep = max.saturating_sub(1) / 2;
    let head: String = one_line.chars().take(keep).collect();
    let tail: String = one_line.chars().skip(n - keep).collect();
    format!("{head}…{tail}")
}

/// An address's time (`1500`, `150.052`: milliseconds, to the microsecond) in µs; `None`
/// if it is not such a number. Decimals past the third are dropped.
pub fn ms_to_us(t: &str) -> Option<u64> {
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let ms: u64 = whole.parse().ok()?;
    let mut us = 0;
    for (i, b) in frac.bytes().take(3).enumerate() {
        us += u64::from(b - b'0') * [100, 10, 1][i];
    }
    Some(ms.checked_mul(1000)?.saturating_add(us))
}

/// Percent-decoding for the few characters an address may carry.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
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
    fn an_encoded_question_mark_still_opens_the_link() {
        assert_eq!(
            Route::parse("#/play%3Fs%3Dv1.abc"),
            Route::Stage {
                mode: Mode::Play,
                open: Open::Link("v1.abc".into())
            }
        );
        assert_eq!(
            Route::parse("#/play/cache_one_for_one%3Ft%3D800%26sel%3Dcache"),
            named(Mode::Play, "cache_one_for_one", 800, Some("cache"))
        );
        // Still unknown after decoding: the address as it came.
        assert_eq!(
            Route::parse("#/nope%3Fx"),
            Route::NotFound("#/nope%3Fx".into())
        );
    }

    #[test]
    fn a_quoted_address_is_short_and_on_one_line() {
        let long = format!("#/{}", "x".repeat(10_000));
        let q = quote(&long, 80);
        assert_eq!(q.chars().count(), 79);
        assert!(q.contains('…'));
        assert_eq!(quote("#/a%20b%0Ac", 80), "#/a b c");
        assert_eq!(quote("#/short", 80), "#/short");
    }

    fn named(mode: Mode, scenario: &str, t_ms: u64, select: Option<&str>) -> Route {
        let t_us = t_ms * 1000;
        Route::Stage {
            mode,
            open: Open::Named {
                scenario: scenario.into(),
                t_us,
                select: select.map(String::from),
            },
        }
    }

    #[test]
    fn an_address_naming_a_built_in_mounts_on_it() {
        let i = Route::parse("#/play/db_one_for_all?t=500").builtin_index();
        assert!(i.is_some_and(|i| i > 0), "not the default scenario");
        assert!(
            crate::model::scenarios::name(i.unwrap()).is_some_and(|n| n.contains("one_for_all"))
        );
        assert_eq!(Route::parse("#/play/no_such_thing").builtin_index(), None);
        assert_eq!(Route::parse("#/lessons").builtin_index(), None);
        assert_eq!(Route::PLAY.builtin_index(), None);
    }

    #[test]
    fn parses_every_address() {
        assert_eq!(Route::parse(""), Route::PLAY);
        assert_eq!(Route::parse("#/"), Route::PLAY);
        assert_eq!(Route::parse("#/play"), Route::PLAY);
        assert_eq!(Route::parse("#/lessons"), Route::Lessons);
        assert_eq!(Route::parse("#/gallery"), Route::Gallery);
        assert_eq!(Route::parse("#/decide"), Route::Decide(String::new()));
        assert_eq!(
            Route::parse("#/decide/yes/no/"),
            Route::Decide("yes/no".into())
        );
        assert!(!Route::parse("#/decide/yes").first_load());
        assert_eq!(
            Route::parse("#/lessons/iron-law"),
            Route::Lesson("iron-law".into())
        );
        assert_eq!(
            Route::parse("#/play/db_one_for_all?t=1500&sel=db"),
            named(Mode::Play, "db_one_for_all", 1500, Some("db"))
        );
        assert_eq!(
            Route::parse("#/play/x?t=zz"),
            named(Mode::Play, "x", 0, None)
        );
        for (t, us) in [
            ("1.5", 1_500),
            ("0.052", 52),
            ("7.1239", 7_123),
            ("12", 12_000),
        ] {
            assert_eq!(super::ms_to_us(t), Some(us), "{t}");
        }
        for bad in ["", ".5", "1.x", "-1", "1e3", "1..2", "99999999999999999999"] {
            assert_eq!(super::ms_to_us(bad), None, "{bad}");
        }
        assert_eq!(
            Route::parse("#/present/x"),
            named(Mode::Present, "x", 0, None)
        );
        assert_eq!(
            Route::parse("#/seq/db_one_for_all?t=900&sel=db"),
            named(Mode::Sequence, "db_one_for_all", 900, Some("db"))
        );
        assert_eq!(Route::parse("#/seq").mode(), Some(Mode::Sequence));
        assert_eq!(Route::parse("#/edit").mode(), Some(Mode::Edit));
        assert_eq!(Route::parse("#/edit").section(), "#/edit");
        assert_eq!(
            Route::parse("#/edit/db_one_for_all"),
            named(Mode::Edit, "db_one_for_all", 0, None)
        );
        assert_eq!(
            Route::parse("#/embed?s=v1.abc"),
            Route::Stage {
                mode: Mode::Embed,
                open: Open::Link("v1.abc".into())
            }
        );
        assert_eq!(
            Route::parse("#/quiz?seed=42&n=10"),
            Route::Quiz {
                seed: Some(42),
                count: Some(10)
            }
        );
        assert!(matches!(
            Route::parse("#/nowhere/at/all"),
            Route::NotFound(_)
        ));
        assert!(matches!(Route::parse("#/play/a/b"), Route::NotFound(_)));
        assert_eq!(decode("a%20b%2"), "a b%2");
        assert_eq!(decode("%zz%"), "%zz%");
    }

    #[test]
    fn first_load_bundle_draws_the_stage_routes_only() {
        for h in [
            "",
            "#/",
            "#/play/big_200",
            "#/present",
            "#/embed",
            "#/nowhere",
            "#/present/db_one_for_all?t=300",
            "#/embed/cache_one_for_one",
        ] {
            assert!(Route::parse(h).first_load(), "{h}");
        }
        for h in [
            "#/play?s=v1.x",
            "#/present?s=v1.x",
            "#/embed?s=v1.x",
            "#/play/registry_named_room",
            "#/lessons",
            "#/lessons/registry",
            "#/quiz",
            "#/quiz?seed=3",
            "#/gallery",
            "#/seq",
            "#/edit",
            "#/decide",
            "#/decide/yes/no",
        ] {
            assert!(!Route::parse(h).first_load(), "{h}");
        }
    }

    /// The release loader (`scripts/build-full.sh`) picks the full bundle for a first visit
    /// by the address's first segment: its list must name every address the first-load
    /// bundle does not draw, or such a visit loads both bundles.
    #[test]
    fn the_release_loader_knows_every_full_bundle_address() {
        let script = include_str!("../../scripts/build-full.sh");
        let line = script
            .lines()
            .find(|l| l.contains("my $deep"))
            .expect("the loader's address test");
        for seg in ["lessons", "quiz", "gallery", "seq", "edit", "decide"] {
            assert!(!Route::parse(&format!("#/{seg}")).first_load(), "{seg}");
            assert!(
                line.contains(&format!("|{seg}|"))
                    || line.contains(&format!("({seg}|"))
                    || line.contains(&format!("|{seg})")),
                "{seg} missing from {line}"
            );
        }
    }
}
