//! Lays out one metrics chart (`metrics::Chart`) as a small SVG: a line per series over the
//! run's slices, a limit drawn across in red, the timeline's cursor as a vertical line, and
//! the highest value on the axis. A pure function, tested natively; the inspector draws its
//! shapes (`ui/charts.rs`, small multiples, one under another).

use crate::model::metrics::{BUCKETS, Chart, Charts, peak};
use std::fmt::Write;

pub const W: f64 = 280.0;
pub const H: f64 = 64.0;
pub const PAD_L: f64 = 34.0;
pub const PAD_T: f64 = 4.0;
pub const PAD_B: f64 = 4.0;

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

/// One line of a series: a run of consecutive shown slices (a gap starts another).
#[derive(Clone, Debug, PartialEq)]
pub struct Polyline {
    pub colour: &'static str,
    /// The second series is dashed (told apart without colour).
    pub dashed: bool,
    /// `points`, as written: compared as text, so an unchanged line is not touched.
    pub points: String,
}

/// A chart's shapes. The view draws them as SVG elements, so a refresh while playing sets
/// only what changed (the newest slice's line and the cursor) instead of the browser parsing
/// the whole chart again.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    /// The accessible name: the chart's summary.
    pub label: String,
    /// The axis's top value.
    pub top: String,
    /// The limit's height, if the chart has one.
    pub limit: Option<f64>,
    pub lines: Vec<Polyline>,
    /// The timeline's cursor (x).
    pub cursor: f64,
}

pub const PLOT_W: f64 = W - PAD_L - 2.0;
pub const PLOT_H: f64 = H - PAD_T - PAD_B;

pub fn drawing(chart: &Chart, all: &Charts) -> Drawing {
    let top = peak(chart);
    let x = |b: usize| PAD_L + PLOT_W * (b as f64 + 0.5) / BUCKETS as f64;
    let y = |v: f64| PAD_T + PLOT_H * (1.0 - (v / top).clamp(0.0, 1.0));
    let mut lines = Vec::new();
    for (k, series) in chart.series.iter().enumerate() {
        let mut open: Option<String> = None;
        for (b, v) in series.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let p = open.get_or_insert_with(String::new);
                    let _ = write!(p, "{:.1},{:.1} ", x(b), y(*v));
                }
                None => {
                    if let Some(points) = open.take() {
                        lines.push((k, points));
                    }
                }
            }
        }
        if let Some(points) = open.take() {
            lines.push((k, points));
        }
    }
    Drawing {
        label: chart.summary.to_string(),
        top: number(top),
        limit: chart.limit.map(y),
        lines: lines
            .into_iter()
            .map(|(k, points)| Polyline {
                colour: COLOURS[k % COLOURS.len()],
                dashed: k > 0,
                points,
            })
            .collect(),
        cursor: PAD_L + PLOT_W * (all.now as f64 / all.end.max(1) as f64).min(1.0),
    }
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
        let d = drawing(&c, &all);
        // Two series, each split in two by the gap at slice 30; the second dashed.
        assert_eq!(d.lines.len(), 4);
        assert_eq!(d.lines.iter().filter(|l| l.dashed).count(), 2);
        assert_eq!(
            d.lines[0]
                .points
                .split(' ')
                .filter(|p| !p.is_empty())
                .count(),
            30
        );
        assert_eq!(
            d.lines[1]
                .points
                .split(' ')
                .filter(|p| !p.is_empty())
                .count(),
            29
        );
        // The limit (40 of a top of 59), and the cursor halfway.
        let ly = d.limit.expect("a limit");
        assert!((ly - (PAD_T + PLOT_H * (1.0 - 40.0 / 59.0))).abs() < 1e-9);
        assert!((d.cursor - (PAD_L + PLOT_W / 2.0)).abs() < 1e-9);
        // The axis says the top (59); the summary is the accessible name.
        assert_eq!(d.top, "59");
        assert_eq!(d.label, "Mailbox \"length\": now 3");
    }

    #[test]
    fn the_same_data_gives_the_same_text_so_the_view_leaves_it_alone() {
        let mut v = vec![None; BUCKETS];
        v[0] = Some(2.0);
        v[1] = Some(4.0);
        let (c, mut all) = charts(v, None);
        let before = drawing(&c, &all);
        all.now += 100_000;
        let after = drawing(&c, &all);
        assert_eq!(before.lines, after.lines);
        assert!(after.cursor > before.cursor);
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(150.4), "150");
        assert_eq!(number(25_000.0), "25k");
    }
}
