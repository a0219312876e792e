//! The world: servers, a balancer and clients, advanced event by event in simulated time.
//!
//! `World` is the conductor: it owns the clock, the schedule, the RNG, the event log and the
//! digest, and dispatches each action to the part it belongs to: the request path in
//! [`flow`], the fleet of servers and the autoscaler in [`fleet`].

mod at_rest;
mod attack;
mod auth;
mod chaos;
mod database;
mod edge;
mod explain;
mod failures;
mod fleet;
mod flow;
mod query;
mod tls;

pub use at_rest::STOLEN_ROWS;
pub use explain::StepNote;
pub use tls::{CAPTURES_KEPT, CAPTURE_GAP};

use at_rest::AtRest;
use edge::EdgeNotes;
use tls::TlsState;

use std::collections::VecDeque;

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use super::attack::AttackConfig;
use super::autoscale::Autoscaler;
use super::balancer::Balancer;
use super::command::{Command, CommandError, NodeRef};
use super::config::{in_range, WorldConfig, MAX_ARRIVAL_RATE};
use super::database::Database;
use super::draw::Exponential;
use super::edge::Edge;
use super::event::{EventKind, EventLog};
use super::health::Health;
use super::metrics::Metrics;
use super::placed::PlacedQueue;
use super::request::{Leg, Loss, Phase, RequestView, Requests};
use super::schedule::{place_after, time_of, Action, Place, Schedule};
use super::server::{Server, ServerId, Usage};
use super::storage::NodeId;
use super::time::{Micros, SECOND};
use super::trace::TraceView;

/// How many recent drops the world remembers for the view to animate.
const RECENT_DROPS: usize = 256;

/// How many traces of requests that ended the world remembers for the learner to look up.
const RECENT_TRACES: usize = 512;

/// Retries the budget allows before any request has earned one.
const RETRY_TOKENS_AT_START: f64 = 10.0;

/// Most retries the budget saves up.
const RETRY_TOKENS_MOST: f64 = 100.0;

/// How long a removed server stays on stage, greyed, so the learner sees it leave (3 s).
pub const LINGER: Micros = 3 * SECOND;

/// A request that was dropped or failed, for drawing it falling away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropMark {
    /// When it ended, in simulated microseconds.
    pub time: Micros,
    /// The server where it ended, or `None` if it was dropped at the balancer.
    pub server: Option<ServerId>,
    /// How it ended.
    pub loss: Loss,
}

/// The whole simulated system.
#[derive(Debug)]
pub struct World {
    config: WorldConfig,
    now: Micros,
    rng: Pcg64Mcg,
    /// The clients' gaps between requests, kept for the arrival rate.
    arrival_draw: Exponential,
    /// Service times, kept for the mean service time last drawn.
    service_draw: Exponential,
    schedule: Schedule,
    /// Responses on their way to their clients (slots), each at its place in the run order: one
    /// for every request, so kept beside the schedule (see [`PlacedQueue`]).
    deliveries: PlacedQueue<u32>,
    servers: Vec<Server>,
    routable: Vec<ServerId>,
    balancer: Balancer,
    requests: Requests,
    metrics: Metrics,
    log: EventLog,
    recent_drops: VecDeque<DropMark>,
    arrival_epoch: u32,
    next_arrival: f64,
    burst_epoch: u32,
    burst_until: Option<Micros>,
    next_request_id: u64,
    autoscaler: Autoscaler,
    health: Health,
    /// The database tier behind the servers, if the world has one.
    database: Option<Database>,
    /// Whether retries are storming (see the `RetryStorm` event).
    retry_storm: bool,
    /// Retries the budget still allows (see [`super::config::RetryConfig`]).
    retry_tokens: f64,
    /// Usage of servers removed since the last tick, counted in the second they left.
    departed: Usage,
    /// The edge in front of the balancer: its connection table and defences.
    edge: Edge,
    /// The botnet's attack under way, if any.
    attack: Option<AttackConfig>,
    attack_epoch: u32,
    next_attack: f64,
    /// What the world keeps track of at the edge between two steps.
    edge_notes: EdgeNotes,
    /// Traces of the requests that ended most recently, oldest first.
    recent_traces: VecDeque<TraceView>,
    /// Authentication, while it is on.
    auth: Option<Box<auth::AuthState>>,
    /// TLS's connections and costs, and the eavesdropper.
    tls: TlsState,
    /// Encryption at rest and its key.
    at_rest: AtRest,
    second: u64,
    digest: u64,
    /// The place in the run order of the action running (or run last): the balancer's counts
    /// are settled up to it only where they are read, not before every action.
    place: Place,
}

impl World {
    /// A world at time zero built from `config`. Servers in the config are up at once.
    ///
    /// # Panics
    /// If `config` fails [`WorldConfig::check`]; [`crate::sim::scenario::parse`] checks it before
    /// building a config.
    pub fn new(config: WorldConfig) -> Self {
        if let Err((field, why)) = config.check() {
            panic!("invalid world config: {field}: {why}");
        }
        let mut world = World {
            rng: Pcg64Mcg::seed_from_u64(config.seed),
            arrival_draw: Exponential::default(),
            service_draw: Exponential::default(),
            balancer: Balancer::new(config.algorithm),
            now: 0,
            schedule: Schedule::default(),
            deliveries: PlacedQueue::default(),
            servers: Vec::new(),
            routable: Vec::new(),
            requests: Requests::default(),
            metrics: Metrics::default(),
            log: EventLog::default(),
            recent_drops: VecDeque::with_capacity(RECENT_DROPS),
            arrival_epoch: 0,
            next_arrival: 0.0,
            burst_epoch: 0,
            burst_until: None,
            next_request_id: 0,
            autoscaler: Autoscaler::default(),
            health: Health::default(),
            database: config.database.map(Database::new),
            retry_tokens: RETRY_TOKENS_AT_START,
            retry_storm: false,
            departed: Usage::default(),
            edge: Edge::new(config.edge, config.defences.clone()),
            attack: None,
            attack_epoch: 0,
            next_attack: 0.0,
            edge_notes: EdgeNotes::default(),
            recent_traces: VecDeque::with_capacity(RECENT_TRACES),
            auth: config.auth.map(|a| Box::new(auth::AuthState::new(a, config.seed, config.clients))),
            tls: TlsState::new(&config.tls),
            at_rest: AtRest::new(config.encryption_at_rest),
            second: 0,
            digest: DIGEST_START,
            place: 0,
            config,
        };
        for spec in world.config.servers.clone() {
            // Asserted rather than unwrapped: the error's debug form would bring float formatting
            // into the page.
            let added = world.add_server(spec, false);
            assert!(added.is_ok(), "initial servers are validated with the config");
        }
        // Chaos from the config starts on the disks too, as the servers' did when they were added.
        world.plan_every_disk();
        world.schedule.push(SECOND, Action::Tick);
        world.restart_arrivals();
        if let Some(attack) = world.config.attack {
            world.schedule.push(attack.start, Action::AttackStart);
        }

        world
    }

    /// Carries out `command` now. A refused command changes nothing.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        match command {
            Command::AddServer { spec, boot } => self.add_server(spec, boot).map(|_| ()),
            Command::RemoveServer(id) => self.remove_server(id),
            Command::CrashServer(id) => self.crash_server(id),
            Command::SetChaos(chaos) => {
                if let Some(c) = chaos {
                    check_range("chaos server MTBF (µs)", c.server_mtbf as f64, 1.0, 1e12)?;
                    check_range("chaos server MTTR (µs)", c.server_mttr as f64, 1.0, 1e12)?;
                    check_range("chaos disk MTBF (µs)", c.disk_mtbf as f64, 1.0, 1e12)?;
                    check_range("chaos disk MTTR (µs)", c.disk_mttr as f64, 1.0, 1e12)?;
                }
                self.set_chaos(chaos);
                Ok(())
            }
            Command::SetRetries(retries) => {
                check_range("retry attempts", f64::from(retries.max_attempts), 1.0, 5.0)?;
                check_range("retry budget", retries.budget, 0.0, 1.0)?;
                self.config.retries = retries;
                self.log.push(
                    self.now,
                    EventKind::RetriesChanged { max_attempts: retries.max_attempts, budget: retries.budget },
                );
                Ok(())
            }
            Command::RestoreServer(id) => self.restore_server(id),
            Command::FailDisk { node, disk } => self.fail_disk(node, disk),
            Command::ReplaceDisk { node, disk } => self.replace_disk(node, disk),
            Command::CrashDatabase(node) => self.crash_database(node),
            Command::RestoreDatabase(node) => self.restore_database(node),
            Command::SetReplication(mode) => self.set_replication(mode),
            Command::StartAttack(attack) => self.start_attack(attack),
            Command::StopAttack => self.stop_attack(),
            Command::SetDefence(setting) => self.set_defence(setting),
            Command::SetTls(tls) => self.set_tls(tls),
            Command::PlaceTap(tap) => {
                self.place_tap(tap);
                Ok(())
            }
            Command::SetAtRest(on) => self.set_at_rest(on),
            Command::DestroyAtRestKey => self.destroy_at_rest_key(),
            Command::SetAlgorithm(algorithm) => {
                self.balancer.set_algorithm(algorithm);
                self.config.algorithm = algorithm;
                self.log.push(self.now, EventKind::AlgorithmChanged { algorithm });
                Ok(())
            }
            Command::SetArrivalRate(rate) => {
                check_range("arrival rate (requests/s)", rate, 0.0, MAX_ARRIVAL_RATE)?;
                self.config.arrival_rate = rate;
                self.restart_arrivals();
                self.log.push(self.now, EventKind::ArrivalRateChanged { rate });
                Ok(())
            }
            Command::Burst => {
                let until = self.now + self.config.burst.duration;
                self.burst_epoch += 1;
                self.burst_until = Some(until);
                self.schedule.push(until, Action::BurstEnd { epoch: self.burst_epoch });
                self.restart_arrivals();
                self.log.push(self.now, EventKind::BurstStarted { rate: self.arrival_rate(), until });
                Ok(())
            }
            Command::SetAutoscaling(enabled) => {
                self.config.autoscale.enabled = enabled;
                self.autoscaler.reset();
                self.log_autoscaling();
                Ok(())
            }
            Command::SetTargetUtilization(target) => {
                check_range("target utilization", target, 0.05, 1.0)?;
                self.config.autoscale.target_utilization = target;
                self.log_autoscaling();
                Ok(())
            }
            Command::SetAuth(auth) => self.set_auth(auth),
            Command::StealToken { account } => self.steal_token(account),
            Command::RevokeTokens { account } => self.revoke_tokens(account),
            Command::SignIn { name, password } => self.sign_in(&name, &password),
            Command::Call { endpoint, token } => self.call(endpoint, token.as_deref()),
            Command::SignOut => self.sign_out(),
        }
    }

    /// Runs every action due up to and including `time`, then sets the clock to `time`.
    pub fn advance_to(&mut self, time: Micros) {
        self.advance_within(time, usize::MAX);
    }

    /// Like [`World::advance_to`], but runs at most `max_steps` actions. Returns `false` if it ran
    /// out first; the clock then stands at the last action run, so nothing is skipped and the
    /// world simply falls behind.
    pub fn advance_within(&mut self, time: Micros, max_steps: usize) -> bool {
        let limit = place_after(time);
        for _ in 0..max_steps {
            match self.pop_before(limit) {
                Some((place, action)) => self.run(place, action),
                None => {
                    self.reach(time);
                    return true;
                }
            }
        }
        let done = self.next_place() >= limit;
        if done {
            self.reach(time);
        } else {
            self.settle_balancer();
        }
        done
    }

    /// Brings the clock to `time` once every action due by then has run: the responses that
    /// passed back through the balancer meanwhile end their counts there.
    fn reach(&mut self, time: Micros) {
        self.now = self.now.max(time);
        self.balancer.settle(place_after(time));
    }

    /// Ends the balancer's count of every response that passed back through it before the
    /// action running (or run last): what the balancer knows when it picks, and what a step
    /// leaves it knowing.
    #[inline(always)]
    fn settle_balancer(&mut self) {
        self.balancer.settle(self.place);
    }

    /// Runs the next pending action alone and returns the time it happened.
    pub fn step(&mut self) -> Micros {
        let (place, action) = self.pop_before(Place::MAX).expect("the once-a-second tick is always pending");
        self.run(place, action);
        self.settle_balancer();
        time_of(place)
    }

    /// Takes the earliest pending action, scheduled or a delivery, if its place comes before
    /// `limit`.
    #[inline(always)]
    fn pop_before(&mut self, limit: Place) -> Option<(Place, Action)> {
        let delivery = self.deliveries.front_place();
        if let Some(next) = self.schedule.pop_before(limit.min(delivery)) {
            return Some(next);
        }
        let (place, slot) = self.deliveries.pop_before(limit)?;
        Some((place, Action::Delivered(slot)))
    }

    /// The earliest pending action, scheduled or a delivery, and its place.
    fn peek(&self) -> (Place, Action) {
        let scheduled = self.schedule.peek().expect("the once-a-second tick is always pending");
        match self.deliveries.peek() {
            Some((place, slot)) if place < scheduled.0 => (place, Action::Delivered(slot)),
            _ => scheduled,
        }
    }

    /// The place in the run order of the earliest pending action.
    fn next_place(&self) -> Place {
        self.deliveries.front_place().min(self.schedule.peek_place().unwrap_or(Place::MAX))
    }

    /// Runs `action`, at `place` in the run order.
    #[inline(always)]
    fn run(&mut self, place: Place, action: Action) {
        let time = time_of(place);
        self.now = time;
        self.place = place;
        self.fold(time);
        self.fold(action_code(action));
        self.handle(action);
    }

    /// When the next simulated action is due, in microseconds.
    pub fn next_time(&self) -> Micros {
        time_of(self.next_place())
    }

    /// The current simulated time, in microseconds.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// The settings in force (changed by commands as they are applied).
    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    /// The clients' arrival rate now, burst included, in requests per simulated second.
    /// A burst never takes it above [`MAX_ARRIVAL_RATE`].
    pub fn arrival_rate(&self) -> f64 {
        match self.burst_until {
            Some(_) => (self.config.arrival_rate * self.config.burst.multiplier).min(MAX_ARRIVAL_RATE),
            None => self.config.arrival_rate,
        }
    }

    /// When the flash crowd under way ends, in simulated microseconds.
    pub fn burst_until(&self) -> Option<Micros> {
        self.burst_until
    }

    /// Whether a flash crowd is under way.
    pub fn bursting(&self) -> bool {
        self.burst_until.is_some()
    }

    /// Every server ever added, by id (removed ones included, with status `Removed`).
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    /// The servers to draw, in id order: those starting, up or draining, and those removed less
    /// than [`LINGER`] ago (so the learner sees them leave).
    pub fn on_stage(&self) -> impl Iterator<Item = &Server> {
        let now = self.now;
        self.servers.iter().filter(move |s| s.removed_at.is_none_or(|t| now < t + LINGER))
    }

    /// The servers in the balancer's rotation that serve what they get (not those that crashed
    /// and have not been caught yet).
    pub fn serving(&self) -> impl Iterator<Item = &Server> {
        self.routable.iter().map(|id| &self.servers[id.index()]).filter(|s| s.serves())
    }

    /// Whether retries are storming: in a recent second they were at least half as many as new
    /// requests, and they have not yet fallen under a tenth.
    pub fn retry_storm(&self) -> bool {
        self.retry_storm
    }

    /// Whether the balancer believes server `id` is healthy and sends it requests.
    pub fn in_rotation(&self, id: ServerId) -> bool {
        self.routable.contains(&id)
    }

    /// Health checks passed in a row by server `id`, as the balancer counts them.
    pub fn health_passes(&self, id: ServerId) -> u32 {
        self.health.passes(id)
    }

    /// Requests the balancer has forwarded to `id` whose response has not yet come back
    /// through it (what least connections and power of two choices compare).
    pub fn balancer_active(&self, id: ServerId) -> u32 {
        self.balancer.active(id)
    }

    /// Ids of the servers in the balancer's rotation, ascending: those taking traffic, and any
    /// that crashed but that the health checks have not yet caught.
    pub fn routable(&self) -> &[ServerId] {
        &self.routable
    }

    /// The database tier, if the world has one.
    pub fn database(&self) -> Option<&Database> {
        self.database.as_ref()
    }

    /// The edge in front of the balancer: its connection table and the defences in force.
    pub fn edge(&self) -> &Edge {
        &self.edge
    }

    /// The botnet's attack under way, if any.
    pub fn attack(&self) -> Option<&AttackConfig> {
        self.attack.as_ref()
    }

    /// What is sent towards the uplink over what it carries, now (above 1, the excess is lost).
    pub fn uplink_load(&self) -> f64 {
        self.uplink_offered() / (self.edge.config().uplink_mbps * 1e6)
    }

    /// The trace of request `id`: while it is under way, or if it ended recently.
    pub fn trace(&self, id: u64) -> Option<TraceView> {
        let live = self.requests.iter().find(|r| r.id == id).map(|r| TraceView {
            id,
            origin: r.origin,
            address: r.address,
            trace: r.trace,
            ending: None,
            answer: r.call.answer(),
        });
        live.or_else(|| self.recent_traces.iter().rev().find(|t| t.id == id).copied())
    }

    /// The traces of the requests that ended most recently, oldest first.
    pub fn recent_traces(&self) -> impl DoubleEndedIterator<Item = &TraceView> {
        self.recent_traces.iter()
    }

    /// The counters and distributions.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The counters, mutably (reading windowed percentiles merges histograms).
    pub fn metrics_mut(&mut self) -> &mut Metrics {
        &mut self.metrics
    }

    /// The notable events so far (the most recent ones).
    pub fn events(&self) -> &EventLog {
        &self.log
    }

    /// Requests sent and not yet served, dropped or failed.
    pub fn in_flight(&self) -> usize {
        self.requests.len()
    }

    /// Requests travelling on a link right now, for drawing.
    pub fn moving(&self) -> impl Iterator<Item = RequestView> + '_ {
        self.requests.iter().filter_map(|r| {
            let leg = match (r.phase, r.server) {
                (Phase::ToBalancer, _) => Leg::ToBalancer,
                (Phase::ToServer, Some(s)) => Leg::ToServer(s),
                (Phase::ToClient, Some(s)) => Leg::ToClient(s),
                (Phase::Retrying, Some(s)) => Leg::Retrying(s),
                (Phase::ToDatabase, Some(s)) => Leg::ToDatabase(s, r.node?),
                (Phase::FromDatabase, Some(s)) => Leg::FromDatabase(r.node?, s),
                _ => return None,
            };
            Some(RequestView {
                id: r.id,
                client: r.client,
                attack: r.origin.is_attack(),
                leg,
                start: r.phase_start,
                end: r.phase_end,
            })
        })
    }

    /// The most recent drops, oldest first.
    pub fn recent_drops(&self) -> impl DoubleEndedIterator<Item = &DropMark> {
        self.recent_drops.iter()
    }

    /// A fingerprint of every action run so far and its outcome: two runs with equal digests
    /// took the same steps at the same times.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    #[inline(always)]
    fn handle(&mut self, action: Action) {
        match action {
            Action::Arrival { epoch } if epoch == self.arrival_epoch => self.arrive(),
            Action::Arrival { .. } => {}
            Action::ReachBalancer(slot) if self.requests.get_mut(slot).phase == Phase::ToBalancer => {
                self.reach_edge(slot)
            }
            Action::ReachBalancer(slot) => self.route(slot),
            Action::ReachServer(slot) => self.admit(slot),
            Action::ServiceDone { slot, id, attempt } => {
                if self.in_service(slot, id, attempt) {
                    self.finish_service(slot);
                }
            }
            Action::Delivered(slot) => self.deliver(slot),
            Action::ServerReady { server, at } => self.server_ready(server, at),
            Action::BurstEnd { epoch } if epoch == self.burst_epoch => {
                self.burst_until = None;
                self.restart_arrivals();
                self.log.push(self.now, EventKind::BurstEnded);
            }
            Action::BurstEnd { .. } => {}
            Action::Tick => self.tick(),
            Action::ChaosCrash { server, plan } if self.chaos_plan_current(server, plan) => {
                let _ = self.crash_server(server);
            }
            Action::ChaosRestore { server, plan } if self.chaos_plan_current(server, plan) => {
                let _ = self.restore_server(server);
            }
            Action::ChaosCrash { .. } | Action::ChaosRestore { .. } => {}
            Action::HealthCheck(id) => self.health_check(id),
            Action::HealthProbe { server, sent } => self.health_probe(server, sent),
            Action::HealthResult { server, pass } => self.health_result(server, pass),
            Action::ReachDatabase(slot) => self.reach_database(slot),
            Action::DatabaseDone { slot, id } => self.finish_query(slot, id),
            Action::BackFromDatabase(slot) => self.back_from_database(slot),
            Action::FailoverDue => self.failover_due(),
            Action::StorageDue => self.storage_due(),
            Action::ChaosDiskFail { node, disk, plan } if self.disk_plan_current(node, disk, plan) => {
                let _ = self.fail_disk(NodeRef::Node(NodeId(node.into())), disk.into());
            }
            Action::ChaosDiskReplace { node, disk, plan } if self.disk_plan_current(node, disk, plan) => {
                let _ = self.replace_disk(NodeRef::Node(NodeId(node.into())), disk.into());
            }
            Action::ChaosDiskFail { .. } | Action::ChaosDiskReplace { .. } => {}
            Action::AttackArrival { epoch } if epoch == self.attack_epoch => self.attack_arrive(),
            Action::AttackArrival { .. } => {}
            Action::AttackStart => self.scenario_attack_starts(),
            Action::EdgeSweep => self.sweep(),
            Action::EdgeDispatch => self.dispatch(),
        }
    }

    /// Whether a completion planned for request `id`'s attempt `attempt` in `slot` still
    /// stands: a crash fails the requests in service, and a retry may put the slot's request in
    /// service elsewhere, which makes the old completion stale.
    fn in_service(&self, slot: u32, id: u64, attempt: u8) -> bool {
        self.requests
            .get(slot)
            .is_some_and(|r| r.id == id && r.attempts == attempt && r.phase == Phase::InService)
    }

    fn log_autoscaling(&mut self) {
        let a = self.config.autoscale;
        self.log.push(
            self.now,
            EventKind::AutoscalingChanged { enabled: a.enabled, target: a.target_utilization },
        );
    }

    /// Folds `value` into the trace digest: a word at a time, as rustc's FxHash does (one
    /// rotation, one exclusive or and one multiplication: the digest is folded twice per action).
    #[inline]
    fn fold(&mut self, value: u64) {
        self.digest = (self.digest.rotate_left(5) ^ value).wrapping_mul(DIGEST_MULTIPLIER);
    }
}

/// The digest of a world that has run nothing.
const DIGEST_START: u64 = 0xcbf2_9ce4_8422_2325;
/// FxHash's odd multiplier, which spreads each word over the digest's higher bits.
const DIGEST_MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// A number that tells actions (and their slots or servers) apart in the digest.
fn action_code(action: Action) -> u64 {
    let (tag, payload) = match action {
        Action::Arrival { epoch } => (1, epoch as u64),
        Action::ReachBalancer(slot) => (2, slot as u64),
        Action::ReachServer(slot) => (3, slot as u64),
        Action::ServiceDone { slot, .. } => (4, slot as u64),
        Action::Delivered(slot) => (5, slot as u64),
        Action::ServerReady { server, .. } => (6, server.0 as u64),
        Action::BurstEnd { epoch } => (7, epoch as u64),
        Action::Tick => (8, 0),
        Action::HealthCheck(id) => (10, id.0 as u64),
        Action::HealthProbe { server, .. } => (14, server.0 as u64),
        Action::ChaosCrash { server, .. } => (12, server.0 as u64),
        Action::ChaosRestore { server, .. } => (13, server.0 as u64),
        Action::HealthResult { server, pass } => (11, (server.0 as u64) << 1 | pass as u64),
        Action::ReachDatabase(slot) => (15, slot as u64),
        Action::DatabaseDone { slot, .. } => (16, slot as u64),
        Action::BackFromDatabase(slot) => (17, slot as u64),
        Action::FailoverDue => (18, 0),
        Action::StorageDue => (19, 0),
        Action::ChaosDiskFail { node, disk, .. } => (20, u64::from(node) << 8 | u64::from(disk)),
        Action::ChaosDiskReplace { node, disk, .. } => (21, u64::from(node) << 8 | u64::from(disk)),
        Action::AttackArrival { epoch } => (22, epoch as u64),
        Action::AttackStart => (23, 0),
        Action::EdgeSweep => (24, 0),
        Action::EdgeDispatch => (25, 0),
    };
    tag << 56 | payload
}

fn check_range(what: &'static str, value: f64, min: f64, max: f64) -> Result<(), CommandError> {
    in_range(value, min, max).map(|_| ()).map_err(|_| CommandError::OutOfRange { what, value, min, max })
}
