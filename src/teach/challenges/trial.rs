//! A try at a challenge: the [`Trial`] watches it as the tour's guide watches a chapter, from
//! snapshots and events only, and when its span has passed grades it into a [`Verdict`].

use super::grade::grade;
use super::measure::Measured;
use super::Challenge;
use crate::format::fixed;
use crate::sim::time::{to_secs, Micros, SECOND};
use crate::sim::{Event, Snapshot};

/// What a passed try cost and how fast it served: lower is better in both.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Server-seconds paid for over the try: each simulated second, the servers switched on
    /// (booting, up or draining; not crashed).
    pub cost: u64,
    /// Users' p95 latency in the worst 10 s of the graded window, in milliseconds (0 when no
    /// user's request was served).
    pub latency_ms: f64,
}

impl Score {
    /// Whether it beats `other`: cheaper, or as cheap and faster.
    pub fn beats(&self, other: &Score) -> bool {
        (self.cost, self.latency_ms) < (other.cost, other.latency_ms)
    }
}

/// How a try went.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Whether every check of the goal held.
    pub passed: bool,
    /// Why, with the learner's numbers: on a pass what was measured, on a failure each check
    /// that failed, such as "users' p95 latency reached 1.36 s in the worst 10 s of the last
    /// 30 s, not under 1 s".
    pub why: String,
    /// The try's cost and latency (kept as a best only when it passed).
    pub score: Score,
    /// The challenge's hint after a failed try; `None` after a pass.
    pub hint: Option<&'static str>,
}

/// Watches one try at a challenge.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    challenge: Challenge,
    /// When the try started, in simulated microseconds.
    start: Micros,
    /// The first whole second (of the world's metrics) in the try.
    first_second: u64,
    /// The next event (by sequence number) the trial has not yet looked at.
    seen: u64,
    measured: Measured,
    verdict: Option<Verdict>,
}

impl Trial {
    /// Starts a try at `challenge` on a world that looks like `snapshot` now (just loaded from
    /// the challenge's scenario, usually): the events logged so far are not part of it.
    pub fn new(challenge: Challenge, snapshot: &Snapshot) -> Trial {
        Trial {
            challenge,
            start: snapshot.now,
            first_second: snapshot.now.div_ceil(SECOND),
            seen: snapshot.events_total,
            measured: Measured::new(challenge.rules(), snapshot),
            verdict: None,
        }
    }

    /// The challenge it grades.
    pub fn challenge(&self) -> Challenge {
        self.challenge
    }

    /// The next event sequence number it will look at (see [`crate::sim::event::EventLog::since`]).
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// When the try ends, in simulated microseconds.
    pub fn ends_at(&self) -> Micros {
        self.start + self.challenge.span().length
    }

    /// When grading starts, in simulated microseconds.
    pub fn graded_from(&self) -> Micros {
        self.start + self.challenge.span().graded_from()
    }

    /// The verdict, once the try is over.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.verdict.as_ref()
    }

    /// The last whole second of each 10 s block of the graded window, in the world's seconds
    /// (the last is the try's last second).
    fn block_end(&self, block: u64) -> u64 {
        let span = self.challenge.span();
        self.first_second + span.graded_from() / SECOND + (block + 1) * (span.graded_secs() / span.blocks())
            - 1
    }

    /// Takes in the world as it is now: `snapshot`, and `events`, the log's entries from
    /// [`Trial::seen`] on. Look at least once a simulated second (the page and the tests look
    /// every quarter). Returns the verdict when this look ends the try, and `None` before and
    /// after.
    pub fn observe<'a>(
        &mut self,
        snapshot: &Snapshot,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Option<Verdict> {
        if self.verdict.is_some() {
            return None;
        }
        for event in events {
            if event.seq < self.seen {
                continue;
            }
            self.seen = event.seq + 1;
            self.measured.event(event);
        }
        let in_window = snapshot.now >= self.graded_from();
        self.measured.look(snapshot, in_window);
        let blocks = self.challenge.span().blocks();
        let second = snapshot.edge.recent.second;
        let read = self.measured.blocks.len() as u64;
        // The blocks whose last second has closed by now (the metrics' latest whole second).
        let due = (read..blocks).take_while(|b| second >= self.block_end(*b)).count() as u64;
        if due > 0 && in_window {
            // A look too rare to see each block close skips those it missed, rather than read
            // one reading twice; the latest is read as it stands.
            self.measured.blocks.extend((1..due).map(|_| None));
            let late = second - self.block_end(read + due - 1);
            self.measured.read_block(snapshot, late);
        }
        let done = self.measured.blocks.len() as u64 >= blocks || snapshot.now >= self.ends_at() + 2 * SECOND;
        if !done {
            return None;
        }
        let verdict = grade(self.challenge, &self.measured);
        self.verdict = Some(verdict.clone());
        Some(verdict)
    }

    /// The line that says where the try stands at simulated time `now`, for the learner and for
    /// a screen reader.
    pub fn status(&self, now: Micros) -> String {
        let secs = |t: Micros| fixed(to_secs(t).ceil(), 0);
        match &self.verdict {
            Some(v) if v.passed => format!("Passed. {}", v.why),
            Some(v) => format!("Not yet. {}", v.why),
            None if now < self.graded_from() => format!(
                "Your turn: {} s until grading starts; the last {} s are graded.",
                secs(self.graded_from() - now),
                self.challenge.span().graded_secs()
            ),
            None => format!("Grading: {} s to go.", secs(self.ends_at().saturating_sub(now))),
        }
    }
}
