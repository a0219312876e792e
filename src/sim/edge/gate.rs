//! The edge as one part: its connection table and every defence, with the settings in force.
//! The world asks it one question per check, in the order a request meets them, and it answers
//! with the check's verdict; it never sees the world's requests, only their slots.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::connections::{ConnId, ConnSettings, ConnState, ConnectionTable, Expiry, Refusal};
use super::defences::{DefenceSetting, Defences, EdgeConfig, IdsConfig};
use super::fair_queue::FairQueue;
use super::firewall::{Action, Firewall, Packet, Proto};
use super::ids::{Ids, IdsSettings, Reason, Tally};
use super::token_bucket::RateLimiter;
use crate::sim::attack::{AttackKind, Origin, TRICKLE};
use crate::sim::time::{Micros, MILLISECOND};
use crate::sim::trace::{Check, Conn, Detection, Flag};

/// The port every request is sent to (HTTPS).
pub const HTTPS: u16 = 443;

/// The fewest sources one call of [`Edge::forget`] looks at, in each of its maps.
pub const FORGET_AT_LEAST: usize = 256;

/// The shortest gap between two sweeps of the connection table (100 ms): timeouts are carried
/// out up to this late, as a kernel's timers batch them.
pub const SWEEP_STEP: Micros = 100 * MILLISECOND;

/// The edge's state.
#[derive(Clone, Debug)]
pub struct Edge {
    config: EdgeConfig,
    defences: Defences,
    table: ConnectionTable,
    limiter: Option<RateLimiter>,
    ids: Option<Ids>,
    /// The tallies of detectors switched off since the start, added up.
    ids_before: Tally,
    fair: FairQueue<u32>,
    /// Requests let through to the servers while the fair queue is on, not yet back.
    through: u32,
    /// Attack requests held by a connection (half-open or trickling): the request's slot by the
    /// connection's number (see [`ConnId::number`]). Both are `u64`s, as in other maps of the
    /// simulation, so they share one map implementation.
    held: BTreeMap<u64, u64>,
    /// Where the rate limiter's and the detector's forgetting carry on from, as addresses.
    forget_from: (u32, u32),
}

impl Edge {
    /// An edge with nothing open yet.
    pub fn new(config: EdgeConfig, defences: Defences) -> Self {
        let table = ConnectionTable::new(conn_settings(&config, &defences));
        let mut edge = Edge {
            config,
            defences: Defences::default(),
            table,
            limiter: None,
            ids: None,
            ids_before: Tally::default(),
            fair: FairQueue::default(),
            through: 0,
            held: BTreeMap::new(),
            forget_from: (0, 0),
        };
        edge.replace(defences);
        edge
    }

    /// Its fixed resources.
    pub fn config(&self) -> &EdgeConfig {
        &self.config
    }

    /// The defences in force.
    pub fn defences(&self) -> &Defences {
        &self.defences
    }

    /// Switches one defence on (with new settings) or off. A rate limiter or detector switched
    /// on, or given new settings, starts afresh: nothing remembered, no bucket drained, no source
    /// blocked (as a reloaded configuration would); the detector's tallies so far are kept.
    pub fn set(&mut self, setting: DefenceSetting) {
        let mut defences = self.defences.clone();
        defences.set(setting);
        self.replace(defences);
    }

    fn replace(&mut self, defences: Defences) {
        if defences.rate_limit != self.defences.rate_limit {
            self.limiter = defences.rate_limit.map(RateLimiter::new);
        }
        if defences.ids != self.defences.ids {
            if let Some(old) = self.ids.take() {
                self.ids_before = add(self.ids_before, old.tally());
            }
            self.ids = defences.ids.map(|c| Ids::new(ids_settings(c)));
        }
        self.table.set_settings(conn_settings(&self.config, &defences));
        self.defences = defences;
    }

    /// Whether the scrubbing service removes traffic from `origin` before the uplink: it takes
    /// out floods of junk packets (a volumetric attack), nothing else.
    pub fn scrubs(&self, origin: Origin) -> bool {
        self.defences.scrubbing && matches!(origin, Origin::Bot(_, AttackKind::Volumetric))
    }

    /// The firewall's verdict on a packet from `origin` at `address`, if a firewall is on.
    #[inline]
    pub fn firewall(&self, origin: Origin, address: Ipv4Addr) -> Option<Check> {
        self.defences.firewall.as_ref().map(|firewall| firewall_check(firewall, origin, address))
    }

    /// A request's connection from `address` at `now`: opened and being served, or refused.
    #[inline]
    pub fn open(&mut self, now: Micros, address: Ipv4Addr) -> (Conn, Option<ConnId>) {
        match self.table.open(now, address) {
            Ok(id) => (Conn::Opened, Some(id)),
            Err(refusal) => (refused(refusal), None),
        }
    }

    /// A SYN from `address` at `now` whose handshake will never complete: half-open, answered
    /// with a cookie, or refused. A half-open one holds the request in `slot` until it times
    /// out.
    pub fn syn(&mut self, now: Micros, address: Ipv4Addr, slot: u32) -> (Conn, Option<ConnId>) {
        match self.table.syn(now, address) {
            Ok(_) if self.defences.syn_cookies => (Conn::Cookie, None),
            Ok(id) => {
                self.held.insert(id.number(), u64::from(slot));
                (Conn::HalfOpen, Some(id))
            }
            Err(refusal) => (refused(refusal), None),
        }
    }

    /// A slow connection from `address` at `now` that completes its handshake and then sends
    /// its headers a line at a time, never finishing them: it holds the request in `slot` until
    /// a timeout closes it (or its bot gives up).
    pub fn trickle(&mut self, now: Micros, address: Ipv4Addr, slot: u32) -> (Conn, Option<ConnId>) {
        let opened = self.table.syn(now, address).and_then(|id| self.table.complete(now, id).map(|()| id));
        match opened {
            Ok(id) => {
                self.held.insert(id.number(), u64::from(slot));
                (Conn::Trickling, Some(id))
            }
            Err(refusal) => (refused(refusal), None),
        }
    }

    /// When a connection held just now as `conn` (half-open or trickling) times out, if it can.
    pub fn deadline_of_new(&self, conn: Conn, now: Micros) -> Option<Micros> {
        let settings = self.table.settings();
        match conn {
            Conn::HalfOpen => Some(now + settings.syn_timeout),
            Conn::Trickling => {
                let header = settings.header_timeout;
                // A slow connection is active at least every trickle, so only a shorter idle
                // timeout can close it.
                let idle = settings.idle_timeout.filter(|&t| t < TRICKLE);
                header.into_iter().chain(idle).min().map(|t| now + t)
            }
            _ => None,
        }
    }

    /// Closes a request's connection.
    #[inline]
    pub fn close(&mut self, id: ConnId) {
        self.table.close(id);
        if !self.held.is_empty() {
            self.held.remove(&id.number());
        }
    }

    /// The held connections still in the table, in connection order.
    fn held_connections(&self) -> Vec<(ConnId, ConnState)> {
        self.table
            .connections()
            .filter(|(id, _)| self.held.contains_key(&id.number()))
            .map(|(id, c)| (id, c.state))
            .collect()
    }

    /// Forgets the request held by connection `id`: its slot, if one was held.
    fn let_go(&mut self, id: ConnId) -> Option<u32> {
        self.held.remove(&id.number()).map(|slot| slot as u32)
    }

    /// Lets go of every held request (their bots stopped): their slots, in connection order.
    /// Half-open connections stay until they time out (the table cannot tell they are dead).
    pub fn release_trickling(&mut self) -> Vec<u32> {
        let held = self.held_connections();
        held.into_iter()
            .filter(|(_, state)| *state != ConnState::HalfOpen)
            .filter_map(|(id, _)| {
                self.table.close(id);
                self.let_go(id)
            })
            .collect()
    }

    /// Carries out the timeouts due at `now`, after the header lines slow connections have
    /// trickled since: the held requests whose connections closed, and why, in connection
    /// order; and when to sweep next, if anything can time out.
    pub fn sweep(&mut self, now: Micros) -> (Vec<(u32, Expiry)>, Option<Micros>) {
        for (id, _) in self.held_connections() {
            let sent = now.saturating_sub(id.opened()) / TRICKLE * TRICKLE;
            if sent > 0 {
                self.table.touch(id.opened() + sent, id);
            }
        }
        let closed = self.table.expire(now);
        let ended =
            closed.into_iter().filter_map(|(id, why)| self.let_go(id).map(|slot| (slot, why))).collect();
        let next = self.table.next_deadline().map(|at| at.max(now + SWEEP_STEP));
        (ended, next)
    }

    /// The intrusion detector's verdict on a request from `origin` at `address` at `now`, if
    /// it is on, and whether this verdict started a block.
    #[inline]
    pub fn inspect(&mut self, now: Micros, origin: Origin, address: Ipv4Addr) -> Option<(Detection, bool)> {
        self.ids.as_mut().map(|ids| detect(ids, now, origin, address))
    }

    /// The rate limiter's verdict on a request from `address` at `now` (whether it had a
    /// token), if it is on.
    pub fn rate_limit(&mut self, now: Micros, address: Ipv4Addr) -> Option<bool> {
        self.limiter.as_mut().map(|l| l.admit(address, now))
    }

    /// Whether the fair queue, if on, lets a request straight through to servers that can take
    /// `room` requests at once; if it does, it counts the request as through.
    pub fn straight_through(&mut self, room: u32) -> bool {
        if self.through < room {
            self.through += 1;
            true
        } else {
            false
        }
    }

    /// Puts the request in `slot` from `address` in its source's queue; gives it back if that
    /// queue is full.
    pub fn wait_turn(&mut self, address: Ipv4Addr, slot: u32) -> Result<(), u32> {
        self.fair.push(address, slot)
    }

    /// A request let through came back (or ended): one more may go.
    pub fn came_back(&mut self) {
        self.through = self.through.saturating_sub(1);
    }

    /// The next waiting request whose turn it is, if the servers have room for it (counting
    /// it as through), or every waiting request once the fair queue is off.
    pub fn next_turn(&mut self, room: u32) -> Option<u32> {
        if self.defences.fair_queue && self.through >= room {
            return None;
        }
        let (_, slot) = self.fair.pop()?;
        if self.defences.fair_queue {
            self.through += 1;
        }
        Some(slot)
    }

    /// Forgets a part of what changes no later verdict: full token buckets and quiet sources,
    /// a tenth of them (and at least [`FORGET_AT_LEAST`]) from where the last call stopped, so a
    /// whole pass takes about ten calls and no call pays for all of it.
    pub fn forget(&mut self, now: Micros) {
        if let Some(limiter) = &mut self.limiter {
            let at_most = limiter.len() / 10 + FORGET_AT_LEAST;
            self.forget_from.0 = limiter.forget_full_part(now, self.forget_from.0, at_most).1;
        }
        if let Some(ids) = &mut self.ids {
            let at_most = ids.sources() / 10 + FORGET_AT_LEAST;
            self.forget_from.1 = ids.forget_quiet_part(now, self.forget_from.1, at_most).1;
        }
    }

    /// The intrusion detector's verdicts against the ground truth since the start.
    pub fn tally(&self) -> Tally {
        add(self.ids_before, self.ids.as_ref().map(Ids::tally).unwrap_or_default())
    }

    /// The sources the intrusion detector has blocked at `now`, with when their blocks end.
    pub fn blocked_sources(&self, now: Micros) -> Vec<(Ipv4Addr, Micros)> {
        self.ids.as_ref().map(|ids| ids.blocked(now)).unwrap_or_default()
    }

    /// The connection table.
    pub fn table(&self) -> &ConnectionTable {
        &self.table
    }

    /// Requests waiting in the fair queue.
    pub fn waiting(&self) -> usize {
        self.fair.len()
    }
}

/// `firewall`'s verdict on a packet from `origin` at `address`.
fn firewall_check(firewall: &Firewall, origin: Origin, address: Ipv4Addr) -> Check {
    let udp = matches!(origin, Origin::Bot(_, AttackKind::Volumetric));
    let proto = if udp { Proto::Udp } else { Proto::Tcp };
    let packet = Packet { source: address, proto, port: HTTPS, path: origin.path().map(str::to_string) };
    let verdict = firewall.verdict(&packet);
    let rule = verdict.rule.map(|line| line.min(u16::MAX as usize) as u16);
    Check::Firewall { allowed: verdict.action == Action::Allow, rule }
}

/// The intrusion detector's verdict on a request from `origin` at `address` at `now`, and
/// whether it started a block.
fn detect(ids: &mut Ids, now: Micros, origin: Origin, address: Ipv4Addr) -> (Detection, bool) {
    let path = origin.path().unwrap_or("");
    let seen = ids.inspect(now, address, path, origin.user_agent(), origin.is_attack());
    let flag = match seen.reason {
        None => return (Detection::Clean, false),
        Some(Reason::Blocked { .. }) => Flag::Listed,
        Some(Reason::BadPath(_)) => Flag::Path,
        Some(Reason::BadAgent(_)) => Flag::Agent,
        Some(Reason::Rate { .. }) => Flag::Rate,
    };
    let detection = if seen.blocked { Detection::Blocked(flag) } else { Detection::Flagged(flag) };
    (detection, seen.blocked && flag != Flag::Listed)
}

fn refused(refusal: Refusal) -> Conn {
    match refusal {
        Refusal::AddressLimit => Conn::OverLimit,
        Refusal::TableFull | Refusal::Unknown => Conn::TableFull,
    }
}

fn conn_settings(config: &EdgeConfig, defences: &Defences) -> ConnSettings {
    ConnSettings {
        capacity: config.connection_slots,
        syn_timeout: config.syn_timeout,
        syn_cookies: defences.syn_cookies,
        header_timeout: defences.header_timeout,
        idle_timeout: defences.idle_timeout,
        per_address: defences.connection_limit.map(|n| n as usize),
    }
}

fn ids_settings(config: IdsConfig) -> IdsSettings {
    IdsSettings {
        threshold: config.threshold,
        auto_block: config.auto_block,
        bad_agents: vec!["sqlmap".into(), "LOIC".into()],
        ..IdsSettings::default()
    }
}

fn add(a: Tally, b: Tally) -> Tally {
    Tally {
        true_positives: a.true_positives + b.true_positives,
        false_positives: a.false_positives + b.false_positives,
        false_negatives: a.false_negatives + b.false_negatives,
        true_negatives: a.true_negatives + b.true_negatives,
    }
}
