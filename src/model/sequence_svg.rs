//! Draws a sequence diagram as one SVG document: the same text is shown in the app and
//! saved by "Export SVG", so what you export is what you saw. A pure function (tested
//! natively); its style sheet travels inside it, with the app's colours as fallbacks.
//!
//! Time runs down the page: the top edge is the window's start, the bottom edge is now.
//! An arrow goes from its sender's lane at the moment it was sent to its receiver's lane at
//! the moment it arrived; a thick stroke on the receiver's lane is the time it then waited
//! in the mailbox. Every arrow and mark is focusable (`data-i` names it for the view).

use crate::model::logtext::fmt_time;
use crate::model::sequence::{ArrowKind, MarkKind, Sequence};
use otp_sim::Time;
use std::fmt::Write;

pub const LANE_W: f64 = 150.0;
pub const TOP: f64 = 44.0;
pub const BODY_H: f64 = 420.0;
pub const LEFT: f64 = 64.0;
const BOTTOM: f64 = 24.0;

const STYLE: &str = "\
text{font:12px system-ui,sans-serif;fill:var(--ink,#111)}\
.lane{stroke:var(--line,#8a8a8a);stroke-dasharray:4 4}\
.head{font-weight:600}\
.tick{fill:var(--line,#8a8a8a)}\
.a line,.a path{stroke-width:1.6;fill:none}\
.a polygon{stroke:none;opacity:.25}\
.a:focus{outline:none}.a:focus line,.a:focus path,.a:hover line{stroke-width:3.2}\
.wait{stroke-width:5;opacity:.45}\
.call line,.call .wait{stroke:var(--blue,#0072B2)}.call polygon{fill:var(--blue,#0072B2)}\
.reply line{stroke:var(--blue,#0072B2);stroke-dasharray:5 3}.reply polygon{fill:var(--blue,#0072B2)}\
.cast line,.cast .wait{stroke:var(--green,#009E73)}.cast polygon{fill:var(--green,#009E73)}\
.info line,.info .wait{stroke:var(--ink,#111);stroke-dasharray:2 3}.info polygon{fill:var(--ink,#111)}\
.signal line{stroke:var(--vermillion,#D55E00);stroke-width:2.4}\
.exit line,.exit .wait{stroke:var(--vermillion,#D55E00);stroke-dasharray:6 3}.exit polygon{fill:var(--vermillion,#D55E00)}\
.down line,.down .wait{stroke:var(--orange,#E69F00)}.down polygon{fill:var(--orange,#E69F00)}\
.sys line,.sys .wait{stroke:var(--purple,#CC79A7)}.sys polygon{fill:var(--purple,#CC79A7)}\
.sup line,.sup .wait{stroke:var(--line,#8a8a8a)}.sup polygon{fill:var(--line,#8a8a8a)}\
.m circle{fill:var(--green,#009E73)}.m path{stroke:var(--vermillion,#D55E00);stroke-width:3}\
.now{stroke:var(--ink,#111)}";

/// The arrowheads' colours, by kind (the style sheet's, as plain values).
const HEADS: [(&str, &str); 9] = [
    ("call", "#0072B2"),
    ("reply", "#0072B2"),
    ("cast", "#009E73"),
    ("info", "#111"),
    ("signal", "#D55E00"),
    ("exit", "#D55E00"),
    ("down", "#E69F00"),
    ("sys", "#CC79A7"),
    ("sup", "#8a8a8a"),
];

/// Escapes text for an SVG text node or attribute.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The drawing's size (px).
pub fn size(seq: &Sequence) -> (f64, f64) {
    (
        LEFT + LANE_W * seq.lanes.len().max(1) as f64,
        TOP + BODY_H + BOTTOM,
    )
}

pub fn svg(seq: &Sequence) -> String {
    let (w, h) = size(seq);
    let span = seq.to.saturating_sub(seq.from).max(1) as f64;
    let y = |t: Time| TOP + (t.saturating_sub(seq.from) as f64 / span * BODY_H).min(BODY_H);
    let x = |lane: usize| LEFT + LANE_W * (lane as f64 + 0.5);
    let mut s = String::with_capacity(2048 + seq.arrows.len() * 400);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"group\" aria-label=\"Sequence diagram, {} to {}\"><style>{STYLE}</style><defs>",
        fmt_time(seq.from),
        fmt_time(seq.to)
    );
    // One arrowhead per kind: a marker takes its colour from where it is defined, not from
    // the line that uses it.
    for (kind, colour) in HEADS {
        let _ = write!(
            s,
            "<marker id=\"ah-{kind}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"{colour}\"/></marker>"
        );
    }
    s.push_str("</defs>");
    // The time axis: four ticks and "now" at the bottom.
    for k in 0..=4 {
        let t = seq.from + (span * k as f64 / 4.0) as Time;
        let label = if k == 4 {
            format!("now {}", fmt_time(t))
        } else {
            fmt_time(t)
        };
        let _ = write!(
            s,
            "<text class=\"tick\" x=\"4\" y=\"{:.1}\">{}</text>",
            y(t) + 4.0,
            esc(&label)
        );
    }
    let _ = write!(
        s,
        "<line class=\"now\" x1=\"{LEFT}\" x2=\"{w}\" y1=\"{b}\" y2=\"{b}\"/>",
        b = TOP + BODY_H
    );
    for (i, lane) in seq.lanes.iter().enumerate() {
        let lx = x(i);
        let _ = write!(
            s,
            "<text class=\"head\" x=\"{lx}\" y=\"18\" text-anchor=\"middle\">{}</text>\
             <line class=\"lane\" x1=\"{lx}\" x2=\"{lx}\" y1=\"{TOP}\" y2=\"{}\"/>",
            esc(&clip(&lane.label, 20)),
            TOP + BODY_H
        );
    }
    for (i, a) in seq.arrows.iter().enumerate() {
        let (x1, x2) = (x(a.from), x(a.to));
        let (y1, y2) = (y(a.sent), y(a.arrived.unwrap_or(seq.to)));
        let kind = a.kind.as_str();
        let _ = write!(
            s,
            "<g class=\"a {kind}\" tabindex=\"0\" role=\"img\" data-i=\"a{i}\" aria-label=\"{d}\"><title>{d}</title>",
            d = esc(&a.detail)
        );
        if a.count > 1 {
            // A band: from the first message's line to the last one's.
            let y3 = y(a.last_sent);
            let y4 = y(a.arrived.unwrap_or(seq.to)).max(y3);
            let _ = write!(
                s,
                "<polygon points=\"{x1},{y1:.1} {x2},{y2:.1} {x2},{y4:.1} {x1},{y3:.1}\"/>\
                 <line x1=\"{x1}\" y1=\"{y1:.1}\" x2=\"{x2}\" y2=\"{y2:.1}\" marker-end=\"url(#ah-{kind})\"/>\
                 <line x1=\"{x1}\" y1=\"{y3:.1}\" x2=\"{x2}\" y2=\"{y4:.1}\" marker-end=\"url(#ah-{kind})\"/>"
            );
            label(
                &mut s,
                x1,
                x2,
                (y1 + y3) / 2.0,
                false,
                &format!("{} × {}", a.count, a.label),
            );
        } else {
            let in_flight = if a.arrived.is_none() {
                " stroke-dasharray=\"3 3\""
            } else {
                ""
            };
            let _ = write!(
                s,
                "<line x1=\"{x1}\" y1=\"{y1:.1}\" x2=\"{x2}\" y2=\"{y2:.1}\" marker-end=\"url(#ah-{kind})\"{in_flight}/>"
            );
            if a.kind != ArrowKind::Signal
                && let Some(r) = a.arrived
            {
                let end = y(a.taken.unwrap_or(seq.to));
                if end - y(r) >= 1.0 {
                    let _ = write!(
                        s,
                        "<line class=\"wait\" x1=\"{x2}\" y1=\"{:.1}\" x2=\"{x2}\" y2=\"{end:.1}\"/>",
                        y(r)
                    );
                }
            }
            label(&mut s, x1, x2, y1, a.kind == ArrowKind::Reply, &a.label);
        }
        s.push_str("</g>");
    }
    for (i, m) in seq.marks.iter().enumerate() {
        let (mx, my) = (x(m.lane), y(m.t));
        let _ = write!(
            s,
            "<g class=\"a m\" tabindex=\"0\" role=\"img\" data-i=\"m{i}\" aria-label=\"{d}\"><title>{d}</title>",
            d = esc(&m.text)
        );
        match m.kind {
            MarkKind::Started => {
                let _ = write!(s, "<circle cx=\"{mx}\" cy=\"{my:.1}\" r=\"5\"/>");
            }
            MarkKind::Exited => {
                let _ = write!(
                    s,
                    "<path d=\"M{a} {b}L{c} {d}M{a} {d}L{c} {b}\"/>",
                    a = mx - 6.0,
                    b = my - 6.0,
                    c = mx + 6.0,
                    d = my + 6.0
                );
            }
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// A label beside an arrow, starting at its sender, so that a call and its reply drawn
/// at the same height (a fast server) label opposite ends; a reply's label goes under it.
fn label(s: &mut String, x1: f64, x2: f64, y: f64, below: bool, text: &str) {
    let (at, anchor) = if x2 >= x1 {
        (x1 + 8.0, "start")
    } else {
        (x1 - 8.0, "end")
    };
    let _ = write!(
        s,
        "<text x=\"{at}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
        if below { y + 13.0 } else { y - 4.0 },
        esc(&clip(text, 20))
    );
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sequence::{Arrow, Lane, Mark};
    use std::rc::Rc;

    fn seq() -> Sequence {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
        };
        let arrow = |kind, sent, arrived: Option<Time>, taken: Option<Time>, count| Arrow {
            from: 1,
            to: 0,
            kind,
            sent,
            arrived,
            taken,
            label: Rc::from("call <:get>"),
            detail: Rc::from("web sends {:get, \"a&b\"} to Db"),
            count,
            last_sent: sent + 100_000,
        };
        Sequence {
            from: 0,
            to: 1_000_000,
            lanes: vec![lane("db"), lane("web")],
            arrows: vec![
                arrow(ArrowKind::Call, 100_000, Some(110_000), Some(400_000), 1),
                arrow(ArrowKind::Cast, 500_000, None, None, 1),
                arrow(ArrowKind::Info, 600_000, Some(610_000), Some(620_000), 7),
            ],
            marks: vec![Mark {
                lane: 0,
                t: 800_000,
                kind: MarkKind::Exited,
                text: Rc::from("db exits: killed"),
            }],
            folded: 6,
            truncated: false,
        }
    }

    #[test]
    fn every_arrow_and_mark_is_drawn_focusable_and_escaped() {
        let out = svg(&seq());
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(out.ends_with("</svg>"));
        assert_eq!(out.matches("tabindex=\"0\"").count(), 4);
        assert!(out.contains("data-i=\"a2\"") && out.contains("data-i=\"m0\""));
        // Text is escaped: no raw `<` or `&` from a term reaches the markup.
        assert!(out.contains("call &lt;:get&gt;"));
        assert!(out.contains("&quot;a&amp;b&quot;"));
        assert!(!out.contains("<:get>"));
    }

    #[test]
    fn waits_in_flight_messages_and_bands_are_drawn_as_such() {
        let out = svg(&seq());
        // The call waited 290 ms in the mailbox: a wait stroke on the receiver's lane.
        assert_eq!(out.matches("class=\"wait\"").count(), 1);
        // The cast has not arrived: dashed, ending at the bottom edge (now).
        assert!(out.contains(&format!(
            "y2=\"{:.1}\" marker-end=\"url(#ah-cast)\" stroke-dasharray",
            TOP + BODY_H
        )));
        // The band: a polygon and its count.
        assert_eq!(out.matches("<polygon").count(), 1);
        assert!(out.contains("7 × call &lt;:get&gt;"));
    }

    #[test]
    fn times_map_to_heights_inside_the_body() {
        let out = svg(&seq());
        // The call was sent at 10% of the window.
        assert!(out.contains(&format!("y1=\"{:.1}\"", TOP + BODY_H * 0.1)));
        let (w, h) = size(&seq());
        assert_eq!(w, LEFT + 2.0 * LANE_W);
        assert_eq!(h, TOP + BODY_H + BOTTOM);
    }
}
