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
    // The focus moves into the dialog as it opens, so the keyboard answers it (Escape cancels): to Cancel
    // before something destructive, else to the confirmation.
    let (cancel_button, confirm_button) = (NodeRef::new(), NodeRef::new());
    Effect::new(move |_| {
        let target: Option<leptos::web_sys::HtmlButtonElement> =
            if danger { cancel_button.get() } else { confirm_button.get() };
        if let Some(button) = target {
            let _ = button.focus();
        }
    });
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
                            node_ref=cancel_button disabled=move || pending.get()>"Cancel"</button>
                        <button type="button" class=confirm_class disabled=move || pending.get() node_ref=confirm_button
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

/// Four eyes on a request: approve it (after a confirmation saying what follows) or decline it with a
/// reason; a request of one's own can only be withdrawn. The island around it sends the decision, opens
/// and closes the dialogs through `approving` and `declining`, and fills `refused` and `error`.
#[component]
pub fn ApproveOrDecline(
    mine: bool,
    #[prop(into)] what: String,
    approve_title: &'static str,
    approve_label: &'static str,
    /// What approving does, said in its confirmation.
    consequence: &'static str,
    approving: RwSignal<bool>,
    declining: RwSignal<bool>,
    #[prop(into)] approve_pending: Signal<bool>,
    #[prop(into)] decline_pending: Signal<bool>,
    refused: RwSignal<Option<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    reason_max: usize,
    reason_check: fn(&str) -> Option<String>,
    on_approve: impl Fn() + Send + Sync + 'static,
    on_decline: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    let what_to_decline = what.clone();
    view! {
        <div class="flex flex-col items-end gap-2">
            <div class="flex gap-2">
                {if mine {
                    view! { <span class="text-xs text-slate-600" data-testid="own-request">"Yours: another admin approves it"</span> }.into_any()
                } else {
                    view! { <button type="button" class="btn-primary" on:click=move |_| { refused.set(None); approving.set(true) }>"Approve…"</button> }.into_any()
                }}
                <button type="button" class="btn-secondary" on:click=move |_| { refused.set(None); declining.set(true) }>
                    {if mine { "Withdraw…" } else { "Decline…" }}
                </button>
            </div>
            {move || refused.get().map(|why| view! { <p class="max-w-xs rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="decision-refused">{why}</p> })}
            {move || error.get().map(|error| view! { <crate::ui::error::InlineError error /> })}
            <ConfirmDialog open=approving title=approve_title confirm_label=approve_label pending=approve_pending
                on_confirm=on_approve>
                <p>{what.clone()}</p>
                <p class="mt-2">{consequence}</p>
            </ConfirmDialog>
            <ReasonDialog open=declining title="Decline this request?" confirm_label="Decline" pending=decline_pending
                what=what_to_decline max=reason_max check=reason_check on_confirm=on_decline />
        </div>
    }
}
