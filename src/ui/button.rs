//! The playground's buttons: one shape for a plain button, and one for a button that can be
//! refused, which says why in its tooltip and in the paragraph it is described by.

use yew::prelude::*;

/// A button with element id `id` showing `label`, greyed out while `disabled`.
pub fn button(
    id: &'static str,
    label: impl Into<AttrValue>,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! { <button {id} {disabled} {onclick}>{ label.into() }</button> }
}

/// A button that cannot act while `cannot` gives a reason: then it is greyed out, its tooltip
/// is the reason, and it is described by the paragraph `why` that shows the reason too.
pub fn guarded_button(
    id: impl Into<AttrValue>,
    label: impl Into<AttrValue>,
    why: &'static str,
    cannot: Option<String>,
    onclick: Callback<MouseEvent>,
) -> Html {
    let disabled = cannot.is_some();
    html! {
        <button id={id.into()} {disabled} aria-describedby={why} title={cannot} {onclick}>
            { label.into() }
        </button>
    }
}
