//! The new-wallet form: only the types the customer is eligible for, and an optional first card.
use super::*;
use crate::ui::{error::InlineError, form::TextField, toast::use_toasts};

#[component]
pub fn NewWalletPanel(
    customer_id: i64,
    /// Onboarding: the wallet is made under the draft's own retry key, and finishes the draft.
    draft_id: Option<String>,
    on_created: Callback<WalletCreated>,
) -> impl IntoView {
    let options = Resource::new(|| (), move |_| wallet_options(customer_id));
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
            {move || {
                let draft_id = draft_id.clone();
                Suspend::new(async move {
                    match options.await {
                        Ok(options) => view! { <WalletFormView customer_id options draft_id on_created /> }.into_any(),
                        Err(error) => view! { <crate::ui::error::ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

fn radio_class(on: bool) -> &'static str {
    if on { "flex cursor-pointer items-start gap-3 rounded-lg border border-sky-600 bg-sky-50 p-3" } else { "flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 hover:border-slate-300" }
}

#[component]
fn WalletFormView(customer_id: i64, options: WalletChoices, draft_id: Option<String>, on_created: Callback<WalletCreated>) -> impl IntoView {
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
    let create = Action::new(move |(form, key): &(WalletForm, String)| {
        let (form, key, draft_id) = (form.clone(), key.clone(), draft_id.clone());
        async move {
            match draft_id {
                Some(draft_id) => crate::onboarding::create_onboarding_wallet(draft_id, form).await,
                None => create_wallet(customer_id, form, key).await,
            }
        }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(Outcome::Done(created))) => {
            toasts.success(format!("Wallet {} created.", created.wallet.friendly_id));
            on_created.run(created);
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let form = move || WalletForm { wallet_type_id: wallet_type_id.get(), name: name.get(), card: card.get(), identify_by: identify_by.get(), identifier: identifier.get() };
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
            <label class=move || radio_class(wallet_type_id.get() == id) data-testid="wallet-type-option">
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

/// The card part of a form: its kind, and for a physical card how it is identified (a PAN only for a
/// PCI-compliant tenant). Used by the new-wallet form and by linking a card to a wallet.
#[component]
pub fn CardFields(
    legend: &'static str,
    /// (value, label) of the kinds offered.
    kinds: &'static [(&'static str, &'static str)],
    card: RwSignal<String>,
    identify_by: RwSignal<String>,
    identifier: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    pci_compliant: bool,
) -> impl IntoView {
    let card_choice = move |value: &'static str, label: &'static str| view! {
        <label class=move || radio_class(card.get() == value)>
            <input type="radio" name="card" value=value checked=card.get_untracked() == value prop:checked=move || card.get() == value
                on:change=move |_| card.set(value.to_owned()) />
            <span class="text-sm font-medium text-slate-900">{label}</span>
        </label>
    };
    let by_choice = move |value: &'static str, label: &'static str| view! {
        <label class="flex items-center gap-2 text-sm">
            <input type="radio" name="identify_by" value=value checked=identify_by.get_untracked() == value prop:checked=move || identify_by.get() == value
                on:change=move |_| identify_by.set(value.to_owned()) />
            {label}
        </label>
    };
    view! {
        <fieldset>
            <legend class="label">{legend}</legend>
            <div class="grid gap-2 sm:grid-cols-3">{kinds.iter().map(|&(value, label)| card_choice(value, label)).collect_view()}</div>
            {move || errors.with(|e| e.get("card")).map(|e| view! { <p class="field-error">{e}</p> })}
        </fieldset>
        <Show when=move || card.get() == "physical">
            <fieldset class="space-y-3 rounded-lg bg-slate-50 p-4">
                <legend class="label">"Identify the physical card by"</legend>
                <div class="flex flex-wrap gap-4">
                    {by_choice("qrCode", "QR code")}
                    {by_choice("packId", "Pack id")}
                    {pci_compliant.then(|| by_choice("pan", "Card number (PAN)"))}
                </div>
                {(!pci_compliant).then(|| view! { <p class="text-xs text-slate-600">"A card number can only be used by a PCI-compliant tenant."</p> })}
                {move || errors.with(|e| e.get("identify_by")).map(|e| view! { <p class="field-error">{e}</p> })}
                <TextField name="identifier" label="Code or number" value=identifier errors autocomplete="off" />
                <p class="-mt-2 text-xs text-slate-500">{move || match identify_by.get().as_str() {
                    "pan" => "The 12 to 19 digits on the card.",
                    "packId" => "The pack id printed on the card's envelope.",
                    _ => "The code under the QR square on the card's pack.",
                }}</p>
            </fieldset>
        </Show>
    }
}
