//! The database tier as the view and the runner show it, taken at one moment.

use super::Database;
use crate::sim::storage::{DiskState, Lag, NodeId, Replication, Role};
use crate::sim::time::Micros;

/// One disk of a node's mirror.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiskView {
    /// What it is doing.
    pub state: DiskState,
    /// How much of its rebuild is done, 0–1, while it rebuilds.
    pub progress: Option<f64>,
}

/// One database node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    /// Its id: 0 is the first primary, 1 and 2 the replicas the tier starts with.
    pub id: NodeId,
    /// Primary or replica.
    pub role: Role,
    /// Whether it runs.
    pub up: bool,
    /// Whether it lost its data and waits for a replaced disk to come back, empty.
    pub emptied: bool,
    /// Its mirror's disks, in order.
    pub disks: Vec<DiskView>,
    /// Acknowledged writes it holds.
    pub writes: usize,
    /// How far it is behind the primary (replicas only).
    pub lag: Option<Lag>,
    /// Writes it still has to receive since it rejoined (0 when not catching up).
    pub catching_up: usize,
    /// Workers busy now.
    pub busy: u32,
    /// Queries waiting now.
    pub queued: usize,
    /// Queries it has served.
    pub served: u64,
}

impl NodeView {
    /// Disks holding the data.
    pub fn healthy_disks(&self) -> usize {
        self.disks.iter().filter(|d| d.state == DiskState::Healthy).count()
    }

    /// Whether it runs on fewer healthy disks than its mirror has.
    pub fn degraded(&self) -> bool {
        self.up && self.healthy_disks() < self.disks.len()
    }
}

/// The database tier at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseView {
    /// Synchronous or asynchronous.
    pub replication: Replication,
    /// How long an asynchronous write takes to reach a replica, in microseconds.
    pub replication_lag: Micros,
    /// Share of requests that read, 0–1.
    pub read_share: f64,
    /// Queries each node serves at once.
    pub workers: u32,
    /// How long a rebuild takes, in microseconds.
    pub rebuild: Micros,
    /// How long the primary must be down before a replica is promoted, in microseconds.
    pub failover_timeout: Micros,
    /// The node that takes the writes.
    pub primary: NodeId,
    /// When the primary went down, if it is down.
    pub primary_down_since: Option<Micros>,
    /// When the pending failover happens, if one is pending.
    pub failover_at: Option<Micros>,
    /// Whether a write now would be acknowledged (the primary runs and, under synchronous
    /// replication, a replica is in step with it).
    pub takes_writes: bool,
    /// Every node, by id.
    pub nodes: Vec<NodeView>,
    /// Writes acknowledged since the start.
    pub acknowledged: u64,
    /// Acknowledged writes no surviving copy holds.
    pub lost: u64,
    /// Distinct keys of the first writes lost, at most [`crate::sim::storage::SAMPLE_KEYS`].
    pub lost_keys: Vec<u32>,
}

impl DatabaseView {
    /// The largest replication lag among running replicas, in microseconds (0 when none lags).
    pub fn max_lag(&self) -> Micros {
        let lags = self.nodes.iter().filter(|n| n.up).filter_map(|n| n.lag);
        lags.map(|l| l.oldest).max().unwrap_or(0)
    }
}

impl Database {
    /// The tier as it stands now, at simulated time `now`.
    pub fn view(&self, now: Micros) -> DatabaseView {
        let storage = &self.storage;
        let nodes = storage
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let id = NodeId(i as u32);
                let station = &self.stations[i];
                NodeView {
                    id,
                    role: node.role(),
                    up: node.is_up(),
                    emptied: self.awaiting_disk.contains(&id),
                    disks: node
                        .disks()
                        .into_iter()
                        .map(|state| DiskView { state, progress: state.progress(now) })
                        .collect(),
                    writes: node.writes(),
                    lag: storage.lag(id),
                    catching_up: node.catching_up(),
                    busy: station.busy,
                    queued: station.queue.len(),
                    served: station.served,
                }
            })
            .collect();
        let ledger = storage.ledger();
        DatabaseView {
            replication: storage.config().replication,
            replication_lag: storage.config().replication_lag,
            read_share: self.config.read_share,
            workers: self.config.workers,
            rebuild: storage.config().rebuild,
            failover_timeout: self.config.failover_timeout,
            primary: storage.primary(),
            primary_down_since: self.primary_down_since,
            failover_at: self.failover_at,
            takes_writes: storage.takes_writes(),
            nodes,
            acknowledged: ledger.len() as u64,
            lost: ledger.lost_count() as u64,
            lost_keys: ledger.lost_keys().to_vec(),
        }
    }
}
