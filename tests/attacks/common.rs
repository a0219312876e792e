//! The world the example attack scenarios share, built from scenario text, and ways to run it.

use ds_playground::sim::report::Report;
use ds_playground::sim::scenario::Scenario;

#[path = "../support/scenario_run.rs"]
mod scenario_run;

pub use scenario_run::Run;
use scenario_run::{members, parsed, reported};

/// The example attack scenarios' world as scenario text: 4 small servers (8 workers of 100 ms,
/// about 80 requests a second), users sending 40 requests a second, 200 of the 1 000 users
/// behind one NAT address (8 requests a second from it), an edge of 1 024 connection slots
/// behind a 100 Mbit/s uplink; with `seed` and the members in `more` (such as
/// `"attack": {...}`), if any.
pub fn text(seed: u64, more: &str) -> String {
    let more = members(more);
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
    parsed(&text(seed, more))
}

/// Runs [`scenario`] through the headless runner for `seconds` simulated seconds; no timeline
/// command may be refused.
pub fn report(seed: u64, more: &str, seconds: u64) -> Report {
    reported(&text(seed, more), seconds)
}

/// The seeds a comparison is made with: 1 to `n`, or to `$ATTACK_SEEDS` when that is set (for
/// a longer sweep, as `scripts/attack-sweep.sh` runs).
pub fn seeds(n: u64) -> Vec<u64> {
    let n = std::env::var("ATTACK_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(n);
    (1..=n).collect()
}
