//! A node's RAID-1 mirror: every write goes to all its working disks, so the data survives as
//! long as one healthy disk holds it.

use super::disk::{Disk, DiskState};
use crate::sim::time::Micros;

/// What a disk failure did to the mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// The data survives on this many healthy disks.
    Degraded {
        /// Healthy disks left.
        healthy: usize,
    },
    /// That was the last healthy disk: the data is gone.
    Lost,
}

/// The disks of one node.
#[derive(Clone, Debug)]
pub(super) struct Mirror {
    disks: Vec<Disk>,
}

impl Mirror {
    /// A mirror of `disks` healthy disks.
    pub(super) fn new(disks: u8) -> Self {
        Mirror { disks: (0..disks).map(|_| Disk::healthy()).collect() }
    }

    /// How many disks it has, working or not.
    pub(super) fn len(&self) -> usize {
        self.disks.len()
    }

    /// What disk `disk` is doing, if there is such a disk.
    pub(super) fn state(&self, disk: usize) -> Option<DiskState> {
        self.disks.get(disk).map(|d| d.state)
    }

    /// What each disk is doing, in order.
    pub(super) fn states(&self) -> Vec<DiskState> {
        self.disks.iter().map(|d| d.state).collect()
    }

    /// Disks holding the data: healthy ones (a rebuilding disk counts only once its copy is done).
    pub(super) fn healthy(&self) -> usize {
        self.disks.iter().filter(|d| d.state == DiskState::Healthy).count()
    }

    /// Breaks disk `disk`, which must not be failed already.
    pub(super) fn fail(&mut self, disk: usize) -> Failure {
        self.disks[disk].fail();
        let healthy = self.healthy();
        if healthy > 0 {
            // The mirror carries on, degraded, on the healthy disks that remain.
            return Failure::Degraded { healthy };
        }
        // No healthy disk is left to copy from: a rebuild cannot finish, so every disk is out.
        self.disks.iter_mut().for_each(Disk::fail);
        Failure::Lost
    }

    /// Puts a new disk in place of failed disk `disk` at `now`. It rebuilds from a healthy disk
    /// over `duration` and the time it will be done is returned; on a mirror with no healthy disk
    /// there is nothing to copy, so it starts healthy and empty and `None` is returned.
    pub(super) fn replace(&mut self, disk: usize, now: Micros, duration: Micros) -> Option<Micros> {
        if self.healthy() == 0 {
            // A new, empty array on the new disk: the node comes back with no data.
            self.disks[disk] = Disk::healthy();
            return None;
        }
        // A replacement copies the whole disk from a healthy one at the rebuild rate.
        Some(self.disks[disk].rebuild(now, duration))
    }

    /// Runs the rebuilds up to `now`: the milestones passed, as (time, disk, percent).
    pub(super) fn advance(&mut self, now: Micros) -> Vec<(Micros, usize, u8)> {
        let mut passed = Vec::new();
        for (i, disk) in self.disks.iter_mut().enumerate() {
            passed.extend(disk.advance(now).into_iter().map(|(at, percent)| (at, i, percent)));
        }
        passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_disk_mirror_survives_one_failure_and_loses_the_data_on_the_second() {
        let mut mirror = Mirror::new(2);
        assert_eq!(mirror.fail(0), Failure::Degraded { healthy: 1 });
        assert_eq!(mirror.replace(0, 0, 100), Some(100));
        assert_eq!(mirror.healthy(), 1, "a rebuilding disk does not hold the data yet");
        assert_eq!(mirror.fail(1), Failure::Lost);
        assert_eq!(mirror.states(), vec![DiskState::Failed; 2], "the rebuild had nothing left to copy");
        assert_eq!(mirror.replace(1, 200, 100), None);
        assert_eq!(mirror.state(1), Some(DiskState::Healthy), "an empty array starts at once");
    }

    #[test]
    fn a_rebuild_that_finishes_first_saves_the_mirror() {
        let mut mirror = Mirror::new(2);
        mirror.fail(1);
        mirror.replace(1, 0, 100);
        assert_eq!(mirror.advance(100).last(), Some(&(100, 1, 100)));
        assert_eq!(mirror.fail(0), Failure::Degraded { healthy: 1 });
        assert_eq!(mirror.len(), 2);
    }
}
