//! The captions' texts: a plain line in the mentoring dialogue's analogies (highway lanes,
//! spreading traffic so no single server is overwhelmed) and a technical line beside it, with the
//! numbers of the snapshot the caption is shown with.

use crate::sim::event::{Event, EventKind, ScaleReason};
use crate::sim::time::{to_secs, Micros, SECOND};
use crate::sim::Snapshot;

use super::phrases::{fleet, rate, secs, servers};
use super::status::{load_line, Band};
use super::{attack_captions, auth_captions, storage_captions, tls_captions};
use crate::format::{fixed, percent};

/// What a caption tells of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A server was added and takes traffic at once.
    Added,
    /// A server was added and is booting.
    Booting,
    /// A booting server is up.
    Ready,
    /// A server is draining.
    Draining,
    /// A server has left.
    Removed,
    /// A server crashed and the balancer has not noticed yet.
    Crashed,
    /// Health checks took a crashed server out of rotation.
    Detected,
    /// A crashed server was restored and is booting or earning its way back.
    Restored,
    /// Health checks put a restored server back in rotation.
    Rejoined,
    /// The balancer's retries changed.
    Retries,
    /// Chaos was switched on or off.
    Chaos,
    /// Retries are storming.
    RetryStorm,
    /// A retry storm calmed down.
    RetryStormOver,
    /// The balancing algorithm changed.
    Algorithm,
    /// The base arrival rate changed; above capacity, an overload.
    Rate,
    /// A flash crowd is under way.
    Burst,
    /// The flash crowd is over.
    BurstOver,
    /// Some server's queue is overflowing.
    Saturated,
    /// No queue overflows any more.
    Recovered,
    /// The autoscaler was switched on or off, or given a new target.
    Autoscaling,
    /// The autoscaler changed the number of servers.
    Autoscaled,
    /// No event to tell of: how the load stands against capacity now.
    Status,
    /// Time is paused and there is nothing else to tell.
    Paused,
    /// A disk failed; its mirror carries on degraded.
    DiskFailed,
    /// A replaced disk is rebuilding.
    Rebuilding,
    /// A rebuild finished.
    Rebuilt,
    /// A database node lost its data.
    DataLost,
    /// A database node crashed, or the failover is stalled.
    DatabaseCrashed,
    /// A replica was promoted in place of the primary.
    Failover,
    /// A database node came back, or caught up.
    DatabaseRestored,
    /// The database's replication was switched.
    Replication,
    /// A botnet attacks.
    Attack,
    /// The attack stopped.
    AttackOver,
    /// A defence at the edge was switched on or off.
    Defence,
    /// Intrusion detection blocked sources.
    Detection,
    /// A defence blocked users' requests.
    Collateral,
    /// The edge's connection table filled up, or has room again.
    Connections,
    /// The uplink is losing traffic, or carries everything again.
    Uplink,
    /// Authentication was switched on or off.
    Auth,
    /// A bot took over an account.
    Takeover,
    /// A lockout kept a real user out.
    LockedOut,
    /// A thief's stolen token worked.
    StolenToken,
    /// An account's tokens were revoked.
    Revoked,
    /// TLS was switched on, off or changed.
    Tls,
    /// An eavesdropper was placed on a link, or taken away.
    Eavesdropper,
    /// Encryption at rest was switched, or its key destroyed.
    AtRest,
}

impl Kind {
    /// The kind of caption `event` earns; the narrator keeps the newest event of each kind.
    pub fn of(event: &Event) -> Kind {
        match &event.kind {
            EventKind::ServerAdded { ready_at, .. } if *ready_at > event.time => Kind::Booting,
            EventKind::ServerAdded { .. } => Kind::Added,
            EventKind::ServerReady { .. } => Kind::Ready,
            EventKind::ServerDraining { .. } => Kind::Draining,
            EventKind::ServerRemoved { .. } => Kind::Removed,
            EventKind::ServerCrashed { .. } => Kind::Crashed,
            EventKind::ServerMarkedDown { .. } => Kind::Detected,
            EventKind::ServerRestored { .. } => Kind::Restored,
            EventKind::ServerMarkedUp { .. } => Kind::Rejoined,
            EventKind::RetriesChanged { .. } => Kind::Retries,
            EventKind::ChaosChanged { .. } => Kind::Chaos,
            EventKind::RetryStorm { .. } => Kind::RetryStorm,
            EventKind::RetryStormOver => Kind::RetryStormOver,
            EventKind::AlgorithmChanged { .. } => Kind::Algorithm,
            EventKind::ArrivalRateChanged { .. } => Kind::Rate,
            EventKind::BurstStarted { .. } => Kind::Burst,
            EventKind::BurstEnded => Kind::BurstOver,
            EventKind::ServerSaturated { .. } => Kind::Saturated,
            EventKind::ServerRecovered { .. } => Kind::Recovered,
            EventKind::AutoscalingChanged { .. } => Kind::Autoscaling,
            EventKind::Autoscaled { .. } => Kind::Autoscaled,
            other => storage_captions::kind_of(other)
                .or_else(|| tls_captions::kind_of(other))
                .or_else(|| attack_captions::kind_of(other))
                .or_else(|| auth_captions::kind_of(other))
                .expect("every other event is the database's, encryption's, the edge's or authentication's"),
        }
    }
}

/// One caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    /// What it tells of.
    pub kind: Kind,
    /// The plain-language line, in the dialogue's analogy.
    pub plain: String,
    /// The technical line beside it (empty when there is none).
    pub technical: String,
}

/// The caption for `event`, told with the numbers of `now`. Whether it still holds is
/// [`crate::teach::situation::holds`]'s question.
pub fn caption_for(event: &Event, now: &Snapshot) -> Caption {
    let (plain, technical) = match &event.kind {
        EventKind::ServerAdded { server, size, ready_at } if *ready_at > event.time => (
            "A new lane is being built: it opens once the server has booted.",
            format!(
                "Server {} ({}) boots until {} s before it takes traffic; meanwhile {}.",
                server.0,
                size.label(),
                fixed(to_secs(*ready_at), 1),
                fleet(now),
            ),
        ),
        EventKind::ServerAdded { server, size, .. } => (
            "Like adding a lane to a highway: more traffic can flow at once.",
            format!("Scaled out: server {} ({}) joins; {}.", server.0, size.label(), fleet(now)),
        ),
        EventKind::ServerReady { server } => (
            "The new lane is open and cars start using it.",
            format!("Server {} finished booting; {}.", server.0, fleet(now)),
        ),
        EventKind::ServerDraining { server } => (
            "Closing a lane: cars already on it finish their trip first.",
            format!(
                "Server {} is draining: it gets no new requests and finishes the ones it has.{}",
                server.0,
                if nothing_dropped_since(event.time, now) { " Nothing is lost." } else { "" }
            ),
        ),
        EventKind::ServerRemoved { server } => (
            "The lane is closed: the other lanes carry the traffic now.",
            format!("Server {} has left; {}.", server.0, fleet(now)),
        ),
        EventKind::ServerCrashed { server } => (
            "An engineer is suddenly absent: the work on their desk is lost, and the team has not noticed yet.",
            format!(
                "Server {} crashed: the requests it held failed. The balancer still sends it requests, which fail, \
                 until {} health checks in a row (one every {} s) go unanswered.",
                server.0,
                now.health_check.unhealthy_threshold,
                secs(now.health_check.interval)
            ),
        ),
        EventKind::ServerMarkedDown { server, after } => (
            "The team noticed the absence and shares out the work: the project still finishes on time.",
            format!(
                "Health checks took server {} out of rotation{}; {}.",
                server.0,
                after.map_or(String::new(), |a| format!(" {} s after it crashed", secs(a))),
                fleet(now)
            ),
        ),
        EventKind::ServerRestored { server, ready_at } => (
            "The engineer is back, but catches up before taking on work.",
            format!(
                "Server {} boots until {} s; if the balancer took it out, it must pass {} health checks in a row \
                 before it gets requests again.",
                server.0,
                fixed(to_secs(*ready_at), 1),
                now.health_check.healthy_threshold,
            ),
        ),
        EventKind::ServerMarkedUp { server, after } => (
            "Back on the team: the server takes its share of the work again.",
            format!(
                "Health checks put server {} back in rotation{}; {}.",
                server.0,
                after.map_or(String::new(), |a| format!(" {} s after it was restored", secs(a))),
                fleet(now)
            ),
        ),
        EventKind::ChaosChanged { chaos: Some(c) } => (
            "Engineers now fall ill at random: a team built to cope keeps delivering anyway.",
            format!(
                "Chaos on: each server crashes after {} s on average (MTBF) and is restored {} s later on average \
                 (MTTR), so it is down about {} of the time, and then boots before it serves again.",
                secs(c.server_mtbf),
                secs(c.server_mttr),
                percent(c.server_mttr as f64 / (c.server_mtbf + c.server_mttr) as f64)
            ),
        ),
        EventKind::RetryStorm { retries, arrivals } => (
            "Everyone redoes failed work at once, so the team drowns in repeats.",
            format!(
                "Retry storm: {retries} retries against {arrivals} new requests in a second. Each failure is tried \
                 again on servers that are already full; a retry budget caps this."
            ),
        ),
        EventKind::RetryStormOver => (
            "The repeats have died down.",
            "The retry storm is over: retries are under a tenth of new requests again.".to_string(),
        ),
        EventKind::ChaosChanged { chaos: None } => (
            "No more surprise absences.",
            "Chaos off: no more random crashes; servers it crashed stay down until you restore them.".to_string(),
        ),
        EventKind::RetriesChanged { max_attempts, .. } if *max_attempts <= 1 => (
            "Work that is lost stays lost: nobody tries again.",
            "Retries off: a request that fails ends there.".to_string(),
        ),
        EventKind::RetriesChanged { max_attempts, budget } => (
            "Lost work is handed to another engineer, but too much of it swamps the whole team.",
            format!(
                "Retries on: a failed request is tried on another server, up to {max_attempts} tries in all, {}.",
                if *budget >= 1.0 {
                    "with no retry budget".to_string()
                } else {
                    format!("while retries stay within {} of requests (the retry budget)", percent(*budget))
                }
            ),
        ),
        EventKind::AlgorithmChanged { algorithm } => (
            "Spreading traffic so no single server is overwhelmed.",
            format!("{}: {}", algorithm.name(), algorithm.explanation()),
        ),
        EventKind::ArrivalRateChanged { .. } => (
            Band::of(now.base_rate, now.capacity).plain(),
            format!("Traffic set to {}.", load_line(now.base_rate, now)),
        ),
        EventKind::BurstStarted { until, .. } => (
            "Rush hour: a flash crowd floods the road all at once.",
            format!(
                "Arrivals jump to {} req/s until {} s, against about {} req/s of capacity.",
                rate(now.arrival_rate),
                fixed(to_secs(*until), 1),
                rate(now.capacity),
            ),
        ),
        EventKind::BurstEnded => (
            "Rush hour is over: traffic is back to its usual flow.",
            format!("The flash crowd ended: {}.", load_line(now.arrival_rate, now)),
        ),
        EventKind::ServerSaturated { server } => saturation(server.0, now),
        kind @ (EventKind::Storage(_) | EventKind::ReplicationChanged { .. } | EventKind::FailoverStalled) => {
            storage_captions::lines(kind, now)
        }
        EventKind::ServerRecovered { server } => (
            "The jam has cleared: every lane is moving again.",
            format!("Server {}'s queue has room again; no server is dropping requests now.", server.0),
        ),
        EventKind::AutoscalingChanged { enabled: true, .. } => (
            "The highway now adds lanes by itself when traffic builds, and closes them when it is light.",
            format!(
                "Autoscaling on: it aims to keep servers {} busy, deciding every {} s from the last {} s of measurements; \
                 new servers boot for {} s.",
                percent(now.autoscale.target_utilization),
                secs(now.autoscale.sync_period),
                secs(now.autoscale.metric_window),
                secs(now.autoscale.startup_delay)
            ),
        ),
        EventKind::AutoscalingChanged { enabled: false, .. } => (
            "Lanes now change only when you add or remove them.",
            format!("Autoscaling off; {}.", fleet(now)),
        ),
        EventKind::Autoscaled { from, to, reason: ScaleReason::Minimum | ScaleReason::Maximum, .. } => (
            "The highway keeps its number of lanes within the limits it was given, whatever the traffic.",
            format!(
                "Autoscaler: {from} → {to} servers to stay within its limits of {} to {} servers.",
                now.autoscale.min_servers, now.autoscale.max_servers
            ),
        ),
        EventKind::Autoscaled { from, to, utilization, busy_workers, asked, workers, .. } => (
            if to > from {
                "Traffic is building, so the highway adds lanes by itself, but building takes time."
            } else {
                "Traffic is light, so the highway closes lanes it does not need."
            },
            format!(
                "Autoscaler: {busy_workers} workers busy on average ({} against a {} target) asks for {asked} workers{}, \
                 so {from} → {to} servers; {}.",
                percent(*utilization),
                percent(now.autoscale.target_utilization),
                if workers < asked {
                    format!(" but stops at its maximum of {} servers", now.autoscale.max_servers)
                } else {
                    String::new()
                },
                match now.fleet().booting {
                    0 => fleet(now),
                    n => format!("{} still booting", servers(n)),
                },
                busy_workers = fixed(*busy_workers, 1),
            ),
        ),
        kind @ (EventKind::AuthChanged { .. }
        | EventKind::AccountTakenOver { .. }
        | EventKind::UsersLockedOut { .. }
        | EventKind::StolenTokenUsed { .. }
        | EventKind::TokensRevoked { .. }) => auth_captions::lines(kind, now),
        kind @ (EventKind::TlsChanged { .. }
        | EventKind::TapPlaced { .. }
        | EventKind::AtRestChanged { .. }
        | EventKind::AtRestKeyDestroyed { .. }) => tls_captions::lines(kind, now),
        // Every other event is the edge's.
        kind => attack_captions::lines(kind, now),
    };
    Caption { kind: Kind::of(event), plain: plain.to_string(), technical }
}

/// The saturation caption for the servers saturated in `now`: one is named, several or all are
/// not (a count that changes every second would make screen readers repeat it).
fn saturation(told: u32, now: &Snapshot) -> (&'static str, String) {
    let saturated: Vec<u32> = now.servers.iter().filter(|s| s.saturated).map(|s| s.id.0).collect();
    match saturated.as_slice() {
        [] => (
            "A lane jammed: that server got more cars than it could take, and some were turned away.",
            format!("Server {told}'s queue overflowed: arrivals beyond it were dropped."),
        ),
        [one] => (
            "A jammed lane: this server gets more cars than it can take, so some are turned away.",
            format!("Server {one}'s queue is full: arrivals beyond it are dropped. Add servers or balance better."),
        ),
        some if some.len() < now.servers.len() => (
            "Jammed lanes: some servers get more cars than they can take, so some are turned away.",
            "Some servers' queues are full: arrivals beyond them are dropped. Add servers or balance better."
                .to_string(),
        ),
        _ => (
            "Every lane is jammed: more cars come than the road can take, so some are turned away.",
            "Every server's queue is full: arrivals beyond them are dropped. Add servers or lower the traffic."
                .to_string(),
        ),
    }
}

/// Whether `now` shows no request dropped since `since`: no queue overflowing now (any drop marks
/// its server saturated for at least a second), none dropped in the seconds measured since, and a
/// server taking traffic (else the balancer drops them all).
fn nothing_dropped_since(since: Micros, now: &Snapshot) -> bool {
    now.capacity > 0.0
        && now.servers.iter().all(|s| !s.saturated)
        && now.series.iter().filter(|p| (p.second + 1) * SECOND > since).all(|p| p.dropped == 0)
}
