//! Replays under attack: the same seed and the same timeline give the same run however time is
//! sliced, through the runner or by hand; another seed gives another run; and defences with
//! nothing to stop leave a run as it was.

use ds_playground::sim::report::run;
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{EventKind, World};

use super::common::{scenario, Run};

/// Every attack in turn, defences switched on and off between them, and a stop.
const TIMELINE: &str = r#""attack": {"type": "http-flood", "bots": 20, "rate_per_bot": 25, "start_s": 2},
  "timeline": [
    {"at_s": 5, "type": "set-defence", "ids": {"threshold": 20, "auto_block_s": 10}, "fair_queue": true},
    {"at_s": 9, "type": "set-defence", "ids": false, "rate_limit": {"rate": 5, "burst": 10}},
    {"at_s": 12, "type": "start-attack", "attack": {"type": "slowloris", "bots": 20, "rate_per_bot": 5}},
    {"at_s": 14, "type": "set-defence", "connection_limit": 10, "header_timeout_s": 2},
    {"at_s": 17, "type": "start-attack", "attack": {"type": "syn-flood", "bots": 50, "rate_per_bot": 20}},
    {"at_s": 19, "type": "set-defence", "syn_cookies": true, "fair_queue": false},
    {"at_s": 22, "type": "start-attack", "attack": {"type": "volumetric", "bots": 50, "rate_per_bot": 100}},
    {"at_s": 24, "type": "set-defence", "firewall": "deny proto udp\ndefault allow"},
    {"at_s": 26, "type": "set-defence", "scrubbing": true},
    {"at_s": 29, "type": "stop-attack"},
    {"at_s": 30, "type": "set-defence", "scrubbing": false, "idle_timeout_s": 5, "rate_limit": false}
  ]"#;

/// How long the scripted run lasts.
const END: Micros = 35 * SECOND;

/// The scripted run with `seed`, advanced `slice` at a time, with every event it logged.
fn sliced(seed: u64, slice: Micros) -> (World, Vec<EventKind>) {
    let mut run = Run::new(&scenario(seed, TIMELINE));
    let mut events = Vec::new();
    let mut t = 0;
    while t < END {
        t = (t + slice).min(END);
        run.to(t);
        let seen = events.len() as u64;
        events.extend(run.world.events().since(seen).map(|e| e.kind.clone()));
        assert_eq!(events.len() as u64, run.world.events().total(), "events fell off the log");
    }
    (run.world, events)
}

/// What tells two runs apart: the digest and the counts.
fn outcome(world: &World) -> (u64, u64, u64, u64, u64, u64) {
    let m = world.metrics();
    let tally = world.edge().tally();
    (world.digest(), m.arrived, m.served, m.blocked_total(), m.traffic.attack_sent, tally.total())
}

#[test]
fn an_attack_with_defences_replays_the_same() {
    let scenario = scenario(11, TIMELINE);
    let (a, b) = (run(&scenario, END), run(&scenario, END));
    assert!(a.refused.is_empty(), "{:?}", a.refused);
    assert_eq!(a, b, "the same run twice");
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    // The timeline did what it says: each defence stopped something.
    for defence in ["ids", "rate_limit", "connection_limit", "header_timeout", "firewall", "scrubbing"] {
        assert!(a.blocked[defence] > 0, "{defence}: {:?}", a.blocked);
    }
    assert!(a.dropped["no-handshake"] > 0 && a.dropped["uplink-full"] > 0, "{:?}", a.dropped);

    // By hand, however time is sliced: the same steps, the same events.
    let (whole, events) = sliced(11, END);
    for slice in [SECOND, 100 * MILLISECOND, MILLISECOND] {
        let (world, again) = sliced(11, slice);
        assert_eq!(outcome(&world), outcome(&whole), "sliced {slice} µs at a time");
        assert_eq!(again, events, "sliced {slice} µs at a time");
    }
    assert_eq!(a.digest, format!("{:016x}", whole.digest()), "the runner's run is the world's");
    let count = |f: fn(&EventKind) -> bool| events.iter().filter(|e| f(e)).count();
    assert_eq!(count(|e| matches!(e, EventKind::AttackStarted { .. })), 4);
    assert_eq!(count(|e| matches!(e, EventKind::AttackStopped)), 1);
    assert_eq!(count(|e| matches!(e, EventKind::DefenceChanged { .. })), 13, "one per setting");

    let other = run(&super::common::scenario(12, TIMELINE), END);
    assert_ne!(other.digest, a.digest, "another seed, another run");
    assert_ne!((other.arrived, other.served), (a.arrived, a.served));
}

#[test]
fn defences_with_nothing_to_stop_change_nothing() {
    // No attack, and defences that no user's request can trip: SYN cookies (users finish their
    // handshakes), a connection limit and timeouts users never reach (their connections are
    // being answered), a detector with a threshold far above any address's rate, a rate limit
    // as high, and a firewall that allows everything. An attack due after the end changes
    // nothing either.
    let defences = r#""defences": {"syn_cookies": true, "connection_limit": 1000, "header_timeout_s": 1,
        "idle_timeout_s": 1, "ids": {"threshold": 100000}, "rate_limit": {"rate": 100000, "burst": 100000},
        "firewall": "deny from 45.0.0.0/8\ndefault allow"}"#;
    let later = r#""attack": {"type": "syn-flood", "start_s": 100}"#;
    for seed in [1, 2, 3] {
        let plain = run(&scenario(seed, ""), 30 * SECOND);
        for more in [defences, later] {
            let report = run(&scenario(seed, more), 30 * SECOND);
            assert_eq!(report.digest, plain.digest, "seed {seed}: {more}");
            assert_eq!(
                (report.arrived, report.served, report.latency_ms.clone()),
                (plain.arrived, plain.served, plain.latency_ms.clone())
            );
        }
    }
}
