//! The database tier under random commands, against the test's own account of it; its mean time
//! to data loss against RAID-1 theory; and determinism.
#![cfg(not(target_arch = "wasm32"))]

mod mttdl;
mod properties;
mod run;
mod shadow;

use std::ops::RangeInclusive;

use ds_playground::sim::storage::{Replication, StorageConfig};
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use proptest::prelude::*;

use run::Run;

/// Keys written: few, so that writes overwrite each other and reads can be stale.
pub const KEYS: u32 = 6;

/// One thing the world (or time) does to the tier. Node and disk numbers are taken modulo the
/// tier's.
#[derive(Clone, Debug)]
pub enum Op {
    /// Write this key.
    Write(u32),
    /// Let this much time pass.
    Advance(Micros),
    /// Fail this disk of this node, unless it is the node's last healthy one.
    FailDisk(usize, usize),
    /// Replace this disk of this node, if it has failed.
    Replace(usize, usize),
    /// Crash this node (`None`: the primary), if it runs.
    Crash(Option<usize>),
    /// Promote a replica, if the primary is down.
    FailOver,
    /// Bring this node back, if it is down.
    Restore(usize),
}

/// Commands, with crashes, failovers and restores or without.
pub fn op(crashes: bool) -> BoxedStrategy<Op> {
    // Steps around the replication lags below, and long enough for rebuilds to finish.
    let steps = vec![1, 20, 49, 50, 51, 199, 200, 201, 600, 5_000, 31_000];
    let disks = prop_oneof![
        6 => (0..KEYS).prop_map(Op::Write),
        5 => prop::sample::select(steps).prop_map(|ms| Op::Advance(ms * MILLISECOND)),
        2 => (0..3usize, 0..3usize).prop_map(|(n, d)| Op::FailDisk(n, d)),
        2 => (0..3usize, 0..3usize).prop_map(|(n, d)| Op::Replace(n, d)),
    ];
    if !crashes {
        return disks.boxed();
    }
    prop_oneof![
        15 => disks,
        1 => prop::option::of(0..3usize).prop_map(Op::Crash),
        2 => Just(Op::FailOver),
        2 => (0..3usize).prop_map(Op::Restore),
    ]
    .boxed()
}

/// Configs with `replicas` replicas, `disks` disks a node, replicating as `replication` says.
pub fn config(
    replicas: RangeInclusive<usize>,
    disks: RangeInclusive<u8>,
    replication: impl Strategy<Value = Replication>,
) -> impl Strategy<Value = StorageConfig> {
    let lag = prop::sample::select(vec![0, 50 * MILLISECOND, 200 * MILLISECOND, SECOND]);
    let rebuild = prop::sample::select(vec![500 * MILLISECOND, 5 * SECOND, 30 * SECOND]);
    (replicas, disks, replication, lag, rebuild).prop_map(|(replicas, disks, replication, lag, rebuild)| {
        // Synchronous replication needs a replica.
        let replication = if replicas == 0 { Replication::Async } else { replication };
        StorageConfig { replicas, disks, replication, replication_lag: lag, rebuild }
    })
}

/// Either kind of replication.
pub fn replication() -> impl Strategy<Value = Replication> {
    prop_oneof![Just(Replication::Sync), Just(Replication::Async)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_same_commands_give_the_same_outcomes(
        config in config(0..=2, 1..=3, replication()),
        ops in prop::collection::vec(op(true), 1..80),
    ) {
        let replay = || {
            let mut run = Run::new(config);
            for op in &ops {
                run.apply(op).unwrap();
            }
            (run.acks, run.outcomes, format!("{:?}", run.storage))
        };
        let first = replay();
        prop_assert!(first == replay(), "a replay differs");
    }
}
