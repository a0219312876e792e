//! Which defences are blocking users now: the edge counts users' requests each defence blocked
//! since the start, so the view keeps the counts it saw over the last 10 simulated seconds and
//! takes the difference.

use std::collections::VecDeque;

use crate::sim::metrics::WINDOW_SECONDS;
use crate::sim::time::{Micros, SECOND};

/// Counts seen at recent snapshots, oldest first; the first is at or before the window's start.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockHistory {
    seen: VecDeque<(Micros, Vec<u64>)>,
}

impl Default for BlockHistory {
    /// A run at its start: nothing blocked at 0 s.
    fn default() -> Self {
        BlockHistory { seen: VecDeque::from([(0, Vec::new())]) }
    }
}

impl BlockHistory {
    /// Notes `counts` (users' requests blocked by each defence since the start) at `now`, and
    /// returns how many each blocked over the last 10 simulated seconds. A run started again
    /// (time or a count going back) starts the history again.
    pub fn note(&mut self, now: Micros, counts: &[u64]) -> Vec<u64> {
        let went_back = self.seen.back().is_some_and(|(at, seen)| {
            *at > now || seen.iter().zip(counts).any(|(before, after)| before > after)
        });
        if went_back {
            *self = BlockHistory::default();
        }
        match self.seen.back_mut() {
            Some((at, seen)) if *at == now => *seen = counts.to_vec(),
            _ => self.seen.push_back((now, counts.to_vec())),
        }
        let start = now.saturating_sub(WINDOW_SECONDS as Micros * SECOND);
        while self.seen.len() > 1 && self.seen[1].0 <= start {
            self.seen.pop_front();
        }
        let base = self.seen.front().map(|(_, c)| c.as_slice()).unwrap_or_default();
        counts.iter().enumerate().map(|(i, n)| n.saturating_sub(base.get(i).copied().unwrap_or(0))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_was_blocked_within_the_last_ten_seconds() {
        let mut h = BlockHistory::default();
        assert_eq!(h.note(SECOND, &[0, 3]), vec![0, 3]);
        assert_eq!(h.note(5 * SECOND, &[2, 3]), vec![2, 3]);
        // At 12 s the window starts at 2 s: the count at 1 s is the baseline.
        assert_eq!(h.note(12 * SECOND, &[2, 3]), vec![2, 0]);
        // At 16 s the window starts at 6 s: the count at 5 s is the baseline.
        assert_eq!(h.note(16 * SECOND, &[2, 4]), vec![0, 1]);
        // The same moment seen again changes nothing.
        assert_eq!(h.note(16 * SECOND, &[2, 4]), vec![0, 1]);
    }

    #[test]
    fn a_run_started_again_starts_the_history_again() {
        let mut h = BlockHistory::default();
        h.note(30 * SECOND, &[40, 0]);
        assert_eq!(h.note(2 * SECOND, &[1, 0]), vec![1, 0]);
    }
}
