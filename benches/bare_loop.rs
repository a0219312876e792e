//! A bare event loop of the bundled scenario `static/scenarios/hundred-servers.json`, for scale:
//! how fast the same model runs with nothing but a heap of events, a random number generator and
//! three counters, against the playground's engine (`target/release/simulate` on that scenario).
//!
//! The model is the engine's (src/sim/world/flow.rs, edge.rs, balancer.rs): Poisson arrivals at
//! 1,800 requests per simulated second from 1,000 clients (one drawn uniformly per request);
//! 60 ms to the balancer, which sends each request to the one of two distinct servers drawn at
//! random with fewer active requests (forwarded, and not yet back through the balancer; ties to
//! the first drawn); 20 ms to the server: 2 workers, exponential service with mean 100 ms, a
//! FIFO queue of 20 beyond them, and a request that finds it full is dropped, its refusal taking
//! 20 ms back to the balancer; a response takes 20 ms back to the balancer, where the active
//! count drops, and 60 ms to the client, where it is served.
//!
//! It keeps the engine's events per request (the arrival, reaching the balancer, reaching the
//! server, the end of service, the response or refusal back at the balancer, the delivery), its
//! clock (whole microseconds, arrivals kept in floating point so rounding never drifts) and its
//! generator (`Pcg64Mcg`), and nothing else: no edge, no metrics beyond served, dropped and the
//! latency sum, no digest.
//!
//! Run with `cargo bench --bench bare_loop`. This prints figures; it asserts nothing.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hint::black_box;
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;

/// Microseconds in a simulated second.
const SECOND: u64 = 1_000_000;

/// Simulated seconds run, as `simulate static/scenarios/hundred-servers.json --seconds 3600`.
const SECONDS: u64 = 3_600;

/// The scenario's seed.
const SEED: u64 = 42;

const ARRIVAL_RATE: f64 = 1_800.0;
const CLIENTS: u32 = 1_000;
const SERVERS: usize = 100;
const WORKERS: u32 = 2;
const QUEUE: usize = 20;
const MEAN_SERVICE: f64 = 100_000.0;
const CLIENT_TO_BALANCER: u64 = 60_000;
const BALANCER_TO_SERVER: u64 = 20_000;

/// What happens next; a request carries when it was sent and, once routed, its server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// A client sends a request, and the next one is drawn.
    Arrival,
    /// A request reaches the balancer.
    ReachBalancer { sent: u64 },
    /// A request reaches its server.
    ReachServer { sent: u64, server: u32 },
    /// A worker of `server` finishes a request.
    ServiceDone { sent: u64, server: u32 },
    /// A response or a refusal from `server` passes back through the balancer.
    Released { server: u32 },
    /// A response reaches its client.
    Delivered { sent: u64 },
}

#[derive(Default)]
struct Server {
    busy: u32,
    /// Send times of the requests waiting, oldest first.
    queue: VecDeque<u64>,
}

struct Model {
    heap: BinaryHeap<Reverse<(u64, u64, Event)>>,
    seq: u64,
    rng: Pcg64Mcg,
    servers: Vec<Server>,
    active: Vec<u32>,
    next_arrival: f64,
    gap: Exp<f64>,
    service: Exp<f64>,
    arrived: u64,
    served: u64,
    dropped: u64,
    latency_sum: u64,
}

impl Model {
    fn new() -> Self {
        let mut model = Model {
            heap: BinaryHeap::new(),
            seq: 0,
            rng: Pcg64Mcg::seed_from_u64(SEED),
            servers: (0..SERVERS).map(|_| Server::default()).collect(),
            active: vec![0; SERVERS],
            next_arrival: 0.0,
            gap: Exp::new(ARRIVAL_RATE / SECOND as f64).expect("positive rate"),
            service: Exp::new(1.0 / MEAN_SERVICE).expect("positive rate"),
            arrived: 0,
            served: 0,
            dropped: 0,
            latency_sum: 0,
        };
        model.schedule_arrival(0);
        model
    }

    fn push(&mut self, time: u64, event: Event) {
        self.heap.push(Reverse((time, self.seq, event)));
        self.seq += 1;
    }

    fn schedule_arrival(&mut self, now: u64) {
        self.next_arrival += self.gap.sample(&mut self.rng);
        let at = (self.next_arrival.round() as u64).max(now);
        self.push(at, Event::Arrival);
    }

    fn start_service(&mut self, now: u64, sent: u64, server: u32) {
        let duration = self.service.sample(&mut self.rng).round() as u64;
        self.servers[server as usize].busy += 1;
        self.push(now + duration, Event::ServiceDone { sent, server });
    }

    fn run(&mut self, until: u64) {
        while let Some(&Reverse((now, _, event))) = self.heap.peek() {
            if now > until {
                break;
            }
            self.heap.pop();
            match event {
                Event::Arrival => {
                    black_box(self.rng.random_range(0..CLIENTS));
                    self.arrived += 1;
                    self.push(now + CLIENT_TO_BALANCER, Event::ReachBalancer { sent: now });
                    self.schedule_arrival(now);
                }
                Event::ReachBalancer { sent } => {
                    let i = self.rng.random_range(0..SERVERS);
                    let mut j = self.rng.random_range(0..SERVERS - 1);
                    if j >= i {
                        j += 1;
                    }
                    let server = if self.active[j] < self.active[i] { j } else { i };
                    self.active[server] += 1;
                    let server = server as u32;
                    self.push(now + BALANCER_TO_SERVER, Event::ReachServer { sent, server });
                }
                Event::ReachServer { sent, server } => {
                    let s = &mut self.servers[server as usize];
                    if s.busy < WORKERS {
                        self.start_service(now, sent, server);
                    } else if s.queue.len() < QUEUE {
                        s.queue.push_back(sent);
                    } else {
                        self.dropped += 1;
                        self.push(now + BALANCER_TO_SERVER, Event::Released { server });
                    }
                }
                Event::ServiceDone { sent, server } => {
                    let s = &mut self.servers[server as usize];
                    s.busy -= 1;
                    let next = s.queue.pop_front();
                    self.push(now + BALANCER_TO_SERVER, Event::Released { server });
                    self.push(now + BALANCER_TO_SERVER + CLIENT_TO_BALANCER, Event::Delivered { sent });
                    if let Some(waiting) = next {
                        self.start_service(now, waiting, server);
                    }
                }
                Event::Released { server } => self.active[server as usize] -= 1,
                Event::Delivered { sent } => {
                    self.served += 1;
                    self.latency_sum += now - sent;
                }
            }
        }
    }
}

fn main() {
    let mut model = Model::new();
    let start = Instant::now();
    model.run(SECONDS * SECOND);
    let wall = start.elapsed().as_secs_f64();
    let m = &model;
    println!(
        "bare loop (cargo bench --bench bare_loop): {:.2} M simulated requests per wall second ({} requests in \
         {wall:.3} s, {SECONDS} simulated s); served {} ({:.2}%), dropped {}, in flight {}, mean latency {:.1} ms",
        m.arrived as f64 / wall / 1e6,
        m.arrived,
        m.served,
        100.0 * m.served as f64 / m.arrived.max(1) as f64,
        m.dropped,
        m.arrived - m.served - m.dropped,
        m.latency_sum as f64 / m.served.max(1) as f64 / 1e3,
    );
}
