//! Stopping an attack: the bots stop sending and let go of every connection they held, those
//! whose first packets were still on their way included, so nothing of theirs stays behind.

use ds_playground::sim::edge::ConnState;
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Leg, World};

use super::common::{scenario, Run};

/// Slots held by anything but a request being answered (those are counted, not listed).
fn held(world: &World) -> usize {
    world.edge().table().connections().count()
}

#[test]
fn stopping_slowloris_lets_go_of_every_connection() {
    // The example's slowloris attack (100 slow connections a second) with no timeout, stopped
    // at 10 s, when the users stop too. With a 60 ms way in, about 6 connections are on their
    // way at any moment; when they arrive, no bot is left to keep them open.
    let more = r#""attack": {"type": "slowloris", "bots": 20, "rate_per_bot": 5, "start_s": 0},
        "timeline": [{"at_s": 10, "type": "stop-attack"}, {"at_s": 10, "type": "set-arrival-rate", "rate": 0}]"#;
    for seed in [1, 2, 3] {
        let mut run = Run::new(&scenario(seed, more));
        let world = run.to(10 * SECOND - 1);
        let on_the_way = world.moving().filter(|r| r.attack && r.leg == Leg::ToBalancer).count();
        assert!(on_the_way > 0, "seed {seed}: some connections are on their way when the bots stop");
        assert!(held(world) > 900, "seed {seed}: the slow connections fill the table");
        let world = run.to(40 * SECOND);
        assert_eq!(
            (held(world), world.in_flight()),
            (0, 0),
            "seed {seed}: 30 s after the bots and the users stopped, slots held and requests under way \
             ({on_the_way} slow connections were on their way at the stop)"
        );
    }
}

#[test]
fn replacing_slowloris_lets_go_of_its_connections() {
    // The same, but a SYN flood replaces the slowloris attack at 10 s: from then on, only its
    // half-open slots and the users' connections are in the table.
    let more = r#""attack": {"type": "slowloris", "bots": 20, "rate_per_bot": 5, "start_s": 0},
        "timeline": [{"at_s": 10, "type": "start-attack",
                      "attack": {"type": "syn-flood", "bots": 10, "rate_per_bot": 10}}]"#;
    for seed in [1, 2, 3] {
        let mut run = Run::new(&scenario(seed, more));
        let world = run.to(15 * SECOND);
        let slow = world.edge().table().connections();
        let slow = slow.filter(|(_, c)| matches!(c.state, ConnState::Established { .. })).count();
        assert_eq!(slow, 0, "seed {seed}: slow connections still held 5 s after their bots stopped");
    }
}
