//! Load-balancing algorithms: which server gets the next request.

use rand::RngExt;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::server::{Server, ServerId};

/// The load balancer's rule for choosing a server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Each server in turn. The default.
    #[default]
    RoundRobin,
    /// In turn, but bigger servers get more turns (smooth weighted round robin).
    WeightedRoundRobin,
    /// A server picked uniformly at random.
    Random,
    /// The server with the fewest requests outstanding.
    LeastConnections,
    /// Two servers picked at random; the less loaded one wins.
    PowerOfTwo,
    /// The same client always goes to the same server (rendezvous hashing).
    ClientHash,
}

impl Algorithm {
    /// Every algorithm, in the order the UI lists them.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::RoundRobin,
        Algorithm::WeightedRoundRobin,
        Algorithm::Random,
        Algorithm::LeastConnections,
        Algorithm::PowerOfTwo,
        Algorithm::ClientHash,
    ];

    /// The stable identifier used in scenarios and URLs, such as `power-of-two`.
    pub fn slug(self) -> &'static str {
        match self {
            Algorithm::RoundRobin => "round-robin",
            Algorithm::WeightedRoundRobin => "weighted-round-robin",
            Algorithm::Random => "random",
            Algorithm::LeastConnections => "least-connections",
            Algorithm::PowerOfTwo => "power-of-two",
            Algorithm::ClientHash => "client-hash",
        }
    }

    /// The algorithm with this slug, if any.
    pub fn from_slug(slug: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// The human name, such as "Power of two choices".
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RoundRobin => "Round robin",
            Algorithm::WeightedRoundRobin => "Weighted round robin",
            Algorithm::Random => "Random",
            Algorithm::LeastConnections => "Least connections",
            Algorithm::PowerOfTwo => "Power of two choices",
            Algorithm::ClientHash => "Client hash (sticky)",
        }
    }

    /// One line on how it works, for the learner.
    pub fn explanation(self) -> &'static str {
        match self {
            Algorithm::RoundRobin => {
                "Deals requests to servers in turn, like cards, ignoring how busy each one is."
            }
            Algorithm::WeightedRoundRobin => {
                "Deals in turn, but a weight-2 server gets two requests for every one a weight-1 server gets."
            }
            Algorithm::Random => {
                "Sends each request to a server picked at random: simple, but queues grow unevenly."
            }
            Algorithm::LeastConnections => {
                "Sends each request to the server with the fewest requests still open."
            }
            Algorithm::PowerOfTwo => {
                "Picks two servers at random and uses the less busy one: nearly as good as checking them all."
            }
            Algorithm::ClientHash => {
                "Hashes the client's id so each client keeps landing on the same server (sticky sessions)."
            }
        }
    }
}

/// The balancer's memory between choices.
#[derive(Clone, Debug)]
pub struct Balancer {
    algorithm: Algorithm,
    /// Next position for round robin, as an index into the routable list.
    cursor: usize,
    /// Smooth weighted round robin's running score, by server id.
    current_weight: Vec<i64>,
}

impl Balancer {
    /// A balancer that starts with `algorithm`.
    pub fn new(algorithm: Algorithm) -> Self {
        Balancer { algorithm, cursor: 0, current_weight: Vec::new() }
    }

    /// Switches algorithm; the new one starts fresh.
    pub fn set_algorithm(&mut self, algorithm: Algorithm) {
        self.algorithm = algorithm;
        self.cursor = 0;
        self.current_weight.iter_mut().for_each(|w| *w = 0);
    }

    /// Picks a server among `routable` (ids in ascending order) for a request from `client`.
    /// Returns `None` when no server can take traffic.
    pub fn pick(
        &mut self,
        routable: &[ServerId],
        servers: &[Server],
        client: u32,
        rng: &mut Pcg64Mcg,
    ) -> Option<ServerId> {
        let n = routable.len();
        if n == 0 {
            return None;
        }
        let outstanding = |id: ServerId| servers[id.index()].outstanding;
        let chosen = match self.algorithm {
            Algorithm::RoundRobin => {
                let id = routable[self.cursor % n];
                self.cursor = (self.cursor + 1) % n;
                id
            }
            Algorithm::WeightedRoundRobin => self.smooth_weighted(routable, servers),
            Algorithm::Random => routable[rng.random_range(0..n)],
            // Ties go to the lowest id, so the choice is reproducible.
            Algorithm::LeastConnections => {
                routable.iter().copied().min_by_key(|id| (outstanding(*id), *id)).unwrap_or(routable[0])
            }
            Algorithm::PowerOfTwo if n == 1 => routable[0],
            Algorithm::PowerOfTwo => {
                let i = rng.random_range(0..n);
                // Draw the second from the other n - 1 servers so the two are distinct.
                let mut j = rng.random_range(0..n - 1);
                if j >= i {
                    j += 1;
                }
                let (a, b) = (routable[i], routable[j]);
                if outstanding(b) < outstanding(a) {
                    b
                } else {
                    a
                }
            }
            // Rendezvous hashing: each (client, server) pair gets a score and the highest wins,
            // so adding a server moves only the clients that now score highest on it.
            Algorithm::ClientHash => routable
                .iter()
                .copied()
                .max_by_key(|id| mix((u64::from(client) << 32) ^ u64::from(id.0)))
                .unwrap_or(routable[0]),
        };
        Some(chosen)
    }

    /// nginx's smooth weighted round robin: every server gains its weight, the highest score
    /// wins and pays back the total, which interleaves picks instead of bunching them.
    fn smooth_weighted(&mut self, routable: &[ServerId], servers: &[Server]) -> ServerId {
        let highest = routable.iter().map(|id| id.index()).max().unwrap_or(0);
        if self.current_weight.len() <= highest {
            self.current_weight.resize(highest + 1, 0);
        }
        let mut total = 0;
        let mut best = routable[0];
        for &id in routable {
            let weight = i64::from(servers[id.index()].spec.weight.max(1));
            total += weight;
            self.current_weight[id.index()] += weight;
            if self.current_weight[id.index()] > self.current_weight[best.index()] {
                best = id;
            }
        }
        self.current_weight[best.index()] -= total;
        best
    }
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit hash.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}
