//! The edge's connection table in the world: a SYN flood fills it unless SYN cookies are on,
//! and half-open connections leave it when their SYN timeout is up, whatever came before.

use ds_playground::sim::edge::{ConnState, SWEEP_STEP};
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::{DropReason, World};

use super::common::{scenario, seeds, Run};

/// What a run showed of the table, sampled every 100 ms.
#[derive(Debug, Default)]
struct TableUse {
    /// The most slots taken at once.
    most: usize,
    /// The most half-open slots at once.
    most_half_open: usize,
    /// Whether every slot ever seen held a user's connection being served.
    only_served: bool,
    /// Connections refused for a full table by the end.
    refused: u64,
}

/// The SYN flood of the example (50 bots, 20 SYNs a second each, for 3 000 half-open slots
/// wanted at a 3 s SYN timeout) from 2 s, with or without SYN cookies, watched until 20 s.
fn syn_flood(seed: u64, cookies: bool) -> TableUse {
    let more = format!(
        r#""attack": {{"type": "syn-flood", "bots": 50, "rate_per_bot": 20, "start_s": 2}},
           "defences": {{"syn_cookies": {cookies}}}"#
    );
    let mut run = Run::new(&scenario(seed, &more));
    let mut seen = TableUse { only_served: true, ..TableUse::default() };
    for step in 1..=200 {
        let world = run.to(step * 100 * MILLISECOND);
        let table = world.edge().table();
        assert!(table.len() <= 1_024, "over capacity: {}", table.len());
        assert!(table.len() <= world.in_flight(), "a slot is held by no request");
        seen.most = seen.most.max(table.len());
        seen.most_half_open = seen.most_half_open.max(table.half_open());
        // Requests being answered are counted, not listed: anything listed is half-open or slow.
        seen.only_served &= table.connections().next().is_none();
        seen.refused = world.metrics().dropped(DropReason::ConnectionRefused);
    }
    seen
}

#[test]
fn syn_cookies_keep_the_table_to_the_users_connections() {
    // Measured (seeds 1–40): without cookies the table is full (1 024 slots, at times all
    // half-open) and 11 980–12 483 connections are refused in 18 s; with them, it never holds
    // more than 14–23 slots, each a user's request being answered, and refuses none.
    for seed in seeds(3) {
        let (without, with) = (syn_flood(seed, false), syn_flood(seed, true));
        println!("seed {seed}: without cookies {without:?}; with {with:?}");
        assert_eq!(without.most, 1_024, "seed {seed}: the flood fills the table");
        assert!(without.most_half_open > 1_000, "seed {seed}: {without:?}");
        assert!(without.refused > 1_000, "seed {seed}: {without:?}");
        assert!(with.most <= 64, "seed {seed}: far below capacity: {with:?}");
        assert!(with.most > 0 && with.only_served, "seed {seed}: the users' connections: {with:?}");
        assert_eq!((with.most_half_open, with.refused), (0, 0), "seed {seed}: {with:?}");
    }
}

/// The oldest half-open connection's age in `world`, in microseconds.
fn oldest_half_open(world: &World) -> u64 {
    let table = world.edge().table();
    let half_open = table.connections().filter(|(_, c)| c.state == ConnState::HalfOpen);
    half_open.map(|(id, _)| world.now() - id.opened()).max().unwrap_or(0)
}

#[test]
fn half_open_connections_time_out_after_a_slowloris_attack_too() {
    // One slow connection a second against a 60 s header timeout, then a SYN flood of 100
    // SYNs a second: at a 3 s SYN timeout about 300 slots are half-open at a time, and none
    // for longer than 3 s (plus the 100 ms the table's sweeps may lag). The flood follows the
    // slowloris attack after it was stopped, or replaces it at once.
    let slowloris = r#""attack": {"type": "slowloris", "bots": 1, "rate_per_bot": 1, "start_s": 0},
                       "defences": {"header_timeout_s": 60}"#;
    let flood = r#"{"type": "syn-flood", "bots": 10, "rate_per_bot": 10}"#;
    for (how, timeline) in [
        (
            "stopped, then a SYN flood",
            format!(
                r#"[{{"at_s": 5, "type": "stop-attack"}},
                    {{"at_s": 6, "type": "start-attack", "attack": {flood}}}]"#
            ),
        ),
        ("replaced by a SYN flood", format!(r#"[{{"at_s": 6, "type": "start-attack", "attack": {flood}}}]"#)),
    ] {
        let mut run = Run::new(&scenario(4, &format!(r#"{slowloris}, "timeline": {timeline}"#)));
        for second in 7..=30 {
            let world = run.to(second * SECOND);
            let (age, half_open) = (oldest_half_open(world), world.edge().table().half_open());
            assert!(
                age <= 3 * SECOND + SWEEP_STEP,
                "{how}: at {second} s a half-open connection is {age} µs old ({half_open} half-open)"
            );
            assert!(half_open <= 450, "{how}: at {second} s {half_open} slots are half-open");
        }
        assert_eq!(run.world.metrics().dropped(DropReason::ConnectionRefused), 0, "{how}");
    }
}
