//! One shape for every button that sends a fixed command: a click sends it.

use yew::prelude::*;

use crate::sim::Command;

/// A click handler that sends `command` through `oncommand`.
pub fn send(oncommand: &Callback<Command>, command: Command) -> Callback<MouseEvent> {
    oncommand.reform(move |_: MouseEvent| command.clone())
}
