//! The verdict on a try: each check of the challenge's rules, with the learner's numbers.

use super::measure::{Block, Measured};
use super::rules::Ordeal;
use super::trial::{Score, Verdict};
use super::{limit, share, Challenge};
use crate::format::{count, millis, number};

/// One check: whether it held, and what was measured, in words.
type Check = (bool, String);

/// The verdict on a try at `challenge` that measured `m`.
pub(super) fn grade(challenge: Challenge, m: &Measured) -> Verdict {
    let r = &m.rules;
    let last = format!("the last {} s", challenge.span().graded_secs());
    let mut checks: Vec<Check> = Vec::new();
    let mut check = |ok: bool, pass: String, fail: String| checks.push((ok, if ok { pass } else { fail }));
    if m.min_rate < m.rate {
        let rate = number(m.min_rate);
        check(
            false,
            String::new(),
            format!(
                "the arrival rate was lowered to {rate} requests a second, and the goal is at {}",
                number(m.rate)
            ),
        );
    }
    if let Some(ordeal) = r.ordeal {
        let (happened, missing) = match ordeal {
            Ordeal::ServerCrash => {
                (m.crashed, "no server crashed during the try, so there was nothing to survive")
            }
            Ordeal::DiskFailure => {
                (m.disk_failed, "no disk failed during the try, so there was nothing to survive")
            }
            Ordeal::Theft => (m.stolen, "the thief never got hold of a token, so there was nothing to stop"),
        };
        check(happened, String::new(), missing.to_string());
    }
    let blocks: Vec<&Block> = m.blocks.iter().flatten().collect();
    if blocks.is_empty() {
        check(false, String::new(), format!("nothing was measured over {last}"));
    }
    if let Some(most) = r.max_p95_ms {
        match m.worst_p95() {
            Some(p95) => check(
                p95 < most,
                format!(
                    "users' p95 latency was at most {} in any 10 s of {last} (under {})",
                    millis(p95),
                    limit(most)
                ),
                format!(
                    "users' p95 latency reached {} in the worst 10 s of {last}, not under {}",
                    millis(p95),
                    limit(most)
                ),
            ),
            None => check(false, String::new(), format!("no user's request was served over {last}")),
        }
    }
    if let Some(least) = r.min_success {
        let (served, ended) = blocks.iter().fold((0, 0), |(s, e), b| (s + b.served, e + b.ended));
        let success = if ended == 0 { 0.0 } else { served as f64 / ended as f64 };
        check(
            success >= least,
            format!(
                "{} of users' {} requests succeeded over {last} (at least {} needed)",
                share(success),
                count(ended),
                share(least)
            ),
            format!(
                "only {} of users' {} requests succeeded over {last}, below {}",
                share(success),
                count(ended),
                share(least)
            ),
        );
    }
    if let Some(most) = r.max_servers {
        check(
            m.most_servers <= most,
            format!("at most {} servers ran at once", m.most_servers),
            format!("{} servers ran at one point, more than {most}", m.most_servers),
        );
    }
    if let Some(most) = r.max_capacity {
        check(
            m.most_capacity <= most,
            format!("capacity stayed at {} requests a second at most", number(m.most_capacity)),
            format!(
                "capacity reached {} requests a second, more than the {} you started with",
                number(m.most_capacity),
                number(most)
            ),
        );
    }
    if r.keep_writes {
        let lost = m.latest.lost_writes.saturating_sub(m.start.lost_writes);
        let acknowledged = m.latest.acknowledged.saturating_sub(m.start.acknowledged);
        check(
            lost == 0,
            format!("no acknowledged write was lost ({} acknowledged during the try)", count(acknowledged)),
            format!(
                "{} of the {} acknowledged writes {} lost",
                count(lost),
                count(acknowledged),
                if lost == 1 { "was" } else { "were" }
            ),
        );
        let writes = m.last_writes().unwrap_or(0);
        check(
            writes > 0,
            format!("the database acknowledged {} writes in the last 10 s", count(writes)),
            "the database acknowledged no write in the last 10 s".to_string(),
        );
    }
    if let Some(tap) = r.listen {
        if m.tap_moved {
            check(false, String::new(), format!("the eavesdropper was taken off the {} link", tap.label()));
        }
        check(
            m.captured > 0 && m.passwords == 0,
            format!(
                "the eavesdropper recorded {} requests over {last} and read no password",
                count(m.captured)
            ),
            if m.captured == 0 {
                format!("the eavesdropper recorded nothing over {last}")
            } else {
                format!(
                    "the eavesdropper read {} in the clear over {last}, in {} requests it recorded",
                    counted(m.passwords, "password", "passwords"),
                    count(m.captured)
                )
            },
        );
    }
    if r.stop_thief {
        if m.auth_off {
            check(false, String::new(), format!("authentication was off during {last}"));
        }
        let before = m.entered.as_ref().map_or(m.start.stolen_uses, |e| e.stolen_uses);
        let uses = m.latest.stolen_uses.saturating_sub(before);
        check(
            uses == 0,
            format!("the stolen token worked 0 times over {last}"),
            format!("the stolen token worked {} over {last}", counted(uses, "time", "times")),
        );
    }
    if r.spare_users {
        check(
            m.users_blocked == 0,
            "no user's request was blocked".to_string(),
            format!(
                "the defences blocked {} during the try",
                counted(m.users_blocked, "user's request", "of the users' requests")
            ),
        );
        if m.attack_stopped {
            check(
                false,
                String::new(),
                "the attack was switched off by command, not defended against".to_string(),
            );
        }
    }
    let passed = checks.iter().all(|(ok, _)| *ok);
    // A pass says what was measured; a failure says only what failed.
    let said: Vec<&str> =
        checks.iter().filter(|(ok, s)| (passed || !ok) && !s.is_empty()).map(|(_, s)| s.as_str()).collect();
    let why = capitalised(&format!("{}.", said.join("; ")));
    let score = Score { cost: m.paid.unwrap_or(m.server_seconds), latency_ms: m.worst_p95().unwrap_or(0.0) };
    Verdict { passed, why, score, hint: (!passed).then(|| challenge.hint()) }
}

/// `n` and the words for one or for more: "1 password", "3 passwords".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
