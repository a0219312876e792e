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

/// Converts microseconds to milliseconds.
pub fn to_ms(us: Micros) -> f64 {
    us as f64 / MILLISECOND as f64
}

/// Converts microseconds to seconds.
pub fn to_secs(us: Micros) -> f64 {
    us as f64 / SECOND as f64
}
