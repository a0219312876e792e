//! Attacks and defences through the headless runner and the world: each attack hurts the users
//! and its fitting defence restores them, SYN cookies keep the connection table free, an
//! intrusion detector set below a NAT's rate blocks its users, every request is accounted for
//! under any attack and defences, runs replay exactly, a token bucket bounds what one bot gets
//! past it, half-open connections time out whatever attack came before, and stopped bots let
//! go of every connection.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod conservation;
mod defended;
mod ids;
mod rate_limit;
mod replay;
mod stopping;
mod table;
