//! Browser tests: the app mounted in headless Chromium, driven through its real controls.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

use ds_playground::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element and lets it render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(300).await;
    root
}

async fn settle(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().unwrap().click();
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn number(root: &Element, selector: &str) -> f64 {
    let text: String = find(root, selector).text_content().unwrap_or_default();
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    digits.parse().unwrap_or_else(|_| panic!("{selector} shows no number: {text:?}"))
}

#[wasm_bindgen_test]
async fn every_control_is_a_labelled_button_or_input() {
    let root = mount().await;
    for id in [
        "play-pause",
        "step",
        "add-server",
        "add-large-server",
        "remove-server",
        "burst",
        "replay",
        "new-run",
        "db-node-0",
        "db-node-1",
    ] {
        let button = find(&root, &format!("button#{id}"));
        assert!(!button.text_content().unwrap_or_default().trim().is_empty(), "button {id} has no text");
    }
    for id in [
        "speed",
        "algorithm",
        "arrival-rate",
        "arrival-rate-exact",
        "autoscale",
        "target-utilization",
        "chaos-mtbf",
        "chaos-disk-mtbf",
        "chaos-disk-mttr",
        "replication-async",
        "replication-sync",
    ] {
        find(&root, &format!("#{id}"));
        assert_eq!(count(&root, &format!("label[for='{id}']")), 1, "#{id} has no label");
    }
    let nodes = root.query_selector_all("g.server-node").unwrap();
    assert_eq!(nodes.length(), 2, "the default world has two servers");
    for i in 0..nodes.length() {
        let node = nodes.item(i).unwrap().dyn_into::<Element>().unwrap();
        let button = find(&node, "[role='button']");
        assert_eq!(button.get_attribute("tabindex").as_deref(), Some("0"), "server nodes are focusable");
        let label = node.get_attribute("aria-label").unwrap_or_default();
        assert!(
            label.starts_with("Server ") && label.contains("workers busy"),
            "label states the state: {label}"
        );
    }
}

#[wasm_bindgen_test]
async fn add_server_button_puts_a_new_server_on_stage() {
    let root = mount().await;
    assert_eq!(count(&root, "g.server-node"), 2);
    click(&root, "#add-server");
    settle(100).await;
    assert_eq!(count(&root, "g.server-node"), 3);
    assert_eq!(number(&root, "#metric-servers"), 3.0);
    click(&root, "#remove-server");
    settle(100).await;
    assert_eq!(number(&root, "#metric-servers"), 2.0, "removal takes the server out of the balancer at once");
}

#[wasm_bindgen_test]
async fn switching_the_algorithm_is_shown_and_explained() {
    let root = mount().await;
    let select = find(&root, "#algorithm").dyn_into::<HtmlSelectElement>().unwrap();
    select.set_value("least-connections");
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
    settle(100).await;
    assert_eq!(find(&root, "#metric-algorithm").text_content().unwrap(), "Least connections");
    let caption = find(&root, "#caption").text_content().unwrap();
    assert!(caption.contains("fewest requests"), "caption explains the algorithm: {caption}");
}

#[wasm_bindgen_test]
async fn traffic_flows_and_pause_freezes_time_until_a_step() {
    let root = mount().await;
    settle(1_500).await;
    assert!(number(&root, "#metric-served") > 0.0, "requests are served within 1.5 s at 1×");
    click(&root, "#play-pause");
    settle(300).await;
    let paused_at = number(&root, "#metric-time");
    settle(400).await;
    assert_eq!(number(&root, "#metric-time"), paused_at, "paused time stands still");
    assert_eq!(find(&root, "#play-pause").text_content().unwrap(), "Play");
    for _ in 0..200 {
        click(&root, "#step");
    }
    settle(100).await;
    assert!(number(&root, "#metric-time") >= paused_at, "stepping never moves time backwards");
    assert!(find(&root, "#particles").tag_name().eq_ignore_ascii_case("canvas"));
}

#[wasm_bindgen_test]
async fn typing_a_rate_is_not_undone_by_the_live_panels() {
    let root = mount().await;
    let input = find(&root, "#arrival-rate-exact").dyn_into::<web_sys::HtmlInputElement>().unwrap();
    assert_eq!(input.value(), "30", "the box shows the rate in force");
    input.focus().unwrap();
    input.set_value("9");
    settle(700).await; // the panels re-render about three times meanwhile
    assert_eq!(input.value(), "9", "half-typed input survives re-renders");
    input.set_value("95");
    input.dispatch_event(&Event::new("change").unwrap()).unwrap();
    input.blur().unwrap();
    settle(100).await;
    let clients = find(&root, ".node.clients").get_attribute("aria-label").unwrap();
    assert!(clients.contains("95"), "the world took the typed rate: {clients}");
}

#[wasm_bindgen_test]
fn the_browser_replays_a_seed_exactly_as_the_native_runner_does() {
    // The same value is pinned natively in tests/determinism.rs: a run in the browser and a run
    // of the headless runner with the same seed take the same steps.
    let scenario =
        ds_playground::sim::scenario::parse(include_str!("../static/scenarios/scale-out.json")).unwrap();
    let report = ds_playground::sim::report::run(&scenario, 10 * ds_playground::sim::time::SECOND);
    assert_eq!((report.arrived, report.digest.as_str()), (610, "36f091d48d35278e"));
    // A long, busy run (hundreds of thousands of exponential draws) agrees too.
    let mut longer = scenario.clone();
    longer.timeline.clear();
    longer.config.arrival_rate = 5_000.0;
    let busy = ds_playground::sim::report::run(&longer, 60 * ds_playground::sim::time::SECOND);
    assert_eq!(busy.digest, BUSY_DIGEST, "{busy:?}");
    // Client hashing's weighted rendezvous scores (a logarithm each) agree as well.
    let mut hashed = scenario.clone();
    hashed.timeline.clear();
    hashed.config.arrival_rate = 2_000.0;
    hashed.config.algorithm = ds_playground::sim::Algorithm::ClientHash;
    let hashed = ds_playground::sim::report::run(&hashed, 30 * ds_playground::sim::time::SECOND);
    assert_eq!((hashed.arrived, hashed.digest.as_str()), (60_056, "9455c08d605db9dc"));
}

/// Digest of the example scenario's world at 5,000 req/s for 60 s, as the native runner prints it.
const BUSY_DIGEST: &str = "52d99417ae76c9a1";

fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().document().unwrap().body().unwrap().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_drive_the_playground_when_no_control_has_focus() {
    let root = mount().await;
    press("+");
    settle(100).await;
    assert_eq!(count(&root, "g.server-node"), 3, "+ adds a server");
    press("4");
    settle(100).await;
    assert_eq!(find(&root, "#metric-algorithm").text_content().unwrap(), "Least connections");
    press(" ");
    settle(100).await;
    assert_eq!(find(&root, "#play-pause").text_content().unwrap(), "Play", "space pauses");
    // A key typed into a field is the field's, not a shortcut.
    let input = find(&root, "#arrival-rate-exact").dyn_into::<HtmlElement>().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("+");
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
    settle(100).await;
    assert_eq!(count(&root, "g.server-node"), 3);
    // The keyboard, like the buttons, stops at the controls' limit of 32 servers.
    for _ in 0..40 {
        press("+");
    }
    settle(200).await;
    assert_eq!(count(&root, "g.server-node"), 32);
    let caption = find(&root, "#caption").text_content().unwrap();
    assert!(caption.contains("stop at 32"), "the learner is told why: {caption}");
}

#[wasm_bindgen_test]
async fn the_database_controls_switch_replication_and_crash_the_primary() {
    let root = mount().await;
    click(&root, "#tab-failures");
    let sync = find(&root, "#replication-sync").dyn_into::<HtmlInputElement>().unwrap();
    assert!(!sync.checked(), "the page's world replicates asynchronously");
    sync.click();
    settle(100).await;
    assert!(sync.checked(), "the radio follows the world");
    let help = find(&root, "#replication-help").text_content().unwrap();
    assert!(help.starts_with("Synchronous"), "the world switched to synchronous: {help}");
    let caption = find(&root, "#caption").text_content().unwrap();
    assert!(caption.contains("Synchronous replication"), "the caption tells it: {caption}");

    assert_eq!(find(&root, "#db-node-0").text_content().unwrap(), "Crash primary node 0");
    click(&root, "#db-node-0");
    settle(300).await;
    assert_eq!(find(&root, "#db-node-0").text_content().unwrap(), "Restore primary node 0");
    let failover = find(&root, "#db-failover").text_content().unwrap();
    assert!(failover.starts_with("Primary node 0 down") && failover.contains("failover in"), "{failover}");
    let row = find(&root, ".database-table tbody tr").text_content().unwrap();
    assert!(row.contains("Node 0") && row.contains("down"), "the table shows the crash: {row}");
    assert_eq!(count(&root, ".database-table thead th[scope='col']"), 8);

    // A bad chaos time is refused with a message, and the box shows the time in force again.
    click(&root, "#chaos");
    settle(100).await;
    let disk_mtbf = find(&root, "#chaos-disk-mtbf").dyn_into::<HtmlInputElement>().unwrap();
    disk_mtbf.set_value("-3");
    disk_mtbf.dispatch_event(&Event::new("change").unwrap()).unwrap();
    settle(100).await;
    assert_eq!(disk_mtbf.value(), "300");
    let why = find(&root, "#why-chaos").text_content().unwrap();
    assert!(why.contains("a disk fails every") && why.contains("stays 300.0 s"), "{why}");
}
