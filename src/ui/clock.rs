//! The playground's clock: turns wall-clock frame time into simulated time, with pause, speed
//! and a cap on catch-up so a tab returning from the background does not freeze the page.

use crate::format::within;
use crate::sim::script::Script;
use crate::sim::time::Micros;
use crate::sim::World;

/// Wall time a frame may spend simulating before the frame loop has timed any frame, in
/// milliseconds (from then on the loop's [`FrameBudget`](super::frame_budget::FrameBudget) sets
/// it); past it the world falls behind real time instead of the page freezing.
pub const SIMULATION_BUDGET_MS: f64 = 8.0;

/// Steps run between two looks at the wall clock.
const STEPS_PER_CHECK: usize = 2_048;

/// Speeds the learner can choose, as multiples of real time.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// Most wall time one frame may account for, in milliseconds (longer gaps are skipped).
pub const MAX_FRAME_MS: f64 = 100.0;

/// Pause state and speed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// Whether simulated time stands still.
    pub paused: bool,
    /// Simulated seconds per wall second. Default: 1.
    pub speed: f64,
    /// A moment to run to as fast as the frame budget allows, then pause there (a shared link's
    /// moment), in simulated microseconds. Default: none.
    pub replay_to: Option<Micros>,
    /// Wall time of the previous frame, in milliseconds, once known.
    last_frame: Option<f64>,
    /// Simulated microseconds owed but not yet whole.
    remainder: f64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { paused: false, speed: 1.0, replay_to: None, last_frame: None, remainder: 0.0 }
    }
}

impl Clock {
    /// Forgets the previous frame, so the next one only starts the clock again: the wall time
    /// a hidden page spent away is not owed.
    pub fn rest(&mut self) {
        self.last_frame = None;
    }

    /// Simulated microseconds to advance for a frame drawn at wall time `now_ms`.
    pub fn frame(&mut self, now_ms: f64) -> Micros {
        let elapsed = self.last_frame.map_or(0.0, |last| within(now_ms - last, 0.0, MAX_FRAME_MS));
        self.last_frame = Some(now_ms);
        if self.paused {
            return 0;
        }
        let owed = elapsed * 1_000.0 * self.speed + self.remainder;
        let whole = owed.floor();
        self.remainder = owed - whole;
        whole as Micros
    }
}

/// Advances `world` towards `until` (simulated microseconds), applying `script`'s commands as
/// their times come, until it gets there or `budget_ms` of wall time, read from `wall_ms`, has
/// passed. Returns whether it got there.
pub fn advance_within_budget(
    world: &mut World,
    script: &mut Script,
    until: Micros,
    budget_ms: f64,
    wall_ms: impl Fn() -> f64,
) -> bool {
    let deadline = wall_ms() + budget_ms;
    loop {
        if script.advance_within(world, until, STEPS_PER_CHECK).0 {
            return true;
        }
        if wall_ms() >= deadline {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;
    use crate::sim::WorldConfig;
    use std::cell::Cell;

    #[test]
    fn a_spent_budget_leaves_the_world_behind_and_a_generous_one_catches_up() {
        let config = WorldConfig { arrival_rate: 50_000.0, ..WorldConfig::default() };
        let mut world = World::new(config);
        // A fake wall clock that moves 1 ms each time it is read.
        let wall = Cell::new(0.0);
        let tick = || {
            wall.set(wall.get() + 1.0);
            wall.get()
        };
        let mut script = Script::default();
        assert!(!advance_within_budget(&mut world, &mut script, SECOND, 3.0, tick));
        assert!(world.now() < SECOND);
        assert!(advance_within_budget(&mut world, &mut script, SECOND, 1e9, tick));
        assert_eq!(world.now(), SECOND);
    }

    #[test]
    fn advances_by_elapsed_time_times_speed() {
        let mut clock = Clock { speed: 4.0, ..Clock::default() };
        assert_eq!(clock.frame(1_000.0), 0, "the first frame only starts the clock");
        assert_eq!(clock.frame(1_016.0), 64_000);
    }

    #[test]
    fn after_a_rest_the_time_away_is_not_owed() {
        let mut clock = Clock::default();
        clock.frame(0.0);
        clock.rest();
        assert_eq!(clock.frame(30_000.0), 0, "the first frame back only starts the clock");
        assert_eq!(clock.frame(30_016.0), 16_000);
    }

    #[test]
    fn caps_long_gaps_and_stands_still_when_paused() {
        let mut clock = Clock::default();
        clock.frame(0.0);
        assert_eq!(clock.frame(60_000.0), 100_000, "a minute in the background counts as 100 ms");
        clock.paused = true;
        assert_eq!(clock.frame(60_016.0), 0);
    }

    #[test]
    fn keeps_fractions_of_a_microsecond() {
        // At 0.25× a frame 1/16 ms long is worth 15.625 µs: no fraction may be lost.
        let mut clock = Clock { speed: 0.25, ..Clock::default() };
        clock.frame(0.0);
        let total: Micros = (1..=8).map(|i| clock.frame(i as f64 * 0.0625)).sum();
        assert_eq!(total, 125);
    }
}
