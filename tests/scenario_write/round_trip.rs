//! What the writer writes reads back as what was written: random worlds and timelines, every
//! example file, and times down to the microsecond.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::commands::{command as any_command, timeline as any_timeline};
use super::worlds::world;
use ds_playground::json::Json;
use ds_playground::sim::edge::{DefenceSetting, Firewall};
use ds_playground::sim::scenario::{
    command, command_json, parse, read, timeline, timeline_json, write, Scenario,
};
use ds_playground::sim::{Command, WorldConfig};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_scenario_reads_back_from_its_file(
        config in world(),
        timeline in any_timeline(),
        title in prop::option::of(".{0,30}"),
        description in prop::option::of(".{0,80}"),
    ) {
        let scenario = Scenario { config, timeline, title, description };
        let text = write(&scenario).pretty();
        prop_assert_eq!(parse(&text), Ok(scenario.clone()), "{}", text);
        let compact = Json::parse(&write(&scenario).to_string()).unwrap();
        prop_assert_eq!(read(&compact), Ok(scenario));
    }

    #[test]
    fn any_timeline_reads_back(run in any_timeline()) {
        let text = timeline_json(&run).to_string();
        prop_assert_eq!(timeline(&Json::parse(&text).unwrap(), "run"), Ok(run), "{}", text);
    }

    #[test]
    fn any_command_reads_back(c in any_command()) {
        prop_assert_eq!(command(&command_json(&c), "command"), Ok(vec![c.clone()]), "{}", command_json(&c));
    }
}

#[test]
fn every_command_type_is_listed_and_has_a_command() {
    let error = command(&Json::parse(r#"{"type": "?"}"#).unwrap(), "c").unwrap_err();
    let listed: BTreeSet<String> =
        error.message.split("one of ").nth(1).unwrap().split(", ").map(str::to_string).collect();
    assert_eq!(listed.len(), 29, "{listed:?}");
    // The commands the round trips draw from cover every type.
    let (mut runner, mut seen) = (TestRunner::deterministic(), BTreeSet::new());
    for _ in 0..3_000 {
        let c = any_command().new_tree(&mut runner).unwrap().current();
        seen.insert(command_json(&c).get("type").and_then(Json::as_str).unwrap().to_string());
    }
    assert_eq!(seen, listed);
}

/// Every example scenario's name and text.
fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 15, "{files:?}");
    files
}

#[test]
fn every_example_has_a_title_and_reads_back_from_its_written_form() {
    for (name, text) in examples() {
        let scenario = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let title = scenario.title.as_deref().unwrap_or_default();
        assert!((3..=60).contains(&title.len()), "{name}: a short title, got {title:?}");
        let description = scenario.description.as_deref().unwrap_or_default();
        assert!((40..=400).contains(&description.len()), "{name}: a sentence or two, got {description:?}");
        let written = write(&scenario).pretty();
        assert_eq!(parse(&written), Ok(scenario), "{name} written as\n{written}");
    }
}

#[test]
fn the_writer_gives_the_seed_and_what_differs_from_the_defaults() {
    assert_eq!(write(&Scenario::default()).to_string(), r#"{"seed":1}"#);
    let scenario = parse(
        r#"{"seed": 7, "arrival_rate": 60, "clients": 1000, "algorithm": "round-robin",
            "links": {"client_to_balancer_ms": 60, "balancer_to_server_ms": 25.5},
            "servers": [{"size": "small", "count": 2}, {"size": "large", "weight": 2}, {"size": "small"}],
            "chaos": {}, "defences": {"ids": {"threshold": 15}, "syn_cookies": true, "firewall": false},
            "timeline": [{"at_s": 30, "type": "add-server", "size": "large"}, {"at_s": 0.000001, "type": "burst"}]}"#,
    )
    .unwrap();
    assert_eq!(
        write(&scenario).pretty(),
        r#"{
  "seed": 7,
  "arrival_rate": 60,
  "links": {"balancer_to_server_ms": 25.5},
  "servers": [
    {"size": "small", "count": 2},
    {"size": "large"},
    {"size": "small"}
  ],
  "chaos": {},
  "defences": {"ids": true, "syn_cookies": true},
  "timeline": [
    {"at_s": 0.000001, "type": "burst"},
    {"at_s": 30, "type": "add-server", "size": "large"}
  ]
}
"#
    );
}

#[test]
fn the_top_level_fields_are_written_in_the_readme_order() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = readme.split("### Scenario files").nth(1).unwrap();
    let mut fields: Vec<String> = Vec::new();
    for row in table.lines().take_while(|l| !l.starts_with("## ")).filter(|l| l.starts_with("| `")) {
        let name = row[3..].split('`').next().unwrap();
        let name = name.split(['.', '[']).next().unwrap().to_string();
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
    // A world with every field away from its default.
    let scenario = parse(
        r#"{"title": "t", "description": "d", "seed": 2, "arrival_rate": 5, "clients": 10,
            "algorithm": "random", "links": {"client_to_balancer_ms": 5}, "servers": [{"size": "large"}],
            "autoscale": {"enabled": true}, "burst": {"multiplier": 2}, "health_check": {"timeout_ms": 5},
            "retries": {"max_attempts": 2}, "chaos": {}, "database": {}, "nat": {}, "edge": {"uplink_mbps": 5},
            "attack": {"type": "slowloris"}, "defences": {"scrubbing": true}, "auth": {"admins": 1},
            "tls": {"mode": "edge"}, "encryption_at_rest": true, "timeline": [{"at_s": 1, "type": "burst"}]}"#,
    )
    .unwrap();
    let written: Vec<String> = write(&scenario).as_object().unwrap().iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(written, fields);
}

#[test]
fn times_read_back_to_the_microsecond() {
    let run: Vec<(u64, Command)> =
        [1, 999_999, 1_000_001, 123_456_789, 86_400_000_001].map(|at| (at, Command::Burst)).to_vec();
    let json = timeline_json(&run);
    assert_eq!(
        json.to_string(),
        r#"[{"at_s":0.000001,"type":"burst"},{"at_s":0.999999,"type":"burst"},{"at_s":1.000001,"type":"burst"},{"at_s":123.456789,"type":"burst"},{"at_s":86400.000001,"type":"burst"}]"#
    );
    assert_eq!(timeline(&json, "run"), Ok(run));
    let mut config = WorldConfig::default();
    config.links.balancer_to_server = 1;
    config.burst.duration = 1_000_001;
    let scenario = Scenario { config, ..Scenario::default() };
    assert_eq!(read(&write(&scenario)), Ok(scenario));
}

#[test]
fn a_firewall_reads_back_with_its_rules_on_their_lines() {
    let text = "# ours\n\ndeny from 45.0.0.0/8   # the botnet\ndefault deny\n  allow proto tcp port 443";
    let firewall = Firewall::parse(text).unwrap();
    let entry = command_json(&Command::SetDefence(DefenceSetting::Firewall(Some(firewall.clone()))));
    assert_eq!(
        entry.to_string(),
        r#"{"type":"set-defence","firewall":"\n\ndeny from 45.0.0.0/8\n\nallow proto tcp port 443\ndefault deny"}"#
    );
    assert_eq!(command(&entry, "c"), Ok(vec![Command::SetDefence(DefenceSetting::Firewall(Some(firewall)))]));
}

#[test]
fn the_page_commands_read_as_written() {
    use ds_playground::sim::config::{ChaosConfig, RetryConfig};
    use ds_playground::sim::security::Endpoint;
    use ds_playground::sim::{ServerId, ServerSize, ServerSpec};
    let run = parse(
        r#"{"timeline": [
            {"at_s": 1, "type": "remove-server", "server": 2},
            {"at_s": 1, "type": "remove-server"},
            {"at_s": 2, "type": "set-retries", "max_attempts": 3},
            {"at_s": 3, "type": "set-chaos", "chaos": {"server_mtbf_s": 30}},
            {"at_s": 3, "type": "set-chaos", "chaos": null},
            {"at_s": 4, "type": "sign-in", "name": "ada", "password": "hunter2"},
            {"at_s": 5, "type": "call", "endpoint": "/admin", "token": "00ff7A"},
            {"at_s": 5, "type": "call", "endpoint": "/orders"},
            {"at_s": 6, "type": "sign-out"},
            {"at_s": 7, "type": "add-server", "size": "small", "workers": 3, "boot": true}
        ]}"#,
    )
    .unwrap();
    let mut spec = ServerSpec::preset(ServerSize::Small);
    (spec.workers, spec.queue_capacity) = (3, 30);
    let commands: Vec<Command> = run.timeline.into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        commands,
        [
            Command::RemoveServer(Some(ServerId(2))),
            Command::RemoveServer(None),
            Command::SetRetries(RetryConfig { max_attempts: 3, budget: 0.2 }),
            Command::SetChaos(Some(ChaosConfig { server_mtbf: 30_000_000, ..ChaosConfig::default() })),
            Command::SetChaos(None),
            Command::SignIn { name: "ada".into(), password: "hunter2".into() },
            Command::Call { endpoint: Endpoint::Admin, token: Some(vec![0x00, 0xff, 0x7a]) },
            Command::Call { endpoint: Endpoint::Orders, token: None },
            Command::SignOut,
            Command::AddServer { spec, boot: true },
        ]
    );
    let call =
        command_json(&Command::Call { endpoint: Endpoint::Admin, token: Some(vec![0x00, 0xff, 0x7a]) });
    assert_eq!(call.to_string(), r#"{"type":"call","endpoint":"/admin","token":"00ff7a"}"#);
}
