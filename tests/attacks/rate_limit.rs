//! The rate limiter in the world: one bot flooding far faster than its token bucket refills
//! gets no more than the burst plus the rate times the time past it, and (with a burst of 2 or
//! more) no fewer either.

use ds_playground::sim::edge::Defence;
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{DropReason, Leg, World};

use super::common::{scenario, Run};

/// When the bot starts, and how long its requests take to reach the edge (the example's
/// 60 ms way in).
const START: Micros = SECOND;
const WAY_IN: Micros = 60 * MILLISECOND;

/// The bot's requests that got past the rate limiter so far: those that reached the edge less
/// those it refused. Nothing else at the edge stops them.
fn past_the_limiter(world: &World) -> u64 {
    let m = world.metrics();
    let on_the_way = world.moving().filter(|r| r.attack && r.leg == Leg::ToBalancer).count() as u64;
    for reason in [DropReason::UplinkFull, DropReason::ConnectionRefused] {
        assert_eq!(m.dropped(reason), 0, "the uplink and the table are no bottleneck");
    }
    for defence in [Defence::Firewall, Defence::ConnectionLimit, Defence::Ids] {
        assert_eq!(m.blocked(defence), 0);
    }
    m.traffic.attack_sent - on_the_way - m.traffic.blocked(Defence::RateLimit).1
}

#[test]
fn one_bot_gets_the_burst_and_the_rate_past_a_token_bucket() {
    // One bot at 2 000 requests a second (8 Mbit/s, a gap of 0.5 ms on average): its bucket is
    // empty but for a moment whenever a token forms, so by time t it has had exactly the
    // burst plus floor(rate × (t − its first request at the edge)) past, the first request
    // reaching the edge 60 ms (and a gap) after the start.
    for (seed, rate, burst) in [(1, 20u64, 15u64), (2, 100, 50), (3, 7, 2), (4, 1, 30)] {
        let more = format!(
            r#""attack": {{"type": "http-flood", "bots": 1, "rate_per_bot": 2000, "start_s": 1}},
               "defences": {{"rate_limit": {{"rate": {rate}, "burst": {burst}}}}}"#
        );
        let mut run = Run::new(&scenario(seed, &more));
        for step in 1..=200 {
            let t = START + step * 100 * MILLISECOND;
            let world = run.to(t);
            let past = past_the_limiter(world);
            // The most a bucket admits from the first request at the edge until t.
            let most = burst + rate * (t - START - WAY_IN) / SECOND;
            assert!(past <= most, "rate {rate}, burst {burst}: {past} past by {t} µs, at most {most}");
            // Tokens are taken within 10 ms of forming (a gap that long comes once in e^20).
            let least = burst + rate * (t - START - WAY_IN - 10 * MILLISECOND) / SECOND;
            assert!(past >= least, "rate {rate}, burst {burst}: {past} past by {t} µs, at least {least}");
            assert!(world.metrics().traffic.attack_reached <= past);
        }
        let m = run.world.metrics();
        assert!(m.traffic.attack_sent > 35_000 && m.traffic.blocked(Defence::RateLimit).1 > 30_000);
    }
}
