//! The app's tuning: playback speeds, how long messages are shown in flight, how often the
//! log and the accessible tree are rebuilt while playing, and the mailbox warning. Numbers
//! only, so that views and the reducer agree on them.

/// Speeds: virtual microseconds per wall-clock second, and a label.
pub const SPEEDS: &[(f64, &str)] = &[
    (1_000.0, "1 ms / s (slow motion)"),
    (10_000.0, "10 ms / s"),
    (100_000.0, "100 ms / s"),
    (250_000.0, "250 ms / s"),
    (1_000_000.0, "1 s / s (real time)"),
    (3_000_000.0, "3 s / s"),
    (10_000_000.0, "10 s / s (fast forward)"),
];
pub const DEFAULT_SPEED: usize = 4;
/// A message whose flight would be shorter than this on screen is shown this long.
pub const MIN_FLIGHT_MS: f64 = 450.0;
/// At most this many messages drawn in flight.
pub const MAX_FLIGHTS: usize = 160;
/// While playing, the log (and the accessible tree) is rebuilt at most this often (ms):
/// readable, and most frames skip the text layout.
pub const LOG_EVERY_MS: f64 = 500.0;
/// While playing, the accessible description of the tree is rebuilt at most this often
/// (ms), and never in the same frame as the log: each rebuild costs a style and layout
/// pass, and doing both together made the slowest frames (p95) miss 16 ms.
pub const A11Y_EVERY_MS: f64 = 2000.0;
/// While playing, the inspector's facts about the selected process (its state, its
/// `Process.info`, its mailbox) are brought up to date at most this often (ms), unless it
/// restarted or died. Changed in every frame, they made every frame re-lay-out the
/// inspector: ordinary frames with a busy server selected took ~15 ms (p50) against ~10
/// without the inspector (docs/benchmarks.md, 2026-12-03, evening).
pub const INSPECTOR_EVERY_MS: f64 = 250.0;
/// Log lines shown.
pub const LOG_LINES: usize = 60;
/// Log lines shown while playing: the log is replaced twice a second and a busy run fills
/// all of it each time, while only the first few lines are in view; 60 new lines (with
/// their "+ id" buttons beside the sequence diagram) made the frame that drew them the
/// slowest of all (docs/benchmarks.md). Pausing shows `LOG_LINES` again at once.
pub const LOG_LINES_PLAYING: usize = 20;
/// While playing, the SVG stage's accessible tree brings at most this many items up to
/// date per frame (`a11y.rs`): 200 items within ~0.6 s at 60 fps, and no frame rewrites
/// them all.
pub const A11Y_PER_FRAME: usize = 6;
/// Up to this many processes the stage is SVG (with its accessible tree, one item per
/// process); above, the canvas (`ui/stage_canvas.rs`): SVG draws ~60 fps at 200 animated
/// processes and ~29 at 1,000 on this machine's Chromium (docs/benchmarks.md), so the
/// switch is between the two.
pub const SVG_STAGE_MAX: usize = 400;
/// Mailbox length from which the count turns into a warning.
pub const MAILBOX_WARN: usize = 10;
/// How long a command given after the end of the run plays out (µs of virtual time).
pub const AFTER_END_US: u64 = 1_000_000;
/// Zoom limits of the stage.
pub const ZOOM_MIN: f64 = 0.2;
pub const ZOOM_MAX: f64 = 8.0;
