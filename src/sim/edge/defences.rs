//! The edge's settings: its fixed resources ([`EdgeConfig`]) and the defences a learner switches
//! on and off ([`Defences`]), each named as scenario files name it.

use serde::Serialize;

use super::firewall::Firewall;
use super::token_bucket::RateLimit;
use crate::sim::time::{Micros, MILLISECOND, SECOND};

/// A defence that can end a request: what the report's `blocked` counts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Defence {
    /// Upstream scrubbing removed it before it reached the uplink.
    Scrubbing,
    /// A firewall rule (or the default policy) denied it.
    Firewall,
    /// Its source already held as many connections as one address may.
    ConnectionLimit,
    /// Its connection did not send its whole request headers in time.
    HeaderTimeout,
    /// Its connection was quiet for too long.
    IdleTimeout,
    /// The intrusion detector blocked its source.
    Ids,
    /// Its source's token bucket was empty.
    RateLimit,
    /// Its source's share of the fair queue was full.
    FairQueue,
}

impl Defence {
    /// Every defence, in the order a request meets them.
    pub const ALL: [Defence; 8] = [
        Defence::Scrubbing,
        Defence::Firewall,
        Defence::ConnectionLimit,
        Defence::HeaderTimeout,
        Defence::IdleTimeout,
        Defence::Ids,
        Defence::RateLimit,
        Defence::FairQueue,
    ];

    /// The name scenario files and reports use, such as `rate_limit`.
    pub fn slug(self) -> &'static str {
        match self {
            Defence::Scrubbing => "scrubbing",
            Defence::Firewall => "firewall",
            Defence::ConnectionLimit => "connection_limit",
            Defence::HeaderTimeout => "header_timeout",
            Defence::IdleTimeout => "idle_timeout",
            Defence::Ids => "ids",
            Defence::RateLimit => "rate_limit",
            Defence::FairQueue => "fair_queue",
        }
    }

    /// Its name for the learner, such as "rate limiting".
    pub fn label(self) -> &'static str {
        match self {
            Defence::Scrubbing => "scrubbing",
            Defence::Firewall => "the firewall",
            Defence::ConnectionLimit => "the connection limit",
            Defence::HeaderTimeout => "the header timeout",
            Defence::IdleTimeout => "the idle timeout",
            Defence::Ids => "intrusion detection",
            Defence::RateLimit => "rate limiting",
            Defence::FairQueue => "the fair queue",
        }
    }

    /// Position in [`Defence::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The edge's fixed resources.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeConfig {
    /// Slots in its connection table, half-open and established together. Default: 65 536 (a
    /// tuned listener's; the playground's page uses a small edge of 1 024).
    pub connection_slots: usize,
    /// How long a half-open connection waits for its handshake to complete, in microseconds.
    /// Default: 3 s.
    pub syn_timeout: Micros,
    /// What the uplink carries, in megabits per simulated second. Default: 1 000 (a legitimate
    /// request is 500 bytes, so 250 000 of them a second).
    pub uplink_mbps: f64,
    /// The detour through the scrubbing service, added to the way in when scrubbing is on, in
    /// microseconds. Default: 15 ms.
    pub scrubbing_delay: Micros,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        EdgeConfig {
            connection_slots: 65_536,
            syn_timeout: 3 * SECOND,
            uplink_mbps: 1_000.0,
            scrubbing_delay: 15 * MILLISECOND,
        }
    }
}

/// The intrusion detector's settings a learner tunes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdsConfig {
    /// A source is flagged when it sends more than this many requests within a second.
    /// Default: 15.
    pub threshold: u32,
    /// How long a flagged source is blocked, in microseconds; `None` to raise alerts without
    /// blocking. Default: 30 s.
    pub auto_block: Option<Micros>,
}

impl Default for IdsConfig {
    fn default() -> Self {
        IdsConfig { threshold: 15, auto_block: Some(30 * SECOND) }
    }
}

/// Every defence at the edge, each off by default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Defences {
    /// Ordered rules, first match wins, then the default policy; `None` for no firewall.
    pub firewall: Option<Firewall>,
    /// A token bucket per source address; `None` for no rate limit.
    pub rate_limit: Option<RateLimit>,
    /// Whether requests past what the servers can take wait in per-source queues served in
    /// turn, so that one source cannot crowd the others out.
    pub fair_queue: bool,
    /// Intrusion detection by rate and signature; `None` for none.
    pub ids: Option<IdsConfig>,
    /// Whether SYN cookies are on, so that half-open connections take no slot.
    pub syn_cookies: bool,
    /// The most connections one address may hold at once; `None` for no limit.
    pub connection_limit: Option<u32>,
    /// How long a connection has to send its whole request headers, in microseconds; `None`
    /// for no limit.
    pub header_timeout: Option<Micros>,
    /// How long a connection may stay quiet, in microseconds; `None` for no limit.
    pub idle_timeout: Option<Micros>,
    /// Whether a scrubbing service upstream filters floods of junk packets before they reach
    /// the uplink.
    pub scrubbing: bool,
}

impl Defences {
    /// Whether any defence is on.
    pub fn any(&self) -> bool {
        *self != Defences::default()
    }

    /// Every defence's setting in force, on or off, in the order a request meets them.
    pub fn settings(&self) -> [DefenceSetting; 9] {
        [
            DefenceSetting::Scrubbing(self.scrubbing),
            DefenceSetting::Firewall(self.firewall.clone()),
            DefenceSetting::SynCookies(self.syn_cookies),
            DefenceSetting::ConnectionLimit(self.connection_limit),
            DefenceSetting::HeaderTimeout(self.header_timeout),
            DefenceSetting::IdleTimeout(self.idle_timeout),
            DefenceSetting::Ids(self.ids),
            DefenceSetting::RateLimit(self.rate_limit),
            DefenceSetting::FairQueue(self.fair_queue),
        ]
    }

    /// Whether the defence that blocks as `defence` is switched on.
    pub fn is_on(&self, defence: Defence) -> bool {
        match defence {
            Defence::Scrubbing => self.scrubbing,
            Defence::Firewall => self.firewall.is_some(),
            Defence::ConnectionLimit => self.connection_limit.is_some(),
            Defence::HeaderTimeout => self.header_timeout.is_some(),
            Defence::IdleTimeout => self.idle_timeout.is_some(),
            Defence::Ids => self.ids.is_some(),
            Defence::RateLimit => self.rate_limit.is_some(),
            Defence::FairQueue => self.fair_queue,
        }
    }

    /// Applies one change.
    pub fn set(&mut self, setting: DefenceSetting) {
        match setting {
            DefenceSetting::Firewall(f) => self.firewall = f,
            DefenceSetting::RateLimit(r) => self.rate_limit = r,
            DefenceSetting::FairQueue(on) => self.fair_queue = on,
            DefenceSetting::Ids(i) => self.ids = i,
            DefenceSetting::SynCookies(on) => self.syn_cookies = on,
            DefenceSetting::ConnectionLimit(n) => self.connection_limit = n,
            DefenceSetting::HeaderTimeout(t) => self.header_timeout = t,
            DefenceSetting::IdleTimeout(t) => self.idle_timeout = t,
            DefenceSetting::Scrubbing(on) => self.scrubbing = on,
        }
    }
}

/// One defence switched on (with its settings) or off.
#[derive(Clone, Debug, PartialEq)]
pub enum DefenceSetting {
    /// The firewall's rules, or `None` for no firewall.
    Firewall(Option<Firewall>),
    /// The per-source token bucket, or `None` for no rate limit.
    RateLimit(Option<RateLimit>),
    /// The fair queue on or off.
    FairQueue(bool),
    /// The intrusion detector, or `None` for none.
    Ids(Option<IdsConfig>),
    /// SYN cookies on or off.
    SynCookies(bool),
    /// The per-address connection limit, or `None` for none.
    ConnectionLimit(Option<u32>),
    /// The header timeout in microseconds, or `None` for none.
    HeaderTimeout(Option<Micros>),
    /// The idle timeout in microseconds, or `None` for none.
    IdleTimeout(Option<Micros>),
    /// Upstream scrubbing on or off.
    Scrubbing(bool),
}

impl DefenceSetting {
    /// The name scenario files use for the defence it sets, such as `rate_limit`.
    pub fn slug(&self) -> &'static str {
        match self {
            DefenceSetting::Firewall(_) => "firewall",
            DefenceSetting::RateLimit(_) => "rate_limit",
            DefenceSetting::FairQueue(_) => "fair_queue",
            DefenceSetting::Ids(_) => "ids",
            DefenceSetting::SynCookies(_) => "syn_cookies",
            DefenceSetting::ConnectionLimit(_) => "connection_limit",
            DefenceSetting::HeaderTimeout(_) => "header_timeout",
            DefenceSetting::IdleTimeout(_) => "idle_timeout",
            DefenceSetting::Scrubbing(_) => "scrubbing",
        }
    }

    /// Its defence's name for the learner, such as "rate limiting".
    pub fn label(&self) -> &'static str {
        match self {
            DefenceSetting::Firewall(_) => "the firewall",
            DefenceSetting::RateLimit(_) => "rate limiting",
            DefenceSetting::FairQueue(_) => "the fair queue",
            DefenceSetting::Ids(_) => "intrusion detection",
            DefenceSetting::SynCookies(_) => "SYN cookies",
            DefenceSetting::ConnectionLimit(_) => "the connection limit",
            DefenceSetting::HeaderTimeout(_) => "the header timeout",
            DefenceSetting::IdleTimeout(_) => "the idle timeout",
            DefenceSetting::Scrubbing(_) => "scrubbing",
        }
    }

    /// Checks its numbers: the field as scenario files name it and what is wrong, if anything.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        match self {
            DefenceSetting::RateLimit(Some(r)) if r.burst == 0 => {
                Err(("rate_limit.burst", "must be at least 1: a bucket of 0 tokens admits nothing"))
            }
            DefenceSetting::Ids(Some(i)) if i.threshold == 0 => Err(("ids.threshold", "must be at least 1")),
            DefenceSetting::ConnectionLimit(Some(0)) => Err(("connection_limit", "must be at least 1")),
            DefenceSetting::HeaderTimeout(Some(0)) => Err(("header_timeout_s", "must be more than 0")),
            DefenceSetting::IdleTimeout(Some(0)) => Err(("idle_timeout_s", "must be more than 0")),
            _ => Ok(()),
        }
    }

    /// Whether it switches its defence on.
    pub fn is_on(&self) -> bool {
        match self {
            DefenceSetting::Firewall(f) => f.is_some(),
            DefenceSetting::RateLimit(r) => r.is_some(),
            DefenceSetting::Ids(i) => i.is_some(),
            DefenceSetting::ConnectionLimit(n) => n.is_some(),
            DefenceSetting::HeaderTimeout(t) | DefenceSetting::IdleTimeout(t) => t.is_some(),
            DefenceSetting::FairQueue(on)
            | DefenceSetting::SynCookies(on)
            | DefenceSetting::Scrubbing(on) => *on,
        }
    }
}
