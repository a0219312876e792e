//! A small, cloneable picture of the world for the view's panels, taken a few times a second.

use super::balancer::Algorithm;
use super::config::{AutoscaleConfig, ServerSize};
use super::latency::Percentiles;
use super::metrics::SeriesPoint;
use super::request::DropReason;
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
    /// Requests it dropped.
    pub dropped: u64,
    /// Whether its queue is overflowing.
    pub saturated: bool,
    /// (utilization 0–1, queue length) a second over the last minute, oldest first.
    pub history: Vec<(f64, u32)>,
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
    /// Requests sent since the start.
    pub arrived: u64,
    /// Requests served since the start.
    pub served: u64,
    /// Requests dropped since the start, by reason.
    pub dropped: Vec<(DropReason, u64)>,
    /// Requests in flight now.
    pub in_flight: u64,
    /// Served requests per second over the recent window.
    pub throughput: f64,
    /// Latency percentiles over the recent window.
    pub latency: Percentiles,
    /// Servers on stage, by id: starting, up or draining, and those removed in the last few
    /// seconds (see [`crate::sim::world::LINGER`]).
    pub servers: Vec<ServerView>,
    /// The last simulated minute, a point a second.
    pub series: Vec<SeriesPoint>,
    /// Requests per second the up servers can serve together.
    pub capacity: f64,
    /// Events logged since the start (a changed count means new events).
    pub events_total: u64,
}

impl Snapshot {
    /// Requests dropped for any reason.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.iter().map(|(_, n)| n).sum()
    }

    /// Servers taking traffic.
    pub fn up_servers(&self) -> usize {
        self.servers.iter().filter(|s| s.status == ServerStatus::Up).count()
    }
}

impl World {
    /// Takes a snapshot of the world now.
    pub fn snapshot(&mut self) -> Snapshot {
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
                dropped: s.dropped,
                saturated: s.saturated,
                history: s.history.iter().copied().collect(),
            })
            .collect();
        let capacity =
            self.routable().iter().map(|id| self.servers()[id.index()].spec.capacity_per_second()).sum();
        Snapshot {
            now: self.now(),
            arrival_rate: self.arrival_rate(),
            base_rate: self.config().arrival_rate,
            bursting: self.bursting(),
            burst_until: self.burst_until(),
            algorithm: self.config().algorithm,
            autoscale: self.config().autoscale,
            arrived: metrics.arrived,
            served: metrics.served,
            dropped: DropReason::ALL.iter().map(|r| (*r, metrics.dropped(*r))).collect(),
            in_flight: self.in_flight() as u64,
            throughput: metrics.throughput(),
            latency,
            servers,
            series: metrics.series().copied().collect(),
            capacity,
            events_total: self.events().total(),
        }
    }
}
