//! The balancer's view of each server's health, from active checks: consecutive failures take a
//! server out of rotation, consecutive passes put it back (HAProxy's `fall` and `rise`).

use super::config::HealthCheckConfig;
use super::server::ServerId;

/// What one check result changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing: the server stays in or out of rotation.
    Same,
    /// Enough failures in a row: take the server out of rotation.
    MarkDown,
    /// Enough passes in a row: put the server back in rotation.
    MarkUp,
}

/// One server's record of recent checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Record {
    /// Whether the balancer sends it requests.
    in_rotation: bool,
    /// Checks failed in a row.
    failures: u32,
    /// Checks passed in a row.
    passes: u32,
}

/// The health of every server, by id, as the balancer believes it.
#[derive(Clone, Debug, Default)]
pub struct Health {
    records: Vec<Record>,
}

impl Health {
    /// Starts tracking server `id`, in rotation or not.
    pub fn track(&mut self, id: ServerId, in_rotation: bool) {
        if self.records.len() <= id.index() {
            self.records.resize(id.index() + 1, Record::default());
        }
        self.records[id.index()] = Record { in_rotation, failures: 0, passes: 0 };
    }

    /// Whether the balancer believes server `id` is healthy and sends it requests.
    pub fn in_rotation(&self, id: ServerId) -> bool {
        self.records.get(id.index()).is_some_and(|r| r.in_rotation)
    }

    /// Checks passed in a row by server `id` (shown while a restored server earns its way back).
    pub fn passes(&self, id: ServerId) -> u32 {
        self.records.get(id.index()).map_or(0, |r| r.passes)
    }

    /// Records one check of server `id` that passed or failed, and says what it changed.
    pub fn record(&mut self, config: &HealthCheckConfig, id: ServerId, pass: bool) -> Verdict {
        let Some(r) = self.records.get_mut(id.index()) else { return Verdict::Same };
        if pass {
            r.failures = 0;
            r.passes += 1;
            // `rise` passes in a row bring a server back.
            if !r.in_rotation && r.passes >= config.healthy_threshold.max(1) {
                r.in_rotation = true;
                return Verdict::MarkUp;
            }
        } else {
            r.passes = 0;
            r.failures += 1;
            // `fall` failures in a row take it out.
            if r.in_rotation && r.failures >= config.unhealthy_threshold.max(1) {
                r.in_rotation = false;
                return Verdict::MarkDown;
            }
        }
        Verdict::Same
    }

    /// Takes server `id` out of rotation at once (it was removed or is draining).
    pub fn forget(&mut self, id: ServerId) {
        if let Some(r) = self.records.get_mut(id.index()) {
            *r = Record::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fall_failures_take_a_server_out_and_rise_passes_bring_it_back() {
        let config = HealthCheckConfig {
            unhealthy_threshold: 3,
            healthy_threshold: 2,
            ..HealthCheckConfig::default()
        };
        let mut health = Health::default();
        let id = ServerId(1);
        health.track(id, true);
        assert_eq!(health.record(&config, id, false), Verdict::Same);
        assert_eq!(health.record(&config, id, true), Verdict::Same, "a pass resets the failures");
        assert_eq!(health.record(&config, id, false), Verdict::Same);
        assert_eq!(health.record(&config, id, false), Verdict::Same);
        assert_eq!(health.record(&config, id, false), Verdict::MarkDown);
        assert!(!health.in_rotation(id));
        assert_eq!(health.record(&config, id, true), Verdict::Same);
        assert_eq!(health.record(&config, id, true), Verdict::MarkUp);
        assert!(health.in_rotation(id));
    }
}
