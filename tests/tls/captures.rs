//! The eavesdropper, in the world: in the clear it reads passwords and could change an order
//! unnoticed; under TLS each link it listens on shows only ciphertext, a flipped byte fails
//! the tag, and no nonce is ever used twice under one key.

use std::collections::{BTreeMap, BTreeSet};

use ds_playground::sim::security::{Capture, Key, Tap, TapError, TlsConfig, TlsMode};
use ds_playground::sim::time::{MILLISECOND, SECOND};
use ds_playground::sim::world::CAPTURES_KEPT;
use ds_playground::sim::{Command, World, WorldConfig};

/// The default world (30 requests a second to two small servers) under `mode`, with an
/// eavesdropper on `tap`, after 10 simulated seconds.
fn listening(mode: TlsMode, tap: Tap) -> World {
    let tls = TlsConfig { mode, ..TlsConfig::default() };
    let mut world = World::new(WorldConfig { tls, ..WorldConfig::default() });
    world.apply(Command::PlaceTap(Some(tap))).expect("an eavesdropper can always be placed");
    world.advance_to(10 * SECOND);
    assert_eq!(world.tap(), Some(tap));
    world
}

/// Whether `bytes` hold `word`.
fn shows(bytes: &[u8], word: &str) -> bool {
    bytes.windows(word.len()).any(|w| w == word.as_bytes())
}

/// The captures, checked for their number and link, and the first login among them.
fn recorded(world: &World, tap: Tap) -> (Vec<Capture>, Capture) {
    let captures = world.captures();
    assert!((3..=CAPTURES_KEPT).contains(&captures.len()), "{}", captures.len());
    assert!(captures.iter().all(|c| c.tap == tap));
    assert!(captures.windows(2).all(|w| w[0].id < w[1].id), "newest last");
    let login = captures.iter().find(|c| c.text.contains("password=")).expect("a login among them").clone();
    (captures, login)
}

#[test]
fn in_the_clear_the_eavesdropper_reads_passwords_and_a_changed_order_goes_through() {
    let world = listening(TlsMode::Off, Tap::Outer);
    let (captures, login) = recorded(&world, Tap::Outer);
    assert!(captures.iter().all(|c| c.sealed.is_none() && c.key.is_none() && c.wire() == c.text.as_bytes()));
    assert!(login.text.starts_with("POST /login HTTP/1.1\r\n"), "{}", login.text);
    assert!(shows(&login.wire(), "password="));
    let order = captures.iter().find(|c| c.text.contains("&qty=")).expect("an order among them");
    assert!(shows(&order.wire(), "Authorization: Bearer "));
    let changed = order.text.replacen("qty=", "qty=9", 1);
    assert_eq!(order.receive(changed.as_bytes()), Ok(changed), "accepted as if the user sent it");
}

#[test]
fn tls_at_the_edge_seals_the_outer_link_and_leaves_the_inner_one_in_the_clear() {
    let outer = listening(TlsMode::Edge, Tap::Outer);
    let (captures, login) = recorded(&outer, Tap::Outer);
    for capture in &captures {
        let wire = capture.wire();
        assert!(capture.key.is_some() && capture.sealed.is_some());
        assert!(!shows(&wire, "password") && !shows(&wire, "Bearer") && !shows(&wire, "HTTP/1.1"));
        assert_eq!(wire.len(), capture.text.len() + 16, "the ciphertext and its tag");
        assert_eq!(capture.receive(&wire).as_deref(), Ok(capture.text.as_str()));
    }
    let wire = login.wire();
    for at in [0, 7, wire.len() / 2, wire.len() - 17, wire.len() - 1] {
        let mut tampered = wire.clone();
        tampered[at] ^= 0x01;
        assert_eq!(login.receive(&tampered), Err(TapError::Tag), "byte {at} flipped");
    }
    let wires: BTreeSet<Vec<u8>> = captures.iter().map(Capture::wire).collect();
    assert_eq!(wires.len(), captures.len());

    let inner = listening(TlsMode::Edge, Tap::Inner);
    let (captures, login) = recorded(&inner, Tap::Inner);
    assert!(captures.iter().all(|c| c.sealed.is_none()));
    assert!(shows(&login.wire(), "password="), "behind the balancer the password travels in the clear");
}

#[test]
fn end_to_end_tls_seals_both_links() {
    for tap in Tap::ALL {
        let world = listening(TlsMode::EndToEnd, tap);
        let (captures, login) = recorded(&world, tap);
        assert!(!shows(&login.wire(), "password"), "{tap:?}");
        for capture in &captures {
            assert_eq!(capture.receive(&capture.wire()).as_deref(), Ok(capture.text.as_str()));
            assert!(!shows(&capture.wire(), "HTTP/1.1"), "{tap:?}");
        }
    }
}

#[test]
fn moving_the_eavesdropper_forgets_what_it_heard_elsewhere() {
    let mut world = listening(TlsMode::Edge, Tap::Outer);
    world.apply(Command::PlaceTap(Some(Tap::Inner))).unwrap();
    assert!(world.captures().is_empty());
    world.advance_to(11 * SECOND);
    assert!(world.captures().iter().all(|c| c.tap == Tap::Inner) && !world.captures().is_empty());
    world.apply(Command::PlaceTap(None)).unwrap();
    world.advance_to(12 * SECOND);
    assert_eq!((world.tap(), world.captures().len()), (None, 0));
}

#[test]
fn no_nonce_is_used_twice_under_one_key_over_ten_thousand_captures() {
    // Both servers' pooled connections are long-lived: two keys, thousands of messages each.
    let tls = TlsConfig { mode: TlsMode::EndToEnd, ..TlsConfig::default() };
    let mut world = World::new(WorldConfig { tls, ..WorldConfig::default() });
    world.apply(Command::PlaceTap(Some(Tap::Inner))).unwrap();
    let mut seen: BTreeMap<u64, (Key, u64)> = BTreeMap::new();
    let mut t = 0;
    while seen.len() < 10_000 {
        t += 250 * MILLISECOND;
        world.advance_to(t);
        for capture in world.captures() {
            let sealed = capture.sealed.expect("sealed end to end");
            seen.insert(capture.id, (capture.key.expect("with its key"), sealed.counter));
        }
        assert!(t < 20_000 * SECOND, "captures stopped coming");
    }
    let nonces: BTreeSet<(Key, u64)> = seen.values().copied().collect();
    let keys: BTreeSet<Key> = seen.values().map(|(k, _)| *k).collect();
    assert_eq!(keys.len(), 2, "one pooled connection per server");
    assert_eq!(nonces.len(), seen.len(), "a (key, nonce) pair was used twice");
}
