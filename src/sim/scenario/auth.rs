//! The scenario fields for authentication: the `auth` block, and the timeline's `set-auth`
//! (the same fields, or `"on": false` to switch it off), read and written:
//!
//! ```json
//! "auth": {"token_lifetime_s": 900, "admins": 2, "admin_share": 0.02,
//!          "throttle_per_account": 5, "throttle_per_address": 20,
//!          "lockout": {"after": 5, "for_s": 900}, "second_factor": false}
//! ```
//!
//! Fields left out take their defaults. A throttle or the lockout given as `null` or `false`
//! is off; `"lockout": true` takes its defaults.

use super::edge::true_if_empty;
use super::fields::{Fields, Out, U32};
use crate::json::Json;
use crate::sim::security::{AuthConfig, Lockout};

/// The fields of the `auth` block.
pub(super) const FIELDS: [&str; 7] = [
    "token_lifetime_s",
    "admins",
    "admin_share",
    "throttle_per_account",
    "throttle_per_address",
    "lockout",
    "second_factor",
];

/// A throttle: a number of logins a minute, or `null`/`false` for none.
fn throttle(f: &Fields, name: &str) -> Option<u32> {
    match f.get(name) {
        None | Some(Json::Bool(false)) => None,
        Some(v @ Json::Number(_)) => f.errors.number(v, &f.at(name), 1.0, 1e6).map(|n| n as u32),
        Some(_) => {
            f.fail(name, "must be the most login attempts a minute, or null for none");
            None
        }
    }
}

/// The authentication settings of an `auth` block (or a `set-auth` entry) `f`.
pub(super) fn auth(f: &Fields) -> AuthConfig {
    let mut auth = AuthConfig::default();
    auth.token_lifetime = f.secs("token_lifetime_s", 1.0, 86_400.0, auth.token_lifetime);
    auth.admins = f.int("admins", 0, U32, auth.admins.into()) as u32;
    auth.admin_share = f.f64("admin_share", 0.0, 1.0, auth.admin_share);
    let d = &mut auth.defences;
    d.throttle_per_account = throttle(f, "throttle_per_account");
    d.throttle_per_address = throttle(f, "throttle_per_address");
    d.lockout = match f.get("lockout") {
        None | Some(Json::Bool(false)) => None,
        Some(Json::Bool(true)) => Some(Lockout::default()),
        Some(v @ Json::Object(_)) => {
            let l = Fields::new(v, &f.at("lockout"), &["after", "for_s"], f.errors);
            let d = Lockout::default();
            Some(Lockout {
                after: l.int("after", 1, 1_000_000, d.after.into()) as u32,
                duration: l.secs("for_s", 1.0, 86_400.0, d.duration),
            })
        }
        Some(_) => {
            f.fail(
                "lockout",
                "must be {\"after\": 5, \"for_s\": 900}, true for the defaults, or null for none",
            );
            None
        }
    };
    d.second_factor = f.bool("second_factor", d.second_factor);
    auth
}

/// The fields of `auth` that differ from the defaults.
pub(super) fn auth_json(a: &AuthConfig) -> Out {
    let (d, mut out) = (AuthConfig::default(), Out::default());
    out.secs("token_lifetime_s", a.token_lifetime, d.token_lifetime);
    out.int("admins", a.admins.into(), d.admins.into());
    out.num("admin_share", a.admin_share, d.admin_share);
    let defences = &a.defences;
    if let Some(n) = defences.throttle_per_account {
        out.put("throttle_per_account", Json::int(n.into()));
    }
    if let Some(n) = defences.throttle_per_address {
        out.put("throttle_per_address", Json::int(n.into()));
    }
    if let Some(lockout) = defences.lockout {
        let (d, mut o) = (Lockout::default(), Out::default());
        o.int("after", lockout.after.into(), d.after.into());
        o.secs("for_s", lockout.duration, d.duration);
        out.put("lockout", true_if_empty(o));
    }
    out.bool("second_factor", defences.second_factor, false);
    out
}
