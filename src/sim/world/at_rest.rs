//! Encryption at rest for the database's disks, with its data key in a key service (the world's
//! part, never on the disks), a thief who reads a stolen disk, and crypto-shredding.
//!
//! Switching encryption on or off takes effect at once, as if every disk were rewritten (real
//! systems re-encrypt over hours, or encrypt only new volumes). Destroying the key while the
//! disks are encrypted is final: the data is gone for everyone, the database included, so the
//! queries the nodes hold fail and from then on every query at a node fails (`key-destroyed`),
//! and the key cannot come back. (A real database caches the unwrapped key in memory and may
//! serve until it restarts; the playground shows where that ends at once.) Destroying it while the disks are in the clear protects
//! nothing: the rows stay readable on the disks, and the database carries on.

use super::World;
use crate::sim::command::{CommandError, NodeRef};
use crate::sim::event::EventKind;
use crate::sim::request::{FailReason, Phase};
use crate::sim::security::{data_key, disk_row, AtRestView, StolenDisk};
use crate::sim::server::ServerId;
use crate::sim::storage::{DiskState, NodeId, RECENT};

/// How many rows a thief reads off a stolen disk: 6.
pub const STOLEN_ROWS: usize = 6;

/// How far back from the newest write a thief looks for rows: 5 000 versions.
const LOOK_BACK: u64 = 5_000;
// The ledger remembers the newest `RECENT` writes: every one looked back on.
const _: () = assert!(LOOK_BACK as usize <= RECENT);

/// Encryption at rest, as the world keeps it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct AtRest {
    /// Whether the disks are encrypted.
    on: bool,
    /// Whether the key service destroyed the data key.
    destroyed: bool,
    /// Whether the data is gone for good: encrypted under a destroyed key. Queries fail.
    pub(super) shredded: bool,
}

impl AtRest {
    /// Encryption at rest on (or off) from the start, with its key.
    pub(super) fn new(on: bool) -> Self {
        AtRest { on, destroyed: false, shredded: false }
    }
}

impl World {
    /// Switches encryption at rest on or off. Refused once the key is destroyed: with it gone
    /// there is nothing to decrypt with, and no key to encrypt under.
    pub(super) fn set_at_rest(&mut self, on: bool) -> Result<(), CommandError> {
        if self.at_rest.destroyed {
            return Err(CommandError::AtRest(
                "the data key was destroyed: encryption at rest cannot change".into(),
            ));
        }
        self.at_rest.on = on;
        self.config.encryption_at_rest = on;
        self.log.push(self.now, EventKind::AtRestChanged { on });
        Ok(())
    }

    /// Destroys the data key in the key service, for good.
    pub(super) fn destroy_at_rest_key(&mut self) -> Result<(), CommandError> {
        if self.at_rest.destroyed {
            return Err(CommandError::AtRest("the data key is already destroyed".into()));
        }
        self.at_rest.destroyed = true;
        self.at_rest.shredded = self.at_rest.on;
        if self.at_rest.shredded {
            self.fail_held_queries();
        }
        self.log.push(self.now, EventKind::AtRestKeyDestroyed { encrypted: self.at_rest.on });
        Ok(())
    }

    /// The queries the nodes hold (waiting or being served) fail: their pages can no longer be
    /// read.
    fn fail_held_queries(&mut self) {
        let Some(db) = self.database.as_mut() else { return };
        for station in &mut db.stations {
            station.clear();
        }
        let held: Vec<(u32, ServerId)> = self
            .requests
            .slots()
            .filter(|(_, r)| matches!(r.phase, Phase::DatabaseQueued | Phase::DatabaseService))
            .map(|(slot, r)| (slot, r.server.expect("queries come from a server")))
            .collect();
        for (slot, server) in held {
            self.fail_at_server(slot, server, FailReason::KeyDestroyed);
        }
    }

    /// Encryption at rest: whether it is on, and the data key while the key service holds it.
    pub fn at_rest(&self) -> AtRestView {
        AtRestView { on: self.at_rest.on, key: (!self.at_rest.destroyed).then(|| data_key(self.config.seed)) }
    }

    /// What a thief reads off disk `disk` of database node `node`: the newest rows the node
    /// holds (at most [`STOLEN_ROWS`], one per key), in the clear or sealed under the data key
    /// as the disks are now. A mirror's disks hold the same rows; a failed one keeps what its
    /// platters had, which is why discarded disks leak. `None` without a database or with no
    /// such node or disk.
    ///
    /// The bytes are made again from the run's seed each time, as they were written: with the
    /// key destroyed no one can open them, though the world still knows what they say.
    pub fn steal_disk(&self, node: NodeId, disk: usize) -> Option<StolenDisk> {
        let db = self.database.as_ref()?;
        let storage = &db.storage;
        let held = storage.nodes().get(node.index())?;
        let state = *held.disks().get(disk)?;
        let key = self.at_rest.on.then(|| data_key(self.config.seed));
        let ledger = storage.ledger();
        let newest = ledger.len() as u64;
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        for version in (newest.saturating_sub(LOOK_BACK) + 1..=newest).rev() {
            if rows.len() == STOLEN_ROWS {
                break;
            }
            let Some(write) = ledger.write(version) else { break };
            if held.holds(version) && !keys.contains(&write.key) {
                keys.push(write.key);
                rows.push(disk_row(write.key, version, key.as_ref()));
            }
        }
        let state = match state {
            DiskState::Healthy => "healthy",
            DiskState::Failed => "failed",
            DiskState::Rebuilding { .. } => "rebuilding",
        };
        Some(StolenDisk {
            label: format!("disk {disk} of {} ({state})", NodeRef::Node(node).describe()),
            encrypted: self.at_rest.on,
            rows,
        })
    }
}
