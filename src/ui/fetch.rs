//! Text from the page's own origin or from the learner's disk, delivered to a callback: a bundled
//! scenario fetched by name, a file picked or dropped.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, Response};

/// What a text request ends with: the text, or what went wrong.
type Done = Box<dyn FnOnce(Result<String, String>)>;

/// Calls `then` with what `promise` resolves to, or `done` with `failed` if it rejects.
fn settle(promise: &Promise, failed: String, done: Done, then: impl FnOnce(JsValue, Done) + 'static) {
    let done = Rc::new(RefCell::new(Some(done)));
    let on_error_done = done.clone();
    let on_value = Closure::once(move |value: JsValue| {
        if let Some(done) = done.borrow_mut().take() {
            then(value, done);
        }
    });
    let on_error = Closure::once(move |_: JsValue| {
        if let Some(done) = on_error_done.borrow_mut().take() {
            done(Err(failed));
        }
    });
    let _ = promise.then2(&on_value, &on_error);
    // The promise holds the callbacks until it settles; only one of them is ever called.
    on_value.forget();
    on_error.forget();
}

/// Calls `done` with the text `promise` resolves to, or with `failed`.
fn text_of(promise: &Promise, failed: String, done: Done) {
    settle(promise, failed, done, |text, done| {
        done(text.as_string().ok_or_else(|| "it is not text".to_string()))
    });
}

/// Fetches `url` (relative to the page) and calls `done` with its text, or with an error that says
/// what went wrong (not found, or the network).
pub fn fetch_text(url: &str, done: impl FnOnce(Result<String, String>) + 'static) {
    let Some(window) = web_sys::window() else { return done(Err("there is no window".to_string())) };
    let named = url.to_string();
    settle(
        &window.fetch_with_str(url),
        format!("{url} could not be fetched"),
        Box::new(done),
        move |response, done| {
            let response: Response = response.unchecked_into();
            match response.text() {
                Ok(text) if response.ok() => text_of(&text, format!("{named} could not be read"), done),
                _ => done(Err(format!("{named} was not found (HTTP {})", response.status()))),
            }
        },
    );
}

/// Reads a file the learner picked or dropped as text and calls `done` with it.
pub fn file_text(file: &Blob, name: &str, done: impl FnOnce(Result<String, String>) + 'static) {
    text_of(&file.text(), format!("{name} could not be read"), Box::new(done));
}
