//! Autoscaling as the costly answer to a flood: it absorbs an HTTP flood by adding servers, and
//! pays for them in server-seconds, where intrusion detection stops the bots for nothing.
#![cfg(not(target_arch = "wasm32"))]

use ds_playground::sim::report::{run, Report};
use ds_playground::sim::scenario::parse;
use ds_playground::sim::time::SECOND;

/// 4 small servers (80 req/s) for 40 req/s of users (200 behind one NAT address), an HTTP flood
/// of 20 bots at 25 req/s each (500 req/s) from 10 s, and `extra` fields.
fn flood(extra: &str) -> Report {
    let text = format!(
        r#"{{
            "seed": 3,
            "arrival_rate": 40,
            "servers": [{{ "size": "small", "count": 4 }}],
            "nat": {{ "users": 200, "addresses": 1 }},
            "attack": {{ "type": "http-flood", "bots": 20, "rate_per_bot": 25, "start_s": 10 }}
            {extra}
        }}"#
    );
    run(&parse(&text).expect("the scenario parses"), 120 * SECOND)
}

#[test]
fn autoscaling_absorbs_a_flood_at_a_cost_that_detection_does_not_pay() {
    let nothing = flood("");
    let autoscaled = flood(r#", "autoscale": { "enabled": true, "max_servers": 32 }"#);
    // A threshold of 20 requests a second is under the bots' 25 and far enough over the NAT
    // address's 8 on average that its busiest second stays under it (at 14, it does not).
    let detected = flood(r#", "defences": { "ids": { "threshold": 20, "auto_block_s": 120 } }"#);
    let (n, a, d) = (&nothing.legitimate, &autoscaled.legitimate, &detected.legitimate);
    // Measured: 0.21 undefended, 0.48 autoscaled (the autoscaler grows the fleet at most by
    // 1 / 0.7 a decision while every worker is busy, so it takes a minute to catch up), 0.99
    // with detection.
    assert!(n.success_rate < 0.4, "undefended, the users lose: {n:?}");
    assert!(a.success_rate > n.success_rate + 0.15, "autoscaling absorbs some of the flood: {a:?}");
    assert!(d.success_rate > 0.97, "detection stops it: {d:?}");
    // The fixed fleet pays 4 servers for 120 s; the autoscaled one pays for its extra servers.
    assert_eq!(nothing.server_seconds, 4 * 120);
    // Measured: 1,440 server-seconds autoscaled against 480.
    assert!(
        autoscaled.server_seconds > 2 * detected.server_seconds,
        "autoscaling pays {} server-seconds, detection {}",
        autoscaled.server_seconds,
        detected.server_seconds
    );
    assert!(autoscaled.attack.reached_servers > 10 * detected.attack.reached_servers.max(1));
    assert_eq!(detected.ids.false_positives, 0, "the NAT's users stay under the threshold");
}
