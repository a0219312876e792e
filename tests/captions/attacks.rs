//! The edge's captions: each attack in the dialogue's words (DDoS), each defence switched on,
//! the table that fills and the uplink that saturates while they last, and an honest line when a
//! defence turns away users.

use ds_playground::sim::attack::{AttackConfig, AttackKind, NatConfig};
use ds_playground::sim::edge::{DefenceSetting, EdgeConfig, Firewall, IdsConfig, RateLimit};
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, EventKind, WorldConfig};
use ds_playground::teach::captions::Kind;

use super::Watch;

/// The page's small world: 4 small servers (80 req/s) for 40 req/s of users, 200 of them behind
/// one NAT address (8 req/s from it), 1 024 connection slots and a 100 Mbit/s uplink.
fn watch() -> Watch {
    let mut watch = Watch::new(WorldConfig {
        arrival_rate: 40.0,
        servers: vec![ds_playground::sim::ServerSpec::preset(ds_playground::sim::ServerSize::Small); 4],
        nat: Some(NatConfig { users: 200, addresses: 1 }),
        edge: EdgeConfig { connection_slots: 1_024, uplink_mbps: 100.0, ..EdgeConfig::default() },
        ..WorldConfig::default()
    });
    watch.run_for(3 * SECOND);
    watch
}

fn attack(kind: AttackKind, bots: u32, rate_per_bot: f64) -> Command {
    Command::StartAttack(AttackConfig { kind, bots, rate_per_bot, ..AttackConfig::default() })
}

#[test]
fn an_attack_is_told_as_a_ddos_while_it_lasts_and_its_end_briefly() {
    let mut watch = watch();
    let caption = watch.apply(attack(AttackKind::HttpFlood, 20, 25.0));
    assert_eq!(caption.kind, Kind::Attack);
    assert!(caption.plain.contains("DDoS"), "{caption:?}");
    assert!(
        caption.technical.contains("HTTP flood: 20 bots send 25 requests per second each, 500 in all"),
        "{caption:?}"
    );
    assert!(watch.still_holds(|k| matches!(k, EventKind::AttackStarted { .. })));
    watch.run_for(5 * SECOND);
    assert!(watch.still_holds(|k| matches!(k, EventKind::AttackStarted { .. })), "it holds while under way");

    let over = watch.apply(Command::StopAttack);
    assert_eq!(over.kind, Kind::AttackOver);
    assert!(over.technical.contains("of users' requests served over the last 10 s"), "{over:?}");
    assert!(!watch.still_holds(|k| matches!(k, EventKind::AttackStarted { .. })));
    let later = watch.run_for(12 * SECOND);
    assert_ne!(later.kind, Kind::AttackOver, "its end is told briefly: {later:?}");
}

#[test]
fn a_syn_flood_fills_the_table_until_syn_cookies_free_it() {
    let mut watch = watch();
    watch.apply(attack(AttackKind::SynFlood, 50, 20.0));
    let full = watch.run_for(4 * SECOND);
    assert_eq!(full.kind, Kind::Connections, "{full:?}");
    assert!(full.plain.contains("Every line is busy"), "{full:?}");
    assert!(full.technical.contains("1,024 of 1,024 slots held"), "{full:?}");
    let mut kinds = Vec::new();
    watch.run_for_checking(5 * SECOND, |caption, _| kinds.push(caption.kind));
    assert!(kinds.iter().all(|k| *k == Kind::Connections), "told while the table stays full: {kinds:?}");

    let cookies = watch.apply(Command::SetDefence(DefenceSetting::SynCookies(true)));
    assert_eq!(cookies.kind, Kind::Defence);
    assert!(cookies.technical.contains("SYN cookies on"), "{cookies:?}");
    // The half-open entries time out within 3 s; a second with no refusal frees the table.
    let free = watch.run_for(6 * SECOND);
    assert_eq!(free.kind, Kind::Connections, "{free:?}");
    assert!(free.plain.contains("Lines are free again"), "{free:?}");
}

#[test]
fn a_threshold_below_the_nat_is_told_honestly_as_blocking_real_users() {
    let mut watch = watch();
    let ids = IdsConfig { threshold: 5, auto_block: Some(60 * SECOND) };
    let on = watch.apply(Command::SetDefence(DefenceSetting::Ids(Some(ids))));
    assert_eq!(on.kind, Kind::Defence);
    assert!(on.plain.contains("Intrusion detection"), "{on:?}");
    assert!(on.technical.contains("over 5 requests a second"), "{on:?}");
    let mut honest = Vec::new();
    watch.run_for_checking(4 * SECOND, |caption, _| honest.push(caption.clone()));
    let told = honest
        .iter()
        .find(|c| matches!(c.kind, Kind::Detection | Kind::Collateral))
        .expect("the block is told");
    assert!(told.plain.contains("real users"), "{told:?}");
    let blocked = watch.last_event(|k| matches!(k, EventKind::SourcesBlocked { .. }));
    assert!(matches!(blocked.kind, EventKind::SourcesBlocked { legit: 1.., .. }), "{blocked:?}");
}

#[test]
fn a_volumetric_flood_is_told_as_lost_before_our_defences_until_scrubbing() {
    let mut watch = watch();
    let caption = watch.apply(attack(AttackKind::Volumetric, 50, 100.0));
    assert_eq!(caption.kind, Kind::Attack);
    // 160 Mbit/s of flood and 0.16 of users into 100: 1 - 100 / 160.16 is 37.6% lost.
    assert!(caption.technical.contains("loses 38%"), "{caption:?}");
    let saturated = watch.run_for(2 * SECOND);
    assert_eq!(saturated.kind, Kind::Uplink, "{saturated:?}");
    assert!(saturated.plain.contains("before it reaches any of our defences"), "{saturated:?}");
    assert!(saturated.technical.contains("Only filtering upstream (scrubbing) helps"), "{saturated:?}");

    watch.apply(Command::SetDefence(DefenceSetting::Scrubbing(true)));
    let clear = watch.run_for(2 * SECOND);
    assert_eq!(clear.kind, Kind::Uplink, "{clear:?}");
    assert!(clear.plain.contains("clear again"), "{clear:?}");
}

#[test]
fn every_defence_switched_on_has_its_words_and_its_technical_line() {
    let firewall = Firewall::parse("deny from 45.0.0.0/8\ndefault allow").expect("the rules parse");
    let cases = [
        (
            DefenceSetting::Firewall(Some(firewall)),
            "firewall",
            "1 rules, first match wins, then default allow",
        ),
        (
            DefenceSetting::RateLimit(Some(RateLimit { rate: 5, burst: 10 })),
            "allowance",
            "5 per second with a burst of 10",
        ),
        (DefenceSetting::FairQueue(true), "takes turns", "served in turn"),
        (DefenceSetting::Ids(Some(IdsConfig { threshold: 30, auto_block: None })), "watchman", "alerts only"),
        (DefenceSetting::SynCookies(true), "call back", "takes no slot"),
        (DefenceSetting::ConnectionLimit(Some(10)), "tables", "at most 10 connections per source address"),
        (DefenceSetting::HeaderTimeout(Some(5 * SECOND)), "too long to order", "within 5 s"),
        (DefenceSetting::IdleTimeout(Some(5 * SECOND)), "silent", "quiet for 5 s"),
        (DefenceSetting::Scrubbing(true), "upstream", "+15 ms"),
    ];
    for (setting, plain, technical) in cases {
        let mut watch = watch();
        let caption = watch.apply(Command::SetDefence(setting.clone()));
        assert_eq!(caption.kind, Kind::Defence, "{setting:?}");
        assert!(caption.plain.contains(plain), "{setting:?}: {caption:?}");
        assert!(caption.technical.contains(technical), "{setting:?}: {caption:?}");
        let off = watch.apply(Command::SetDefence(off_of(&setting)));
        assert!(off.technical.ends_with(" off."), "{off:?}");
    }
}

/// The same defence switched off.
fn off_of(setting: &DefenceSetting) -> DefenceSetting {
    match setting {
        DefenceSetting::Firewall(_) => DefenceSetting::Firewall(None),
        DefenceSetting::RateLimit(_) => DefenceSetting::RateLimit(None),
        DefenceSetting::FairQueue(_) => DefenceSetting::FairQueue(false),
        DefenceSetting::Ids(_) => DefenceSetting::Ids(None),
        DefenceSetting::SynCookies(_) => DefenceSetting::SynCookies(false),
        DefenceSetting::ConnectionLimit(_) => DefenceSetting::ConnectionLimit(None),
        DefenceSetting::HeaderTimeout(_) => DefenceSetting::HeaderTimeout(None),
        DefenceSetting::IdleTimeout(_) => DefenceSetting::IdleTimeout(None),
        DefenceSetting::Scrubbing(_) => DefenceSetting::Scrubbing(false),
    }
}

#[test]
fn alerts_without_blocking_are_told_once_as_they_begin() {
    let mut watch = watch();
    // Threshold 20: the NAT address (8 req/s) is never flagged, the bots (25 req/s) are.
    let ids = IdsConfig { threshold: 20, auto_block: None };
    watch.apply(Command::SetDefence(DefenceSetting::Ids(Some(ids))));
    watch.apply(attack(AttackKind::HttpFlood, 20, 25.0));
    let mut told = Vec::new();
    watch.run_for_checking(6 * SECOND, |caption, _| told.push(caption.clone()));
    let alarm = told.iter().find(|c| c.kind == Kind::Detection).expect("the alerts are told");
    assert!(alarm.plain.contains("raised the alarm"), "{alarm:?}");
    assert!(alarm.technical.contains("nothing is blocked"), "{alarm:?}");
    let events =
        watch.world.events().iter().filter(|e| matches!(e.kind, EventKind::IdsAlerts { .. })).count();
    assert_eq!(events, 1, "logged when alerts begin, not every second they go on");
    assert_eq!(watch.world.metrics().blocked_total(), 0, "alerts block nothing");
    assert_eq!(watch.world.edge().tally().false_positives, 0);
}
