//! What the learner, a scenario or the tour can tell the world to do.

use std::fmt;

use super::attack::AttackConfig;
use super::balancer::Algorithm;
use super::config::{ChaosConfig, RetryConfig, ServerSpec};
use super::edge::DefenceSetting;
use super::security::{AuthConfig, Endpoint};
use super::security::{Tap, TlsConfig, TlsMode};
use super::server::ServerId;
use super::storage::{NodeId, Replication, StorageError};
use crate::format;
use crate::format::{fixed, number};

/// A database node as a command names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeRef {
    /// Whichever node is the primary when the command runs.
    Primary,
    /// A node by id: 0 is the first primary, 1 and 2 the replicas the tier starts with.
    Node(NodeId),
}

impl NodeRef {
    /// The words for it, such as "the primary" or "database node 2".
    pub fn describe(self) -> String {
        match self {
            NodeRef::Primary => "the primary".to_string(),
            NodeRef::Node(id) => format!("database node {}", id.0),
        }
    }
}

/// An instruction to the world. The UI, scenarios and tests all drive it the same way.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds a server; it boots for the autoscaler's start-up delay when `boot` is true, else
    /// takes traffic at once.
    AddServer {
        /// Its hardware.
        spec: ServerSpec,
        /// Whether it must boot first.
        boot: bool,
    },
    /// Removes a server: the given one, or else the newest booting one, or else the newest one
    /// taking traffic. A booting server goes at once; a working one drains first.
    RemoveServer(Option<ServerId>),
    /// Crashes a server (up or booting): the requests it holds fail, and the balancer keeps
    /// sending it requests until its health checks notice.
    CrashServer(ServerId),
    /// Restores a crashed server: it boots, then rejoins once health checks pass.
    RestoreServer(ServerId),
    /// Sets the balancer's retries.
    SetRetries(RetryConfig),
    /// Switches chaos on with these settings, or off.
    SetChaos(Option<ChaosConfig>),
    /// Fails a disk of a database node; the mirror carries on while a healthy disk is left.
    FailDisk {
        /// The node.
        node: NodeRef,
        /// The disk's position in the node's mirror, from 0.
        disk: usize,
    },
    /// Replaces a failed disk: it rebuilds from a healthy one.
    ReplaceDisk {
        /// The node.
        node: NodeRef,
        /// The disk's position in the node's mirror, from 0.
        disk: usize,
    },
    /// Crashes a database node; its disks keep their data. A primary down for the failover
    /// timeout is replaced by its most up-to-date replica.
    CrashDatabase(NodeRef),
    /// Restores a crashed database node: it comes back on its disks' data and catches up.
    RestoreDatabase(NodeRef),
    /// Switches the database's replication between synchronous and asynchronous.
    SetReplication(Replication),
    /// Starts a botnet's attack now (its `start` is ignored), replacing any under way.
    StartAttack(AttackConfig),
    /// Stops the attack under way: the bots stop and drop the connections they hold.
    StopAttack,
    /// Switches one defence at the edge on (with its settings) or off.
    SetDefence(DefenceSetting),
    /// Switches the balancing algorithm.
    SetAlgorithm(Algorithm),
    /// Sets the clients' base arrival rate, in requests per simulated second.
    SetArrivalRate(f64),
    /// Starts a flash crowd as configured in the world's burst settings.
    Burst,
    /// Switches the autoscaler on or off.
    SetAutoscaling(bool),
    /// Sets the autoscaler's target utilization, 0.05–1.0.
    SetTargetUtilization(f64),
    /// Switches authentication on with these settings (keeping the accounts' state if it was
    /// on already), or off.
    SetAuth(Option<AuthConfig>),
    /// A thief steals the token `account`'s user holds (or last held) and replays it from its
    /// own address, about once a second, until it is refused.
    StealToken {
        /// The account, by number.
        account: u32,
    },
    /// Revokes every token `account` was issued until now: its user, and any thief, must sign in
    /// again.
    RevokeTokens {
        /// The account, by number.
        account: u32,
    },
    /// The learner signs in with a name and a password (real PBKDF2 check, real signed token).
    SignIn {
        /// The account's name, such as "ada".
        name: String,
        /// The password typed.
        password: String,
    },
    /// The learner calls `endpoint` with `token` (their session's, an altered one, or none).
    Call {
        /// What to ask for.
        endpoint: Endpoint,
        /// The token's bytes, if any.
        token: Option<Vec<u8>>,
    },
    /// The learner signs out: the session is forgotten (its token still works until it expires,
    /// as a stateless token does).
    SignOut,
    /// Sets TLS in transit: where it is terminated, its version and costs.
    SetTls(TlsConfig),
    /// Places an eavesdropper on a link, or takes it away (`None`).
    PlaceTap(Option<Tap>),
    /// Switches encryption at rest of the database's disks on or off.
    SetAtRest(bool),
    /// Destroys the data key in the key service, for good: data encrypted under it is gone.
    DestroyAtRestKey,
}

impl Command {
    /// What the command does, in a few words, such as "add a large server".
    pub fn describe(&self) -> String {
        match self {
            Command::AddServer { spec, boot: false } => format!("add a {} server", spec.size.label()),
            Command::AddServer { spec, boot: true } => {
                format!("add a {} server that boots first", spec.size.label())
            }
            Command::RemoveServer(Some(id)) => format!("remove server {}", id.0),
            Command::RemoveServer(None) => "remove a server".to_string(),
            Command::CrashServer(id) => format!("crash server {}", id.0),
            Command::SetChaos(None) => "switch chaos off".to_string(),
            Command::SetChaos(Some(c)) => format!(
                "switch chaos on (a crash every {} and a restore after {}, on average)",
                format::seconds(c.server_mtbf as f64 / 1e6),
                format::seconds(c.server_mttr as f64 / 1e6)
            ),
            Command::SetRetries(r) if r.max_attempts <= 1 => "switch retries off".to_string(),
            Command::SetRetries(r) => {
                format!("retry up to {} tries with a {}% budget", r.max_attempts, fixed(r.budget * 100.0, 0))
            }
            Command::RestoreServer(id) => format!("restore server {}", id.0),
            Command::FailDisk { node, disk } => format!("fail disk {disk} of {}", node.describe()),
            Command::ReplaceDisk { node, disk } => format!("replace disk {disk} of {}", node.describe()),
            Command::CrashDatabase(node) => format!("crash {}", node.describe()),
            Command::RestoreDatabase(node) => format!("restore {}", node.describe()),
            Command::SetReplication(Replication::Sync) => "replicate synchronously".to_string(),
            Command::SetReplication(Replication::Async) => "replicate asynchronously".to_string(),
            Command::StartAttack(a) => format!(
                "start {} from {} bots at {} {} per second each",
                a.kind.describe(),
                format::count(u64::from(a.bots)),
                format::rate(a.rate_per_bot),
                a.kind.unit()
            ),
            Command::StopAttack => "stop the attack".to_string(),
            Command::SetDefence(setting) if setting.is_on() => format!("switch {} on", setting.slug()),
            Command::SetDefence(setting) => format!("switch {} off", setting.slug()),
            Command::SetAlgorithm(a) => format!("balance with {}", a.name()),
            Command::SetArrivalRate(rate) => format!("set the arrival rate to {} req/s", format::rate(*rate)),
            Command::Burst => "start a flash crowd".to_string(),
            Command::SetAutoscaling(true) => "switch autoscaling on".to_string(),
            Command::SetAutoscaling(false) => "switch autoscaling off".to_string(),
            Command::SetTargetUtilization(t) => {
                format!("set the autoscaler's target to {}%", fixed(t * 100.0, 0))
            }
            Command::SetAuth(None) => "switch authentication off".to_string(),
            Command::SetAuth(Some(a)) => format!(
                "switch authentication on (tokens last {})",
                format::seconds(a.token_lifetime as f64 / 1e6)
            ),
            Command::StealToken { account } => format!("steal account {account}'s token"),
            Command::RevokeTokens { account } => format!("revoke account {account}'s tokens"),
            Command::SignIn { name, .. } => format!("sign in as {name}"),
            Command::Call { endpoint, token: Some(_) } => format!("call {} with a token", endpoint.path()),
            Command::Call { endpoint, token: None } => format!("call {} without a token", endpoint.path()),
            Command::SignOut => "sign out".to_string(),
            Command::SetTls(tls) if tls.mode == TlsMode::Off => "switch TLS off".to_string(),
            Command::SetTls(tls) => format!("terminate TLS {} at {}", tls.version.slug(), tls.mode.slug()),
            Command::PlaceTap(Some(tap)) => format!("place an eavesdropper on the {} link", tap.label()),
            Command::PlaceTap(None) => "remove the eavesdropper".to_string(),
            Command::SetAtRest(true) => "encrypt the database's disks".to_string(),
            Command::SetAtRest(false) => "stop encrypting the database's disks".to_string(),
            Command::DestroyAtRestKey => "destroy the data key".to_string(),
        }
    }
}

/// Why a command was refused. A refused command changes nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    /// The world already has the most servers it can hold.
    TooManyServers {
        /// The limit.
        max: usize,
    },
    /// The servers' queues together would hold more requests than the world can keep.
    QueuesTooLong {
        /// The most queued requests the world holds, over all servers.
        max: u64,
    },
    /// Removing would leave no server taking traffic.
    LastServer,
    /// No server with that id is taking traffic or booting.
    NoSuchServer(ServerId),
    /// No server with that id exists.
    UnknownServer(ServerId),
    /// The server is not up or booting, so it cannot crash.
    CannotCrash(ServerId),
    /// The server is not down, so there is nothing to restore.
    NotDown(ServerId),
    /// A number was out of its range.
    OutOfRange {
        /// What the number is.
        what: &'static str,
        /// The value given.
        value: f64,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// A server's settings are invalid (for example zero workers).
    InvalidServer(String),
    /// The world has no database tier.
    NoDatabase,
    /// The database tier refused: no such node or disk, or not in a state to do that.
    Storage(StorageError),
    /// An attack's settings are invalid (the field and what is wrong).
    Attack(String),
    /// There is no attack to stop.
    NoAttack,
    /// A defence's settings are invalid (the field and what is wrong).
    Defence(String),
    /// Authentication refused: it is off, its settings are invalid, or there is no such account
    /// or token.
    Auth(String),
    /// TLS settings are invalid (the field and what is wrong).
    Tls(String),
    /// Encryption at rest cannot do that (its key was destroyed).
    AtRest(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::TooManyServers { max } => {
                write!(f, "cannot add a server: the limit is {max}")
            }
            CommandError::QueuesTooLong { max } => write!(
                f,
                "cannot add a server: the queues would hold more than {} requests in all, \
                 the most the playground keeps in memory",
                format::count(*max)
            ),
            CommandError::LastServer => write!(f, "cannot remove the last server taking traffic"),
            CommandError::NoSuchServer(id) => write!(f, "there is no server {} to remove", id.0),
            CommandError::UnknownServer(id) => write!(f, "there is no server {}", id.0),
            CommandError::CannotCrash(id) => {
                write!(f, "server {} is not up or booting, so it cannot crash", id.0)
            }
            CommandError::NotDown(id) => {
                write!(f, "server {} is not down, so there is nothing to restore", id.0)
            }
            CommandError::OutOfRange { what, value, min, max } => {
                write!(
                    f,
                    "{what} must be between {} and {}, got {}",
                    number(*min),
                    number(*max),
                    number(*value)
                )
            }
            CommandError::InvalidServer(why) => write!(f, "invalid server: {why}"),
            CommandError::NoDatabase => write!(f, "this world has no database"),
            CommandError::Storage(why) => write!(f, "{why}"),
            CommandError::Attack(why) => write!(f, "invalid attack: {why}"),
            CommandError::NoAttack => write!(f, "there is no attack to stop"),
            CommandError::Defence(why) => write!(f, "invalid defence: {why}"),
            CommandError::Auth(why) => write!(f, "{why}"),
            CommandError::Tls(why) => write!(f, "invalid TLS settings: {why}"),
            CommandError::AtRest(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for CommandError {}
