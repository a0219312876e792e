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
    assert!(auth.config.defences.second_factor && auth.totals.logins > 100);
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

#[test]
fn the_auth_block_and_its_commands_parse_into_settings() {
    use ds_playground::sim::security::{AuthConfig, Lockout, LoginDefences};
    use ds_playground::sim::Command;
    let scenario = parse(
        r#"{"auth": {"token_lifetime_s": 60, "admins": 3, "admin_share": 0.1, "throttle_per_account": 5,
                     "throttle_per_address": 20, "lockout": {"after": 4, "for_s": 120}, "second_factor": true},
            "attack": {"type": "credential-stuffing", "hit_rate": 0.05},
            "timeline": [{"at_s": 1, "type": "set-auth", "lockout": true, "throttle_per_address": null},
                         {"at_s": 2, "type": "set-auth", "on": false},
                         {"at_s": 3, "type": "steal-token", "account": 7},
                         {"at_s": 4, "type": "revoke-tokens", "account": 7}]}"#,
    )
    .unwrap();
    let defences = LoginDefences {
        throttle_per_account: Some(5),
        throttle_per_address: Some(20),
        lockout: Some(Lockout { after: 4, duration: 120 * SECOND }),
        second_factor: true,
    };
    assert_eq!(
        scenario.config.auth,
        Some(AuthConfig { token_lifetime: 60 * SECOND, admins: 3, admin_share: 0.1, defences })
    );
    let attack = scenario.config.attack.unwrap();
    assert_eq!(
        (attack.kind.slug(), attack.hit_rate, attack.kind.unit()),
        ("credential-stuffing", 0.05, "logins")
    );
    let lockout_only = LoginDefences { lockout: Some(Lockout::default()), ..LoginDefences::default() };
    let commands: Vec<Command> = scenario.timeline.into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        commands,
        [
            Command::SetAuth(Some(AuthConfig { defences: lockout_only, ..AuthConfig::default() })),
            Command::SetAuth(None),
            Command::StealToken { account: 7 },
            Command::RevokeTokens { account: 7 },
        ]
    );
    assert_eq!(parse("{}").unwrap().config.auth, None);
    assert_eq!(parse(r#"{"auth": {}}"#).unwrap().config.auth, Some(AuthConfig::default()));
}
