//! The login's defences against credential stuffing, one checkbox each: throttling per account
//! and per address, lockout, and a second factor, with what each costs.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::security::{AuthConfig, Lockout, LoginDefences};
use crate::sim::Command;

/// Login attempts a minute an account may have with throttling on (OWASP suggests a handful).
pub const PER_ACCOUNT: u32 = 5;

/// Login attempts a minute an address may make with throttling on (higher: a NAT's users share one).
pub const PER_ADDRESS: u32 = 20;

/// One checkbox: its id, its label, what it does, and how it changes the defences.
struct Row {
    id: &'static str,
    label: &'static str,
    help: &'static str,
    on: fn(&LoginDefences) -> bool,
    set: fn(&mut LoginDefences, bool),
}

const ROWS: [Row; 4] = [
    Row {
        id: "throttle-account",
        label: "Throttle each account (5 tries a minute)",
        help: "Slows guessing at one account; the rest go on.",
        on: |d| d.throttle_per_account.is_some(),
        set: |d, on| d.throttle_per_account = on.then_some(PER_ACCOUNT),
    },
    Row {
        id: "throttle-address",
        label: "Throttle each address (20 tries a minute)",
        help: "Each bot gets few tries; users behind one NAT share the allowance.",
        on: |d| d.throttle_per_address.is_some(),
        set: |d, on| d.throttle_per_address = on.then_some(PER_ADDRESS),
    },
    Row {
        id: "lockout",
        label: "Lock an account after 5 failures (15 minutes)",
        help: "Stops guessing at it, and locks its real owner out too.",
        on: |d| d.lockout.is_some(),
        set: |d, on| d.lockout = on.then(Lockout::default),
    },
    Row {
        id: "second-factor",
        label: "Ask for a second factor",
        help: "A right password alone no longer opens the account.",
        on: |d| d.second_factor,
        set: |d, on| d.second_factor = on,
    },
];

/// The login defences fieldset: `config` is the authentication in force.
pub fn login_defences(config: &AuthConfig, oncommand: &Callback<Command>) -> Html {
    html! {
        <fieldset id="login-defences">
            <legend>{"Login defences"}</legend>
            { for ROWS.iter().map(|row| {
                let (config, set) = (*config, row.set);
                let onchange = oncommand.reform(move |e: Event| {
                    let mut next = config;
                    set(&mut next.defences, e.target_unchecked_into::<HtmlInputElement>().checked());
                    Command::SetAuth(Some(next))
                });
                let help = format!("{}-help", row.id);
                html! {
                    <div class="row">
                        <input id={row.id} type="checkbox" checked={(row.on)(&config.defences)} {onchange} aria-describedby={help.clone()} />
                        <label for={row.id}>{ row.label }</label>
                        <p class="hint" id={help}>{ row.help }</p>
                    </div>
                }
            }) }
        </fieldset>
    }
}
