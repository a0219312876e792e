//! Exponential draws at a rate that seldom changes: the distribution is kept for the value it
//! was made from, so drawing again at the same rate does not divide again. Draws are the same as
//! with a distribution made afresh each time.

use rand::Rng;
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;

/// An exponential distribution and the value it was made from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Exponential {
    /// The value the distribution was made from (a rate or a mean, as the caller keys it);
    /// NaN before the first draw, so that it never matches.
    key: f64,
    exp: Exp<f64>,
}

impl Default for Exponential {
    fn default() -> Self {
        Exponential { key: f64::NAN, exp: Exp::new(1.0).expect("a positive rate") }
    }
}

impl Exponential {
    /// Draws from the exponential distribution of rate `lambda(key)` (per microsecond, say):
    /// `lambda` runs only when `key` differs from the last draw's. The rate must be positive.
    #[inline]
    pub fn sample(&mut self, key: f64, lambda: impl FnOnce(f64) -> f64, rng: &mut Pcg64Mcg) -> f64 {
        if key != self.key {
            self.exp = Exp::new(lambda(key)).expect("a positive rate");
            self.key = key;
        }
        self.exp.sample(rng)
    }
}

/// A whole number drawn uniformly from `0..n` (`n` at least 1), exactly as `rng.random_range(0..n)`
/// draws it (rand's single-sample method for 32-bit ranges: one widening multiplication, and a
/// second draw only in the rare case the first may be biased), kept here so that it is inlined
/// on the request path, where a request draws up to three.
#[inline(always)]
pub(crate) fn below(rng: &mut Pcg64Mcg, n: u32) -> u32 {
    debug_assert!(n > 0, "an empty range");
    let wide = |rng: &mut Pcg64Mcg| u64::from(rng.next_u32()) * u64::from(n);
    let first = wide(rng);
    let (mut result, low) = ((first >> 32) as u32, first as u32);
    if low > n.wrapping_neg() {
        let high = (wide(rng) >> 32) as u32;
        result += u32::from(low.checked_add(high).is_none());
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn draws_as_a_distribution_made_afresh_would() {
        let (mut kept, mut fresh) = (Pcg64Mcg::seed_from_u64(7), Pcg64Mcg::seed_from_u64(7));
        let mut exp = Exponential::default();
        for i in 0..1_000u32 {
            let mean = [250.0, 250.0, 1e5, 3.0][(i % 7 % 4) as usize];
            let draw = exp.sample(mean, |m| 1.0 / m, &mut kept);
            let expected = Exp::new(1.0 / mean).unwrap().sample(&mut fresh);
            assert_eq!(draw.to_bits(), expected.to_bits());
        }
    }

    proptest::proptest! {
        /// `below` gives the numbers `random_range` gives, and leaves the generator where it
        /// would, for any range (small ones, and large ones where the second draw is common).
        #[test]
        fn below_draws_as_random_range_does(seed: u64, small in 1u32..200, large in 1u32..=u32::MAX) {
            let (mut ours, mut theirs) = (Pcg64Mcg::seed_from_u64(seed), Pcg64Mcg::seed_from_u64(seed));
            for n in [small, large, 1, u32::MAX, (1 << 31) + 1] {
                for _ in 0..50 {
                    proptest::prop_assert_eq!(below(&mut ours, n), theirs.random_range(0..n));
                }
            }
            proptest::prop_assert_eq!(ours.next_u64(), theirs.next_u64());
        }
    }
}
