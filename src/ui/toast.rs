//! Short confirmations and failures that do not need a page of their own.
//!
//! The toasts are drawn by the page's bootstrap script (`src/ui/js/toast.js`), not by an island: a toast
//! raised just before the browser moves to another page (after a creation, a deletion, a save that reloads
//! the page) is carried in the tab's session storage and shown by the next page, which may have no island.
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

impl ToastKind {
    fn as_str(self) -> &'static str {
        match self {
            ToastKind::Success => "success",
            ToastKind::Error => "error",
        }
    }
}

/// A handle to the page's toasts; free to copy, usable from any island.
#[derive(Clone, Copy)]
pub struct Toasts;

impl Toasts {
    pub fn success(&self, text: impl Into<String>) {
        show(ToastKind::Success, &text.into(), false);
    }
    pub fn error(&self, text: impl Into<String>) {
        show(ToastKind::Error, &text.into(), false);
    }
    /// Shown by the page the browser loads next (see `ui::client::go` and `reload`).
    pub fn success_after_load(&self, text: impl Into<String>) {
        show(ToastKind::Success, &text.into(), true);
    }
}

pub fn use_toasts() -> Toasts {
    Toasts
}

fn show(kind: ToastKind, text: &str, after_load: bool) {
    crate::ui::client::raise_toast(kind.as_str(), text, after_load);
}

/// Where the bootstrap script draws the toasts.
#[component]
pub fn ToastHost() -> impl IntoView {
    view! {
        <div id="toasts" class="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2" aria-live="polite"></div>
    }
}
