//! Exponential draws at a rate that seldom changes: the distribution is kept for the value it
//! was made from, so drawing again at the same rate does not divide again. Draws are the same as
//! with a distribution made afresh each time.

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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

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
}
