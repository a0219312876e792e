//! Disk failures and replacements, and what a node's lost data costs the ledger.

use super::cluster::Storage;
use super::disk::DiskState;
use super::error::StorageError;
use super::mirror::Failure;
use super::node::NodeId;
use super::outcome::OutcomeKind;
use crate::sim::time::Micros;

impl Storage {
    /// Fails disk `disk` of `node` at `now` (a node's disks fail whether it runs or not).
    pub fn fail_disk(&mut self, now: Micros, node: NodeId, disk: usize) -> Result<(), StorageError> {
        self.advance(now);
        match self.check_node(node)?.mirror.state(disk) {
            None => return Err(StorageError::NoSuchDisk(node, disk)),
            Some(DiskState::Failed) => return Err(StorageError::DiskFailed(node, disk)),
            Some(_) => {}
        }
        let mirror = &mut self.nodes[node.index()].mirror;
        let failure = mirror.fail(disk);
        let disks = mirror.len();
        self.emit(self.now, OutcomeKind::DiskFailed { node, disk });
        match failure {
            Failure::Degraded { healthy } => {
                self.emit(self.now, OutcomeKind::MirrorDegraded { node, healthy, disks });
            }
            Failure::Lost => self.lose_data(node),
        }
        Ok(())
    }

    /// Replaces failed disk `disk` of `node` at `now`: it rebuilds for the configured time, or
    /// starts healthy and empty if the node has no data left to copy.
    pub fn replace_disk(&mut self, now: Micros, node: NodeId, disk: usize) -> Result<(), StorageError> {
        self.replace_disk_taking(now, node, disk, self.config.rebuild)
    }

    /// Like [`Storage::replace_disk`], with a rebuild taking `rebuild` microseconds for this disk
    /// (a faster or slower disk, or a rebuild time drawn from a distribution).
    pub fn replace_disk_taking(
        &mut self,
        now: Micros,
        node: NodeId,
        disk: usize,
        rebuild: Micros,
    ) -> Result<(), StorageError> {
        self.advance(now);
        match self.check_node(node)?.mirror.state(disk) {
            None => return Err(StorageError::NoSuchDisk(node, disk)),
            Some(DiskState::Failed) => {}
            Some(_) => return Err(StorageError::DiskNotFailed(node, disk)),
        }
        let rebuild_until = self.nodes[node.index()].mirror.replace(disk, self.now, rebuild);
        self.emit(self.now, OutcomeKind::DiskReplaced { node, disk, rebuild_until });
        Ok(())
    }

    /// `id`'s last healthy disk failed: it stops with no data, and the acknowledged writes that no
    /// other copy holds are lost.
    fn lose_data(&mut self, id: NodeId) {
        self.stop(id);
        let held = std::mem::take(&mut self.nodes[id.index()].held);
        // A write survives while any node's disks hold it, running or not.
        let nodes = &self.nodes;
        let loss = self.ledger.lose_where(|v| held.contains(v) && !nodes.iter().any(|n| n.held.contains(v)));
        self.emit(self.now, OutcomeKind::NodeDataLost { node: id, loss });
    }
}
