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
}
