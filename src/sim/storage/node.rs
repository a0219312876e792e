//! One database node: its role, whether it runs, its mirror and the writes it holds.

use super::disk::DiskState;
use super::held::Held;
use super::mirror::Mirror;

/// A node's identity: 0 is the first primary, 1 and 2 its replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id as an index into the tier's node list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node does in replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Takes the writes and ships them to the replicas.
    Primary,
    /// Follows the primary; can serve (possibly stale) reads and be promoted.
    Replica,
}

/// One database node.
#[derive(Clone, Debug)]
pub struct Node {
    pub(super) role: Role,
    /// Whether it runs: false after a crash or the loss of its data, until it is restored.
    pub(super) up: bool,
    pub(super) mirror: Mirror,
    /// What its mirror holds durably.
    pub(super) held: Held,
    /// Writes of its catch-up backlog still on their way since it rejoined (0 when none).
    pub(super) catching_up: usize,
}

impl Node {
    /// A running node with `disks` healthy disks and no data.
    pub(super) fn new(role: Role, disks: u8) -> Self {
        Node { role, up: true, mirror: Mirror::new(disks), held: Held::default(), catching_up: 0 }
    }

    /// Its role now.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether it runs (it stops when it crashes or loses its data, until restored).
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// What each of its disks is doing, in order.
    pub fn disks(&self) -> Vec<DiskState> {
        self.mirror.states()
    }

    /// How many of its disks hold its data.
    pub fn healthy_disks(&self) -> usize {
        self.mirror.healthy()
    }

    /// How many acknowledged writes it holds durably.
    pub fn writes(&self) -> usize {
        self.held.len()
    }

    /// Whether it holds version `version` durably.
    pub fn holds(&self, version: u64) -> bool {
        self.held.contains(version)
    }

    /// Writes it still has to receive to catch up since it rejoined (0 when not catching up).
    pub fn catching_up(&self) -> usize {
        self.catching_up
    }
}
