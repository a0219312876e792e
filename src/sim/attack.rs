//! Where traffic comes from: legitimate users, some of them sharing one address behind a NAT,
//! a botnet running one of five attacks, each aimed at a different resource, and a thief
//! replaying a stolen token.
//!
//! Every source has an IPv4 address, so the edge's defences can tell sources apart (or fail to,
//! as with the users behind a NAT). Addresses are drawn from fixed ranges:
//!
//! - users on their own address: `198.18.0.0/15`, one each (wrapping past 131 072 users);
//! - users behind a NAT: `100.64.0.0/10`, the carrier-grade NAT range, `users` sharing
//!   `addresses` of them in turn;
//! - bots: `45.0.0.0/8`, one each, except for SYN floods (spoofed: any address at all) and
//!   volumetric floods (reflected: the addresses of innocent servers that answer the bots'
//!   forged queries, anywhere);
//! - the thief: `203.0.113.66`, in a documentation range.

use crate::format::number;
use std::net::Ipv4Addr;

use serde::Serialize;

use super::time::{Micros, SECOND};

/// The first address of users on their own address (198.18.0.0).
pub(crate) const USERS_BASE: u32 = 0xC612_0000;
/// How many user addresses there are before they wrap (a /15).
pub(crate) const USERS_SPAN: u32 = 1 << 17;
/// The first address behind a NAT (100.64.0.0).
const NAT_BASE: u32 = 0x6440_0000;
/// The first bot address (45.0.0.0).
const BOTS_BASE: u32 = 0x2D00_0000;
/// The thief's address (203.0.113.66).
const THIEF: u32 = 0xCB00_7142;

/// The most bots a botnet may have.
pub const MAX_BOTS: u32 = 10_000;

/// The most requests (or packets) per second one bot may send.
pub const MAX_RATE_PER_BOT: f64 = 10_000.0;

/// The most a botnet may send altogether, in requests (or packets) per simulated second.
pub const MAX_ATTACK_RATE: f64 = 200_000.0;

/// Bytes of a legitimate request on the wire (what it takes of the uplink).
pub const REQUEST_BYTES: u64 = 500;

/// Bytes of a reflected packet in a volumetric flood (an amplified DNS answer).
pub const FLOOD_PACKET_BYTES: u64 = 4_000;

/// How often a slowloris bot sends one more header line to keep its connection alive (10 s).
pub const TRICKLE: Micros = 10 * SECOND;

/// Which resource an attack goes after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttackKind {
    /// Valid-looking requests, as many as the bots can send: they use up server workers.
    HttpFlood,
    /// Handshakes started from forged addresses and never finished: half-open connections fill
    /// the edge's connection table until they time out.
    SynFlood,
    /// Connections opened and then fed a header line every few seconds, never finishing the
    /// request: they hold connection slots for as long as the edge lets them.
    Slowloris,
    /// Junk packets reflected off other servers, more than the uplink carries: lost on the way
    /// in, with legitimate traffic, before any defence of ours sees them.
    Volumetric,
    /// Logins with name and password pairs leaked from other sites: where a user reused a
    /// password, the bot gets into the account (an account takeover).
    CredentialStuffing,
}

impl AttackKind {
    /// Every kind, in a fixed order.
    pub const ALL: [AttackKind; 5] = [
        AttackKind::HttpFlood,
        AttackKind::SynFlood,
        AttackKind::Slowloris,
        AttackKind::Volumetric,
        AttackKind::CredentialStuffing,
    ];

    /// The name scenario files use, such as `http-flood`.
    pub fn slug(self) -> &'static str {
        match self {
            AttackKind::HttpFlood => "http-flood",
            AttackKind::SynFlood => "syn-flood",
            AttackKind::Slowloris => "slowloris",
            AttackKind::Volumetric => "volumetric",
            AttackKind::CredentialStuffing => "credential-stuffing",
        }
    }

    /// The kind a scenario file names, if any.
    pub fn from_slug(slug: &str) -> Option<AttackKind> {
        AttackKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Words for the learner, such as "an HTTP flood".
    pub fn describe(self) -> &'static str {
        match self {
            AttackKind::HttpFlood => "an HTTP flood",
            AttackKind::SynFlood => "a SYN flood",
            AttackKind::Slowloris => "a slowloris attack",
            AttackKind::Volumetric => "a volumetric flood",
            AttackKind::CredentialStuffing => "credential stuffing",
        }
    }

    /// What one bot sends per second, in words: requests, SYNs, connections or packets.
    pub fn unit(self) -> &'static str {
        match self {
            AttackKind::HttpFlood => "requests",
            AttackKind::SynFlood => "SYNs",
            AttackKind::Slowloris => "connections",
            AttackKind::Volumetric => "packets",
            AttackKind::CredentialStuffing => "logins",
        }
    }
}

/// A botnet's attack.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttackConfig {
    /// What it sends. Default: an HTTP flood.
    pub kind: AttackKind,
    /// How many bots, 1–[`MAX_BOTS`]. Default: 50.
    pub bots: u32,
    /// Requests, SYNs, connections or packets each bot sends per simulated second, on average
    /// (Poisson). Default: 20.
    pub rate_per_bot: f64,
    /// When it starts, in simulated microseconds from the start of the run. Default: 0.
    pub start: Micros,
    /// For credential stuffing, the share of leaked pairs whose password is right on this site
    /// (users who reused it), 0–1. Default: 0.02.
    pub hit_rate: f64,
}

impl Default for AttackConfig {
    fn default() -> Self {
        AttackConfig { kind: AttackKind::HttpFlood, bots: 50, rate_per_bot: 20.0, start: 0, hit_rate: 0.02 }
    }
}

impl AttackConfig {
    /// What the whole botnet sends per simulated second.
    pub fn rate(&self) -> f64 {
        self.bots as f64 * self.rate_per_bot
    }

    /// Checks the numbers, naming the field as scenario files spell it.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=MAX_BOTS).contains(&self.bots) {
            return Err(("attack.bots", format!("must be 1–{MAX_BOTS}, got {}", self.bots)));
        }
        if !(self.rate_per_bot > 0.0 && self.rate_per_bot <= MAX_RATE_PER_BOT) {
            let why = format!(
                "must be more than 0 and at most {}, got {}",
                number(MAX_RATE_PER_BOT),
                number(self.rate_per_bot)
            );
            return Err(("attack.rate_per_bot", why));
        }
        if self.rate() > MAX_ATTACK_RATE {
            let why = format!(
                "bots × rate_per_bot must be at most {} per second, got {}",
                number(MAX_ATTACK_RATE),
                number(self.rate())
            );
            return Err(("attack.rate_per_bot", why));
        }
        if !(self.hit_rate.is_finite() && (0.0..=1.0).contains(&self.hit_rate)) {
            return Err((
                "attack.hit_rate",
                format!("must be between 0 and 1, got {}", number(self.hit_rate)),
            ));
        }
        Ok(())
    }
}

/// Users who share addresses behind a NAT, as on a campus or a mobile carrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NatConfig {
    /// How many of the clients sit behind the NAT (the first ones by number). Default: 200.
    pub users: u32,
    /// How many public addresses they share, at least 1. Default: 1.
    pub addresses: u32,
}

impl Default for NatConfig {
    fn default() -> Self {
        NatConfig { users: 200, addresses: 1 }
    }
}

/// Who sent a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A legitimate user: the client's number.
    User(u32),
    /// A bot, by number, in an attack of this kind.
    Bot(u32, AttackKind),
    /// A thief replaying a stolen token (or a forged one).
    Thief,
}

impl Origin {
    /// Whether it is attack traffic (the simulation's ground truth, which the defences never
    /// see).
    pub fn is_attack(self) -> bool {
        matches!(self, Origin::Bot(..) | Origin::Thief)
    }

    /// The request path the edge sees, if it sees a whole HTTP request: users spread over four
    /// pages, an HTTP flood hammers the search page; a slowloris connection never finishes its
    /// headers, so its path is never seen.
    pub fn path(self) -> Option<&'static str> {
        match self {
            Origin::User(client) => Some(["/", "/products", "/cart", "/checkout"][client as usize % 4]),
            Origin::Bot(_, AttackKind::HttpFlood) => Some("/search"),
            Origin::Bot(_, AttackKind::CredentialStuffing) => Some("/login"),
            Origin::Thief => Some("/orders"),
            Origin::Bot(_, AttackKind::Slowloris | AttackKind::SynFlood | AttackKind::Volumetric) => None,
        }
    }

    /// The user agent it sends: a browser's, except one flooding bot in four, which keeps its
    /// attack tool's own (a signature the intrusion detector knows).
    pub fn user_agent(self) -> &'static str {
        match self {
            Origin::Bot(bot, AttackKind::HttpFlood) if bot % 4 == 0 => "LOIC/1.1",
            _ => "Mozilla/5.0",
        }
    }

    /// Bytes it takes of the uplink.
    pub fn bytes(self) -> u64 {
        match self {
            Origin::Bot(_, AttackKind::Volumetric) => FLOOD_PACKET_BYTES,
            _ => REQUEST_BYTES,
        }
    }
}

/// The address of client number `client`, given the NAT (if any).
pub fn user_address(client: u32, nat: Option<NatConfig>) -> Ipv4Addr {
    match nat {
        Some(nat) if client < nat.users => Ipv4Addr::from(NAT_BASE + client % nat.addresses.max(1)),
        _ => Ipv4Addr::from(USERS_BASE + client % USERS_SPAN),
    }
}

/// The address of bot number `bot` (for attacks that use the bots' own addresses).
pub fn bot_address(bot: u32) -> Ipv4Addr {
    Ipv4Addr::from(BOTS_BASE + bot)
}

/// The address a thief replays a stolen token from.
pub fn thief_address() -> Ipv4Addr {
    Ipv4Addr::from(THIEF)
}
