//! Challenges on the page: the try under way, graded from the metrics as the world runs, and the
//! best scores kept in the browser's local storage between visits.

use super::shown::{seconds_left, State};
use super::stored;
use crate::sim::{Micros, Snapshot, World};
use crate::teach::challenges::{Challenge, Score, Scores, Trial};

/// The local storage key the scores are kept under.
const STORAGE_KEY: &str = "ds-playground.challenges";

/// What the challenges panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChallengeView {
    /// The challenge picked (by default the first).
    pub picked: Option<Challenge>,
    /// Whether a try at it is under way or graded (else the panel offers to start one).
    pub trying: bool,
    /// Where the try stands, in a sentence (announced politely to screen readers).
    pub status: String,
    /// Whether the graded try passed; `None` while it runs.
    pub passed: Option<bool>,
    /// The hint after a failed try.
    pub hint: Option<&'static str>,
    /// Each challenge's best passed score and its tries so far.
    pub scores: Vec<(Challenge, Option<Score>, u32)>,
}

/// The challenges' state behind the panel.
#[derive(Debug)]
pub struct Challenges {
    scores: Scores,
    picked: Challenge,
    trial: Option<Trial>,
    /// Counts the changes made to the challenges (one picked, a try started or stopped); where
    /// the try stands is read from it.
    changes: u64,
}

impl Challenges {
    /// The learner's scores from local storage, no try under way.
    pub fn stored() -> Challenges {
        let text = stored::read(STORAGE_KEY);
        Challenges { scores: Scores::from_text(&text), picked: Challenge::ALL[0], trial: None, changes: 0 }
    }

    /// Picks `challenge` (ending any try at another).
    pub fn pick(&mut self, challenge: Challenge) {
        if challenge != self.picked {
            self.trial = None;
        }
        self.picked = challenge;
        self.changes += 1;
    }

    /// The challenge picked.
    pub fn picked(&self) -> Challenge {
        self.picked
    }

    /// Starts a try at the picked challenge on `world` (just loaded from its scenario).
    pub fn start(&mut self, world: &mut World) {
        self.trial = Some(Trial::new(self.picked, &world.snapshot()));
        self.changes += 1;
    }

    /// Starts the try under way afresh on `world` (a new run, or the scenario just loaded).
    pub fn restart(&mut self, world: &mut World) {
        if self.trial.is_some() {
            self.start(world);
        }
    }

    /// Ends the try under way without grading it (the learner went to the tour).
    pub fn stop(&mut self) {
        self.trial = None;
        self.changes += 1;
    }

    /// Lets the try look at the world as `snapshot` shows it; records a graded try's score.
    pub fn observe(&mut self, world: &World, snapshot: &Snapshot) {
        if let Some(trial) = &mut self.trial {
            let seen = trial.seen();
            // A graded try is part of the view's state (see `state`): no change to count.
            if let Some(verdict) = trial.observe(snapshot, world.events().since(seen)) {
                self.scores.record(trial.challenge(), &verdict);
                self.save();
            }
        }
    }

    /// What the panel's view at simulated time `now` is made from: the changes made to the
    /// challenges, where the try stands (none, before grading, being graded, or graded), and the
    /// seconds its status counts down.
    pub fn state(&self, now: Micros) -> State {
        let (phase, seconds) = match &self.trial {
            None => (0, 0),
            Some(t) if t.verdict().is_some() => (3, 0),
            Some(t) if now < t.graded_from() => (1, seconds_left(t.graded_from(), now)),
            Some(t) => (2, seconds_left(t.ends_at(), now)),
        };
        (self.changes, phase, seconds)
    }

    /// What the panel shows at simulated time `now`.
    pub fn view(&self, now: Micros) -> ChallengeView {
        let verdict = self.trial.as_ref().and_then(Trial::verdict);
        ChallengeView {
            picked: Some(self.picked),
            trying: self.trial.is_some(),
            status: self.trial.as_ref().map(|t| t.status(now)).unwrap_or_default(),
            passed: verdict.map(|v| v.passed),
            hint: verdict.and_then(|v| v.hint),
            scores: Challenge::ALL
                .into_iter()
                .map(|c| (c, self.scores.best(c).copied(), self.scores.tries(c)))
                .collect(),
        }
    }

    fn save(&self) {
        stored::write(STORAGE_KEY, &self.scores.to_text());
    }
}
