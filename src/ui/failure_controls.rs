//! The failure controls: crash and restore the selected server, retries and their budget, and
//! chaos (disk failures too when the world has a database), with the health checks' settings in
//! words.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format::{count, number, seconds};
use crate::sim::time::{from_secs, to_secs, Micros};
use crate::sim::{ChaosConfig, Command, RetryConfig, ServerId, ServerStatus};

use super::button::guarded_button;
use super::send::send;
use super::shot::Shot;
use super::synced_input::use_synced_value;

/// The longest mean time a chaos box takes, in seconds (the world takes up to 10¹² µs).
const MAX_CHAOS_SECS: f64 = 1_000_000.0;

/// Reads a chaos mean time typed in seconds into the box labelled `label`: from 1 to
/// [`MAX_CHAOS_SECS`]. A bad value (empty, not a number, out of range) is refused with a
/// message saying what the box takes and that `current` stays.
fn chaos_seconds(label: &str, typed: f64, current: Micros) -> Result<Micros, String> {
    if typed.is_finite() && (1.0..=MAX_CHAOS_SECS).contains(&typed) {
        Ok(from_secs(typed))
    } else {
        Err(format!(
            "\u{201c}{label}\u{201d} takes 1 to {} seconds; it stays {}.",
            count(MAX_CHAOS_SECS as u64),
            seconds(to_secs(current))
        ))
    }
}

/// What the failure controls keep between renders: why the last chaos time typed was refused,
/// if it was, and the four chaos boxes.
pub struct FailureState {
    chaos_problem: UseStateHandle<Option<String>>,
    boxes: [NodeRef; 4],
}

/// The failure controls' state, the chaos boxes following `chaos` (the default times while
/// chaos is off).
#[hook]
pub fn use_failure_state(chaos: Option<ChaosConfig>) -> FailureState {
    let chaos_problem = use_state(|| None::<String>);
    let shown = chaos.unwrap_or_default();
    let secs_of = |t: Micros| number(to_secs(t));
    let boxes = [
        use_synced_value(secs_of(shown.server_mtbf)),
        use_synced_value(secs_of(shown.server_mttr)),
        use_synced_value(secs_of(shown.disk_mtbf)),
        use_synced_value(secs_of(shown.disk_mttr)),
    ];
    FailureState { chaos_problem, boxes }
}

/// Props of [`failure_controls`].
#[derive(Properties, PartialEq)]
pub struct FailureControlsProps {
    /// The world as last published.
    pub snapshot: Shot,
    /// The server the learner selected, if any.
    pub selected: Option<ServerId>,
    /// Sends a command to the world.
    pub oncommand: Callback<Command>,
}

/// Crash, restore, retries and chaos.
pub fn failure_controls(props: &FailureControlsProps, state: &FailureState) -> Html {
    let snap = &props.snapshot;
    let send = |command: Command| send(&props.oncommand, command);
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
            // The options' values are "0.2" and "1", read without a float parser.
            let budget = match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "1" => 1.0,
                _ => 0.2,
            };
            Command::SetRetries(RetryConfig { max_attempts, budget })
        })
    };
    let chaos = snap.chaos;
    let FailureState { chaos_problem, boxes: [mtbf_box, mttr_box, disk_mtbf_box, disk_mttr_box] } = state;
    let onchaos = {
        let (oncommand, chaos_problem) = (props.oncommand.clone(), chaos_problem.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            chaos_problem.set(None);
            oncommand.emit(Command::SetChaos(on.then(|| chaos.unwrap_or_default())));
        })
    };
    let chaos_setting = |label: &'static str, field: fn(&mut ChaosConfig) -> &mut Micros| {
        let (oncommand, chaos_problem) = (props.oncommand.clone(), chaos_problem.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let mut c = chaos.unwrap_or_default();
            let slot = field(&mut c);
            match chaos_seconds(label, input.value_as_number(), *slot) {
                Ok(time) => {
                    chaos_problem.set(None);
                    if time != *slot {
                        *slot = time;
                        oncommand.emit(Command::SetChaos(Some(c)));
                    }
                }
                Err(why) => {
                    // Nothing changes: the box shows the time in force again.
                    input.set_value(&number(to_secs(*slot)));
                    chaos_problem.set(Some(why));
                }
            }
        })
    };
    let time_box = |id: &'static str,
                    label: &'static str,
                    node: &NodeRef,
                    field: fn(&mut ChaosConfig) -> &mut Micros| {
        html! {
            <>
                <label for={id}>{ label }</label>
                <input {id} ref={node.clone()} class="seconds" type="number" min="1" step="1" disabled={chaos.is_none()}
                    onchange={chaos_setting(label, field)} aria-describedby="why-chaos" />
                <span class="unit">{"s"}</span>
            </>
        }
    };
    html! {
            <fieldset>
                <legend>{"Failures"}</legend>
                { guarded_button(
                    "crash-server",
                    props.selected.map_or("Crash server".to_string(), |id| format!("Crash server {}", id.0)),
                    "why-crash",
                    cannot_crash.clone(),
                    send(Command::CrashServer(props.selected.unwrap_or(ServerId(0)))),
                ) }
                { guarded_button(
                    "restore-server",
                    props.selected.map_or("Restore server".to_string(), |id| format!("Restore server {}", id.0)),
                    "why-crash",
                    cannot_restore.clone(),
                    send(Command::RestoreServer(props.selected.unwrap_or(ServerId(0)))),
                ) }
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
                    <span class="unit">{"random failures, mean times:"}</span>
                </div>
                <div class="chaos-times">
                    { time_box("chaos-mtbf", "a server crashes every", mtbf_box, |c| &mut c.server_mtbf) }
                    { time_box("chaos-mttr", "and is back after", mttr_box, |c| &mut c.server_mttr) }
                    if snap.database.is_some() {
                        { time_box("chaos-disk-mtbf", "a disk fails every", disk_mtbf_box, |c| &mut c.disk_mtbf) }
                        { time_box("chaos-disk-mttr", "and is replaced after", disk_mttr_box, |c| &mut c.disk_mttr) }
                    }
                </div>
                <p class="why" id="why-chaos" role="status">{ (**chaos_problem).clone().unwrap_or_default() }</p>
                <p class="hint">{ format!(
                    "Health checks every {} s; {} failed in a row take a server out, {} passed bring it back.",
                    number(to_secs(snap.health_check.interval)),
                    snap.health_check.unhealthy_threshold,
                    snap.health_check.healthy_threshold
                ) }</p>
            </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;

    #[test]
    fn a_bad_chaos_time_is_refused_with_what_the_box_takes() {
        assert_eq!(chaos_seconds("crash every", 90.0, 60 * SECOND), Ok(90 * SECOND));
        assert_eq!(chaos_seconds("crash every", 1.5, 60 * SECOND), Ok(1_500_000));
        let refused = "\u{201c}disks fail every\u{201d} takes 1 to 1,000,000 seconds; it stays 300.0 s.";
        for typed in [f64::NAN, 0.0, -5.0, 0.5, 2e6, f64::INFINITY] {
            assert_eq!(
                chaos_seconds("disks fail every", typed, 300 * SECOND),
                Err(refused.to_string()),
                "{typed}"
            );
        }
    }
}
