//! Draws one metrics chart (`metrics::Chart`) as a small SVG: a line per series over the
//! run's slices, a limit drawn across in red, the timeline's cursor as a vertical line, and
//! the highest value on the axis. A pure function, tested natively; the inspector inserts
//! the text as is (small multiples, one under another).

use crate::model::metrics::{BUCKETS, Chart, Charts, peak};
use std::fmt::Write;

pub const W: f64 = 280.0;
pub const H: f64 = 64.0;
const PAD_L: f64 = 34.0;
const PAD_T: f64 = 4.0;
const PAD_B: f64 = 4.0;

const COLOURS: [&str; 2] = ["#0072B2", "#D55E00"];

fn number(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if v >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub fn svg(chart: &Chart, all: &Charts) -> String {
    let top = peak(chart);
    let plot_w = W - PAD_L - 2.0;
    let plot_h = H - PAD_T - PAD_B;
    let x = |b: usize| PAD_L + plot_w * (b as f64 + 0.5) / BUCKETS as f64;
    let y = |v: f64| PAD_T + plot_h * (1.0 - (v / top).clamp(0.0, 1.0));
    let mut s = String::with_capacity(1024 + 24 * BUCKETS * chart.series.len());
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" \
         role=\"img\" aria-label=\"{}\"><rect x=\"{PAD_L}\" y=\"{PAD_T}\" width=\"{plot_w}\" height=\"{plot_h}\" \
         fill=\"#f7f9fb\" stroke=\"#ccc\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">{}</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">0</text>",
        chart.summary.replace('"', "&quot;"),
        PAD_L - 3.0,
        PAD_T + 10.0,
        number(top),
        PAD_L - 3.0,
        H - PAD_B
    );
    if let Some(l) = chart.limit {
        let _ = write!(
            s,
            "<line x1=\"{PAD_L}\" x2=\"{}\" y1=\"{ly:.1}\" y2=\"{ly:.1}\" stroke=\"#D55E00\" stroke-dasharray=\"4 3\"/>",
            PAD_L + plot_w,
            ly = y(l)
        );
    }
    for (k, series) in chart.series.iter().enumerate() {
        // A run of consecutive shown slices is one polyline; a gap starts another.
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for (b, v) in series.values.iter().enumerate() {
            match v {
                Some(v) => {
                    if !open {
                        runs.push(Vec::new());
                        open = true;
                    }
                    if let Some(r) = runs.last_mut() {
                        r.push((x(b), y(*v)));
                    }
                }
                None => open = false,
            }
        }
        let dash = if k > 0 {
            " stroke-dasharray=\"3 2\""
        } else {
            ""
        };
        for r in runs {
            s.push_str("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"");
            s.push_str(COLOURS[k % COLOURS.len()]);
            s.push('"');
            s.push_str(dash);
            s.push_str(" points=\"");
            for (px, py) in r {
                let _ = write!(s, "{px:.1},{py:.1} ");
            }
            s.push_str("\"/>");
        }
    }
    let cx = PAD_L + plot_w * (all.now as f64 / all.end.max(1) as f64).min(1.0);
    let _ = write!(
        s,
        "<line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{PAD_T}\" y2=\"{}\" stroke=\"#111\"/></svg>",
        H - PAD_B
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::Series;

    fn charts(values: Vec<Option<f64>>, limit: Option<f64>) -> (Chart, Charts) {
        let chart = Chart {
            title: "Mailbox length".into(),
            unit: "messages",
            series: vec![
                Series {
                    name: "a",
                    values: values.clone(),
                },
                Series { name: "b", values },
            ],
            limit,
            summary: "Mailbox \"length\": now 3".into(),
        };
        let all = Charts {
            end: 1_200_000,
            now: 600_000,
            charts: Vec::new(),
            read_from: 0,
        };
        (chart, all)
    }

    #[test]
    fn gaps_split_the_line_and_the_cursor_sits_at_now() {
        let mut v = vec![None; BUCKETS];
        for (b, slot) in v.iter_mut().enumerate().take(60) {
            *slot = (b != 30).then_some(b as f64);
        }
        let (c, all) = charts(v, Some(40.0));
        let out = svg(&c, &all);
        // Two series, each split in two by the gap at slice 30.
        assert_eq!(out.matches("<polyline").count(), 4);
        assert_eq!(out.matches("stroke-dasharray=\"3 2\"").count(), 2);
        // The limit, and the cursor halfway.
        assert!(out.contains("stroke=\"#D55E00\" stroke-dasharray=\"4 3\""));
        assert!(out.contains(&format!("x1=\"{:.1}\"", PAD_L + (W - PAD_L - 2.0) / 2.0)));
        // The axis says the top (59) and the summary is the accessible name, escaped.
        assert!(out.contains(">59<"));
        assert!(out.contains("aria-label=\"Mailbox &quot;length&quot;: now 3\""));
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(150.4), "150");
        assert_eq!(number(25_000.0), "25k");
    }
}
