//! The world stays within its limits: bounded work per call, capped arrival rates, and states
//! that clear when their cause is gone.
#![cfg(not(target_arch = "wasm32"))]

use ds_playground::sim::command::CommandError;
use ds_playground::sim::config::{BurstConfig, MAX_ARRIVAL_RATE, MAX_QUEUED};
use ds_playground::sim::event::EventKind;
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::{Command, ServerSize, ServerSpec, World, WorldConfig};

#[test]
fn advance_within_runs_at_most_its_budget_and_loses_nothing() {
    let config = WorldConfig { arrival_rate: 100_000.0, ..WorldConfig::default() };
    let mut limited = World::new(config.clone());
    let mut free = World::new(config);
    assert!(!limited.advance_within(SECOND, 1_000), "a second at 100k req/s is far more than 1000 steps");
    assert!(limited.now() < SECOND, "the clock stops where the budget ran out");
    let m = limited.metrics();
    assert_eq!(m.arrived, m.served + m.dropped_total() + limited.in_flight() as u64);
    // Finishing the same span in more calls ends exactly where one unbounded call does.
    while !limited.advance_within(SECOND, 1_000) {}
    free.advance_to(SECOND);
    assert_eq!(limited.now(), SECOND);
    assert_eq!(limited.digest(), free.digest());
}

#[test]
fn a_burst_never_exceeds_the_highest_arrival_rate() {
    let burst = BurstConfig { multiplier: 100.0, ..BurstConfig::default() };
    let mut world =
        World::new(WorldConfig { arrival_rate: MAX_ARRIVAL_RATE, burst, ..WorldConfig::default() });
    world.apply(Command::Burst).unwrap();
    assert_eq!(world.arrival_rate(), MAX_ARRIVAL_RATE);
}

#[test]
fn a_rate_that_is_not_a_number_is_refused_and_changes_nothing() {
    let mut world = World::new(WorldConfig::default());
    assert!(world.apply(Command::SetArrivalRate(f64::NAN)).is_err());
    assert!(world.apply(Command::SetArrivalRate(f64::INFINITY)).is_err());
    assert_eq!(world.arrival_rate(), 30.0);
}

#[test]
fn saturation_ends_after_a_second_without_drops() {
    let mut world = World::new(WorldConfig { arrival_rate: 400.0, ..WorldConfig::default() });
    world.advance_to(3 * SECOND);
    assert!(world.servers().iter().any(|s| s.saturated), "400 req/s overwhelms 40 req/s of capacity");
    world.apply(Command::SetArrivalRate(1.0)).unwrap();
    world.advance_to(20 * SECOND);
    assert!(world.servers().iter().all(|s| !s.saturated));
    let recovered =
        world.events().iter().filter(|e| matches!(e.kind, EventKind::ServerRecovered { .. })).count();
    assert!(recovered >= 1);
}

#[test]
fn the_queues_together_hold_a_bounded_number_of_requests() {
    let big = ServerSpec { queue_capacity: 400_000, ..ServerSpec::preset(ServerSize::Small) };
    let mut world = World::new(WorldConfig { servers: vec![big.clone(); 2], ..WorldConfig::default() });
    let refused = world.apply(Command::AddServer { spec: big, boot: false });
    assert_eq!(refused, Err(CommandError::QueuesTooLong { max: MAX_QUEUED }));
    assert!(refused.unwrap_err().to_string().contains("1,000,000 requests"));
    assert_eq!(world.servers().len(), 2, "a refused server is not added");
    // A small one still fits.
    world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: false }).unwrap();
}

#[test]
fn a_server_ready_mid_second_is_measured_only_for_the_time_it_was_up() {
    // Four small servers flooded at 400 req/s; four more boot and become ready half-way through
    // second 16. Every server that is up is fully busy, so no second may show a dip.
    let mut world = World::new(WorldConfig {
        arrival_rate: 400.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 4],
        ..WorldConfig::default()
    });
    world.advance_to(10 * SECOND + 500 * MILLISECOND);
    for _ in 0..4 {
        world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true }).unwrap();
    }
    world.advance_to(30 * SECOND);
    let series: Vec<f64> = world.metrics().series().map(|p| p.utilization).collect();
    println!("utilization by second: {series:.3?}");
    assert!(series[2..].iter().all(|u| *u > 0.95), "a dip while servers joined: {series:.3?}");
    // The new servers' own first second covers only the half second they were up (idle only
    // until their first requests crossed the 20 ms link), not the half second they booted.
    for s in &world.servers()[4..] {
        assert!(s.history.iter().skip_while(|(u, _)| *u == 0.0).all(|(u, _)| *u > 0.8), "{:?}", s.history);
    }
}

#[test]
fn the_runner_measures_a_booted_server_from_when_it_was_up() {
    use ds_playground::sim::report::run;
    use ds_playground::sim::scenario::Scenario;
    // A flooded world; a server added at 1 s boots for 5 s, then is as busy as the others.
    let config = WorldConfig { arrival_rate: 400.0, ..WorldConfig::default() };
    let add = Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true };
    let report = run(&Scenario { config, timeline: vec![(SECOND, add)], ..Scenario::default() }, 20 * SECOND);
    let booted = &report.servers[2];
    assert_eq!(booted.status, "up");
    assert!(booted.utilization > 0.9, "booting counted as idle: {booted:?}");
}
