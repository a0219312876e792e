//! Captions for the database tier: the backup disk that takes over (redundant storage), the
//! rebuild, data loss, failover and replication, each with a technical line, and when each still
//! holds.

use crate::format::{count, fixed};
use crate::sim::database::{DatabaseView, NodeView};
use crate::sim::event::{Event, EventKind};
use crate::sim::storage::{DiskState, NodeId, OutcomeKind, Replication, Role};
use crate::sim::time::to_secs;
use crate::sim::Snapshot;

use super::captions::Kind;
use super::phrases::secs;
use super::situation::BRIEFLY;

/// The kind of caption a database event earns.
pub fn kind_of(kind: &EventKind) -> Option<Kind> {
    Some(match kind {
        EventKind::Storage(outcome) => match outcome {
            OutcomeKind::DiskFailed { .. } | OutcomeKind::MirrorDegraded { .. } => Kind::DiskFailed,
            OutcomeKind::DiskReplaced { .. } | OutcomeKind::RebuildProgress { .. } => Kind::Rebuilding,
            OutcomeKind::RebuildDone { .. } => Kind::Rebuilt,
            OutcomeKind::NodeDataLost { .. } => Kind::DataLost,
            OutcomeKind::NodeCrashed { .. } => Kind::DatabaseCrashed,
            OutcomeKind::FailoverDone { .. } => Kind::Failover,
            OutcomeKind::NodeRestored { .. } | OutcomeKind::ReplicaCaughtUp { .. } => Kind::DatabaseRestored,
        },
        EventKind::ReplicationChanged { .. } => Kind::Replication,
        EventKind::FailoverStalled => Kind::DatabaseCrashed,
        _ => return None,
    })
}

/// A node as a caption names it now: "the primary (node 0)" or "replica node 1".
fn name(node: NodeId, db: &DatabaseView) -> String {
    if node == db.primary {
        format!("the primary (node {})", node.0)
    } else {
        format!("replica node {}", node.0)
    }
}

/// Writes as a caption counts them: "1 acknowledged write", "12 acknowledged writes".
fn writes(n: usize) -> String {
    match n {
        1 => "1 acknowledged write".to_string(),
        n => format!("{} acknowledged writes", count(n as u64)),
    }
}

/// The keys a loss names, such as "keys 4, 17 and 63".
fn keys(keys: &[u32]) -> String {
    let named: Vec<String> = keys.iter().map(u32::to_string).collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => format!("key {one}"),
        [rest @ .., last] => format!("keys {} and {last}", rest.join(", ")),
    }
}

/// The caption lines for a database event, told with the numbers of `now`.
pub fn lines(kind: &EventKind, now: &Snapshot) -> (&'static str, String) {
    let Some(db) = now.database.as_ref() else {
        return ("The database is gone from this world.", String::new());
    };
    match kind {
        EventKind::Storage(OutcomeKind::DiskFailed { node, disk }) => (
            "A disk broke, and there was no other copy on that node.",
            format!("Disk {disk} of {} failed.", name(*node, db)),
        ),
        EventKind::Storage(OutcomeKind::MirrorDegraded { node, healthy, disks }) => (
            "One disk failed, so the system switched to its backup disk: nothing is lost, but there is no spare now.",
            format!(
                "RAID-1 mirror of {} degraded: {healthy} of {disks} disks hold its data and serve every read and \
                 write. Replace the failed disk; another failure before its rebuild ends would lose the node's data.",
                name(*node, db)
            ),
        ),
        EventKind::Storage(OutcomeKind::DiskReplaced { node, disk, rebuild_until: Some(until) }) => (
            "A new backup disk is being filled from the good one.",
            format!(
                "Disk {disk} of {} is rebuilding: copying the data from a healthy disk takes {} s, until {} s. \
                 Until then the mirror is still one failure from losing the node's data.",
                name(*node, db),
                secs(db.rebuild),
                fixed(to_secs(*until), 1),
            ),
        ),
        EventKind::Storage(OutcomeKind::DiskReplaced { node, disk, rebuild_until: None }) => (
            "A blank disk is in: the node starts again with nothing on it.",
            format!("Disk {disk} of {} was replaced with no healthy disk to copy from: it starts empty.", name(*node, db)),
        ),
        EventKind::Storage(OutcomeKind::RebuildProgress { node, disk, percent }) => (
            "The new backup disk is being filled from the good one.",
            format!("Disk {disk} of {} has rebuilt {percent}% of its copy.", name(*node, db)),
        ),
        EventKind::Storage(OutcomeKind::RebuildDone { node, disk }) => (
            "The backup disk is full again: one more failure can be survived.",
            format!("Rebuild done: disk {disk} of {} holds the data; the mirror is whole again.", name(*node, db)),
        ),
        EventKind::Storage(OutcomeKind::NodeDataLost { node, loss }) => (
            "The last copy on that node is gone: only what another node holds survives.",
            match loss.count {
                0 => format!(
                    "{} lost its last healthy disk and stopped; every write it held is on another node, so none is lost.",
                    name(*node, db)
                ),
                n => format!(
                    "Data loss: {} lost its last healthy disk; {} no other node holds are gone ({}).",
                    name(*node, db),
                    writes(n),
                    keys(&loss.keys)
                ),
            },
        ),
        EventKind::Storage(OutcomeKind::NodeCrashed { node, role: Role::Primary }) => (
            "The one who keeps the records is absent: nothing can be written until a deputy takes over.",
            format!(
                "The primary (node {}) crashed: writes fail. After {} s down, the most up-to-date replica is promoted.",
                node.0,
                secs(db.failover_timeout)
            ),
        ),
        EventKind::Storage(OutcomeKind::NodeCrashed { node, .. }) => (
            "A deputy is absent: the others still answer questions.",
            format!("Replica node {} crashed: reads go to the nodes still running.", node.0),
        ),
        EventKind::FailoverStalled => (
            "Nobody is left to take over the records.",
            "Failover stalled: the primary is down and no replica is running to promote; writes fail until one is."
                .to_string(),
        ),
        EventKind::Storage(OutcomeKind::FailoverDone { from, promoted, loss }) => (
            "A deputy took over the records and work goes on.",
            match (loss.count, db.takes_writes) {
                (0, false) => format!(
                    "Failover: node {} is the primary in place of node {}; no acknowledged write was lost. Synchronous \
                     writes wait for a replica in step: restore node {} to take writes again.",
                    promoted.0, from.0, from.0
                ),
                (0, true) => format!(
                    "Failover: node {} is the primary in place of node {}, and writes resume. No acknowledged write was lost.",
                    promoted.0, from.0
                ),
                (n, _) => format!(
                    "Failover: node {} is the primary in place of node {}, and writes resume. Lost: {} that had not \
                     reached it ({}), since asynchronous replication acknowledges before the replica has the write.",
                    promoted.0,
                    from.0,
                    writes(n),
                    keys(&loss.keys)
                ),
            },
        ),
        EventKind::Storage(OutcomeKind::NodeRestored { node, role: Role::Primary, .. }) => (
            "The record keeper is back before anyone had to take over.",
            format!("Node {} is back and leads again; its replicas catch up with it.", node.0),
        ),
        EventKind::Storage(OutcomeKind::NodeRestored { node, discarded, missing, .. }) => (
            "Back at work, the deputy first catches up on what it missed.",
            format!(
                "Node {} is back as a replica: {} writes cut from the history discarded, {} on their way to it.",
                node.0,
                count(*discarded as u64),
                count(*missing as u64)
            ),
        ),
        EventKind::Storage(OutcomeKind::ReplicaCaughtUp { node }) => (
            "The deputy is up to date again.",
            format!("Replica node {} has caught up with the primary.", node.0),
        ),
        EventKind::ReplicationChanged { mode: Replication::Sync } => (
            "Each record is copied to the deputy before we say it is safe: slower, but nothing is lost.",
            "Synchronous replication: a write is acknowledged only once a replica has it too, one round trip later."
                .to_string(),
        ),
        EventKind::ReplicationChanged { mode: Replication::Async } => (
            "We say a record is safe before the deputy has its copy: faster, but a crash can lose the latest ones.",
            format!(
                "Asynchronous replication: a write is acknowledged once the primary has it, and reaches replicas {} s \
                 later; a failover loses what had not arrived.",
                secs(db.replication_lag)
            ),
        ),
        _ => ("", String::new()),
    }
}

/// Whether the situation a database event tells of still holds in `now`.
pub fn holds(event: &Event, now: &Snapshot) -> bool {
    let recent = now.now < event.time + BRIEFLY;
    let Some(db) = now.database.as_ref() else { return false };
    let node = |id: &NodeId| db.nodes.get(id.index());
    let disk = |id: &NodeId, d: usize| node(id).and_then(|n: &NodeView| n.disks.get(d)).map(|d| d.state);
    match &event.kind {
        EventKind::Storage(outcome) => match outcome {
            OutcomeKind::DiskFailed { node: id, disk: d } => {
                recent && disk(id, *d) == Some(DiskState::Failed)
            }
            OutcomeKind::MirrorDegraded { node: id, .. } => node(id).is_some_and(|n| n.degraded()),
            OutcomeKind::DiskReplaced { node: id, disk: d, rebuild_until: Some(_) }
            | OutcomeKind::RebuildProgress { node: id, disk: d, .. } => {
                matches!(disk(id, *d), Some(DiskState::Rebuilding { .. }))
            }
            OutcomeKind::DiskReplaced { .. } | OutcomeKind::RebuildDone { .. } => recent,
            // Data loss stays told while the node waits for a disk, and briefly after.
            OutcomeKind::NodeDataLost { node: id, .. } => recent || node(id).is_some_and(|n| n.emptied),
            // While it is down in the role it crashed in: a failover tells the rest of a primary's story.
            OutcomeKind::NodeCrashed { node: id, role } => node(id).is_some_and(|n| !n.up && n.role == *role),
            OutcomeKind::FailoverDone { promoted, loss, .. } => {
                db.primary == *promoted && (recent || loss.count > 0 && now.now < event.time + 2 * BRIEFLY)
            }
            OutcomeKind::NodeRestored { node: id, .. } => {
                node(id).is_some_and(|n| n.up && (recent || n.catching_up > 0))
            }
            OutcomeKind::ReplicaCaughtUp { node: id } => recent && node(id).is_some_and(|n| n.up),
        },
        EventKind::ReplicationChanged { mode } => recent && db.replication == *mode,
        EventKind::FailoverStalled => db.primary_down_since.is_some(),
        _ => false,
    }
}
