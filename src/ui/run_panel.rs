//! The run: Replay and New run, the seed and digest that identify it, the scenario it started
//! from (pick one, open a file or drop one on the page), and the ways out of the page: Export a
//! scenario file, Share a link that replays the run, Embed it in a course page.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::button::button;
use super::setup::BUNDLED;
use crate::format::{count, fixed};
use crate::sim::time::{to_secs, Micros};

/// Props of [`RunPanel`].
#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// The run's seed.
    pub seed: u64,
    /// How many changes the learner has made in this run (Replay plays them again).
    pub changes: usize,
    /// The run's fingerprint at `now` ([`crate::sim::World::digest`]).
    pub digest: u64,
    /// Simulated time shown, in microseconds.
    pub now: Micros,
    /// The name of the host's scenario in force, if it is one.
    pub scenario: Option<String>,
    /// The title and description of the scenario in force.
    pub about: (String, Option<String>),
    /// What the last Replay, New run, load or share did, if anything.
    pub note: Option<String>,
    /// The link Share made, once asked.
    pub link: Option<String>,
    /// The iframe Embed made, once asked.
    pub snippet: Option<String>,
    /// Restarts with the same seed and changes.
    pub onreplay: Callback<()>,
    /// Restarts with a fresh seed and no changes.
    pub onnewrun: Callback<()>,
    /// Loads the host's scenario of this name.
    pub onload: Callback<String>,
    /// Loads a file the learner picked.
    pub onfile: Callback<web_sys::File>,
    /// Saves the setup and the changes as a scenario file.
    pub onexport: Callback<()>,
    /// Makes a link that replays this run to this moment.
    pub onshare: Callback<()>,
    /// Makes an iframe for a course page.
    pub onembed: Callback<()>,
}

/// The run's panel.
#[function_component(RunPanel)]
pub fn run_panel(props: &RunPanelProps) -> Html {
    let picker = use_node_ref();
    let onload = {
        let (picker, onload) = (picker.clone(), props.onload.clone());
        Callback::from(move |_| {
            if let Some(select) = picker.cast::<HtmlSelectElement>() {
                onload.emit(select.value());
            }
        })
    };
    let onfile = {
        let onfile = props.onfile.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                // The same file can be opened again after a change.
                input.set_value("");
                onfile.emit(file);
            }
        })
    };
    let changes =
        format!("{} change{}", count(props.changes as u64), if props.changes == 1 { "" } else { "s" });
    let select_on_focus = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });
    html! {
        <fieldset class="run">
            <legend>{"Run"}</legend>
            <button id="replay" onclick={props.onreplay.reform(|_| ())} aria-describedby="replay-help">{"Replay"}</button>
            <button id="new-run" onclick={props.onnewrun.reform(|_| ())} aria-describedby="replay-help">{"New run"}</button>
            <span class="seed">
                { format!("seed {} · ", props.seed) }
                <span id="run-time">{ format!("{} s", fixed(to_secs(props.now), 3)) }</span>
                {" · "}
                <span id="run-digest" title="A fingerprint of everything that has happened: equal digests, equal runs">
                    { format!("digest {:016x}", props.digest) }
                </span>
            </span>
            <p class="hint" id="replay-help">{ format!(
                "Replay starts again from 0 s with seed {} and your {changes} at the same simulated times: the same run, \
                 event for event. New run: a new seed, the same scenario, no changes.",
                props.seed,
            ) }</p>
            <label for="scenario-name">{"Scenario"}</label>
            <select id="scenario-name" ref={picker}>
                { for BUNDLED.iter().map(|(name, title)| html! {
                    <option value={*name} selected={props.scenario.as_deref() == Some(*name)}>{ *title }</option>
                }) }
            </select>
            { button("scenario-load", "Load", false, onload) }
            <input id="scenario-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={onfile} />
            <label for="scenario-file" class="file-button">{"Open a file…"}</label>
            <p class="hint" id="scenario-about">
                <strong>{ props.about.0.clone() }</strong>
                { props.about.1.as_ref().map(|d| format!(": {d}")).unwrap_or_default() }
                {" You can also drop a scenario file anywhere on the page."}
            </p>
            { button("scenario-export", "Export", false, props.onexport.reform(|_| ())) }
            { button("share", "Share", false, props.onshare.reform(|_| ())) }
            { button("embed", "Embed", false, props.onembed.reform(|_| ())) }
            if let Some(link) = &props.link {
                <label for="share-link" class="visually-hidden">{"Link to this run"}</label>
                <input id="share-link" readonly=true value={link.clone()} onfocus={select_on_focus} />
            }
            if let Some(snippet) = &props.snippet {
                <label for="embed-snippet" class="visually-hidden">{"HTML to embed this run in a course page"}</label>
                <textarea id="embed-snippet" readonly=true rows="3" value={snippet.clone()} />
            }
            <p class="run-note" id="run-note" role="status">{ props.note.clone().unwrap_or_default() }</p>
        </fieldset>
    }
}
