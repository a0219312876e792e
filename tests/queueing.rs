//! Queueing theory: single servers and multi-worker servers fed straight by Poisson arrivals
//! (zero-length links) must match the textbook formulas for M/M/1, M/M/c and M/D/1.
//!
//! Service times have a mean of 1 ms (μ = 1000 per simulated second), so every run below
//! simulates hundreds of thousands of requests. The tolerances were fixed after measuring the
//! spread over ten seeds: the sample mean of an M/M/1 sojourn time at ρ = 0.8 over 400 000
//! requests varies by about 1.3% (one standard deviation) from seed to seed.
#![cfg(not(target_arch = "wasm32"))]

use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{Algorithm, Links, ServerSize, ServerSpec, ServiceDistribution, World, WorldConfig};

/// Mean service time of every server here: 1 ms.
const MEAN_SERVICE: Micros = MILLISECOND;

/// Service rate of one worker, per simulated second.
const MU: f64 = SECOND as f64 / MEAN_SERVICE as f64;

/// One server with `workers` workers and a queue that never overflows, fed at `rate` requests
/// per simulated second with no network delay.
fn single_server(workers: u32, distribution: ServiceDistribution, rate: f64, seed: u64) -> World {
    let spec = ServerSpec {
        size: ServerSize::Small,
        workers,
        mean_service: MEAN_SERVICE,
        distribution,
        queue_capacity: 1_000_000,
        weight: 1,
    };
    World::new(WorldConfig {
        seed,
        arrival_rate: rate,
        algorithm: Algorithm::RoundRobin,
        servers: vec![spec],
        links: Links { client_to_balancer: 0, balancer_to_server: 0 },
        ..WorldConfig::default()
    })
}

/// Runs `world` for `seconds` simulated seconds and returns the overall mean and p99 latency (ms).
fn run(mut world: World, seconds: u64) -> (f64, f64) {
    world.advance_to(seconds * SECOND);
    let latency = world.metrics().overall();
    assert_eq!(world.metrics().dropped_total(), 0, "the queue is large enough never to drop");
    assert!(latency.count > 100_000, "too few requests measured: {}", latency.count);
    (latency.mean_ms, latency.p99_ms)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn relative_error(measured: f64, expected: f64) -> f64 {
    (measured - expected).abs() / expected
}

/// Erlang's C formula: the probability that an arrival waits in an M/M/c queue with offered load
/// `a` = λ/μ erlangs.
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0; // sum over k < c
    for k in 0..c {
        below += term;
        term *= a / (k + 1) as f64;
    }
    let top = term * c as f64 / (c as f64 - a);
    top / (below + top)
}

#[test]
fn erlang_c_formula_matches_known_values() {
    // c = 1 reduces to ρ; the c = 2 value is checked by hand: a = 1 gives 1/3.
    assert!((erlang_c(1, 0.8) - 0.8).abs() < 1e-12);
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn mm1_mean_and_p99_sojourn_match_theory() {
    let lambda = 0.8 * MU;
    let expected_mean_ms = 1_000.0 / (MU - lambda); // W = 1/(μ − λ) = 5 ms
    let expected_p99_ms = 100f64.ln() * expected_mean_ms; // the sojourn time is exponential
    let expected_p50_ms = 2f64.ln() * expected_mean_ms;
    let runs: Vec<(f64, f64)> = (1..=4)
        .map(|seed| run(single_server(1, ServiceDistribution::Exponential, lambda, seed), 500))
        .collect();
    let means: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let p99s: Vec<f64> = runs.iter().map(|r| r.1).collect();
    let mean_of_means = mean(&means);
    println!("M/M/1 ρ=0.8: mean {mean_of_means:.3} ms (theory {expected_mean_ms:.3}), per seed {means:.3?}");
    println!("M/M/1 ρ=0.8: p99 per seed {p99s:.2?} ms (theory {expected_p99_ms:.2})");
    assert!(
        relative_error(mean_of_means, expected_mean_ms) < 0.05,
        "M/M/1 mean sojourn {mean_of_means:.3} ms is not within 5% of {expected_mean_ms:.3} ms"
    );
    for p99 in &p99s {
        assert!(
            relative_error(*p99, expected_p99_ms) < 0.10,
            "M/M/1 p99 {p99:.2} ms is not within 10% of {expected_p99_ms:.2} ms"
        );
    }
    // The median too, from one run: ln 2 / (μ − λ).
    let mut world = single_server(1, ServiceDistribution::Exponential, lambda, 9);
    world.advance_to(500 * SECOND);
    let p50 = world.metrics().overall().p50_ms;
    assert!(
        relative_error(p50, expected_p50_ms) < 0.10,
        "M/M/1 median {p50:.3} ms, theory {expected_p50_ms:.3}"
    );
}

#[test]
fn mm1_obeys_littles_law() {
    // L = λW: the time-average number in the system equals throughput × mean time in system.
    let lambda = 0.8 * MU;
    for seed in [11, 12] {
        let mut world = single_server(1, ServiceDistribution::Exponential, lambda, seed);
        let seconds = 300;
        let (mut samples, mut sum) = (0u64, 0u64);
        // Sample the number in flight every 250 µs (a quarter of a service time).
        let mut t = 0;
        while t < seconds * SECOND {
            t += 250;
            world.advance_to(t);
            sum += world.in_flight() as u64;
            samples += 1;
        }
        let in_system = sum as f64 / samples as f64;
        let metrics = world.metrics();
        let throughput = metrics.served as f64 / seconds as f64;
        let latency_s = metrics.overall().mean_ms / 1_000.0;
        let little = throughput * latency_s;
        println!("Little, seed {seed}: mean in flight {in_system:.4}, throughput × W = {little:.4}");
        assert!(
            relative_error(in_system, little) < 0.02,
            "mean in flight {in_system:.4} differs from λW = {little:.4} by more than 2%"
        );
        // And both agree with the M/M/1 value L = ρ/(1 − ρ) = 4 to within the run's noise.
        assert!(relative_error(in_system, 4.0) < 0.10, "mean in flight {in_system:.3}, theory 4");
    }
}

#[test]
fn mmc_mean_sojourn_matches_erlang_c() {
    let c = 4;
    let lambda = 0.8 * c as f64 * MU;
    let a = lambda / MU;
    let wait = erlang_c(c, a);
    // W = C(c, a) / (cμ − λ) + 1/μ, in milliseconds.
    let expected_ms = 1_000.0 * (wait / (c as f64 * MU - lambda) + 1.0 / MU);
    let means: Vec<f64> = (1..=3)
        .map(|seed| run(single_server(c, ServiceDistribution::Exponential, lambda, seed), 200).0)
        .collect();
    let measured = mean(&means);
    println!(
        "M/M/4 ρ=0.8: C = {wait:.4}, mean {measured:.4} ms (theory {expected_ms:.4}), per seed {means:.4?}"
    );
    assert!(
        relative_error(measured, expected_ms) < 0.05,
        "M/M/{c} mean sojourn {measured:.4} ms is not within 5% of Erlang C's {expected_ms:.4} ms"
    );
}

#[test]
fn md1_mean_sojourn_matches_pollaczek_khinchine() {
    let rho = 0.8;
    let lambda = rho * MU;
    // W = 1/μ + ρ / (2μ(1 − ρ)), in milliseconds: 3 ms here.
    let expected_ms = 1_000.0 * (1.0 / MU + rho / (2.0 * MU * (1.0 - rho)));
    let means: Vec<f64> =
        (1..=3).map(|seed| run(single_server(1, ServiceDistribution::Fixed, lambda, seed), 500).0).collect();
    let measured = mean(&means);
    println!("M/D/1 ρ=0.8: mean {measured:.4} ms (theory {expected_ms:.4}), per seed {means:.4?}");
    assert!(
        relative_error(measured, expected_ms) < 0.05,
        "M/D/1 mean sojourn {measured:.4} ms is not within 5% of Pollaczek–Khinchine's {expected_ms:.4} ms"
    );
}

#[test]
fn light_load_latency_is_service_time_plus_links() {
    // At very low load nobody waits: latency = links both ways + service, and with fixed service
    // and fixed links every request takes exactly the same time.
    let spec = ServerSpec {
        size: ServerSize::Small,
        workers: 4,
        mean_service: 2 * MILLISECOND,
        distribution: ServiceDistribution::Fixed,
        queue_capacity: 100,
        weight: 1,
    };
    let mut world = World::new(WorldConfig {
        seed: 5,
        arrival_rate: 1.0,
        servers: vec![spec],
        links: Links { client_to_balancer: 30 * MILLISECOND, balancer_to_server: 10 * MILLISECOND },
        ..WorldConfig::default()
    });
    world.advance_to(200 * SECOND);
    let latency = world.metrics().overall();
    assert!(latency.count > 100);
    // 2 × (30 + 10) ms of links + 2 ms of service = 82 ms, unless two requests collide.
    assert!((latency.p50_ms - 82.0).abs() < 1.0, "median {} ms", latency.p50_ms);
    assert!((latency.mean_ms - 82.0).abs() < 0.1, "mean {} ms", latency.mean_ms);
}
