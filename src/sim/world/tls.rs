//! TLS on the request path, and an eavesdropper on a link.
//!
//! A request that opens a connection pays its handshake's round trips (each twice the clients'
//! link delay) before it can be sent, modelled as longer travel to the edge; the terminator (the
//! balancer) spends CPU on the handshake and on the request's records, added to the request's
//! latency as a plain delay (no queue at the terminator is modelled: its utilization shows how
//! close it comes to its [`TERMINATOR_CORES`]). Users keep their connections alive between
//! requests and resume with session tickets; a flooding bot opens a fresh connection with a full
//! handshake for every request, as TLS exhaustion attacks do. In end-to-end mode each server
//! also decrypts each request, which lengthens its service time.
//!
//! With TLS off and no eavesdropper, a request pays one test of a flag here.

use std::collections::VecDeque;

use super::World;
use crate::sim::attack::Origin;
use crate::sim::command::CommandError;
use crate::sim::event::EventKind;
use crate::sim::request::Call;
use crate::sim::security::{
    request_text, seal_on_link, Capture, Connections, Counters, Handshake, Tap, TlsConfig, TlsMode, TlsView,
    TERMINATOR_CORES,
};
use crate::sim::server::ServerId;
use crate::sim::time::{to_ms, to_secs, Micros, MILLISECOND};

/// How many captures the eavesdropper keeps: 8, newest last.
pub const CAPTURES_KEPT: usize = 8;

/// Least time between two captures: 500 ms of simulated time (at most two a second).
pub const CAPTURE_GAP: Micros = 500 * MILLISECOND;

/// TLS and the eavesdropper, as the world keeps them between steps.
#[derive(Debug, Default)]
pub(super) struct TlsState {
    /// Whether `send` has anything to do here: TLS is on or an eavesdropper listens outside.
    pub(super) live: bool,
    /// Whether an eavesdropper listens on the balancer → server link.
    pub(super) inner_tap: bool,
    /// What each request's service costs its server for TLS, in microseconds: the record CPU
    /// in end-to-end mode, else 0.
    pub(super) server_cpu: Micros,
    connections: Connections,
    full: u64,
    resumed: u64,
    reused: u64,
    /// Users' requests that went through TLS, and the latency it added them in all.
    users: u64,
    added: Micros,
    /// Terminator CPU spent, in microseconds.
    cpu: Micros,
    /// Time TLS was on before `on_since`, and since when it is on (if it is).
    on_time: Micros,
    on_since: Option<Micros>,
    tap: Option<Tap>,
    captures: VecDeque<Capture>,
    /// Captures made since the eavesdropper was placed (each kind of request in turn).
    taken: u64,
    last_capture: Option<Micros>,
    counters: Counters,
}

impl TlsState {
    /// The state for a world starting with `config`.
    pub(super) fn new(config: &TlsConfig) -> Self {
        let mut state = TlsState::default();
        state.configure(config, 0);
        state
    }

    /// Takes `config` into account from `now`.
    fn configure(&mut self, config: &TlsConfig, now: Micros) {
        let on = config.mode != TlsMode::Off;
        match (self.on_since, on) {
            (None, true) => self.on_since = Some(now),
            (Some(since), false) => {
                self.on_time += now - since;
                self.on_since = None;
            }
            _ => {}
        }
        self.server_cpu = if config.mode == TlsMode::EndToEnd { config.record_cpu } else { 0 };
        self.live = on || self.tap == Some(Tap::Outer);
        self.inner_tap = self.tap == Some(Tap::Inner);
    }
}

impl World {
    /// The request from `origin` (client `client`) is about to set off, as request
    /// `self.next_request_id`: its connection is reused or opened, and what TLS costs it is
    /// added to its travel to the edge (returned, in microseconds); the eavesdropper on the
    /// clients' link may record it.
    pub(super) fn tls_send(&mut self, origin: Origin, client: u32, call: Call) -> Micros {
        let config = self.config.tls;
        let mut delay = 0;
        if config.mode != TlsMode::Off && origin.path().is_some() {
            let handshake = match origin {
                // A thief replays its stolen token over a connection of its own, as a client does.
                Origin::User(_) | Origin::Thief => self.tls.connections.connect(client, self.now, &config),
                // A flooding bot opens a fresh connection for every request and never resumes.
                Origin::Bot(..) => Handshake::Full,
            };
            let t = &mut self.tls;
            match handshake {
                Handshake::Full => t.full += 1,
                Handshake::Resumed => t.resumed += 1,
                Handshake::Reused => t.reused += 1,
            }
            let cpu = config.terminator_cpu(handshake);
            t.cpu += cpu;
            let round_trips = u64::from(config.version.round_trips(handshake));
            delay = round_trips * 2 * self.config.links.client_to_balancer + cpu;
            if !origin.is_attack() {
                t.users += 1;
                t.added += delay + t.server_cpu;
            }
        }
        if let (Some(Tap::Outer), Origin::User(_)) = (self.tls.tap, origin) {
            let connection = self.tls.connections.connection_of(client);
            let sealed = config.mode.outer_encrypted();
            self.capture(Tap::Outer, self.next_request_id, client, (client, connection), sealed, call);
        }
        delay
    }

    /// The request in `slot` leaves the balancer for server `server`: the eavesdropper on that
    /// link may record it. Called only while one listens there.
    pub(super) fn tap_inner(&mut self, slot: u32, server: ServerId) {
        let request = self.requests.get_mut(slot);
        let (id, client, origin, call) = (request.id, request.client, request.origin, request.call);
        if origin.is_attack() {
            return;
        }
        // The balancer's pooled connection to each server lasts: one key per server.
        let sealed = self.config.tls.mode.inner_encrypted();
        self.capture(Tap::Inner, id, client, (server.0, 0), sealed, call);
    }

    /// Records request `id` from `client`, asking `call`, on `tap` (whose key belongs to the
    /// connection `(end, connection)`), unless one was recorded less than [`CAPTURE_GAP`] ago;
    /// sealed if the link is encrypted.
    fn capture(
        &mut self,
        tap: Tap,
        id: u64,
        client: u32,
        (end, connection): (u32, u32),
        sealed: bool,
        call: Call,
    ) {
        let now = self.now;
        let t = &mut self.tls;
        if t.last_capture.is_some_and(|last| now < last + CAPTURE_GAP) {
            return;
        }
        t.last_capture = Some(now);
        let text = request_text(self.config.seed, t.taken, id, client, now, call);
        t.taken += 1;
        let (sealed, key) = if sealed {
            let (s, k) = seal_on_link(&mut t.counters, self.config.seed, tap, end, connection, &text);
            (Some(s), Some(k))
        } else {
            (None, None)
        };
        if t.captures.len() == CAPTURES_KEPT {
            t.captures.pop_front();
        }
        t.captures.push_back(Capture { id, tap, text, sealed, key });
    }

    /// Sets TLS: a new mode or version starts every connection afresh (old tickets are no good).
    pub(super) fn set_tls(&mut self, config: TlsConfig) -> Result<(), CommandError> {
        config.check().map_err(|(field, why)| CommandError::Tls(format!("{field}: {why}")))?;
        let before = self.config.tls;
        if (before.mode, before.version) != (config.mode, config.version) {
            self.tls.connections.clear();
        }
        self.config.tls = config;
        self.tls.configure(&config, self.now);
        let round_trip = 2 * self.config.links.client_to_balancer;
        self.log.push(self.now, EventKind::TlsChanged { config, round_trip });
        Ok(())
    }

    /// Places the eavesdropper on a link, or takes it away; what it recorded elsewhere is
    /// forgotten.
    pub(super) fn place_tap(&mut self, tap: Option<Tap>) {
        if self.tls.tap != tap {
            self.tls.captures.clear();
            self.tls.taken = 0;
            self.tls.last_capture = None;
        }
        self.tls.tap = tap;
        let config = self.config.tls;
        self.tls.configure(&config, self.now);
        self.log.push(self.now, EventKind::TapPlaced { tap });
    }
}

impl World {
    /// TLS: its settings, handshakes and what it cost.
    pub fn tls(&self) -> TlsView {
        let t = &self.tls;
        let on_time = t.on_time + t.on_since.map_or(0, |since| self.now - since);
        let cores_time = f64::from(TERMINATOR_CORES) * on_time as f64;
        TlsView {
            config: self.config.tls,
            full: t.full,
            resumed: t.resumed,
            reused: t.reused,
            handshake_ms_mean: if t.users == 0 { 0.0 } else { to_ms(t.added) / t.users as f64 },
            cpu_seconds: to_secs(t.cpu),
            terminator_utilization: if cores_time > 0.0 { (t.cpu as f64 / cores_time).min(1.0) } else { 0.0 },
        }
    }

    /// Where the eavesdropper listens, if anywhere.
    pub fn tap(&self) -> Option<Tap> {
        self.tls.tap
    }

    /// What the eavesdropper recorded on its link, newest last, at most [`CAPTURES_KEPT`].
    pub fn captures(&self) -> Vec<Capture> {
        self.tls.captures.iter().cloned().collect()
    }
}
