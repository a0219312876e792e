//! The control panel: time and the run always, and one topic at a time (scale and balance,
//! failures, attacks and defences, or encryption and access) so the side column stays short. Every control is a real
//! button, select or input with a visible label.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::config::MAX_ARRIVAL_RATE;
use crate::sim::time::to_secs;
use crate::sim::{Algorithm, Command, ServerId, ServerSize, ServerSpec, ServerStatus};

use super::attack_controls::{attack_controls, use_attack_state};
use super::block_history::BlockHistory;
use super::button::{button, guarded_button};
use super::clock::SPEEDS;
use super::database_controls::{database_controls, use_replication_group, DatabaseControlsProps};
use super::defence_controls::{defence_controls, use_defence_rows};
use super::edge_panel::edge_panel;
use super::failure_controls::{failure_controls, use_failure_state, FailureControlsProps};
use super::firewall_editor::{firewall_editor, use_editor_state};
use super::follow::WorldHandle;
use super::rate_scale::{position_of, rate_at, SLIDER_MAX};
use super::security_controls::{security_controls, use_security_state};
use super::send::send;
use super::shortcuts;
use super::shot::Shot;
use super::synced_input::use_synced_value;
use crate::format::{fixed, number, percent, rate, within};

/// The groups of controls, one shown at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Servers, the balancer, traffic and autoscaling.
    ScaleAndBalance,
    /// Crashes, restores, retries and chaos, and the database's replication and failover.
    Failures,
    /// A botnet's attack, the edge's defences and firewall, and what they let through.
    Attacks,
    /// TLS and the eavesdropper, encryption at rest, signing in and the login's defences.
    Security,
}

impl Topic {
    /// Every topic, in tab order.
    pub const ALL: [Topic; 4] = [Topic::ScaleAndBalance, Topic::Failures, Topic::Attacks, Topic::Security];

    /// The tab's label.
    pub fn name(self) -> &'static str {
        match self {
            Topic::ScaleAndBalance => "Scale and balance",
            Topic::Failures => "Failures",
            Topic::Attacks => "Attacks and defences",
            Topic::Security => "Encryption and access",
        }
    }

    /// The topic's name in a link's `controls` (see [`crate::course::link::GROUPS`]).
    pub fn slug(self) -> &'static str {
        match self {
            Topic::ScaleAndBalance => "scale",
            Topic::Failures => "failures",
            Topic::Attacks => "attacks",
            Topic::Security => "security",
        }
    }

    /// The tab a key moves to from this one among the tabs `shown`, as the ARIA tabs pattern has
    /// it: the right arrow to the next (round to the first), the left arrow to the previous (round
    /// to the last), Home to the first and End to the last; `None` for any other key.
    pub fn after_key(self, key: &str, shown: &[Topic]) -> Option<Topic> {
        let at = shown.iter().position(|t| *t == self).unwrap_or(0);
        let n = shown.len().max(1);
        let to = match key {
            "ArrowRight" => (at + 1) % n,
            "ArrowLeft" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        shown.get(to).copied()
    }

    /// The tab button's element id, such as "tab-failures".
    pub fn tab_id(self) -> &'static str {
        match self {
            Topic::ScaleAndBalance => "tab-scale",
            Topic::Failures => "tab-failures",
            Topic::Attacks => "tab-attacks",
            Topic::Security => "tab-security",
        }
    }

    /// The tab panel's element id.
    pub fn panel_id(self) -> &'static str {
        match self {
            Topic::ScaleAndBalance => "panel-scale",
            Topic::Failures => "panel-failures",
            Topic::Attacks => "panel-attacks",
            Topic::Security => "panel-security",
        }
    }
}

/// The most servers the learner can have from the controls (scenarios may have up to 100).
pub const UI_MAX_SERVERS: usize = 32;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The world as last published.
    pub snapshot: Shot,
    /// The world itself, for what a panel reads on demand (a stolen disk).
    pub world: WorldHandle,
    /// Whether time is paused.
    pub paused: bool,
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// The server the learner selected, if any.
    pub selected: Option<ServerId>,
    /// The groups of controls shown, in tab order (a course page may show only some).
    pub groups: Vec<Topic>,
    /// What the last Step did, if anything.
    pub step_note: Option<String>,
    /// Sends a command to the world.
    pub oncommand: Callback<Command>,
    /// Toggles pause.
    pub ontogglepause: Callback<()>,
    /// Runs the next event alone.
    pub onstep: Callback<()>,
    /// Sets the speed.
    pub onspeed: Callback<f64>,
}

/// The control panel.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let snap = &props.snapshot;
    let send = |command: Command| send(&props.oncommand, command);
    let add = |size| Command::AddServer { spec: ServerSpec::preset(size), boot: false };
    // The selected server can go unless it is draining or the last one up; with none selected,
    // the newest booting server or, if there are two or more up, the newest up one.
    // The world keeps the last server in rotation that serves; so do the controls.
    let up = snap.up_servers();
    let booting = snap.fleet().booting;
    let present = snap.servers.iter().filter(|s| s.status != ServerStatus::Removed).count();
    // Why the remove button cannot act now, if it cannot.
    let last_up = "The last server taking traffic cannot be removed.".to_string();
    let cannot_remove = match props.selected.and_then(|id| snap.servers.iter().find(|s| s.id == id)) {
        Some(s) => match s.status {
            ServerStatus::Starting { .. } => None,
            ServerStatus::Up => (up <= 1).then_some(last_up),
            ServerStatus::Draining => Some(format!("Server {} is already draining.", s.id.0)),
            ServerStatus::Removed => Some(format!("Server {} has already left.", s.id.0)),
            ServerStatus::Down { .. } => None,
        },
        None => (booting == 0 && up <= 1).then_some(last_up),
    };
    let cannot_add = (present >= UI_MAX_SERVERS)
        .then(|| format!("The controls stop at {UI_MAX_SERVERS} servers (a scenario may have 100)."));
    let groups = &props.groups;
    let first = groups.first().copied().unwrap_or(Topic::ScaleAndBalance);
    let shown = use_state(move || first);
    let ontopic = {
        let shown = shown.clone();
        Callback::from(move |topic: Topic| shown.set(topic))
    };
    // Arrow keys move between the tabs, as the ARIA tabs pattern has it, from the tab that has
    // focus (the one shown, unless another was focused without being chosen).
    let ontabkey = {
        let (shown, ontopic, groups) = (*shown, ontopic.clone(), groups.clone());
        Callback::from(move |e: KeyboardEvent| {
            let focused = e.target_unchecked_into::<web_sys::Element>().id();
            let from = groups.iter().copied().find(|t| t.tab_id() == focused).unwrap_or(shown);
            let Some(next) = from.after_key(&e.key(), &groups) else { return };
            e.prevent_default();
            ontopic.emit(next);
            let tab =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(next.tab_id()));
            if let Some(tab) =
                tab.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            {
                let _ = tab.focus();
            }
        })
    };
    let cannot_burst = snap
        .burst_until
        .map(|until| format!("A flash crowd is under way until {} s.", fixed(to_secs(until), 1)));

    let onalgorithm = props.oncommand.reform(|e: Event| {
        let slug = e.target_unchecked_into::<HtmlSelectElement>().value();
        Command::SetAlgorithm(Algorithm::from_slug(&slug).unwrap_or_default())
    });
    let onrate = props.oncommand.reform(|e: Event| {
        let position = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0);
        Command::SetArrivalRate(rate_at(position))
    });
    let onrate_exact = {
        let (oncommand, base_rate) = (props.oncommand.clone(), snap.base_rate);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let value = input.value_as_number();
            // An empty or unreadable entry changes nothing; the box shows the rate in force again.
            let rate = if value.is_finite() { within(value, 0.0, MAX_ARRIVAL_RATE) } else { base_rate };
            input.set_value(&number(rate));
            if rate != base_rate {
                oncommand.emit(Command::SetArrivalRate(rate));
            }
        })
    };
    // The options are SPEEDS in order, so the chosen one's index names its speed.
    let onspeed = props.onspeed.reform(|e: Event| {
        let chosen = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        usize::try_from(chosen).ok().and_then(|i| SPEEDS.get(i)).copied().unwrap_or(1.0)
    });
    let onautoscale = props
        .oncommand
        .reform(|e: Event| Command::SetAutoscaling(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let ontarget = props.oncommand.reform(|e: Event| {
        // The browser reads the slider's number (Rust's float parser costs the page 10 KB).
        let value = e.target_unchecked_into::<HtmlInputElement>().value_as_number();
        let target = if value.is_finite() { value } else { 70.0 };
        Command::SetTargetUtilization(target / 100.0)
    });
    let rate_text = format!("{} requests per second", rate(snap.base_rate));
    let rate_slider = use_synced_value(position_of(snap.base_rate).to_string());
    let rate_box = use_synced_value(number(snap.base_rate));
    let target_slider = use_synced_value(number((snap.autoscale.target_utilization * 100.0).round()));
    // What the edge panel saw over the last 10 s, to tell which defences block users now.
    let block_history = use_mut_ref(BlockHistory::default);
    let attack_state = use_attack_state();
    let editor_state = use_editor_state();
    let failure_state = use_failure_state(snap.chaos);
    let defence_rows = use_defence_rows(&snap.edge.defences);
    let replication_group = use_replication_group();
    let security_state = use_security_state();

    html! {
        <section class="controls" aria-label="Controls">
            <fieldset>
                <legend>{"Time"}</legend>
                { button("play-pause", if props.paused { "Play" } else { "Pause" }, false, props.ontogglepause.reform(|_| ())) }
                <button id="step" onclick={props.onstep.reform(|_| ())} title="Pause and run the next event">{"Step"}</button>
                <label for="speed">{"Speed"}</label>
                <select id="speed" onchange={onspeed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={number(*s)} selected={*s == props.speed}>{ format!("{}×", number(*s)) }</option>
                    }) }
                </select>
                <p class="run-note" id="step-note" role="status">{ props.step_note.clone().unwrap_or_default() }</p>
                <p class="hint" id="shortcuts">{ shortcuts::HELP }</p>
            </fieldset>
            <div class="topic-tabs" role="tablist" aria-label="Topics" onkeydown={ontabkey}>
                { for groups.iter().map(|t| {
                    let (topic, ontopic) = (*t, ontopic.clone());
                    html! {
                        <button id={t.tab_id()} role="tab" aria-selected={(*t == *shown).to_string()}
                            tabindex={if *t == *shown { "0" } else { "-1" }}
                            aria-controls={t.panel_id()} onclick={Callback::from(move |_| ontopic.emit(topic))}>
                            { t.name() }
                        </button>
                    }
                }) }
            </div>
            <div id={Topic::ScaleAndBalance.panel_id()} role="tabpanel" aria-labelledby={Topic::ScaleAndBalance.tab_id()}
                hidden={*shown != Topic::ScaleAndBalance}>
                <fieldset>
                    <legend>{"Servers"}</legend>
                    { guarded_button("add-server", "Add server", "why-add", cannot_add.clone(), send(add(ServerSize::Small))) }
                    { guarded_button("add-large-server", "Add large server", "why-add", cannot_add.clone(), send(add(ServerSize::Large))) }
                    { guarded_button(
                        "remove-server",
                        match props.selected { Some(id) => format!("Remove server {}", id.0), None => "Remove server".to_string() },
                        "why-remove",
                        cannot_remove.clone(),
                        send(Command::RemoveServer(props.selected)),
                    ) }
                    <p class="why" id="why-add">{ cannot_add.unwrap_or_default() }</p>
                    <p class="why" id="why-remove">{ cannot_remove.unwrap_or_default() }</p>
                    <p class="hint">{ format!("{present} of {UI_MAX_SERVERS}. Small: 2 workers, weight 1. Large: 4 workers, weight 2. Select a server to remove it.") }</p>
                </fieldset>
                <fieldset>
                    <legend>{"Load balancer"}</legend>
                    <label for="algorithm">{"Balancing algorithm"}</label>
                    <select id="algorithm" onchange={onalgorithm} aria-describedby="algorithm-help">
                        { for Algorithm::ALL.iter().map(|a| html! {
                            <option value={a.slug()} selected={*a == snap.algorithm}>{ a.name() }</option>
                        }) }
                    </select>
                    <p class="hint" id="algorithm-help">{ snap.algorithm.explanation() }</p>
                </fieldset>
                <fieldset>
                    <legend>{"Traffic"}</legend>
                    <label for="arrival-rate">{"Arrival rate"}</label>
                    <input id="arrival-rate" ref={rate_slider} type="range" min="0" max={SLIDER_MAX.to_string()} step="1"
                        aria-valuetext={rate_text.clone()} onchange={onrate} />
                    <label for="arrival-rate-exact" class="visually-hidden">{"Arrival rate, requests per second"}</label>
                    <input id="arrival-rate-exact" ref={rate_box} type="number" min="0" max={number(MAX_ARRIVAL_RATE)} step="any"
                        onchange={onrate_exact} />
                    <span class="unit">{"req/s"}</span>
                    { guarded_button("burst", "Flash crowd", "why-burst", cannot_burst.clone(), send(Command::Burst)) }
                    <p class="why" id="why-burst">{ cannot_burst.unwrap_or_default() }</p>
                </fieldset>
                <fieldset>
                    <legend>{"Autoscaling"}</legend>
                    <input id="autoscale" type="checkbox" checked={snap.autoscale.enabled} onchange={onautoscale} />
                    <label for="autoscale">{"Autoscale"}</label>
                    <label for="target-utilization">{ format!("Target {}", percent(snap.autoscale.target_utilization)) }</label>
                    <input id="target-utilization" ref={target_slider} type="range" min="30" max="95" step="5"
                        onchange={ontarget} />
                    <p class="hint">{ format!(
                        "Every {} s it averages the last {} s and asks for busy workers ÷ target; it shrinks only \
                         after {} s of lower asks. New servers boot for {} s.",
                        number(to_secs(snap.autoscale.sync_period)),
                        number(to_secs(snap.autoscale.metric_window)),
                        number(to_secs(snap.autoscale.scale_down_stabilization)),
                        number(to_secs(snap.autoscale.startup_delay)),
                    ) }</p>
                </fieldset>
            </div>
            <div id={Topic::Failures.panel_id()} role="tabpanel" aria-labelledby={Topic::Failures.tab_id()}
                hidden={*shown != Topic::Failures}>
                { failure_controls(
                    &FailureControlsProps { snapshot: props.snapshot.clone(), selected: props.selected, oncommand: props.oncommand.clone() },
                    &failure_state,
                ) }
                if let Some(db) = snap.database.clone() {
                    { database_controls(&DatabaseControlsProps { db, now: snap.now, oncommand: props.oncommand.clone() }, &replication_group) }
                }
            </div>
            <div id={Topic::Attacks.panel_id()} role="tabpanel" aria-labelledby={Topic::Attacks.tab_id()}
                hidden={*shown != Topic::Attacks}>
                { attack_controls(snap.edge.attack.as_ref(), &props.oncommand, &attack_state) }
                { edge_panel(&snap.edge, snap.now, &block_history) }
                { defence_controls(&snap.edge.defences, &defence_rows, &props.oncommand) }
                { firewall_editor(snap.edge.defences.firewall.as_ref(), &props.oncommand, &editor_state) }
            </div>
            <div id={Topic::Security.panel_id()} role="tabpanel" aria-labelledby={Topic::Security.tab_id()}
                hidden={*shown != Topic::Security}>
                { security_controls(snap, &props.world, &props.oncommand, &security_state) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arrow_keys_go_round_the_tabs_and_home_and_end_reach_either_end() {
        use Topic::*;
        let all = &Topic::ALL;
        assert_eq!(ScaleAndBalance.after_key("ArrowRight", all), Some(Failures));
        assert_eq!(Failures.after_key("ArrowRight", all), Some(Attacks));
        assert_eq!(Attacks.after_key("ArrowRight", all), Some(Security));
        assert_eq!(Security.after_key("ArrowRight", all), Some(ScaleAndBalance));
        assert_eq!(ScaleAndBalance.after_key("ArrowLeft", all), Some(Security));
        assert_eq!(Attacks.after_key("ArrowLeft", all), Some(Failures));
        assert_eq!(Failures.after_key("Home", all), Some(ScaleAndBalance));
        assert_eq!(Failures.after_key("End", all), Some(Security));
        assert_eq!(Failures.after_key("Enter", all), None);
    }

    #[test]
    fn with_some_groups_shown_the_keys_go_round_those_only() {
        use Topic::*;
        let shown = [Failures, Security];
        assert_eq!(Failures.after_key("ArrowRight", &shown), Some(Security));
        assert_eq!(Security.after_key("ArrowRight", &shown), Some(Failures));
        assert_eq!(Security.after_key("Home", &shown), Some(Failures));
        assert_eq!(Failures.after_key("End", &[Failures]), Some(Failures));
    }

    #[test]
    fn slugs_are_the_links_group_names() {
        let slugs: Vec<&str> = Topic::ALL.iter().map(|t| t.slug()).collect();
        assert_eq!(slugs, crate::course::link::GROUPS);
    }
}
