//! Scenario files: the example parses into the world it describes, bad files are rejected with
//! an error naming the offending field, and the headless `simulate` binary runs scenarios,
//! prints a consistent JSON report, and exits with status 2 on bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use serde_json::Value;

use ds_playground::sim::scenario::{parse, ScenarioError};
use ds_playground::sim::time::{from_ms, SECOND};
use ds_playground::sim::{Algorithm, Command, ServerSize, ServiceDistribution};

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
    rejects(r#"{"arrival_rate": "fast"}"#, "arrival_rate", &["invalid type", "string", "f64"]);
    rejects(r#"{"seed": -1}"#, "seed", &["invalid value", "-1"]);
    rejects(r#"{"servers": {"size": "small"}}"#, "servers", &["invalid type", "sequence"]);
    rejects(r#"{"servers": [{"size": "small", "workers": 2.5}]}"#, "servers[0].workers", &["invalid type"]);
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
