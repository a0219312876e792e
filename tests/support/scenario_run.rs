//! What the scenario-driven test targets share: scenario text with members added, parsed, run
//! through the headless runner, or advanced step by step with its timeline. Each target uses
//! what it needs of it.

#![allow(dead_code)]

use ds_playground::json::Json;
use ds_playground::sim::report::{run, Report};
use ds_playground::sim::scenario::{parse, timeline, Scenario};
use ds_playground::sim::script::Script;
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::{Command, World};

/// `more` (members such as `"tls": {...}`) as they follow the last member of a scenario's
/// object: after a comma on a line of their own, or nothing.
pub fn members(more: &str) -> String {
    if more.is_empty() {
        String::new()
    } else {
        format!(",\n  {more}")
    }
}

/// The bundled scenario `name` (`static/scenarios/NAME.json`), parsed.
pub fn bundled(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("static/scenarios/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"))
}

/// A command written as a scenario timeline entry without its time, such as
/// `"type":"add-server","size":"small"`.
pub fn command(entry: &str) -> Command {
    let json = Json::parse(&format!("[{{\"at_s\":0,{entry}}}]")).expect("valid JSON");
    timeline(&json, "timeline").expect("a valid command").remove(0).1
}

/// The number after `before` in `text`, such as 3 in "lost 3" or 1.36 in "reached 1.36 s"
/// (commas ignored).
pub fn number_after(text: &str, before: &str) -> f64 {
    let start = text.find(before).unwrap_or_else(|| panic!("{before:?} in {text:?}")) + before.len();
    let digits: String = text[start..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    digits
        .replace(',', "")
        .trim_end_matches('.')
        .parse()
        .unwrap_or_else(|_| panic!("a number after {before:?} in {text:?}"))
}

/// `text`, parsed.
pub fn parsed(text: &str) -> Scenario {
    parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Runs `text` through the headless runner for `seconds` simulated seconds; no timeline command
/// may be refused.
pub fn reported(text: &str, seconds: u64) -> Report {
    let report = run(&parsed(text), seconds * SECOND);
    assert!(report.refused.is_empty(), "refused: {:?}", report.refused);
    report
}

/// A world and its scenario's timeline, advanced together.
pub struct Run {
    /// The world.
    pub world: World,
    script: Script,
}

impl Run {
    /// The world of `scenario` at time 0, its timeline still to come.
    pub fn new(scenario: &Scenario) -> Self {
        Run { world: World::new(scenario.config.clone()), script: Script::new(scenario.timeline.clone()) }
    }

    /// Advances to `time`, applying the timeline on the way; every command must be accepted.
    pub fn to(&mut self, time: Micros) -> &World {
        let (_, refused) = self.script.advance_within(&mut self.world, time, usize::MAX);
        assert!(refused.is_empty(), "refused: {refused:?}");
        &self.world
    }
}
