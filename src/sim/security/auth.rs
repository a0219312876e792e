//! Authentication settings and what the learner sees of them: how long a token lasts, who is an
//! admin, and the defences of the login page against credential stuffing (OWASP's advice:
//! throttling per account and per address, lockout after repeated failures, a second factor).

use serde::Serialize;

use super::access::{Endpoint, Role, Status};
use super::password::PasswordHash;
use super::token::Claims;
use crate::format::number;
use crate::sim::time::{Micros, SECOND};

/// The most tokens' lifetime a world accepts: a day.
pub const MAX_TOKEN_LIFETIME: Micros = 86_400 * SECOND;

/// Authentication in front of the app.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AuthConfig {
    /// How long a token works after it is issued, in microseconds (1 s – 1 day). Default: 15 min.
    pub token_lifetime: Micros,
    /// How many accounts have the admin role: the last ones. Default: 2.
    pub admins: u32,
    /// Share of a signed-in user's requests that go to `/admin` (0–1); the rest go to
    /// `/orders`. Default: 0.02.
    pub admin_share: f64,
    /// The login page's defences. Default: none.
    pub defences: LoginDefences,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            token_lifetime: 15 * 60 * SECOND,
            admins: 2,
            admin_share: 0.02,
            defences: LoginDefences::default(),
        }
    }
}

impl AuthConfig {
    /// Checks the numbers against `accounts` (one per client), naming the field as scenario
    /// files spell it.
    pub fn check(&self, accounts: u32) -> Result<(), (&'static str, String)> {
        if !(SECOND..=MAX_TOKEN_LIFETIME).contains(&self.token_lifetime) {
            let why =
                format!("must be between 1 and 86400 s, got {} s", number(self.token_lifetime as f64 / 1e6));
            return Err(("auth.token_lifetime_s", why));
        }
        if self.admins > accounts {
            return Err((
                "auth.admins",
                format!("must be at most the {accounts} accounts (clients), got {}", self.admins),
            ));
        }
        if !(self.admin_share.is_finite() && (0.0..=1.0).contains(&self.admin_share)) {
            return Err((
                "auth.admin_share",
                format!("must be between 0 and 1, got {}", number(self.admin_share)),
            ));
        }
        let d = &self.defences;
        if d.throttle_per_account == Some(0) {
            return Err((
                "auth.throttle_per_account",
                "must be at least 1 login a minute, or null for none".into(),
            ));
        }
        if d.throttle_per_address == Some(0) {
            return Err((
                "auth.throttle_per_address",
                "must be at least 1 login a minute, or null for none".into(),
            ));
        }
        if let Some(lockout) = d.lockout {
            if lockout.after == 0 {
                return Err(("auth.lockout.after", "must be at least 1 failed login".into()));
            }
            if !(SECOND..=MAX_TOKEN_LIFETIME).contains(&lockout.duration) {
                let why =
                    format!("must be between 1 and 86400 s, got {} s", number(lockout.duration as f64 / 1e6));
                return Err(("auth.lockout.for_s", why));
            }
        }
        Ok(())
    }
}

/// The login page's defences against guessing and credential stuffing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginDefences {
    /// Most login attempts per account per minute (a fixed one-minute window that opens with
    /// the first attempt after the last window closed); beyond it, 429. Default: none.
    pub throttle_per_account: Option<u32>,
    /// Most login attempts per source address per minute (the same kind of window); beyond it,
    /// 429. Users behind one NAT share theirs. Default: none.
    pub throttle_per_address: Option<u32>,
    /// Locking an account after failed logins in a row. Default: none.
    pub lockout: Option<Lockout>,
    /// Whether a login needs a second factor (a code from the user's phone) after the right
    /// password: users have theirs, bots with a leaked password do not. Default: off.
    pub second_factor: bool,
}

/// Locking an account after failed logins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lockout {
    /// Failed logins in a row that lock the account. Default: 5.
    pub after: u32,
    /// How long it stays locked, in microseconds; every login meanwhile gets 423, the right
    /// password too. Default: 15 min.
    pub duration: Micros,
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout { after: 5, duration: 15 * 60 * SECOND }
    }
}

/// One account as the accounts table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    /// Its name, such as "ada".
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Its stored password: a salt and a PBKDF2 hash (never the password itself).
    pub hash: PasswordHash,
    /// Whether it is locked now.
    pub locked: bool,
    /// Whether a bot has logged into it.
    pub taken_over: bool,
}

/// The learner's own signed-in session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The account's name.
    pub name: String,
    /// The token the login issued: claims (13 bytes) and an HMAC-SHA256 signature (32 bytes).
    pub token: Vec<u8>,
    /// What the token says.
    pub claims: Claims,
}

/// The answer to the learner's own last call.
#[derive(Clone, Debug, PartialEq)]
pub struct CallResult {
    /// What was asked for.
    pub endpoint: Endpoint,
    /// The answer.
    pub status: Status,
    /// Why, in a few words.
    pub why: String,
}

/// Authentication's totals since it came on (the report's `auth` object).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AuthTotals {
    /// Calls refused for want of a valid token (missing, forged, expired or revoked): 401.
    pub unauthorized: u64,
    /// Calls with a valid token refused for its role (a user's token on `/admin`): 403.
    pub forbidden: u64,
    /// Distinct accounts a bot logged into.
    pub takeovers: u64,
    /// Distinct users refused a login because their account was locked.
    pub lockouts: u64,
    /// Successful logins, users' and bots'.
    pub logins: u64,
    /// Logins refused for a wrong password, a missing second factor or a locked account.
    pub failed_logins: u64,
    /// Logins refused by a throttle: 429.
    pub throttled: u64,
    /// Calls a thief made with a stolen token that worked.
    pub stolen_token_uses: u64,
}

/// Authentication as the learner sees it: settings, totals since it was switched on, the first
/// accounts, and the learner's own session.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthView {
    /// The settings in force.
    pub config: AuthConfig,
    /// What was answered since authentication came on.
    pub totals: AuthTotals,
    /// The first accounts (up to 6), with their stored hashes.
    pub accounts: Vec<AccountRow>,
    /// The learner's own session, if signed in.
    pub session: Option<Session>,
    /// The answer to the learner's own last sign-in or call.
    pub last_call: Option<CallResult>,
    /// The account whose token a thief is replaying, if any.
    pub thief: Option<u32>,
    /// The first account's password ("ada"'s), which the sign-in form is filled with.
    pub demo_password: String,
    /// The first admin's name.
    pub admin_name: String,
}
