//! Start and stop a botnet's attack: its kind, how many bots and how fast each sends, with
//! numbers sized to bite at the page's scale, and the attack under way in words.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format::{count, number, rate};
use crate::sim::attack::{AttackConfig, AttackKind, MAX_ATTACK_RATE, MAX_BOTS, MAX_RATE_PER_BOT};
use crate::sim::Command;

use super::button::button;
use super::send::send;
use super::synced_input::use_synced_value;

/// Bots and each bot's rate a kind starts with on the page, sized against two small servers
/// (about 40 req/s), 30 req/s of users, a 1 024-slot connection table and a 100 Mbit/s uplink:
/// an HTTP flood of 400 req/s (ten times what the servers take), a SYN flood of 1 000 SYNs/s
/// (the table holds each for 3 s), slowloris opening 100 connections/s (the table fills in
/// 10 s) and 10 000 reflected 4 KB packets/s (320 Mbit/s, over three times the uplink).
pub fn page_defaults(kind: AttackKind) -> (u32, f64) {
    match kind {
        AttackKind::HttpFlood => (20, 20.0),
        AttackKind::SynFlood => (50, 20.0),
        AttackKind::Slowloris => (20, 5.0),
        AttackKind::Volumetric => (100, 100.0),
        AttackKind::CredentialStuffing => (50, 2.0),
    }
}

/// Words for the kind in the select, such as "HTTP flood (uses up server workers)".
fn option_text(kind: AttackKind) -> &'static str {
    match kind {
        AttackKind::HttpFlood => "HTTP flood (takes server workers)",
        AttackKind::SynFlood => "SYN flood (fills the connection table)",
        AttackKind::Slowloris => "Slowloris (holds connections open)",
        AttackKind::Volumetric => "Volumetric flood (fills the uplink)",
        AttackKind::CredentialStuffing => "Credential stuffing (tries leaked passwords)",
    }
}

/// The attack the boxes ask for, or why it cannot start (the attack under way, if any, goes on).
pub fn attack_from(kind: AttackKind, bots: f64, rate_per_bot: f64) -> Result<AttackConfig, String> {
    if !(bots.is_finite() && bots.fract() == 0.0 && (1.0..=f64::from(MAX_BOTS)).contains(&bots)) {
        return Err(format!("Bots takes a whole number from 1 to {}.", count(u64::from(MAX_BOTS))));
    }
    if !(rate_per_bot.is_finite() && rate_per_bot > 0.0 && rate_per_bot <= MAX_RATE_PER_BOT) {
        return Err(format!("Rate per bot takes more than 0 and at most {}.", per_second(MAX_RATE_PER_BOT)));
    }
    let attack = AttackConfig { kind, bots: bots as u32, rate_per_bot, ..AttackConfig::default() };
    if attack.rate() > MAX_ATTACK_RATE {
        return Err(format!(
            "Bots × rate per bot comes to {}/s; the most is {}/s.",
            per_second(attack.rate()),
            per_second(MAX_ATTACK_RATE)
        ));
    }
    attack.check().map_err(|(what, why)| format!("{what} {why}."))?;
    Ok(attack)
}

/// A rate as the learner typed it: whole numbers without decimals ("20", "1,000"), others to a
/// tenth ("2.5").
fn per_second(x: f64) -> String {
    if x.fract() == 0.0 {
        count(x as u64)
    } else {
        rate(x)
    }
}

/// The attack under way, in words: "Under way: an HTTP flood, 20 bots × 20 requests/s = 400/s."
pub fn under_way(attack: Option<&AttackConfig>) -> String {
    match attack {
        Some(a) => format!(
            "Under way: {}, {} bots × {} {}/s = {}/s.",
            a.kind.describe(),
            count(u64::from(a.bots)),
            per_second(a.rate_per_bot),
            a.kind.unit(),
            per_second(a.rate())
        ),
        None => "No attack under way.".to_string(),
    }
}

/// What the attack controls keep between renders: the kind chosen, why the boxes were refused,
/// and the bots and rate boxes.
pub struct AttackState {
    kind: UseStateHandle<AttackKind>,
    problem: UseStateHandle<Option<String>>,
    bots_box: NodeRef,
    rate_box: NodeRef,
}

/// The attack controls' state, starting with an HTTP flood and the page's numbers for it.
#[hook]
pub fn use_attack_state() -> AttackState {
    let kind = use_state(|| AttackKind::HttpFlood);
    let problem = use_state(|| None::<String>);
    // The boxes start with the page's numbers for an HTTP flood; choosing a kind sets them.
    let (bots0, rate0) = page_defaults(AttackKind::HttpFlood);
    let (bots_box, rate_box) = (use_synced_value(bots0.to_string()), use_synced_value(number(rate0)));
    AttackState { kind, problem, bots_box, rate_box }
}

/// The attack's kind, bots and rate, and Start and Stop: `attack` is the attack under way, if
/// any, and `oncommand` sends a command to the world.
pub fn attack_controls(
    attack: Option<&AttackConfig>,
    oncommand: &Callback<Command>,
    state: &AttackState,
) -> Html {
    let AttackState { kind, problem, bots_box, rate_box } = state;
    let onkind = {
        let (kind, problem, bots_box, rate_box) =
            (kind.clone(), problem.clone(), bots_box.clone(), rate_box.clone());
        Callback::from(move |e: Event| {
            let chosen = AttackKind::from_slug(&e.target_unchecked_into::<HtmlSelectElement>().value())
                .unwrap_or(AttackKind::HttpFlood);
            // Each kind bites at its own scale: the boxes take the page's numbers for it.
            let (bots, per_bot) = page_defaults(chosen);
            if let Some(input) = bots_box.cast::<HtmlInputElement>() {
                input.set_value(&bots.to_string());
            }
            if let Some(input) = rate_box.cast::<HtmlInputElement>() {
                input.set_value(&number(per_bot));
            }
            problem.set(None);
            kind.set(chosen);
        })
    };
    let onstart = {
        let (kind, problem, oncommand) = (**kind, problem.clone(), oncommand.clone());
        let (bots_box, rate_box) = (bots_box.clone(), rate_box.clone());
        Callback::from(move |_: MouseEvent| {
            let read =
                |node: &NodeRef| node.cast::<HtmlInputElement>().map_or(f64::NAN, |i| i.value_as_number());
            match attack_from(kind, read(&bots_box), read(&rate_box)) {
                Ok(attack) => {
                    problem.set(None);
                    oncommand.emit(Command::StartAttack(attack));
                }
                Err(why) => problem.set(Some(why)),
            }
        })
    };
    let onstop = send(oncommand, Command::StopAttack);
    let unit = kind.unit();
    html! {
        <fieldset class="attack-controls">
            <legend>{"Attack"}</legend>
            <label for="attack-kind">{"Kind"}</label>
            <select id="attack-kind" onchange={onkind}>
                { for AttackKind::ALL.iter().map(|k| html! {
                    <option value={k.slug()} selected={*k == **kind}>{ option_text(*k) }</option>
                }) }
            </select>
            <div class="attack-numbers">
                <label for="attack-bots">{"Bots"}</label>
                <input id="attack-bots" ref={bots_box.clone()} class="count" type="number" min="1" max={MAX_BOTS.to_string()}
                    step="1" aria-describedby="why-attack" />
                <span class="unit">{"bots"}</span>
                <label for="attack-rate">{"Rate per bot"}</label>
                <input id="attack-rate" ref={rate_box.clone()} class="count" type="number" min="0.1" step="any"
                    max={number(MAX_RATE_PER_BOT)} aria-describedby="why-attack" />
                <span class="unit">{ format!("{unit}/s each") }</span>
            </div>
            { button("attack-start", if attack.is_some() { "Restart attack" } else { "Start attack" }, false, onstart) }
            { button("attack-stop", "Stop attack", attack.is_none(), onstop) }
            <p class="why" id="why-attack" role="status">{ (**problem).clone().unwrap_or_default() }</p>
            <p class="attack-state" id="attack-state">{ under_way(attack) }</p>
            <p class="hint">{"Bots come from 45.0.0.0/8, except a SYN flood's (forged: any address) and a volumetric \
                flood's (reflected off other servers). Users behind a NAT share one address."}</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boxes_make_an_attack_or_say_what_they_take() {
        let flood = attack_from(AttackKind::HttpFlood, 20.0, 20.0).unwrap();
        assert_eq!(
            (flood.kind, flood.bots, flood.rate_per_bot, flood.rate()),
            (AttackKind::HttpFlood, 20, 20.0, 400.0)
        );
        for bots in [0.0, 1.5, f64::NAN, 10_001.0] {
            assert_eq!(
                attack_from(AttackKind::SynFlood, bots, 1.0),
                Err("Bots takes a whole number from 1 to 10,000.".into())
            );
        }
        for per_bot in [0.0, -1.0, f64::NAN, 10_001.0] {
            let why = attack_from(AttackKind::SynFlood, 5.0, per_bot).unwrap_err();
            assert!(why.starts_with("Rate per bot takes"), "{why}");
        }
        let too_much = attack_from(AttackKind::Volumetric, 10_000.0, 100.0).unwrap_err();
        assert_eq!(too_much, "Bots × rate per bot comes to 1,000,000/s; the most is 200,000/s.");
    }

    #[test]
    fn every_kind_starts_with_numbers_the_world_takes() {
        for kind in AttackKind::ALL {
            let (bots, per_bot) = page_defaults(kind);
            assert!(attack_from(kind, f64::from(bots), per_bot).is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn the_attack_under_way_is_said_in_words() {
        let flood = AttackConfig {
            kind: AttackKind::HttpFlood,
            bots: 20,
            rate_per_bot: 20.0,
            ..AttackConfig::default()
        };
        assert_eq!(under_way(Some(&flood)), "Under way: an HTTP flood, 20 bots × 20 requests/s = 400/s.");
        assert_eq!(under_way(None), "No attack under way.");
    }
}
