//! The browser's side of the islands: moving to another page and talking to the bootstrap script
//! (`src/ui/js/`). Outside the browser (the server render) each of these does nothing.

/// The DOM event an island raises on `document` for the bootstrap script to show a toast; its `detail` is
/// `{ kind, text, afterLoad }`. Declared for JavaScript in `src/ui/js/contract.js`, checked equal by its tests.
pub const TOAST_EVENT: &str = "eclipse-admin:toast";

/// The attribute the bootstrap script sets on `<html>` once the page's islands have hydrated (at once on a
/// page without islands): what tests wait for. Declared for JavaScript in `src/ui/js/contract.js`.
pub const HYDRATED_ATTRIBUTE: &str = "data-hydrated";

/// Loads `href` as a new page.
pub fn go(href: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(href);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// Sets `name` to `value` on the first element `selector` finds (a change the page shows at once).
pub fn set_attribute(selector: &str, name: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    {
        let _ = element.set_attribute(name, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (selector, name, value);
}

/// Loads the page again from the server, so every part of it shows what was just saved.
pub fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Loads `href`, which shows `toast` (a success) once it has loaded.
pub fn go_saying(href: &str, toast: impl Into<String>) {
    crate::ui::toast::use_toasts().success_after_load(toast);
    go(href);
}

/// Loads this page again, which shows `toast` (a success) once it has loaded.
pub fn reload_saying(toast: impl Into<String>) {
    crate::ui::toast::use_toasts().success_after_load(toast);
    reload();
}

/// Raises [`TOAST_EVENT`]: the bootstrap script shows the toast now, or keeps it for the page loaded next
/// (`after_load`). Listeners run during the dispatch, so the toast is kept before a `go` that follows.
pub fn raise_toast(kind: &str, text: &str, after_load: bool) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let detail = js_sys::Object::new();
        for (key, value) in [
            ("kind", JsValue::from_str(kind)),
            ("text", text.into()),
            ("afterLoad", after_load.into()),
        ] {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &value);
        }
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(TOAST_EVENT, &init) {
            let _ = document.dispatch_event(&event);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, text, after_load);
}
