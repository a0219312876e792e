//! The database tier behind the servers, as a pure model the world drives: a primary and up to
//! two replicas, each keeping its data on a RAID-1 mirror of one to three disks.
//!
//! The world calls [`Storage`] with the current simulated time and collects what happened with
//! [`Storage::take_outcomes`]. Nothing here draws a random number: disks fail and nodes crash
//! when the world says so. Every call first runs what fell due by its time (rebuilds, writes
//! reaching replicas), so calls may come at any times that do not go backwards.
//!
//! The rules, as RAID and databases define them:
//! - A write is durable on a node once it is on every healthy disk of the node's mirror; the data
//!   survives while one healthy disk does. A replacement disk copies the data from a healthy one
//!   over the rebuild time, receiving new writes meanwhile, and holds the data only when done.
//! - The failure of a node's last healthy disk loses its data: the node stops, every acknowledged
//!   write that no other copy holds is lost, and the node comes back empty on a replaced disk.
//! - Synchronous replication acknowledges a write once a replica holding everything the primary
//!   holds has it too; asynchronous replication once the primary has it, shipping it to each
//!   replica one replication lag later.
//! - A failover promotes the running replica holding the most acknowledged writes; the ones it
//!   lacks are lost. A node that comes back, or follows a new primary, discards the writes cut
//!   from the history and is sent what it lacks, one replication lag later.

mod cluster;
mod config;
mod disk;
mod error;
mod failover;
mod faults;
mod held;
mod ledger;
mod mirror;
mod node;
mod outcome;
mod replication;
#[cfg(test)]
mod tests;

pub use cluster::{Read, Storage};
pub use config::{Replication, StorageConfig, MAX_DISKS, MAX_REPLICAS, MAX_SPAN};
pub use disk::DiskState;
pub use error::{StorageError, WriteError};
pub use ledger::{Ledger, Loss, Write, RECENT, SAMPLE_KEYS};
pub use node::{Node, NodeId, Role};
pub use outcome::{Outcome, OutcomeKind};
pub use replication::Lag;
