//! The idle-session warning of the signed-in shell.
use crate::{auth::KeepAlive, ui::error::SIGN_IN_AGAIN};
use leptos::prelude::*;

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
