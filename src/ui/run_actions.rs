//! What the run panel's ways out do (Export, Share, Embed), and what a course page's requests do.

use super::address;
use super::controls::Topic;
use super::download::download;
use super::loading::{load, Source, Start};
use super::shared::Shared;
use crate::course::link::Link;
use crate::course::messages::{self, Request, ScenarioSource};
use crate::sim::scenario;

/// Saves the setup, its timeline and the learner's changes as a scenario file that the headless
/// runner plays to the same run.
pub fn export(shared: &Shared) {
    let setup = shared.setup.borrow().clone();
    let seed = shared.seed.get();
    let mut scenario = setup.scenario.clone();
    scenario.config.seed = seed;
    scenario.timeline = shared.script.borrow().commands();
    let name = format!("{}-seed-{seed}.json", setup.name.as_deref().unwrap_or("scenario"));
    download(&name, &scenario::write(&scenario).pretty());
    shared.run_note.set(Some(format!(
        "Saved {name}: this setup with its timeline and your changes. The headless runner plays the same run: \
         cargo run --release --bin simulate -- {name}"
    )));
}

/// Puts a link that replays this run to this moment in the address bar and the run panel.
pub fn share(shared: &Shared) {
    let link = shared.link();
    address::show(&link);
    shared.link.set(Some(address::url(&link)));
    // The run panel shows the moment and digest the link replays to.
    shared.publish();
    shared.run_note.set(Some(
        "The link is in the address bar and below: it opens this run replayed to this moment.".to_string(),
    ));
}

/// Writes an iframe that embeds this run (from 0 s) with the control groups shown now.
pub fn embed(shared: &Shared, groups: &[Topic]) {
    let shown = groups.iter().map(|t| t.slug().to_string()).collect();
    let link =
        Link { at: None, controls: (groups.len() < Topic::ALL.len()).then_some(shown), ..shared.link() };
    shared.snippet.set(Some(address::iframe(&link)));
    shared.run_note.set(Some(
        "Paste this into a course page. Add controls=failures to show one group of controls, captions=0 to hide \
         captions, origins= with the course page's origin to talk to it (see the README)."
            .to_string(),
    ));
}

/// Does what a course page asked, and answers it when there is something to say.
pub fn answer(shared: &Shared, request: Request) {
    let bridge = shared.bridge.clone();
    match request {
        Request::Play => shared.set_paused(false),
        Request::Pause => shared.set_paused(true),
        Request::Command(entry) => match scenario::command(&entry, "command") {
            Ok(commands) => {
                for command in commands {
                    if let Err(why) = shared.command(command) {
                        return bridge.post(&messages::error("command", &why));
                    }
                }
            }
            Err(e) => bridge.post(&messages::error("command", &e.to_string())),
        },
        Request::LoadScenario { source, seed } => {
            let source = match source {
                ScenarioSource::Named(name) => Source::Named(name),
                ScenarioSource::Inline(json) => Source::Json(json),
            };
            let after = shared.clone();
            load(shared, source, Start { seed, ..Start::default() }, move |result| match result {
                Ok(_) => {
                    let setup = after.setup.borrow().clone();
                    bridge.post(&messages::loaded(after.seed.get(), setup.name.as_deref()));
                }
                Err(why) => bridge.post(&messages::error("load-scenario", &why)),
            });
        }
    }
}
