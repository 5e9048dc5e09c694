//! The simulator's two counters that every layer shares: virtual time and message
//! identity. They live apart from the trace and the messages so that neither has to
//! import the other to name them.

/// Virtual time in microseconds since the scenario started.
pub type Time = u64;

/// Identity of one message from `send` to its `deliver`/`receive` or `dropped`.
pub type MsgId = u64;
