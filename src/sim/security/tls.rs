//! TLS in transit, as RFC 8446 (TLS 1.3) and RFC 5246 (TLS 1.2) define its cost: where it is
//! terminated, how many round trips a connection's handshake takes before the first request
//! can be sent, and the CPU the terminator spends on handshakes and records.
//!
//! The playground does not run a real handshake per request (it simulates about a million
//! requests a second); it counts what each would cost. Real encryption runs only for the
//! requests an eavesdropper captures (see [`super::tap`]).

use crate::sim::time::{Micros, MILLISECOND, SECOND};

/// CPU cores of the TLS terminator (the balancer) that share the handshakes and records: 4.
pub const TERMINATOR_CORES: u32 = 4;

/// Where TLS protects the traffic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TlsMode {
    /// No TLS: both links carry the requests in the clear. The default.
    #[default]
    Off,
    /// TLS terminated at the balancer: the clients' link is encrypted, the balancer → server
    /// link carries the requests in the clear.
    Edge,
    /// Terminated at the balancer and encrypted again to the servers, with mutual TLS on pooled,
    /// long-lived connections (so no handshake per request on that link, but each server
    /// decrypts each request).
    EndToEnd,
}

impl TlsMode {
    /// Every mode, in order.
    pub const ALL: [TlsMode; 3] = [TlsMode::Off, TlsMode::Edge, TlsMode::EndToEnd];

    /// The name scenario files and reports use: "off", "edge" or "end-to-end".
    pub fn slug(self) -> &'static str {
        match self {
            TlsMode::Off => "off",
            TlsMode::Edge => "edge",
            TlsMode::EndToEnd => "end-to-end",
        }
    }

    /// Whether the clients → edge link is encrypted.
    pub fn outer_encrypted(self) -> bool {
        self != TlsMode::Off
    }

    /// Whether the balancer → server link is encrypted.
    pub fn inner_encrypted(self) -> bool {
        self == TlsMode::EndToEnd
    }
}

/// The protocol version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TlsVersion {
    /// TLS 1.2 (RFC 5246): a full handshake takes two round trips, a resumed (abbreviated) one.
    V1_2,
    /// TLS 1.3 (RFC 8446): a full handshake takes one round trip, a resumed one none (0-RTT
    /// early data). The default.
    #[default]
    V1_3,
}

impl TlsVersion {
    /// Both versions, the older first.
    pub const ALL: [TlsVersion; 2] = [TlsVersion::V1_2, TlsVersion::V1_3];

    /// The name scenario files and reports use: "1.2" or "1.3".
    pub fn slug(self) -> &'static str {
        match self {
            TlsVersion::V1_2 => "1.2",
            TlsVersion::V1_3 => "1.3",
        }
    }

    /// Round trips a connection spends on its handshake before the request can be sent (after
    /// TCP's own): TLS 1.3 full 1, resumed 0; TLS 1.2 full 2, resumed 1; a reused connection 0.
    ///
    /// A TLS 1.3 resumption sends the request as 0-RTT early data with its first flight. Early
    /// data can be replayed by whoever recorded it (it has no fresh handshake to bind it to),
    /// which is why real servers accept it only for idempotent requests such as a GET.
    pub fn round_trips(self, h: Handshake) -> u32 {
        match (self, h) {
            (_, Handshake::Reused) => 0,
            (TlsVersion::V1_3, Handshake::Full) => 1,
            (TlsVersion::V1_3, Handshake::Resumed) => 0,
            (TlsVersion::V1_2, Handshake::Full) => 2,
            (TlsVersion::V1_2, Handshake::Resumed) => 1,
        }
    }
}

/// TLS settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TlsConfig {
    /// Where TLS is terminated. Default: off.
    pub mode: TlsMode,
    /// The protocol version. Default: 1.3.
    pub version: TlsVersion,
    /// Whether clients resume with the session ticket of an earlier full handshake. Default: on.
    pub resumption: bool,
    /// How long a client's idle connection stays open for its next request, in microseconds;
    /// 0 closes it after each request. Default: 5 s.
    pub keepalive: Micros,
    /// Terminator CPU per full handshake (its key exchange and signature), in microseconds.
    /// Default: 1 ms.
    pub handshake_cpu: Micros,
    /// Terminator CPU per resumed handshake, in microseconds. Default: 100 µs.
    pub resumed_cpu: Micros,
    /// CPU per request to decrypt and encrypt its records, in microseconds: at the balancer, and
    /// in end-to-end mode at the server too. Default: 20 µs.
    pub record_cpu: Micros,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            mode: TlsMode::Off,
            version: TlsVersion::V1_3,
            resumption: true,
            keepalive: 5 * SECOND,
            handshake_cpu: MILLISECOND,
            resumed_cpu: 100,
            record_cpu: 20,
        }
    }
}

impl TlsConfig {
    /// The most a keep-alive may last: 1 hour.
    pub const MAX_KEEPALIVE: Micros = 3_600 * SECOND;

    /// The most CPU one handshake or record may cost: 1 s.
    pub const MAX_CPU: Micros = SECOND;

    /// Checks the times are in range; on failure, names the field as scenario files spell it.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.keepalive > Self::MAX_KEEPALIVE {
            return Err(("tls.keepalive_s", format!("must be at most 3600 s, got {} µs", self.keepalive)));
        }
        let cpu = [
            ("tls.handshake_cpu_ms", self.handshake_cpu),
            ("tls.resumed_cpu_ms", self.resumed_cpu),
            ("tls.record_cpu_ms", self.record_cpu),
        ];
        match cpu.into_iter().find(|(_, t)| *t > Self::MAX_CPU) {
            Some((field, t)) => Err((field, format!("must be at most 1000 ms, got {t} µs"))),
            None => Ok(()),
        }
    }

    /// Terminator CPU for a request that came with `handshake`: the handshake's and the
    /// request's records, in microseconds.
    pub fn terminator_cpu(&self, handshake: Handshake) -> Micros {
        let shake = match handshake {
            Handshake::Full => self.handshake_cpu,
            Handshake::Resumed => self.resumed_cpu,
            Handshake::Reused => 0,
        };
        shake + self.record_cpu
    }
}

/// How a request's connection came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handshake {
    /// It went on a connection kept alive from an earlier request: no handshake.
    Reused,
    /// A new connection resumed with a session ticket (a pre-shared key): no certificate,
    /// cheaper for the terminator.
    Resumed,
    /// A new connection with a full handshake: key exchange, certificate and signature.
    Full,
}

/// TLS as the view and the report show it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TlsView {
    /// The settings in force.
    pub config: TlsConfig,
    /// Full handshakes so far.
    pub full: u64,
    /// Resumed handshakes so far.
    pub resumed: u64,
    /// Requests sent on a connection kept alive.
    pub reused: u64,
    /// Mean latency TLS added per users' request (handshake round trips and CPU), in
    /// milliseconds (0 before any).
    pub handshake_ms_mean: f64,
    /// CPU the terminator spent on TLS, in seconds.
    pub cpu_seconds: f64,
    /// That CPU over the terminator's cores' time while TLS was on, 0–1 (shown as 1 when the
    /// handshakes ask for more than its [`TERMINATOR_CORES`] have).
    pub terminator_utilization: f64,
}

/// One client's connection to the edge.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// When it last sent a request, if it has a connection.
    last: Option<Micros>,
    /// Whether it holds a session ticket from a full handshake.
    ticket: bool,
    /// Connections it has opened (each gets its own keys).
    opened: u32,
}

/// The users' connections to the edge: when each client last used its connection and whether
/// it holds a session ticket. Session tickets here never expire (real ones last hours).
#[derive(Clone, Debug, Default)]
pub struct Connections {
    slots: Vec<Slot>,
}

impl Connections {
    /// Client `client` sends a request at `now`: it reuses its connection if its last request was
    /// less than `config.keepalive` ago, else opens one, resumed if it holds a ticket and
    /// resumption is on, else with a full handshake (which gives it a ticket).
    pub fn connect(&mut self, client: u32, now: Micros, config: &TlsConfig) -> Handshake {
        let i = client as usize;
        if i >= self.slots.len() {
            self.slots.resize(i + 1, Slot::default());
        }
        let slot = &mut self.slots[i];
        let reuse = slot.last.is_some_and(|last| now.saturating_sub(last) < config.keepalive);
        slot.last = Some(now);
        if reuse {
            return Handshake::Reused;
        }
        slot.opened += 1;
        if config.resumption && slot.ticket {
            Handshake::Resumed
        } else {
            slot.ticket = true;
            Handshake::Full
        }
    }

    /// Which of `client`'s connections is the current one (1 for its first, 0 before any), so
    /// each connection gets its own keys.
    pub fn connection_of(&self, client: u32) -> u32 {
        self.slots.get(client as usize).map_or(0, |s| s.opened)
    }

    /// Forgets every connection and ticket (the terminator's keys changed).
    pub fn clear(&mut self) {
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_follow_the_rfcs() {
        use Handshake::*;
        let v13: Vec<u32> = [Full, Resumed, Reused].map(|h| TlsVersion::V1_3.round_trips(h)).to_vec();
        let v12: Vec<u32> = [Full, Resumed, Reused].map(|h| TlsVersion::V1_2.round_trips(h)).to_vec();
        assert_eq!(v13, [1, 0, 0]);
        assert_eq!(v12, [2, 1, 0]);
    }

    #[test]
    fn a_connection_is_reused_within_keepalive_then_resumed_with_its_ticket() {
        let config = TlsConfig { mode: TlsMode::Edge, keepalive: SECOND, ..TlsConfig::default() };
        let mut c = Connections::default();
        assert_eq!(c.connect(7, 0, &config), Handshake::Full);
        assert_eq!(c.connect(7, SECOND - 1, &config), Handshake::Reused);
        assert_eq!(c.connect(7, 3 * SECOND, &config), Handshake::Resumed, "idle 2 s: closed");
        assert_eq!(c.connection_of(7), 2);
        assert_eq!(c.connect(8, 3 * SECOND, &config), Handshake::Full, "another client");
        let no_resumption = TlsConfig { resumption: false, ..config };
        assert_eq!(c.connect(7, 10 * SECOND, &no_resumption), Handshake::Full);
        let no_keepalive = TlsConfig { keepalive: 0, ..config };
        assert_eq!(c.connect(7, 10 * SECOND, &no_keepalive), Handshake::Resumed, "same instant, yet closed");
    }

    #[test]
    fn the_terminator_pays_per_handshake_and_record() {
        let config = TlsConfig::default();
        assert_eq!(config.terminator_cpu(Handshake::Full), 1_020);
        assert_eq!(config.terminator_cpu(Handshake::Resumed), 120);
        assert_eq!(config.terminator_cpu(Handshake::Reused), 20);
        assert!(config.check().is_ok());
        let slow = TlsConfig { resumed_cpu: 2 * SECOND, ..config };
        assert_eq!(slow.check().unwrap_err().0, "tls.resumed_cpu_ms");
    }
}
