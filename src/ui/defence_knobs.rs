//! The edge's defences as the controls show them: each with a switch, its numbers (their
//! labels, units, ranges and the page's starting values), the setting the world takes, and the
//! defences in force in words. The firewall has an editor of its own.

use crate::format::count;
use crate::sim::edge::{DefenceSetting, Defences, IdsConfig, RateLimit};
use crate::sim::time::{from_secs, to_secs};

/// One number a defence takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// The input's element id, such as "rate-limit-rate".
    pub id: &'static str,
    /// Its visible label, such as "Rate".
    pub label: &'static str,
    /// The unit written after it, such as "req/s".
    pub unit: &'static str,
    /// The least it takes.
    pub min: f64,
    /// The most it takes.
    pub max: f64,
    /// Whether it takes whole numbers only.
    pub whole: bool,
}

impl Field {
    /// Reads what was typed (`NaN` for an empty or unreadable box), or says what the box takes
    /// and that `current` stays.
    pub fn read(&self, typed: f64, current: f64) -> Result<f64, String> {
        let whole_ok = !self.whole || typed.fract() == 0.0;
        if typed.is_finite() && whole_ok && (self.min..=self.max).contains(&typed) {
            return Ok(typed);
        }
        let what = if self.whole { "a whole number from" } else { "from" };
        Err(format!(
            "\u{201c}{}\u{201d} takes {what} {} to {} {}; it stays {}.",
            self.label,
            number(self.min),
            number(self.max),
            self.unit,
            number(current)
        ))
    }
}

/// A number as the boxes show it: "10", "1,024", "0.5".
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x >= 0.0 {
        count(x as u64)
    } else {
        crate::format::number(x)
    }
}

/// A defence the controls switch, in the order a request meets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// Upstream scrubbing.
    Scrubbing,
    /// SYN cookies.
    SynCookies,
    /// The most connections one address may hold.
    ConnectionLimit,
    /// The time a connection has to send its request headers.
    HeaderTimeout,
    /// The time a connection may stay quiet.
    IdleTimeout,
    /// Intrusion detection.
    Ids,
    /// A token bucket per address.
    RateLimit,
    /// Per-address queues served in turn.
    FairQueue,
}

const RATE: [Field; 2] = [
    Field { id: "rate-limit-rate", label: "Rate", unit: "req/s", min: 1.0, max: 100_000.0, whole: true },
    Field { id: "rate-limit-burst", label: "Burst", unit: "requests", min: 1.0, max: 100_000.0, whole: true },
];
const IDS: [Field; 2] = [
    Field { id: "ids-threshold", label: "Flag above", unit: "req/s", min: 1.0, max: 100_000.0, whole: true },
    Field {
        id: "ids-block",
        label: "Block for",
        unit: "s (0: alerts only)",
        min: 0.0,
        max: 3_600.0,
        whole: false,
    },
];
const LIMIT: [Field; 1] = [Field {
    id: "connection-limit",
    label: "At most",
    unit: "per address",
    min: 1.0,
    max: 65_536.0,
    whole: true,
}];
const HEADERS: [Field; 1] =
    [Field { id: "header-timeout", label: "Within", unit: "s", min: 0.1, max: 3_600.0, whole: false }];
const IDLE: [Field; 1] =
    [Field { id: "idle-timeout", label: "After", unit: "s quiet", min: 0.1, max: 3_600.0, whole: false }];

impl Knob {
    /// Every switch, in the order a request meets them.
    pub const ALL: [Knob; 8] = [
        Knob::Scrubbing,
        Knob::SynCookies,
        Knob::ConnectionLimit,
        Knob::HeaderTimeout,
        Knob::IdleTimeout,
        Knob::Ids,
        Knob::RateLimit,
        Knob::FairQueue,
    ];

    /// The switch's element id, such as "defence-rate-limit".
    pub fn id(self) -> &'static str {
        match self {
            Knob::Scrubbing => "defence-scrubbing",
            Knob::SynCookies => "defence-syn-cookies",
            Knob::ConnectionLimit => "defence-connection-limit",
            Knob::HeaderTimeout => "defence-header-timeout",
            Knob::IdleTimeout => "defence-idle-timeout",
            Knob::Ids => "defence-ids",
            Knob::RateLimit => "defence-rate-limit",
            Knob::FairQueue => "defence-fair-queue",
        }
    }

    /// The switch's label.
    pub fn name(self) -> &'static str {
        match self {
            Knob::Scrubbing => "Scrubbing",
            Knob::SynCookies => "SYN cookies",
            Knob::ConnectionLimit => "Connection limit",
            Knob::HeaderTimeout => "Header timeout",
            Knob::IdleTimeout => "Idle timeout",
            Knob::Ids => "Intrusion detection",
            Knob::RateLimit => "Rate limit",
            Knob::FairQueue => "Fair queue",
        }
    }

    /// What it does, in a sentence.
    pub fn help(self) -> &'static str {
        match self {
            Knob::Scrubbing => {
                "A service upstream drops floods of junk packets before our uplink; requests take a detour."
            }
            Knob::SynCookies => {
                "A half-open connection takes no slot: the handshake's state rides in the reply."
            }
            Knob::ConnectionLimit => {
                "No address holds more connections at once (users behind a NAT share one)."
            }
            Knob::HeaderTimeout => "A connection must send its whole request headers in time.",
            Knob::IdleTimeout => "A connection quiet this long is closed.",
            Knob::Ids => {
                "Flags an address sending more within a second, or a known attack tool, and blocks it."
            }
            Knob::RateLimit => "A token bucket per address: a steady rate, and a burst after a quiet spell.",
            Knob::FairQueue => {
                "When the servers are full, requests wait in a queue per address, served in turn."
            }
        }
    }

    /// Its numbers (none for an on–off switch).
    pub fn fields(self) -> &'static [Field] {
        match self {
            Knob::ConnectionLimit => &LIMIT,
            Knob::HeaderTimeout => &HEADERS,
            Knob::IdleTimeout => &IDLE,
            Knob::Ids => &IDS,
            Knob::RateLimit => &RATE,
            Knob::Scrubbing | Knob::SynCookies | Knob::FairQueue => &[],
        }
    }

    /// The numbers the page starts with: the simulation's own defaults for the rate limit (10
    /// req/s, burst 20) and intrusion detection (above 15 req/s, 30 s blocks), 10 connections
    /// per address, and 5 s timeouts (slowloris sends a header line every 10 s).
    pub fn defaults(self) -> Vec<f64> {
        match self {
            Knob::ConnectionLimit => vec![10.0],
            Knob::HeaderTimeout | Knob::IdleTimeout => vec![5.0],
            Knob::Ids => {
                let ids = IdsConfig::default();
                vec![f64::from(ids.threshold), ids.auto_block.map_or(0.0, to_secs)]
            }
            Knob::RateLimit => {
                let limit = RateLimit::default();
                vec![f64::from(limit.rate), f64::from(limit.burst)]
            }
            Knob::Scrubbing | Knob::SynCookies | Knob::FairQueue => Vec::new(),
        }
    }

    /// Its numbers in force, or `None` while it is off.
    pub fn in_force(self, d: &Defences) -> Option<Vec<f64>> {
        let on = |on: bool| on.then(Vec::new);
        match self {
            Knob::Scrubbing => on(d.scrubbing),
            Knob::SynCookies => on(d.syn_cookies),
            Knob::FairQueue => on(d.fair_queue),
            Knob::ConnectionLimit => d.connection_limit.map(|n| vec![f64::from(n)]),
            Knob::HeaderTimeout => d.header_timeout.map(|t| vec![to_secs(t)]),
            Knob::IdleTimeout => d.idle_timeout.map(|t| vec![to_secs(t)]),
            Knob::Ids => d.ids.map(|i| vec![f64::from(i.threshold), i.auto_block.map_or(0.0, to_secs)]),
            Knob::RateLimit => d.rate_limit.map(|r| vec![f64::from(r.rate), f64::from(r.burst)]),
        }
    }

    /// The setting that switches it on with `values` (read by [`Field::read`], in the order of
    /// [`Knob::fields`]), or off with `None`.
    pub fn setting(self, values: Option<&[f64]>) -> DefenceSetting {
        let at = |i: usize| values.and_then(|v| v.get(i).copied()).unwrap_or(0.0);
        let on = values.is_some();
        let secs = |i: usize| values.map(|_| from_secs(at(i)));
        match self {
            Knob::Scrubbing => DefenceSetting::Scrubbing(on),
            Knob::SynCookies => DefenceSetting::SynCookies(on),
            Knob::FairQueue => DefenceSetting::FairQueue(on),
            Knob::ConnectionLimit => DefenceSetting::ConnectionLimit(values.map(|_| at(0) as u32)),
            Knob::HeaderTimeout => DefenceSetting::HeaderTimeout(secs(0)),
            Knob::IdleTimeout => DefenceSetting::IdleTimeout(secs(0)),
            Knob::Ids => DefenceSetting::Ids(values.map(|_| IdsConfig {
                threshold: at(0) as u32,
                auto_block: (at(1) > 0.0).then(|| from_secs(at(1))),
            })),
            Knob::RateLimit => DefenceSetting::RateLimit(
                values.map(|_| RateLimit { rate: at(0) as u32, burst: at(1) as u32 }),
            ),
        }
    }
}

/// The defences in force, in words, in the order a request meets them: "In force: SYN cookies;
/// rate limit 10 req/s, burst 20." or "In force: none."
pub fn in_force(d: &Defences) -> String {
    let secs = |t| number(to_secs(t));
    let mut said = Vec::new();
    if d.scrubbing {
        said.push("scrubbing".to_string());
    }
    if let Some(f) = &d.firewall {
        let rules = f.rules().len();
        said.push(format!("firewall ({} rule{})", rules, if rules == 1 { "" } else { "s" }));
    }
    if d.syn_cookies {
        said.push("SYN cookies".to_string());
    }
    if let Some(n) = d.connection_limit {
        said.push(format!("at most {} connections per address", count(u64::from(n))));
    }
    if let Some(t) = d.header_timeout {
        said.push(format!("headers within {} s", secs(t)));
    }
    if let Some(t) = d.idle_timeout {
        said.push(format!("idle connections closed after {} s", secs(t)));
    }
    if let Some(i) = d.ids {
        let block = i.auto_block.map_or("alerts only".to_string(), |t| format!("blocks for {} s", secs(t)));
        said.push(format!("intrusion detection above {} req/s, {block}", count(u64::from(i.threshold))));
    }
    if let Some(r) = d.rate_limit {
        said.push(format!(
            "rate limit {} req/s, burst {}",
            count(u64::from(r.rate)),
            count(u64::from(r.burst))
        ));
    }
    if d.fair_queue {
        said.push("fair queue".to_string());
    }
    if said.is_empty() {
        "In force: none.".to_string()
    } else {
        format!("In force: {}.", said.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::edge::Firewall;
    use crate::sim::time::SECOND;

    #[test]
    fn each_knob_turns_its_numbers_into_its_setting_and_back() {
        for knob in Knob::ALL {
            let values = knob.defaults();
            assert_eq!(values.len(), knob.fields().len(), "{knob:?}");
            let mut d = Defences::default();
            assert_eq!(knob.in_force(&d), None);
            let on = knob.setting(Some(&values));
            assert!(on.is_on(), "{knob:?}");
            d.set(on);
            assert_eq!(knob.in_force(&d), Some(values), "{knob:?}");
            let off = knob.setting(None);
            assert!(!off.is_on() && off.slug() == knob.setting(Some(&knob.defaults())).slug());
        }
        let alerts = Knob::Ids.setting(Some(&[20.0, 0.0]));
        assert_eq!(alerts, DefenceSetting::Ids(Some(IdsConfig { threshold: 20, auto_block: None })));
        let half = Knob::HeaderTimeout.setting(Some(&[0.5]));
        assert_eq!(half, DefenceSetting::HeaderTimeout(Some(SECOND / 2)));
    }

    #[test]
    fn a_box_takes_numbers_in_its_range_or_says_what_it_takes() {
        let [rate, _] = RATE;
        assert_eq!(rate.read(25.0, 10.0), Ok(25.0));
        for bad in [0.0, 2.5, f64::NAN, 100_001.0] {
            assert_eq!(
                rate.read(bad, 10.0),
                Err("\u{201c}Rate\u{201d} takes a whole number from 1 to 100,000 req/s; it stays 10.".into())
            );
        }
        let [timeout] = HEADERS;
        assert_eq!(timeout.read(0.5, 5.0), Ok(0.5));
        assert_eq!(
            timeout.read(0.0, 5.0),
            Err("\u{201c}Within\u{201d} takes from 0.1 to 3,600 s; it stays 5.".into())
        );
    }

    #[test]
    fn the_defences_in_force_are_said_in_the_order_a_request_meets_them() {
        assert_eq!(in_force(&Defences::default()), "In force: none.");
        let d = Defences {
            firewall: Some(Firewall::parse("deny from 45.0.0.0/8\ndefault allow").unwrap()),
            rate_limit: Some(RateLimit { rate: 10, burst: 20 }),
            ids: Some(IdsConfig { threshold: 15, auto_block: None }),
            syn_cookies: true,
            header_timeout: Some(5 * SECOND),
            ..Defences::default()
        };
        assert_eq!(
            in_force(&d),
            "In force: firewall (1 rule); SYN cookies; headers within 5 s; intrusion detection above 15 req/s, \
             alerts only; rate limit 10 req/s, burst 20."
        );
    }
}
