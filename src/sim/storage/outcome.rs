//! What happened in the database tier, as data the world can log and explain.

use super::ledger::Loss;
use super::node::{NodeId, Role};
use crate::sim::time::Micros;

/// Something that happened, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// When it happened, in simulated microseconds (a rebuild's milestone at its own time, not
    /// at the call that ran it).
    pub time: Micros,
    /// What happened.
    pub kind: OutcomeKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// A disk broke.
    DiskFailed {
        /// Its node.
        node: NodeId,
        /// Its position in the node's mirror, from 0.
        disk: usize,
    },
    /// A disk failure left the node's data on fewer disks than its mirror has.
    MirrorDegraded {
        /// The node.
        node: NodeId,
        /// Disks still holding the data.
        healthy: usize,
        /// Disks in the mirror.
        disks: usize,
    },
    /// A failed disk was replaced.
    DiskReplaced {
        /// Its node.
        node: NodeId,
        /// Its position in the node's mirror, from 0.
        disk: usize,
        /// When its rebuild will be done, in simulated microseconds; `None` when the node had no
        /// data left to copy and the new disk started healthy and empty.
        rebuild_until: Option<Micros>,
    },
    /// A rebuild passed a quarter, a half or three quarters of the disk.
    RebuildProgress {
        /// Its node.
        node: NodeId,
        /// Its position in the node's mirror, from 0.
        disk: usize,
        /// How much is copied: 25, 50 or 75 (percent).
        percent: u8,
    },
    /// A rebuild finished: the disk is healthy and holds the node's data.
    RebuildDone {
        /// Its node.
        node: NodeId,
        /// Its position in the node's mirror, from 0.
        disk: usize,
    },
    /// A node's last healthy disk failed: its data is gone and it stopped.
    NodeDataLost {
        /// The node.
        node: NodeId,
        /// The acknowledged writes that no surviving copy holds because of it.
        loss: Loss,
    },
    /// A node crashed: it stopped, and its disks keep their data.
    NodeCrashed {
        /// The node.
        node: NodeId,
        /// Its role when it crashed.
        role: Role,
    },
    /// A replica was promoted in place of a primary that was down.
    FailoverDone {
        /// The old primary, now a replica.
        from: NodeId,
        /// The new primary.
        promoted: NodeId,
        /// The acknowledged writes the new primary lacked, now cut from the history.
        loss: Loss,
    },
    /// A node came back and follows the primary (or leads again, if it is the primary).
    NodeRestored {
        /// The node.
        node: NodeId,
        /// Its role now.
        role: Role,
        /// Writes it held that had been cut from the history, now discarded.
        discarded: usize,
        /// Writes it lacks, on their way one replication lag later.
        missing: usize,
    },
    /// A replica received the last of the writes it lacked when it rejoined.
    ReplicaCaughtUp {
        /// The replica.
        node: NodeId,
    },
}
