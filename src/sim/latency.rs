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
    let at = |q: f64| to_ms(h.value_at_quantile(q));
    Percentiles {
        count: h.len(),
        mean_ms: h.mean() / 1_000.0,
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
    }
}

/// Latencies over a sliding window of whole simulated seconds, and the second in progress that
/// joins it when it closes.
#[derive(Clone, Debug)]
pub struct LatencyWindow {
    seconds: usize,
    closed: VecDeque<Histogram<u32>>,
    current: Histogram<u32>,
    merged: Histogram<u32>,
}

impl LatencyWindow {
    /// A window covering the last `seconds` whole seconds (at least 1).
    pub fn new(seconds: usize) -> Self {
        LatencyWindow { seconds: seconds.max(1), closed: VecDeque::new(), current: empty(), merged: empty() }
    }

    /// Adds one latency, in microseconds, to the second in progress.
    pub fn record(&mut self, latency: Micros) {
        self.current.saturating_record(latency.clamp(1, HIGHEST));
    }

    /// Closes the second in progress and returns its percentiles.
    pub fn roll(&mut self) -> Percentiles {
        let finished = percentiles(&self.current);
        let mut recycled = if self.closed.len() >= self.seconds { self.closed.pop_front() } else { None }
            .unwrap_or_else(empty);
        recycled.reset();
        self.closed.push_back(std::mem::replace(&mut self.current, recycled));
        finished
    }

    /// Percentiles over the window's whole seconds (the second in progress is not yet in), so
    /// they cover the same seconds as the per-second means beside them.
    pub fn percentiles(&mut self) -> Percentiles {
        self.merged.reset();
        for h in &self.closed {
            self.merged.add(h).expect("histograms share bounds");
        }
        percentiles(&self.merged)
    }
}

/// Every latency since the start of the run.
#[derive(Clone, Debug)]
pub struct LatencyTotal {
    hist: Histogram<u64>,
    sum: u128,
}

impl Default for LatencyTotal {
    fn default() -> Self {
        LatencyTotal { hist: empty(), sum: 0 }
    }
}

impl LatencyTotal {
    /// Adds one latency, in microseconds.
    pub fn record(&mut self, latency: Micros) {
        self.hist.saturating_record(latency.clamp(1, HIGHEST));
        self.sum += latency as u128;
    }

    /// Percentiles of every latency; the mean is exact, not bucketed.
    pub fn percentiles(&self) -> Percentiles {
        let mut p = percentiles(&self.hist);
        if p.count > 0 {
            p.mean_ms = self.sum as f64 / p.count as f64 / 1_000.0;
        }
        p
    }
}
