//! Every server as a row of numbers, with a sparkline of its last minute: the same facts as the
//! stage, in a form a screen reader can walk and a learner can compare. Columns have fixed
//! widths, so rows keep their place as numbers change; a server removed a moment ago stays as a
//! row marked "leaving" until it leaves the stage.

use yew::prelude::*;

use crate::sim::snapshot::ServerView;
use crate::sim::ServerStatus;

use super::chart::{points, Frame};
use super::server_node::state_words;
use crate::format::{count, percent};

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

/// A table of the servers.
pub fn server_table(props: &ServerTableProps) -> Html {
    html! {
        <section class="server-table" aria-labelledby="server-table-title">
            <h3 id="server-table-title">{"Servers"}</h3>
            <p id="server-table-coverage" class="coverage">
                {"Busy and queue: now · utilization: last simulated second · served and dropped: since the start · last minute: utilization (solid) and queue length (dashed), one point a second"}
            </p>
            // On a narrow screen the table scrolls sideways: a keyboard can reach and scroll it.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="server-table-title">
                <table aria-labelledby="server-table-title" aria-describedby="server-table-coverage">
                    <colgroup>
                        <col class="col-server" /><col class="col-state" /><col class="col-busy" />
                        <col class="col-queue" /><col class="col-util" /><col class="col-count" />
                        <col class="col-count" /><col class="col-spark" />
                    </colgroup>
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
                <svg class="spark" viewBox={format!("0 0 {SPARK_W} {SPARK_H}")} aria-hidden="true">
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
