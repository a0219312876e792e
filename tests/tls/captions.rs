//! Encryption's captions: in the dialogue's words, with a technical line that has the numbers,
//! and held while their situation lasts.

use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::security::{Tap, TlsConfig, TlsMode, TlsVersion};
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, World, WorldConfig};
use ds_playground::teach::captions::{caption_for, Caption, Kind};
use ds_playground::teach::situation::holds;

/// Applies `command` and returns the caption of the event it logged, and whether it holds now.
fn told(world: &mut World, command: Command) -> Caption {
    world.apply(command).expect("accepted");
    let event = world.events().iter().last().expect("an event").clone();
    let now = world.snapshot();
    assert!(holds(&event, &now), "{event:?}");
    caption_for(&event, &now)
}

/// Whether the newest event still holds after `seconds` more.
fn holds_after(world: &mut World, seconds: u64) -> bool {
    let event = world.events().iter().last().expect("an event").clone();
    world.advance_to(world.now() + seconds * SECOND);
    holds(&event, &world.snapshot())
}

#[test]
fn tls_is_told_as_a_secret_code_with_its_round_trips() {
    let mut world = World::new(WorldConfig::default());
    world.advance_to(SECOND);
    let edge = TlsConfig { mode: TlsMode::Edge, ..TlsConfig::default() };
    let caption = told(&mut world, Command::SetTls(edge));
    assert_eq!(caption.kind, Kind::Tls);
    assert!(caption.plain.contains("secret message") && caption.plain.contains("key"), "{caption:?}");
    assert!(caption.technical.contains("TLS 1.3 terminated at the balancer"), "{caption:?}");
    assert!(caption.technical.contains("1 round trip (120 ms)"), "{caption:?}");
    assert!(caption.technical.contains("0-RTT early data, replayable"), "{caption:?}");
    assert!(!holds_after(&mut world, 10), "told briefly");

    let old = TlsConfig { mode: TlsMode::EndToEnd, version: TlsVersion::V1_2, ..TlsConfig::default() };
    let caption = told(&mut world, Command::SetTls(old));
    assert!(caption.technical.contains("mutual TLS") && caption.technical.contains("2 round trips (240 ms)"));
    let off = told(&mut world, Command::SetTls(TlsConfig::default()));
    assert!(off.plain.contains("anyone on the way can read"), "{off:?}");
}

#[test]
fn the_eavesdropper_hears_words_in_the_clear_and_code_under_tls_while_it_listens() {
    let mut world = World::new(WorldConfig::default());
    let clear = told(&mut world, Command::PlaceTap(Some(Tap::Outer)));
    assert_eq!(clear.kind, Kind::Eavesdropper);
    assert!(clear.plain.contains("plain words") && clear.technical.contains("clients → edge"), "{clear:?}");
    assert!(holds_after(&mut world, 20), "held while it listens");
    world.apply(Command::SetTls(TlsConfig { mode: TlsMode::Edge, ..TlsConfig::default() })).unwrap();
    let sealed = told(&mut world, Command::PlaceTap(Some(Tap::Outer)));
    assert!(sealed.plain.contains("only the intended recipient has the key"), "{sealed:?}");
    let inner = told(&mut world, Command::PlaceTap(Some(Tap::Inner)));
    assert!(inner.plain.contains("plain words"), "the inner link is in the clear at the edge: {inner:?}");
    told(&mut world, Command::PlaceTap(None));
    assert!(!holds_after(&mut world, 10));
}

#[test]
fn encryption_at_rest_and_a_destroyed_key_are_told() {
    let mut world =
        World::new(WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() });
    let on = told(&mut world, Command::SetAtRest(true));
    assert_eq!(on.kind, Kind::AtRest);
    assert!(on.plain.contains("at rest") && on.technical.contains("key service"), "{on:?}");
    let gone = told(&mut world, Command::DestroyAtRestKey);
    assert!(
        gone.plain.contains("never be read again") && gone.technical.contains("key-destroyed"),
        "{gone:?}"
    );
    assert!(holds_after(&mut world, 60), "the data does not come back");
}
