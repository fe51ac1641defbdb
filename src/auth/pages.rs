use super::{KeepAlive, Login};
use crate::ui::{error::SIGN_IN_AGAIN, icons::BrandMark};
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

/// Warns before an idle session times out, offers "Stay signed in", and sends the user to sign-in (then
/// back here) once it has ended. Server HTML, kept hidden; the bootstrap script (`ui::hydration_script`)
/// counts down and shows it, so a page needs no WebAssembly for it. Activity is a page load (each starts the
/// count afresh), a save (see `ui::client::reload`), or the button, which calls [`KeepAlive`].
#[component]
pub fn SessionTimer(idle_secs: u64, warning_secs: u64) -> impl IntoView {
    let keep_alive = <KeepAlive as leptos::server_fn::ServerFn>::PATH;
    view! {
        <div data-session-timer data-idle=idle_secs data-warning=warning_secs data-keep-alive=keep_alive data-sign-in-again=SIGN_IN_AGAIN
            hidden class="fixed inset-x-0 top-0 z-50 p-3" role="alertdialog" aria-labelledby="idle-warning">
            <div class="mx-auto flex w-fit items-center gap-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 shadow-lg ring-1 ring-amber-200">
                <p id="idle-warning">"You will be signed out in " <span data-left>{format_secs(idle_secs)}</span> " because of inactivity."</p>
                <button type="button" class="btn-primary" data-stay data-pending="Staying…">"Stay signed in"</button>
            </div>
        </div>
    }
}

fn format_secs(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}
