//! Captions for attacks and the edge's defences, in the dialogue's words (traffic shaping and
//! filtering against DDoS attacks; firewalls and intrusion detection that identify and block
//! malicious traffic), each with a technical line, an honest one when a defence hurts the
//! users, and when each still holds.

use crate::format::{count, millis, percent};
use crate::sim::attack::{AttackKind, FLOOD_PACKET_BYTES, TRICKLE};
use crate::sim::edge::{DefenceSetting, EdgeView};
use crate::sim::event::{Event, EventKind};
use crate::sim::time::to_ms;
use crate::sim::traffic::success_rate;
use crate::sim::Snapshot;

use super::captions::Kind;
use super::phrases::{capital, rate, secs};
use super::situation::BRIEFLY;

/// The kind of caption an edge event earns.
pub fn kind_of(kind: &EventKind) -> Option<Kind> {
    Some(match kind {
        EventKind::AttackStarted { .. } => Kind::Attack,
        EventKind::AttackStopped => Kind::AttackOver,
        EventKind::DefenceChanged { .. } => Kind::Defence,
        EventKind::SourcesBlocked { .. } | EventKind::IdsAlerts { .. } => Kind::Detection,
        EventKind::LegitimateBlocked { .. } => Kind::Collateral,
        EventKind::ConnectionTableFull { .. } | EventKind::ConnectionTableFree => Kind::Connections,
        EventKind::UplinkSaturated { .. } | EventKind::UplinkClear => Kind::Uplink,
        _ => return None,
    })
}

/// The users' success over the last ten seconds, in words: "94% of users' requests served".
fn users(edge: &EdgeView) -> String {
    format!("{} of users' requests served over the last 10 s", percent(success_rate(&edge.recent)))
}

/// The caption lines for an edge event, told with the numbers of `now`.
pub fn lines(kind: &EventKind, now: &Snapshot) -> (&'static str, String) {
    let edge = &now.edge;
    match kind {
        EventKind::AttackStarted { attack, uplink_loss } => {
            let from = format!(
                "{} bots send {} {} per second each, {} in all",
                count(u64::from(attack.bots)),
                rate(attack.rate_per_bot),
                attack.kind.unit(),
                rate(attack.rate())
            );
            match attack.kind {
                AttackKind::HttpFlood => (
                    "A DDoS attack: a crowd of fake customers queues up so the real ones cannot get served.",
                    format!("HTTP flood: {from}; valid-looking requests take server workers from the users."),
                ),
                AttackKind::SynFlood => (
                    "A DDoS attack: callers who ring and hang up before anyone answers, until every line is busy.",
                    format!(
                        "SYN flood: {from} from forged addresses; each half-open connection holds one of the edge's {} \
                         slots for {} s.",
                        count(edge.config.connection_slots as u64),
                        secs(edge.config.syn_timeout)
                    ),
                ),
                AttackKind::Slowloris => (
                    "A DDoS attack: guests who take a table and order one word at a time, so no table frees up.",
                    format!(
                        "Slowloris: {from}; each connection sends a header line every {} s and never finishes its \
                         request, holding a slot.",
                        secs(TRICKLE)
                    ),
                ),
                AttackKind::Volumetric => (
                    "A DDoS attack: so much junk on the road to us that real traffic cannot get through.",
                    format!(
                        "Volumetric flood: {from}, {} KB each; the {} Mbit/s uplink loses {} of what arrives, \
                         before any defence of ours sees it.",
                        FLOOD_PACKET_BYTES / 1_000,
                        rate(edge.config.uplink_mbps),
                        percent(*uplink_loss)
                    ),
                ),
                AttackKind::CredentialStuffing => (
                    "Keys copied from other houses: a thief tries them all on our locks, and some fit.",
                    format!(
                        "Credential stuffing: {from}, name and password pairs leaked elsewhere; {} of them are right                          here, where users reused a password.",
                        percent(attack.hit_rate)
                    ),
                ),
            }
        }
        EventKind::AttackStopped => (
            "The attack is over: the road is clear for real traffic again.",
            format!("The botnet stopped. {}.", users(edge)),
        ),
        EventKind::DefenceChanged { setting } => defence_lines(setting, edge),
        EventKind::SourcesBlocked { sources, legit: 0 } => (
            "Intrusion detection spotted the attackers and shut them out.",
            format!(
                "The intrusion detector flagged and blocked {sources} sources in the last second; {} blocked now.",
                count(edge.blocked_sources as u64)
            ),
        ),
        EventKind::SourcesBlocked { sources, legit } => (
            "Intrusion detection shut out real users too: everyone behind one shared address looks like one loud source.",
            format!(
                "Of {sources} sources blocked in the last second, {legit} were users' addresses (false positives: {}). \
                 Raise the threshold or turn off automatic blocking.",
                count(edge.ids.false_positives)
            ),
        ),
        EventKind::IdsAlerts { alerts, legit: 0 } => (
            "Intrusion detection raised the alarm about suspicious traffic, and lets it through for now.",
            format!(
                "{} requests flagged in the last second (alerts only: nothing is blocked until automatic blocking is on).",
                count(*alerts)
            ),
        ),
        EventKind::IdsAlerts { alerts, legit } => (
            "Intrusion detection raised the alarm, some of it about real users.",
            format!(
                "{} requests flagged in the last second, {} of them users' (false positives); alerts only, nothing \
                 blocked.",
                count(*alerts),
                count(*legit)
            ),
        ),
        EventKind::LegitimateBlocked { defence, count: n } => (
            "This defence is turning away real users as well as attackers.",
            format!("{} blocked {} users' requests in a second. {}.", capital(defence.label()), count(*n), users(edge)),
        ),
        EventKind::ConnectionTableFull { held, half_open, slots } => (
            "Every line is busy: new callers, real ones included, get no answer.",
            format!(
                "The edge's connection table is full ({} of {} slots held, {} half-open): new connections are refused.",
                count(*held as u64),
                count(*slots as u64),
                count(*half_open as u64)
            ),
        ),
        EventKind::ConnectionTableFree => (
            "Lines are free again: new callers get through.",
            format!("The connection table refused nothing for a second ({} slots held).", count(edge.connections as u64)),
        ),
        EventKind::UplinkSaturated { loss } => (
            "The road to us is jammed with junk: traffic is lost before it reaches any of our defences.",
            format!(
                "The uplink gets {} of what it carries and loses {} at random, users' requests too. Only filtering \
                 upstream (scrubbing) helps.",
                percent(edge.uplink_load),
                percent(*loss)
            ),
        ),
        EventKind::UplinkClear => (
            "The road to us is clear again.",
            format!("The uplink carries all that is sent to it ({} of capacity).", percent(edge.uplink_load)),
        ),
        _ => ("", String::new()),
    }
}

/// The lines for a defence switched on or off.
fn defence_lines(setting: &DefenceSetting, edge: &EdgeView) -> (&'static str, String) {
    match setting {
        DefenceSetting::Firewall(Some(firewall)) => (
            "A firewall: a guard at the gate with a list of who may pass.",
            format!(
                "Firewall on: {} rules, first match wins, then default {}.",
                firewall.rules().len(),
                firewall.default_action().word()
            ),
        ),
        DefenceSetting::RateLimit(Some(limit)) => (
            "Traffic shaping: each sender gets a steady allowance, so no one sender can take the whole road.",
            format!(
                "Rate limit on: a token bucket per source address, {} per second with a burst of {}; the excess is \
                 refused (HTTP 429). Users behind one NAT share one bucket.",
                limit.rate, limit.burst
            ),
        ),
        DefenceSetting::FairQueue(true) => (
            "Traffic shaping: everyone takes turns, so a loud sender only lengthens its own queue.",
            "Fair queue on: past what the servers can take, requests wait per source address and are served in turn."
                .to_string(),
        ),
        DefenceSetting::Ids(Some(ids)) => (
            "Intrusion detection: a watchman who spots suspicious behaviour and raises the alarm.",
            format!(
                "Intrusion detection on: flags known bad paths and user agents, and sources over {} requests a second; {}.",
                ids.threshold,
                match ids.auto_block {
                    Some(t) => format!("flagged sources are blocked for {} s", secs(t)),
                    None => "alerts only, nothing blocked".to_string(),
                }
            ),
        ),
        DefenceSetting::SynCookies(true) => (
            "The gate no longer holds a line open for every caller: only those who call back get one.",
            "SYN cookies on: a SYN is answered with a cookie and takes no slot; only a completed handshake does."
                .to_string(),
        ),
        DefenceSetting::ConnectionLimit(Some(n)) => (
            "Each guest may hold only a few tables at once.",
            format!("Connection limit on: at most {n} connections per source address (a NAT's users share theirs)."),
        ),
        DefenceSetting::HeaderTimeout(Some(t)) => (
            "Guests who take too long to order are shown out.",
            format!("Header timeout on: a connection must send its whole request headers within {} s.", secs(*t)),
        ),
        DefenceSetting::IdleTimeout(Some(t)) => (
            "Guests who sit silent too long are shown out.",
            format!("Idle timeout on: a connection quiet for {} s is closed.", secs(*t)),
        ),
        DefenceSetting::Scrubbing(true) => (
            "Filtering upstream: junk is stopped on the road, before it reaches our gate.",
            format!(
                "Scrubbing on: traffic detours through a scrubbing service (+{}) that drops flood packets before \
                 the uplink.",
                millis(to_ms(edge.config.scrubbing_delay))
            ),
        ),
        off => (
            "One defence fewer at the gate.",
            format!("{} off.", capital(off.label())),
        ),
    }
}

/// Whether the situation an edge event tells of still holds in `now`:
///
/// - an attack: while that attack is under way; its end: briefly, while no other started;
/// - a defence switched: briefly, while its setting stands;
/// - sources blocked, users blocked: briefly;
/// - a full table, a saturated uplink: while the edge says so (the world logs when it ends);
///   their end: briefly.
pub fn holds(event: &Event, now: &Snapshot) -> bool {
    let recent = now.now < event.time + BRIEFLY;
    let edge = &now.edge;
    match &event.kind {
        EventKind::AttackStarted { attack, .. } => edge.attack.is_some_and(|a| a.kind == attack.kind),
        EventKind::AttackStopped => recent && edge.attack.is_none(),
        EventKind::DefenceChanged { setting } => recent && in_force(setting, edge),
        EventKind::ConnectionTableFull { .. } | EventKind::UplinkSaturated { .. } => true,
        _ => recent,
    }
}

/// Whether `setting` is what the edge has in force for its defence.
fn in_force(setting: &DefenceSetting, edge: &EdgeView) -> bool {
    edge.defences.settings().contains(setting)
}
