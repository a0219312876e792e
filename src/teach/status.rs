//! Captions for when no event has anything to say: how the load stands against capacity now,
//! the welcome before anything has happened, and the paused line.

use crate::sim::Snapshot;

use super::captions::{Caption, Kind};
use super::phrases::{rate, servers};
use crate::format::percent;

/// The plain line before anything has happened.
pub const WELCOME: &str =
    "Requests flow from clients through the load balancer to the servers. Add servers or raise the traffic and watch.";

/// The plain line while time is paused and no event has anything to say.
pub const PAUSED: &str =
    "Time is paused: press Play (or Space) to let traffic flow, or Step (or .) to move one event at a time.";

/// Below this share of capacity (60%) the road has room to spare.
pub const ROOM_BELOW: f64 = 0.6;

/// How busy the road is: the arrival rate against what the servers taking traffic can serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// No traffic at all.
    Empty,
    /// Under [`ROOM_BELOW`] of capacity: requests rarely wait.
    RoomToSpare,
    /// From [`ROOM_BELOW`] up to capacity: traffic flows, but queues form and waits grow.
    Busy,
    /// More than capacity (or no server taking traffic): queues grow until requests are dropped.
    Jammed,
}

impl Band {
    /// The band for `rate` requests per second against `capacity` requests per second.
    pub fn of(rate: f64, capacity: f64) -> Band {
        if rate <= 0.0 {
            Band::Empty
        } else if rate > capacity {
            Band::Jammed
        } else if rate < ROOM_BELOW * capacity {
            Band::RoomToSpare
        } else {
            Band::Busy
        }
    }

    /// The plain line for the band, in the highway analogy.
    pub fn plain(self) -> &'static str {
        match self {
            Band::Empty => "An empty road: no requests are coming in.",
            Band::RoomToSpare => {
                "Room to spare: the lanes carry this traffic easily, so requests rarely wait."
            }
            Band::Busy => "A busy road: traffic still flows, but cars bunch up and waits grow.",
            Band::Jammed => {
                "Jammed: more cars than the lanes can carry, so queues grow until some are turned away."
            }
        }
    }
}

/// "`rate` req/s against about C req/s on N servers (P% of capacity)", with any servers still
/// booting, from `now`.
pub fn load_line(rate_now: f64, now: &Snapshot) -> String {
    let load = if now.capacity > 0.0 {
        let share = rate_now / now.capacity;
        // Rounding must not make an overload read as exactly 100%.
        let shown = if share > 1.0 && share < 1.005 { "just over 100%".to_string() } else { percent(share) };
        format!(
            "{} req/s against about {} req/s on {} ({shown} of capacity)",
            rate(rate_now),
            rate(now.capacity),
            servers(now.up_servers())
        )
    } else {
        format!("{} req/s and no server taking traffic yet", rate(rate_now))
    };
    match now.fleet().booting {
        0 => load,
        n => format!("{load}; {} more booting", servers(n)),
    }
}

/// How things stand now: the arrival rate (flash crowd included) against capacity.
pub fn status(now: &Snapshot) -> Caption {
    Caption {
        kind: Kind::Status,
        plain: Band::of(now.arrival_rate, now.capacity).plain().to_string(),
        technical: format!("{}.", load_line(now.arrival_rate, now)),
    }
}

/// The status before anything has happened: the welcome line, with the load now.
pub fn welcome(now: &Snapshot) -> Caption {
    Caption { plain: WELCOME.to_string(), ..status(now) }
}

/// What the caption bar shows for the narrator's `caption` (none before it first speaks): the
/// caption itself, except that while time is `paused` and there is nothing but the status to
/// tell, it says time is paused and how to resume, keeping the status's technical line.
pub fn on_screen(caption: Option<&Caption>, paused: bool) -> Caption {
    let paused_with =
        |technical: String| Caption { kind: Kind::Paused, plain: PAUSED.to_string(), technical };
    match caption {
        Some(c) if paused && c.kind == Kind::Status => paused_with(c.technical.clone()),
        Some(c) => c.clone(),
        None if paused => paused_with(String::new()),
        None => Caption { kind: Kind::Status, plain: WELCOME.to_string(), technical: String::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_load() {
        assert_eq!(Band::of(0.0, 40.0), Band::Empty);
        assert_eq!(Band::of(20.0, 40.0), Band::RoomToSpare);
        assert_eq!(Band::of(30.0, 40.0), Band::Busy);
        assert_eq!(Band::of(40.0, 40.0), Band::Busy);
        assert_eq!(Band::of(40.1, 40.0), Band::Jammed);
        assert_eq!(Band::of(5.0, 0.0), Band::Jammed);
    }

    #[test]
    fn an_overload_never_reads_as_100_percent() {
        let now = Snapshot { arrival_rate: 40.1, capacity: 40.0, ..Snapshot::default() };
        assert!(load_line(40.1, &now).contains("just over 100%"), "{}", load_line(40.1, &now));
    }
}
