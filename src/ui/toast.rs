//! Short confirmations and failures that do not need a page of their own.
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into());
    }
    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }
    fn push(&self, kind: ToastKind, text: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| items.push(Toast { id, kind, text }));
        let items = self.items;
        set_timeout(move || items.update(|v| v.retain(|t| t.id != id)), std::time::Duration::from_secs(6));
    }
}

pub fn provide_toasts() {
    provide_context(Toasts { items: RwSignal::new(vec![]), next_id: StoredValue::new(0) });
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id children=|toast: Toast| {
                let tone = if toast.kind == ToastKind::Success {
                    "bg-emerald-50 text-emerald-900 ring-emerald-200"
                } else {
                    "bg-red-50 text-red-900 ring-red-200"
                };
                view! {
                    <div class=format!("pointer-events-auto rounded-lg px-4 py-3 text-sm shadow-lg ring-1 {tone}")
                        role="status" data-testid="toast">
                        {toast.text}
                    </div>
                }
            } />
        </div>
    }
}
