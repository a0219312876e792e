//! The numbers a chapter compares before and after the learner acts, read from a snapshot of
//! the world.

use crate::sim::traffic::success_rate;
use crate::sim::{ServerId, Snapshot};

/// The world's numbers at one moment, as the tour compares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// When, in simulated seconds.
    pub at_s: f64,
    /// 95th percentile latency of requests served over the last 10 whole seconds, in ms.
    pub p95_ms: f64,
    /// Servers up and in the balancer's rotation.
    pub servers_up: usize,
    /// Each server's utilization over the last second (0–1), with its workers, by id.
    pub utilization: Vec<(ServerId, u32, f64)>,
    /// Share of users' requests served with success over the last 10 whole seconds, 0–1.
    pub users_success: f64,
    /// Users' requests ended (served, lost or refused) over the last 10 whole seconds.
    pub users_ended: u64,
    /// Requests served since the start.
    pub served: u64,
    /// Requests failed since the start (a server down, a database unreachable).
    pub failed: u64,
    /// Writes the database acknowledged, and acknowledged writes it lost, since the start.
    pub acknowledged: u64,
    /// Acknowledged writes lost since the start.
    pub lost_writes: u64,
    /// The eavesdropper's recordings still kept: each request's id and whether it could read it.
    pub captures: Vec<(u64, bool)>,
    /// Calls a thief made with a stolen token that worked, since authentication came on.
    pub stolen_uses: u64,
    /// Calls refused for want of a valid token, since authentication came on.
    pub unauthorized: u64,
    /// The botnet's requests the edge's defences blocked, since the start.
    pub attack_blocked: u64,
}

impl Reading {
    /// Reads `snapshot`.
    pub fn of(snapshot: &Snapshot) -> Reading {
        let recent = &snapshot.edge.recent;
        let auth = snapshot.auth.as_ref().map(|a| a.totals);
        Reading {
            at_s: crate::sim::time::to_secs(snapshot.now),
            p95_ms: snapshot.latency.p95_ms,
            servers_up: snapshot.fleet().up,
            utilization: snapshot
                .servers
                .iter()
                .filter(|s| s.in_rotation)
                .map(|s| (s.id, s.workers, s.utilization))
                .collect(),
            users_success: success_rate(recent),
            users_ended: recent.legit_served + recent.legit_lost + recent.legit_refused,
            served: snapshot.served,
            failed: snapshot.failed.iter().map(|(_, n)| n).sum(),
            acknowledged: snapshot.database.as_ref().map_or(0, |d| d.acknowledged),
            lost_writes: snapshot.database.as_ref().map_or(0, |d| d.lost),
            captures: snapshot.captures.iter().map(|c| (c.id, c.sealed.is_none())).collect(),
            stolen_uses: auth.map_or(0, |t| t.stolen_token_uses),
            unauthorized: auth.map_or(0, |t| t.unauthorized),
            attack_blocked: snapshot.edge.blocked.iter().map(|(_, _, bots)| bots).sum(),
        }
    }

    /// The newest recording's id, if any.
    pub fn newest_capture(&self) -> Option<u64> {
        self.captures.iter().map(|(id, _)| *id).max()
    }
}
