//! Authentication's captions: each event told in the dialogue's words (keys, locks, badges) with
//! a technical line, briefly.

use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, EventKind};
use ds_playground::teach::captions::{caption_for, Kind};
use ds_playground::teach::situation::holds;

use super::common::{scenario, Run};

#[test]
fn takeovers_lockouts_stolen_tokens_and_revocations_are_told_briefly() {
    let more = r#""auth": {"token_lifetime_s": 60, "lockout": {"after": 5, "for_s": 60}},
        "attack": {"type": "credential-stuffing", "bots": 20, "rate_per_bot": 10, "start_s": 5},
        "timeline": [{"at_s": 12, "type": "steal-token", "account": 2},
                     {"at_s": 16, "type": "revoke-tokens", "account": 2}]"#;
    let mut run = Run::new(&scenario(21, more));
    run.to(2 * SECOND);
    run.world.apply(Command::SetAuth(Some(run.world.config().auth.unwrap()))).unwrap();
    run.to(20 * SECOND);
    let snapshot = run.world.snapshot();
    let mut told = Vec::new();
    for event in run.world.events().iter() {
        let caption = caption_for(event, &snapshot);
        let expected = match &event.kind {
            EventKind::AuthChanged { .. } => (Kind::Auth, "badge", "PBKDF2"),
            EventKind::AccountTakenOver { .. } => {
                (Kind::Takeover, "copied key", "Account takeover: a bot logged in as")
            }
            EventKind::UsersLockedOut { .. } => (Kind::LockedOut, "lock jammed", "423 Locked"),
            EventKind::StolenTokenUsed { .. } => (Kind::StolenToken, "stolen badge", "alan's token"),
            EventKind::TokensRevoked { .. } => (Kind::Revoked, "badges are cancelled", "issued to alan"),
            EventKind::AttackStarted { .. } => {
                (Kind::Attack, "Keys copied from other houses", "2% of them are right")
            }
            _ => continue,
        };
        assert_eq!(caption.kind, expected.0, "{caption:?}");
        assert!(caption.plain.contains(expected.1), "{caption:?}");
        assert!(caption.technical.contains(expected.2), "{caption:?}");
        told.push(caption.kind);
        let recent = snapshot.now < event.time + 8 * SECOND;
        if expected.0 != Kind::Attack {
            assert_eq!(holds(event, &snapshot), recent, "{event:?}");
        }
    }
    for kind in [Kind::Auth, Kind::Takeover, Kind::LockedOut, Kind::StolenToken, Kind::Revoked, Kind::Attack]
    {
        assert!(told.contains(&kind), "{kind:?} told: {told:?}");
    }
}
