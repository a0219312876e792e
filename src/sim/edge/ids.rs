//! Intrusion detection at the edge: each request is inspected and may be flagged, by rate (a
//! source sending more than `threshold` requests within a sliding `window`) or by signature (a
//! known bad path prefix or user-agent string). A flagged source can be blocked automatically
//! for a set time.
//!
//! The simulation knows which requests really are attacks; it passes that ground truth in, and
//! the detector uses it only to keep its tallies of true and false positives and negatives, so
//! a learner can see what a threshold costs legitimate users (many of whom may share one NAT
//! address).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::net::Ipv4Addr;

use super::forgetting::forget_part;
use crate::sim::time::{Micros, SECOND};

/// The settings of the intrusion detector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdsSettings {
    /// The sliding window over which a source's requests are counted, in microseconds: a
    /// request at `now` counts those after `now - window`, itself included. Default 1 s.
    pub window: Micros,
    /// A source is flagged when its requests in the window number more than this. Default 50.
    pub threshold: u32,
    /// Paths whose requests are flagged: a request whose path starts with one of these, as
    /// text. Default `/wp-login.php` and `/.env`.
    pub bad_paths: Vec<String>,
    /// User-agent strings whose requests are flagged: a request whose user agent contains one of
    /// these, as text. Default `sqlmap`.
    pub bad_agents: Vec<String>,
    /// How long a flagged source is blocked, in microseconds, counted from the request that was
    /// flagged; `None` (the default) to flag without blocking.
    pub auto_block: Option<Micros>,
}

impl Default for IdsSettings {
    /// A 1 s window, a threshold of 50, the signatures `/wp-login.php`, `/.env` and `sqlmap`, and
    /// no blocking.
    fn default() -> Self {
        IdsSettings {
            window: SECOND,
            threshold: 50,
            bad_paths: vec!["/wp-login.php".into(), "/.env".into()],
            bad_agents: vec!["sqlmap".into()],
            auto_block: None,
        }
    }
}

/// Why a request was flagged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Its source is blocked, until the given time (in simulated microseconds).
    Blocked {
        /// When the block ends: a request at that time is no longer blocked.
        until: Micros,
    },
    /// Its path starts with this bad path.
    BadPath(String),
    /// Its user agent contains this bad string.
    BadAgent(String),
    /// Its source sent this many requests in the window, more than the threshold.
    Rate {
        /// The requests in the window, this one included.
        count: u32,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Blocked { until } => write!(f, "source blocked until {until} µs"),
            Reason::BadPath(path) => write!(f, "known bad path {path:?}"),
            Reason::BadAgent(agent) => write!(f, "known bad user agent {agent:?}"),
            Reason::Rate { count } => write!(f, "{count} requests in the window"),
        }
    }
}

/// What the detector made of one request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Inspection {
    /// Whether it was flagged as an attack (a request from a blocked source is).
    pub flagged: bool,
    /// Whether it is to be dropped: its source was blocked, or is blocked by this very flag.
    pub blocked: bool,
    /// Why it was flagged; `None` if it was not.
    pub reason: Option<Reason>,
}

/// How the detector's verdicts compare with the ground truth. The four counts add up to the
/// requests inspected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    /// Attacks flagged.
    pub true_positives: u64,
    /// Legitimate requests flagged.
    pub false_positives: u64,
    /// Attacks not flagged.
    pub false_negatives: u64,
    /// Legitimate requests not flagged.
    pub true_negatives: u64,
}

impl Tally {
    /// The requests counted.
    pub fn total(&self) -> u64 {
        self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
    }

    /// The share of flagged requests that were attacks, 0–1; `None` if none was flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// The share of attacks that were flagged, 0–1; `None` if there was no attack.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
}

/// `part / whole`, or `None` for an empty whole.
fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// What the detector remembers of one source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Source {
    /// The times of its latest requests, oldest first: at most `threshold + 1` of them, as
    /// that is enough to tell whether more than `threshold` fall in the window.
    recent: VecDeque<Micros>,
    /// When its block ends, if it has been blocked.
    blocked_until: Option<Micros>,
}

/// The intrusion detector: settings, what it remembers per source (in address order) and its
/// tallies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    /// Its settings.
    settings: IdsSettings,
    /// Each source's recent requests and block.
    /// Keyed by the address as a number, which orders as addresses do and compares faster.
    sources: BTreeMap<u32, Source>,
    /// Its verdicts against the ground truth.
    tally: Tally,
    /// When each source blocked (and not yet forgotten) is blocked until, so that listing the
    /// blocked sources does not go through every source. Keyed by the address as a `u64`, as in
    /// the connection table's counts, so they share one map implementation.
    blocks: BTreeMap<u64, Micros>,
}

impl Ids {
    /// A detector that has seen nothing yet.
    pub fn new(settings: IdsSettings) -> Self {
        Ids { settings, ..Ids::default() }
    }

    /// Its settings.
    pub fn settings(&self) -> &IdsSettings {
        &self.settings
    }

    /// Inspects a request from `source` for `path` with `user_agent`, arriving at `now`.
    /// `is_attack` is the simulation's ground truth, used only for the tallies. A request from a
    /// blocked source is flagged and blocked without further checks; otherwise signatures are
    /// checked (paths, then agents, in list order), then the rate. Every request counts towards
    /// its source's rate, blocked or not.
    pub fn inspect(
        &mut self,
        now: Micros,
        source: Ipv4Addr,
        path: &str,
        user_agent: &str,
        is_attack: bool,
    ) -> Inspection {
        let settings = &self.settings;
        let entry = self.sources.entry(u32::from(source)).or_default();
        let count = entry.record(now, settings.window, settings.threshold);
        let reason = match entry.blocked_until {
            Some(until) if now < until => Some(Reason::Blocked { until }),
            _ => settings
                .bad_paths
                .iter()
                .find(|bad| path.starts_with(bad.as_str()))
                .map(|bad| Reason::BadPath(bad.clone()))
                .or_else(|| {
                    settings
                        .bad_agents
                        .iter()
                        .find(|bad| user_agent.contains(bad.as_str()))
                        .map(|bad| Reason::BadAgent(bad.clone()))
                })
                .or_else(|| (count > settings.threshold).then_some(Reason::Rate { count })),
        };
        let blocked = match (&reason, settings.auto_block) {
            (Some(Reason::Blocked { .. }), _) => true,
            (Some(_), Some(block)) => {
                let until = now.saturating_add(block);
                entry.blocked_until = Some(until);
                self.blocks.insert(u64::from(u32::from(source)), until);
                true
            }
            _ => false,
        };
        let flagged = reason.is_some();
        let t = &mut self.tally;
        match (flagged, is_attack) {
            (true, true) => t.true_positives += 1,
            (true, false) => t.false_positives += 1,
            (false, true) => t.false_negatives += 1,
            (false, false) => t.true_negatives += 1,
        }
        Inspection { flagged, blocked, reason }
    }

    /// Whether `source` is blocked at `now`.
    pub fn is_blocked(&self, now: Micros, source: Ipv4Addr) -> bool {
        self.blocked_until(source).is_some_and(|until| now < until)
    }

    /// When the latest block of `source` ends (or ended), if it was ever blocked and not yet
    /// forgotten.
    pub fn blocked_until(&self, source: Ipv4Addr) -> Option<Micros> {
        self.sources.get(&u32::from(source)).and_then(|s| s.blocked_until)
    }

    /// The sources blocked at `now`, in address order, with when their blocks end.
    pub fn blocked(&self, now: Micros) -> Vec<(Ipv4Addr, Micros)> {
        self.blocks
            .iter()
            .filter(|(_, until)| now < **until)
            .map(|(a, until)| (Ipv4Addr::from(*a as u32), *until))
            .collect()
    }

    /// Its verdicts against the ground truth so far.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// How many sources it remembers.
    pub fn sources(&self) -> usize {
        self.sources.len()
    }

    /// Forgets the sources with no request in the window before `now` and no block at `now`:
    /// this changes no later verdict, and keeps spoofed sources from piling up. Returns how
    /// many went.
    pub fn forget_quiet(&mut self, now: Micros) -> usize {
        self.forget_quiet_part(now, 0, usize::MAX).0
    }

    /// Like [`Ids::forget_quiet`], but looks at no more than `at_most` sources, from address
    /// `from` (as a number) on. Returns how many went and the address to carry on from (0 once
    /// the pass reached the last source).
    pub fn forget_quiet_part(&mut self, now: Micros, from: u32, at_most: usize) -> (usize, u32) {
        let window = self.settings.window;
        self.blocks.retain(|_, until| now < *until);
        forget_part(&mut self.sources, from, at_most, |s| {
            let recent = s.recent.back().is_some_and(|&last| now.saturating_sub(last) < window);
            let blocked = s.blocked_until.is_some_and(|until| now < until);
            !(recent || blocked)
        })
    }
}

impl Source {
    /// Records a request at `now`: how many of the source's requests fall in the window ending
    /// at `now`, this one included, exact up to `threshold + 1`.
    fn record(&mut self, now: Micros, window: Micros, threshold: u32) -> u32 {
        let keep = threshold as usize + 1;
        // Times arrive in order, so those out of the window are at the front.
        while self.recent.front().is_some_and(|&t| now.saturating_sub(t) >= window) {
            self.recent.pop_front();
        }
        self.recent.push_back(now);
        while self.recent.len() > keep {
            self.recent.pop_front();
        }
        self.recent.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MILLISECOND;

    const A: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 9);

    #[test]
    fn signatures_match_path_prefixes_and_agent_substrings() {
        let mut ids = Ids::new(IdsSettings::default());
        let bad_path = ids.inspect(0, A, "/wp-login.php?x=1", "curl", true);
        assert_eq!(bad_path.reason, Some(Reason::BadPath("/wp-login.php".into())));
        assert!(bad_path.flagged && !bad_path.blocked);
        let bad_agent = ids.inspect(1, A, "/", "Mozilla sqlmap/1.7", true);
        assert_eq!(bad_agent.reason, Some(Reason::BadAgent("sqlmap".into())));
        let fine = ids.inspect(2, A, "/blog/.env-tips", "Mozilla", false);
        assert_eq!(fine, Inspection { flagged: false, blocked: false, reason: None });
        let t = ids.tally();
        assert_eq!((t.true_positives, t.true_negatives, t.total()), (2, 1, 3));
        assert_eq!((t.precision(), t.recall()), (Some(1.0), Some(1.0)));
    }

    #[test]
    fn the_rate_counts_a_sliding_window_ending_now() {
        let mut ids = Ids::new(IdsSettings { threshold: 3, ..IdsSettings::default() });
        for i in 0..3 {
            assert!(!ids.inspect(SECOND + i * MILLISECOND, A, "/", "", false).flagged);
        }
        assert_eq!(
            ids.inspect(SECOND + 999 * MILLISECOND, A, "/", "", false).reason,
            Some(Reason::Rate { count: 4 })
        );
        // At 2 s, the request at 1 s has left the window: 1.001, 1.002, 1.999 and 2 remain.
        assert_eq!(ids.inspect(2 * SECOND, A, "/", "", false).reason, Some(Reason::Rate { count: 4 }));
        assert!(!ids.inspect(2 * SECOND + 2 * MILLISECOND, A, "/", "", false).flagged);
    }

    #[test]
    fn requests_at_time_zero_count_in_the_first_window() {
        let mut ids = Ids::new(IdsSettings { threshold: 1, ..IdsSettings::default() });
        assert!(!ids.inspect(0, A, "/", "", false).flagged);
        assert!(ids.inspect(SECOND - 1, A, "/", "", false).flagged);
        assert_eq!(ids.forget_quiet(2 * SECOND), 1);
        assert_eq!(ids.sources(), 0);
    }
}
