//! The world the example attack scenarios share, built from scenario text, and ways to run it.

use ds_playground::sim::report::{run, Report};
use ds_playground::sim::scenario::{parse, Scenario};
use ds_playground::sim::script::Script;
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::World;

/// The example attack scenarios' world as scenario text: 4 small servers (8 workers of 100 ms,
/// about 80 requests a second), users sending 40 requests a second, 200 of the 1 000 users
/// behind one NAT address (8 requests a second from it), an edge of 1 024 connection slots
/// behind a 100 Mbit/s uplink; with `seed` and the members in `more` (such as
/// `"attack": {...}`), if any.
pub fn text(seed: u64, more: &str) -> String {
    let more = if more.is_empty() { String::new() } else { format!(",\n  {more}") };
    format!(
        r#"{{
  "seed": {seed},
  "arrival_rate": 40,
  "servers": [{{ "size": "small", "count": 4 }}],
  "nat": {{ "users": 200, "addresses": 1 }},
  "edge": {{ "connection_slots": 1024, "uplink_mbps": 100 }}{more}
}}"#
    )
}

/// [`text`], parsed.
pub fn scenario(seed: u64, more: &str) -> Scenario {
    let text = text(seed, more);
    parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Runs [`scenario`] through the headless runner for `seconds` simulated seconds; no timeline
/// command may be refused.
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

/// The seeds a comparison is made with: 1 to `n`, or to `$ATTACK_SEEDS` when that is set (for
/// a longer sweep, as `scripts/attack-sweep.sh` runs).
pub fn seeds(n: u64) -> Vec<u64> {
    let n = std::env::var("ATTACK_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(n);
    (1..=n).collect()
}
