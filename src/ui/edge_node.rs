//! The edge on the stage: a shield between the sources and the balancer, armed (solid, with the
//! number of defences on it) or bare (dashed), with its name and a few live lines beside it:
//! the defences on, what they block per second, the connection slots held and what is held at
//! the edge without moving (half-open connections, requests waiting in the fair queue).

use yew::prelude::*;

use crate::format::{count, number, rate};
use crate::sim::edge::{DefenceSetting, Defences, EdgeView};
use crate::sim::metrics::WINDOW_SECONDS;
use crate::sim::time::{Micros, SECOND};

use super::layout::{Label, Layout, NOTE_LINE};

/// The names of the defences on, in the order a request meets them (scrubbing first).
pub fn defences_on(d: &Defences) -> Vec<&'static str> {
    d.settings().iter().filter(|s| s.is_on()).map(DefenceSetting::label).collect()
}

/// Requests the defences blocked per simulated second, over the last whole seconds (up to
/// [`WINDOW_SECONDS`]) before `now`.
pub fn blocked_per_second(edge: &EdgeView, now: Micros) -> f64 {
    let seconds = (now / SECOND).min(WINDOW_SECONDS as u64);
    if seconds == 0 {
        0.0
    } else {
        edge.recent.blocked as f64 / seconds as f64
    }
}

/// "1 defence on", "3 defences on" or "no defences".
fn defences_line(on: usize) -> String {
    match on {
        0 => "no defences".to_string(),
        1 => "1 defence on".to_string(),
        n => format!("{n} defences on"),
    }
}

/// What is held at the edge without moving, such as "412 half-open · 30 queued" (empty when
/// nothing is).
fn held_line(edge: &EdgeView) -> String {
    let parts = [(edge.half_open, "half-open"), (edge.fair_waiting, "queued")];
    let held: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", count(*n as u64)))
        .collect();
    held.join(" · ")
}

/// The edge's live lines under its name: its defences, what they block per second (once any
/// is on or anything was blocked), its connection slots held, and what it holds.
pub fn edge_lines(edge: &EdgeView, now: Micros) -> [String; 4] {
    let on = defences_on(&edge.defences).len();
    let blocked = blocked_per_second(edge, now);
    let blocked_line =
        if on > 0 || blocked > 0.0 { format!("{} blocked/s", rate(blocked)) } else { String::new() };
    let conns =
        format!("{} / {} conns", count(edge.connections as u64), count(edge.config.connection_slots as u64));
    [defences_line(on), blocked_line, conns, held_line(edge)]
}

/// The edge's accessible name: its state in a sentence.
pub fn edge_label(edge: &EdgeView, now: Micros) -> String {
    let on = defences_on(&edge.defences);
    let defences = if on.is_empty() {
        "no defences on".to_string()
    } else {
        format!("{} ({})", defences_line(on.len()), on.join(", "))
    };
    let mut label = format!(
        "Edge: {defences}; blocking {} requests per second; {} of {} connection slots held",
        rate(blocked_per_second(edge, now)),
        count(edge.connections as u64),
        count(edge.config.connection_slots as u64)
    );
    if edge.half_open > 0 {
        label.push_str(&format!(", {} half-open", count(edge.half_open as u64)));
    }
    if edge.fair_waiting > 0 {
        label.push_str(&format!(", {} waiting in the fair queue", count(edge.fair_waiting as u64)));
    }
    label
}

/// The shield, its name and its live lines, drawn in the topology and again above the dots.
pub fn edge_glyph(layout: &Layout, edge: &EdgeView, now: Micros) -> Html {
    let on = defences_on(&edge.defences).len();
    let Label { at, anchor } = layout.edge_note;
    let (x, y) = (at.x - layout.edge.x, at.y - layout.edge.y);
    let line = |i: usize| number(y + i as f64 * NOTE_LINE);
    html! {
        <>
            <path class={classes!("shield", (on > 0).then_some("armed"))}
                d="M 0 -26 L 20 -18 L 20 2 Q 20 17 0 26 Q -20 17 -20 2 L -20 -18 Z" />
            if on > 0 {
                <text class="defence-count" y="6" text-anchor="middle">{ on }</text>
            }
            <text class="label" x={number(x)} y={line(0)} text-anchor={anchor}>{"Edge"}</text>
            // Lines with nothing to say leave no gap.
            { for edge_lines(edge, now).into_iter().filter(|l| !l.is_empty()).enumerate().map(|(i, words)| html! {
                <text class="small" x={number(x)} y={line(i + 1)} text-anchor={anchor}>{ words }</text>
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::edge::{IdsConfig, RateLimit};
    use crate::sim::traffic::TrafficPoint;

    #[test]
    fn a_bare_edge_says_so_and_an_armed_one_counts_its_defences_and_blocks() {
        let bare = EdgeView { connections: 12, ..EdgeView::default() };
        assert_eq!(edge_lines(&bare, 5 * SECOND), ["no defences", "", "12 / 65,536 conns", ""]);
        assert!(edge_label(&bare, 5 * SECOND).starts_with("Edge: no defences on; blocking 0.0 requests"));
        let defences = Defences {
            rate_limit: Some(RateLimit::default()),
            ids: Some(IdsConfig::default()),
            syn_cookies: true,
            ..Defences::default()
        };
        assert_eq!(defences_on(&defences), ["SYN cookies", "intrusion detection", "rate limiting"]);
        let armed = EdgeView {
            defences,
            half_open: 412,
            fair_waiting: 30,
            connections: 500,
            recent: TrafficPoint { blocked: 12_000, ..TrafficPoint::default() },
            ..EdgeView::default()
        };
        // Ten whole seconds into the run: the window is full.
        let lines = edge_lines(&armed, 10 * SECOND + 1);
        assert_eq!(
            lines,
            ["3 defences on", "1,200 blocked/s", "500 / 65,536 conns", "412 half-open · 30 queued"]
        );
        // Four seconds in: the blocks of four seconds.
        assert_eq!(edge_lines(&armed, 4 * SECOND)[1], "3,000 blocked/s");
        let label = edge_label(&armed, 10 * SECOND);
        assert!(label.contains("3 defences on (SYN cookies, intrusion detection, rate limiting)"), "{label}");
        assert!(label.contains("412 half-open, 30 waiting in the fair queue"), "{label}");
    }
}
