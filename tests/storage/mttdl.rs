//! Mean time to data loss of a two-disk mirror against the Markov-chain result: with each
//! working disk failing at rate λ and a failed disk replaced at once and rebuilt at rate μ, the
//! mirror loses its data after a mean of (3λ + μ) / (2λ²).
//!
//! The test draws the failure and rebuild times (exponential, from a seeded generator) and the
//! model decides what they do: when a rebuild is done, and whether a failure loses the data.

use ds_playground::sim::storage::{DiskState, NodeId, OutcomeKind, Storage, StorageConfig};
use ds_playground::sim::time::{to_secs, Micros, SECOND};
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;

/// Mean time between failures of one disk, 1/λ, in seconds.
const MEAN_FAILURE_S: f64 = 1_000.0;

/// Mean rebuild time, 1/μ, in seconds (the model's default rebuild time, drawn exponentially).
const MEAN_REBUILD_S: f64 = 30.0;

/// Mirrors run to data loss. A mirror's time to loss is close to exponential, so the mean of
/// 20,000 has a relative standard error of about 0.7%: the 5% bound is seven of them.
const CYCLES: usize = 20_000;

const NODE: NodeId = NodeId(0);

/// A duration drawn from `exp` (in seconds), in microseconds.
fn draw(exp: &Exp<f64>, rng: &mut Pcg64Mcg) -> Micros {
    (exp.sample(rng) * SECOND as f64).round() as Micros
}

/// Runs a new two-disk mirror until it loses its data; returns when, in microseconds.
fn time_to_data_loss(rng: &mut Pcg64Mcg, failure: &Exp<f64>, rebuild: &Exp<f64>) -> Micros {
    let mut storage = Storage::new(StorageConfig { replicas: 0, disks: 2, ..StorageConfig::default() });
    storage.write(0, 1).unwrap();
    // When each working disk fails; as in the chain, a disk being rebuilt does not fail.
    let mut fails_at = [Some(draw(failure, rng)), Some(draw(failure, rng))];
    loop {
        let (fail_time, failing) = (0..2).filter_map(|d| fails_at[d].map(|t| (t, d))).min().unwrap();
        let rebuilding = storage.nodes()[0].disks().into_iter().enumerate().find_map(|(d, s)| match s {
            DiskState::Rebuilding { until, .. } => Some((until, d)),
            _ => None,
        });
        if let Some((until, disk)) = rebuilding.filter(|(until, _)| *until <= fail_time) {
            storage.advance(until);
            let done = storage
                .take_outcomes()
                .into_iter()
                .any(|o| o.kind == OutcomeKind::RebuildDone { node: NODE, disk });
            assert!(done, "the rebuild ends at its time");
            fails_at[disk] = Some(until + draw(failure, rng));
            continue;
        }
        storage.fail_disk(fail_time, NODE, failing).unwrap();
        fails_at[failing] = None;
        let outcomes = storage.take_outcomes();
        if let Some(loss) = outcomes.iter().find_map(|o| match &o.kind {
            OutcomeKind::NodeDataLost { loss, .. } => Some(loss),
            _ => None,
        }) {
            assert_eq!(loss.count, 1, "the one acknowledged write is lost with the only copy");
            return fail_time;
        }
        storage.replace_disk_taking(fail_time, NODE, failing, draw(rebuild, rng)).unwrap();
    }
}

#[test]
fn a_two_disk_mirror_loses_its_data_after_the_mean_time_raid_theory_gives() {
    let (lambda, mu) = (1.0 / MEAN_FAILURE_S, 1.0 / MEAN_REBUILD_S);
    let failure = Exp::new(lambda).unwrap();
    let rebuild = Exp::new(mu).unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(2024);
    let total: f64 = (0..CYCLES).map(|_| to_secs(time_to_data_loss(&mut rng, &failure, &rebuild))).sum();
    let measured = total / CYCLES as f64;
    let theory = (3.0 * lambda + mu) / (2.0 * lambda * lambda);
    let error = (measured - theory).abs() / theory;
    println!(
        "MTTDL of a two-disk mirror (1/λ = {MEAN_FAILURE_S} s, 1/μ = {MEAN_REBUILD_S} s, {CYCLES} \
         mirrors): measured {measured:.0} s, theory (3λ + μ)/(2λ²) = {theory:.0} s, off by {:.2}%",
        error * 100.0
    );
    assert!(error < 0.05, "measured {measured:.0} s against {theory:.0} s");
}
