//! The browser's local storage, for what the page keeps between visits (the tour's progress, the
//! challenges' scores). Storage may be missing, full or refused (a private window): then
//! nothing is kept beyond the visit, and nothing fails.

/// The text stored under `key`, or an empty string.
pub fn read(key: &str) -> String {
    storage().and_then(|s| s.get_item(key).ok().flatten()).unwrap_or_default()
}

/// Stores `text` under `key`, if the page may.
pub fn write(key: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, text);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
