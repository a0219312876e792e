//! Encryption at rest: the learner switches it on or off, steals one of the database's disks and
//! reads what a thief gets, rows or ciphertext, and may destroy the key in the key service, which
//! makes the data unreadable for good.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::hex;
use crate::sim::database::DatabaseView;
use crate::sim::security::{AtRestView, StolenDisk};
use crate::sim::Command;

use super::follow::WorldHandle;
use super::send::send;

/// Bytes of a stolen row shown in hex before the rest is cut.
const ROW_BYTES: usize = 24;

/// The disk the learner stole last, as the thief read it then.
pub struct DiskTheftState(UseStateHandle<Option<StolenDisk>>);

/// Nothing stolen yet.
#[hook]
pub fn use_disk_theft_state() -> DiskTheftState {
    DiskTheftState(use_state(|| None))
}

/// The key service's line: where the key is, or that it is gone.
pub fn key_line(at_rest: &AtRestView) -> String {
    match (&at_rest.key, at_rest.on) {
        (None, _) => "The key was destroyed. Every copy of the data, on every disk and in every backup, is \
                      ciphertext that no one can read again: not a thief, not us."
            .to_string(),
        (Some(key), true) => format!(
            "The data key lives in the key service, not on the disks: {}. A thief with a disk has only \
             ciphertext.",
            hex(&key[..8], 8)
        ),
        (Some(_), false) => {
            "The disks hold the data as the database wrote it: whoever holds a disk can read it.".to_string()
        }
    }
}

/// The at-rest fieldset: the setting, Steal a disk, the thief's view and Destroy the key.
pub fn disk_theft(
    at_rest: &AtRestView,
    database: Option<&DatabaseView>,
    world: &WorldHandle,
    oncommand: &Callback<Command>,
    state: &DiskTheftState,
) -> Html {
    let stolen = &state.0;
    let Some(db) = database else {
        return html! {};
    };
    let primary = db.primary;
    let onsteal = {
        let (world, stolen) = (world.clone(), stolen.clone());
        Callback::from(move |_: MouseEvent| stolen.set(world.0.borrow().steal_disk(primary, 0)))
    };
    let ontoggle = {
        let (oncommand, stolen) = (oncommand.clone(), stolen.clone());
        Callback::from(move |e: Event| {
            stolen.set(None);
            oncommand.emit(Command::SetAtRest(e.target_unchecked_into::<HtmlInputElement>().checked()));
        })
    };
    let destroyed = at_rest.key.is_none();
    html! {
        <fieldset id="at-rest">
            <legend>{"Encryption at rest"}</legend>
            <input id="at-rest-on" type="checkbox" checked={at_rest.on} onchange={ontoggle} disabled={destroyed} />
            <label for="at-rest-on">{"Encrypt the database's disks"}</label>
            <p class="hint" id="key-service">{ key_line(at_rest) }</p>
            <button id="steal-disk" onclick={onsteal}>{ format!("Steal disk 1 of node {}", primary.0) }</button>
            if at_rest.on && !destroyed {
                <button id="destroy-key" class="danger" onclick={send(oncommand, Command::DestroyAtRestKey)}>
                    {"Destroy the key"}
                </button>
            }
            if let Some(disk) = stolen.as_ref() {
                { stolen_view(disk) }
            }
        </fieldset>
    }
}

/// What the thief reads off `disk`: the rows, or their ciphertext in hex.
fn stolen_view(disk: &StolenDisk) -> Html {
    let said = if disk.rows.is_empty() {
        format!("The thief reads {}: nothing yet, the database has written no rows to it.", disk.label)
    } else if disk.encrypted {
        format!("The thief reads {}: ciphertext only, no row, no name, no card number.", disk.label)
    } else {
        format!("The thief reads {}: every row, as the database wrote it.", disk.label)
    };
    html! {
        <div id="stolen-disk" class={if disk.encrypted { "stolen sealed" } else { "stolen clear" }}>
            <p role="status">{ said }</p>
            <ul>
                { for disk.rows.iter().map(|row| html! {
                    <li><code>{ if disk.encrypted { hex(&row.bytes, ROW_BYTES) } else { row.text.clone() } }</code></li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_line_says_where_the_key_is_and_that_a_destroyed_one_is_gone_for_good() {
        let key = [0xab; 32];
        assert!(key_line(&AtRestView { on: true, key: Some(key) }).contains("ab ab ab"));
        assert!(key_line(&AtRestView { on: false, key: Some(key) }).contains("can read it"));
        assert!(key_line(&AtRestView { on: true, key: None }).contains("no one can read again"));
    }
}
