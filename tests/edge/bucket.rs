//! A token bucket never admits more than its rate allows over any interval, and a source asking
//! without pause gets exactly its burst and then its rate.

use ds_playground::sim::edge::{Ipv4Addr, RateLimit, RateLimiter, TokenBucket};
use ds_playground::sim::time::{Micros, SECOND};
use proptest::prelude::*;

/// Whole tokens refilled at `rate` per second over `span` microseconds.
fn refilled(rate: u32, span: Micros) -> u128 {
    u128::from(rate) * u128::from(span) / u128::from(SECOND)
}

/// Arrival times from a start and the gaps between them.
fn times(start: Micros, gaps: &[Micros]) -> Vec<Micros> {
    let mut now = start;
    let mut times = vec![now];
    for gap in gaps {
        now += gap;
        times.push(now);
    }
    times
}

/// A gap between two requests: often none or tiny, sometimes seconds.
fn gap() -> impl Strategy<Value = Micros> {
    prop_oneof![Just(0), 0..2_000u64, 0..200_000u64, 0..5 * SECOND]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn over_any_interval_a_bucket_admits_at_most_rate_times_length_plus_burst(
        rate in 0..200u32,
        burst in 0..30u32,
        start in 0..10 * SECOND,
        gaps in prop::collection::vec(gap(), 0..150),
    ) {
        let times = times(start, &gaps);
        let mut bucket = TokenBucket::new(RateLimit { rate, burst });
        let admitted: Vec<bool> = times.iter().map(|&t| bucket.admit(t)).collect();
        for i in 0..times.len() {
            let mut count = 0u128;
            for j in i..times.len() {
                count += u128::from(admitted[j]);
                let bound = u128::from(burst) + refilled(rate, times[j] - times[i]);
                prop_assert!(
                    count <= bound,
                    "{} admitted from {} µs to {} µs, more than {}", count, times[i], times[j], bound
                );
            }
        }
    }

    #[test]
    fn a_source_asking_without_pause_gets_exactly_its_burst_then_its_rate(
        rate in 1..5_000u32,
        burst in 2..60u32,
        start in 0..10 * SECOND,
        gaps in prop::collection::vec(any::<u64>(), 0..3_000),
    ) {
        // Never more than one token's time between requests.
        let longest = SECOND / u64::from(rate);
        let gaps: Vec<Micros> = gaps.iter().map(|g| g % (longest + 1)).collect();
        let times = times(start, &gaps);
        let mut bucket = TokenBucket::new(RateLimit { rate, burst });
        let admitted = times.iter().filter(|&&t| bucket.admit(t)).count() as u128;
        let span = times[times.len() - 1] - times[0];
        let expected = (u128::from(burst) + refilled(rate, span)).min(times.len() as u128);
        prop_assert_eq!(admitted, expected);
    }

    #[test]
    fn a_limiter_gives_each_source_the_bucket_it_would_have_alone(
        rate in 0..50u32,
        burst in 0..10u32,
        requests in prop::collection::vec((0..4u8, gap()), 0..200),
    ) {
        let limit = RateLimit { rate, burst };
        let mut limiter = RateLimiter::new(limit);
        let mut alone = [(); 4].map(|_| TokenBucket::new(limit));
        let mut now = 0;
        for (source, gap) in requests {
            now += gap;
            let address = Ipv4Addr::new(192, 0, 2, source);
            prop_assert_eq!(limiter.admit(address, now), alone[usize::from(source)].admit(now));
            if gap % 3 == 0 {
                limiter.forget_full(now);
            }
        }
    }
}

#[test]
fn a_flood_from_one_source_gets_the_burst_then_exactly_the_rate() {
    // 1 000 requests a second for a minute against 5 a second with a burst of 10.
    let mut bucket = TokenBucket::new(RateLimit { rate: 5, burst: 10 });
    let admitted = (0..=60_000u64).filter(|i| bucket.admit(7 + i * 1_000)).count();
    assert_eq!(admitted, 10 + 5 * 60);
}

#[test]
fn a_burst_of_one_wastes_what_tops_up_a_full_token() {
    // Requests 0.9 token apart: the second finds 0.9 token, the third would find 1.8 but the
    // bucket holds 1, so one in two is admitted, not 10 in 9.
    let mut bucket = TokenBucket::new(RateLimit { rate: 1, burst: 1 });
    let admitted = (0..100u64).filter(|i| bucket.admit(i * 900_000)).count();
    assert_eq!(admitted, 50);
}
