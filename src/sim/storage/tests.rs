//! The tier's rules, one scenario each.

use super::*;
use crate::sim::time::{MILLISECOND, SECOND};

const P: NodeId = NodeId(0);
const R: NodeId = NodeId(1);

fn tier(replication: Replication, replicas: usize) -> Storage {
    Storage::new(StorageConfig { replication, replicas, ..StorageConfig::default() })
}

fn kinds(storage: &mut Storage) -> Vec<OutcomeKind> {
    storage.take_outcomes().into_iter().map(|o| o.kind).collect()
}

#[test]
fn an_async_replica_lags_and_serves_stale_reads_until_the_write_arrives() {
    let mut s = tier(Replication::Async, 1);
    let w = s.write(0, 7).unwrap();
    s.advance(150 * MILLISECOND);
    assert_eq!(s.lag(R), Some(Lag { unshipped: 1, oldest: 150 * MILLISECOND }));
    assert_eq!(s.read(R, 7), Some(Read { version: None, latest: Some(w.version) }));
    assert!(s.read(P, 7).unwrap().is_fresh());
    s.advance(200 * MILLISECOND);
    assert_eq!(s.lag(R), Some(Lag::default()));
    assert!(s.read(R, 7).unwrap().is_fresh());
    assert_eq!(s.lag(P), None);
}

#[test]
fn sync_writes_wait_for_a_replica_in_step() {
    let mut s = tier(Replication::Sync, 1);
    let w = s.write(0, 1).unwrap();
    assert!(s.nodes()[R.index()].holds(w.version), "on the replica before the acknowledgement");
    s.crash(SECOND, R).unwrap();
    assert_eq!(s.write(SECOND, 2), Err(WriteError::NoReplicaInStep));
    s.restore(2 * SECOND, R).unwrap();
    assert_eq!(s.write(2 * SECOND, 2).map(|w| w.version), Ok(2));
}

#[test]
fn a_replica_that_lost_its_data_comes_back_empty_and_catches_up() {
    let mut s = Storage::new(StorageConfig { disks: 1, ..StorageConfig::default() });
    s.write(0, 3).unwrap();
    s.fail_disk(SECOND, R, 0).unwrap();
    let lost = OutcomeKind::NodeDataLost { node: R, loss: Loss::default() };
    assert_eq!(kinds(&mut s), vec![OutcomeKind::DiskFailed { node: R, disk: 0 }, lost]);
    assert_eq!(s.restore(SECOND, R), Err(StorageError::NoHealthyDisk(R)));
    s.replace_disk(2 * SECOND, R, 0).unwrap();
    s.restore(2 * SECOND, R).unwrap();
    s.advance(3 * SECOND);
    let restored = OutcomeKind::NodeRestored { node: R, role: Role::Replica, discarded: 0, missing: 1 };
    let replaced = OutcomeKind::DiskReplaced { node: R, disk: 0, rebuild_until: None };
    assert_eq!(kinds(&mut s), vec![replaced, restored, OutcomeKind::ReplicaCaughtUp { node: R }]);
    assert_eq!(s.nodes()[R.index()].writes(), 1);
}

#[test]
fn a_primary_that_lost_its_data_must_fail_over_and_rejoins_as_a_replica() {
    let mut s = tier(Replication::Sync, 1);
    s.write(0, 3).unwrap();
    s.fail_disk(SECOND, P, 0).unwrap();
    s.fail_disk(SECOND, P, 1).unwrap();
    assert_eq!(s.ledger().lost_count(), 0, "the replica still holds the write");
    s.replace_disk(SECOND, P, 0).unwrap();
    assert_eq!(s.restore(SECOND, P), Err(StorageError::FailOverFirst(P)));
    assert_eq!(s.fail_over(SECOND), Ok(R));
    s.restore(SECOND, P).unwrap();
    assert_eq!(
        (s.primary(), s.nodes()[P.index()].role(), s.nodes()[P.index()].catching_up()),
        (R, Role::Replica, 1)
    );
    assert_eq!(s.fail_over(SECOND), Err(StorageError::PrimaryUp));
}

#[test]
fn a_lone_primary_that_lost_its_data_comes_back_empty() {
    let mut s = tier(Replication::Async, 0);
    s.write(0, 4).unwrap();
    s.fail_disk(SECOND, P, 0).unwrap();
    s.fail_disk(2 * SECOND, P, 1).unwrap();
    let lost = OutcomeKind::NodeDataLost { node: P, loss: Loss { count: 1, keys: vec![4] } };
    assert_eq!(kinds(&mut s).last(), Some(&lost));
    assert_eq!(
        (s.write(2 * SECOND, 5), s.fail_over(2 * SECOND)),
        (Err(WriteError::PrimaryDown), Err(StorageError::NoReplicaUp))
    );
    s.replace_disk(3 * SECOND, P, 1).unwrap();
    s.restore(3 * SECOND, P).unwrap();
    assert_eq!((s.now(), s.nodes()[P.index()].writes(), s.ledger().lost_count()), (3 * SECOND, 0, 1));
    assert_eq!(s.write(4 * SECOND, 4).map(|w| w.version), Ok(2));
}

#[test]
fn the_old_primary_discards_the_writes_its_successor_lacked() {
    let mut s = tier(Replication::Async, 1);
    s.write(0, 1).unwrap();
    s.write(SECOND, 2).unwrap();
    s.crash(SECOND, P).unwrap();
    assert_eq!(s.fail_over(SECOND), Ok(R));
    let failover = OutcomeKind::FailoverDone { from: P, promoted: R, loss: Loss { count: 1, keys: vec![2] } };
    assert_eq!(kinds(&mut s).last(), Some(&failover));
    s.write(2 * SECOND, 3).unwrap();
    s.restore(2 * SECOND, P).unwrap();
    let restored = OutcomeKind::NodeRestored { node: P, role: Role::Replica, discarded: 1, missing: 1 };
    assert_eq!(kinds(&mut s), vec![restored]);
    assert_eq!(s.read(P, 2).unwrap(), Read { version: None, latest: Some(2) }, "the lost write stays lost");
    assert_eq!(s.crash(2 * SECOND, P).and(s.crash(2 * SECOND, P)), Err(StorageError::NodeDown(P)));
}

#[test]
fn a_rebuild_reports_its_progress_and_bad_commands_are_refused() {
    let mut s = tier(Replication::Async, 0);
    s.fail_disk(0, P, 1).unwrap();
    assert_eq!(s.fail_disk(0, P, 1), Err(StorageError::DiskFailed(P, 1)));
    assert_eq!(s.replace_disk(0, P, 0), Err(StorageError::DiskNotFailed(P, 0)));
    assert_eq!(s.fail_disk(0, P, 2), Err(StorageError::NoSuchDisk(P, 2)));
    assert_eq!(s.crash(0, R), Err(StorageError::NoSuchNode(R)));
    s.replace_disk(SECOND, P, 1).unwrap();
    assert_eq!(s.nodes()[P.index()].disks()[1].progress(16 * SECOND), Some(0.5));
    s.advance(40 * SECOND);
    let at = |o: &Outcome| (o.time / SECOND, o.kind.clone());
    let rebuild: Vec<_> = s.take_outcomes().iter().map(at).skip(3).collect();
    let progress = |percent| OutcomeKind::RebuildProgress { node: P, disk: 1, percent };
    let done = OutcomeKind::RebuildDone { node: P, disk: 1 };
    assert_eq!(rebuild, vec![(8, progress(25)), (16, progress(50)), (23, progress(75)), (31, done)]);
    assert_eq!(s.nodes()[P.index()].healthy_disks(), 2);
}

#[test]
fn the_ledger_forgets_what_every_node_holds_and_stays_bounded() {
    let mut s = tier(Replication::Async, 2);
    let lag = s.config().replication_lag;
    // 1,000 writes a second for a simulated minute, replication keeping up.
    for i in 0..60_000u64 {
        let w = s.write(i * MILLISECOND, (i % 500) as u32).unwrap();
        assert_eq!(w.version, i + 1);
        let in_flight = (lag / MILLISECOND) as usize + 1;
        assert!(s.ledger().remembered() <= RECENT + in_flight, "{} at {i}", s.ledger().remembered());
    }
    s.advance(61 * SECOND);
    assert_eq!((s.ledger().len(), s.ledger().remembered()), (60_000, RECENT));
    // What the nodes return is unchanged: the newest version of each key, everywhere.
    let read = s.read(R, 7).unwrap();
    assert_eq!((read.version, read.latest, s.lag(R)), (Some(59_508), Some(59_508), Some(Lag::default())));
}

#[test]
fn a_failover_to_a_node_that_lost_its_data_loses_every_forgotten_write_too() {
    let mut s = Storage::new(StorageConfig { disks: 1, replicas: 1, ..StorageConfig::default() });
    let writes = 3 * RECENT as u64;
    for i in 0..writes {
        s.write(i * MILLISECOND, (i % 20) as u32).unwrap();
    }
    let t = writes * MILLISECOND + SECOND;
    s.advance(t);
    assert!(s.ledger().oldest_remembered() > 2 * RECENT as u64, "the settled writes are forgotten");
    // The replica's disk fails: the primary still holds everything, nothing is lost.
    s.fail_disk(t, R, 0).unwrap();
    s.replace_disk(t, R, 0).unwrap();
    s.restore(t, R).unwrap();
    assert_eq!((s.ledger().lost_count(), s.lag(R).map(|l| l.oldest)), (0, Some(t)));
    // The primary crashes before the replica's catch-up arrives: the empty replica is promoted.
    s.crash(t + MILLISECOND, P).unwrap();
    assert_eq!(s.fail_over(t + MILLISECOND), Ok(R));
    let loss = Loss { count: writes as usize, keys: (0..SAMPLE_KEYS as u32).collect() };
    let failover = OutcomeKind::FailoverDone { from: P, promoted: R, loss };
    assert_eq!(kinds(&mut s).last(), Some(&failover));
    assert_eq!((s.ledger().lost_count(), s.ledger().lost().count()), (writes as usize, RECENT));
    assert_eq!(s.read(R, 3), Some(Read { version: None, latest: Some(writes - 12) }));
    // The old primary rejoins and discards every write cut from the history.
    s.restore(t + SECOND, P).unwrap();
    let restored =
        OutcomeKind::NodeRestored { node: P, role: Role::Replica, discarded: writes as usize, missing: 0 };
    assert_eq!(kinds(&mut s), vec![restored]);
    // New writes settle in their turn and are lost only with what holds them.
    for i in 0..writes {
        s.write(t + 2 * SECOND + i * MILLISECOND, 1).unwrap();
    }
    s.advance(t + 3 * SECOND + writes * MILLISECOND);
    assert_eq!(s.ledger().oldest_remembered(), 2 * writes - RECENT as u64 + 1);
    assert_eq!(s.read(P, 1).map(|r| r.is_fresh()), Some(true));
    assert_eq!(s.ledger().lost_count(), writes as usize);
}
