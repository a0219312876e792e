//! Real cryptography for the security topic, as pure pieces the world will drive: keys derived
//! from the run's seed (so a run replays exactly), authenticated encryption of a captured
//! message, salted password hashes, and signed tokens with an expiry; then what is built on them:
//! TLS in transit, an eavesdropper on a link, encryption at rest, and access control (endpoints,
//! roles, the answer to a token, and the accounts with their login state).
//!
//! Nothing here draws a random number or reads a clock: every key, salt and nonce comes from
//! the seed and a label, and time is the simulation's microseconds.

mod access;
mod accounts;
mod at_rest;
mod auth;
mod keys;
mod password;
mod seal;
mod tap;
mod tls;
mod token;

pub use access::{authorize, Endpoint, Role, Status, TokenCheck};
pub use accounts::{account_name, account_named, password_of, Accounts, Login, SHOWN, WINDOW};
pub use at_rest::{data_key, disk_row, open_row, row_text, AtRestView, DiskRow, StolenDisk};
pub use auth::{
    AccountRow, AuthConfig, AuthTotals, AuthView, CallResult, Lockout, LoginDefences, Session,
    MAX_TOKEN_LIFETIME,
};
pub use keys::{derive, Key};
pub use password::{hash_password, PasswordHash};
pub use seal::{open, seal, Sealed};
pub use tap::{hex, link_key, request_text, seal_on_link, Capture, Counters, Tap, TapError};
pub use tls::{Connections, Handshake, TlsConfig, TlsMode, TlsVersion, TlsView, TERMINATOR_CORES};
pub use token::{alter, sign, verify, Claims, TokenError};
