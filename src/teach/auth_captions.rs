//! Captions for authentication and access control, in the dialogue's words (access controls
//! and authentication mechanisms ensure that only authorized users can access sensitive data):
//! a token is a badge that opens some doors and not others, a password a key, a lockout a lock
//! that jams after wrong keys; each with a technical line.

use super::phrases::capital;
use crate::format::seconds;
use crate::sim::event::{Event, EventKind};
use crate::sim::security::{account_name, AuthConfig};
use crate::sim::time::to_secs;
use crate::sim::Snapshot;

use super::captions::Kind;
use super::situation::BRIEFLY;

/// The kind of caption an authentication event earns.
pub fn kind_of(kind: &EventKind) -> Option<Kind> {
    Some(match kind {
        EventKind::AuthChanged { .. } => Kind::Auth,
        EventKind::AccountTakenOver { .. } => Kind::Takeover,
        EventKind::UsersLockedOut { .. } => Kind::LockedOut,
        EventKind::StolenTokenUsed { .. } => Kind::StolenToken,
        EventKind::TokensRevoked { .. } => Kind::Revoked,
        _ => return None,
    })
}

/// The caption lines for an authentication event.
pub fn lines(kind: &EventKind, _now: &Snapshot) -> (&'static str, String) {
    match kind {
        EventKind::AuthChanged { auth: Some(auth) } => (
            "Only authorized users may reach the data now: each shows a key at the door and gets a badge that opens \
             some doors and not others.",
            technical_on(auth),
        ),
        EventKind::AuthChanged { auth: None } => (
            "No locks on the doors: anyone can reach anything.",
            "Authentication off: requests are not checked for a token.".to_string(),
        ),
        EventKind::AccountTakenOver { account } => (
            "A copied key fit: an attacker walked in as one of our users.",
            format!(
                "Account takeover: a bot logged in as {} with a password leaked from another site. Throttling slows \
                 the guessing; a second factor stops a right password alone.",
                account_name(*account)
            ),
        ),
        EventKind::UsersLockedOut { account } => (
            "The lock jammed after too many wrong keys, and now the owner cannot get in either.",
            format!(
                "{} was refused a login (423 Locked): failed attempts, the bots' too, locked the account. Lockout \
                 stops guessing at the price of the real user's access.",
                capital(&account_name(*account))
            ),
        ),
        EventKind::StolenTokenUsed { account } => (
            "A stolen badge opens the same doors as the real one, until it expires or is cancelled.",
            format!(
                "A thief replayed {}'s token from another address: its signature is genuine, so the app accepts it \
                 (200) until it expires or the account's tokens are revoked.",
                account_name(*account)
            ),
        ),
        EventKind::TokensRevoked { account } => (
            "The old badges are cancelled: whoever holds one must show their key again.",
            format!(
                "Every token issued to {} until now is revoked: calls with them get 401, and the user signs in again.",
                account_name(*account)
            ),
        ),
        _ => ("", String::new()),
    }
}

fn technical_on(auth: &AuthConfig) -> String {
    let d = &auth.defences;
    let mut defences = Vec::new();
    if let Some(n) = d.throttle_per_account {
        defences.push(format!("{n} logins a minute per account"));
    }
    if let Some(n) = d.throttle_per_address {
        defences.push(format!("{n} per address"));
    }
    if let Some(l) = d.lockout {
        defences.push(format!("lockout after {} failures for {}", l.after, seconds(to_secs(l.duration))));
    }
    if d.second_factor {
        defences.push("a second factor".to_string());
    }
    let defences = match defences.as_slice() {
        [] => "no login defences".to_string(),
        some => some.join(", "),
    };
    format!(
        "Authentication on: logins check a salted PBKDF2 hash and issue an HMAC-signed token lasting {}; no valid \
         token gets 401, a user's token on /admin 403. {}.",
        seconds(to_secs(auth.token_lifetime)),
        capital(&defences)
    )
}

/// Whether an authentication event's caption still holds: each tells of a moment, so briefly.
pub fn holds(event: &Event, now: &Snapshot) -> bool {
    now.now < event.time + BRIEFLY
}
