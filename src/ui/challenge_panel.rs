//! The challenges' panel: pick a challenge, read its goal, start a try, and see it graded, with
//! a hint after a failed try and the best score kept.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::challenge::ChallengeView;
use crate::format::{count, millis};
use crate::teach::challenges::recap::tries;
use crate::teach::challenges::Challenge;

/// What the challenges panel shows and what its controls do.
#[derive(Properties, PartialEq)]
pub struct ChallengePanelProps {
    /// What to show.
    pub view: ChallengeView,
    /// Picks a challenge.
    pub onpick: Callback<Challenge>,
    /// Starts a try at the picked challenge (loading its scenario).
    pub onstart: Callback<()>,
}

/// The challenges' panel.
#[function_component(ChallengePanel)]
pub fn challenge_panel(props: &ChallengePanelProps) -> Html {
    let view = &props.view;
    let picked = view.picked.unwrap_or(Challenge::ALL[0]);
    let onpick = {
        let onpick = props.onpick.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(challenge) = Challenge::from_slug(&select.value()) {
                onpick.emit(challenge);
            }
        })
    };
    let best = view.scores.iter().find(|(c, _, _)| *c == picked);
    let best_line = best.map(|(_, score, tried)| match score {
        Some(s) => {
            format!(
                "Your best: {} server-seconds, p95 {} ({}).",
                count(s.cost),
                millis(s.latency_ms),
                tries(*tried)
            )
        }
        None if *tried > 0 => format!("Not passed yet ({}).", tries(*tried)),
        None => "Not tried yet.".to_string(),
    });
    let start = match (view.trying, view.passed) {
        (false, _) => "Start a try",
        (true, None) => "Start again",
        (true, Some(_)) => "Try again",
    };
    html! {
        <section class="challenges" aria-labelledby="challenges-heading">
            <h2 id="challenges-heading">{"Challenges"}</h2>
            <p class="tour-where">
                <label for="challenge-pick">{"Challenge"}</label>
                <select id="challenge-pick" onchange={onpick}>
                    { for Challenge::ALL.iter().map(|c| {
                        let passed = view.scores.iter().any(|(d, s, _)| d == c && s.is_some());
                        html! {
                            <option value={c.slug()} selected={*c == picked}>
                                { format!("{}. {}{}", c.number(), c.title(), if passed { " ✓" } else { "" }) }
                            </option>
                        }
                    }) }
                </select>
            </p>
            <p id="challenge-goal">{ picked.goal() }</p>
            <p class="hint">{"A try lasts 60 simulated seconds; the last 30 are graded. Use any control; speed up time if you like."}</p>
            <button id="challenge-start" class={classes!((!view.trying).then_some("primary"))} onclick={props.onstart.reform(|_| ())}>{ start }</button>
            if view.trying {
                <p id="challenge-status" class={classes!("tour-status", view.passed.map(|p| if p { "passed" } else { "failed" }))}
                    role="status" aria-live="polite">{ view.status.clone() }</p>
            }
            if let Some(hint) = view.hint {
                <p id="challenge-hint" class="challenge-hint"><strong>{"Hint: "}</strong>{ hint }</p>
            }
            if let Some(line) = best_line {
                <p id="challenge-best" class="hint">{ line }</p>
            }
        </section>
    }
}
