//! Conservation under attack: whatever attack runs and whichever defences go on and off, every
//! request sent is at every moment exactly one of served, dropped, failed, blocked or in
//! flight; the defences' blocks split into users' and the botnet's; users' and bots' requests
//! add up to all; and once the sources stop, every request ends and the edge empties.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use ds_playground::sim::attack::{AttackConfig, AttackKind};
use ds_playground::sim::edge::{Defence, DefenceSetting, Firewall, IdsConfig, RateLimit};
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{Command, ServerId, World};

use super::common::scenario;

/// Checks every count that can be observed from outside the world.
fn check(world: &World) -> Result<(), TestCaseError> {
    let m = world.metrics();
    let t = &m.traffic;
    let in_flight = world.in_flight() as u64;
    let at = world.now();
    prop_assert_eq!(
        m.arrived,
        m.served + m.dropped_total() + m.failed_total() + m.blocked_total() + in_flight,
        "arrived ≠ served + dropped + failed + blocked + in flight at {} µs",
        at
    );
    prop_assert_eq!(t.legit_sent + t.attack_sent, m.arrived, "users' and bots' requests at {} µs", at);
    let mut by_defence = 0;
    let mut users_blocked = 0;
    for defence in Defence::ALL {
        let (users, bots) = t.blocked(defence);
        prop_assert_eq!(users + bots, m.blocked(defence), "{:?} at {} µs", defence, at);
        by_defence += m.blocked(defence);
        users_blocked += users;
    }
    prop_assert_eq!(by_defence, m.blocked_total());
    prop_assert_eq!(t.blocked_total(), m.blocked_total());
    prop_assert!(users_blocked <= t.legit_lost, "a user's blocked request is a user's loss");
    prop_assert!(t.legit_served + t.legit_lost <= t.legit_sent);
    prop_assert!(t.legit_served <= m.served && t.attack_reached <= t.attack_sent);
    prop_assert!(t.legit_lost <= m.dropped_total() + m.failed_total() + m.blocked_total());
    prop_assert!(world.edge().tally().total() <= m.arrived);
    let table = world.edge().table();
    prop_assert!(table.len() <= table.settings().capacity, "{} slots taken", table.len());
    // Each slot and each place in the fair queue is held by a request under way.
    prop_assert!(table.len() as u64 <= in_flight, "{} slots for {} requests", table.len(), in_flight);
    prop_assert!(world.edge().waiting() as u64 <= in_flight);
    Ok(())
}

/// One thing the learner (or time) does.
#[derive(Clone, Debug)]
enum Op {
    Advance(Micros),
    Start(AttackConfig),
    Stop,
    Defence(DefenceSetting),
    Rate(f64),
    Crash(u32),
    Restore(u32),
}

/// Firewalls: against the bots' range, UDP, the flood's path, or users' range only.
const FIREWALLS: [&str; 4] = [
    "deny from 45.0.0.0/8\ndefault allow",
    "deny proto udp\ndefault allow",
    "deny path /search\ndefault allow",
    "allow from 198.18.0.0/15\nallow from 100.64.0.0/10\ndefault deny",
];

fn attack() -> impl Strategy<Value = AttackConfig> {
    let rates = prop::sample::select(vec![1.0, 5.0, 25.0, 100.0]);
    (0..AttackKind::ALL.len(), 1..40u32, rates).prop_map(|(kind, bots, rate_per_bot)| AttackConfig {
        kind: AttackKind::ALL[kind],
        bots,
        rate_per_bot,
        ..AttackConfig::default()
    })
}

/// Any defence on or off, some with settings the world refuses (0 limits and timeouts).
fn defence() -> impl Strategy<Value = DefenceSetting> {
    let ms = |max: u64| prop::option::of((0..max).prop_map(|ms| ms * MILLISECOND));
    prop_oneof![
        prop::option::of(0..FIREWALLS.len())
            .prop_map(|i| DefenceSetting::Firewall(i.map(|i| Firewall::parse(FIREWALLS[i]).unwrap()))),
        prop::option::of((0..20u32, 0..30u32))
            .prop_map(|r| DefenceSetting::RateLimit(r.map(|(rate, burst)| RateLimit { rate, burst }))),
        any::<bool>().prop_map(DefenceSetting::FairQueue),
        prop::option::of((0..30u32, prop::option::of(1..60u64))).prop_map(|ids| {
            DefenceSetting::Ids(
                ids.map(|(threshold, block)| IdsConfig { threshold, auto_block: block.map(|s| s * SECOND) }),
            )
        }),
        any::<bool>().prop_map(DefenceSetting::SynCookies),
        prop::option::of(0..20u32).prop_map(DefenceSetting::ConnectionLimit),
        ms(20_000).prop_map(DefenceSetting::HeaderTimeout),
        ms(20_000).prop_map(DefenceSetting::IdleTimeout),
        any::<bool>().prop_map(DefenceSetting::Scrubbing),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (1..3_000u64).prop_map(|ms| Op::Advance(ms * MILLISECOND)),
        2 => attack().prop_map(Op::Start),
        1 => Just(Op::Stop),
        6 => defence().prop_map(Op::Defence),
        1 => prop::sample::select(vec![0.0, 10.0, 40.0, 150.0]).prop_map(Op::Rate),
        1 => (0..5u32).prop_map(Op::Crash),
        1 => (0..5u32).prop_map(Op::Restore),
    ]
}

/// What a refused command must leave untouched.
fn fingerprint(world: &World) -> impl PartialEq + std::fmt::Debug {
    let m = world.metrics();
    (
        world.digest(),
        world.events().total(),
        world.now(),
        (m.arrived, m.blocked_total()),
        world.edge().defences().clone(),
        world.attack().copied(),
        world.edge().table().len(),
    )
}

/// Carries out `op`: advances time, or applies its command, which if refused must change
/// nothing.
fn play(world: &mut World, op: &Op) -> Result<(), TestCaseError> {
    let command = match op {
        Op::Advance(by) => {
            world.advance_to(world.now() + by);
            return Ok(());
        }
        Op::Start(attack) => Command::StartAttack(*attack),
        Op::Stop => Command::StopAttack,
        Op::Defence(setting) => Command::SetDefence(setting.clone()),
        Op::Rate(rate) => Command::SetArrivalRate(*rate),
        Op::Crash(id) => Command::CrashServer(ServerId(*id)),
        Op::Restore(id) => Command::RestoreServer(ServerId(*id)),
    };
    let before = fingerprint(world);
    if world.apply(command.clone()).is_err() {
        prop_assert_eq!(before, fingerprint(world), "refused {:?} changed the world", command);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // More with PROPTEST_CASES set, as scripts/attack-sweep.sh does.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96),
        // Failing cases are saved next to this file, as tests/attacks/conservation.proptest-regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn requests_are_conserved_under_any_attack_and_defences(
        seed in any::<u64>(),
        initial in prop::option::of((attack(), 0..3_000u64)),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut config = scenario(seed, "").config;
        config.attack = initial.map(|(attack, ms)| AttackConfig { start: ms * MILLISECOND, ..attack });
        let mut world = World::new(config);
        check(&world)?;
        for op in &ops {
            play(&mut world, op)?;
            check(&world)?;
        }

        // The bots and the users stop: every request ends, and the edge holds nothing. (An
        // attack the world was built with cannot be stopped before it starts. The header
        // timeout ends slow connections that reach the edge after their bots stopped, which
        // stopping.rs checks are let go of without it.)
        if let Some(attack) = world.config().attack {
            world.advance_to(world.now().max(attack.start));
        }
        let _ = world.apply(Command::StopAttack);
        world.apply(Command::SetArrivalRate(0.0)).unwrap();
        world.apply(Command::SetDefence(DefenceSetting::HeaderTimeout(Some(SECOND)))).unwrap();
        let until = world.now() + 120 * SECOND;
        while world.in_flight() > 0 && world.now() < until {
            world.advance_to(world.now() + 500 * MILLISECOND);
            check(&world)?;
        }
        let m = world.metrics();
        prop_assert_eq!(world.in_flight(), 0, "requests still under way after two minutes");
        prop_assert_eq!(m.arrived, m.served + m.dropped_total() + m.failed_total() + m.blocked_total());
        prop_assert_eq!(m.traffic.legit_served + m.traffic.legit_lost, m.traffic.legit_sent);
        prop_assert_eq!((world.edge().table().len(), world.edge().waiting()), (0, 0));
    }
}
