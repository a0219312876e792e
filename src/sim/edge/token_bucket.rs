//! Rate limiting by token bucket, as nginx `limit_req` (with `nodelay`) and Envoy's local rate
//! limit define it: each source has a bucket holding up to `burst` tokens, refilled continuously
//! at `rate` tokens per simulated second and starting full; a request is admitted if it can take
//! a whole token, and refused (not queued) otherwise.
//!
//! The arithmetic is exact: a bucket counts in millionths of a token, so one simulated
//! microsecond refills exactly `rate` millionths. Hence, over any span of `t` microseconds (the
//! requests arriving from one instant to another `t` later, both included), a bucket admits at
//! most `burst + floor(rate × t / 1 000 000)` requests, with no rounding slack. With `burst` of
//! at least 2, a source whose requests are never more than one token's time (`1 s / rate`) apart
//! admits exactly `min(n, burst + floor(rate × t / 1 000 000))` of its `n` requests, `t` being
//! the time from its first request to its last: the bucket never overflows, so no token is
//! wasted. (With a burst of 1 a fraction of a token is wasted whenever it tops up a full
//! token, so such a source can get fewer.)

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::forgetting::forget_part;
use crate::sim::time::{Micros, SECOND};

/// Millionths of a token in one token: one simulated microsecond at `rate` tokens per second
/// refills `rate` of them.
const WHOLE: u64 = SECOND;

/// The settings of a token bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Tokens added per simulated second, i.e. the sustained requests per second admitted.
    pub rate: u32,
    /// The most tokens a bucket holds, i.e. the requests admitted at once after a quiet spell.
    /// A bucket starts full. With 0, nothing is ever admitted.
    pub burst: u32,
}

impl Default for RateLimit {
    /// 10 requests per second with a burst of 20.
    fn default() -> Self {
        RateLimit { rate: 10, burst: 20 }
    }
}

/// One source's bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    /// Its settings.
    limit: RateLimit,
    /// Millionths of a token held as of `updated`, at most `burst` whole tokens.
    level: u64,
    /// When `level` was last brought up to date, in simulated microseconds.
    updated: Micros,
}

impl TokenBucket {
    /// A full bucket with these settings.
    pub fn new(limit: RateLimit) -> Self {
        TokenBucket { limit, level: capacity(limit), updated: 0 }
    }

    /// Its settings.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Refills it up to `now`, then takes a token if a whole one is there: whether the request
    /// arriving at `now` is admitted. A `now` earlier than a previous call's refills nothing.
    pub fn admit(&mut self, now: Micros) -> bool {
        self.refill(now);
        if self.level >= WHOLE {
            self.level -= WHOLE;
            true
        } else {
            false
        }
    }

    /// The whole tokens it would hold at `now` (without taking any).
    pub fn tokens(&self, now: Micros) -> u32 {
        (self.level_at(now) / WHOLE) as u32
    }

    /// The tokens it would hold at `now`, fractions included, for display.
    pub fn fill(&self, now: Micros) -> f64 {
        self.level_at(now) as f64 / WHOLE as f64
    }

    /// Whether it would be full at `now`, and so no different from a new bucket.
    pub fn is_full(&self, now: Micros) -> bool {
        self.level_at(now) == capacity(self.limit)
    }

    /// The level at `now`, in millionths of a token.
    fn level_at(&self, now: Micros) -> u64 {
        let elapsed = now.saturating_sub(self.updated);
        let added = elapsed.saturating_mul(u64::from(self.limit.rate));
        self.level.saturating_add(added).min(capacity(self.limit))
    }

    /// Brings the level up to `now`.
    fn refill(&mut self, now: Micros) {
        self.level = self.level_at(now);
        self.updated = self.updated.max(now);
    }
}

/// The most a bucket holds, in millionths of a token.
fn capacity(limit: RateLimit) -> u64 {
    u64::from(limit.burst) * WHOLE
}

/// One token bucket per source address, all with the same settings. A source's bucket is made,
/// full, at its first request; buckets are kept in address order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimiter {
    /// The settings of every bucket.
    limit: RateLimit,
    /// Each source's bucket, by address.
    /// Keyed by the address as a number, which orders as addresses do and compares faster.
    buckets: BTreeMap<u32, TokenBucket>,
}

impl RateLimiter {
    /// A limiter with no buckets yet.
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter { limit, buckets: BTreeMap::new() }
    }

    /// Its settings.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Whether the request from `source` arriving at `now` is admitted, taking a token if so.
    pub fn admit(&mut self, source: Ipv4Addr, now: Micros) -> bool {
        let limit = self.limit;
        self.buckets.entry(u32::from(source)).or_insert_with(|| TokenBucket::new(limit)).admit(now)
    }

    /// The bucket of `source`, if it has sent anything since it was last forgotten.
    pub fn bucket(&self, source: Ipv4Addr) -> Option<&TokenBucket> {
        self.buckets.get(&u32::from(source))
    }

    /// Every bucket, in address order.
    pub fn buckets(&self) -> impl Iterator<Item = (Ipv4Addr, &TokenBucket)> {
        self.buckets.iter().map(|(a, b)| (Ipv4Addr::from(*a), b))
    }

    /// How many sources have a bucket.
    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    /// Whether no source has a bucket.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Drops the buckets that are full at `now`: a new one would be the same, so this changes no
    /// later answer, and it keeps spoofed sources from piling up. Returns how many went.
    pub fn forget_full(&mut self, now: Micros) -> usize {
        self.forget_full_part(now, 0, usize::MAX).0
    }

    /// Like [`RateLimiter::forget_full`], but looks at no more than `at_most` buckets, from
    /// address `from` (as a number) on. Returns how many went and the address to carry on from
    /// (0 once the pass reached the last bucket).
    pub fn forget_full_part(&mut self, now: Micros, from: u32, at_most: usize) -> (usize, u32) {
        forget_part(&mut self.buckets, from, at_most, |b| b.is_full(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MILLISECOND;

    #[test]
    fn a_full_bucket_admits_its_burst_at_once_then_one_per_refill() {
        let mut bucket = TokenBucket::new(RateLimit { rate: 4, burst: 3 });
        assert_eq!((0..5).filter(|_| bucket.admit(1_000)).count(), 3);
        // One token takes 250 ms at 4 per second.
        assert!(!bucket.admit(1_000 + 249_999));
        assert!(bucket.admit(1_000 + 250_000));
        assert!(!bucket.admit(1_000 + 250_000));
        assert_eq!(bucket.fill(1_000 + 375_000), 0.5);
        assert_eq!(bucket.tokens(10 * SECOND), 3);
        assert!(bucket.is_full(10 * SECOND));
    }

    #[test]
    fn fractions_of_a_token_carry_over_between_requests() {
        let mut bucket = TokenBucket::new(RateLimit { rate: 3, burst: 2 });
        assert!(bucket.admit(0) && bucket.admit(0));
        // A third of a second is 333 333 µs: just short of a token at 3 per second. The 2
        // millionths left over after 333 334 µs count towards the next token.
        assert!(!bucket.admit(333_333));
        assert!(bucket.admit(333_334));
        assert!(!bucket.admit(666_666));
        assert!(bucket.admit(666_667));
    }

    #[test]
    fn time_going_backwards_refills_nothing_and_zero_settings_admit_nothing() {
        let mut bucket = TokenBucket::new(RateLimit { rate: 1, burst: 1 });
        assert!(bucket.admit(5 * SECOND));
        assert!(!bucket.admit(SECOND));
        assert!(bucket.admit(6 * SECOND));
        let mut empty = TokenBucket::new(RateLimit { rate: 100, burst: 0 });
        assert!(!empty.admit(0) && !empty.admit(SECOND));
        let mut no_refill = TokenBucket::new(RateLimit { rate: 0, burst: 2 });
        assert_eq!((0..10).filter(|&i| no_refill.admit(i * SECOND)).count(), 2);
    }

    #[test]
    fn huge_gaps_do_not_overflow() {
        let mut bucket = TokenBucket::new(RateLimit { rate: u32::MAX, burst: u32::MAX });
        assert!(bucket.admit(0));
        assert_eq!(bucket.tokens(u64::MAX), u32::MAX);
    }

    #[test]
    fn each_source_has_its_own_bucket() {
        let mut limiter = RateLimiter::new(RateLimit { rate: 1, burst: 2 });
        let (a, b) = (Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!((0..5).filter(|_| limiter.admit(a, 0)).count(), 2);
        assert!(limiter.admit(b, 0));
        assert_eq!(limiter.buckets().map(|(s, _)| s).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(limiter.bucket(b).map(|bucket| bucket.tokens(0)), Some(1));
        assert_eq!(limiter.len(), 2);
        // At 1 s, b is full again (1 + 1) but a is not (0 + 1).
        assert_eq!(limiter.forget_full(SECOND), 1);
        assert!(limiter.bucket(b).is_none() && limiter.bucket(a).is_some());
        assert!(limiter.admit(a, SECOND + 500 * MILLISECOND));
        assert!(!limiter.admit(a, SECOND + 500 * MILLISECOND));
    }
}
