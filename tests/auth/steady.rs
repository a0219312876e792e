//! A steady load with authentication on: users sign in, call with their token, and sign in again
//! when it expires. The only 401s are expiries, about one per user per token lifetime, at a
//! steady rate; a plain user's calls to `/admin` get 403, an admin's 200; and refusals are no
//! success in the users' totals.

use ds_playground::sim::time::SECOND;

use super::common::{report, scenario, Run};

#[test]
fn tokens_expire_at_a_steady_rate_and_each_expiry_costs_one_401() {
    for seed in [1, 2] {
        let mut run = Run::new(&scenario(seed, r#""auth": {"token_lifetime_s": 60}"#));
        let mut at = |t: u64| {
            let auth = run.to(t * SECOND).auth().expect("auth is on");
            (auth.totals.unauthorized, auth.totals.logins)
        };
        let (u120, l120) = at(120);
        let (u240, l240) = at(240);
        let (u360, l360) = at(360);
        // A user sends every 5 s on average: a token lasts 60 s, then one call is refused and
        // the next request signs in again, so each user cycles in about 60 + 7.5 s.
        let per_second = 200.0 / 67.5;
        for (from, to, unauthorized) in [(120, 240, u240 - u120), (240, 360, u360 - u240)] {
            let rate = unauthorized as f64 / (to - from) as f64;
            eprintln!("seed {seed}: {unauthorized} 401s from {from} s to {to} s, {rate:.2}/s (about {per_second:.2} expected)");
            assert!((rate - per_second).abs() < 0.25 * per_second, "{rate} against {per_second}");
        }
        // Every 401 is an expiry: a token that was issued by a login, refused once.
        assert!(u360 <= l360 && l360 - u360 <= 200, "{u360} 401s, {l360} logins");
        assert!(l120 >= 190 && l240 > l120, "{l120} {l240}");
        let auth = run.world.auth().unwrap();
        assert_eq!(
            (auth.totals.takeovers, auth.totals.lockouts, auth.totals.throttled, auth.totals.failed_logins),
            (0, 0, 0, 0)
        );
    }
}

#[test]
fn plain_users_get_403_on_the_admin_page_and_admins_200() {
    // Every signed-in call goes to /admin; the last 20 of the 200 accounts are admins.
    let report = report(3, r#""auth": {"token_lifetime_s": 900, "admins": 20, "admin_share": 1}"#, 60);
    let auth = report.auth.unwrap();
    let calls = report.legitimate.succeeded - auth.logins;
    let share = auth.forbidden as f64 / (auth.forbidden + calls) as f64;
    eprintln!(
        "{} calls to /admin: {} refused 403, {calls} by admins allowed",
        auth.forbidden + calls,
        auth.forbidden
    );
    assert!((share - 0.9).abs() < 0.03, "{share}");
    assert_eq!(auth.unauthorized, 0);
}

#[test]
fn refused_calls_are_served_but_no_success_for_the_users() {
    // No admins, every call to /admin: only logins succeed.
    let report = report(4, r#""auth": {"admins": 0, "admin_share": 1}"#, 30);
    let auth = report.auth.unwrap();
    let l = &report.legitimate;
    assert_eq!(l.succeeded, auth.logins, "{report:?}");
    assert!(auth.forbidden > 500, "{auth:?}");
    let answered = l.succeeded + auth.forbidden;
    assert!(
        report.served <= answered && answered <= report.served + report.in_flight,
        "the servers did the work"
    );
    let ended = (l.succeeded + auth.forbidden) as f64;
    assert!((l.success_rate - l.succeeded as f64 / ended).abs() < 0.02, "{}", l.success_rate);
    assert!(l.success_rate < 0.3, "{}", l.success_rate);
}
