//! A measurement, not a test (`#[ignore]`): how long each part of a redraw of the
//! 100,000-process frame takes natively, to find what makes a long main-thread task in the
//! browser (docs/benchmarks.md, "Scale, 2026-12-03"). Run with
//! `cargo test --release --lib big_timing -- --ignored --nocapture`.

#[cfg(test)]
mod tests {
    use crate::model::frame::flatten;
    use crate::model::state::{Action, State};
    use std::time::Instant;

    fn ms(t: Instant) -> String {
        format!("{:.1} ms", t.elapsed().as_secs_f64() * 1e3)
    }

    #[test]
    #[ignore = "a measurement: run by hand with --release --nocapture"]
    fn redraw_of_the_hundred_thousand_frame() {
        let json = include_str!("../../crates/sim/tests/scale/hundred_thousand.json");
        let mut s = State::new(0, false);
        let t = Instant::now();
        s.apply(Action::LoadJson(json.to_string()));
        println!("load: {}", ms(t));
        s.timeline.run_to(5_000_000, u64::MAX);
        for round in 0..3 {
            let t = Instant::now();
            let tree = s.timeline.sim.tree();
            println!("[{round}] Sim::tree: {}", ms(t));
            let t = Instant::now();
            let mut flat = Vec::new();
            flatten(&tree, &mut flat);
            println!("[{round}] flatten: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::layout::layout(&tree, 1.0, 1.6);
            println!("[{round}] svg layout: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::canvas_layout::shape_key(&tree);
            println!("[{round}] shape_key: {}", ms(t));
            let t = Instant::now();
            let cl = crate::model::canvas_layout::layout(&tree, 1.6);
            println!("[{round}] canvas layout: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::canvas_summary::describe(&cl, &flat);
            println!("[{round}] canvas summary: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::layout::in_order(&tree);
            println!("[{round}] in_order: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::warnings::warnings(&s.timeline.sim, &flat);
            println!("[{round}] warnings: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::outside::of(&s.timeline.sim);
            println!("[{round}] outside: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::frame::Names::of(&s.timeline.sim);
            println!("[{round}] names: {}", ms(t));
            let t = Instant::now();
            let _ = s.timeline.gave_up_at(s.timeline.now());
            println!("[{round}] gave_up_at: {}", ms(t));
            let t = Instant::now();
            let _ = tree.clone();
            println!("[{round}] tree clone: {}", ms(t));
            let t = Instant::now();
            drop(tree);
            println!("[{round}] tree drop: {}", ms(t));
            let t = Instant::now();
            s.apply(Action::Select(None));
            println!("[{round}] a whole refresh (State::apply): {}", ms(t));
        }
    }
    /// The frames of a run to the end of the 100,000-process scenario (End): how long
    /// each takes natively, and what it did, to find the long tasks of that run in the
    /// browser. `cargo test --release --lib run_to_end_frames -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement: run by hand with --release --nocapture"]
    fn run_to_end_frames() {
        let json = include_str!("../../crates/sim/tests/scale/hundred_thousand.json");
        let mut s = State::new(0, false);
        s.apply(Action::LoadJson(json.to_string()));
        // The page's clock, as the browser gives it (slices stop at `SLICE_MS`).
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        fn clock() -> f64 {
            START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
        }
        if std::env::var_os("NO_CLOCK").is_none() {
            s.clock = Some(clock);
        }
        let t = Instant::now();
        s.apply(Action::RunToEnd);
        println!("RunToEnd: {}", ms(t));
        let mut wall = 0.0;
        let mut k = 0;
        let run = Instant::now();
        while s.fast.is_some() && k < 2_000 {
            k += 1;
            let (ev, now) = (s.timeline.sim.stats().events, s.timeline.now());
            let t = Instant::now();
            s.apply(Action::Frame(wall));
            let d = t.elapsed().as_secs_f64() * 1e3;
            wall += d.max(16.7);
            if d > 20.0 || k <= 3 {
                println!(
                    "frame {k}: {d:.1} ms; events {ev} -> {}, t {now} -> {} µs, snapshots {}",
                    s.timeline.sim.stats().events,
                    s.timeline.now(),
                    s.timeline.snapshot_count()
                );
            }
        }
        println!(
            "{k} frames, {} in all; {} snapshots kept, {:.1} MB by their estimate",
            ms(run),
            s.timeline.snapshot_count(),
            s.timeline.snapshot_bytes() as f64 / 1e6
        );
    }

    /// The parts refreshed with the log while `big_200` plays with the sequence diagram
    /// open and `server_0` selected (`#/seq/big_200?sel=server_0`), 6 s into the run:
    /// what each of the three refresh frames costs natively (docs/benchmarks.md, "Frames,
    /// 2026-12-03 evening"). `cargo test --release --lib big_200_refresh -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement: run by hand with --release --nocapture"]
    fn big_200_refresh_parts() {
        use crate::model::state::SeqAction;
        use crate::model::{metrics, sequence};
        use std::rc::Rc;
        let idx = crate::model::scenarios::BUILTIN
            .iter()
            .position(|(f, _)| f.starts_with("big_200"))
            .expect("big_200 is built in");
        let mut s = State::new(idx, false);
        s.apply(Action::Select(Some(Rc::from("server_0"))));
        s.apply(Action::Sequence(SeqAction::Show(true)));
        s.apply(Action::TogglePlay);
        let mut wall = 0.0;
        let mut slowest = [0.0f64; 8];
        // Each frame's time by what it renewed (the parts' `Rc`s it replaced).
        let mut by_kind: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
        let t_all = Instant::now();
        for _ in 0..(6 * 60) {
            wall += 1000.0 / 60.0;
            let before = s.frame.clone();
            let phase = s.side_due;
            let t = Instant::now();
            s.apply(Action::Frame(wall));
            let d = t.elapsed().as_secs_f64() * 1e3;
            if d > slowest[0] {
                slowest[0] = d;
                slowest.sort_by(f64::total_cmp);
            }
            let f = &s.frame;
            let mut kind = Vec::new();
            if !Rc::ptr_eq(&f.log, &before.log) {
                kind.push("log");
            }
            if !Rc::ptr_eq(&f.warnings, &before.warnings) {
                kind.push("warnings");
            }
            if f.sequence.as_ref().map(Rc::as_ptr) != before.sequence.as_ref().map(Rc::as_ptr) {
                kind.push("sequence");
            }
            if f.charts.as_ref().map(Rc::as_ptr) != before.charts.as_ref().map(Rc::as_ptr) {
                kind.push("charts");
            }
            if !Rc::ptr_eq(&f.a11y_tree, &before.a11y_tree) {
                kind.push("a11y");
            }
            // The phase due in this frame (`SidePhase`), and what it renewed.
            let k = format!(
                "{phase:?}: {}",
                if kind.is_empty() {
                    "stage only".to_string()
                } else {
                    kind.join("+")
                }
            );
            by_kind.entry(k).or_default().push(d);
        }
        println!(
            "6 s of frames: {}; slowest frames {slowest:.2?} ms",
            ms(t_all)
        );
        for (k, mut v) in by_kind {
            v.sort_by(f64::total_cmp);
            println!(
                "  {k}: {} frames, median {:.2} ms, max {:.2} ms",
                v.len(),
                v[v.len() / 2],
                v[v.len() - 1]
            );
        }
        println!(
            "trace entries {}, now {} µs",
            s.timeline.sim.trace().len(),
            s.timeline.now()
        );
        let node = s.frame.selected_node.clone().expect("server_0");
        let frame = s.frame.clone();
        let mut flat = Vec::new();
        flatten(&frame.tree, &mut flat);
        for round in 0..3 {
            let t = Instant::now();
            let _ = metrics::charts(&s.timeline, &node, s.frame.end);
            println!("[{round}] metrics::charts: {}", ms(t));
            let t = Instant::now();
            let lanes = sequence::default_lanes(
                &s.timeline,
                &flat,
                Some(&node.id),
                sequence::DEFAULT_WINDOW,
            );
            println!("[{round}] sequence::default_lanes: {}", ms(t));
            let t = Instant::now();
            let _ = sequence::build(&s.timeline, &flat, &lanes, sequence::DEFAULT_WINDOW);
            println!("[{round}] sequence::build: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::warnings::warnings(&s.timeline.sim, &flat);
            println!("[{round}] warnings: {}", ms(t));
            let t = Instant::now();
            let _ = crate::model::frame::Names::of(&s.timeline.sim);
            println!("[{round}] names: {}", ms(t));
            let t = Instant::now();
            s.apply(Action::LogMessages(s.log_messages));
            println!("[{round}] a refresh with the log (State::apply): {}", ms(t));
        }
        // The charts read on: 500 ms of frames after a first read.
        let mut acc = None;
        let _ = metrics::charts_with(&mut acc, &s.timeline, &node, frame.end);
        for _ in 0..30 {
            wall += 1000.0 / 60.0;
            s.apply(Action::Frame(wall));
        }
        let t = Instant::now();
        let _ = metrics::charts_with(&mut acc, &s.timeline, &node, frame.end);
        println!("metrics::charts_with, 500 ms on: {}", ms(t));
        // The same for the warnings' window.
        let mut wacc = None;
        let mut flat = Vec::new();
        flatten(&s.frame.tree, &mut flat);
        let _ = crate::model::warnings::warnings_with(&mut wacc, &s.timeline.sim, &flat);
        for _ in 0..30 {
            wall += 1000.0 / 60.0;
            s.apply(Action::Frame(wall));
        }
        let mut flat = Vec::new();
        flatten(&s.frame.tree, &mut flat);
        let t = Instant::now();
        let _ = crate::model::warnings::warnings_with(&mut wacc, &s.timeline.sim, &flat);
        println!("warnings::warnings_with, 500 ms on: {}", ms(t));
    }
}
