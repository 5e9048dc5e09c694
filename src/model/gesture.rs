//! Pointer gestures on the stage, as pure state: one pointer drags (pans), two pointers
//! pinch (zoom by the ratio of their distances, centred on nothing more than the stage's
//! own zoom), and a pointer held still long enough is a long press (a process's actions).
//! The view feeds it the pointer events with their times and applies what it returns; the
//! thresholds are here so that a native test can check them.

/// Movement (px) under which a pointer is still "held still" (a tap or a long press).
pub const STILL_PX: f64 = 8.0;
/// A press held this long without moving is a long press (ms).
pub const LONG_PRESS_MS: f64 = 550.0;
/// A pinch step smaller than this ratio is ignored (jitter of two fingers).
const PINCH_MIN_STEP: f64 = 0.01;

#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    /// Move the view by this many screen pixels.
    Pan(f64, f64),
    /// Multiply the zoom by this factor.
    Zoom(f64),
}

#[derive(Clone, Debug, Default)]
pub struct Gesture {
    /// Pointers down, in id order, with their last positions: a few fingers at most, so
    /// a list rather than a map.
    down: Vec<(i32, (f64, f64))>,
    /// The first pointer's press: where and when, while it has not moved.
    press: Option<(f64, f64, f64)>,
    /// The two fingers' distance at the last pinch step.
    pinch: Option<f64>,
}

impl Gesture {
    /// Where pointer `id` is in `down`, or where it would go.
    fn find(&self, id: i32) -> Result<usize, usize> {
        self.down.binary_search_by_key(&id, |&(i, _)| i)
    }

    pub fn down(&mut self, id: i32, x: f64, y: f64, t_ms: f64) {
        match self.find(id) {
            Ok(i) => self.down[i].1 = (x, y),
            Err(i) => self.down.insert(i, (id, (x, y))),
        }
        if self.down.len() == 1 {
            self.press = Some((x, y, t_ms));
            self.pinch = None;
        } else {
            // A second finger: a pinch, never a press.
            self.press = None;
            self.pinch = self.distance();
        }
    }

    pub fn moved(&mut self, id: i32, x: f64, y: f64) -> Option<Out> {
        let i = self.find(id).ok()?;
        let last = std::mem::replace(&mut self.down[i].1, (x, y));
        if self.down.len() >= 2 {
            let (d0, d1) = (self.pinch?, self.distance()?);
            if d0 <= 0.0 {
                self.pinch = Some(d1);
                return None;
            }
            let k = d1 / d0;
            if (k - 1.0).abs() < PINCH_MIN_STEP {
                return None;
            }
            self.pinch = Some(d1);
            return Some(Out::Zoom(k));
        }
        if let Some((x0, y0, _)) = self.press {
            if (x - x0).abs() + (y - y0).abs() <= STILL_PX {
                return None;
            }
            // It moved: a drag from where it was pressed.
            self.press = None;
            return Some(Out::Pan(x - x0, y - y0));
        }
        Some(Out::Pan(x - last.0, y - last.1))
    }

    pub fn up(&mut self, id: i32) {
        if let Ok(i) = self.find(id) {
            self.down.remove(i);
        }
        if self.down.len() < 2 {
            self.pinch = None;
        }
        if self.down.is_empty() {
            self.press = None;
        }
    }

    /// Whether the press that started at the first pointer down is, at `t_ms`, a long press
    /// (still down, not moved, held long enough). Asked by the view's timer.
    pub fn long_press(&self, t_ms: f64) -> bool {
        self.down.len() == 1
            && self
                .press
                .is_some_and(|(_, _, t0)| t_ms - t0 >= LONG_PRESS_MS)
    }

    fn distance(&self) -> Option<f64> {
        let mut it = self.down.iter().map(|(_, at)| at);
        let (a, b) = (it.next()?, it.next()?);
        Some(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drag_pans_from_where_it_was_pressed_after_the_still_threshold() {
        let mut g = Gesture::default();
        g.down(1, 100.0, 100.0, 0.0);
        assert_eq!(g.moved(1, 103.0, 102.0), None, "within the still threshold");
        assert_eq!(g.moved(1, 120.0, 100.0), Some(Out::Pan(20.0, 0.0)));
        assert_eq!(g.moved(1, 125.0, 110.0), Some(Out::Pan(5.0, 10.0)));
        assert!(!g.long_press(10_000.0), "a drag is no long press");
        g.up(1);
        assert_eq!(g.moved(1, 130.0, 110.0), None, "no pointer down");
    }

    #[test]
    fn two_fingers_pinch_by_the_ratio_of_their_distances_and_never_pan() {
        let mut g = Gesture::default();
        g.down(1, 100.0, 100.0, 0.0);
        g.down(2, 200.0, 100.0, 10.0);
        assert_eq!(g.moved(2, 300.0, 100.0), Some(Out::Zoom(2.0)));
        assert_eq!(g.moved(1, 200.0, 100.0), Some(Out::Zoom(0.5)));
        assert_eq!(g.moved(1, 200.5, 100.0), None, "jitter is ignored");
        assert!(!g.long_press(10_000.0));
        // One finger lifted: the other pans again from where it is.
        g.up(2);
        assert_eq!(g.moved(1, 210.0, 100.0), Some(Out::Pan(9.5, 0.0)));
    }

    #[test]
    fn a_press_held_still_is_a_long_press_only_after_the_delay() {
        let mut g = Gesture::default();
        g.down(7, 50.0, 50.0, 1_000.0);
        assert!(!g.long_press(1_000.0 + LONG_PRESS_MS - 1.0));
        assert_eq!(g.moved(7, 52.0, 53.0), None);
        assert!(g.long_press(1_000.0 + LONG_PRESS_MS));
        g.up(7);
        assert!(!g.long_press(5_000.0), "released");
    }
}
