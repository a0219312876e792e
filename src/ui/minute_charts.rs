//! The charts of the last simulated minute: requests, latency, utilization and servers, and the
//! replication lag when there is a database. Their legends give the same numbers as the cards,
//! computed the same way.

use crate::sim::metrics::{SeriesPoint, WINDOW_SECONDS};
use crate::sim::Snapshot;

use super::cards::{mean_dropped, mean_failed, mean_served, mean_utilization};
use super::chart::{ChartProps, Line, Span, Unit};
use super::database_words::lag;
use crate::format::{count, millis, percent, rate};

/// The charts for snapshot `s`, in reading order.
pub fn minute_charts(s: &Snapshot) -> Vec<ChartProps> {
    let series = |f: fn(&SeriesPoint) -> f64| s.series.iter().map(f).collect::<Vec<_>>();
    let last = format!("the last {WINDOW_SECONDS} simulated seconds");
    let line = |name, class, values, reading| Line { name, class, values, reading, steps: false };
    let mut utilization =
        vec![line("busy", "utilization", series(|p| p.utilization), percent(mean_utilization(s)))];
    if s.autoscale.enabled {
        let target = s.autoscale.target_utilization;
        utilization.push(line("autoscaler target", "target", vec![target; s.series.len()], percent(target)));
    }
    let mut charts = vec![
        ChartProps {
            span: Span::LastMinute,
            title: "Requests per second",
            unit: Unit::PerSecond,
            lines: vec![
                line(
                    "served",
                    "served",
                    series(|p| p.served as f64),
                    format!("{} req/s", rate(mean_served(s))),
                ),
                line(
                    "dropped",
                    "dropped",
                    series(|p| p.dropped as f64),
                    format!("{} req/s", rate(mean_dropped(s))),
                ),
                line(
                    "failed",
                    "failed",
                    series(|p| p.failed as f64),
                    format!("{} req/s", rate(mean_failed(s))),
                ),
            ],
            readings_cover: format!("means of {last}"),
        },
        ChartProps {
            span: Span::LastMinute,
            title: "Latency",
            unit: Unit::Millis,
            lines: vec![
                line("p50", "p50", series(|p| p.latency.p50_ms), millis(s.latency.p50_ms)),
                line("p95", "p95", series(|p| p.latency.p95_ms), millis(s.latency.p95_ms)),
                line("p99", "p99", series(|p| p.latency.p99_ms), millis(s.latency.p99_ms)),
            ],
            readings_cover: format!("percentiles of {last}"),
        },
        ChartProps {
            span: Span::LastMinute,
            title: "Utilization",
            unit: Unit::Percent,
            lines: utilization,
            readings_cover: if s.autoscale.enabled {
                format!("busy: mean of {last}")
            } else {
                format!("mean of {last}")
            },
        },
        ChartProps {
            span: Span::LastMinute,
            title: "Servers up",
            unit: Unit::Servers,
            lines: vec![Line {
                name: "up",
                class: "servers",
                values: series(|p| p.servers as f64),
                reading: count(s.fleet().up as u64),
                steps: true,
            }],
            readings_cover: "now; the line: at the end of each second".into(),
        },
    ];
    if let Some(db) = &s.database {
        charts.push(ChartProps {
            span: Span::LastMinute,
            title: "Replication lag",
            unit: Unit::Millis,
            lines: vec![line(
                "largest lag",
                "lag",
                series(|p| p.replication_lag as f64 / 1_000.0),
                lag(db.max_lag()),
            )],
            readings_cover: "now, among running replicas; the line: at the end of each second".into(),
        });
    }
    charts
}
