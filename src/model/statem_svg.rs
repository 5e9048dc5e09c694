//! Draws a gen_statem's state diagram (`otp_sim::StatemView`) as SVG text for the
//! inspector: the declared states in a row in the scenario's order, the current one filled,
//! the initial one marked, an arc per pair of states a rule moves between (arcs to the right
//! above the row, to the left below it) labelled with the rules' events, and a loop count on
//! a state for the rules that keep it. A pure function, tested natively; the full list of
//! rules is also given as text beside it.

use otp_sim::StatemView;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::rc::Rc;

const BOX_W: f64 = 104.0;
const GAP: f64 = 44.0;
const ROW_Y: f64 = 84.0;
const BOX_H: f64 = 34.0;
pub const H: f64 = 168.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

pub fn width(v: &StatemView) -> f64 {
    16.0 + v.states.len().max(1) as f64 * (BOX_W + GAP) - GAP + 16.0
}

pub fn svg(v: &StatemView) -> String {
    let w = width(v);
    let cx = |i: usize| 16.0 + i as f64 * (BOX_W + GAP) + BOX_W / 2.0;
    let pos: BTreeMap<&str, usize> = v
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| (&**s, i))
        .collect();
    // Labels per (from, to) pair, in rule order; rules that keep the state, per state.
    let mut arcs: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    let mut loops: BTreeMap<usize, usize> = BTreeMap::new();
    for t in &v.transitions {
        let (Some(&a), Some(&b)) = (pos.get(&*t.from), pos.get(&*t.to)) else {
            continue;
        };
        if a == b {
            *loops.entry(a).or_default() += 1;
        } else {
            arcs.entry((a, b)).or_default().push(&t.label);
        }
    }
    let mut s = String::with_capacity(2048);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {H}\" width=\"{w}\" height=\"{H}\" \
         role=\"img\" aria-label=\"State diagram: in {}\"><defs><marker id=\"fsm-ah\" viewBox=\"0 0 10 10\" \
         refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" \
         fill=\"#444\"/></marker></defs>",
        esc(&v.current)
    );
    for (&(a, b), labels) in &arcs {
        let (x1, x2) = (cx(a), cx(b));
        // Rightwards above the row, leftwards below: a pair's two directions never overlap.
        let right = b > a;
        let span = (b as f64 - a as f64).abs();
        let lift = 26.0 + 12.0 * span;
        let (y0, yc) = if right {
            (ROW_Y - BOX_H / 2.0, ROW_Y - BOX_H / 2.0 - lift)
        } else {
            (ROW_Y + BOX_H / 2.0, ROW_Y + BOX_H / 2.0 + lift)
        };
        let mx = (x1 + x2) / 2.0;
        let text = if labels.len() == 1 {
            labels[0].to_string()
        } else {
            format!("{} (+{})", labels[0], labels.len() - 1)
        };
        let ty = if right {
            (y0 + yc) / 2.0 - 2.0
        } else {
            (y0 + yc) / 2.0 + 10.0
        };
        let _ = write!(
            s,
            "<path d=\"M{x1} {y0}Q{mx} {yc} {x2} {y0}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.4\" \
             marker-end=\"url(#fsm-ah)\"><title>{}</title></path>\
             <text x=\"{mx}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
            esc(&labels.join("; ")),
            esc(&clip(&text, 24))
        );
    }
    for (i, st) in v.states.iter().enumerate() {
        let x = cx(i) - BOX_W / 2.0;
        let y = ROW_Y - BOX_H / 2.0;
        let current = *st == v.current;
        let (fill, ink) = if current {
            ("#5a2d82", "#fff")
        } else {
            ("#fff", "#111")
        };
        let border = if *st == v.initial { "3" } else { "1.5" };
        let _ = write!(
            s,
            "<g data-state=\"{st}\"{cur}><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"17\" \
             fill=\"{fill}\" stroke=\"#5a2d82\" stroke-width=\"{border}\"/>\
             <text x=\"{c}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\" fill=\"{ink}\">:{label}</text>",
            st = esc(st),
            cur = if current { " class=\"current\"" } else { "" },
            c = cx(i),
            ty = ROW_Y + 4.5,
            label = esc(&clip(st, 12))
        );
        if let Some(n) = loops.get(&i) {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#444\">↺{n}</text>",
                x + BOX_W - 14.0,
                y - 3.0
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// The rules as text (the diagram's alternative), `:from → :to  label`.
pub fn rules(v: &StatemView) -> Vec<Rc<str>> {
    v.transitions
        .iter()
        .map(|t| {
            if t.from == t.to {
                format!(":{}  {}  (keeps the state)", t.from, t.label).into()
            } else {
                format!(":{} → :{}  {}", t.from, t.to, t.label).into()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_sim::TransitionView;

    fn view() -> StatemView {
        let t = |from: &str, to: &str, label: &str| TransitionView {
            from: from.into(),
            to: to.into(),
            event: "call",
            label: label.into(),
        };
        StatemView {
            current: "open".into(),
            initial: "closed".into(),
            states: vec!["closed".into(), "open".into(), "half_open".into()],
            transitions: vec![
                t("closed", "closed", "call :ok"),
                t("closed", "open", "call :fail [count >= 3]"),
                t("open", "half_open", "state_timeout"),
                t("half_open", "closed", "call :ok"),
                t("half_open", "open", "call :fail"),
            ],
            count: 0,
            postponed: 0,
            timeouts: Vec::new(),
        }
    }

    #[test]
    fn states_arcs_and_loops_are_drawn_with_the_current_state_filled() {
        let out = svg(&view());
        assert_eq!(out.matches("<rect").count(), 3);
        assert_eq!(out.matches("marker-end").count(), 4);
        assert!(out.contains("data-state=\"open\" class=\"current\""));
        assert!(out.contains("↺1"), "the rule that keeps :closed");
        assert!(out.contains("call :fail [count &gt;= 3]"));
        assert!(out.contains("aria-label=\"State diagram: in open\""));
    }

    #[test]
    fn the_rules_read_as_text() {
        let r = rules(&view());
        assert_eq!(r.len(), 5);
        assert_eq!(&*r[0], ":closed  call :ok  (keeps the state)");
        assert_eq!(&*r[2], ":open → :half_open  state_timeout");
    }
}
