//! Inputs that show the world's value without fighting the learner: the panels re-render four
//! times a second, so an input whose value were set on every render would undo typing or
//! dragging in progress. These are written to only when the value changes and the learner is
//! not using them.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A node ref for an `<input>` whose value follows `value` while it does not have focus.
#[hook]
pub fn use_synced_value(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(value, move |value| {
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_some_and(|active| node.get().is_some_and(|n| n.is_same_node(Some(active.as_ref()))));
            if let Some(input) = node.cast::<HtmlInputElement>() {
                if !focused && input.value() != *value {
                    input.set_value(value);
                }
            }
        });
    }
    node
}
