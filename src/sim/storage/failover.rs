//! Nodes crashing and coming back, and failover: promoting the most up-to-date replica when the
//! primary is down.

use super::cluster::Storage;
use super::error::StorageError;
use super::node::{NodeId, Role};
use super::outcome::OutcomeKind;
use crate::sim::time::Micros;

impl Storage {
    /// Crashes `node` at `now`: it stops serving, and its disks keep their data (its mirror's
    /// controller goes on rebuilding). A crashed primary takes no writes until it is restored or
    /// a replica is promoted.
    pub fn crash(&mut self, now: Micros, node: NodeId) -> Result<(), StorageError> {
        self.advance(now);
        if !self.check_node(node)?.up {
            return Err(StorageError::NodeDown(node));
        }
        self.stop(node);
        let role = self.nodes[node.index()].role;
        self.emit(self.now, OutcomeKind::NodeCrashed { node, role });
        Ok(())
    }

    /// Promotes the running replica holding the most acknowledged writes (the lowest id among
    /// equals) in place of the primary, which must be down, and returns it. The acknowledged
    /// writes it lacks are lost; the old primary becomes a replica.
    pub fn fail_over(&mut self, now: Micros) -> Result<NodeId, StorageError> {
        self.advance(now);
        let old = self.primary;
        if self.nodes[old.index()].up {
            return Err(StorageError::PrimaryUp);
        }
        let candidates = (0..self.nodes.len() as u32).map(NodeId);
        let candidates = candidates.filter(|r| self.nodes[r.index()].up && *r != old);
        // The most up-to-date replica wins; among equals, the lowest id.
        let promoted = candidates.max_by_key(|r| (self.nodes[r.index()].held.len(), std::cmp::Reverse(*r)));
        let promoted = promoted.ok_or(StorageError::NoReplicaUp)?;
        let holder = &self.nodes[promoted.index()].held;
        // What the new primary lacks is cut from the history, wherever else it survives.
        let loss = self.ledger.lose_where(|v| !holder.contains(v));
        self.nodes[old.index()].role = Role::Replica;
        self.nodes[promoted.index()].role = Role::Primary;
        self.nodes[promoted.index()].catching_up = 0;
        self.primary = promoted;
        // The running replicas follow the new primary at once; the old one will when restored.
        for r in self.followers() {
            self.resync(r);
        }
        self.emit(self.now, OutcomeKind::FailoverDone { from: old, promoted, loss });
        self.deliver();
        Ok(promoted)
    }

    /// Brings `node` back at `now` on the data its disks hold. A replica discards the writes cut
    /// from the history while it was down and is sent what it lacks; a primary (no replica was
    /// promoted) leads again and its running replicas catch up with it.
    pub fn restore(&mut self, now: Micros, node: NodeId) -> Result<(), StorageError> {
        self.advance(now);
        let target = self.check_node(node)?;
        if target.up {
            return Err(StorageError::NodeUp(node));
        }
        if target.mirror.healthy() == 0 {
            // A node runs on a healthy disk; with its data lost, a replaced disk starts it empty.
            return Err(StorageError::NoHealthyDisk(node));
        }
        if node == self.primary && self.replica_ahead() {
            // A primary that lost its data must not lead replicas that still hold it.
            return Err(StorageError::FailOverFirst(node));
        }
        self.nodes[node.index()].up = true;
        let role = self.nodes[node.index()].role;
        let (discarded, missing) = match role {
            Role::Primary => {
                for r in self.followers() {
                    self.resync(r);
                }
                (0, 0)
            }
            Role::Replica if self.nodes[self.primary.index()].up => self.resync(node),
            // With the primary down, it waits to follow whoever leads next.
            Role::Replica => (self.rewind(node), 0),
        };
        self.emit(self.now, OutcomeKind::NodeRestored { node, role, discarded, missing });
        self.deliver();
        Ok(())
    }

    /// Stops `id`: it serves nothing, sends nothing and receives nothing until restored.
    pub(super) fn stop(&mut self, id: NodeId) {
        self.nodes[id.index()].up = false;
        self.stop_shipping(id);
    }

    /// Whether some replica holds a surviving write that the primary lacks.
    fn replica_ahead(&self) -> bool {
        let primary = &self.nodes[self.primary.index()].held;
        // The forgotten surviving writes: a node holds all of them or none, like the oldest.
        let settled = self.ledger.settled_survivor().filter(|v| !primary.contains(*v));
        if settled.is_some_and(|v| self.nodes.iter().any(|n| n.held.contains(v))) {
            return true;
        }
        let surviving = |v: &u64| self.ledger.is_lost(*v) == Some(false) && !primary.contains(*v);
        let from = self.ledger.oldest_remembered();
        self.nodes.iter().any(|n| n.held.versions_from(from).any(|v| surviving(&v)))
    }
}
