//! The page's address: the link it was opened with, and the links it makes (Share, Embed).

use crate::course::link::Link;

/// The query part of the page's address, such as `?scenario=slowloris&seed=3` (empty if none).
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's address without its query: where links to it point.
fn base() -> String {
    let location = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    format!("{}{}", part(web_sys::Location::origin), part(web_sys::Location::pathname))
}

/// The full address that opens `link`.
pub fn url(link: &Link) -> String {
    format!("{}{}", base(), link.to_query())
}

/// Shows `link` in the address bar without reloading, so the learner can copy or bookmark it.
pub fn show(link: &Link) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link.to_query()));
    }
}

/// An iframe that embeds `link` in a course page, 640×400 to start with (the page can follow
/// the playground's height messages).
pub fn iframe(link: &Link) -> String {
    let src = url(&Link { embed: true, ..link.clone() });
    format!(
        "<iframe src=\"{}\" width=\"640\" height=\"400\" title=\"Distributed Systems Playground\" loading=\"lazy\"></iframe>",
        src.replace('&', "&amp;").replace('"', "&quot;")
    )
}
