//! Load balancing: how each algorithm spreads requests, checked against theory where there is
//! one (random assignment is n independent M/M/1 queues; the power of two choices does far
//! better) and against exact counts where the algorithm is deterministic.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use ds_playground::sim::balancer::Balancer;
use ds_playground::sim::server::Server;
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{
    Algorithm, Command, Leg, Links, ServerId, ServerSize, ServerSpec, ServerStatus, ServiceDistribution,
    World, WorldConfig,
};

/// A one-worker server with exponential service of mean `mean_service`, a queue that never
/// overflows in these tests (10 such servers hold the most the world keeps), and weight `weight`.
fn spec(mean_service: Micros, weight: u32) -> ServerSpec {
    ServerSpec {
        size: ServerSize::Small,
        workers: 1,
        mean_service,
        distribution: ServiceDistribution::Exponential,
        queue_capacity: 100_000,
        weight,
    }
}

/// `servers` fed at `rate` requests per simulated second through `algorithm`, with no network
/// delay.
fn world(servers: Vec<ServerSpec>, rate: f64, algorithm: Algorithm, seed: u64) -> World {
    World::new(WorldConfig {
        seed,
        arrival_rate: rate,
        algorithm,
        servers,
        links: Links { client_to_balancer: 0, balancer_to_server: 0 },
        ..WorldConfig::default()
    })
}

/// Mean latency in service times (ms, as service is 1 ms) of 10 one-worker servers at ρ = 0.9,
/// over `seeds`, 60 simulated seconds (540 000 requests) each. Over ten seeds the per-seed mean
/// varied by about 1.5% (one standard deviation) for random assignment and 1% for the others.
fn mean_at_90_percent(algorithm: Algorithm, seeds: std::ops::RangeInclusive<u64>) -> f64 {
    let means: Vec<f64> = seeds
        .map(|seed| {
            let mut w = world(vec![spec(MILLISECOND, 1); 10], 9_000.0, algorithm, seed);
            w.advance_to(60 * SECOND);
            assert_eq!(w.metrics().dropped_total(), 0);
            w.metrics().overall().mean_ms
        })
        .collect();
    println!("{}: mean latency per seed {means:.3?} service times", algorithm.name());
    means.iter().sum::<f64>() / means.len() as f64
}

/// Stops arrivals and runs until every request has finished, then returns each server's served
/// count.
fn drain(world: &mut World) -> Vec<u64> {
    world.apply(Command::SetArrivalRate(0.0)).unwrap();
    let until = world.now() + 600 * SECOND;
    while world.in_flight() > 0 && world.now() < until {
        world.advance_to(world.now() + SECOND);
    }
    assert_eq!(world.in_flight(), 0, "the world did not drain");
    world.servers().iter().map(|s| s.served).collect()
}

#[test]
fn power_of_two_choices_beats_random_assignment() {
    // Random splitting of a Poisson stream gives each server an independent M/M/1 queue at
    // ρ = 0.9: W = 1 / (μ(1 − ρ)) = 10 service times.
    let random = mean_at_90_percent(Algorithm::Random, 1..=2);
    let two = mean_at_90_percent(Algorithm::PowerOfTwo, 1..=2);
    println!("10 servers at ρ=0.9: random {random:.3} service times (theory 10), power of two {two:.3}");
    assert!((random - 10.0).abs() / 10.0 < 0.15, "random assignment mean {random:.3}, theory 10");
    assert!(two < 0.4 * random, "power of two {two:.3} is not well below random {random:.3}");
    // Mitzenmacher's limit for n → ∞ is about 2.6 service times; 10 servers do a little worse.
    assert!(two > 2.0 && two < 4.0, "power of two mean {two:.3} service times");
}

#[test]
fn least_connections_is_at_least_as_good_as_power_of_two() {
    let least = mean_at_90_percent(Algorithm::LeastConnections, 4..=5);
    let two = mean_at_90_percent(Algorithm::PowerOfTwo, 4..=5);
    println!("10 servers at ρ=0.9: least connections {least:.3}, power of two {two:.3} service times");
    assert!(least <= two, "least connections {least:.3} is worse than power of two {two:.3}");
    // Joining the shortest queue cannot beat one shared queue (M/M/10 at ρ = 0.9: 1.67).
    assert!(least > 1.5, "least connections {least:.3} beats a single shared queue");
}

#[test]
fn weighted_round_robin_splits_by_weight() {
    // Weights 1 and 2 (and then 1, 2, 2, 1): smooth weighted round robin is exact to within one
    // request of the weight share, whatever the service times.
    for weights in [vec![1, 2], vec![1, 2, 2, 1], vec![3, 1]] {
        let total_weight: u32 = weights.iter().sum();
        let servers = weights.iter().map(|w| spec(MILLISECOND, *w)).collect();
        let mut w = world(servers, 500.0, Algorithm::WeightedRoundRobin, 1);
        w.advance_to(60 * SECOND);
        let served = drain(&mut w);
        let total: u64 = served.iter().sum();
        assert_eq!(total, w.metrics().arrived);
        assert_eq!(w.metrics().dropped_total(), 0);
        println!("weights {weights:?}: served {served:?} of {total}");
        for (weight, count) in weights.iter().zip(&served) {
            let share = total as f64 * *weight as f64 / total_weight as f64;
            assert!(
                (*count as f64 - share).abs() <= 1.0 + 1e-9,
                "a weight-{weight} server served {count}, expected {share:.1} of {total}"
            );
        }
    }
}

#[test]
fn round_robin_deals_equally() {
    // Unequal servers (one is ten times slower) still get equal counts: round robin ignores load.
    let mut servers = vec![spec(MILLISECOND, 1); 4];
    servers.push(spec(10 * MILLISECOND, 1));
    let mut w = world(servers, 400.0, Algorithm::RoundRobin, 2);
    w.advance_to(50 * SECOND);
    let served = drain(&mut w);
    let counts: Vec<u64> = w.servers().iter().map(|s| s.served + s.dropped).collect();
    println!("round robin, 5 servers: served {served:?}");
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(max - min <= 1, "round robin counts {counts:?} differ by more than one");
    assert_eq!(counts.iter().sum::<u64>(), w.metrics().arrived);
}

#[test]
fn client_hash_keeps_each_client_on_one_server() {
    // With real link delays the requests on the balancer → server link can be watched: every
    // request of a client must be heading to that client's server.
    let mut w = World::new(WorldConfig {
        seed: 3,
        arrival_rate: 400.0,
        clients: 40,
        algorithm: Algorithm::ClientHash,
        servers: vec![spec(MILLISECOND, 1); 4],
        links: Links { client_to_balancer: 5 * MILLISECOND, balancer_to_server: 5 * MILLISECOND },
        ..WorldConfig::default()
    });
    let mut home: HashMap<u32, ServerId> = HashMap::new();
    let mut seen = 0;
    for ms in 1..=20_000 {
        w.advance_to(ms * MILLISECOND);
        for r in w.moving() {
            if let Leg::ToServer(server) | Leg::ToClient(server) = r.leg {
                seen += 1;
                let first = *home.entry(r.client).or_insert(server);
                assert_eq!(
                    first, server,
                    "client {} went to server {} and to server {}",
                    r.client, first.0, server.0
                );
            }
        }
    }
    assert!(seen > 10_000, "watched only {seen} request legs");
    assert_eq!(home.len(), 40, "every client should have been seen");
    // The 40 clients spread over all 4 servers, so every server served someone.
    let served: Vec<u64> = w.servers().iter().map(|s| s.served).collect();
    println!("client hash, 40 clients on 4 servers: served {served:?}");
    assert!(served.iter().all(|s| *s > 0), "some server got no client: {served:?}");
}

/// `n` up servers with ids 0..n, for calling the balancer directly.
fn up_servers(n: u32) -> (Vec<Server>, Vec<ServerId>) {
    let servers =
        (0..n).map(|i| Server::new(ServerId(i), spec(MILLISECOND, 1), ServerStatus::Up, 0)).collect();
    (servers, (0..n).map(ServerId).collect())
}

#[test]
fn client_hash_is_rendezvous_hashing() {
    const CLIENTS: u32 = 20_000;
    let mut rng = Pcg64Mcg::seed_from_u64(1);
    let mut balancer = Balancer::new(Algorithm::ClientHash);
    let (servers, routable) = up_servers(11);
    let mut pick =
        |routable: &[ServerId], client| balancer.pick(routable, &servers, client, &mut rng).unwrap();

    let before: Vec<ServerId> = (0..CLIENTS).map(|c| pick(&routable[..10], c)).collect();
    // Asking again gives the same answers: the choice depends only on the client and servers.
    assert!((0..CLIENTS).all(|c| pick(&routable[..10], c) == before[c as usize]));
    // Clients spread evenly: each of 10 servers gets about 2000 (binomial sd ≈ 42).
    let mut load = [0u32; 10];
    before.iter().for_each(|s| load[s.index()] += 1);
    assert!(load.iter().all(|n| (1_750..=2_250).contains(n)), "uneven spread {load:?}");

    // Adding server 10 moves only the clients that now score highest on it: about 1/11.
    let after: Vec<ServerId> = (0..CLIENTS).map(|c| pick(&routable, c)).collect();
    let moved: Vec<u32> = (0..CLIENTS).filter(|c| before[*c as usize] != after[*c as usize]).collect();
    let fraction = moved.len() as f64 / CLIENTS as f64;
    println!(
        "rendezvous: adding an 11th server moved {:.2}% of clients (ideal {:.2}%)",
        100.0 * fraction,
        100.0 / 11.0
    );
    assert!((fraction - 1.0 / 11.0).abs() < 0.02, "adding a server moved {fraction:.4} of clients");
    assert!(moved.iter().all(|c| after[*c as usize] == ServerId(10)), "a client moved between old servers");

    // Removing server 3 moves only server 3's clients, and they spread over the others.
    let without: Vec<ServerId> = routable.iter().copied().filter(|id| id.0 != 3).collect();
    let mut spread = HashMap::new();
    for c in 0..CLIENTS {
        let now = pick(&without, c);
        if after[c as usize] == ServerId(3) {
            *spread.entry(now).or_insert(0) += 1;
        } else {
            assert_eq!(now, after[c as usize], "client {c} moved though its server stayed");
        }
    }
    assert_eq!(spread.len(), 10, "server 3's clients should spread over all ten others");
}

/// A balancer running `algorithm` whose active counts are `active` (by server id), reached by
/// dealing round robin and releasing the surplus, as responses coming back would.
fn balancer_with(algorithm: Algorithm, active: &[u32], servers: &[Server], rng: &mut Pcg64Mcg) -> Balancer {
    let routable: Vec<ServerId> = (0..active.len() as u32).map(ServerId).collect();
    let most = *active.iter().max().unwrap();
    let mut balancer = Balancer::new(Algorithm::RoundRobin);
    for _ in 0..most as usize * active.len() {
        balancer.pick(&routable, servers, 0, rng);
    }
    for (i, n) in active.iter().enumerate() {
        (0..most - n).for_each(|_| balancer.release(ServerId(i as u32)));
    }
    balancer.set_algorithm(algorithm);
    assert!(routable.iter().zip(active).all(|(id, n)| balancer.active(*id) == *n));
    balancer
}

#[test]
fn deterministic_algorithms_ignore_the_rng_and_power_of_two_picks_the_less_loaded() {
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let (servers, routable) = up_servers(5);
    // Round robin cycles through the routable list in order.
    let mut rr = Balancer::new(Algorithm::RoundRobin);
    let picks: Vec<u32> = (0..10).map(|_| rr.pick(&routable, &servers, 0, &mut rng).unwrap().0).collect();
    assert_eq!(picks, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    // Least connections takes the fewest active; servers 1 and 3 tie, and the tie is shared.
    let mut least = balancer_with(Algorithm::LeastConnections, &[3, 1, 4, 1, 5], &servers, &mut rng);
    let first = least.pick(&routable, &servers, 0, &mut rng).unwrap();
    least.release(first);
    let second = least.pick(&routable, &servers, 0, &mut rng).unwrap();
    assert_eq!([first.0.min(second.0), first.0.max(second.0)], [1, 3], "ties rotate between 1 and 3");
    // The power of two never picks the busiest of the pair: server 4 (5 active) is always
    // beaten, and with two servers the less loaded one always wins.
    let mut two = balancer_with(Algorithm::PowerOfTwo, &[3, 1, 4, 1, 5], &servers, &mut rng);
    for _ in 0..1_000 {
        let pick = two.pick(&routable, &servers, 0, &mut rng).unwrap();
        assert_ne!(pick, ServerId(4));
        two.release(pick);
        let pick = two.pick(&[ServerId(2), ServerId(3)], &servers, 0, &mut rng).unwrap();
        assert_eq!(pick, ServerId(3));
        two.release(pick);
    }
    // No routable server: no pick, for every algorithm.
    for algorithm in Algorithm::ALL {
        assert_eq!(Balancer::new(algorithm).pick(&[], &servers, 0, &mut rng), None);
    }
}

#[test]
fn least_connections_weighs_connections_by_weight_and_shares_ties() {
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    // Weight 1 with 2 active (2 per weight) against weight 2 with 3 active (1.5 per weight).
    let servers = vec![
        Server::new(ServerId(0), spec(MILLISECOND, 1), ServerStatus::Up, 0),
        Server::new(ServerId(1), spec(MILLISECOND, 2), ServerStatus::Up, 0),
    ];
    let routable = [ServerId(0), ServerId(1)];
    let mut least = balancer_with(Algorithm::LeastConnections, &[2, 3], &servers, &mut rng);
    assert_eq!(least.pick(&routable, &servers, 0, &mut rng), Some(ServerId(1)));
    // With nothing active anywhere every server ties: picks go round all of them, by weight.
    let (equal, all) = up_servers(4);
    let mut least = Balancer::new(Algorithm::LeastConnections);
    let mut counts = [0; 4];
    for _ in 0..400 {
        let pick = least.pick(&all, &equal, 0, &mut rng).unwrap();
        counts[pick.index()] += 1;
        least.release(pick);
    }
    assert_eq!(counts, [100; 4]);
}

#[test]
fn least_connections_spreads_evenly_at_light_load() {
    // Four equal servers at 25% load: most requests find every server idle, so the tie-break
    // decides. Ties rotate, so each server serves about a quarter.
    let mut w = World::new(WorldConfig {
        seed: 11,
        arrival_rate: 20.0,
        algorithm: Algorithm::LeastConnections,
        servers: vec![ServerSpec::preset(ServerSize::Small); 4],
        ..WorldConfig::default()
    });
    w.advance_to(300 * SECOND);
    let served: Vec<u64> = w.servers().iter().map(|s| s.served).collect();
    let mean = served.iter().sum::<u64>() as f64 / 4.0;
    println!("least connections at 25% load: served {served:?}");
    assert!(served.iter().all(|s| (*s as f64 - mean).abs() < 0.06 * mean), "uneven: {served:?}");
}

#[test]
fn weight_aware_algorithms_load_a_small_and_a_large_server_alike() {
    // One small (2 workers, weight 1) and one large (4 workers, weight 2) server at 80% of their
    // 60 req/s: weighing connections (and hash scores) by weight keeps both near 80% busy.
    for algorithm in [Algorithm::LeastConnections, Algorithm::ClientHash, Algorithm::PowerOfTwo] {
        let mut w = World::new(WorldConfig {
            seed: 5,
            arrival_rate: 48.0,
            algorithm,
            servers: vec![ServerSpec::preset(ServerSize::Small), ServerSpec::preset(ServerSize::Large)],
            ..WorldConfig::default()
        });
        w.advance_to(600 * SECOND);
        let now = w.now();
        let busy: Vec<f64> = w
            .servers()
            .iter()
            .map(|s| s.busy_time(now) as f64 / (s.spec.workers as f64 * now as f64))
            .collect();
        println!("{}: small {:.3}, large {:.3} busy", algorithm.name(), busy[0], busy[1]);
        assert!(busy[0] < 0.9, "{}: the small server is {:.3} busy", algorithm.name(), busy[0]);
        assert!((busy[0] - busy[1]).abs() < 0.12, "{}: {busy:.3?}", algorithm.name());
    }
}

#[test]
fn the_balancer_counts_a_request_until_its_response_passes_back() {
    // One server, fixed 100 ms service, 20 ms between balancer and server: the balancer still
    // counts the request for 20 ms after the server finishes.
    let mut w = World::new(WorldConfig {
        seed: 2,
        arrival_rate: 0.5,
        servers: vec![ServerSpec {
            distribution: ServiceDistribution::Fixed,
            ..ServerSpec::preset(ServerSize::Small)
        }],
        ..WorldConfig::default()
    });
    let server = ServerId(0);
    let mut checked = 0;
    while checked < 5 && w.now() < 600 * SECOND {
        let before = w.servers()[0].served;
        let time = w.step();
        if w.servers()[0].served > before && w.servers()[0].outstanding == 0 {
            assert_eq!(w.balancer_active(server), 1, "released at {time} µs, when the server finished");
            w.advance_to(time + 19 * MILLISECOND);
            assert_eq!(w.balancer_active(server), 1, "released before the response reached the balancer");
            w.advance_to(time + 20 * MILLISECOND);
            assert_eq!(w.balancer_active(server), 0, "not released when the response passed back");
            checked += 1;
        }
    }
    assert_eq!(checked, 5);
}
