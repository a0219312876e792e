//! Reports with authentication: the `auth` object only when it is on, runs that replay exactly,
//! the example scenarios, and `set-auth` switching it on and off mid-run.

use ds_playground::sim::report::run;
use ds_playground::sim::scenario::parse;
use ds_playground::sim::time::SECOND;

use super::common::{report, scenario, Run};

const STUFFED: &str = r#""auth": {"token_lifetime_s": 60, "throttle_per_address": 20, "lockout": {"after": 5, "for_s": 60}},
    "attack": {"type": "credential-stuffing", "bots": 20, "rate_per_bot": 5, "start_s": 5},
    "timeline": [{"at_s": 10, "type": "steal-token", "account": 1},
                 {"at_s": 20, "type": "revoke-tokens", "account": 1}]"#;

#[test]
fn the_same_seed_gives_the_same_report_and_another_seed_another() {
    let a = serde_json::to_string(&report(8, STUFFED, 40)).unwrap();
    let b = serde_json::to_string(&report(8, STUFFED, 40)).unwrap();
    let c = serde_json::to_string(&report(9, STUFFED, 40)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let fields = [
        "unauthorized",
        "forbidden",
        "takeovers",
        "lockouts",
        "logins",
        "failed_logins",
        "throttled",
        "stolen_token_uses",
    ];
    let object = a.split(r#""auth":{"#).nth(1).expect("an auth object").split('}').next().unwrap();
    let keys: Vec<&str> =
        object.split(',').map(|kv| kv.split(':').next().unwrap().trim_matches('"')).collect();
    assert_eq!(keys, fields);
    let value: serde_json::Value = serde_json::from_str(&a).unwrap();
    let auth = &value["auth"];
    assert!(auth["stolen_token_uses"].as_u64().unwrap() > 0 && auth["throttled"].as_u64().unwrap() > 0);
}

#[test]
fn with_auth_off_the_report_has_no_auth_object() {
    let value = serde_json::to_value(report(8, "", 10)).unwrap();
    assert!(value.get("auth").is_none(), "{value}");
    // Credential stuffing without authentication is plain requests to /login: nothing to take over.
    let more = r#""attack": {"type": "credential-stuffing", "bots": 5, "rate_per_bot": 5}"#;
    let value = serde_json::to_value(report(8, more, 10)).unwrap();
    assert!(value.get("auth").is_none() && value["attack"]["sent"].as_u64().unwrap() > 100);
}

#[test]
fn set_auth_switches_it_on_and_off_mid_run() {
    let more = r#""timeline": [
        {"at_s": 5, "type": "set-auth", "token_lifetime_s": 60, "second_factor": true},
        {"at_s": 20, "type": "set-auth", "on": false}]"#;
    let mut run = Run::new(&scenario(10, more));
    assert!(run.to(4 * SECOND).auth().is_none());
    let auth = run.to(19 * SECOND).auth().expect("on from 5 s");
    assert!(auth.config.defences.second_factor && auth.logins > 100);
    assert!(run.to(21 * SECOND).auth().is_none());
    assert!(run.to(30 * SECOND).metrics().traffic.success_rate() > 0.95);
    let events: Vec<String> = run.world.events().iter().map(|e| e.describe()).collect();
    assert!(
        events.iter().any(|e| e.contains("authentication on: tokens last 60.0 s; a second factor")),
        "{events:?}"
    );
    assert!(events.iter().any(|e| e.contains("authentication off")), "{events:?}");
}

#[test]
fn the_auth_examples_run_and_tell_their_story() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let read = |name: &str| parse(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
    let stuffing = run(&read("credential-stuffing.json"), 120 * SECOND);
    assert!(stuffing.refused.is_empty(), "{:?}", stuffing.refused);
    let auth = stuffing.auth.unwrap();
    eprintln!("credential-stuffing.json: {auth:?}");
    assert!(auth.takeovers > 0 && auth.throttled > 0, "{auth:?}");
    let stolen = run(&read("stolen-token.json"), 90 * SECOND);
    assert!(stolen.refused.is_empty(), "{:?}", stolen.refused);
    let auth = stolen.auth.unwrap();
    eprintln!("stolen-token.json: {auth:?}");
    assert!(auth.stolen_token_uses > 10 && auth.stolen_token_uses < 40, "{auth:?}");
}
