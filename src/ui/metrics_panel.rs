//! The numbers: throughput, counts, latency percentiles and utilization, with units, and the
//! three charts of the last simulated minute.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::metrics::WINDOW_SECONDS;
use crate::sim::time::to_secs;
use crate::sim::Snapshot;

use super::chart::{Chart, Line, Unit};
use super::format::{count, millis, percent, rate};
use super::server_table::ServerTable;

/// Props of [`MetricsPanel`].
#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    /// The world as last published.
    pub snapshot: Rc<Snapshot>,
}

/// Live metrics and charts.
#[function_component(MetricsPanel)]
pub fn metrics_panel(props: &MetricsPanelProps) -> Html {
    let s = &props.snapshot;
    let up = s.up_servers();
    let booting = s.servers.len() - up;
    let mean_util = s.series.last().map_or(0.0, |p| p.utilization);
    let reasons = s
        .dropped
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| format!("{} {}", count(*n), r.slug().replace('-', " ")))
        .collect::<Vec<_>>()
        .join(", ");
    let series = |f: fn(&crate::sim::metrics::SeriesPoint) -> f64| s.series.iter().map(f).collect::<Vec<_>>();
    html! {
        <section class="metrics" aria-label="Metrics">
            <dl class="numbers">
                <div><dt>{"Throughput"}</dt><dd><span id="metric-throughput">{ rate(s.throughput) }</span>{" req/s"}</dd></div>
                <div><dt>{"Served"}</dt><dd id="metric-served">{ count(s.served) }</dd></div>
                <div><dt>{"Dropped"}</dt><dd><span id="metric-dropped">{ count(s.dropped_total()) }</span>
                    if !reasons.is_empty() { <small>{ format!(" ({reasons})") }</small> }</dd></div>
                <div><dt>{"In flight"}</dt><dd id="metric-in-flight">{ count(s.in_flight) }</dd></div>
                <div><dt>{"Latency p50"}</dt><dd id="metric-p50">{ millis(s.latency.p50_ms) }</dd></div>
                <div><dt>{"Latency p95"}</dt><dd id="metric-p95">{ millis(s.latency.p95_ms) }</dd></div>
                <div><dt>{"Latency p99"}</dt><dd id="metric-p99">{ millis(s.latency.p99_ms) }</dd></div>
                <div><dt>{"Servers up"}</dt><dd><span id="metric-servers">{ up }</span>
                    if booting > 0 { <small>{ format!(" (+{booting} booting or draining)") }</small> }</dd></div>
                <div><dt>{"Capacity"}</dt><dd>{ format!("{} req/s", rate(s.capacity)) }</dd></div>
                <div><dt>{"Utilization"}</dt><dd id="metric-utilization">{ percent(mean_util) }</dd></div>
                <div><dt>{"Algorithm"}</dt><dd id="metric-algorithm">{ s.algorithm.name() }</dd></div>
                <div><dt>{"Simulated time"}</dt><dd id="metric-time">{ format!("{:.1} s", to_secs(s.now)) }</dd></div>
            </dl>
            <p class="hint">{ format!("Latency and throughput over the last {WINDOW_SECONDS} simulated seconds.") }</p>
            <div class="charts">
                <Chart title="Requests per second" unit={Unit::PerSecond} lines={vec![
                    Line { name: "served", class: "served", values: series(|p| p.served as f64) },
                    Line { name: "dropped", class: "dropped", values: series(|p| p.dropped as f64) },
                ]} />
                <Chart title="Latency" unit={Unit::Millis} lines={vec![
                    Line { name: "p50", class: "p50", values: series(|p| p.latency.p50_ms) },
                    Line { name: "p95", class: "p95", values: series(|p| p.latency.p95_ms) },
                    Line { name: "p99", class: "p99", values: series(|p| p.latency.p99_ms) },
                ]} />
                <Chart title="Utilization and servers" unit={Unit::Plain} lines={vec![
                    Line { name: "busy %", class: "utilization", values: series(|p| p.utilization * 100.0) },
                    Line { name: "servers", class: "servers", values: series(|p| p.servers as f64) },
                ]} />
            </div>
            <ServerTable servers={s.servers.clone()} />
        </section>
    }
}
