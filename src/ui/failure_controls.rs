//! The failure controls: crash and restore the selected server, retries and their budget, and
//! chaos, with the health checks' settings in words.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::time::{from_secs, to_secs, Micros};
use crate::sim::{ChaosConfig, Command, RetryConfig, ServerId, ServerStatus, Snapshot};

/// Props of [`FailureControls`].
#[derive(Properties, PartialEq)]
pub struct FailureControlsProps {
    /// The world as last published.
    pub snapshot: Rc<Snapshot>,
    /// The server the learner selected, if any.
    pub selected: Option<ServerId>,
    /// Sends a command to the world.
    pub oncommand: Callback<Command>,
}

/// Crash, restore, retries and chaos.
#[function_component(FailureControls)]
pub fn failure_controls(props: &FailureControlsProps) -> Html {
    let snap = &props.snapshot;
    let send = |command: Command| props.oncommand.reform(move |_: MouseEvent| command.clone());
    // Crash and restore act on the selected server.
    let chosen = props.selected.and_then(|id| snap.servers.iter().find(|s| s.id == id));
    let cannot_crash = match chosen {
        None => Some("Select a server on the stage to crash it.".to_string()),
        Some(s) if matches!(s.status, ServerStatus::Up | ServerStatus::Starting { .. }) => None,
        Some(s) => Some(format!("Server {} is not running, so it cannot crash.", s.id.0)),
    };
    let cannot_restore = match chosen {
        Some(s) if matches!(s.status, ServerStatus::Down { .. }) => None,
        Some(s) => Some(format!("Server {} has not crashed.", s.id.0)),
        None => Some("Select a crashed server to restore it.".to_string()),
    };
    // Said only when neither button can act: otherwise the one that can is the answer.
    let why_failure = cannot_restore.is_some().then(|| cannot_crash.clone()).flatten();
    let retries = snap.retry_config;
    let onretries = {
        let budget = retries.budget;
        props.oncommand.reform(move |e: Event| {
            let max_attempts = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1);
            Command::SetRetries(RetryConfig { max_attempts, budget })
        })
    };
    let onbudget = {
        let max_attempts = retries.max_attempts;
        props.oncommand.reform(move |e: Event| {
            let budget = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0.2);
            Command::SetRetries(RetryConfig { max_attempts, budget })
        })
    };
    let chaos = snap.chaos;
    let onchaos = props.oncommand.reform(move |e: Event| {
        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
        Command::SetChaos(on.then(|| chaos.unwrap_or_default()))
    });
    let chaos_setting = |set: fn(&mut ChaosConfig, Micros)| {
        props.oncommand.reform(move |e: Event| {
            let secs = e.target_unchecked_into::<HtmlInputElement>().value_as_number();
            let mut c = chaos.unwrap_or_default();
            if secs.is_finite() && secs > 0.0 {
                set(&mut c, from_secs(secs));
            }
            Command::SetChaos(Some(c))
        })
    };
    let onmtbf = chaos_setting(|c, t| c.server_mtbf = t);
    let onmttr = chaos_setting(|c, t| c.server_mttr = t);
    let shown = chaos.unwrap_or_default();
    html! {
            <fieldset>
                <legend>{"Failures"}</legend>
                <button id="crash-server" disabled={cannot_crash.is_some()} aria-describedby="why-crash"
                    title={cannot_crash.clone()} onclick={send(Command::CrashServer(props.selected.unwrap_or(ServerId(0))))}>
                    { props.selected.map_or("Crash server".to_string(), |id| format!("Crash server {}", id.0)) }
                </button>
                <button id="restore-server" disabled={cannot_restore.is_some()} aria-describedby="why-crash"
                    title={cannot_restore.clone()} onclick={send(Command::RestoreServer(props.selected.unwrap_or(ServerId(0))))}>
                    { props.selected.map_or("Restore server".to_string(), |id| format!("Restore server {}", id.0)) }
                </button>
                <p class="why" id="why-crash">{ why_failure.unwrap_or_default() }</p>
                <label for="retries">{"Retries"}</label>
                <select id="retries" onchange={onretries}>
                    { for [(1u8, "off"), (2, "up to 2 tries"), (3, "up to 3 tries")].iter().map(|(n, name)| html! {
                        <option value={n.to_string()} selected={retries.max_attempts == *n}>{ *name }</option>
                    }) }
                </select>
                <label for="retry-budget">{"Budget"}</label>
                <select id="retry-budget" onchange={onbudget} disabled={retries.max_attempts <= 1}>
                    <option value="0.2" selected={retries.budget < 1.0}>{"20% of requests"}</option>
                    <option value="1" selected={retries.budget >= 1.0}>{"none"}</option>
                </select>
                <div class="control-row">
                    <input id="chaos" type="checkbox" checked={chaos.is_some()} onchange={onchaos} />
                    <label for="chaos">{"Chaos"}</label>
                    <label for="chaos-mtbf">{"crash every"}</label>
                    <input id="chaos-mtbf" class="seconds" type="number" min="1" step="1" value={to_secs(shown.server_mtbf).to_string()}
                        disabled={chaos.is_none()} onchange={onmtbf} />
                    <label for="chaos-mttr">{"s, back after"}</label>
                    <input id="chaos-mttr" class="seconds" type="number" min="1" step="1" value={to_secs(shown.server_mttr).to_string()}
                        disabled={chaos.is_none()} onchange={onmttr} />
                    <span class="unit">{"s (means)"}</span>
                </div>
                <p class="hint">{ format!(
                    "Health checks every {} s; {} failed in a row take a server out, {} passed bring it back.",
                    to_secs(snap.health_check.interval),
                    snap.health_check.unhealthy_threshold,
                    snap.health_check.healthy_threshold
                ) }</p>
            </fieldset>
    }
}
