//! One disk of a node's mirror: healthy, failed, or rebuilding, and how far its rebuild is.

use crate::sim::time::Micros;

/// A rebuild reports each of these percentages as it reaches it; 100 means done.
const MILESTONES: [u8; 4] = [25, 50, 75, 100];

/// What a disk is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskState {
    /// Working, and holding the node's data.
    Healthy,
    /// Broken: holds nothing until it is replaced.
    Failed,
    /// A replacement being filled from a healthy disk at a set rate. It receives new writes too,
    /// but holds the node's data only once the copy is done.
    Rebuilding {
        /// When the copy started, in simulated microseconds.
        started: Micros,
        /// When it will be done, in simulated microseconds.
        until: Micros,
    },
}

impl DiskState {
    /// How much of a rebuild is done at `now`, 0–1; `None` unless rebuilding.
    pub fn progress(&self, now: Micros) -> Option<f64> {
        match *self {
            DiskState::Rebuilding { started, until } => {
                let span = until.saturating_sub(started).max(1);
                Some((now.saturating_sub(started) as f64 / span as f64).min(1.0))
            }
            _ => None,
        }
    }
}

/// A disk and the rebuild milestones it has passed.
#[derive(Clone, Debug)]
pub(super) struct Disk {
    /// What it is doing.
    pub(super) state: DiskState,
    /// How many of [`MILESTONES`] its current rebuild has passed.
    passed: usize,
}

impl Disk {
    /// A working disk.
    pub(super) fn healthy() -> Self {
        Disk { state: DiskState::Healthy, passed: 0 }
    }

    /// Breaks it; a rebuild in progress is abandoned.
    pub(super) fn fail(&mut self) {
        self.state = DiskState::Failed;
    }

    /// Starts copying the data onto it at `now`, taking `duration` (at least 1 µs); returns when
    /// it will be done.
    pub(super) fn rebuild(&mut self, now: Micros, duration: Micros) -> Micros {
        let until = now.saturating_add(duration.max(1));
        self.state = DiskState::Rebuilding { started: now, until };
        self.passed = 0;
        until
    }

    /// The milestones its rebuild passed up to `now` since the last call, as (time, percent),
    /// oldest first. At 100% the copy is done and the disk is healthy.
    pub(super) fn advance(&mut self, now: Micros) -> Vec<(Micros, u8)> {
        let DiskState::Rebuilding { started, until } = self.state else { return Vec::new() };
        let mut passed = Vec::new();
        while let Some(&percent) = MILESTONES.get(self.passed) {
            // The copy runs at a constant rate, so each share of the disk takes its share of the time.
            let at = started + ((until - started) as u128 * u128::from(percent) / 100) as Micros;
            if at > now {
                break;
            }
            passed.push((at, percent));
            self.passed += 1;
        }
        if self.passed == MILESTONES.len() {
            self.state = DiskState::Healthy;
        }
        passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_passes_each_quarter_in_turn_then_is_healthy() {
        let mut disk = Disk::healthy();
        disk.fail();
        disk.rebuild(1_000, 400);
        assert_eq!(disk.state.progress(1_100), Some(0.25));
        assert_eq!(disk.advance(1_199), vec![(1_100, 25)]);
        assert_eq!(disk.advance(1_300), vec![(1_200, 50), (1_300, 75)]);
        assert!(matches!(disk.state, DiskState::Rebuilding { .. }));
        assert_eq!(disk.advance(5_000), vec![(1_400, 100)]);
        assert_eq!((disk.state, disk.state.progress(5_000)), (DiskState::Healthy, None));
        assert!(disk.advance(9_000).is_empty());
    }
}
