//! What the view shows of the edge and the traffic through it, copied out of the world a few
//! times a second.

use super::defences::{Defence, Defences, EdgeConfig};
use super::ids::Tally;
use crate::sim::attack::{AttackConfig, NatConfig};
use crate::sim::latency::Percentiles;
use crate::sim::traffic::TrafficPoint;

/// The edge, its defences and the traffic through it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EdgeView {
    /// The botnet's attack under way, if any.
    pub attack: Option<AttackConfig>,
    /// The defences in force.
    pub defences: Defences,
    /// The edge's fixed resources.
    pub config: EdgeConfig,
    /// Users sharing addresses behind a NAT, if any.
    pub nat: Option<NatConfig>,
    /// What is sent towards the uplink over what it carries (above 1, the excess is lost).
    pub uplink_load: f64,
    /// Connection table slots held by half-open connections.
    pub half_open: usize,
    /// Connection table slots held in all.
    pub connections: usize,
    /// Requests waiting in the fair queue.
    pub fair_waiting: usize,
    /// Sources the intrusion detector blocks now.
    pub blocked_sources: usize,
    /// What each defence blocked since the start: users' requests, then the botnet's.
    pub blocked: Vec<(Defence, u64, u64)>,
    /// The intrusion detector's verdicts against the ground truth since the start.
    pub ids: Tally,
    /// Attack requests that reached a server since the start.
    pub attack_reached: u64,
    /// Server-seconds paid for since the start.
    pub server_seconds: u64,
    /// The last ten whole seconds added up.
    pub recent: TrafficPoint,
    /// Latency of users' requests over the last ten whole seconds.
    pub recent_latency: Percentiles,
}
