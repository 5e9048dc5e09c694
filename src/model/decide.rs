//! The abstraction decision tree's walk (`#/decide/yes/no/…` and lesson 16's `decide`
//! block): answers as an address path and back, and where a list of answers lands in the
//! tree (`lessons/decide.json`, `otp_content::DecisionTree`). Pure; a bad path is a message,
//! never a panic.

use otp_content::{DecideLeaf, DecideQuestion, DecisionTree};

/// One answer to a yes/no question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

impl Answer {
    /// The word in an address.
    pub fn word(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }

    /// The answer a key gives: `y` or `1` for yes, `n` or `2` for no.
    pub fn from_key(key: &str) -> Option<Answer> {
        match key {
            "y" | "Y" | "1" => Some(Answer::Yes),
            "n" | "N" | "2" => Some(Answer::No),
            _ => None,
        }
    }
}

/// No path in an address is longer than this (the tree's own depth is far less).
pub const MAX_ANSWERS: usize = 32;

/// `yes/no/yes` (slashes, any case, empty parts skipped) as answers.
pub fn parse_path(s: &str) -> Result<Vec<Answer>, String> {
    let mut out = Vec::new();
    for word in s.split('/').filter(|w| !w.is_empty()) {
        if out.len() == MAX_ANSWERS {
            return Err(format!(
                "the address has more than {MAX_ANSWERS} answers; no path in the tree is that long"
            ));
        }
        out.push(match word.to_ascii_lowercase().as_str() {
            "yes" | "y" => Answer::Yes,
            "no" | "n" => Answer::No,
            _ => {
                let shown: String = word.chars().take(20).collect();
                return Err(format!(
                    "“{shown}” is not an answer: the address lists answers as yes or no"
                ));
            }
        });
    }
    Ok(out)
}

/// The answers as an address path: `yes/no/yes` (empty for none).
pub fn path_string(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| a.word())
        .collect::<Vec<_>>()
        .join("/")
}

/// The address that opens the tree at these answers.
pub fn href(answers: &[Answer]) -> String {
    if answers.is_empty() {
        "#/decide".into()
    } else {
        format!("#/decide/{}", path_string(answers))
    }
}

/// A question answered on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Step<'a> {
    pub question: &'a DecideQuestion,
    pub answer: Answer,
}

/// Where the walk stands: a question to answer, or the abstraction it ended at.
#[derive(Clone, Debug, PartialEq)]
pub enum Now<'a> {
    Ask(&'a DecideQuestion),
    Leaf(&'a DecideLeaf),
}

/// The answers so far and where they lead.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk<'a> {
    pub steps: Vec<Step<'a>>,
    pub now: Now<'a>,
}

impl Walk<'_> {
    pub fn answers(&self) -> Vec<Answer> {
        self.steps.iter().map(|s| s.answer).collect()
    }
}

fn node<'a>(t: &'a DecisionTree, id: &str) -> Option<Now<'a>> {
    t.question(id)
        .map(Now::Ask)
        .or_else(|| t.leaf(id).map(Now::Leaf))
}

/// Follows `answers` from the start. Errors name what went wrong: answers after a leaf, or
/// a tree whose answer leads nowhere (the content check forbids it).
pub fn walk<'a>(t: &'a DecisionTree, answers: &[Answer]) -> Result<Walk<'a>, String> {
    let (w, err) = walk_lenient(t, answers)?;
    match err {
        None => Ok(w),
        Some(e) => Err(e),
    }
}

/// Like [`walk`], but a path that goes wrong part of the way keeps the answers that made
/// sense, with the message: the view shows both.
pub fn walk_lenient<'a>(
    t: &'a DecisionTree,
    answers: &[Answer],
) -> Result<(Walk<'a>, Option<String>), String> {
    let Some(mut now) = node(t, &t.start) else {
        return Err(format!(
            "the decision tree's start (“{}”) is not in it",
            t.start
        ));
    };
    let mut steps = Vec::new();
    for (i, a) in answers.iter().enumerate() {
        let q = match now {
            Now::Ask(q) => q,
            Now::Leaf(l) => {
                let e = format!(
                    "the address has {} answers, but the tree ends after {i}, at {}",
                    answers.len(),
                    l.title
                );
                return Ok((Walk { steps, now }, Some(e)));
            }
        };
        let to = match a {
            Answer::Yes => &q.yes,
            Answer::No => &q.no,
        };
        let Some(next) = node(t, to) else {
            let e = format!("the answer to “{}” leads nowhere (“{to}”)", q.text);
            return Ok((Walk { steps, now }, Some(e)));
        };
        steps.push(Step {
            question: q,
            answer: *a,
        });
        now = next;
    }
    Ok((Walk { steps, now }, None))
}

/// What a key does to the answers (`asking`: a question is shown): `y`/`1` and `n`/`2`
/// answer it, Backspace takes the last answer back. `None`: the key is not the tree's.
pub fn on_key(key: &str, answers: &[Answer], asking: bool) -> Option<Vec<Answer>> {
    if key == "Backspace" {
        return (!answers.is_empty()).then(|| answers[..answers.len() - 1].to_vec());
    }
    let a = Answer::from_key(key)?;
    asking.then(|| {
        let mut v = answers.to_vec();
        v.push(a);
        v
    })
}

/// Every leaf and the shortest answers that reach it, in the order of a yes-first walk.
pub fn leaves(t: &DecisionTree) -> Vec<(&DecideLeaf, Vec<Answer>)> {
    let mut out: Vec<(&DecideLeaf, Vec<Answer>)> = Vec::new();
    let mut stack = vec![Vec::<Answer>::new()];
    while let Some(path) = stack.pop() {
        match walk(t, &path) {
            Ok(Walk {
                now: Now::Leaf(l), ..
            }) if !out.iter().any(|(o, _)| o.id == l.id) => out.push((l, path)),
            Ok(Walk {
                now: Now::Leaf(_), ..
            }) => {}
            Ok(_) if path.len() < MAX_ANSWERS => {
                for a in [Answer::No, Answer::Yes] {
                    let mut p = path.clone();
                    p.push(a);
                    stack.push(p);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> DecisionTree {
        serde_json::from_str(include_str!("../../lessons/decide.json")).expect("decide.json")
    }

    fn leaf_at(t: &DecisionTree, path: &str) -> String {
        match walk(t, &parse_path(path).unwrap()).unwrap().now {
            Now::Leaf(l) => l.id.clone(),
            Now::Ask(q) => panic!("{path}: still asking {}", q.id),
        }
    }

    #[test]
    fn every_leaf_the_syllabus_names_is_reached() {
        let t = tree();
        let reached = leaves(&t);
        for name in [
            "Plain function",
            "Agent",
            "spawn_link",
            "Task.Supervisor",
            "GenServer",
            "GenStateMachine",
        ] {
            assert!(
                reached
                    .iter()
                    .any(|(l, _)| l.syllabus.as_deref() == Some(name)),
                "{name} is not reached"
            );
        }
        // And every leaf of the file, ETS, Registry and the pool included.
        assert_eq!(reached.len(), t.leaves.len());
    }

    #[test]
    fn the_syllabus_questions_in_its_order() {
        let t = tree();
        assert_eq!(leaf_at(&t, "no"), "plain_function");
        assert_eq!(leaf_at(&t, "yes/no/no"), "agent");
        assert_eq!(leaf_at(&t, "yes/yes/no"), "spawn_link");
        assert_eq!(leaf_at(&t, "yes/yes/yes/no"), "task_supervisor");
        assert_eq!(leaf_at(&t, "yes/yes/yes/yes/yes"), "gen_statem");
        assert_eq!(leaf_at(&t, "yes/yes/yes/yes/no/no/no"), "genserver");
        assert_eq!(leaf_at(&t, "yes/no/yes/no"), "ets");
        assert_eq!(leaf_at(&t, "yes/yes/yes/yes/no/yes"), "dynamic_registry");
    }

    #[test]
    fn a_path_round_trips() {
        let t = tree();
        for (_, answers) in leaves(&t) {
            let s = path_string(&answers);
            assert_eq!(parse_path(&s).unwrap(), answers);
            assert_eq!(
                href(&answers),
                if s.is_empty() {
                    "#/decide".into()
                } else {
                    format!("#/decide/{s}")
                }
            );
        }
        assert_eq!(parse_path("").unwrap(), vec![]);
        assert_eq!(
            parse_path("/YES//n/").unwrap(),
            vec![Answer::Yes, Answer::No]
        );
    }

    #[test]
    fn a_bad_path_gets_a_clear_message() {
        let t = tree();
        let e = parse_path("yes/maybe").unwrap_err();
        assert!(e.contains("“maybe” is not an answer"), "{e}");
        let e = parse_path(&"yes/".repeat(100)).unwrap_err();
        assert!(e.contains("more than 32 answers"), "{e}");
        // Past a leaf: the answers that made sense are kept.
        let (w, e) = walk_lenient(&t, &parse_path("no/yes/yes").unwrap()).unwrap();
        assert_eq!(w.steps.len(), 1);
        assert!(matches!(w.now, Now::Leaf(l) if l.id == "plain_function"));
        assert!(e.unwrap().contains("ends after 1"));
        assert!(walk(&t, &parse_path("no/yes").unwrap()).is_err());
        // A broken tree is a message too.
        let mut broken = t.clone();
        broken.questions[0].yes = "nowhere".into();
        assert!(walk(&broken, &[Answer::Yes]).is_err());
        broken.start = "gone".into();
        assert!(walk(&broken, &[]).is_err());
        // Any text at all: no panic.
        for s in [
            "%%",
            "ÿes",
            "yes/no/yes/yes/yes/yes/yes/yes/yes/yes",
            "../..",
            "y/n/1",
        ] {
            if let Ok(a) = parse_path(s) {
                let _ = walk_lenient(&t, &a);
            }
        }
    }

    #[test]
    fn keys_answer() {
        assert_eq!(Answer::from_key("y"), Some(Answer::Yes));
        assert_eq!(Answer::from_key("1"), Some(Answer::Yes));
        assert_eq!(Answer::from_key("n"), Some(Answer::No));
        assert_eq!(Answer::from_key("2"), Some(Answer::No));
        assert_eq!(Answer::from_key("x"), None);
        let yes = [Answer::Yes];
        assert_eq!(on_key("n", &yes, true), Some(vec![Answer::Yes, Answer::No]));
        assert_eq!(on_key("n", &yes, false), None);
        assert_eq!(on_key("Backspace", &yes, false), Some(vec![]));
        assert_eq!(on_key("Backspace", &[], true), None);
        assert_eq!(on_key("k", &yes, true), None);
    }
}
