//! One database node on the stage: its role, whether it runs, its workers and replication lag,
//! and its mirror's disks, each a button that fails or replaces it; in shape and words as well as
//! colour.

use yew::prelude::*;

use crate::format::{fixed, millis, number, seconds, svg_number};
use crate::sim::command::NodeRef;
use crate::sim::database::{DiskView, NodeView};
use crate::sim::storage::{DiskState, Role};
use crate::sim::time::Micros;
use crate::sim::Command;

use super::layout::{Point, DATABASE_H, DATABASE_W};
use super::send::send;

/// Inner margin of a node glyph, in user units.
const PAD: f64 = 10.0;
/// Height of a disk glyph, in user units.
const DISK_H: f64 = 84.0;
/// Free width between two disk glyphs, in user units.
const DISK_GAP: f64 = 8.0;
/// Widest a disk glyph gets (a node with one disk), in user units.
const DISK_MAX_W: f64 = 96.0;
/// Narrowest disk glyph whose state word ("rebuilding" the longest) fits at full size, in user
/// units; a narrower one squeezes the word to fit.
const ROOMY_DISK_W: f64 = 70.0;

/// The node as captions name it: "the primary (node 0)" or "replica node 1".
pub fn node_name(node: &NodeView) -> String {
    match node.role {
        Role::Primary => format!("the primary (node {})", node.id.0),
        Role::Replica => format!("replica node {}", node.id.0),
    }
}

/// How a disk looks and reads: the class for its state, the word on its glyph, and its
/// percentage while it rebuilds.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskLook {
    /// Class of the glyph: `healthy`, `failed` or `rebuilding`.
    pub class: &'static str,
    /// The word for its state on the glyph.
    pub word: &'static str,
    /// How much of its rebuild is done, 0–1, while it rebuilds.
    pub progress: Option<f64>,
}

/// How `disk` looks. Its words are those its accessible name says, so speech input can name it
/// by what is seen.
pub fn disk_look(disk: &DiskView) -> DiskLook {
    match disk.state {
        DiskState::Healthy => DiskLook { class: "healthy", word: "healthy", progress: None },
        DiskState::Failed => DiskLook { class: "failed", word: "failed", progress: None },
        DiskState::Rebuilding { .. } => {
            DiskLook { class: "rebuilding", word: "rebuilding", progress: Some(disk.progress.unwrap_or(0.0)) }
        }
    }
}

/// What pressing disk `index` of `node` does: a failed disk is replaced, any other fails.
pub fn disk_command(node: &NodeView, index: usize) -> Command {
    let node_ref = NodeRef::Node(node.id);
    match node.disks.get(index).map(|d| d.state) {
        Some(DiskState::Failed) => Command::ReplaceDisk { node: node_ref, disk: index },
        _ => Command::FailDisk { node: node_ref, disk: index },
    }
}

/// The accessible name of disk `index` of `node`: which disk, its state in words, and what
/// pressing it does, such as "Disk 1 of the primary (node 0), rebuilding, 40%. Press to fail it".
pub fn disk_label(node: &NodeView, index: usize) -> String {
    let Some(disk) = node.disks.get(index) else { return String::new() };
    let state = match disk.state {
        DiskState::Healthy => "healthy".to_string(),
        DiskState::Failed => "failed".to_string(),
        DiskState::Rebuilding { .. } => {
            format!("rebuilding, {}%", fixed(disk.progress.unwrap_or(0.0) * 100.0, 0))
        }
    };
    let action = match disk_command(node, index) {
        Command::ReplaceDisk { .. } => "replace",
        _ => "fail",
    };
    format!("Disk {index} of {}, {state}. Press to {action} it", node_name(node))
}

/// What the node's power button does: crash a running node, restore a stopped one. `None` for a
/// node that lost its data: only a replaced disk brings it back.
pub fn power_command(node: &NodeView) -> Option<Command> {
    let node_ref = NodeRef::Node(node.id);
    match (node.up, node.emptied) {
        (true, _) => Some(Command::CrashDatabase(node_ref)),
        (false, false) => Some(Command::RestoreDatabase(node_ref)),
        (false, true) => None,
    }
}

/// A node's state as a symbol, a short word for its glyph, and the class of its glyph (`up`,
/// `degraded`, `down` or `lost`).
pub fn node_state(node: &NodeView) -> (&'static str, &'static str, &'static str) {
    if node.emptied {
        ("✖", "data lost", "lost")
    } else if !node.up {
        ("✖", "down", "down")
    } else if node.degraded() {
        ("⚠", "degraded", "degraded")
    } else {
        ("✓", "up", "up")
    }
}

/// The role as a word, capitalised for the glyph's title.
fn role_word(role: Role) -> &'static str {
    match role {
        Role::Primary => "Primary",
        Role::Replica => "Replica",
    }
}

/// Replication lag in words, such as "180 ms" or "0 ms"; `None` for a primary.
fn lag_words(node: &NodeView) -> Option<String> {
    node.lag.map(|lag| match lag.oldest {
        0 => "0 ms".to_string(),
        oldest => millis(oldest as f64 / 1_000.0),
    })
}

/// The accessible name of a node: what it is and its whole state, such as "Database node 0,
/// primary, down: failover in 6.2 s, 2 of 2 disks healthy". `workers` is how many each node has;
/// `failover_in` the time until a pending failover, in microseconds.
pub fn node_label(node: &NodeView, workers: u32, failover_in: Option<Micros>) -> String {
    let role = role_word(node.role).to_ascii_lowercase();
    let mut details = Vec::new();
    let state = if node.emptied {
        "down, data lost"
    } else if !node.up {
        "down"
    } else if node.degraded() {
        details.push(format!("{} of {workers} workers busy, {} queries waiting", node.busy, node.queued));
        "up, degraded"
    } else {
        details.push(format!("{} of {workers} workers busy, {} queries waiting", node.busy, node.queued));
        "up"
    };
    if let Some(wait) = failover_in {
        details.push(format!("failover in {}", seconds(wait as f64 / 1e6)));
    }
    details.push(format!("{} of {} disks healthy", node.healthy_disks(), node.disks.len()));
    // A node that lost its data holds nothing to lag behind with.
    if let Some(lag) = lag_words(node).filter(|_| !node.emptied) {
        details.push(format!("replication lag {lag}"));
    }
    if node.catching_up > 0 {
        details.push(format!("catching up: {} writes to receive", node.catching_up));
    }
    if node.emptied {
        details.push("replace a disk to bring it back, empty".to_string());
    }
    format!("Database node {}, {role}, {state}: {}", node.id.0, details.join(", "))
}

/// A click and an Enter or Space key on a button, both sending `command`.
fn activate(
    oncommand: &Callback<Command>,
    command: Command,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let on_key = oncommand.clone();
    let key_command = command.clone();
    let onclick = send(oncommand, command);
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_key.emit(key_command.clone());
        }
    });
    (onclick, onkeydown)
}

/// Props of [`database_node`].
#[derive(Properties, PartialEq)]
pub struct DatabaseNodeProps {
    /// The node to draw.
    pub node: NodeView,
    /// Workers each node has.
    pub workers: u32,
    /// Time until the pending failover, in microseconds, on the primary that is down.
    pub failover_in: Option<Micros>,
    /// Its centre on the stage.
    pub at: Point,
    /// Called with the command the learner asks for: fail or replace a disk, crash or restore the
    /// node.
    pub oncommand: Callback<Command>,
}

/// A database node glyph: a box with its role, id and state, its workers, its replication lag,
/// and a row of disk buttons.
pub fn database_node(props: &DatabaseNodeProps) -> Html {
    let node = &props.node;
    let (symbol, word, state_class) = node_state(node);
    let role_class = if node.role == Role::Primary { "primary" } else { "replica" };
    let class = classes!("db-node", role_class, state_class);
    let (w, h) = (DATABASE_W, DATABASE_H);
    let (left, top) = (-w / 2.0, -h / 2.0);
    // Beside the state: what the node's role has it do now.
    let aside = if node.emptied {
        String::new()
    } else if let Some(wait) = props.failover_in {
        format!("failover in {}", seconds(wait as f64 / 1e6))
    } else if let Some(lag) = lag_words(node) {
        format!("lag {lag}")
    } else {
        "takes writes".to_string()
    };
    let activity = if node.emptied {
        "replace a disk to restart it".to_string()
    } else if !node.up {
        "disks keep their data".to_string()
    } else if node.catching_up > 0 {
        format!("catching up · busy {}/{}", node.busy, props.workers)
    } else {
        format!("busy {}/{} · queue {}", node.busy, props.workers, node.queued)
    };
    let power = power_command(node).map(|command| {
        let crash = matches!(command, Command::CrashDatabase(_));
        let label = format!("{} database node {}", if crash { "Crash" } else { "Restore" }, node.id.0);
        let (onclick, onkeydown) = activate(&props.oncommand, command);
        let (bw, bx) = (52.0, w / 2.0 - PAD - 52.0);
        html! {
            <g class={classes!("db-power", (!crash).then_some("restore"))} role="button" tabindex="0"
                aria-label={label} {onclick} {onkeydown}>
                <rect x={svg_number(bx)} y={svg_number(top + 7.0)} width={svg_number(bw)} height="22" rx="11" />
                <text x={svg_number(bx + bw / 2.0)} y={svg_number(top + 22.5)} text-anchor="middle">
                    { if crash { "crash" } else { "restore" } }
                </text>
            </g>
        }
    });
    let disks = node.disks.len().max(1) as f64;
    let disk_w = ((w - 2.0 * PAD - DISK_GAP * (disks - 1.0)) / disks).min(DISK_MAX_W);
    let row_w = disk_w * disks + DISK_GAP * (disks - 1.0);
    let disk_top = h / 2.0 - PAD - DISK_H + 2.0;
    html! {
        <g key={node.id.0} {class} role="group" aria-label={node_label(node, props.workers, props.failover_in)}
            transform={format!("translate({} {})", fixed(props.at.x, 1), fixed(props.at.y, 1))}>
            <rect class="box" x={svg_number(left)} y={svg_number(top)} width={svg_number(w)} height={svg_number(h)} rx="10" />
            <text class="title" x={svg_number(left + PAD)} y={svg_number(top + 23.0)}>
                { format!("DB{} · {}", node.id.0, role_word(node.role)) }
            </text>
            { for power }
            <text class="state" x={svg_number(left + PAD)} y={svg_number(top + 45.0)}>{ format!("{symbol} {word}") }</text>
            <text class="small" x={svg_number(w / 2.0 - PAD)} y={svg_number(top + 45.0)} text-anchor="end">{ aside }</text>
            <text class="small" x={svg_number(left + PAD)} y={svg_number(top + 63.0)}>{ activity }</text>
            { for node.disks.iter().enumerate().map(|(i, disk)| {
                let x = -row_w / 2.0 + i as f64 * (disk_w + DISK_GAP);
                disk_glyph(props, i, disk, Point { x, y: disk_top }, disk_w)
            }) }
        </g>
    }
}

/// Disk `index` of the node as a button whose top-left corner is at `at`, `width` wide.
fn disk_glyph(props: &DatabaseNodeProps, index: usize, disk: &DiskView, at: Point, width: f64) -> Html {
    let look = disk_look(disk);
    // A long word on a narrow glyph is squeezed to fit.
    let squeeze = (width < ROOMY_DISK_W && look.word.len() > 7).then(|| fixed(width - 8.0, 1));
    let (onclick, onkeydown) = activate(&props.oncommand, disk_command(&props.node, index));
    let cx = at.x + width / 2.0;
    // A cylinder: its top ellipse, sides and bottom arc, 22 × 20 units.
    let (rx, ry, body) = (11.0, 3.5, 13.0);
    let lid = at.y + 6.0 + ry;
    let (l, r, b, lid_at) = (number(cx - rx), number(cx + rx), number(lid + body), number(lid));
    let (rx_n, ry_n) = (number(rx), number(ry));
    let outline =
        format!("M {l} {lid_at} A {rx_n} {ry_n} 0 0 1 {r} {lid_at} V {b} A {rx_n} {ry_n} 0 0 1 {l} {b} Z");
    let rim = format!("M {l} {lid_at} A {rx_n} {ry_n} 0 0 0 {r} {lid_at}");
    let f = |v: f64| fixed(v, 1);
    html! {
        <>
            <g class={classes!("disk", look.class)} role="button" tabindex="0"
                aria-label={disk_label(&props.node, index)} {onclick} {onkeydown}>
                <rect class="disk-box" x={f(at.x)} y={f(at.y)} width={f(width)} height={f(DISK_H)} rx="6" />
                // Rebuilding: the copy fills the cylinder from the bottom as it goes.
                if let Some(p) = look.progress {
                    <rect class="disk-fill" x={f(cx - rx)} y={f(lid + body * (1.0 - p))} width={f(2.0 * rx)} height={f(body * p)} />
                }
                <path class="disk-icon" d={outline} />
                <path class="disk-rim" d={rim} />
                if disk.state == DiskState::Failed {
                    <path class="disk-cross" d={format!(
                        "M {} {} L {} {} M {} {} L {} {}",
                        f(cx - rx - 3.0), f(lid - ry - 3.0), f(cx + rx + 3.0), f(lid + body + ry + 3.0),
                        f(cx + rx + 3.0), f(lid - ry - 3.0), f(cx - rx - 3.0), f(lid + body + ry + 3.0)
                    )} />
                }
                <text class="disk-state" x={f(cx)} y={f(at.y + 57.0)} text-anchor="middle"
                    textLength={squeeze.clone()} lengthAdjust={squeeze.is_some().then_some("spacingAndGlyphs")}>
                    { look.word }
                </text>
                if let Some(p) = look.progress {
                    // Not drawn (SVG shows only text in a text element): it keeps the words apart
                    // for tools that read the button's text, such as speech input.
                    { " " }
                    <rect class="disk-bar" x={f(at.x + 6.0)} y={f(at.y + 62.0)} width={f(width - 12.0)} height="6" rx="3" />
                    <rect class="disk-bar-fill" x={f(at.x + 6.0)} y={f(at.y + 62.0)} width={f((width - 12.0) * p)} height="6" rx="3" />
                    <text class="small" x={f(cx)} y={f(at.y + 79.0)} text-anchor="middle">{ format!("{}%", fixed(p * 100.0, 0)) }</text>
                }
            </g>
            // The disk's number sits on its button but outside it: the button's name starts with
            // the node's, and clicks pass through the number to the button.
            <text class="small disk-number" x={f(cx)} y={f(at.y + 42.0)} text-anchor="middle">{ format!("disk {index}") }</text>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::storage::{Lag, NodeId};

    fn disk(state: DiskState, progress: Option<f64>) -> DiskView {
        DiskView { state, progress }
    }

    /// A replica on a two-disk mirror, running, 180 ms behind.
    fn replica() -> NodeView {
        NodeView {
            id: NodeId(1),
            role: Role::Replica,
            up: true,
            emptied: false,
            disks: vec![disk(DiskState::Healthy, None); 2],
            writes: 40,
            lag: Some(Lag { unshipped: 3, oldest: 180_000 }),
            catching_up: 0,
            busy: 3,
            queued: 0,
            served: 500,
        }
    }

    fn primary() -> NodeView {
        NodeView { id: NodeId(0), role: Role::Primary, lag: None, ..replica() }
    }

    #[test]
    fn a_disk_fails_while_it_works_and_is_replaced_once_failed() {
        let mut node = primary();
        node.disks[1] = disk(DiskState::Rebuilding { started: 0, until: 10 }, Some(0.4));
        assert_eq!(disk_command(&node, 0), Command::FailDisk { node: NodeRef::Node(NodeId(0)), disk: 0 });
        assert_eq!(disk_command(&node, 1), Command::FailDisk { node: NodeRef::Node(NodeId(0)), disk: 1 });
        assert_eq!(disk_label(&node, 1), "Disk 1 of the primary (node 0), rebuilding, 40%. Press to fail it");
        let mut replica = replica();
        replica.disks[0] = disk(DiskState::Failed, None);
        assert_eq!(
            disk_command(&replica, 0),
            Command::ReplaceDisk { node: NodeRef::Node(NodeId(1)), disk: 0 }
        );
        assert_eq!(disk_label(&replica, 0), "Disk 0 of replica node 1, failed. Press to replace it");
        assert_eq!(disk_label(&replica, 1), "Disk 1 of replica node 1, healthy. Press to fail it");
    }

    /// Words of `text`, lowercased, without punctuation or parentheticals.
    fn words(text: &str) -> Vec<String> {
        let mut plain = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                c if depth == 0 => plain.push(if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }),
                _ => {}
            }
        }
        plain.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_disk_shows_its_state_in_words_that_its_name_says_too() {
        let rebuilding = disk(DiskState::Rebuilding { started: 0, until: 10 }, Some(0.25));
        assert_eq!(
            disk_look(&rebuilding),
            DiskLook { class: "rebuilding", word: "rebuilding", progress: Some(0.25) }
        );
        assert_eq!(disk_look(&disk(DiskState::Failed, None)).word, "failed");
        assert_eq!(disk_look(&disk(DiskState::Healthy, None)).progress, None);
        // What a disk button shows (its word, and its percentage while it rebuilds) is part of
        // its accessible name, in order, as WCAG's "label in name" asks.
        let mut node = primary();
        for state in [rebuilding, disk(DiskState::Failed, None), disk(DiskState::Healthy, None)] {
            node.disks[1] = state;
            let look = disk_look(&state);
            let shown = match look.progress {
                Some(p) => format!("{} {:.0}%", look.word, p * 100.0),
                None => look.word.to_string(),
            };
            let (shown, name) = (words(&shown), words(&disk_label(&node, 1)));
            assert!(name.windows(shown.len()).any(|w| w == shown.as_slice()), "{shown:?} in {name:?}");
        }
    }

    #[test]
    fn a_node_states_its_role_health_and_lag() {
        assert_eq!(
            node_label(&replica(), 8, None),
            "Database node 1, replica, up: 3 of 8 workers busy, 0 queries waiting, 2 of 2 disks healthy, \
             replication lag 180 ms"
        );
        let mut degraded = primary();
        degraded.disks[0] = disk(DiskState::Failed, None);
        assert_eq!(node_state(&degraded), ("⚠", "degraded", "degraded"));
        assert!(node_label(&degraded, 8, None).starts_with("Database node 0, primary, up, degraded: "));
        assert!(node_label(&degraded, 8, None).contains("1 of 2 disks healthy"));
        let in_step = NodeView { lag: Some(Lag::default()), ..replica() };
        assert!(node_label(&in_step, 8, None).ends_with("replication lag 0 ms"));
        let down = NodeView { up: false, ..primary() };
        assert_eq!(node_state(&down).2, "down");
        assert!(!down.degraded(), "a stopped node is down, not degraded");
        assert_eq!(
            node_label(&down, 8, Some(6_200_000)),
            "Database node 0, primary, down: failover in 6.2 s, 2 of 2 disks healthy"
        );
    }

    #[test]
    fn a_node_is_crashed_while_it_runs_and_restored_once_down_unless_its_data_is_gone() {
        let node = replica();
        assert_eq!(power_command(&node), Some(Command::CrashDatabase(NodeRef::Node(NodeId(1)))));
        let down = NodeView { up: false, ..replica() };
        assert_eq!(power_command(&down), Some(Command::RestoreDatabase(NodeRef::Node(NodeId(1)))));
        let lost =
            NodeView { up: false, emptied: true, disks: vec![disk(DiskState::Failed, None); 2], ..replica() };
        assert_eq!(power_command(&lost), None, "only a replaced disk brings it back");
        assert_eq!(node_state(&lost), ("✖", "data lost", "lost"));
        assert!(
            node_label(&lost, 8, None).starts_with("Database node 1, replica, down, data lost: 0 of 2 disks")
        );
    }
}
