//! One server on the stage: its workers, its queue and its state, in shape and words as well as
//! colour.

use yew::prelude::*;

use crate::sim::snapshot::ServerView;
use crate::sim::{ServerId, ServerStatus};

use super::layout::glyph::Words;
use super::layout::{Form, Glyph, Point};
use crate::format::{fixed, percent, svg_number, within};

/// Utilization from which a working server counts as busy (0–1).
pub const BUSY_FROM: f64 = 0.8;

/// A server's state as a symbol, a short word for its glyph, and a phrase for screen readers.
pub fn state_words(server: &ServerView) -> (&'static str, &'static str, &'static str) {
    match server.status {
        ServerStatus::Starting { .. } => ("⏻", "booting", "booting"),
        ServerStatus::Draining => ("↓", "draining", "draining"),
        ServerStatus::Removed => ("✕", "removed", "removed"),
        ServerStatus::Down { .. } if server.in_rotation => ("✖", "down · in LB", "down, still in rotation"),
        ServerStatus::Down { .. } => ("✖", "down", "down, out of rotation"),
        ServerStatus::Up if !server.in_rotation => ("◐", "rejoining", "up, not yet back in rotation"),
        ServerStatus::Up if server.saturated => ("▲", "dropping", "overloaded, dropping requests"),
        ServerStatus::Up if server.utilization >= BUSY_FROM => ("●", "busy", "busy"),
        ServerStatus::Up => ("✓", "healthy", "healthy"),
    }
}

/// The accessible name of a server node: what it is and its whole state.
pub fn server_label(server: &ServerView, selected: bool) -> String {
    let (_, _, words) = state_words(server);
    let state = if server.status == ServerStatus::Up && !server.in_rotation {
        format!("{words}, {} health checks passed in a row", server.health_passes)
    } else {
        words.to_string()
    };
    if server.status == ServerStatus::Removed {
        return format!(
            "Server {}, {}, {state}: {} served, {} dropped",
            server.id.0,
            server.size.label(),
            server.served,
            server.dropped
        );
    }
    format!(
        "Server {}, {}, {state}: {} of {} workers busy, queue {} of {}, {} utilized, {} served, {} dropped{}",
        server.id.0,
        server.size.label(),
        server.busy,
        server.workers,
        server.queue_len,
        server.queue_capacity,
        percent(server.utilization),
        server.served,
        server.dropped,
        if selected { ", selected" } else { "" }
    )
}

/// How a server's glyph looks: the class for its state and the activity it shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Class of the glyph for its state (`healthy`, `busy`, `saturated`, `booting`, `draining`
    /// or `removed`).
    pub class: &'static str,
    /// Workers drawn busy.
    pub busy: u32,
    /// Share of the queue bar filled, 0–1.
    pub queue_fill: f64,
    /// Share of a compact glyph filled, 0–1: how utilized the server is.
    pub load: f64,
    /// Whether the learner can select it: a removed server is only seen leaving.
    pub selectable: bool,
}

/// How `server`'s glyph looks.
pub fn look(server: &ServerView) -> Look {
    let class = match server.status {
        ServerStatus::Starting { .. } => "booting",
        ServerStatus::Draining => "draining",
        ServerStatus::Removed => "removed",
        ServerStatus::Down { .. } => "down",
        ServerStatus::Up if !server.in_rotation => "rejoining",
        ServerStatus::Up if server.saturated => "saturated",
        ServerStatus::Up if server.utilization >= BUSY_FROM => "busy",
        ServerStatus::Up => "healthy",
    };
    if server.status == ServerStatus::Removed {
        return Look { class, busy: 0, queue_fill: 0.0, load: 0.0, selectable: false };
    }
    let queue_fill = if server.queue_capacity == 0 {
        0.0
    } else {
        (server.queue_len as f64 / server.queue_capacity as f64).min(1.0)
    };
    Look {
        class,
        busy: server.busy,
        queue_fill,
        load: within(server.utilization, 0.0, 1.0),
        selectable: true,
    }
}

/// `server`'s activity in words for its glyph, each wording shorter than the one before: the
/// glyph shows the first that fits.
pub fn activity(server: &ServerView, selectable: bool) -> Vec<String> {
    if !selectable {
        return vec!["switched off".to_string(), "off".to_string()];
    }
    let (queued, room, used) = (server.queue_len, server.queue_capacity, percent(server.utilization));
    vec![
        format!("queue {queued}/{room} · {used}"),
        format!("q {queued}/{room} · {used}"),
        format!("{used} · q {queued}"),
        used,
    ]
}

/// Props of [`server_node`].
#[derive(Properties, PartialEq)]
pub struct ServerNodeProps {
    /// The server to draw.
    pub server: ServerView,
    /// Its centre on the stage.
    pub at: Point,
    /// How the layout's glyphs are drawn: in full or compact, and at what scale.
    pub glyph: Glyph,
    /// Whether the learner selected it.
    pub selected: bool,
    /// Called with its id when clicked or activated from the keyboard.
    pub onselect: Callback<ServerId>,
}

/// A server glyph. In full: a box with its name, size and state, a square per worker (filled
/// when busy), a queue bar and a line of activity. Compact, when there are too many servers for
/// that to be read: a box with its name and state's symbol (and more words where they fit),
/// filled as far as the server is utilized, with a queue bar. Either way its outline shows its
/// state, and its accessible name says everything.
pub fn server_node(props: &ServerNodeProps) -> Html {
    let s = &props.server;
    let look = look(s);
    let (symbol, state, _) = state_words(s);
    let id = s.id;
    let onclick = look.selectable.then(|| props.onselect.reform(move |_: MouseEvent| id));
    let onkeydown = look.selectable.then(|| {
        let onselect = props.onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                onselect.emit(id);
            }
        })
    });
    let selected = props.selected && look.selectable;
    let glyph = props.glyph;
    let compact = glyph.form == Form::Compact;
    let class =
        classes!("server-node", look.class, compact.then_some("compact"), selected.then_some("selected"));
    let (w, h) = (glyph.w, glyph.h);
    let name = format!("S{}", id.0);
    let details = activity(s, look.selectable);
    let lines = glyph.lines(&Words { name: &name, size: s.size.label(), symbol, state, details: &details });
    let queue = glyph.queue_bar();
    let queue_rx = svg_number(queue.h.min(6.0) / 2.0);
    html! {
        <g key={id.0} {class} role="group" aria-label={server_label(s, selected)} {onclick}
            transform={format!("translate({} {}) scale({})", fixed(props.at.x, 1), fixed(props.at.y, 1), fixed(glyph.scale, 3))}>
            // The box itself is the button that selects the server; the group carries its state.
            // A removed server's box is no button: there is nothing left to do with it.
            <rect class="box" role={look.selectable.then_some("button")} tabindex={look.selectable.then_some("0")}
                aria-pressed={look.selectable.then(|| selected.to_string())}
                aria-label={look.selectable.then(|| format!("Select server {}", id.0))} {onkeydown}
                x={svg_number(-w / 2.0)} y={svg_number(-h / 2.0)}
                width={svg_number(w)} height={svg_number(h)} rx={if compact { "3" } else { "8" }} />
            if compact {
                { load_fill(glyph, look.load) }
            } else {
                { workers(glyph, s.workers, look.busy) }
            }
            <rect class="queue" x={svg_number(queue.x)} y={svg_number(queue.y)}
                width={svg_number(queue.w)} height={svg_number(queue.h)} rx={queue_rx.clone()} />
            <rect class="queue-fill" x={svg_number(queue.x)} y={svg_number(queue.y)}
                width={svg_number(queue.w * look.queue_fill)} height={svg_number(queue.h)} rx={queue_rx} />
            { for lines.iter().map(|line| html! {
                <text class={line.class} x={svg_number(line.at.x)} y={svg_number(line.at.y)}
                    text-anchor={(line.anchor == "end").then_some("end")}>{ &line.text }</text>
            }) }
        </g>
    }
}

/// The full glyph's row of workers: a square each (up to 16), filled when busy.
fn workers(glyph: Glyph, workers: u32, busy: u32) -> Html {
    let row = glyph.workers();
    let shown = workers.min(16);
    let cell = (row.w / shown.max(1) as f64).min(16.0);
    html! {
        { for (0..shown).map(|i| html! {
            <rect class={if i < busy { "worker on" } else { "worker" }}
                x={svg_number(row.x + i as f64 * cell)} y={svg_number(row.y)}
                width={svg_number(cell - 3.0)} height={svg_number(row.h)} rx="2" />
        }) }
    }
}

/// The compact glyph's fill, as far as the server is utilized (`load`, 0–1).
fn load_fill(glyph: Glyph, load: f64) -> Html {
    let fill = glyph.load_fill();
    html! {
        <rect class="load" x={svg_number(fill.x)} y={svg_number(fill.y)}
            width={svg_number(fill.w * load)} height={svg_number(fill.h)} rx="2" />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ServerSize;

    /// A server as a snapshot lists it, hand-built: busy, with a queue.
    fn server(status: ServerStatus) -> ServerView {
        ServerView {
            id: ServerId(4),
            size: ServerSize::Small,
            status,
            workers: 2,
            busy: 2,
            queue_len: 5,
            queue_capacity: 20,
            weight: 1,
            utilization: 0.9,
            served: 120,
            served_last_second: 0,
            dropped: 3,
            saturated: false,
            in_rotation: true,
            health_passes: 0,
            history: Vec::new(),
        }
    }

    #[test]
    fn a_removed_server_is_shown_leaving_with_no_activity() {
        let removed = server(ServerStatus::Removed);
        assert_eq!(
            look(&removed),
            Look { class: "removed", busy: 0, queue_fill: 0.0, load: 0.0, selectable: false }
        );
        assert_eq!(state_words(&removed).1, "removed");
        let label = server_label(&removed, true);
        assert_eq!(label, "Server 4, small, removed: 120 served, 3 dropped");
    }

    #[test]
    fn servers_still_on_stage_show_their_activity_and_can_be_selected() {
        for (status, class) in [
            (ServerStatus::Up, "busy"),
            (ServerStatus::Draining, "draining"),
            (ServerStatus::Starting { ready_at: 5 }, "booting"),
        ] {
            let look = look(&server(status));
            assert_eq!((look.class, look.busy, look.selectable), (class, 2, true));
            assert!((look.queue_fill - 0.25).abs() < 1e-12);
        }
        let saturated = ServerView { saturated: true, ..server(ServerStatus::Up) };
        assert_eq!(look(&saturated).class, "saturated");
        assert!(server_label(&saturated, true).ends_with(", selected"));
    }

    #[test]
    fn a_glyph_words_the_activity_shorter_and_shorter_and_a_removed_one_as_switched_off() {
        let busy = server(ServerStatus::Up);
        assert_eq!(activity(&busy, true), ["queue 5/20 · 90%", "q 5/20 · 90%", "90% · q 5", "90%"]);
        assert_eq!(activity(&server(ServerStatus::Removed), false), ["switched off", "off"]);
        let overloaded = ServerView { utilization: 1.7, ..busy };
        assert_eq!(look(&overloaded).load, 1.0, "the fill never spills out of the box");
    }
}
