//! The numbers and charts: cards grouped by the span of time they cover, the charts of the last
//! simulated minute, the table of servers and, with a database, the table of its nodes.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::Snapshot;

use super::cards::{card_groups, Cards};
use super::chart::Chart;
use super::database_table::DatabaseTable;
use super::minute_charts::minute_charts;
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
    html! {
        <section class="metrics" aria-label="Metrics">
            <Cards groups={card_groups(s)} />
            <div class="charts">
                { for minute_charts(s).into_iter().map(|chart| html! { <Chart ..chart /> }) }
            </div>
            <ServerTable servers={s.servers.clone()} />
            if let Some(db) = s.database.clone() {
                <DatabaseTable {db} />
            }
        </section>
    }
}
