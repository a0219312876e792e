//! Every database node as a row of numbers: role, whether it runs, its disks and their
//! rebuilds, the writes it holds, how far it lags and the queries it served. The same facts as
//! the stage, in a table a screen reader can walk; the runner's report takes them from the same
//! view.

use yew::prelude::*;

use crate::sim::database::{DatabaseView, NodeView};
use crate::sim::storage::{DiskState, Role};

use super::database_words::lag;
use super::server_table::{number_table, NumberTable};
use crate::format::{count, percent};

/// Props of [`database_table`].
#[derive(Properties, PartialEq)]
pub struct DatabaseTableProps {
    /// The database tier as last published.
    pub db: DatabaseView,
}

/// The nodes' columns: each one's class (its width in the style sheet) and heading.
const COLUMNS: &[(&str, &str)] = &[
    ("col-node", "Node"),
    ("col-role", "Role"),
    ("col-state", "State"),
    ("col-disks", "Disks healthy"),
    ("col-rebuild", "Rebuild"),
    ("col-count", "Writes held"),
    ("col-lag", "Lag"),
    ("col-count", "Served"),
];

/// A table of the database nodes.
pub fn database_table(props: &DatabaseTableProps) -> Html {
    let table = NumberTable {
        class: "server-table database-table",
        title_id: "database-table-title",
        title: "Database nodes",
        coverage_id: "database-table-coverage",
        coverage: "State, disks, rebuild and lag: now · writes held: acknowledged writes on the node · \
                   served: queries since the start",
        columns: COLUMNS,
    };
    number_table(&table, props.db.nodes.iter().map(row).collect())
}

/// "primary" or "replica".
pub fn role(role: Role) -> &'static str {
    match role {
        Role::Primary => "primary",
        Role::Replica => "replica",
    }
}

/// Whether the node runs, with the stage's symbols: "✓ up", "✕ down", "✕ lost its data" or
/// "↻ catching up (12)".
fn state(n: &NodeView) -> String {
    match (n.up, n.emptied) {
        (false, true) => "✕ lost its data".to_string(),
        (false, false) => "✕ down".to_string(),
        (true, _) if n.catching_up > 0 => format!("↻ catching up ({})", count(n.catching_up as u64)),
        (true, _) => "✓ up".to_string(),
    }
}

/// Healthy disks of all the node's disks, such as "1 of 2".
fn disks(n: &NodeView) -> String {
    format!("{} of {}", n.healthy_disks(), n.disks.len())
}

/// Each rebuilding disk and how far it is, such as "disk 1: 40%", or "—" when none rebuilds.
fn rebuild(n: &NodeView) -> String {
    let rebuilding: Vec<String> = n
        .disks
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d.state, DiskState::Rebuilding { .. }))
        .map(|(i, d)| format!("disk {i}: {}", percent(d.progress.unwrap_or(0.0))))
        .collect();
    if rebuilding.is_empty() {
        "—".to_string()
    } else {
        rebuilding.join(" · ")
    }
}

/// How far a replica is behind the primary, such as "180 ms · 3 writes" or "in step"; "—" for
/// the primary.
fn lag_words(n: &NodeView) -> String {
    match n.lag {
        None => "—".to_string(),
        Some(l) if l.unshipped == 0 => "in step".to_string(),
        Some(l) if l.unshipped == 1 => format!("{} · 1 write", lag(l.oldest)),
        Some(l) => format!("{} · {} writes", lag(l.oldest), count(l.unshipped as u64)),
    }
}

fn row(n: &NodeView) -> Html {
    html! {
        <tr key={n.id.0} class={classes!((!n.up).then_some("down"))}>
            <th scope="row">{ format!("Node {}", n.id.0) }</th>
            <td>{ role(n.role) }</td>
            <td>{ state(n) }</td>
            <td>{ disks(n) }</td>
            <td>{ rebuild(n) }</td>
            <td>{ count(n.writes as u64) }</td>
            <td>{ lag_words(n) }</td>
            <td>{ count(n.served) }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::database::DiskView;
    use crate::sim::storage::{Lag, NodeId};
    use crate::sim::time::MILLISECOND;

    fn node() -> NodeView {
        let healthy = DiskView { state: DiskState::Healthy, progress: None };
        NodeView {
            id: NodeId(1),
            role: Role::Replica,
            up: true,
            emptied: false,
            disks: vec![healthy; 2],
            writes: 1_234,
            lag: Some(Lag::default()),
            catching_up: 0,
            busy: 0,
            queued: 0,
            served: 5,
        }
    }

    #[test]
    fn a_node_row_says_its_state_disks_and_lag() {
        let mut n = node();
        assert_eq!(
            (state(&n), disks(&n), rebuild(&n), lag_words(&n)),
            ("✓ up".into(), "2 of 2".into(), "—".into(), "in step".into())
        );
        n.disks[1] = DiskView { state: DiskState::Rebuilding { started: 0, until: 10 }, progress: Some(0.4) };
        n.lag = Some(Lag { unshipped: 3, oldest: 180 * MILLISECOND });
        n.catching_up = 12;
        assert_eq!(state(&n), "↻ catching up (12)");
        assert_eq!(disks(&n), "1 of 2");
        assert_eq!(rebuild(&n), "disk 1: 40%");
        assert_eq!(lag_words(&n), "180 ms · 3 writes");
        n.lag = Some(Lag { unshipped: 1, oldest: 0 });
        assert_eq!(lag_words(&n), "0.0 ms · 1 write");
        n.up = false;
        assert_eq!(state(&n), "✕ down");
        n.emptied = true;
        assert_eq!(state(&n), "✕ lost its data");
        n.lag = None;
        assert_eq!(lag_words(&n), "—", "the primary does not lag");
        assert_eq!(role(Role::Primary), "primary");
    }
}
