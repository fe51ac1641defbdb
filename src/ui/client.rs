//! The browser's side of the islands: moving to another page and calling the bootstrap script's helpers.
//! Outside the browser (the server render) each of these does nothing.

/// Loads `href` as a new page.
pub fn go(href: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(href);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
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

/// Calls `window[name](args…)`, a function the bootstrap script defines.
pub fn call_global(name: &str, args: &[&str]) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else { return };
        let Ok(function) = js_sys::Reflect::get(&window, &name.into()) else { return };
        let Some(function) = function.dyn_ref::<js_sys::Function>() else { return };
        let args: js_sys::Array = args.iter().map(|a| wasm_bindgen::JsValue::from_str(a)).collect();
        let _ = function.apply(&window, &args);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, args);
}
