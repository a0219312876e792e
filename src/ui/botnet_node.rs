//! The botnet on the stage: a cluster of bots apart from the clients, with its size and its
//! attack written under it, shown while an attack is under way and for a few simulated seconds
//! after it stops (greyed, "stopped"), as a removed server lingers.

use yew::prelude::*;

use crate::format::{count, number, rate};
use crate::sim::attack::{AttackConfig, AttackKind};
use crate::sim::time::Micros;
use crate::sim::world::LINGER;
use crate::sim::Snapshot;

use super::layout::{Label, Layout, NOTE_LINE};

/// The botnet to draw: its attack, and whether it has stopped (and lingers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Botnet {
    /// The attack it runs, or ran.
    pub attack: AttackConfig,
    /// Whether it stopped a moment ago.
    pub stopped: bool,
}

/// An attack's name in a few words, such as "HTTP flood".
pub fn kind_name(kind: AttackKind) -> &'static str {
    match kind {
        AttackKind::HttpFlood => "HTTP flood",
        AttackKind::SynFlood => "SYN flood",
        AttackKind::Slowloris => "slowloris",
        AttackKind::Volumetric => "volumetric flood",
        AttackKind::CredentialStuffing => "credential stuffing",
    }
}

/// What the botnet remembers between renders: the last attack seen, and when it was first
/// seen stopped (simulated microseconds).
type Memory = Option<(AttackConfig, Option<Micros>)>;

/// The botnet to draw for the snapshot `now` after `memory`: the attack under way; else the
/// one that stopped less than [`LINGER`] ago. Updates `memory`.
fn lingering(memory: &mut Memory, attack: Option<AttackConfig>, now: Micros) -> Option<Botnet> {
    match (attack, *memory) {
        (Some(attack), _) => {
            *memory = Some((attack, None));
            Some(Botnet { attack, stopped: false })
        }
        (None, Some((attack, None))) => {
            *memory = Some((attack, Some(now)));
            Some(Botnet { attack, stopped: true })
        }
        (None, Some((attack, Some(at)))) if now >= at && now - at < LINGER => {
            Some(Botnet { attack, stopped: true })
        }
        _ => {
            *memory = None;
            None
        }
    }
}

/// The botnet the stage shows for `snap`, if any (see [`lingering`]).
#[hook]
pub fn use_botnet(snap: &Snapshot) -> Option<Botnet> {
    let memory = use_mut_ref(|| None::<(AttackConfig, Option<Micros>)>);
    let shown = lingering(&mut memory.borrow_mut(), snap.edge.attack, snap.now);
    shown
}

/// The lines under the botnet's name: its size and each bot's rate, then its attack.
pub fn botnet_lines(botnet: &Botnet) -> [String; 2] {
    let a = &botnet.attack;
    let kind = kind_name(a.kind);
    [
        format!("{} bots × {}/s", count(a.bots.into()), rate(a.rate_per_bot)),
        if botnet.stopped { format!("{kind} · stopped") } else { kind.to_string() },
    ]
}

/// The botnet's accessible name.
pub fn botnet_label(botnet: &Botnet) -> String {
    let a = &botnet.attack;
    let state = if botnet.stopped { "stopped" } else { "attacking" };
    format!(
        "Botnet, {state}: {} bots sending {}, {} {} per second each, {} in all",
        count(a.bots.into()),
        a.kind.describe(),
        rate(a.rate_per_bot),
        a.kind.unit(),
        rate(a.rate())
    )
}

/// Three bots (heads with an antenna and two eyes) with the botnet's name and lines, in
/// coordinates about the cluster's centre: drawn in the topology and again above the dots.
pub fn botnet_glyph(layout: &Layout, botnet: &Botnet) -> Html {
    let Label { at, anchor } = layout.botnet_note;
    let (x, y) = (number(at.x - layout.botnet.x), at.y - layout.botnet.y);
    let line = |i: usize| number(y + i as f64 * NOTE_LINE);
    html! {
        <>
            { for [-24.0, 0.0, 24.0].iter().map(|dx: &f64| html! {
                <g class="bot" transform={format!("translate({} 4)", number(*dx))}>
                    <line x1="0" y1="-12" x2="0" y2="-18" />
                    <circle cx="0" cy="-19" r="2" />
                    <rect x="-10" y="-12" width="20" height="18" rx="4" />
                    <rect class="eye" x="-6" y="-6" width="4" height="4" />
                    <rect class="eye" x="2" y="-6" width="4" height="4" />
                </g>
            }) }
            <text class="label" x={x.clone()} y={line(0)} text-anchor={anchor}>{"Botnet"}</text>
            { for botnet_lines(botnet).into_iter().enumerate().map(|(i, words)| html! {
                <text class="small" x={x.clone()} y={line(i + 1)} text-anchor={anchor}>{ words }</text>
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;

    #[test]
    fn a_botnet_shows_while_it_attacks_and_lingers_a_moment_after() {
        let attack = AttackConfig { bots: 200, rate_per_bot: 50.0, ..AttackConfig::default() };
        let mut memory = None;
        assert_eq!(lingering(&mut memory, None, 0), None);
        let on = lingering(&mut memory, Some(attack), SECOND).unwrap();
        assert!(!on.stopped);
        assert_eq!(botnet_lines(&on), ["200 bots × 50.0/s", "HTTP flood"]);
        assert_eq!(
            botnet_label(&on),
            "Botnet, attacking: 200 bots sending an HTTP flood, 50.0 requests per second each, 10,000 in all"
        );
        let stopped = lingering(&mut memory, None, 2 * SECOND).unwrap();
        assert!(stopped.stopped && botnet_lines(&stopped)[1] == "HTTP flood · stopped");
        assert!(lingering(&mut memory, None, 2 * SECOND + LINGER - 1).is_some());
        assert_eq!(lingering(&mut memory, None, 2 * SECOND + LINGER), None, "gone");
        assert_eq!(lingering(&mut memory, None, 2 * SECOND + LINGER + 1), None);
        // A replay goes back in time: a botnet stopped in the future of the new run is gone.
        lingering(&mut memory, Some(attack), 9 * SECOND);
        lingering(&mut memory, None, 10 * SECOND);
        assert_eq!(lingering(&mut memory, None, SECOND), None);
    }
}
