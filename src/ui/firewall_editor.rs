//! The firewall's rules: a box to write them in (one per line), Apply and Off, every error with
//! its line when the rules do not read, and the rules in force, which a failed Apply leaves as
//! they were.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::sim::edge::{DefenceSetting, Firewall};
use crate::sim::Command;

use super::button::button;

/// The rules the box starts with: the bots of an HTTP flood or slowloris attack come from one
/// range, so one rule turns them away.
pub const EXAMPLE: &str = "# The botnet's own addresses (an HTTP flood or slowloris).\n\
                           deny from 45.0.0.0/8\n\
                           # Everyone else may come in.\n\
                           default allow\n";

/// The setting that puts `text` in force, or every line's error ("line 2: …") with nothing
/// changed.
pub fn apply(text: &str) -> Result<DefenceSetting, Vec<String>> {
    Firewall::parse(text)
        .map(|f| DefenceSetting::Firewall(Some(f)))
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// What the firewall editor keeps between renders: its rules box and the errors of the last
/// Apply that failed.
pub struct EditorState {
    text_box: NodeRef,
    errors: UseStateHandle<Vec<String>>,
}

/// The firewall editor's state: no errors yet.
#[hook]
pub fn use_editor_state() -> EditorState {
    EditorState { text_box: use_node_ref(), errors: use_state(Vec::<String>::new) }
}

/// The rules box, Apply, Off, the errors and the rules in force: `firewall` is the firewall in
/// force, if any, and `oncommand` sends a command to the world.
pub fn firewall_editor(
    firewall: Option<&Firewall>,
    oncommand: &Callback<Command>,
    state: &EditorState,
) -> Html {
    let EditorState { text_box, errors } = state;
    let onapply = {
        let (text_box, errors, oncommand) = (text_box.clone(), errors.clone(), oncommand.clone());
        Callback::from(move |_: MouseEvent| {
            let text = text_box.cast::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default();
            match apply(&text) {
                Ok(setting) => {
                    errors.set(Vec::new());
                    oncommand.emit(Command::SetDefence(setting));
                }
                Err(found) => errors.set(found),
            }
        })
    };
    let onoff = {
        let (errors, oncommand) = (errors.clone(), oncommand.clone());
        Callback::from(move |_: MouseEvent| {
            errors.set(Vec::new());
            oncommand.emit(Command::SetDefence(DefenceSetting::Firewall(None)));
        })
    };
    let onexample = {
        let (text_box, errors) = (text_box.clone(), errors.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = text_box.cast::<HtmlTextAreaElement>() {
                t.set_value(EXAMPLE);
            }
            errors.set(Vec::new());
        })
    };
    let refused = (!errors.is_empty()).then(|| {
        let n = errors.len();
        format!(
            "Not applied: {n} line{} to fix. The rules in force are unchanged.",
            if n == 1 { "" } else { "s" }
        )
    });
    html! {
        <fieldset class="firewall-editor">
            <legend>{"Firewall"}</legend>
            <label for="firewall-rules" class="block">{"Rules, one per line, first match wins"}</label>
            <textarea id="firewall-rules" ref={text_box.clone()} rows="5" spellcheck="false" defaultvalue={EXAMPLE}
                aria-describedby="firewall-grammar firewall-errors" />
            <p class="hint" id="firewall-grammar">
                {"allow or deny, then any of: from 10.0.0.0/8 · proto tcp|udp · port 443 · path /login. \
                  default allow|deny for the rest. # starts a comment."}
            </p>
            { button("firewall-apply", "Apply rules", false, onapply) }
            { button("firewall-off", "Firewall off", firewall.is_none(), onoff) }
            { button("firewall-example", "Example rules", false, onexample) }
            <div id="firewall-errors" class="errors" role="alert">
                if let Some(refused) = refused {
                    <p>{ refused }</p>
                    <ul>{ for errors.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                }
            </div>
            <div id="firewall-in-force" class="in-force">
                { match firewall {
                    None => html! { <p>{"In force: no firewall; every packet gets through."}</p> },
                    Some(f) => html! {
                        <>
                            <p>{ format!("In force: {} rule{}, then default {}.", f.rules().len(),
                                if f.rules().len() == 1 { "" } else { "s" }, f.default_action().word()) }</p>
                            <ol class="rules">
                                { for f.rules().iter().map(|r| html! {
                                    <li><span class="line">{ format!("line {}", r.line()) }</span>{" "}<code>{ r.text() }</code></li>
                                }) }
                            </ol>
                        </>
                    },
                } }
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::edge::Action;

    #[test]
    fn the_example_reads_and_turns_the_botnet_away() {
        let Ok(DefenceSetting::Firewall(Some(f))) = apply(EXAMPLE) else { panic!("the example must read") };
        assert_eq!(f.rules().len(), 1);
        assert_eq!((f.rules()[0].line(), f.rules()[0].text()), (2, "deny from 45.0.0.0/8"));
        assert_eq!(f.default_action(), Action::Allow);
    }

    #[test]
    fn broken_rules_give_every_error_with_its_line() {
        let errors = apply("deny from 45.0.0.0/8\ndeny form 1.2.3.4\nallow port 0").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].starts_with("line 2: unknown word \"form\""), "{errors:?}");
        assert!(errors[1].starts_with("line 3: port must be 1–65535"), "{errors:?}");
    }
}
