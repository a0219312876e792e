//! The number cards, grouped by the span of time they cover (the last 10 simulated seconds,
//! since the start, the database since the start when the world has one, now). Every card has the same shape, a label, a value and a second line that
//! is always there, so nothing moves when the numbers change.

use yew::prelude::*;

use crate::sim::database::DatabaseView;
use crate::sim::metrics::{SeriesPoint, WINDOW_SECONDS};
use crate::sim::time::to_secs;
use crate::sim::{FailReason, Snapshot};

use super::database_words::{lag, lost_detail, stale_share};

use crate::format::{count, millis, percent, rate, seconds};

/// One number card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Element id of the value, which tests and scripts read, such as "metric-throughput".
    pub id: &'static str,
    /// What it is, such as "Throughput".
    pub label: &'static str,
    /// The value as written, such as "33.9", "75%" or "250 ms".
    pub value: String,
    /// Unit written after the value, such as "req/s"; empty when the value carries its own.
    pub unit: &'static str,
    /// The second line: a breakdown or context. When too long for the card it ends in an
    /// ellipsis, and the whole line is in its title.
    pub detail: String,
    /// Whether it takes two columns (for long values and breakdowns).
    pub wide: bool,
}

impl Card {
    /// The value with its unit, such as "33.9 req/s".
    pub fn text(&self) -> String {
        if self.unit.is_empty() {
            self.value.clone()
        } else {
            format!("{} {}", self.value, self.unit)
        }
    }
}

/// Cards that cover the same span of time, under a heading that says which.
#[derive(Clone, Debug, PartialEq)]
pub struct CardGroup {
    /// The span they cover, such as "Last 10 simulated seconds".
    pub heading: String,
    /// Its cards, in reading order.
    pub cards: Vec<Card>,
}

/// Mean served requests per second over the last 10 simulated seconds (the throughput card and
/// the "served" legend).
pub fn mean_served(s: &Snapshot) -> f64 {
    s.recent_mean(|p| p.served as f64)
}

/// Mean dropped requests per second over the last 10 simulated seconds (the drop rate card and
/// the "dropped" legend).
pub fn mean_dropped(s: &Snapshot) -> f64 {
    s.recent_mean(|p| p.dropped as f64)
}

/// Mean failed requests per second over the last 10 simulated seconds (the requests chart's
/// legend).
pub fn mean_failed(s: &Snapshot) -> f64 {
    s.recent_mean(|p| p.failed as f64)
}

/// Mean requests blocked at the edge per second over the last 10 simulated seconds.
pub fn mean_blocked(s: &Snapshot) -> f64 {
    s.recent_mean(|p| p.blocked as f64)
}

/// Share of the requests that ended in the last 10 simulated seconds that were served, 0–1
/// (1 when none ended): served over served, dropped, failed and blocked.
pub fn recent_availability(s: &Snapshot) -> f64 {
    let served = mean_served(s);
    let ended = served + mean_dropped(s) + mean_failed(s) + mean_blocked(s);
    if ended > 0.0 {
        served / ended
    } else {
        1.0
    }
}

/// "12 server down · 3 server crashed · 40 retries": failures since the start, by reason, and
/// the retries that tried to save them.
fn fail_reasons(s: &Snapshot) -> String {
    let reasons = by_reason(s.failed.iter().map(|(r, n)| (r.slug(), *n)));
    let retries = format!("{} retries", count(s.retries));
    if reasons.is_empty() {
        retries
    } else {
        format!("{reasons} · {retries}")
    }
}

/// Non-zero counts with their reasons in words, such as "12 queue full · 3 no server" (empty
/// when all are zero).
fn by_reason(counts: impl Iterator<Item = (&'static str, u64)>) -> String {
    counts
        .filter(|(_, n)| *n > 0)
        .map(|(slug, n)| format!("{} {}", count(n), slug.replace('-', " ")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether a failure happened at the database rather than at a server.
fn at_database(reason: FailReason) -> bool {
    matches!(
        reason,
        FailReason::DatabaseDown
            | FailReason::DatabaseCrashed
            | FailReason::DatabaseBusy
            | FailReason::WriteRefused
            | FailReason::KeyDestroyed
    )
}

/// Requests that failed at the database since the start, and "12 database down · 3 write
/// refused" (or "none").
fn database_failures(s: &Snapshot) -> (u64, String) {
    let failed = || s.failed.iter().filter(|(r, _)| at_database(*r));
    let total = failed().map(|(_, n)| n).sum();
    let reasons = by_reason(failed().map(|(r, n)| (r.slug(), *n)));
    (total, if reasons.is_empty() { "none".to_string() } else { reasons })
}

/// The database's cards: writes acknowledged and lost, stale reads and the requests that failed
/// there, all since the start.
fn database_group(s: &Snapshot, db: &DatabaseView) -> CardGroup {
    let card =
        |id, label, value: String, detail: String, wide| Card { id, label, value, unit: "", detail, wide };
    let (failed, reasons) = database_failures(s);
    CardGroup {
        heading: "Database since the start".into(),
        cards: vec![
            card("metric-writes", "Acknowledged", count(db.acknowledged), "writes confirmed".into(), false),
            card("metric-lost", "Writes lost", count(db.lost), lost_detail(db), false),
            card(
                "metric-stale-reads",
                "Stale reads",
                count(s.stale_reads),
                stale_share(s.stale_reads, s.reads),
                false,
            ),
            card("metric-db-failed", "Failed at the database", count(failed), reasons, true),
        ],
    }
}

/// Mean utilization (0–1) over the last 10 simulated seconds (the utilization card and the
/// "busy" legend).
pub fn mean_utilization(s: &Snapshot) -> f64 {
    s.recent_mean(|p: &SeriesPoint| p.utilization)
}

/// "12,345 queue full · 2,345 no server", or "none" when nothing was dropped.
fn drop_reasons(s: &Snapshot) -> String {
    let reasons = by_reason(s.dropped.iter().map(|(r, n)| (r.slug(), *n)));
    if reasons.is_empty() {
        "none".to_string()
    } else {
        reasons
    }
}

/// "1 booting · 0 draining": servers on their way in or out. Servers removed a moment ago and
/// still leaving the stage are neither.
fn changing_servers(s: &Snapshot) -> String {
    let fleet = s.fleet();
    let mut parts = vec![format!("{} booting", fleet.booting), format!("{} draining", fleet.draining)];
    if fleet.rejoining > 0 {
        parts.push(format!("{} rejoining", fleet.rejoining));
    }
    if fleet.down > 0 {
        parts.push(format!("{} down", fleet.down));
    }
    parts.join(" · ")
}

/// `part` as a share of `whole`, such as "12% of those sent", or "none sent" when `whole` is 0.
fn share_of_sent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{} of those sent", percent(part / whole))
    } else {
        "none sent".to_string()
    }
}

/// The cards for snapshot `s`, in three groups: the last 10 simulated seconds, since the
/// start, and now; with a database, a fourth before "now" for its writes, stale reads and
/// failures, and its replication lag among the cards of now.
pub fn card_groups(s: &Snapshot) -> Vec<CardGroup> {
    let card =
        |id, label, value: String, unit, detail: String| Card { id, label, value, unit, detail, wide: false };
    let wide = |card: Card| Card { wide: true, ..card };
    let sent = s.recent_mean(|p| p.arrivals as f64);
    let served = mean_served(s);
    let dropped = mean_dropped(s);
    let latency = s.latency;
    let autoscale = s.autoscale;
    let mut groups = vec![
        CardGroup {
            heading: format!("Last {WINDOW_SECONDS} simulated seconds, all traffic (a botnet's too): means and percentiles"),
            cards: vec![
                card(
                    "metric-throughput",
                    "Throughput",
                    rate(served),
                    "req/s",
                    format!("of {} req/s sent", rate(sent)),
                ),
                card("metric-drop-rate", "Drop rate", rate(dropped), "req/s", share_of_sent(dropped, sent)),
                card(
                    "metric-availability",
                    "Availability",
                    percent(recent_availability(s)),
                    "",
                    "served, of those that ended".into(),
                ),
                card("metric-p50", "Latency p50", millis(latency.p50_ms), "", "half took longer".into()),
                card("metric-p95", "Latency p95", millis(latency.p95_ms), "", "1 in 20 took longer".into()),
                card("metric-p99", "Latency p99", millis(latency.p99_ms), "", "1 in 100 took longer".into()),
                card(
                    "metric-utilization",
                    "Utilization",
                    percent(mean_utilization(s)),
                    "",
                    if autoscale.enabled {
                        format!("target {}", percent(autoscale.target_utilization))
                    } else {
                        "autoscaler off".into()
                    },
                ),
            ],
        },
        CardGroup {
            heading: "Since the start, all traffic (a botnet's too)".into(),
            cards: vec![
                card("metric-served", "Served", count(s.served), "", format!("of {} sent", count(s.arrived))),
                wide(card("metric-dropped", "Dropped", count(s.dropped_total()), "", drop_reasons(s))),
                wide(card("metric-failed", "Failed", count(s.failed_total()), "", fail_reasons(s))),
                card(
                    "metric-blocked",
                    "Blocked",
                    count(s.edge.blocked.iter().map(|(_, users, bots)| users + bots).sum()),
                    "",
                    "by the edge's defences".into(),
                ),
                card(
                    "metric-time",
                    "Simulated time",
                    seconds(to_secs(s.now)),
                    "",
                    "since the run began".into(),
                ),
            ],
        },
        CardGroup {
            heading: "Now".into(),
            cards: vec![
                wide(card(
                    "metric-servers",
                    "Servers up",
                    count(s.fleet().up as u64),
                    "",
                    changing_servers(s),
                )),
                card("metric-capacity", "Capacity", rate(s.capacity), "req/s", "of the servers up".into()),
                card("metric-in-flight", "In flight", count(s.in_flight), "", "not yet answered".into()),
                wide(card(
                    "metric-algorithm",
                    "Algorithm",
                    s.algorithm.name().into(),
                    "",
                    "at the load balancer".into(),
                )),
            ],
        },
    ];
    if let Some(db) = &s.database {
        groups.insert(2, database_group(s, db));
        let replicas_up = db.nodes.iter().any(|n| n.up && n.lag.is_some());
        let lag_detail = if replicas_up { "worst running replica" } else { "no replica running" };
        groups[3].cards.push(card("metric-lag", "Replication lag", lag(db.max_lag()), "", lag_detail.into()));
    }
    groups
}

/// Props of [`cards`].
#[derive(Properties, PartialEq)]
pub struct CardsProps {
    /// The groups to show.
    pub groups: Vec<CardGroup>,
}

/// The card groups, each a labelled list of terms and values.
pub fn cards(props: &CardsProps) -> Html {
    html! {
        <div class="card-groups">
            { for props.groups.iter().enumerate().map(|(i, g)| {
                let heading = format!("cards-heading-{i}");
                html! {
                    <section class="card-group" aria-labelledby={heading.clone()}>
                        <h3 id={heading} class="coverage">{ &g.heading }</h3>
                        <dl class="numbers">{ for g.cards.iter().map(view_card) }</dl>
                    </section>
                }
            }) }
        </div>
    }
}

/// A card: label, value (with its unit) and the second line always there.
pub fn view_card(c: &Card) -> Html {
    html! {
        <div class={classes!("card", c.wide.then_some("wide"))} key={c.id}>
            <dt>{ c.label }</dt>
            <dd class="value" title={c.text()}>
                <span id={c.id}>{ &c.value }</span>
                if !c.unit.is_empty() { <span class="unit">{ format!(" {}", c.unit) }</span> }
            </dd>
            <dd class="detail" title={c.detail.clone()}>{ &c.detail }</dd>
        </div>
    }
}
