//! The database's failure controls: synchronous or asynchronous replication, a crash or restore
//! button for each node named by its role, and where the failover stands.

use std::sync::atomic::{AtomicUsize, Ordering};

use yew::prelude::*;

use crate::sim::command::NodeRef;
use crate::sim::database::{DatabaseView, NodeView};
use crate::sim::storage::Replication;
use crate::sim::time::Micros;
use crate::sim::Command;

use super::button::guarded_button;
use super::database_table::role;
use super::database_words::{failover_line, lag};
use super::send::send;

/// Counts the replication radio groups made, so each has a name of its own: radios that share
/// a name form one group across the whole document, even in different apps.
static GROUPS: AtomicUsize = AtomicUsize::new(0);

/// A name for the replication radio group of its own, made once.
#[hook]
pub fn use_replication_group() -> std::rc::Rc<String> {
    use_memo((), |_| format!("replication-{}", GROUPS.fetch_add(1, Ordering::Relaxed)))
}

/// Props of [`database_controls`].
#[derive(Properties, PartialEq)]
pub struct DatabaseControlsProps {
    /// The database tier as last published.
    pub db: DatabaseView,
    /// Simulated time of the snapshot the tier was taken from, in microseconds.
    pub now: Micros,
    /// Sends a command to the world.
    pub oncommand: Callback<Command>,
}

/// What a replication mode means for the learner, in a sentence; `delay` is the replication lag.
fn replication_help(mode: Replication, delay: Micros) -> String {
    match mode {
        Replication::Async => format!(
            "Asynchronous: a write is confirmed once the primary has it; replicas get it {} later, so a \
             failover can lose the latest writes.",
            lag(delay)
        ),
        Replication::Sync => {
            "Synchronous: a write is confirmed once a replica has it too, so a failover loses \
                              nothing; writes wait a round trip, and fail while no replica is in step."
                .to_string()
        }
    }
}

/// Why a node that lost its data and is still down has no restore button to press: it comes back
/// by itself once a disk of its is replaced (`None` for any other node).
fn emptied_note(n: &NodeView) -> Option<String> {
    (n.emptied && !n.up)
        .then(|| format!("Node {} lost its data: it comes back, empty, once a disk is replaced.", n.id.0))
}

/// The node's button: crash it while it runs, restore it once down. Its text names the node and
/// its role, such as "Crash primary node 0".
fn node_button(n: &NodeView, oncommand: &Callback<Command>) -> Html {
    let node = NodeRef::Node(n.id);
    let (text, command) = if n.up {
        (format!("Crash {} node {}", role(n.role), n.id.0), Command::CrashDatabase(node))
    } else {
        (format!("Restore {} node {}", role(n.role), n.id.0), Command::RestoreDatabase(node))
    };
    guarded_button(format!("db-node-{}", n.id.0), text, "why-db", emptied_note(n), send(oncommand, command))
}

/// Replication, node crashes and restores, and the failover state; `group` names the
/// replication radio group (see [`use_replication_group`]).
pub fn database_controls(props: &DatabaseControlsProps, group: &str) -> Html {
    let db = &props.db;
    let mode = |m: Replication, id: &'static str, name: &'static str| {
        let onchange = props.oncommand.reform(move |_: Event| Command::SetReplication(m));
        html! {
            <span class="choice">
                <input type="radio" id={id} name={group.to_string()} checked={db.replication == m} {onchange}
                    aria-describedby="replication-help" />
                <label for={id}>{ name }</label>
            </span>
        }
    };
    let why: Vec<String> = db.nodes.iter().filter_map(emptied_note).collect();
    html! {
        <fieldset class="database-controls">
            <legend>{"Database"}</legend>
            <div class="control-row" role="radiogroup" aria-labelledby="replication-label">
                <span id="replication-label">{"Replication"}</span>
                { mode(Replication::Async, "replication-async", "asynchronous") }
                { mode(Replication::Sync, "replication-sync", "synchronous") }
            </div>
            <p class="hint" id="replication-help">{ replication_help(db.replication, db.replication_lag) }</p>
            { for db.nodes.iter().map(|n| node_button(n, &props.oncommand)) }
            <p class="why" id="why-db">{ why.join(" ") }</p>
            <p class="failover" id="db-failover">{ failover_line(db, props.now) }</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MILLISECOND;

    #[test]
    fn each_mode_says_what_a_failover_costs() {
        let help = replication_help(Replication::Async, 200 * MILLISECOND);
        assert!(help.contains("200 ms later") && help.contains("lose the latest"), "{help}");
        assert!(replication_help(Replication::Sync, 0).contains("loses nothing"));
    }
}
