//! The edge's defences: a switch for each, its numbers beside it, and the defences in force in
//! words. Each switch or change is one command; a box shows the number in force while its
//! defence is on, and what the learner typed for later while it is off.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::number;
use crate::sim::edge::Defences;
use crate::sim::Command;

use super::defence_knobs::{in_force, Field, Knob};
use super::synced_input::use_synced_value;

/// What one defence's row keeps between renders, and what it shows now.
pub struct RowState {
    knob: Knob,
    /// What the boxes hold while the defence is off: the page's numbers, then the last typed.
    draft: UseStateHandle<Vec<f64>>,
    /// Why the last number typed was refused, if it was.
    problem: UseStateHandle<Option<String>>,
    /// A box per number, each following the number shown while the learner is not typing in
    /// it; a defence has at most two.
    boxes: [NodeRef; 2],
    /// Whether the defence is on.
    on: bool,
    /// Its numbers in force while it is on, else the draft.
    shown: Vec<f64>,
}

/// The state of `knob`'s row, with `in_force` its numbers in force (`None` while it is off).
#[hook]
fn use_row_state(knob: Knob, in_force: Option<Vec<f64>>) -> RowState {
    let draft = use_state(|| knob.defaults());
    let problem = use_state(|| None::<String>);
    let on = in_force.is_some();
    let shown = in_force.unwrap_or_else(|| (*draft).clone());
    let boxes = [use_synced_value(shown_text(&shown, 0)), use_synced_value(shown_text(&shown, 1))];
    RowState { knob, draft, problem, boxes, on, shown }
}

/// The state of every defence's row, in [`Knob::ALL`] order, for the defences in force `d`.
#[hook]
pub fn use_defence_rows(d: &Defences) -> [RowState; 8] {
    let [k0, k1, k2, k3, k4, k5, k6, k7] = Knob::ALL;
    [
        use_row_state(k0, k0.in_force(d)),
        use_row_state(k1, k1.in_force(d)),
        use_row_state(k2, k2.in_force(d)),
        use_row_state(k3, k3.in_force(d)),
        use_row_state(k4, k4.in_force(d)),
        use_row_state(k5, k5.in_force(d)),
        use_row_state(k6, k6.in_force(d)),
        use_row_state(k7, k7.in_force(d)),
    ]
}

/// Every defence but the firewall, and the defences in force: `defences` in force, `rows` their
/// rows' state, and `oncommand` sends a command to the world.
pub fn defence_controls(defences: &Defences, rows: &[RowState], oncommand: &Callback<Command>) -> Html {
    html! {
        <fieldset class="defence-controls">
            <legend>{"Defences"}</legend>
            { for rows.iter().map(|row| defence_row(row, oncommand)) }
            <p class="in-force" id="defences-in-force">{ in_force(defences) }</p>
        </fieldset>
    }
}

/// One defence: its switch, its numbers and what it does.
fn defence_row(row: &RowState, oncommand: &Callback<Command>) -> Html {
    let RowState { knob, draft, problem, boxes, on, shown } = row;
    let (knob, on) = (*knob, *on);
    let onswitch = {
        let (draft, problem, oncommand, shown) =
            (draft.clone(), problem.clone(), oncommand.clone(), shown.clone());
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            problem.set(None);
            // Switched off, the boxes keep the numbers that were in force, for next time.
            draft.set(shown.clone());
            oncommand.emit(Command::SetDefence(knob.setting(checked.then_some(shown.as_slice()))));
        })
    };
    let onfield = |i: usize| {
        let (draft, problem, oncommand, shown) =
            (draft.clone(), problem.clone(), oncommand.clone(), shown.clone());
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
                    input.set_value(&number(shown[i]));
                    problem.set(Some(why));
                }
            }
        })
    };
    let (label_id, help_id, why_id) =
        (format!("{}-label", knob.id()), format!("{}-help", knob.id()), format!("why-{}", knob.id()));
    html! {
        <div key={knob.id()} class={classes!("defence", on.then_some("on"))} role="group" aria-labelledby={label_id.clone()}>
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
            <p class="why" id={why_id} role="status">{ (**problem).clone().unwrap_or_default() }</p>
        </div>
    }
}

/// The number at `i` as its box shows it, or nothing for a box the defence does not have.
fn shown_text(shown: &[f64], i: usize) -> String {
    shown.get(i).map(|x| number(*x)).unwrap_or_default()
}

/// A labelled number box with its unit; `node` keeps it showing the number in force, and
/// `onchange` reads what the learner typed.
fn number_field(field: &Field, node: &NodeRef, onchange: Callback<Event>, describedby: &str) -> Html {
    let step = if field.whole { "1" } else { "any" };
    html! {
        <span class="number-field">
            <label for={field.id}>{ field.label }</label>
            <input id={field.id} ref={node.clone()} class="count" type="number" min={number(field.min)}
                max={number(field.max)} {step} {onchange} aria-describedby={describedby.to_string()} />
            <span class="unit">{ field.unit }</span>
        </span>
    }
}
