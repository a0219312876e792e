//! Conservation: every request that arrives is, at every moment, exactly one of served, dropped,
//! failed (with its reason) or in flight, and the servers' and database nodes' own counts agree
//! with what is in flight — whatever the learner does, to the servers or to the database tier.
//! Removing servers drains them without losing a request, and the server limits are enforced
//! without side effects.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use ds_playground::sim::command::NodeRef;
use ds_playground::sim::config::ChaosConfig;
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::server::Server;
use ds_playground::sim::storage::{DiskState, NodeId, Replication, StorageConfig};
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{
    Algorithm, Command, CommandError, DropReason, EventKind, FailReason, Leg, Links, ServerId, ServerSize,
    ServerSpec, ServerStatus, ServiceDistribution, World, WorldConfig,
};

/// Failure reasons that happen at the database stage, after a server served the request.
const DATABASE_FAILURES: [FailReason; 4] = [
    FailReason::DatabaseDown,
    FailReason::DatabaseCrashed,
    FailReason::DatabaseBusy,
    FailReason::WriteRefused,
];

/// Checks every bookkeeping invariant that can be observed from outside the world, where no
/// server ever crashed.
fn check_invariants(world: &World) {
    check_invariants_with(world, false);
}

/// Checks every bookkeeping invariant that can be observed from outside the world; with
/// `crashes`, servers may have crashed (chaos was on) and been restored.
fn check_invariants_with(world: &World, crashes: bool) {
    let metrics = world.metrics();
    let in_flight = world.in_flight() as u64;
    let failed: u64 = FailReason::ALL.iter().map(|r| metrics.failed(*r)).sum();
    assert_eq!(failed, metrics.failed_total(), "every failure has one reason");
    assert_eq!(
        metrics.arrived,
        metrics.served + metrics.dropped_total() + failed + in_flight,
        "arrived ≠ served + dropped + failed + in flight at {} µs",
        world.now()
    );
    if !crashes {
        assert_eq!(
            metrics.dropped(DropReason::NoServer),
            0,
            "a request found no server though one was always up"
        );
        // No server crashed: only the database tier fails requests.
        assert_eq!(metrics.failed(FailReason::ServerCrashed) + metrics.failed(FailReason::ServerDown), 0);
    }

    // Requests on the links, by leg.
    let servers = world.servers();
    let nodes = world.database().map_or(0, |db| db.storage.nodes().len());
    let (mut to_balancer, mut to_client, mut retrying) = (0u64, 0u64, 0u64);
    let (mut to_database, mut from_database) = (0u64, 0u64);
    let mut to_server = vec![0u32; servers.len()];
    for r in world.moving() {
        match r.leg {
            Leg::ToBalancer => to_balancer += 1,
            Leg::ToServer(id) => to_server[id.index()] += 1,
            Leg::ToClient(_) => to_client += 1,
            Leg::Retrying(_) => retrying += 1,
            Leg::ToDatabase(server, node) | Leg::FromDatabase(node, server) => {
                assert!(node.index() < nodes, "a query on its way to or from node {} of {nodes}", node.0);
                assert!(server.index() < servers.len(), "a query of an unknown server {}", server.0);
                match r.leg {
                    Leg::ToDatabase(..) => to_database += 1,
                    _ => from_database += 1,
                }
            }
        }
        assert!(r.start <= world.now() && world.now() <= r.end, "a request is off its link: {r:?}");
    }

    let mut outstanding = 0u64;
    for (i, s) in servers.iter().enumerate() {
        assert_eq!(s.id, ServerId(i as u32), "ids are positions in the server list");
        assert!(s.busy <= s.spec.workers, "server {i} has {} busy of {} workers", s.busy, s.spec.workers);
        assert!(s.queue.len() as u32 <= s.spec.queue_capacity, "server {i}'s queue is over capacity");
        assert!(s.queue.is_empty() || s.busy == s.spec.workers, "server {i} queues work with a worker free");
        assert_eq!(
            s.outstanding,
            to_server[i] + s.queue.len() as u32 + s.busy,
            "server {i}: outstanding ≠ on the way + queued + in service"
        );
        match s.status {
            ServerStatus::Starting { ready_at } => {
                assert!(ready_at > world.now(), "server {i} should have finished booting");
                assert_eq!(s.outstanding, 0, "booting server {i} has work");
            }
            ServerStatus::Up => {}
            ServerStatus::Draining => {
                assert!(s.outstanding > 0, "idle server {i} is still draining")
            }
            ServerStatus::Removed => {
                assert_eq!(s.outstanding, 0, "removed server {i} still has work")
            }
            ServerStatus::Down { .. } => {
                assert_eq!((s.busy, s.queue.len()), (0, 0), "crashed server {i} still works")
            }
        }
        outstanding += s.outstanding as u64;
    }

    // Queries at the database nodes: in service or waiting, only at running nodes.
    let mut at_database = 0u64;
    if let Some(db) = world.database() {
        let config = db.config();
        for (i, (station, node)) in db.stations.iter().zip(db.storage.nodes()).enumerate() {
            assert!(station.busy <= config.workers, "node {i} has {} busy workers", station.busy);
            assert!(station.queue.len() as u32 <= config.queue_capacity, "node {i}'s queue is over capacity");
            assert!(
                station.queue.is_empty() || station.busy == config.workers,
                "node {i} queues with a worker free"
            );
            if !node.is_up() {
                assert_eq!(station.load(), 0, "stopped node {i} still holds queries");
            }
            at_database += station.load() as u64;
        }
        // Every query a node finished was a read, an acknowledged write or a refused one.
        let finished: u64 = db.stations.iter().map(|s| s.served).sum();
        let acknowledged = db.storage.ledger().len() as u64;
        assert_eq!(finished, metrics.reads + acknowledged + metrics.failed(FailReason::WriteRefused));
        assert!(metrics.stale_reads <= metrics.reads);
        assert!(db.storage.ledger().lost_count() as u64 <= acknowledged);
    } else {
        let at_db: u64 = DATABASE_FAILURES.iter().map(|r| metrics.failed(*r)).sum();
        assert_eq!(at_db + to_database + from_database + metrics.reads, 0, "no database, no queries");
    }
    let after_servers = to_database + at_database + from_database;
    assert_eq!(
        in_flight,
        to_balancer + outstanding + to_client + retrying + after_servers,
        "in flight ≠ on links + at servers + at the database"
    );

    // Server totals agree with the world's: a request a server finished is on its way back, at
    // the database, served, or failed there.
    let failed_at_database: u64 = DATABASE_FAILURES.iter().map(|r| metrics.failed(*r)).sum();
    assert_eq!(
        servers.iter().map(|s| s.served).sum::<u64>(),
        metrics.served + to_client + after_servers + failed_at_database
    );
    assert_eq!(servers.iter().map(|s| s.dropped).sum::<u64>(), metrics.dropped(DropReason::QueueFull));

    // The balancer's list is exactly the up servers, in id order; with crashes, a crashed server
    // stays in it until its health checks catch it, and a restored one joins once they pass.
    let up: Vec<ServerId> = servers.iter().filter(|s| s.status == ServerStatus::Up).map(|s| s.id).collect();
    if crashes {
        let routable = world.routable();
        assert!(routable.windows(2).all(|w| w[0] < w[1]), "the balancer's list is in id order");
        for id in routable {
            let s = &servers[id.index()];
            assert!(
                s.status == ServerStatus::Up || s.is_down(),
                "server {} is routable as {:?}",
                id.0,
                s.status
            );
        }
        let never_down = servers.iter().filter(|s| s.status == ServerStatus::Up && s.restored_at.is_none());
        assert!(never_down.clone().all(|s| routable.contains(&s.id)), "an up server is out of rotation");
    } else {
        assert_eq!(world.routable(), up.as_slice());
        assert!(!up.is_empty(), "no server is up");
    }
    assert!(servers.iter().filter(|s| s.is_present()).count() <= 100);
}

/// What a refused command must leave untouched.
fn fingerprint(world: &World) -> impl PartialEq + std::fmt::Debug {
    let servers: Vec<(ServerStatus, u32, u64)> =
        world.servers().iter().map(|s| (s.status, s.outstanding, s.served)).collect();
    (
        world.digest(),
        world.events().total(),
        world.config().clone(),
        world.routable().to_vec(),
        servers,
        world.now(),
    )
}

/// One thing the learner (or time) does.
#[derive(Clone, Debug)]
enum Op {
    Add {
        large: bool,
        boot: bool,
    },
    /// Remove the newest server (`None`) or the server at this position, modulo the count.
    Remove(Option<u32>),
    Algorithm(usize),
    Rate(f64),
    Burst,
    Autoscaling(bool),
    Target(f64),
    Advance(Micros),
    /// Fail this disk of this database node (numbers up to one past the largest, to be refused).
    FailDisk(u32, usize),
    /// Replace this disk of this database node.
    ReplaceDisk(u32, usize),
    /// Crash the primary (`None`) or this database node.
    CrashDatabase(Option<u32>),
    /// Restore the primary (`None`) or this database node.
    RestoreDatabase(Option<u32>),
    /// Replicate synchronously (`true`) or asynchronously.
    Replication(bool),
    /// Disks fail and are replaced at random with these means, in ms (servers never crash), or
    /// chaos is off.
    DiskChaos(Option<(u64, u64)>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<bool>(), any::<bool>()).prop_map(|(large, boot)| Op::Add { large, boot }),
        3 => prop::option::of(0..64u32).prop_map(Op::Remove),
        2 => (0..Algorithm::ALL.len()).prop_map(Op::Algorithm),
        // Zero, light, heavy and far-beyond-capacity rates, plus two out of range.
        2 => prop::sample::select(vec![0.0, 5.0, 40.0, 150.0, 800.0, 4_000.0, -1.0, 1e9]).prop_map(Op::Rate),
        1 => Just(Op::Burst),
        2 => any::<bool>().prop_map(Op::Autoscaling),
        1 => prop::sample::select(vec![0.3, 0.7, 0.95, 0.0, 1.5]).prop_map(Op::Target),
        6 => (1..5_000u64).prop_map(|ms| Op::Advance(ms * MILLISECOND)),
    ]
}

fn command(world: &World, op: &Op) -> Option<Command> {
    let size = |large| {
        if large {
            ServerSize::Large
        } else {
            ServerSize::Small
        }
    };
    Some(match *op {
        Op::Add { large, boot } => Command::AddServer { spec: ServerSpec::preset(size(large)), boot },
        Op::Remove(None) => Command::RemoveServer(None),
        Op::Remove(Some(i)) => Command::RemoveServer(Some(ServerId(i % world.servers().len() as u32))),
        Op::Algorithm(i) => Command::SetAlgorithm(Algorithm::ALL[i]),
        Op::Rate(rate) => Command::SetArrivalRate(rate),
        Op::Burst => Command::Burst,
        Op::Autoscaling(on) => Command::SetAutoscaling(on),
        Op::Target(target) => Command::SetTargetUtilization(target),
        Op::Advance(_) => return None,
        Op::FailDisk(node, disk) => Command::FailDisk { node: NodeRef::Node(NodeId(node)), disk },
        Op::ReplaceDisk(node, disk) => Command::ReplaceDisk { node: NodeRef::Node(NodeId(node)), disk },
        Op::CrashDatabase(node) => Command::CrashDatabase(node_ref(node)),
        Op::RestoreDatabase(node) => Command::RestoreDatabase(node_ref(node)),
        Op::Replication(sync) => {
            Command::SetReplication(if sync { Replication::Sync } else { Replication::Async })
        }
        Op::DiskChaos(means) => Command::SetChaos(means.map(|(mtbf, mttr)| ChaosConfig {
            // Servers last as long as chaos allows: a million seconds on average.
            server_mtbf: 1_000_000 * SECOND,
            server_mttr: SECOND,
            disk_mtbf: mtbf * MILLISECOND,
            disk_mttr: mttr * MILLISECOND,
        })),
    })
}

fn node_ref(node: Option<u32>) -> NodeRef {
    node.map_or(NodeRef::Primary, |n| NodeRef::Node(NodeId(n)))
}

/// What the learner does to a world with a database: anything of [`op`], and to the database.
fn database_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => op(),
        3 => (0..4u32, 0..4usize).prop_map(|(n, d)| Op::FailDisk(n, d)),
        3 => (0..4u32, 0..4usize).prop_map(|(n, d)| Op::ReplaceDisk(n, d)),
        2 => prop::option::of(0..4u32).prop_map(Op::CrashDatabase),
        2 => prop::option::of(0..4u32).prop_map(Op::RestoreDatabase),
        1 => any::<bool>().prop_map(Op::Replication),
        1 => prop::option::of((100..20_000u64, 100..5_000u64)).prop_map(Op::DiskChaos),
    ]
}

/// A database tier of any shape, small enough to fill up and fail requests now and then.
fn database() -> impl Strategy<Value = DatabaseConfig> {
    let storage = (0..=2usize, any::<bool>(), 1..=3u8, 0..4usize, any::<bool>());
    let stations = (1..=4u32, 0..=20u32, any::<bool>(), 0..4usize, any::<bool>());
    (storage, stations).prop_map(
        |((replicas, sync, disks, lag, slow_rebuild), (workers, queue, slow, share, far))| {
            DatabaseConfig {
                storage: StorageConfig {
                    replicas,
                    // Synchronous replication needs a replica.
                    replication: if sync && replicas > 0 { Replication::Sync } else { Replication::Async },
                    replication_lag: [0, 50, 200, 1_000][lag] * MILLISECOND,
                    disks,
                    rebuild: if slow_rebuild { 5 * SECOND } else { 500 * MILLISECOND },
                },
                read_share: [0.0, 0.5, 0.8, 1.0][share],
                keys: if far { 10 } else { 1 },
                workers,
                mean_service: if slow { 20 * MILLISECOND } else { 2 * MILLISECOND },
                queue_capacity: queue,
                link: if far { 5 * MILLISECOND } else { 0 },
                failover_timeout: if slow { 3 * SECOND } else { 500 * MILLISECOND },
            }
        },
    )
}

/// Carries out `op` on `world`: advances time, or applies its command, which if refused must
/// change nothing.
fn play(world: &mut World, op: &Op) -> Result<(), TestCaseError> {
    match (op, command(world, op)) {
        (Op::Advance(by), _) => world.advance_to(world.now() + by),
        (_, Some(command)) => {
            let before = fingerprint(world);
            if world.apply(command.clone()).is_err() {
                prop_assert_eq!(before, fingerprint(world), "refused {:?} changed the world", command);
            }
        }
        (_, None) => unreachable!(),
    }
    Ok(())
}

/// Stops the clients and the autoscaler and runs for up to two simulated minutes while requests
/// are in flight, checking `invariants` every 100 ms.
fn drain(world: &mut World, invariants: impl Fn(&World)) {
    world.apply(Command::SetAutoscaling(false)).unwrap();
    world.apply(Command::SetArrivalRate(0.0)).unwrap();
    let until = world.now() + 120 * SECOND;
    while world.in_flight() > 0 && world.now() < until {
        world.advance_to(world.now() + 100 * MILLISECOND);
        invariants(world);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Failing cases are saved next to this file, as tests/conservation.proptest-regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn requests_are_conserved_under_any_commands(
        seed in any::<u64>(),
        initial in 1..4usize,
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let config = WorldConfig {
            seed,
            arrival_rate: 60.0,
            servers: vec![ServerSpec::preset(ServerSize::Small); initial],
            ..WorldConfig::default()
        };
        let mut world = World::new(config);
        check_invariants(&world);
        for op in &ops {
            play(&mut world, op)?;
            check_invariants(&world);
        }

        // Stop the clients and the autoscaler: everything in flight finishes, nothing is lost,
        // and every draining server is switched off.
        drain(&mut world, check_invariants);
        let metrics = world.metrics();
        prop_assert_eq!(world.in_flight(), 0);
        prop_assert_eq!(metrics.failed_total(), 0, "without a database nothing fails");
        prop_assert_eq!(metrics.arrived, metrics.served + metrics.dropped_total());
        prop_assert!(world.servers().iter().all(|s| s.status != ServerStatus::Draining && s.busy == 0));
    }

    #[test]
    fn requests_are_conserved_with_a_database_under_any_commands(
        seed in any::<u64>(),
        initial in 1..4usize,
        database in database(),
        ops in prop::collection::vec(database_op(), 1..60),
    ) {
        let config = WorldConfig {
            seed,
            arrival_rate: 60.0,
            servers: vec![ServerSpec::preset(ServerSize::Small); initial],
            database: Some(database),
            ..WorldConfig::default()
        };
        let mut world = World::new(config);
        // Chaos fails disks, and servers too, though rarely: their mean time between failures
        // is the longest chaos allows (a million seconds), but a thousand servers' draws add up.
        let mut crashes = false;
        check_invariants(&world);
        for op in &ops {
            crashes |= matches!(op, Op::DiskChaos(Some(_)));
            play(&mut world, op)?;
            check_invariants_with(&world, crashes);
        }

        // Stop the clients and the autoscaler: whatever the database's state, every request in
        // flight ends, served or failed with its reason.
        drain(&mut world, |w| check_invariants_with(w, crashes));
        let metrics = world.metrics();
        prop_assert_eq!(world.in_flight(), 0);
        prop_assert_eq!(metrics.arrived, metrics.served + metrics.dropped_total() + metrics.failed_total());
        let db = world.database().unwrap();
        prop_assert!(db.stations.iter().all(|s| s.load() == 0));
        // A disk is healthy, failed or rebuilding; a node without a healthy disk is down.
        for node in db.storage.nodes() {
            let healthy = node.disks().iter().filter(|d| **d == DiskState::Healthy).count();
            prop_assert_eq!(healthy, node.healthy_disks());
            prop_assert!(healthy > 0 || !node.is_up());
        }
    }
}

/// A one-worker, 1 ms server whose queue never overflows.
fn fast_server() -> ServerSpec {
    ServerSpec {
        size: ServerSize::Small,
        workers: 1,
        mean_service: MILLISECOND,
        distribution: ServiceDistribution::Exponential,
        queue_capacity: 100_000,
        weight: 1,
    }
}

#[test]
fn removing_busy_servers_loses_no_request() {
    for algorithm in [Algorithm::RoundRobin, Algorithm::PowerOfTwo] {
        // Four servers overloaded for two seconds build long queues, with requests still on the
        // way to every server when three of them are removed.
        let mut world = World::new(WorldConfig {
            seed: 4,
            arrival_rate: 6_000.0,
            algorithm,
            servers: vec![fast_server(); 4],
            links: Links { client_to_balancer: 10 * MILLISECOND, balancer_to_server: 10 * MILLISECOND },
            ..WorldConfig::default()
        });
        world.advance_to(2 * SECOND);
        let mut at_removal: Vec<(ServerId, u32, u64)> = Vec::new();
        for id in [1, 2, 3].map(ServerId) {
            let queued = world.servers()[id.index()].queue.len();
            assert!(queued > 100, "server {} should have a long queue, has {queued}", id.0);
            world.apply(Command::RemoveServer(Some(id))).unwrap();
            let s = &world.servers()[id.index()];
            assert_eq!(s.status, ServerStatus::Draining);
            at_removal.push((id, s.outstanding, s.served));
        }
        assert_eq!(world.routable(), &[ServerId(0)]);
        // The one server left can keep up with this.
        world.apply(Command::SetArrivalRate(700.0)).unwrap();

        // Step by step: a draining server is switched off at the very step its last request
        // finishes, not before and not after.
        let mut removed_at = [None; 4];
        while world.now() < 10 * SECOND {
            world.step();
            check_invariants(&world);
            for &(id, _, _) in &at_removal {
                let s = &world.servers()[id.index()];
                if s.status == ServerStatus::Removed && removed_at[id.index()].is_none() {
                    removed_at[id.index()] = Some(world.now());
                }
            }
        }
        for &(id, outstanding, served) in &at_removal {
            let s = &world.servers()[id.index()];
            assert_eq!(s.status, ServerStatus::Removed, "server {} never finished draining", id.0);
            assert_eq!(s.served - served, outstanding as u64, "server {} lost requests while draining", id.0);
            assert_eq!(s.dropped, 0);
            let removed = world.events().iter().find(|e| e.kind == EventKind::ServerRemoved { server: id });
            assert_eq!(
                removed.map(|e| e.time),
                removed_at[id.index()],
                "the removal is logged when it happens"
            );
        }
        assert_eq!(world.metrics().dropped(DropReason::QueueFull), 0);
        assert_eq!(world.metrics().dropped(DropReason::NoServer), 0);

        world.apply(Command::SetArrivalRate(0.0)).unwrap();
        world.advance_to(world.now() + 60 * SECOND);
        let m = world.metrics();
        assert_eq!(world.in_flight(), 0);
        assert_eq!(m.arrived, m.served, "{}: every request should have been served", algorithm.name());
    }
}

#[test]
fn server_limits_are_enforced_without_side_effects() {
    let mut world = World::new(WorldConfig {
        seed: 8,
        arrival_rate: 50.0,
        servers: vec![ServerSpec::preset(ServerSize::Small)],
        ..WorldConfig::default()
    });
    world.advance_to(SECOND);
    // From 1 to 100 servers.
    for i in 1..100 {
        let size = if i % 2 == 0 { ServerSize::Small } else { ServerSize::Large };
        world.apply(Command::AddServer { spec: ServerSpec::preset(size), boot: i % 3 == 0 }).unwrap();
        world.advance_to(world.now() + 10 * MILLISECOND);
        check_invariants(&world);
    }
    let present = |w: &World| w.servers().iter().filter(|s| s.is_present()).count();
    assert_eq!(present(&world), 100);
    // The 101st is refused, booting or not, and changes nothing.
    for boot in [false, true] {
        let before = fingerprint(&world);
        let refused = world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot });
        assert_eq!(refused, Err(CommandError::TooManyServers { max: 100 }));
        assert_eq!(before, fingerprint(&world));
    }
    world.advance_to(world.now() + 10 * SECOND);
    assert_eq!(world.routable().len(), 100, "all booting servers should be up by now");
    check_invariants(&world);

    // Back down to one.
    for _ in 1..100 {
        world.apply(Command::RemoveServer(None)).unwrap();
        world.advance_to(world.now() + 10 * MILLISECOND);
        check_invariants(&world);
    }
    assert_eq!(world.routable(), &[ServerId(0)]);
    // Removing the last up server is refused, by id or not, and changes nothing.
    for command in [Command::RemoveServer(None), Command::RemoveServer(Some(ServerId(0)))] {
        let before = fingerprint(&world);
        assert_eq!(world.apply(command), Err(CommandError::LastServer));
        assert_eq!(before, fingerprint(&world));
    }
    // So is removing one that is gone or never existed.
    for id in [ServerId(5), ServerId(1_000)] {
        let before = fingerprint(&world);
        assert_eq!(world.apply(Command::RemoveServer(Some(id))), Err(CommandError::NoSuchServer(id)));
        assert_eq!(before, fingerprint(&world));
    }
    world.advance_to(world.now() + 30 * SECOND);
    check_invariants(&world);
    assert_eq!(present(&world), 1, "drained servers should all be removed");
    assert_eq!(world.servers().len(), 100, "ids are never reused");

    // With one server up and one booting, removing without an id takes the booting one first;
    // then the last up server is protected again.
    world.apply(Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true }).unwrap();
    world.apply(Command::RemoveServer(None)).unwrap();
    assert_eq!(world.servers()[100].status, ServerStatus::Removed);
    assert_eq!(world.apply(Command::RemoveServer(None)), Err(CommandError::LastServer));
    world.advance_to(world.now() + 10 * SECOND);
    assert_eq!(
        world.servers()[100].status,
        ServerStatus::Removed,
        "a removed server must not finish booting"
    );
    assert_eq!(world.routable(), &[ServerId(0)]);
    check_invariants(&world);
}

#[test]
fn overload_drops_only_for_full_queues() {
    // Far beyond capacity every request is still accounted for: each one is served, dropped
    // because its server's queue was full, or in flight.
    let mut world = World::new(WorldConfig { seed: 6, arrival_rate: 2_000.0, ..WorldConfig::default() });
    for _ in 0..50 {
        world.advance_to(world.now() + 200 * MILLISECOND);
        check_invariants(&world);
    }
    let m = world.metrics();
    assert!(m.dropped(DropReason::QueueFull) > 15_000, "an overloaded world should drop");
    assert!(world
        .servers()
        .iter()
        .all(|s: &Server| s.queue.len() as u32 == s.spec.queue_capacity || s.saturated));
}
