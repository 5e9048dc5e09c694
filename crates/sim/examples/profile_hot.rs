//! Runs a hot GenServer scenario for profiling: `cargo run --release --example profile_hot`.
use otp_sim::{Scenario, Sim};
fn main() {
    let mut children = vec![
        serde_json::json!({"type":"worker","id":"server","name":"Hot","behaviour":{"kind":"server","service_us":1}}),
    ];
    for i in 0..100 {
        children.push(serde_json::json!({"type":"worker","id":format!("c{i}"),"behaviour":{"kind":"client","target":"Hot","interval_us":500,"jitter":0.2,"catch_timeout":true}}));
    }
    let s = serde_json::json!({"name":"hot","seed":42,"config":{"schedulers":8},"tree":{"type":"supervisor","id":"root","children":children}});
    let s = Scenario::from_json(&s.to_string()).expect("valid");
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..10 {
        let mut sim = Sim::new(&s);
        sim.run_until(200_000);
        total += sim.stats().events;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{total} events in {secs:.3} s: {:.2} M events/s",
        total as f64 / secs / 1e6
    );
}
