//! The content types, shared by the content tool and tests (feature `load`, which read and
//! check the data files: unknown fields are errors there, so a typo is caught) and the app
//! (which reads the bundle the tool wrote, already checked). Without `load`, what only the
//! checker needs — predicted outcomes, coverage ids, link lists, file names — is not read,
//! which keeps the app's wasm small.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the app needs, produced at build time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub syllabus: Syllabus,
    pub lessons: Vec<Lesson>,
    pub quiz: Bank,
    /// Scenarios written for lessons and questions (`lessons/scenarios/*.json`) and for the
    /// gallery (`gallery/scenarios/*.json`), by name. The playground's built-ins are embedded
    /// by the app itself.
    pub scenarios: Vec<NamedScenario>,
    /// The gallery of failure scenarios (`gallery/index.json`), in its order.
    #[serde(default)]
    pub gallery: Vec<GalleryEntry>,
    /// The abstraction decision tree (`lessons/decide.json`), drawn at `#/decide` and by a
    /// lesson's `decide` block.
    #[serde(default)]
    pub decide: Option<DecisionTree>,
}

/// The abstraction decision tree: yes/no questions, asked one at a time from `start`, that
/// end at a leaf naming an abstraction. Checked by `check::check_decide`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct DecisionTree {
    #[serde(default, rename = "_comment", skip_serializing)]
    pub comment: String,
    /// The id of the first question.
    pub start: String,
    pub questions: Vec<DecideQuestion>,
    pub leaves: Vec<DecideLeaf>,
}

/// One question: its text, a line that explains it, and the node (question or leaf id) each
/// answer leads to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct DecideQuestion {
    pub id: String,
    pub text: String,
    pub help: String,
    pub yes: String,
    pub no: String,
    /// The question of the syllabus's tree this one asks (its words, verbatim), if any.
    #[serde(default)]
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub syllabus: Option<String>,
}

/// Where the answers land: an abstraction, why it fits, its lesson and a live scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct DecideLeaf {
    pub id: String,
    pub title: String,
    pub why: String,
    /// A lesson slug.
    pub lesson: String,
    /// A lesson, gallery or built-in scenario that shows it.
    pub scenario: String,
    #[serde(default)]
    pub run_to_ms: u64,
    #[serde(default)]
    pub select: Option<String>,
    /// The leaf of the syllabus's tree this one is (its words, verbatim), if any.
    #[serde(default)]
    pub syllabus: Option<String>,
}

impl DecisionTree {
    pub fn question(&self, id: &str) -> Option<&DecideQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn leaf(&self, id: &str) -> Option<&DecideLeaf> {
        self.leaves.iter().find(|l| l.id == id)
    }
}

impl DecideLeaf {
    /// The playground address of its scenario.
    pub fn href(&self) -> String {
        play_href(&self.scenario, self.run_to_ms, self.select.as_deref())
    }
}

/// A lesson's `decide` block: the decision tree drawn in the lesson's text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct DecideBlock {
    /// A line shown above the tree.
    #[serde(default)]
    pub caption: Option<String>,
}

/// One scenario of the gallery: its name (a built-in, gallery or lesson scenario; its title
/// and story are the scenario's own `name` and `description`) and its tags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct GalleryEntry {
    pub scenario: String,
    pub tags: Vec<String>,
}

/// The gallery's tag vocabulary: every tag of a [`GalleryEntry`] is one of these, each
/// with the one-line meaning the gallery can show beside its filter. Documented in
/// docs/content-format.md; `check::check_gallery` rejects any other tag.
pub const GALLERY_TAGS: &[(&str, &str)] = &[
    (
        "strategy",
        "a supervisor's strategy decides who is restarted with whom",
    ),
    (
        "restart",
        "a child restarted, or deliberately not (permanent, transient, temporary)",
    ),
    (
        "escalation",
        "a supervisor exceeds max_restarts in max_seconds and gives up to its parent",
    ),
    (
        "cascade",
        "one failure takes other processes down: links, strategies, callers",
    ),
    (
        "bottleneck",
        "one process serialises work that many others wait for",
    ),
    ("timeout", "a call, an await or a shutdown runs out of time"),
    (
        "ets",
        "ETS tables: reads outside the owner, a table dying with its owner",
    ),
    (
        "tasks",
        "Task.async and Task.Supervisor.async_nolink, linked or not",
    ),
    (
        "dynamic",
        "DynamicSupervisor: children started on demand, max_children",
    ),
    (
        "partition",
        "PartitionSupervisor: work spread over several supervisors by key",
    ),
    ("statem", "gen_statem: states, events, state time-outs"),
    (
        "agent",
        "Agent: state behind a process, functions run inside it",
    ),
    (
        "shutdown",
        "how a supervisor stops a child: shutdown timeouts, :brutal_kill, terminate/2",
    ),
    (
        "backpressure",
        "producers faster than consumers: growing mailboxes, calls that pace",
    ),
    (
        "registry",
        "processes found by registered name, and what happens when the name is gone",
    ),
    ("state", "what a process holds, and what a restart loses"),
];

/// Whether `tag` is in the gallery's vocabulary.
pub fn is_gallery_tag(tag: &str) -> bool {
    GALLERY_TAGS.iter().any(|(t, _)| *t == tag)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedScenario {
    pub name: String,
    pub json: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Syllabus {
    #[serde(default, rename = "_comment", skip_serializing)]
    pub comment: String,
    pub insights: Vec<Insight>,
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub rationalizations: Vec<Rationalization>,
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub red_flags: Vec<RedFlag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Insight {
    pub slug: String,
    /// The syllabus section's heading, verbatim.
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub heading: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Rationalization {
    pub id: String,
    pub excuse: String,
    pub insight: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct RedFlag {
    pub id: String,
    pub text: String,
    pub insight: String,
}

/// One lesson: front matter plus its body, split at the live demos.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// From the file name's `NN-` prefix.
    pub order: u32,
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub file: String,
    pub segments: Vec<Segment>,
    /// Every link target in the body, for the link check.
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub links: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Segment {
    /// Rendered Markdown (raw HTML in the source is escaped, never passed through).
    Html(String),
    Demo(Box<Demo>),
    /// The interactive decision tree (`Bundle::decide`).
    Decide(DecideBlock),
}

/// A live demo: a scenario opened paused at a moment, perhaps with a question to answer
/// before it plays on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Demo {
    pub scenario: String,
    #[serde(default)]
    pub run_to_ms: u64,
    #[serde(default)]
    pub select: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub predict: Option<Predict>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Predict {
    pub question: String,
    pub choices: Vec<String>,
    pub answer: usize,
    pub explain: String,
    pub play_ms: u64,
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub expect: Expect,
}

/// What a reveal shows, in checkable form (see docs/content-format.md).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Expect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restarted: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gave_up: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alive: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox_at_least: Option<BTreeMap<String, usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox_at_most: Option<BTreeMap<String, usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts_at_least: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts_at_most: Option<u64>,
    /// Child id → the term its state is at the end (`:sys.get_state/1`: an agent's value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<BTreeMap<String, String>>,
    /// `"Registry key"` (a registry's name, a space, the key's term text) → the child ids
    /// `Registry.lookup/2` returns at the end, in its order; a dead registration the
    /// registry has not cleaned up yet is written `id(dead)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<BTreeMap<String, Vec<String>>>,
    /// `"scope group"` (a `:pg` scope's name, a space, the group's term text) → the child
    /// ids `:pg.get_members/2` returns at the end, newest first; a dead member the scope has
    /// not removed yet is written `id(dead)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<BTreeMap<String, Vec<String>>>,
    /// Child id of a gen_statem → the states it entered during the reveal, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<BTreeMap<String, Vec<String>>>,
    /// `:persistent_term` key → the term stored under it at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_term: Option<BTreeMap<String, String>>,
    /// `:counters` key (of `counters_add` clients) → its value at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters: Option<BTreeMap<String, i64>>,
    /// Global persistent_term passes during the reveal, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_term_gc_passes: Option<u64>,
    /// Child id of a reading client (modes `ets`, `persistent_term_get`) → the least its
    /// slowest read took, in µs, over its life up to the end of the reveal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_max_at_least: Option<BTreeMap<String, u64>>,
    /// Child id of a pool → the least its checkout queue must have reached during the
    /// reveal (the most callers waiting at once, from its `pool_wait` events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_queue_at_least: Option<BTreeMap<String, u32>>,
    /// Child id of a pool → the most its checkout queue may have reached during the reveal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_queue_at_most: Option<BTreeMap<String, u32>>,
    /// `:telemetry` handler ids attached at the end (`Sim::telemetry`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telemetry_attached: Option<Vec<String>>,
    /// `:telemetry` handler ids detached at the end (by a failure or a command).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telemetry_detached: Option<Vec<String>>,
    /// Handler id → the least number of calls it had at the end (since the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telemetry_calls_at_least: Option<BTreeMap<String, u64>>,
    /// Handler id → the most calls it may have had at the end (since the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telemetry_calls_at_most: Option<BTreeMap<String, u64>>,
}

impl Expect {
    pub fn is_empty(&self) -> bool {
        *self == Expect::default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Bank {
    pub questions: Vec<Question>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Reality,
    RedFlag,
    Abstraction,
    Predict,
}

impl QuestionKind {
    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Reality => "The reality behind the excuse",
            QuestionKind::RedFlag => "Spot the red flag",
            QuestionKind::Abstraction => "Choose the abstraction",
            QuestionKind::Predict => "Predict what happens",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub insight: String,
    #[serde(default)]
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub covers: Vec<String>,
    pub prompt: String,
    #[serde(default)]
    pub code: Option<String>,
    pub choices: Vec<String>,
    pub answer: usize,
    pub explain: String,
    #[serde(default)]
    pub why_not: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub demo: Option<DemoLink>,
    #[serde(default)]
    pub predict: Option<QuizPredict>,
    /// What backs the runtime claims of `explain` and `why_not`: checked by the content
    /// test, never sent to the app.
    #[serde(default, skip_serializing)]
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub evidence: Option<Evidence>,
}

/// Where a question's claims about the runtime are proved (docs/content-format.md):
/// `"judgement"` for a question of design judgement with no runtime claim, or the runs
/// and documents that back each claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Evidence {
    Judgement(Judgement),
    Checked(Checked),
}

/// The one word `"judgement"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Judgement,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct Checked {
    /// Conformance cases recorded from real OTP: `crates/sim/tests/conformance/<case>.golden`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conformance: Vec<String>,
    /// Elixir checks run by the content test: `quiz/checks/<name>.exs`, with `#=>` claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elixir: Vec<String>,
    /// For claims about a library that the checks cannot load (Oban, Broadway, Horde,
    /// Phoenix, :telemetry): the documentation page that states it (https URL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<String>,
}

/// A scenario at a moment, as a link target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct DemoLink {
    pub scenario: String,
    #[serde(default)]
    pub run_to_ms: u64,
    #[serde(default)]
    pub select: Option<String>,
}

impl DemoLink {
    /// The playground address that opens this moment.
    pub fn href(&self) -> String {
        play_href(&self.scenario, self.run_to_ms, self.select.as_deref())
    }
}

/// `#/play/<scenario>?t=<ms>&sel=<id>`
pub fn play_href(scenario: &str, t_ms: u64, select: Option<&str>) -> String {
    let mut s = format!("#/play/{scenario}");
    let mut sep = '?';
    if t_ms > 0 {
        s.push_str(&format!("{sep}t={t_ms}"));
        sep = '&';
    }
    if let Some(sel) = select {
        s.push_str(&format!("{sep}sel={sel}"));
    }
    s
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "load", serde(deny_unknown_fields))]
pub struct QuizPredict {
    pub scenario: String,
    #[serde(default)]
    pub run_to_ms: u64,
    #[serde(default)]
    pub select: Option<String>,
    pub play_ms: u64,
    #[cfg_attr(not(feature = "load"), serde(skip_deserializing))]
    pub expect: Expect,
}

impl Bundle {
    pub fn lesson(&self, slug: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.slug == slug)
    }

    pub fn insight(&self, slug: &str) -> Option<&Insight> {
        self.syllabus.insights.iter().find(|i| i.slug == slug)
    }

    pub fn scenario_json(&self, name: &str) -> Option<&str> {
        self.scenarios
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.json.as_str())
    }
}
