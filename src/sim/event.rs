//! Notable things that happened, in a bounded log. Per-request steps are not logged (there are up
//! to hundreds of thousands a second); they are folded into the world's trace digest instead.

use std::collections::VecDeque;

use super::attack::AttackConfig;
use super::balancer::Algorithm;
use super::config::{ChaosConfig, ServerSize};
use super::edge::{Defence, DefenceSetting};
use super::security::{account_name, AuthConfig};
use super::security::{Tap, TlsConfig, TlsMode};
use super::server::ServerId;
use super::storage::{OutcomeKind, Replication, Role};
use super::time::{to_secs, Micros};
use crate::format;
use crate::format::fixed;

/// How many events the log keeps; older ones fall off the front.
pub const EVENT_LOG_CAPACITY: usize = 512;

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// Authentication was switched on (with its settings) or off.
    AuthChanged {
        /// The settings in force, or `None` for off.
        auth: Option<AuthConfig>,
    },
    /// A bot logged into an account for the first time since authentication was switched on:
    /// the first account takeover.
    AccountTakenOver {
        /// The account.
        account: u32,
    },
    /// A user was refused a login because their account was locked, the first since
    /// authentication was switched on: the lockout now keeps real users out.
    UsersLockedOut {
        /// The user's account.
        account: u32,
    },
    /// A thief's call with a stolen token worked (the first with this token).
    StolenTokenUsed {
        /// The account whose token it is.
        account: u32,
    },
    /// An account's tokens were revoked.
    TokensRevoked {
        /// The account.
        account: u32,
    },
    /// A server was added; it takes traffic from `ready_at`.
    ServerAdded {
        /// The new server.
        server: ServerId,
        /// Its preset.
        size: ServerSize,
        /// When it finishes booting, in simulated microseconds.
        ready_at: Micros,
    },
    /// A server finished booting and joined the balancer.
    ServerReady {
        /// The server.
        server: ServerId,
    },
    /// A server left the balancer and is finishing its requests.
    ServerDraining {
        /// The server.
        server: ServerId,
    },
    /// The balancer's retries changed.
    RetriesChanged {
        /// Tries in all (1: no retries).
        max_attempts: u8,
        /// Retries allowed as a share of requests (0–1; 1 is no budget).
        budget: f64,
    },
    /// Chaos was switched on (with its settings) or off.
    ChaosChanged {
        /// The settings in force, or `None` for off.
        chaos: Option<ChaosConfig>,
    },
    /// Retries made up a large share of the traffic in the last second: a retry storm.
    RetryStorm {
        /// Retries in that second.
        retries: u64,
        /// New requests in that second.
        arrivals: u64,
    },
    /// The retry storm has calmed down.
    RetryStormOver,
    /// A server crashed.
    ServerCrashed {
        /// The server.
        server: ServerId,
    },
    /// A crashed server was restored: it boots, then must pass health checks.
    ServerRestored {
        /// The server.
        server: ServerId,
        /// When it finishes booting, in simulated microseconds.
        ready_at: Micros,
    },
    /// The balancer's health checks took a server out of rotation.
    ServerMarkedDown {
        /// The server.
        server: ServerId,
        /// How long after its crash, in simulated microseconds (if it had crashed).
        after: Option<Micros>,
    },
    /// The balancer's health checks put a server back in rotation.
    ServerMarkedUp {
        /// The server.
        server: ServerId,
        /// How long after it was restored, in simulated microseconds (if it had been).
        after: Option<Micros>,
    },
    /// A drained server was switched off.
    ServerRemoved {
        /// The server.
        server: ServerId,
    },
    /// Something happened in the database tier: a disk, a rebuild, a node, a failover.
    Storage(OutcomeKind),
    /// The database's replication was switched.
    ReplicationChanged {
        /// The mode now.
        mode: Replication,
    },
    /// The primary has been down for the failover timeout, and no replica runs to promote.
    FailoverStalled,
    /// A botnet started attacking.
    AttackStarted {
        /// What it sends, how many bots, how fast.
        attack: AttackConfig,
        /// The share of traffic the uplink loses now, 0–1.
        uplink_loss: f64,
    },
    /// The attack stopped.
    AttackStopped,
    /// A defence at the edge was switched on (with its settings) or off.
    DefenceChanged {
        /// The defence and its settings.
        setting: DefenceSetting,
    },
    /// The intrusion detector started blocking sources in the last second.
    SourcesBlocked {
        /// How many sources.
        sources: u64,
        /// How many of them were users' addresses (a NAT's, perhaps): false positives.
        legit: u64,
    },
    /// The intrusion detector, raising alerts without blocking, started flagging requests in the
    /// last second (after a second without any).
    IdsAlerts {
        /// Requests flagged in that second.
        alerts: u64,
        /// How many of them were users' (false positives).
        legit: u64,
    },
    /// A defence blocked users' requests in the last second, after a second in which it did not.
    LegitimateBlocked {
        /// The defence.
        defence: Defence,
        /// Users' requests it blocked in that second.
        count: u64,
    },
    /// The edge's connection table refused connections in the last second: it is full.
    ConnectionTableFull {
        /// Slots held.
        held: usize,
        /// Slots held by half-open connections.
        half_open: usize,
        /// Slots in all.
        slots: usize,
    },
    /// The connection table has refused no connection for a whole second.
    ConnectionTableFree,
    /// More is sent towards the uplink than it carries: it is losing traffic.
    UplinkSaturated {
        /// The share it loses, 0–1.
        loss: f64,
    },
    /// The uplink carries everything sent to it again.
    UplinkClear,
    /// The balancing algorithm changed.
    AlgorithmChanged {
        /// The new algorithm.
        algorithm: Algorithm,
    },
    /// The clients' base arrival rate changed.
    ArrivalRateChanged {
        /// New rate, in requests per simulated second.
        rate: f64,
    },
    /// A flash crowd started.
    BurstStarted {
        /// Arrival rate during the burst, in requests per simulated second.
        rate: f64,
        /// When it ends, in simulated microseconds.
        until: Micros,
    },
    /// The flash crowd is over.
    BurstEnded,
    /// A server's queue overflowed: it is dropping requests.
    ServerSaturated {
        /// The server.
        server: ServerId,
    },
    /// A saturated server's queue emptied again.
    ServerRecovered {
        /// The server.
        server: ServerId,
    },
    /// The autoscaler was switched on or off, or given a new target.
    AutoscalingChanged {
        /// Whether it now acts.
        enabled: bool,
        /// Its target utilization, 0–1.
        target: f64,
    },
    /// TLS settings changed.
    TlsChanged {
        /// The settings now.
        config: TlsConfig,
        /// The clients' round trip to the balancer then (twice its link's delay), in
        /// microseconds: what each handshake round trip costs.
        round_trip: Micros,
    },
    /// An eavesdropper was placed on a link, or taken away.
    TapPlaced {
        /// Its link, or `None` when taken away.
        tap: Option<Tap>,
    },
    /// Encryption at rest was switched on or off.
    AtRestChanged {
        /// Whether the disks are encrypted now.
        on: bool,
    },
    /// The data key was destroyed in the key service.
    AtRestKeyDestroyed {
        /// Whether the disks were encrypted under it (then their data is gone for good).
        encrypted: bool,
    },
    /// The autoscaler decided to change the number of servers.
    Autoscaled {
        /// Servers (up or starting) before.
        from: usize,
        /// Servers (up or starting) after.
        to: usize,
        /// Utilization it measured over its metric window (or the last second, when a limit
        /// alone decided), 0–1.
        utilization: f64,
        /// Mean busy workers it measured over the same span.
        busy_workers: f64,
        /// Workers it asked for (after stabilization and rate limits).
        asked: u32,
        /// Workers the fleet has once the decision is carried out (fewer than asked at the
        /// maximum server count, a little more when servers come in whole units).
        workers: u32,
        /// Why: the load, or the minimum or maximum server count.
        reason: ScaleReason,
    },
}

/// What made the autoscaler act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleReason {
    /// Utilization over the metric window was away from the target.
    Load,
    /// There were fewer servers than the minimum.
    Minimum,
    /// There were more servers than the maximum.
    Maximum,
}

/// One entry of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Position in the whole history of the world, from 0.
    pub seq: u64,
    /// When it happened, in simulated microseconds.
    pub time: Micros,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// A one-line description, such as "12.0 s: server 3 (large) added".
    pub fn describe(&self) -> String {
        let what = match &self.kind {
            EventKind::ServerAdded { server, size, ready_at } if *ready_at > self.time => {
                format!(
                    "server {} ({}) added, booting until {} s",
                    server.0,
                    size.label(),
                    fixed(to_secs(*ready_at), 1),
                )
            }
            EventKind::ServerAdded { server, size, .. } => {
                format!("server {} ({}) added", server.0, size.label())
            }
            EventKind::ServerReady { server } => format!("server {} is up", server.0),
            EventKind::ServerDraining { server } => format!("server {} draining", server.0),
            EventKind::ServerRemoved { server } => format!("server {} removed", server.0),
            EventKind::ServerCrashed { server } => format!("server {} crashed", server.0),
            EventKind::RetryStorm { retries, arrivals } => {
                format!("retry storm: {retries} retries against {arrivals} new requests in a second")
            }
            EventKind::RetryStormOver => "the retry storm has calmed down".to_string(),
            EventKind::ChaosChanged { chaos: None } => "chaos off".to_string(),
            EventKind::ChaosChanged { chaos: Some(c) } => format!(
                "chaos on: servers crash every {} s and are restored after {} s, on average",
                fixed(to_secs(c.server_mtbf), 0),
                fixed(to_secs(c.server_mttr), 0),
            ),
            EventKind::RetriesChanged { max_attempts, .. } if *max_attempts <= 1 => "retries off".to_string(),
            EventKind::RetriesChanged { max_attempts, budget } => {
                format!("retries: up to {max_attempts} tries, budget {}%", fixed(budget * 100.0, 0))
            }
            EventKind::ServerRestored { server, ready_at } => {
                format!("server {} restored, booting until {} s", server.0, fixed(to_secs(*ready_at), 1))
            }
            EventKind::ServerMarkedDown { server, after: Some(after) } => format!(
                "health checks took server {} out of rotation, {} s after it crashed",
                server.0,
                fixed(to_secs(*after), 1),
            ),
            EventKind::ServerMarkedDown { server, after: None } => {
                format!("health checks took server {} out of rotation", server.0)
            }
            EventKind::ServerMarkedUp { server, after: Some(after) } => format!(
                "health checks put server {} back in rotation, {} s after it was restored",
                server.0,
                fixed(to_secs(*after), 1),
            ),
            EventKind::ServerMarkedUp { server, after: None } => {
                format!("health checks put server {} back in rotation", server.0)
            }
            EventKind::Storage(outcome) => describe_storage(outcome),
            EventKind::ReplicationChanged { mode: Replication::Sync } => {
                "database replication now synchronous".to_string()
            }
            EventKind::ReplicationChanged { mode: Replication::Async } => {
                "database replication now asynchronous".to_string()
            }
            EventKind::FailoverStalled => "failover stalled: no replica is running to promote".to_string(),
            EventKind::AttackStarted { attack, .. } => format!(
                "attack: {} from {} bots, {} {} per second each",
                attack.kind.describe(),
                format::count(u64::from(attack.bots)),
                format::rate(attack.rate_per_bot),
                attack.kind.unit()
            ),
            EventKind::AttackStopped => "the attack stopped".to_string(),
            EventKind::AuthChanged { auth: None } => "authentication off".to_string(),
            EventKind::AuthChanged { auth: Some(a) } => format!(
                "authentication on: tokens last {}{}",
                format::seconds(to_secs(a.token_lifetime)),
                login_defences(a)
            ),
            EventKind::AccountTakenOver { account } => {
                format!("account takeover: a bot logged in as {}", account_name(*account))
            }
            EventKind::UsersLockedOut { account } => {
                format!("{} was refused a login: the account is locked", account_name(*account))
            }
            EventKind::StolenTokenUsed { account } => {
                format!("a thief used {}'s stolen token, and it worked", account_name(*account))
            }
            EventKind::TokensRevoked { account } => format!("{}'s tokens revoked", account_name(*account)),
            EventKind::DefenceChanged { setting } if setting.is_on() => format!("{} on", setting.slug()),
            EventKind::DefenceChanged { setting } => format!("{} off", setting.slug()),
            EventKind::SourcesBlocked { sources, legit: 0 } => {
                format!("intrusion detection blocked {sources} sources")
            }
            EventKind::SourcesBlocked { sources, legit } => {
                format!("intrusion detection blocked {sources} sources, {legit} of them users' addresses")
            }
            EventKind::IdsAlerts { alerts, legit } => {
                format!("intrusion detection raised {alerts} alerts in a second, {legit} about users' requests")
            }
            EventKind::LegitimateBlocked { defence, count } => {
                format!("{} blocked {} users' requests in a second", defence.label(), format::count(*count))
            }
            EventKind::ConnectionTableFull { held, half_open, slots } => format!(
                "connection table full: {} of {} slots held, {} half-open; new connections refused",
                format::count(*held as u64),
                format::count(*slots as u64),
                format::count(*half_open as u64)
            ),
            EventKind::ConnectionTableFree => "the connection table takes new connections again".to_string(),
            EventKind::UplinkSaturated { loss } => {
                format!("uplink saturated: {}% of incoming traffic lost", fixed(loss * 100.0, 0))
            }
            EventKind::UplinkClear => "the uplink carries everything again".to_string(),
            EventKind::AlgorithmChanged { algorithm } => {
                format!("balancer now uses {}", algorithm.name())
            }
            EventKind::ArrivalRateChanged { rate } => format!("arrival rate set to {} req/s", format::rate(*rate)),
            EventKind::BurstStarted { rate, until } => {
                format!("flash crowd: {} req/s until {} s", format::rate(*rate), fixed(to_secs(*until), 1))
            }
            EventKind::BurstEnded => "flash crowd over".to_string(),
            EventKind::ServerSaturated { server } => {
                format!("server {} saturated: dropping requests", server.0)
            }
            EventKind::ServerRecovered { server } => format!("server {} recovered", server.0),
            EventKind::AutoscalingChanged { enabled: true, target } => {
                format!("autoscaling on, target {}%", fixed(target * 100.0, 0))
            }
            EventKind::AutoscalingChanged { enabled: false, .. } => "autoscaling off".to_string(),
            EventKind::TlsChanged { config, .. } if config.mode == TlsMode::Off => "TLS off: requests in the clear".to_string(),
            EventKind::TlsChanged { config, .. } => format!(
                "TLS {} {}, resumption {}, keep-alive {} s",
                config.version.slug(),
                match config.mode {
                    TlsMode::EndToEnd => "end to end (mutual TLS to the servers)",
                    _ => "terminated at the edge",
                },
                if config.resumption { "on" } else { "off" },
                fixed(to_secs(config.keepalive), 0),
            ),
            EventKind::TapPlaced { tap: Some(tap) } => format!("an eavesdropper listens on the {} link", tap.label()),
            EventKind::TapPlaced { tap: None } => "the eavesdropper is gone".to_string(),
            EventKind::AtRestChanged { on: true } => "the database's disks are encrypted".to_string(),
            EventKind::AtRestChanged { on: false } => "the database's disks are in the clear".to_string(),
            EventKind::AtRestKeyDestroyed { encrypted: true } => {
                "the data key was destroyed: the database's data is unreadable for good".to_string()
            }
            EventKind::AtRestKeyDestroyed { encrypted: false } => {
                "the data key was destroyed, but the disks were not encrypted: the data is still readable".to_string()
            }
            EventKind::Autoscaled { from, to, reason: ScaleReason::Minimum, .. } => {
                format!("autoscaler: {from} → {to} servers (its minimum)")
            }
            EventKind::Autoscaled { from, to, reason: ScaleReason::Maximum, .. } => {
                format!("autoscaler: {from} → {to} servers (its maximum)")
            }
            EventKind::Autoscaled { from, to, utilization, busy_workers, workers, .. } => format!(
                "autoscaler: {from} → {to} servers ({workers} workers) at {}% busy, {busy_workers} busy workers",
                fixed(utilization * 100.0, 0),
                busy_workers = fixed(*busy_workers, 1),
            ),
        };
        format!("{} s: {what}", fixed(to_secs(self.time), 1))
    }
}

/// The login page's defences in force, as ", throttled to 5 a minute per account, …" (empty
/// when none are).
fn login_defences(auth: &AuthConfig) -> String {
    let d = &auth.defences;
    let mut on = Vec::new();
    if let Some(n) = d.throttle_per_account {
        on.push(format!("{n} logins a minute per account"));
    }
    if let Some(n) = d.throttle_per_address {
        on.push(format!("{n} logins a minute per address"));
    }
    if let Some(l) = d.lockout {
        on.push(format!("lockout after {} failures for {}", l.after, format::seconds(to_secs(l.duration))));
    }
    if d.second_factor {
        on.push("a second factor".to_string());
    }
    if on.is_empty() {
        String::new()
    } else {
        format!("; {}", on.join(", "))
    }
}

/// A line for something that happened in the database tier.
fn describe_storage(outcome: &OutcomeKind) -> String {
    let lost = |count: usize, keys: &[u32]| {
        let keys: Vec<String> = keys.iter().map(|k| format!("key {k}")).collect();
        match count {
            0 => "no acknowledged write lost".to_string(),
            n => format!("{} acknowledged writes lost ({})", format::count(n as u64), keys.join(", ")),
        }
    };
    match outcome {
        OutcomeKind::DiskFailed { node, disk } => format!("disk {disk} of database node {} failed", node.0),
        OutcomeKind::MirrorDegraded { node, healthy, disks } => {
            format!("database node {} degraded: {healthy} of {disks} disks hold its data", node.0)
        }
        OutcomeKind::DiskReplaced { node, disk, rebuild_until: Some(until) } => format!(
            "disk {disk} of database node {} replaced, rebuilding until {} s",
            node.0,
            fixed(to_secs(*until), 1),
        ),
        OutcomeKind::DiskReplaced { node, disk, rebuild_until: None } => {
            format!("disk {disk} of database node {} replaced, empty: nothing left to copy", node.0)
        }
        OutcomeKind::RebuildProgress { node, disk, percent } => {
            format!("disk {disk} of database node {} rebuilt {percent}%", node.0)
        }
        OutcomeKind::RebuildDone { node, disk } => {
            format!("disk {disk} of database node {} rebuilt: the mirror is whole", node.0)
        }
        OutcomeKind::NodeDataLost { node, loss } => {
            format!("database node {} lost its data: {}", node.0, lost(loss.count, &loss.keys))
        }
        OutcomeKind::NodeCrashed { node, role: Role::Primary } => {
            format!("database node {} (the primary) crashed", node.0)
        }
        OutcomeKind::NodeCrashed { node, .. } => format!("database node {} (a replica) crashed", node.0),
        OutcomeKind::FailoverDone { from, promoted, loss } => format!(
            "failover: node {} promoted in place of node {}; {}",
            promoted.0,
            from.0,
            lost(loss.count, &loss.keys)
        ),
        OutcomeKind::NodeRestored { node, role: Role::Primary, .. } => {
            format!("database node {} restored, primary again", node.0)
        }
        OutcomeKind::NodeRestored { node, role: Role::Replica, discarded, missing } => format!(
            "database node {} restored as a replica: {discarded} writes discarded, {missing} to catch up",
            node.0
        ),
        OutcomeKind::ReplicaCaughtUp { node } => format!("database node {} caught up", node.0),
    }
}

/// The most recent events, oldest first.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    events: VecDeque<Event>,
    next_seq: u64,
}

impl EventLog {
    /// Appends an event at `time`.
    pub fn push(&mut self, time: Micros, kind: EventKind) {
        if self.events.len() == EVENT_LOG_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(Event { seq: self.next_seq, time, kind });
        self.next_seq += 1;
    }

    /// Events still in the log, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.events.iter()
    }

    /// Events with `seq >= from`, oldest first (those still kept).
    pub fn since(&self, from: u64) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.seq >= from)
    }

    /// How many events have ever been logged.
    pub fn total(&self) -> u64 {
        self.next_seq
    }
}
