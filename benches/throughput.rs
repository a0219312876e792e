//! Throughput of the native simulation engine: simulated requests per wall-clock second with 10
//! and with 100 servers, each pool at 80% load, under power of two choices and round robin.
//!
//! Both pools have the same total capacity (100 000 requests per simulated second: 10 servers
//! of 10 workers, or 100 servers of 1 worker, all with a mean service time of 1 ms), so both are
//! fed the same 80 000 requests per simulated second and the ratio between them shows what the
//! number of servers itself costs. Links keep their default delays (60 ms and 20 ms), as in the
//! playground, so about 13 000 requests are in flight at any moment.
//!
//! Two last cases put a database tier behind the 100 servers, and then authentication (every
//! request's token checked, users signing in as their tokens expire) with TLS end to end, each
//! compared with the same run without it.
//!
//! Run with `cargo bench --bench throughput`. This prints figures; it asserts nothing.

use std::hint::black_box;
use std::time::Instant;

use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::security::{AuthConfig, TlsConfig, TlsMode};
use ds_playground::sim::storage::StorageConfig;
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::{Algorithm, ServerSize, ServerSpec, ServiceDistribution, World, WorldConfig};

/// Total capacity of each pool, in requests per simulated second.
const CAPACITY: f64 = 100_000.0;

/// Fraction of capacity the clients ask for.
const LOAD: f64 = 0.8;

/// Simulated seconds run before timing starts, so queues and links are filled.
const WARM_UP_SECONDS: u64 = 1;

/// Simulated seconds timed per case.
const TIMED_SECONDS: u64 = 10;

/// One measurement.
struct Measurement {
    requests: u64,
    wall_seconds: f64,
}

impl Measurement {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.wall_seconds
    }
}

/// A database tier that keeps up with the pool: a primary and two replicas, 400 workers each at
/// 5 ms a query (80 000 queries per simulated second per node), asynchronous replication.
fn database() -> DatabaseConfig {
    let storage = StorageConfig { replicas: 2, ..StorageConfig::default() };
    DatabaseConfig { storage, workers: 400, queue_capacity: 4_000, ..DatabaseConfig::default() }
}

/// Runs `servers` servers sharing [`CAPACITY`] at [`LOAD`] under `algorithm`, behind them
/// `database` if any, with authentication and TLS end to end when `secure`, and times it.
fn measure(
    servers: u32,
    algorithm: Algorithm,
    database: Option<DatabaseConfig>,
    secure: bool,
) -> Measurement {
    let workers = 100 / servers;
    let spec = ServerSpec {
        size: ServerSize::Large,
        workers,
        mean_service: MILLISECOND,
        distribution: ServiceDistribution::Exponential,
        queue_capacity: 100 * workers,
        weight: 1,
    };
    let mut world = World::new(WorldConfig {
        seed: 1,
        arrival_rate: LOAD * CAPACITY,
        algorithm,
        servers: vec![spec; servers as usize],
        database,
        auth: secure.then(AuthConfig::default),
        tls: if secure {
            TlsConfig { mode: TlsMode::EndToEnd, ..TlsConfig::default() }
        } else {
            TlsConfig::default()
        },
        ..WorldConfig::default()
    });
    world.advance_to(WARM_UP_SECONDS * SECOND);
    let arrived = world.metrics().arrived;
    let start = Instant::now();
    world.advance_to((WARM_UP_SECONDS + TIMED_SECONDS) * SECOND);
    let wall_seconds = start.elapsed().as_secs_f64();
    black_box(world.digest());
    Measurement { requests: world.metrics().arrived - arrived, wall_seconds }
}

fn main() {
    println!(
        "Native engine throughput: {TIMED_SECONDS} simulated seconds per case at {:.0} requests per simulated second",
        LOAD * CAPACITY
    );
    for algorithm in [Algorithm::PowerOfTwo, Algorithm::RoundRobin] {
        let mut rates = Vec::new();
        for servers in [10, 100] {
            let m = measure(servers, algorithm, None, false);
            println!(
                "{servers} servers, {}, {:.0}% load: {:.2} M simulated requests per wall second ({} requests in {:.3} s)",
                algorithm.slug(),
                LOAD * 100.0,
                m.rate() / 1e6,
                m.requests,
                m.wall_seconds,
            );
            rates.push(m.rate());
        }
        println!("{}: 100 servers / 10 servers = {:.2}", algorithm.slug(), rates[1] / rates[0]);
    }
    let bare = measure(100, Algorithm::PowerOfTwo, None, false);
    let with_db = measure(100, Algorithm::PowerOfTwo, Some(database()), false);
    let secure = measure(100, Algorithm::PowerOfTwo, None, true);
    println!(
        "100 servers, power-of-two, with a database tier (3 nodes, 20% writes): {:.2} M simulated requests per wall \
         second; with / without the database = {:.2}",
        with_db.rate() / 1e6,
        with_db.rate() / bare.rate()
    );
    println!(
        "100 servers, power-of-two, with authentication and TLS end to end: {:.2} M simulated requests per wall \
         second; with / without = {:.2}",
        secure.rate() / 1e6,
        secure.rate() / bare.rate()
    );
}
