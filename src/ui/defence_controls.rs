//! The edge's defences: a switch for each, its numbers beside it, and the defences in force in
//! words. Each switch or change is one command; a box shows the number in force while its
//! defence is on, and what the learner typed for later while it is off.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::edge::Defences;
use crate::sim::Command;

use super::defence_knobs::{in_force, Field, Knob};
use super::synced_input::use_synced_value;

/// Props of [`defence_controls`].
#[derive(Properties, PartialEq)]
pub struct DefenceControlsProps {
    /// The defences in force.
    pub defences: Defences,
    /// Sends a command to the world.
    pub oncommand: Callback<Command>,
}

/// Every defence but the firewall, and the defences in force.
pub fn defence_controls(props: &DefenceControlsProps) -> Html {
    html! {
        <fieldset class="defence-controls">
            <legend>{"Defences"}</legend>
            { for Knob::ALL.iter().map(|k| html! {
                <DefenceRow key={k.id()} knob={*k} in_force={k.in_force(&props.defences)} oncommand={props.oncommand.clone()} />
            }) }
            <p class="in-force" id="defences-in-force">{ in_force(&props.defences) }</p>
        </fieldset>
    }
}

/// Props of [`DefenceRow`].
#[derive(Properties, PartialEq)]
struct DefenceRowProps {
    knob: Knob,
    /// Its numbers in force, or `None` while it is off.
    in_force: Option<Vec<f64>>,
    oncommand: Callback<Command>,
}

/// One defence: its switch, its numbers and what it does.
#[function_component(DefenceRow)]
fn defence_row(props: &DefenceRowProps) -> Html {
    let knob = props.knob;
    // What the boxes hold while the defence is off: the page's numbers, then the last typed.
    let draft = use_state(|| knob.defaults());
    let problem = use_state(|| None::<String>);
    let on = props.in_force.is_some();
    let shown = props.in_force.clone().unwrap_or_else(|| (*draft).clone());
    let onswitch = {
        let (draft, problem, oncommand, shown) =
            (draft.clone(), problem.clone(), props.oncommand.clone(), shown.clone());
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            problem.set(None);
            // Switched off, the boxes keep the numbers that were in force, for next time.
            draft.set(shown.clone());
            oncommand.emit(Command::SetDefence(knob.setting(checked.then_some(shown.as_slice()))));
        })
    };
    // A box per number, each following the number shown while the learner is not typing in
    // it; a defence has at most two.
    let boxes = [use_synced_value(shown_text(&shown, 0)), use_synced_value(shown_text(&shown, 1))];
    let onfield = |i: usize| {
        let (draft, problem, oncommand, shown) =
            (draft.clone(), problem.clone(), props.oncommand.clone(), shown.clone());
        let field = knob.fields()[i];
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            match field.read(input.value_as_number(), shown[i]) {
                Ok(value) => {
                    let mut values = shown.clone();
                    values[i] = value;
                    problem.set(None);
                    draft.set(values.clone());
                    if on && values != shown {
                        oncommand.emit(Command::SetDefence(knob.setting(Some(&values))));
                    }
                }
                Err(why) => {
                    input.set_value(&shown[i].to_string());
                    problem.set(Some(why));
                }
            }
        })
    };
    let (label_id, help_id, why_id) =
        (format!("{}-label", knob.id()), format!("{}-help", knob.id()), format!("why-{}", knob.id()));
    html! {
        <div class={classes!("defence", on.then_some("on"))} role="group" aria-labelledby={label_id.clone()}>
            <div class="control-row">
                <input id={knob.id()} type="checkbox" checked={on} onchange={onswitch} aria-describedby={help_id.clone()} />
                <label id={label_id} for={knob.id()}>{ knob.name() }</label>
                <span class="state" aria-hidden="true">{ if on { "on" } else { "off" } }</span>
            </div>
            if !knob.fields().is_empty() {
                <div class="control-row fields">
                    { for knob.fields().iter().enumerate().map(|(i, field)| {
                        number_field(field, &boxes[i], onfield(i), &why_id)
                    }) }
                </div>
            }
            <p class="hint" id={help_id}>{ knob.help() }</p>
            <p class="why" id={why_id} role="status">{ (*problem).clone().unwrap_or_default() }</p>
        </div>
    }
}

/// The number at `i` as its box shows it, or nothing for a box the defence does not have.
fn shown_text(shown: &[f64], i: usize) -> String {
    shown.get(i).map(ToString::to_string).unwrap_or_default()
}

/// A labelled number box with its unit; `node` keeps it showing the number in force, and
/// `onchange` reads what the learner typed.
fn number_field(field: &Field, node: &NodeRef, onchange: Callback<Event>, describedby: &str) -> Html {
    let step = if field.whole { "1" } else { "any" };
    html! {
        <span class="number-field">
            <label for={field.id}>{ field.label }</label>
            <input id={field.id} ref={node.clone()} class="count" type="number" min={field.min.to_string()}
                max={field.max.to_string()} {step} {onchange} aria-describedby={describedby.to_string()} />
            <span class="unit">{ field.unit }</span>
        </span>
    }
}
