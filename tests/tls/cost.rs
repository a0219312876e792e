//! What TLS costs, through the headless runner: each handshake adds its round trips (twice the
//! clients' 60 ms link each) and the terminator's CPU to a user's latency, a kept-alive
//! connection adds only the record CPU, end-to-end TLS makes every server work longer per
//! request, and a flood of full handshakes loads the terminator.

use ds_playground::sim::report::Report;

use super::common::{quiet, report};

/// Simulated seconds each run lasts.
const SECONDS: u64 = 60;

/// The quiet world with the `tls` block `tls` (none if empty), run for [`SECONDS`].
fn with_tls(tls: &str) -> Report {
    let more = if tls.is_empty() { String::new() } else { format!(r#""tls": {tls}"#) };
    report(&quiet(1, &more), SECONDS)
}

/// The latency a run's TLS added to the mean, against the same world without TLS, in ms.
fn added(tls: &str) -> (f64, Report) {
    let off = with_tls("").latency_ms.mean;
    let on = with_tls(tls);
    (on.latency_ms.mean - off, on)
}

#[test]
fn without_tls_every_request_takes_its_links_and_service() {
    let off = with_tls("");
    assert!((off.latency_ms.mean - 170.0).abs() < 1e-6, "{:?}", off.latency_ms);
    assert!(off.tls.is_none(), "no tls report without TLS");
}

#[test]
fn a_full_tls_1_3_handshake_adds_one_round_trip_and_its_cpu() {
    let (added, on) = added(r#"{"mode": "edge", "version": "1.3", "resumption": false, "keepalive_s": 0}"#);
    let tls = on.tls.as_ref().expect("a tls report");
    eprintln!("TLS 1.3 full handshake on every request: mean latency +{added:.3} ms (120 ms round trip + 1.02 ms CPU)");
    assert!((added - 121.02).abs() < 1e-3, "{added}");
    assert_eq!((tls.mode, tls.version), ("edge", "1.3"));
    assert_eq!((tls.full_handshakes, tls.resumed_handshakes, tls.reused_connections), (on.arrived, 0, 0));
    assert!((tls.handshake_ms_mean - 121.02).abs() < 1e-9, "{tls:?}");
}

#[test]
fn a_resumed_tls_1_3_handshake_adds_no_round_trip() {
    let (added, on) = added(r#"{"mode": "edge", "version": "1.3", "resumption": true, "keepalive_s": 0}"#);
    let tls = on.tls.as_ref().expect("a tls report");
    // Each of the 10 users makes one full handshake; every later connection resumes with 0-RTT.
    assert_eq!(tls.full_handshakes, 10, "{tls:?}");
    assert_eq!(tls.resumed_handshakes, on.arrived - 10);
    let expected = (10.0 * 121.02 + tls.resumed_handshakes as f64 * 0.12) / on.arrived as f64;
    eprintln!(
        "TLS 1.3 resumed (0-RTT) on every new connection: mean latency +{added:.3} ms ({} resumed at 0.12 ms CPU, \
         10 first full handshakes)",
        tls.resumed_handshakes
    );
    assert!((added - expected).abs() < 0.05, "{added} against {expected}");
    assert!((tls.handshake_ms_mean - expected).abs() < 1e-9, "{tls:?}");
    assert!(added < 2.0, "no round trip per resumed connection: {added}");
}

#[test]
fn a_full_tls_1_2_handshake_adds_two_round_trips_and_a_resumed_one_one() {
    let (full, _) = added(r#"{"mode": "edge", "version": "1.2", "resumption": false, "keepalive_s": 0}"#);
    eprintln!(
        "TLS 1.2 full handshake on every request: mean latency +{full:.3} ms (2 × 120 ms + 1.02 ms CPU)"
    );
    assert!((full - 241.02).abs() < 1e-3, "{full}");
    let (resumed, on) = added(r#"{"mode": "edge", "version": "1.2", "keepalive_s": 0}"#);
    let tls = on.tls.expect("a tls report");
    let expected = (10.0 * 241.02 + tls.resumed_handshakes as f64 * 120.12) / on.arrived as f64;
    eprintln!(
        "TLS 1.2 abbreviated (resumed) handshakes: mean latency +{resumed:.3} ms (120 ms + 0.12 ms CPU each)"
    );
    assert!((resumed - expected).abs() < 0.05, "{resumed} against {expected}");
}

#[test]
fn a_kept_alive_connection_pays_only_for_its_records() {
    // 10 users each send about 2 requests a second: almost always within the 5 s keep-alive.
    let (added, on) = added(r#"{"mode": "edge"}"#);
    let tls = on.tls.expect("a tls report");
    eprintln!(
        "TLS 1.3 with 5 s keep-alive: mean latency +{added:.3} ms; {} full, {} resumed, {} reused",
        tls.full_handshakes, tls.resumed_handshakes, tls.reused_connections
    );
    assert!(tls.reused_connections as f64 > 0.95 * on.arrived as f64, "{tls:?}");
    assert!(added < 1.5, "{added}");
    assert!((added - tls.handshake_ms_mean).abs() < 0.05, "{added} against {tls:?}");
}

/// The servers' mean utilization in a run.
fn utilization(report: &Report) -> f64 {
    report.servers.iter().map(|s| s.utilization).sum::<f64>() / report.servers.len() as f64
}

#[test]
fn end_to_end_tls_makes_every_server_decrypt_each_request() {
    // A record costs 1 ms here, against 10 ms of service: each server works 10% longer.
    let edge = with_tls(r#"{"mode": "edge", "record_cpu_ms": 1}"#);
    let end_to_end = with_tls(r#"{"mode": "end-to-end", "record_cpu_ms": 1}"#);
    let (a, b) = (utilization(&edge), utilization(&end_to_end));
    eprintln!("server utilization: edge {a:.5}, end-to-end {b:.5}, ratio {:.4} (1 + 1 ms / 10 ms)", b / a);
    assert!((b / a - 1.1).abs() < 0.01, "{a} → {b}");
    assert!(
        (end_to_end.latency_ms.mean - edge.latency_ms.mean - 1.0).abs() < 0.01,
        "the server's 1 ms shows"
    );
    assert_eq!(end_to_end.tls.expect("a tls report").mode, "end-to-end");
}

/// The attack examples' world (4 small servers, 40 users' requests a second), with TLS at the
/// edge, and an HTTP flood if `flood`.
fn terminator(flood: bool) -> Report {
    let attack =
        if flood { r#", "attack": {"type": "http-flood", "bots": 20, "rate_per_bot": 25}"# } else { "" };
    let text = format!(
        r#"{{"seed": 4, "arrival_rate": 40, "servers": [{{"size": "small", "count": 4}}],
            "edge": {{"connection_slots": 1024, "uplink_mbps": 100}}, "tls": {{"mode": "edge"}}{attack}}}"#
    );
    report(&text, 30)
}

#[test]
fn a_flood_of_full_handshakes_loads_the_terminator() {
    let calm = terminator(false).tls.expect("a tls report");
    let flooded = terminator(true);
    let attack = flooded.attack.sent;
    let tls = flooded.tls.expect("a tls report");
    eprintln!(
        "terminator utilization: {:.4} for the users alone, {:.4} under an HTTP flood of {attack} requests \
         ({:.1} CPU-seconds of TLS in 30 s)",
        calm.terminator_utilization, tls.terminator_utilization, tls.cpu_seconds
    );
    // Every flood request is a full handshake: 500 a second at 1.02 ms over 4 cores, about 13%.
    assert!(tls.full_handshakes >= attack, "{tls:?}");
    assert!((0.10..0.16).contains(&tls.terminator_utilization), "{tls:?}");
    assert!(tls.terminator_utilization > 10.0 * calm.terminator_utilization, "{calm:?} → {tls:?}");
    assert!(tls.cpu_seconds > attack as f64 * 0.00102 * 0.99, "{tls:?}");
}
