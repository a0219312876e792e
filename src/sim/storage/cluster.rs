//! The database tier as the world drives it: the nodes, the ledger, the clock, and the outcomes
//! waiting to be collected; the write and read paths.

use std::collections::VecDeque;

use super::config::{Replication, StorageConfig};
use super::error::{StorageError, WriteError};
use super::ledger::{Ledger, Write};
use super::node::{Node, NodeId, Role};
use super::outcome::{Outcome, OutcomeKind};
use super::replication::Shipment;
use crate::sim::time::Micros;

/// What a read of one key from one node returns, against what was acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Read {
    /// The version the node returns; `None` if it holds no version of the key.
    pub version: Option<u64>,
    /// The newest acknowledged version of the key, whether or not a copy of it survives; `None`
    /// if the key was never written.
    pub latest: Option<u64>,
}

impl Read {
    /// Whether the read returns the newest acknowledged version (a lagging replica, or a node
    /// that lost the write, returns an older one: a stale read).
    pub fn is_fresh(&self) -> bool {
        self.version == self.latest
    }
}

/// A primary and its replicas, each on a RAID-1 mirror, with the ledger of acknowledged writes.
#[derive(Clone, Debug)]
pub struct Storage {
    pub(super) config: StorageConfig,
    /// The time of the latest call, in simulated microseconds.
    pub(super) now: Micros,
    pub(super) nodes: Vec<Node>,
    pub(super) primary: NodeId,
    pub(super) ledger: Ledger,
    /// Writes on their way to replicas, by due time.
    pub(super) shipments: VecDeque<Shipment>,
    outcomes: Vec<Outcome>,
}

impl Storage {
    /// A tier at time zero with no data: node 0 the primary, nodes 1 and 2 its replicas, every
    /// disk healthy.
    ///
    /// # Panics
    /// If `config` fails [`StorageConfig::check`].
    pub fn new(config: StorageConfig) -> Self {
        if let Err((field, why)) = config.check() {
            panic!("invalid storage config: {field}: {why}");
        }
        let role = |i| if i == 0 { Role::Primary } else { Role::Replica };
        Storage {
            nodes: (0..config.nodes()).map(|i| Node::new(role(i), config.disks)).collect(),
            config,
            now: 0,
            primary: NodeId(0),
            ledger: Ledger::default(),
            shipments: VecDeque::new(),
            outcomes: Vec::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &StorageConfig {
        &self.config
    }

    /// The time of the latest call, in simulated microseconds.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// The node that takes the writes (it may be down).
    pub fn primary(&self) -> NodeId {
        self.primary
    }

    /// Every node, by id.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The acknowledged writes, and which are lost (the ones whose fate is settled, counted
    /// but forgotten).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// What happened since the last call to this, oldest first.
    pub fn take_outcomes(&mut self) -> Vec<Outcome> {
        std::mem::take(&mut self.outcomes)
    }

    /// Runs what fell due up to `now` (rebuild milestones, writes reaching replicas). Every other
    /// call does this first; a time before the latest call's counts as the latest call's.
    pub fn advance(&mut self, now: Micros) {
        self.now = self.now.max(now);
        let first = self.outcomes.len();
        for i in 0..self.nodes.len() {
            let node = NodeId(i as u32);
            for (at, disk, percent) in self.nodes[i].mirror.advance(self.now) {
                let kind = match percent {
                    100 => OutcomeKind::RebuildDone { node, disk },
                    _ => OutcomeKind::RebuildProgress { node, disk, percent },
                };
                self.emit(at, kind);
            }
        }
        self.deliver();
        self.forget_settled();
        // Outcomes come in time order, whichever part they came from (the sort is stable).
        self.outcomes[first..].sort_by_key(|o| o.time);
    }

    /// Writes `key` at `now` and acknowledges it with its new version, or refuses it.
    pub fn write(&mut self, now: Micros, key: u32) -> Result<Write, WriteError> {
        self.advance(now);
        if !self.nodes[self.primary.index()].up {
            // Only the primary takes writes.
            return Err(WriteError::PrimaryDown);
        }
        let followers = self.followers();
        let sync = self.config.replication == Replication::Sync;
        if sync && !followers.iter().any(|r| self.in_step(*r)) {
            // Synchronous: no acknowledgement without a replica that holds everything the primary holds.
            return Err(WriteError::NoReplicaInStep);
        }
        let write = self.ledger.acknowledge(key, self.now);
        // On the primary, the write goes to every working disk of its mirror.
        self.nodes[self.primary.index()].held.insert(write.version);
        for r in followers {
            if sync {
                // Synchronous: every following replica has it before the acknowledgement.
                self.nodes[r.index()].held.insert(write.version);
            } else {
                // Asynchronous: it reaches each following replica one replication lag later.
                self.ship(write.version, r, false);
            }
        }
        self.deliver();
        self.forget_settled();
        Ok(write)
    }

    /// Whether a write now would be acknowledged: the primary runs and, under synchronous
    /// replication, a following replica holds everything it holds.
    pub fn takes_writes(&self) -> bool {
        let sync = self.config.replication == Replication::Sync;
        self.nodes[self.primary.index()].up && (!sync || self.followers().iter().any(|r| self.in_step(*r)))
    }

    /// What reading `key` from `node` returns now; `None` if the node does not exist or is down.
    pub fn read(&self, node: NodeId, key: u32) -> Option<Read> {
        let node = self.nodes.get(node.index()).filter(|n| n.up)?;
        // Any healthy disk of the mirror serves the read: they all hold the node's data.
        Some(Read { version: self.ledger.newest_held(&node.held, key), latest: self.ledger.latest(key) })
    }

    /// Lets the ledger forget the writes whose fate is settled: every node, running or not,
    /// holds them, or they are lost and no node holds them.
    fn forget_settled(&mut self) {
        let nodes = &self.nodes;
        self.ledger.forget_settled(|version, lost| nodes.iter().all(|n| n.held.contains(version) != lost));
    }

    /// Records that `kind` happened at `time`.
    pub(super) fn emit(&mut self, time: Micros, kind: OutcomeKind) {
        self.outcomes.push(Outcome { time, kind });
    }

    /// The node `id`, or why there is none.
    pub(super) fn check_node(&self, id: NodeId) -> Result<&Node, StorageError> {
        self.nodes.get(id.index()).ok_or(StorageError::NoSuchNode(id))
    }

    /// The replicas receiving the primary's writes: running, with the primary running.
    pub(super) fn followers(&self) -> Vec<NodeId> {
        if !self.nodes[self.primary.index()].up {
            return Vec::new();
        }
        let ids = (0..self.nodes.len() as u32).map(NodeId);
        ids.filter(|r| self.nodes[r.index()].role == Role::Replica && self.nodes[r.index()].up).collect()
    }

    /// Whether following replica `r` holds everything the primary holds (a follower never holds
    /// what the primary lacks, so equal counts mean equal data).
    pub(super) fn in_step(&self, r: NodeId) -> bool {
        self.nodes[r.index()].held.len() == self.nodes[self.primary.index()].held.len()
    }
}
