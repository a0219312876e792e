//! End-to-end latency distributions with bounded memory (HDR histograms, 2 significant digits).

use std::collections::VecDeque;

use hdrhistogram::Histogram;

use super::time::{to_ms, Micros, SECOND};

/// Longest latency told apart from longer ones: one simulated hour, in microseconds.
const HIGHEST: u64 = 3_600 * SECOND;

/// Significant decimal digits kept per value (relative error under 1%).
const SIGFIG: u8 = 2;

/// Latency percentiles, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Percentiles {
    /// Requests measured.
    pub count: u64,
    /// Mean, in milliseconds.
    pub mean_ms: f64,
    /// Median, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile, in milliseconds.
    pub p99_ms: f64,
}

/// Makes an empty histogram for latencies from 1 µs to one hour.
fn empty<T: hdrhistogram::Counter>() -> Histogram<T> {
    Histogram::new_with_bounds(1, HIGHEST, SIGFIG).expect("constant histogram bounds are valid")
}

/// Reads percentiles from a histogram.
fn percentiles<T: hdrhistogram::Counter>(h: &Histogram<T>) -> Percentiles {
    if h.is_empty() {
        return Percentiles::default();
    }
    // One pass over the counts for the three.
    let mut at = h.value_at_quantiles([0.50, 0.95, 0.99]).map(to_ms);
    let mut next = || at.next().expect("one value for each quantile asked");
    Percentiles {
        count: h.len(),
        mean_ms: h.mean() / 1_000.0,
        p50_ms: next(),
        p95_ms: next(),
        p99_ms: next(),
    }
}

/// Latencies of the requests served: over a sliding window of whole simulated seconds, the second
/// in progress that joins it when it closes, and every one since the start. A latency is recorded
/// once, in the second in progress; the second joins the total when it closes, so the total costs
/// one addition of histograms a second rather than one more record a request. Two kinds of
/// request kept apart (users' successes, the rest) are read together with the `_of` and `_with`
/// functions, so that each request is recorded once.
#[derive(Clone, Debug)]
pub struct Latencies {
    seconds: usize,
    closed: VecDeque<Histogram<u64>>,
    current: Histogram<u64>,
    merged: Histogram<u64>,
    /// Every closed second.
    total: Histogram<u64>,
    /// The sum of every latency recorded, in microseconds, for an exact mean.
    sum: u128,
}

impl Latencies {
    /// Latencies with a window of the last `seconds` whole seconds (at least 1).
    pub fn new(seconds: usize) -> Self {
        Latencies {
            seconds: seconds.max(1),
            closed: VecDeque::new(),
            current: empty(),
            merged: empty(),
            total: empty(),
            sum: 0,
        }
    }

    /// Adds one latency, in microseconds, to the second in progress.
    #[inline]
    pub fn record(&mut self, latency: Micros) {
        self.current.saturating_record(latency.clamp(1, HIGHEST));
        self.sum += u128::from(latency);
    }

    /// Closes the second in progress and adds it to the total. An empty second (a kind of
    /// request that never came) costs neither the addition nor clearing the histogram it reuses.
    pub fn roll(&mut self) {
        if !self.current.is_empty() {
            self.total.add(&self.current).expect("histograms share bounds");
        }
        let mut recycled = if self.closed.len() >= self.seconds { self.closed.pop_front() } else { None }
            .unwrap_or_else(empty);
        if !recycled.is_empty() {
            recycled.reset();
        }
        self.closed.push_back(std::mem::replace(&mut self.current, recycled));
    }

    /// Percentiles over the window's whole seconds (the second in progress is not yet in), so
    /// they cover the same seconds as the per-second means beside them; with `others`' windows
    /// (of the same length) added in.
    pub fn recent_with(&mut self, others: &[&Latencies]) -> Percentiles {
        self.merged.reset();
        for h in self.closed.iter().chain(others.iter().flat_map(|o| o.closed.iter())) {
            self.merged.add(h).expect("histograms share bounds");
        }
        percentiles(&self.merged)
    }

    /// Percentiles of the second in progress of `parts` together.
    pub fn this_second_of(parts: &[&Latencies]) -> Percentiles {
        let mut recorded = parts.iter().map(|p| &p.current).filter(|h| !h.is_empty());
        match (recorded.next(), recorded.next()) {
            (None, _) => Percentiles::default(),
            (Some(one), None) => percentiles(one),
            (Some(first), Some(second)) => {
                percentiles(&together([first, second].into_iter().chain(recorded)))
            }
        }
    }

    /// Percentiles of every latency of `parts` since the start, the second in progress
    /// included; the mean is exact, not bucketed.
    pub fn overall_of(parts: &[&Latencies]) -> Percentiles {
        let all = together(parts.iter().flat_map(|p| [&p.total, &p.current]));
        let mut p = percentiles(&all);
        if p.count > 0 {
            let sum: u128 = parts.iter().map(|p| p.sum).sum();
            p.mean_ms = sum as f64 / p.count as f64 / 1_000.0;
        }
        p
    }
}

/// The histograms added together.
fn together<'a>(histograms: impl Iterator<Item = &'a Histogram<u64>>) -> Histogram<u64> {
    let mut all = empty();
    for h in histograms {
        all.add(h).expect("histograms share bounds");
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_holds_every_second_closed_and_the_one_in_progress() {
        let mut latencies = Latencies::new(2);
        let mut one_by_one: Histogram<u64> = empty();
        for (i, latency) in (1..=5_000u64).map(|i| (i, i * i % 900_001 + 1)) {
            latencies.record(latency);
            one_by_one.record(latency).unwrap();
            if i % 1_000 == 0 {
                latencies.roll();
            }
            if i % 700 == 0 {
                let expected = percentiles(&one_by_one);
                let got = Latencies::overall_of(&[&latencies]);
                assert_eq!(
                    (got.count, got.p50_ms, got.p95_ms, got.p99_ms),
                    (expected.count, expected.p50_ms, expected.p95_ms, expected.p99_ms)
                );
            }
        }
        let sum: u64 = (1..=5_000u64).map(|i| i * i % 900_001 + 1).sum();
        assert!((Latencies::overall_of(&[&latencies]).mean_ms - sum as f64 / 5_000.0 / 1_000.0).abs() < 1e-9);
    }

    #[test]
    fn the_window_keeps_only_its_last_whole_seconds() {
        let mut latencies = Latencies::new(2);
        for second in 1..=4u64 {
            for _ in 0..10 {
                latencies.record(second * 1_000);
            }
            let closed = Latencies::this_second_of(&[&latencies]);
            latencies.roll();
            assert_eq!(closed.count, 10);
            assert!((closed.p50_ms - second as f64).abs() < 0.02, "{closed:?}");
        }
        latencies.record(99_000);
        let recent = latencies.recent_with(&[]);
        assert_eq!(recent.count, 20, "seconds 3 and 4 only");
        assert!((recent.p50_ms - 3.0).abs() < 0.02 && (recent.p99_ms - 4.0).abs() < 0.02, "{recent:?}");
        assert_eq!(Latencies::overall_of(&[&latencies]).count, 41);
    }

    #[test]
    fn two_kinds_read_together_as_if_recorded_in_one() {
        let (mut users, mut others, mut one) = (Latencies::new(3), Latencies::new(3), Latencies::new(3));
        for i in 1..=3_000u64 {
            let latency = i * 7_919 % 500_000 + 1;
            if i % 5 == 0 {
                others.record(latency)
            } else {
                users.record(latency)
            }
            one.record(latency);
            if i % 400 == 0 {
                assert_eq!(Latencies::this_second_of(&[&users, &others]), Latencies::this_second_of(&[&one]));
                users.roll();
                others.roll();
                one.roll();
            }
        }
        assert_eq!(Latencies::overall_of(&[&users, &others]), Latencies::overall_of(&[&one]));
        assert_eq!(users.recent_with(&[&others]), one.recent_with(&[]));
    }
}
