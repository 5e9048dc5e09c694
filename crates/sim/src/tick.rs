//! A client's request clock: its next `:tick` after `interval` ± `jitter`, drawn from the
//! seeded RNG. Shared by the GenServer clients (`worker.rs`) and the task clients
//! (`task.rs`), which is why it is a module of its own.

use crate::message::Msg;
use crate::sim::kernel::Sim;
use crate::term::Pid;
use crate::time::Time;

/// Next tick after `interval` ± `jitter` (a fraction of the interval), from the seeded RNG.
pub(crate) fn schedule_tick(sim: &mut Sim, pid: Pid, interval: Time, jitter: f64) {
    let delay = if jitter > 0.0 {
        let spread = (interval as f64 * jitter) as u64;
        let r = if spread == 0 {
            0
        } else {
            sim.random_u64() % (2 * spread + 1)
        };
        (interval + r).saturating_sub(spread).max(1)
    } else {
        interval.max(1)
    };
    sim.start_timer(pid, delay, |_| Msg::Tick);
}
