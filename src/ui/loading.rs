//! Starting a run from somewhere else: a link, one of the host's scenarios by name, the
//! learner's own file, or a course page's message. Whatever is wrong is said with the field it is
//! in, and the run that was going on stays as it was.

use crate::course::link::{is_name, Link, Setup as LinkSetup};
use crate::json::Json;
use crate::sim::scenario::{self, ScenarioError};

use super::fetch::fetch_text;
use super::setup::{url_of, Setup, PLAYGROUND};
use super::shared::Shared;

/// Where a scenario comes from.
pub enum Source {
    /// The page's own world.
    Playground,
    /// One of the host's files, `scenarios/NAME.json`.
    Named(String),
    /// Text of the learner's or a course page's own, and what to call it in messages (a file name).
    Text(String, String),
    /// A scenario already read as JSON (from a course page's message).
    Json(Json),
}

/// What to start once the scenario is read.
#[derive(Default)]
pub struct Start {
    /// The seed; by default the scenario's own, or a fresh one for the page's own world.
    pub seed: Option<u64>,
    /// The learner's earlier changes, as a JSON timeline (a link's `run`).
    pub run: Option<String>,
    /// A moment to replay to and pause at, in simulated microseconds.
    pub replay_to: Option<crate::sim::time::Micros>,
}

/// A fresh seed from the browser's random source (1 if there is none).
pub fn fresh_seed() -> u64 {
    getrandom::u32().map_or(1, u64::from)
}

/// A scenario error as one line that names where it is.
fn located(label: &str, e: ScenarioError) -> String {
    format!("{label}: {e}")
}

/// Reads `source` (fetching a named one), then starts it with `start`, and calls `done` with what
/// happened: the setup's title, or what is wrong. When something is wrong the run that was going
/// on is left as it was, and the problem line says so.
pub fn load(
    shared: &Shared,
    source: Source,
    start: Start,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let finish = {
        let shared = shared.clone();
        move |setup: Result<Setup, String>| {
            let started = setup.and_then(|setup| begin(&shared, setup, start));
            if let Err(why) = &started {
                shared.problem.set(Some(format!("{why} The playground was left as it was.")));
            }
            done(started);
        }
    };
    match source {
        Source::Playground => finish(Ok(Setup::playground())),
        Source::Named(name) if name == PLAYGROUND => finish(Ok(Setup::playground())),
        Source::Named(name) if !is_name(&name) => {
            finish(Err(format!("{name:?} is not a scenario's name (lowercase letters, digits and dashes).")))
        }
        Source::Named(name) => {
            let url = url_of(&name);
            fetch_text(&url.clone(), move |text| {
                let setup = text
                    .and_then(|text| scenario::parse(&text).map_err(|e| located(&url, e)))
                    .map(|scenario| Setup { name: Some(name), scenario });
                finish(setup);
            });
        }
        Source::Text(text, label) => finish(
            scenario::parse(&text)
                .map(|scenario| Setup { name: None, scenario })
                .map_err(|e| located(&label, e)),
        ),
        Source::Json(json) => finish(
            scenario::read(&json)
                .map(|scenario| Setup { name: None, scenario })
                .map_err(|e| located("scenario", e)),
        ),
    }
}

/// Starts `setup` with `start`'s seed, changes and moment; returns the setup's title.
fn begin(shared: &Shared, setup: Setup, start: Start) -> Result<String, String> {
    let changes = match start.run {
        None => Vec::new(),
        Some(run) => {
            let json = Json::parse(&run).map_err(|e| format!("the link's run: {e}"))?;
            scenario::timeline(&json, "run").map_err(|e| format!("the link's {e}"))?
        }
    };
    let seed =
        start.seed.unwrap_or(if setup.is_playground() { fresh_seed() } else { setup.scenario.config.seed });
    let title = setup.title();
    shared.start(setup, seed, changes, start.replay_to);
    Ok(title)
}

/// What a link asks to load and start.
pub fn from_link(link: &Link) -> (Source, Start) {
    let source = match &link.setup {
        LinkSetup::Default => Source::Playground,
        LinkSetup::Named(name) => Source::Named(name.clone()),
        LinkSetup::Inline(text) => Source::Text(text.clone(), "the link's setup".to_string()),
    };
    (source, Start { seed: link.seed, run: link.run.clone(), replay_to: link.at })
}
