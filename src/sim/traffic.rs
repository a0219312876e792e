//! Legitimate and attack traffic counted apart: what the users got, what the botnet sent and
//! got through, what each defence blocked of each, and what the servers cost.

use std::collections::VecDeque;

use super::edge::Defence;
use super::latency::{Latencies, Percentiles};
use super::metrics::WINDOW_SECONDS;
use super::time::Micros;

/// One simulated second of traffic, split.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrafficPoint {
    /// Which second this is (0 = the first second of the run).
    pub second: u64,
    /// Requests users sent.
    pub legit_sent: u64,
    /// Users' requests whose response reached them.
    pub legit_served: u64,
    /// Users' requests that ended unserved (dropped, failed or blocked).
    pub legit_lost: u64,
    /// Users' requests served with a refusal from authentication (401, 403, 423, 429).
    pub legit_refused: u64,
    /// Requests, SYNs, connections or packets the botnet sent.
    pub attack_sent: u64,
    /// Attack requests that reached a server.
    pub attack_reached: u64,
    /// Requests blocked by any defence: users' and the botnet's together.
    pub blocked: u64,
}

/// Traffic split into legitimate and attack, since the start and per second.
#[derive(Clone, Debug)]
pub struct TrafficMetrics {
    /// Requests users sent since the start.
    pub legit_sent: u64,
    /// Users' requests served since the start.
    pub legit_served: u64,
    /// Users' requests that ended unserved since the start.
    pub legit_lost: u64,
    /// Users' requests served with a refusal from authentication since the start (401, 403,
    /// 423, 429): served, but no success.
    pub legit_refused: u64,
    /// What the botnet sent since the start.
    pub attack_sent: u64,
    /// Attack requests that reached a server since the start.
    pub attack_reached: u64,
    /// Server-seconds paid for since the start: each second, the servers switched on.
    pub server_seconds: u64,
    blocked_legit: [u64; Defence::ALL.len()],
    blocked_attack: [u64; Defence::ALL.len()],
    legit_latencies: Latencies,
    this_second: TrafficPoint,
    series: VecDeque<TrafficPoint>,
}

impl Default for TrafficMetrics {
    fn default() -> Self {
        TrafficMetrics {
            legit_sent: 0,
            legit_served: 0,
            legit_lost: 0,
            legit_refused: 0,
            attack_sent: 0,
            attack_reached: 0,
            server_seconds: 0,
            blocked_legit: [0; Defence::ALL.len()],
            blocked_attack: [0; Defence::ALL.len()],
            legit_latencies: Latencies::new(WINDOW_SECONDS),
            this_second: TrafficPoint::default(),
            series: VecDeque::with_capacity(WINDOW_SECONDS),
        }
    }
}

impl TrafficMetrics {
    /// Counts a request sent, by a bot if `attack`.
    pub fn record_sent(&mut self, attack: bool) {
        if attack {
            self.attack_sent += 1;
            self.this_second.attack_sent += 1;
        } else {
            self.legit_sent += 1;
            self.this_second.legit_sent += 1;
        }
    }

    /// Counts an attack request reaching a server.
    pub fn record_reached(&mut self) {
        self.attack_reached += 1;
        self.this_second.attack_reached += 1;
    }

    /// Counts a user's request served with end-to-end `latency` in microseconds.
    pub fn record_served(&mut self, latency: Micros) {
        self.legit_served += 1;
        self.this_second.legit_served += 1;
        self.legit_latencies.record(latency);
    }

    /// Counts a user's request whose response was a refusal from authentication.
    pub fn record_refused(&mut self) {
        self.legit_refused += 1;
        self.this_second.legit_refused += 1;
    }

    /// Counts a request that ended unserved, by a bot if `attack`, blocked by `blocked` if a
    /// defence stopped it.
    pub fn record_lost(&mut self, attack: bool, blocked: Option<Defence>) {
        if !attack {
            self.legit_lost += 1;
            self.this_second.legit_lost += 1;
        }
        if let Some(defence) = blocked {
            self.this_second.blocked += 1;
            if attack {
                self.blocked_attack[defence.index()] += 1;
            } else {
                self.blocked_legit[defence.index()] += 1;
            }
        }
    }

    /// Requests `defence` blocked since the start: users' and the botnet's.
    pub fn blocked(&self, defence: Defence) -> (u64, u64) {
        (self.blocked_legit[defence.index()], self.blocked_attack[defence.index()])
    }

    /// Requests blocked by any defence since the start, users' and the botnet's together.
    pub fn blocked_total(&self) -> u64 {
        self.blocked_legit.iter().chain(&self.blocked_attack).sum()
    }

    /// Share of users' requests that ended since the start that were served with success, 0–1
    /// (1 when none ended): those refused by authentication count against it.
    pub fn success_rate(&self) -> f64 {
        share(self.legit_served, self.legit_served + self.legit_lost + self.legit_refused)
    }

    /// Latencies of users' requests served with success.
    pub(super) fn latencies(&self) -> &Latencies {
        &self.legit_latencies
    }

    /// Latency percentiles of every user's request served since the start.
    pub fn legit_latency(&self) -> Percentiles {
        Latencies::overall_of(&[&self.legit_latencies])
    }

    /// Latency percentiles of users' requests over the last [`WINDOW_SECONDS`] whole seconds.
    pub fn recent_latency(&mut self) -> Percentiles {
        self.legit_latencies.recent_with(&[])
    }

    /// The last [`WINDOW_SECONDS`] whole seconds added up (`second` is the latest one's).
    pub fn recent(&self) -> TrafficPoint {
        self.series.iter().fold(TrafficPoint::default(), |mut sum, p| {
            sum.second = p.second;
            sum.legit_sent += p.legit_sent;
            sum.legit_served += p.legit_served;
            sum.legit_lost += p.legit_lost;
            sum.legit_refused += p.legit_refused;
            sum.attack_sent += p.attack_sent;
            sum.attack_reached += p.attack_reached;
            sum.blocked += p.blocked;
            sum
        })
    }

    /// The last [`WINDOW_SECONDS`] whole seconds, oldest first.
    pub fn series(&self) -> impl DoubleEndedIterator<Item = &TrafficPoint> + ExactSizeIterator {
        self.series.iter()
    }

    /// Closes simulated second number `second`, with `servers_on` servers switched on.
    pub fn roll(&mut self, second: u64, servers_on: u64) {
        let mut point = std::mem::take(&mut self.this_second);
        point.second = second;
        self.server_seconds += servers_on;
        self.legit_latencies.roll();
        if self.series.len() == WINDOW_SECONDS {
            self.series.pop_front();
        }
        self.series.push_back(point);
    }
}

/// Share of users' requests served with success in a span (1 when none ended).
pub fn success_rate(point: &TrafficPoint) -> f64 {
    share(point.legit_served, point.legit_served + point.legit_lost + point.legit_refused)
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}
