//! Real cryptography for the security topic, as pure pieces the world will drive: keys derived
//! from the run's seed (so a run replays exactly), authenticated encryption of a captured
//! message, salted password hashes, and signed tokens with an expiry; and access control on top
//! of them: endpoints, roles, the answer to a token, and the accounts with their login state.
//!
//! Nothing here draws a random number or reads a clock: every key, salt and nonce comes from
//! the seed and a label, and time is the simulation's microseconds.

mod access;
mod accounts;
mod auth;
mod keys;
mod password;
mod seal;
mod token;

pub use access::{authorize, Endpoint, Role, Status, TokenCheck};
pub use accounts::{account_name, account_named, Accounts, Login, SHOWN, WINDOW};
pub use auth::{
    AccountRow, AuthConfig, AuthView, CallResult, Lockout, LoginDefences, Session, MAX_TOKEN_LIFETIME,
};
pub use keys::{derive, Key};
pub use password::{hash_password, PasswordHash};
pub use seal::{open, seal, Sealed};
pub use token::{sign, verify, Claims, TokenError};
