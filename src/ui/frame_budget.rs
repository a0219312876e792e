//! How long each frame may simulate: the share of the display's frame that the page's script may
//! take, less what the frame's other work (placing and painting the dots, the panels'
//! re-render) took lately. The share is learnt from the frames drawn: it shrinks when a frame
//! was dropped after a frame of its kind and grows slowly while none is, so a world that cannot
//! keep up gets what the page can spare without the animation stuttering. Pure arithmetic over
//! timestamps, so it is tested with a fake clock.

use super::clock::SIMULATION_BUDGET_MS;

/// The display's frame period assumed until the frames say otherwise, in milliseconds (60 Hz).
const FIRST_PERIOD_MS: f64 = 1_000.0 / 60.0;

/// Frames over which the shortest interval is taken as the display's period.
const PERIOD_WINDOW: u32 = 120;

/// An interval this many periods long or longer means a frame was dropped.
const DROPPED: f64 = 1.5;

/// Intervals longer than this say nothing about the frame before (the page was hidden, or the
/// machine stalled), in milliseconds.
const STALL_MS: f64 = 100.0;

/// The share of the period each kind of frame starts with for its script.
const FIRST_SHARE: f64 = 0.72;

/// The least share of the period a kind of frame is given for its script (10 ms of 16.7 ms):
/// a machine busy with other work drops frames whatever the page does, and the world should
/// not stall for it.
const LEAST_SHARE: f64 = 0.6;

/// The most share of the period a kind of frame is given for its script (13 ms of 16.7 ms).
const MOST_SHARE: f64 = 0.78;

/// What a dropped frame takes off the share of the kind of frame before it.
const DROP_CUT: f64 = 0.05;

/// What the share of each kind of frame regains per second of wall time without a drop: a cut
/// is won back in 5 s, so the page drops a frame of its own making about once in that time.
const REGAIN_PER_S: f64 = 0.01;

/// How fast the expected work of a kind of frame forgets a slow frame: each frame of that kind
/// keeps this much of the gap between the old expectation and a faster frame (a frame the
/// machine stalled in is forgotten within a few frames).
const REST_MEMORY: f64 = 0.7;

/// The least simulation budget of a frame, in milliseconds: time always moves a little.
const LEAST_SIMULATION_MS: f64 = 1.0;

/// The kinds of frame, by what re-renders after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// A frame that only advances the world and paints the dots.
    Plain,
    /// A frame that also publishes a snapshot, after which the panels re-render.
    Publishing,
    /// A frame that also shows the metrics panel the snapshot published a frame before.
    Metrics,
}

/// How many kinds of frame there are.
const KINDS: usize = 3;

impl FrameKind {
    fn index(self) -> usize {
        match self {
            FrameKind::Plain => 0,
            FrameKind::Publishing => 1,
            FrameKind::Metrics => 2,
        }
    }
}

/// The frame loop's budget for simulation, learnt from the frames drawn so far.
#[derive(Clone, Debug)]
pub struct FrameBudget {
    /// The display's frame period, in milliseconds: the shortest interval between frames lately.
    period_ms: f64,
    /// The shortest interval in the current window of frames, in milliseconds.
    window_least_ms: f64,
    /// Frames counted in the current window.
    window_frames: u32,
    /// Share of the period each kind of frame may spend on script.
    share: [f64; KINDS],
    /// Script each kind of frame spends on other work than simulating, in milliseconds: the
    /// slowest lately, forgotten little by little.
    rest_ms: [f64; KINDS],
    /// The previous frame's timestamp (milliseconds) and kind, once there was one.
    last: Option<(f64, FrameKind)>,
}

impl Default for FrameBudget {
    fn default() -> Self {
        FrameBudget {
            period_ms: FIRST_PERIOD_MS,
            window_least_ms: f64::INFINITY,
            window_frames: 0,
            share: [FIRST_SHARE; KINDS],
            rest_ms: [0.0; KINDS],
            last: None,
        }
    }
}

impl FrameBudget {
    /// Starts a frame of `kind` drawn at `now_ms` (the frame's timestamp, in milliseconds):
    /// learns from the interval since the previous frame, and returns how long this frame may
    /// simulate, in milliseconds.
    pub fn begin(&mut self, now_ms: f64, kind: FrameKind) -> f64 {
        let Some((last_ms, last_kind)) = self.last.replace((now_ms, kind)) else {
            return SIMULATION_BUDGET_MS;
        };
        let interval = now_ms - last_ms;
        if interval > 0.0 && interval < STALL_MS {
            self.learn_period(interval);
            let dropped = interval >= DROPPED * self.period_ms;
            let regained = REGAIN_PER_S * interval / 1_000.0;
            for share in &mut self.share {
                *share = (*share + regained).min(MOST_SHARE);
            }
            if dropped {
                let share = &mut self.share[last_kind.index()];
                *share = (*share - DROP_CUT).max(LEAST_SHARE);
            }
        }
        self.simulation_ms(kind)
    }

    /// Records that the last frame of `kind` spent `rest_ms` milliseconds of script on other work
    /// than simulating (the panels' re-render included).
    pub fn record(&mut self, kind: FrameKind, rest_ms: f64) {
        let rest = &mut self.rest_ms[kind.index()];
        *rest = rest_ms.max(*rest * REST_MEMORY + rest_ms * (1.0 - REST_MEMORY));
    }

    /// How long a frame of `kind` may simulate now, in milliseconds.
    pub fn simulation_ms(&self, kind: FrameKind) -> f64 {
        let script = self.share[kind.index()] * self.period_ms;
        (script - self.rest_ms[kind.index()]).max(LEAST_SIMULATION_MS)
    }

    /// Takes `interval` into the display's period: the shortest interval of the last window of
    /// frames, or of this one when it is shorter.
    fn learn_period(&mut self, interval: f64) {
        self.window_least_ms = self.window_least_ms.min(interval);
        self.window_frames += 1;
        if self.window_least_ms < self.period_ms || self.window_frames >= PERIOD_WINDOW {
            self.period_ms = self.window_least_ms;
        }
        if self.window_frames >= PERIOD_WINDOW {
            self.window_least_ms = f64::INFINITY;
            self.window_frames = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: f64 = 1_000.0 / 60.0;

    /// Runs `frames` frames of `kind` one period apart from `at`, each spending `rest` ms on other
    /// work; returns the last budget and the time after them.
    fn run(budget: &mut FrameBudget, at: f64, frames: usize, kind: FrameKind, rest: f64) -> (f64, f64) {
        let mut given = 0.0;
        let mut now = at;
        for _ in 0..frames {
            now += FRAME;
            given = budget.begin(now, kind);
            budget.record(kind, rest);
        }
        (given, now)
    }

    #[test]
    fn the_first_frame_gets_the_fixed_budget() {
        let mut budget = FrameBudget::default();
        assert_eq!(budget.begin(1_000.0, FrameKind::Plain), SIMULATION_BUDGET_MS);
    }

    #[test]
    fn a_frame_gets_its_share_less_its_other_work() {
        let mut budget = FrameBudget::default();
        budget.begin(0.0, FrameKind::Plain);
        budget.record(FrameKind::Plain, 1.0);
        let given = budget.begin(FRAME, FrameKind::Plain);
        let share = FIRST_SHARE + REGAIN_PER_S * FRAME / 1_000.0;
        assert!((given - (share * FRAME - 1.0)).abs() < 1e-9, "{given}");
        // A frame that publishes has its own, heavier, other work.
        budget.record(FrameKind::Publishing, 6.0);
        assert!((budget.simulation_ms(FrameKind::Publishing) - (share * FRAME - 6.0)).abs() < 1e-9);
    }

    #[test]
    fn without_drops_the_share_grows_to_its_most() {
        let mut budget = FrameBudget::default();
        let (given, _) = run(&mut budget, 0.0, 60 * 60, FrameKind::Plain, 1.0);
        assert!((given - (MOST_SHARE * FRAME - 1.0)).abs() < 1e-9, "{given}");
    }

    #[test]
    fn a_dropped_frame_cuts_the_share_of_the_kind_before_it() {
        let mut budget = FrameBudget::default();
        let (_, now) = run(&mut budget, 0.0, 60 * 60, FrameKind::Plain, 1.0);
        budget.begin(now + FRAME, FrameKind::Publishing);
        // The publishing frame overran: the next comes two periods later.
        budget.begin(now + 3.0 * FRAME, FrameKind::Plain);
        assert!((budget.share[1] - (MOST_SHARE - DROP_CUT)).abs() < 1e-9, "{:?}", budget.share);
        assert_eq!(budget.share[0], MOST_SHARE);
        // The cut is won back slowly: after one second, not yet; after ten, whole.
        let (_, now) = run(&mut budget, now + 3.0 * FRAME, 60, FrameKind::Plain, 1.0);
        assert!(budget.share[1] < MOST_SHARE - DROP_CUT / 2.0);
        run(&mut budget, now, 60 * 10, FrameKind::Plain, 1.0);
        assert_eq!(budget.share[1], MOST_SHARE);
    }

    #[test]
    fn drops_never_take_the_budget_below_its_least() {
        let mut budget = FrameBudget::default();
        let mut now = 0.0;
        // Every frame dropped, for less than the window that would take it for the period.
        for _ in 0..PERIOD_WINDOW - 1 {
            now += 2.0 * FRAME;
            budget.begin(now, FrameKind::Plain);
            budget.record(FrameKind::Plain, 12.0);
        }
        assert_eq!(budget.share[0], LEAST_SHARE);
        assert_eq!(budget.simulation_ms(FrameKind::Plain), LEAST_SIMULATION_MS);
    }

    #[test]
    fn a_slow_frame_is_expected_again_then_forgotten() {
        let mut budget = FrameBudget::default();
        run(&mut budget, 0.0, 10, FrameKind::Plain, 1.0);
        budget.record(FrameKind::Plain, 5.0);
        assert_eq!(budget.rest_ms[0], 5.0);
        run(&mut budget, 0.0, 20, FrameKind::Plain, 1.0);
        assert!(budget.rest_ms[0] < 1.01, "{}", budget.rest_ms[0]);
    }

    #[test]
    fn the_period_follows_a_faster_display_and_ignores_stalls() {
        let mut budget = FrameBudget::default();
        let mut now = 0.0;
        for _ in 0..10 {
            now += 1_000.0 / 120.0;
            budget.begin(now, FrameKind::Plain);
        }
        assert!((budget.period_ms - 1_000.0 / 120.0).abs() < 1e-9);
        // A page hidden for a while: the long gap is no dropped frame.
        let share = budget.share;
        budget.begin(now + 5_000.0, FrameKind::Plain);
        assert_eq!(budget.share, share);
    }

    #[test]
    fn the_period_follows_a_slower_display_after_a_window() {
        let mut budget = FrameBudget::default();
        let mut now = 0.0;
        for _ in 0..2 * PERIOD_WINDOW {
            now += 2.0 * FRAME;
            budget.begin(now, FrameKind::Plain);
        }
        assert!((budget.period_ms - 2.0 * FRAME).abs() < 1e-9);
    }
}
