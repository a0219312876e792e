//! A request's trace: each check it met at the edge and what that check said, in order, and
//! how its journey ended. This is what a learner sees when they select a dot or a source.

use std::fmt;
use std::net::Ipv4Addr;

use super::attack::Origin;
use super::request::Loss;
use super::security::{Endpoint, Status};
use super::time::Micros;

/// What one check at the edge said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The scrubbing service upstream let it through.
    Scrubbed,
    /// It got through the uplink.
    Uplink,
    /// The firewall's verdict: allowed or denied, by a rule (its line, from 1) or the default.
    Firewall {
        /// Whether it was let through.
        allowed: bool,
        /// The line of the rule that decided; `None` for the default policy.
        rule: Option<u16>,
    },
    /// The connection table's answer.
    Connection(Conn),
    /// The intrusion detector's verdict.
    Ids(Detection),
    /// The rate limiter's verdict: whether its source's bucket had a token.
    RateLimit(bool),
    /// The fair queue's verdict.
    FairQueue(Turn),
}

/// What the connection table did with a request's connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conn {
    /// Opened and established (the request's headers followed at once).
    Opened,
    /// A SYN answered with a half-open slot, waiting for a handshake.
    HalfOpen,
    /// A SYN answered with a cookie, taking no slot.
    Cookie,
    /// Established, its headers trickling in a line at a time.
    Trickling,
    /// Refused: every slot was taken.
    TableFull,
    /// Refused: its address already held as many connections as one may.
    OverLimit,
}

/// What the intrusion detector made of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detection {
    /// Nothing suspicious.
    Clean,
    /// Flagged for this reason, and let through (alerts only).
    Flagged(Flag),
    /// Flagged for this reason and blocked.
    Blocked(Flag),
}

/// Why the intrusion detector flagged a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Its source was already blocked.
    Listed,
    /// A known bad path.
    Path,
    /// A known bad user agent.
    Agent,
    /// Its source sent more than the threshold within a second.
    Rate,
}

/// What the fair queue did with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// The servers had room: it went straight on.
    Straight,
    /// It waited in its source's queue for its turn.
    Waited,
    /// Its source's queue was full.
    Full,
}

/// The checks a request met at the edge, in order (at most one of each kind).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    checks: [Option<Check>; 7],
}

impl Trace {
    /// Adds the next check.
    pub fn push(&mut self, check: Check) {
        if let Some(free) = self.checks.iter_mut().find(|c| c.is_none()) {
            *free = Some(check);
        }
    }

    /// The checks met, in order.
    pub fn checks(&self) -> impl Iterator<Item = Check> + '_ {
        self.checks.iter().map_while(|c| *c)
    }
}

/// How a request's journey ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Its response reached its client, this long after it was sent (microseconds).
    Served(Micros),
    /// It was dropped, failed or blocked.
    Lost(Loss),
}

/// A request's trace, for the learner: who sent it, the checks it met and (once it ended) how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceView {
    /// The request's id.
    pub id: u64,
    /// Who sent it.
    pub origin: Origin,
    /// The source address it came from.
    pub address: Ipv4Addr,
    /// The checks it met at the edge.
    pub trace: Trace,
    /// How it ended; `None` while it is under way.
    pub ending: Option<Ending>,
    /// With authentication on, the endpoint it asked for and the app's answer, once given.
    pub answer: Option<(Endpoint, Status)>,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Check::Scrubbed => write!(f, "scrubbing: passed"),
            Check::Uplink => write!(f, "uplink: got through"),
            Check::Firewall { allowed, rule } => {
                let verdict = if *allowed { "allowed" } else { "denied" };
                match rule {
                    Some(line) => write!(f, "firewall: {verdict} by the rule on line {line}"),
                    None => write!(f, "firewall: {verdict} by the default policy"),
                }
            }
            Check::Connection(c) => f.write_str(match c {
                Conn::Opened => "connection: opened",
                Conn::HalfOpen => "connection: SYN answered, half-open slot taken",
                Conn::Cookie => "connection: SYN answered with a cookie, no slot taken",
                Conn::Trickling => "connection: opened, headers trickling in",
                Conn::TableFull => "connection: refused, the table is full",
                Conn::OverLimit => "connection: refused, too many from this address",
            }),
            Check::Ids(d) => {
                let why = |flag: &Flag| match flag {
                    Flag::Listed => "its source is blocked",
                    Flag::Path => "a known bad path",
                    Flag::Agent => "a known bad user agent",
                    Flag::Rate => "its source is over the threshold",
                };
                match d {
                    Detection::Clean => write!(f, "intrusion detection: clean"),
                    Detection::Flagged(flag) => {
                        write!(f, "intrusion detection: alert ({}), let through", why(flag))
                    }
                    Detection::Blocked(flag) => write!(f, "intrusion detection: blocked ({})", why(flag)),
                }
            }
            Check::RateLimit(true) => write!(f, "rate limit: token taken"),
            Check::RateLimit(false) => write!(f, "rate limit: bucket empty, refused (429)"),
            Check::FairQueue(Turn::Straight) => write!(f, "fair queue: straight through"),
            Check::FairQueue(Turn::Waited) => write!(f, "fair queue: waited for its turn"),
            Check::FairQueue(Turn::Full) => write!(f, "fair queue: its source's queue is full"),
        }
    }
}
