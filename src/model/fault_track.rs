//! The editor's fault track: scheduled faults as marks on a strip as long as the scenario,
//! dragged with the pointer or moved by a step with the arrow keys. Pure: where a pointer
//! position puts a fault, the step for a duration, and a keyboard move, always within
//! `0..=duration`.

/// The step a key moves a fault by, and a drag snaps to: about a hundredth of the run,
/// rounded to 10 ms, 50 ms, 100 ms, 500 ms or 1 s.
pub fn step_for(duration_ms: u64) -> u64 {
    let raw = duration_ms / 100;
    [10, 50, 100, 500, 1_000]
        .into_iter()
        .find(|&s| raw <= s)
        .unwrap_or(1_000)
}

/// The time at horizontal position `x` on a track `width` wide, snapped to the step.
pub fn ms_at(x: f64, width: f64, duration_ms: u64) -> u64 {
    if !width.is_finite() || width <= 0.0 || !x.is_finite() {
        return 0;
    }
    let frac = (x / width).clamp(0.0, 1.0);
    if frac >= 1.0 {
        return duration_ms;
    }
    let step = step_for(duration_ms);
    let ms = (frac * duration_ms as f64).round() as u64;
    (((ms + step / 2) / step) * step).min(duration_ms)
}

/// A fault's time moved by `steps` steps (negative: earlier), kept within the run.
pub fn nudge(at_ms: u64, steps: i64, duration_ms: u64) -> u64 {
    let step = step_for(duration_ms) as i64;
    let to = (at_ms.min(duration_ms) as i64).saturating_add(steps.saturating_mul(step));
    to.clamp(0, duration_ms as i64) as u64
}

/// Where a fault sits on the track, in percent of its width.
pub fn percent(at_ms: u64, duration_ms: u64) -> f64 {
    if duration_ms == 0 {
        return 0.0;
    }
    (at_ms.min(duration_ms) as f64 / duration_ms as f64) * 100.0
}

/// The steps an arrow key moves a fault by (Shift: ten), if it is one of the track's keys.
pub fn key_steps(key: &str, shift: bool) -> Option<i64> {
    let n = if shift { 10 } else { 1 };
    match key {
        "ArrowLeft" | "ArrowDown" => Some(-n),
        "ArrowRight" | "ArrowUp" => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_scale_with_the_run() {
        assert_eq!(step_for(500), 10);
        assert_eq!(step_for(5_000), 50);
        assert_eq!(step_for(10_000), 100);
        assert_eq!(step_for(30_000), 500);
        assert_eq!(step_for(600_000), 1_000);
    }

    #[test]
    fn a_drag_snaps_and_stays_within_the_run() {
        assert_eq!(ms_at(500.0, 1000.0, 10_000), 5_000);
        assert_eq!(ms_at(123.0, 1000.0, 10_000), 1_200);
        assert_eq!(ms_at(-50.0, 1000.0, 10_000), 0);
        assert_eq!(ms_at(5000.0, 1000.0, 10_000), 10_000);
        assert_eq!(ms_at(10.0, 0.0, 10_000), 0);
        assert_eq!(ms_at(f64::NAN, 100.0, 10_000), 0);
        assert_eq!(ms_at(999.0, 1000.0, 10_005), 10_000);
        assert_eq!(ms_at(1000.0, 1000.0, 10_005), 10_005);
    }

    #[test]
    fn keys_move_by_a_step() {
        assert_eq!(nudge(1_000, 1, 10_000), 1_100);
        assert_eq!(nudge(1_000, -10, 10_000), 0);
        assert_eq!(nudge(9_950, 1, 10_000), 10_000);
        assert_eq!(nudge(20_000, -1, 10_000), 9_900);
        assert_eq!(nudge(0, i64::MIN, 10_000), 0);
        assert_eq!(key_steps("ArrowRight", false), Some(1));
        assert_eq!(key_steps("ArrowLeft", true), Some(-10));
        assert_eq!(key_steps("x", false), None);
        assert_eq!(percent(2_500, 10_000), 25.0);
        assert_eq!(percent(1, 0), 0.0);
    }
}
