//! The edge in front of the load balancer, as pure pieces the world drives: source addresses
//! and ranges, a per-source token-bucket rate limiter, an ordered firewall, a connection table
//! with SYN-flood and slowloris defences, an intrusion detector, a fair queue across sources,
//! and the settings that switch each of them on.
//!
//! Nothing here knows about the world or draws a random number. Time is the simulation's integer
//! microseconds, and every collection iterates in a fixed order, so the same calls always give the
//! same answers.

mod address;
mod connections;
mod defences;
mod fair_queue;
mod firewall;
mod forgetting;
mod gate;
mod ids;
mod rule;
mod source_counts;
mod token_bucket;
mod view;

pub use address::Cidr;
pub use connections::{ConnId, ConnSettings, ConnState, Connection, ConnectionTable, Expiry, Refusal};
pub use defences::{Defence, DefenceSetting, Defences, EdgeConfig, IdsConfig};
pub use fair_queue::FairQueue;
pub use firewall::{Action, Firewall, Packet, Proto, Verdict};
pub use gate::{Edge, HTTPS, SWEEP_STEP};
pub use ids::{Ids, IdsSettings, Inspection, Reason, Tally};
pub use rule::{Rule, RuleError};
pub use std::net::Ipv4Addr;
pub use token_bucket::{RateLimit, RateLimiter, TokenBucket};
pub use view::EdgeView;
