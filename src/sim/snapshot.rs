//! A small, cloneable picture of the world for the view's panels, taken a few times a second.

use super::balancer::Algorithm;
use super::config::{AutoscaleConfig, ChaosConfig, HealthCheckConfig, RetryConfig, ServerSize};
use super::database::DatabaseView;
use super::edge::EdgeView;
use super::latency::Percentiles;
use super::metrics::{SeriesPoint, WINDOW_SECONDS};
use super::request::{DropReason, FailReason};
use super::security::{AtRestView, AuthView, Capture, Tap, TlsView};
use super::server::{ServerId, ServerStatus};
use super::time::Micros;
use super::world::World;

/// One server as the panels show it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerView {
    /// Its id.
    pub id: ServerId,
    /// Its preset.
    pub size: ServerSize,
    /// Where it is in its life.
    pub status: ServerStatus,
    /// Workers it has.
    pub workers: u32,
    /// Workers busy now.
    pub busy: u32,
    /// Requests waiting now.
    pub queue_len: u32,
    /// Most requests that may wait.
    pub queue_capacity: u32,
    /// Its weight for weighted round robin.
    pub weight: u32,
    /// Utilization over the last simulated second, 0–1.
    pub utilization: f64,
    /// Requests it has served.
    pub served: u64,
    /// Requests it finished serving in the last whole simulated second.
    pub served_last_second: u64,
    /// Requests it dropped.
    pub dropped: u64,
    /// Whether its queue is overflowing.
    pub saturated: bool,
    /// Whether the balancer sends it requests (a crashed server stays in rotation until its
    /// health checks catch it).
    pub in_rotation: bool,
    /// Health checks passed in a row, as the balancer counts them.
    pub health_passes: u32,
    /// (utilization 0–1, queue length) a second over the last minute, oldest first.
    pub history: Vec<(f64, u32)>,
}

/// How many servers on stage are in each part of their life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fleet {
    /// Up and in the balancer's rotation: taking traffic.
    pub up: usize,
    /// Up after a restore but not yet back in rotation (passing health checks).
    pub rejoining: usize,
    /// Booting: not yet taking traffic.
    pub booting: usize,
    /// Out of the balancer, finishing the requests they have.
    pub draining: usize,
    /// Switched off in the last few seconds, still on stage while they leave.
    pub leaving: usize,
    /// Crashed and not yet restored.
    pub down: usize,
}

/// The world at one moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Simulated time, in microseconds.
    pub now: Micros,
    /// Arrival rate now (burst included), in requests per simulated second.
    pub arrival_rate: f64,
    /// The base arrival rate the learner set, in requests per simulated second.
    pub base_rate: f64,
    /// Whether a flash crowd is under way.
    pub bursting: bool,
    /// When the flash crowd under way ends, in simulated microseconds.
    pub burst_until: Option<Micros>,
    /// The balancing algorithm.
    pub algorithm: Algorithm,
    /// The autoscaler's settings.
    pub autoscale: AutoscaleConfig,
    /// The balancer's health checks.
    pub health_check: HealthCheckConfig,
    /// The balancer's retries.
    pub retry_config: RetryConfig,
    /// Random crashes and restores, if on.
    pub chaos: Option<ChaosConfig>,
    /// Whether retries are storming.
    pub retry_storm: bool,
    /// Requests sent since the start.
    pub arrived: u64,
    /// Requests served since the start.
    pub served: u64,
    /// Requests dropped since the start, by reason.
    pub dropped: Vec<(DropReason, u64)>,
    /// Requests that failed since the start, by reason.
    pub failed: Vec<(FailReason, u64)>,
    /// Requests sent to another server after a failure, since the start.
    pub retries: u64,
    /// Requests in flight now.
    pub in_flight: u64,
    /// Latency percentiles over the recent window.
    pub latency: Percentiles,
    /// Servers on stage, by id: starting, up or draining, and those removed in the last few
    /// seconds (see [`crate::sim::world::LINGER`]).
    pub servers: Vec<ServerView>,
    /// The last simulated minute, a point a second.
    pub series: Vec<SeriesPoint>,
    /// Requests per second the servers taking traffic can serve together (a crashed server the
    /// balancer still sends requests to serves none).
    pub capacity: f64,
    /// Events logged since the start (a changed count means new events).
    pub events_total: u64,
    /// The database tier, if the world has one.
    pub database: Option<DatabaseView>,
    /// Database reads answered since the start.
    pub reads: u64,
    /// Database reads that returned an older version than the newest acknowledged one.
    pub stale_reads: u64,
    /// The edge, its defences and the traffic through it.
    pub edge: EdgeView,
    /// TLS: its settings, handshakes and cost.
    pub tls: TlsView,
    /// Where an eavesdropper listens, if anywhere.
    pub tap: Option<Tap>,
    /// Encryption at rest of the database's disks.
    pub at_rest: AtRestView,
    /// What the eavesdropper captured, newest last.
    pub captures: Vec<Capture>,
    /// Authentication, when it is on.
    pub auth: Option<AuthView>,
}

impl Snapshot {
    /// Requests that failed for any reason.
    pub fn failed_total(&self) -> u64 {
        self.failed.iter().map(|(_, n)| n).sum()
    }

    /// Requests dropped for any reason.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.iter().map(|(_, n)| n).sum()
    }

    /// Servers taking traffic: up and in the balancer's rotation.
    pub fn up_servers(&self) -> usize {
        self.fleet().up
    }

    /// The servers on stage counted by where they are in their life.
    pub fn fleet(&self) -> Fleet {
        let mut fleet = Fleet::default();
        for server in &self.servers {
            match server.status {
                ServerStatus::Up if server.in_rotation => fleet.up += 1,
                ServerStatus::Up => fleet.rejoining += 1,
                ServerStatus::Starting { .. } => fleet.booting += 1,
                ServerStatus::Draining => fleet.draining += 1,
                ServerStatus::Removed => fleet.leaving += 1,
                ServerStatus::Down { .. } => fleet.down += 1,
            }
        }
        fleet
    }

    /// Mean of `field` over the last [`WINDOW_SECONDS`] whole simulated seconds of the series
    /// (fewer at the start of a run; 0 before the first second ends).
    pub fn recent_mean(&self, field: impl Fn(&SeriesPoint) -> f64) -> f64 {
        let recent = &self.series[self.series.len().saturating_sub(WINDOW_SECONDS)..];
        if recent.is_empty() {
            return 0.0;
        }
        recent.iter().map(field).sum::<f64>() / recent.len() as f64
    }
}

impl World {
    /// Takes a snapshot of the world now.
    pub fn snapshot(&mut self) -> Snapshot {
        let edge = self.edge_view();
        let latency = self.metrics_mut().recent();
        let metrics = self.metrics();
        let servers: Vec<ServerView> = self
            .on_stage()
            .map(|s| ServerView {
                id: s.id,
                size: s.spec.size,
                status: s.status,
                workers: s.spec.workers,
                busy: s.busy,
                queue_len: s.queue.len() as u32,
                queue_capacity: s.spec.queue_capacity,
                weight: s.spec.weight,
                utilization: s.utilization,
                served: s.served,
                served_last_second: s.served_last_second,
                dropped: s.dropped,
                saturated: s.saturated,
                in_rotation: self.in_rotation(s.id),
                health_passes: self.health_passes(s.id),
                history: s.history.iter().copied().collect(),
            })
            .collect();
        let capacity = self.serving().map(|s| s.spec.capacity_per_second()).sum();
        Snapshot {
            now: self.now(),
            arrival_rate: self.arrival_rate(),
            base_rate: self.config().arrival_rate,
            bursting: self.bursting(),
            burst_until: self.burst_until(),
            algorithm: self.config().algorithm,
            autoscale: self.config().autoscale,
            health_check: self.config().health_check,
            retry_config: self.config().retries,
            chaos: self.config().chaos,
            retry_storm: self.retry_storm(),
            arrived: metrics.arrived,
            served: metrics.served,
            dropped: DropReason::ALL.iter().map(|r| (*r, metrics.dropped(*r))).collect(),
            failed: FailReason::ALL.iter().map(|r| (*r, metrics.failed(*r))).collect(),
            retries: metrics.retries,
            in_flight: self.in_flight() as u64,
            latency,
            servers,
            series: metrics.series().copied().collect(),
            capacity,
            events_total: self.events().total(),
            database: self.database().map(|db| db.view(self.now())),
            reads: metrics.reads,
            stale_reads: metrics.stale_reads,
            edge,
            tls: self.tls(),
            tap: self.tap(),
            at_rest: self.at_rest(),
            captures: self.captures(),
            auth: self.auth(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::{ServerSpec, WorldConfig};
    use crate::sim::time::SECOND;
    use crate::sim::Command;

    #[test]
    fn recent_means_cover_the_last_ten_whole_seconds() {
        let mut snapshot = Snapshot::default();
        assert_eq!(snapshot.recent_mean(|p| p.served as f64), 0.0, "nothing before the first second");
        snapshot.series =
            (0..15).map(|i| SeriesPoint { second: i, served: i, ..SeriesPoint::default() }).collect();
        // Seconds 5 to 14: a mean of 9.5.
        assert_eq!(snapshot.recent_mean(|p| p.served as f64), 9.5);
        snapshot.series.truncate(4);
        assert_eq!(snapshot.recent_mean(|p| p.served as f64), 1.5, "fewer seconds at the start");
    }

    #[test]
    fn the_mean_of_served_is_the_throughput() {
        let mut world = World::new(WorldConfig { arrival_rate: 30.0, ..WorldConfig::default() });
        world.advance_to(25 * SECOND + SECOND / 2);
        let snapshot = world.snapshot();
        let last_ten: u64 = world.metrics().series().rev().take(10).map(|p| p.served).sum();
        assert!(last_ten > 0);
        assert_eq!(snapshot.recent_mean(|p| p.served as f64), last_ten as f64 / 10.0);
    }

    #[test]
    fn the_fleet_counts_each_server_once_and_leaving_ones_apart() {
        let small = || ServerSpec::preset(ServerSize::Small);
        let mut world = World::new(WorldConfig {
            arrival_rate: 30.0,
            servers: vec![small(); 3],
            ..WorldConfig::default()
        });
        world.advance_to(2 * SECOND);
        world.apply(Command::AddServer { spec: small(), boot: true }).unwrap();
        world.apply(Command::RemoveServer(Some(ServerId(0)))).unwrap();
        let snapshot = world.snapshot();
        let fleet = snapshot.fleet();
        assert_eq!((fleet.up, fleet.booting, fleet.draining + fleet.leaving), (2, 1, 1), "{fleet:?}");
        assert_eq!(fleet.up, snapshot.up_servers());
        // A second later the removed server has finished its requests and is leaving the stage.
        world.advance_to(3 * SECOND);
        assert_eq!(world.snapshot().fleet(), Fleet { up: 2, booting: 1, leaving: 1, ..Fleet::default() });
        // Gone from the stage after a few seconds; the new one is up.
        world.advance_to(8 * SECOND);
        assert_eq!(world.snapshot().fleet(), Fleet { up: 3, ..Fleet::default() });
    }
}
