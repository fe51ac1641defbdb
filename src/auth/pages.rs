use super::{KeepAlive, Login};
use crate::ui::{error::redirect_to_login, icons::BrandMark};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let notice = move || {
        let q = query.read();
        if q.get("expired").is_some() {
            Some("Your session ended. Sign in again to continue where you were.")
        } else if q.get("signed_out").is_some() {
            Some("You are signed out.")
        } else {
            None
        }
    };
    let error = move || login.value().get().and_then(|r| r.err());

    view! {
        <Title text="Sign in · Eclipse Admin" />
        <main class="min-h-screen flex items-center justify-center bg-slate-100 px-4">
            <div class="w-full max-w-sm">
                <div class="mb-6 flex items-center justify-center gap-2 text-slate-900">
                    <BrandMark />
                    <span class="text-xl font-semibold tracking-tight">"Eclipse Admin"</span>
                </div>
                <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                    <h1 class="text-lg font-semibold text-slate-900">"Sign in"</h1>
                    <p class="mt-1 text-sm text-slate-600">"Use your Eclipse admin identity."</p>
                    {move || notice().map(|text| view! {
                        <p class="mt-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800" role="status">{text}</p>
                    })}
                    <ActionForm action=login attr:class="mt-5 space-y-4">
                        <input type="hidden" name="next" value=next />
                        <div>
                            <label for="identity" class="label">"Identity"</label>
                            // A refused sign-in comes back as this page: the bootstrap script types the identity again.
                            <input id="identity" name="identity" class="input" required autocomplete="username" autofocus data-keep />
                        </div>
                        <div>
                            <label for="password" class="label">"Password"</label>
                            <input id="password" name="password" type="password" class="input" required autocomplete="current-password" />
                        </div>
                        {move || error().map(|err| view! {
                            <div class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
                                <p>{err.to_string()}</p>
                                {err.reference().map(|r| view! { <p class="mt-1 text-xs text-red-700">"Reference: " <code>{r.to_owned()}</code></p> })}
                            </div>
                        })}
                        <button type="submit" class="btn-primary w-full" data-pending="Signing in…">"Sign in"</button>
                    </ActionForm>
                </div>
            </div>
        </main>
    }
}

/// Warns before an idle session times out, offers "Stay signed in", and sends the user to sign-in
/// (then back here) once it has ended. Activity is a page load (each starts this timer afresh), a save
/// (see `ui::client::reload`), or the button itself.
#[island]
pub fn SessionTimer(idle_secs: u64, warning_secs: u64) -> impl IntoView {
    let keep_alive = ServerAction::<KeepAlive>::new();
    let last_active = RwSignal::new(now_secs());
    let remaining = RwSignal::new(idle_secs as f64);
    Effect::new(move |_| {
        if let Some(result) = keep_alive.value().get() {
            match result {
                Ok(()) => last_active.set(now_secs()),
                Err(err) => redirect_to_login(&err),
            }
        }
    });
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let left = idle_secs as f64 - (now_secs() - last_active.get_untracked());
                remaining.set(left);
                if left <= 0.0 {
                    redirect_to_login(&crate::error::AppError::Unauthenticated);
                }
            },
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    let warn = move || remaining.get() <= warning_secs as f64 && remaining.get() > 0.0;
    view! {
        <Show when=warn>
            <div class="fixed inset-x-0 top-0 z-50 flex justify-center p-3" role="alertdialog" aria-labelledby="idle-warning">
                <div class="flex items-center gap-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 shadow-lg ring-1 ring-amber-200">
                    <p id="idle-warning">
                        "You will be signed out in " {move || format_secs(remaining.get())} " because of inactivity."
                    </p>
                    <button class="btn-primary" on:click=move |_| { keep_alive.dispatch(KeepAlive {}); }
                        disabled=move || keep_alive.pending().get()>
                        {move || if keep_alive.pending().get() { "Staying…" } else { "Stay signed in" }}
                    </button>
                </div>
            </div>
        </Show>
    }
}

fn format_secs(secs: f64) -> String {
    let s = secs.max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn now_secs() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys_now() / 1000.0
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
