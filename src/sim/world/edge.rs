//! The way in: sources send requests (users) and packets (a botnet, see [`super::attack`]), the
//! uplink carries what it can, and the edge's checks meet each one in turn (scrubbing upstream, the uplink, the
//! firewall, the connection table, intrusion detection, the rate limit, the fair queue) before
//! the balancer sees it. Each check leaves its verdict in the request's trace; a defence that
//! stops a request ends it as blocked, by that defence.

use std::net::Ipv4Addr;

use rand::RngExt;

use super::{World, RETRY_TOKENS_MOST};
use crate::sim::attack::{AttackKind, Origin, REQUEST_BYTES};
use crate::sim::command::CommandError;
use crate::sim::edge::{Defence, DefenceSetting, EdgeView, Expiry, SWEEP_STEP};
use crate::sim::event::EventKind;
use crate::sim::request::{Call, DropReason, Loss, Phase, Request};
use crate::sim::schedule::Action;
use crate::sim::time::Micros;
use crate::sim::trace::{Check, Conn, Detection, Trace, Turn};

/// What the world keeps track of at the edge between two steps: the sweep and the fair queue's
/// turns it has planned, and what happened since the last tick, to tell what changed.
#[derive(Debug, Default)]
pub(super) struct EdgeNotes {
    /// When the planned sweep of the connection table is due, if one is.
    sweep_at: Option<Micros>,
    /// Whether the fair queue's next turns are scheduled.
    dispatch_pending: bool,
    /// Sources the intrusion detector started blocking this second, and how many of them were
    /// users' addresses.
    new_blocks: (u64, u64),
    /// Requests the intrusion detector flagged and let through (alerts) this second, and how
    /// many of them were users'; and whether there were any the second before.
    new_alerts: (u64, u64),
    alerting: bool,
    /// Users' requests each defence had blocked at the last tick, and whether it blocked any in
    /// the second before.
    legit_blocked_at_tick: [u64; Defence::ALL.len()],
    legit_blocked_last_second: [bool; Defence::ALL.len()],
    /// Connections refused for a full table at the last tick, and whether any were in the
    /// second before.
    refused_at_tick: u64,
    table_full: bool,
    /// Whether the uplink was losing traffic at the last tick.
    uplink_saturated: bool,
}

impl EdgeNotes {
    /// Whether the sweep planned is due at `time` (else a sweep action then is stale).
    pub(super) fn sweep_due(&self, time: Micros) -> bool {
        self.sweep_at == Some(time)
    }
}

impl World {
    /// A request (or a packet) sets off from its source for the edge; through the scrubbing
    /// service first, when that is on, and after its TLS handshake, if it needs one (see
    /// [`super::tls`]).
    // Inlined: once for every request, from `arrive` (and from a bot or the thief).
    #[inline(always)]
    pub(super) fn send(&mut self, origin: Origin, client: u32, address: Ipv4Addr, call: Call) {
        let mut travel = self.config.links.client_to_balancer;
        if self.edge.defences().scrubbing {
            travel += self.edge.config().scrubbing_delay;
        }
        if self.tls.live {
            travel += self.tls_send(origin, client, call);
        }
        let end = self.now + travel;
        let slot = self.requests.insert(Request {
            id: self.next_request_id,
            client,
            origin,
            attack_epoch: if origin.is_attack() { self.attack_epoch } else { 0 },
            address,
            call,
            conn: None,
            trace: Trace::default(),
            through: false,
            created: self.now,
            phase: Phase::ToBalancer,
            server: None,
            attempts: 1,
            query: None,
            node: None,
            phase_start: self.now,
            phase_end: end,
        });
        self.next_request_id += 1;
        self.metrics.record_arrival();
        self.metrics.traffic.record_sent(origin.is_attack());
        if origin.path().is_some() {
            // Each new request earns a share of a retry.
            self.retry_tokens = (self.retry_tokens + self.config.retries.budget).min(RETRY_TOKENS_MOST);
        }
        self.schedule.push(end, Action::ReachBalancer(slot));
    }

    /// A request reaches the edge and meets its checks in order; if it passes them all it goes
    /// on to the balancer.
    pub(super) fn reach_edge(&mut self, slot: u32) {
        let request = self.requests.get_mut(slot);
        let (origin, address) = (request.origin, request.address);
        // A slow connection on its way in when its bot stopped is dropped by the bot, as the
        // ones it held were.
        if matches!(origin, Origin::Bot(_, AttackKind::Slowloris))
            && request.attack_epoch != self.attack_epoch
        {
            return self.drop_request(slot, None, DropReason::Abandoned);
        }
        if self.edge.defences().scrubbing {
            if self.edge.scrubs(origin) {
                return self.end_request(slot, None, Loss::Blocked(Defence::Scrubbing));
            }
            self.check(slot, Check::Scrubbed);
        }
        let loss = self.uplink_loss();
        if loss > 0.0 {
            if self.rng.random::<f64>() < loss {
                return self.drop_request(slot, None, DropReason::UplinkFull);
            }
            self.check(slot, Check::Uplink);
        }
        if let Some(check) = self.edge.firewall(origin, address) {
            self.check(slot, check);
            if matches!(check, Check::Firewall { allowed: false, .. }) {
                return self.end_request(slot, None, Loss::Blocked(Defence::Firewall));
            }
        }
        let conn = match origin {
            Origin::Bot(_, AttackKind::Volumetric) => {
                return self.drop_request(slot, None, DropReason::NoListener)
            }
            Origin::Bot(_, AttackKind::SynFlood) => self.edge.syn(self.now, address, slot),
            Origin::Bot(_, AttackKind::Slowloris) => self.edge.trickle(self.now, address, slot),
            _ => self.edge.open(self.now, address),
        };
        let (conn, id) = conn;
        let request = self.requests.get_mut(slot);
        request.conn = id;
        request.trace.push(Check::Connection(conn));
        match conn {
            Conn::Opened => self.inspect(slot, origin, address),
            Conn::Cookie => self.drop_request(slot, None, DropReason::NoHandshake),
            Conn::HalfOpen | Conn::Trickling => {
                let request = self.requests.get_mut(slot);
                request.phase = Phase::AtEdge;
                request.phase_start = self.now;
                self.plan_sweep(self.edge.deadline_of_new(conn, self.now));
            }
            Conn::TableFull => self.drop_request(slot, None, DropReason::ConnectionRefused),
            Conn::OverLimit => self.end_request(slot, None, Loss::Blocked(Defence::ConnectionLimit)),
        }
    }

    /// A whole request on an open connection, from `origin` at `address`: intrusion detection,
    /// the rate limit and the fair queue, then the balancer.
    fn inspect(&mut self, slot: u32, origin: Origin, address: Ipv4Addr) {
        if let Some((detection, new_block)) = self.edge.inspect(self.now, origin, address) {
            self.check(slot, Check::Ids(detection));
            if new_block {
                self.edge_notes.new_blocks.0 += 1;
                self.edge_notes.new_blocks.1 += u64::from(!origin.is_attack());
            }
            if matches!(detection, Detection::Flagged(_)) {
                self.edge_notes.new_alerts.0 += 1;
                self.edge_notes.new_alerts.1 += u64::from(!origin.is_attack());
            }
            if matches!(detection, Detection::Blocked(_)) {
                return self.end_request(slot, None, Loss::Blocked(Defence::Ids));
            }
        }
        if let Some(admitted) = self.edge.rate_limit(self.now, address) {
            self.check(slot, Check::RateLimit(admitted));
            if !admitted {
                return self.end_request(slot, None, Loss::Blocked(Defence::RateLimit));
            }
        }
        if self.edge.defences().fair_queue {
            let room = self.room_behind_edge();
            if self.edge.straight_through(room) {
                self.check(slot, Check::FairQueue(Turn::Straight));
                self.requests.get_mut(slot).through = true;
            } else {
                match self.edge.wait_turn(address, slot) {
                    Ok(()) => {
                        self.check(slot, Check::FairQueue(Turn::Waited));
                        let request = self.requests.get_mut(slot);
                        request.phase = Phase::AtEdge;
                        request.phase_start = self.now;
                    }
                    Err(_) => {
                        self.check(slot, Check::FairQueue(Turn::Full));
                        self.end_request(slot, None, Loss::Blocked(Defence::FairQueue));
                    }
                }
                return;
            }
        }
        self.route(slot);
    }

    /// Adds a check's verdict to the trace of the request in `slot`.
    fn check(&mut self, slot: u32, check: Check) {
        self.requests.get_mut(slot).trace.push(check);
    }

    /// What the servers behind the fair queue can take at once: two requests per worker of the
    /// servers taking traffic (one in service and one waiting), at least one.
    fn room_behind_edge(&self) -> u32 {
        (2 * self.serving().map(|s| s.spec.workers).sum::<u32>()).max(1)
    }

    /// Lets the edge forget a request that is done with it: its connection closes, and if the
    /// fair queue let it through, the next one in turn may go.
    // Inlined: once for every request, from `deliver` (or `end_request`).
    #[inline(always)]
    pub(super) fn leave_edge(&mut self, request: &Request) {
        if let Some(id) = request.conn {
            self.edge.close(id);
        }
        if request.through {
            self.edge.came_back();
        }
        if self.edge.waiting() > 0 && !self.edge_notes.dispatch_pending {
            self.edge_notes.dispatch_pending = true;
            self.schedule.push(self.now, Action::EdgeDispatch);
        }
    }

    /// Sends on the waiting requests whose turn has come.
    pub(super) fn dispatch(&mut self) {
        self.edge_notes.dispatch_pending = false;
        let room = self.room_behind_edge();
        let fair = self.edge.defences().fair_queue;
        while let Some(slot) = self.edge.next_turn(room) {
            self.requests.get_mut(slot).through = fair;
            self.route(slot);
        }
    }

    /// Schedules a sweep of the connection table for its next deadline, unless one is planned
    /// as soon. `new` is the deadline of a connection just held, if it has one: a planned sweep
    /// is brought forward for it, else the table is asked for its next deadline.
    fn plan_sweep(&mut self, new: Option<Micros>) {
        let soonest = self.now + SWEEP_STEP;
        let next = match (self.edge_notes.sweep_at, new.map(|due| due.max(soonest))) {
            (Some(planned), Some(due)) if due < planned => Some(due),
            (Some(_), _) => None,
            (None, _) => self.edge.table().next_deadline().map(|due| due.max(soonest)),
        };
        if let Some(at) = next {
            // A sweep planned later is now stale: `sweep` runs only the one planned last.
            self.edge_notes.sweep_at = Some(at);
            self.schedule.push(at, Action::EdgeSweep);
        }
    }

    /// Carries out the connection table's timeouts due now, and plans the next sweep.
    pub(super) fn sweep(&mut self) {
        if !self.edge_notes.sweep_due(self.now) {
            return;
        }
        self.edge_notes.sweep_at = None;
        let (ended, next) = self.edge.sweep(self.now);
        for (slot, why) in ended {
            self.requests.get_mut(slot).conn = None;
            match why {
                Expiry::Handshake => self.drop_request(slot, None, DropReason::NoHandshake),
                Expiry::Headers => self.end_request(slot, None, Loss::Blocked(Defence::HeaderTimeout)),
                Expiry::Idle => self.end_request(slot, None, Loss::Blocked(Defence::IdleTimeout)),
            }
        }
        if let Some(at) = next {
            self.edge_notes.sweep_at = Some(at);
            self.schedule.push(at, Action::EdgeSweep);
        }
    }

    /// The share of what arrives that the uplink loses: none while it carries everything sent
    /// to it, else the excess over what was sent (a full link drops at random), 0–1.
    pub(super) fn uplink_loss(&self) -> f64 {
        let offered = self.uplink_offered();
        let capacity = self.edge.config().uplink_mbps * 1e6;
        if offered <= capacity {
            0.0
        } else {
            1.0 - capacity / offered
        }
    }

    /// Bits per simulated second sent towards the uplink: the users' requests and the botnet's
    /// traffic, less what the scrubbing service takes out upstream.
    pub(super) fn uplink_offered(&self) -> f64 {
        let users = self.arrival_rate() * (REQUEST_BYTES * 8) as f64;
        let bots = match self.attack {
            Some(a) if !self.edge.scrubs(Origin::Bot(0, a.kind)) => {
                a.rate() * (Origin::Bot(0, a.kind).bytes() * 8) as f64
            }
            _ => 0.0,
        };
        users + bots
    }

    /// Switches a defence on (with its settings) or off.
    pub(super) fn set_defence(&mut self, setting: DefenceSetting) -> Result<(), CommandError> {
        setting.check().map_err(|(field, why)| CommandError::Defence(format!("{field}: {why}")))?;
        let fair_before = self.edge.defences().fair_queue;
        self.edge.set(setting.clone());
        // Without the fair queue, whoever waits in it goes on at once.
        if fair_before && !self.edge.defences().fair_queue {
            self.dispatch();
        }
        // New timeouts may be due sooner than the sweep planned.
        self.edge_notes.sweep_at = None;
        self.plan_sweep(None);
        self.log.push(self.now, EventKind::DefenceChanged { setting });
        Ok(())
    }

    /// Once a second: forgets part of what no longer matters, and notes what changed at the
    /// edge.
    pub(super) fn watch_edge(&mut self) {
        self.edge.forget(self.now);
        let (sources, legit) = std::mem::take(&mut self.edge_notes.new_blocks);
        if sources > 0 {
            self.log.push(self.now, EventKind::SourcesBlocked { sources, legit });
        }
        let (alerts, legit) = std::mem::take(&mut self.edge_notes.new_alerts);
        if alerts > 0 && !self.edge_notes.alerting {
            self.log.push(self.now, EventKind::IdsAlerts { alerts, legit });
        }
        self.edge_notes.alerting = alerts > 0;
        for defence in Defence::ALL {
            let legit = self.metrics.traffic.blocked(defence).0;
            let before =
                std::mem::replace(&mut self.edge_notes.legit_blocked_at_tick[defence.index()], legit);
            if legit > before && !self.edge_notes.legit_blocked_last_second[defence.index()] {
                self.log.push(self.now, EventKind::LegitimateBlocked { defence, count: legit - before });
            }
            self.edge_notes.legit_blocked_last_second[defence.index()] = legit > before;
        }
        let refused = self.metrics.dropped(DropReason::ConnectionRefused);
        let full = refused > std::mem::replace(&mut self.edge_notes.refused_at_tick, refused);
        if full != self.edge_notes.table_full {
            self.edge_notes.table_full = full;
            let table = self.edge.table();
            let kind = if full {
                EventKind::ConnectionTableFull {
                    held: table.len(),
                    half_open: table.half_open(),
                    slots: table.settings().capacity,
                }
            } else {
                EventKind::ConnectionTableFree
            };
            self.log.push(self.now, kind);
        }
        let saturated = self.uplink_loss() > 0.0;
        if saturated != self.edge_notes.uplink_saturated {
            self.edge_notes.uplink_saturated = saturated;
            let kind = if saturated {
                EventKind::UplinkSaturated { loss: self.uplink_loss() }
            } else {
                EventKind::UplinkClear
            };
            self.log.push(self.now, kind);
        }
    }
}

impl World {
    /// The edge, its defences and the traffic through it, for the view.
    pub fn edge_view(&mut self) -> EdgeView {
        let recent_latency = self.metrics.traffic.recent_latency();
        let traffic = &self.metrics.traffic;
        let blocked = self.edge.blocked_sources(self.now);
        let table = self.edge.table();
        EdgeView {
            attack: self.attack,
            defences: self.edge.defences().clone(),
            config: *self.edge.config(),
            nat: self.config.nat,
            uplink_load: self.uplink_load(),
            half_open: table.half_open(),
            connections: table.len(),
            fair_waiting: self.edge.waiting(),
            blocked_sources: blocked.len(),
            blocked: Defence::ALL
                .iter()
                .map(|d| (*d, traffic.blocked(*d).0, traffic.blocked(*d).1))
                .collect(),
            ids: self.edge.tally(),
            attack_reached: traffic.attack_reached,
            server_seconds: traffic.server_seconds,
            recent: traffic.recent(),
            recent_latency,
        }
    }
}
