//! The intrusion detector: a flood is flagged and blocked for exactly the set time, a NAT
//! address full of legitimate users trips a low threshold, and the tallies always add up.

use ds_playground::sim::edge::{Ids, IdsSettings, Ipv4Addr, Reason, Tally};
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use proptest::prelude::*;

const FLOODER: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 66);
const USER: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 3);
const NAT: Ipv4Addr = Ipv4Addr::new(100, 64, 0, 1);

#[test]
fn a_flood_is_flagged_and_blocked_for_exactly_the_set_time() {
    let block = 30 * SECOND;
    let mut ids = Ids::new(IdsSettings { auto_block: Some(block), ..IdsSettings::default() });
    // 200 requests a second: one every 5 ms, from 1 s.
    let at = |i: u64| SECOND + i * 5 * MILLISECOND;
    for i in 0..50 {
        let seen = ids.inspect(at(i), FLOODER, "/", "bot", true);
        assert!(!seen.flagged && !seen.blocked, "request {i}");
    }
    let trip = ids.inspect(at(50), FLOODER, "/", "bot", true);
    assert_eq!(trip.reason, Some(Reason::Rate { count: 51 }));
    assert!(trip.flagged && trip.blocked);
    let until = at(50) + block;
    assert_eq!(ids.blocked_until(FLOODER), Some(until));
    assert_eq!(ids.blocked(at(51)), vec![(FLOODER, until)]);
    for i in 51..200 {
        let seen = ids.inspect(at(i), FLOODER, "/", "bot", true);
        assert_eq!(seen.reason, Some(Reason::Blocked { until }));
        assert!(seen.blocked);
    }
    // Others are untouched.
    assert!(!ids.inspect(at(60), USER, "/", "Mozilla", false).flagged);
    // The flood stops; the block holds to its last microsecond and no further.
    assert!(ids.inspect(until - 1, FLOODER, "/", "bot", false).blocked);
    assert!(ids.is_blocked(until - 1, FLOODER) && !ids.is_blocked(until, FLOODER));
    let after = ids.inspect(until, FLOODER, "/", "bot", false);
    assert!(!after.flagged && !after.blocked && after.reason.is_none());
    let t = ids.tally();
    assert_eq!((t.true_positives, t.false_negatives, t.false_positives, t.true_negatives), (150, 50, 1, 2));
}

#[test]
fn a_signature_blocks_a_scanner_for_the_set_time() {
    let mut ids = Ids::new(IdsSettings { auto_block: Some(10 * SECOND), ..IdsSettings::default() });
    let probe = ids.inspect(SECOND, FLOODER, "/.env", "curl/8", true);
    assert_eq!(probe.reason, Some(Reason::BadPath("/.env".into())));
    assert!(ids.inspect(11 * SECOND - 1, FLOODER, "/", "curl/8", true).blocked);
    assert!(!ids.inspect(11 * SECOND, FLOODER, "/", "curl/8", true).blocked);
}

#[test]
fn a_nat_address_full_of_legitimate_users_trips_a_low_threshold() {
    /// 40 users behind one address, each loading a page of 3 requests once a second, spread
    /// evenly over the second.
    fn run(threshold: u32) -> Tally {
        let mut ids =
            Ids::new(IdsSettings { threshold, auto_block: Some(60 * SECOND), ..IdsSettings::default() });
        for second in 0..10u64 {
            for slot in 0..120u64 {
                let now = second * SECOND + slot * (SECOND / 120);
                ids.inspect(now, NAT, "/shop", "Mozilla/5.0", false);
            }
        }
        ids.tally()
    }
    // 120 requests a second from the address: a threshold of 20 blocks every user behind it.
    let low = run(20);
    assert_eq!(low.total(), 1_200);
    assert_eq!(low.true_negatives, 20);
    assert_eq!(low.false_positives, 1_180);
    assert_eq!((low.true_positives, low.false_negatives), (0, 0));
    assert_eq!(low.precision(), Some(0.0));
    assert_eq!(low.recall(), None);
    // A threshold above the address's rate flags none of them.
    let high = run(150);
    assert_eq!((high.false_positives, high.true_negatives), (0, 1_200));
}

/// One request of a random stream: when (after the previous), from which of a few sources, to
/// which path, with which agent, and whether it is really an attack.
fn request() -> impl Strategy<Value = (Micros, u8, u8, u8, bool)> {
    (
        prop_oneof![Just(0), 0..2_000u64, 0..300 * MILLISECOND, 0..3 * SECOND],
        0..6u8,
        0..4u8,
        0..3u8,
        any::<bool>(),
    )
}

const PATHS: [&str; 4] = ["/", "/shop", "/wp-login.php", "/.env.bak"];
const AGENTS: [&str; 3] = ["Mozilla/5.0", "curl/8.5", "sqlmap/1.8"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn the_tallies_add_up_to_the_requests_inspected(
        threshold in 0..20u32,
        window in 1..3 * SECOND,
        auto_block in prop::option::of(0..5 * SECOND),
        stream in prop::collection::vec(request(), 0..300),
    ) {
        let mut ids = Ids::new(IdsSettings { threshold, window, auto_block, ..IdsSettings::default() });
        let mut now = 0;
        let mut expected = Tally::default();
        for (gap, source, path, agent, is_attack) in stream {
            now += gap;
            let source = Ipv4Addr::new(10, 0, 0, source);
            let seen = ids.inspect(now, source, PATHS[path as usize], AGENTS[agent as usize], is_attack);
            prop_assert_eq!(seen.flagged, seen.reason.is_some());
            prop_assert!(!seen.blocked || seen.flagged);
            prop_assert_eq!(seen.blocked, seen.flagged && auto_block.is_some());
            match (seen.flagged, is_attack) {
                (true, true) => expected.true_positives += 1,
                (true, false) => expected.false_positives += 1,
                (false, true) => expected.false_negatives += 1,
                (false, false) => expected.true_negatives += 1,
            }
            let tally = ids.tally();
            prop_assert_eq!(tally, expected);
            prop_assert_eq!(tally.total(), expected.total());
        }
        let t = ids.tally();
        prop_assert_eq!(t.true_positives + t.false_negatives + t.false_positives + t.true_negatives, t.total());
    }
}
