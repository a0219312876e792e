//! Encryption at rest: a thief reads a stolen disk's rows in the clear when it is off, only
//! ciphertext when it is on; destroying the key shreds the data for everyone, the database
//! included, while a key destroyed over disks in the clear protects nothing.

use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::security::{open_row, StolenDisk};
use ds_playground::sim::storage::NodeId;
use ds_playground::sim::time::SECOND;
use ds_playground::sim::world::STOLEN_ROWS;
use ds_playground::sim::{Command, CommandError, FailReason, World, WorldConfig};

use super::common::report;

/// The default world with a database (a primary and a replica), disks encrypted if `on`, after
/// 10 simulated seconds.
fn world(on: bool) -> World {
    let mut world = World::new(WorldConfig {
        database: Some(DatabaseConfig::default()),
        encryption_at_rest: on,
        ..WorldConfig::default()
    });
    world.advance_to(10 * SECOND);
    world
}

fn stolen(world: &World, node: u32, disk: usize) -> StolenDisk {
    let stolen = world.steal_disk(NodeId(node), disk).expect("the disk exists");
    assert!((1..=STOLEN_ROWS).contains(&stolen.rows.len()), "{stolen:?}");
    stolen
}

fn shows(bytes: &[u8], word: &str) -> bool {
    bytes.windows(word.len()).any(|w| w == word.as_bytes())
}

#[test]
fn a_disk_in_the_clear_shows_every_row() {
    let world = world(false);
    let disk = stolen(&world, 0, 1);
    assert_eq!(disk.label, "disk 1 of database node 0 (healthy)");
    assert!(!disk.encrypted && world.at_rest().key.is_some() && !world.at_rest().on);
    for row in &disk.rows {
        assert_eq!(row.bytes, row.text.as_bytes());
        assert!(row.text.starts_with("order ") && row.text.contains("card ending"), "{}", row.text);
    }
    assert_eq!(world.steal_disk(NodeId(7), 0), None, "no such node");
    assert_eq!(world.steal_disk(NodeId(0), 9), None, "no such disk");
    assert_eq!(World::new(WorldConfig::default()).steal_disk(NodeId(0), 0), None, "no database");
}

#[test]
fn an_encrypted_disk_shows_none_of_its_rows() {
    let world = world(true);
    let key = world.at_rest().key.expect("the key service holds the key");
    for node in [0, 1] {
        let disk = stolen(&world, node, 0);
        assert!(disk.encrypted);
        for row in &disk.rows {
            assert!(
                !shows(&row.bytes, &row.text) && !shows(&row.bytes, "order") && !shows(&row.bytes, "card")
            );
            assert_eq!(
                open_row(&key, &row.bytes).as_deref(),
                Some(row.text.as_str()),
                "the database reads it"
            );
        }
    }
}

#[test]
fn a_destroyed_key_shreds_the_data_for_the_database_too() {
    let mut world = world(true);
    let before = stolen(&world, 0, 0);
    let failed = world.metrics().failed(FailReason::KeyDestroyed);
    assert_eq!(failed, 0);
    world.apply(Command::DestroyAtRestKey).expect("the key can be destroyed");
    let acknowledged = world.database().unwrap().storage.ledger().len();
    world.advance_to(20 * SECOND);
    assert_eq!(world.at_rest().key, None, "nothing left to decrypt with");
    assert!(world.metrics().failed(FailReason::KeyDestroyed) > 100, "every query fails");
    assert_eq!(world.database().unwrap().storage.ledger().len(), acknowledged, "no write goes through");
    let after = stolen(&world, 0, 0);
    assert_eq!(after.rows, before.rows, "the platters still hold the same ciphertext");
    assert!(matches!(world.apply(Command::SetAtRest(false)), Err(CommandError::AtRest(_))));
    assert!(matches!(world.apply(Command::DestroyAtRestKey), Err(CommandError::AtRest(_))));
}

#[test]
fn a_key_destroyed_over_disks_in_the_clear_protects_nothing() {
    let mut world = world(false);
    world.apply(Command::DestroyAtRestKey).unwrap();
    world.advance_to(20 * SECOND);
    assert_eq!(world.metrics().failed(FailReason::KeyDestroyed), 0, "the database carries on");
    assert!(stolen(&world, 0, 0).rows.iter().all(|r| r.bytes == r.text.as_bytes()));
}

#[test]
fn the_runner_counts_queries_that_fail_for_the_destroyed_key() {
    let text = r#"{"seed": 2, "database": {}, "encryption_at_rest": true,
                   "timeline": [{"at_s": 10, "type": "destroy-at-rest-key"}]}"#;
    let report = report(text, 20);
    eprintln!(
        "key destroyed at 10 s of 20: {} requests failed with key-destroyed",
        report.failed["key-destroyed"]
    );
    assert!(report.failed["key-destroyed"] > 200, "{:?}", report.failed);
    assert!(report.served > 200, "served before the key was destroyed");
}
