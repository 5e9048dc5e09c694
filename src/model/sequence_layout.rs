//! Where everything in the sequence diagram goes: lanes, ticks, arrows and marks as
//! shapes with coordinates, computed once per rebuild of the diagram and drawn twice from
//! the same numbers — by the view (one keyed element per arrow) and by "Export SVG"
//! (`sequence_svg`, text), so what you export is what you saw.
//!
//! Why a moving group: while a run plays, the window slides down the trace a little at each
//! rebuild. Arrows are therefore placed in *absolute* virtual time (relative to an origin
//! that changes only once every `PAGE` windows) inside one group, and only that group's
//! `transform` follows "now". An arrow that stays in the window keeps exactly the same
//! attributes from one rebuild to the next, so the view touches the DOM only for arrows
//! that enter or leave, the few that are still in flight, and the transform.

use crate::model::logtext::fmt_time;
use crate::model::sequence::{ArrowKind, MarkKind, Sequence};
use otp_sim::Time;
use std::rc::Rc;

pub const LANE_W: f64 = 150.0;
pub const TOP: f64 = 44.0;
pub const BODY_H: f64 = 420.0;
pub const LEFT: f64 = 64.0;
const BOTTOM: f64 = 24.0;
/// The origin of the moving group moves by this many windows at a time: rarely enough that
/// rebuilds seldom move every arrow, close enough that coordinates stay small (≤ 17 × the
/// body's height) and exact in the browser's single-precision geometry.
pub const PAGE: Time = 16;

/// One shape of an arrow or mark, in the moving group's coordinates (px).
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// `head`: the arrowhead's kind (`marker-end`), `class`: e.g. `wait`.
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        head: Option<&'static str>,
        dashed: bool,
        class: Option<&'static str>,
    },
    /// A band's area between its first and its last message.
    Band([(f64, f64); 4]),
    Text {
        x: f64,
        y: f64,
        anchor: &'static str,
        text: String,
    },
    /// A process started here.
    Dot { x: f64, y: f64 },
    /// A process exited here (a cross).
    Cross { x: f64, y: f64 },
}

/// An arrow, band or mark: one focusable element named by `id` (`data-i`), read in full
/// (`detail`) on hover and focus.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// `a…` for arrows and bands, `m…` for marks; stable while it stays in the window.
    pub id: String,
    /// `a call`, `a m`…: the style sheet's classes.
    pub class: String,
    pub detail: Rc<str>,
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Its virtual time: its key.
    pub t: Time,
    /// In the moving group.
    pub y: f64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub x: f64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub w: f64,
    pub h: f64,
    /// The drawing's accessible name: its window.
    pub label: String,
    pub heads: Vec<Head>,
    /// The moving group's vertical translation: its y = 0 is the origin's moment.
    pub shift: f64,
    pub ticks: Vec<Tick>,
    /// "now 1.500 s", at the bottom edge (outside the moving group).
    pub now: String,
    pub items: Vec<Rc<Item>>,
}

/// The drawing's size (px).
pub fn size(seq: &Sequence) -> (f64, f64) {
    (
        LEFT + LANE_W * seq.lanes.len().max(1) as f64,
        TOP + BODY_H + BOTTOM,
    )
}

/// The window's length as drawn: the window asked for (a run younger than it leaves the top
/// empty rather than stretching the scale), never less than what the sequence covers.
fn span(seq: &Sequence) -> Time {
    seq.window.max(seq.to.saturating_sub(seq.from)).max(1)
}

/// The moving group's origin (virtual µs): a multiple of `PAGE` windows, at or before the
/// window's top.
pub fn origin(seq: &Sequence) -> Time {
    let page = span(seq).saturating_mul(PAGE);
    let top = seq.to.saturating_sub(span(seq));
    top - top % page
}

pub fn layout(seq: &Sequence) -> Layout {
    let (w, h) = size(seq);
    let span = span(seq);
    let k = BODY_H / span as f64;
    let origin = origin(seq);
    // y in the moving group; the group is shifted so that `to` sits on the bottom edge.
    let y = |t: Time| t.saturating_sub(origin) as f64 * k;
    let shift = TOP + BODY_H - y(seq.to);
    let x = |lane: usize| LEFT + LANE_W * (lane as f64 + 0.5);
    let heads = seq
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| Head {
            x: x(i),
            text: clip(&l.label, 20),
        })
        .collect();
    // Ticks at every quarter window of absolute time, so they move with the arrows and keep
    // their labels; none in the last eighth (the "now" label is there), none before 0.
    let q = (span / 4).max(1);
    let top = seq.to.saturating_sub(span);
    let mut ticks = Vec::new();
    let mut t = top.div_ceil(q) * q;
    while t + q / 2 <= seq.to {
        ticks.push(Tick {
            t,
            y: y(t),
            text: fmt_time(t),
        });
        t += q;
    }
    let mut items = Vec::with_capacity(seq.arrows.len() + seq.marks.len());
    for a in &seq.arrows {
        let (x1, x2) = (x(a.from), x(a.to));
        let (y1, y2) = (y(a.sent), y(a.arrived.unwrap_or(seq.to)));
        let kind = a.kind.as_str();
        let mut parts = Vec::new();
        let line = |y1, y2, dashed| Part::Line {
            x1,
            y1,
            x2,
            y2,
            head: Some(kind),
            dashed,
            class: None,
        };
        if a.count > 1 {
            // A band: from the first message's line to the last one's.
            let y3 = y(a.last_sent);
            let y4 = y(a.arrived.unwrap_or(seq.to)).max(y3);
            parts.push(Part::Band([(x1, y1), (x2, y2), (x2, y4), (x1, y3)]));
            parts.push(line(y1, y2, false));
            parts.push(line(y3, y4, false));
            parts.push(label(
                x1,
                x2,
                (y1 + y3) / 2.0,
                false,
                &format!("{} × {}", a.count, a.label),
            ));
        } else {
            parts.push(line(y1, y2, a.arrived.is_none()));
            if a.kind != ArrowKind::Signal
                && let Some(r) = a.arrived
            {
                let end = y(a.taken.unwrap_or(seq.to));
                if end - y(r) >= 1.0 {
                    parts.push(Part::Line {
                        x1: x2,
                        y1: y(r),
                        x2,
                        y2: end,
                        head: None,
                        dashed: false,
                        class: Some("wait"),
                    });
                }
            }
            parts.push(label(x1, x2, y1, a.kind == ArrowKind::Reply, &a.label));
        }
        items.push(Rc::new(Item {
            id: format!("a{}", a.key),
            class: format!("a {kind}"),
            detail: a.detail.clone(),
            parts,
        }));
    }
    for m in &seq.marks {
        let (mx, my) = (x(m.lane), y(m.t));
        items.push(Rc::new(Item {
            id: format!("m{}", m.key),
            class: "a m".into(),
            detail: m.text.clone(),
            parts: vec![match m.kind {
                MarkKind::Started => Part::Dot { x: mx, y: my },
                MarkKind::Exited => Part::Cross { x: mx, y: my },
            }],
        }));
    }
    Layout {
        w,
        h,
        label: format!(
            "Sequence diagram, {} to {}",
            fmt_time(seq.from),
            fmt_time(seq.to)
        ),
        heads,
        shift,
        ticks,
        now: format!("now {}", fmt_time(seq.to)),
        items,
    }
}

/// A label beside an arrow, starting at its sender, so that a call and its reply drawn
/// at the same height (a fast server) label opposite ends; a reply's label goes under it.
fn label(x1: f64, x2: f64, y: f64, below: bool, text: &str) -> Part {
    let (x, anchor) = if x2 >= x1 {
        (x1 + 8.0, "start")
    } else {
        (x1 - 8.0, "end")
    };
    Part::Text {
        x,
        y: if below { y + 13.0 } else { y - 4.0 },
        anchor,
        text: clip(text, 20),
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// A cross's path (`d`), centred on (x, y).
pub fn cross(x: f64, y: f64) -> String {
    format!(
        "M{} {}L{} {}M{} {}L{} {}",
        x - 6.0,
        y - 6.0,
        x + 6.0,
        y + 6.0,
        x - 6.0,
        y + 6.0,
        x + 6.0,
        y - 6.0
    )
}

/// A number as the drawing writes it: one decimal (the same text in the view and the export).
pub fn n(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sequence::{Arrow, Lane, Mark};

    pub(crate) fn arrow(key: &str, sent: Time, arrived: Option<Time>, count: u32) -> Arrow {
        Arrow {
            key: key.into(),
            from: 1,
            to: 0,
            kind: ArrowKind::Call,
            sent,
            arrived,
            taken: arrived,
            label: Rc::from("call :get"),
            detail: Rc::from("web sends :get to Db"),
            count,
            last_sent: sent + 10_000 * u64::from(count - 1),
        }
    }

    /// The window [to - 1 s, to] with one arrow sent every 100 ms, each taking 5 ms.
    fn at(to: Time) -> Sequence {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
        };
        let from = to.saturating_sub(1_000_000);
        Sequence {
            from,
            to,
            window: 1_000_000,
            lanes: vec![lane("db"), lane("web")],
            arrows: (0..)
                .map(|i| i * 100_000)
                .skip_while(|&t| t < from)
                .take_while(|&t| t <= to)
                .map(|t| arrow(&t.to_string(), t, (t + 5_000 <= to).then_some(t + 5_000), 1))
                .collect(),
            marks: vec![Mark {
                key: "x1".into(),
                lane: 0,
                t: from,
                kind: MarkKind::Exited,
                text: "db exits".into(),
            }],
            folded: 0,
            truncated: false,
        }
    }

    fn item<'a>(l: &'a Layout, id: &str) -> Option<&'a Item> {
        l.items.iter().find(|i| i.id == id).map(|i| &**i)
    }

    #[test]
    fn now_sits_on_the_bottom_edge_and_the_window_top_on_the_top_edge() {
        let seq = at(3_450_000);
        let l = layout(&seq);
        let on_page = |t: Time| l.shift + (t - origin(&seq)) as f64 * BODY_H / 1e6;
        assert!((on_page(seq.to) - (TOP + BODY_H)).abs() < 1e-6);
        assert!((on_page(seq.from) - TOP).abs() < 1e-6);
        // The arrow sent at 3.0 s: 55% down the body.
        let a = item(&l, "a3000000").expect("drawn");
        let Part::Line { y1, .. } = a.parts[0] else {
            panic!("a line first: {:?}", a.parts)
        };
        assert!((l.shift + y1 - (TOP + BODY_H * 0.55)).abs() < 1e-6);
    }

    #[test]
    fn an_arrow_that_stays_in_the_window_keeps_its_shapes_only_the_shift_moves() {
        let (a, b) = (layout(&at(3_480_000)), layout(&at(3_520_000)));
        assert_ne!(a.shift, b.shift);
        let kept: Vec<_> = a
            .items
            .iter()
            .filter(|i| item(&b, &i.id).is_some())
            .collect();
        assert!(kept.len() >= 9, "{}", kept.len());
        for i in kept {
            if i.id.starts_with('a') {
                assert_eq!(Some(&**i), item(&b, &i.id), "{} moved", i.id);
            }
        }
        // The arrow sent at 2.5 s left, and so did the oldest tick; the rest are kept as they were.
        assert!(item(&a, "a2500000").is_some() && item(&b, "a2500000").is_none());
        assert!(item(&b, "a3500000").is_some() && item(&a, "a3500000").is_none());
        let tick_keys = |l: &Layout| l.ticks.iter().map(|t| t.t).collect::<Vec<_>>();
        assert_eq!(
            tick_keys(&a),
            vec![2_500_000, 2_750_000, 3_000_000, 3_250_000]
        );
        assert_eq!(tick_keys(&b), vec![2_750_000, 3_000_000, 3_250_000]);
        assert_eq!(a.ticks[1..], b.ticks[..]);
    }

    #[test]
    fn the_origin_moves_once_every_page_of_windows() {
        assert_eq!(origin(&at(500_000)), 0);
        assert_eq!(origin(&at(16_900_000)), 0);
        assert_eq!(origin(&at(17_000_000)), 16_000_000);
        // Coordinates stay within PAGE + 1 bodies.
        let l = layout(&at(16_990_000));
        assert!(l.items.iter().all(|i| i.parts.iter().all(|p| match p {
            Part::Line { y1, y2, .. } => *y1 >= 0.0 && *y2 <= BODY_H * (PAGE + 1) as f64,
            _ => true,
        })));
    }

    #[test]
    fn a_young_run_keeps_the_scale_and_leaves_the_top_empty() {
        let seq = at(250_000);
        assert_eq!(seq.from, 0);
        let l = layout(&seq);
        // 0 is three quarters of the way up from the bottom edge.
        assert!((l.shift - (TOP + BODY_H * 0.75)).abs() < 1e-6);
        assert_eq!(l.ticks.first().map(|t| t.t), Some(0));
        assert_eq!(l.label, "Sequence diagram, 0 µs to 250.0 ms");
    }

    #[test]
    fn in_flight_arrows_end_at_now_and_bands_keep_a_key_of_their_own() {
        let mut seq = at(1_002_000);
        seq.arrows.push(arrow("b7", 900_000, None, 3));
        let l = layout(&seq);
        let last = item(&l, "a1000000").expect("the arrow still in flight");
        let Part::Line { y2, dashed, .. } = last.parts[0] else {
            panic!("{:?}", last.parts)
        };
        assert!(dashed);
        assert!((l.shift + y2 - (TOP + BODY_H)).abs() < 1e-6);
        let band = item(&l, "ab7").expect("the band");
        assert!(matches!(band.parts[0], Part::Band(_)));
        assert!(
            band.parts
                .iter()
                .any(|p| matches!(p, Part::Text { text, .. } if text.starts_with("3 × call")))
        );
        // Every id is unique: the view keys its elements by them.
        let mut ids: Vec<_> = l.items.iter().map(|i| &i.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), l.items.len());
    }
}
