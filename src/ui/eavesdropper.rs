//! The eavesdropper: the learner puts it on a link and reads what it captures, a real request
//! in the clear or its ciphertext in hex; with the key it can be decrypted, and a flipped byte
//! shows what the receiver makes of a tampered message.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::format::hex;
use crate::sim::security::{Capture, Tap};
use crate::sim::Command;

use super::button::button;

/// Bytes of a capture shown in hex before the rest is cut.
const HEX_BYTES: usize = 96;

/// What the learner is doing with a capture: the one they hold (the newest shows until they act
/// on one), whether the key is shown, whether it was decrypted, and the byte they flipped.
#[derive(Clone, Debug, Default, PartialEq)]
struct Held {
    capture: Option<Capture>,
    key_shown: bool,
    decrypted: bool,
    flipped: Option<usize>,
}

/// The eavesdropper panel's state.
pub struct EavesdropperState(UseStateHandle<Held>);

/// The eavesdropper's state: holding nothing.
#[hook]
pub fn use_eavesdropper_state() -> EavesdropperState {
    EavesdropperState(use_state(Held::default))
}

/// The byte a flip changes: the middle of the message, where a form's values are.
pub fn flip_at(wire: &[u8]) -> usize {
    wire.len() / 2
}

/// What the receiver makes of `capture` with byte `at` flipped, in words.
pub fn tampered(capture: &Capture, at: usize) -> String {
    let mut wire = capture.wire();
    if let Some(b) = wire.get_mut(at) {
        *b ^= 0x01;
    }
    match capture.receive(&wire) {
        Ok(text) if capture.sealed.is_none() => format!(
            "Byte {at} flipped in the clear. The receiver cannot tell: it accepts the changed request as \
             «{text}»."
        ),
        Ok(_) => format!("Byte {at} flipped, and the receiver still read it: this should never happen."),
        Err(_) => format!(
            "Byte {at} flipped. The receiver's check of the authentication tag fails, so nothing is \
             decrypted and the request is refused."
        ),
    }
}

/// The eavesdropper fieldset: `tap` is where it listens, `captures` what it caught (newest last).
pub fn eavesdropper(
    tap: Option<Tap>,
    captures: &[Capture],
    oncommand: &Callback<Command>,
    state: &EavesdropperState,
) -> Html {
    let held = &state.0;
    let ontap = {
        let (oncommand, held) = (oncommand.clone(), held.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let tap = Tap::ALL.into_iter().find(|t| t.slug() == value);
            held.set(Held::default());
            oncommand.emit(Command::PlaceTap(tap));
        })
    };
    let shown = held.capture.clone().or_else(|| captures.last().cloned());
    let act = |change: fn(&mut Held, &Capture)| {
        let (held, shown) = (held.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(capture) = shown.clone() else { return };
            let mut next = (*held).clone();
            next.capture = Some(capture.clone());
            change(&mut next, &capture);
            held.set(next);
        })
    };
    let onkey = act(|h, _| h.key_shown = true);
    let ondecrypt = act(|h, _| h.decrypted = true);
    let onflip = act(|h, c| h.flipped = Some(flip_at(&c.wire())));
    let onletgo = {
        let held = held.clone();
        Callback::from(move |_: MouseEvent| held.set(Held::default()))
    };
    html! {
        <fieldset id="eavesdropper">
            <legend>{"Eavesdropper"}</legend>
            <label for="tap">{"Listen on"}</label>
            <select id="tap" onchange={ontap}>
                <option value="" selected={tap.is_none()}>{"Nowhere"}</option>
                { for Tap::ALL.iter().map(|t| html! {
                    <option value={t.slug()} selected={tap == Some(*t)}>{ format!("The link {}", t.label()) }</option>
                }) }
            </select>
            { match (&shown, tap) {
                (_, None) => html! { <p class="hint">{"Put the eavesdropper on a link to read what passes."}</p> },
                (None, Some(t)) => html! { <p class="hint">{ format!("Listening on {}: nothing captured yet.", t.label()) }</p> },
                (Some(c), _) => capture_view(c, held, onkey, ondecrypt, onflip, onletgo),
            } }
        </fieldset>
    }
}

fn capture_view(
    capture: &Capture,
    held: &Held,
    onkey: Callback<MouseEvent>,
    ondecrypt: Callback<MouseEvent>,
    onflip: Callback<MouseEvent>,
    onletgo: Callback<MouseEvent>,
) -> Html {
    let wire = capture.wire();
    let sealed = capture.sealed.is_some();
    let reading = if sealed {
        format!(
            "Captured request {} on {}: ciphertext, {} bytes (the last 16 are the tag)",
            capture.id,
            capture.tap.label(),
            wire.len()
        )
    } else {
        format!(
            "Captured request {} on {}: in the clear, readable by anyone on the link",
            capture.id,
            capture.tap.label()
        )
    };
    html! {
        <div class="capture" id="capture">
            <p>{ reading }</p>
            <pre id="capture-wire" class={if sealed { "wire sealed" } else { "wire clear" }}>
                { if sealed { hex(&wire, HEX_BYTES) } else { capture.text.clone() } }
            </pre>
            if sealed {
                { button("show-key", "Show the key", held.key_shown, onkey) }
                { button("decrypt", "Decrypt with the key", held.decrypted, ondecrypt) }
            }
            { button("flip-byte", "Flip a byte", false, onflip) }
            if held.capture.is_some() {
                { button("let-go", "Back to the newest", false, onletgo) }
            }
            if let (true, Some(key)) = (held.key_shown, capture.key.as_ref()) {
                <p id="capture-key">{ format!("The session key: {}. Only the two ends of the link have it.", hex(key, 32)) }</p>
            }
            if held.decrypted {
                <pre id="capture-plain" class="wire clear">{
                    capture.receive(&wire).unwrap_or_else(|_| "(the tag does not match)".to_string())
                }</pre>
            }
            if let Some(at) = held.flipped {
                <p id="tamper-result" role="status">{ tampered(capture, at) }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::{derive, seal};

    const TEXT: &str = "POST /orders HTTP/1.1\r\n\r\nitem=lamp&qty=2";

    #[test]
    fn a_flipped_byte_goes_unnoticed_in_the_clear_and_is_refused_when_sealed() {
        let clear = Capture { id: 1, tap: Tap::Outer, text: TEXT.to_string(), sealed: None, key: None };
        let said = tampered(&clear, TEXT.len() - 1);
        assert!(said.contains("accepts the changed request") && said.contains("qty=3"), "{said}");
        let key = derive(3, "link");
        let sealed = Capture { sealed: Some(seal(&key, 0, TEXT.as_bytes())), key: Some(key), ..clear };
        let said = tampered(&sealed, flip_at(&sealed.wire()));
        assert!(said.contains("authentication tag fails"), "{said}");
    }
}
