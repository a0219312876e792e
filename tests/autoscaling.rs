//! Autoscaling as Kubernetes' HorizontalPodAutoscaler does it: a steady load gives a steady
//! fleet; no decision before a full metric window; a step up converges to the capacity the load
//! needs without falling short of it on the way or overshooting by more than a server; a step
//! down waits for the stabilization window; the server-count limits hold from any start; and
//! capacity is counted in workers when server sizes are mixed.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use ds_playground::sim::event::ScaleReason;
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{
    AutoscaleConfig, Command, Event, EventKind, ServerSize, ServerSpec, ServerStatus, World, WorldConfig,
};

/// `servers` small servers (about 20 requests/s each) at `rate`, with the autoscaler on at its
/// defaults (target 70%).
fn autoscaled(seed: u64, rate: f64, servers: usize) -> World {
    World::new(WorldConfig {
        seed,
        arrival_rate: rate,
        servers: vec![ServerSpec::preset(ServerSize::Small); servers],
        autoscale: AutoscaleConfig { enabled: true, ..AutoscaleConfig::default() },
        ..WorldConfig::default()
    })
}

/// Advances `world` to `until` a quarter second at a time, collecting every new event (the log
/// keeps only the latest ones) and checking the booting rules at each stop.
fn run(world: &mut World, until: Micros, events: &mut Vec<Event>) {
    let startup = world.config().autoscale.startup_delay;
    while world.now() < until {
        world.advance_to((world.now() + 250 * MILLISECOND).min(until));
        let seen = events.last().map_or(0, |e| e.seq + 1);
        let new: Vec<Event> = world.events().since(seen).cloned().collect();
        assert!(new.first().is_none_or(|e| e.seq == seen), "events were lost from the log");
        events.extend(new);
        for s in world.servers() {
            if let ServerStatus::Starting { ready_at } = s.status {
                assert_eq!(ready_at, s.added_at + startup);
                assert!(!world.routable().contains(&s.id), "booting server {} takes traffic", s.id.0);
            }
        }
    }
}

/// (time, from, to) of every autoscaling action.
fn actions(events: &[Event]) -> Vec<(Micros, usize, usize)> {
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Autoscaled { from, to, .. } => Some((e.time, from, to)),
            _ => None,
        })
        .collect()
}

/// Servers starting or up (what the autoscaler counts).
fn fleet(world: &World) -> usize {
    world.servers().iter().filter(|s| s.is_routable() || s.is_booting()).count()
}

/// Small servers needed to serve `rate` at the 70% target: ceil(rate × 0.1 s / 0.7) workers,
/// two workers a server.
fn needed(rate: f64) -> usize {
    ((rate * 0.1 / 0.7).ceil() as usize).div_ceil(2)
}

#[test]
fn a_steady_load_at_the_target_gives_a_steady_fleet() {
    // 5 small servers at 70 req/s are exactly at the 70% target; 1 at 15 req/s is at 75%; 20 at
    // 280 req/s are at the target too. Over 1,200 simulated seconds the fleet barely moves.
    for (servers, rate) in [(5, 70.0), (1, 15.0), (20, 280.0)] {
        for seed in 1..=4 {
            let mut world = autoscaled(seed, rate, servers);
            let mut events = Vec::new();
            run(&mut world, 1_200 * SECOND, &mut events);
            let done = actions(&events);
            println!("{servers} servers at {rate} req/s, seed {seed}: actions {done:?}");
            assert!(done.len() <= 2, "{servers} servers at {rate} req/s, seed {seed}: {done:?}");
            assert!(
                done.iter().all(|(_, from, to)| from.abs_diff(*to) <= 1),
                "a steady load moved the fleet by more than one server: {done:?}"
            );
        }
    }
}

#[test]
fn no_decision_before_a_full_metric_window() {
    let window = AutoscaleConfig::default().metric_window;
    for seed in 1..=8 {
        // 20 servers at the target: the first seconds (links filling, queues ramping up) read
        // low, and must not be acted on.
        let mut world = autoscaled(seed, 280.0, 20);
        let mut events = Vec::new();
        run(&mut world, 90 * SECOND, &mut events);
        let done = actions(&events);
        assert!(
            done.iter().all(|(t, _, _)| *t >= window),
            "seed {seed}: acted before a full window: {done:?}"
        );
        assert_eq!(fleet(&world), 20, "seed {seed}: 20 servers at the target were changed: {done:?}");

        // Switched on later, it waits a full window from that moment.
        let mut world = autoscaled(seed, 75.0, 3);
        world.apply(Command::SetAutoscaling(false)).unwrap();
        world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Large), boot: false }).unwrap();
        run(&mut world, 30 * SECOND, &mut events);
        let on_at = world.now();
        world.apply(Command::SetAutoscaling(true)).unwrap();
        let before = events.len();
        run(&mut world, on_at + window - SECOND, &mut events);
        assert!(actions(&events[before..]).is_empty(), "seed {seed}: acted within the first window");
    }
}

#[test]
fn a_step_up_converges_without_falling_short_or_overshooting() {
    for seed in 1..=4 {
        let mut world = autoscaled(seed, 15.0, 1);
        let mut events = Vec::new();
        run(&mut world, 60 * SECOND, &mut events);
        world.apply(Command::SetArrivalRate(150.0)).unwrap();
        let need = needed(150.0);
        let mut sizes = Vec::new();
        let mut booting_seen = false;
        for second in 61..=300 {
            run(&mut world, second * SECOND, &mut events);
            sizes.push(fleet(&world));
            booting_seen |= world.routable().len() < fleet(&world);
        }
        println!("seed {seed}: fleet after the step {sizes:?}");
        // It only ever grows on the way up, and settles within one server of what is needed.
        assert!(sizes.windows(2).all(|w| w[1] >= w[0]), "seed {seed}: shrank while short: {sizes:?}");
        let last = *sizes.last().unwrap();
        assert!((need..=need + 1).contains(&last), "seed {seed}: {last} servers, {need} needed");
        assert!(sizes.iter().all(|n| *n <= need + 1), "seed {seed}: overshot {need}: {sizes:?}");
        // The lag is visible: new servers boot before they take traffic.
        assert!(booting_seen, "seed {seed}: no server was seen booting");
        let m = world.metrics();
        assert_eq!(m.arrived, m.served + m.dropped_total() + world.in_flight() as u64);
    }
}

#[test]
fn a_step_down_waits_for_the_stabilization_window() {
    let stabilization = AutoscaleConfig::default().scale_down_stabilization;
    for seed in 1..=4 {
        let mut world = autoscaled(seed, 150.0, needed(150.0));
        let mut events = Vec::new();
        run(&mut world, 120 * SECOND, &mut events);
        let before = fleet(&world);
        world.apply(Command::SetArrivalRate(30.0)).unwrap();
        let fell_at = world.now();
        let from = events.len();
        run(&mut world, fell_at + 240 * SECOND, &mut events);
        let after = actions(&events[from..]);
        println!("seed {seed}: {before} servers, then after the fall {after:?}");
        let first = after.first().expect("it scaled in");
        assert!(
            first.0 >= fell_at + stabilization,
            "seed {seed}: scaled in {} s after the fall",
            (first.0 - fell_at) / SECOND
        );
        assert!(after.iter().all(|(_, from, to)| to < from), "seed {seed}: {after:?}");
        let last = fleet(&world);
        assert!(
            (needed(30.0)..=needed(30.0) + 1).contains(&last),
            "seed {seed}: {last} servers for 30 req/s"
        );
    }
}

#[test]
fn limits_bind_at_once_from_any_start() {
    // 40 servers with a maximum of 32 and a load at the target: cut to 32 in the first second.
    let mut world = World::new(WorldConfig {
        arrival_rate: 560.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 40],
        autoscale: AutoscaleConfig { enabled: true, max_servers: 32, ..AutoscaleConfig::default() },
        ..WorldConfig::default()
    });
    let mut events = Vec::new();
    run(&mut world, SECOND, &mut events);
    assert_eq!(fleet(&world), 32);
    let reason = events.iter().find_map(|e| match e.kind {
        EventKind::Autoscaled { reason, .. } => Some(reason),
        _ => None,
    });
    assert_eq!(reason, Some(ScaleReason::Maximum));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_fleet_stays_within_its_limits(
        start in 1usize..=50,
        min in 1usize..=8,
        extra in 0usize..=30,
        rate in 0.0f64..600.0,
        seed in 1u64..1_000,
    ) {
        let max = min + extra;
        let mut world = World::new(WorldConfig {
            seed,
            arrival_rate: rate,
            servers: vec![ServerSpec::preset(ServerSize::Small); start],
            autoscale: AutoscaleConfig { enabled: true, min_servers: min, max_servers: max, ..AutoscaleConfig::default() },
            ..WorldConfig::default()
        });
        for second in 1..=150 {
            world.advance_to(second * SECOND);
            let n = fleet(&world);
            prop_assert!((min..=max).contains(&n), "{n} servers at {second} s, limits {min}–{max}, from {start}");
        }
    }
}

#[test]
fn capacity_is_counted_in_workers_when_sizes_mix() {
    // Two large servers (8 workers) fully busy against a 50% target need 16 workers: the
    // autoscaler adds four small ones (8 workers), not two.
    let mut world = World::new(WorldConfig {
        arrival_rate: 100.0,
        servers: vec![ServerSpec::preset(ServerSize::Large); 2],
        autoscale: AutoscaleConfig { enabled: true, target_utilization: 0.5, ..AutoscaleConfig::default() },
        ..WorldConfig::default()
    });
    let mut events = Vec::new();
    run(&mut world, 25 * SECOND, &mut events);
    let first = events.iter().find_map(|e| match e.kind {
        EventKind::Autoscaled { from, to, workers, .. } => Some((from, to, workers)),
        _ => None,
    });
    assert_eq!(first, Some((2, 6, 16)), "{events:?}");
    // 100 req/s at 0.1 s is 10 busy workers: 20 at a 50% target, reached within a server.
    run(&mut world, 200 * SECOND, &mut events);
    let workers: u32 =
        world.servers().iter().filter(|s| s.is_routable() || s.is_booting()).map(|s| s.spec.workers).sum();
    assert!((20..=22).contains(&workers), "{workers} workers for 10 busy at 50%");
}

#[test]
fn does_nothing_when_off() {
    let mut world = autoscaled(4, 400.0, 1);
    world.apply(Command::SetAutoscaling(false)).unwrap();
    let mut events = Vec::new();
    run(&mut world, 120 * SECOND, &mut events);
    assert!(actions(&events).is_empty());
    assert_eq!(world.servers().len(), 1);
}
