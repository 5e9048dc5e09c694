//! Child templates: `{"template": SPEC, "count": N}` in a `children` list stands for N
//! copies of SPEC with ids `ID_1` .. `ID_N`, as real code starts identical children in a
//! loop. Read here (expanded in place while parsing, the process limit checked before
//! any copy is made) and written back compact: a run of children that a template would
//! give is written as that template, so a 100,000-child scenario stays a few hundred
//! bytes however often it is read and written. `runs` finds those runs for the writer
//! and for the Elixir export (which writes a loop).

use super::limits;
use super::spec::ChildSpec;
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Shortest run written back as a template: shorter ones are clearer spelled out.
pub const MIN_RUN: usize = 3;

/// The id of copy `i` (1-based) of a template with id `id`.
pub fn copy_id(id: &str, i: usize) -> String {
    format!("{id}_{i}")
}

/// A stretch of a child list: one child as written, or `count` copies of `template`.
#[derive(Debug, PartialEq)]
pub enum Run<'a> {
    One(&'a ChildSpec),
    Copies {
        template: Box<ChildSpec>,
        count: usize,
    },
}

/// The children as runs: every stretch of at least `MIN_RUN` children with ids `B_1`,
/// `B_2`, .. and otherwise equal specs is one `Copies`.
pub fn runs(children: &[ChildSpec]) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < children.len() {
        let n = run_at(children, i);
        if n >= MIN_RUN {
            let first = &children[i];
            let base = first.id().strip_suffix("_1").unwrap_or_default();
            out.push(Run::Copies {
                template: Box::new(first.with_id(base)),
                count: n,
            });
            i += n;
        } else {
            out.push(Run::One(&children[i]));
            i += 1;
        }
    }
    out
}

/// How many children from `at` a template would give (0 or 1 if none).
fn run_at(children: &[ChildSpec], at: usize) -> usize {
    let first = &children[at];
    let Some(base) = first.id().strip_suffix("_1") else {
        return 1;
    };
    if first.name().is_some() {
        return 1;
    }
    let mut n = 1;
    while let Some(c) = children.get(at + n) {
        let id = copy_id(base, n + 1);
        if c.id() != id || c.with_id(first.id()) != *first {
            break;
        }
        n += 1;
    }
    n
}

/// `children` written with templates for the runs.
pub fn serialize<S: Serializer>(children: &[ChildSpec], s: S) -> Result<S::Ok, S::Error> {
    let runs = runs(children);
    let mut seq = s.serialize_seq(Some(runs.len()))?;
    for r in &runs {
        match r {
            Run::One(c) => seq.serialize_element(c)?,
            Run::Copies { template, count } => seq.serialize_element(&Copies {
                template,
                count: *count,
            })?,
        }
    }
    seq.end()
}

struct Copies<'a> {
    template: &'a ChildSpec,
    count: usize,
}

impl Serialize for Copies<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("template", self.template)?;
        m.serialize_entry("count", &self.count)?;
        m.end()
    }
}

/// `children` read with templates expanded.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ChildSpec>, D::Error> {
    d.deserialize_seq(ListVisitor)
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Vec<ChildSpec>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of child specs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<ChildSpec> = Vec::new();
        let mut processes = 0usize;
        while let Some(entry) = seq.next_element::<Entry>()? {
            match entry {
                Entry::One(c) => {
                    processes = processes.saturating_add(c.process_count());
                    out.push(c);
                }
                Entry::Copies(template, count) => {
                    let each = template.process_count();
                    processes = processes.saturating_add(each.saturating_mul(count));
                    if processes > limits::MAX_PROCESSES {
                        return Err(A::Error::custom(format!(
                            "field `count`: these children start {processes} processes or more; \
                             the limit is {}",
                            limits::MAX_PROCESSES
                        )));
                    }
                    out.reserve(count);
                    for i in 1..=count {
                        out.push(template.with_id(&copy_id(template.id(), i)));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// One element of a `children` list as written.
enum Entry {
    One(ChildSpec),
    Copies(ChildSpec, usize),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a child spec, or {\"template\": child spec, \"count\": n}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            // `{}`: a child spec with no `type`; its own reader says so.
            return ChildSpec::deserialize(MapAccessDeserializer::new(map)).map(Entry::One);
        };
        if first != "template" && first != "count" {
            // An ordinary spec: hand it the map with its first key put back.
            let rest = Replay {
                first: Some(first),
                map,
            };
            return ChildSpec::deserialize(MapAccessDeserializer::new(rest)).map(Entry::One);
        }
        let (mut template, mut count): (Option<ChildSpec>, Option<u64>) = (None, None);
        let mut key = Some(first);
        while let Some(k) = key {
            match k.as_str() {
                "template" if template.is_none() => template = Some(map.next_value()?),
                "count" if count.is_none() => count = Some(map.next_value()?),
                "template" | "count" => {
                    return Err(A::Error::custom(format!("duplicate field `{k}`")));
                }
                other => {
                    return Err(A::Error::custom(format!(
                        "unknown field `{other}` in a template entry, expected `template` or `count`"
                    )));
                }
            }
            key = map.next_key()?;
        }
        let template = template.ok_or_else(|| A::Error::missing_field("template"))?;
        let count = count.ok_or_else(|| A::Error::missing_field("count"))?;
        if count == 0 || count > limits::MAX_PROCESSES as u64 {
            return Err(A::Error::custom(format!(
                "field `count`: must be 1–{} (found {count})",
                limits::MAX_PROCESSES
            )));
        }
        if template.name().is_some() {
            return Err(A::Error::custom(
                "field `template`: a template's copies are started unnamed, as a loop starts \
                 them; remove its `name`",
            ));
        }
        Ok(Entry::Copies(template, count as usize))
    }
}

/// A map whose first key was already read.
struct Replay<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(k) => seed
                .deserialize(StrDeserializer::<A::Error>::new(&k))
                .map(Some),
            None => self.map.next_key_seed(seed),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_expands_and_is_written_back_compact() {
        let text = r#"{"type":"supervisor","id":"root","children":[
            {"type":"worker","id":"a"},
            {"template":{"type":"worker","id":"w","restart":"transient"},"count":5},
            {"type":"worker","id":"z"}]}"#;
        let spec: ChildSpec = serde_json::from_str(text).unwrap();
        let ids: Vec<&str> = spec.children().iter().map(|c| c.id()).collect();
        assert_eq!(ids, ["a", "w_1", "w_2", "w_3", "w_4", "w_5", "z"]);
        let back = serde_json::to_string(&spec).unwrap();
        assert!(
            back.contains(r#""template":{"type":"worker","id":"w""#),
            "{back}"
        );
        assert!(back.contains(r#""count":5"#), "{back}");
        let again: ChildSpec = serde_json::from_str(&back).unwrap();
        assert_eq!(again, spec);
    }

    #[test]
    fn bad_templates_are_refused_with_the_field() {
        let bad = |body: &str| {
            let text = format!(r#"{{"type":"supervisor","id":"r","children":[{body}]}}"#);
            serde_json::from_str::<ChildSpec>(&text)
                .unwrap_err()
                .to_string()
        };
        assert!(bad(r#"{"template":{"type":"worker","id":"w"},"count":0}"#).contains("count"));
        assert!(bad(r#"{"template":{"type":"worker","id":"w"}}"#).contains("count"));
        assert!(
            bad(r#"{"template":{"type":"worker","id":"w","name":"W"},"count":2}"#).contains("name")
        );
        assert!(
            bad(r#"{"count":10000000,"template":{"type":"worker","id":"w"}}"#).contains("limit")
                || bad(r#"{"count":10000000,"template":{"type":"worker","id":"w"}}"#)
                    .contains("must be")
        );
        let nested = r#"{"template":{"type":"supervisor","id":"s","children":[
            {"template":{"type":"worker","id":"w"},"count":100000}]},"count":100}"#;
        assert!(bad(nested).contains("the limit is"), "{}", bad(nested));
    }
}
