//! The embedding API: what a host page may ask of an embedded playground with `postMessage`, and
//! what the playground tells it. Requests are read from JSON (the page turns `event.data` into
//! JSON text) and refused, with the field named, when they are not exactly as described here;
//! every message the playground sends is an object with `"source": "ds-playground"` and a
//! `type`. Messages are taken from, and sent to, only the origins the link lists.

use super::link::{is_name, VERSION};
use crate::json::Json;

/// What every message the playground sends holds in `source`, so a host can tell them from
/// other frames' messages.
pub const SOURCE: &str = "ds-playground";

/// The `type` of each request a host can send.
pub const REQUESTS: [&str; 4] = ["load-scenario", "command", "play", "pause"];

/// What a host asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Start a world again from a scenario:
    /// `{"type": "load-scenario", "name": "retry-storm", "seed": 7}` or
    /// `{"type": "load-scenario", "scenario": {…}}` (`seed` optional in both).
    LoadScenario {
        /// The scenario to load.
        source: ScenarioSource,
        /// The seed to run it with, or `None` for the scenario's own.
        seed: Option<u64>,
    },
    /// Do one thing now: `{"type": "command", "command": {"type": "add-server", "size": "small"}}`,
    /// the command written as a scenario's timeline entry without `at_s`.
    Command(Json),
    /// Let simulated time run: `{"type": "play"}`.
    Play,
    /// Stop simulated time: `{"type": "pause"}`.
    Pause,
}

/// Where a scenario to load comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioSource {
    /// A bundled scenario, by the name of its file (`name`).
    Named(String),
    /// A scenario given whole (`scenario`): an object as a scenario file holds.
    Inline(Json),
}

impl Request {
    /// Reads a host's message, or says in a sentence which field is wrong and why.
    pub fn read(data: &Json) -> Result<Request, String> {
        let Some(members) = data.as_object() else {
            return Err(format!("expected an object with a \"type\", not {}", data.describe()));
        };
        let kind = match data.get("type") {
            Some(Json::String(kind)) => kind.as_str(),
            Some(other) => return Err(format!("type: expected a string, not {}", other.describe())),
            None => return Err(format!("type: missing; one of {}", REQUESTS.join(", "))),
        };
        let fields: &[&str] = match kind {
            "load-scenario" => &["type", "name", "scenario", "seed"],
            "command" => &["type", "command"],
            "play" | "pause" => &["type"],
            _ => {
                return Err(format!(
                    "type: unknown request {}; one of {}",
                    Json::str(kind),
                    REQUESTS.join(", ")
                ))
            }
        };
        if let Some((key, _)) = members.iter().find(|(key, _)| !fields.contains(&key.as_str())) {
            return Err(format!("{key}: unknown field; a {kind} request has only {}", fields.join(", ")));
        }
        match kind {
            "load-scenario" => load(data),
            "command" => command(data),
            "play" => Ok(Request::Play),
            _ => Ok(Request::Pause),
        }
    }
}

fn load(data: &Json) -> Result<Request, String> {
    let source = match (data.get("name"), data.get("scenario")) {
        (Some(_), Some(_)) => return Err("scenario: given with name; give one or the other".to_string()),
        (None, None) => {
            return Err(
                "name: missing; give a bundled scenario's name, or a scenario itself in scenario".to_string()
            )
        }
        (Some(Json::String(name)), None) if is_name(name) => ScenarioSource::Named(name.clone()),
        (Some(name), None) => {
            return Err(format!(
                "name: expected a scenario's name (1 to 64 of a-z, 0-9 and -), not {}",
                name.describe()
            ))
        }
        (None, Some(scenario)) if scenario.as_object().is_some() => ScenarioSource::Inline(scenario.clone()),
        (None, Some(scenario)) => {
            return Err(format!("scenario: expected an object, not {}", scenario.describe()))
        }
    };
    let seed = match data.get("seed") {
        None => None,
        Some(seed) => Some(seed.as_u64().ok_or_else(|| {
            format!("seed: expected a whole number from 0 to {}, not {}", u64::MAX, seed.describe())
        })?),
    };
    Ok(Request::LoadScenario { source, seed })
}

fn command(data: &Json) -> Result<Request, String> {
    let Some(entry) = data.get("command") else {
        return Err("command: missing; give one such as {\"type\": \"add-server\"}".to_string());
    };
    if entry.as_object().is_none() {
        return Err(format!(
            "command: expected an object such as {{\"type\": \"add-server\"}}, not {}",
            entry.describe()
        ));
    }
    match entry.get("type") {
        Some(Json::String(_)) => {}
        Some(other) => return Err(format!("command.type: expected a string, not {}", other.describe())),
        None => return Err("command.type: missing; the command's name, such as \"add-server\"".to_string()),
    }
    if entry.get("at_s").is_some() {
        return Err("command.at_s: a command runs at once; leave at_s out".to_string());
    }
    Ok(Request::Command(entry.clone()))
}

/// The origins a page exchanges messages with: those its link lists, and no others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins(Vec<String>);

impl Origins {
    /// The origins in `list` (as [`super::link::Link::origins`] holds them: checked, as a browser
    /// writes an origin).
    pub fn new(list: Vec<String>) -> Origins {
        Origins(list)
    }

    /// Whether a message from `origin` (a `MessageEvent`'s `origin`) is taken: the very same
    /// text is listed. A sandboxed frame's `"null"` never is.
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|o| o == origin)
    }

    /// The origins, in the link's order.
    pub fn list(&self) -> &[String] {
        &self.0
    }
}

/// A message to the host: `source`, `type`, then `fields`.
fn outgoing(kind: &str, fields: Vec<(&str, Json)>) -> Json {
    let head = [("source", Json::str(SOURCE)), ("type", Json::str(kind))];
    Json::Object(head.into_iter().chain(fields).map(|(k, v)| (k.to_string(), v)).collect())
}

/// A bundled scenario's name, or `null` for none.
fn scenario_name(scenario: Option<&str>) -> Json {
    scenario.map_or(Json::Null, Json::str)
}

/// `{"type": "ready", "version", "seed", "scenario", "time_s"}`: the page is listening, with this
/// world at simulated time `time_s` (seconds); `scenario` is the bundled one's name, or `null`.
pub fn ready(seed: u64, scenario: Option<&str>, time_s: f64) -> Json {
    outgoing(
        "ready",
        vec![
            ("version", Json::int(u64::from(VERSION))),
            ("seed", Json::int(seed)),
            ("scenario", scenario_name(scenario)),
            ("time_s", Json::number(time_s)),
        ],
    )
}

/// `{"type": "height", "height"}`: the page's content is `px` CSS pixels tall, for the host to
/// size its frame.
pub fn height(px: u32) -> Json {
    outgoing("height", vec![("height", Json::int(u64::from(px)))])
}

/// `{"type": "caption", "text", "detail"}`: the caption shown now, and its longer explanation.
pub fn caption(text: &str, detail: &str) -> Json {
    outgoing("caption", vec![("text", Json::str(text)), ("detail", Json::str(detail))])
}

/// `{"type": "event", "name", "time_s", "text"}`: a world event with a course name (see
/// [`super::events`]) at simulated time `time_s` (seconds), and the event log's line for it.
pub fn event(name: &str, time_s: f64, text: &str) -> Json {
    outgoing(
        "event",
        vec![("name", Json::str(name)), ("time_s", Json::number(time_s)), ("text", Json::str(text))],
    )
}

/// `{"type": "loaded", "seed", "scenario"}`: a `load-scenario` request was carried out.
pub fn loaded(seed: u64, scenario: Option<&str>) -> Json {
    outgoing("loaded", vec![("seed", Json::int(seed)), ("scenario", scenario_name(scenario))])
}

/// `{"type": "state", "paused", "time_s"}`: time was paused or let run, at simulated time
/// `time_s` (seconds).
pub fn state(paused: bool, time_s: f64) -> Json {
    outgoing("state", vec![("paused", Json::Bool(paused)), ("time_s", Json::number(time_s))])
}

/// `{"type": "error", "request", "message"}`: a request (by its `type`, or `""` when it had none
/// to read) was refused, and why.
pub fn error(request: &str, message: &str) -> Json {
    outgoing("error", vec![("request", Json::str(request)), ("message", Json::str(message))])
}

#[cfg(test)]
mod tests;
