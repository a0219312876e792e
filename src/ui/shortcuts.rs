//! Keyboard shortcuts for the whole page, active when no control has focus (so they never steal
//! a key from a button, a select or a text field).

use web_sys::{Element, KeyboardEvent};

use crate::sim::{Algorithm, Command, ServerSize, ServerSpec};

/// The shortcuts, as shown to the learner.
pub const HELP: &str =
    "Keys: Space play or pause · . step · + add a server · − remove one · F flash crowd · 1–6 algorithm";

/// What a shortcut asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Shortcut {
    /// Toggle pause.
    TogglePause,
    /// Pause and run the next event.
    Step,
    /// Send a command to the world.
    Command(Command),
}

/// The shortcut for a key (as `KeyboardEvent.key` names it), if there is one.
pub fn for_key(key: &str) -> Option<Shortcut> {
    let add = |size| Shortcut::Command(Command::AddServer { spec: ServerSpec::preset(size), boot: false });
    Some(match key {
        " " | "k" => Shortcut::TogglePause,
        "." => Shortcut::Step,
        "+" | "=" => add(ServerSize::Small),
        "-" | "_" => Shortcut::Command(Command::RemoveServer(None)),
        "f" | "F" => Shortcut::Command(Command::Burst),
        digit => {
            let n: usize = digit.parse().ok()?;
            Shortcut::Command(Command::SetAlgorithm(*Algorithm::ALL.get(n.checked_sub(1)?)?))
        }
    })
}

/// The shortcut a key press asks for, unless a modifier is held or a control has focus.
pub fn from_event(event: &KeyboardEvent) -> Option<Shortcut> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let in_control =
        event.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok()).is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
                || e.get_attribute("role").is_some_and(|r| r == "button")
        });
    if in_control {
        None
    } else {
        for_key(&event.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(for_key(" "), Some(Shortcut::TogglePause));
        assert_eq!(for_key("."), Some(Shortcut::Step));
        assert_eq!(for_key("-"), Some(Shortcut::Command(Command::RemoveServer(None))));
        assert_eq!(for_key("5"), Some(Shortcut::Command(Command::SetAlgorithm(Algorithm::PowerOfTwo))));
        assert_eq!(for_key("0"), None);
        assert_eq!(for_key("7"), None);
        assert_eq!(for_key("x"), None);
    }
}
