//! The autoscaler, as Kubernetes' HorizontalPodAutoscaler (autoscaling/v2) defines it, with
//! capacity counted in workers so that small and large servers mix.
//!
//! Every sync period it averages the fleet's busy workers over a metric window and asks for
//! `ceil(busy workers / target)` workers (the HPA formula `ceil(current × utilization / target)`),
//! unless utilization is within the tolerance of the target. Booting servers count as idle when
//! scaling up, so capacity on its way is not ordered twice. Recommendations are stabilized (the
//! highest over the scale-down window wins, so a dip does not shrink the fleet), limited per
//! decision by rate policies, and the server count is always clamped to [min, max].

use std::collections::VecDeque;

use super::config::AutoscaleConfig;
use super::server::{ServerId, Usage};
use super::time::{Micros, SECOND};

/// Relative distance from the target within which the autoscaler keeps the fleet as it is (10%,
/// Kubernetes' default), so that noise does not make it flap.
pub const TOLERANCE: f64 = 0.1;

/// A server the autoscaler may count or remove: starting or up, not draining.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its id (newer servers have higher ids).
    pub id: ServerId,
    /// Its workers.
    pub workers: u32,
    /// Whether it is still booting.
    pub booting: bool,
}

/// What the autoscaler measured for one decision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// Mean busy workers over the metric window.
    pub busy_workers: f64,
    /// Busy worker-time over available worker-time in the window, 0–1.
    pub utilization: f64,
}

/// A decision: servers to add and servers to remove.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// How many servers of the autoscaler's size to add.
    pub add: usize,
    /// Which servers to remove, booting ones first, newest first.
    pub remove: Vec<ServerId>,
    /// Workers the fleet will have once the plan is carried out.
    pub workers: u32,
    /// Workers the autoscaler asked for (after stabilization and rate limits); the plan may
    /// fall short of it at the maximum server count, or exceed it by part of a server.
    pub asked: u32,
    /// What was measured, if the decision rested on a full metric window.
    pub reading: Option<Reading>,
}

impl Plan {
    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.add == 0 && self.remove.is_empty()
    }
}

/// The autoscaler's memory: the fleet's usage a second at a time, and its recent
/// recommendations.
#[derive(Clone, Debug, Default)]
pub struct Autoscaler {
    /// Usage of each simulated second since it was switched on, newest last (one metric window).
    samples: VecDeque<Usage>,
    /// When it last decided, in simulated microseconds.
    last_sync: Option<Micros>,
    /// (time, workers) of past recommendations, oldest first, within the stabilization windows.
    recommendations: VecDeque<(Micros, u32)>,
}

impl Autoscaler {
    /// Forgets everything: called when it is switched off.
    pub fn reset(&mut self) {
        *self = Autoscaler::default();
    }

    /// Records the second that ended at `now` and, on a sync, decides. `fleet` lists the servers
    /// starting or up (not draining) in id order; `size_workers` is the workers of the servers
    /// it adds.
    pub fn on_second(
        &mut self,
        config: &AutoscaleConfig,
        now: Micros,
        usage: Usage,
        fleet: &[Member],
        size_workers: u32,
    ) -> Plan {
        let window = whole_seconds(config.metric_window);
        if self.samples.len() == window {
            self.samples.pop_front();
        }
        self.samples.push_back(usage);
        let current: u32 = fleet.iter().map(|m| m.workers).sum();
        // A decision needs a full window measured since it was switched on; until then, and
        // between syncs, only the server-count limits apply.
        let due = self.last_sync.is_none_or(|t| now >= t + config.sync_period);
        if self.samples.len() < window || !due {
            return plan(config, fleet, current, size_workers);
        }
        self.last_sync = Some(now);
        let reading = self.reading();
        let raw = recommend(config, reading, fleet, current);
        let desired = rate_limited(config, current, self.stabilized(config, now, current, raw), size_workers);
        Plan { reading: Some(reading), ..plan(config, fleet, desired, size_workers) }
    }

    fn reading(&self) -> Reading {
        let total = self.samples.iter().fold(Usage::default(), |mut sum, u| {
            sum += *u;
            sum
        });
        let span = (self.samples.len() as u64 * SECOND) as f64;
        Reading { busy_workers: total.busy as f64 / span, utilization: total.utilization() }
    }

    /// Kubernetes' stabilization: remember `raw`, then keep the fleet at `current` unless every
    /// recommendation in the scale-up window is above it (then the lowest of them) or every one
    /// in the scale-down window is below it (then the highest of them).
    fn stabilized(&mut self, config: &AutoscaleConfig, now: Micros, current: u32, raw: u32) -> u32 {
        self.recommendations.push_back((now, raw));
        let keep = config.scale_up_stabilization.max(config.scale_down_stabilization);
        while self.recommendations.front().is_some_and(|(t, _)| *t + keep < now) {
            self.recommendations.pop_front();
        }
        let within = |window: Micros| {
            self.recommendations.iter().filter(move |(t, _)| *t + window >= now).map(|(_, w)| *w)
        };
        let up = within(config.scale_up_stabilization).min().unwrap_or(raw);
        let down = within(config.scale_down_stabilization).max().unwrap_or(raw);
        current.max(up).min(down)
    }
}

/// The HPA's raw recommendation in workers for `reading`, with `current` workers starting or up:
/// the busy workers over the target, `ceil(current × utilization / target)` counted in workers.
/// Busy workers (not the utilization of today's fleet) are what the window measured, so seconds
/// from before a scale-out never inflate the ask.
fn recommend(config: &AutoscaleConfig, reading: Reading, fleet: &[Member], current: u32) -> u32 {
    let target = config.target_utilization;
    let ratio = reading.utilization / target;
    if (ratio - 1.0).abs() <= TOLERANCE {
        return current;
    }
    let ready: u32 = fleet.iter().filter(|m| !m.booting).map(|m| m.workers).sum();
    if ratio > 1.0 && ready < current {
        // Booting servers count as idle: if the capacity on its way already covers the load,
        // order nothing more.
        if reading.busy_workers / (current as f64 * target) <= 1.0 + TOLERANCE {
            return current;
        }
    }
    // A hair below the ceiling so that exactly-on-target loads do not round up by a worker.
    (reading.busy_workers / target - 1e-9).ceil().max(1.0) as u32
}

/// `desired` workers, limited to what one decision may add or remove.
fn rate_limited(config: &AutoscaleConfig, current: u32, desired: u32, size_workers: u32) -> u32 {
    let by_share = (current as f64 * (1.0 + config.scale_up_percent / 100.0)).floor() as u32;
    let by_servers = current + config.scale_up_servers as u32 * size_workers;
    let most = by_share.max(by_servers);
    let least = (current as f64 * (1.0 - config.scale_down_percent / 100.0)).ceil().max(0.0) as u32;
    desired.clamp(least, most.max(least))
}

/// Which servers to add or remove to bring `fleet` to `desired` workers, with the server count
/// clamped to [min, max] whatever the metric says.
pub fn plan(config: &AutoscaleConfig, fleet: &[Member], desired: u32, size_workers: u32) -> Plan {
    let min = config.min_servers.max(1);
    let max = config.max_servers.max(min);
    let size_workers = size_workers.max(1);
    let mut workers: u32 = fleet.iter().map(|m| m.workers).sum();
    let mut count = fleet.len();
    let mut add = 0;
    while (workers < desired && count < max) || count < min {
        add += 1;
        count += 1;
        workers += size_workers;
    }
    if add > 0 {
        // Growing never drains a working server, even when the new ones are bigger.
        return Plan { add, remove: Vec::new(), workers, asked: desired, reading: None };
    }
    // Booting servers go first (they carry no requests), then the newest up ones; the last
    // server taking traffic always stays.
    let mut candidates: Vec<&Member> = fleet.iter().filter(|m| m.booting).rev().collect();
    candidates.extend(fleet.iter().filter(|m| !m.booting).rev());
    let mut up = fleet.iter().filter(|m| !m.booting).count();
    let mut remove = Vec::new();
    for m in candidates {
        if count <= min || (count <= max && workers.saturating_sub(m.workers) < desired) {
            continue;
        }
        if !m.booting && up == 1 {
            continue;
        }
        up -= usize::from(!m.booting);
        count -= 1;
        workers -= m.workers;
        remove.push(m.id);
    }
    Plan { add, remove, workers, asked: desired, reading: None }
}

/// `span` in whole seconds, at least one.
fn whole_seconds(span: Micros) -> usize {
    (span.div_ceil(SECOND) as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(target: f64) -> AutoscaleConfig {
        AutoscaleConfig { enabled: true, target_utilization: target, ..AutoscaleConfig::default() }
    }

    fn fleet(workers: &[u32]) -> Vec<Member> {
        workers
            .iter()
            .enumerate()
            .map(|(i, w)| Member { id: ServerId(i as u32), workers: *w, booting: false })
            .collect()
    }

    fn reading(busy_workers: f64, capacity: f64) -> Reading {
        Reading { busy_workers, utilization: busy_workers / capacity }
    }

    #[test]
    fn asks_for_busy_workers_over_the_target_in_workers() {
        // Two large servers (8 workers) fully busy against a 50% target: 16 workers.
        let f = fleet(&[4, 4]);
        assert_eq!(recommend(&on(0.5), reading(8.0, 8.0), &f, 8), 16);
        // 4 of 8 workers busy against a 25% target: 16 workers.
        assert_eq!(recommend(&on(0.25), reading(4.0, 8.0), &f, 8), 16);
        // Within 10% of the target: keep what there is.
        assert_eq!(recommend(&on(0.7), reading(5.8, 8.0), &f, 8), 8);
    }

    #[test]
    fn booting_capacity_is_not_ordered_twice() {
        let mut f = fleet(&[2, 2, 2, 2]);
        f[2].booting = true;
        f[3].booting = true;
        // The 2 up servers are saturated, but the 4 booting workers already cover 4 busy / 0.7.
        assert_eq!(recommend(&on(0.7), reading(4.0, 4.0), &f, 8), 8);
    }

    #[test]
    fn plans_servers_from_workers_and_always_clamps() {
        let config = AutoscaleConfig { min_servers: 2, max_servers: 4, ..on(0.5) };
        // 16 workers wanted from 8 large ones' worth: small servers (2 workers) are added up to max.
        let p = plan(&config, &fleet(&[4, 4]), 16, 2);
        assert_eq!((p.add, p.remove.len(), p.workers), (2, 0, 12));
        // Six servers with a maximum of 4: two go, whatever the load.
        let p = plan(&config, &fleet(&[2; 6]), 12, 2);
        assert_eq!(p.remove, vec![ServerId(5), ServerId(4)]);
        // One server with a minimum of 2: one is added even with no load.
        let p = plan(&config, &fleet(&[2]), 0, 2);
        assert_eq!(p.add, 1);
    }

    #[test]
    fn growing_with_bigger_servers_removes_nothing() {
        // 5 workers wanted from two small servers, adding large ones (4 workers): one large
        // server is added and both small ones stay.
        let p = plan(&on(0.7), &fleet(&[2, 2]), 5, 4);
        assert_eq!((p.add, p.remove.len(), p.workers), (1, 0, 8));
    }

    #[test]
    fn removes_booting_servers_first_and_never_the_last_up_one() {
        let mut f = fleet(&[2, 2, 2]);
        f[1].booting = true;
        let p = plan(&on(0.7), &f, 1, 2);
        assert_eq!(p.remove, vec![ServerId(1), ServerId(2)]);
        let p = plan(&on(0.7), &fleet(&[4]), 0, 2);
        assert!(p.is_empty());
    }

    #[test]
    fn rate_policies_limit_one_decision() {
        let config = on(0.5);
        // Up by 100% or 4 servers, whichever is more: from 2 workers, at most 2 + 4 × 2 = 10.
        assert_eq!(rate_limited(&config, 2, 40, 2), 10);
        // From 20 workers, at most doubling.
        assert_eq!(rate_limited(&config, 20, 100, 2), 40);
        let slow = AutoscaleConfig { scale_down_percent: 50.0, ..config };
        assert_eq!(rate_limited(&slow, 20, 2, 2), 10);
    }

    #[test]
    fn the_highest_recommendation_in_the_scale_down_window_wins() {
        let config = on(0.7);
        let mut a = Autoscaler::default();
        let window = config.scale_down_stabilization;
        assert_eq!(a.stabilized(&config, 0, 10, 14), 14);
        assert_eq!(a.stabilized(&config, SECOND, 14, 8), 14, "a dip within the window is ignored");
        assert_eq!(a.stabilized(&config, window + 2 * SECOND, 14, 8), 8, "once the window has passed");
    }
}
