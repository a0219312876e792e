//! Captions for encryption, in the dialogue's words (encryption is used to protect data in
//! transit and at rest; a secret message encoded with a special code that only the intended
//! recipient has the key to), each with a technical line, and when each still holds.

use crate::format::millis;
use crate::sim::event::{Event, EventKind};
use crate::sim::security::{Handshake, Tap, TlsConfig, TlsMode};
use crate::sim::time::{to_ms, Micros};
use crate::sim::Snapshot;

use super::captions::Kind;
use super::phrases::secs;
use super::situation::BRIEFLY;

/// The kind of caption an encryption event earns.
pub fn kind_of(kind: &EventKind) -> Option<Kind> {
    Some(match kind {
        EventKind::TlsChanged { .. } => Kind::Tls,
        EventKind::TapPlaced { .. } => Kind::Eavesdropper,
        EventKind::AtRestChanged { .. } | EventKind::AtRestKeyDestroyed { .. } => Kind::AtRest,
        _ => return None,
    })
}

/// What a new connection costs under `tls` with a round trip of `rtt_ms`, in words: "1 round
/// trip (120 ms) and 1 ms of the balancer's CPU".
fn handshake_cost(tls: &TlsConfig, handshake: Handshake, rtt_ms: f64) -> String {
    let trips = tls.version.round_trips(handshake);
    let cpu = match handshake {
        Handshake::Full => tls.handshake_cpu,
        _ => tls.resumed_cpu,
    };
    let trips = match trips {
        0 => "no round trip".to_string(),
        1 => format!("1 round trip ({})", millis(rtt_ms)),
        n => format!("{n} round trips ({})", millis(rtt_ms * f64::from(n))),
    };
    format!("{trips} and {} of the balancer's CPU", millis(to_ms(cpu)))
}

/// The TLS line shared by both modes: what a full and a resumed handshake cost, with a round
/// trip of `round_trip` microseconds.
fn costs(tls: &TlsConfig, round_trip: Micros) -> String {
    let rtt_ms = to_ms(round_trip);
    let full = handshake_cost(tls, Handshake::Full, rtt_ms);
    let resumed = if tls.resumption {
        format!(
            "; resumed with a session ticket, {}{}",
            handshake_cost(tls, Handshake::Resumed, rtt_ms),
            if tls.version.round_trips(Handshake::Resumed) == 0 {
                " (0-RTT early data, replayable)"
            } else {
                ""
            }
        )
    } else {
        "; no resumption".to_string()
    };
    format!(
        "A new connection's full handshake costs {full}{resumed}. Connections stay open {} s between requests.",
        secs(tls.keepalive)
    )
}

/// The caption lines for an encryption event, told with the numbers of `now`.
pub fn lines(kind: &EventKind, now: &Snapshot) -> (&'static str, String) {
    match kind {
        EventKind::TlsChanged { config, round_trip } => match config.mode {
            TlsMode::Off => (
                "Requests travel as postcards again: anyone on the way can read them.",
                "TLS off: both links carry requests in the clear.".to_string(),
            ),
            TlsMode::Edge => (
                "Encryption protects data in transit: each request is a secret message in a special code, and only \
                 the balancer has the key.",
                format!(
                    "TLS {} terminated at the balancer; the balancer → server link stays in the clear. {}",
                    config.version.slug(),
                    costs(config, *round_trip)
                ),
            ),
            TlsMode::EndToEnd => (
                "The secret code now runs all the way: the balancer seals each message again for the server, and \
                 each side shows its key card.",
                format!(
                    "TLS {} to the balancer, then mutual TLS on pooled connections to the servers: each server spends {} \
                     decrypting each request. {}",
                    config.version.slug(),
                    millis(to_ms(config.record_cpu)),
                    costs(config, *round_trip)
                ),
            ),
        },
        EventKind::TapPlaced { tap: Some(tap) } => {
            let sealed = match tap {
                Tap::Outer => now.tls.config.mode.outer_encrypted(),
                Tap::Inner => now.tls.config.mode.inner_encrypted(),
            };
            if sealed {
                (
                    "Someone is listening on the line, but all they hear is code: only the intended recipient has \
                     the key.",
                    format!(
                        "An eavesdropper records requests on the {} link: ChaCha20-Poly1305 ciphertext. A changed byte \
                         fails the authentication tag, so tampering is refused.",
                        tap.label()
                    ),
                )
            } else {
                (
                    "Someone is listening on the line, and the messages are in plain words: passwords and orders \
                     included.",
                    format!(
                        "An eavesdropper records requests on the {} link in the clear: it reads passwords and bearer \
                         tokens, and a changed order would be accepted unnoticed.",
                        tap.label()
                    ),
                )
            }
        }
        EventKind::TapPlaced { tap: None } => {
            ("Nobody is listening on the line any more.", "The eavesdropper is gone.".to_string())
        }
        EventKind::AtRestChanged { on: true } => (
            "Encryption protects data at rest too: a stolen disk holds only code, and the key is kept elsewhere.",
            "Encryption at rest on: each row is sealed with ChaCha20-Poly1305 under a data key held by a key \
             service, never on the disks."
                .to_string(),
        ),
        EventKind::AtRestChanged { on: false } => (
            "The disks hold the data in plain words: whoever takes one can read it.",
            "Encryption at rest off: a stolen or discarded disk shows every row.".to_string(),
        ),
        EventKind::AtRestKeyDestroyed { encrypted: true } => (
            "The only key is gone: the secret messages can never be read again, not even by us.",
            "Data key destroyed (crypto-shredding): every row on every disk is unreadable for good, so each \
             query fails with key-destroyed."
                .to_string(),
        ),
        EventKind::AtRestKeyDestroyed { encrypted: false } => (
            "A key was thrown away, but the data was never locked: it is all still readable.",
            "Data key destroyed, but the disks were in the clear: nothing is shredded, and a stolen disk still shows \
             every row."
                .to_string(),
        ),
        _ => ("", String::new()),
    }
}

/// Whether the situation an encryption event tells of still holds in `now`:
///
/// - TLS settings changed: briefly, while they stand;
/// - an eavesdropper placed: while it listens there; taken away: briefly, while none listens;
/// - encryption at rest switched: briefly, while it stands;
/// - the key destroyed under encrypted disks: for good (the data does not come back); over
///   disks in the clear: briefly.
pub fn holds(event: &Event, now: &Snapshot) -> bool {
    let recent = now.now < event.time + BRIEFLY;
    match &event.kind {
        EventKind::TlsChanged { config, .. } => recent && now.tls.config == *config,
        EventKind::TapPlaced { tap: Some(tap) } => now.tap == Some(*tap),
        EventKind::TapPlaced { tap: None } => recent && now.tap.is_none(),
        EventKind::AtRestChanged { on } => recent && now.at_rest.on == *on,
        EventKind::AtRestKeyDestroyed { encrypted: true } => now.at_rest.key.is_none(),
        _ => recent,
    }
}
