//! A stolen token replayed by a thief: it works until its account's tokens are revoked, or until
//! it expires; then the thief's forged token (claims altered to admin) fails the signature
//! check, and the thief gives up.

use ds_playground::sim::time::SECOND;
use ds_playground::sim::Command;

use super::common::{scenario, Run};

fn uses(run: &mut Run, t: u64) -> (u64, u64, Option<u32>) {
    let auth = run.to(t * SECOND).auth().expect("auth is on");
    (auth.totals.stolen_token_uses, auth.totals.unauthorized, auth.thief)
}

#[test]
fn a_stolen_token_works_until_its_tokens_are_revoked() {
    let more = r#""auth": {"token_lifetime_s": 900},
        "timeline": [{"at_s": 20, "type": "steal-token", "account": 3},
                     {"at_s": 40, "type": "revoke-tokens", "account": 3}]"#;
    let mut run = Run::new(&scenario(5, more));
    assert_eq!(uses(&mut run, 20).0, 0);
    let (at_revoke, _, thief) = uses(&mut run, 40);
    assert_eq!(thief, Some(3));
    // One call a second, on the ticks from 21 s to 40 s (the last may still be on its way).
    assert!((18..=20).contains(&at_revoke), "{at_revoke}");
    let (after, unauthorized, thief) = uses(&mut run, 60);
    assert!(after <= at_revoke + 1, "uses stop after the revocation: {at_revoke} then {after}");
    assert_eq!(thief, None, "the thief gave up after its forged token was refused");
    // The stolen token refused, then the forged one; and the user's own revoked token once.
    assert!((2..=4).contains(&unauthorized), "{unauthorized}");
    assert_eq!(uses(&mut run, 90).0, after);
    let events: Vec<String> = run.world.events().iter().map(|e| e.describe()).collect();
    assert!(events.iter().any(|e| e.contains("edsger's stolen token")), "{events:?}");
    assert!(events.iter().any(|e| e.contains("edsger's tokens revoked")), "{events:?}");
}

#[test]
fn a_stolen_token_works_until_it_expires() {
    let more = r#""auth": {"token_lifetime_s": 30},
        "timeline": [{"at_s": 20, "type": "steal-token", "account": 0}]"#;
    let mut run = Run::new(&scenario(6, more));
    run.to(20 * SECOND);
    let stolen = run.world.auth().unwrap().thief;
    assert_eq!(stolen, Some(0));
    // The token was issued before 20 s, so it expires before 50 s.
    let (by_50, _, _) = uses(&mut run, 50);
    let (by_80, _, thief) = uses(&mut run, 80);
    assert!((1..=30).contains(&by_50), "{by_50}");
    assert_eq!(by_80, by_50, "no use after the expiry");
    assert_eq!(thief, None);
}

#[test]
fn stealing_needs_authentication_on_an_account_and_a_token() {
    let mut run = Run::new(&scenario(7, r#""auth": {}"#));
    let steal = |account| Command::StealToken { account };
    let why = run.world.apply(steal(0)).unwrap_err().to_string();
    assert!(why.contains("ada has no token to steal yet"), "{why}");
    let why = run.world.apply(steal(200)).unwrap_err().to_string();
    assert!(why.contains("no account 200"), "{why}");
    run.to(30 * SECOND);
    run.world.apply(steal(0)).unwrap();
    let mut off = Run::new(&scenario(7, ""));
    let why = off.world.apply(steal(0)).unwrap_err().to_string();
    assert!(why.contains("authentication is off"), "{why}");
    assert!(off.world.apply(Command::RevokeTokens { account: 0 }).is_err());
    assert!(off.world.auth().is_none());
}
