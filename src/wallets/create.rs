//! The new-wallet form: only the types the customer is eligible for, and an optional first card.
use super::{
    create_wallet, validate_wallet_form, wallet_options, WalletChoices, WalletCreated, WalletForm,
};
use crate::{
    cards::CardFields,
    error::{AppError, FieldErrors, Outcome},
    ui::{
        error::InlineError,
        form::{choice_class, TextField},
        load::Loaded,
        toast::use_toasts,
    },
};
use leptos::prelude::*;

/// What sends the form: the form and its retry key in, Eclipse's answer out. The customer's page sends
/// it to `create_wallet`; onboarding to its own server function, which uses the draft's key.
pub type WalletSender = Action<(WalletForm, String), Result<Outcome<WalletCreated>, AppError>>;

/// The customer's page's sender: `create_wallet` under the form's retry key.
pub fn create_for_customer(customer_id: i64) -> WalletSender {
    Action::new(move |(form, key): &(WalletForm, String)| {
        create_wallet(customer_id, form.clone(), key.clone())
    })
}

#[component]
pub fn NewWalletPanel(
    customer_id: i64,
    create: WalletSender,
    on_created: Callback<WalletCreated>,
) -> impl IntoView {
    let options = Resource::new(|| (), move |_| wallet_options(customer_id));
    view! {
        <Loaded resource=options children=move |options| view! { <WalletFormView options create on_created /> } />
    }
}

#[component]
fn WalletFormView(
    options: WalletChoices,
    create: WalletSender,
    on_created: Callback<WalletCreated>,
) -> impl IntoView {
    let toasts = use_toasts();
    let WalletChoices { eligible, kyc_level, pci_compliant } = options;
    // Fixed when the form is first sent: every retry carries it.
    let key = StoredValue::new(None::<String>);
    let wallet_type_id = RwSignal::new(eligible.first().map(|t| t.wallet_type_id).unwrap_or(0));
    let name = RwSignal::new(String::new());
    let card = RwSignal::new("none".to_owned());
    let identify_by = RwSignal::new("qrCode".to_owned());
    let identifier = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    Effect::new(move |_| match create.value().get() {
        Some(Ok(Outcome::Done(created))) => {
            toasts.success(format!("Wallet {} created.", created.wallet.friendly_id));
            on_created.run(created);
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let form = move || WalletForm {
        wallet_type_id: wallet_type_id.get(),
        name: name.get(),
        card: card.get(),
        identify_by: identify_by.get(),
        identifier: identifier.get(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form();
        let e = validate_wallet_form(&f, pci_compliant);
        if e.is_empty() {
            let k = key.get_value().unwrap_or_else(crate::ui::retry_key);
            key.set_value(Some(k.clone()));
            create.dispatch((f, k));
        }
        errors.set(e);
    };
    let none_eligible = eligible.is_empty();
    let types = eligible.into_iter().map(|t| {
        let id = t.wallet_type_id;
        let detail = format!("{} · {} · needs KYC {}", t.attribute("Currency").unwrap_or("ZAR"), t.mode.as_str(), t.kyc_level().as_str());
        let always_card = t.attribute("alwaysCreateCard") == Some("true");
        view! {
            <label class=move || choice_class(wallet_type_id.get() == id) data-testid="wallet-type-option">
                <input type="radio" name="wallet_type_id" class="mt-1" value=id.to_string() checked=wallet_type_id.get_untracked() == id
                    prop:checked=move || wallet_type_id.get() == id on:change=move |_| wallet_type_id.set(id) />
                <span class="text-sm">
                    <span class="font-medium text-slate-900">{t.name.clone()}</span>
                    <span class="block text-xs text-slate-600">{detail}</span>
                    {always_card.then(|| view! { <span class="block text-xs text-slate-600">"Always gets a virtual card when no card is chosen."</span> })}
                </span>
            </label>
        }
    }).collect_view();
    let pending = create.pending();
    view! {
        <form class="card space-y-5 p-6" on:submit=submit novalidate data-testid="wallet-form">
            <h2 class="text-base font-semibold text-slate-900">"New wallet"</h2>
            <fieldset>
                <legend class="label">"Wallet type"</legend>
                <p class="mb-2 text-xs text-slate-600">{format!("Only the types this customer is eligible for (their KYC level is {}).", kyc_level.as_str())}</p>
                <div class="grid gap-2 sm:grid-cols-2">{types}</div>
                {none_eligible.then(|| view! { <p class="field-error">"No wallet type is open to this customer's KYC level yet."</p> })}
                {move || errors.with(|e| e.get("wallet_type_id")).map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            <TextField name="name" label="Wallet name (optional)" value=name errors hint="Shown to the customer, e.g. Everyday" />
            <CardFields legend="First card" kinds=&[("none", "No card"), ("virtual", "Virtual card"), ("physical", "Physical card")]
                card identify_by identifier errors pci_compliant />
            {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || create.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <button type="submit" class="btn-primary" disabled=move || pending.get() || none_eligible>
                    {move || if pending.get() { "Creating…" } else { "Create wallet" }}
                </button>
            </div>
        </form>
    }
}
