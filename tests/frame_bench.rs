//! Frame-cost benchmark in the browser: prints the script time of one animation frame (advance
//! the world, place the dots, paint the canvas) with 100 servers at 50,000 requests/s, with a
//! database, under a flash crowd, under a botnet's flood, and with the page's world under one;
//! and the wasm memory a long run at the highest arrival rate takes, with servers churning.
//! Run by `scripts/bench.sh`; it prints figures and asserts nothing about time or memory.
#![cfg(target_arch = "wasm32")]

use std::collections::VecDeque;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

use ds_playground::sim::attack::{AttackConfig, AttackKind};
use ds_playground::sim::config::MAX_ARRIVAL_RATE;
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::edge::{DefenceSetting, IdsConfig, RateLimit};
use ds_playground::sim::script::Script;
use ds_playground::sim::storage::StorageConfig;
use ds_playground::sim::time::{from_ms, MILLISECOND, SECOND};
use ds_playground::sim::{Algorithm, Command, ServerId, ServerSize, ServerSpec, World, WorldConfig};
use ds_playground::ui::canvas::paint;
use ds_playground::ui::clock::{advance_within_budget, SIMULATION_BUDGET_MS};
use ds_playground::ui::layout::{Flow, Layout};
use ds_playground::ui::particles::Dots;

wasm_bindgen_test_configure!(run_in_browser);

/// Simulated time per frame at 60 frames a second and 1× speed, in microseconds.
const FRAME: u64 = 16_667;

fn median_and_p95(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[samples.len() * 95 / 100])
}

/// Runs 300 frames of `frame` simulated microseconds each and prints their script time.
fn measure(label: &str, mut world: World, frame: u64) {
    let window = web_sys::window().unwrap();
    let performance = window.performance().unwrap();
    let document = window.document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_attribute("style", "width: 1000px; height: 560px; display: block").unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    let layout = Layout::for_world(&world, Flow::Across);
    let mut dots = Dots::default();
    let mut script = Script::default();
    // Warm up for two simulated seconds so the links are full.
    world.advance_to(2_000 * MILLISECOND);

    let (mut frames, mut snapshots, mut behind) = (Vec::new(), Vec::new(), 0);
    let started = world.now();
    for i in 0..300 {
        let start = performance.now();
        let until = world.now() + frame;
        if !advance_within_budget(&mut world, &mut script, until, SIMULATION_BUDGET_MS, || performance.now())
        {
            behind += 1;
        }
        dots.compute(&world, &layout, from_ms(700.0));
        paint(&canvas, &dots);
        frames.push(performance.now() - start);
        if i % 15 == 0 {
            let start = performance.now();
            std::hint::black_box(world.snapshot());
            snapshots.push(performance.now() - start);
        }
    }
    let simulated = (world.now() - started) as f64 / (300 * frame) as f64;
    let (median, p95) = median_and_p95(frames);
    let (snap_median, _) = median_and_p95(snapshots);
    console_log!(
        "frame script time, {label}: median {median:.2} ms, p95 {p95:.2} ms; {} dots drawn (1 dot = {} requests), \
         {} requests in flight; {behind} of 300 frames hit the time budget ({:.0}% of the asked time simulated); \
         snapshot for the panels: median {snap_median:.2} ms",
        dots.len(),
        dots.per_dot,
        world.in_flight(),
        simulated * 100.0
    );
    assert!(!dots.is_empty(), "the benchmark must draw something");
}

/// 100 servers of 4 workers at 5 ms: 800 req/s each, 80,000 req/s together.
fn hundred_servers(arrival_rate: f64) -> World {
    let spec =
        ServerSpec { workers: 4, mean_service: 5 * MILLISECOND, ..ServerSpec::preset(ServerSize::Large) };
    World::new(WorldConfig {
        arrival_rate,
        algorithm: Algorithm::PowerOfTwo,
        servers: vec![spec; 100],
        ..WorldConfig::default()
    })
}

#[wasm_bindgen_test]
fn frame_cost_with_100_servers_at_50k_requests_per_second() {
    measure("100 servers, 50k req/s, 1x", hundred_servers(50_000.0), FRAME);
}

/// The same 100 servers with a database tier behind them that keeps up: a primary and two
/// replicas of 400 workers each, on two-disk mirrors (every query is drawn on its way there and
/// back).
fn hundred_servers_and_a_database(arrival_rate: f64) -> World {
    let mut config = hundred_servers(arrival_rate).config().clone();
    let storage = StorageConfig { replicas: 2, ..StorageConfig::default() };
    config.database =
        Some(DatabaseConfig { storage, workers: 400, queue_capacity: 4_000, ..DatabaseConfig::default() });
    World::new(config)
}

#[wasm_bindgen_test]
fn frame_cost_with_100_servers_and_a_database_at_50k_requests_per_second() {
    measure("100 servers and a database, 50k req/s, 1x", hundred_servers_and_a_database(50_000.0), FRAME);
}

#[wasm_bindgen_test]
fn frame_cost_under_a_flash_crowd_at_16x() {
    let mut world = hundred_servers(50_000.0);
    world.apply(Command::Burst).unwrap();
    measure("100 servers, 200k req/s flash crowd, 16x", world, 16 * FRAME);
}

/// The 100 servers under an HTTP flood from 200 bots at 50 requests a second each (10,000 more
/// a second, every one drawn from the botnet), with intrusion detection and a rate limit on;
/// the users are 100,000, so each sends half a request a second and neither defence stops them.
#[wasm_bindgen_test]
fn frame_cost_with_a_botnet_on_stage() {
    let mut config = hundred_servers(50_000.0).config().clone();
    config.clients = 100_000;
    let mut world = World::new(config);
    let attack = AttackConfig {
        kind: AttackKind::HttpFlood,
        bots: 200,
        rate_per_bot: 50.0,
        ..AttackConfig::default()
    };
    world.apply(Command::StartAttack(attack)).unwrap();
    let ids = IdsConfig { threshold: 100, auto_block: Some(30 * SECOND) };
    world.apply(Command::SetDefence(DefenceSetting::Ids(Some(ids)))).unwrap();
    let limit = RateLimit { rate: 20, burst: 40 };
    world.apply(Command::SetDefence(DefenceSetting::RateLimit(Some(limit)))).unwrap();
    // Measure from 6 s to 11 s, once nearly every user has been seen: the detector and the
    // limiter hold about 100,000 sources, and forget a tenth of them each second.
    world.advance_to(6 * SECOND);
    measure("100 servers, 50k req/s and a 10k req/s HTTP flood, defences on, 1x", world, FRAME);
}

/// The page's world (two small servers and a database) under an HTTP flood from 200 bots at 50
/// requests a second each, with a rate limit blocking most of it at the edge: the botnet's
/// diamonds and the blocked bars on stage.
#[wasm_bindgen_test]
fn frame_cost_under_a_botnet_of_200_bots_at_50_per_second() {
    let mut world =
        World::new(WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() });
    world
        .apply(Command::StartAttack(AttackConfig {
            bots: 200,
            rate_per_bot: 50.0,
            ..AttackConfig::default()
        }))
        .unwrap();
    world.apply(Command::SetDefence(DefenceSetting::RateLimit(Some(RateLimit::default())))).unwrap();
    measure("the page's world, 200 bots x 50 req/s, rate limited, 1x", world, FRAME);
}

/// The wasm module's linear memory, in MiB (it grows and never shrinks, so this is its peak).
fn wasm_memory_mib() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    let buffer: js_sys::ArrayBuffer = memory.buffer().dyn_into().unwrap();
    buffer.byte_length() as f64 / (1024.0 * 1024.0)
}

/// Simulated seconds of the browser soak (the native one, `cargo bench --bench soak`, runs an hour).
const SOAK_SECONDS: u64 = 120;

/// The native soak's world in the browser: 200,000 requests per simulated second against 32
/// servers of 50 workers at 5 ms, one added (booting first) and the oldest removed every 10
/// simulated seconds. Prints the wasm memory after a 10-second warm-up and at the end; yields to
/// the page between steps so the browser stays responsive.
#[wasm_bindgen_test]
async fn wasm_memory_over_a_soak_at_the_highest_arrival_rate() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let spec = ServerSpec {
        workers: 50,
        mean_service: 5 * MILLISECOND,
        queue_capacity: 500,
        weight: 1,
        ..ServerSpec::preset(ServerSize::Large)
    };
    let mut world = World::new(WorldConfig {
        arrival_rate: MAX_ARRIVAL_RATE,
        algorithm: Algorithm::PowerOfTwo,
        servers: vec![spec.clone(); 32],
        ..WorldConfig::default()
    });
    let mut fleet: VecDeque<ServerId> = (0..32).map(ServerId).collect();
    world.advance_to(10 * SECOND);
    let (start_mib, start_arrived, start) = (wasm_memory_mib(), world.metrics().arrived, performance.now());
    for second in (20..=SOAK_SECONDS).step_by(10) {
        world.advance_to(second * SECOND);
        if second < SOAK_SECONDS {
            fleet.push_back(ServerId(world.servers().len() as u32));
            world.apply(Command::AddServer { spec: spec.clone(), boot: true }).unwrap();
            world.apply(Command::RemoveServer(fleet.pop_front())).unwrap();
        }
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    let wall = (performance.now() - start) / 1e3;
    let requests = world.metrics().arrived - start_arrived;
    console_log!(
        "wasm memory over a soak, {:.0} req/s, 32 servers churning every 10 s: {start_mib:.1} MiB after 10 \
         simulated s, {:.1} MiB after {SOAK_SECONDS} simulated s ({} servers ever added, {} requests in \
         flight); {requests} requests in {wall:.1} s, {:.2} M simulated requests per wall second",
        MAX_ARRIVAL_RATE,
        wasm_memory_mib(),
        world.servers().len(),
        world.in_flight(),
        requests as f64 / wall / 1e6,
    );
}
