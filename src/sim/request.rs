//! Requests in flight, kept in a slab so that a slot number names a live request.

use serde::Serialize;

use super::attack::Origin;
use super::database::Query;
use super::edge::{ConnId, Defence};
use super::security::{Endpoint, Status};
use super::server::ServerId;
use super::storage::NodeId;
use super::time::Micros;
use super::trace::Trace;
use std::net::Ipv4Addr;

/// Why a request was dropped. Every request ends exactly once: served, dropped, failed or
/// blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// Its server's queue was full when it arrived.
    QueueFull,
    /// The balancer had no server able to take it.
    NoServer,
    /// Lost on the way in: more traffic arrived than the uplink carries.
    UplinkFull,
    /// The edge's connection table had no free slot for its connection.
    ConnectionRefused,
    /// A SYN whose handshake was never completed (its source was forged): it ended when its
    /// half-open slot timed out, or at once if a SYN cookie answered it.
    NoHandshake,
    /// A junk packet that got through to the edge, where nothing listens for it.
    NoListener,
    /// Its bot stopped attacking and dropped the connection it held.
    Abandoned,
}

impl DropReason {
    /// Every reason, in a fixed order (used to index counters).
    pub const ALL: [DropReason; 7] = [
        DropReason::QueueFull,
        DropReason::NoServer,
        DropReason::UplinkFull,
        DropReason::ConnectionRefused,
        DropReason::NoHandshake,
        DropReason::NoListener,
        DropReason::Abandoned,
    ];

    /// The stable identifier printed by the headless runner, such as `queue-full`.
    pub fn slug(self) -> &'static str {
        match self {
            DropReason::QueueFull => "queue-full",
            DropReason::NoServer => "no-server",
            DropReason::UplinkFull => "uplink-full",
            DropReason::ConnectionRefused => "connection-refused",
            DropReason::NoHandshake => "no-handshake",
            DropReason::NoListener => "no-listener",
            DropReason::Abandoned => "abandoned",
        }
    }

    /// Position in [`DropReason::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Why a request failed: the system accepted it and then could not serve it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailReason {
    /// Its server crashed while the request waited in its queue or was being served.
    ServerCrashed,
    /// It reached a server that was down (the balancer had not yet noticed).
    ServerDown,
    /// No database node could take its query: the primary was down for a write (before a
    /// failover), or every node was down for a read.
    DatabaseDown,
    /// Its database node stopped (crashed or lost its data) while the query waited or ran.
    DatabaseCrashed,
    /// Its database node's queue was full.
    DatabaseBusy,
    /// A write under synchronous replication with no replica in step to take it.
    WriteRefused,
    /// Its database node could not read its disks: they are encrypted under a data key that
    /// was destroyed.
    KeyDestroyed,
}

impl FailReason {
    /// Every reason, in a fixed order (used to index counters).
    pub const ALL: [FailReason; 7] = [
        FailReason::ServerCrashed,
        FailReason::ServerDown,
        FailReason::DatabaseDown,
        FailReason::DatabaseCrashed,
        FailReason::DatabaseBusy,
        FailReason::WriteRefused,
        FailReason::KeyDestroyed,
    ];

    /// The stable identifier printed by the headless runner, such as `server-crashed`.
    pub fn slug(self) -> &'static str {
        match self {
            FailReason::ServerCrashed => "server-crashed",
            FailReason::ServerDown => "server-down",
            FailReason::DatabaseDown => "database-down",
            FailReason::DatabaseCrashed => "database-crashed",
            FailReason::DatabaseBusy => "database-busy",
            FailReason::WriteRefused => "write-refused",
            FailReason::KeyDestroyed => "key-destroyed",
        }
    }

    /// Position in [`FailReason::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How a request that was not served ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Turned away before any server took it in.
    Dropped(DropReason),
    /// Taken in, then lost to a failure.
    Failed(FailReason),
    /// Stopped by a defence at the edge.
    Blocked(Defence),
}

impl Loss {
    /// In a few words, such as "dropped: queue-full" or "blocked by rate limiting".
    pub fn describe(self) -> String {
        match self {
            Loss::Dropped(reason) => format!("dropped: {}", reason.slug()),
            Loss::Failed(reason) => format!("failed: {}", reason.slug()),
            Loss::Blocked(defence) => format!("blocked by {}", defence.label()),
        }
    }
}

/// Which stretch of its journey a request is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Travelling from its source to the edge and the balancer behind it.
    ToBalancer,
    /// Held at the edge: a half-open or trickling connection, or waiting in the fair queue.
    AtEdge,
    /// Travelling from the balancer to its server.
    ToServer,
    /// Waiting in its server's queue.
    Queued,
    /// Being served by one of its server's workers.
    InService,
    /// Its query travelling from its server to a database node.
    ToDatabase,
    /// Its query waiting in a database node's queue.
    DatabaseQueued,
    /// Its query being served by a database node.
    DatabaseService,
    /// The database's answer travelling back to its server.
    FromDatabase,
    /// Its response travelling back through the balancer to the client.
    ToClient,
    /// Its failure travelling back from the server to the balancer, which will try another
    /// server.
    Retrying,
}

/// What a request asks of the app when authentication is on, and then the app's answer: a few
/// bytes, so requests stay small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// Nothing the app checks (authentication was off when it was sent).
    Plain,
    /// `POST /login` for `account`, with its right password or a wrong one.
    Login {
        /// The account, by number.
        account: u32,
        /// Whether the password is the account's.
        right: bool,
    },
    /// A call to `endpoint` with token number `token` (0: no token).
    Use {
        /// What it asks for.
        endpoint: Endpoint,
        /// The token it presents, by number.
        token: u32,
    },
    /// The app's answer, carried back to the sender.
    Answered {
        /// What it asked for.
        endpoint: Endpoint,
        /// The answer.
        status: Status,
        /// For a login that worked, the token issued; else the token presented.
        token: u32,
    },
}

impl Call {
    /// What the app answered and to which endpoint, once it has answered.
    pub fn answer(self) -> Option<(Endpoint, Status)> {
        match self {
            Call::Answered { endpoint, status, .. } => Some((endpoint, status)),
            _ => None,
        }
    }
}

/// A request's journey so far.
#[derive(Clone, Debug)]
pub struct Request {
    /// Unique, increasing id (the n-th request sent).
    pub id: u64,
    /// The client that sent it (for a bot, the number of clients plus the bot's: what the
    /// balancer hashes).
    pub client: u32,
    /// Who sent it.
    pub origin: Origin,
    /// For a bot's request, the attack it was sent in (the world's attack epoch then); 0 for a
    /// user's.
    pub attack_epoch: u32,
    /// The source address it came from.
    pub address: Ipv4Addr,
    /// What it asks of the app's authentication, and then the answer.
    pub call: Call,
    /// Its connection at the edge, while it holds one.
    pub conn: Option<ConnId>,
    /// The checks it met at the edge.
    pub trace: Trace,
    /// Whether the fair queue counts it among the requests it let through to the servers.
    pub through: bool,
    /// When it was sent, in simulated microseconds.
    pub created: Micros,
    /// Where it is now.
    pub phase: Phase,
    /// The server it was assigned to, once the balancer chose (the latest, when retried).
    pub server: Option<ServerId>,
    /// Servers tried so far (1 for the first try).
    pub attempts: u8,
    /// What it does at the database, once its server has sent it there.
    pub query: Option<Query>,
    /// The database node its query went to.
    pub node: Option<NodeId>,
    /// When the current phase started.
    pub phase_start: Micros,
    /// When the current phase ends, if it is a timed one (travel or service).
    pub phase_end: Micros,
}

/// A moving request as the view needs it: what it travels between and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leg {
    /// Client → balancer.
    ToBalancer,
    /// Balancer → server.
    ToServer(ServerId),
    /// Server → balancer → client (the response).
    ToClient(ServerId),
    /// Server → balancer: a failure coming back to be tried on another server.
    Retrying(ServerId),
    /// Server → database node: a query.
    ToDatabase(ServerId, NodeId),
    /// Database node → server: the answer.
    FromDatabase(NodeId, ServerId),
}

/// One request on a link, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestView {
    /// The request's id.
    pub id: u64,
    /// Its client.
    pub client: u32,
    /// Whether a bot sent it.
    pub attack: bool,
    /// The link it is on.
    pub leg: Leg,
    /// When it left, in simulated microseconds.
    pub start: Micros,
    /// When it arrives, in simulated microseconds.
    pub end: Micros,
}

/// All requests in flight, by slot.
#[derive(Clone, Debug, Default)]
pub struct Requests {
    slots: Vec<Option<Request>>,
    free: Vec<u32>,
    live: usize,
}

impl Requests {
    /// Stores `request` and returns its slot.
    #[inline]
    pub fn insert(&mut self, request: Request) -> u32 {
        self.live += 1;
        match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(request);
                slot
            }
            None => {
                self.slots.push(Some(request));
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// The live request in `slot`, if there is one.
    pub fn get(&self, slot: u32) -> Option<&Request> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    /// The live request in `slot`.
    ///
    /// # Panics
    /// If the slot is empty: callers check first (with [`Requests::get`]) wherever a scheduled
    /// action may have outlived its request, so an empty slot here is a bug.
    #[inline]
    pub fn get_mut(&mut self, slot: u32) -> &mut Request {
        self.slots[slot as usize].as_mut().expect("scheduled action for a finished request")
    }

    /// Removes and returns the request in `slot`.
    #[inline]
    pub fn remove(&mut self, slot: u32) -> Request {
        let request = self.slots[slot as usize].take().expect("finishing a finished request");
        self.free.push(slot);
        self.live -= 1;
        request
    }

    /// How many requests are in flight.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether no request is in flight.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Every live request, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &Request> {
        self.slots.iter().flatten()
    }

    /// Every live request with its slot, in slot order.
    pub fn slots(&self) -> impl Iterator<Item = (u32, &Request)> {
        self.slots.iter().enumerate().filter_map(|(i, r)| r.as_ref().map(|r| (i as u32, r)))
    }
}
