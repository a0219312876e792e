//! The edge's pure pieces: the token bucket's bounds over random arrivals, the firewall's
//! first-match semantics and error messages, as tables, the connection table under SYN floods
//! and slowloris, and the intrusion detector's blocks, false positives and tallies.
#![cfg(not(target_arch = "wasm32"))]

mod bucket;
mod connections;
mod firewall;
mod ids;
mod malformed;
