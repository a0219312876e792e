//! The tour's panel: the chapter open, where to look, what to do, where it stands (announced
//! politely to screen readers), and the way on. It sits beside the stage and never covers it.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::comparison::Comparison;
use super::tour::TourView;
use crate::teach::challenges::{recap, Challenge, Score};
use crate::teach::compare::Pair;
use crate::teach::tour::{Chapter, CLOSING};

/// What the tour panel shows and what its buttons do.
#[derive(Properties, PartialEq)]
pub struct TourPanelProps {
    /// What to show.
    pub view: TourView,
    /// Each challenge's best passed score and its tries so far, which the summary recaps.
    pub challenges: Vec<(Challenge, Option<Score>, u32)>,
    /// Opens a chapter (loading its scenario).
    pub onopen: Callback<Chapter>,
    /// Starts the open chapter again from its scenario.
    pub onrestart: Callback<()>,
    /// Forgets the learner's progress.
    pub onreset: Callback<()>,
    /// Folds or opens the panel.
    pub ontoggle: Callback<()>,
    /// Records a prediction: the index of the answer picked.
    pub onpredict: Callback<usize>,
}

/// The tour's panel.
#[function_component(TourPanel)]
pub fn tour_panel(props: &TourPanelProps) -> Html {
    let view = &props.view;
    let onpick = {
        let onopen = props.onopen.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(chapter) = Chapter::from_slug(&select.value()) {
                onopen.emit(chapter);
            }
        })
    };
    let done = |c: Chapter| view.outcomes.iter().any(|(d, o)| *d == c && o.is_some());
    let body = match view.chapter {
        None => {
            let first = Chapter::ALL[0];
            let resume = view.resume.map(|last| {
                html! {
                    <>
                        <p>{ format!("Welcome back: you were at chapter {}, {}.", last.number(), last.title()) }</p>
                        <button id="tour-continue" class="primary" onclick={props.onopen.reform(move |_| last)}>
                            { format!("Continue with {}", last.title()) }
                        </button>
                    </>
                }
            });
            let start = if view.resume.is_some() { "Start from the beginning" } else { "Start the tour" };
            html! {
                <>
                    <p>{"New to distributed systems? Eight short chapters in the order of a mentor's conversation: \
                         scaling, load balancing, fault tolerance, redundant storage, encryption, access control, \
                         DDoS defences, then a summary with your own numbers. Each asks you to do one thing and \
                         shows what came of it."}</p>
                    { for resume }
                    <button id="tour-start" class={classes!(view.resume.is_none().then_some("primary"))} onclick={props.onopen.reform(move |_| first)}>{ start }</button>
                </>
            }
        }
        Some(chapter) => {
            let next = chapter.next().map(|next| {
                let label = if view.done {
                    format!("Next: {}", next.title())
                } else {
                    format!("Skip to {}", next.title())
                };
                html! {
                    <button id="tour-next" class={classes!(view.done.then_some("primary"))} onclick={props.onopen.reform(move |_| next)}>{ label }</button>
                }
            });
            html! {
                <>
                    <p class="tour-where">
                        <label for="tour-chapter">{ format!("Chapter {} of {}", chapter.number(), Chapter::ALL.len()) }</label>
                        <select id="tour-chapter" onchange={onpick}>
                            { for Chapter::ALL.iter().map(|c| html! {
                                <option value={c.slug()} selected={*c == chapter}>
                                    { format!("{}. {}{}", c.number(), c.title(), if done(*c) { " ✓" } else { "" }) }
                                </option>
                            }) }
                        </select>
                    </p>
                    if chapter == Chapter::Summary {
                        <ol class="tour-summary">
                            { for view.outcomes.iter().map(|(c, outcome)| html! {
                                <li>
                                    <strong>{ c.title() }</strong>{": "}{ outcome.clone().unwrap_or_else(|| "not done yet: open it to see it.".to_string()) }
                                    { for challenge_line(*c, &props.challenges) }
                                </li>
                            }) }
                        </ol>
                        <p class="tour-closing">{ CLOSING }</p>
                    } else {
                        <p class="tour-look">{ chapter.look() }</p>
                        { predict(view, &props.onpredict) }
                        <p class="tour-task"><strong>{"Your turn: "}</strong>{ chapter.task() }</p>
                    }
                    if let Some(pair) = Pair::of(chapter) {
                        <Comparison {pair} />
                    }
                    <p id="tour-status" class="tour-status" role="status" aria-live="polite">{ view.status.clone() }</p>
                    <div class="tour-actions">
                        { for next }
                        if chapter != Chapter::Summary {
                            <button id="tour-restart" onclick={props.onrestart.reform(|_| ())}>{"Restart chapter"}</button>
                        }
                        <button id="tour-reset" onclick={props.onreset.reform(|_| ())}>{"Forget my progress"}</button>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="tour" aria-labelledby="tour-heading">
            <div class="tour-head">
                <h2 id="tour-heading">{"Guided tour"}</h2>
                <button id="tour-fold" aria-expanded={view.open.to_string()} aria-controls="tour-body" onclick={props.ontoggle.reform(|_| ())}>
                    { if view.open { "Fold" } else { "Open" } }
                </button>
            </div>
            if view.open {
                <div id="tour-body">{ body }</div>
            }
        </section>
    }
}

/// The result of the challenge on `chapter`'s topic, on a line of its own, if it has one.
fn challenge_line(chapter: Chapter, results: &[(Challenge, Option<Score>, u32)]) -> Option<Html> {
    let challenge = Challenge::of(chapter)?;
    let (best, tried) =
        results.iter().find(|(c, _, _)| *c == challenge).map_or((None, 0), |(_, b, t)| (b.as_ref(), *t));
    Some(html! { <span class="tour-challenge-result">{ recap(challenge, best, tried) }</span> })
}

/// The chapter's question and its answers as radio buttons, open until the learner acts.
fn predict(view: &TourView, onpredict: &Callback<usize>) -> Html {
    let Some(question) = view.question else { return Html::default() };
    html! {
        <fieldset class="tour-predict">
            <legend>{"Predict first: "}{ question.ask }</legend>
            { for question.answers.iter().enumerate().map(|(i, answer)| html! {
                <label>
                    <input type="radio" name="tour-guess" id={format!("tour-guess-{i}")} checked={view.guess == Some(i)}
                        disabled={!view.can_predict} onchange={onpredict.reform(move |_| i)} />
                    { *answer }
                </label>
            }) }
        </fieldset>
    }
}
