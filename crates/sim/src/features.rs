//! What this build of the simulator includes: a leaf module, so that any module can ask.

/// Whether this build runs the rarer behaviours: ETS tables, Registry, `:pg`,
/// persistent_term, gen_statem, telemetry, poolboy pools and tasks. The app's first-load
/// bundle builds the simulator without them (the `lean` feature): it runs only the
/// built-in scenarios (`tests/digests.rs` checks they need none) and hands any other to
/// the full bundle. Guarding each entry point with this constant lets the compiler drop
/// their code; [`crate::Scenario::needs_extras`] says which scenarios take them.
pub const EXTRAS: bool = !cfg!(feature = "lean");

/// Whether this build takes the hot paths' shortcuts: a client's tick and reply and a plain
/// server's call, handled before the general checks that cannot apply to them, and costed
/// first; a plain client's server pid kept between calls, and a call's return taken down
/// with one lookup of the caller; a process made runnable as its event ends started at
/// once, and a message its idle receiver takes handed over without the mailbox
/// (`kernel::start_or_wake`, `kernel::takes_on_arrival`). The behaviour is the same either
/// way; the shortcuts are code for speed. The first-load bundle, whose built-in scenarios are small, leaves them out for size, and its
/// traces of the built-ins are checked to be the very ones of the full build
/// (`tests/digests.rs`, run with and without `lean`).
pub const SHORTCUTS: bool = !cfg!(feature = "lean");
