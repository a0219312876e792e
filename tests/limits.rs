//! The world stays within its limits: bounded work per call, capped arrival rates, and states
//! that clear when their cause is gone.
#![cfg(not(target_arch = "wasm32"))]

use ds_playground::sim::config::{BurstConfig, MAX_ARRIVAL_RATE};
use ds_playground::sim::event::EventKind;
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, World, WorldConfig};

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
