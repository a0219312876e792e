//! Credential stuffing against the login page: with no defence the bots take over accounts; a
//! second factor stops every takeover; throttling per address cuts them by a large factor;
//! a lockout cuts them too, and locks real users out.

use ds_playground::sim::security::AuthTotals;

use super::common::report;

/// 20 bots at 10 logins a second each (200 a second), 2% of their leaked pairs right here,
/// from 10 s to the end of a 70 s run; users' tokens last 60 s.
const ATTACK: &str = r#""attack": {"type": "credential-stuffing", "bots": 20, "rate_per_bot": 10, "hit_rate": 0.02, "start_s": 10}"#;

fn stuffed(seed: u64, defences: &str) -> AuthTotals {
    let sep = if defences.is_empty() { "" } else { ", " };
    let more = format!(r#""auth": {{"token_lifetime_s": 60{sep}{defences}}}, {ATTACK}"#);
    let report = report(seed, &more, 70);
    assert!(report.attack.sent > 10_000, "{}", report.attack.sent);
    report.auth.expect("auth is on")
}

#[test]
fn with_no_defence_the_bots_take_over_accounts_and_a_second_factor_stops_them() {
    for seed in [1, 2, 3] {
        let open = stuffed(seed, "");
        // About 200 × 0.02 = 4 right pairs a second for 60 s over 200 accounts.
        assert!(open.takeovers > 100 && open.takeovers <= 200, "seed {seed}: {open:?}");
        assert!(open.failed_logins > 10_000, "{open:?}");
        assert_eq!((open.throttled, open.lockouts), (0, 0));
        let second = stuffed(seed, r#""second_factor": true"#);
        assert_eq!(second.takeovers, 0, "seed {seed}: {second:?}");
        assert!(second.failed_logins > open.failed_logins, "right passwords fail too: {second:?}");
        assert!(second.logins > 200, "users still sign in: {second:?}");
        eprintln!(
            "seed {seed}: takeovers with no defence {}, with a second factor {}",
            open.takeovers, second.takeovers
        );
    }
}

#[test]
fn throttling_per_address_cuts_takeovers_by_a_large_factor() {
    let (mut open, mut throttled, mut per_account) = (0, 0, 0);
    for seed in [1, 2, 3] {
        open += stuffed(seed, "").takeovers;
        // 10 logins a minute per address: each bot gets a twelfth of its 600.
        let by_address = stuffed(seed, r#""throttle_per_address": 10"#);
        assert!(by_address.throttled > 11_000, "{by_address:?}");
        throttled += by_address.takeovers;
        per_account += stuffed(seed, r#""throttle_per_account": 5"#).takeovers;
    }
    eprintln!(
        "takeovers over 3 seeds: no defence {open}, throttled to 10 a minute per address {throttled}, \
         to 5 a minute per account {per_account}"
    );
    assert!(throttled * 8 <= open, "per address: {throttled} against {open}");
    assert!(per_account < open, "per account: {per_account} against {open}");
}

#[test]
fn a_lockout_cuts_takeovers_and_locks_real_users_out() {
    let (mut open, mut locked, mut lockouts) = (0, 0, 0);
    for seed in [1, 2, 3] {
        open += stuffed(seed, "").takeovers;
        let lockout = stuffed(seed, r#""lockout": {"after": 5, "for_s": 900}"#);
        assert!(lockout.lockouts > 0, "real users are locked out: {lockout:?}");
        locked += lockout.takeovers;
        lockouts += lockout.lockouts;
    }
    eprintln!("takeovers over 3 seeds: no defence {open}, lockout after 5 for 15 min {locked}; users locked out {lockouts}");
    assert!(locked * 3 <= open, "{locked} against {open}");
}
