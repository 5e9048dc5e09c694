//! A Supervisor's `auto_shutdown` flag and its children's `significant` flag (OTP 24+):
//! when the exit of a significant child makes the supervisor shut itself down. Elixir
//! 1.14's `Supervisor.init/2` and `Supervisor.child_spec/2` do not pass them on (the first
//! drops `:auto_shutdown`, the second rejects `:significant`): real code returns the
//! flags map and child maps itself. The behaviour is in `child_api.rs`.

use serde::{Deserialize, Serialize};

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    bincode::Encode,
    bincode::Decode,
)]
#[serde(rename_all = "snake_case")]
pub enum AutoShutdown {
    /// Never shut down because of a child's exit (OTP's default).
    #[default]
    Never,
    /// Shut down when any significant child exits on its own and is not restarted.
    AnySignificant,
    /// Shut down when the last running significant child has so exited.
    AllSignificant,
}

impl AutoShutdown {
    pub fn is_never(&self) -> bool {
        *self == AutoShutdown::Never
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AutoShutdown::Never => "never",
            AutoShutdown::AnySignificant => "any_significant",
            AutoShutdown::AllSignificant => "all_significant",
        }
    }
}
