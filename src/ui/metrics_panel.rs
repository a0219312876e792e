//! The numbers and charts: cards grouped by the span of time they cover, the charts of the last
//! simulated minute, the table of servers and, with a database, the table of its nodes.

use yew::prelude::*;

use super::cards::{card_groups, cards, CardsProps};
use super::chart::chart;
use super::database_table::{database_table, DatabaseTableProps};
use super::minute_charts::minute_charts;
use super::server_table::{server_table, ServerTableProps};
use super::shot::Shot;

/// Props of [`metrics_panel`].
#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    /// The world as last published.
    pub snapshot: Shot,
}

/// Live metrics and charts.
pub fn metrics_panel(props: &MetricsPanelProps) -> Html {
    let s = &props.snapshot;
    html! {
        <section class="metrics" aria-label="Metrics">
            { cards(&CardsProps { groups: card_groups(s) }) }
            <div class="charts">
                { for minute_charts(s).iter().map(chart) }
            </div>
            { server_table(&ServerTableProps { servers: s.servers.clone() }) }
            if let Some(db) = s.database.clone() {
                { database_table(&DatabaseTableProps { db }) }
            }
        </section>
    }
}
