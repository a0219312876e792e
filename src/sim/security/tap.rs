//! An eavesdropper on a link: it records a sample of the requests that pass, as the bytes on the
//! wire. In the clear it reads them (passwords, tokens, orders) and can change them unnoticed;
//! under TLS it sees only ciphertext, and a changed byte fails the authentication tag.
//!
//! Each link's session key is derived from the run's seed and the connection (a client's
//! connection to the edge, or the balancer's pooled connection to a server), and each key keeps
//! its own message counter, so a nonce never repeats under one key.

use std::collections::BTreeMap;
use std::fmt;

use super::access::Endpoint;
use super::accounts::{account_name, password_of};
use super::keys::{derive, Key};
use super::seal::{open, seal, Sealed};
use super::token::{sign, Claims};
use crate::sim::request::Call;
use crate::sim::time::{Micros, SECOND};

/// Where the eavesdropper listens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tap {
    /// On the clients' link to the edge (the public internet: a café's Wi-Fi, an ISP).
    Outer,
    /// On the link from the balancer to a server (inside the data centre).
    Inner,
}

impl Tap {
    /// Both links, outer first.
    pub const ALL: [Tap; 2] = [Tap::Outer, Tap::Inner];

    /// A short name for the link: "clients → edge" or "balancer → server".
    pub fn label(self) -> &'static str {
        match self {
            Tap::Outer => "clients → edge",
            Tap::Inner => "balancer → server",
        }
    }

    /// The name scenario files and the command line use: "outer" or "inner".
    pub fn slug(self) -> &'static str {
        match self {
            Tap::Outer => "outer",
            Tap::Inner => "inner",
        }
    }
}

/// Why the receiver refused what arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapError {
    /// The bytes were changed on the way: the authentication tag does not match.
    Tag,
}

impl fmt::Display for TapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TapError::Tag => write!(f, "authentication tag mismatch: the request is refused"),
        }
    }
}

impl std::error::Error for TapError {}

/// One request the eavesdropper recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    /// The request's id.
    pub id: u64,
    /// The link it was recorded on.
    pub tap: Tap,
    /// The request as the app sent it (an HTTP request).
    pub text: String,
    /// The text sealed under the link's session key, when the link is encrypted.
    pub sealed: Option<Sealed>,
    /// That session key (which the eavesdropper does not have), when the link is encrypted.
    pub key: Option<Key>,
}

impl Capture {
    /// The bytes on the wire: the text itself in the clear, else the ciphertext and its tag.
    pub fn wire(&self) -> Vec<u8> {
        match &self.sealed {
            Some(sealed) => sealed.bytes.clone(),
            None => self.text.as_bytes().to_vec(),
        }
    }

    /// What the receiver makes of `wire` (the bytes as they arrive, perhaps changed on the
    /// way): in the clear, whatever they say, changed or not; sealed, the text if the tag
    /// holds, else [`TapError::Tag`].
    pub fn receive(&self, wire: &[u8]) -> Result<String, TapError> {
        match (&self.sealed, &self.key) {
            (Some(sealed), Some(key)) => {
                let arrived = Sealed { counter: sealed.counter, bytes: wire.to_vec() };
                open(key, &arrived).map(|b| String::from_utf8_lossy(&b).into_owned()).ok_or(TapError::Tag)
            }
            _ => Ok(String::from_utf8_lossy(wire).into_owned()),
        }
    }
}

/// The session key of a link: `end` is the client (outer link) or the server (inner link),
/// `connection` which of the client's connections (the inner link's pooled connection is 0).
pub fn link_key(seed: u64, tap: Tap, end: u32, connection: u32) -> Key {
    derive(seed, &format!("tls {} {end} connection {connection}", tap.slug()))
}

/// The next message counter of each link key in use; a new connection of the same end starts
/// a new key, and so a new count.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    next: BTreeMap<(Tap, u32), (u32, u64)>,
}

impl Counters {
    /// The counter for the next message under the key of (`tap`, `end`, `connection`): 0, 1, 2…
    /// for as long as that connection lasts.
    pub fn next(&mut self, tap: Tap, end: u32, connection: u32) -> u64 {
        let entry = self.next.entry((tap, end)).or_insert((connection, 0));
        if entry.0 != connection {
            *entry = (connection, 0);
        }
        let counter = entry.1;
        entry.1 += 1;
        counter
    }
}

/// Seals `text` under the key of (`tap`, `end`, `connection`) with its next counter.
pub fn seal_on_link(
    counters: &mut Counters,
    seed: u64,
    tap: Tap,
    end: u32,
    connection: u32,
    text: &str,
) -> (Sealed, Key) {
    let key = link_key(seed, tap, end, connection);
    let counter = counters.next(tap, end, connection);
    (seal(&key, counter, text.as_bytes()), key)
}

/// What a user's order holds.
const ITEMS: [&str; 5] = ["desk-lamp", "notebook", "headphones", "coffee-mug", "backpack"];

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The HTTP request the app sends for the eavesdropper's `nth` capture, request `id` from user
/// `client` at `now`, asking `call`: a login is a form with the password typed (the user's own,
/// or a wrong one), a call to `/admin` carries the user's signed bearer token; any other request
/// is, in turn, a login, a read of an order and a new order (each with the token).
pub fn request_text(seed: u64, nth: u64, id: u64, client: u32, now: Micros, call: Call) -> String {
    let host = "Host: shop.example";
    let user = account_name(client);
    let token = || {
        let claims = Claims { user: client, admin: false, expires: now + 900 * SECOND };
        hex(&sign(&derive(seed, "tokens"), claims))
    };
    let login = |password: String| {
        format!(
            "POST /login HTTP/1.1\r\n{host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n\
             user={user}&password={password}"
        )
    };
    match call {
        Call::Login { right: true, .. } => return login(password_of(seed, client)),
        Call::Login { right: false, .. } => return login(format!("{}-typo", password_of(seed, client))),
        Call::Use { endpoint: Endpoint::Admin, .. } => {
            return format!("GET /admin HTTP/1.1\r\n{host}\r\nAuthorization: Bearer {}\r\n\r\n", token())
        }
        _ => {}
    }
    match nth % 3 {
        0 => login(password_of(seed, client)),
        1 => format!(
            "GET /orders/{} HTTP/1.1\r\n{host}\r\nAuthorization: Bearer {}\r\n\r\n",
            1000 + id % 9000,
            token()
        ),
        _ => format!(
            "POST /orders HTTP/1.1\r\n{host}\r\nAuthorization: Bearer {}\r\n\r\nitem={}&qty={}&ship_to={user}",
            token(),
            ITEMS[(id % 5) as usize],
            1 + id % 3
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn sealed_capture(text: &str) -> Capture {
        let mut counters = Counters::default();
        let (sealed, key) = seal_on_link(&mut counters, 3, Tap::Outer, 0, 1, text);
        Capture { id: 1, tap: Tap::Outer, text: text.into(), sealed: Some(sealed), key: Some(key) }
    }

    #[test]
    fn the_requests_read_as_the_app_sends_them() {
        let login = request_text(3, 0, 10, 0, 0, Call::Plain);
        assert!(
            login.starts_with("POST /login HTTP/1.1\r\n") && login.contains("user=ada&password="),
            "{login}"
        );
        let read = request_text(3, 1, 10, 1, 0, Call::Plain);
        assert!(read.starts_with("GET /orders/1010") && read.contains("Authorization: Bearer "), "{read}");
        let order = request_text(3, 2, 10, 7, 0, Call::Plain);
        assert!(order.contains("item=desk-lamp&qty=2&ship_to=user7"), "{order}");
        assert_eq!(request_text(3, 0, 10, 0, 0, Call::Plain), login, "the same run, the same text");
        assert_ne!(request_text(4, 0, 10, 0, 0, Call::Plain), login, "another seed, another password");
    }

    #[test]
    fn in_the_clear_a_changed_order_goes_through() {
        let text = request_text(3, 2, 10, 7, 0, Call::Plain);
        let capture = Capture { id: 10, tap: Tap::Inner, text: text.clone(), sealed: None, key: None };
        assert_eq!(capture.wire(), text.as_bytes());
        let changed = text.replace("qty=2", "qty=9");
        assert_eq!(capture.receive(changed.as_bytes()), Ok(changed));
    }

    #[test]
    fn sealed_the_wire_is_unreadable_and_a_flipped_byte_anywhere_is_refused() {
        let text = request_text(3, 0, 10, 0, 0, Call::Plain);
        let capture = sealed_capture(&text);
        let wire = capture.wire();
        assert_eq!(wire.len(), text.len() + 16);
        assert!(!wire.windows(8).any(|w| w == b"password"));
        assert_eq!(capture.receive(&wire), Ok(text));
        for at in 0..wire.len() {
            let mut tampered = wire.clone();
            tampered[at] ^= 0x20;
            assert_eq!(capture.receive(&tampered), Err(TapError::Tag), "byte {at}");
        }
        assert_eq!(capture.receive(&wire[..wire.len() - 1]), Err(TapError::Tag), "cut short");
        assert_eq!(TapError::Tag.to_string(), "authentication tag mismatch: the request is refused");
    }

    #[test]
    fn the_same_text_twice_gives_two_ciphertexts() {
        let mut counters = Counters::default();
        let text = "GET /orders/1042 HTTP/1.1\r\n\r\n";
        let (a, key_a) = seal_on_link(&mut counters, 3, Tap::Outer, 5, 1, text);
        let (b, key_b) = seal_on_link(&mut counters, 3, Tap::Outer, 5, 1, text);
        assert_eq!(key_a, key_b);
        assert_ne!(a.bytes, b.bytes);
        assert_ne!(a.counter, b.counter);
        let (c, key_c) = seal_on_link(&mut counters, 3, Tap::Outer, 5, 2, text);
        assert_ne!(key_c, key_a, "a new connection, a new key");
        assert_eq!(c.counter, 0, "whose count starts afresh");
    }

    #[test]
    fn no_nonce_repeats_under_one_key_over_ten_thousand_messages() {
        let mut counters = Counters::default();
        let mut seen: BTreeSet<(Key, u64)> = BTreeSet::new();
        let ends = [(Tap::Outer, 1, 1), (Tap::Inner, 0, 0), (Tap::Outer, 1, 1), (Tap::Inner, 1, 0)];
        for i in 0..10_000u64 {
            let (tap, end, connection) = ends[(i % 4) as usize];
            let key = link_key(3, tap, end, connection);
            let counter = counters.next(tap, end, connection);
            assert!(seen.insert((key, counter)), "nonce {counter} reused under one key at message {i}");
        }
        assert_eq!(seen.len(), 10_000);
    }
}
