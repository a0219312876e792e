//! Compare: the same seeded traffic run twice, under two settings, so that the only difference
//! between the two runs is the setting: round robin against least connections, synchronous
//! against asynchronous replication.

use crate::format::{count, millis};
use crate::sim::scenario;
use crate::sim::script::Script;
use crate::sim::storage::Replication;
use crate::sim::time::SECOND;
use crate::sim::{Algorithm, Command, World};
use crate::teach::tour::Chapter;

/// How long each run of a comparison lasts, in simulated seconds: one minute, the span of the
/// per-second series.
pub const SECONDS: u64 = 60;

/// Two settings to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pair {
    /// Round robin against least connections, on a small and a large server.
    Balancing,
    /// Synchronous against asynchronous replication, through a crash of the primary.
    Replication,
}

/// One of the two runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// The setting, such as "Round robin".
    pub label: &'static str,
    /// p95 latency of each simulated second, oldest first, in milliseconds.
    pub p95_ms: Vec<f64>,
    /// p95 latency over the whole run, in milliseconds.
    pub overall_p95_ms: f64,
    /// Writes the database acknowledged over the run.
    pub acknowledged: u64,
    /// Acknowledged writes lost over the run.
    pub lost_writes: u64,
}

/// Both runs, and their difference in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    /// What was compared.
    pub pair: Pair,
    /// The two runs, in the order of [`Pair::settings`].
    pub sides: [Side; 2],
    /// The difference, in a sentence or two with the numbers.
    pub words: String,
}

impl Pair {
    /// The comparison a chapter offers, if any.
    pub fn of(chapter: Chapter) -> Option<Pair> {
        match chapter {
            Chapter::LoadBalancing => Some(Pair::Balancing),
            Chapter::RedundantStorage => Some(Pair::Replication),
            _ => None,
        }
    }

    /// What the comparison runs, for its button.
    pub fn title(self) -> &'static str {
        match self {
            Pair::Balancing => "Compare round robin with least connections on the same traffic",
            Pair::Replication => "Compare synchronous with asynchronous replication through the same crash",
        }
    }

    /// The two settings, each with its label.
    pub fn settings(self) -> [(&'static str, Command); 2] {
        match self {
            Pair::Balancing => [
                ("Round robin", Command::SetAlgorithm(Algorithm::RoundRobin)),
                ("Least connections", Command::SetAlgorithm(Algorithm::LeastConnections)),
            ],
            Pair::Replication => [
                ("Synchronous", Command::SetReplication(Replication::Sync)),
                ("Asynchronous", Command::SetReplication(Replication::Async)),
            ],
        }
    }

    /// The scenario both runs start from: the load-balancing chapter's, or a database whose
    /// primary crashes at 20 s.
    fn scenario_text(self) -> &'static str {
        match self {
            Pair::Balancing => include_str!("../../static/scenarios/tour-load-balancing.json"),
            Pair::Replication => include_str!("../../static/scenarios/failover-sync.json"),
        }
    }

    /// Runs both settings on the same seed for [`SECONDS`] and compares them.
    pub fn run(self) -> Compared {
        let scenario = scenario::parse(self.scenario_text()).expect("the bundled scenarios are valid");
        let sides = self.settings().map(|(label, setting)| {
            let mut world = World::new(scenario.config.clone());
            let mut script = Script::new(scenario.timeline.clone());
            // Both settings are ones the world always takes.
            let _ = world.apply(setting);
            script.advance_within(&mut world, SECONDS * SECOND, usize::MAX);
            let metrics = world.metrics();
            let database = world.database().map(|d| d.view(world.now()));
            Side {
                label,
                p95_ms: metrics.series().map(|p| p.latency.p95_ms).collect(),
                overall_p95_ms: metrics.overall().p95_ms,
                acknowledged: database.as_ref().map_or(0, |d| d.acknowledged),
                lost_writes: database.as_ref().map_or(0, |d| d.lost),
            }
        });
        let words = self.words(&sides);
        Compared { pair: self, sides, words }
    }

    fn words(self, [a, b]: &[Side; 2]) -> String {
        let (pa, pb) = (millis(a.overall_p95_ms), millis(b.overall_p95_ms));
        match self {
            Pair::Balancing => format!(
                "The same seed and the same requests for {SECONDS} s: p95 latency was {pa} with round robin and \
                 {pb} with least connections, which sends fewer requests to the small server while it is busy."
            ),
            Pair::Replication => format!(
                "The same seed, the same requests and the same crash of the primary at 20 s: synchronous \
                 replication lost {} of {} acknowledged writes, asynchronous lost {} of {}; p95 latency was {pa} \
                 against {pb}, as each synchronous write waits for a replica.",
                count(a.lost_writes),
                count(a.acknowledged),
                count(b.lost_writes),
                count(b.acknowledged)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_connections_beats_round_robin_on_unequal_servers() {
        let compared = Pair::Balancing.run();
        let [rr, lc] = &compared.sides;
        assert_eq!(rr.p95_ms.len(), SECONDS as usize);
        assert!(lc.overall_p95_ms < rr.overall_p95_ms, "{compared:?}");
        assert!(compared.words.contains(&millis(rr.overall_p95_ms)), "{}", compared.words);
    }

    #[test]
    fn async_replication_loses_acknowledged_writes_that_sync_keeps() {
        let compared = Pair::Replication.run();
        let [sync, async_] = &compared.sides;
        assert_eq!(sync.lost_writes, 0, "{compared:?}");
        assert!(async_.lost_writes > 0, "{compared:?}");
        assert!(sync.acknowledged > 100 && async_.acknowledged > 100, "{compared:?}");
        assert!(sync.overall_p95_ms > async_.overall_p95_ms, "sync writes wait for a replica: {compared:?}");
        assert!(compared.words.contains("synchronous replication lost 0 of"), "{}", compared.words);
    }

    #[test]
    fn the_same_comparison_gives_the_same_numbers() {
        assert_eq!(Pair::Balancing.run(), Pair::Balancing.run());
    }
}
