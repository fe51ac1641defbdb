//! eclipse-admin: a server-rendered admin portal for tenants of Eclipse.
//!
//! Shared modules compile for both the server (`ssr`) and the browser (`hydrate`); server-only code
//! sits in `ssr` submodules or behind the `ssr` feature.
#![recursion_limit = "512"]

pub mod activity;
pub mod admin_users;
pub mod api;
pub mod app;
pub mod auth;
pub mod cards;
pub mod customers;
pub mod eclipse;
pub mod error;
pub mod filetype;
pub mod onboarding;
pub mod reports;
pub mod review;
pub mod saved_views;
pub mod tenant;
pub mod transfers;
pub mod ui;
pub mod validate;
pub mod wallet_types;
pub mod wallets;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(all(test, feature = "ssr"))]
mod test_logs;

/// Starts the islands' runtime; the bootstrap script (`ui::hydration_script`) then hydrates each island.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    ui::early_input::keep(ui::early_input::capture());
    leptos::mount::hydrate_islands();
}

/// Called once every island has hydrated: what was typed before is put back, now that the islands listen.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn islands_hydrated() {
    ui::early_input::replay(ui::early_input::kept());
}
