//! Replication: acknowledged writes shipped from the primary to its replicas one replication lag
//! later, and a replica brought back in line when it rejoins or follows a new primary.

use super::cluster::Storage;
use super::config::Replication;
use super::error::StorageError;
use super::node::{NodeId, Role};
use super::outcome::OutcomeKind;
use crate::sim::time::Micros;

/// A write on its way to a replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shipment {
    /// When it arrives, in simulated microseconds.
    due: Micros,
    /// The write's version.
    version: u64,
    /// The replica.
    to: NodeId,
    /// Whether it is part of the replica's catch-up backlog.
    catch_up: bool,
}

/// How far a replica is behind the primary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lag {
    /// Writes the primary holds that the replica has not received yet.
    pub unshipped: usize,
    /// How long ago the oldest of them was acknowledged, in microseconds (0 when none).
    pub oldest: Micros,
}

impl Storage {
    /// Switches to `mode` at `now`. Writes on their way to replicas keep going; under
    /// synchronous replication, writes are refused until a replica holds everything the
    /// primary holds.
    pub fn set_replication(&mut self, now: Micros, mode: Replication) -> Result<(), StorageError> {
        self.advance(now);
        if mode == Replication::Sync && self.config.replicas == 0 {
            return Err(StorageError::NoReplicas);
        }
        self.config.replication = mode;
        Ok(())
    }

    /// How far replica `node` is behind the primary now; `None` for the primary or no such node.
    pub fn lag(&self, node: NodeId) -> Option<Lag> {
        let replica = self.nodes.get(node.index()).filter(|n| n.role == Role::Replica)?;
        if self.followers().contains(&node) {
            // A following replica lacks exactly the writes on their way to it, oldest first.
            let mut on_the_way = self.shipments.iter().filter(|s| s.to == node);
            let Some(first) = on_the_way.next() else { return Some(Lag::default()) };
            let oldest = self.now.saturating_sub(self.ledger.missed_since(first.version));
            return Some(Lag { unshipped: 1 + on_the_way.count(), oldest });
        }
        let primary = &self.nodes[self.primary.index()].held;
        let mut unshipped = primary.versions().filter(|v| !replica.held.contains(*v));
        // Versions are in commit order, so the first missing one is the oldest.
        let Some(first) = unshipped.next() else { return Some(Lag::default()) };
        let oldest = self.now.saturating_sub(self.ledger.missed_since(first));
        Some(Lag { unshipped: 1 + unshipped.count(), oldest })
    }

    /// When the next write on its way to a replica arrives, in simulated microseconds.
    pub fn next_delivery(&self) -> Option<Micros> {
        self.shipments.front().map(|s| s.due)
    }

    /// Sends `version` to replica `to`; it arrives one replication lag from now.
    pub(super) fn ship(&mut self, version: u64, to: NodeId, catch_up: bool) {
        // Due times only grow (now never goes back, the lag is fixed), so the queue stays in order.
        let due = self.now + self.config.replication_lag;
        self.shipments.push_back(Shipment { due, version, to, catch_up });
    }

    /// Hands every shipment due by now to its replica.
    pub(super) fn deliver(&mut self) {
        while let Some(s) = self.shipments.front().copied().filter(|s| s.due <= self.now) {
            self.shipments.pop_front();
            let replica = &mut self.nodes[s.to.index()];
            // A write arriving at a replica is durable on every working disk of its mirror.
            replica.held.insert(s.version);
            if s.catch_up {
                replica.catching_up -= 1;
                if replica.catching_up == 0 {
                    self.emit(s.due, OutcomeKind::ReplicaCaughtUp { node: s.to });
                }
            }
        }
    }

    /// Stops every shipment that `id` would send or receive: it has stopped.
    pub(super) fn stop_shipping(&mut self, id: NodeId) {
        // A stopped primary sends nothing; what it had not sent is sent again when it is followed.
        if id == self.primary {
            self.shipments.clear();
            self.nodes.iter_mut().for_each(|n| n.catching_up = 0);
        } else {
            self.shipments.retain(|s| s.to != id);
            self.nodes[id.index()].catching_up = 0;
        }
    }

    /// Discards from `id` the writes cut from the history (lost), which the primary never holds;
    /// returns how many.
    pub(super) fn rewind(&mut self, id: NodeId) -> usize {
        let held = &mut self.nodes[id.index()].held;
        // The forgotten writes it holds share one fate: all lost or none.
        let mut discarded = 0;
        if self.ledger.settled_lost() {
            discarded += held.remove_below(self.ledger.oldest_remembered());
        }
        let cut: Vec<u64> = self.ledger.remembered_lost().filter(|v| held.contains(*v)).collect();
        for version in &cut {
            held.remove(*version);
        }
        discarded + cut.len()
    }

    /// Brings following replica `id` in line with the primary: it discards what the primary
    /// lacks and is sent what it lacks, arriving one replication lag from now. Returns (writes
    /// discarded, writes on their way).
    pub(super) fn resync(&mut self, id: NodeId) -> (usize, usize) {
        self.shipments.retain(|s| s.to != id);
        let discarded = self.rewind(id);
        let replica = &self.nodes[id.index()].held;
        let primary = &self.nodes[self.primary.index()].held;
        let missing: Vec<u64> = primary.versions().filter(|v| !replica.contains(*v)).collect();
        for version in &missing {
            self.ship(*version, id, true);
        }
        self.nodes[id.index()].catching_up = missing.len();
        (discarded, missing.len())
    }
}
