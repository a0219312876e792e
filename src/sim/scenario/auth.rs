//! The scenario fields for authentication: the `auth` block, and the timeline's `set-auth`
//! (the same fields, or `"on": false` to switch it off), `steal-token` and `revoke-tokens`:
//!
//! ```json
//! "auth": {"token_lifetime_s": 900, "admins": 2, "admin_share": 0.02,
//!          "throttle_per_account": 5, "throttle_per_address": 20,
//!          "lockout": {"after": 5, "for_s": 900}, "second_factor": false}
//! ```
//!
//! Fields left out take their defaults. A throttle or the lockout given as `null` or `false`
//! is off; `"lockout": true` takes its defaults.

use serde::Deserialize;
use serde_json::Value;

use super::{from_json, ScenarioError};
use crate::sim::command::Command;
use crate::sim::config::in_range;
use crate::sim::security::{AuthConfig, Lockout};
use crate::sim::time::from_secs;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AuthFile {
    token_lifetime_s: Option<f64>,
    admins: Option<u32>,
    admin_share: Option<f64>,
    throttle_per_account: Option<Value>,
    throttle_per_address: Option<Value>,
    lockout: Option<Value>,
    second_factor: Option<bool>,
}

/// `on` and the `auth` block's fields (checked when the rest is read as an [`AuthFile`]).
#[derive(Deserialize)]
struct SetAuthArg {
    on: Option<bool>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockoutFile {
    after: Option<u32>,
    for_s: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountArg {
    account: u32,
}

fn err(path: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError { path: path.to_string(), message: message.into() }
}

fn range(path: &str, value: f64, min: f64, max: f64) -> Result<f64, ScenarioError> {
    in_range(value, min, max).map_err(|why| err(path, why))
}

/// A throttle: a number of logins a minute, or `null`/`false` for none.
fn throttle(value: &Value, path: &str) -> Result<Option<u32>, ScenarioError> {
    match value {
        Value::Null | Value::Bool(false) => Ok(None),
        Value::Number(n) => Ok(Some(range(path, n.as_f64().unwrap_or(-1.0), 1.0, 1e6)? as u32)),
        _ => Err(err(path, "must be the most login attempts a minute, or null for none")),
    }
}

/// The authentication settings of an `auth` block (or a `set-auth` entry), under `path`.
pub(super) fn auth(file: AuthFile, path: &str) -> Result<AuthConfig, ScenarioError> {
    let mut auth = AuthConfig::default();
    let at = |field: &str| format!("{path}.{field}");
    if let Some(s) = file.token_lifetime_s {
        auth.token_lifetime = from_secs(range(&at("token_lifetime_s"), s, 1.0, 86_400.0)?);
    }
    auth.admins = file.admins.unwrap_or(auth.admins);
    if let Some(share) = file.admin_share {
        auth.admin_share = range(&at("admin_share"), share, 0.0, 1.0)?;
    }
    let d = &mut auth.defences;
    if let Some(v) = &file.throttle_per_account {
        d.throttle_per_account = throttle(v, &at("throttle_per_account"))?;
    }
    if let Some(v) = &file.throttle_per_address {
        d.throttle_per_address = throttle(v, &at("throttle_per_address"))?;
    }
    if let Some(v) = file.lockout {
        let path = at("lockout");
        d.lockout = match v {
            Value::Null | Value::Bool(false) => None,
            Value::Bool(true) => Some(Lockout::default()),
            Value::Object(_) => {
                let file: LockoutFile = from_json(&v.to_string(), &path)?;
                let mut lockout = Lockout::default();
                if let Some(n) = file.after {
                    lockout.after = range(&format!("{path}.after"), f64::from(n), 1.0, 1e6)? as u32;
                }
                if let Some(s) = file.for_s {
                    lockout.duration = from_secs(range(&format!("{path}.for_s"), s, 1.0, 86_400.0)?);
                }
                Some(lockout)
            }
            _ => {
                return Err(err(
                    &path,
                    "must be {\"after\": 5, \"for_s\": 900}, true for the defaults, or null for none",
                ))
            }
        };
    }
    d.second_factor = file.second_factor.unwrap_or(d.second_factor);
    Ok(auth)
}

/// The command of a `set-auth`, `steal-token` or `revoke-tokens` timeline entry (its `args`
/// without `at_s` and `type`), or `None` for another type.
pub(super) fn timeline_command(kind: &str, args: &str, path: &str) -> Result<Option<Command>, ScenarioError> {
    Ok(Some(match kind {
        "set-auth" => {
            let SetAuthArg { on, rest } = from_json(args, path)?;
            match on {
                Some(false) if rest.is_empty() => Command::SetAuth(None),
                Some(false) => {
                    return Err(err(
                        &format!("{path}.on"),
                        "switches authentication off: give no other field with it",
                    ))
                }
                _ => {
                    let file: AuthFile = from_json(&Value::Object(rest).to_string(), path)?;
                    Command::SetAuth(Some(auth(file, path)?))
                }
            }
        }
        "steal-token" => Command::StealToken { account: from_json::<AccountArg>(args, path)?.account },
        "revoke-tokens" => Command::RevokeTokens { account: from_json::<AccountArg>(args, path)?.account },
        _ => return Ok(None),
    }))
}
