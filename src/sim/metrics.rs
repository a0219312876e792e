//! Counters, sliding-window percentiles and the per-second series behind the charts.

use std::collections::VecDeque;

use super::edge::Defence;
use super::latency::{Latencies, Percentiles};
use super::request::{DropReason, FailReason};
use super::time::Micros;
use super::traffic::TrafficMetrics;

/// Length of the sliding window for "current" percentiles and means, in simulated seconds.
pub const WINDOW_SECONDS: usize = 10;

/// How many per-second points the charts keep: the last simulated minute.
pub const SERIES_SECONDS: usize = 60;

/// One simulated second, summarised.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeriesPoint {
    /// Which second this is (0 = the first second of the run).
    pub second: u64,
    /// Requests sent by clients during the second.
    pub arrivals: u64,
    /// Requests whose response reached the client during the second.
    pub served: u64,
    /// Requests dropped during the second.
    pub dropped: u64,
    /// Requests that failed during the second.
    pub failed: u64,
    /// Requests blocked by a defence at the edge during the second.
    pub blocked: u64,
    /// Requests sent to another server after a failure during the second.
    pub retries: u64,
    /// Latency percentiles of the requests served during the second.
    pub latency: Percentiles,
    /// Servers taking traffic at the end of the second.
    pub servers: usize,
    /// Busy worker-time over the worker-time servers were up (taking traffic or draining)
    /// during the second, so servers that joined or left part-way count for their part, 0–1.
    pub utilization: f64,
    /// The largest replication lag among running replicas at the end of the second, in
    /// microseconds (0 without a database).
    pub replication_lag: Micros,
}

/// Count, mean and most of a set of durations.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Durations {
    /// How many.
    pub count: u64,
    /// Their sum, in microseconds.
    pub total: Micros,
    /// The longest, in microseconds.
    pub max: Micros,
}

impl Durations {
    /// Adds one duration, in microseconds.
    pub fn record(&mut self, span: Micros) {
        self.count += 1;
        self.total += span;
        self.max = self.max.max(span);
    }

    /// The mean, in microseconds (0 when there are none).
    pub fn mean(&self) -> Micros {
        self.total.checked_div(self.count).unwrap_or(0)
    }
}

/// Everything counted so far.
#[derive(Clone, Debug)]
pub struct Metrics {
    /// Requests sent since the start: users' and, under attack, the botnet's.
    pub arrived: u64,
    /// Requests served since the start.
    pub served: u64,
    dropped: [u64; DropReason::ALL.len()],
    failed: [u64; FailReason::ALL.len()],
    /// Legitimate and attack traffic counted apart (what each defence blocked of each, too).
    pub traffic: TrafficMetrics,
    /// Requests sent to another server after a failure, since the start.
    pub retries: u64,
    /// Times from a crash until the health checks took the server out of rotation.
    pub detection: Durations,
    /// Times from a restore until the health checks put the server back in rotation.
    pub recovery: Durations,
    /// Database reads answered since the start.
    pub reads: u64,
    /// Database reads that returned an older version than the newest acknowledged one.
    pub stale_reads: u64,
    /// Times from the primary going down until a replica was promoted.
    pub failover: Durations,
    /// Latencies of the requests served that were not a user's success (the users' successes
    /// are [`TrafficMetrics`]'s): read together, every request served.
    latencies: Latencies,
    this_second: SeriesPoint,
    series: VecDeque<SeriesPoint>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            arrived: 0,
            served: 0,
            dropped: [0; DropReason::ALL.len()],
            failed: [0; FailReason::ALL.len()],
            traffic: TrafficMetrics::default(),
            retries: 0,
            detection: Durations::default(),
            recovery: Durations::default(),
            reads: 0,
            stale_reads: 0,
            failover: Durations::default(),
            latencies: Latencies::new(WINDOW_SECONDS),
            this_second: SeriesPoint::default(),
            series: VecDeque::with_capacity(SERIES_SECONDS),
        }
    }
}

impl Metrics {
    /// Counts a request sent by a client.
    pub fn record_arrival(&mut self) {
        self.arrived += 1;
        self.this_second.arrivals += 1;
    }

    /// Counts a request served with end-to-end `latency` in microseconds: a user's success
    /// (see [`TrafficMetrics::record_served`]) if `user_success`, else a bot's request or a
    /// user's refused one.
    pub fn record_served(&mut self, latency: Micros, user_success: bool) {
        self.served += 1;
        self.this_second.served += 1;
        if user_success {
            self.traffic.record_served(latency);
        } else {
            self.latencies.record(latency);
        }
    }

    /// Counts a request dropped for `reason`.
    pub fn record_drop(&mut self, reason: DropReason) {
        self.dropped[reason.index()] += 1;
        self.this_second.dropped += 1;
    }

    /// Counts a request that failed for `reason`.
    pub fn record_failure(&mut self, reason: FailReason) {
        self.failed[reason.index()] += 1;
        self.this_second.failed += 1;
    }

    /// Counts a request blocked by a defence in this second's point (the totals by defence are
    /// [`TrafficMetrics`]'s, split between users and the botnet).
    pub fn record_blocked(&mut self) {
        self.this_second.blocked += 1;
    }

    /// Requests blocked by `defence` since the start, users' and the botnet's.
    pub fn blocked(&self, defence: Defence) -> u64 {
        let (users, bots) = self.traffic.blocked(defence);
        users + bots
    }

    /// Requests blocked by any defence since the start.
    pub fn blocked_total(&self) -> u64 {
        self.traffic.blocked_total()
    }

    /// Counts a retry.
    pub fn record_retry(&mut self) {
        self.retries += 1;
        self.this_second.retries += 1;
    }

    /// Records how long the health checks took to catch a crashed server, in microseconds.
    pub fn record_detection(&mut self, after: Micros) {
        self.detection.record(after);
    }

    /// Records how long a restored server took to rejoin the balancer, in microseconds.
    pub fn record_recovery(&mut self, after: Micros) {
        self.recovery.record(after);
    }

    /// Counts a database read, stale unless `fresh`.
    pub fn record_read(&mut self, fresh: bool) {
        self.reads += 1;
        self.stale_reads += u64::from(!fresh);
    }

    /// Requests that failed for `reason` since the start.
    pub fn failed(&self, reason: FailReason) -> u64 {
        self.failed[reason.index()]
    }

    /// Requests that failed for any reason since the start.
    pub fn failed_total(&self) -> u64 {
        self.failed.iter().sum()
    }

    /// Share of the requests that ended since the start that were served (1 when none ended).
    pub fn availability(&self) -> f64 {
        let ended = self.served + self.dropped_total() + self.failed_total() + self.blocked_total();
        if ended == 0 {
            1.0
        } else {
            self.served as f64 / ended as f64
        }
    }

    /// Requests dropped for `reason` since the start.
    pub fn dropped(&self, reason: DropReason) -> u64 {
        self.dropped[reason.index()]
    }

    /// Requests dropped for any reason since the start.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.iter().sum()
    }

    /// Latency percentiles of every request served since the start.
    pub fn overall(&self) -> Percentiles {
        Latencies::overall_of(&[&self.latencies, self.traffic.latencies()])
    }

    /// Latency percentiles over the last [`WINDOW_SECONDS`] whole seconds.
    pub fn recent(&mut self) -> Percentiles {
        self.latencies.recent_with(&[self.traffic.latencies()])
    }

    /// Closes simulated second number `second`, recording how many `servers` were up, their
    /// mean `utilization` and the database's `replication_lag` (microseconds).
    pub fn roll(&mut self, second: u64, servers: usize, utilization: f64, replication_lag: Micros) {
        let mut point = std::mem::take(&mut self.this_second);
        point.second = second;
        // Before the users' second rolls (see `TrafficMetrics::roll`).
        point.latency = Latencies::this_second_of(&[&self.latencies, self.traffic.latencies()]);
        self.latencies.roll();
        point.servers = servers;
        point.utilization = utilization;
        point.replication_lag = replication_lag;
        if self.series.len() == SERIES_SECONDS {
            self.series.pop_front();
        }
        self.series.push_back(point);
    }

    /// The last minute, one point per simulated second, oldest first.
    pub fn series(&self) -> impl DoubleEndedIterator<Item = &SeriesPoint> + ExactSizeIterator {
        self.series.iter()
    }
}
