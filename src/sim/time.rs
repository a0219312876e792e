//! Simulated time: integer microseconds since the start of a run.

/// A point or span of simulated time, in microseconds.
pub type Micros = u64;

/// Microseconds in one simulated millisecond.
pub const MILLISECOND: Micros = 1_000;

/// Microseconds in one simulated second.
pub const SECOND: Micros = 1_000_000;

/// Converts milliseconds (may be fractional) to microseconds, rounding to the nearest one.
pub fn from_ms(ms: f64) -> Micros {
    (ms * MILLISECOND as f64).round().max(0.0) as Micros
}

/// Converts seconds (may be fractional) to microseconds, rounding to the nearest one.
pub fn from_secs(s: f64) -> Micros {
    (s * SECOND as f64).round().max(0.0) as Micros
}

/// Rounds a span or a moment of at least 0 µs to the nearest whole microsecond (a half rounds
/// up): as `f64::round` does there, without the library call it compiles to on processors
/// without SSE4.1 and in WebAssembly. Every random draw of the simulation is rounded so. It
/// converts through a signed integer, which processors convert to in one instruction (the
/// unsigned conversion takes a few more): the same below 2⁶³ µs (292,000 years).
#[inline]
pub fn round_micros(us: f64) -> Micros {
    (us + 0.5) as i64 as Micros
}

/// Converts microseconds to milliseconds.
pub fn to_ms(us: Micros) -> f64 {
    us as f64 / MILLISECOND as f64
}

/// Converts microseconds to seconds.
pub fn to_secs(us: Micros) -> f64 {
    us as f64 / SECOND as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_the_nearest_microsecond_as_round_does() {
        for us in [0.0, 0.4, 0.5, 0.6, 1.5, 2.5, 99.49, 99.5, 1e10 + 0.3, 1e10 + 0.7, 4e15 + 0.5, 9e18] {
            assert_eq!(round_micros(us), f64::round(us) as Micros, "{us}");
        }
    }
}
