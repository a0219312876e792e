//! The database tier's settings as the world uses them: the storage underneath, and how requests
//! use it.

use crate::format::number;
use crate::sim::storage::StorageConfig;
use crate::sim::time::{Micros, MILLISECOND, SECOND};

/// Most requests one database node's queue may hold.
pub const MAX_DATABASE_QUEUE: u32 = 100_000;

/// A database tier behind the servers: after its server's work, each request reads or writes one
/// key there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DatabaseConfig {
    /// Replicas, replication, disks and rebuild time (default: one asynchronous replica with a
    /// 200 ms lag, two-disk mirrors, 30 s rebuilds).
    pub storage: StorageConfig,
    /// Share of requests that read, 0–1; the rest write. Default: 0.8.
    pub read_share: f64,
    /// Keys the requests pick from, uniformly; fewer keys mean each is rewritten more often, so
    /// a lagging replica returns stale values more often. Default: 100.
    pub keys: u32,
    /// Queries each node serves at once. Default: 8.
    pub workers: u32,
    /// Mean time a node takes for one query (exponential), in microseconds. Default: 5 ms.
    pub mean_service: Micros,
    /// Queries that may wait at a node beyond its busy workers; one more fails. Default: 200.
    pub queue_capacity: u32,
    /// One-way delay between a server and the database, and between database nodes, in
    /// microseconds. A synchronous write waits one round trip of it for the replica's answer.
    /// Default: 20 ms, as the balancer's link to a server (the playground's links are long
    /// enough to watch).
    pub link: Micros,
    /// How long the primary must be down before a replica is promoted, in microseconds.
    /// Default: 10 s.
    pub failover_timeout: Micros,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            storage: StorageConfig::default(),
            read_share: 0.8,
            keys: 100,
            workers: 8,
            mean_service: 5 * MILLISECOND,
            queue_capacity: 200,
            link: 20 * MILLISECOND,
            failover_timeout: 10 * SECOND,
        }
    }
}

impl DatabaseConfig {
    /// Checks every field; on failure, names the field as scenario files spell it and says why.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        self.storage.check().map_err(|(field, why)| match field {
            "replication_lag" => ("replication_lag_ms", why),
            "rebuild" => ("rebuild_s", why),
            other => (other, why),
        })?;
        if !(0.0..=1.0).contains(&self.read_share) {
            return Err(("read_share", format!("must be between 0 and 1, got {}", number(self.read_share))));
        }
        if !(1..=1_000_000).contains(&self.keys) {
            return Err(("keys", format!("must be between 1 and 1000000, got {}", self.keys)));
        }
        if !(1..=1_000).contains(&self.workers) {
            return Err(("workers", format!("must be between 1 and 1000, got {}", self.workers)));
        }
        if !(1..=3_600 * SECOND).contains(&self.mean_service) {
            return Err(("mean_service_ms", format!("must be 1 µs–1 hour, got {} µs", self.mean_service)));
        }
        if self.queue_capacity > MAX_DATABASE_QUEUE {
            let why = format!("must be at most {MAX_DATABASE_QUEUE}, got {}", self.queue_capacity);
            return Err(("queue_capacity", why));
        }
        if self.link > 2 * SECOND {
            return Err(("link_ms", format!("must be at most 2000 ms, got {} µs", self.link)));
        }
        if !(1..=3_600 * SECOND).contains(&self.failover_timeout) {
            let why = format!("must be 1 µs–1 hour, got {} µs", self.failover_timeout);
            return Err(("failover_timeout_s", why));
        }
        Ok(())
    }
}
