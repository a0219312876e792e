//! The scenario fields for attacks and the edge: `nat`, `edge`, `attack` and `defences`, and the
//! arguments of the timeline's `start-attack` and `set-defence`.
//!
//! A defence is written as in the `defences` block: `false` (or `null`) switches it off; a
//! number, a text or an object gives its settings; `true` switches the rate limit, intrusion
//! detection, the fair queue, SYN cookies and scrubbing on with their defaults:
//!
//! ```json
//! "defences": {
//!   "firewall": "deny from 45.0.0.0/8\ndefault allow",
//!   "rate_limit": {"rate": 5, "burst": 10},
//!   "fair_queue": true,
//!   "ids": {"threshold": 15, "auto_block_s": 30},
//!   "syn_cookies": true,
//!   "connection_limit": 10,
//!   "header_timeout_s": 5,
//!   "idle_timeout_s": 5,
//!   "scrubbing": true
//! }
//! ```

use serde::Deserialize;
use serde_json::Value;

use super::{from_json, ScenarioError};
use crate::sim::attack::{AttackConfig, AttackKind, NatConfig};
use crate::sim::config::in_range;
use crate::sim::edge::{DefenceSetting, EdgeConfig, Firewall, IdsConfig, RateLimit};
use crate::sim::time::{from_ms, from_secs};

/// The defences' field names, in the order they are applied.
pub const DEFENCES: &str = "firewall, rate_limit, fair_queue, ids, syn_cookies, connection_limit, \
                            header_timeout_s, idle_timeout_s, scrubbing";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NatFile {
    users: Option<u32>,
    addresses: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EdgeFile {
    connection_slots: Option<usize>,
    syn_timeout_s: Option<f64>,
    uplink_mbps: Option<f64>,
    scrubbing_delay_ms: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AttackFile {
    #[serde(rename = "type")]
    kind: String,
    bots: Option<u32>,
    rate_per_bot: Option<f64>,
    start_s: Option<f64>,
    hit_rate: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitFile {
    rate: Option<u32>,
    burst: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdsFile {
    threshold: Option<u32>,
    auto_block_s: Option<f64>,
}

fn err(path: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError { path: path.to_string(), message: message.into() }
}

fn range(path: &str, value: f64, min: f64, max: f64) -> Result<f64, ScenarioError> {
    in_range(value, min, max).map_err(|why| err(path, why))
}

/// The NAT in front of some users.
pub(super) fn nat(file: NatFile) -> Result<NatConfig, ScenarioError> {
    let mut nat = NatConfig::default();
    if let Some(users) = file.users {
        nat.users = range("nat.users", f64::from(users), 0.0, 1e6)? as u32;
    }
    if let Some(addresses) = file.addresses {
        nat.addresses = range("nat.addresses", f64::from(addresses), 1.0, 65_536.0)? as u32;
    }
    Ok(nat)
}

/// The edge's fixed resources.
pub(super) fn edge(file: EdgeFile) -> Result<EdgeConfig, ScenarioError> {
    let mut edge = EdgeConfig::default();
    if let Some(n) = file.connection_slots {
        edge.connection_slots = range("edge.connection_slots", n as f64, 1.0, f64::from(1 << 20))? as usize;
    }
    if let Some(s) = file.syn_timeout_s {
        edge.syn_timeout = from_secs(range("edge.syn_timeout_s", s, 0.001, 3_600.0)?);
    }
    if let Some(mbps) = file.uplink_mbps {
        edge.uplink_mbps = range("edge.uplink_mbps", mbps, 0.001, 1e6)?;
    }
    if let Some(ms) = file.scrubbing_delay_ms {
        edge.scrubbing_delay = from_ms(range("edge.scrubbing_delay_ms", ms, 0.0, 2_000.0)?);
    }
    Ok(edge)
}

/// An attack, as the `attack` block or a `start-attack` entry's `attack` writes it (`path`
/// names it in errors). `start_s` is allowed only in the block (`timed`).
pub(super) fn attack(file: AttackFile, path: &str, timed: bool) -> Result<AttackConfig, ScenarioError> {
    let kinds = AttackKind::ALL.map(AttackKind::slug).join(", ");
    let kind = AttackKind::from_slug(&file.kind).ok_or_else(|| {
        err(&format!("{path}.type"), format!("unknown attack {:?}; one of {kinds}", file.kind))
    })?;
    let mut attack = AttackConfig { kind, ..AttackConfig::default() };
    if let Some(bots) = file.bots {
        attack.bots =
            range(&format!("{path}.bots"), f64::from(bots), 1.0, f64::from(crate::sim::attack::MAX_BOTS))?
                as u32;
    }
    if let Some(rate) = file.rate_per_bot {
        attack.rate_per_bot =
            range(&format!("{path}.rate_per_bot"), rate, 0.001, crate::sim::attack::MAX_RATE_PER_BOT)?;
    }
    if let Some(share) = file.hit_rate {
        attack.hit_rate = range(&format!("{path}.hit_rate"), share, 0.0, 1.0)?;
    }
    match (file.start_s, timed) {
        (Some(s), true) => attack.start = from_secs(range(&format!("{path}.start_s"), s, 0.0, 1e6)?),
        (Some(_), false) => {
            return Err(err(
                &format!("{path}.start_s"),
                "not allowed here: the entry's at_s says when it starts",
            ))
        }
        (None, _) => {}
    }
    attack.check().map_err(|(field, why)| {
        let field = field.strip_prefix("attack.").unwrap_or(field);
        err(&format!("{path}.{field}"), why)
    })?;
    Ok(attack)
}

/// Every defence an object such as the `defences` block sets, under `path`, in [`DEFENCES`]
/// order.
pub(super) fn defences(value: &Value, path: &str) -> Result<Vec<DefenceSetting>, ScenarioError> {
    let object =
        value.as_object().ok_or_else(|| err(path, format!("must be an object with any of {DEFENCES}")))?;
    if let Some(unknown) = object.keys().find(|k| !DEFENCES.split(", ").any(|d| d == k.as_str())) {
        return Err(err(&format!("{path}.{unknown}"), format!("unknown defence; one of {DEFENCES}")));
    }
    let mut settings = Vec::new();
    for name in DEFENCES.split(", ") {
        if let Some(v) = object.get(name) {
            let setting = defence(name, v, &format!("{path}.{name}"))?;
            setting.check().map_err(|(field, why)| err(&format!("{path}.{field}"), why))?;
            settings.push(setting);
        }
    }
    Ok(settings)
}

/// One defence's setting from its value.
fn defence(name: &str, value: &Value, path: &str) -> Result<DefenceSetting, ScenarioError> {
    let off = matches!(value, Value::Null | Value::Bool(false));
    let on = value == &Value::Bool(true);
    let flag = || match value {
        Value::Bool(b) => Ok(*b),
        _ => Err(err(path, "must be true or false")),
    };
    let seconds = |max: f64| -> Result<Option<u64>, ScenarioError> {
        match value {
            _ if off => Ok(None),
            Value::Number(n) => Ok(Some(from_secs(range(path, n.as_f64().unwrap_or(-1.0), 0.001, max)?))),
            _ => Err(err(path, "must be a number of seconds, or false for none")),
        }
    };
    Ok(match name {
        "firewall" => DefenceSetting::Firewall(match value {
            _ if off => None,
            Value::String(text) => Some(Firewall::parse(text).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                err(path, lines.join("; "))
            })?),
            _ => return Err(err(path, "must be the rules as text (one per line), or false for no firewall")),
        }),
        "rate_limit" => DefenceSetting::RateLimit(match value {
            _ if off => None,
            _ if on => Some(RateLimit::default()),
            _ => {
                let file: RateLimitFile = from_json(&value.to_string(), path)?;
                let d = RateLimit::default();
                let limit =
                    RateLimit { rate: file.rate.unwrap_or(d.rate), burst: file.burst.unwrap_or(d.burst) };
                if limit.rate == 0 && limit.burst == 0 {
                    return Err(err(path, "a rate and a burst of 0 would block everything"));
                }
                Some(limit)
            }
        }),
        "ids" => DefenceSetting::Ids(match value {
            _ if off => None,
            _ if on => Some(IdsConfig::default()),
            _ => {
                let file: IdsFile = from_json(&value.to_string(), path)?;
                let mut ids = IdsConfig::default();
                if let Some(t) = file.threshold {
                    ids.threshold = range(&format!("{path}.threshold"), f64::from(t), 1.0, 1e6)? as u32;
                }
                if let Some(s) = file.auto_block_s {
                    let s = range(&format!("{path}.auto_block_s"), s, 0.0, 86_400.0)?;
                    ids.auto_block = (s > 0.0).then(|| from_secs(s));
                }
                Some(ids)
            }
        }),
        "connection_limit" => DefenceSetting::ConnectionLimit(match value {
            _ if off => None,
            Value::Number(n) => Some(range(path, n.as_f64().unwrap_or(-1.0), 1.0, 1e6)? as u32),
            _ => return Err(err(path, "must be the most connections per address, or false for no limit")),
        }),
        "fair_queue" => DefenceSetting::FairQueue(flag()?),
        "syn_cookies" => DefenceSetting::SynCookies(flag()?),
        "scrubbing" => DefenceSetting::Scrubbing(flag()?),
        "header_timeout_s" => DefenceSetting::HeaderTimeout(seconds(3_600.0)?),
        "idle_timeout_s" => DefenceSetting::IdleTimeout(seconds(3_600.0)?),
        other => return Err(err(path, format!("unknown defence {other:?}; one of {DEFENCES}"))),
    })
}
