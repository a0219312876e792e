//! The intrusion detector in the world: a threshold below the NAT's rate blocks its users, one
//! above it none; and its tallies add up to the requests it inspected, each counted by the
//! verdict in its trace.

use std::collections::BTreeMap;

use ds_playground::sim::edge::Defence;
use ds_playground::sim::request::Loss;
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::trace::{Check, Detection, Ending, TraceView};
use ds_playground::sim::DropReason;

use super::common::{report, scenario, seeds, Run};

/// An HTTP flood from 5 s (20 bots at 50 requests a second) with intrusion detection at
/// `threshold`, blocking for 60 s.
fn flood_with_ids(threshold: u32) -> String {
    format!(
        r#""attack": {{"type": "http-flood", "bots": 20, "rate_per_bot": 50, "start_s": 5}},
           "defences": {{"ids": {{"threshold": {threshold}, "auto_block_s": 60}}}}"#
    )
}

#[test]
fn a_threshold_below_the_nats_rate_blocks_its_users() {
    // The NAT's 200 users send 8 requests a second from one address. Measured (seeds 1–40,
    // 40 s): at a threshold of 5 the NAT is flagged in its first second and blocked for a
    // minute at a time, so nearly every request from it is a false positive (279–341 of
    // them), blocked: the users' success rate falls to 0.78–0.82 (a fifth of them are behind
    // the NAT). At 25, no false positive, and 0.983–0.993.
    for seed in seeds(3) {
        let (low, high) = (report(seed, &flood_with_ids(5), 40), report(seed, &flood_with_ids(25), 40));
        println!(
            "seed {seed}: threshold 5: {:?}, users blocked {}, success {:.4}; threshold 25: {:?}, users blocked {}, success {:.4}",
            low.ids,
            low.legitimate.blocked["ids"],
            low.legitimate.success_rate,
            high.ids,
            high.legitimate.blocked["ids"],
            high.legitimate.success_rate
        );
        assert!(low.ids.false_positives > 0, "seed {seed}: {:?}", low.ids);
        // With blocking on, every request flagged is blocked.
        assert_eq!(
            low.legitimate.blocked["ids"], low.ids.false_positives,
            "seed {seed}: {:?}",
            low.legitimate
        );
        // The NAT's users are a fifth of all; blocked for good, they are a fifth of the losses.
        assert!(low.legitimate.success_rate < 0.9, "seed {seed}: {:?}", low.legitimate);
        assert_eq!(high.ids.false_positives, 0, "seed {seed}: {:?}", high.ids);
        assert_eq!(high.legitimate.blocked["ids"], 0, "seed {seed}: {:?}", high.legitimate);
        assert!(high.ids.true_positives > 0 && low.ids.true_positives > 0, "seed {seed}");
    }
}

/// How the detector judged the request a trace belongs to, if it inspected it: (flagged,
/// attack).
fn verdict(trace: &TraceView) -> Option<(bool, bool)> {
    trace.trace.checks().find_map(|check| match check {
        Check::Ids(detection) => Some((detection != Detection::Clean, trace.origin.is_attack())),
        _ => None,
    })
}

#[test]
fn the_detectors_tallies_add_up_to_the_requests_it_inspected() {
    // An HTTP flood against a detector at 10 a second whose blocks last 5 s (so bots are
    // flagged again and again), behind a firewall that denies four bots before the detector
    // sees them. From 30 s the flood stops and so do the users, so that every request ends.
    let more = r#""attack": {"type": "http-flood", "bots": 20, "rate_per_bot": 25, "start_s": 2},
        "defences": {"ids": {"threshold": 10, "auto_block_s": 5},
                     "firewall": "deny from 45.0.0.0/30\ndefault allow"},
        "timeline": [{"at_s": 30, "type": "stop-attack"}, {"at_s": 30, "type": "set-arrival-rate", "rate": 0}]"#;
    for seed in [1, 2] {
        let mut run = Run::new(&scenario(seed, more));
        let mut traces: BTreeMap<u64, TraceView> = BTreeMap::new();
        for step in 1..=2_500 {
            let world = run.to(step * 20 * MILLISECOND);
            traces.extend(world.recent_traces().map(|t| (t.id, *t)));
        }
        let world = &run.world;
        let metrics = world.metrics();
        assert_eq!(world.in_flight(), 0, "seed {seed}: every request has ended");
        assert_eq!(traces.len() as u64, metrics.arrived, "seed {seed}: a trace for every request");
        for reason in [DropReason::UplinkFull, DropReason::ConnectionRefused] {
            assert_eq!(metrics.dropped(reason), 0, "seed {seed}: nothing lost before the detector");
        }

        let tally = world.edge().tally();
        let count = |flagged: bool, attack: bool| {
            traces.values().filter(|t| verdict(t) == Some((flagged, attack))).count() as u64
        };
        let inspected = traces.values().filter(|t| verdict(t).is_some()).count() as u64;
        println!("seed {seed}: {tally:?}, {inspected} inspected of {} sent", metrics.arrived);
        assert_eq!(tally.total(), inspected, "seed {seed}: {tally:?}");
        assert_eq!(inspected, metrics.arrived - metrics.blocked(Defence::Firewall), "seed {seed}");
        assert_eq!(
            (tally.true_positives, tally.false_positives, tally.false_negatives, tally.true_negatives),
            (count(true, true), count(true, false), count(false, true), count(false, false)),
            "seed {seed}: each request counted by the verdict in its trace"
        );
        assert!(tally.true_positives > 0 && tally.false_negatives > 0 && tally.true_negatives > 0);
        // A request the detector blocked ended there, blocked by it, and every request the
        // report counts as blocked by it has such a verdict.
        let blocked_by_ids = traces
            .values()
            .filter(|t| t.trace.checks().any(|c| matches!(c, Check::Ids(Detection::Blocked(_)))));
        for t in blocked_by_ids.clone() {
            assert_eq!(t.ending, Some(Ending::Lost(Loss::Blocked(Defence::Ids))), "{t:?}");
            assert!(matches!(t.trace.checks().last(), Some(Check::Ids(_))), "nothing after the block: {t:?}");
        }
        assert_eq!(blocked_by_ids.count() as u64, metrics.blocked(Defence::Ids), "seed {seed}");

        // The runner reports the same verdicts.
        let report = ds_playground::sim::report::run(&scenario(seed, more), 50 * SECOND);
        let ids = (report.ids.true_positives, report.ids.false_positives, report.ids.false_negatives);
        assert_eq!(ids, (tally.true_positives, tally.false_positives, tally.false_negatives), "seed {seed}");
    }
}
