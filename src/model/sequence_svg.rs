//! Writes the sequence diagram's layout (`sequence_layout`) as one SVG document: what
//! "Export SVG" saves. The view draws the same layout element by element, with the same
//! style sheet and arrowheads (`STYLE`, `HEADS`), so what you export is what you saw. Its
//! style sheet travels inside it, with the app's colours as fallbacks.
//!
//! Time runs down the page: the top edge is the window's start, the bottom edge is now.
//! An arrow goes from its sender's lane at the moment it was sent to its receiver's lane at
//! the moment it arrived; a thick stroke on the receiver's lane is the time it then waited
//! in the mailbox. Every arrow and mark is focusable (`data-i` names it for the view).

use crate::model::sequence::Sequence;
use crate::model::sequence_layout::{BODY_H, LEFT, Layout, Part, TOP, cross, layout, n};
use std::fmt::Write;

pub const STYLE: &str = "\
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

/// The arrowheads' colours, by kind (the style sheet's, as plain values): a marker takes
/// its colour from where it is defined, not from the line that uses it.
pub const HEADS: [(&str, &str); 9] = [
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

/// The moving group's `transform`.
pub fn shift(l: &Layout) -> String {
    format!("translate(0 {:.2})", l.shift)
}

pub fn svg(seq: &Sequence) -> String {
    write(&layout(seq))
}

/// The layout as SVG text.
pub fn write(l: &Layout) -> String {
    let (w, h) = (l.w, l.h);
    let mut s = String::with_capacity(2048 + l.items.len() * 400);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"group\" aria-label=\"{}\"><style>{STYLE}</style><defs>",
        esc(&l.label)
    );
    for (kind, colour) in HEADS {
        let _ = write!(
            s,
            "<marker id=\"ah-{kind}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"{colour}\"/></marker>"
        );
    }
    s.push_str("</defs>");
    let b = TOP + BODY_H;
    let _ = write!(
        s,
        "<line class=\"now\" x1=\"{LEFT}\" x2=\"{w}\" y1=\"{b}\" y2=\"{b}\"/>\
         <text class=\"tick\" x=\"4\" y=\"{}\">{}</text>",
        n(b + 4.0),
        esc(&l.now)
    );
    for hd in &l.heads {
        let _ = write!(
            s,
            "<text class=\"head\" x=\"{x}\" y=\"18\" text-anchor=\"middle\">{}</text>\
             <line class=\"lane\" x1=\"{x}\" x2=\"{x}\" y1=\"{TOP}\" y2=\"{b}\"/>",
            esc(&hd.text),
            x = hd.x
        );
    }
    let _ = write!(s, "<g transform=\"{}\">", shift(l));
    for t in &l.ticks {
        let _ = write!(
            s,
            "<text class=\"tick\" x=\"4\" y=\"{}\">{}</text>",
            n(t.y + 4.0),
            esc(&t.text)
        );
    }
    for i in &l.items {
        let _ = write!(
            s,
            "<g class=\"{}\" tabindex=\"0\" role=\"img\" data-i=\"{}\" aria-label=\"{d}\"><title>{d}</title>",
            i.class,
            esc(&i.id),
            d = esc(&i.detail)
        );
        for p in &i.parts {
            part(&mut s, p);
        }
        s.push_str("</g>");
    }
    s.push_str("</g></svg>");
    s
}

fn part(s: &mut String, p: &Part) {
    match p {
        Part::Line {
            x1,
            y1,
            x2,
            y2,
            head,
            dashed,
            class,
        } => {
            s.push_str("<line");
            if let Some(c) = class {
                let _ = write!(s, " class=\"{c}\"");
            }
            let _ = write!(
                s,
                " x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                n(*x1),
                n(*y1),
                n(*x2),
                n(*y2)
            );
            if let Some(k) = head {
                let _ = write!(s, " marker-end=\"url(#ah-{k})\"");
            }
            if *dashed {
                s.push_str(" stroke-dasharray=\"3 3\"");
            }
            s.push_str("/>");
        }
        Part::Band(pts) => {
            s.push_str("<polygon points=\"");
            s.push_str(&points(pts));
            s.push_str("\"/>");
        }
        Part::Text { x, y, anchor, text } => {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                n(*x),
                n(*y),
                esc(text)
            );
        }
        Part::Dot { x, y } => {
            let _ = write!(s, "<circle cx=\"{}\" cy=\"{}\" r=\"5\"/>", n(*x), n(*y));
        }
        Part::Cross { x, y } => {
            let _ = write!(s, "<path d=\"{}\"/>", cross(*x, *y));
        }
    }
}

/// A band's `points`.
pub fn points(pts: &[(f64, f64); 4]) -> String {
    pts.iter()
        .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sequence::{Arrow, ArrowKind, Lane, Mark, MarkKind};
    use crate::model::sequence_layout::size;
    use otp_sim::Time;
    use std::rc::Rc;

    fn seq() -> Sequence {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
        };
        let arrow =
            |key: &str, kind, sent, arrived: Option<Time>, taken: Option<Time>, count| Arrow {
                key: key.into(),
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
            window: 1_000_000,
            lanes: vec![lane("db"), lane("web")],
            arrows: vec![
                arrow(
                    "1",
                    ArrowKind::Call,
                    100_000,
                    Some(110_000),
                    Some(400_000),
                    1,
                ),
                arrow("2", ArrowKind::Cast, 500_000, None, None, 1),
                arrow(
                    "b3",
                    ArrowKind::Info,
                    600_000,
                    Some(610_000),
                    Some(620_000),
                    7,
                ),
            ],
            marks: vec![Mark {
                key: "x800000.0.1".into(),
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
        assert!(out.contains("data-i=\"ab3\"") && out.contains("data-i=\"mx800000.0.1\""));
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
        // The cast has not arrived: dashed, ending at the bottom edge (now; the moving
        // group is not shifted while the origin is the window's start).
        assert!(out.contains("<g transform=\"translate(0 44.00)\">"));
        assert!(out.contains(&format!(
            "y2=\"{:.1}\" marker-end=\"url(#ah-cast)\" stroke-dasharray",
            BODY_H
        )));
        // The band: a polygon and its count.
        assert_eq!(out.matches("<polygon").count(), 1);
        assert!(out.contains("7 × call &lt;:get&gt;"));
    }

    #[test]
    fn times_map_to_heights_inside_the_body() {
        let out = svg(&seq());
        // The call was sent at 10% of the window (in the group, shifted down by TOP).
        assert!(out.contains(&format!("y1=\"{:.1}\"", BODY_H * 0.1)));
        let (w, h) = size(&seq());
        assert_eq!(w, LEFT + 2.0 * 150.0);
        assert_eq!(h, TOP + BODY_H + 24.0);
    }
}
