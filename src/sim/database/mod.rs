//! The database tier as a stage of the request path: which node a query goes to, the nodes'
//! workers and queues, and the storage underneath ([`crate::sim::storage`]) that decides what is
//! durable, replicated and lost.
//!
//! Writes go to the primary; reads to the running node with the fewest queries in hand, taking
//! turns among equals, replicas included, so a read from a lagging replica may be stale.

mod config;
mod station;
mod view;

pub use config::{DatabaseConfig, MAX_DATABASE_QUEUE};
pub use station::{Admission, Station};
pub use view::{DatabaseView, DiskView, NodeView};

use crate::sim::request::FailReason;
use crate::sim::storage::{NodeId, Storage};
use crate::sim::time::Micros;

/// What a request does at the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// Reads the newest version of a key.
    Read(u32),
    /// Writes a new version of a key.
    Write(u32),
}

/// The database tier: its settings, storage and the nodes' workers.
#[derive(Clone, Debug)]
pub struct Database {
    config: DatabaseConfig,
    /// What the nodes hold, and the ledger of acknowledged writes.
    pub storage: Storage,
    /// Workers and queue of each node, by node id.
    pub stations: Vec<Station>,
    /// When the primary went down, if it is down (for the failover timeout and its measure).
    pub primary_down_since: Option<Micros>,
    /// When the pending failover is due, if one is: a timer for another time does nothing.
    pub failover_at: Option<Micros>,
    /// Nodes whose data was lost: they come back, empty, once a disk of theirs is replaced.
    pub awaiting_disk: Vec<NodeId>,
    /// Each disk's chaos plan, by node and position: a timer stands only while it matches.
    pub disk_plans: Vec<Vec<u32>>,
    /// When the storage next catches up for writes on their way to replicas, if that is planned.
    pub delivery_at: Option<Micros>,
    /// Where the next read starts looking, so equally loaded nodes take turns.
    next_read: usize,
}

impl Database {
    /// A tier at time zero with no data, every node running.
    ///
    /// # Panics
    /// If `config` fails [`DatabaseConfig::check`].
    pub fn new(config: DatabaseConfig) -> Self {
        if let Err((field, why)) = config.check() {
            panic!("invalid database config: {field}: {why}");
        }
        let nodes = config.storage.nodes();
        Database {
            storage: Storage::new(config.storage),
            stations: vec![Station::default(); nodes],
            primary_down_since: None,
            failover_at: None,
            awaiting_disk: Vec::new(),
            disk_plans: vec![vec![0; usize::from(config.storage.disks)]; nodes],
            delivery_at: None,
            next_read: 0,
            config,
        }
    }

    /// The settings.
    pub fn config(&self) -> &DatabaseConfig {
        &self.config
    }

    /// The node that takes `query` now, or why none can.
    pub fn pick(&mut self, query: Query) -> Result<NodeId, FailReason> {
        let nodes = self.storage.nodes();
        match query {
            Query::Write(_) => {
                let primary = self.storage.primary();
                // Only the primary takes writes; while it is down and no replica is promoted, none do.
                nodes[primary.index()].is_up().then_some(primary).ok_or(FailReason::DatabaseDown)
            }
            Query::Read(_) => {
                let count = nodes.len();
                let start = self.next_read % count;
                self.next_read = (start + 1) % count;
                // The least loaded running node; among equals, the first from where the last read
                // started, so they take turns.
                (0..count)
                    .map(|k| (start + k) % count)
                    .filter(|i| nodes[*i].is_up())
                    .min_by_key(|i| self.stations[*i].load())
                    .map(|i| NodeId(i as u32))
                    .ok_or(FailReason::DatabaseDown)
            }
        }
    }

    /// How long node work on `query` holds a worker, given a drawn service time `service`: a
    /// synchronous write also waits one round trip for the replica's answer.
    pub fn hold_time(&self, query: Query, service: Micros) -> Micros {
        let sync = self.storage.config().replication == crate::sim::storage::Replication::Sync;
        match query {
            Query::Write(_) if sync => service + 2 * self.config.link,
            _ => service,
        }
    }

    /// Takes in the request in `slot` at `node`.
    pub fn admit(&mut self, node: NodeId, slot: u32) -> Admission {
        let (workers, capacity) = (self.config.workers, self.config.queue_capacity);
        self.stations[node.index()].admit(slot, workers, capacity)
    }
}
