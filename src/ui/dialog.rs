//! A confirmation before anything destructive: it says what will happen, and the action stays pending
//! (and the dialog open) until the server has answered.
use crate::{
    error::{AppError, FieldErrors, Outcome},
    ui::form::answered,
};
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
    answered(Some(answer), errors, refused)
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

/// A decline (or any refusal) that needs a reason: `what` it concerns, a required reason checked by `check`
/// before `on_confirm` gets it, and the reason's message under the field.
#[component]
pub fn ReasonDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] what: String,
    max: usize,
    check: fn(&str) -> Option<String>,
    on_confirm: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    view! {
        <ConfirmDialog open title confirm_label danger=true pending
            on_confirm=move || match check(&reason.get_untracked()) {
                Some(why) => problem.set(Some(why)),
                None => on_confirm(reason.get_untracked()),
            }>
            <p>{what.clone()}</p>
            <label for="decline-reason" class="label mt-3">"Reason" <span class="text-red-600" aria-hidden="true">" *"</span></label>
            <input id="decline-reason" class="input" maxlength=max.to_string()
                prop:value=move || reason.get() on:input=move |ev| { reason.set(event_target_value(&ev)); problem.set(None); } />
            {move || problem.get().map(|e| view! { <p class="field-error" data-testid="error-reason">{e}</p> })}
        </ConfirmDialog>
    }
}
