//! The metrics panel says the same thing twice only when both say the same number: each card and
//! the matching chart legend, computed from one snapshot, agree; the database's cards agree with
//! the runner's report of the same run; numbers use one format; and the servers card counts
//! booting, draining and leaving servers apart.
#![cfg(not(target_arch = "wasm32"))]

use ds_playground::format::{count, millis};
use ds_playground::sim::command::NodeRef;
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::report;
use ds_playground::sim::scenario::Scenario;
use ds_playground::sim::script::Script;
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{
    AutoscaleConfig, Command, ServerId, ServerSize, ServerSpec, Snapshot, World, WorldConfig,
};
use ds_playground::ui::cards::{card_groups, Card};
use ds_playground::ui::database_words::lost_keys;
use ds_playground::ui::minute_charts::minute_charts;

/// Two small servers (about 40 req/s together) at 100 req/s, with the autoscaler on but held to
/// three servers: a changing fleet and steady drops, 40 simulated seconds in and halfway through
/// a second.
fn busy_snapshot() -> Snapshot {
    let mut world = World::new(WorldConfig {
        seed: 11,
        arrival_rate: 100.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 2],
        autoscale: AutoscaleConfig { enabled: true, max_servers: 3, ..AutoscaleConfig::default() },
        ..WorldConfig::default()
    });
    world.advance_to(40 * SECOND + SECOND / 2);
    world.snapshot()
}

fn card(s: &Snapshot, id: &str) -> Card {
    card_groups(s)
        .into_iter()
        .flat_map(|g| g.cards)
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

fn legend(s: &Snapshot, chart: &str, line: &str) -> String {
    let chart =
        minute_charts(s).into_iter().find(|c| c.title == chart).unwrap_or_else(|| panic!("no chart {chart}"));
    chart.lines.into_iter().find(|l| l.name == line).unwrap_or_else(|| panic!("no line {line}")).reading
}

#[test]
fn cards_and_legends_agree() {
    let s = busy_snapshot();
    assert!(s.dropped_total() > 0, "the scenario drops requests");
    assert_eq!(s.fleet().up, 3, "the autoscaler added a server");
    assert!(s.series.len() >= 10, "a full window of seconds");
    for (id, chart, line) in [
        ("metric-throughput", "Requests per second", "served"),
        ("metric-drop-rate", "Requests per second", "dropped"),
        ("metric-utilization", "Utilization", "busy"),
        ("metric-servers", "Servers up", "up"),
        ("metric-p95", "Latency", "p95"),
    ] {
        let card = card(&s, id);
        assert_eq!(card.text(), legend(&s, chart, line), "card {id} and the {line} legend of {chart}");
    }
    // And they are the means of the last 10 whole seconds, not the last single second.
    let last10 = &s.series[s.series.len() - 10..];
    let served = last10.iter().map(|p| p.served).sum::<u64>() as f64 / 10.0;
    assert_eq!(card(&s, "metric-throughput").text(), format!("{served:.1} req/s"));
    assert!(card(&s, "metric-drop-rate").value.parse::<f64>().unwrap() > 0.0);
}

#[test]
fn the_servers_card_is_the_number_up_and_splits_the_rest() {
    let mut world = World::new(WorldConfig {
        arrival_rate: 30.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 3],
        ..WorldConfig::default()
    });
    world.advance_to(2 * SECOND);
    world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true }).unwrap();
    world.apply(Command::RemoveServer(Some(ServerId(0)))).unwrap();
    world.advance_to(3 * SECOND);
    let s = world.snapshot();
    assert_eq!(s.servers.len(), 4, "the removed server is still on stage, leaving");
    let servers = card(&s, "metric-servers");
    assert_eq!(servers.value.parse::<usize>().unwrap(), 2);
    assert_eq!(servers.detail, "1 booting · 0 draining", "a server that has left is neither");
    assert_eq!(legend(&s, "Servers up", "up"), "2");
}

#[test]
fn numbers_have_one_format() {
    let mut world = World::new(WorldConfig {
        arrival_rate: 5_000.0,
        servers: vec![ServerSpec::preset(ServerSize::Large); 4],
        ..WorldConfig::default()
    });
    world.advance_to(10 * SECOND);
    let s = world.snapshot();
    let served = card(&s, "metric-served");
    assert!(served.value.contains(','), "thousands take a comma: {}", served.value);
    let texts = card_groups(&s)
        .into_iter()
        .flat_map(|g| g.cards)
        .flat_map(|c| [c.text(), c.detail])
        .chain(minute_charts(&s).into_iter().flat_map(|c| c.lines).map(|l| l.reading));
    for text in texts {
        assert!(!text.contains('\u{2009}') && !text.contains('\u{202f}'), "a thin space in {text:?}");
    }
    assert!(card(&s, "metric-utilization").value.ends_with('%'));
}

/// The page's database tier (a primary and one asynchronous replica) behind two large servers at
/// 120 req/s; the primary crashes at 5 s and a replica is promoted at 15 s, losing the writes
/// that had not reached it.
fn database_scenario() -> Scenario {
    Scenario {
        config: WorldConfig {
            seed: 5,
            arrival_rate: 120.0,
            servers: vec![ServerSpec::preset(ServerSize::Large); 2],
            database: Some(DatabaseConfig::default()),
            ..WorldConfig::default()
        },
        timeline: vec![(5 * SECOND, Command::CrashDatabase(NodeRef::Primary))],
        ..Scenario::default()
    }
}

#[test]
fn database_cards_agree_with_the_runners_report() {
    let scenario = database_scenario();
    let until = 20 * SECOND;
    let report = report::run(&scenario, until);
    let mut world = World::new(scenario.config.clone());
    Script::new(scenario.timeline.clone()).advance_within(&mut world, until, usize::MAX);
    assert_eq!(format!("{:016x}", world.digest()), report.digest, "the same run");
    let s = world.snapshot();
    let database = report.database.as_ref().expect("the report has the database");
    assert!(report.writes.lost > 0 && report.stale_reads > 0, "the failover lost writes: {report:?}");
    assert_eq!(card(&s, "metric-writes").value, count(report.writes.acknowledged));
    let lost = card(&s, "metric-lost");
    assert_eq!((lost.value, lost.detail), (count(report.writes.lost), lost_keys(&report.writes.lost_keys)));
    let stale = card(&s, "metric-stale-reads");
    assert_eq!(stale.value, count(report.stale_reads));
    assert!(stale.detail.ends_with(&format!("of {} reads", count(database.reads))), "{}", stale.detail);
    assert_eq!(card(&s, "metric-lag").text(), millis(database.replication_lag_ms));
    assert_eq!(card(&s, "metric-lag").text(), legend(&s, "Replication lag", "largest lag"));
    // Before the crash the replica trailed the primary by up to a lag: the chart shows it.
    let lags: Vec<u64> = s.series.iter().map(|p| p.replication_lag).collect();
    assert!(lags.iter().any(|l| (1..=200_000).contains(l)), "{lags:?}");
    let at_database: u64 = ["database-down", "database-crashed", "database-busy", "write-refused"]
        .iter()
        .map(|slug| report.failed[slug])
        .sum();
    assert!(report.failed["database-down"] > 0, "writes failed while the primary was down");
    let failed = card(&s, "metric-db-failed");
    assert_eq!(failed.value, count(at_database));
    assert!(failed.detail.contains(" database down"), "reasons in words: {}", failed.detail);
    assert!(card(&s, "metric-failed").detail.contains(" database down"), "and in the failed card");
}

#[test]
fn a_world_without_a_database_has_no_database_cards() {
    let s = busy_snapshot();
    let ids: Vec<&str> = card_groups(&s).iter().flat_map(|g| g.cards.iter().map(|c| c.id)).collect();
    assert_eq!(card_groups(&s).len(), 3);
    for id in ["metric-writes", "metric-lost", "metric-stale-reads", "metric-lag", "metric-db-failed"] {
        assert!(!ids.contains(&id), "{id} without a database");
    }
    assert!(minute_charts(&s).iter().all(|c| c.title != "Replication lag"));
}
