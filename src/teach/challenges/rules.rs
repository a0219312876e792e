//! What each challenge checks, as numbers: the thresholds its goal states, and how long a try
//! runs.

use super::Challenge;
use crate::sim::metrics::WINDOW_SECONDS;
use crate::sim::security::Tap;
use crate::sim::time::{Micros, SECOND};

/// How long a try runs, and the part of it that is graded: its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The whole try, in simulated microseconds from when it starts. 60 s.
    pub length: Micros,
    /// The graded window at its end, in simulated microseconds: whole multiples of the
    /// metrics' 10 s window. 30 s.
    pub graded: Micros,
}

impl Span {
    /// A 60 s try whose last 30 s are graded: time to act first, then time to show it holds.
    pub const STANDARD: Span = Span { length: 60 * SECOND, graded: 30 * SECOND };

    /// When grading starts, in simulated microseconds after the try starts. 30 s.
    pub fn graded_from(&self) -> Micros {
        self.length - self.graded
    }

    /// The whole try, in whole simulated seconds. 60.
    pub fn length_secs(&self) -> u64 {
        self.length / SECOND
    }

    /// The graded window, in whole simulated seconds. 30.
    pub fn graded_secs(&self) -> u64 {
        self.graded / SECOND
    }

    /// How many of the metrics' 10 s windows the graded window holds. 3.
    pub fn blocks(&self) -> u64 {
        (self.graded_secs() / WINDOW_SECONDS as u64).max(1)
    }
}

/// Something the scenario does to the world that the challenge is about: a try in which it
/// did not happen (the learner removed the server it crashes, say) proves nothing and fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordeal {
    /// A server crashes.
    ServerCrash,
    /// A database disk fails.
    DiskFailure,
    /// A thief gets hold of a user's token.
    Theft,
}

/// A challenge's checks. Those over "the window" use the graded window's readings; those over
/// "the try" hold at every look from its start. Every try also fails if the learner lowers the
/// arrival rate below the scenario's: the goal is at that load.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rules {
    /// Users' p95 latency must stay under this in every 10 s of the window, in milliseconds.
    /// Default: none.
    pub max_p95_ms: Option<f64>,
    /// Users' requests served with success over the window, at least this share (0–1).
    /// Default: none.
    pub min_success: Option<f64>,
    /// Servers run at once over the try (booting, up, draining or crashed; not removed), at
    /// most. Default: none.
    pub max_servers: Option<usize>,
    /// Requests per second the servers taking traffic can serve together, over the try, at
    /// most. Default: none.
    pub max_capacity: Option<f64>,
    /// No acknowledged write lost over the try, and writes acknowledged in the window's last
    /// 10 s. Default: off.
    pub keep_writes: bool,
    /// The link the eavesdropper must stay on over the window, reading no password there
    /// (while recording something). Default: none.
    pub listen: Option<Tap>,
    /// No call with a stolen token works over the window, and authentication stays on.
    /// Default: off.
    pub stop_thief: bool,
    /// No user's request blocked by a defence over the try, and the attack goes on over the
    /// window (stopping it by command is not defending against it). Default: off.
    pub spare_users: bool,
    /// What must happen during the try for it to count. Default: none.
    pub ordeal: Option<Ordeal>,
}

impl Challenge {
    /// Its checks, with the thresholds its goal states.
    pub fn rules(self) -> Rules {
        let none = Rules::default();
        match self {
            Challenge::Scaling => {
                Rules { max_p95_ms: Some(1_000.0), min_success: Some(0.99), max_servers: Some(5), ..none }
            }
            Challenge::LoadBalancing => {
                Rules { max_p95_ms: Some(1_000.0), min_success: Some(0.99), max_capacity: Some(80.0), ..none }
            }
            Challenge::FaultTolerance => Rules {
                min_success: Some(0.99),
                max_servers: Some(5),
                ordeal: Some(Ordeal::ServerCrash),
                ..none
            },
            Challenge::RedundantStorage => {
                Rules { keep_writes: true, ordeal: Some(Ordeal::DiskFailure), ..none }
            }
            Challenge::Encryption => Rules { listen: Some(Tap::Inner), ..none },
            Challenge::AccessControl => {
                Rules { min_success: Some(0.95), stop_thief: true, ordeal: Some(Ordeal::Theft), ..none }
            }
            Challenge::DdosDefences => Rules { min_success: Some(0.95), spare_users: true, ..none },
        }
    }
}
