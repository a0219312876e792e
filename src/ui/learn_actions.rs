//! What the tour's and the challenges' panels (and a link naming a chapter or a challenge) ask of
//! the page: open a chapter, start a try, and the small changes in between. A chapter or a try
//! loads its scenario the page's usual way; the two never run at once (opening one stops
//! following the other).

use super::loading::{load, Source, Start};
use super::shared::Shared;
use super::tour::Tour;
use crate::course::link::Link;
use crate::teach::challenges::Challenge;
use crate::teach::tour::Chapter;

/// Says "Loaded …" in the run panel once a scenario has loaded.
fn loaded(shared: &Shared) -> impl FnOnce(Result<String, String>) + 'static {
    let run_note = shared.run_note.clone();
    move |result| {
        if let Ok(title) = result {
            run_note.set(Some(format!("Loaded {title}.")));
        }
    }
}

/// Opens `chapter` of the tour and loads its scenario (the summary keeps the world).
pub fn open_chapter(shared: &Shared, chapter: Chapter) {
    let learning = &shared.learning;
    learning.challenges.borrow_mut().stop();
    learning.tour.borrow_mut().open(chapter, &mut shared.world.borrow_mut());
    match chapter.scenario() {
        Some(name) => {
            let (tour, note) = (learning.tour.clone(), loaded(shared));
            load(shared, Source::Named(name.to_string()), Start::default(), move |result| {
                if result.is_err() {
                    tour.borrow_mut().not_loaded();
                }
                note(result);
            })
        }
        None => shared.publish(),
    }
}

/// Opens the chapter the learner is in again, from its scenario.
pub fn restart_chapter(shared: &Shared) {
    let chapter = shared.learning.tour.borrow().last_chapter();
    if let Some(chapter) = chapter {
        open_chapter(shared, chapter);
    }
}

/// Changes the tour (a prediction, folding its panel, forgetting progress) and shows it.
pub fn change_tour(shared: &Shared, change: impl FnOnce(&mut Tour)) {
    change(&mut shared.learning.tour.borrow_mut());
    shared.publish();
}

/// Picks `challenge` in the challenges' panel.
pub fn pick_challenge(shared: &Shared, challenge: Challenge) {
    shared.learning.challenges.borrow_mut().pick(challenge);
    shared.publish();
}

/// Starts a try at the picked challenge: its scenario loads, and the try starts on it.
pub fn start_challenge(shared: &Shared) {
    shared.learning.tour.borrow_mut().close();
    let challenge = {
        let mut challenges = shared.learning.challenges.borrow_mut();
        challenges.start(&mut shared.world.borrow_mut());
        challenges.picked()
    };
    load(shared, Source::Named(challenge.scenario().to_string()), Start::default(), loaded(shared));
}

/// Opens the chapter `link` names, or picks the challenge it names and starts a try on its
/// scenario.
pub fn open_from_link(shared: &Shared, link: &Link) {
    if let Some(chapter) = link.chapter {
        open_chapter(shared, chapter);
    } else if let Some(challenge) = link.challenge {
        shared.learning.challenges.borrow_mut().pick(challenge);
        start_challenge(shared);
    }
}
