//! When a caption gives way: each event's caption holds only while the situation it tells of
//! lasts in the snapshot shown, and a caption about a moment that has passed holds only briefly.

use super::{attack_captions, auth_captions, storage_captions, tls_captions};
use crate::sim::event::{Event, EventKind};
use crate::sim::time::{Micros, SECOND};
use crate::sim::{ServerId, ServerStatus, Snapshot};

/// How long a caption about a moment that has passed stays, in simulated time: 8 s. Simulated,
/// so a paused world keeps its caption and a fast one moves on sooner.
pub const BRIEFLY: Micros = 8 * SECOND;

/// Whether the situation `event` tells of still holds in `now`, so that its caption may stay:
///
/// - a server added (taking traffic at once) or ready: briefly, while that server is up;
/// - a server booting: while it boots;
/// - a server draining: while it drains; a server that left: briefly;
/// - an algorithm chosen: briefly, while it is still the one in use;
/// - a rate set: while it is still the base rate, briefly, or for as long as it exceeds capacity;
/// - a flash crowd: while it lasts; its end: briefly, unless another starts;
/// - a queue overflowing: while any server is saturated; recovery: briefly, while none is and a
///   server takes traffic;
/// - autoscaling switched or retargeted: briefly, while the setting stands;
/// - an autoscaling decision: while autoscaling is on and the servers up or booting number what it
///   asked for, briefly or for as long as servers boot. (That it is the latest decision, and no
///   newer setting superseded it, is the narrator's part.)
pub fn holds(event: &Event, now: &Snapshot) -> bool {
    let recent = now.now < event.time + BRIEFLY;
    let status = |id: &ServerId| now.servers.iter().find(|s| s.id == *id).map(|s| s.status);
    let saturated = now.servers.iter().any(|s| s.saturated);
    match &event.kind {
        EventKind::ServerAdded { server, ready_at, .. } if *ready_at > event.time => {
            matches!(status(server), Some(ServerStatus::Starting { .. }))
        }
        EventKind::ServerAdded { server, .. } | EventKind::ServerReady { server } => {
            recent && status(server) == Some(ServerStatus::Up)
        }
        EventKind::ServerDraining { server } => status(server) == Some(ServerStatus::Draining),
        EventKind::ServerRemoved { server } => {
            recent && matches!(status(server), None | Some(ServerStatus::Removed))
        }
        EventKind::ServerCrashed { server } => {
            let view = now.servers.iter().find(|s| s.id == *server);
            view.is_some_and(|s| matches!(s.status, ServerStatus::Down { .. }) && s.in_rotation)
        }
        EventKind::ServerMarkedDown { server, .. } => {
            recent && matches!(status(server), Some(ServerStatus::Down { .. }))
        }
        EventKind::ServerRestored { server, .. } => {
            let view = now.servers.iter().find(|s| s.id == *server);
            view.is_some_and(|s| {
                matches!(s.status, ServerStatus::Starting { .. })
                    || (s.status == ServerStatus::Up && !s.in_rotation)
            })
        }
        EventKind::ServerMarkedUp { server, .. } => recent && status(server) == Some(ServerStatus::Up),
        EventKind::ChaosChanged { chaos } => recent && now.chaos == *chaos,
        // A storm lasts until the world says it is over (the narrator keeps the newest of each).
        EventKind::RetryStorm { .. } => now.retry_storm,
        EventKind::RetryStormOver => recent && !now.retry_storm,
        EventKind::RetriesChanged { max_attempts, budget } => {
            recent && now.retry_config.max_attempts == *max_attempts && now.retry_config.budget == *budget
        }
        EventKind::AlgorithmChanged { algorithm } => recent && now.algorithm == *algorithm,
        EventKind::ArrivalRateChanged { rate } => {
            now.base_rate == *rate && (recent || now.base_rate > now.capacity)
        }
        EventKind::BurstStarted { .. } => now.bursting,
        EventKind::BurstEnded => recent && !now.bursting,
        EventKind::ServerSaturated { .. } => saturated,
        EventKind::ServerRecovered { .. } => recent && !saturated && now.capacity > 0.0,
        EventKind::AutoscalingChanged { enabled, target } => {
            recent && now.autoscale.enabled == *enabled && now.autoscale.target_utilization == *target
        }
        EventKind::Autoscaled { to, .. } => {
            let starting = now.fleet().booting;
            now.autoscale.enabled && now.up_servers() + starting == *to && (recent || starting > 0)
        }
        EventKind::Storage(_) | EventKind::ReplicationChanged { .. } | EventKind::FailoverStalled => {
            storage_captions::holds(event, now)
        }
        EventKind::AuthChanged { .. }
        | EventKind::AccountTakenOver { .. }
        | EventKind::UsersLockedOut { .. }
        | EventKind::StolenTokenUsed { .. }
        | EventKind::TokensRevoked { .. } => auth_captions::holds(event, now),
        EventKind::TlsChanged { .. }
        | EventKind::TapPlaced { .. }
        | EventKind::AtRestChanged { .. }
        | EventKind::AtRestKeyDestroyed { .. } => tls_captions::holds(event, now),
        // Every other event is the edge's.
        _ => attack_captions::holds(event, now),
    }
}
