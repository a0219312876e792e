//! Authentication and access control through the world and the headless runner: the answer for
//! every role, endpoint and token; credential stuffing against each login defence; tokens that
//! expire, are stolen and are revoked; the learner's own sign-in and calls with real
//! cryptography; and runs that replay exactly, with reports unchanged when authentication is off.
#![cfg(not(target_arch = "wasm32"))]

mod captions;
mod common;
mod learner;
mod reports;
mod steady;
mod stolen;
mod stuffing;
