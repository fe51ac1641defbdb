//! A confirmation before anything destructive: it says what will happen, and the action stays pending
//! (and the dialog open) until the server has answered.
use crate::error::{AppError, FieldErrors, Outcome};
use leptos::prelude::*;

/// What a confirmed action came to: the dialog closes on any answer, field messages and a refusal go where
/// the form shows them (a fault shows where the action's error is shown), and a success's value comes back.
pub fn settle<T>(
    answer: Option<Result<Outcome<T>, AppError>>,
    open: RwSignal<bool>,
    errors: RwSignal<FieldErrors>,
    refused: RwSignal<Option<String>>,
) -> Option<T> {
    let answer = answer?;
    open.set(false);
    match answer {
        Ok(Outcome::Done(value)) => return Some(value),
        Ok(Outcome::Invalid(e)) => errors.set(e),
        Ok(Outcome::Refused(why)) => refused.set(Some(why)),
        Ok(Outcome::Conflict(_)) | Err(_) => {}
    }
    None
}

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: impl Fn() + Send + Sync + 'static,
    #[prop(optional)] danger: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let confirm_class = if danger { "btn-danger" } else { "btn-primary" };
    let title_clone = title.clone();
    let on_confirm = std::sync::Arc::new(on_confirm);
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 px-4"
                on:keydown=move |ev| if ev.key() == "Escape" && !pending.get_untracked() { open.set(false) }>
                <div class="w-full max-w-md rounded-xl bg-white p-6 shadow-xl" role="dialog" aria-modal="true"
                    aria-label=title_clone.clone()>
                    <h2 class="text-base font-semibold text-slate-900">{title.clone()}</h2>
                    <div class="mt-3 text-sm text-slate-700">{children()}</div>
                    <div class="mt-6 flex justify-end gap-3">
                        <button type="button" class="btn-secondary" on:click=move |_| open.set(false)
                            disabled=move || pending.get()>"Cancel"</button>
                        <button type="button" class=confirm_class disabled=move || pending.get()
                            on:click={
                                let on_confirm = on_confirm.clone();
                                move |_| on_confirm()
                            }>
                            {
                                let label = confirm_label.clone();
                                move || if pending.get() { "Working…".to_owned() } else { label.clone() }
                            }
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
