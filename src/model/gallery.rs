//! The gallery (`#/gallery`): its cards (title, story, tags, a thumbnail of the tree) read
//! from the content bundle's index and the scenarios themselves, the search and tag filter,
//! and the lesson scenarios grouped by lesson. Pure: the page only draws what this returns.

use crate::model::layout::layout;
use crate::model::scenarios::resolve;
use otp_content::{Bundle, Segment};
use otp_sim::{NodeKind, Scenario, Sim};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The scenario's name in addresses (`#/play/<scenario>`).
    pub scenario: Rc<str>,
    pub title: Rc<str>,
    /// The description's first sentence; `story_full` is all of it.
    pub story: Rc<str>,
    pub story_full: Rc<str>,
    pub tags: Vec<Rc<str>>,
    /// Narrated steps for presenter mode.
    pub steps: usize,
    /// The tree as it starts, drawn small (SVG text).
    pub thumbnail: Rc<str>,
}

/// The gallery's cards, in the index's order (entries whose scenario does not resolve or
/// parse are left out: the content test keeps that from happening).
pub fn cards(bundle: &Bundle) -> Vec<Card> {
    bundle
        .gallery
        .iter()
        .filter_map(|e| {
            let json = resolve(&e.scenario, Some(bundle))?;
            let sc = Scenario::from_json(&json).ok()?;
            let full = sc.description.trim().to_string();
            Some(Card {
                scenario: Rc::from(e.scenario.as_str()),
                title: Rc::from(sc.name.as_str()),
                story: Rc::from(first_sentence(&full)),
                story_full: Rc::from(full.as_str()),
                tags: e.tags.iter().map(|t| Rc::from(t.as_str())).collect(),
                steps: sc.steps.len(),
                thumbnail: Rc::from(thumbnail(&sc).as_str()),
            })
        })
        .collect()
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// Every tag used, sorted.
pub fn tags(cards: &[Card]) -> Vec<Rc<str>> {
    let set: BTreeSet<&Rc<str>> = cards.iter().flat_map(|c| c.tags.iter()).collect();
    set.into_iter().cloned().collect()
}

/// The cards a search shows: every word of `query` (ASCII case-insensitive) appears in the
/// title, story or tags, and the card has `tag` if one is chosen.
pub fn filter<'a>(cards: &'a [Card], query: &str, tag: Option<&str>) -> Vec<&'a Card> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    cards
        .iter()
        .filter(|c| tag.is_none_or(|t| c.tags.iter().any(|x| &**x == t)))
        .filter(|c| {
            let hay = format!(
                "{} {} {} {}",
                c.title,
                c.story_full,
                c.scenario,
                c.tags.join(" ")
            )
            .to_ascii_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

/// A lesson and the scenarios its demos use, each once.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonScenarios {
    pub slug: Rc<str>,
    pub title: Rc<str>,
    pub scenarios: Vec<Rc<str>>,
}

/// The lesson scenarios, grouped by lesson (in lesson order).
pub fn by_lesson(bundle: &Bundle) -> Vec<LessonScenarios> {
    let mut lessons: Vec<_> = bundle.lessons.iter().collect();
    otp_sim::sort::sort_by_key(&mut lessons, |l| l.order);
    lessons
        .into_iter()
        .filter_map(|l| {
            let mut names: Vec<Rc<str>> = Vec::new();
            for s in &l.segments {
                if let Segment::Demo(d) = s
                    && !names.iter().any(|n| **n == *d.scenario)
                {
                    names.push(Rc::from(d.scenario.as_str()));
                }
            }
            (!names.is_empty()).then(|| LessonScenarios {
                slug: Rc::from(l.slug.as_str()),
                title: Rc::from(l.title.as_str()),
                scenarios: names,
            })
        })
        .collect()
}

/// The tree right after it has started, drawn small: lines from each process to its
/// supervisor, boxes for supervisors, dots for workers.
pub fn thumbnail(sc: &Scenario) -> String {
    let mut sim = Sim::new(sc);
    sim.run_until(1_000);
    let tree = sim.tree();
    let lay = layout(&tree, 1.0, 1.6);
    let (w, h) = (lay.width.max(1.0), lay.height.max(1.0));
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{:.0} {:.0} {:.0} {:.0}\" \
         preserveAspectRatio=\"xMidYMid meet\" aria-hidden=\"true\">",
        -40.0,
        -40.0,
        w + 80.0,
        h + 80.0
    );
    for n in &lay.nodes {
        if let Some(p) = n.parent.and_then(|i| lay.nodes.get(i)) {
            let _ = write!(
                s,
                "<line x1=\"{:.0}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"#9aa3ab\" stroke-width=\"5\"/>",
                p.x, p.y, n.x, n.y
            );
        }
    }
    for n in &lay.nodes {
        let _ = match n.kind {
            NodeKind::Worker => write!(
                s,
                "<circle cx=\"{:.0}\" cy=\"{:.0}\" r=\"22\" fill=\"#dcecf9\" stroke=\"#0072B2\" stroke-width=\"5\"/>",
                n.x, n.y
            ),
            NodeKind::Supervisor | NodeKind::DynamicSupervisor => write!(
                s,
                "<rect x=\"{:.0}\" y=\"{:.0}\" width=\"84\" height=\"44\" rx=\"8\" fill=\"#e6eef5\" stroke=\"#1d2b36\" stroke-width=\"5\"/>",
                n.x - 42.0,
                n.y - 22.0
            ),
        };
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str, tags: &[&str]) -> Card {
        Card {
            scenario: Rc::from(title),
            title: Rc::from(title),
            story: Rc::from("A story."),
            story_full: Rc::from("A story. With a cache."),
            tags: tags.iter().map(|t| Rc::from(*t)).collect(),
            steps: 0,
            thumbnail: Rc::from(""),
        }
    }

    #[test]
    fn search_needs_every_word_and_the_tag() {
        let cs = vec![
            card("Poison escalates", &["escalation", "restart"]),
            card("Hot server", &["bottleneck"]),
        ];
        assert_eq!(filter(&cs, "", None).len(), 2);
        assert_eq!(filter(&cs, "POISON cache", None).len(), 1);
        assert_eq!(filter(&cs, "poison hot", None).len(), 0);
        assert_eq!(
            filter(&cs, "", Some("bottleneck"))[0].title.as_ref(),
            "Hot server"
        );
        assert_eq!(filter(&cs, "restart", None).len(), 1, "tags are searched");
        assert_eq!(tags(&cs).len(), 3);
    }

    #[test]
    fn a_thumbnail_draws_every_process_of_the_started_tree() {
        let json = include_str!("../../scenarios/db_one_for_all.json");
        let sc = Scenario::from_json(json).expect("valid");
        let svg = thumbnail(&sc);
        let mut sim = Sim::new(&sc);
        sim.run_until(1_000);
        let tree = sim.tree();
        let mut flat = Vec::new();
        crate::model::frame::flatten(&tree, &mut flat);
        let drawn = svg.matches("<circle").count() + svg.matches("<rect").count();
        assert_eq!(drawn, flat.len());
        assert_eq!(svg.matches("<line").count(), flat.len() - 1);
    }

    #[test]
    fn first_sentences() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
