//! Load-balancing algorithms: which server gets the next request.

use rand_pcg::Pcg64Mcg;

use super::draw::below;
use super::placed::PlacedQueue;
use super::schedule::Place;
use super::server::{Server, ServerId};

/// The load balancer's rule for choosing a server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Algorithm {
    /// Each server in turn. The default.
    #[default]
    RoundRobin,
    /// In turn, but bigger servers get more turns (smooth weighted round robin).
    WeightedRoundRobin,
    /// A server picked uniformly at random.
    Random,
    /// The server with the fewest active requests for its weight (nginx's `least_conn`); ties
    /// are broken by weighted round robin among the tied servers.
    LeastConnections,
    /// Two distinct servers picked at random; the one with fewer active requests for its weight
    /// wins (Envoy's least request with two choices).
    PowerOfTwo,
    /// The same client always goes to the same server (weighted rendezvous hashing).
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
                "Sends each request to the server with the fewest requests still open, for its weight."
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
    /// Requests forwarded to each server (by id) whose response has not yet passed back through
    /// the balancer.
    active: Vec<u32>,
    /// Responses (and refusals) on their way back, in the order they pass the balancer: each
    /// ends its request's count there when the run reaches its place (see [`Balancer::settle`]).
    /// Kept here rather than as scheduled actions, as there is one for every request.
    returning: PlacedQueue<ServerId>,
}

impl Balancer {
    /// A balancer that starts with `algorithm`.
    pub fn new(algorithm: Algorithm) -> Self {
        Balancer {
            algorithm,
            cursor: 0,
            current_weight: Vec::new(),
            active: Vec::new(),
            returning: PlacedQueue::default(),
        }
    }

    /// Switches algorithm; the new one starts fresh (the active counts carry over: they are
    /// facts, not choices).
    pub fn set_algorithm(&mut self, algorithm: Algorithm) {
        self.algorithm = algorithm;
        self.cursor = 0;
        self.current_weight.iter_mut().for_each(|w| *w = 0);
    }

    /// Requests active at server `id`, as the balancer counts them.
    pub fn active(&self, id: ServerId) -> u32 {
        self.active.get(id.index()).copied().unwrap_or(0)
    }

    /// The response (or refusal) of one request to `id` passes back through the balancer now.
    pub fn release(&mut self, id: ServerId) {
        if let Some(n) = self.active.get_mut(id.index()) {
            *n = n.saturating_sub(1);
        }
    }

    /// The response (or refusal) of one request to `id` will pass back through the balancer at
    /// `place` in the run order; it stops counting the request then.
    #[inline]
    pub fn release_at(&mut self, place: Place, id: ServerId) {
        self.returning.push(place, id);
    }

    /// Ends the count of every response that passed back before `place` in the run order.
    #[inline(always)]
    pub fn settle(&mut self, place: Place) {
        while let Some((_, id)) = self.returning.pop_before(place) {
            self.release(id);
        }
    }

    /// The next response to pass back through the balancer: its place in the run order and its
    /// server.
    pub fn next_return(&self) -> Option<(Place, ServerId)> {
        self.returning.peek()
    }

    /// Picks a server among `routable` (ids in ascending order) for a request from `client`, and
    /// counts the request as active there. Returns `None` when no server can take traffic.
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
        let highest = routable[n - 1].index();
        if self.active.len() <= highest {
            self.active.resize(highest + 1, 0);
        }
        let weight = |id: ServerId| u64::from(servers[id.index()].spec.weight.max(1));
        // a is less loaded than b: active / weight compared by cross-multiplying (exact).
        let active = &self.active;
        let load = |id: ServerId| u64::from(active[id.index()]);
        let lighter = |a: ServerId, b: ServerId| load(a) * weight(b) < load(b) * weight(a);
        let chosen = match self.algorithm {
            Algorithm::RoundRobin => {
                let id = routable[self.cursor % n];
                self.cursor = (self.cursor + 1) % n;
                id
            }
            Algorithm::WeightedRoundRobin => self.smooth_weighted(routable.iter().copied(), servers),
            Algorithm::Random => routable[below(rng, n as u32) as usize],
            Algorithm::LeastConnections => {
                let best =
                    routable.iter().copied().fold(routable[0], |b, id| if lighter(id, b) { id } else { b });
                let tied: Vec<ServerId> = routable.iter().copied().filter(|id| !lighter(best, *id)).collect();
                self.smooth_weighted(tied.into_iter(), servers)
            }
            Algorithm::PowerOfTwo if n == 1 => routable[0],
            Algorithm::PowerOfTwo => {
                let i = below(rng, n as u32) as usize;
                // Draw the second from the other n - 1 servers so the two are distinct.
                let mut j = below(rng, n as u32 - 1) as usize;
                if j >= i {
                    j += 1;
                }
                let (a, b) = (routable[i], routable[j]);
                if lighter(b, a) {
                    b
                } else {
                    a
                }
            }
            // Weighted rendezvous hashing: each (client, server) pair gets a score
            // -weight / ln(h), h uniform in (0, 1); the highest wins, so adding a server moves
            // only the clients that now score highest on it, and a weight-2 server gets twice
            // the clients.
            Algorithm::ClientHash => routable
                .iter()
                .copied()
                .map(|id| (id, rendezvous_score(client, id, weight(id))))
                .fold(None, |best: Option<(ServerId, f64)>, (id, score)| match best {
                    Some((_, top)) if top >= score => best,
                    _ => Some((id, score)),
                })
                .map_or(routable[0], |(id, _)| id),
        };
        self.active[chosen.index()] += 1;
        Some(chosen)
    }

    /// nginx's smooth weighted round robin over `candidates`: every candidate gains its weight,
    /// the highest score wins and pays back the candidates' total, which interleaves picks
    /// instead of bunching them.
    fn smooth_weighted(
        &mut self,
        candidates: impl Iterator<Item = ServerId>,
        servers: &[Server],
    ) -> ServerId {
        let mut total = 0;
        let mut best: Option<ServerId> = None;
        for id in candidates {
            if self.current_weight.len() <= id.index() {
                self.current_weight.resize(id.index() + 1, 0);
            }
            let weight = i64::from(servers[id.index()].spec.weight.max(1));
            total += weight;
            self.current_weight[id.index()] += weight;
            if best.is_none_or(|b| self.current_weight[id.index()] > self.current_weight[b.index()]) {
                best = Some(id);
            }
        }
        let best = best.expect("at least one candidate");
        self.current_weight[best.index()] -= total;
        best
    }
}

/// A client's weighted rendezvous score on a server: -weight / ln(h) with h in (0, 1) drawn
/// from a hash of the pair.
fn rendezvous_score(client: u32, id: ServerId, weight: u64) -> f64 {
    let hash = mix((u64::from(client) << 32) ^ u64::from(id.0));
    // The top 53 bits, offset by half a step, give a uniform h strictly inside (0, 1).
    let h = ((hash >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    -(weight as f64) / h.ln()
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit hash.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}
