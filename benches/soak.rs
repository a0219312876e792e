//! Memory over a long run of the native engine: one simulated hour at the highest arrival rate
//! ([`MAX_ARRIVAL_RATE`], 200,000 requests per simulated second) against 32 large servers that
//! can serve all of it, with the fleet churning all along: every 10 simulated seconds a server
//! is added (it boots first) and the oldest one still taking traffic is removed (it drains).
//!
//! Each server has 50 workers at a mean of 5 ms (10,000 requests per simulated second), so the
//! 32 together serve 320,000 a second and run at about 62% load; links keep their defaults
//! (60 ms and 20 ms), so about 34,000 requests are in flight at any moment.
//!
//! It prints the process's resident memory (VmRSS, and its peak VmHWM, from `/proc/self/status`)
//! after a 10-second warm-up, at each simulated 10 minutes and at the end, with the requests
//! simulated and the wall time. `SOAK_SECONDS` sets the simulated span (default 3600), so a short
//! slice runs fast: `SOAK_SECONDS=120 cargo bench --bench soak`.
//!
//! Run with `cargo bench --bench soak`. This prints figures; it asserts nothing.

use std::collections::VecDeque;
use std::time::Instant;

use ds_playground::sim::config::MAX_ARRIVAL_RATE;
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::{
    Algorithm, Command, ServerId, ServerSize, ServerSpec, ServiceDistribution, World, WorldConfig,
};

/// Servers taking traffic at any time (one more while a new one boots and an old one drains).
const SERVERS: usize = 32;

/// Simulated seconds between two changes of the fleet (one added, the oldest removed).
const CHURN_EVERY: u64 = 10;

/// Simulated seconds run before the first reading, so links and queues are full.
const WARM_UP_SECONDS: u64 = 10;

/// Simulated seconds between two readings.
const REPORT_EVERY: u64 = 600;

/// One large server: 50 workers at a mean of 5 ms, a queue of 10 per worker.
fn spec() -> ServerSpec {
    ServerSpec {
        size: ServerSize::Large,
        workers: 50,
        mean_service: 5 * MILLISECOND,
        distribution: ServiceDistribution::Exponential,
        queue_capacity: 500,
        weight: 1,
    }
}

/// The resident set size and its peak, in MiB, from `/proc/self/status` (zeros elsewhere).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn reading(label: &str, world: &World, start: Instant) {
    let (rss, hwm) = memory();
    let m = world.metrics();
    println!(
        "soak (cargo bench --bench soak), {label}: simulated {} s, RSS {rss:.1} MiB (peak {hwm:.1} MiB); \
         {} requests, {} served, {} dropped, {} in flight; {} servers ever added; wall {:.1} s",
        world.now() / SECOND,
        m.arrived,
        m.served,
        m.dropped_total(),
        world.in_flight(),
        world.servers().len(),
        start.elapsed().as_secs_f64(),
    );
}

fn main() {
    let seconds: u64 = match std::env::var("SOAK_SECONDS") {
        Ok(s) => s.parse().expect("SOAK_SECONDS is a whole number of simulated seconds"),
        Err(_) => 3_600,
    };
    println!(
        "soak (cargo bench --bench soak): {seconds} simulated s at {MAX_ARRIVAL_RATE:.0} requests per simulated \
         second, {SERVERS} servers of 50 workers at 5 ms, one added and the oldest removed every \
         {CHURN_EVERY} simulated s"
    );
    let start = Instant::now();
    let mut world = World::new(WorldConfig {
        seed: 1,
        arrival_rate: MAX_ARRIVAL_RATE,
        algorithm: Algorithm::PowerOfTwo,
        servers: vec![spec(); SERVERS],
        ..WorldConfig::default()
    });
    // Ids are handed out in order and never reused: the first servers are 0..SERVERS.
    let mut fleet: VecDeque<ServerId> = (0..SERVERS as u32).map(ServerId).collect();
    let warm_up = WARM_UP_SECONDS.min(seconds);
    world.advance_to(warm_up * SECOND);
    reading("start, after the warm-up", &world, start);
    let (arrived_at_start, timed) = (world.metrics().arrived, Instant::now());

    let mut second = warm_up;
    while second < seconds {
        let next = (second + CHURN_EVERY - second % CHURN_EVERY).min(seconds);
        world.advance_to(next * SECOND);
        second = next;
        if second.is_multiple_of(CHURN_EVERY) && second < seconds {
            let id = ServerId(world.servers().len() as u32);
            world.apply(Command::AddServer { spec: spec(), boot: true }).expect("room for one more");
            fleet.push_back(id);
            let oldest = fleet.pop_front().expect("the fleet is never empty");
            world.apply(Command::RemoveServer(Some(oldest))).expect("the oldest server can leave");
        }
        if second.is_multiple_of(REPORT_EVERY) && second < seconds {
            reading(&format!("{} simulated minutes", second / 60), &world, start);
        }
    }
    reading("end", &world, start);
    let requests = world.metrics().arrived - arrived_at_start;
    let wall = timed.elapsed().as_secs_f64();
    println!(
        "soak (cargo bench --bench soak): {requests} requests simulated after the warm-up in {wall:.1} s, \
         {:.2} M simulated requests per wall second",
        requests as f64 / wall / 1e6
    );
}
