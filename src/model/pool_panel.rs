//! What the app says about a poolboy pool (`otp_sim::PoolView`): the one-line state drawn
//! on its node, and the inspector's account — free workers in the order checkouts take
//! them, each lent worker with its holder, the checkout queue with how long each caller has
//! waited. Pure: names come from the caller, times from the simulation's clock.

use crate::model::logtext::fmt_time;
use otp_sim::{Pid, PoolView, Time};
use std::rc::Rc;

/// The inspector's pool section, names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolPanel {
    /// `:poolboy.status/1`'s state: `ready`, `overflow` or `full`.
    pub status: &'static str,
    pub size: u32,
    pub max_overflow: u32,
    pub overflow: u32,
    /// Free workers, the next checkout's first.
    pub free: Vec<Rc<str>>,
    /// `(worker, holder)`, in checkout order.
    pub lent: Vec<(Rc<str>, Rc<str>)>,
    /// `(caller, waited so far)`, first served first.
    pub waiting: Vec<(Rc<str>, Time)>,
    /// One sentence for the text alternative and the heading.
    pub summary: Rc<str>,
}

/// The pool's state in a few words, for its node on the stage ("0 free · 3 waiting"): no
/// longer than the "DynamicSupervisor" it replaces.
pub fn stage_line(v: &PoolView) -> String {
    let mut s = format!("{} free", v.free.len());
    if v.overflow > 0 {
        s.push_str(&format!(" · +{}", v.overflow));
    }
    if !v.waiting.is_empty() {
        s.push_str(&format!(" · {} waiting", v.waiting.len()));
    }
    s
}

/// The inspector's account of the pool at `now`; `name` labels a pid.
pub fn panel(v: &PoolView, now: Time, name: impl Fn(Pid) -> String) -> PoolPanel {
    let label = |p: Pid| -> Rc<str> { Rc::from(name(p).as_str()) };
    let waiting: Vec<(Rc<str>, Time)> = v
        .waiting
        .iter()
        .map(|w| (label(w.caller), now.saturating_sub(w.since)))
        .collect();
    let longest = waiting.iter().map(|w| w.1).max();
    let summary = format!(
        "{} of {} workers free{}, {} lent out, {} caller(s) waiting{} — :poolboy.status is :{}.",
        v.free.len(),
        v.size,
        if v.max_overflow > 0 {
            format!(" (overflow {}/{})", v.overflow, v.max_overflow)
        } else {
            String::new()
        },
        v.lent.len(),
        waiting.len(),
        longest.map_or(String::new(), |t| format!(
            ", the first for {}",
            fmt_time(t)
        )),
        v.status
    );
    PoolPanel {
        status: v.status,
        size: v.size,
        max_overflow: v.max_overflow,
        overflow: v.overflow,
        free: v.free.iter().map(|&p| label(p)).collect(),
        lent: v
            .lent
            .iter()
            .map(|l| (label(l.worker), label(l.holder)))
            .collect(),
        waiting,
        summary: summary.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timeline::Timeline;
    use crate::model::walk::flatten;
    use otp_sim::Scenario;

    /// The first pool of the lesson 17 scenario at `t`.
    fn pool_at(t: Time) -> (PoolView, Time, Timeline) {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/lessons/scenarios/pool_checkout_queue.json"
        ))
        .expect("exists");
        let mut tl = Timeline::new(Scenario::from_json(&json).expect("valid"));
        tl.run_to(t, u64::MAX);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let v = flat
            .iter()
            .find_map(|n| n.pool.clone())
            .expect("a live pool");
        let now = tl.sim.now();
        (v, now, tl)
    }

    #[test]
    fn a_busy_pool_lists_its_loans_and_its_queue_with_the_waits() {
        // Find a moment with callers queued (the scenario is made to queue).
        let (v, now, tl) = (1..40)
            .map(|k| pool_at(k * 50_000))
            .find(|(v, _, _)| !v.waiting.is_empty())
            .expect("callers queue at some point");
        let name = |p: Pid| tl.id_of(p).map_or(p.to_string(), |id| format!("{id} {p}"));
        let p = panel(&v, now, name);
        assert_eq!(p.lent.len(), v.lent.len());
        assert_eq!(p.waiting.len(), v.waiting.len());
        assert!(p.free.is_empty(), "a queue forms only when none is free");
        // Waits are measured from each checkout call, first served first (longest first).
        assert!(
            p.waiting.windows(2).all(|w| w[0].1 >= w[1].1),
            "{:?}",
            p.waiting
        );
        assert_eq!(p.waiting[0].1, now - v.waiting[0].since);
        assert!(p.summary.contains("caller(s) waiting"), "{}", p.summary);
        assert!(stage_line(&v).contains("waiting"));
    }

    #[test]
    fn every_worker_is_free_or_lent_and_the_node_says_how_many_are_free() {
        for t in [5_000, 200_000, 1_000_000] {
            let (v, now, _) = pool_at(t);
            let p = panel(&v, now, |p| p.to_string());
            assert_eq!((p.free.len() + p.lent.len()) as u32, v.size + v.overflow);
            assert!(stage_line(&v).starts_with(&format!("{} free", p.free.len())));
        }
    }
}
