//! Why the database tier refused a call. A refused call changes nothing but the clock: what was
//! due by its time still runs.

use std::fmt;

use super::node::NodeId;

/// Why a write was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The primary is down (crashed or without its data) and no replica has been promoted.
    PrimaryDown,
    /// Synchronous replication, and no running replica holds everything the primary holds.
    NoReplicaInStep,
}

/// Why a disk or node command was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// There is no such node.
    NoSuchNode(NodeId),
    /// The node has no disk at that position.
    NoSuchDisk(NodeId, usize),
    /// The disk has failed already.
    DiskFailed(NodeId, usize),
    /// Only a failed disk can be replaced.
    DiskNotFailed(NodeId, usize),
    /// The node is down already.
    NodeDown(NodeId),
    /// The node is running already.
    NodeUp(NodeId),
    /// The node has no healthy disk to run on: replace one first.
    NoHealthyDisk(NodeId),
    /// A failover needs the primary to be down.
    PrimaryUp,
    /// A failover needs a running replica to promote.
    NoReplicaUp,
    /// The primary lost writes that a replica still holds: promote a replica instead.
    FailOverFirst(NodeId),
    /// Synchronous replication needs a replica, and the tier has none.
    NoReplicas,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::PrimaryDown => write!(f, "write refused: the primary is down"),
            WriteError::NoReplicaInStep => {
                write!(f, "write refused: no replica is in step for synchronous replication")
            }
        }
    }
}

impl std::error::Error for WriteError {}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            StorageError::NoSuchNode(n) => write!(f, "there is no database node {}", n.0),
            StorageError::NoSuchDisk(n, d) => write!(f, "node {} has no disk {d}", n.0),
            StorageError::DiskFailed(n, d) => write!(f, "disk {d} of node {} has failed already", n.0),
            StorageError::DiskNotFailed(n, d) => {
                write!(f, "disk {d} of node {} has not failed, so it cannot be replaced", n.0)
            }
            StorageError::NodeDown(n) => write!(f, "node {} is down already", n.0),
            StorageError::NodeUp(n) => write!(f, "node {} is running already", n.0),
            StorageError::NoHealthyDisk(n) => {
                write!(f, "node {} has no healthy disk: replace one first", n.0)
            }
            StorageError::PrimaryUp => write!(f, "no failover: the primary is running"),
            StorageError::NoReplicaUp => write!(f, "no failover: no replica is running"),
            StorageError::FailOverFirst(n) => {
                write!(f, "node {} lost writes a replica still holds: promote a replica instead", n.0)
            }
            StorageError::NoReplicas => {
                write!(f, "synchronous replication needs a replica, and there is none")
            }
        }
    }
}

impl std::error::Error for StorageError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_to_do() {
        assert_eq!(WriteError::PrimaryDown.to_string(), "write refused: the primary is down");
        let why = StorageError::NoHealthyDisk(NodeId(2)).to_string();
        assert_eq!(why, "node 2 has no healthy disk: replace one first");
    }
}
