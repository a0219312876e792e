//! Encryption in transit: where TLS ends (nowhere, at the balancer, or at the servers too), which
//! version, whether returning clients resume, and what it costs as the world counts it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::{count, millis, percent};
use crate::sim::security::{TlsConfig, TlsMode, TlsVersion, TlsView};
use crate::sim::Command;

/// The select's words for a mode.
fn mode_text(mode: TlsMode) -> &'static str {
    match mode {
        TlsMode::Off => "Off: both links in the clear",
        TlsMode::Edge => "At the balancer: the inner link in the clear",
        TlsMode::EndToEnd => "End to end: mutual TLS to the servers too",
    }
}

/// What TLS costs so far, in words.
pub fn cost_line(view: &TlsView) -> String {
    if view.config.mode == TlsMode::Off {
        return "TLS is off: nothing to pay, and nothing hidden from an eavesdropper.".to_string();
    }
    format!(
        "{} full handshakes, {} resumed, {} requests on open connections. TLS adds {} to a request on \
         average; the balancer spends {} of its CPU on it.",
        count(view.full),
        count(view.resumed),
        count(view.reused),
        millis(view.handshake_ms_mean),
        percent(view.terminator_utilization),
    )
}

/// The TLS fieldset: `view` is the world's TLS now, and `oncommand` sends a command to it.
pub fn tls_controls(view: &TlsView, oncommand: &Callback<Command>) -> Html {
    let config = view.config;
    let with = move |change: fn(&mut TlsConfig, &str), e: Event| {
        let mut next = config;
        let target = e.target_unchecked_into::<HtmlInputElement>();
        let value = if target.type_() == "checkbox" { target.checked().to_string() } else { target.value() };
        change(&mut next, &value);
        Command::SetTls(next)
    };
    let onmode = oncommand.reform(move |e: Event| {
        with(|c, v| c.mode = TlsMode::ALL.into_iter().find(|m| m.slug() == v).unwrap_or(TlsMode::Off), e)
    });
    let onversion = oncommand.reform(move |e: Event| {
        with(|c, v| c.version = if v == "1.2" { TlsVersion::V1_2 } else { TlsVersion::V1_3 }, e)
    });
    let onresume = oncommand.reform(move |e: Event| with(|c, v| c.resumption = v == "true", e));
    let off = config.mode == TlsMode::Off;
    html! {
        <fieldset id="tls">
            <legend>{"Encryption in transit (TLS)"}</legend>
            <label for="tls-mode">{"Where TLS ends"}</label>
            <select id="tls-mode" onchange={onmode}>
                { for TlsMode::ALL.iter().map(|m| html! {
                    <option value={m.slug()} selected={*m == config.mode}>{ mode_text(*m) }</option>
                }) }
            </select>
            <label for="tls-version">{"Version"}</label>
            <select id="tls-version" onchange={onversion} disabled={off}>
                <option value="1.3" selected={config.version == TlsVersion::V1_3}>{"TLS 1.3 (one round trip)"}</option>
                <option value="1.2" selected={config.version == TlsVersion::V1_2}>{"TLS 1.2 (two round trips)"}</option>
            </select>
            <input id="tls-resumption" type="checkbox" checked={config.resumption} onchange={onresume} disabled={off} />
            <label for="tls-resumption">{"Returning clients resume their session"}</label>
            <p class="figures" id="tls-cost" aria-live="polite">{ cost_line(view) }</p>
            <p class="hint">{ "A new connection pays the handshake's round trips before its request can go; a \
                resumed one pays fewer (none with TLS 1.3's early data, which a replay can repeat, so servers \
                accept it only for requests that are safe to repeat). A connection kept open pays nothing more." }</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(mode: TlsMode) -> TlsView {
        TlsView {
            config: TlsConfig { mode, ..TlsConfig::default() },
            full: 1_200,
            resumed: 30,
            reused: 4_000,
            handshake_ms_mean: 3.25,
            cpu_seconds: 0.5,
            terminator_utilization: 0.031,
        }
    }

    #[test]
    fn the_cost_line_gives_the_world_s_counts_or_says_tls_is_off() {
        let line = cost_line(&view(TlsMode::Edge));
        for part in
            ["1,200 full handshakes", "30 resumed", "4,000 requests on open", "3.2 ms", "3% of its CPU"]
        {
            assert!(line.contains(part), "{part} in {line}");
        }
        assert!(cost_line(&view(TlsMode::Off)).starts_with("TLS is off"));
    }
}
