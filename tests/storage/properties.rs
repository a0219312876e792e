//! What survives which failures, checked against the test's own ledger over random sequences of
//! writes, disk failures and replacements, time passing, crashes, failovers and restores.

use ds_playground::sim::storage::{Loss, OutcomeKind, Replication, Write};
use proptest::prelude::*;

use crate::run::{id, Run};
use crate::{config, op, replication};

/// The losses reported by failovers so far.
fn failover_losses(run: &Run) -> Vec<Loss> {
    let losses = run.outcomes.iter().filter_map(|o| match &o.kind {
        OutcomeKind::FailoverDone { loss, .. } => Some(loss.clone()),
        _ => None,
    });
    losses.collect()
}

/// Whether some node's disks hold `write`.
fn survives(run: &Run, write: &Write) -> bool {
    run.storage.nodes().iter().any(|n| n.holds(write.version))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_single_disk_failure_never_loses_an_acknowledged_write(
        config in config(0..=2, 2..=3, replication()),
        ops in prop::collection::vec(op(false), 1..80),
    ) {
        let mut run = Run::new(config);
        for op in &ops {
            run.apply(op)?;
        }
        prop_assert_eq!(run.storage.ledger().lost_count(), 0);
        let lost = run.outcomes.iter().any(|o| matches!(o.kind, OutcomeKind::NodeDataLost { .. }));
        prop_assert!(!lost, "a node lost its data");
        let primary = &run.storage.nodes()[run.storage.primary().index()];
        prop_assert!(run.acks.iter().all(|w| primary.holds(w.version)));
    }

    #[test]
    fn a_primary_crash_under_synchronous_replication_never_loses_an_acknowledged_write(
        config in config(1..=2, 1..=3, Just(Replication::Sync)),
        ops in prop::collection::vec(op(true), 1..80),
    ) {
        let mut run = Run::new(config);
        run.one_failure_at_a_time = true;
        for op in &ops {
            run.apply(op)?;
        }
        prop_assert!(failover_losses(&run).iter().all(|loss| loss.count == 0));
        prop_assert_eq!(run.storage.ledger().lost_count(), 0);
        prop_assert!(run.acks.iter().all(|w| survives(&run, w)));
    }

    #[test]
    fn an_async_failover_loses_exactly_the_writes_not_yet_shipped_to_the_promoted_replica(
        config in config(1..=2, 1..=3, Just(Replication::Async)),
        ops in prop::collection::vec(op(true), 1..80),
    ) {
        // The run checks each failover's promoted replica and loss against the shadow's.
        let mut run = Run::new(config);
        for op in &ops {
            run.apply(op)?;
        }
        let reported: usize = failover_losses(&run).iter().map(|loss| loss.count).sum();
        let lost: Vec<u64> = run.storage.ledger().lost().map(|w| w.version).collect();
        prop_assert_eq!(lost.len(), reported);
        prop_assert_eq!(lost, run.shadow.lost());
        prop_assert!(run.acks.iter().all(|w| run.shadow.lost().contains(&w.version) || survives(&run, w)));
    }

    #[test]
    fn losing_the_primarys_last_disk_loses_exactly_what_no_other_copy_holds(
        config in config(0..=2, 1..=3, replication()),
        ops in prop::collection::vec(op(false), 0..60),
    ) {
        let mut run = Run::new(config);
        for op in &ops {
            run.apply(op)?;
        }
        let (now, primary) = (run.now, run.shadow.primary);
        for disk in 0..config.disks as usize {
            if !run.shadow.disk_failed(primary, disk) {
                run.storage.fail_disk(now, id(primary), disk).unwrap();
                run.shadow.fail_disk(primary, disk, now);
            }
        }
        let expected = run.shadow.lose_primary_data(now);
        let loss = run.storage.take_outcomes().into_iter().find_map(|o| match o.kind {
            OutcomeKind::NodeDataLost { node, loss } if node == id(primary) => Some(loss),
            _ => None,
        });
        let keys = run.shadow.sample_keys(&expected);
        prop_assert_eq!(loss, Some(Loss { count: expected.len(), keys }));
        let lost: Vec<u64> = run.storage.ledger().lost().map(|w| w.version).collect();
        prop_assert_eq!(lost, expected);
    }
}
