//! Saving text as a file on the learner's disk, from the page itself (no server involved).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Offers `text` to the learner as a download named `name` (a JSON file).
pub fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let href = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(text));
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = link.dyn_into::<HtmlElement>() {
        link.click();
    }
}
