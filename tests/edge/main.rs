//! The edge's pure pieces: the token bucket's bounds over random arrivals, and the firewall's
//! first-match semantics and error messages, as tables.
#![cfg(not(target_arch = "wasm32"))]

mod bucket;
mod firewall;
mod malformed;
