//! The sequence diagram: which messages passed between a few chosen processes over a window
//! of virtual time ending at the timeline's current moment, as lanes (one per child id, so
//! a restarted process stays on its lane), arrows (sent → arrived, then the wait in the
//! mailbox until it is taken) and marks (starts and exits). A pure function of the timeline,
//! so the diagram is right after a scrub; the view only draws what it is given.

use crate::model::logtext::{fmt_time, node_label};
use crate::model::pid_vec::PidVec;
use crate::model::timeline::Timeline;
use otp_sim::message::Msg;
use otp_sim::trace::{Brief, Event, SignalOutcome};
use otp_sim::{Pid, Time, TreeNode};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The windows a user can pick (virtual µs).
pub const WINDOWS: [Time; 5] = [50_000, 200_000, 1_000_000, 5_000_000, 20_000_000];
pub const DEFAULT_WINDOW: Time = 1_000_000;
/// Most lanes drawn (more would not fit a screen legibly).
pub const MAX_LANES: usize = 8;
/// Lanes chosen for you when you have chosen none.
pub const DEFAULT_LANES: usize = 4;
/// More arrows than this and identical ones are folded into bands.
pub const MAX_ARROWS: usize = 120;
/// Most trace entries read per build: a busy window is cut short rather than slowing a frame.
pub const SCAN_LIMIT: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ArrowKind {
    Call,
    Reply,
    Cast,
    Info,
    /// An exit signal (not a message): instantaneous, drawn across.
    Signal,
    /// `{:EXIT, from, reason}`: a signal a trapping process received as a message.
    ExitMessage,
    Down,
    /// `{:system, …}`: `:sys` requests.
    System,
    /// Supervisor calls and proc_lib's start acknowledgement.
    Supervision,
}

impl ArrowKind {
    /// The CSS class suffix and the legend's word.
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowKind::Call => "call",
            ArrowKind::Reply => "reply",
            ArrowKind::Cast => "cast",
            ArrowKind::Info => "info",
            ArrowKind::Signal => "signal",
            ArrowKind::ExitMessage => "exit",
            ArrowKind::Down => "down",
            ArrowKind::System => "sys",
            ArrowKind::Supervision => "sup",
        }
    }

    fn of(msg: &Msg) -> ArrowKind {
        match msg {
            Msg::Call { .. } => ArrowKind::Call,
            Msg::Reply { .. } => ArrowKind::Reply,
            Msg::Cast(_) => ArrowKind::Cast,
            Msg::Info(_) | Msg::Tick | Msg::Timeout(_) => ArrowKind::Info,
            Msg::Exit { .. } => ArrowKind::ExitMessage,
            Msg::Down { .. } => ArrowKind::Down,
            Msg::Sys(_) => ArrowKind::System,
            Msg::SupCall { .. } | Msg::Ack | Msg::AckIgnore => ArrowKind::Supervision,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub id: Rc<str>,
    pub label: Rc<str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Names this arrow across rebuilds, so the view keeps its element while it stays in
    /// the window: a message's id, or for a signal its time, lanes and rank among equals.
    pub key: Rc<str>,
    pub from: usize,
    pub to: usize,
    pub kind: ArrowKind,
    pub sent: Time,
    /// When it reached the mailbox (`None`: still in flight, or dropped).
    pub arrived: Option<Time>,
    /// When the receiver took it (`None`: still waiting, or never).
    pub taken: Option<Time>,
    /// Short, for the drawing: `call {:get, 1}`.
    pub label: Rc<str>,
    /// In full, for hover, focus and the text version.
    pub detail: Rc<str>,
    /// More than one: a band of this many identical messages, from `sent` to `last_sent`.
    pub count: u32,
    pub last_sent: Time,
}

impl Arrow {
    /// One message (or signal) from lane `a` to lane `b`, sent at `sent`; `done`: it arrived
    /// and was taken at once (a signal), else both are filled in as the trace goes on.
    fn new(
        key: Rc<str>,
        (from, to): (usize, usize),
        kind: ArrowKind,
        sent: Time,
        done: Option<Time>,
        label: String,
        detail: String,
    ) -> Arrow {
        Arrow {
            key,
            from,
            to,
            kind,
            sent,
            arrived: done,
            taken: done,
            label: label.into(),
            detail: detail.into(),
            count: 1,
            last_sent: sent,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Started,
    Exited,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Stable across rebuilds (its time, lane, kind and rank among equals), like `Arrow::key`.
    pub key: Rc<str>,
    pub lane: usize,
    pub t: Time,
    pub kind: MarkKind,
    pub text: Rc<str>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sequence {
    pub from: Time,
    pub to: Time,
    /// The window asked for: the drawing's scale (at the start of a run `to - from` is less).
    pub window: Time,
    pub lanes: Vec<Lane>,
    /// In order of sending.
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
    /// Messages folded into bands (0: every message has its own arrow).
    pub folded: usize,
    /// The scan limit cut the window short: it starts later than `from`.
    pub truncated: bool,
}

/// The lanes chosen for you: the selected process, then the busiest talkers of the window
/// (messages sent or received, self-messages and timers excluded), in tree order.
pub fn default_lanes(
    tl: &Timeline,
    flat: &[&TreeNode],
    selected: Option<&Rc<str>>,
    window: Time,
) -> Vec<Rc<str>> {
    let sim = &tl.sim;
    let from = sim.now().saturating_sub(window);
    let trace = sim.trace();
    // Counted by pid first, then by child id: keyed by id, every send cost string
    // comparisons down a tree (~3 ms natively for a busy second, docs/benchmarks.md).
    // Only the times and the sends' ends are read: rebuilding each send cloned its message.
    let mut by_pid: PidVec<u64> = PidVec::default();
    let len = trace.len();
    for (k, t) in trace.times().rev().take(SCAN_LIMIT).enumerate() {
        if t < from {
            break;
        }
        if let Some((from, to)) = trace.send_ends_at(len - 1 - k)
            && from != to
        {
            by_pid.add(from);
            by_pid.add(to);
        }
    }
    let mut talk: BTreeMap<&Rc<str>, u64> = BTreeMap::new();
    for (p, n) in by_pid.iter() {
        if let Some(id) = tl.id_of(p) {
            *talk.entry(id).or_default() += n;
        }
    }
    let mut ranked: Vec<(&Rc<str>, u64)> = talk.into_iter().collect();
    // Busiest first; ties by id, so the choice never depends on anything but the trace.
    otp_sim::sort::sort_by(&mut ranked, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut chosen: Vec<Rc<str>> = selected.cloned().into_iter().collect();
    for (id, _) in ranked {
        if chosen.len() >= DEFAULT_LANES {
            break;
        }
        if !chosen.contains(id) {
            chosen.push(id.clone());
        }
    }
    if chosen.len() < 2 {
        // A quiet moment: the first processes of the tree, so there is something to read.
        for n in flat {
            if chosen.len() >= 2 {
                break;
            }
            if !chosen.contains(&n.id) {
                chosen.push(n.id.clone());
            }
        }
    }
    in_tree_order(chosen, flat)
}

/// `ids` sorted as the tree lists them (ids no longer in the tree last, as given).
pub fn in_tree_order(mut ids: Vec<Rc<str>>, flat: &[&TreeNode]) -> Vec<Rc<str>> {
    let pos = |id: &Rc<str>| flat.iter().position(|n| n.id == *id).unwrap_or(usize::MAX);
    otp_sim::sort::sort_by_key(&mut ids, pos);
    ids.truncate(MAX_LANES);
    ids
}

/// The diagram for `lanes` over the `window` µs before now.
pub fn build(tl: &Timeline, flat: &[&TreeNode], lanes: &[Rc<str>], window: Time) -> Sequence {
    let sim = &tl.sim;
    let to = sim.now();
    let from = to.saturating_sub(window);
    let lanes: Vec<Lane> = lanes
        .iter()
        .take(MAX_LANES)
        .map(|id| Lane {
            id: id.clone(),
            label: flat
                .iter()
                .find(|n| n.id == *id)
                .map(|n| node_label(n))
                .unwrap_or_else(|| id.clone()),
        })
        .collect();
    // The lanes as the closures read them (the list itself moves into the result).
    let index = lanes.clone();
    let lane_of = |p: Pid| {
        tl.id_of(p)
            .and_then(|id| index.iter().position(|l| l.id == *id))
    };
    let label_of = |p: Pid| match lane_of(p) {
        Some(l) => format!("{} {p}", index[l].label),
        None => p.to_string(),
    };
    let trace = sim.trace();
    let len = trace.len();
    // The window's first entry: scan back (bounded) over the times only.
    let mut start = len;
    let mut truncated = false;
    for (n, t) in trace.times().rev().enumerate() {
        if t < from {
            break;
        }
        if n >= SCAN_LIMIT {
            truncated = true;
            break;
        }
        start -= 1;
    }
    let mut seq = Sequence {
        from,
        to,
        window,
        lanes,
        truncated,
        ..Sequence::default()
    };
    // Message id → its arrow, to complete it when it arrives and when it is taken.
    let mut open: BTreeMap<u64, usize> = BTreeMap::new();
    // Keys for what has no id of its own (signals, marks): entries of one moment enter and
    // leave the window together, so a rank among equals is stable across rebuilds.
    let mut ranks = Ranks::default();
    // Whether a pid has a lane, asked once per pid: most sends of a busy window are
    // between other processes, and are skipped before their message is rebuilt.
    // `None` while not asked yet.
    let mut on_a_lane: PidVec<Option<bool>> = PidVec::default();
    let mut has_lane = |p: Pid| *on_a_lane.at(p).get_or_insert_with(|| lane_of(p).is_some());
    for i in start..len {
        // Read in brief first: only what concerns the lanes is rebuilt (an arrival, a take
        // or a drop completes an arrow only when its receiver has a lane).
        match trace.brief_at(i) {
            None => break,
            Some((_, Brief::Send { from, to }))
                if from == to || !has_lane(from) || !has_lane(to) =>
            {
                continue;
            }
            Some((_, Brief::Deliver { to, .. } | Brief::Dropped { to })) if !has_lane(to) => {
                continue;
            }
            Some((_, Brief::Receive { pid, .. })) if !has_lane(pid) => continue,
            Some((_, Brief::CallReturned { .. } | Brief::CallTimeout { .. })) => continue,
            _ => {}
        }
        let Some(e) = trace.get(i) else { break };
        match &e.kind {
            Event::Send { id, from, to, msg } if from != to => {
                let (Some(a), Some(b)) = (lane_of(*from), lane_of(*to)) else {
                    continue;
                };
                let kind = ArrowKind::of(msg);
                let term = msg.to_term(*from);
                let label = short(kind, msg);
                open.insert(*id, seq.arrows.len());
                let key: Rc<str> = id.to_string().into();
                let detail = format!(
                    "{} sends {term} to {} at {}",
                    label_of(*from),
                    label_of(*to),
                    fmt_time(e.t)
                );
                seq.arrows
                    .push(Arrow::new(key, (a, b), kind, e.t, None, label, detail));
            }
            Event::Deliver { id, .. } => {
                if let Some(&i) = open.get(id) {
                    seq.arrows[i].arrived = Some(e.t);
                }
            }
            Event::Receive { id, .. } => {
                if let Some(i) = open.remove(id) {
                    seq.arrows[i].taken = Some(e.t);
                }
            }
            Event::Dropped { id, .. } => {
                open.remove(id);
            }
            Event::ExitSignal {
                from,
                to,
                reason,
                outcome,
            } => {
                let (Some(a), Some(b)) = (lane_of(*from), lane_of(*to)) else {
                    continue;
                };
                let what = match outcome {
                    SignalOutcome::Killed => "kills it",
                    SignalOutcome::Trapped => "is trapped (becomes an {:EXIT, …} message)",
                    SignalOutcome::Ignored => "is ignored",
                };
                let detail = format!(
                    "exit signal {reason} from {} to {} at {}: {what}",
                    label_of(*from),
                    label_of(*to),
                    fmt_time(e.t)
                );
                let label = format!("exit {}", reason.reason_label());
                seq.arrows.push(Arrow::new(
                    ranks.key('s', e.t, a, b),
                    (a, b),
                    ArrowKind::Signal,
                    e.t,
                    Some(e.t),
                    label,
                    detail,
                ));
            }
            Event::Spawn { pid, .. } => {
                if let Some(l) = lane_of(*pid) {
                    seq.marks.push(Mark {
                        key: ranks.key('p', e.t, l, usize::MAX),
                        lane: l,
                        t: e.t,
                        kind: MarkKind::Started,
                        text: format!(
                            "{} starts as {pid} at {}",
                            seq.lanes[l].label,
                            fmt_time(e.t)
                        )
                        .into(),
                    });
                }
            }
            Event::Exit { pid, reason, .. } => {
                if let Some(l) = lane_of(*pid) {
                    seq.marks.push(Mark {
                        key: ranks.key('x', e.t, l, usize::MAX),
                        lane: l,
                        t: e.t,
                        kind: MarkKind::Exited,
                        text: format!(
                            "{} ({pid}) exits: {} at {}",
                            seq.lanes[l].label,
                            reason.reason_label(),
                            fmt_time(e.t)
                        )
                        .into(),
                    });
                }
            }
            _ => {}
        }
    }
    if seq.arrows.len() > MAX_ARROWS {
        fold(&mut seq);
    }
    seq
}

/// Ranks of keyed things that share a moment (two signals between the same lanes at the
/// same µs): the n-th gets `.n`.
#[derive(Default)]
struct Ranks(BTreeMap<(char, Time, usize, usize), u32>);

impl Ranks {
    fn key(&mut self, tag: char, t: Time, a: usize, b: usize) -> Rc<str> {
        let n = self.0.entry((tag, t, a, b)).or_default();
        *n += 1;
        let b = if b == usize::MAX {
            String::new()
        } else {
            format!(".{b}")
        };
        format!("{tag}{t}.{a}{b}.{n}").into()
    }
}

/// Too many to draw one by one: identical messages (same lanes, kind and label) become one
/// band each, from the first to the last sent, labelled with their count.
fn fold(seq: &mut Sequence) {
    let before = seq.arrows.len();
    let mut bands: BTreeMap<(usize, usize, ArrowKind, Rc<str>), usize> = BTreeMap::new();
    let mut out: Vec<Arrow> = Vec::new();
    for a in seq.arrows.drain(..) {
        let key = (a.from, a.to, a.kind, a.label.clone());
        match bands.get(&key) {
            Some(&i) => {
                let b: &mut Arrow = &mut out[i];
                b.count += 1;
                b.last_sent = a.sent;
                // The band ends where its last message did.
                b.arrived = a.arrived;
                b.taken = a.taken;
            }
            None => {
                bands.insert(key, out.len());
                out.push(a);
            }
        }
    }
    // A band is named by its first message, with a prefix so it never takes the key of
    // that message's own arrow (when the window slides the first message changes, and so
    // does the band's element: a band is a few elements).
    for a in out.iter_mut().filter(|a| a.count > 1) {
        a.key = format!("b{}", a.key).into();
    }
    seq.folded = before - out.len();
    seq.arrows = out;
}

/// The arrow's short label: the kind and the request, cut to fit beside an arrow.
fn short(kind: ArrowKind, msg: &Msg) -> String {
    let body = match msg {
        Msg::Call { req, .. } | Msg::Cast(req) => req.to_string(),
        Msg::Reply { reply, .. } => reply.to_string(),
        Msg::Info(t) => t.to_string(),
        Msg::Exit { reason, .. } => format!("{{:EXIT, {}}}", reason.reason_label()),
        Msg::Down { reason, .. } => format!("{{:DOWN, {}}}", reason.reason_label()),
        Msg::Tick => ":tick".into(),
        Msg::Timeout(_) => ":timeout".into(),
        Msg::Ack => "ack".into(),
        Msg::AckIgnore => "ack :ignore".into(),
        Msg::Sys(_) | Msg::SupCall { .. } => msg.to_term(Pid(0)).to_string(),
    };
    let mut s = format!("{} {body}", kind.as_str());
    if s.chars().count() > 28 {
        s = s.chars().take(27).collect::<String>() + "…";
    }
    s
}

/// The diagram as sentences, in time order: the text alternative.
pub fn as_text(seq: &Sequence) -> Vec<Rc<str>> {
    let mut lines: Vec<(Time, Rc<str>)> = Vec::new();
    for a in &seq.arrows {
        let text: Rc<str> = if a.count > 1 {
            format!(
                "{} × {} from {} to {}, {} – {}",
                a.count,
                a.label,
                seq.lanes[a.from].label,
                seq.lanes[a.to].label,
                fmt_time(a.sent),
                fmt_time(a.last_sent)
            )
            .into()
        } else {
            let fate = match (a.kind, a.arrived, a.taken) {
                (ArrowKind::Signal, ..) => String::new(),
                (_, None, _) => "; still in flight".into(),
                (_, Some(r), None) => format!("; arrived at {}, still waiting", fmt_time(r)),
                (_, Some(r), Some(t)) if t > r => format!(
                    "; arrived at {}, taken at {} (waited {})",
                    fmt_time(r),
                    fmt_time(t),
                    fmt_time(t - r)
                ),
                (_, Some(r), Some(_)) => format!("; arrived and taken at {}", fmt_time(r)),
            };
            format!("{}{fate}", a.detail).into()
        };
        lines.push((a.sent, text));
    }
    for m in &seq.marks {
        lines.push((m.t, m.text.clone()));
    }
    otp_sim::sort::sort_by_key(&mut lines, |(t, _)| *t);
    lines.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::frame::flatten;
    use otp_sim::Scenario;

    fn timeline(json: &str, until: Time) -> Timeline {
        let mut tl = Timeline::new(Scenario::from_json(json).expect("valid"));
        tl.run_to(until, u64::MAX);
        tl
    }

    const CALLS: &str = r#"{"name":"t","seed":1,"duration_ms":2000,
        "tree":{"type":"supervisor","id":"root","children":[
          {"type":"worker","id":"db","name":"Db","behaviour":{"kind":"server","service_us":5000}},
          {"type":"worker","id":"web","behaviour":{"kind":"client","target":"Db","interval_us":100000}}]},
        "faults":[{"at_ms":500,"target":"db","action":"exit","reason":":kill"}]}"#;

    fn seq_at(t: Time, lanes: &[&str], window: Time) -> Sequence {
        let tl = timeline(CALLS, t);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let lanes: Vec<Rc<str>> = lanes.iter().map(|&l| Rc::from(l)).collect();
        build(&tl, &flat, &lanes, window)
    }

    #[test]
    fn a_call_and_its_reply_are_a_pair_sloped_by_their_times() {
        let seq = seq_at(400_000, &["db", "web"], 1_000_000);
        let call = seq
            .arrows
            .iter()
            .find(|a| a.kind == ArrowKind::Call)
            .expect("a call");
        assert_eq!(
            (
                seq.lanes[call.from].id.as_ref(),
                seq.lanes[call.to].id.as_ref()
            ),
            ("web", "db")
        );
        let arrived = call.arrived.expect("arrived");
        assert!(arrived > call.sent, "latency is visible");
        let reply = seq
            .arrows
            .iter()
            .find(|a| a.kind == ArrowKind::Reply && a.sent >= arrived)
            .expect("its reply");
        // The server works 5 ms between taking the call and replying.
        assert!(reply.sent >= call.taken.expect("taken") + 5_000);
        assert!(call.detail.contains("$gen_call"), "{}", call.detail);
    }

    #[test]
    fn a_kill_shows_as_an_exit_and_a_restart_on_the_same_lane() {
        let seq = seq_at(700_000, &["db", "web"], 1_000_000);
        let db = 0;
        let exit = seq
            .marks
            .iter()
            .find(|m| m.lane == db && m.kind == MarkKind::Exited)
            .expect("db exits");
        assert!(exit.text.contains("killed"), "{}", exit.text);
        assert!(
            seq.marks
                .iter()
                .any(|m| m.lane == db && m.kind == MarkKind::Started && m.t >= exit.t),
            "restarted on the same lane: {:?}",
            seq.marks
        );
    }

    #[test]
    fn the_window_follows_the_cursor() {
        let early = seq_at(300_000, &["db", "web"], 200_000);
        assert_eq!((early.from, early.to), (100_000, 300_000));
        assert!(
            early
                .arrows
                .iter()
                .all(|a| a.sent >= 100_000 && a.sent <= 300_000)
        );
        // Scrubbing back gives exactly what the earlier moment gave.
        let tl = timeline(CALLS, 300_000);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let again = build(&tl, &flat, &["db".into(), "web".into()], 200_000);
        assert_eq!(early, again);
    }

    #[test]
    fn keys_are_unique_and_stay_with_their_arrow_as_the_window_slides() {
        let a = seq_at(1_200_000, &["db", "web", "root"], 1_000_000);
        let b = seq_at(1_450_000, &["db", "web", "root"], 1_000_000);
        for s in [&a, &b] {
            let mut keys: Vec<&str> = s.arrows.iter().map(|x| &*x.key).collect();
            keys.extend(s.marks.iter().map(|m| &*m.key));
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), n, "unique");
        }
        // Arrows sent in both windows have the same key, sent time and lanes in both.
        let common: Vec<_> = a.arrows.iter().filter(|x| x.sent >= b.from).collect();
        assert!(common.len() > 3, "{}", common.len());
        for x in common {
            let y = b.arrows.iter().find(|y| y.key == x.key).expect("kept");
            assert_eq!(
                (x.sent, x.from, x.to, x.kind),
                (y.sent, y.from, y.to, y.kind)
            );
        }
        for m in a.marks.iter().filter(|m| m.t >= b.from) {
            assert!(
                b.marks.iter().any(|n| n.key == m.key && n.t == m.t),
                "{m:?}"
            );
        }
        // An arrow that left the window is gone from the later one.
        let gone = a
            .arrows
            .iter()
            .find(|x| x.sent < b.from)
            .expect("an old arrow");
        assert!(b.arrows.iter().all(|y| y.key != gone.key));
    }

    #[test]
    fn a_flood_is_folded_into_bands() {
        let json = r#"{"name":"t","seed":1,"duration_ms":2000,
            "tree":{"type":"supervisor","id":"root","children":[
              {"type":"worker","id":"db","name":"Db","behaviour":{"kind":"server","service_us":1}},
              {"type":"worker","id":"web","behaviour":{"kind":"client","target":"Db","mode":"cast","interval_us":1000}}]}}"#;
        let tl = timeline(json, 1_000_000);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let seq = build(&tl, &flat, &["db".into(), "web".into()], 1_000_000);
        assert!(seq.arrows.len() <= MAX_ARROWS, "{}", seq.arrows.len());
        assert!(seq.folded > 500, "{}", seq.folded);
        let band = seq.arrows.iter().find(|a| a.count > 1).expect("a band");
        assert!(band.last_sent > band.sent);
        assert!(as_text(&seq).iter().any(|l| l.contains(" × ")));
    }

    #[test]
    fn default_lanes_are_the_busiest_talkers_with_the_selection_first_in_tree_order() {
        let tl = timeline(CALLS, 400_000);
        let tree = tl.sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        // Every process that talked (root only at the start), in tree order.
        let lanes = default_lanes(&tl, &flat, None, DEFAULT_WINDOW);
        assert_eq!(
            lanes,
            vec![Rc::from("root"), Rc::from("db"), Rc::from("web")]
        );
        // Over the last 200 ms only the two that keep talking.
        let recent = default_lanes(&tl, &flat, None, 200_000);
        assert_eq!(recent, vec![Rc::from("db"), Rc::from("web")]);
        let with_root = default_lanes(&tl, &flat, Some(&Rc::from("root")), DEFAULT_WINDOW);
        assert_eq!(with_root.first().map(|s| &**s), Some("root"));
        assert!(with_root.len() >= 3);
    }

    #[test]
    fn the_text_version_says_what_waited() {
        let seq = seq_at(400_000, &["db", "web"], 1_000_000);
        let text = as_text(&seq);
        assert!(!text.is_empty());
        assert!(
            text.iter()
                .any(|l| l.contains("sends") && l.contains("arrived")),
            "{text:?}"
        );
        assert!(text.iter().any(|l| l.contains("starts as")), "{text:?}");
    }
}
