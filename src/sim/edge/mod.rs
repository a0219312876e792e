//! The edge in front of the load balancer, as pure pieces the world will drive: source addresses
//! and ranges, a per-source token-bucket rate limiter, and an ordered firewall.
//!
//! Nothing here knows about the world or draws a random number. Time is the simulation's integer
//! microseconds, and every collection iterates in a fixed order, so the same calls always give the
//! same answers.

mod address;
mod firewall;
mod rule;
mod token_bucket;

pub use address::Cidr;
pub use firewall::{Action, Firewall, Packet, Proto, Verdict};
pub use rule::{Rule, RuleError};
pub use std::net::Ipv4Addr;
pub use token_bucket::{RateLimit, RateLimiter, TokenBucket};
