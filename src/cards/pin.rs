//! "Reset PIN…" on a card: with a reason and a confirmation that says what happens, Eclipse sets a new PIN and
//! sends it by SMS to the customer (the vendor's "Set and send new card PIN to customer"). The page says where
//! it went; the PIN itself never reaches the portal.
use super::{ResetCardPin, PIN_REASON_MAX};
use crate::{
    error::{FieldErrors, Outcome},
    ui::{dialog::ConfirmDialog, error::InlineError, toast::use_toasts},
};
use leptos::prelude::*;

#[component]
pub fn ResetPin(card_id: i64, masked_pan: String) -> impl IntoView {
    let reset = ServerAction::<ResetCardPin>::new();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let toasts = use_toasts();
    Effect::new(move |_| {
        let Some(answer) = reset.value().get() else {
            return;
        };
        match answer {
            Ok(Outcome::Invalid(e)) => errors.set(e),
            Ok(Outcome::Done(sent)) => {
                open.set(false);
                reason.set(String::new());
                toasts.success(format!("New PIN sent by {} to {}.", sent.channel, sent.sent_to));
            }
            _ => open.set(false),
        }
    });
    let outcome = move || {
        match reset.value().get() {
        Some(Ok(Outcome::Done(sent))) => Some(view! {
            <p class="mt-2 text-xs text-emerald-800" role="status" data-testid="pin-sent">
                {format!("New PIN set {} UTC and sent by {} to {}.", crate::ui::format::date_time(&sent.pin_set_at), sent.channel, sent.sent_to)}
            </p>
        }.into_any()),
        Some(Ok(Outcome::Refused(why))) => Some(view! {
            <p class="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="pin-refused">{why}</p>
        }.into_any()),
        Some(Err(error)) => Some(view! { <InlineError error /> }.into_any()),
        _ => None,
    }
    };
    let id = format!("pin-reason-{card_id}");
    let label_for = id.clone();
    view! {
        <button type="button" class="link text-xs" on:click=move |_| { errors.set(FieldErrors::default()); open.set(true) }>"Reset PIN…"</button>
        <ConfirmDialog open title=format!("Reset the PIN of card {masked_pan}?") confirm_label="Reset and send PIN" pending=reset.pending()
            on_confirm=move || match crate::validate::reason_problem(&reason.get_untracked(), PIN_REASON_MAX) {
                Some(problem) => errors.update(|e| e.add("reason", problem)),
                None => { reset.dispatch(ResetCardPin { card_id, reason: reason.get_untracked() }); }
            }>
            <p>"Eclipse sets a new PIN now and sends it by SMS to the customer's phone on file. The old PIN stops working; nobody here sees the new one."</p>
            <label for=label_for.clone() class="label mt-3">"Reason" <span class="text-red-600" aria-hidden="true">" *"</span></label>
            <input id=id.clone() class="input" maxlength=PIN_REASON_MAX.to_string() placeholder="Customer called: forgot the PIN"
                prop:value=move || reason.get() on:input=move |ev| { reason.set(event_target_value(&ev)); errors.update(|e| e.remove("reason")); } />
            {move || errors.with(|e| e.get("reason")).map(|e| view! { <p class="field-error" data-testid="error-reason">{e}</p> })}
        </ConfirmDialog>
        <div class="basis-full">{outcome}</div>
    }
}
