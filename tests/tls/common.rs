//! Worlds the TLS tests share, built from scenario text, and ways to run them.

use ds_playground::sim::report::Report;
use ds_playground::sim::scenario::Scenario;

#[path = "../support/scenario_run.rs"]
mod scenario_run;

use scenario_run::{members, parsed, reported};

/// A quiet world as scenario text: 20 requests a second from 10 users to 4 large servers (16
/// workers) that each serve a request in exactly 10 ms, so nothing ever waits and every
/// request takes 60 + 20 + 10 + 20 + 60 = 170 ms, plus what TLS adds; with `seed` and the
/// members in `more` (such as `"tls": {...}`), if any.
pub fn quiet(seed: u64, more: &str) -> String {
    let more = members(more);
    format!(
        r#"{{
  "seed": {seed},
  "arrival_rate": 20,
  "clients": 10,
  "servers": [{{ "size": "large", "count": 4, "service": "fixed", "mean_service_ms": 10 }}]{more}
}}"#
    )
}

/// `text`, parsed.
pub fn scenario(text: &str) -> Scenario {
    parsed(text)
}

/// Runs `text` through the headless runner for `seconds` simulated seconds; no timeline command
/// may be refused.
pub fn report(text: &str, seconds: u64) -> Report {
    reported(text, seconds)
}
