//! The database tier in the panels' words: the failover state, the keys of lost writes, the
//! share of stale reads and the replication lag. Each is a function of one snapshot's
//! [`DatabaseView`], so the controls, cards and table say the same thing the runner reports.

use crate::format::{count, millis, percent, seconds};
use crate::sim::database::DatabaseView;
use crate::sim::storage::NodeId;
use crate::sim::time::{to_ms, to_secs, Micros};

/// Most keys a line about lost writes names; more are marked with "…".
pub const KEYS_SHOWN: usize = 3;

/// Where the failover stands at simulated time `now`, such as "Primary node 0 down 4.2 s:
/// failover in 5.8 s." or "Node 1 promoted: it is the primary now."
pub fn failover_line(db: &DatabaseView, now: Micros) -> String {
    let primary = db.primary.0;
    match (db.primary_down_since, db.failover_at) {
        (Some(since), Some(at)) => format!(
            "Primary node {primary} down {}: failover in {}.",
            seconds(to_secs(now.saturating_sub(since))),
            seconds(to_secs(at.saturating_sub(now)))
        ),
        (Some(since), None) => format!(
            "Primary node {primary} down {}: no running replica to promote.",
            seconds(to_secs(now.saturating_sub(since)))
        ),
        // Node 0 is the first primary: any other primary was promoted in a failover.
        (None, _) if db.primary != NodeId(0) => format!("Node {primary} promoted: it is the primary now."),
        (None, _) => format!(
            "Primary node {primary} up: failover after {} down.",
            seconds(to_secs(db.failover_timeout))
        ),
    }
}

/// The keys of lost writes, at most [`KEYS_SHOWN`] of them, such as "key 5" or "keys 12, 40,
/// 77 …" (empty when none).
pub fn lost_keys(keys: &[u32]) -> String {
    let named: Vec<String> = keys.iter().take(KEYS_SHOWN).map(u32::to_string).collect();
    let more = if keys.len() > KEYS_SHOWN { " …" } else { "" };
    match named.len() {
        0 => String::new(),
        1 => format!("key {}{more}", named[0]),
        _ => format!("keys {}{more}", named.join(", ")),
    }
}

/// What the lost writes were: their keys, or "every one survives" when none was lost.
pub fn lost_detail(db: &DatabaseView) -> String {
    if db.lost == 0 {
        "every one survives".to_string()
    } else {
        lost_keys(&db.lost_keys)
    }
}

/// Stale reads as a share of all reads, such as "4% of 1,234 reads"; "under 1%" when some were
/// stale but fewer than one in 200, and "no reads yet" before the first.
pub fn stale_share(stale: u64, reads: u64) -> String {
    if reads == 0 {
        return "no reads yet".to_string();
    }
    let share = stale as f64 / reads as f64;
    let share = if stale > 0 && share < 0.005 { "under 1%".to_string() } else { percent(share) };
    format!("{share} of {} reads", count(reads))
}

/// A replication lag in microseconds as the panels write it, such as "180 ms".
pub fn lag(lag: Micros) -> String {
    millis(to_ms(lag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::database::DatabaseConfig;
    use crate::sim::time::{MILLISECOND, SECOND};
    use crate::sim::{Command, World, WorldConfig};

    fn view() -> DatabaseView {
        let mut world =
            World::new(WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() });
        world.snapshot().database.expect("the world has a database")
    }

    #[test]
    fn the_failover_line_counts_down_then_names_the_promoted_node() {
        let mut db = view();
        assert_eq!(failover_line(&db, 0), "Primary node 0 up: failover after 10.0 s down.");
        db.primary_down_since = Some(2 * SECOND);
        db.failover_at = Some(12 * SECOND);
        assert_eq!(failover_line(&db, 6_200_000), "Primary node 0 down 4.2 s: failover in 5.8 s.");
        db.failover_at = None;
        assert_eq!(
            failover_line(&db, 20 * SECOND),
            "Primary node 0 down 18.0 s: no running replica to promote."
        );
        db.primary_down_since = None;
        db.primary = NodeId(1);
        assert_eq!(failover_line(&db, 20 * SECOND), "Node 1 promoted: it is the primary now.");
    }

    #[test]
    fn the_failover_line_follows_the_world() {
        let mut world =
            World::new(WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() });
        world.advance_to(SECOND);
        world.apply(Command::CrashDatabase(crate::sim::command::NodeRef::Primary)).unwrap();
        world.advance_to(5 * SECOND);
        let s = world.snapshot();
        let db = s.database.as_ref().unwrap();
        assert_eq!(failover_line(db, s.now), "Primary node 0 down 4.0 s: failover in 6.0 s.");
        world.advance_to(12 * SECOND);
        let s = world.snapshot();
        assert_eq!(
            failover_line(s.database.as_ref().unwrap(), s.now),
            "Node 1 promoted: it is the primary now."
        );
    }

    #[test]
    fn lost_keys_name_a_few_and_mark_the_rest() {
        assert_eq!(lost_keys(&[]), "");
        assert_eq!(lost_keys(&[5]), "key 5");
        assert_eq!(lost_keys(&[12, 40, 77]), "keys 12, 40, 77");
        assert_eq!(lost_keys(&[12, 40, 77, 3]), "keys 12, 40, 77 …");
        let mut db = view();
        assert_eq!(lost_detail(&db), "every one survives");
        db.lost = 4;
        db.lost_keys = vec![12, 40, 77];
        assert_eq!(lost_detail(&db), "keys 12, 40, 77");
    }

    #[test]
    fn stale_shares_never_round_a_stale_read_away() {
        assert_eq!(stale_share(0, 0), "no reads yet");
        assert_eq!(stale_share(0, 1_234), "0% of 1,234 reads");
        assert_eq!(stale_share(3, 1_000), "under 1% of 1,000 reads");
        assert_eq!(stale_share(42, 1_000), "4% of 1,000 reads");
        assert_eq!(lag(180 * MILLISECOND), "180 ms");
        assert_eq!(lag(0), "0.0 ms");
    }
}
