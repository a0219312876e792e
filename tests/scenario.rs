//! Scenario files: the examples parse into the worlds they describe and tell their stories, bad
//! files are rejected with an error naming the offending field, and the headless `simulate`
//! binary runs scenarios, prints a consistent JSON report, and exits with status 2 on bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use serde_json::Value;

use ds_playground::sim::command::NodeRef;
use ds_playground::sim::config::ChaosConfig;
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::report::{run, run_with_progress, Report};
use ds_playground::sim::scenario::{parse, Scenario, ScenarioError};
use ds_playground::sim::script::Script;
use ds_playground::sim::storage::{Loss, NodeId, OutcomeKind, Replication, StorageConfig};
use ds_playground::sim::time::{from_ms, MILLISECOND, SECOND};
use ds_playground::sim::{Algorithm, Command, Event, EventKind, ServerSize, ServiceDistribution, World};

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios/scale-out.json")
}

#[test]
fn the_example_scenario_parses() {
    let text = std::fs::read_to_string(example_path()).expect("the example scenario exists");
    let scenario = parse(&text).expect("the example scenario parses");
    let c = &scenario.config;
    assert_eq!(c.seed, 7);
    assert_eq!(c.arrival_rate, 60.0);
    assert_eq!(c.algorithm, Algorithm::RoundRobin);
    assert_eq!(c.links.client_to_balancer, from_ms(60.0));
    let sizes: Vec<ServerSize> = c.servers.iter().map(|s| s.size).collect();
    assert_eq!(sizes, [ServerSize::Small, ServerSize::Small, ServerSize::Large]);
    let large = &c.servers[2];
    assert_eq!((large.workers, large.mean_service, large.queue_capacity, large.weight), (4, 100_000, 40, 2));
    assert_eq!(large.distribution, ServiceDistribution::Exponential);
    assert!(!c.autoscale.enabled);
    let a = &c.autoscale;
    assert_eq!(
        (a.sync_period, a.metric_window, a.scale_down_stabilization),
        (10 * SECOND, 20 * SECOND, 60 * SECOND)
    );
    assert_eq!((a.scale_up_percent, a.scale_up_servers, a.scale_down_percent), (100.0, 4, 100.0));
    let times: Vec<u64> = scenario.timeline.iter().map(|(at, _)| at / SECOND).collect();
    assert_eq!(times, [20, 30, 40, 50]);
    assert_eq!(scenario.timeline[0].1, Command::SetArrivalRate(110.0));
    assert_eq!(scenario.timeline[2].1, Command::SetAlgorithm(Algorithm::PowerOfTwo));
    assert_eq!(scenario.timeline[3].1, Command::Burst);
}

#[test]
fn every_field_is_optional_and_the_timeline_is_sorted() {
    let scenario = parse("{}").expect("an empty scenario is the default world");
    assert_eq!(scenario.config, Default::default());
    assert!(scenario.timeline.is_empty());
    let scenario = parse(
        r#"{"timeline": [{"at_s": 9, "type": "burst"}, {"at_s": 1.5, "type": "remove-server"},
                         {"at_s": 9, "type": "set-autoscaling", "enabled": true}]}"#,
    )
    .unwrap();
    let timeline: Vec<_> = scenario.timeline.iter().map(|(at, c)| (*at, c.clone())).collect();
    assert_eq!(
        timeline,
        [
            (1_500_000, Command::RemoveServer(None)),
            (9 * SECOND, Command::Burst),
            (9 * SECOND, Command::SetAutoscaling(true)),
        ]
    );
}

/// Parses `text`, which must be rejected, and checks the error's path and that its message
/// contains each of `mentions`.
fn rejects(text: &str, path: &str, mentions: &[&str]) -> ScenarioError {
    let error = parse(text).expect_err(&format!("should be rejected: {text}"));
    assert_eq!(error.path, path, "wrong path for {text}: {error:?}");
    for word in mentions {
        assert!(error.message.contains(word), "the message for {text} should mention {word:?}: {error:?}");
    }
    // The one-line form starts with the path.
    assert!(error.to_string().starts_with(&format!("{path}: ")), "{error}");
    error
}

#[test]
fn unknown_fields_are_named() {
    rejects(r#"{"sed": 3}"#, "sed", &["unknown field `sed`", "seed"]);
    rejects(r#"{"links": {"latency_ms": 3}}"#, "links.latency_ms", &["unknown field `latency_ms`"]);
    rejects(
        r#"{"servers": [{"size": "small", "cores": 3}]}"#,
        "servers[0].cores",
        &["unknown field `cores`"],
    );
    rejects(r#"{"autoscale": {"enable": true}}"#, "autoscale.enable", &["unknown field `enable`", "enabled"]);
}

#[test]
fn wrong_types_are_named() {
    rejects(r#"{"arrival_rate": "fast"}"#, "arrival_rate", &["invalid type", "string \"fast\"", "a number"]);
    rejects(r#"{"seed": -1}"#, "seed", &["between 0 and 18446744073709551615", "got -1"]);
    rejects(r#"{"servers": {"size": "small"}}"#, "servers", &["invalid type", "object", "an array"]);
    rejects(
        r#"{"servers": [{"size": "small", "workers": 2.5}]}"#,
        "servers[0].workers",
        &["invalid type", "number 2.5", "a whole number"],
    );
    rejects(r#"{"algorithm": "fastest"}"#, "algorithm", &["unknown variant `fastest`", "power-of-two"]);
    rejects(r#"{"servers": [{"size": "medium"}]}"#, "servers[0].size", &["unknown variant `medium`"]);
    rejects(r#"{"autoscale": {"enabled": "yes"}}"#, "autoscale.enabled", &["invalid type", "boolean"]);
}

#[test]
fn out_of_range_values_are_named() {
    rejects(r#"{"arrival_rate": -5}"#, "arrival_rate", &["between 0 and 200000", "-5"]);
    rejects(r#"{"arrival_rate": 1e9}"#, "arrival_rate", &["between 0 and 200000"]);
    rejects(
        r#"{"servers": [{"size": "small"}, {"size": "large", "workers": 0}]}"#,
        "servers[1].workers",
        &["workers", "between 1 and 1000", "got 0"],
    );
    rejects(r#"{"servers": [{"size": "small", "weight": 0}]}"#, "servers[0].weight", &["weight", "got 0"]);
    rejects(
        r#"{"servers": [{"size": "small", "queue_capacity": 2000000}]}"#,
        "servers[0].queue_capacity",
        &["at most 1000000"],
    );
    rejects(
        r#"{"servers": [{"size": "small", "mean_service_ms": 0}]}"#,
        "servers[0].mean_service_ms",
        &["between"],
    );
    rejects(r#"{"servers": [{"size": "small", "count": 101}]}"#, "servers[0].count", &["between 1 and 100"]);
    rejects(
        r#"{"servers": [{"size": "small", "count": 60}, {"size": "large", "count": 41}]}"#,
        "servers",
        &["1–100", "101"],
    );
    rejects(r#"{"servers": []}"#, "servers", &["got 0"]);
    rejects(
        r#"{"autoscale": {"target_utilization": 2}}"#,
        "autoscale.target_utilization",
        &["between 0.05 and 1", "got 2"],
    );
    rejects(
        r#"{"autoscale": {"min_servers": 5, "max_servers": 3}}"#,
        "autoscale.min_servers",
        &["between 1 and 3"],
    );
    rejects(r#"{"links": {"balancer_to_server_ms": -1}}"#, "links.balancer_to_server_ms", &["between 0"]);
    rejects(
        r#"{"links": {"client_to_balancer_ms": 60000}}"#,
        "links.client_to_balancer_ms",
        &["between 0 and 2000"],
    );
    // 100 servers of 20,000 queue slots each would hold 2 million waiting requests (about
    // 120 MB): the world's total is bounded, and the error says so.
    rejects(
        r#"{"servers": [{"size": "small", "count": 100, "queue_capacity": 20000}]}"#,
        "servers",
        &["2000000", "at most 1000000", "60 MB"],
    );
    rejects(r#"{"autoscale": {"sync_period_s": 2.5}}"#, "autoscale.sync_period_s", &["whole number"]);
    rejects(r#"{"autoscale": {"metric_window_s": 120}}"#, "autoscale.metric_window_s", &["between 1 and 60"]);
    rejects(
        r#"{"autoscale": {"cooldown_s": 10}}"#,
        "autoscale.cooldown_s",
        &["unknown field", "sync_period_s"],
    );
    rejects(r#"{"burst": {"multiplier": 0.5}}"#, "burst.multiplier", &["between 1 and 100"]);
    rejects(r#"{"clients": 0}"#, "clients", &["between 1"]);
}

#[test]
fn bad_timeline_entries_are_named() {
    rejects(r#"{"timeline": [{"type": "burst"}]}"#, "timeline[0].at_s", &["missing"]);
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "burst"}, {"at_s": "soon", "type": "burst"}]}"#,
        "timeline[1].at_s",
        &["number of seconds"],
    );
    rejects(r#"{"timeline": [{"at_s": -2, "type": "burst"}]}"#, "timeline[0].at_s", &["0 or more"]);
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "burst"}, {"at_s": 2, "type": "explode"}]}"#,
        "timeline[1].type",
        &["unknown command type \"explode\"", "set-arrival-rate"],
    );
    rejects(r#"{"timeline": [{"at_s": 1}]}"#, "timeline[0].type", &["is missing", "burst"]);
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "set-arrival-rate", "rate": "fast"}]}"#,
        "timeline[0].rate",
        &["invalid type"],
    );
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "set-arrival-rate", "rate": -4}]}"#,
        "timeline[0].rate",
        &["between 0 and"],
    );
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "set-target-utilization", "target": 3}]}"#,
        "timeline[0].target",
        &["between 0.05 and 1"],
    );
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "set-arrival-rate"}]}"#,
        "timeline[0]",
        &["missing field `rate`"],
    );
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "add-server", "size": "small", "count": 2}]}"#,
        "timeline[0].count",
        &["unknown field `count`"],
    );
    rejects(r#"{"timeline": [5]}"#, "timeline[0]", &["must be an object"]);
}

#[test]
fn malformed_json_is_rejected() {
    let error = parse(r#"{"seed": 1,"#).unwrap_err();
    assert!(error.message.contains("EOF") && error.message.contains("line 1"), "{error:?}");
    assert_eq!(error.path, "", "a file that is not JSON has no field to name");
    assert!(error.to_string().starts_with("EOF"), "{error}");
    let error = parse("[]").unwrap_err();
    assert!(error.message.contains("invalid"), "{error:?}");
}

/// Runs the `simulate` binary with `args`.
fn simulate(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_simulate")).args(args).output().expect("simulate runs")
}

#[test]
fn simulate_prints_a_consistent_report() {
    let example = example_path();
    let output = simulate(&[example.to_str().unwrap(), "--seconds", "30", "--seed", "3"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let number =
        |field: &str| report[field].as_u64().unwrap_or_else(|| panic!("{field} missing in {report}"));
    assert_eq!(number("seed"), 3);
    assert_eq!(report["seconds"].as_f64(), Some(30.0));
    let dropped = report["dropped"].as_object().expect("dropped is an object");
    assert!(dropped.contains_key("queue-full") && dropped.contains_key("no-server"), "{dropped:?}");
    let dropped_total: u64 = dropped.values().map(|v| v.as_u64().unwrap()).sum();
    let (arrived, served, in_flight) = (number("arrived"), number("served"), number("in_flight"));
    assert!(arrived > 1_000, "60–110 requests a second for 30 s, got {arrived}");
    assert_eq!(arrived, served + dropped_total + in_flight, "counts do not add up: {report}");
    assert!((report["throughput"].as_f64().unwrap() - served as f64 / 30.0).abs() < 1e-9);
    for field in ["mean", "p50", "p95", "p99"] {
        assert!(
            report["latency_ms"][field].as_f64().is_some_and(|ms| ms > 0.0),
            "latency_ms.{field}: {report}"
        );
    }
    let servers = report["servers"].as_array().expect("servers is an array");
    assert_eq!(servers.len(), 4, "three at the start and one added at 30 s: {report}");
    let served_by_servers: u64 = servers.iter().map(|s| s["served"].as_u64().unwrap()).sum();
    // Responses still on their way back were served by their server but not yet delivered.
    assert!(served_by_servers >= served && served_by_servers <= served + in_flight);
    let server_drops: u64 = servers.iter().map(|s| s["dropped"].as_u64().unwrap()).sum();
    assert_eq!(server_drops, dropped["queue-full"].as_u64().unwrap());
    assert_eq!(report["refused"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["digest"].as_str().map(str::len), Some(16));

    // The same run again prints the same bytes; another seed prints another digest.
    let again = simulate(&[example.to_str().unwrap(), "--seconds", "30", "--seed", "3"]);
    assert_eq!(again.stdout, output.stdout);
    let other = simulate(&[example.to_str().unwrap(), "--seconds", "30", "--seed", "4"]);
    let other: Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_ne!(other["digest"], report["digest"]);
}

/// A scratch directory under the system's temporary directory, unique to this test process.
fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ds-playground-scenario-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn simulate_rejects_bad_input_with_status_2() {
    let dir = temp_dir();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"servers": [{"size": "small"}, {"size": "large", "workers": 0}]}"#).unwrap();
    let output = simulate(&[bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("servers[1].workers"), "stderr should name the field: {stderr}");

    let missing = dir.join("no-such-scenario.json");
    let output = simulate(&[missing.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");

    let example = example_path();
    let example = example.to_str().unwrap();
    for args in [
        vec![example, "--speed", "3"],
        vec![example, "--seconds", "0"],
        vec![example, "--seconds", "forever"],
        vec![example, "--seed"],
        vec![example, "--seed", "-1"],
        vec![example, "extra.json"],
        vec![],
    ] {
        let output = simulate(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?} should exit 2; stderr: {stderr}");
        assert!(stderr.contains("usage: simulate"), "{args:?} should print the usage: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_autoscaling_example_grows_to_the_load_and_shrinks_after_it() {
    // 15 req/s, then 150 from 60 s, then 30 from 300 s: small servers at a 70% target need
    // 2, then 11, then 3 (ceil(busy workers / 0.7), two workers a server).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios/autoscale-steps.json");
    let scenario = parse(&std::fs::read_to_string(path).unwrap()).expect("the autoscaling example parses");
    let report = ds_playground::sim::report::run(&scenario, 480 * SECOND);
    let up = report.servers.iter().filter(|s| s.status == "up").count();
    let ever = report.servers.len();
    println!("autoscaling example: {ever} servers ever, {up} up at the end, dropped {:?}", report.dropped);
    assert!((11..=13).contains(&ever), "{ever} servers were ever added");
    assert!((3..=4).contains(&up), "{up} servers up for 30 req/s");
    assert!(report.refused.is_empty());
}

#[test]
fn the_crash_example_is_caught_by_health_checks_and_recovers() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios/server-crash.json");
    let scenario = parse(&std::fs::read_to_string(path).unwrap()).expect("the crash example parses");
    assert_eq!(scenario.config.health_check.unhealthy_threshold, 3);
    assert_eq!(scenario.timeline[0].1, Command::CrashServer(ds_playground::sim::ServerId(1)));
    let report = ds_playground::sim::report::run(&scenario, 90 * SECOND);
    println!(
        "crash example: availability {:.4}, failed {:?}, detection {:?}, recovery {:?}",
        report.availability, report.failed, report.detection, report.recovery
    );
    assert_eq!((report.detection.count, report.recovery.count), (1, 1));
    // Crashed at 20 s, checked every 2 s: three failed checks, the last one timing out after 1 s.
    assert!((4_000.0..=7_000.0).contains(&report.detection.max_ms), "{:?}", report.detection);
    // Restored at 50 s: 5 s of booting, then two passing checks.
    assert!((7_000.0..=10_100.0).contains(&report.recovery.max_ms), "{:?}", report.recovery);
    assert!(report.failed["server-crashed"] > 0 && report.failed["server-down"] > 0);
    assert!(report.availability > 0.95 && report.availability < 1.0);
    assert_eq!(report.servers[1].status, "up");
    // Utilization covers only the time each server was serving, so it never passes 100%.
    assert!(report.servers.iter().all(|s| s.utilization <= 1.0), "{:?}", report.servers);
}

#[test]
fn health_check_and_retry_fields_are_checked() {
    rejects(r#"{"health_check": {"interval_ms": 0}}"#, "health_check.interval_ms", &["between 10"]);
    rejects(
        r#"{"health_check": {"unhealthy_threshold": 0}}"#,
        "health_check.unhealthy_threshold",
        &["between 1"],
    );
    rejects(r#"{"health_check": {"every_ms": 5}}"#, "health_check.every_ms", &["unknown field"]);
    rejects(r#"{"retries": {"max_attempts": 9}}"#, "retries.max_attempts", &["between 1 and 5"]);
    rejects(r#"{"retries": {"budget": 2}}"#, "retries.budget", &["between 0 and 1"]);
    rejects(
        r#"{"timeline": [{"at_s": 1, "type": "crash-server"}]}"#,
        "timeline[0]",
        &["missing field `server`"],
    );
    let parsed =
        parse(r#"{"retries": {"max_attempts": 3, "budget": 1}, "health_check": {"healthy_threshold": 4}}"#)
            .unwrap();
    assert_eq!((parsed.config.retries.max_attempts, parsed.config.retries.budget), (3, 1.0));
    assert_eq!(parsed.config.health_check.healthy_threshold, 4);
}

/// The example scenario `static/scenarios/NAME.json`, parsed.
fn example(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("static/scenarios/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"))
}

#[test]
fn every_database_field_parses_with_its_unit() {
    let scenario = parse(
        r#"{
          "database": {
            "replicas": 2, "replication": "sync", "replication_lag_ms": 150, "disks": 3,
            "read_share": 0.6, "rebuild_s": 12.5, "keys": 40, "workers": 3, "mean_service_ms": 2.5,
            "queue_capacity": 77, "link_ms": 4, "failover_timeout_s": 7
          },
          "chaos": { "server_mtbf_s": 90, "server_mttr_s": 9, "disk_mtbf_s": 120, "disk_mttr_s": 30 },
          "timeline": [
            { "at_s": 1, "type": "fail-disk", "node": "primary", "disk": 1 },
            { "at_s": 2, "type": "replace-disk", "node": 2, "disk": 0 },
            { "at_s": 3, "type": "crash-database", "node": "primary" },
            { "at_s": 4, "type": "restore-database", "node": 0 },
            { "at_s": 5, "type": "set-replication", "mode": "async" },
            { "at_s": 6, "type": "set-replication", "mode": "sync" }
          ]
        }"#,
    )
    .expect("every database field parses");
    let expected = DatabaseConfig {
        storage: StorageConfig {
            replicas: 2,
            replication: Replication::Sync,
            replication_lag: 150 * MILLISECOND,
            disks: 3,
            rebuild: 12_500 * MILLISECOND,
        },
        read_share: 0.6,
        keys: 40,
        workers: 3,
        mean_service: 2_500,
        queue_capacity: 77,
        link: 4 * MILLISECOND,
        failover_timeout: 7 * SECOND,
    };
    assert_eq!(scenario.config.database, Some(expected));
    let chaos = ChaosConfig {
        server_mtbf: 90 * SECOND,
        server_mttr: 9 * SECOND,
        disk_mtbf: 120 * SECOND,
        disk_mttr: 30 * SECOND,
    };
    assert_eq!(scenario.config.chaos, Some(chaos));
    let commands: Vec<Command> = scenario.timeline.iter().map(|(_, c)| c.clone()).collect();
    assert_eq!(
        commands,
        [
            Command::FailDisk { node: NodeRef::Primary, disk: 1 },
            Command::ReplaceDisk { node: NodeRef::Node(NodeId(2)), disk: 0 },
            Command::CrashDatabase(NodeRef::Primary),
            Command::RestoreDatabase(NodeRef::Node(NodeId(0))),
            Command::SetReplication(Replication::Async),
            Command::SetReplication(Replication::Sync),
        ]
    );
}

#[test]
fn a_database_block_left_empty_takes_the_defaults() {
    let scenario = parse(r#"{"database": {}, "chaos": {}}"#).unwrap();
    assert_eq!(scenario.config.database, Some(DatabaseConfig::default()));
    assert_eq!(scenario.config.chaos, Some(ChaosConfig::default()));
    // The defaults the README gives.
    let d = DatabaseConfig::default();
    let s = d.storage;
    assert_eq!(
        (s.replicas, s.replication, s.replication_lag, s.disks, s.rebuild),
        (1, Replication::Async, 200_000, 2, 30 * SECOND)
    );
    assert_eq!(
        (d.read_share, d.keys, d.workers, d.mean_service, d.queue_capacity),
        (0.8, 100, 8, 5_000, 200)
    );
    assert_eq!((d.link, d.failover_timeout), (20_000, 10 * SECOND));
    let c = ChaosConfig::default();
    assert_eq!(
        (c.server_mtbf, c.server_mttr, c.disk_mtbf, c.disk_mttr),
        (60 * SECOND, 15 * SECOND, 300 * SECOND, 20 * SECOND)
    );
    assert_eq!(parse("{}").unwrap().config.database, None, "no database unless the file asks for one");
}

#[test]
fn bad_database_fields_are_named() {
    rejects(r#"{"database": {"disks": 0}}"#, "database.disks", &["between 1 and 3", "got 0"]);
    rejects(r#"{"database": {"disks": 4}}"#, "database.disks", &["between 1 and 3", "got 4"]);
    rejects(r#"{"database": {"disks": 300}}"#, "database.disks", &["between 1 and 3", "got 300"]);
    rejects(r#"{"database": {"replicas": 3}}"#, "database.replicas", &["between 0 and 2", "got 3"]);
    rejects(
        r#"{"database": {"replicas": 0, "replication": "sync"}}"#,
        "database.replication",
        &["synchronous replication needs at least one replica"],
    );
    rejects(
        r#"{"database": {"replication": "semi-sync"}}"#,
        "database.replication",
        &["unknown variant `semi-sync`", "`sync` or `async`"],
    );
    rejects(r#"{"database": {"read_share": 1.5}}"#, "database.read_share", &["between 0 and 1"]);
    rejects(r#"{"database": {"rebuild_s": 0}}"#, "database.rebuild_s", &["between 0.001 and 86400"]);
    rejects(r#"{"database": {"replication_lag_ms": -1}}"#, "database.replication_lag_ms", &["between 0"]);
    rejects(r#"{"database": {"keys": 0}}"#, "database.keys", &["between 1 and 1000000", "got 0"]);
    rejects(r#"{"database": {"workers": 0}}"#, "database.workers", &["between 1 and 1000"]);
    rejects(r#"{"database": {"mean_service_ms": 0}}"#, "database.mean_service_ms", &["between 0.001"]);
    rejects(r#"{"database": {"queue_capacity": 200000}}"#, "database.queue_capacity", &["at most 100000"]);
    rejects(r#"{"database": {"link_ms": 5000}}"#, "database.link_ms", &["between 0 and 2000"]);
    rejects(r#"{"database": {"failover_timeout_s": 0}}"#, "database.failover_timeout_s", &["between 0.001"]);
    rejects(r#"{"database": {"mirrors": 2}}"#, "database.mirrors", &["unknown field `mirrors`", "disks"]);
    rejects(r#"{"chaos": {"disk_mtbf_s": 0}}"#, "chaos.disk_mtbf_s", &["between 0.001 and 1000000", "got 0"]);
    rejects(r#"{"chaos": {"disk_mttr_s": -1}}"#, "chaos.disk_mttr_s", &["between 0.001"]);
}

#[test]
fn bad_database_timeline_entries_are_named() {
    let entry = |fields: &str| format!(r#"{{"timeline": [{{"at_s": 1, {fields}}}]}}"#);
    rejects(
        &entry(r#""type": "fail-disk", "node": "secondary", "disk": 0"#),
        "timeline[0].node",
        &["\"primary\" or a node number 0–2", "\"secondary\""],
    );
    rejects(&entry(r#""type": "crash-database", "node": 7"#), "timeline[0].node", &["0–2", "got 7"]);
    rejects(&entry(r#""type": "restore-database", "node": -1"#), "timeline[0].node", &["0–2", "got -1"]);
    rejects(&entry(r#""type": "restore-database", "node": 1.5"#), "timeline[0].node", &["0–2", "got 1.5"]);
    rejects(&entry(r#""type": "fail-disk", "node": 1"#), "timeline[0]", &["missing field `disk`"]);
    rejects(
        &entry(r#""type": "replace-disk", "node": 1, "disk": -1"#),
        "timeline[0].disk",
        &["between 0 and", "got -1"],
    );
    rejects(&entry(r#""type": "restore-database""#), "timeline[0]", &["missing field `node`"]);
    rejects(
        &entry(r#""type": "set-replication", "mode": "semi""#),
        "timeline[0].mode",
        &["unknown variant `semi`", "`sync` or `async`"],
    );
    rejects(
        &entry(r#""type": "crash-database", "node": 0, "disk": 1"#),
        "timeline[0].disk",
        &["unknown field `disk`"],
    );
}

#[test]
fn simulate_names_bad_database_fields_and_exits_2() {
    // A directory of its own: the other runner test removes its own when done.
    let name = format!("ds-playground-database-scenario-test-{}", std::process::id());
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (text, field)) in [
        (r#"{"database": {"disks": 4}}"#, "database.disks"),
        (r#"{"database": {"replicas": 0, "replication": "sync"}}"#, "database.replication"),
        (r#"{"chaos": {"disk_mtbf_s": 0}}"#, "chaos.disk_mtbf_s"),
        (r#"{"timeline": [{"at_s": 3, "type": "crash-database", "node": "secondary"}]}"#, "timeline[0].node"),
        (r#"{"timeline": [{"at_s": 3, "type": "fail-disk", "node": 7, "disk": 0}]}"#, "timeline[0].node"),
    ]
    .into_iter()
    .enumerate()
    {
        let file = dir.join(format!("bad-{i}.json"));
        std::fs::write(&file, text).unwrap();
        let output = simulate(&[file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text} should exit 2; stderr: {stderr}");
        assert!(output.stdout.is_empty(), "{text}");
        assert!(stderr.contains(&format!("{field}: ")), "stderr should name {field}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn database_commands_the_world_cannot_carry_out_are_refused_not_fatal() {
    // Node 2 and disk 5 exist in no two-node, two-disk tier; a world without a database has none.
    let scenario = parse(
        r#"{"database": {"replicas": 1},
            "timeline": [{"at_s": 1, "type": "crash-database", "node": 2},
                         {"at_s": 2, "type": "fail-disk", "node": 0, "disk": 5},
                         {"at_s": 3, "type": "replace-disk", "node": 1, "disk": 0}]}"#,
    )
    .unwrap();
    let report = run(&scenario, 5 * SECOND);
    assert_eq!(
        report.refused,
        [
            "at 1.000 s: there is no database node 2",
            "at 2.000 s: node 0 has no disk 5",
            "at 3.000 s: disk 0 of node 1 has not failed, so it cannot be replaced",
        ]
    );
    let none = parse(r#"{"timeline": [{"at_s": 1, "type": "set-replication", "mode": "sync"}]}"#).unwrap();
    assert_eq!(run(&none, 2 * SECOND).refused, ["at 1.000 s: this world has no database"]);
}

/// Runs `scenario` to `until` as the runner does, keeping every event (the log holds 512).
fn events_of(scenario: &Scenario, until: u64) -> (World, Vec<Event>) {
    let mut world = World::new(scenario.config.clone());
    let mut script = Script::new(scenario.timeline.clone());
    let mut events = Vec::new();
    for second in 1..=until {
        let (done, refused) = script.advance_within(&mut world, second * SECOND, usize::MAX);
        assert!(done && refused.is_empty());
        let seen = events.len() as u64;
        events.extend(world.events().since(seen).cloned());
        assert_eq!(events.len() as u64, world.events().total(), "events fell off the log");
    }
    (world, events)
}

/// The storage outcomes among `events`, with their times in seconds.
fn storage_outcomes(events: &[Event]) -> Vec<(f64, OutcomeKind)> {
    let outcomes = events.iter().filter_map(|e| match &e.kind {
        EventKind::Storage(kind) => Some((e.time as f64 / SECOND as f64, kind.clone())),
        _ => None,
    });
    outcomes.collect()
}

#[test]
fn the_disk_failure_example_degrades_rebuilds_and_loses_nothing() {
    let scenario = example("disk-failure");
    let disks = |report: &Report| report.database.as_ref().unwrap().nodes[0].disks.clone();
    // The primary's disk 0 fails at 20 s, is replaced at 30 s and rebuilds for 20 s.
    let degraded = run(&scenario, 25 * SECOND);
    assert_eq!(disks(&degraded), ["failed", "healthy"]);
    let rebuilding = run(&scenario, 40 * SECOND);
    assert_eq!(disks(&rebuilding), ["rebuilding 50%", "healthy"]);
    let report = run(&scenario, 60 * SECOND);
    println!(
        "disk-failure example: {} writes acknowledged, {} lost; availability {:.4}; disks {:?}",
        report.writes.acknowledged,
        report.writes.lost,
        report.availability,
        disks(&report)
    );
    assert_eq!(disks(&report), ["healthy", "healthy"]);
    assert!(report.writes.acknowledged > 500, "{:?}", report.writes);
    assert_eq!((report.writes.lost, report.writes.lost_keys.len()), (0, 0));
    // A degraded mirror serves as before: nothing failed, at the database or anywhere.
    assert!(report.failed.values().all(|n| *n == 0), "{:?}", report.failed);
    assert!(report.refused.is_empty());

    let (_, events) = events_of(&scenario, 60);
    let node = NodeId(0);
    let told: Vec<(f64, OutcomeKind)> = storage_outcomes(&events);
    let expected = [
        (20.0, OutcomeKind::DiskFailed { node, disk: 0 }),
        (20.0, OutcomeKind::MirrorDegraded { node, healthy: 1, disks: 2 }),
        (30.0, OutcomeKind::DiskReplaced { node, disk: 0, rebuild_until: Some(50 * SECOND) }),
        (35.0, OutcomeKind::RebuildProgress { node, disk: 0, percent: 25 }),
        (40.0, OutcomeKind::RebuildProgress { node, disk: 0, percent: 50 }),
        (45.0, OutcomeKind::RebuildProgress { node, disk: 0, percent: 75 }),
        (50.0, OutcomeKind::RebuildDone { node, disk: 0 }),
    ];
    assert_eq!(told, expected);
}

#[test]
fn the_failover_examples_tell_sync_from_async() {
    let (sync, asynchronous) = (example("failover-sync"), example("failover-async"));
    // The same world, load and timeline; only the replication differs.
    let mut same = sync.clone();
    same.config.database.as_mut().unwrap().storage.replication = Replication::Async;
    assert_eq!((same.config, same.timeline), (asynchronous.config.clone(), asynchronous.timeline.clone()));
    assert_eq!(
        sync.timeline.iter().map(|(at, c)| (at / SECOND, c.clone())).collect::<Vec<_>>(),
        [
            (20, Command::CrashDatabase(NodeRef::Primary)),
            (40, Command::RestoreDatabase(NodeRef::Node(NodeId(0))))
        ]
    );

    let (s, a) = (run(&sync, 60 * SECOND), run(&asynchronous, 60 * SECOND));
    for (name, report) in [("sync", &s), ("async", &a)] {
        println!(
            "failover-{name}: {} writes acknowledged, {} lost {:?}; p50 {:.1} ms; failover after {:.0} ms; \
             availability {:.4}; failed {:?}",
            report.writes.acknowledged,
            report.writes.lost,
            report.writes.lost_keys,
            report.latency_ms.p50,
            report.database.as_ref().unwrap().failover.mean_ms,
            report.availability,
            report.failed
        );
        let db = report.database.as_ref().unwrap();
        // The primary crashed at 20 s; after the 5 s timeout node 1 leads; node 0 is back as a
        // replica from 40 s.
        assert_eq!((db.failover.count, db.failover.mean_ms), (1, 5_000.0), "{name}");
        assert_eq!((db.primary, db.nodes[0].role, db.nodes[0].up), (1, "replica", true), "{name}");
        // Requests failed only while no primary took writes.
        assert!(report.failed["database-down"] > 100, "{name}: {:?}", report.failed);
        assert_eq!(report.failed["write-refused"] + report.failed["database-busy"], 0, "{name}");
        assert!(report.refused.is_empty());
    }
    // Synchronous: nothing lost, and a write waits a round trip (2 × 10 ms) for the replica.
    assert_eq!((s.writes.lost, s.writes.lost_keys.len()), (0, 0));
    assert!(
        s.latency_ms.p50 > a.latency_ms.p50 + 10.0,
        "sync p50 {} against async {}",
        s.latency_ms.p50,
        a.latency_ms.p50
    );
    // Asynchronous: the writes not yet shipped when the primary crashed are lost, as the
    // failover reported.
    assert!(a.writes.lost > 0);
    let (world, events) = events_of(&asynchronous, 60);
    assert_eq!(a.digest, format!("{:016x}", world.digest()), "the same run as the runner's");
    let told = storage_outcomes(&events);
    let failovers: Vec<&(f64, OutcomeKind)> =
        told.iter().filter(|(_, k)| matches!(k, OutcomeKind::FailoverDone { .. })).collect();
    let [(at, OutcomeKind::FailoverDone { from, promoted, loss })] = failovers.as_slice() else {
        panic!("one failover: {told:?}")
    };
    assert_eq!((*at, *from, *promoted), (25.0, NodeId(0), NodeId(1)));
    assert_eq!(*loss, Loss { count: a.writes.lost as usize, keys: a.writes.lost_keys.clone() });
    // Back at 40 s, the old primary discards exactly those writes.
    let discarded = told.iter().find_map(|(_, k)| match k {
        OutcomeKind::NodeRestored { node: NodeId(0), discarded, .. } => Some(*discarded),
        _ => None,
    });
    assert_eq!(discarded, Some(loss.count));
    // At 500 ms of lag and about 64 writes a second, some 30 writes were on their way.
    assert!((10..=60).contains(&loss.count), "{loss:?}");
}

#[test]
fn simulate_prints_the_database_report() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios/failover-async.json");
    let output = simulate(&[path.to_str().unwrap(), "--seconds", "30"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let failed = report["failed"].as_object().expect("failed is an object");
    for reason in [
        "server-crashed",
        "server-down",
        "database-down",
        "database-crashed",
        "database-busy",
        "write-refused",
    ] {
        assert!(failed[reason].is_u64(), "failed.{reason}: {report}");
    }
    let writes = &report["writes"];
    let (acknowledged, lost) = (writes["acknowledged"].as_u64().unwrap(), writes["lost"].as_u64().unwrap());
    assert!(acknowledged > lost && lost > 0, "{writes}");
    let keys = writes["lost_keys"].as_array().expect("lost_keys is an array");
    assert!(!keys.is_empty() && keys.len() <= 8 && keys.len() as u64 <= lost, "{writes}");
    assert!(report["stale_reads"].is_u64());
    let db = &report["database"];
    assert_eq!((db["replication"].as_str(), db["primary"].as_u64()), (Some("async"), Some(1)));
    assert!(db["reads"].as_u64().unwrap() >= report["stale_reads"].as_u64().unwrap());
    assert!(db["replication_lag_ms"].is_f64(), "{db}");
    assert_eq!(db["failover"]["count"].as_u64(), Some(1));
    let nodes = db["nodes"].as_array().expect("nodes is an array");
    assert_eq!(nodes.len(), 3);
    for (i, node) in nodes.iter().enumerate() {
        assert_eq!(node["id"].as_u64(), Some(i as u64));
        assert!(node["writes"].is_u64() && node["served"].is_u64() && node["up"].is_boolean(), "{node}");
        assert_eq!(node["disks"].as_array().map(Vec::len), Some(2), "{node}");
    }
    assert_eq!(nodes[0]["up"].as_bool(), Some(false), "the old primary is still down at 30 s");
    assert!(nodes[1]["replication_lag_ms"].is_null(), "the primary has no lag: {}", nodes[1]);
    // A world without a database reports no database and no writes.
    let plain = simulate(&[example_path().to_str().unwrap(), "--seconds", "5"]);
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain.get("database").is_none(), "{plain}");
    assert_eq!(plain["writes"]["acknowledged"].as_u64(), Some(0));
}

#[test]
fn bad_attack_and_defence_fields_are_named() {
    let entry = |fields: &str| {
        format!(r#"{{"timeline": [{{"at_s": 1, "type": "burst"}}, {{"at_s": 2, {fields}}}]}}"#)
    };
    let defences = "firewall, rate_limit, fair_queue, ids, syn_cookies, connection_limit, header_timeout_s, \
                    idle_timeout_s, scrubbing";
    #[rustfmt::skip]
    let table: Vec<(String, &str, Vec<&str>)> = vec![
        // The attack block.
        (r#"{"attack": {"type": "ping-flood"}}"#.into(), "attack.type",
            vec![r#"unknown attack "ping-flood"; one of http-flood, syn-flood, slowloris, volumetric"#]),
        (r#"{"attack": {"bots": 5}}"#.into(), "attack", vec!["missing field `type`"]),
        (r#"{"attack": {"type": "syn-flood", "bots": 0}}"#.into(), "attack.bots", vec!["between 1 and 10000, got 0"]),
        (r#"{"attack": {"type": "syn-flood", "bots": 10001}}"#.into(), "attack.bots", vec!["between 1 and 10000, got 10001"]),
        (r#"{"attack": {"type": "syn-flood", "bots": -1}}"#.into(), "attack.bots", vec!["between 1 and 10000, got -1"]),
        (r#"{"attack": {"type": "slowloris", "rate_per_bot": -3}}"#.into(), "attack.rate_per_bot",
            vec!["between 0.001 and 10000, got -3"]),
        (r#"{"attack": {"type": "slowloris", "rate_per_bot": 0}}"#.into(), "attack.rate_per_bot", vec!["got 0"]),
        (r#"{"attack": {"type": "volumetric", "bots": 10000, "rate_per_bot": 100}}"#.into(), "attack.rate_per_bot",
            vec!["bots × rate_per_bot must be at most 200000 per second, got 1000000"]),
        (r#"{"attack": {"type": "http-flood", "start_s": -1}}"#.into(), "attack.start_s", vec!["between 0 and 1000000, got -1"]),
        (r#"{"attack": {"type": "http-flood", "strat_s": 5}}"#.into(), "attack.strat_s",
            vec!["unknown field `strat_s`", "start_s"]),
        // The timeline's attack commands.
        (entry(r#""type": "start-attack", "attack": {"type": "http-flood", "start_s": 3}"#), "timeline[1].attack.start_s",
            vec!["not allowed here: the entry's at_s says when it starts"]),
        (entry(r#""type": "start-attack", "attack": {"type": "smurf"}"#), "timeline[1].attack.type", vec![r#"unknown attack "smurf""#]),
        (entry(r#""type": "start-attack", "attack": {"type": "http-flood", "bots": 0}"#), "timeline[1].attack.bots",
            vec!["between 1 and 10000, got 0"]),
        (entry(r#""type": "start-attack", "attack": {"type": "http-flood", "bots": 5000, "rate_per_bot": 50}"#),
            "timeline[1].attack.rate_per_bot", vec!["at most 200000 per second, got 250000"]),
        (entry(r#""type": "start-attack""#), "timeline[1]", vec!["missing field `attack`"]),
        (entry(r#""type": "start-attack", "type_of_attack": "syn-flood""#), "timeline[1].type_of_attack",
            vec!["unknown field `type_of_attack`"]),
        (entry(r#""type": "stop-attack", "attack": {"type": "http-flood"}"#), "timeline[1].attack", vec!["unknown field `attack`"]),
        // The defences block.
        (r#"{"defences": {"captcha": true}}"#.into(), "defences.captcha", vec!["unknown defence; one of", defences]),
        (r#"{"defences": ["ids"]}"#.into(), "defences", vec!["must be an object with any of", defences]),
        (r#"{"defences": {"firewall": "deny from 45.0.0.0/8\nalow from 10.0.0.0/8"}}"#.into(), "defences.firewall",
            vec![r#"line 2: unknown word "alow"; a rule starts with allow, deny or default"#]),
        (r#"{"defences": {"firewall": "deny port 70000\ndefault allow\ndeny from"}}"#.into(), "defences.firewall",
            vec!["line 1: port must be 1–65535, got 70000; line 3: `from` needs an address range like 10.0.0.0/8"]),
        (r#"{"defences": {"firewall": true}}"#.into(), "defences.firewall", vec!["must be the rules as text"]),
        (r#"{"defences": {"rate_limit": {"rate": 5, "brust": 10}}}"#.into(), "defences.rate_limit.brust",
            vec!["unknown field `brust`, expected `rate` or `burst`"]),
        (r#"{"defences": {"rate_limit": {"rate": 0, "burst": 0}}}"#.into(), "defences.rate_limit",
            vec!["a rate and a burst of 0 would block everything"]),
        (r#"{"defences": {"rate_limit": {"rate": -5}}}"#.into(), "defences.rate_limit.rate", vec!["between 0 and 4294967295, got -5"]),
        (r#"{"defences": {"rate_limit": 5}}"#.into(), "defences.rate_limit", vec!["invalid type: number 5, expected an object"]),
        (r#"{"defences": {"ids": {"threshold": 0}}}"#.into(), "defences.ids.threshold", vec!["between 1 and 1000000, got 0"]),
        (r#"{"defences": {"ids": {"threshold": 10, "block_s": 5}}}"#.into(), "defences.ids.block_s",
            vec!["unknown field `block_s`", "auto_block_s"]),
        (r#"{"defences": {"ids": {"auto_block_s": -1}}}"#.into(), "defences.ids.auto_block_s", vec!["between 0 and 86400, got -1"]),
        (r#"{"defences": {"connection_limit": 0}}"#.into(), "defences.connection_limit", vec!["between 1 and 1000000, got 0"]),
        (r#"{"defences": {"connection_limit": true}}"#.into(), "defences.connection_limit",
            vec!["must be the most connections per address, or false for no limit"]),
        (r#"{"defences": {"header_timeout_s": 0}}"#.into(), "defences.header_timeout_s", vec!["between 0.001 and 3600, got 0"]),
        (r#"{"defences": {"idle_timeout_s": "soon"}}"#.into(), "defences.idle_timeout_s",
            vec!["must be a number of seconds, or false for none"]),
        (r#"{"defences": {"syn_cookies": 1}}"#.into(), "defences.syn_cookies", vec!["must be true or false"]),
        (r#"{"defences": {"scrubbing": "on"}}"#.into(), "defences.scrubbing", vec!["must be true or false"]),
        // The timeline's set-defence.
        (entry(r#""type": "set-defence""#), "timeline[1]", vec!["must set at least one of", defences]),
        (entry(r#""type": "set-defence", "captcha": true"#), "timeline[1].captcha", vec!["unknown defence"]),
        (entry(r#""type": "set-defence", "connection_limit": 0"#), "timeline[1].connection_limit", vec!["got 0"]),
        (entry(r#""type": "set-defence", "firewall": "default maybe""#), "timeline[1].firewall",
            vec![r#"line 1: `default` needs allow or deny, got "maybe""#]),
        (entry(r#""type": "set-defence", "rate_limit": {"rate": 5, "per": "minute"}"#), "timeline[1].rate_limit.per",
            vec!["unknown field `per`"]),
        // The NAT and the edge.
        (r#"{"nat": {"addresses": 0}}"#.into(), "nat.addresses", vec!["between 1 and 65536, got 0"]),
        (r#"{"nat": {"users": 200, "adresses": 2}}"#.into(), "nat.adresses", vec!["unknown field `adresses`", "addresses"]),
        (r#"{"edge": {"connection_slots": 0}}"#.into(), "edge.connection_slots", vec!["between 1 and 1048576, got 0"]),
        (r#"{"edge": {"uplink_mbps": 0}}"#.into(), "edge.uplink_mbps", vec!["between 0.001 and 1000000, got 0"]),
        (r#"{"edge": {"syn_timeout_s": 0}}"#.into(), "edge.syn_timeout_s", vec!["between 0.001 and 3600, got 0"]),
        (r#"{"edge": {"scrubbing_delay_ms": -1}}"#.into(), "edge.scrubbing_delay_ms", vec!["between 0 and 2000, got -1"]),
        (r#"{"edge": {"slots": 10}}"#.into(), "edge.slots", vec!["unknown field `slots`", "connection_slots"]),
        // Authentication, and credential stuffing's hit rate.
        (r#"{"auth": {"token_lifetime_s": 0}}"#.into(), "auth.token_lifetime_s", vec!["between 1 and 86400, got 0"]),
        (r#"{"auth": {"admin_share": 2}}"#.into(), "auth.admin_share", vec!["between 0 and 1, got 2"]),
        (r#"{"clients": 200, "auth": {"admins": 300}}"#.into(), "auth.admins", vec!["at most the 200 accounts (clients), got 300"]),
        (r#"{"auth": {"throttle_per_address": 0}}"#.into(), "auth.throttle_per_address", vec!["between 1 and 1000000, got 0"]),
        (r#"{"auth": {"throttle_per_account": "five"}}"#.into(), "auth.throttle_per_account",
            vec!["must be the most login attempts a minute, or null for none"]),
        (r#"{"auth": {"lockout": {"after": 0}}}"#.into(), "auth.lockout.after", vec!["between 1 and 1000000, got 0"]),
        (r#"{"auth": {"lockout": {"after": 5, "for": 60}}}"#.into(), "auth.lockout.for", vec!["unknown field `for`", "for_s"]),
        (r#"{"auth": {"lockout": {"for_s": 0}}}"#.into(), "auth.lockout.for_s", vec!["between 1 and 86400, got 0"]),
        (r#"{"auth": {"lockout": 5}}"#.into(), "auth.lockout", vec!["must be {\"after\": 5, \"for_s\": 900}"]),
        (r#"{"auth": {"second_factor": "yes"}}"#.into(), "auth.second_factor", vec!["invalid type: string \"yes\", expected a boolean"]),
        (r#"{"auth": {"lifetime_s": 60}}"#.into(), "auth.lifetime_s", vec!["unknown field `lifetime_s`", "token_lifetime_s"]),
        (r#"{"attack": {"type": "credential-stuffing", "hit_rate": 1.5}}"#.into(), "attack.hit_rate", vec!["between 0 and 1, got 1.5"]),
        (entry(r#""type": "start-attack", "attack": {"type": "credential-stuffing", "hit_rate": -0.1}"#),
            "timeline[1].attack.hit_rate", vec!["between 0 and 1, got -0.1"]),
        (entry(r#""type": "set-auth", "token_lifetime_s": 0"#), "timeline[1].token_lifetime_s", vec!["between 1 and 86400, got 0"]),
        (entry(r#""type": "set-auth", "on": false, "second_factor": true"#), "timeline[1].on",
            vec!["switches authentication off: give no other field with it"]),
        (entry(r#""type": "set-auth", "colour": "blue""#), "timeline[1].colour", vec!["unknown field `colour`"]),
        (entry(r#""type": "set-auth", "lockout": {"after": 0}"#), "timeline[1].lockout.after", vec!["between 1 and 1000000, got 0"]),
        (entry(r#""type": "steal-token""#), "timeline[1]", vec!["missing field `account`"]),
        (entry(r#""type": "steal-token", "account": 3, "user": 4"#), "timeline[1].user", vec!["unknown field `user`"]),
        (entry(r#""type": "revoke-tokens", "account": -1"#), "timeline[1].account", vec!["between 0 and 4294967295, got -1"]),
        (entry(r#""type": "sign-in""#), "timeline[1]", vec!["missing field `name`"]),
        (entry(r#""type": "log-in""#), "timeline[1].type", vec!["set-auth, steal-token, revoke-tokens, sign-in, call, sign-out"]),
    ];
    for (text, path, mentions) in &table {
        rejects(text, path, mentions);
    }
}

#[test]
fn bad_encryption_fields_are_named() {
    let entry = |fields: &str| {
        format!(r#"{{"timeline": [{{"at_s": 1, "type": "burst"}}, {{"at_s": 2, {fields}}}]}}"#)
    };
    #[rustfmt::skip]
    let table: Vec<(String, &str, Vec<&str>)> = vec![
        // The tls block.
        (r#"{"tls": {"mode": "full"}}"#.into(), "tls.mode", vec!["unknown variant `full`", "off", "edge", "end-to-end"]),
        (r#"{"tls": {"version": 1.1}}"#.into(), "tls.version", vec![r#"must be "1.2" or "1.3", got 1.1"#]),
        (r#"{"tls": {"version": "1.0"}}"#.into(), "tls.version", vec![r#"must be "1.2" or "1.3", got "1.0""#]),
        (r#"{"tls": {"resumption": "yes"}}"#.into(), "tls.resumption", vec!["invalid type: string"]),
        (r#"{"tls": {"keepalive_s": -1}}"#.into(), "tls.keepalive_s", vec!["between 0 and 3600, got -1"]),
        (r#"{"tls": {"keepalive_s": 7200}}"#.into(), "tls.keepalive_s", vec!["between 0 and 3600, got 7200"]),
        (r#"{"tls": {"handshake_cpu_ms": 2000}}"#.into(), "tls.handshake_cpu_ms", vec!["between 0 and 1000, got 2000"]),
        (r#"{"tls": {"resumed_cpu_ms": -0.1}}"#.into(), "tls.resumed_cpu_ms", vec!["between 0 and 1000, got -0.1"]),
        (r#"{"tls": {"record_cpu_ms": 1001}}"#.into(), "tls.record_cpu_ms", vec!["between 0 and 1000, got 1001"]),
        (r#"{"tls": {"mode": "edge", "resumptoin": false}}"#.into(), "tls.resumptoin",
            vec!["unknown field `resumptoin`", "resumption"]),
        (r#"{"encryption_at_rest": "yes"}"#.into(), "encryption_at_rest", vec!["invalid type: string \"yes\", expected a boolean"]),
        // The timeline's encryption commands.
        (entry(r#""type": "set-tls", "mode": "middle""#), "timeline[1].mode", vec!["unknown variant `middle`"]),
        (entry(r#""type": "set-tls", "keepalive_s": -5"#), "timeline[1].keepalive_s", vec!["between 0 and 3600, got -5"]),
        (entry(r#""type": "set-tls", "tls": {"mode": "edge"}"#), "timeline[1].tls", vec!["unknown field `tls`"]),
        (entry(r#""type": "set-encryption-at-rest""#), "timeline[1]", vec!["missing field `on`"]),
        (entry(r#""type": "set-encryption-at-rest", "on": 1"#), "timeline[1].on", vec!["invalid type: number 1, expected a boolean"]),
        (entry(r#""type": "destroy-at-rest-key", "key": 3"#), "timeline[1].key", vec!["unknown field `key`"]),
        (entry(r#""type": "place-tap", "link": "middle""#), "timeline[1].link", vec!["unknown variant `middle`", "outer", "inner"]),
        (entry(r#""type": "place-tap", "tap": "outer""#), "timeline[1].tap", vec!["unknown field `tap`"]),
        (entry(r#""type": "shred""#), "timeline[1].type", vec!["set-tls, place-tap, set-encryption-at-rest, destroy-at-rest-key"]),
    ];
    for (text, path, mentions) in &table {
        rejects(text, path, mentions);
    }
}

#[test]
fn the_encryption_fields_parse_with_their_units() {
    use ds_playground::sim::security::{Tap, TlsConfig, TlsMode, TlsVersion};
    let scenario = parse(
        r#"{"tls": {"mode": "end-to-end", "version": 1.2, "resumption": false, "keepalive_s": 2.5,
                    "handshake_cpu_ms": 2, "resumed_cpu_ms": 0.25, "record_cpu_ms": 0.05},
            "encryption_at_rest": true,
            "timeline": [{"at_s": 3, "type": "set-tls", "mode": "edge"},
                         {"at_s": 4, "type": "set-encryption-at-rest", "on": false},
                         {"at_s": 5, "type": "destroy-at-rest-key"},
                         {"at_s": 6, "type": "place-tap", "link": "inner"},
                         {"at_s": 7, "type": "place-tap", "link": null}]}"#,
    )
    .unwrap();
    let tls = TlsConfig {
        mode: TlsMode::EndToEnd,
        version: TlsVersion::V1_2,
        resumption: false,
        keepalive: 2_500_000,
        handshake_cpu: 2_000,
        resumed_cpu: 250,
        record_cpu: 50,
    };
    assert_eq!(scenario.config.tls, tls);
    assert!(scenario.config.encryption_at_rest);
    let edge = TlsConfig { mode: TlsMode::Edge, ..TlsConfig::default() };
    assert_eq!(
        scenario.timeline,
        [
            (3 * SECOND, Command::SetTls(edge)),
            (4 * SECOND, Command::SetAtRest(false)),
            (5 * SECOND, Command::DestroyAtRestKey),
            (6 * SECOND, Command::PlaceTap(Some(Tap::Inner))),
            (7 * SECOND, Command::PlaceTap(None))
        ]
    );
}

#[test]
fn every_example_scenario_parses_and_runs_without_refusals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 13, "{names:?}");
    for name in names {
        let scenario = example(name.trim_end_matches(".json"));
        // Until a second after its last command (the autoscaling example's is at 300 s) or its
        // attack's start, whichever is later.
        let last = scenario.timeline.last().map_or(0, |(at, _)| *at);
        let attack_start = scenario.config.attack.map_or(0, |a| a.start);
        let report = run(&scenario, last.max(attack_start) + SECOND);
        assert!(report.refused.is_empty(), "{name}: {:?}", report.refused);
        assert!(report.arrived > 0, "{name}");
        let thief = scenario.timeline.iter().any(|(_, c)| matches!(c, Command::StealToken { .. }));
        let attack = scenario.config.attack.is_some() || thief;
        assert_eq!(
            report.attack.sent > 0,
            attack,
            "{name}: the botnet (or a thief) sends if the file has one"
        );
    }
}

#[test]
fn the_attack_examples_parse_into_their_attacks_and_defences() {
    use ds_playground::sim::attack::{AttackConfig, AttackKind, NatConfig};
    use ds_playground::sim::edge::{DefenceSetting, Firewall, IdsConfig};
    let attack = |kind, bots, rate_per_bot| {
        Some(AttackConfig { kind, bots, rate_per_bot, start: 10 * SECOND, ..AttackConfig::default() })
    };
    let at = |s: &Scenario| s.timeline.iter().map(|(t, c)| (t / SECOND, c.clone())).collect::<Vec<_>>();
    let defence = |setting| Command::SetDefence(setting);
    let ids = |threshold| Some(IdsConfig { threshold, auto_block: Some(60 * SECOND) });

    let flood = example("http-flood");
    assert_eq!(flood.config.attack, attack(AttackKind::HttpFlood, 20, 50.0));
    assert_eq!(flood.config.nat, Some(NatConfig { users: 200, addresses: 1 }));
    assert_eq!((flood.config.edge.connection_slots, flood.config.edge.uplink_mbps), (1_024, 100.0));
    assert_eq!(at(&flood), [(30, defence(DefenceSetting::Ids(ids(25))))]);
    let syn = example("syn-flood");
    assert_eq!(syn.config.attack, attack(AttackKind::SynFlood, 50, 20.0));
    assert_eq!(at(&syn), [(30, defence(DefenceSetting::SynCookies(true)))]);
    let slow = example("slowloris");
    assert_eq!(slow.config.attack, attack(AttackKind::Slowloris, 20, 5.0));
    assert_eq!(
        at(&slow),
        [
            (30, defence(DefenceSetting::ConnectionLimit(Some(10)))),
            (30, defence(DefenceSetting::HeaderTimeout(Some(10 * SECOND)))),
        ]
    );
    let volumetric = example("volumetric");
    assert_eq!(volumetric.config.attack, attack(AttackKind::Volumetric, 50, 100.0));
    let firewall = Firewall::parse(
        "# Our own firewall sees the flood only after the uplink.\ndeny proto udp\ndefault allow",
    )
    .unwrap();
    assert_eq!(
        at(&volumetric),
        [
            (20, defence(DefenceSetting::Firewall(Some(firewall)))),
            (35, defence(DefenceSetting::Scrubbing(true)))
        ]
    );
    let nat = example("nat-false-positives");
    assert_eq!(nat.config.defences.ids, ids(5));
    assert_eq!(at(&nat), [(30, defence(DefenceSetting::Ids(ids(20))))]);
    // A defence written as `true` takes its defaults; `false` or null switches it off.
    let parsed = parse(
        r#"{"defences": {"rate_limit": true, "ids": true, "fair_queue": true, "header_timeout_s": null},
            "timeline": [{"at_s": 1, "type": "set-defence", "rate_limit": false, "ids": null}]}"#,
    )
    .unwrap();
    let d = &parsed.config.defences;
    assert_eq!(
        (d.rate_limit, d.ids, d.fair_queue, d.header_timeout),
        (Some(Default::default()), Some(Default::default()), true, None)
    );
    assert_eq!(
        at(&parsed),
        [(1, defence(DefenceSetting::RateLimit(None))), (1, defence(DefenceSetting::Ids(None)))]
    );
}

#[test]
fn a_run_told_of_its_progress_is_the_same_run() {
    let scenario = parse(include_str!("../static/scenarios/failover-async.json")).unwrap();
    let mut seen = Vec::new();
    let told = run_with_progress(&scenario, 5 * SECOND + SECOND / 2, |now| seen.push(now));
    assert_eq!(seen, [SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND, 5 * SECOND + SECOND / 2]);
    let mut world = World::new(scenario.config.clone());
    Script::new(scenario.timeline.clone()).advance_within(&mut world, 5 * SECOND + SECOND / 2, usize::MAX);
    assert_eq!(told.digest, format!("{:016x}", world.digest()), "pausing each second changes nothing");
    assert_eq!(told.digest, run(&scenario, 5 * SECOND + SECOND / 2).digest);
}

#[test]
fn simulate_keeps_its_progress_off_a_stderr_that_is_not_a_terminal() {
    // A few seconds of wall time: long enough for progress to show on a terminal.
    let dir = std::env::temp_dir().join(format!("ds-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("busy.json");
    let busy = r#"{"seed": 3, "arrival_rate": 90000, "clients": 100000, "algorithm": "power-of-two",
                   "servers": [{"size": "small", "count": 100, "workers": 10, "mean_service_ms": 10}]}"#;
    std::fs::write(&path, busy).unwrap();
    let started = std::time::Instant::now();
    let out = simulate(&[path.to_str().unwrap(), "--seconds", "30"]);
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!out.stdout.is_empty());
    eprintln!("the quiet run took {:.1} s of wall time", started.elapsed().as_secs_f64());
}
