//! Servers that crash, health checks that notice, retries that hide a crash or, unbudgeted under
//! overload, make things worse; and every request still ends exactly once.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use ds_playground::sim::config::{HealthCheckConfig, RetryConfig};
use ds_playground::sim::event::EventKind;
use ds_playground::sim::request::FailReason;
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{Command, ServerId, ServerSize, ServerSpec, ServerStatus, World, WorldConfig};

/// `n` small servers at `rate` requests per simulated second.
fn world(seed: u64, n: usize, rate: f64) -> World {
    World::new(WorldConfig {
        seed,
        arrival_rate: rate,
        servers: vec![ServerSpec::preset(ServerSize::Small); n],
        ..WorldConfig::default()
    })
}

/// Every request ever sent is served, dropped, failed or still in flight.
fn conserved(w: &World) -> bool {
    let m = w.metrics();
    m.arrived == m.served + m.dropped_total() + m.failed_total() + w.in_flight() as u64
}

/// When the health checks took `id` out of rotation, and how long after its crash.
fn marked_down(w: &World, id: ServerId) -> Option<(Micros, Micros)> {
    w.events().iter().find_map(|e| match e.kind {
        EventKind::ServerMarkedDown { server, after: Some(after) } if server == id => Some((e.time, after)),
        _ => None,
    })
}

#[test]
fn a_crash_fails_what_the_server_held_and_requests_sent_until_it_is_caught() {
    let mut w = world(1, 4, 60.0);
    w.advance_to(10 * SECOND + 123);
    let held = {
        let s = &w.servers()[1];
        u64::from(s.busy) + s.queue.len() as u64
    };
    w.apply(Command::CrashServer(ServerId(1))).unwrap();
    assert_eq!(w.metrics().failed(FailReason::ServerCrashed), held, "each request it held fails at once");
    assert!(w.routable().contains(&ServerId(1)), "the balancer has not noticed yet");
    w.advance_to(30 * SECOND);
    let (detected, after) = marked_down(&w, ServerId(1)).expect("the health checks catch the crash");
    assert!(!w.routable().contains(&ServerId(1)));
    let down = w.metrics().failed(FailReason::ServerDown);
    assert!(down > 0, "requests sent to the dead server before detection fail");
    println!("crash caught after {} ms; {down} requests failed as server-down", after / MILLISECOND);
    // Nothing is sent to it after detection: no new server-down failures once the requests
    // already on the link have arrived.
    let settled = detected + 2 * w.config().links.balancer_to_server;
    w.advance_to(settled);
    let at_settled = w.metrics().failed(FailReason::ServerDown);
    w.advance_to(60 * SECOND);
    assert_eq!(w.metrics().failed(FailReason::ServerDown), at_settled);
    assert!(conserved(&w));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn detection_takes_between_fall_minus_one_and_fall_intervals_plus_the_timeout(
        seed in 1u64..10_000,
        crash_ms in 3_000u64..20_000,
        interval_ms in 200u64..3_000,
        timeout_frac in 0.1f64..1.0,
        fall in 1u32..5,
    ) {
        let health_check = HealthCheckConfig {
            interval: interval_ms * MILLISECOND,
            timeout: ((interval_ms as f64 * timeout_frac) as u64).max(50) * MILLISECOND,
            unhealthy_threshold: fall,
            healthy_threshold: 2,
        };
        let mut w = World::new(WorldConfig {
            seed,
            arrival_rate: 20.0,
            servers: vec![ServerSpec::preset(ServerSize::Small); 3],
            health_check,
            ..WorldConfig::default()
        });
        w.advance_to(crash_ms * MILLISECOND);
        w.apply(Command::CrashServer(ServerId(2))).unwrap();
        w.advance_to(w.now() + (u64::from(fall) + 2) * health_check.interval + health_check.timeout);
        let (_, after) = marked_down(&w, ServerId(2)).expect("caught");
        let least = u64::from(fall - 1) * health_check.interval;
        let most = u64::from(fall) * health_check.interval + health_check.timeout;
        prop_assert!((least..=most).contains(&after), "caught after {after} µs, not in {least}..={most}");
        prop_assert!(conserved(&w));
    }
}

#[test]
fn a_restored_server_boots_then_rejoins_after_passing_its_checks() {
    let mut w = world(2, 3, 30.0);
    w.advance_to(5 * SECOND);
    w.apply(Command::CrashServer(ServerId(0))).unwrap();
    w.advance_to(20 * SECOND);
    assert!(!w.routable().contains(&ServerId(0)));
    w.apply(Command::RestoreServer(ServerId(0))).unwrap();
    let restored = w.now();
    assert!(matches!(w.servers()[0].status, ServerStatus::Starting { .. }));
    w.advance_to(restored + 30 * SECOND);
    let rejoined = w.events().iter().find_map(|e| match e.kind {
        EventKind::ServerMarkedUp { server: ServerId(0), after: Some(after) } => Some(after),
        _ => None,
    });
    let config = w.config();
    let (boot, interval) = (config.autoscale.startup_delay, config.health_check.interval);
    let rise = u64::from(config.health_check.healthy_threshold);
    let after = rejoined.expect("it rejoins");
    assert!(
        after >= boot + (rise - 1) * interval && after <= boot + rise * interval + SECOND,
        "after {after} µs"
    );
    assert!(w.routable().contains(&ServerId(0)));
    assert!(w.servers()[0].served > 0 || w.servers()[0].outstanding > 0, "it takes traffic again");
    assert!(conserved(&w));
}

/// Requests failed by a crash of one of four servers at 60 req/s, with `retries`.
fn failed_with(retries: RetryConfig, seed: u64) -> (u64, u64) {
    let mut w = World::new(WorldConfig {
        seed,
        arrival_rate: 60.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 4],
        retries,
        ..WorldConfig::default()
    });
    w.advance_to(10 * SECOND);
    w.apply(Command::CrashServer(ServerId(2))).unwrap();
    w.advance_to(40 * SECOND);
    assert!(conserved(&w));
    (w.metrics().failed_total(), w.metrics().retries)
}

#[test]
fn retries_hide_a_crash() {
    for seed in 1..=4 {
        let (without, _) = failed_with(RetryConfig::default(), seed);
        let (with, retried) = failed_with(RetryConfig { max_attempts: 2, budget: 0.2 }, seed);
        println!("seed {seed}: {without} failed without retries, {with} with ({retried} retries)");
        assert!(without >= 20, "seed {seed}: the crash failed only {without} requests");
        assert!(with * 10 <= without, "seed {seed}: retries left {with} of {without} failures");
        assert!(retried > 0);
    }
}

/// (availability, retries, p95 ms, whether a retry storm was declared) of two small servers
/// flooded at `rate` with `retries`.
fn overloaded(retries: RetryConfig, rate: f64) -> (f64, u64, f64, bool) {
    let mut w = World::new(WorldConfig { seed: 3, arrival_rate: rate, retries, ..WorldConfig::default() });
    w.advance_to(60 * SECOND);
    assert!(conserved(&w));
    let storm = w.events().iter().any(|e| matches!(e.kind, EventKind::RetryStorm { .. }));
    let m = w.metrics();
    (m.availability(), m.retries, m.overall().p95_ms, storm)
}

#[test]
fn unbudgeted_retries_under_overload_make_it_worse() {
    // Two small servers (40 req/s) at 80 req/s: half must be turned away whatever happens.
    let (plain, _, plain_p95, _) = overloaded(RetryConfig::default(), 80.0);
    let (budgeted, budgeted_retries, budgeted_p95, budgeted_storm) =
        overloaded(RetryConfig { max_attempts: 3, budget: 0.2 }, 80.0);
    let (storm, storm_retries, storm_p95, stormed) =
        overloaded(RetryConfig { max_attempts: 3, budget: 1.0 }, 80.0);
    println!(
        "no retries: {plain:.3} available, p95 {plain_p95:.0} ms; budget 20%: {budgeted:.3}, {budgeted_retries} retries, \
         p95 {budgeted_p95:.0} ms; no budget: {storm:.3}, {storm_retries} retries, p95 {storm_p95:.0} ms"
    );
    // Retrying cannot add capacity: availability stays where it was...
    assert!(storm <= plain + 0.02 && budgeted <= plain + 0.02);
    // ...while unbudgeted retries multiply the load and the wait of those who get through.
    assert!(storm_retries > 3 * budgeted_retries, "{storm_retries} against {budgeted_retries}");
    assert!(storm_p95 > plain_p95, "a retry storm should slow the served requests");
    assert!(stormed && !budgeted_storm, "the storm is declared without a budget, and only then");
}

#[test]
fn requests_are_conserved_through_crashes_restores_and_retries() {
    for seed in 1..=6 {
        let mut w = World::new(WorldConfig {
            seed,
            arrival_rate: 70.0,
            servers: vec![ServerSpec::preset(ServerSize::Small); 4],
            retries: RetryConfig { max_attempts: 3, budget: 0.5 },
            ..WorldConfig::default()
        });
        for step in 0..40u64 {
            w.advance_to(w.now() + 700 * MILLISECOND + step * 37);
            let id = ServerId((step % 5) as u32);
            let _ = match step % 4 {
                0 => w.apply(Command::CrashServer(id)),
                1 => w.apply(Command::RestoreServer(id)),
                2 => w.apply(Command::AddServer {
                    spec: ServerSpec::preset(ServerSize::Small),
                    boot: step % 3 == 0,
                }),
                _ => w.apply(Command::RemoveServer(Some(id))),
            };
            assert!(conserved(&w), "seed {seed}, step {step}");
        }
        w.apply(Command::SetArrivalRate(0.0)).unwrap();
        w.advance_to(w.now() + 120 * SECOND);
        assert_eq!(w.in_flight(), 0, "seed {seed}: every request ended");
        assert!(conserved(&w));
    }
}

#[test]
fn under_chaos_a_server_is_up_mtbf_over_mtbf_plus_mttr_of_the_time() {
    use ds_playground::sim::config::ChaosConfig;
    use ds_playground::sim::AutoscaleConfig;
    // Restores take effect at once (no boot), so a server is down exactly from a crash to its
    // restore: the textbook availability MTBF / (MTBF + MTTR) = 60 / 75 = 0.8.
    let chaos = ChaosConfig { server_mtbf: 60 * SECOND, server_mttr: 15 * SECOND, ..ChaosConfig::default() };
    let mut w = World::new(WorldConfig {
        seed: 5,
        arrival_rate: 5.0,
        servers: vec![ServerSpec::preset(ServerSize::Small); 4],
        autoscale: AutoscaleConfig { startup_delay: 0, ..AutoscaleConfig::default() },
        chaos: Some(chaos),
        ..WorldConfig::default()
    });
    let (mut up, mut samples) = (0u64, 0u64);
    for tenth in 1..=200_000u64 {
        w.advance_to(tenth * 100 * MILLISECOND);
        for s in &w.servers()[..4] {
            samples += 1;
            up += u64::from(!s.is_down());
        }
    }
    let measured = up as f64 / samples as f64;
    let theory = 60.0 / 75.0;
    println!("availability under chaos: measured {measured:.4}, theory {theory:.4}");
    assert!((measured - theory).abs() / theory < 0.05, "measured {measured:.4}, theory {theory:.4}");
    let crashes = w.events().total();
    assert!(crashes > 1_000, "{crashes} events");
    assert!(conserved(&w));
}

#[test]
fn completions_and_boots_planned_before_a_crash_do_not_count_after_it() {
    use ds_playground::sim::{AutoscaleConfig, ServiceDistribution};
    // Fixed 1 s service: every request served took exactly one second of a worker. A request
    // in service when its server crashed and retried elsewhere must not be finished by the
    // crashed server's old completion.
    let fixed = ServerSpec {
        distribution: ServiceDistribution::Fixed,
        mean_service: SECOND,
        ..ServerSpec::preset(ServerSize::Large)
    };
    let mut w = World::new(WorldConfig {
        seed: 4,
        arrival_rate: 2.0,
        servers: vec![fixed; 2],
        retries: RetryConfig { max_attempts: 2, budget: 1.0 },
        autoscale: AutoscaleConfig { startup_delay: 20 * SECOND, ..AutoscaleConfig::default() },
        ..WorldConfig::default()
    });
    w.advance_to(10 * SECOND + 500 * MILLISECOND);
    let busy_then = w.servers()[0].busy;
    w.apply(Command::CrashServer(ServerId(0))).unwrap();
    w.advance_to(14 * SECOND);
    assert!(busy_then > 0 && w.metrics().retries > 0, "the crash should have retried work in service");
    for s in w.servers() {
        assert!(s.served * SECOND <= s.busy_time(w.now()), "server {} finished work it never did", s.id.0);
    }
    // A booting server that crashes and is restored boots for the full delay again.
    w.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true }).unwrap();
    w.advance_to(w.now() + 2 * SECOND);
    w.apply(Command::CrashServer(ServerId(2))).unwrap();
    w.advance_to(w.now() + 2 * SECOND);
    w.apply(Command::RestoreServer(ServerId(2))).unwrap();
    let restored = w.now();
    w.advance_to(restored + 19 * SECOND);
    assert!(matches!(w.servers()[2].status, ServerStatus::Starting { .. }), "{:?}", w.servers()[2].status);
    w.advance_to(restored + 20 * SECOND);
    assert_eq!(w.servers()[2].status, ServerStatus::Up);
    assert!(conserved(&w));
}

#[test]
fn a_check_already_on_its_way_finds_the_server_down() {
    // Checks leave at 2, 4, 6 … s and reach the server 20 ms later. A crash 10 ms after the
    // 6 s check left is found by that very check: three failures, the last timing out at 11 s.
    let mut w = world(6, 3, 20.0);
    w.advance_to(6 * SECOND + 10 * MILLISECOND);
    w.apply(Command::CrashServer(ServerId(0))).unwrap();
    w.advance_to(20 * SECOND);
    let (at, after) = marked_down(&w, ServerId(0)).expect("caught");
    assert_eq!(at, 11 * SECOND, "caught {after} µs after the crash");
}
