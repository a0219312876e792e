//! Runs with encryption replay exactly, and what only watches (an eavesdropper) or is switched
//! off changes nothing.

use ds_playground::sim::report::run;
use ds_playground::sim::security::{Tap, TlsConfig, TlsMode};
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, World, WorldConfig};

use super::common::{quiet, report, scenario};

/// TLS changing under an HTTP flood, with a database whose key is destroyed.
const BUSY: &str = r#"{
  "seed": 11, "arrival_rate": 60, "database": {}, "encryption_at_rest": true,
  "tls": {"mode": "edge", "version": "1.2", "keepalive_s": 1},
  "attack": {"type": "http-flood", "bots": 10, "rate_per_bot": 10, "start_s": 5},
  "timeline": [
    {"at_s": 8, "type": "set-tls", "mode": "end-to-end", "resumption": false},
    {"at_s": 12, "type": "set-encryption-at-rest", "on": false},
    {"at_s": 14, "type": "set-encryption-at-rest", "on": true},
    {"at_s": 16, "type": "destroy-at-rest-key"}
  ]
}"#;

#[test]
fn the_same_seed_gives_the_same_report() {
    let a = report(BUSY, 20);
    let b = report(BUSY, 20);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    let tls = a.tls.as_ref().expect("TLS is on at the end");
    assert_eq!((tls.mode, tls.version), ("end-to-end", "1.3"), "set-tls takes the defaults it leaves out");
    assert!(tls.full_handshakes > 0 && a.failed["key-destroyed"] > 0, "{a:?}");
    let other = run(&scenario(&BUSY.replace("\"seed\": 11", "\"seed\": 12")), 20 * SECOND);
    assert_ne!(other.digest, a.digest);
}

#[test]
fn tls_off_is_the_world_without_tls() {
    let none = report(&quiet(3, ""), 20);
    let off =
        report(&quiet(3, r#""tls": {"mode": "off", "version": "1.2"}, "encryption_at_rest": false"#), 20);
    assert_eq!(serde_json::to_string(&none).unwrap(), serde_json::to_string(&off).unwrap());
}

#[test]
fn an_eavesdropper_only_listens() {
    let runs: Vec<u64> = [None, Some(Tap::Outer), Some(Tap::Inner)]
        .into_iter()
        .map(|tap| {
            let tls = TlsConfig { mode: TlsMode::Edge, ..TlsConfig::default() };
            let mut world = World::new(WorldConfig { tls, arrival_rate: 200.0, ..WorldConfig::default() });
            world.apply(Command::PlaceTap(tap)).unwrap();
            world.advance_to(15 * SECOND);
            world.digest()
        })
        .collect();
    assert!(runs.iter().all(|d| *d == runs[0]), "{runs:x?}");
}
