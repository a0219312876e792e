//! Captions: each kind appears for its event, tells the numbers of the snapshot it is shown with,
//! and gives way once the situation it describes has ended; with nothing to tell, the bar says how
//! things stand now (or, while time is paused, how to resume), and it does not chatter.
#![cfg(not(target_arch = "wasm32"))]

mod attacks;
mod storage;

use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{
    Algorithm, AutoscaleConfig, Command, Event, EventKind, ServerId, ServerSize, ServerSpec, ServerStatus,
    World, WorldConfig,
};
use ds_playground::teach::captions::{Caption, Kind};
use ds_playground::teach::narrator::Narrator;
use ds_playground::teach::situation::{holds, BRIEFLY};
use ds_playground::teach::status::{on_screen, Band, PAUSED, WELCOME};

/// Simulated time between two looks: the app publishes four times a wall second, so at 1×.
const LOOK_EVERY: Micros = 250 * MILLISECOND;

/// A world and its narrator, looked at as the app does.
struct Watch {
    world: World,
    narrator: Narrator,
    shown: Caption,
    /// How many times the narrator changed the caption.
    changes: usize,
}

impl Watch {
    fn new(config: WorldConfig) -> Self {
        let world = World::new(config);
        let narrator = Narrator::after(world.events().total());
        let shown = Caption { kind: Kind::Paused, plain: String::new(), technical: String::new() };
        let mut watch = Watch { world, narrator, shown, changes: 0 };
        watch.look();
        watch
    }

    fn default() -> Self {
        Watch::new(WorldConfig::default())
    }

    /// Publishes: the caption the bar shows now.
    fn look(&mut self) -> Caption {
        let snapshot = self.world.snapshot();
        if let Some(caption) = self.narrator.narrate(self.world.events().iter(), &snapshot) {
            self.shown = caption;
            self.changes += 1;
        }
        self.shown.clone()
    }

    fn apply(&mut self, command: Command) -> Caption {
        self.world.apply(command).expect("the command is accepted");
        self.look()
    }

    /// Runs to `until`, looking every quarter second; `check` sees each caption with its world.
    fn run_to(&mut self, until: Micros, mut check: impl FnMut(&Caption, &mut World)) -> Caption {
        while self.world.now() < until {
            self.world.advance_to((self.world.now() + LOOK_EVERY).min(until));
            let caption = self.look();
            check(&caption, &mut self.world);
        }
        self.shown.clone()
    }

    fn run_for(&mut self, span: Micros) -> Caption {
        self.run_for_checking(span, |_, _| {})
    }

    fn run_for_checking(&mut self, span: Micros, check: impl FnMut(&Caption, &mut World)) -> Caption {
        self.run_to(self.world.now() + span, check)
    }

    /// The newest event matching `wanted` still in the log.
    fn last_event(&self, wanted: impl Fn(&EventKind) -> bool) -> Event {
        self.world.events().iter().rev().find(|e| wanted(&e.kind)).cloned().expect("the event was logged")
    }

    /// Whether the situation of the newest event matching `wanted` still holds.
    fn still_holds(&mut self, wanted: impl Fn(&EventKind) -> bool) -> bool {
        let event = self.last_event(wanted);
        holds(&event, &self.world.snapshot())
    }
}

fn small() -> Command {
    Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: false }
}

fn large() -> Command {
    Command::AddServer { spec: ServerSpec::preset(ServerSize::Large), boot: false }
}

/// A count of servers as captions say it.
fn servers(n: usize) -> String {
    if n == 1 {
        "1 server".to_string()
    } else {
        format!("{n} servers")
    }
}

#[test]
fn building_the_world_is_not_news_and_the_bar_welcomes_with_the_load_now() {
    let mut watch = Watch::default();
    let caption = watch.look();
    assert_eq!(caption.kind, Kind::Status);
    assert_eq!(caption.plain, WELCOME);
    assert!(
        caption.technical.contains("30 req/s against about 40 req/s on 2 servers (75% of capacity)"),
        "{caption:?}"
    );
}

#[test]
fn servers_added_in_a_row_each_replace_the_caption_with_the_numbers_now() {
    let mut watch = Watch::default();
    for added in 1..=8u32 {
        let caption = watch.apply(small());
        let (servers, capacity) = (2 + added, 40 + 20 * added);
        assert_eq!(caption.kind, Kind::Added, "{caption:?}");
        assert!(caption.plain.contains("lane"), "{caption:?}");
        assert!(caption.technical.contains(&format!("server {} (small) joins", servers - 1)), "{caption:?}");
        assert!(
            caption.technical.contains(&format!("{servers} servers can serve about {capacity} req/s")),
            "after {added} additions: {caption:?}"
        );
        watch.run_for(SECOND);
    }
    let caption = watch.apply(Command::SetArrivalRate(200.0));
    assert_eq!(caption.kind, Kind::Rate);
    assert!(
        caption.technical.contains("200 req/s against about 200 req/s on 10 servers (100% of capacity)"),
        "{caption:?}"
    );
    assert!(!caption.technical.contains("60 req/s"), "no number from an older caption: {caption:?}");
}

#[test]
fn an_added_server_is_told_briefly_then_the_status_tells_the_load() {
    let mut watch = Watch::default();
    assert_eq!(watch.apply(large()).kind, Kind::Added);
    let caption = watch.run_to(BRIEFLY - SECOND, |c, _| assert_eq!(c.kind, Kind::Added, "{c:?}"));
    assert!(caption.technical.contains("3 servers can serve about 80 req/s"), "{caption:?}");
    let caption = watch.run_for(2 * SECOND);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
    assert_eq!(caption.plain, Band::RoomToSpare.plain());
    assert!(caption.technical.contains("30 req/s against about 80 req/s on 3 servers (38% of capacity)"));
}

#[test]
fn a_booting_server_is_told_while_it_boots_then_its_lane_opens() {
    let mut watch = Watch::default();
    let boot = Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true };
    let caption = watch.apply(boot);
    assert_eq!(caption.kind, Kind::Booting);
    assert!(caption.technical.contains("Server 2 (small) boots until 5.0 s"), "{caption:?}");
    assert!(caption.technical.contains("2 servers can serve about 40 req/s"), "{caption:?}");
    watch.run_to(5 * SECOND - LOOK_EVERY, |c, _| assert_eq!(c.kind, Kind::Booting, "{c:?}"));
    let caption = watch.run_for(LOOK_EVERY);
    assert_eq!(caption.kind, Kind::Ready, "{caption:?}");
    assert!(caption.technical.contains("Server 2 finished booting; 3 servers can serve about 60 req/s"));
    assert!(!watch.still_holds(|k| matches!(k, EventKind::ServerAdded { .. })), "booting is over");
    let caption = watch.run_for(BRIEFLY);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

/// Three small servers at 30 req/s, run until server 1 is busy, then server 1 is removed.
fn draining_watch(rate: f64) -> Watch {
    let mut watch = Watch::new(WorldConfig {
        arrival_rate: rate,
        servers: vec![ServerSpec::preset(ServerSize::Small); 3],
        ..WorldConfig::default()
    });
    watch.run_for(3 * SECOND);
    while watch.world.snapshot().servers[1].busy == 0 {
        watch.world.advance_to(watch.world.now() + 10 * MILLISECOND);
    }
    watch.world.apply(Command::RemoveServer(Some(ServerId(1)))).unwrap();
    assert_eq!(watch.world.snapshot().servers[1].status, ServerStatus::Draining);
    watch
}

#[test]
fn a_draining_server_is_told_while_it_drains_and_its_leaving_briefly_after() {
    let mut watch = draining_watch(30.0);
    let caption = watch.look();
    assert_eq!(caption.kind, Kind::Draining);
    assert!(caption.technical.contains("Server 1 is draining"), "{caption:?}");
    assert_eq!(watch.world.snapshot().dropped_total(), 0);
    assert!(caption.technical.contains("Nothing is lost"), "nothing was dropped: {caption:?}");
    let start = watch.world.now();
    let mut left_at = None;
    watch.run_to(start + BRIEFLY / 2, |caption, world| {
        let draining = world
            .snapshot()
            .servers
            .iter()
            .any(|s| s.id == ServerId(1) && s.status == ServerStatus::Draining);
        if draining {
            assert_eq!(caption.kind, Kind::Draining, "{caption:?}");
        } else {
            left_at.get_or_insert(world.now());
            assert_eq!(
                caption.kind,
                Kind::Removed,
                "the draining caption is gone with the server: {caption:?}"
            );
            assert!(caption.technical.contains("Server 1 has left; 2 servers can serve about 40 req/s"));
        }
    });
    let left_at = left_at.expect("server 1 finished draining within 4 s");
    let caption = watch.run_to(left_at + BRIEFLY + SECOND, |c, _| assert_ne!(c.kind, Kind::Draining));
    assert_eq!(caption.kind, Kind::Status, "leaving is told only briefly: {caption:?}");
}

#[test]
fn nothing_is_lost_is_said_only_while_nothing_is_dropped() {
    let mut watch = draining_watch(500.0);
    assert!(watch.world.snapshot().servers.iter().any(|s| s.saturated));
    let caption = watch.look();
    assert_eq!(caption.kind, Kind::Draining);
    assert!(!caption.technical.contains("Nothing is lost"), "requests are being dropped: {caption:?}");
}

#[test]
fn each_algorithm_is_explained_when_chosen_even_again_soon_after() {
    let mut watch = Watch::default();
    let caption = watch.apply(Command::SetAlgorithm(Algorithm::LeastConnections));
    assert_eq!(caption.kind, Kind::Algorithm);
    assert!(caption.plain.contains("no single server is overwhelmed"), "{caption:?}");
    assert!(caption.technical.contains("fewest requests"), "{caption:?}");
    watch.run_for(SECOND);
    let caption = watch.apply(Command::SetAlgorithm(Algorithm::RoundRobin));
    assert!(caption.technical.starts_with("Round robin"), "{caption:?}");
    watch.run_for(SECOND);
    let caption = watch.apply(Command::SetAlgorithm(Algorithm::LeastConnections));
    assert!(caption.technical.contains("fewest requests"), "not held back as a repeat: {caption:?}");
    let caption = watch.run_for(BRIEFLY);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

#[test]
fn a_rate_within_capacity_is_told_briefly() {
    let mut watch = Watch::default();
    let caption = watch.apply(Command::SetArrivalRate(10.0));
    assert_eq!(caption.kind, Kind::Rate);
    assert_eq!(caption.plain, Band::RoomToSpare.plain());
    assert!(caption.technical.contains("Traffic set to 10 req/s against about 40 req/s"), "{caption:?}");
    let caption = watch.run_for(BRIEFLY + SECOND);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
    assert_eq!(caption.plain, Band::RoomToSpare.plain());
}

#[test]
fn an_overload_holds_while_the_base_rate_exceeds_capacity() {
    let mut watch = Watch::default();
    let caption = watch.apply(Command::SetArrivalRate(100.0));
    assert_eq!(caption.kind, Kind::Rate);
    assert_eq!(caption.plain, Band::Jammed.plain());
    assert!(caption.technical.contains("100 req/s against about 40 req/s on 2 servers (250% of capacity)"));
    watch.run_for(20 * SECOND);
    assert!(watch.still_holds(|k| matches!(k, EventKind::ArrivalRateChanged { .. })), "still overloaded");
    watch.apply(large());
    watch.apply(large());
    assert!(!watch.still_holds(|k| matches!(k, EventKind::ArrivalRateChanged { .. })), "120 req/s > 100");
    let caption = watch.run_for(BRIEFLY + 5 * SECOND);
    assert_ne!(caption.kind, Kind::Rate, "{caption:?}");
    assert_ne!(caption.plain, Band::Jammed.plain(), "{caption:?}");
}

#[test]
fn a_flash_crowd_is_told_while_it_lasts_and_its_end_briefly() {
    let mut watch = Watch::new(WorldConfig { arrival_rate: 5.0, ..WorldConfig::default() });
    let caption = watch.apply(Command::Burst);
    assert_eq!(caption.kind, Kind::Burst);
    assert!(caption.technical.contains("Arrivals jump to 20 req/s until 5.0 s"), "{caption:?}");
    watch.run_to(5 * SECOND - LOOK_EVERY, |c, _| assert_eq!(c.kind, Kind::Burst, "{c:?}"));
    let caption = watch.run_for(LOOK_EVERY);
    assert_eq!(caption.kind, Kind::BurstOver, "{caption:?}");
    assert!(caption.technical.contains("5 req/s against about 40 req/s"), "{caption:?}");
    let caption = watch.run_for(BRIEFLY);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

/// Checks at every look that a saturation caption is shown only while some server is saturated,
/// and a recovery caption only while none is.
fn saturation_is_true(caption: &Caption, world: &mut World) {
    let saturated = world.snapshot().servers.iter().any(|s| s.saturated);
    match caption.kind {
        Kind::Saturated => assert!(saturated, "no server is saturated any more: {caption:?}"),
        Kind::Recovered => assert!(!saturated, "a server is saturated again: {caption:?}"),
        _ => {}
    }
}

#[test]
fn saturation_is_told_while_a_server_is_saturated_and_gives_way_when_it_clears() {
    let mut watch = Watch::new(WorldConfig { arrival_rate: 500.0, ..WorldConfig::default() });
    let caption = watch.run_to(2 * SECOND, saturation_is_true);
    assert_eq!(caption.kind, Kind::Saturated, "{caption:?}");
    assert!(caption.plain.contains("jammed"), "{caption:?}");
    assert!(caption.technical.contains("Every server's queue is full"), "{caption:?}");
    watch.apply(Command::SetArrivalRate(5.0));
    let mut kinds = Vec::new();
    watch.run_for_checking(20 * SECOND, |caption, world| {
        saturation_is_true(caption, world);
        kinds.push(caption.kind);
    });
    assert!(!watch.still_holds(|k| matches!(k, EventKind::ServerSaturated { .. })), "saturation cleared");
    assert!(kinds.contains(&Kind::Recovered), "recovery is told: {kinds:?}");
    assert_eq!(watch.shown.kind, Kind::Status, "then the status: {:?}", watch.shown);
}

#[test]
fn saturation_that_comes_and_goes_is_told_truly_at_every_look() {
    let config = WorldConfig { arrival_rate: 40.0, algorithm: Algorithm::Random, ..WorldConfig::default() };
    let mut watch = Watch::new(config);
    let mut kinds = Vec::new();
    watch.run_to(60 * SECOND, |caption, world| {
        saturation_is_true(caption, world);
        kinds.push(caption.kind);
    });
    assert!(kinds.contains(&Kind::Saturated) && kinds.contains(&Kind::Recovered), "{kinds:?}");
}

#[test]
fn switching_autoscaling_is_told_while_the_setting_stands() {
    let mut watch = Watch::default();
    let caption = watch.apply(Command::SetAutoscaling(true));
    assert_eq!(caption.kind, Kind::Autoscaling);
    assert!(caption.technical.contains("keep servers 70% busy"), "{caption:?}");
    assert!(caption.technical.contains("new servers boot for 5 s"), "{caption:?}");
    let caption = watch.apply(Command::SetTargetUtilization(0.5));
    assert!(caption.technical.contains("keep servers 50% busy"), "the newer setting: {caption:?}");
    let caption = watch.apply(Command::SetAutoscaling(false));
    assert!(caption.technical.starts_with("Autoscaling off; 2 servers"), "{caption:?}");
    let caption = watch.run_for(BRIEFLY + SECOND);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

#[test]
fn an_autoscaling_decision_is_told_with_its_servers_until_it_is_no_longer_in_effect() {
    let autoscale = AutoscaleConfig { enabled: true, target_utilization: 0.5, ..AutoscaleConfig::default() };
    let mut watch = Watch::new(WorldConfig { arrival_rate: 34.0, autoscale, ..WorldConfig::default() });
    let (decided, from, to) = loop {
        watch.run_for(LOOK_EVERY);
        let decision = watch.world.events().iter().find_map(|e| match e.kind {
            EventKind::Autoscaled { from, to, .. } => Some((e.time, from, to)),
            _ => None,
        });
        if let Some(decision) = decision {
            break decision;
        }
        assert!(watch.world.now() < 30 * SECOND, "the autoscaler scales out after its first 20 s window");
    };
    let caption = watch.look();
    assert_eq!(caption.kind, Kind::Autoscaled, "its booting servers are part of it: {caption:?}");
    let told = format!("so {from} → {to} servers; {} still booting.", servers(to - from));
    assert!(caption.technical.contains(&told), "{told} in {caption:?}");
    assert!(caption.technical.contains("against a 50% target"), "{caption:?}");
    watch.run_to(decided + 5 * SECOND + LOOK_EVERY, |_, _| {});
    let caption = watch.look();
    assert_eq!(caption.kind, Kind::Autoscaled, "{caption:?}");
    let now = format!("{to} servers can serve about {} req/s.", 20 * to);
    assert!(caption.technical.ends_with(&now), "once they are up, the numbers now: {caption:?}");
    let caption = watch.apply(Command::SetAutoscaling(false));
    assert_eq!(caption.kind, Kind::Autoscaling);
    assert!(!watch.still_holds(|k| matches!(k, EventKind::Autoscaled { .. })), "autoscaling is off");
    let caption = watch.run_for(BRIEFLY + SECOND);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

#[test]
fn an_autoscaling_decision_gives_way_once_the_servers_differ_from_it() {
    let autoscale = AutoscaleConfig { enabled: true, target_utilization: 0.5, ..AutoscaleConfig::default() };
    let mut watch = Watch::new(WorldConfig { arrival_rate: 34.0, autoscale, ..WorldConfig::default() });
    while !watch.world.events().iter().any(|e| matches!(e.kind, EventKind::Autoscaled { .. })) {
        watch.run_for(LOOK_EVERY);
    }
    assert!(watch.still_holds(|k| matches!(k, EventKind::Autoscaled { .. })));
    watch.apply(small());
    assert!(!watch.still_holds(|k| matches!(k, EventKind::Autoscaled { .. })), "5 servers, not 4");
}

#[test]
fn the_paused_text_shows_only_while_paused_and_with_nothing_else_to_tell() {
    let mut watch = Watch::default();
    let status = watch.look();
    let paused = on_screen(Some(&status), true);
    assert_eq!(paused.kind, Kind::Paused);
    assert_eq!(paused.plain, PAUSED);
    assert_eq!(paused.technical, status.technical, "the load now, still true while paused");
    assert_eq!(on_screen(Some(&status), false), status, "once playing, never the paused text");
    assert_eq!(on_screen(None, true).plain, PAUSED);
    assert_eq!(on_screen(None, false).plain, WELCOME);
    let added = watch.apply(small());
    assert_eq!(on_screen(Some(&added), true), added, "an event to tell wins over the paused text");
    for caption in [status, added] {
        let shown = on_screen(Some(&caption), false);
        assert!(!shown.plain.contains("paused") && !shown.technical.contains("paused"), "{shown:?}");
    }
}

#[test]
fn a_steady_world_does_not_chatter() {
    let mut watch = Watch::default();
    watch.run_for(30 * SECOND);
    assert_eq!(watch.changes, 1, "only the first caption, though every snapshot's numbers moved");
}

#[test]
fn a_jammed_world_does_not_chatter() {
    let mut watch = Watch::new(WorldConfig { arrival_rate: 500.0, ..WorldConfig::default() });
    watch.run_for(30 * SECOND);
    assert!(watch.changes <= 4, "{} changes in 120 looks", watch.changes);
}

#[test]
fn an_autoscaler_closing_lanes_is_told_as_one_decision() {
    let autoscale = AutoscaleConfig { enabled: true, ..AutoscaleConfig::default() };
    let four = vec![ServerSpec::preset(ServerSize::Small); 4];
    let mut watch =
        Watch::new(WorldConfig { arrival_rate: 5.0, servers: four, autoscale, ..WorldConfig::default() });
    let mut told = Vec::new();
    watch.run_to(26 * SECOND, |caption, world| {
        if world.events().iter().any(|e| matches!(e.kind, EventKind::Autoscaled { .. })) {
            told.push(caption.clone());
        }
    });
    let decision = watch.last_event(|k| matches!(k, EventKind::Autoscaled { .. }));
    let EventKind::Autoscaled { from: 4, to, .. } = decision.kind else { panic!("{decision:?}") };
    assert!(to < 4);
    assert!(!told.is_empty());
    for caption in &told {
        assert_eq!(
            caption.kind,
            Kind::Autoscaled,
            "its draining and leaving servers are part of it: {caption:?}"
        );
        assert!(caption.plain.contains("closes lanes"), "{caption:?}");
    }
    let last = told.last().unwrap();
    let up = watch.world.snapshot().up_servers();
    let now = format!("{} can serve about {} req/s.", servers(up), 20 * up);
    assert!(last.technical.ends_with(&now), "the servers up now: {last:?}");
}

#[test]
fn a_crash_is_told_until_it_is_caught_and_a_restore_until_the_server_is_back() {
    let three = vec![ServerSpec::preset(ServerSize::Small); 3];
    let mut watch = Watch::new(WorldConfig { arrival_rate: 30.0, servers: three, ..WorldConfig::default() });
    watch.run_for(3 * SECOND);
    let caption = watch.apply(Command::CrashServer(ServerId(1)));
    assert_eq!(caption.kind, Kind::Crashed, "{caption:?}");
    assert!(caption.plain.contains("absent"), "{caption:?}");
    assert!(caption.technical.contains("Server 1 crashed"), "{caption:?}");
    // It holds while the balancer still sends the server requests, then gives way to detection.
    let caption = watch.run_to(watch.world.now() + 10 * SECOND, |caption, world| {
        if world.routable().contains(&ServerId(1)) {
            assert_eq!(caption.kind, Kind::Crashed, "{caption:?}");
        }
    });
    assert_eq!(caption.kind, Kind::Detected, "{caption:?}");
    assert!(caption.technical.contains("out of rotation"), "{caption:?}");
    let caption = watch.apply(Command::RestoreServer(ServerId(1)));
    assert_eq!(caption.kind, Kind::Restored, "{caption:?}");
    let caption = watch.run_to(watch.world.now() + 12 * SECOND, |_, _| {});
    assert_eq!(caption.kind, Kind::Rejoined, "{caption:?}");
    assert!(caption.technical.contains("back in rotation"), "{caption:?}");
    let caption = watch.run_for(BRIEFLY + SECOND);
    assert_eq!(caption.kind, Kind::Status, "{caption:?}");
}

#[test]
fn a_retry_storm_is_told_while_it_lasts() {
    use ds_playground::sim::RetryConfig;
    // Two small servers (40 req/s) at 80 req/s with three tries and no budget: the turned-away
    // half comes back again and again.
    let retries = RetryConfig { max_attempts: 3, budget: 1.0 };
    let mut watch = Watch::new(WorldConfig { arrival_rate: 80.0, retries, ..WorldConfig::default() });
    let mut told = false;
    watch.run_to(20 * SECOND, |caption, world| {
        if caption.kind == Kind::RetryStorm {
            told = true;
            assert!(world.retry_storm(), "a storm caption while no storm: {caption:?}");
            assert!(caption.technical.contains("retry budget caps this"), "{caption:?}");
        }
    });
    assert!(told, "the storm was never told");
    // With no traffic at all the storm is over, and its caption gives way.
    watch.apply(Command::SetArrivalRate(0.0));
    let caption = watch.run_for(30 * SECOND);
    assert!(!watch.world.retry_storm());
    assert_ne!(caption.kind, Kind::RetryStorm, "{caption:?}");
}
