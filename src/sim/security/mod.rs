//! Real cryptography for the security topic, as pure pieces the world will drive: keys derived
//! from the run's seed (so a run replays exactly), authenticated encryption of a captured
//! message, salted password hashes, and signed tokens with an expiry.
//!
//! Nothing here draws a random number or reads a clock: every key, salt and nonce comes from
//! the seed and a label, and time is the simulation's microseconds.

mod keys;
mod password;
mod seal;
mod token;

pub use keys::{derive, Key};
pub use password::{hash_password, PasswordHash};
pub use seal::{open, seal, Sealed};
pub use token::{sign, verify, Claims, TokenError};
