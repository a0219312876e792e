//! The attack's live numbers: how the users fare, what of the attack reaches the servers and
//! what the servers cost, what each defence blocked (and whether it is blocking users), the
//! intrusion detector's tally, and the connection table and the uplink. Every number says the
//! span it covers.

use std::cell::RefCell;

use yew::prelude::*;

use crate::format::{count, millis, percent, rate, within};
use crate::sim::edge::{Defence, EdgeView};
use crate::sim::time::{to_secs, Micros};
use crate::sim::traffic::success_rate;

use super::block_history::BlockHistory;
use super::cards::{view_card, Card};

/// Whole seconds the "last 10 s" numbers cover at `now`: up to 10, at least 1.
fn covered(now: Micros) -> f64 {
    within(to_secs(now).floor(), 1.0, 10.0)
}

/// The cards, in reading order.
pub fn edge_cards(edge: &EdgeView, now: Micros) -> Vec<Card> {
    let recent = &edge.recent;
    let latency = &edge.recent_latency;
    let uplink = if edge.uplink_load > 1.0 {
        format!("of {} Mbit/s: {} lost", rate(edge.config.uplink_mbps), percent(1.0 - 1.0 / edge.uplink_load))
    } else {
        format!("of {} Mbit/s, now", rate(edge.config.uplink_mbps))
    };
    let card =
        |id, label, value: String, unit, detail: String| Card { id, label, value, unit, detail, wide: false };
    vec![
        card(
            "edge-success",
            "Users served",
            percent(success_rate(recent)),
            "",
            format!(
                "last 10 s · {} requests",
                count(recent.legit_served + recent.legit_lost + recent.legit_refused)
            ),
        ),
        card(
            "edge-p95",
            "Users' p95 latency",
            if latency.count == 0 { "–".to_string() } else { millis(latency.p95_ms) },
            "",
            "last 10 s".to_string(),
        ),
        card(
            "edge-reached",
            "Attack at the servers",
            rate(recent.attack_reached as f64 / covered(now)),
            "req/s",
            format!("last 10 s · {} in all", count(edge.attack_reached)),
        ),
        card(
            "edge-cost",
            "Servers paid for",
            count(edge.server_seconds),
            "server-s",
            "since the start".to_string(),
        ),
        card(
            "edge-connections",
            "Connection table",
            format!("{} / {}", count(edge.connections as u64), count(edge.config.connection_slots as u64)),
            "",
            format!("now · {} half-open", count(edge.half_open as u64)),
        ),
        card("edge-uplink", "Uplink load", percent(edge.uplink_load), "", uplink),
    ]
}

/// Says plainly which defences are blocking users, from how many users' requests each blocked
/// over the last 10 s (in [`Defence::ALL`] order); empty when none is.
pub fn collateral(recent: &[u64]) -> String {
    let hit: Vec<(Defence, u64)> =
        Defence::ALL.iter().zip(recent).filter(|(_, n)| **n > 0).map(|(d, n)| (*d, *n)).collect();
    if hit.is_empty() {
        return String::new();
    }
    let total: u64 = hit.iter().map(|(_, n)| n).sum();
    let names: Vec<&str> = hit.iter().map(|(d, _)| d.label()).collect();
    format!(
        "Users are being blocked: {} of their requests in the last 10 s, by {}: the cost of {}.",
        count(total),
        names.join(" and "),
        if hit.len() == 1 { "this defence" } else { "these defences" }
    )
}

/// The live numbers of the attack and the defences: `edge` as last published at `now` (simulated
/// microseconds), with `history` the counts the panel saw over the last 10 s, which it updates.
pub fn edge_panel(edge: &EdgeView, now: Micros, history: &RefCell<BlockHistory>) -> Html {
    let users_blocked: Vec<u64> = edge.blocked.iter().map(|(_, users, _)| *users).collect();
    let recent = history.borrow_mut().note(now, &users_blocked);
    let shown: Vec<_> = edge
        .blocked
        .iter()
        .zip(&recent)
        .filter(|((d, users, attack), _)| users + attack > 0 || edge.defences.is_on(*d))
        .collect();
    let ids = edge.ids;
    html! {
        <section class="edge-panel" aria-labelledby="edge-heading">
            <h3 id="edge-heading">{"What gets through"}</h3>
            <dl class="numbers">{ for edge_cards(edge, now).iter().map(view_card) }</dl>
            <p class="collateral" id="edge-collateral">{ collateral(&recent) }</p>
            <table id="edge-blocked" class="blocked-table">
                <caption>{"Blocked by each defence, since the start"}</caption>
                <thead><tr>
                    <th scope="col">{"Defence"}</th><th scope="col">{"Users'"}</th><th scope="col">{"Attack's"}</th>
                </tr></thead>
                <tbody>
                    if shown.is_empty() {
                        <tr><td colspan="3">{"Nothing blocked yet."}</td></tr>
                    }
                    { for shown.iter().map(|(&(d, users, attack), &now)| html! {
                        <tr key={d.slug()} class={classes!((now > 0).then_some("hurting"))}>
                            <th scope="row">{ d.label() }</th>
                            <td>{ count(users) }{ if now > 0 { " ⚠ in the last 10 s" } else { "" } }</td>
                            <td>{ count(attack) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <dl class="tally">
                <dt>{"Intrusion detection, since the start:"}</dt>
                <dd>{"attack requests flagged "}<span id="ids-tp">{ count(ids.true_positives) }</span></dd>
                <dd>{"users' requests flagged "}<span id="ids-fp">{ count(ids.false_positives) }</span></dd>
                <dd>{"attack requests missed "}<span id="ids-fn">{ count(ids.false_negatives) }</span></dd>
                <dd>{"addresses blocked now "}<span id="ids-blocked">{ count(edge.blocked_sources as u64) }</span></dd>
            </dl>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;
    use crate::sim::traffic::TrafficPoint;

    #[test]
    fn the_cards_say_what_they_cover() {
        let edge = EdgeView {
            recent: TrafficPoint {
                legit_served: 90,
                legit_lost: 10,
                attack_reached: 400,
                ..TrafficPoint::default()
            },
            attack_reached: 1_234,
            uplink_load: 3.2,
            ..EdgeView::default()
        };
        let cards = edge_cards(&edge, 60 * SECOND);
        let find = |id| cards.iter().find(|c| c.id == id).unwrap();
        assert_eq!(
            (find("edge-success").value.as_str(), find("edge-success").detail.as_str()),
            ("90%", "last 10 s · 100 requests")
        );
        assert_eq!(find("edge-reached").value, "40.0");
        assert_eq!(find("edge-reached").detail, "last 10 s · 1,234 in all");
        assert_eq!(find("edge-p95").value, "–");
        assert_eq!(find("edge-uplink").detail, "of 1,000 Mbit/s: 69% lost");
        // Four seconds in, the last 10 s are four.
        assert_eq!(
            edge_cards(&edge, 4 * SECOND + SECOND / 2).iter().find(|c| c.id == "edge-reached").unwrap().value,
            "100"
        );
    }

    #[test]
    fn a_defence_blocking_users_is_named_with_its_cost() {
        assert_eq!(collateral(&[0; 8]), "");
        let mut recent = [0; 8];
        recent[Defence::RateLimit.index()] = 30;
        recent[Defence::Ids.index()] = 4;
        assert_eq!(
            collateral(&recent),
            "Users are being blocked: 34 of their requests in the last 10 s, by intrusion detection and rate \
             limiting: the cost of these defences."
        );
    }
}
