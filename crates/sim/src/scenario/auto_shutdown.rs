//! A Supervisor's `auto_shutdown` flag and its children's `significant` flag (OTP 24+):
//! when the exit of a significant child makes the supervisor shut itself down. Elixir
//! 1.14's `Supervisor.init/2` and `Supervisor.child_spec/2` do not pass them on (the first
//! drops `:auto_shutdown`, the second rejects `:significant`): real code returns the
//! flags map and child maps itself. The behaviour is in `child_api.rs`.

use super::unit_enum::unit_enum;

unit_enum! {
    #[derive(Default)]
    pub enum AutoShutdown {
        /// Never shut down because of a child's exit (OTP's default).
        #[default]
        Never => "never",
        /// Shut down when any significant child exits on its own and is not restarted.
        AnySignificant => "any_significant",
        /// Shut down when the last running significant child has so exited.
        AllSignificant => "all_significant",
    }
}

impl AutoShutdown {
    pub fn is_never(&self) -> bool {
        *self == AutoShutdown::Never
    }
}
