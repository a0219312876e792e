//! No input makes the reader panic: random text, example files with a piece replaced, and
//! random JSON made of the format's own names and awkward values. Whatever it accepts, it
//! writes back as the same scenario.

use proptest::prelude::*;

use ds_playground::json::Json;
use ds_playground::sim::scenario::{command, parse, read, timeline, write};

/// Field names, command types and spellings from the format, and a few it does not have.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "title", "seed", "arrival_rate", "clients", "algorithm", "links", "client_to_balancer_ms", "servers",
    "size", "count", "workers", "mean_service_ms", "service", "queue_capacity", "weight", "autoscale",
    "enabled", "min_servers", "max_servers", "sync_period_s", "burst", "multiplier", "health_check",
    "interval_ms", "retries", "max_attempts", "budget", "chaos", "server_mtbf_s", "database", "replicas",
    "replication", "disks", "nat", "users", "addresses", "edge", "connection_slots", "uplink_mbps", "attack",
    "type", "bots", "rate_per_bot", "start_s", "hit_rate", "defences", "firewall", "rate_limit", "rate", "ids",
    "threshold", "auto_block_s", "connection_limit", "header_timeout_s", "scrubbing", "auth", "lockout",
    "after", "for_s", "throttle_per_account", "admins", "tls", "mode", "version", "keepalive_s",
    "encryption_at_rest", "timeline", "at_s", "add-server", "remove-server", "server", "crash-server",
    "set-retries", "set-chaos", "fail-disk", "node", "disk", "set-replication", "start-attack", "set-defence",
    "set-auth", "on", "steal-token", "account", "sign-in", "name", "password", "call", "endpoint", "token",
    "sign-out", "set-tls", "place-tap", "link", "small", "large", "fixed", "primary", "sync", "async", "edge",
    "end-to-end", "1.2", "outer", "/admin", "http-flood", "power-of-two", "deny from 45.0.0.0/8\ndefault deny",
    "00ff", "", "x",
];

/// Numbers as written, the awkward ones included.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-0", "1", "2", "3", "5", "-1", "0.5", "2.5", "1e3", "1e400", "-1e400", "0.000001", "100", "101",
    "1000", "4294967295", "4294967296", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
    "1e-400",
];

fn scenario_like() -> impl Strategy<Value = Json> {
    let word = || proptest::sample::select(WORDS).prop_map(str::to_string);
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        proptest::sample::select(NUMBERS).prop_map(|n| Json::Number(n.to_string())),
        word().prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map(word(), inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// An example file's text.
fn example() -> impl Strategy<Value = String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    proptest::sample::select(texts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_read_or_refused(text in ".{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn an_example_with_a_piece_replaced_is_read_or_refused(
        text in example(),
        at in 0.0..1.0f64,
        cut in 0..12usize,
        with in "[0-9a-z\"{}\\[\\],:. -]{0,8}",
    ) {
        let mut at = (at * text.len() as f64) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let changed = format!("{}{with}{}", &text[..at], &text[end..]);
        if let Ok(scenario) = parse(&changed) {
            prop_assert_eq!(parse(&write(&scenario).pretty()), Ok(scenario));
        }
    }

    #[test]
    fn any_value_is_read_or_refused(value in scenario_like()) {
        if let Ok(scenario) = read(&value) {
            prop_assert_eq!(read(&write(&scenario)), Ok(scenario));
        }
        if let Ok(commands) = command(&value, "command") {
            prop_assert!(!commands.is_empty());
        }
        let _ = timeline(&value, "run");
    }

    #[test]
    fn any_entry_of_a_known_type_is_read_or_refused(
        kind in proptest::sample::select(WORDS),
        fields in prop::collection::vec((proptest::sample::select(WORDS), scenario_like()), 0..4),
    ) {
        let mut members = vec![("type".to_string(), Json::str(kind))];
        for (name, value) in fields {
            if !members.iter().any(|(k, _)| k == name) {
                members.push((name.to_string(), value));
            }
        }
        let entry = Json::Object(members);
        if let Ok(commands) = command(&entry, "command") {
            let run: Vec<(u64, _)> = commands.into_iter().map(|c| (0, c)).collect();
            let written = ds_playground::sim::scenario::timeline_json(&run);
            prop_assert_eq!(timeline(&written, "run"), Ok(run));
        }
    }
}
