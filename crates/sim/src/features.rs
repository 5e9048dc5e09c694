//! What this build of the simulator includes: a leaf module, so that any module can ask.

/// Whether this build runs the rarer behaviours: ETS tables, Registry, `:pg`,
/// persistent_term, gen_statem, telemetry, poolboy pools and tasks. The app's first-load
/// bundle builds the simulator without them (the `lean` feature): it runs only the
/// built-in scenarios (`tests/digests.rs` checks they need none) and hands any other to
/// the full bundle. Guarding each entry point with this constant lets the compiler drop
/// their code; [`crate::Scenario::needs_extras`] says which scenarios take them.
pub const EXTRAS: bool = !cfg!(feature = "lean");
