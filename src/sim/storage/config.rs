//! The database tier's settings: how many replicas, how they replicate, and the disks under
//! each node.

use crate::sim::time::{Micros, MILLISECOND, SECOND};

/// Most replicas behind one primary.
pub const MAX_REPLICAS: usize = 2;

/// Most disks in one node's mirror.
pub const MAX_DISKS: u8 = 3;

/// The longest replication lag or rebuild time a config may ask for: one simulated day.
pub const MAX_SPAN: Micros = 24 * 3_600 * SECOND;

/// When the primary acknowledges a write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Replication {
    /// Once the write is on the primary and on a replica that holds everything the primary holds
    /// (semi-synchronous replication, as MySQL's and PostgreSQL's synchronous standbys do), so a
    /// failover to that replica loses nothing. Every replica following the primary gets the write
    /// before the acknowledgement; writes are refused while no replica is in step. Needs at least
    /// one replica.
    Sync,
    /// Once the write is on the primary (MySQL's and PostgreSQL's default); each replica receives
    /// it one replication lag later, so a failover loses what was not yet shipped. The default.
    #[default]
    Async,
}

impl Replication {
    /// Both, synchronous first.
    pub const ALL: [Replication; 2] = [Replication::Sync, Replication::Async];

    /// The name scenario files and reports use: "sync" or "async".
    pub fn slug(self) -> &'static str {
        match self {
            Replication::Sync => "sync",
            Replication::Async => "async",
        }
    }
}

/// The database tier: a primary and its replicas, each on a RAID-1 mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageConfig {
    /// Replicas behind the primary, 0–2 (default 1).
    pub replicas: usize,
    /// When a write is acknowledged (default asynchronous).
    pub replication: Replication,
    /// How long a write, or a rejoining replica's backlog, takes to reach a replica, in
    /// microseconds, 0–1 day (default 200 ms).
    pub replication_lag: Micros,
    /// Disks in each node's RAID-1 mirror, 1–3 (default 2).
    pub disks: u8,
    /// How long a replacement disk takes to copy a whole disk from a healthy one, in
    /// microseconds, 1 µs–1 day (default 30 s).
    pub rebuild: Micros,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            replicas: 1,
            replication: Replication::Async,
            replication_lag: 200 * MILLISECOND,
            disks: 2,
            rebuild: 30 * SECOND,
        }
    }
}

impl StorageConfig {
    /// Nodes in the tier: the primary and its replicas.
    pub fn nodes(&self) -> usize {
        1 + self.replicas
    }

    /// Checks every field; on failure, names the field and says why.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.replicas > MAX_REPLICAS {
            return Err(("replicas", format!("must be 0–{MAX_REPLICAS}, got {}", self.replicas)));
        }
        if self.replication == Replication::Sync && self.replicas == 0 {
            // With no replica, a synchronous write could never be acknowledged.
            return Err(("replication", "synchronous replication needs at least one replica".into()));
        }
        if !(1..=MAX_DISKS).contains(&self.disks) {
            return Err(("disks", format!("must be 1–{MAX_DISKS}, got {}", self.disks)));
        }
        if self.replication_lag > MAX_SPAN {
            let why = format!("must be at most one day, got {} µs", self.replication_lag);
            return Err(("replication_lag", why));
        }
        if !(1..=MAX_SPAN).contains(&self.rebuild) {
            return Err(("rebuild", format!("must be 1 µs–one day, got {} µs", self.rebuild)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_one_async_replica_on_two_disk_mirrors() {
        let config = StorageConfig::default();
        assert_eq!(config.check(), Ok(()));
        assert_eq!((config.nodes(), config.disks, config.replication), (2, 2, Replication::Async));
        assert_eq!((config.replication_lag, config.rebuild), (200_000, 30_000_000));
    }

    #[test]
    fn each_field_is_checked() {
        let bad = |config: StorageConfig| config.check().unwrap_err().0;
        assert_eq!(bad(StorageConfig { replicas: 3, ..StorageConfig::default() }), "replicas");
        let lone = StorageConfig { replicas: 0, replication: Replication::Sync, ..StorageConfig::default() };
        assert_eq!(bad(lone), "replication");
        assert_eq!(bad(StorageConfig { disks: 0, ..StorageConfig::default() }), "disks");
        assert_eq!(bad(StorageConfig { disks: 4, ..StorageConfig::default() }), "disks");
        let slow = StorageConfig { replication_lag: MAX_SPAN + 1, ..StorageConfig::default() };
        assert_eq!(bad(slow), "replication_lag");
        assert_eq!(bad(StorageConfig { rebuild: 0, ..StorageConfig::default() }), "rebuild");
    }
}
