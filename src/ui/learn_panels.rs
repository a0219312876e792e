//! The tour's and the challenges' panels at the top of the side column, wired to what they ask
//! of the page (see [`super::learn_actions`]).

use yew::prelude::*;

use super::challenge_panel::ChallengePanel;
use super::learn_actions::{change_tour, open_chapter, pick_challenge, restart_chapter, start_challenge};
use super::shared::Shared;
use super::tour::Tour;
use super::tour_panel::TourPanel;
use crate::teach::tour::Chapter;

/// The tour's panel if `tour`, then the challenges' panel if `challenges`.
pub fn learn_panels(shared: &Shared, tour: bool, challenges: bool) -> Html {
    let learning = &shared.learning;
    let with = |act: fn(&Shared)| {
        let shared = shared.clone();
        Callback::from(move |_| act(&shared))
    };
    let change = |change: fn(&mut Tour)| {
        let shared = shared.clone();
        Callback::from(move |_| change_tour(&shared, change))
    };
    let onopen = {
        let shared = shared.clone();
        Callback::from(move |chapter: Chapter| open_chapter(&shared, chapter))
    };
    let onpredict = {
        let shared = shared.clone();
        Callback::from(move |index: usize| change_tour(&shared, |tour| tour.predict(index)))
    };
    let onpick = {
        let shared = shared.clone();
        Callback::from(move |challenge| pick_challenge(&shared, challenge))
    };
    html! {
        <>
            if tour {
                <TourPanel view={(*learning.tour_view).clone()} challenges={learning.challenge_view.scores.clone()}
                    {onopen} onrestart={with(restart_chapter)} onreset={change(Tour::reset)} ontoggle={change(Tour::toggle)} {onpredict} />
            }
            if challenges {
                <ChallengePanel view={(*learning.challenge_view).clone()} {onpick} onstart={with(start_challenge)} />
            }
        </>
    }
}
