//! The JSON readers the reducer needs: a pasted or imported scenario, a share link's
//! payload, a moment handed over between the bundles or imported as a session file. They
//! reach `State` as a table of functions ([`JSON`]) that only the full bundle plugs in
//! (`ui::extras`), so the first-load bundle's wasm carries no JSON parser: it runs the
//! built-in scenarios from their compact form (`model::scenarios`) and hands any JSON it
//! meets to the full bundle (`ui::boot`). Native builds (the tests) always have it.

use crate::model::share::{self, LinkError, LinkVerb, Opened};
use otp_sim::{Command, Scenario, ScenarioError};

pub struct Parsers {
    /// A scenario's JSON, parsed and validated.
    pub scenario: fn(&str) -> Result<Scenario, Vec<ScenarioError>>,
    /// A share link's payload (`v1.…`).
    pub link: fn(&str) -> Result<Opened, LinkError>,
    /// A moment as `State::link_state` JSON (a handover, a session file).
    pub state: fn(&str) -> Result<Opened, LinkError>,
    /// Is this text a session file (rather than a scenario)?
    pub is_session: fn(&str) -> bool,
    /// A link's action as a command (`start_child` carries a child spec as JSON).
    pub command: fn(&LinkVerb) -> Result<Command, String>,
}

/// The readers, all of them JSON.
pub static JSON: Parsers = Parsers {
    scenario: Scenario::from_json,
    link: share::decode,
    state: share::decode_state_json,
    is_session: share::is_session,
    command: |v| Command::try_from(v),
};

/// What the reducer says when JSON arrives in a bundle without the readers (the app hands
/// such text to the full bundle first, so this is a safety net).
pub const MISSING: &str = "This needs the full app, which has not loaded yet; try again.";
