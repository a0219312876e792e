//! The autoscaler's rule, as a pure function of what it measures.

use super::config::AutoscaleConfig;

/// Relative distance from the target within which the autoscaler does nothing (10%), so that
/// noise does not make it flap.
pub const TOLERANCE: f64 = 0.1;

/// How many servers the autoscaler wants, given `up` servers taking traffic at mean
/// `utilization` (0–1) and `starting` still booting; `None` means leave things as they are.
pub fn desired_servers(
    config: &AutoscaleConfig,
    up: usize,
    starting: usize,
    utilization: f64,
) -> Option<usize> {
    if !config.enabled || up == 0 {
        return None;
    }
    let ratio = utilization / config.target_utilization;
    if (ratio - 1.0).abs() <= TOLERANCE {
        return None;
    }
    let wanted = (up as f64 * ratio).ceil() as usize;
    let wanted = wanted.clamp(config.min_servers.max(1), config.max_servers.max(1));
    (wanted != up + starting).then_some(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(target: f64) -> AutoscaleConfig {
        AutoscaleConfig { enabled: true, target_utilization: target, ..AutoscaleConfig::default() }
    }

    #[test]
    fn scales_out_in_proportion_to_overload() {
        // 4 servers 100% busy against a 50% target: twice as many.
        assert_eq!(desired_servers(&on(0.5), 4, 0, 1.0), Some(8));
    }

    #[test]
    fn holds_within_tolerance_and_counts_booting_servers() {
        assert_eq!(desired_servers(&on(0.7), 4, 0, 0.72), None);
        assert_eq!(desired_servers(&on(0.5), 4, 4, 1.0), None);
    }

    #[test]
    fn scales_in_but_not_below_minimum() {
        assert_eq!(desired_servers(&on(0.7), 4, 0, 0.1), Some(1));
        let config = AutoscaleConfig { min_servers: 2, ..on(0.7) };
        assert_eq!(desired_servers(&config, 4, 0, 0.1), Some(2));
    }

    #[test]
    fn does_nothing_when_off() {
        assert_eq!(desired_servers(&AutoscaleConfig::default(), 4, 0, 1.0), None);
    }
}
