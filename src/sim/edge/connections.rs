//! The edge's connection table, as a TCP listener keeps one: a fixed number of slots, each
//! holding a connection that is either half-open (a SYN arrived and was answered, as in the
//! SYN-RECEIVED state) or established (the handshake completed).
//!
//! - A half-open entry that does not complete its handshake within `syn_timeout` is dropped. A
//!   SYN flooder with spoofed sources never completes one, so without defences its SYNs fill the
//!   table and legitimate clients are refused.
//! - With SYN cookies on, a SYN takes no slot: the answer carries everything needed to rebuild
//!   the connection (here, the [`ConnId`] itself), and only a completed handshake takes a slot.
//! - Against slowloris (clients that open connections and then trickle their request headers
//!   forever), a header timeout closes a connection that has not sent its whole headers in time,
//!   an idle timeout closes one that has been quiet too long, and a per-address limit caps how
//!   many slots one source may hold.
//!
//! Nothing expires by itself: the world calls [`ConnectionTable::expire`], for instance at
//! [`ConnectionTable::next_deadline`], and learns which connections timed out and why.

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

use super::source_counts::SourceCounts;
use crate::sim::time::{Micros, SECOND};

/// The settings of a connection table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnSettings {
    /// Slots: the most connections, half-open and established together. Default 1 024.
    pub capacity: usize,
    /// How long a half-open entry waits for its handshake to complete, in microseconds; with
    /// SYN cookies, how long a cookie stays valid. Default 3 s.
    pub syn_timeout: Micros,
    /// Whether SYN cookies are on, so that a SYN takes no slot. Default off.
    pub syn_cookies: bool,
    /// How long an established connection has to send its whole request headers, counted from
    /// the handshake's completion, in microseconds; `None` (the default) for no limit.
    pub header_timeout: Option<Micros>,
    /// How long an established connection may go without activity (completing its handshake,
    /// finishing its headers or [`ConnectionTable::touch`]) before it is closed, in
    /// microseconds; `None` for no limit. Default 60 s.
    pub idle_timeout: Option<Micros>,
    /// The most slots one source address may hold, half-open and established together; `None`
    /// (the default) for no limit.
    pub per_address: Option<usize>,
}

impl Default for ConnSettings {
    /// 1 024 slots, a 3 s SYN timeout, no SYN cookies, no header timeout, a 60 s idle timeout and
    /// no per-address limit.
    fn default() -> Self {
        ConnSettings {
            capacity: 1_024,
            syn_timeout: 3 * SECOND,
            syn_cookies: false,
            header_timeout: None,
            idle_timeout: Some(60 * SECOND),
            per_address: None,
        }
    }
}

/// A connection's identity: handed out in order, one per SYN answered (a SYN cookie gets one
/// too), so the same calls always give the same ids. It carries what a SYN cookie encodes: the
/// source and when the SYN was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnId {
    /// Its place in the order SYNs were answered, from 0.
    number: u64,
    /// The source address of its SYN.
    source: Ipv4Addr,
    /// When its SYN was answered, in simulated microseconds.
    opened: Micros,
    /// Whether it was opened whole and is being served (see [`ConnectionTable::open`]): such a
    /// connection is counted, not kept in a slot of its own, as nothing about it can time out.
    serving: bool,
}

impl ConnId {
    /// Its place in the order SYNs were answered, from 0.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The source address of its SYN.
    pub fn source(&self) -> Ipv4Addr {
        self.source
    }

    /// When its SYN was answered, in simulated microseconds.
    pub fn opened(&self) -> Micros {
        self.opened
    }
}

impl fmt::Display for ConnId {
    /// `#n`, its number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.number)
    }
}

/// Why a SYN or a handshake's completion was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// Every slot is taken.
    TableFull,
    /// The source already holds as many slots as one address may.
    AddressLimit,
    /// The handshake's connection is unknown: it timed out, was closed, is already established,
    /// or (with SYN cookies) its cookie is older than the SYN timeout.
    Unknown,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::TableFull => "connection table full",
            Refusal::AddressLimit => "too many connections from this address",
            Refusal::Unknown => "no such half-open connection",
        })
    }
}

/// Why a connection timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expiry {
    /// Half-open for the whole SYN timeout: its handshake never completed.
    Handshake,
    /// Established for the whole header timeout without sending its whole request headers.
    Headers,
    /// Quiet for the whole idle timeout.
    Idle,
}

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnState {
    /// A SYN arrived and was answered; the handshake has not completed.
    HalfOpen,
    /// The handshake completed.
    Established {
        /// When it completed, in simulated microseconds.
        since: Micros,
        /// Whether its whole request headers have arrived.
        headers_done: bool,
    },
}

/// One slot's connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Connection {
    /// Where it is in its life.
    pub state: ConnState,
    /// When it last did anything (its SYN, its handshake, its headers, a touch), in simulated
    /// microseconds.
    pub last_active: Micros,
}

/// The connection table: connections in id order, with a count per source address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionTable {
    /// Its settings.
    settings: ConnSettings,
    /// The number the next SYN answered gets.
    next: u64,
    /// Every slot's connection that can time out, by id.
    slots: BTreeMap<ConnId, Connection>,
    /// Slots taken by connections being served (opened whole, with no timeout).
    serving: usize,
    /// How many slots each source holds.
    per_source: SourceCounts,
}

impl ConnectionTable {
    /// An empty table with these settings.
    pub fn new(settings: ConnSettings) -> Self {
        ConnectionTable { settings, ..ConnectionTable::default() }
    }

    /// Its settings.
    pub fn settings(&self) -> ConnSettings {
        self.settings
    }

    /// Changes the settings from `now` on. Connections already open keep their slots (even
    /// past a smaller capacity or a new per-address limit); the new timeouts apply to them at
    /// once.
    pub fn set_settings(&mut self, settings: ConnSettings) {
        self.settings = settings;
    }

    /// A whole handshake and request from `source` at `now`, as a client that sends its
    /// request at once: a connection being served, or a refusal, as [`ConnectionTable::syn`]
    /// would refuse it without SYN cookies. It takes a slot until it is closed, and no timeout
    /// applies to it meanwhile (as a proxy's client-side timers wait while the upstream
    /// answers), so it is only counted: [`ConnectionTable::connections`] does not list it.
    #[inline]
    pub fn open(&mut self, now: Micros, source: Ipv4Addr) -> Result<ConnId, Refusal> {
        self.admissible(source, true)?;
        let id = ConnId { number: self.next, source, opened: now, serving: true };
        self.next += 1;
        self.serving += 1;
        self.per_source.add(source);
        Ok(id)
    }

    /// A SYN from `source` arriving at `now`: answered with a new id, or refused. Without SYN
    /// cookies it takes a half-open slot; with them it takes none (but is still refused if the
    /// source is already at its per-address limit).
    pub fn syn(&mut self, now: Micros, source: Ipv4Addr) -> Result<ConnId, Refusal> {
        self.admissible(source, !self.settings.syn_cookies)?;
        let id = ConnId { number: self.next, source, opened: now, serving: false };
        self.next += 1;
        if !self.settings.syn_cookies {
            self.insert(id, Connection { state: ConnState::HalfOpen, last_active: now });
        }
        Ok(id)
    }

    /// The handshake of `id` completing at `now`: it becomes established. Without SYN cookies it
    /// must be half-open here. With them, its cookie must be younger than the SYN timeout, and
    /// it takes a slot now, so it can be refused for a full table or the per-address limit.
    pub fn complete(&mut self, now: Micros, id: ConnId) -> Result<(), Refusal> {
        let established = Connection {
            state: ConnState::Established { since: now, headers_done: false },
            last_active: now,
        };
        if self.settings.syn_cookies {
            if self.slots.contains_key(&id)
                || id.number >= self.next
                || now.saturating_sub(id.opened) >= self.settings.syn_timeout
            {
                return Err(Refusal::Unknown);
            }
            self.admissible(id.source, true)?;
            self.insert(id, established);
            return Ok(());
        }
        match self.slots.get_mut(&id) {
            Some(conn) if conn.state == ConnState::HalfOpen => {
                *conn = established;
                Ok(())
            }
            _ => Err(Refusal::Unknown),
        }
    }

    /// The whole request headers of `id` arriving at `now`, which ends its header timeout and
    /// counts as activity. Whether `id` is established here.
    pub fn headers_done(&mut self, now: Micros, id: ConnId) -> bool {
        match self.slots.get_mut(&id) {
            Some(Connection { state: ConnState::Established { headers_done, .. }, last_active }) => {
                *headers_done = true;
                *last_active = (*last_active).max(now);
                true
            }
            _ => false,
        }
    }

    /// Activity on `id` at `now` (a byte of a request or a response), which restarts its idle
    /// timeout. Whether `id` is established here.
    pub fn touch(&mut self, now: Micros, id: ConnId) -> bool {
        match self.slots.get_mut(&id) {
            Some(conn) if conn.state != ConnState::HalfOpen => {
                conn.last_active = conn.last_active.max(now);
                true
            }
            _ => false,
        }
    }

    /// Closes `id`, freeing its slot. Whether it was here.
    #[inline(always)]
    pub fn close(&mut self, id: ConnId) -> bool {
        if !id.serving {
            // Out of line: a connection being served (one per request) is the common case.
            return self.close_slot(id);
        }
        // Counted, not kept: the caller closes each connection it opened once.
        self.serving = self.serving.saturating_sub(1);
        self.per_source.remove(id.source);
        true
    }

    /// Closes `id`, which holds a slot of its own if it is here. Whether it was.
    #[inline(never)]
    fn close_slot(&mut self, id: ConnId) -> bool {
        if self.slots.remove(&id).is_none() {
            return false;
        }
        self.per_source.remove(id.source);
        true
    }

    /// Closes every connection whose deadline is at or before `now`, freeing their slots: those
    /// closed and why, in id order. A connection past two deadlines gives the earlier one's
    /// reason (on a tie, in the order of [`Expiry`]).
    pub fn expire(&mut self, now: Micros) -> Vec<(ConnId, Expiry)> {
        let expired: Vec<(ConnId, Expiry)> = self
            .slots
            .iter()
            .filter_map(|(id, conn)| match self.deadline(id, conn) {
                Some((at, why)) if at <= now => Some((*id, why)),
                _ => None,
            })
            .collect();
        for (id, _) in &expired {
            self.close(*id);
        }
        expired
    }

    /// The earliest time at which [`ConnectionTable::expire`] would close something, if any:
    /// when the world should next call it.
    pub fn next_deadline(&self) -> Option<Micros> {
        self.slots.iter().filter_map(|(id, conn)| self.deadline(id, conn)).map(|(at, _)| at).min()
    }

    /// The connection `id`, if it holds a slot of its own (connections being served are only
    /// counted, see [`ConnectionTable::open`]).
    pub fn get(&self, id: ConnId) -> Option<&Connection> {
        self.slots.get(&id)
    }

    /// Every connection holding a slot of its own (half-open or established, not those being
    /// served), in id order.
    pub fn connections(&self) -> impl Iterator<Item = (ConnId, &Connection)> {
        self.slots.iter().map(|(id, conn)| (*id, conn))
    }

    /// How many slots hold a half-open connection.
    pub fn half_open(&self) -> usize {
        self.slots.values().filter(|c| c.state == ConnState::HalfOpen).count()
    }

    /// How many slots hold an established connection.
    pub fn established(&self) -> usize {
        self.len() - self.half_open()
    }

    /// How many slots are taken.
    #[inline]
    pub fn len(&self) -> usize {
        self.slots.len() + self.serving
    }

    /// Whether no slot is taken.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many slots `source` holds.
    #[inline]
    pub fn from_source(&self, source: Ipv4Addr) -> usize {
        self.per_source.get(source)
    }

    /// Whether `source` may take one more slot (checking the capacity too if `slot`).
    #[inline]
    fn admissible(&self, source: Ipv4Addr, slot: bool) -> Result<(), Refusal> {
        if slot && self.len() >= self.settings.capacity {
            return Err(Refusal::TableFull);
        }
        match self.settings.per_address {
            Some(limit) if self.from_source(source) >= limit => Err(Refusal::AddressLimit),
            _ => Ok(()),
        }
    }

    /// Puts `conn` in a slot.
    fn insert(&mut self, id: ConnId, conn: Connection) {
        self.slots.insert(id, conn);
        self.per_source.add(id.source);
    }

    /// When `conn` times out and why, if it can.
    fn deadline(&self, id: &ConnId, conn: &Connection) -> Option<(Micros, Expiry)> {
        let s = &self.settings;
        match conn.state {
            ConnState::HalfOpen => Some((id.opened.saturating_add(s.syn_timeout), Expiry::Handshake)),
            ConnState::Established { since, headers_done } => {
                let headers = match (headers_done, s.header_timeout) {
                    (false, Some(t)) => Some((since.saturating_add(t), Expiry::Headers)),
                    _ => None,
                };
                let idle = s.idle_timeout.map(|t| (conn.last_active.saturating_add(t), Expiry::Idle));
                headers.into_iter().chain(idle).min()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MILLISECOND;

    const A: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 1);
    const B: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 2);

    fn table(settings: ConnSettings) -> ConnectionTable {
        ConnectionTable::new(settings)
    }

    #[test]
    fn defaults_are_a_listeners() {
        let s = ConnSettings::default();
        assert_eq!((s.capacity, s.syn_timeout, s.syn_cookies), (1_024, 3 * SECOND, false));
        assert_eq!((s.header_timeout, s.idle_timeout, s.per_address), (None, Some(60 * SECOND), None));
    }

    #[test]
    fn a_handshake_moves_a_slot_from_half_open_to_established() {
        let mut t = table(ConnSettings::default());
        let a = t.syn(0, A).unwrap();
        let b = t.syn(5, B).unwrap();
        assert_eq!((a.number(), b.number(), b.source(), b.opened()), (0, 1, B, 5));
        assert_eq!((t.half_open(), t.established(), t.len()), (2, 0, 2));
        assert_eq!(t.complete(10, a), Ok(()));
        assert_eq!(t.complete(11, a), Err(Refusal::Unknown));
        assert_eq!((t.half_open(), t.established()), (1, 1));
        assert!(t.headers_done(20, a) && !t.headers_done(20, b));
        assert!(t.close(a) && !t.close(a));
        assert_eq!((t.len(), t.from_source(A), t.from_source(B)), (1, 0, 1));
    }

    #[test]
    fn the_earliest_deadline_gives_the_reason() {
        let settings = ConnSettings {
            header_timeout: Some(10 * SECOND),
            idle_timeout: Some(4 * SECOND),
            ..ConnSettings::default()
        };
        let mut t = table(settings);
        let a = t.syn(0, A).unwrap();
        t.complete(MILLISECOND, a).unwrap();
        assert_eq!(t.next_deadline(), Some(MILLISECOND + 4 * SECOND));
        assert!(t.touch(3 * SECOND, a));
        assert!(t.touch(7 * SECOND, a));
        // Idle until 11 s, but the headers are due at 10.001 s.
        assert_eq!(t.next_deadline(), Some(10 * SECOND + MILLISECOND));
        assert!(t.expire(10 * SECOND).is_empty());
        assert_eq!(t.expire(10 * SECOND + MILLISECOND), vec![(a, Expiry::Headers)]);
        assert!(t.is_empty() && t.next_deadline().is_none());
    }

    #[test]
    fn cookies_are_valid_for_the_syn_timeout_and_once() {
        let mut t = table(ConnSettings { syn_cookies: true, ..ConnSettings::default() });
        let a = t.syn(0, A).unwrap();
        let b = t.syn(0, B).unwrap();
        assert!(t.is_empty());
        assert_eq!(t.complete(3 * SECOND, a), Err(Refusal::Unknown));
        assert_eq!(t.complete(3 * SECOND - 1, b), Ok(()));
        assert_eq!(t.complete(3 * SECOND - 1, b), Err(Refusal::Unknown));
        assert_eq!(t.established(), 1);
    }
}
