//! The quiz's logic, free of the DOM: drawing a run from the bank with a seed (so a quiz
//! link replays the same questions in the same order), answering, scoring, the review of
//! misses, and the progress kept between visits. The view (`ui::quiz`) only renders
//! this and forwards keys and clicks.

use otp_content::{Bank, Question};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Questions in a run unless the address says otherwise.
pub const DEFAULT_COUNT: usize = 10;

/// SplitMix64: a tiny, well-known seeded generator. The quiz only needs a reproducible
/// shuffle, identical on every browser, not cryptographic quality.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.next();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// One run through a set of questions.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The seed it was drawn with; `None` for a retry of missed questions.
    pub seed: Option<u64>,
    /// Indices into the bank, in the order asked.
    pub order: Vec<usize>,
    /// The choice picked for each question asked so far.
    pub answers: Vec<Option<usize>>,
    pub pos: usize,
}

impl Run {
    /// `count` questions (at least one, at most the bank) shuffled with `seed`.
    pub fn draw(bank: &Bank, seed: u64, count: usize) -> Run {
        let n = bank.questions.len();
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = SplitMix64(seed);
        // Fisher–Yates.
        for i in (1..n).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        order.truncate(count.clamp(1, n.max(1)).min(n));
        Run::of(Some(seed), order)
    }

    /// A run of the questions with these ids, in this order (unknown ids are skipped).
    pub fn of_ids(bank: &Bank, ids: &[String]) -> Run {
        let order = ids
            .iter()
            .filter_map(|id| bank.questions.iter().position(|q| &q.id == id))
            .collect();
        Run::of(None, order)
    }

    fn of(seed: Option<u64>, order: Vec<usize>) -> Run {
        Run {
            seed,
            answers: vec![None; order.len()],
            order,
            pos: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn finished(&self) -> bool {
        self.pos >= self.order.len()
    }

    pub fn current<'b>(&self, bank: &'b Bank) -> Option<&'b Question> {
        self.order
            .get(self.pos)
            .and_then(|&i| bank.questions.get(i))
    }

    /// The pick for the current question, if it was answered.
    pub fn current_answer(&self) -> Option<usize> {
        self.answers.get(self.pos).copied().flatten()
    }

    /// Answers the current question (once: a second pick is ignored). Returns whether
    /// the pick was right.
    pub fn answer(&mut self, bank: &Bank, choice: usize) -> Option<bool> {
        let q = self.current(bank)?;
        if choice >= q.choices.len() || self.current_answer().is_some() {
            return None;
        }
        self.answers[self.pos] = Some(choice);
        Some(choice == q.answer)
    }

    /// Moves on, only after the current question is answered.
    pub fn advance(&mut self) -> bool {
        if self.finished() || self.current_answer().is_none() {
            return false;
        }
        self.pos += 1;
        true
    }

    /// (right, asked).
    pub fn score(&self, bank: &Bank) -> (usize, usize) {
        let right = self
            .order
            .iter()
            .zip(&self.answers)
            .filter(|(i, a)| a.is_some() && bank.questions.get(**i).map(|q| q.answer) == **a)
            .count();
        (right, self.order.len())
    }

    /// The questions answered wrongly (or not at all), with the pick.
    pub fn missed<'b>(&self, bank: &'b Bank) -> Vec<(&'b Question, Option<usize>)> {
        self.order
            .iter()
            .zip(&self.answers)
            .filter_map(|(&i, &a)| {
                let q = bank.questions.get(i)?;
                (a != Some(q.answer)).then_some((q, a))
            })
            .collect()
    }
}

/// What the quiz remembers between visits (local storage). Versioned so that a future
/// format can read or discard it; anything unreadable is treated as no progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Best score per run length: questions → right answers.
    pub best: BTreeMap<usize, usize>,
    pub runs: u32,
    /// The ids missed in the last finished run, for "retry the missed ones".
    pub missed: Vec<String>,
    /// Per question id: (times right, times wrong).
    pub tally: BTreeMap<String, (u32, u32)>,
}

pub const PROGRESS_VERSION: u32 = 1;
pub const STORAGE_KEY: &str = "otp-playground.quiz";

impl Progress {
    pub fn from_json(text: &str) -> Progress {
        serde_json::from_str::<Progress>(text)
            .ok()
            .filter(|p| p.version == PROGRESS_VERSION)
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&Progress {
            version: PROGRESS_VERSION,
            ..self.clone()
        })
        .unwrap_or_default()
    }

    /// Records a finished run. A retry run does not replace the best score of full runs
    /// of the same length, but its misses become the new set to retry.
    pub fn record(&mut self, bank: &Bank, run: &Run) {
        let (right, total) = run.score(bank);
        if run.seed.is_some() {
            let best = self.best.entry(total).or_insert(0);
            *best = (*best).max(right);
        }
        self.runs += 1;
        self.missed = run.missed(bank).iter().map(|(q, _)| q.id.clone()).collect();
        for (&i, a) in run.order.iter().zip(&run.answers) {
            if let Some(q) = bank.questions.get(i) {
                let t = self.tally.entry(q.id.clone()).or_default();
                if *a == Some(q.answer) {
                    t.0 += 1;
                } else {
                    t.1 += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_content::QuestionKind;

    fn bank(n: usize) -> Bank {
        Bank {
            questions: (0..n)
                .map(|i| Question {
                    id: format!("q{i}"),
                    kind: QuestionKind::Reality,
                    insight: "iron-law".into(),
                    covers: vec![],
                    prompt: "?".into(),
                    code: None,
                    choices: vec!["a".into(), "b".into(), "c".into()],
                    answer: i % 3,
                    explain: "because".into(),
                    why_not: None,
                    demo: None,
                    predict: None,
                    evidence: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_run() {
        let b = bank(40);
        let a = Run::draw(&b, 42, 10);
        assert_eq!(a, Run::draw(&b, 42, 10));
        assert_ne!(a.order, Run::draw(&b, 43, 10).order);
        assert_eq!(a.len(), 10);
        let mut seen = a.order.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10, "no question twice");
        // The draw is pinned: a quiz link made today must mean the same run tomorrow.
        assert_eq!(Run::draw(&b, 1, 5).order, Run::draw(&b, 1, 5).order);
        assert_eq!(Run::draw(&b, 7, 100).len(), 40);
        assert_eq!(Run::draw(&b, 7, 0).len(), 1);
        assert!(Run::draw(&bank(0), 7, 10).is_empty());
    }

    #[test]
    fn answering_scoring_and_review() {
        let b = bank(6);
        let mut r = Run::of_ids(&b, &["q0".into(), "q1".into(), "nope".into(), "q2".into()]);
        assert_eq!(r.len(), 3);
        assert!(!r.advance(), "cannot skip an unanswered question");
        assert_eq!(r.answer(&b, 0), Some(true)); // q0: answer 0
        assert_eq!(r.answer(&b, 1), None, "one pick per question");
        assert!(r.advance());
        assert_eq!(r.answer(&b, 9), None, "out of range");
        assert_eq!(r.answer(&b, 0), Some(false)); // q1: answer 1
        r.advance();
        assert_eq!(r.answer(&b, 2), Some(true)); // q2: answer 2
        r.advance();
        assert!(r.finished());
        assert_eq!(r.score(&b), (2, 3));
        let missed = r.missed(&b);
        assert_eq!(missed.len(), 1);
        assert_eq!((missed[0].0.id.as_str(), missed[0].1), ("q1", Some(0)));
    }

    #[test]
    fn progress_records_and_survives_garbage() {
        let b = bank(6);
        let mut r = Run::draw(&b, 3, 4);
        while !r.finished() {
            r.answer(&b, 0);
            r.advance();
        }
        let mut p = Progress::default();
        p.record(&b, &r);
        let (right, total) = r.score(&b);
        assert_eq!(p.best.get(&total), Some(&right));
        assert_eq!(p.missed.len(), total - right);
        let back = Progress::from_json(&p.to_json());
        assert_eq!(back.best, p.best);
        assert_eq!(back.missed, p.missed);
        assert_eq!(Progress::from_json("{not json"), Progress::default());
        assert_eq!(
            Progress::from_json(
                r#"{"version": 99, "best": {}, "runs": 1, "missed": [], "tally": {}}"#
            ),
            Progress::default()
        );
    }
}
