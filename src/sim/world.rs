//! The world: servers, a balancer and clients, advanced event by event in simulated time.

use std::collections::VecDeque;

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;

use super::autoscale::desired_servers;
use super::balancer::Balancer;
use super::command::{Command, CommandError};
use super::config::{in_range, ServerSpec, ServiceDistribution, WorldConfig, MAX_ARRIVAL_RATE, MAX_SERVERS};
use super::event::{EventKind, EventLog};
use super::metrics::Metrics;
use super::request::{DropReason, Leg, Phase, Request, RequestView, Requests};
use super::schedule::{Action, Schedule};
use super::server::{Server, ServerId, ServerStatus};
use super::time::{Micros, SECOND};

/// How many recent drops the world remembers for the view to animate.
const RECENT_DROPS: usize = 256;

/// Seconds of history the autoscaler averages utilization over.
const AUTOSCALE_LOOKBACK: usize = 5;

/// A request that was dropped, for drawing it falling away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropMark {
    /// When it was dropped, in simulated microseconds.
    pub time: Micros,
    /// The server whose queue was full, or `None` if it was dropped at the balancer.
    pub server: Option<ServerId>,
    /// Why.
    pub reason: DropReason,
}

/// The whole simulated system.
#[derive(Debug)]
pub struct World {
    config: WorldConfig,
    now: Micros,
    rng: Pcg64Mcg,
    schedule: Schedule,
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
    last_scaled: Option<Micros>,
    second: u64,
    digest: u64,
}

impl World {
    /// A world at time zero built from `config`. Servers in the config are up at once.
    ///
    /// # Panics
    /// If a server in `config` fails [`ServerSpec::check`] or there are more than
    /// [`MAX_SERVERS`]; [`crate::sim::scenario::parse`] checks both before building a config.
    pub fn new(config: WorldConfig) -> Self {
        let mut world = World {
            rng: Pcg64Mcg::seed_from_u64(config.seed),
            balancer: Balancer::new(config.algorithm),
            now: 0,
            schedule: Schedule::default(),
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
            last_scaled: None,
            second: 0,
            digest: FNV_OFFSET,
            config,
        };
        for spec in world.config.servers.clone() {
            world.add_server(spec, false).expect("initial servers are validated with the config");
        }
        world.schedule.push(SECOND, Action::Tick);
        world.restart_arrivals();
        world
    }

    /// Carries out `command` now. A refused command changes nothing.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        match command {
            Command::AddServer { spec, boot } => self.add_server(spec, boot).map(|_| ()),
            Command::RemoveServer(id) => self.remove_server(id),
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
                self.log_autoscaling();
                Ok(())
            }
            Command::SetTargetUtilization(target) => {
                check_range("target utilization", target, 0.05, 1.0)?;
                self.config.autoscale.target_utilization = target;
                self.log_autoscaling();
                Ok(())
            }
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
        let mut steps = 0;
        while self.schedule.peek_time().is_some_and(|t| t <= time) {
            if steps == max_steps {
                return false;
            }
            self.step();
            steps += 1;
        }
        self.now = self.now.max(time);
        true
    }

    /// Runs the next pending action alone and returns the time it happened.
    pub fn step(&mut self) -> Micros {
        let (time, action) = self.schedule.pop().expect("the once-a-second tick is always pending");
        self.now = time;
        self.fold(time);
        self.fold(action_code(action));
        self.handle(action);
        time
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

    /// Whether a flash crowd is under way.
    pub fn bursting(&self) -> bool {
        self.burst_until.is_some()
    }

    /// Every server ever added, by id (removed ones included, with status `Removed`).
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    /// Ids of the servers taking traffic, ascending.
    pub fn routable(&self) -> &[ServerId] {
        &self.routable
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

    /// Requests sent and not yet served or dropped.
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
                _ => return None,
            };
            Some(RequestView { id: r.id, client: r.client, leg, start: r.phase_start, end: r.phase_end })
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

    fn handle(&mut self, action: Action) {
        match action {
            Action::Arrival { epoch } if epoch == self.arrival_epoch => self.arrive(),
            Action::Arrival { .. } => {}
            Action::ReachBalancer(slot) => self.route(slot),
            Action::ReachServer(slot) => self.admit(slot),
            Action::ServiceDone(slot) => self.finish_service(slot),
            Action::Delivered(slot) => {
                let request = self.requests.remove(slot);
                self.metrics.record_served(self.now - request.created);
            }
            Action::ServerReady(id) => self.server_ready(id),
            Action::BurstEnd { epoch } if epoch == self.burst_epoch => {
                self.burst_until = None;
                self.restart_arrivals();
                self.log.push(self.now, EventKind::BurstEnded);
            }
            Action::BurstEnd { .. } => {}
            Action::Tick => self.tick(),
        }
    }

    /// A client sends a request: it sets off for the balancer, and the next one is scheduled.
    fn arrive(&mut self) {
        let client = self.rng.random_range(0..self.config.clients.max(1));
        let end = self.now + self.config.links.client_to_balancer;
        let slot = self.requests.insert(Request {
            id: self.next_request_id,
            client,
            created: self.now,
            phase: Phase::ToBalancer,
            server: None,
            phase_start: self.now,
            phase_end: end,
        });
        self.next_request_id += 1;
        self.metrics.record_arrival();
        self.schedule.push(end, Action::ReachBalancer(slot));
        self.schedule_next_arrival();
    }

    /// The balancer picks a server and forwards the request, or drops it if none can take it.
    fn route(&mut self, slot: u32) {
        let client = self.requests.get_mut(slot).client;
        let Some(id) = self.balancer.pick(&self.routable, &self.servers, client, &mut self.rng) else {
            self.drop_request(slot, None, DropReason::NoServer);
            return;
        };
        self.fold(id.0 as u64);
        self.servers[id.index()].outstanding += 1;
        let end = self.now + self.config.links.balancer_to_server;
        let request = self.requests.get_mut(slot);
        request.server = Some(id);
        request.phase = Phase::ToServer;
        request.phase_start = self.now;
        request.phase_end = end;
        self.schedule.push(end, Action::ReachServer(slot));
    }

    /// The request reaches its server: a free worker takes it, or it waits in the queue, or the
    /// queue is full and it is dropped.
    fn admit(&mut self, slot: u32) {
        let id = self.requests.get_mut(slot).server.expect("routed requests have a server");
        let server = &mut self.servers[id.index()];
        if server.has_free_worker() {
            self.start_service(slot, id);
        } else if server.has_queue_room() {
            server.queue.push_back(slot);
            let request = self.requests.get_mut(slot);
            request.phase = Phase::Queued;
            request.phase_start = self.now;
        } else {
            server.outstanding -= 1;
            server.dropped += 1;
            if !server.saturated {
                server.saturated = true;
                self.log.push(self.now, EventKind::ServerSaturated { server: id });
            }
            self.drop_request(slot, Some(id), DropReason::QueueFull);
            self.finish_drain_if_idle(id);
        }
    }

    fn start_service(&mut self, slot: u32, id: ServerId) {
        let spec = &self.servers[id.index()].spec;
        let duration = match spec.distribution {
            ServiceDistribution::Fixed => spec.mean_service,
            ServiceDistribution::Exponential => {
                let exp = Exp::new(1.0 / spec.mean_service.max(1) as f64).expect("positive rate");
                exp.sample(&mut self.rng).round() as Micros
            }
        };
        self.servers[id.index()].change_busy(self.now, 1);
        let request = self.requests.get_mut(slot);
        request.phase = Phase::InService;
        request.phase_start = self.now;
        request.phase_end = self.now + duration;
        self.schedule.push(self.now + duration, Action::ServiceDone(slot));
    }

    /// A worker finishes: the response heads back, and the worker takes the next queued request.
    fn finish_service(&mut self, slot: u32) {
        let id = self.requests.get_mut(slot).server.expect("served requests have a server");
        let server = &mut self.servers[id.index()];
        server.change_busy(self.now, -1);
        server.outstanding -= 1;
        server.served += 1;
        let next = server.queue.pop_front();
        let links = self.config.links;
        let end = self.now + links.balancer_to_server + links.client_to_balancer;
        let request = self.requests.get_mut(slot);
        request.phase = Phase::ToClient;
        request.phase_start = self.now;
        request.phase_end = end;
        self.schedule.push(end, Action::Delivered(slot));
        match next {
            Some(waiting) => self.start_service(waiting, id),
            None => self.finish_drain_if_idle(id),
        }
    }

    fn drop_request(&mut self, slot: u32, server: Option<ServerId>, reason: DropReason) {
        self.requests.remove(slot);
        self.fold(0xD0 + reason.index() as u64);
        self.metrics.record_drop(reason);
        if self.recent_drops.len() == RECENT_DROPS {
            self.recent_drops.pop_front();
        }
        self.recent_drops.push_back(DropMark { time: self.now, server, reason });
    }

    fn add_server(&mut self, spec: ServerSpec, boot: bool) -> Result<ServerId, CommandError> {
        spec.check().map_err(|(_, why)| CommandError::InvalidServer(why))?;
        let present = self.servers.iter().filter(|s| s.is_present()).count();
        if present >= MAX_SERVERS {
            return Err(CommandError::TooManyServers { max: MAX_SERVERS });
        }
        let id = ServerId(self.servers.len() as u32);
        let delay = if boot { self.config.autoscale.startup_delay } else { 0 };
        let ready_at = self.now + delay;
        let size = spec.size;
        let status = if delay > 0 { ServerStatus::Starting { ready_at } } else { ServerStatus::Up };
        self.servers.push(Server::new(id, spec, status, self.now));
        self.log.push(self.now, EventKind::ServerAdded { server: id, size, ready_at });
        if delay > 0 {
            self.schedule.push(ready_at, Action::ServerReady(id));
        } else {
            self.routable.push(id);
        }
        Ok(id)
    }

    fn server_ready(&mut self, id: ServerId) {
        let server = &mut self.servers[id.index()];
        if server.is_booting() {
            server.status = ServerStatus::Up;
            // Ids only grow, but a server may finish booting after a newer one: keep them sorted.
            let at = self.routable.partition_point(|r| *r < id);
            self.routable.insert(at, id);
            self.log.push(self.now, EventKind::ServerReady { server: id });
        }
    }

    /// Takes a server out: a booting one at once, a working one by draining it first.
    fn remove_server(&mut self, id: Option<ServerId>) -> Result<(), CommandError> {
        let target = match id {
            Some(id) => {
                self.servers.get(id.index()).filter(|s| s.is_routable() || s.is_booting()).map(|s| s.id)
            }
            None => self
                .servers
                .iter()
                .rev()
                .find(|s| s.is_booting())
                .map(|s| s.id)
                .or(self.routable.last().copied()),
        };
        let Some(target) = target else {
            return Err(match id {
                Some(id) => CommandError::NoSuchServer(id),
                None => CommandError::LastServer,
            });
        };
        if self.servers[target.index()].is_booting() {
            self.servers[target.index()].remove(self.now);
            self.log.push(self.now, EventKind::ServerRemoved { server: target });
            return Ok(());
        }
        if self.routable.len() == 1 {
            return Err(CommandError::LastServer);
        }
        self.routable.retain(|r| *r != target);
        self.servers[target.index()].status = ServerStatus::Draining;
        self.log.push(self.now, EventKind::ServerDraining { server: target });
        self.finish_drain_if_idle(target);
        Ok(())
    }

    fn finish_drain_if_idle(&mut self, id: ServerId) {
        let server = &mut self.servers[id.index()];
        if server.status == ServerStatus::Draining && server.outstanding == 0 {
            server.remove(self.now);
            self.log.push(self.now, EventKind::ServerRemoved { server: id });
        }
    }

    /// Once a simulated second: close the second's measurements and let the autoscaler look.
    fn tick(&mut self) {
        for server in self.servers.iter_mut().filter(|s| s.is_present()) {
            server.tick(self.now);
            // A saturated server has recovered once a whole second passes without a drop.
            if server.saturated && server.dropped == server.dropped_at_tick {
                server.saturated = false;
                self.log.push(self.now, EventKind::ServerRecovered { server: server.id });
            }
            server.dropped_at_tick = server.dropped;
        }
        // Busy worker-time over worker-time across the up servers, so a big server counts for more.
        let (busy, workers) =
            self.routable.iter().map(|id| &self.servers[id.index()]).fold((0.0, 0.0), |acc, s| {
                (acc.0 + s.utilization * s.spec.workers as f64, acc.1 + s.spec.workers as f64)
            });
        let utilization = if workers > 0.0 { busy / workers } else { 0.0 };
        self.metrics.roll(self.second, self.routable.len(), utilization);
        self.second += 1;
        self.autoscale();
        self.schedule.push(self.now + SECOND, Action::Tick);
    }

    fn autoscale(&mut self) {
        let autoscale = self.config.autoscale;
        if self.last_scaled.is_some_and(|t| self.now < t + autoscale.cooldown) {
            return;
        }
        // Only seconds measured after the last decision count: earlier ones describe a fleet
        // that no longer exists.
        let since = self.last_scaled.unwrap_or(0);
        let recent: Vec<f64> = self
            .metrics
            .series()
            .rev()
            .take(AUTOSCALE_LOOKBACK)
            .filter(|p| p.second * SECOND >= since)
            .map(|p| p.utilization)
            .collect();
        if recent.is_empty() {
            return;
        }
        let utilization = recent.iter().sum::<f64>() / recent.len() as f64;
        let up = self.routable.len();
        let starting = self.servers.iter().filter(|s| s.is_booting()).count();
        let Some(to) = desired_servers(&autoscale, up, starting, utilization) else {
            return;
        };
        let from = up + starting;
        self.last_scaled = Some(self.now);
        self.log.push(self.now, EventKind::Autoscaled { from, to, utilization });
        for _ in from..to {
            if self.add_server(ServerSpec::preset(autoscale.size), true).is_err() {
                break;
            }
        }
        for _ in to..from {
            if self.remove_server(None).is_err() {
                break;
            }
        }
    }

    /// Draws a fresh time to the next arrival at the current rate. Poisson arrivals are
    /// memoryless, so redrawing after a rate change is exact.
    fn restart_arrivals(&mut self) {
        self.arrival_epoch += 1;
        self.next_arrival = self.now as f64;
        self.schedule_next_arrival();
    }

    fn schedule_next_arrival(&mut self) {
        let rate = self.arrival_rate();
        if !(rate > 0.0 && rate.is_finite()) {
            return;
        }
        let gap = Exp::new(rate / SECOND as f64).expect("positive rate").sample(&mut self.rng);
        // Keep the exact time in floating point so rounding to whole microseconds never drifts.
        self.next_arrival += gap;
        let at = (self.next_arrival.round() as Micros).max(self.now);
        self.schedule.push(at, Action::Arrival { epoch: self.arrival_epoch });
    }

    fn log_autoscaling(&mut self) {
        let a = self.config.autoscale;
        self.log.push(
            self.now,
            EventKind::AutoscalingChanged { enabled: a.enabled, target: a.target_utilization },
        );
    }

    /// Folds `value` into the trace digest (FNV-1a over its bytes).
    fn fold(&mut self, value: u64) {
        for byte in value.to_le_bytes() {
            self.digest = (self.digest ^ byte as u64).wrapping_mul(FNV_PRIME);
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// A number that tells actions (and their slots or servers) apart in the digest.
fn action_code(action: Action) -> u64 {
    let (tag, payload) = match action {
        Action::Arrival { epoch } => (1, epoch as u64),
        Action::ReachBalancer(slot) => (2, slot as u64),
        Action::ReachServer(slot) => (3, slot as u64),
        Action::ServiceDone(slot) => (4, slot as u64),
        Action::Delivered(slot) => (5, slot as u64),
        Action::ServerReady(id) => (6, id.0 as u64),
        Action::BurstEnd { epoch } => (7, epoch as u64),
        Action::Tick => (8, 0),
    };
    tag << 56 | payload
}

fn check_range(what: &'static str, value: f64, min: f64, max: f64) -> Result<(), CommandError> {
    in_range(value, min, max).map(|_| ()).map_err(|_| CommandError::OutOfRange { what, value, min, max })
}
