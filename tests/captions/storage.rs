//! The database's captions: a failed disk and its backup, the rebuild, data loss, a crashed
//! primary and its failover, each told while it holds and giving way after.

use ds_playground::sim::command::NodeRef;
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::storage::{NodeId, OutcomeKind, Replication, StorageConfig};
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, EventKind, WorldConfig};
use ds_playground::teach::captions::Kind;

use super::Watch;

/// A world with 20 req/s on two small servers (half their capacity, so no queue overflows and
/// its caption does not take over) and a database of `replicas` replicas on two-disk mirrors, rebuilding in 20 s.
fn watch(replicas: usize, replication: Replication) -> Watch {
    let storage = StorageConfig { replicas, replication, rebuild: 20 * SECOND, ..StorageConfig::default() };
    let database = DatabaseConfig { storage, ..DatabaseConfig::default() };
    let mut watch =
        Watch::new(WorldConfig { arrival_rate: 20.0, database: Some(database), ..WorldConfig::default() });
    watch.run_for(5 * SECOND);
    watch
}

fn primary_disk(disk: usize) -> (NodeRef, usize) {
    (NodeRef::Primary, disk)
}

#[test]
fn a_failed_disk_is_told_as_the_backup_taking_over_while_the_mirror_is_degraded() {
    let mut watch = watch(1, Replication::Async);
    let (node, disk) = primary_disk(0);
    let caption = watch.apply(Command::FailDisk { node, disk });
    assert_eq!(caption.kind, Kind::DiskFailed);
    assert!(caption.plain.contains("backup disk"), "{caption:?}");
    assert!(caption.technical.contains("1 of 2 disks"), "{caption:?}");
    // Degraded for as long as the disk is not replaced.
    let later = watch.run_for(30 * SECOND);
    assert_eq!(later.kind, Kind::DiskFailed, "{later:?}");

    let caption = watch.apply(Command::ReplaceDisk { node, disk });
    assert_eq!(caption.kind, Kind::Rebuilding);
    assert!(caption.technical.contains("takes 20 s"), "{caption:?}");
    // Told while the rebuild runs (its milestones keep the kind), then the rebuild's end.
    let mut kinds = Vec::new();
    watch.run_for_checking(19 * SECOND, |caption, _| kinds.push(caption.kind));
    assert!(kinds.iter().all(|k| *k == Kind::Rebuilding), "{kinds:?}");
    let done = watch.run_for(2 * SECOND);
    assert_eq!(done.kind, Kind::Rebuilt, "{done:?}");
    // Briefly: then the bar goes back to how things stand.
    let after = watch.run_for(10 * SECOND);
    assert_eq!(after.kind, Kind::Status, "{after:?}");
}

#[test]
fn losing_the_only_copy_names_the_lost_writes_and_their_keys() {
    let mut watch = watch(0, Replication::Async);
    watch.run_for(10 * SECOND);
    watch.apply(Command::FailDisk { node: NodeRef::Primary, disk: 0 });
    let caption = watch.apply(Command::FailDisk { node: NodeRef::Primary, disk: 1 });
    assert_eq!(caption.kind, Kind::DataLost);
    let lost = watch.last_event(|k| matches!(k, EventKind::Storage(OutcomeKind::NodeDataLost { .. })));
    let EventKind::Storage(OutcomeKind::NodeDataLost { loss, .. }) = lost.kind else { unreachable!() };
    assert!(loss.count > 0);
    assert!(caption.technical.contains(&format!("{} acknowledged writes", loss.count)), "{caption:?}");
    let first_key = format!(" {}", loss.keys[0]);
    assert!(
        caption.technical.contains(&format!("key{first_key}"))
            || caption.technical.contains(&format!("keys{first_key}"))
    );
    // Held while the node waits for a disk, long after the moment.
    let later = watch.run_for(30 * SECOND);
    assert_eq!(later.kind, Kind::DataLost, "{later:?}");
}

#[test]
fn a_crashed_primary_is_told_until_the_failover_which_counts_the_async_loss() {
    let mut watch = watch(1, Replication::Async);
    let caption = watch.apply(Command::CrashDatabase(NodeRef::Primary));
    assert_eq!(caption.kind, Kind::DatabaseCrashed);
    assert!(caption.technical.contains("After 10 s down"), "{caption:?}");
    let mut kinds = Vec::new();
    watch.run_for_checking(9 * SECOND, |caption, _| kinds.push(caption.kind));
    assert!(kinds.iter().all(|k| *k == Kind::DatabaseCrashed), "{kinds:?}");
    let caption = watch.run_for(2 * SECOND);
    assert_eq!(caption.kind, Kind::Failover, "{caption:?}");
    let failover = watch.last_event(|k| matches!(k, EventKind::Storage(OutcomeKind::FailoverDone { .. })));
    let EventKind::Storage(OutcomeKind::FailoverDone { promoted, loss, .. }) = failover.kind else {
        unreachable!()
    };
    assert_eq!(promoted, NodeId(1));
    match loss.count {
        0 => assert!(caption.technical.contains("No acknowledged write was lost"), "{caption:?}"),
        1 => assert!(caption.technical.contains("Lost: 1 acknowledged write that had not"), "{caption:?}"),
        n => assert!(
            caption.technical.contains(&format!("Lost: {n} acknowledged writes that had")),
            "{caption:?}"
        ),
    }
    // Once the failover has been told, the old primary's crash is not told again as a replica's.
    let mut kinds = Vec::new();
    watch.run_for_checking(20 * SECOND, |caption, _| kinds.push(caption.kind));
    assert!(!kinds.contains(&Kind::DatabaseCrashed), "{kinds:?}");
}

#[test]
fn a_sync_failover_with_no_replica_left_says_writes_wait() {
    let mut watch = watch(1, Replication::Sync);
    watch.apply(Command::CrashDatabase(NodeRef::Primary));
    let caption = watch.run_for(11 * SECOND);
    assert_eq!(caption.kind, Kind::Failover, "{caption:?}");
    assert!(caption.technical.contains("no acknowledged write was lost"), "{caption:?}");
    assert!(caption.technical.contains("restore node 0"), "{caption:?}");
    assert!(!watch.world.snapshot().database.unwrap().takes_writes);
    // Restored, the old primary follows and catches up; synchronous writes are taken again.
    let caption = watch.apply(Command::RestoreDatabase(NodeRef::Node(NodeId(0))));
    assert_eq!(caption.kind, Kind::DatabaseRestored, "{caption:?}");
    watch.run_for(2 * SECOND);
    assert!(watch.world.snapshot().database.unwrap().takes_writes);
}
