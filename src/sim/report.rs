//! Running a scenario to the end without a browser, and the metrics it reports.

use crate::format::fixed;
use std::collections::BTreeMap;

use serde::Serialize;

use super::database::DatabaseView;
use super::edge::Defence;
use super::metrics::{Durations, Metrics};
use super::request::{DropReason, FailReason};
use super::scenario::Scenario;
use super::script::Script;
use super::security::{AuthTotals, TlsMode};
use super::server::ServerStatus;
use super::storage::{DiskState, Role};
use super::time::{to_ms, to_secs, Micros, SECOND};
use super::world::World;

/// End-to-end latency summary, in milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LatencyReport {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
}

/// How many times something took how long, in milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DurationReport {
    /// How many times it happened.
    pub count: u64,
    /// Mean, in milliseconds (0 when it never happened).
    pub mean_ms: f64,
    /// Longest, in milliseconds.
    pub max_ms: f64,
}

impl From<Durations> for DurationReport {
    fn from(d: Durations) -> Self {
        DurationReport { count: d.count, mean_ms: to_ms(d.mean()), max_ms: to_ms(d.max) }
    }
}

/// One server's totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerReport {
    /// Its id.
    pub id: u32,
    /// Its preset ("small" or "large").
    pub size: &'static str,
    /// "starting", "up", "draining", "down" or "removed".
    pub status: &'static str,
    /// Busy worker time over the worker time it was serving (up or draining; not booting or
    /// down), 0–1 (0 for a server that never finished booting).
    pub utilization: f64,
    /// Requests it served.
    pub served: u64,
    /// Requests it dropped.
    pub dropped: u64,
}

/// Acknowledged writes, and those no surviving copy holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WritesReport {
    /// Writes the database acknowledged.
    pub acknowledged: u64,
    /// Acknowledged writes that no surviving copy holds.
    pub lost: u64,
    /// Distinct keys of the oldest lost writes, at most 8.
    pub lost_keys: Vec<u32>,
}

/// One database node at the end of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeReport {
    /// Its id: 0 is the first primary, 1 and 2 the replicas the tier starts with.
    pub id: u32,
    /// "primary" or "replica".
    pub role: &'static str,
    /// Whether it runs.
    pub up: bool,
    /// Acknowledged writes it holds.
    pub writes: usize,
    /// Queries it served.
    pub served: u64,
    /// How long ago the oldest write it lacks was acknowledged, in milliseconds (replicas; 0
    /// when in step).
    pub replication_lag_ms: Option<f64>,
    /// Each disk: "healthy", "failed" or "rebuilding NN%".
    pub disks: Vec<String>,
}

/// The database tier at the end of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatabaseReport {
    /// "sync" or "async".
    pub replication: &'static str,
    /// The primary's id.
    pub primary: u32,
    /// Reads answered.
    pub reads: u64,
    /// The largest replication lag among running replicas, in milliseconds.
    pub replication_lag_ms: f64,
    /// From the primary going down until a replica was promoted.
    pub failover: DurationReport,
    /// Every node.
    pub nodes: Vec<NodeReport>,
}

/// What the users got.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegitimateReport {
    /// Requests users sent.
    pub sent: u64,
    /// Users' requests served.
    pub succeeded: u64,
    /// Share of users' requests that ended which were served, 0–1 (1 when none ended; those
    /// in flight at the end are not counted).
    pub success_rate: f64,
    /// 95th percentile latency of users' requests served, in milliseconds.
    pub p95_ms: f64,
    /// Users' requests each defence blocked (its false positives, as it were), by defence.
    pub blocked: BTreeMap<&'static str, u64>,
}

/// What the botnet sent and got through.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttackReport {
    /// Requests, SYNs, connections or packets the bots sent.
    pub sent: u64,
    /// Attack requests that passed the edge and reached a server.
    pub reached_servers: u64,
}

/// The intrusion detector's verdicts against the ground truth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdsReport {
    /// Attack requests flagged.
    pub true_positives: u64,
    /// Users' requests flagged.
    pub false_positives: u64,
    /// Attack requests it saw and did not flag.
    pub false_negatives: u64,
}

/// TLS's handshakes and cost, when it is on at the end of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TlsReport {
    /// "edge" or "end-to-end".
    pub mode: &'static str,
    /// "1.2" or "1.3".
    pub version: &'static str,
    /// Full handshakes (users' and bots').
    pub full_handshakes: u64,
    /// Handshakes resumed with a session ticket.
    pub resumed_handshakes: u64,
    /// Requests sent on a connection kept alive.
    pub reused_connections: u64,
    /// Mean latency TLS added per users' request (handshake round trips and CPU), in
    /// milliseconds.
    pub handshake_ms_mean: f64,
    /// CPU the terminator spent on TLS, in seconds.
    pub cpu_seconds: f64,
    /// That CPU over the terminator's cores' time while TLS was on, 0–1.
    pub terminator_utilization: f64,
}

/// What the headless runner prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The seed the run used.
    pub seed: u64,
    /// Simulated seconds run.
    pub seconds: f64,
    /// Requests sent: users' and, under attack, the botnet's (see `legitimate` and `attack`).
    pub arrived: u64,
    /// Requests served (response delivered), users' and the botnet's.
    pub served: u64,
    /// Requests dropped, by reason.
    pub dropped: BTreeMap<&'static str, u64>,
    /// Requests that failed, by reason (`server-crashed`, `server-down`, `database-down`,
    /// `database-crashed`, `database-busy`, `write-refused`, `key-destroyed`).
    pub failed: BTreeMap<&'static str, u64>,
    /// Requests blocked by a defence at the edge, users' and the botnet's, by defence
    /// (`scrubbing`, `firewall`, `connection_limit`, `header_timeout`, `idle_timeout`, `ids`,
    /// `rate_limit`, `fair_queue`).
    pub blocked: BTreeMap<&'static str, u64>,
    /// Share of the requests that ended (served, dropped, failed or blocked) which were served,
    /// 0–1 (1 when none ended), over all traffic: a botnet's forged SYNs and junk packets count
    /// as ended unserved. `legitimate.success_rate` is the users' alone.
    pub availability: f64,
    /// What the users got.
    pub legitimate: LegitimateReport,
    /// What the botnet sent and got through.
    pub attack: AttackReport,
    /// The intrusion detector's verdicts.
    pub ids: IdsReport,
    /// Server-seconds paid for: each simulated second, the servers switched on (starting, up
    /// or draining).
    pub server_seconds: u64,
    /// Requests sent to another server after a failure.
    pub retries: u64,
    /// From a crash until the health checks took the server out of rotation.
    pub detection: DurationReport,
    /// From a restore until the health checks put the server back in rotation.
    pub recovery: DurationReport,
    /// Database writes acknowledged and lost (all zero without a database).
    pub writes: WritesReport,
    /// Database reads that returned an older version than the newest acknowledged one.
    pub stale_reads: u64,
    /// The database tier, if the world has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseReport>,
    /// Authentication's totals, when it is on at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthTotals>,
    /// TLS's handshakes and cost, if TLS is on at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsReport>,
    /// Requests still in flight at the end.
    pub in_flight: u64,
    /// Served requests per simulated second over the whole run, users' and the botnet's.
    pub throughput: f64,
    /// End-to-end latency of served requests, users' and the botnet's (`legitimate.p95_ms` is
    /// the users' alone).
    pub latency_ms: LatencyReport,
    /// Every server that existed, by id.
    pub servers: Vec<ServerReport>,
    /// Commands from the timeline that the world refused, with the reason.
    pub refused: Vec<String>,
    /// Fingerprint of every simulated step, as hex: equal digests mean identical runs.
    pub digest: String,
}

/// Runs `scenario` for `duration` simulated microseconds, applying its timeline on the way.
pub fn run(scenario: &Scenario, duration: Micros) -> Report {
    run_with_progress(scenario, duration, |_| {})
}

/// [`run`], calling `progress` with the simulated time reached after each simulated second (the
/// same run: where a run pauses does not change it).
pub fn run_with_progress(scenario: &Scenario, duration: Micros, mut progress: impl FnMut(Micros)) -> Report {
    let mut world = World::new(scenario.config.clone());
    let mut script = Script::new(scenario.timeline.clone());
    let mut refused = Vec::new();
    while world.now() < duration {
        let until = (world.now() / SECOND + 1).saturating_mul(SECOND).min(duration);
        refused.extend(script.advance_within(&mut world, until, usize::MAX).1);
        progress(world.now());
    }
    let refused = refused.iter().map(|(at, e)| format!("at {} s: {e}", fixed(to_secs(*at), 3))).collect();
    report(&world, refused)
}

fn report(world: &World, refused: Vec<String>) -> Report {
    let metrics = world.metrics();
    let traffic = &metrics.traffic;
    let tally = world.edge().tally();
    let latency = metrics.overall();
    let now = world.now();
    let servers = world
        .servers()
        .iter()
        .map(|s| {
            let end = s.removed_at.unwrap_or(now);
            // Only the time it was serving counts: booting or being down is not idleness.
            let possible = s.spec.workers as f64 * s.up_time(end).max(1) as f64;
            ServerReport {
                id: s.id.0,
                size: s.spec.size.label(),
                status: match s.status {
                    ServerStatus::Starting { .. } => "starting",
                    ServerStatus::Up => "up",
                    ServerStatus::Draining => "draining",
                    ServerStatus::Removed => "removed",
                    ServerStatus::Down { .. } => "down",
                },
                utilization: s.busy_time(end) as f64 / possible,
                served: s.served,
                dropped: s.dropped,
            }
        })
        .collect();
    Report {
        seed: world.config().seed,
        seconds: to_secs(now),
        arrived: metrics.arrived,
        served: metrics.served,
        dropped: DropReason::ALL.iter().map(|r| (r.slug(), metrics.dropped(*r))).collect(),
        failed: FailReason::ALL.iter().map(|r| (r.slug(), metrics.failed(*r))).collect(),
        blocked: Defence::ALL.iter().map(|d| (d.slug(), metrics.blocked(*d))).collect(),
        availability: metrics.availability(),
        legitimate: LegitimateReport {
            sent: traffic.legit_sent,
            succeeded: traffic.legit_served,
            success_rate: traffic.success_rate(),
            p95_ms: traffic.legit_latency().p95_ms,
            blocked: Defence::ALL.iter().map(|d| (d.slug(), traffic.blocked(*d).0)).collect(),
        },
        attack: AttackReport { sent: traffic.attack_sent, reached_servers: traffic.attack_reached },
        ids: IdsReport {
            true_positives: tally.true_positives,
            false_positives: tally.false_positives,
            false_negatives: tally.false_negatives,
        },
        server_seconds: traffic.server_seconds,
        retries: metrics.retries,
        detection: metrics.detection.into(),
        recovery: metrics.recovery.into(),
        writes: world.database().map_or_else(WritesReport::default, |db| {
            let view = db.view(now);
            WritesReport { acknowledged: view.acknowledged, lost: view.lost, lost_keys: view.lost_keys }
        }),
        stale_reads: metrics.stale_reads,
        database: world.database().map(|db| database_report(&db.view(now), metrics)),
        auth: world.auth().map(|a| a.totals),
        tls: tls_report(world),
        in_flight: world.in_flight() as u64,
        throughput: metrics.served as f64 / to_secs(now).max(f64::MIN_POSITIVE),
        latency_ms: LatencyReport {
            mean: latency.mean_ms,
            p50: latency.p50_ms,
            p95: latency.p95_ms,
            p99: latency.p99_ms,
        },
        servers,
        refused,
        digest: format!("{:016x}", world.digest()),
    }
}

fn tls_report(world: &World) -> Option<TlsReport> {
    let tls = world.tls();
    (tls.config.mode != TlsMode::Off).then_some(TlsReport {
        mode: tls.config.mode.slug(),
        version: tls.config.version.slug(),
        full_handshakes: tls.full,
        resumed_handshakes: tls.resumed,
        reused_connections: tls.reused,
        handshake_ms_mean: tls.handshake_ms_mean,
        cpu_seconds: tls.cpu_seconds,
        terminator_utilization: tls.terminator_utilization,
    })
}

fn database_report(view: &DatabaseView, metrics: &Metrics) -> DatabaseReport {
    let nodes = view
        .nodes
        .iter()
        .map(|n| NodeReport {
            id: n.id.0,
            role: match n.role {
                Role::Primary => "primary",
                Role::Replica => "replica",
            },
            up: n.up,
            writes: n.writes,
            served: n.served,
            replication_lag_ms: n.lag.map(|l| to_ms(l.oldest)),
            disks: n
                .disks
                .iter()
                .map(|d| match (d.state, d.progress) {
                    (DiskState::Healthy, _) => "healthy".to_string(),
                    (DiskState::Failed, _) => "failed".to_string(),
                    (DiskState::Rebuilding { .. }, p) => {
                        format!("rebuilding {}%", fixed(p.unwrap_or(0.0) * 100.0, 0))
                    }
                })
                .collect(),
        })
        .collect();
    DatabaseReport {
        replication: view.replication.slug(),
        primary: view.primary.0,
        reads: metrics.reads,
        replication_lag_ms: to_ms(view.max_lag()),
        failover: metrics.failover.into(),
        nodes,
    }
}
