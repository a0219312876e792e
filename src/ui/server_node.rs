//! One server on the stage: its workers, its queue and its state, in shape and words as well as
//! colour.

use yew::prelude::*;

use crate::sim::snapshot::ServerView;
use crate::sim::{ServerId, ServerStatus};

use super::format::percent;
use super::layout::{Point, SERVER_H, SERVER_W};

/// Utilization from which a working server counts as busy (0–1).
pub const BUSY_FROM: f64 = 0.8;

/// A server's state as a symbol, a short word for its glyph, and a phrase for screen readers.
pub fn state_words(server: &ServerView) -> (&'static str, &'static str, &'static str) {
    match server.status {
        ServerStatus::Starting { .. } => ("⏻", "booting", "booting"),
        ServerStatus::Draining => ("↓", "draining", "draining"),
        ServerStatus::Removed => ("✕", "removed", "removed"),
        ServerStatus::Up if server.saturated => ("▲", "dropping", "overloaded, dropping requests"),
        ServerStatus::Up if server.utilization >= BUSY_FROM => ("●", "busy", "busy"),
        ServerStatus::Up => ("✓", "healthy", "healthy"),
    }
}

/// The accessible name of a server node: what it is and its whole state.
pub fn server_label(server: &ServerView, selected: bool) -> String {
    let (_, _, state) = state_words(server);
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

/// Props of [`ServerNode`].
#[derive(Properties, PartialEq)]
pub struct ServerNodeProps {
    /// The server to draw.
    pub server: ServerView,
    /// Its centre on the stage.
    pub at: Point,
    /// Glyph scale, 0–1.
    pub scale: f64,
    /// Whether the learner selected it.
    pub selected: bool,
    /// Called with its id when clicked or activated from the keyboard.
    pub onselect: Callback<ServerId>,
}

/// A server glyph: a box with its name, a square per worker (filled when busy) and a queue bar.
#[function_component(ServerNode)]
pub fn server_node(props: &ServerNodeProps) -> Html {
    let s = &props.server;
    let (symbol, state, _) = state_words(s);
    let id = s.id;
    let onclick = props.onselect.reform(move |_: MouseEvent| id);
    let onselect = props.onselect.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            onselect.emit(id);
        }
    });
    let class = classes!(
        "server-node",
        match s.status {
            ServerStatus::Starting { .. } => "booting",
            ServerStatus::Draining => "draining",
            _ if s.saturated => "saturated",
            _ if s.utilization >= BUSY_FROM => "busy",
            _ => "healthy",
        },
        props.selected.then_some("selected"),
    );
    let (w, h) = (SERVER_W, SERVER_H);
    let workers = s.workers.min(16);
    let cell = ((w - 20.0) / workers as f64).min(16.0);
    let queue_fill = if s.queue_capacity == 0 { 0.0 } else { s.queue_len as f64 / s.queue_capacity as f64 };
    let detailed = props.scale >= 0.45;
    html! {
        <g {class} role="group" aria-label={server_label(s, props.selected)} {onclick}
            transform={format!("translate({:.1} {:.1}) scale({:.3})", props.at.x, props.at.y, props.scale)}>
            // The box itself is the button that selects the server; the group carries its state.
            <rect class="box" role="button" tabindex="0" aria-pressed={props.selected.to_string()}
                aria-label={format!("Select server {}", id.0)} {onkeydown}
                x={(-w / 2.0).to_string()} y={(-h / 2.0).to_string()}
                width={w.to_string()} height={h.to_string()} rx="8" />
            <text class="title" x={(-w / 2.0 + 10.0).to_string()} y={(-h / 2.0 + 18.0).to_string()}>
                { if detailed { format!("S{} · {}", id.0, s.size.label()) } else { format!("S{}", id.0) } }
            </text>
            <text class="state" x={(w / 2.0 - 10.0).to_string()} y={(-h / 2.0 + 18.0).to_string()} text-anchor="end">
                { if detailed { format!("{symbol} {state}") } else { symbol.to_string() } }
            </text>
            { for (0..workers).map(|i| html! {
                <rect class={if i < s.busy { "worker on" } else { "worker" }}
                    x={(-w / 2.0 + 10.0 + i as f64 * cell).to_string()} y={(-h / 2.0 + 28.0).to_string()}
                    width={(cell - 3.0).to_string()} height="14" rx="2" />
            }) }
            <rect class="queue" x={(-w / 2.0 + 10.0).to_string()} y={(h / 2.0 - 26.0).to_string()}
                width={(w - 20.0).to_string()} height="10" rx="3" />
            <rect class="queue-fill" x={(-w / 2.0 + 10.0).to_string()} y={(h / 2.0 - 26.0).to_string()}
                width={((w - 20.0) * queue_fill).to_string()} height="10" rx="3" />
            if detailed {
                <text class="small" x={(-w / 2.0 + 10.0).to_string()} y={(h / 2.0 - 4.0).to_string()}>
                    { format!("queue {}/{} · {}", s.queue_len, s.queue_capacity, percent(s.utilization)) }
                </text>
            }
        </g>
    }
}
