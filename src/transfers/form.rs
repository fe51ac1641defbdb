//! The transfer form on the wallet page: the receiving wallet, the amount (checked against the currency's
//! decimals as it is typed), then a confirmation with both wallets' available balances before and after.
//! Its retry key is fixed when the form opens, so a double click or a lost answer moves money once.
use super::{
    validate_transfer_form, FindPayees, Payee, PreviewTransfer, SendTransfer, TransferDone,
    TransferForm, TransferPreview, TransferSide, DESCRIPTION_MAX, REASON_MAX,
};
use crate::{
    error::FieldErrors,
    ui::{
        dialog::{settle, ConfirmDialog},
        error::InlineError,
        form::{clear_error, TextField},
        toast::use_toasts,
    },
};
use leptos::prelude::*;

#[island]
pub fn TransferPanel(from_wallet_id: i64, currency: String, decimals: u32) -> impl IntoView {
    let key = StoredValue::new(crate::ui::retry_key());
    let to = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let shown = RwSignal::new(None::<TransferPreview>);
    let requested = RwSignal::new(None::<String>);
    let preview = ServerAction::<PreviewTransfer>::new();
    let send = ServerAction::<SendTransfer>::new();
    let toasts = use_toasts();
    let form = move || TransferForm {
        from_wallet_id,
        to: to.get_untracked(),
        amount: amount.get_untracked(),
        description: description.get_untracked(),
        reason: reason.get_untracked(),
    };
    // The check before the confirmation: its answer opens the dialog, or goes on the form.
    let checked = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(p) = settle(preview.value().get(), checked, errors, refused) {
            shown.set(Some(p));
            confirm.set(true);
        }
    });
    Effect::new(move |_| match settle(send.value().get(), confirm, errors, refused) {
        Some(TransferDone::Sent { .. }) => {
            let what = shown
                .get_untracked()
                .map(|p| format!("{} sent to {}.", p.money(p.amount), p.to.friendly_id));
            crate::ui::client::reload_saying(what.unwrap_or_else(|| "Transfer sent.".into()));
        }
        Some(TransferDone::Requested { expires_at, .. }) => {
            requested.set(Some(format!(
                "Waiting for a second admin's approval until {} UTC.",
                crate::ui::format::date_time(&expires_at)
            )));
            toasts.success("Transfer requested: a second admin approves it.");
            for field in [to, amount, description, reason] {
                field.set(String::new());
            }
            key.set_value(crate::ui::retry_key());
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        requested.set(None);
        let f = form();
        let e = validate_transfer_form(&f, decimals);
        if e.is_empty() {
            checked.set(true);
            preview.dispatch(PreviewTransfer { form: f });
        }
        errors.set(e);
    };
    let amount_hint = match decimals {
        0 => format!("In {currency}, whole units"),
        n => format!("In {currency}, up to {n} decimals"),
    };
    let checking = preview.pending();
    let sending = send.pending();
    view! {
        <form class="space-y-4" on:submit=submit novalidate data-testid="transfer-form">
            <div class="grid gap-4 sm:grid-cols-2">
                <div class="space-y-3">
                    <TextField name="to" label="To wallet" value=to errors required=true autocomplete="off"
                        hint="Its id or friendly id, or find it by its customer below" />
                    <PayeeFinder on_pick=Callback::new(move |friendly: String| { to.set(friendly); clear_error(errors, "to"); }) />
                </div>
                <TextField name="amount" label=format!("Amount ({currency})") value=amount errors required=true autocomplete="off" hint=amount_hint />
                <TextField name="description" label="Description (optional)" value=description errors
                    hint=format!("On both wallets' statements; at most {DESCRIPTION_MAX} characters") />
                <TextField name="reason" label="Reason" value=reason errors
                    hint=format!("Why: required above the tenant's approval threshold, for the second admin; at most {REASON_MAX} characters") />
            </div>
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="transfer-refused">{why}</p> })}
            {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || requested.get().map(|note| view! {
                <p class="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900" role="status" data-testid="transfer-requested">
                    {note}" "<a class="link" href="/transfers">"The requests"</a>
                </p>
            })}
            {move || preview.value().get().and_then(|r| r.err()).or_else(|| send.value().get().and_then(|r| r.err()))
                .map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <button type="submit" class="btn-primary" disabled=move || checking.get() || sending.get()>
                    {move || if checking.get() { "Checking…" } else { "Review transfer…" }}
                </button>
            </div>
            {move || shown.get().map(|p| {
                let (title, label) = if p.needs_approval {
                    ("Ask a second admin to approve this transfer?", "Request approval")
                } else {
                    ("Send this transfer?", "Send transfer")
                };
                view! {
                    <ConfirmDialog open=confirm title confirm_label=label pending=sending
                        on_confirm=move || { send.dispatch(SendTransfer { form: form(), key: key.get_value() }); }>
                        <PreviewTable preview=p.clone() />
                    </ConfirmDialog>
                }
            })}
        </form>
    }
}

/// The customer search, for a receiving wallet whose id nobody has at hand: picking one fills "To wallet".
#[component]
fn PayeeFinder(on_pick: Callback<String>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let search = ServerAction::<FindPayees>::new();
    let find = move || {
        if query.get_untracked().trim().chars().count() >= 2 {
            search.dispatch(FindPayees { query: query.get_untracked() });
        }
    };
    let pending = search.pending();
    let pick = move |p: Payee| {
        let label =
            format!("{} · {} · {} · {}", p.friendly_id, p.owner, p.currency, p.status.as_str());
        let friendly = p.friendly_id.clone();
        view! {
            <li><button type="button" class="link text-left text-sm" data-testid="payee" on:click=move |_| on_pick.run(friendly.clone())>{label}</button></li>
        }
    };
    view! {
        <div>
            <label for="payee-search" class="label">"Find by customer"</label>
            <div class="flex gap-2">
                <input id="payee-search" class="input" autocomplete="off" placeholder="Name, phone, email, ID or passport number"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find() } />
                <button type="button" class="btn-secondary" disabled=move || pending.get() on:click=move |_| find()>
                    {move || if pending.get() { "Finding…" } else { "Find" }}
                </button>
            </div>
            {move || search.value().get().map(|answer| match answer {
                Ok(list) if list.is_empty() => view! { <p class="mt-1 text-xs text-slate-600">"No customer's wallet matches."</p> }.into_any(),
                Ok(list) => view! { <ul class="mt-2 space-y-1" aria-label="Wallets found">{list.into_iter().map(pick).collect_view()}</ul> }.into_any(),
                Err(error) => view! { <InlineError error /> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn PreviewTable(preview: TransferPreview) -> impl IntoView {
    let row = |label: &'static str, side: &TransferSide| {
        view! {
            <tr>
                <th scope="row" class="py-1 pr-3 text-left font-medium">{label}</th>
                <td class="py-1 pr-3"><span class="font-mono">{side.friendly_id.clone()}</span><span class="block text-xs text-slate-600">{side.owner.clone()}</span></td>
                <td class="py-1 pr-3 text-right tabular-nums">{preview.money(side.available_before)}</td>
                <td class="py-1 text-right tabular-nums">{preview.money(side.available_after)}</td>
            </tr>
        }
    };
    let note = preview.needs_approval.then(|| {
        let why = if preview.threshold.trim().is_empty() {
            "the tenant's approval rule".to_owned()
        } else {
            preview.threshold.clone()
        };
        view! {
            <p class="mt-3 rounded-md bg-sky-50 px-3 py-2 text-sky-900" data-testid="needs-approval">
                {format!("Above {why}: nothing moves until a second admin approves it.")}
            </p>
        }
    });
    view! {
        <p class="text-base font-semibold tabular-nums" data-testid="transfer-amount">{preview.money(preview.amount)}</p>
        <table class="mt-3 w-full text-sm" data-testid="transfer-preview">
            <thead><tr class="text-xs text-slate-500">
                <th scope="col" class="pb-1 text-left font-medium">""</th>
                <th scope="col" class="pb-1 text-left font-medium">"Wallet"</th>
                <th scope="col" class="pb-1 text-right font-medium">"Available now"</th>
                <th scope="col" class="pb-1 text-right font-medium">"After"</th>
            </tr></thead>
            <tbody>{row("From", &preview.from)}{row("To", &preview.to)}</tbody>
        </table>
        {note}
    }
}
