//! The database tier's life in the world: disk and node commands, what the storage reports
//! (logged, and acted on: queries on a stopped node fail, a primary down for the failover
//! timeout is replaced, a node that lost its data comes back once it has a disk), and rebuilds
//! that pass their milestones on time.

use super::World;
use crate::sim::command::{CommandError, NodeRef};
use crate::sim::database::Database;
use crate::sim::event::EventKind;
use crate::sim::request::{FailReason, Phase};
use crate::sim::schedule::Action;
use crate::sim::storage::{NodeId, OutcomeKind, Replication, StorageError};
use crate::sim::time::{Micros, MILLISECOND};

/// Least time between two catch-ups of the storage for writes on their way to replicas (100 ms).
const DELIVERY_STEP: Micros = 100 * MILLISECOND;

impl World {
    /// Fails disk `disk` of `node` now.
    pub(super) fn fail_disk(&mut self, node: NodeRef, disk: usize) -> Result<(), CommandError> {
        self.storage_call(node, |db, now, id| db.storage.fail_disk(now, id, disk))
    }

    /// Replaces failed disk `disk` of `node` now: it rebuilds from a healthy disk.
    pub(super) fn replace_disk(&mut self, node: NodeRef, disk: usize) -> Result<(), CommandError> {
        self.storage_call(node, |db, now, id| db.storage.replace_disk(now, id, disk))
    }

    /// Crashes database node `node` now.
    pub(super) fn crash_database(&mut self, node: NodeRef) -> Result<(), CommandError> {
        self.storage_call(node, |db, now, id| db.storage.crash(now, id))
    }

    /// Restores crashed database node `node` now.
    pub(super) fn restore_database(&mut self, node: NodeRef) -> Result<(), CommandError> {
        self.storage_call(node, |db, now, id| db.storage.restore(now, id))
    }

    /// Switches the database's replication to `mode`.
    pub(super) fn set_replication(&mut self, mode: Replication) -> Result<(), CommandError> {
        let db = self.database.as_mut().ok_or(CommandError::NoDatabase)?;
        db.storage.set_replication(self.now, mode).map_err(CommandError::Storage)?;
        self.log.push(self.now, EventKind::ReplicationChanged { mode });
        self.absorb_storage();
        Ok(())
    }

    /// Runs `call` on the database with the node `node` names, then acts on what happened.
    fn storage_call(
        &mut self,
        node: NodeRef,
        call: impl FnOnce(&mut Database, u64, NodeId) -> Result<(), StorageError>,
    ) -> Result<(), CommandError> {
        let db = self.database.as_mut().ok_or(CommandError::NoDatabase)?;
        let id = match node {
            NodeRef::Primary => db.storage.primary(),
            NodeRef::Node(id) => id,
        };
        let result = call(db, self.now, id).map_err(CommandError::Storage);
        // A refused call still runs what fell due by now.
        self.absorb_storage();
        result
    }

    /// Brings the storage up to now and acts on what it reports.
    pub(super) fn storage_due(&mut self) {
        let Some(db) = self.database.as_mut() else { return };
        if db.delivery_at == Some(self.now) {
            db.delivery_at = None;
        }
        db.storage.advance(self.now);
        self.absorb_storage();
        self.plan_delivery();
    }

    /// Makes sure the storage catches up once writes on their way to replicas are due, so the
    /// replication lag shown stays true when no query comes by. At most one such catch-up is
    /// pending, and they come at least [`DELIVERY_STEP`] apart: reads and writes catch up for
    /// themselves, so only the view waits, and never for long.
    pub(super) fn plan_delivery(&mut self) {
        let Some(db) = self.database.as_mut() else { return };
        if db.delivery_at.is_some() {
            return;
        }
        if let Some(due) = db.storage.next_delivery() {
            let at = due.max(self.now + DELIVERY_STEP);
            db.delivery_at = Some(at);
            self.schedule.push(at, Action::StorageDue);
        }
    }

    /// Logs what the storage reports, and acts on it, until it reports nothing more.
    pub(super) fn absorb_storage(&mut self) {
        loop {
            let Some(db) = self.database.as_mut() else { return };
            let outcomes = db.storage.take_outcomes();
            if outcomes.is_empty() {
                return;
            }
            for outcome in outcomes {
                self.fold(0x5700 + outcome_code(&outcome.kind));
                self.react(&outcome.kind);
                self.log.push(outcome.time, EventKind::Storage(outcome.kind));
            }
        }
    }

    /// What the world does about one storage outcome.
    fn react(&mut self, kind: &OutcomeKind) {
        match *kind {
            OutcomeKind::NodeCrashed { node, .. } => self.node_stopped(node, false),
            OutcomeKind::NodeDataLost { node, .. } => self.node_stopped(node, true),
            OutcomeKind::DiskFailed { node, disk } | OutcomeKind::DiskReplaced { node, disk, .. } => {
                if let OutcomeKind::DiskReplaced { rebuild_until: Some(until), .. } = *kind {
                    self.schedule_rebuild(until);
                }
                self.plan_disk_chaos(node, disk);
                self.bring_back_emptied();
            }
            OutcomeKind::FailoverDone { .. } => {
                let db = self.database.as_mut().expect("outcomes come from a database");
                if let Some(since) = db.primary_down_since.take() {
                    self.metrics.failover.record(self.now - since);
                }
                db.failover_at = None;
                self.schedule_catch_up();
                self.bring_back_emptied();
            }
            OutcomeKind::NodeRestored { node, .. } => {
                self.schedule_catch_up();
                let db = self.database.as_mut().expect("outcomes come from a database");
                db.awaiting_disk.retain(|n| *n != node);
                if node == db.storage.primary() {
                    // The primary is back before any replica was promoted: no failover.
                    db.primary_down_since = None;
                    db.failover_at = None;
                } else {
                    self.arm_failover();
                }
            }
            OutcomeKind::MirrorDegraded { .. }
            | OutcomeKind::RebuildProgress { .. }
            | OutcomeKind::RebuildDone { .. }
            | OutcomeKind::ReplicaCaughtUp { .. } => {}
        }
    }

    /// Node `node` stopped (crashed, or lost its data when `emptied`): the queries it held fail,
    /// and a stopped primary starts the failover timeout.
    fn node_stopped(&mut self, node: NodeId, emptied: bool) {
        let db = self.database.as_mut().expect("outcomes come from a database");
        db.stations[node.index()].clear();
        if emptied && !db.awaiting_disk.contains(&node) {
            db.awaiting_disk.push(node);
            let disks = db.storage.nodes()[node.index()].disks().len();
            for disk in 0..disks {
                self.plan_disk_chaos(node, disk);
            }
        }
        let held: Vec<(u32, crate::sim::server::ServerId)> = self
            .requests
            .slots()
            .filter(|(_, r)| {
                r.node == Some(node) && matches!(r.phase, Phase::DatabaseQueued | Phase::DatabaseService)
            })
            .map(|(slot, r)| (slot, r.server.expect("queries come from a server")))
            .collect();
        for (slot, server) in held {
            self.fail_at_server(slot, server, FailReason::DatabaseCrashed);
        }
        let db = self.database.as_mut().expect("checked above");
        if node == db.storage.primary() && db.primary_down_since.is_none() {
            db.primary_down_since = Some(self.now);
        }
        self.arm_failover();
    }

    /// Starts the failover timeout if the primary is down and none is pending.
    fn arm_failover(&mut self) {
        let db = self.database.as_mut().expect("only with a database");
        // With no replica at all there is nothing to promote: the primary must come back.
        if db.primary_down_since.is_none() || db.failover_at.is_some() || db.config().storage.replicas == 0 {
            return;
        }
        let at = self.now + db.config().failover_timeout;
        db.failover_at = Some(at);
        self.schedule.push(at, Action::FailoverDue);
    }

    /// The failover timeout ended: the most up-to-date running replica is promoted, or, with
    /// none running, the failover waits for one to come back.
    pub(super) fn failover_due(&mut self) {
        let Some(db) = self.database.as_mut() else { return };
        if db.failover_at != Some(self.now) {
            return;
        }
        db.failover_at = None;
        match db.storage.fail_over(self.now) {
            Ok(_) => {}
            Err(StorageError::NoReplicaUp) => self.log.push(self.now, EventKind::FailoverStalled),
            // The primary came back meanwhile: nothing to do.
            Err(_) => {}
        }
        self.absorb_storage();
    }

    /// Nodes that lost their data come back, empty, as replicas of the primary once a disk of
    /// theirs is replaced (a primary only after a replica was promoted in its place).
    fn bring_back_emptied(&mut self) {
        let db = self.database.as_mut().expect("only with a database");
        let waiting = std::mem::take(&mut db.awaiting_disk);
        for node in waiting {
            let db = self.database.as_mut().expect("checked above");
            // A node waits until it runs again; a refusal (no disk yet, or a failover first) keeps
            // it waiting.
            if !db.storage.nodes()[node.index()].is_up() && db.storage.restore(self.now, node).is_err() {
                db.awaiting_disk.push(node);
            }
        }
    }

    /// A node rejoined or follows a new primary: what it lacks arrives one replication lag from
    /// now, and the storage catches up then, so the catch-up is told on time even if no query
    /// comes by (and not earlier, at some refused command's call).
    fn schedule_catch_up(&mut self) {
        let lag = self.database.as_ref().expect("only with a database").storage.config().replication_lag;
        if lag > 0 {
            self.schedule.push(self.now + lag, Action::StorageDue);
        }
    }

    /// Schedules the storage to catch up at each quarter of a rebuild ending at `until`.
    fn schedule_rebuild(&mut self, until: u64) {
        let span = until - self.now;
        for quarter in 1..=4 {
            self.schedule.push(self.now + span * quarter / 4, Action::StorageDue);
        }
    }
}

/// A number that tells storage outcomes apart in the digest.
fn outcome_code(kind: &OutcomeKind) -> u64 {
    let (tag, node) = match *kind {
        OutcomeKind::DiskFailed { node, .. } => (1, node),
        OutcomeKind::MirrorDegraded { node, .. } => (2, node),
        OutcomeKind::DiskReplaced { node, .. } => (3, node),
        OutcomeKind::RebuildProgress { node, .. } => (4, node),
        OutcomeKind::RebuildDone { node, .. } => (5, node),
        OutcomeKind::NodeDataLost { node, .. } => (6, node),
        OutcomeKind::NodeCrashed { node, .. } => (7, node),
        OutcomeKind::FailoverDone { promoted, .. } => (8, promoted),
        OutcomeKind::NodeRestored { node, .. } => (9, node),
        OutcomeKind::ReplicaCaughtUp { node } => (10, node),
    };
    tag << 4 | u64::from(node.0)
}
