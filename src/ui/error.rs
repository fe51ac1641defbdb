//! How errors reach the user: a panel with the message, Eclipse's trace id or the portal's correlation id,
//! and a way on. An ended session sends the user to sign in, then back to where they were.
use crate::error::AppError;
use leptos::prelude::*;

/// Where a user whose session has ended signs in again; the path to come back to follows, encoded.
pub const SIGN_IN_AGAIN: &str = "/login?expired=1&next=";

/// Sends the browser to the sign-in page when the session has ended; does nothing for other errors.
pub fn redirect_to_login(err: &AppError) {
    if *err == AppError::Unauthenticated {
        #[cfg(feature = "hydrate")]
        sign_in_and_come_back();
    }
}

#[cfg(feature = "hydrate")]
fn sign_in_and_come_back() {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let next = crate::ui::encode_path(&here);
        let _ = location.set_href(&format!("{SIGN_IN_AGAIN}{next}"));
    }
}

/// Sets the HTTP status of a server-rendered page.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A full-width error for a page that could not load.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    set_status(error.status());
    if error == AppError::Unauthenticated {
        #[cfg(feature = "ssr")]
        {
            let path = leptos_router::hooks::use_location().pathname.get_untracked();
            leptos_axum::redirect(&format!("{SIGN_IN_AGAIN}{path}"));
        }
        redirect_to_login(&error);
    }
    let reference = error.reference().map(str::to_owned);
    view! {
        <section class="rounded-xl border border-red-200 bg-white p-6 shadow-sm" role="alert" data-testid="error-panel">
            <h2 class="text-base font-semibold text-red-800">{error.title()}</h2>
            <p class="mt-2 text-sm text-slate-700">{error.to_string()}</p>
            {reference.map(|r| view! {
                <p class="mt-3 text-xs text-slate-500">"Reference for support: " <code class="font-mono">{r}</code></p>
            })}
            <div class="mt-4 flex gap-3 text-sm">
                <button type="button" class="link" data-go-back>"Go back"</button>
                <a href="/" class="link">"Home"</a>
            </div>
        </section>
    }
}

/// A one-line error inside a form or dialog.
#[component]
pub fn InlineError(error: AppError) -> impl IntoView {
    redirect_to_login(&error);
    let reference = error.reference().map(str::to_owned);
    view! {
        <div class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
            <span>{error.to_string()}</span>
            {reference.map(|r| view! { <span class="ml-1 text-xs text-red-700">"(reference " <code>{r}</code> ")"</span> })}
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    view! {
        <leptos_meta::Title text="Not found · Eclipse Admin" />
        <main class="min-h-screen flex items-center justify-center bg-slate-100 px-4">
            <div class="text-center">
                <p class="text-sm font-semibold text-sky-700">"404"</p>
                <h1 class="mt-2 text-2xl font-semibold text-slate-900">"This page does not exist"</h1>
                <p class="mt-2 text-sm text-slate-600">"Check the address, or start again from the home page."</p>
                <a href="/" class="btn-primary mt-6 inline-flex">"Go home"</a>
            </div>
        </main>
    }
}
