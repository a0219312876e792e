//! The guided tour: a chapter for each topic of the dialogue, in its order. Each loads a small
//! scenario, says where to look, asks the learner to do one thing, waits for the event that
//! shows they did it, watches what follows, and says what happened with the learner's own
//! numbers. The summary reads those numbers back in the dialogue's closing words.
//!
//! The [`Guide`] only watches: it reads snapshots and events and never changes the world, so
//! the learner can do more than asked and the tour keeps up.

pub mod chapter;
pub mod lessons;
pub mod progress;
pub mod reading;

pub use chapter::Chapter;
pub use progress::Progress;

pub use lessons::Question;
use lessons::{act, came_true, explain, question, Act, Watched};
use reading::Reading;

use crate::sim::time::{to_secs, Micros, SECOND};
use crate::sim::{Event, Snapshot};

/// What a chapter's status says first when it started again on a new run, until the learner acts.
pub const RESTARTED: &str = "Chapter restarted on the new run.";

/// How long the guide watches after the act takes effect before it reads the outcome: the
/// latency and success windows (10 whole seconds) then cover only time after it. 12 s.
pub const WATCH: Micros = 12 * SECOND;

/// Where a chapter is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Waiting for the learner to do what the chapter asks.
    Asking,
    /// The learner did it; the guide watches until `until` (simulated microseconds).
    Watching {
        /// The act.
        act: Act,
        /// The reading just before it.
        before: Reading,
        /// When the outcome is read.
        until: Micros,
        /// The events since the act.
        events: Vec<Event>,
    },
    /// The chapter is done: what happened, with the learner's numbers.
    Done(String),
}

/// Follows one chapter as the world runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    chapter: Chapter,
    phase: Phase,
    /// The next event (by sequence number) the guide has not yet looked at.
    seen: u64,
    /// The latest reading while asking: the one taken just before the act.
    last: Reading,
    /// The answer the learner predicted (an index into [`Guide::question`]'s answers).
    guess: Option<usize>,
    /// The answer that came true, once the chapter is done.
    truth: Option<usize>,
    /// Whether the chapter started again on a new run (its status says so until the learner acts).
    restarted: bool,
}

impl Guide {
    /// Starts `chapter` on a world whose event log has `events_total` events so far (those are
    /// not the learner's answer) and which looks like `snapshot` now.
    pub fn new(chapter: Chapter, events_total: u64, snapshot: &Snapshot) -> Guide {
        let phase = if chapter == Chapter::Summary { Phase::Done(String::new()) } else { Phase::Asking };
        Guide {
            chapter,
            phase,
            seen: events_total,
            last: Reading::of(snapshot),
            guess: None,
            truth: None,
            restarted: false,
        }
    }

    /// Starts `chapter` again, as [`Guide::new`] does, on a new run of the world (another
    /// scenario loaded, or the run restarted, while the chapter was open): until the learner
    /// acts, its status begins with [`RESTARTED`].
    pub fn again(chapter: Chapter, events_total: u64, snapshot: &Snapshot) -> Guide {
        Guide { restarted: true, ..Guide::new(chapter, events_total, snapshot) }
    }

    /// The chapter it follows.
    pub fn chapter(&self) -> Chapter {
        self.chapter
    }

    /// Where the chapter is.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The next event sequence number it will look at (see [`crate::sim::event::EventLog::since`]).
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// Takes in the world as it is now: `snapshot`, and `events`, the log's entries from
    /// [`Guide::seen`] on. Returns the outcome when this look finishes the chapter.
    pub fn observe<'a>(
        &mut self,
        snapshot: &Snapshot,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Option<String> {
        for event in events {
            if event.seq < self.seen {
                continue;
            }
            self.seen = event.seq + 1;
            match &mut self.phase {
                Phase::Asking => {
                    if let Some(act) = act(self.chapter, event) {
                        let until = act.from.max(event.time) + WATCH;
                        let before = std::mem::take(&mut self.last);
                        self.phase = Phase::Watching { act, before, until, events: Vec::new() };
                    }
                }
                Phase::Watching { events, .. } => events.push(event.clone()),
                Phase::Done(_) => {}
            }
        }
        match &self.phase {
            Phase::Asking => {
                self.last = Reading::of(snapshot);
                None
            }
            Phase::Watching { act, before, until, events } if snapshot.now >= *until => {
                let watched = Watched {
                    act: act.clone(),
                    before: before.clone(),
                    after: Reading::of(snapshot),
                    events: events.clone(),
                };
                let outcome = explain(self.chapter, &watched);
                self.truth = Some(came_true(self.chapter, &watched));
                self.phase = Phase::Done(outcome.clone());
                Some(outcome)
            }
            _ => None,
        }
    }

    /// What the chapter asks the learner to predict before they act.
    pub fn question(&self) -> Option<Question> {
        question(self.chapter)
    }

    /// Records the learner's prediction, answer `index` of [`Guide::question`]; only before they
    /// act (a prediction made after seeing is no prediction). Returns whether it was taken.
    pub fn predict(&mut self, index: usize) -> bool {
        let fits = self.question().is_some_and(|q| index < q.answers.len());
        let taken = fits && self.phase == Phase::Asking;
        if taken {
            self.guess = Some(index);
        }
        taken
    }

    /// The learner's prediction, if they made one.
    pub fn guess(&self) -> Option<usize> {
        self.guess
    }

    /// Whether the prediction came true, once the chapter is done and if one was made.
    pub fn predicted_right(&self) -> Option<bool> {
        Some(self.guess? == self.truth?)
    }

    /// Takes a reading of the world as `snapshot` shows it, just before the learner acts (the
    /// page looks before each of their commands), so that "before" is the moment of the act
    /// rather than the last look, which may be seconds earlier at high speed.
    pub fn look_before_act(&mut self, snapshot: &Snapshot) {
        if self.phase == Phase::Asking {
            self.last = Reading::of(snapshot);
        }
    }

    /// The line that says where the chapter stands, for the learner and for a screen reader.
    pub fn status(&self, now: Micros) -> String {
        match &self.phase {
            Phase::Asking => {
                let waiting = format!(
                    "Chapter {}, {}: waiting for you to do it.",
                    self.chapter.number(),
                    self.chapter.title()
                );
                if self.restarted {
                    format!("{RESTARTED} {waiting}")
                } else {
                    waiting
                }
            }
            Phase::Watching { act, until, .. } => format!(
                "You {}. Watching what follows: {} s to go.",
                act.did,
                crate::format::fixed(to_secs(until.saturating_sub(now)).ceil(), 0)
            ),
            Phase::Done(_) if self.chapter == Chapter::Summary => {
                "Your numbers from each chapter and each challenge, then the dialogue's closing words."
                    .to_string()
            }
            Phase::Done(outcome) => {
                let verdict = match (self.question(), self.guess, self.truth) {
                    (Some(q), Some(guess), Some(truth)) if guess == truth => {
                        format!(" Your prediction, “{}”, was right.", q.answers[guess])
                    }
                    (Some(q), Some(guess), Some(truth)) => format!(
                        " Your prediction was “{}”; what happened was “{}”.",
                        q.answers[guess], q.answers[truth]
                    ),
                    _ => String::new(),
                };
                format!("Done. {outcome}{verdict}")
            }
        }
    }
}

/// The summary: each chapter's outcome from `progress`, or a note that it was skipped, then the
/// dialogue's closing words.
pub fn summary(progress: &Progress) -> Vec<(Chapter, String)> {
    Chapter::ALL
        .into_iter()
        .filter(|c| *c != Chapter::Summary)
        .map(|c| {
            let line = progress
                .outcome(c)
                .map_or_else(|| "Not done yet: open it to see it.".to_string(), str::to_string);
            (c, line)
        })
        .collect()
}

/// The dialogue's closing words, which the summary ends with.
pub const CLOSING: &str =
    "Scalability comes through load balancing and distributed resources; fault tolerance \
    keeps the system running when a part fails; security comes through encryption, access controls and \
    authentication.";
