//! eclipse-admin: a server-rendered admin portal for tenants of Eclipse.
//!
//! Shared modules compile for both the server (`ssr`) and the browser (`hydrate`); server-only code
//! sits in `ssr` submodules or behind the `ssr` feature.
#![recursion_limit = "512"]

pub mod activity;
pub mod admin_users;
pub mod app;
pub mod auth;
pub mod cards;
pub mod customers;
pub mod eclipse;
pub mod error;
pub mod filetype;
pub mod onboarding;
pub mod review;
pub mod tenant;
pub mod ui;
pub mod validate;
pub mod wallet_types;
pub mod wallets;

#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let typed_early = ui::early_input::capture();
    leptos::mount::hydrate_body(app::App);
    // Suspended parts finish hydrating in the tasks hydration queued; a timeout runs after all of them.
    leptos::prelude::set_timeout(
        move || {
            ui::early_input::replay(typed_early);
            // A marker for the end-to-end tests: clicks before hydration would reach no handler.
            if let Some(window) = web_sys::window() {
                let _ = js_sys::Reflect::set(&window, &"__hydrated".into(), &true.into());
            }
        },
        std::time::Duration::ZERO,
    );
}
