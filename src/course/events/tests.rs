use super::*;
use crate::sim::attack::AttackConfig;
use crate::sim::config::{ChaosConfig, ServerSize};
use crate::sim::edge::{Defence, DefenceSetting};
use crate::sim::event::ScaleReason;
use crate::sim::security::{AuthConfig, Tap, TlsConfig};
use crate::sim::storage::{Loss, NodeId, Replication, Role};
use crate::sim::{Algorithm, ServerId};

/// One event of every kind (both sides of those named by what they hold), with the name each
/// should have.
fn samples() -> Vec<(EventKind, Option<&'static str>)> {
    let server = ServerId(1);
    let node = NodeId(0);
    let loss = || Loss { count: 2, keys: vec![4, 9] };
    let storage = |outcome| EventKind::Storage(outcome);
    vec![
        (EventKind::ServerAdded { server, size: ServerSize::Small, ready_at: 5 }, Some("server-added")),
        (EventKind::ServerReady { server }, Some("server-ready")),
        (EventKind::ServerDraining { server }, None),
        (EventKind::ServerRemoved { server }, Some("server-removed")),
        (EventKind::ServerCrashed { server }, Some("server-crashed")),
        (EventKind::ServerRestored { server, ready_at: 5 }, Some("server-restored")),
        (EventKind::ServerMarkedDown { server, after: Some(3) }, Some("server-marked-down")),
        (EventKind::ServerMarkedUp { server, after: None }, Some("server-marked-up")),
        (EventKind::ServerSaturated { server }, Some("server-saturated")),
        (EventKind::ServerRecovered { server }, Some("server-recovered")),
        (EventKind::ArrivalRateChanged { rate: 100.0 }, Some("arrival-rate-changed")),
        (EventKind::BurstStarted { rate: 900.0, until: 9 }, Some("burst-started")),
        (EventKind::BurstEnded, Some("burst-ended")),
        (EventKind::AlgorithmChanged { algorithm: Algorithm::PowerOfTwo }, Some("algorithm-changed")),
        (EventKind::AutoscalingChanged { enabled: true, target: 0.6 }, Some("autoscaling-changed")),
        (
            EventKind::Autoscaled {
                from: 2,
                to: 3,
                utilization: 0.9,
                busy_workers: 7.2,
                asked: 12,
                workers: 12,
                reason: ScaleReason::Load,
            },
            Some("autoscaled"),
        ),
        (EventKind::RetriesChanged { max_attempts: 3, budget: 0.1 }, Some("retries-changed")),
        (EventKind::RetryStorm { retries: 500, arrivals: 100 }, Some("retry-storm")),
        (EventKind::RetryStormOver, Some("retry-storm-over")),
        (EventKind::ChaosChanged { chaos: Some(ChaosConfig::default()) }, Some("chaos-changed")),
        (storage(OutcomeKind::DiskFailed { node, disk: 1 }), Some("disk-failed")),
        (storage(OutcomeKind::MirrorDegraded { node, healthy: 1, disks: 2 }), None),
        (storage(OutcomeKind::DiskReplaced { node, disk: 1, rebuild_until: Some(9) }), Some("disk-replaced")),
        (storage(OutcomeKind::RebuildProgress { node, disk: 1, percent: 50 }), None),
        (storage(OutcomeKind::RebuildDone { node, disk: 1 }), Some("disk-rebuilt")),
        (storage(OutcomeKind::NodeDataLost { node, loss: loss() }), Some("data-lost")),
        (storage(OutcomeKind::NodeCrashed { node, role: Role::Primary }), Some("database-crashed")),
        (
            storage(OutcomeKind::NodeRestored { node, role: Role::Replica, discarded: 2, missing: 0 }),
            Some("database-restored"),
        ),
        (storage(OutcomeKind::ReplicaCaughtUp { node }), Some("replica-caught-up")),
        (
            storage(OutcomeKind::FailoverDone { from: node, promoted: NodeId(1), loss: loss() }),
            Some("failover"),
        ),
        (EventKind::FailoverStalled, Some("failover-stalled")),
        (EventKind::ReplicationChanged { mode: Replication::Async }, Some("replication-changed")),
        (
            EventKind::AttackStarted { attack: AttackConfig::default(), uplink_loss: 0.0 },
            Some("attack-started"),
        ),
        (EventKind::AttackStopped, Some("attack-stopped")),
        (EventKind::UplinkSaturated { loss: 0.4 }, Some("uplink-saturated")),
        (EventKind::UplinkClear, Some("uplink-clear")),
        (EventKind::ConnectionTableFull { held: 10, half_open: 8, slots: 10 }, Some("connection-table-full")),
        (EventKind::ConnectionTableFree, Some("connection-table-free")),
        (EventKind::DefenceChanged { setting: DefenceSetting::SynCookies(true) }, Some("defence-on")),
        (
            EventKind::DefenceChanged { setting: DefenceSetting::ConnectionLimit(Some(20)) },
            Some("defence-on"),
        ),
        (EventKind::DefenceChanged { setting: DefenceSetting::RateLimit(None) }, Some("defence-off")),
        (EventKind::SourcesBlocked { sources: 40, legit: 1 }, Some("sources-blocked")),
        (EventKind::IdsAlerts { alerts: 40, legit: 0 }, Some("ids-alerts")),
        (EventKind::LegitimateBlocked { defence: Defence::RateLimit, count: 12 }, Some("users-blocked")),
        (EventKind::TlsChanged { config: TlsConfig::default(), round_trip: 20_000 }, Some("tls-changed")),
        (EventKind::TapPlaced { tap: Some(Tap::Inner) }, Some("tap-placed")),
        (EventKind::TapPlaced { tap: None }, Some("tap-removed")),
        (EventKind::AtRestChanged { on: true }, Some("encryption-at-rest-changed")),
        (EventKind::AtRestKeyDestroyed { encrypted: true }, Some("key-destroyed")),
        (EventKind::AuthChanged { auth: Some(AuthConfig::default()) }, Some("auth-changed")),
        (EventKind::AuthChanged { auth: None }, Some("auth-changed")),
        (EventKind::AccountTakenOver { account: 3 }, Some("account-taken-over")),
        (EventKind::UsersLockedOut { account: 3 }, Some("users-locked-out")),
        (EventKind::StolenTokenUsed { account: 3 }, Some("stolen-token-used")),
        (EventKind::TokensRevoked { account: 3 }, Some("tokens-revoked")),
    ]
}

#[test]
fn each_event_has_its_name() {
    for (kind, expected) in samples() {
        assert_eq!(name(&kind), expected, "{kind:?}");
    }
}

#[test]
fn every_listed_name_is_given_by_some_event_and_no_other_is() {
    let given: Vec<&str> = samples().iter().filter_map(|(kind, _)| name(kind)).collect();
    for listed in NAMES {
        assert!(given.contains(listed), "no event is named {listed}");
    }
    for name in &given {
        assert!(NAMES.contains(name), "{name} is missing from NAMES");
    }
}

#[test]
fn names_are_unique_and_kebab_case() {
    for (i, name) in NAMES.iter().enumerate() {
        assert!(!NAMES[..i].contains(name), "{name} is listed twice");
        assert!(
            !name.is_empty()
                && !name.starts_with('-')
                && !name.ends_with('-')
                && !name.contains("--")
                && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{name}"
        );
    }
}

#[test]
fn a_failover_that_lost_writes_is_data_lost_too() {
    let failover = |count| {
        EventKind::Storage(OutcomeKind::FailoverDone {
            from: NodeId(0),
            promoted: NodeId(1),
            loss: Loss { count, keys: Vec::new() },
        })
    };
    assert!(failover_lost_writes(&failover(3)));
    assert!(!failover_lost_writes(&failover(0)));
    assert!(!failover_lost_writes(&EventKind::BurstEnded));
}
