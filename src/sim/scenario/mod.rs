//! Scenario files: a JSON description of a starting world and a timeline of commands, read and
//! written by the headless runner and the page alike.
//!
//! Every field is optional; what is left out takes the default from [`WorldConfig`]. Errors name
//! the field (as a path such as `servers[1].workers`) and what is wrong with it. [`write`] gives
//! back a file that reads as the same scenario, with only the fields that differ from the
//! defaults.

mod auth;
mod command;
mod database;
mod edge;
mod fields;
mod fleet;
mod tls;

use std::fmt;

pub use command::{command, command_json};
use fields::{join, Errors, Fields, Out};

use super::balancer::Algorithm;
use super::command::Command;
use super::config::{WorldConfig, MAX_ARRIVAL_RATE};
use super::time::{from_secs, to_secs, Micros};
use crate::json::Json;

/// What is wrong with a scenario, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// Path of the offending field, such as `servers[1].workers` (empty for the whole file).
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A parsed, checked scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// The world to start from.
    pub config: WorldConfig,
    /// Commands to apply at given simulated times (microseconds), in time order.
    pub timeline: Vec<(Micros, Command)>,
    /// A title for the page's list and the loaded line (the optional field `title`).
    pub title: Option<String>,
    /// What the scenario shows, a sentence or two (the optional field `description`).
    pub description: Option<String>,
}

/// The fields of a scenario file, in the order the README lists and [`write`] writes them.
const FIELDS: [&str; 22] = [
    "title",
    "description",
    "seed",
    "arrival_rate",
    "clients",
    "algorithm",
    "links",
    "servers",
    "autoscale",
    "burst",
    "health_check",
    "retries",
    "chaos",
    "database",
    "nat",
    "edge",
    "attack",
    "defences",
    "auth",
    "tls",
    "encryption_at_rest",
    "timeline",
];

/// Parses and checks a scenario from JSON text.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    match Json::parse(text) {
        Ok(value) => read(&value),
        Err(e) => Err(ScenarioError { path: String::new(), message: e.to_string() }),
    }
}

/// Reads and checks a scenario from a JSON value.
pub fn read(value: &Json) -> Result<Scenario, ScenarioError> {
    let errors = Errors::default();
    let f = Fields::new(value, "", &FIELDS, &errors);
    let text = |name: &str| f.str(name).map(str::to_string);
    let (title, description) = (text("title"), text("description"));
    let mut config = WorldConfig::default();
    config.seed = f.int("seed", 0, u64::MAX, config.seed);
    config.arrival_rate = f.f64("arrival_rate", 0.0, MAX_ARRIVAL_RATE, config.arrival_rate);
    config.clients = f.int("clients", 1, 1_000_000, config.clients.into()) as u32;
    config.algorithm = Algorithm::ALL[f.choice("algorithm", &Algorithm::ALL.map(Algorithm::slug), 0)];
    fleet::read(&f, &mut config);
    config.database = f.object("database", &database::FIELDS).map(|d| database::database(&d));
    config.nat = f.object("nat", &edge::NAT).map(|n| edge::nat(&n));
    if let Some(e) = f.object("edge", &edge::EDGE) {
        config.edge = edge::edge(&e);
    }
    config.attack = f.object("attack", &edge::ATTACK).map(|a| edge::attack(&a, true));
    if let Some(d) = f.get("defences") {
        for setting in edge::defences(d, "defences", &[], &errors) {
            config.defences.set(setting);
        }
    }
    config.auth = f.object("auth", &auth::FIELDS).map(|a| auth::auth(&a));
    if let Some(t) = f.object("tls", &tls::FIELDS) {
        config.tls = tls::tls(&t);
    }
    config.encryption_at_rest = f.bool("encryption_at_rest", config.encryption_at_rest);
    // What is left to check spans fields: how many servers, how much they queue together.
    if let Err((path, why)) = config.check() {
        errors.fail(path, why);
    }
    let timeline = f.get("timeline").map(|t| read_timeline(t, "timeline", &errors)).unwrap_or_default();
    errors.result(Scenario { config, timeline, title, description })
}

/// A file that [`read`]s as `scenario`: its title and description, the seed, and the fields
/// that differ from [`WorldConfig::default`], in the README's order.
pub fn write(scenario: &Scenario) -> Json {
    let (c, d) = (&scenario.config, WorldConfig::default());
    let mut out = Out::default();
    for (name, text) in [("title", &scenario.title), ("description", &scenario.description)] {
        if let Some(text) = text {
            out.put(name, Json::str(text));
        }
    }
    out.put("seed", Json::int(c.seed));
    out.num("arrival_rate", c.arrival_rate, d.arrival_rate);
    out.int("clients", c.clients.into(), d.clients.into());
    out.str("algorithm", c.algorithm.slug(), d.algorithm.slug());
    fleet::write(c, &d, &mut out);
    if let Some(db) = &c.database {
        out.put("database", database::database_json(db).done());
    }
    if let Some(nat) = &c.nat {
        out.put("nat", edge::nat_json(nat).done());
    }
    out.nested("edge", edge::edge_json(&c.edge));
    if let Some(attack) = &c.attack {
        out.put("attack", edge::attack_json(attack, true).done());
    }
    out.nested("defences", edge::defences_json(&c.defences));
    if let Some(a) = &c.auth {
        out.put("auth", auth::auth_json(a).done());
    }
    out.nested("tls", tls::tls_json(&c.tls));
    out.bool("encryption_at_rest", c.encryption_at_rest, d.encryption_at_rest);
    if !scenario.timeline.is_empty() {
        out.put("timeline", timeline_json(&scenario.timeline));
    }
    out.done()
}

/// A timeline: an array of commands as [`command`] reads them, each with its time `at_s` in
/// seconds from the start, under `path` (such as `timeline`). Entries at the same time keep
/// their order.
pub fn timeline(value: &Json, path: &str) -> Result<Vec<(Micros, Command)>, ScenarioError> {
    let errors = Errors::default();
    let timeline = read_timeline(value, path, &errors);
    errors.result(timeline)
}

fn read_timeline(value: &Json, path: &str, errors: &Errors) -> Vec<(Micros, Command)> {
    let mut timeline = Vec::new();
    let Some(entries) = value.as_array() else {
        errors.invalid_type(path, value, "an array");
        return timeline;
    };
    for (i, entry) in entries.iter().enumerate() {
        let path = format!("{path}[{i}]");
        if entry.as_object().is_none() {
            errors.fail(&path, "must be an object like {\"at_s\": 5, \"type\": \"burst\"}".to_string());
            continue;
        }
        let at = match entry.get("at_s") {
            None => Err("is missing (seconds from the start)"),
            Some(at) => at
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or("must be a number of seconds, 0 or more"),
        };
        let at = at.unwrap_or_else(|why| {
            errors.fail(&join(&path, "at_s"), why.to_string());
            0.0
        });
        let at = from_secs(at);
        for c in command::read(entry, &path, &["at_s", "type"], errors) {
            // In time order; entries at the same time keep their order.
            timeline.insert(timeline.partition_point(|(t, _)| *t <= at), (at, c));
        }
    }
    timeline
}

/// `timeline` as [`timeline`] reads it: each command with `at_s` first.
pub fn timeline_json(timeline: &[(Micros, Command)]) -> Json {
    let entry = |(at, c): &(Micros, Command)| {
        let mut out = Out::default();
        out.put("at_s", Json::number(to_secs(*at)));
        if let Json::Object(members) = command_json(c) {
            for (name, value) in members {
                out.put(&name, value);
            }
        }
        out.done()
    };
    Json::Array(timeline.iter().map(entry).collect())
}
