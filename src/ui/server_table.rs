//! Every server as a row of numbers, with a sparkline of its last minute: the same facts as the
//! stage, in a form a screen reader can walk and a learner can compare.

use yew::prelude::*;

use crate::sim::snapshot::ServerView;

use super::chart::points;
use super::format::{count, percent};
use super::server_node::state_words;

/// Sparkline width, in SVG user units.
const SPARK_W: f64 = 90.0;
/// Sparkline height, in SVG user units.
const SPARK_H: f64 = 22.0;

/// Props of [`ServerTable`].
#[derive(Properties, PartialEq)]
pub struct ServerTableProps {
    /// The servers on stage, by id.
    pub servers: Vec<ServerView>,
}

/// A table of the servers.
#[function_component(ServerTable)]
pub fn server_table(props: &ServerTableProps) -> Html {
    html! {
        <section class="server-table" aria-label="Servers">
            <table>
                <caption>{"Servers: utilization (solid) and queue length (dashed) over the last minute"}</caption>
                <thead>
                    <tr>
                        <th scope="col">{"Server"}</th>
                        <th scope="col">{"State"}</th>
                        <th scope="col">{"Busy"}</th>
                        <th scope="col">{"Queue"}</th>
                        <th scope="col">{"Utilization"}</th>
                        <th scope="col">{"Served"}</th>
                        <th scope="col">{"Dropped"}</th>
                        <th scope="col">{"Last minute"}</th>
                    </tr>
                </thead>
                <tbody>{ for props.servers.iter().map(row) }</tbody>
            </table>
        </section>
    }
}

fn row(s: &ServerView) -> Html {
    let (symbol, state, _) = state_words(s);
    let utilization: Vec<f64> = s.history.iter().map(|(u, _)| *u).collect();
    let queue: Vec<f64> = s.history.iter().map(|(_, q)| *q as f64).collect();
    let size = (SPARK_W, SPARK_H);
    html! {
        <tr key={s.id.0}>
            <th scope="row">{ format!("S{} · {}", s.id.0, s.size.label()) }</th>
            <td>{ format!("{symbol} {state}") }</td>
            <td>{ format!("{}/{}", s.busy, s.workers) }</td>
            <td>{ format!("{}/{}", s.queue_len, s.queue_capacity) }</td>
            <td>{ percent(s.utilization) }</td>
            <td>{ count(s.served) }</td>
            <td>{ count(s.dropped) }</td>
            <td>
                <svg class="spark" viewBox={format!("0 0 {SPARK_W} {SPARK_H}")} aria-hidden="true">
                    <polyline class="series utilization" points={points(&utilization, 1.0, size)} />
                    <polyline class="series queue" points={points(&queue, s.queue_capacity.max(1) as f64, size)} />
                </svg>
            </td>
        </tr>
    }
}
