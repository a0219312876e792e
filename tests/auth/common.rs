//! The world the authentication tests share, built from scenario text, and ways to run it.

use ds_playground::sim::report::Report;
use ds_playground::sim::scenario::Scenario;

#[path = "../support/scenario_run.rs"]
mod scenario_run;

pub use scenario_run::Run;
use scenario_run::{members, parsed, reported};

/// A site of 200 users (one account each) sending 40 requests a second, 4 small servers made
/// quick (20 ms per request: 400 requests a second in all, room for a botnet's logins), with
/// `seed` and the members in `more` (such as `"auth": {...}`).
pub fn text(seed: u64, more: &str) -> String {
    let more = members(more);
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
    parsed(&text(seed, more))
}

/// Runs [`scenario`] for `seconds` simulated seconds; no timeline command may be refused.
pub fn report(seed: u64, more: &str, seconds: u64) -> Report {
    reported(&text(seed, more), seconds)
}
