//! The settings a world starts from. Every field lists its unit and default; the defaults are
//! gathered in the `Default` impls below, in one place.

use crate::format::number;

use super::attack::{AttackConfig, NatConfig};
use super::balancer::Algorithm;
use super::database::DatabaseConfig;
use super::edge::{Defences, EdgeConfig};
use super::security::AuthConfig;
use super::security::TlsConfig;
use super::time::{from_ms, from_secs, Micros, SECOND};

/// The most servers a world holds at once (from a scenario; the UI stops at 32).
pub const MAX_SERVERS: usize = 100;

/// The highest arrival rate a world accepts, in requests per simulated second.
pub const MAX_ARRIVAL_RATE: f64 = 200_000.0;

/// The most requests all the servers' queues may hold together (each waiting request takes
/// about 60 bytes, so at most about 60 MB).
pub const MAX_QUEUED: u64 = 1_000_000;

/// The longest one-way link delay, in microseconds (2 s): with the highest arrival rate this
/// keeps at most about 1.6 million requests travelling at once.
pub const MAX_LINK_DELAY: Micros = 2 * SECOND;

/// How a server's service times are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceDistribution {
    /// Exponential with the server's mean (the "M" in M/M/c). The default.
    Exponential,
    /// Always exactly the server's mean (the "D" in M/D/c).
    Fixed,
}

impl ServiceDistribution {
    /// Both, the default first.
    pub const ALL: [ServiceDistribution; 2] = [ServiceDistribution::Exponential, ServiceDistribution::Fixed];

    /// The name scenario files use: "exponential" or "fixed".
    pub fn slug(self) -> &'static str {
        match self {
            ServiceDistribution::Exponential => "exponential",
            ServiceDistribution::Fixed => "fixed",
        }
    }
}

/// The two server presets the learner can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerSize {
    /// 2 workers, 100 ms mean service, queue of 20, weight 1: about 20 requests/s.
    Small,
    /// 4 workers, 100 ms mean service, queue of 40, weight 2: about 40 requests/s.
    Large,
}

impl ServerSize {
    /// Both presets, small first.
    pub const ALL: [ServerSize; 2] = [ServerSize::Small, ServerSize::Large];

    /// A short lowercase name for labels and scenario files ("small", "large").
    pub fn label(self) -> &'static str {
        match self {
            ServerSize::Small => "small",
            ServerSize::Large => "large",
        }
    }
}

/// One server's hardware and queue.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerSpec {
    /// The preset this server was made from (shown as its label).
    pub size: ServerSize,
    /// Requests served at the same time (c in M/M/c). Default: 2 (small) or 4 (large).
    pub workers: u32,
    /// Mean service time per request, in microseconds. Default: 100 ms.
    pub mean_service: Micros,
    /// How service times are drawn. Default: exponential.
    pub distribution: ServiceDistribution,
    /// Requests that may wait beyond the busy workers; one more is dropped. Default: 10 per worker.
    pub queue_capacity: u32,
    /// Share of traffic under weighted round robin. Default: 1 (small) or 2 (large).
    pub weight: u32,
}

impl ServerSpec {
    /// The preset for `size`.
    pub fn preset(size: ServerSize) -> Self {
        let (workers, weight) = match size {
            ServerSize::Small => (2, 1),
            ServerSize::Large => (4, 2),
        };
        ServerSpec {
            size,
            workers,
            mean_service: from_ms(100.0),
            distribution: ServiceDistribution::Exponential,
            queue_capacity: 10 * workers,
            weight,
        }
    }

    /// Checks the settings are in the ranges the simulation supports. A failure names the
    /// offending field as scenario files spell it (such as `workers`) and says what is wrong.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=1_000).contains(&self.workers) {
            return Err(("workers", format!("workers must be between 1 and 1000, got {}", self.workers)));
        }
        if !(1..=3_600 * SECOND).contains(&self.mean_service) {
            let why =
                format!("mean service time must be between 1 µs and 1 hour, got {} µs", self.mean_service);
            return Err(("mean_service_ms", why));
        }
        if u64::from(self.queue_capacity) > MAX_QUEUED {
            return Err((
                "queue_capacity",
                format!("queue capacity must be at most {MAX_QUEUED}, got {}", self.queue_capacity),
            ));
        }
        if !(1..=1_000).contains(&self.weight) {
            return Err(("weight", format!("weight must be between 1 and 1000, got {}", self.weight)));
        }
        Ok(())
    }

    /// Requests per simulated second this server can complete when always busy.
    pub fn capacity_per_second(&self) -> f64 {
        self.workers as f64 * 1e6 / self.mean_service.max(1) as f64
    }
}

/// Network delays, one way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Links {
    /// From a client to the load balancer, in microseconds. Default: 60 ms.
    pub client_to_balancer: Micros,
    /// From the load balancer to a server, in microseconds. Default: 20 ms.
    pub balancer_to_server: Micros,
}

impl Default for Links {
    fn default() -> Self {
        Links { client_to_balancer: from_ms(60.0), balancer_to_server: from_ms(20.0) }
    }
}

/// Automatic scaling as Kubernetes' HorizontalPodAutoscaler does it (see [`super::autoscale`]),
/// with capacity counted in workers. The playground's clock runs faster than a cluster's, so its
/// windows are shorter than Kubernetes' defaults (15 s sync, 300 s scale-down stabilization).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AutoscaleConfig {
    /// Whether the autoscaler acts. Default: off.
    pub enabled: bool,
    /// Utilization to aim for, 0.05–1.0. Default: 0.7.
    pub target_utilization: f64,
    /// How long a new server boots before it takes traffic, in microseconds. Default: 5 s.
    pub startup_delay: Micros,
    /// Time between two decisions, in microseconds (whole seconds). Default: 10 s.
    pub sync_period: Micros,
    /// Span of measurements averaged for each decision, in microseconds (whole seconds, at most
    /// 60 s); no decision is made before one full window has been measured. Default: 20 s.
    pub metric_window: Micros,
    /// Scale-down stabilization window, in microseconds: the highest recommendation within it
    /// wins, so a brief lull does not shrink the fleet. Default: 60 s.
    pub scale_down_stabilization: Micros,
    /// Scale-up stabilization window, in microseconds: the lowest recommendation within it wins.
    /// Default: 0 (scale up at once, as Kubernetes does).
    pub scale_up_stabilization: Micros,
    /// Most capacity one decision may add, as a percentage of the current capacity. Default: 100.
    pub scale_up_percent: f64,
    /// Or this many servers, whichever adds more. Default: 4.
    pub scale_up_servers: usize,
    /// Most capacity one decision may remove, as a percentage of the current capacity.
    /// Default: 100 (no limit).
    pub scale_down_percent: f64,
    /// Fewest servers (starting or up) the autoscaler keeps. Default: 1.
    pub min_servers: usize,
    /// Most servers (starting or up) the autoscaler keeps. Default: 32.
    pub max_servers: usize,
    /// The preset of the servers it adds. Default: small.
    pub size: ServerSize,
}

impl Default for AutoscaleConfig {
    fn default() -> Self {
        AutoscaleConfig {
            enabled: false,
            target_utilization: 0.7,
            startup_delay: from_secs(5.0),
            sync_period: from_secs(10.0),
            metric_window: from_secs(20.0),
            scale_down_stabilization: from_secs(60.0),
            scale_up_stabilization: 0,
            scale_up_percent: 100.0,
            scale_up_servers: 4,
            scale_down_percent: 100.0,
            min_servers: 1,
            max_servers: 32,
            size: ServerSize::Small,
        }
    }
}

/// Active health checks, as HAProxy (`check inter 2s fall 3 rise 2`) and Envoy define them: the
/// balancer checks every server every `interval`; a check fails if no answer comes within
/// `timeout`; `unhealthy_threshold` failures in a row take a server out of rotation, and
/// `healthy_threshold` passes in a row put a restored one back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HealthCheckConfig {
    /// Time between two checks of a server, in microseconds. Default: 2 s.
    pub interval: Micros,
    /// How long a check waits for an answer, in microseconds. Default: 1 s.
    pub timeout: Micros,
    /// Failed checks in a row that take a server out of rotation. Default: 3.
    pub unhealthy_threshold: u32,
    /// Passed checks in a row that put a server back in rotation. Default: 2.
    pub healthy_threshold: u32,
}

impl Default for HealthCheckConfig {
    fn default() -> Self {
        HealthCheckConfig {
            interval: 2 * SECOND,
            timeout: SECOND,
            unhealthy_threshold: 3,
            healthy_threshold: 2,
        }
    }
}

/// Retries at the balancer: a request that fails (its server crashed or was down, or its queue
/// was full) is sent to another server, up to `max_attempts` tries in all, within a retry
/// budget as Finagle keeps it: each new request earns `budget` of a retry, each retry spends one
/// (10 to start with, at most 100 saved), so retries stay near that share of requests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryConfig {
    /// Tries in all, the first included; 1 means no retries. Default: 1.
    pub max_attempts: u8,
    /// Retries allowed as a share of requests (0–1); 1 means no budget at all. Default: 0.2
    /// (Finagle's and Envoy's 20%).
    pub budget: f64,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig { max_attempts: 1, budget: 0.2 }
    }
}

/// Chaos, as Chaos Monkey does it: servers crash and are restored at random, and the database's
/// disks fail and are replaced at random, each after an exponentially distributed time with
/// the given mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChaosConfig {
    /// Mean time a server runs before it crashes (MTBF), in microseconds. Default: 60 s.
    pub server_mtbf: Micros,
    /// Mean time a crashed server stays down before it is restored (MTTR), in microseconds;
    /// it then boots and passes its health checks. Default: 15 s.
    pub server_mttr: Micros,
    /// Mean time a disk works before it fails, in microseconds. Default: 300 s.
    pub disk_mtbf: Micros,
    /// Mean time a failed disk waits to be replaced, in microseconds; it then rebuilds.
    /// Default: 20 s.
    pub disk_mttr: Micros,
}

impl Default for ChaosConfig {
    fn default() -> Self {
        ChaosConfig {
            server_mtbf: 60 * SECOND,
            server_mttr: 15 * SECOND,
            disk_mtbf: 300 * SECOND,
            disk_mttr: 20 * SECOND,
        }
    }
}

impl ChaosConfig {
    /// Checks every mean time is more than 0; on failure, names the field as scenario files
    /// spell it.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let times = [
            ("chaos.server_mtbf_s", self.server_mtbf),
            ("chaos.server_mttr_s", self.server_mttr),
            ("chaos.disk_mtbf_s", self.disk_mtbf),
            ("chaos.disk_mttr_s", self.disk_mttr),
        ];
        match times.into_iter().find(|(_, t)| *t == 0) {
            Some((field, _)) => Err((field, "must be more than 0".into())),
            None => Ok(()),
        }
    }
}

/// A flash crowd: the arrival rate multiplied for a while.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurstConfig {
    /// Factor on the arrival rate while the burst lasts. Default: 4.
    pub multiplier: f64,
    /// How long the burst lasts, in microseconds. Default: 5 s.
    pub duration: Micros,
}

impl Default for BurstConfig {
    fn default() -> Self {
        BurstConfig { multiplier: 4.0, duration: from_secs(5.0) }
    }
}

/// Everything a world starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldConfig {
    /// Seed of the world's one RNG. Default: 1.
    pub seed: u64,
    /// Mean requests per simulated second from all clients together (a Poisson process). Default: 30.
    pub arrival_rate: f64,
    /// Distinct clients the requests come from (matters for client hashing). Default: 1000.
    pub clients: u32,
    /// The load balancer's algorithm. Default: round robin.
    pub algorithm: Algorithm,
    /// The servers at the start. Default: two small ones.
    pub servers: Vec<ServerSpec>,
    /// Network delays. Default: see [`Links`].
    pub links: Links,
    /// The autoscaler. Default: off, see [`AutoscaleConfig`].
    pub autoscale: AutoscaleConfig,
    /// What the burst button does. Default: see [`BurstConfig`].
    pub burst: BurstConfig,
    /// The balancer's health checks. Default: see [`HealthCheckConfig`].
    pub health_check: HealthCheckConfig,
    /// The balancer's retries. Default: off, see [`RetryConfig`].
    pub retries: RetryConfig,
    /// Random crashes and restores. Default: none.
    pub chaos: Option<ChaosConfig>,
    /// The database tier behind the servers. Default: none (a scenario without one has no
    /// database, so the queueing figures stay exact); the playground's page starts with one.
    pub database: Option<DatabaseConfig>,
    /// Users who share addresses behind a NAT. Default: none (every user has an address).
    pub nat: Option<NatConfig>,
    /// The edge's fixed resources. Default: see [`EdgeConfig`].
    pub edge: EdgeConfig,
    /// The defences in force at the start. Default: all off.
    pub defences: Defences,
    /// A botnet's attack, starting at its `start`. Default: none.
    pub attack: Option<AttackConfig>,
    /// Authentication in front of the app: users log in for a token and call with it. Default:
    /// none (requests are not checked).
    pub auth: Option<AuthConfig>,
    /// TLS in transit. Default: off, see [`TlsConfig`].
    pub tls: TlsConfig,
    /// Whether the database's disks are encrypted under a data key held in a key service.
    /// Default: off.
    pub encryption_at_rest: bool,
}

impl Default for WorldConfig {
    fn default() -> Self {
        WorldConfig {
            seed: 1,
            arrival_rate: 30.0,
            clients: 1000,
            algorithm: Algorithm::RoundRobin,
            servers: vec![ServerSpec::preset(ServerSize::Small); 2],
            links: Links::default(),
            autoscale: AutoscaleConfig::default(),
            burst: BurstConfig::default(),
            health_check: HealthCheckConfig::default(),
            retries: RetryConfig::default(),
            chaos: None,
            database: None,
            nat: None,
            edge: EdgeConfig::default(),
            defences: Defences::default(),
            attack: None,
            auth: None,
            tls: TlsConfig::default(),
            encryption_at_rest: false,
        }
    }
}

impl WorldConfig {
    /// Checks that a world can be built from these settings and fits in memory. A failure names
    /// the field as scenario files spell it (such as `servers`) and says what is wrong.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if let Some(attack) = &self.attack {
            attack.check()?;
        }
        if let Some(auth) = &self.auth {
            auth.check(self.clients)?;
        }
        self.tls.check()?;
        if self.nat.is_some_and(|n| n.addresses == 0) {
            return Err(("nat.addresses", "must be at least 1".into()));
        }
        if !(1..=1 << 20).contains(&self.edge.connection_slots) {
            let why = format!("must be 1–1048576, got {}", self.edge.connection_slots);
            return Err(("edge.connection_slots", why));
        }
        if !(self.edge.uplink_mbps > 0.0 && self.edge.uplink_mbps <= 1e6) {
            return Err((
                "edge.uplink_mbps",
                format!("must be more than 0 and at most 1000000, got {}", number(self.edge.uplink_mbps)),
            ));
        }
        if self.servers.is_empty() || self.servers.len() > MAX_SERVERS {
            return Err((
                "servers",
                format!("must add up to 1–{MAX_SERVERS} servers, got {}", self.servers.len()),
            ));
        }
        for spec in &self.servers {
            spec.check()?;
        }
        let queued: u64 = self.servers.iter().map(|s| u64::from(s.queue_capacity)).sum();
        if queued > MAX_QUEUED {
            return Err((
                "servers",
                format!(
                    "the queues add up to {queued} requests; the playground holds at most {MAX_QUEUED} \
                     queued requests in all (about 60 MB): lower queue_capacity or count"
                ),
            ));
        }
        in_range(self.arrival_rate, 0.0, MAX_ARRIVAL_RATE).map_err(|why| ("arrival_rate", why))?;
        let h = self.health_check;
        if h.interval < 10 * crate::sim::time::MILLISECOND || h.timeout == 0 {
            return Err((
                "health_check",
                "the interval must be at least 10 ms and the timeout more than 0".into(),
            ));
        }
        if h.unhealthy_threshold == 0 || h.healthy_threshold == 0 {
            return Err(("health_check", "the thresholds must be at least 1".into()));
        }
        if !(1..=5).contains(&self.retries.max_attempts) {
            return Err((
                "retries.max_attempts",
                format!("must be between 1 and 5, got {}", self.retries.max_attempts),
            ));
        }
        in_range(self.retries.budget, 0.0, 1.0).map_err(|why| ("retries.budget", why))?;
        if let Some(chaos) = self.chaos {
            chaos.check()?;
        }
        if let Some(database) = self.database {
            database.check().map_err(|(field, why)| (database_field(field), why))?;
        }
        let links = [self.links.client_to_balancer, self.links.balancer_to_server];
        if links.iter().any(|l| *l > MAX_LINK_DELAY) {
            return Err(("links", format!("link delays must be at most {} ms", MAX_LINK_DELAY / 1_000)));
        }
        Ok(())
    }
}

/// A database field's name as scenario files spell it, under `database`.
fn database_field(field: &'static str) -> &'static str {
    match field {
        "replicas" => "database.replicas",
        "replication" => "database.replication",
        "replication_lag_ms" => "database.replication_lag_ms",
        "disks" => "database.disks",
        "rebuild_s" => "database.rebuild_s",
        "read_share" => "database.read_share",
        "keys" => "database.keys",
        "workers" => "database.workers",
        "mean_service_ms" => "database.mean_service_ms",
        "queue_capacity" => "database.queue_capacity",
        "link_ms" => "database.link_ms",
        "failover_timeout_s" => "database.failover_timeout_s",
        _ => "database",
    }
}

/// `value` if it is a finite number from `min` to `max`, else a message giving the range.
pub fn in_range(value: f64, min: f64, max: f64) -> Result<f64, String> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be between {} and {}, got {}", number(min), number(max), number(value)))
    }
}
