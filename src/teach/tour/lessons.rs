//! What each chapter waits for, and what it says came of it, with the learner's own numbers.

use super::chapter::Chapter;
use super::reading::Reading;
use crate::format::{count, fixed, millis, percent};
use crate::sim::edge::DefenceSetting;
use crate::sim::security::TlsMode;
use crate::sim::storage::OutcomeKind;
use crate::sim::time::{to_secs, Micros};
use crate::sim::{Algorithm, Event, EventKind};

/// The learner doing what a chapter asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Act {
    /// What they did, as "added server 2".
    pub did: String,
    /// When its effect starts, in simulated microseconds: the act itself, or when a new server
    /// finishes booting.
    pub from: Micros,
}

/// Whether `event` is the learner doing what `chapter` asks, and what they did.
pub fn act(chapter: Chapter, event: &Event) -> Option<Act> {
    let at = |did: String| Some(Act { did, from: event.time });
    match (chapter, &event.kind) {
        (Chapter::Scaling, EventKind::ServerAdded { server, ready_at, .. }) => {
            Some(Act { did: format!("added server {}", server.0), from: *ready_at })
        }
        (Chapter::LoadBalancing, EventKind::AlgorithmChanged { algorithm })
            if *algorithm != Algorithm::RoundRobin =>
        {
            at(format!("switched to {}", algorithm.name().to_lowercase()))
        }
        (Chapter::FaultTolerance, EventKind::ServerCrashed { server }) => {
            at(format!("crashed server {}", server.0))
        }
        (Chapter::RedundantStorage, EventKind::Storage(OutcomeKind::DiskFailed { node, disk, .. })) => {
            at(format!("killed disk {disk} of database node {}", node.0))
        }
        (Chapter::Encryption, EventKind::TlsChanged { config, .. }) if config.mode != TlsMode::Off => {
            at("turned on TLS".to_string())
        }
        (Chapter::AccessControl, EventKind::TokensRevoked { account }) => {
            at(format!("revoked account {account}'s tokens"))
        }
        (Chapter::DdosDefences, EventKind::DefenceChanged { setting }) if switched_on(setting) => {
            at(format!("turned on {}", setting.label()))
        }
        _ => None,
    }
}

/// Whether `setting` switches a defence on (rather than off).
fn switched_on(setting: &DefenceSetting) -> bool {
    match setting {
        DefenceSetting::Firewall(f) => f.is_some(),
        DefenceSetting::RateLimit(r) => r.is_some(),
        DefenceSetting::Ids(i) => i.is_some(),
        DefenceSetting::ConnectionLimit(c) => c.is_some(),
        DefenceSetting::HeaderTimeout(t) | DefenceSetting::IdleTimeout(t) => t.is_some(),
        DefenceSetting::FairQueue(on) | DefenceSetting::SynCookies(on) | DefenceSetting::Scrubbing(on) => *on,
    }
}

/// What the learner did and what followed: the readings just before and after, and the
/// world's events in between.
#[derive(Clone, Debug, PartialEq)]
pub struct Watched {
    /// The act.
    pub act: Act,
    /// The reading just before it.
    pub before: Reading,
    /// The reading once its effect had [`super::WATCH`] to show.
    pub after: Reading,
    /// The events from the act on.
    pub events: Vec<Event>,
}

/// "fell from 840 ms to 120 ms", "rose from …", or "stayed at …".
fn moved(before: f64, after: f64, show: impl Fn(f64) -> String) -> String {
    let (b, a) = (show(before), show(after));
    if b == a {
        format!("stayed at {a}")
    } else if after < before {
        format!("fell from {b} to {a}")
    } else {
        format!("rose from {b} to {a}")
    }
}

/// "once", "twice" or "7 times".
fn times(n: u64) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{} times", count(n)),
    }
}

/// The utilization of the server with the fewest workers, if any server is in rotation.
fn smallest(reading: &Reading) -> Option<(u32, f64)> {
    reading.utilization.iter().min_by_key(|(id, workers, _)| (*workers, id.0)).map(|(id, _, u)| (id.0, *u))
}

/// What came of the act, in one or two sentences with the learner's numbers.
pub fn explain(chapter: Chapter, w: &Watched) -> String {
    let (b, a, did) = (&w.before, &w.after, &w.act.did);
    let span = fixed(a.at_s - to_secs(w.act.from), 0);
    match chapter {
        Chapter::Scaling => format!(
            "p95 latency {} when you {did} ({} → {} servers taking traffic): more lanes, less queueing.",
            moved(b.p95_ms, a.p95_ms, millis),
            b.servers_up,
            a.servers_up
        ),
        Chapter::LoadBalancing => {
            let small = match (smallest(b), smallest(a)) {
                (Some((id, ub)), Some((_, ua))) => {
                    format!("; the small server {id}'s utilization {}", moved(ub, ua, percent))
                }
                _ => String::new(),
            };
            format!("p95 latency {} when you {did}{small}.", moved(b.p95_ms, a.p95_ms, millis))
        }
        Chapter::FaultTolerance => {
            let caught = w.events.iter().find_map(|e| match e.kind {
                EventKind::ServerMarkedDown { after: Some(after), .. } => Some(after),
                _ => None,
            });
            let caught = match caught {
                Some(after) => format!("the health checks took it out {} s later", fixed(to_secs(after), 1)),
                None => "the health checks had not yet taken it out".to_string(),
            };
            format!(
                "You {did}: {} requests failed meanwhile, {caught}, and {} servers carried on: users' success \
                 over the last 10 s was {}.",
                count(a.failed.saturating_sub(b.failed)),
                a.servers_up,
                percent(a.users_success)
            )
        }
        Chapter::RedundantStorage => format!(
            "You {did}: in the {span} s after, the database acknowledged {} writes and lost {}: the mirror \
             kept every write.",
            count(a.acknowledged.saturating_sub(b.acknowledged)),
            count(a.lost_writes.saturating_sub(b.lost_writes))
        ),
        Chapter::Encryption => {
            let readable = |r: &Reading| r.captures.iter().filter(|(_, clear)| *clear).count();
            let since: Vec<_> = a.captures.iter().filter(|(id, _)| Some(*id) > b.newest_capture()).collect();
            let read_since = since.iter().filter(|(_, clear)| *clear).count();
            format!(
                "Before, the eavesdropper could read {} of the {} requests it kept; after you {did}, it could \
                 read {read_since} of the {} it recorded: without the key, the code stays shut.",
                readable(b),
                b.captures.len(),
                since.len()
            )
        }
        Chapter::AccessControl => format!(
            "The thief's copy worked {} before you {did}, and {} in the {span} s after; {} calls \
             were refused for want of a valid token.",
            times(b.stolen_uses),
            times(a.stolen_uses.saturating_sub(b.stolen_uses)),
            count(a.unauthorized.saturating_sub(b.unauthorized))
        ),
        Chapter::DdosDefences => format!(
            "Users' success {} when you {did}; the defences blocked {} of the bots' requests in the {span} s \
             after.",
            moved(b.users_success, a.users_success, percent),
            count(a.attack_blocked.saturating_sub(b.attack_blocked))
        ),
        Chapter::Summary => String::new(),
    }
}

/// What the learner is asked to predict before they act, and the answers to pick from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// The question, such as "When you add a second server, p95 latency will…".
    pub ask: &'static str,
    /// The answers, in the order shown.
    pub answers: &'static [&'static str],
}

/// "fall", "stay about the same", "rise": the answers for a number that moves.
const MOVES: &[&str] = &["fall", "stay about the same", "rise"];

/// The prediction `chapter` asks for, if it asks for one (the summary does not).
pub fn question(chapter: Chapter) -> Option<Question> {
    let (ask, answers) = match chapter {
        Chapter::Scaling => ("When you add a second server, p95 latency will…", MOVES),
        Chapter::LoadBalancing => ("With least connections instead of round robin, p95 latency will…", MOVES),
        Chapter::FaultTolerance => (
            "When a server crashes, users will…",
            &[
                "see no failures at all",
                "see some requests fail, until the health checks catch it",
                "lose most of their requests",
            ][..],
        ),
        Chapter::RedundantStorage => (
            "When a disk dies, the writes the database acknowledged will…",
            &["all be kept", "be partly lost"][..],
        ),
        Chapter::Encryption => {
            ("With TLS on, the eavesdropper will…", &["still read the requests", "read none of them"][..])
        }
        Chapter::AccessControl => (
            "Once you revoke the account's tokens, the thief's copy will…",
            &["keep working", "stop working"][..],
        ),
        Chapter::DdosDefences => {
            ("With the defence on, users' success will…", &["rise", "stay about the same", "fall"][..])
        }
        Chapter::Summary => return None,
    };
    Some(Question { ask, answers })
}

/// Which of [`question`]'s answers came true in `w`: a number moves when it changes by more than
/// a tenth (latency) or five points (success).
pub fn came_true(chapter: Chapter, w: &Watched) -> usize {
    let (b, a) = (&w.before, &w.after);
    let moved = |before: f64, after: f64, by: f64| {
        if after < before - by {
            0
        } else if after > before + by {
            2
        } else {
            1
        }
    };
    match chapter {
        Chapter::Scaling | Chapter::LoadBalancing => moved(b.p95_ms, a.p95_ms, b.p95_ms / 10.0),
        Chapter::FaultTolerance if a.failed == b.failed => 0,
        Chapter::FaultTolerance if a.users_success >= 0.5 => 1,
        Chapter::FaultTolerance => 2,
        Chapter::RedundantStorage => usize::from(a.lost_writes > b.lost_writes),
        Chapter::Encryption => {
            let read_since =
                a.captures.iter().filter(|(id, clear)| *clear && Some(*id) > b.newest_capture()).count();
            usize::from(read_since == 0)
        }
        Chapter::AccessControl => usize::from(a.stolen_uses == b.stolen_uses),
        // Listed as rise, stay, fall.
        Chapter::DdosDefences => 2 - moved(b.users_success, a.users_success, 0.05),
        Chapter::Summary => 0,
    }
}
