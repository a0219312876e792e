//! The tour and the challenges on the page: their state, what their panels show, and how both
//! follow the world as the page publishes it and starts new runs.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::challenge::{ChallengeView, Challenges};
use super::tour::{Tour, TourView};
use crate::sim::{Snapshot, World};

/// The tour's and the challenges' state, and what their panels show.
#[derive(Clone)]
pub struct Learning {
    /// The guided tour: its chapter, its guide and the learner's progress.
    pub tour: Rc<RefCell<Tour>>,
    /// What the tour's panel shows.
    pub tour_view: UseStateHandle<TourView>,
    /// The challenges: the one picked, the try under way and the best scores.
    pub challenges: Rc<RefCell<Challenges>>,
    /// What the challenges' panel shows.
    pub challenge_view: UseStateHandle<ChallengeView>,
}

/// What the panels show after a look at the world, where it changed; shown by [`Learning::show`]
/// once the world is no longer borrowed.
#[must_use]
pub struct Looked(Option<TourView>, Option<ChallengeView>);

/// The tour and the challenges as the learner left them (from local storage), neither following
/// the world yet.
#[hook]
pub fn use_learning() -> Learning {
    let tour = use_mut_ref(Tour::stored);
    let tour_view = {
        let tour = tour.clone();
        use_state(move || tour.borrow_mut().changed_view(0).unwrap_or_default())
    };
    let challenges = use_mut_ref(Challenges::stored);
    let challenge_view = {
        let challenges = challenges.clone();
        use_state(move || challenges.borrow_mut().changed_view(0).unwrap_or_default())
    };
    Learning { tour, tour_view, challenges, challenge_view }
}

impl Learning {
    /// Lets the open chapter and the try under way look at `world` as `snapshot` shows it.
    pub fn look(&self, world: &World, snapshot: &Snapshot) -> Looked {
        Looked(
            self.tour.borrow_mut().observe(world, snapshot),
            self.challenges.borrow_mut().observe(world, snapshot),
        )
    }

    /// Shows what a look changed.
    pub fn show(&self, Looked(tour, challenge): Looked) {
        if let Some(tour) = tour {
            self.tour_view.set(tour);
        }
        if let Some(challenge) = challenge {
            self.challenge_view.set(challenge);
        }
    }

    /// Starts the open chapter and the try under way afresh on a new run of `world`.
    pub fn restart(&self, world: &mut World) {
        self.tour.borrow_mut().restart(world);
        self.challenges.borrow_mut().restart(world);
    }

    /// Lets the open chapter read `world` just before one of the learner's commands.
    pub fn before_command(&self, world: &mut World) {
        self.tour.borrow_mut().before_command(world);
    }
}
