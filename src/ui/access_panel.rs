//! Authentication and access control as the learner tries them: sign in against the stored
//! salted hashes, get a signed token, call the shop's pages with it (or without it, or with an
//! altered one) and read the answers: 200, 401 or 403, counted with everyone else's.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::{count, hex, seconds};
use crate::sim::security::{alter, AccountRow, AuthView, Claims, Endpoint, Role, Session};
use crate::sim::time::{to_secs, Micros};
use crate::sim::Command;

use super::button::button;
use super::send::send;

/// A copy of the session's token that claims the admin role, as a forger would alter it: the
/// signature no longer matches, so the server refuses it.
pub fn claim_admin(session: &Session) -> Vec<u8> {
    alter(&session.token, Claims { admin: true, ..session.claims })
}

/// A token's lifetime in words: whole minutes from a minute up ("15 min"), else seconds.
pub fn lifetime(micros: Micros) -> String {
    let secs = to_secs(micros);
    if secs >= 60.0 && secs % 60.0 == 0.0 {
        format!("{} min", secs as u64 / 60)
    } else {
        seconds(secs)
    }
}

/// The sign-in boxes.
pub struct AccessState {
    name: NodeRef,
    password: NodeRef,
}

/// The sign-in boxes' handles.
#[hook]
pub fn use_access_state() -> AccessState {
    AccessState { name: use_node_ref(), password: use_node_ref() }
}

/// The counts of everyone's answers, in words.
pub fn counts_line(auth: &AuthView) -> String {
    let t = &auth.totals;
    format!(
        "Logins {} ({} refused). 401 Unauthorized: {}. 403 Forbidden: {}. 429 throttled: {}. Accounts taken \
         over: {}. Users locked out: {}. Stolen token used: {}.",
        count(t.logins),
        count(t.failed_logins),
        count(t.unauthorized),
        count(t.forbidden),
        count(t.throttled),
        count(t.takeovers),
        count(t.lockouts),
        count(t.stolen_token_uses),
    )
}

/// The sign-in and access fieldset: `auth` is the world's authentication now, `now` its time.
pub fn access_panel(
    auth: &AuthView,
    now: Micros,
    oncommand: &Callback<Command>,
    state: &AccessState,
) -> Html {
    // An empty box signs in with what it shows greyed: ada and her password.
    let onsignin = {
        let (name, password, oncommand) = (state.name.clone(), state.password.clone(), oncommand.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let read = |r: &NodeRef| {
                let input = r.cast::<HtmlInputElement>();
                input
                    .map(|i| if i.value().is_empty() { i.placeholder() } else { i.value() })
                    .unwrap_or_default()
            };
            oncommand.emit(Command::SignIn { name: read(&name), password: read(&password) });
        })
    };
    let call =
        |endpoint: Endpoint, token: Option<Vec<u8>>| send(oncommand, Command::Call { endpoint, token });
    html! {
        <fieldset id="access">
            <legend>{"Sign in and access"}</legend>
            <form onsubmit={onsignin}>
                <label for="sign-in-name">{"User"}</label>
                <input id="sign-in-name" ref={state.name.clone()} autocomplete="off" placeholder="ada" />
                <label for="sign-in-password">{"Password"}</label>
                <input id="sign-in-password" ref={state.password.clone()} autocomplete="off" placeholder={auth.demo_password.clone()} />
                <button id="sign-in" type="submit">{"Sign in"}</button>
            </form>
            <p class="hint">{ format!("Empty boxes sign in as ada, a user, with her password; {} is an admin. Tokens last {}.", auth.admin_name, lifetime(auth.config.token_lifetime)) }</p>
            { match &auth.session {
                None => html! {
                    <>
                        <p id="session">{"Not signed in."}</p>
                        { button("call-no-token", "GET /orders with no token", false, call(Endpoint::Orders, None)) }
                    </>
                },
                Some(s) => {
                    let account = s.claims.user;
                    let left = s.claims.expires.saturating_sub(now);
                    html! {
                        <>
                            <p id="session">{ format!(
                                "Signed in as {} ({}). The token expires in {}; its {} bytes are the claims and their \
                                 HMAC-SHA256 signature:",
                                s.name, if s.claims.admin { "admin" } else { "user" }, seconds(to_secs(left)), s.token.len()
                            ) }</p>
                            <pre id="token" class="wire">{ hex(&s.token, 48) }</pre>
                            { button("call-orders", "GET /orders", false, call(Endpoint::Orders, Some(s.token.clone()))) }
                            { button("call-admin", "GET /admin", false, call(Endpoint::Admin, Some(s.token.clone()))) }
                            { button("call-forged", "Alter the token to claim admin", false, call(Endpoint::Admin, Some(claim_admin(s)))) }
                            { button("steal-token", "A thief copies this token", false, send(oncommand, Command::StealToken { account })) }
                            { button("revoke-tokens", "Revoke this user's tokens", false, send(oncommand, Command::RevokeTokens { account })) }
                            { button("sign-out", "Sign out", false, send(oncommand, Command::SignOut)) }
                        </>
                    }
                }
            } }
            if let Some(result) = &auth.last_call {
                <p id="call-result" role="status" class={if result.status.code() == 200 { "answer ok" } else { "answer refused" }}>
                    { format!("{} → {}: {}", result.endpoint.path(), result.status.describe(), result.why) }
                </p>
            }
            if let Some(account) = auth.thief {
                <p id="thief">{ format!(
                    "A thief is replaying account {account}'s token: it works until it expires or is revoked."
                ) }</p>
                { button("revoke-stolen", format!("Revoke account {account}'s tokens"), false, send(oncommand, Command::RevokeTokens { account })) }
            }
            <p class="figures" id="auth-counts">{ counts_line(auth) }</p>
            { accounts_table(&auth.accounts) }
        </fieldset>
    }
}

/// The stored passwords, as the database keeps them: a salt and a slow hash, never the password.
fn accounts_table(accounts: &[AccountRow]) -> Html {
    html! {
        <table id="accounts" class="accounts">
            <caption>{"Stored passwords: a random salt each and PBKDF2-HMAC-SHA256 of salt and password"}</caption>
            <thead><tr><th scope="col">{"User"}</th><th scope="col">{"Role"}</th><th scope="col">{"Salt"}</th><th scope="col">{"Hash"}</th><th scope="col">{"State"}</th></tr></thead>
            <tbody>
                { for accounts.iter().map(|a| html! {
                    <tr>
                        <th scope="row">{ &a.name }</th>
                        <td>{ if a.role == Role::Admin { "admin" } else { "user" } }</td>
                        <td><code>{ format!("{} …", hex(&a.hash.salt[..4], 4)) }</code></td>
                        <td><code>{ format!("{} …", hex(&a.hash.hash[..6], 6)) }</code></td>
                        <td>{ match (a.taken_over, a.locked) { (true, _) => "taken over", (_, true) => "locked", _ => "" } }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::{derive, sign, verify, TokenError};

    #[test]
    fn lifetimes_read_in_minutes_when_whole() {
        use crate::sim::time::SECOND;
        assert_eq!(lifetime(900 * SECOND), "15 min");
        assert_eq!(lifetime(90 * SECOND), "90.0 s");
    }

    #[test]
    fn a_token_altered_to_claim_admin_fails_its_signature() {
        let key = derive(9, "tokens");
        let claims = Claims { user: 0, admin: false, expires: 1_000 };
        let session = Session { name: "ada".into(), token: sign(&key, claims), claims };
        let altered = claim_admin(&session);
        assert_ne!(altered, session.token);
        assert_eq!(verify(&key, &altered, 0), Err(TokenError::BadSignature));
    }
}
