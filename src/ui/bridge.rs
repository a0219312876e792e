//! The playground's side of a course page: it tells the page that embeds it what happens (ready,
//! its height, captions, named events) and takes requests from it (load a scenario, apply a
//! command, play, pause), only from allowed origins and only in the documented schema. Anything
//! else is ignored with a warning in the console, never obeyed.

use std::cell::Cell;

use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};
use yew::Callback;

use crate::course::messages::{Origins, Request};
use crate::json::Json;

/// The embedding page, the origins allowed to talk to the playground, and what was last told.
pub struct Bridge {
    /// The window that embeds the playground, if it is in a frame.
    parent: Option<Window>,
    origins: Origins,
    /// The origins messages are posted to.
    targets: Vec<String>,
    /// The content height last announced, in CSS pixels.
    height: Cell<i32>,
    /// Whether `ready` has been said: nothing is announced before it (not the page's own world,
    /// shown while a linked scenario is fetched).
    ready: Cell<bool>,
}

/// The origin part (`scheme://host:port`) of an address.
fn origin_of(address: &str) -> Option<&str> {
    let after_scheme = address.find("://")? + 3;
    let end = address[after_scheme..].find('/').map_or(address.len(), |i| after_scheme + i);
    Some(&address[..end])
}

/// Writes `text` to the console as a warning.
pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(text));
}

impl Bridge {
    /// A bridge that accepts `listed` origins, or when none are listed the page's own origin and
    /// the origin of the page that embeds it (as the browser's referrer names it).
    pub fn new(listed: &[String]) -> Bridge {
        let window = web_sys::window();
        let parent =
            window.as_ref().and_then(|w| w.parent().ok().flatten().filter(|p| !js_sys::Object::is(p, w)));
        let referrer = window.as_ref().and_then(|w| w.document()).map(|d| d.referrer());
        let embedding = referrer.filter(|_| parent.is_some()).and_then(|r| origin_of(&r).map(str::to_string));
        let origins = if listed.is_empty() {
            let own = window.as_ref().and_then(|w| w.location().origin().ok());
            own.into_iter().chain(embedding.clone()).collect()
        } else {
            listed.to_vec()
        };
        let origins = Origins::new(origins);
        // Messages go to the embedding page's origin when the browser names it and it is allowed
        // (posting to the others would only make the browser warn of a mismatch); else to each.
        let targets = match embedding.filter(|e| origins.allows(e)) {
            Some(embedding) => vec![embedding],
            None => origins.list().to_vec(),
        };
        Bridge { parent, origins, targets, height: Cell::new(-1), ready: Cell::new(false) }
    }

    /// Whether the playground is embedded in another page and has said it is ready: then it
    /// announces what happens.
    pub fn announcing(&self) -> bool {
        self.parent.is_some() && self.ready.get()
    }

    /// Says `ready` (with `message`) and starts announcing.
    pub fn ready(&self, message: &Json) {
        self.post(message);
        self.ready.set(true);
        self.announce_height();
    }

    /// Sends `message` to the embedding page: to its origin, or once for each allowed origin
    /// when the browser does not name it (it delivers the one that matches).
    pub fn post(&self, message: &Json) {
        let Some(parent) = &self.parent else { return };
        let Ok(value) = js_sys::JSON::parse(&message.to_string()) else { return };
        for origin in &self.targets {
            let _ = parent.post_message(&value, origin);
        }
    }

    /// Announces the page's content height when it has changed since the last announcement.
    pub fn announce_height(&self) {
        // The body's height is the content's (the root's is at least the frame's, so it would
        // never shrink).
        let height = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
            .map_or(0, |b| b.scroll_height());
        if self.parent.is_some() && height != self.height.replace(height) {
            self.post(&crate::course::messages::height(height.max(0) as u32));
        }
    }

    /// Listens for requests: each one from an allowed origin that fits the schema goes to
    /// `onrequest`; the rest are refused with a console warning. Dropping the listener stops it.
    pub fn listen(&self, onrequest: Callback<Request>) -> Option<EventListener> {
        let window = web_sys::window()?;
        let origins = self.origins.clone();
        Some(EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
            let origin = event.origin();
            if !origins.allows(&origin) {
                return warn(&format!(
                    "Distributed Systems Playground: ignored a message from {origin}, which is not an allowed origin ({}).",
                    origins.list().join(", ")
                ));
            }
            let text =
                js_sys::JSON::stringify(&event.data()).ok().and_then(|t| t.as_string()).unwrap_or_default();
            match Json::parse(&text).map_err(|e| e.to_string()).and_then(|data| Request::read(&data)) {
                Ok(request) => onrequest.emit(request),
                Err(why) => {
                    warn(&format!("Distributed Systems Playground: ignored a message from {origin}: {why}"))
                }
            }
        }))
    }
}
