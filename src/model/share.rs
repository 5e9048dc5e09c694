//! Share links: everything needed to reopen one moment of one scenario on another machine —
//! the scenario itself (the user's edits included), the user's own actions at their exact
//! positions in the run, the moment, the selection, the view and the presenter step —
//! packed into the URL fragment. Pure Rust: encoded and decoded natively in the tests.
//!
//! Format `v1.<base64url>`: the bytes are a CRC-32 (big-endian) of the JSON, then the JSON
//! deflated. The version prefix lets future formats change everything after the dot while
//! old links keep opening (`tests/links/` holds links of every version ever made). Every
//! failure is a `LinkError` that says what was wrong; nothing here panics on any input, and
//! sizes are checked before any work that grows with them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use otp_sim::{Command, Scenario};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version this build writes.
pub const VERSION: u32 = 1;
/// Longest link payload accepted (characters after `s=`), checked before decoding.
pub const MAX_LINK_CHARS: usize = 400_000;
/// Largest decompressed state (bytes): the scenario limit plus room for the rest.
pub const MAX_STATE_BYTES: usize = otp_sim::scenario::limits::MAX_JSON_BYTES + 200_000;
/// Most user actions a link may carry.
pub const MAX_ACTIONS: usize = 2_000;
/// What the README promises: a typical scenario's link stays under this many characters.
pub const TYPICAL_LINK_CHARS: usize = 2_000;

/// One moment of one scenario, as a link carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkState {
    /// The scenario as JSON text, exactly as it was loaded (built-in, pasted or imported).
    pub scenario: String,
    /// The moment, in virtual µs.
    pub t: u64,
    /// Events handled at that moment: several can share one µs, and a moment reached by
    /// stepping can sit between them. Absent: all events up to `t`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<u64>,
    /// The user's own actions, replayed at their recorded positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<LinkCommand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
    #[serde(default)]
    pub view: View,
    /// Presenter mode: the narrated step shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// The branching timeline: every branch, when there is more than one (the current one's
    /// actions are `actions`), and which one is shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<LinkBranch>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub branch: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One branch of the run: where it left its parent, what changed first, how far it was
/// played, and all its actions (a branch is its actions, never its trace: links stay small).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkBranch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    pub fork_t: u64,
    pub label: String,
    pub horizon: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<LinkCommand>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub zoom: f64,
    pub pan: [f64; 2],
    pub large: bool,
    pub speed: usize,
}

impl Default for View {
    fn default() -> View {
        View {
            zoom: 1.0,
            pan: [0.0, 0.0],
            large: false,
            speed: 4,
        }
    }
}

/// A user action: when (virtual µs and the simulator's event count, which together pin it
/// exactly), on which pid, and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkCommand {
    pub t: u64,
    pub events: u64,
    pub pid: u32,
    pub action: LinkVerb,
}

/// The link's spelling of each action, and its mapping to and from the simulator's
/// `Command`, live with every other spelling of a command in `commands.rs`.
pub use crate::model::commands::LinkVerb;

/// A file name for exports, from a scenario name: lowercase words joined by `_`, at most
/// 60 characters, `scenario` when nothing is left.
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let s = s
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        "scenario".into()
    } else {
        s.chars().take(60).collect()
    }
}

/// Why a link could not be opened, in words for the person who clicked it.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    NotALink,
    FutureVersion(u32),
    UnknownVersion(String),
    TooLong(usize),
    NotBase64,
    Truncated,
    Corrupt,
    TooLargeUnpacked,
    Checksum,
    BadState(String),
    BadScenario(Vec<String>),
    Invalid(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => f.write_str(
                "this is not a playground share link (it should start with `v1.`)",
            ),
            LinkError::FutureVersion(v) => write!(
                f,
                "the link was made by a newer version of the playground (format v{v}); this version opens links up to v{VERSION}. Reload the page to get the newest version"
            ),
            LinkError::UnknownVersion(v) => {
                write!(f, "the link names an unknown format `{v}`")
            }
            LinkError::TooLong(n) => write!(
                f,
                "the link is too long to be a playground link ({n} characters; the limit is {MAX_LINK_CHARS})"
            ),
            LinkError::NotBase64 => f.write_str(
                "the link is damaged: it contains characters a share link never has (was it cut or edited?)",
            ),
            LinkError::Truncated => {
                f.write_str("the link is incomplete or damaged: its data does not unpack (was it cut short?)")
            }
            LinkError::Corrupt => f.write_str(
                "the link is damaged: its data was changed after it was made (its packed data is not valid)",
            ),
            LinkError::TooLargeUnpacked => write!(
                f,
                "the link unpacks to more than {MAX_STATE_BYTES} bytes, more than any scenario may be"
            ),
            LinkError::Checksum => f.write_str(
                "the link is damaged: its checksum does not match its content (it was changed or cut after it was made)",
            ),
            LinkError::BadState(e) => write!(f, "the link's content is not valid: {e}"),
            LinkError::BadScenario(errs) => {
                write!(f, "the scenario in the link is not valid: {}", errs.join("; "))
            }
            LinkError::Invalid(e) => write!(f, "the link's content is not valid: {e}"),
        }
    }
}

/// `v1.<base64url>` for this state.
pub fn encode(state: &LinkState) -> String {
    encode_json(state_json(state).as_bytes())
}

/// The state as the JSON a link packs (the app sends this to its worker, which packs it).
pub fn state_json(state: &LinkState) -> String {
    serde_json::to_string(state).unwrap_or_default()
}

/// Packs a state's JSON into `v1.<base64url>`. Only the worker and the tests call this, so
/// the deflate compressor stays out of the app's first load.
pub fn encode_json(json: &[u8]) -> String {
    let mut bytes = crc32fast::hash(json).to_be_bytes().to_vec();
    bytes.extend(miniz_oxide::deflate::compress_to_vec(json, 9));
    format!("v{VERSION}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A decoded link: its state and the scenario, already validated.
#[derive(Clone, Debug)]
pub struct Opened {
    pub state: LinkState,
    pub scenario: Scenario,
}

/// Reads a link payload (what follows `s=`). Never panics; every failure says why.
pub fn decode(payload: &str) -> Result<Opened, LinkError> {
    let payload = payload.trim();
    if payload.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(payload.len()));
    }
    let Some((version, body)) = payload.split_once('.') else {
        return Err(LinkError::NotALink);
    };
    let v = version
        .strip_prefix('v')
        .ok_or(LinkError::NotALink)?
        .parse::<u32>()
        .map_err(|_| LinkError::UnknownVersion(version.chars().take(20).collect()))?;
    match v {
        1 => decode_v1(body),
        v if v > VERSION => Err(LinkError::FutureVersion(v)),
        _ => Err(LinkError::UnknownVersion(version.to_string())),
    }
}

fn decode_v1(body: &str) -> Result<Opened, LinkError> {
    // Padding is tolerated: some chat tools add it back.
    let bytes = URL_SAFE_NO_PAD
        .decode(body.trim_end_matches('='))
        .map_err(|e| match e {
            // A cut link usually ends mid-group: call it what it most likely is.
            base64::DecodeError::InvalidByte(..) => LinkError::NotBase64,
            _ => LinkError::Truncated,
        })?;
    if bytes.len() < 5 {
        return Err(LinkError::Truncated);
    }
    let (crc, packed) = bytes.split_at(4);
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_STATE_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLargeUnpacked,
            // The data ran out before the end of the deflate stream: cut short.
            miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => LinkError::Truncated,
            // Anything else is data no deflate encoder writes: changed.
            _ => LinkError::Corrupt,
        })?;
    let want = u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]);
    if crc32fast::hash(&json) != want {
        return Err(LinkError::Checksum);
    }
    // Read as text, like every other JSON in the app: one copy of the parser in the wasm.
    let json = String::from_utf8(json).map_err(|_| LinkError::BadState("not UTF-8".into()))?;
    decode_state_json(&json)
}

/// Reads a state as JSON text (what a link packs, and what the first-load bundle hands to
/// the full one): checked exactly as a link is.
pub fn decode_state_json(json: &str) -> Result<Opened, LinkError> {
    if json.len() > MAX_STATE_BYTES {
        return Err(LinkError::TooLargeUnpacked);
    }
    let state: LinkState =
        serde_json::from_str(json).map_err(|e| LinkError::BadState(e.to_string()))?;
    let scenario = Scenario::from_json(&state.scenario)
        .map_err(|errs| LinkError::BadScenario(errs.iter().map(|e| e.to_string()).collect()))?;
    check(&state, &scenario)?;
    Ok(Opened { state, scenario })
}

/// Whether an imported file is a session (a link's state: `Share & export` → *Session
/// with branches*) rather than a scenario: its top level has a `scenario` text and a moment.
/// Only the shape is looked at; `Action::OpenSession` checks the rest as a link is checked.
pub fn is_session(text: &str) -> bool {
    if text.len() > MAX_STATE_BYTES {
        return false;
    }
    // A probe, not `serde_json::Value`: the first load carries no generic JSON tree.
    #[derive(Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        scenario: String,
        #[allow(dead_code)]
        t: u64,
    }
    serde_json::from_str::<Probe>(text).is_ok()
}

/// A list of actions must be short enough, in order, and each one valid.
fn check_actions(actions: &[LinkCommand]) -> Result<(), LinkError> {
    if actions.len() > MAX_ACTIONS {
        return Err(LinkError::Invalid(format!(
            "{} actions; the limit is {MAX_ACTIONS}",
            actions.len()
        )));
    }
    if actions.windows(2).any(|w| w[1].events < w[0].events) {
        return Err(LinkError::Invalid("the actions are out of order".into()));
    }
    for a in actions {
        Command::try_from(&a.action)
            .and_then(|f| f.check().map(|()| f))
            .map_err(|e| LinkError::Invalid(format!("an action: {e}")))?;
    }
    Ok(())
}

/// Limits a well-formed state must still respect (a hand-made link could break them).
fn check(s: &LinkState, sc: &Scenario) -> Result<(), LinkError> {
    let max_t = otp_sim::scenario::limits::MAX_TIME_MS.saturating_mul(1000);
    if s.t > max_t {
        return Err(LinkError::Invalid(format!(
            "the moment {} µs is past the longest run ({max_t} µs)",
            s.t
        )));
    }
    check_actions(&s.actions)?;
    if !s.branches.is_empty() {
        let n = s.branches.len();
        if n > crate::model::branches::MAX_BRANCHES || s.branch >= n {
            return Err(LinkError::Invalid(format!(
                "branch {} of {n} (at most {})",
                s.branch + 1,
                crate::model::branches::MAX_BRANCHES
            )));
        }
        for (i, b) in s.branches.iter().enumerate() {
            let parent_ok = match b.parent {
                None => i == 0,
                Some(p) => p < i,
            };
            if !parent_ok || b.horizon > max_t || b.fork_t > max_t || b.label.len() > 200 {
                return Err(LinkError::Invalid(format!("branch {} is malformed", i + 1)));
            }
            check_actions(&b.actions)?;
        }
    }
    let v = &s.view;
    let sane = v.zoom.is_finite()
        && (0.05..=50.0).contains(&v.zoom)
        && v.pan.iter().all(|p| p.is_finite() && p.abs() < 1e7);
    if !sane {
        return Err(LinkError::Invalid(
            "the view's zoom or pan is out of range".into(),
        ));
    }
    if let Some(step) = s.step
        && step >= sc.steps.len()
    {
        return Err(LinkError::Invalid(format!(
            "step {} of a scenario with {} steps",
            step + 1,
            sc.steps.len()
        )));
    }
    Ok(())
}

// Native only: proptest and the link corpus on disk are not available in the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::scenarios::BUILTIN;
    use proptest::prelude::*;

    #[test]
    fn file_stems_are_safe_names() {
        assert_eq!(
            file_stem("Cache under one_for_one!"),
            "cache_under_one_for_one"
        );
        assert_eq!(file_stem("∅ ∅"), "scenario");
        assert_eq!(file_stem(&"a".repeat(100)).len(), 60);
    }

    fn state(json: &str) -> LinkState {
        LinkState {
            scenario: json.to_string(),
            t: 1_234_567,
            events: Some(99),
            actions: vec![LinkCommand {
                t: 500_000,
                events: 42,
                pid: 81,
                action: LinkVerb::Exit {
                    reason: ":kill".into(),
                },
            }],
            selected: Some("cache".into()),
            view: View {
                zoom: 1.25,
                pan: [10.5, -3.0],
                large: true,
                speed: 2,
            },
            step: None,
            branches: Vec::new(),
            branch: 0,
        }
    }

    #[test]
    fn round_trips_and_stays_short_for_typical_scenarios() {
        for (file, json) in BUILTIN.iter().filter(|(f, _)| !f.starts_with("big_")) {
            let s = state(json);
            let link = encode(&s);
            assert!(link.starts_with("v1."));
            assert!(
                link.len() < TYPICAL_LINK_CHARS,
                "{file}: {} characters",
                link.len()
            );
            assert_eq!(decode(&link).expect("decodes").state, s);
        }
    }

    #[test]
    fn every_kind_of_bad_link_is_named() {
        let good = encode(&state(BUILTIN[0].1));
        let body = good.strip_prefix("v1.").unwrap();
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "not a playground share link"),
            ("hello".into(), "not a playground share link"),
            (format!("v9.{body}"), "newer version"),
            (format!("vx.{body}"), "unknown format"),
            ("v1.@@@@".into(), "characters a share link never has"),
            (good[..good.len() / 2].to_string(), "incomplete"),
            ("v1.AAAA".into(), "incomplete"),
            ("v1.".to_string() + &"A".repeat(MAX_LINK_CHARS), "too long"),
        ];
        for (link, want) in cases {
            let err = decode(&link).expect_err(&link).to_string();
            assert!(err.contains(want), "{link:.40}: {err}");
        }
        // One changed character in the data: the checksum or the unpacking catches it, and
        // the message says it was changed (not cut). Near the end a change can look like a
        // cut (the stream's end marker is gone): that message says "incomplete or damaged".
        for i in (3..good.len() * 3 / 4).step_by(7) {
            let mut tampered = good.clone().into_bytes();
            tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
            let err = decode(std::str::from_utf8(&tampered).unwrap()).unwrap_err();
            assert!(
                matches!(err, LinkError::Checksum | LinkError::Corrupt),
                "changed at {i}: {err}"
            );
            assert!(err.to_string().contains("changed"), "{err}");
        }
        // Cut anywhere: incomplete.
        for len in (8..good.len()).step_by(5) {
            let err = decode(&good[..len]).unwrap_err();
            assert!(matches!(err, LinkError::Truncated), "cut at {len}: {err}");
        }
    }

    #[test]
    fn content_checks_apply_to_well_formed_links() {
        let mut s = state(BUILTIN[0].1);
        s.scenario =
            r#"{"name": "x", "tree": {"type": "worker", "id": "w", "restart": "sometimes"}}"#
                .into();
        assert!(matches!(
            decode(&encode(&s)),
            Err(LinkError::BadScenario(_))
        ));
        let mut s = state(BUILTIN[0].1);
        s.view.zoom = f64::INFINITY;
        assert!(decode(&encode(&s)).is_err());
        let mut s = state(BUILTIN[0].1);
        s.step = Some(99);
        assert!(
            decode(&encode(&s))
                .unwrap_err()
                .to_string()
                .contains("step 100")
        );
    }

    /// Links made by earlier versions must keep opening: every file in `tests/links/` is a
    /// link followed by what it must open (scenario name, moment, selection, actions).
    #[test]
    fn old_links_still_open() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/links");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("tests/links exists") {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty());
            let link = lines.next().expect("a link");
            let want: serde_json::Value =
                serde_json::from_str(lines.next().expect("an expectation")).unwrap();
            let o = decode(link).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let got = serde_json::json!({
                "name": o.scenario.name,
                "t": o.state.t,
                "selected": o.state.selected,
                "actions": o.state.actions.len(),
                "step": o.state.step,
            });
            assert_eq!(got, want, "{}", path.display());
            n += 1;
        }
        assert!(n >= 3, "the corpus has links");
    }

    /// Writes the corpus files for the current version if they are missing (run once per
    /// new version: `UPDATE_LINKS=1 cargo test -p otp-playground --lib share`). Existing
    /// files are never rewritten: they are the promise that old links keep opening.
    #[test]
    fn write_missing_corpus_files() {
        if std::env::var_os("UPDATE_LINKS").is_none() {
            return;
        }
        use crate::model::state::{Action, State};
        use std::rc::Rc;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/links");
        type Case<'a> = (
            &'a str,
            usize,
            u64,
            Option<(&'a str, Command)>,
            u64,
            Option<&'a str>,
        );
        let cases: [Case; 3] = [
            (
                "cache-kill",
                0,
                500_000,
                Some((
                    "cache",
                    Command::Exit {
                        reason: ":kill".into(),
                    },
                )),
                800_000,
                Some("cache"),
            ),
            (
                "pipeline-suspend",
                2,
                300_000,
                Some(("transformer", Command::Suspend)),
                1_200_000,
                Some("transformer"),
            ),
            ("gave-up-plain", 3, 0, None, 2_500_000, None),
        ];
        for (name, which, at, act, t, sel) in cases {
            let path = dir.join(format!("v{VERSION}-{name}.link"));
            if path.exists() {
                continue;
            }
            // The link as the app makes it: the state after the user's own steps.
            let mut st = State::new(which, false);
            if let Some((id, a)) = act {
                st.apply(Action::Seek(at));
                st.apply(Action::Select(Some(Rc::from(id))));
                st.apply(Action::Command(a));
            }
            st.apply(Action::Seek(t));
            st.apply(Action::Select(sel.map(Rc::from)));
            let s = st.link_state();
            let o = decode(&encode(&s)).unwrap();
            let want = serde_json::json!({
                "name": o.scenario.name, "t": t, "selected": sel,
                "actions": s.actions.len(), "step": null,
            });
            std::fs::write(
                &path,
                format!(
                    "# A v{VERSION} link ({name}), made {}; it must keep opening.\n{}\n{}\n",
                    "2026-11-24",
                    encode(&s),
                    want
                ),
            )
            .unwrap();
        }
    }

    fn arb_act() -> impl Strategy<Value = LinkVerb> {
        prop_oneof![
            "[ -~]{0,20}".prop_map(|reason| LinkVerb::Exit { reason }),
            "[ -~]{0,20}".prop_map(|message| LinkVerb::Crash { message }),
            "[ -~]{0,20}".prop_map(|reason| LinkVerb::Stop { reason }),
            Just(LinkVerb::Poison),
            Just(LinkVerb::Suspend),
            Just(LinkVerb::Resume),
            "[ -~]{0,20}".prop_map(|message| LinkVerb::Send { message }),
            "[a-z_]{1,12}".prop_map(|id| LinkVerb::TerminateChild { id }),
            "[a-z_]{1,12}".prop_map(|id| LinkVerb::StartChild {
                spec: format!(r#"{{"type":"worker","id":"{id}"}}"#)
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any state a user can make survives encode → decode unchanged.
        #[test]
        fn any_state_round_trips(
            which in 0..BUILTIN.len(),
            t in 0u64..3_600_000_000,
            acts in prop::collection::vec((0u64..1_000_000, 0u64..100_000, 0u32..5000, arb_act()), 0..6),
            selected in prop::option::of("[a-z_0-9]{1,16}"),
            zoom in 0.2f64..8.0,
            pan in prop::array::uniform2(-5000.0f64..5000.0),
            large in any::<bool>(),
            speed in 0usize..7,
        ) {
            let mut actions: Vec<LinkCommand> = acts
                .into_iter()
                .map(|(t, events, pid, action)| LinkCommand { t, events, pid, action })
                .collect();
            otp_sim::sort::sort_by_key(&mut actions, |a| a.events);
            let s = LinkState {
                scenario: BUILTIN[which].1.to_string(),
                t, events: None, actions, selected,
                view: View { zoom, pan, large, speed },
                step: None,
                branches: Vec::new(),
                branch: 0,
            };
            let link = encode(&s);
            let back = decode(&link);
            // Actions with reasons that are not valid terms are refused, by name.
            match back {
                Ok(o) => prop_assert_eq!(o.state, s),
                Err(LinkError::Invalid(e)) => prop_assert!(e.starts_with("an action")),
                Err(e) => prop_assert!(false, "{}", e),
            }
        }

        /// The decoder never panics, whatever it is given.
        #[test]
        fn decoder_never_panics_on_text(s in "\\PC{0,200}") {
            let _ = decode(&s);
            let _ = decode(&format!("v1.{s}"));
        }

        #[test]
        fn decoder_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
            let mut with_crc = crc32fast::hash(&bytes).to_be_bytes().to_vec();
            with_crc.extend(miniz_oxide::deflate::compress_to_vec(&bytes, 6));
            let _ = decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(&with_crc)));
        }

        /// Cutting a real link anywhere, or changing one character, gives an error (or,
        /// rarely, the same state), never a panic or a different state.
        #[test]
        fn damaged_links_are_refused(cut in 4usize..600, pos in 0usize..600, ch in "[A-Za-z0-9_-]") {
            let good = encode(&state(BUILTIN[1].1));
            let cut = cut.min(good.len() - 1);
            prop_assert!(decode(&good[..cut]).is_err());
            let mut b = good.clone().into_bytes();
            let pos = 3 + pos % (b.len() - 3);
            b[pos] = ch.as_bytes()[0];
            let changed = String::from_utf8(b).unwrap();
            if let Ok(o) = decode(&changed) {
                prop_assert_eq!(o.state, state(BUILTIN[1].1));
            }
        }
    }
}
