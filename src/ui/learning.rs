//! The tour and the challenges on the page: their state, what their panels show, and how both
//! follow the world as the page publishes it and starts new runs. Each panel's view is made
//! again only when what it is made from changed ([`Shown`]).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::challenge::{ChallengeView, Challenges};
use super::shown::Shown;
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
    /// Each panel's view on the page, and the state it was made from.
    shown: Rc<RefCell<(Shown<TourView>, Shown<ChallengeView>)>>,
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
    let challenges = use_mut_ref(Challenges::stored);
    let shown = {
        let (tour, challenges) = (tour.clone(), challenges.clone());
        use_mut_ref(move || {
            let (tour, challenges) = (tour.borrow(), challenges.borrow());
            (Shown::new(tour.state(0), tour.view(0)), Shown::new(challenges.state(0), challenges.view(0)))
        })
    };
    let tour_view = {
        let shown = shown.clone();
        use_state(move || shown.borrow().0.view().clone())
    };
    let challenge_view = {
        let shown = shown.clone();
        use_state(move || shown.borrow().1.view().clone())
    };
    Learning { tour, tour_view, challenges, challenge_view, shown }
}

impl Learning {
    /// Lets the open chapter and the try under way look at `world` as `snapshot` shows it.
    pub fn look(&self, world: &World, snapshot: &Snapshot) -> Looked {
        let now = snapshot.now;
        let (tour, challenges) = (&mut *self.tour.borrow_mut(), &mut *self.challenges.borrow_mut());
        tour.observe(world, snapshot);
        challenges.observe(world, snapshot);
        let (tour_shown, challenges_shown) = &mut *self.shown.borrow_mut();
        Looked(
            tour_shown.changed(tour.state(now), || tour.view(now)),
            challenges_shown.changed(challenges.state(now), || challenges.view(now)),
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
