//! Message flows on the canvas stage, summarised (pure): the messages in flight are counted
//! per pair of subtrees (a supervisor's box, a block of workers, or the outside world) and
//! drawn as one band with its count, instead of one dot per message. Flights carry the
//! SVG layout's positions (`model::flights`); `Endpoints` maps them back to processes.

use crate::model::canvas_layout::{CanvasLayout, Loc};
use crate::model::flights::Flight;
use crate::model::layout::Layout;
use std::collections::HashMap;

/// One end of a band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    /// A supervisor's box (index into `CanvasLayout::boxes`).
    Box(usize),
    /// A block of workers (index into `CanvasLayout::grids`).
    Block(usize),
    /// The world outside the tree (the scenario's harness).
    Outside,
}

/// Messages in flight from one subtree to another (or within one block: `from == to`).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub from: End,
    pub to: End,
    pub count: usize,
}

/// The most bands drawn (the busiest).
pub const MAX_BANDS: usize = 40;

/// Finds a process (pre-order index) from a position of the SVG layout.
pub struct Endpoints(HashMap<(u64, u64), usize>);

impl Endpoints {
    pub fn new(lay: &Layout) -> Endpoints {
        Endpoints(
            lay.nodes
                .iter()
                .enumerate()
                .map(|(i, n)| ((n.x.to_bits(), n.y.to_bits()), i))
                .collect(),
        )
    }
    pub fn at(&self, p: (f64, f64)) -> Option<usize> {
        self.0.get(&(p.0.to_bits(), p.1.to_bits())).copied()
    }
}

fn end_of(cl: &CanvasLayout, idx: Option<usize>) -> End {
    match idx.and_then(|i| cl.locs.get(i)) {
        Some(Loc::Box(b)) => End::Box(*b),
        Some(Loc::Cell(g, _)) => End::Block(*g),
        None => End::Outside,
    }
}

/// Counts messages per (from, to) subtree pair; endpoints are pre-order indices (`None`:
/// the outside world). The busiest `MAX_BANDS`, busiest first.
pub fn summarise(
    cl: &CanvasLayout,
    pairs: impl Iterator<Item = (Option<usize>, Option<usize>)>,
) -> Vec<Band> {
    let mut counts: HashMap<(End, End), usize> = HashMap::new();
    for (a, b) in pairs {
        *counts.entry((end_of(cl, a), end_of(cl, b))).or_default() += 1;
    }
    let mut bands: Vec<Band> = counts
        .into_iter()
        .map(|((from, to), count)| Band { from, to, count })
        .collect();
    otp_sim::sort::sort_by(&mut bands, |a, b| {
        b.count
            .cmp(&a.count)
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    bands.truncate(MAX_BANDS);
    bands
}

/// The bands of the flights in the air.
pub fn bands(cl: &CanvasLayout, ends: &Endpoints, flights: &[Flight]) -> Vec<Band> {
    summarise(cl, flights.iter().map(|f| (ends.at(f.from), ends.at(f.to))))
}

/// A band's width on screen (px): grows with the log of its count, 2–14 px.
pub fn band_px(count: usize) -> f64 {
    (2.0 + 2.0 * (count.max(1) as f64).log2()).min(14.0)
}

/// Where a band's end is drawn (world units): a box's centre, a block's top middle, or
/// above the root for the outside world.
pub fn anchor(cl: &CanvasLayout, e: End) -> (f64, f64) {
    match e {
        End::Box(b) => cl.boxes.get(b).map_or((0.0, 0.0), |b| (b.x, b.y)),
        End::Block(g) => cl
            .grids
            .get(g)
            .map_or((0.0, 0.0), |g| (g.x + g.width() / 2.0, g.y)),
        End::Outside => cl
            .boxes
            .first()
            .map_or((0.0, -60.0), |b| (b.x - 200.0, b.y - 40.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::canvas_layout::layout;
    use otp_sim::{Scenario, Sim};

    fn five_thousand() -> CanvasLayout {
        let mut sim = Sim::new(
            &Scenario::from_json(include_str!("../../scenarios/big_5000.json")).expect("valid"),
        );
        sim.run_until(1_000);
        layout(&sim.tree(), 2.0)
    }

    #[test]
    fn messages_between_the_same_subtrees_make_one_band_with_their_count() {
        let cl = five_thousand();
        let g0 = &cl.grids[0];
        let g1 = &cl.grids[1];
        let root = cl.boxes[0].idx;
        let mut pairs = Vec::new();
        // 30 messages inside block 0 (clients calling their server), in both directions.
        for k in 0..15 {
            pairs.push((Some(g0.members[k + 1]), Some(g0.members[0])));
            pairs.push((Some(g0.members[0]), Some(g0.members[k + 1])));
        }
        // 4 from block 1 to the root's box, 2 from outside into block 1.
        for k in 0..4 {
            pairs.push((Some(g1.members[k]), Some(root)));
        }
        pairs.push((None, Some(g1.members[0])));
        pairs.push((None, Some(g1.members[9])));
        let bands = summarise(&cl, pairs.into_iter());
        assert_eq!(
            bands,
            vec![
                Band {
                    from: End::Block(0),
                    to: End::Block(0),
                    count: 30
                },
                Band {
                    from: End::Block(1),
                    to: End::Box(0),
                    count: 4
                },
                Band {
                    from: End::Outside,
                    to: End::Block(1),
                    count: 2
                },
            ]
        );
        assert!(summarise(&cl, std::iter::empty()).is_empty());
    }

    #[test]
    fn at_most_max_bands_busiest_first_and_widths_are_bounded() {
        let cl = five_thousand();
        // A band from every block to every block: 100 pairs.
        let mut pairs = Vec::new();
        for (i, a) in cl.grids.iter().enumerate() {
            for (j, b) in cl.grids.iter().enumerate() {
                for _ in 0..=(i * 10 + j) {
                    pairs.push((Some(a.members[0]), Some(b.members[0])));
                }
            }
        }
        let bands = summarise(&cl, pairs.into_iter());
        assert_eq!(bands.len(), MAX_BANDS);
        assert!(bands.windows(2).all(|w| w[0].count >= w[1].count));
        assert_eq!(bands[0].count, 100);
        assert_eq!(band_px(1), 2.0);
        assert!(band_px(1_000_000) <= 14.0);
        assert!(band_px(0).is_finite());
    }

    #[test]
    fn positions_of_the_svg_layout_find_their_process() {
        let mut sim = Sim::new(
            &Scenario::from_json(include_str!("../../scenarios/big_1000.json")).expect("valid"),
        );
        sim.run_until(1_000);
        let lay = crate::model::layout::layout(&sim.tree(), 1.0, 2.0);
        let ends = Endpoints::new(&lay);
        for (i, n) in lay.nodes.iter().enumerate().step_by(37) {
            assert_eq!(ends.at((n.x, n.y)), Some(i));
        }
        assert_eq!(ends.at((-1.0, -1.0)), None);
    }
}
