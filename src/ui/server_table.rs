//! Every server as a row of numbers, with a sparkline of its last minute: the same facts as the
//! stage, in a form a screen reader can walk and a learner can compare. Columns have fixed
//! widths, so rows keep their place as numbers change; a server removed a moment ago stays as a
//! row marked "leaving" until it leaves the stage.

use yew::prelude::*;

use crate::sim::snapshot::ServerView;
use crate::sim::ServerStatus;

use super::chart::{points, Frame};
use super::server_node::state_words;
use crate::format::{count, number, percent};

/// Sparkline width, in SVG user units.
const SPARK_W: f64 = 90.0;
/// Sparkline height, in SVG user units.
const SPARK_H: f64 = 22.0;
/// Where a sparkline's lines sit: 1 unit in from the top and bottom so strokes are not cut.
const SPARK: Frame = Frame { left: 0.0, right: SPARK_W, top: 1.0, bottom: SPARK_H - 1.0 };

/// Props of [`server_table`].
#[derive(Properties, PartialEq)]
pub struct ServerTableProps {
    /// The servers on stage, by id.
    pub servers: Vec<ServerView>,
}

/// The servers' columns: each one's class (its width in the style sheet) and heading.
const COLUMNS: &[(&str, &str)] = &[
    ("col-server", "Server"),
    ("col-state", "State"),
    ("col-busy", "Busy"),
    ("col-queue", "Queue"),
    ("col-util", "Utilization"),
    ("col-count", "Served"),
    ("col-count", "Dropped"),
    ("col-spark", "Last minute"),
];

/// A table of the servers.
pub fn server_table(props: &ServerTableProps) -> Html {
    let table = NumberTable {
        class: "server-table",
        title_id: "server-table-title",
        title: "Servers",
        coverage_id: "server-table-coverage",
        coverage: "Busy and queue: now · utilization: last simulated second · served and dropped: since the \
                   start · last minute: utilization (solid) and queue length (dashed), one point a second",
        columns: COLUMNS,
    };
    number_table(&table, props.servers.iter().map(row).collect())
}

/// What frames a table of numbers: its heading, what span of time its columns cover, and its
/// columns (each one's class, which sets its width, and heading).
#[derive(Clone, Copy)]
pub(super) struct NumberTable {
    /// Class of the section around it.
    pub class: &'static str,
    /// Element id of the heading, which names the section, the scrolling region and the table.
    pub title_id: &'static str,
    /// The heading.
    pub title: &'static str,
    /// Element id of the coverage line, which describes the table.
    pub coverage_id: &'static str,
    /// What span of time each column covers.
    pub coverage: &'static str,
    /// Each column's class and heading, in order.
    pub columns: &'static [(&'static str, &'static str)],
}

/// A table of numbers under its heading and coverage line, with fixed column widths so rows
/// keep their place as numbers change, and `rows` as its body.
pub(super) fn number_table(table: &NumberTable, rows: Html) -> Html {
    let NumberTable { class, title_id, title, coverage_id, coverage, columns } = *table;
    html! {
        <section {class} aria-labelledby={title_id}>
            <h3 id={title_id}>{ title }</h3>
            <p id={coverage_id} class="coverage">{ coverage }</p>
            // On a narrow screen the table scrolls sideways: a keyboard can reach and scroll it.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby={title_id}>
                <table aria-labelledby={title_id} aria-describedby={coverage_id}>
                    <colgroup>
                        { for columns.iter().map(|(class, _)| html! { <col class={*class} /> }) }
                    </colgroup>
                    <thead>
                        <tr>
                            { for columns.iter().map(|(_, heading)| html! { <th scope="col">{ *heading }</th> }) }
                        </tr>
                    </thead>
                    <tbody>{ rows }</tbody>
                </table>
            </div>
        </section>
    }
}

/// A server's state for its row: the stage's symbol and word, or "leaving" once switched off.
fn state(s: &ServerView) -> String {
    if s.status == ServerStatus::Removed {
        return "✕ leaving".to_string();
    }
    let (symbol, state, _) = state_words(s);
    format!("{symbol} {state}")
}

fn row(s: &ServerView) -> Html {
    let leaving = s.status == ServerStatus::Removed;
    let utilization: Vec<f64> = s.history.iter().map(|(u, _)| *u).collect();
    let queue: Vec<f64> = s.history.iter().map(|(_, q)| *q as f64).collect();
    // A server that has left does no work: its live columns show a dash.
    let live = |text: String| if leaving { "—".to_string() } else { text };
    html! {
        <tr key={s.id.0} class={classes!(leaving.then_some("leaving"))}>
            <th scope="row">{ format!("S{} · {}", s.id.0, s.size.label()) }</th>
            <td>{ state(s) }</td>
            <td>{ live(format!("{}/{}", s.busy, s.workers)) }</td>
            <td>{ live(format!("{}/{}", s.queue_len, s.queue_capacity)) }</td>
            <td>{ live(percent(s.utilization)) }</td>
            <td>{ count(s.served) }</td>
            <td>{ count(s.dropped) }</td>
            <td>
                <svg class="spark" viewBox={format!("0 0 {} {}", number(SPARK_W), number(SPARK_H))} aria-hidden="true">
                    <polyline class="series utilization" points={points(&utilization, (0.0, 1.0), SPARK, false)} />
                    <polyline class="series queue"
                        points={points(&queue, (0.0, s.queue_capacity.max(1) as f64), SPARK, false)} />
                </svg>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{ServerId, ServerSize};

    fn server(status: ServerStatus) -> ServerView {
        ServerView {
            id: ServerId(3),
            size: ServerSize::Small,
            status,
            workers: 2,
            busy: 0,
            queue_len: 0,
            queue_capacity: 20,
            weight: 1,
            utilization: 0.0,
            served: 10,
            served_last_second: 0,
            dropped: 0,
            saturated: false,
            in_rotation: true,
            health_passes: 0,
            history: Vec::new(),
        }
    }

    #[test]
    fn each_state_is_written_and_removed_servers_are_leaving() {
        assert_eq!(state(&server(ServerStatus::Removed)), "✕ leaving");
        assert_eq!(state(&server(ServerStatus::Draining)), "↓ draining");
        assert_eq!(state(&server(ServerStatus::Starting { ready_at: 0 })), "⏻ booting");
        assert_eq!(state(&server(ServerStatus::Up)), "✓ healthy");
    }
}
