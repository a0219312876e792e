//! Encryption through the headless runner and the world: what each TLS handshake adds to the
//! users' latency and costs the terminator and the servers, a flood that exhausts the
//! terminator with full handshakes, an eavesdropper who reads each link in the clear and only
//! ciphertext under TLS, a stolen disk with and without encryption at rest, a destroyed key
//! that shreds the data, and runs that replay exactly.
#![cfg(not(target_arch = "wasm32"))]

mod at_rest;
mod captions;
mod captures;
mod common;
mod cost;
mod replay;
