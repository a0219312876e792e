//! The names a course page's host listens for: one for each kind of world event that marks a
//! moment in a lesson (a server crashed, a failover lost writes, an attack started), sent to the
//! host with the event log's line for it. Events that only report progress (a rebuild's quarter
//! marks, a mirror running on fewer disks, a server draining before it is removed) have none.

use crate::sim::event::EventKind;
use crate::sim::storage::OutcomeKind;

/// Every name [`name`] gives, in the order of the README's table.
pub const NAMES: &[&str] = &[
    "server-added",
    "server-ready",
    "server-removed",
    "server-crashed",
    "server-restored",
    "server-marked-down",
    "server-marked-up",
    "server-saturated",
    "server-recovered",
    "arrival-rate-changed",
    "burst-started",
    "burst-ended",
    "algorithm-changed",
    "autoscaling-changed",
    "autoscaled",
    "retries-changed",
    "retry-storm",
    "retry-storm-over",
    "chaos-changed",
    "disk-failed",
    "disk-replaced",
    "disk-rebuilt",
    "data-lost",
    "database-crashed",
    "database-restored",
    "replica-caught-up",
    "failover",
    "failover-stalled",
    "replication-changed",
    "attack-started",
    "attack-stopped",
    "uplink-saturated",
    "uplink-clear",
    "connection-table-full",
    "connection-table-free",
    "defence-on",
    "defence-off",
    "sources-blocked",
    "ids-alerts",
    "users-blocked",
    "tls-changed",
    "tap-placed",
    "tap-removed",
    "encryption-at-rest-changed",
    "key-destroyed",
    "auth-changed",
    "account-taken-over",
    "users-locked-out",
    "stolen-token-used",
    "tokens-revoked",
];

/// The name a course page listens for when `kind` happens, or `None` for an event with no
/// meaning in a lesson of its own.
pub fn name(kind: &EventKind) -> Option<&'static str> {
    Some(match kind {
        EventKind::ServerAdded { .. } => "server-added",
        EventKind::ServerReady { .. } => "server-ready",
        EventKind::ServerDraining { .. } => return None,
        EventKind::ServerRemoved { .. } => "server-removed",
        EventKind::ServerCrashed { .. } => "server-crashed",
        EventKind::ServerRestored { .. } => "server-restored",
        EventKind::ServerMarkedDown { .. } => "server-marked-down",
        EventKind::ServerMarkedUp { .. } => "server-marked-up",
        EventKind::ServerSaturated { .. } => "server-saturated",
        EventKind::ServerRecovered { .. } => "server-recovered",
        EventKind::ArrivalRateChanged { .. } => "arrival-rate-changed",
        EventKind::BurstStarted { .. } => "burst-started",
        EventKind::BurstEnded => "burst-ended",
        EventKind::AlgorithmChanged { .. } => "algorithm-changed",
        EventKind::AutoscalingChanged { .. } => "autoscaling-changed",
        EventKind::Autoscaled { .. } => "autoscaled",
        EventKind::RetriesChanged { .. } => "retries-changed",
        EventKind::RetryStorm { .. } => "retry-storm",
        EventKind::RetryStormOver => "retry-storm-over",
        EventKind::ChaosChanged { .. } => "chaos-changed",
        EventKind::Storage(outcome) => return storage(outcome),
        EventKind::FailoverStalled => "failover-stalled",
        EventKind::ReplicationChanged { .. } => "replication-changed",
        EventKind::AttackStarted { .. } => "attack-started",
        EventKind::AttackStopped => "attack-stopped",
        EventKind::UplinkSaturated { .. } => "uplink-saturated",
        EventKind::UplinkClear => "uplink-clear",
        EventKind::ConnectionTableFull { .. } => "connection-table-full",
        EventKind::ConnectionTableFree => "connection-table-free",
        EventKind::DefenceChanged { setting } if setting.is_on() => "defence-on",
        EventKind::DefenceChanged { .. } => "defence-off",
        EventKind::SourcesBlocked { .. } => "sources-blocked",
        EventKind::IdsAlerts { .. } => "ids-alerts",
        EventKind::LegitimateBlocked { .. } => "users-blocked",
        EventKind::TlsChanged { .. } => "tls-changed",
        EventKind::TapPlaced { tap: Some(_) } => "tap-placed",
        EventKind::TapPlaced { tap: None } => "tap-removed",
        EventKind::AtRestChanged { .. } => "encryption-at-rest-changed",
        EventKind::AtRestKeyDestroyed { .. } => "key-destroyed",
        EventKind::AuthChanged { .. } => "auth-changed",
        EventKind::AccountTakenOver { .. } => "account-taken-over",
        EventKind::UsersLockedOut { .. } => "users-locked-out",
        EventKind::StolenTokenUsed { .. } => "stolen-token-used",
        EventKind::TokensRevoked { .. } => "tokens-revoked",
    })
}

/// Whether `kind` loses a failover's acknowledged writes: the new primary lacked some. A course
/// page hears `data-lost` after `failover` then, as it does when a node loses its last disk.
pub fn failover_lost_writes(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Storage(OutcomeKind::FailoverDone { loss, .. }) if loss.count > 0)
}

/// The name for something that happened in the database tier.
fn storage(outcome: &OutcomeKind) -> Option<&'static str> {
    Some(match outcome {
        OutcomeKind::DiskFailed { .. } => "disk-failed",
        OutcomeKind::MirrorDegraded { .. } | OutcomeKind::RebuildProgress { .. } => return None,
        OutcomeKind::DiskReplaced { .. } => "disk-replaced",
        OutcomeKind::RebuildDone { .. } => "disk-rebuilt",
        OutcomeKind::NodeDataLost { .. } => "data-lost",
        OutcomeKind::NodeCrashed { .. } => "database-crashed",
        OutcomeKind::NodeRestored { .. } => "database-restored",
        OutcomeKind::ReplicaCaughtUp { .. } => "replica-caught-up",
        OutcomeKind::FailoverDone { .. } => "failover",
    })
}

#[cfg(test)]
mod tests;
