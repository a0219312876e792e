//! The world the authentication tests share, built from scenario text, and ways to run it.

use ds_playground::sim::report::{run, Report};
use ds_playground::sim::scenario::{parse, Scenario};
use ds_playground::sim::script::Script;
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::World;

/// A site of 200 users (one account each) sending 40 requests a second, 4 small servers made
/// quick (20 ms per request: 400 requests a second in all, room for a botnet's logins), with
/// `seed` and the members in `more` (such as `"auth": {...}`).
pub fn text(seed: u64, more: &str) -> String {
    let more = if more.is_empty() { String::new() } else { format!(",\n  {more}") };
    format!(
        r#"{{
  "seed": {seed},
  "clients": 200,
  "arrival_rate": 40,
  "servers": [{{ "size": "small", "count": 4, "mean_service_ms": 20 }}]{more}
}}"#
    )
}

/// [`text`], parsed.
pub fn scenario(seed: u64, more: &str) -> Scenario {
    let text = text(seed, more);
    parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Runs [`scenario`] for `seconds` simulated seconds; no timeline command may be refused.
pub fn report(seed: u64, more: &str, seconds: u64) -> Report {
    let report = run(&scenario(seed, more), seconds * SECOND);
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
