//! The sign-in page.
use crate::{auth::Login, ui::icons::BrandMark};
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
