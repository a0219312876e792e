//! The arrival-rate slider is logarithmic: its 0–1000 steps span 1 to 100,000 requests/s, so
//! small and huge rates are both easy to reach.

/// Highest slider position.
pub const SLIDER_MAX: u32 = 1_000;

/// Decades the slider spans (10^0 … 10^5 requests/s).
const DECADES: f64 = 5.0;

/// The rate, in requests per second, at slider position `position`, rounded to two
/// significant digits.
pub fn rate_at(position: u32) -> f64 {
    let exact = 10f64.powf(position.min(SLIDER_MAX) as f64 / SLIDER_MAX as f64 * DECADES);
    let magnitude = 10f64.powf(exact.log10().floor() - 1.0).max(1.0);
    (exact / magnitude).round() * magnitude
}

/// The slider position that shows `rate` requests per second.
pub fn position_of(rate: f64) -> u32 {
    if rate <= 1.0 {
        return 0;
    }
    ((rate.log10() / DECADES) * SLIDER_MAX as f64).round().min(SLIDER_MAX as f64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_one_to_a_hundred_thousand() {
        assert_eq!(rate_at(0), 1.0);
        assert_eq!(rate_at(SLIDER_MAX), 100_000.0);
        assert_eq!(rate_at(position_of(30.0)), 30.0);
    }

    #[test]
    fn is_monotonic_and_round_trips() {
        let rates: Vec<f64> = (0..=SLIDER_MAX).map(rate_at).collect();
        assert!(rates.windows(2).all(|w| w[0] <= w[1]));
        for r in [1.0, 12.0, 250.0, 4_700.0, 100_000.0] {
            let back = rate_at(position_of(r));
            assert!((back - r).abs() / r < 0.03, "{r} -> {back}");
        }
    }
}
