//! The scenario fields for attacks and the edge: `nat`, `edge`, `attack` and `defences`, and the
//! arguments of the timeline's `start-attack` and `set-defence`, read and written.
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

use super::fields::{join, Errors, Fields, Out, U32};
use crate::json::Json;
use crate::sim::attack::{AttackConfig, AttackKind, NatConfig, MAX_BOTS, MAX_RATE_PER_BOT};
use crate::sim::edge::{Action, DefenceSetting, Defences, EdgeConfig, Firewall, IdsConfig, RateLimit};
use crate::sim::time::{from_secs, Micros};

/// The defences' field names, in the order they are applied.
pub(super) const DEFENCES: [&str; 9] = [
    "firewall",
    "rate_limit",
    "fair_queue",
    "ids",
    "syn_cookies",
    "connection_limit",
    "header_timeout_s",
    "idle_timeout_s",
    "scrubbing",
];

/// The fields of the `nat` block.
pub(super) const NAT: [&str; 2] = ["users", "addresses"];

/// The fields of the `edge` block.
pub(super) const EDGE: [&str; 4] = ["connection_slots", "syn_timeout_s", "uplink_mbps", "scrubbing_delay_ms"];

/// The fields of the `attack` block (a `start-attack` entry's `attack` has all but `start_s`).
pub(super) const ATTACK: [&str; 5] = ["type", "bots", "rate_per_bot", "start_s", "hit_rate"];

/// The NAT in front of some users.
pub(super) fn nat(f: &Fields) -> NatConfig {
    let d = NatConfig::default();
    NatConfig {
        users: f.int("users", 0, 1_000_000, d.users.into()) as u32,
        addresses: f.int("addresses", 1, 65_536, d.addresses.into()) as u32,
    }
}

/// The edge's fixed resources.
pub(super) fn edge(f: &Fields) -> EdgeConfig {
    let d = EdgeConfig::default();
    EdgeConfig {
        connection_slots: f.int("connection_slots", 1, 1 << 20, d.connection_slots as u64) as usize,
        syn_timeout: f.secs("syn_timeout_s", 0.001, 3_600.0, d.syn_timeout),
        uplink_mbps: f.f64("uplink_mbps", 0.001, 1e6, d.uplink_mbps),
        scrubbing_delay: f.ms("scrubbing_delay_ms", 0.0, 2_000.0, d.scrubbing_delay),
    }
}

/// An attack, as the `attack` block or a `start-attack` entry's `attack` writes it. `start_s`
/// is allowed only in the block (`timed`).
pub(super) fn attack(f: &Fields, timed: bool) -> AttackConfig {
    let d = AttackConfig::default();
    let name = f.need("type");
    let kind = name.and_then(Json::as_str).and_then(AttackKind::from_slug).unwrap_or_else(|| {
        if let Some(name) = name {
            let kinds = AttackKind::ALL.map(AttackKind::slug).join(", ");
            f.fail("type", format!("unknown attack {name}; one of {kinds}"));
        }
        d.kind
    });
    let mut attack = AttackConfig {
        kind,
        bots: f.int("bots", 1, MAX_BOTS.into(), d.bots.into()) as u32,
        rate_per_bot: f.f64("rate_per_bot", 0.001, MAX_RATE_PER_BOT, d.rate_per_bot),
        start: d.start,
        hit_rate: f.f64("hit_rate", 0.0, 1.0, d.hit_rate),
    };
    if !timed && f.get("start_s").is_some() {
        f.fail("start_s", "not allowed here: the entry's at_s says when it starts");
    }
    attack.start = f.secs("start_s", 0.0, 1e6, d.start);
    if let Err((field, why)) = attack.check() {
        f.fail(field.strip_prefix("attack.").unwrap_or(field), why);
    }
    attack
}

/// The fields of an attack that differ from the defaults, its type first; `start_s` only if
/// `timed`.
pub(super) fn attack_json(a: &AttackConfig, timed: bool) -> Out {
    let (d, mut out) = (AttackConfig::default(), Out::default());
    out.put("type", Json::str(a.kind.slug()));
    out.int("bots", a.bots.into(), d.bots.into());
    out.num("rate_per_bot", a.rate_per_bot, d.rate_per_bot);
    if timed {
        out.secs("start_s", a.start, d.start);
    }
    out.num("hit_rate", a.hit_rate, d.hit_rate);
    out
}

/// The fields of `nat` that differ from the defaults.
pub(super) fn nat_json(n: &NatConfig) -> Out {
    let (d, mut out) = (NatConfig::default(), Out::default());
    out.int("users", n.users.into(), d.users.into());
    out.int("addresses", n.addresses.into(), d.addresses.into());
    out
}

/// The fields of `edge` that differ from the defaults.
pub(super) fn edge_json(e: &EdgeConfig) -> Out {
    let (d, mut out) = (EdgeConfig::default(), Out::default());
    out.int("connection_slots", e.connection_slots as u64, d.connection_slots as u64);
    out.secs("syn_timeout_s", e.syn_timeout, d.syn_timeout);
    out.num("uplink_mbps", e.uplink_mbps, d.uplink_mbps);
    out.ms("scrubbing_delay_ms", e.scrubbing_delay, d.scrubbing_delay);
    out
}

/// Every defence the object `value` (such as the `defences` block) sets, under `path`, in
/// [`DEFENCES`] order; its fields `skip` are a timeline entry's own.
pub(super) fn defences(value: &Json, path: &str, skip: &[&str], errors: &Errors) -> Vec<DefenceSetting> {
    let list = DEFENCES.join(", ");
    let members = value.as_object().unwrap_or_else(|| {
        errors.fail(path, format!("must be an object with any of {list}"));
        &[]
    });
    let unknown = |(k, _): &&(String, Json)| !DEFENCES.contains(&k.as_str()) && !skip.contains(&k.as_str());
    if let Some((unknown, _)) = members.iter().find(unknown) {
        errors.fail(&join(path, unknown), format!("unknown defence; one of {list}"));
    }
    let mut settings = Vec::new();
    for name in DEFENCES {
        if let Some((_, v)) = members.iter().find(|(k, _)| k == name) {
            let setting = defence(name, v, &join(path, name), errors);
            if let Err((field, why)) = setting.check() {
                errors.fail(&join(path, field), why.to_string());
            }
            settings.push(setting);
        }
    }
    settings
}

/// One defence's setting from its value.
fn defence(name: &str, value: &Json, path: &str, errors: &Errors) -> DefenceSetting {
    let off = matches!(value, Json::Null | Json::Bool(false));
    let on = matches!(value, Json::Bool(true));
    let fail = |message: &str| errors.fail(path, message.to_string());
    let flag = || {
        if value.as_bool().is_none() {
            fail("must be true or false");
        }
        on
    };
    let seconds = || match value {
        _ if off => None,
        Json::Number(_) => errors.number(value, path, 0.001, 3_600.0).map(from_secs),
        _ => {
            fail("must be a number of seconds, or false for none");
            None
        }
    };
    match name {
        "firewall" => DefenceSetting::Firewall(match value {
            _ if off => None,
            Json::String(text) => Firewall::parse(text)
                .map_err(|rules| {
                    let lines: Vec<String> = rules.iter().map(ToString::to_string).collect();
                    errors.fail(path, lines.join("; "));
                })
                .ok(),
            _ => {
                fail("must be the rules as text (one per line), or false for no firewall");
                None
            }
        }),
        "rate_limit" => DefenceSetting::RateLimit(match value {
            _ if off => None,
            _ if on => Some(RateLimit::default()),
            _ => {
                let f = Fields::new(value, path, &["rate", "burst"], errors);
                let d = RateLimit::default();
                let rate = f.int("rate", 0, U32, d.rate.into()) as u32;
                let burst = f.int("burst", 0, U32, d.burst.into()) as u32;
                if rate == 0 && burst == 0 {
                    fail("a rate and a burst of 0 would block everything");
                }
                Some(RateLimit { rate, burst })
            }
        }),
        "ids" => DefenceSetting::Ids(match value {
            _ if off => None,
            _ if on => Some(IdsConfig::default()),
            _ => {
                let f = Fields::new(value, path, &["threshold", "auto_block_s"], errors);
                let mut ids = IdsConfig::default();
                ids.threshold = f.int("threshold", 1, 1_000_000, ids.threshold.into()) as u32;
                if f.get("auto_block_s").is_some() {
                    let s = f.f64("auto_block_s", 0.0, 86_400.0, 0.0);
                    ids.auto_block = (s > 0.0).then(|| from_secs(s));
                }
                Some(ids)
            }
        }),
        "connection_limit" => DefenceSetting::ConnectionLimit(match value {
            _ if off => None,
            Json::Number(_) => errors.number(value, path, 1.0, 1e6).map(|n| n as u32),
            _ => {
                fail("must be the most connections per address, or false for no limit");
                None
            }
        }),
        "fair_queue" => DefenceSetting::FairQueue(flag()),
        "syn_cookies" => DefenceSetting::SynCookies(flag()),
        "scrubbing" => DefenceSetting::Scrubbing(flag()),
        "header_timeout_s" => DefenceSetting::HeaderTimeout(seconds()),
        _ => DefenceSetting::IdleTimeout(seconds()),
    }
}

/// The field a defence is written under: its slug, with `_s` for those given in seconds.
fn field(setting: &DefenceSetting) -> &'static str {
    let slug = setting.slug();
    DEFENCES.into_iter().find(|name| name.strip_suffix("_s").unwrap_or(name) == slug).unwrap_or(slug)
}

/// A defence's field name and value as [`defences`] reads them.
pub(super) fn defence_json(setting: &DefenceSetting) -> (&'static str, Json) {
    let or_false = |value: Option<Json>| value.unwrap_or(Json::Bool(false));
    let seconds = |us: Micros| Json::number(us as f64 / 1e6);
    let value = match setting {
        DefenceSetting::Firewall(f) => or_false(f.as_ref().map(|f| Json::String(firewall_text(f)))),
        DefenceSetting::RateLimit(r) => or_false(r.map(|r| {
            let (d, mut out) = (RateLimit::default(), Out::default());
            out.int("rate", r.rate.into(), d.rate.into());
            out.int("burst", r.burst.into(), d.burst.into());
            true_if_empty(out)
        })),
        DefenceSetting::Ids(i) => or_false(i.map(|i| {
            let (d, mut out) = (IdsConfig::default(), Out::default());
            out.int("threshold", i.threshold.into(), d.threshold.into());
            let block = |b: Option<Micros>| b.map_or(0.0, |us| us as f64 / 1e6);
            out.num("auto_block_s", block(i.auto_block), block(d.auto_block));
            true_if_empty(out)
        })),
        DefenceSetting::ConnectionLimit(n) => or_false(n.map(|n| Json::int(n.into()))),
        DefenceSetting::HeaderTimeout(t) | DefenceSetting::IdleTimeout(t) => or_false(t.map(seconds)),
        DefenceSetting::FairQueue(on) | DefenceSetting::SynCookies(on) | DefenceSetting::Scrubbing(on) => {
            Json::Bool(*on)
        }
    };
    (field(setting), value)
}

/// `true` (the defaults) for settings that hold nothing but defaults, else the object.
pub(super) fn true_if_empty(out: Out) -> Json {
    if out.is_empty() {
        Json::Bool(true)
    } else {
        out.done()
    }
}

/// The `defences` block: each defence switched on, in [`DEFENCES`] order.
pub(super) fn defences_json(defences: &Defences) -> Out {
    let (settings, mut out) = (defences.settings(), Out::default());
    for name in DEFENCES {
        if let Some(setting) = settings.iter().find(|s| s.is_on() && field(s) == name) {
            out.put(name, defence_json(setting).1);
        }
    }
    out
}

/// Rules that read back as `firewall`: each on its own line, as first written, and the default
/// policy after them when it denies.
fn firewall_text(firewall: &Firewall) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for rule in firewall.rules() {
        let at = rule.line() - 1;
        if lines.len() <= at {
            lines.resize(at + 1, "");
        }
        lines[at] = rule.text();
    }
    if firewall.default_action() == Action::Deny {
        lines.push("default deny");
    }
    lines.join("\n")
}
