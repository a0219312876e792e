//! The tour on the page: which chapter is open, the guide watching it, and the progress kept in
//! the browser's local storage between visits.

use super::shown::{seconds_left, State};
use super::stored;
use crate::sim::{Micros, Snapshot, World};
use crate::teach::tour::{summary, Chapter, Guide, Phase, Progress, Question};

/// The local storage key the tour's progress is kept under.
const STORAGE_KEY: &str = "ds-playground.tour";

/// What the tour panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TourView {
    /// The chapter open, or `None` before the learner starts the tour.
    pub chapter: Option<Chapter>,
    /// Where the chapter stands, in a sentence (announced politely to screen readers).
    pub status: String,
    /// Whether the open chapter is done.
    pub done: bool,
    /// Every chapter but the summary, with what it showed the learner, if they finished it.
    pub outcomes: Vec<(Chapter, Option<String>)>,
    /// Whether the panel is open (rather than folded to one line).
    pub open: bool,
    /// The chapter a returning learner was last in, offered to continue, before they open one.
    pub resume: Option<Chapter>,
    /// What the open chapter asks the learner to predict, if anything.
    pub question: Option<Question>,
    /// The answer they picked, by index.
    pub guess: Option<usize>,
    /// Whether they may still pick (only before they act).
    pub can_predict: bool,
}

/// The tour's state behind the panel.
#[derive(Debug)]
pub struct Tour {
    progress: Progress,
    guide: Option<Guide>,
    open: bool,
    /// Whether the open chapter waits for its own scenario to load, which is no restart.
    awaiting: bool,
    /// Counts the changes made to the tour (a chapter opened, a prediction, the panel folded…);
    /// the chapter's phase and countdown are read from its guide.
    changes: u64,
}

impl Tour {
    /// The tour as the learner left it (from local storage), not yet following a chapter.
    pub fn stored() -> Tour {
        let text = stored::read(STORAGE_KEY);
        Tour { progress: Progress::from_text(&text), guide: None, open: true, awaiting: false, changes: 0 }
    }

    /// The chapter the learner was last in, if they started the tour.
    pub fn last_chapter(&self) -> Option<Chapter> {
        self.progress.chapter.as_ref().map(|_| self.progress.current())
    }

    /// Opens `chapter` on `world`: from here its guide watches. The page loads the chapter's
    /// scenario next, which starts the guide again on the new world (see [`Tour::restart`]).
    pub fn open(&mut self, chapter: Chapter, world: &mut World) {
        self.progress.open(chapter);
        self.save();
        self.open = true;
        self.awaiting = chapter.scenario().is_some();
        self.changes += 1;
        let snapshot = world.snapshot();
        self.guide = Some(Guide::new(chapter, world.events().total(), &snapshot));
    }

    /// Starts the open chapter's guide afresh on `world`: its own scenario just loaded, or a new
    /// run (another scenario, or the run started again), which its status then announces. The
    /// summary keeps what it shows.
    pub fn restart(&mut self, world: &mut World) {
        if let Some(chapter) = self.guide.as_ref().map(Guide::chapter) {
            let own_scenario = std::mem::take(&mut self.awaiting);
            let (events, snapshot) = (world.events().total(), world.snapshot());
            self.guide = Some(if own_scenario || chapter == Chapter::Summary {
                Guide::new(chapter, events, &snapshot)
            } else {
                Guide::again(chapter, events, &snapshot)
            });
            self.changes += 1;
        }
    }

    /// The open chapter's scenario did not load: the chapter goes on with the world there was,
    /// and the next new run restarts it.
    pub fn not_loaded(&mut self) {
        self.awaiting = false;
    }

    /// Records the learner's prediction, answer `index` of the chapter's question.
    pub fn predict(&mut self, index: usize) {
        if let Some(guide) = &mut self.guide {
            guide.predict(index);
            self.changes += 1;
        }
    }

    /// Lets the guide read the world just before one of the learner's commands.
    pub fn before_command(&mut self, world: &mut World) {
        if let Some(guide) = &mut self.guide {
            guide.look_before_act(&world.snapshot());
        }
    }

    /// Stops following the open chapter (the learner went to a challenge); progress stays.
    pub fn close(&mut self) {
        self.guide = None;
        self.changes += 1;
    }

    /// Closes the chapter and forgets the learner's progress.
    pub fn reset(&mut self) {
        self.progress.reset();
        self.guide = None;
        self.changes += 1;
        self.save();
    }

    /// Folds the panel to one line, or opens it.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.changes += 1;
    }

    /// Lets the guide look at the world as `snapshot` shows it; records and keeps a finished
    /// chapter's outcome.
    pub fn observe(&mut self, world: &World, snapshot: &Snapshot) {
        if let Some(guide) = &mut self.guide {
            let seen = guide.seen();
            // The chapter's phase is part of the view's state (see `state`): no change to count.
            if let Some(outcome) = guide.observe(snapshot, world.events().since(seen)) {
                self.progress.finish(guide.chapter(), &outcome);
                self.save();
            }
        }
    }

    /// What the panel's view at simulated time `now` is made from: the changes made to the tour,
    /// where the open chapter is, and while it watches, the seconds its countdown shows.
    pub fn state(&self, now: Micros) -> State {
        let (phase, seconds) = match self.guide.as_ref().map(Guide::phase) {
            None => (0, 0),
            Some(Phase::Asking) => (1, 0),
            Some(Phase::Watching { until, .. }) => (2, seconds_left(*until, now)),
            Some(Phase::Done(_)) => (3, 0),
        };
        (self.changes, phase, seconds)
    }

    /// What the panel shows at simulated time `now`.
    pub fn view(&self, now: Micros) -> TourView {
        let outcomes = summary(&self.progress)
            .into_iter()
            .map(|(c, _)| (c, self.progress.outcome(c).map(str::to_string)))
            .collect();
        let (chapter, status, done) = match &self.guide {
            Some(guide) => {
                (Some(guide.chapter()), guide.status(now), matches!(guide.phase(), Phase::Done(_)))
            }
            None => (None, String::new(), false),
        };
        let resume = if chapter.is_none() { self.last_chapter() } else { None };
        let guide = self.guide.as_ref();
        TourView {
            chapter,
            status,
            done,
            outcomes,
            open: self.open,
            resume,
            question: guide.and_then(Guide::question),
            guess: guide.and_then(Guide::guess),
            can_predict: guide.is_some_and(|g| *g.phase() == Phase::Asking),
        }
    }

    fn save(&self) {
        stored::write(STORAGE_KEY, &self.progress.to_text());
    }
}
