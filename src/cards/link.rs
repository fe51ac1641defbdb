//! Linking a card to a wallet: virtual, or physical by QR code, pack id or (PCI-compliant tenants only) PAN;
//! as the primary, a supplementary or an add-on card. Once per retry key.
use crate::api::server_fns;
use crate::{
    cards::{validate_card_choice, CardFields},
    eclipse::models::Card,
    error::{FieldErrors, Outcome},
    ui::{error::InlineError, form::answered},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLinkForm {
    /// `virtual` or `physical`.
    pub card: String,
    pub identify_by: String,
    pub identifier: String,
    pub operation: String,
}

/// (operation type, label, what it means)
pub const OPERATIONS: &[(&str, &str, &str)] = &[
    ("PRIMARY_CARD", "Primary", "The wallet's main card."),
    (
        "SUPPLEMENTARY_CARD",
        "Supplementary",
        "A further card on the same wallet, e.g. for a family member.",
    ),
    ("ADD_ON_CARD", "Add-on", "An extra card for the same holder."),
];

pub fn validate_card_link(f: &CardLinkForm, pci_compliant: bool) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !matches!(f.card.as_str(), "virtual" | "physical") {
        errors.add("card", "Choose a virtual or a physical card.");
    } else {
        validate_card_choice(&f.card, &f.identify_by, &f.identifier, pci_compliant, &mut errors);
    }
    if !OPERATIONS.iter().any(|(op, _, _)| *op == f.operation) {
        errors.add("operation", "Choose how the card operates on the wallet.");
    }
    errors
}

server_fns! {
    "cards/link" =>
        link_card(wallet_id: i64, form: CardLinkForm, key: String)
            -> Outcome<Card> = super::ssr::link;
}

/// Links a card to the wallet; the page loads again to show it among the wallet's cards.
#[island]
pub fn LinkCardForm(wallet_id: i64, pci_compliant: bool) -> impl IntoView {
    let card = RwSignal::new("virtual".to_owned());
    let identify_by = RwSignal::new("qrCode".to_owned());
    let identifier = RwSignal::new(String::new());
    let operation = RwSignal::new("SUPPLEMENTARY_CARD".to_owned());
    let errors = RwSignal::new(FieldErrors::default());
    let key = StoredValue::new(None::<String>);
    let link = ServerAction::<LinkCard>::new();
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(card) = answered(link.value().get(), errors, refused) {
            crate::ui::client::reload_saying(format!("Card {} linked.", card.masked_pan));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let form = CardLinkForm {
            card: card.get(),
            identify_by: identify_by.get(),
            identifier: identifier.get(),
            operation: operation.get(),
        };
        let e = validate_card_link(&form, pci_compliant);
        if e.is_empty() {
            let k = key.get_value().unwrap_or_else(crate::ui::retry_key);
            key.set_value(Some(k.clone()));
            link.dispatch(LinkCard { wallet_id, form, key: k });
        }
        errors.set(e);
    };
    let operations = OPERATIONS.iter().map(|(value, label, hint)| view! {
        <label class="flex items-start gap-2 text-sm">
            <input type="radio" name="operation" value=*value class="mt-1" checked=operation.get_untracked() == *value
                prop:checked=move || operation.get() == *value on:change=move |_| operation.set((*value).to_owned()) />
            <span><span class="font-medium text-slate-900">{*label}</span><span class="block text-xs text-slate-600">{*hint}</span></span>
        </label>
    }).collect_view();
    let pending = link.pending();
    view! {
        <form class="space-y-4" on:submit=submit novalidate data-testid="link-card-form">
            <CardFields legend="Card" kinds=&[("virtual", "Virtual card"), ("physical", "Physical card")]
                card identify_by identifier errors pci_compliant />
            <fieldset>
                <legend class="label">"Operation"</legend>
                <div class="grid gap-2 sm:grid-cols-3">{operations}</div>
                {move || errors.with(|e| e.get("operation")).map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || link.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <button type="submit" class="btn-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Linking…" } else { "Link card" }}
            </button>
        </form>
    }
}
