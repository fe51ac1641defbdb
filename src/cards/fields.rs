//! The card part of a form (the new-wallet form's first card, linking a card to a wallet): its kind, and
//! for a physical card how it is identified; the rules both forms share.
use crate::{
    eclipse::models::PhysicalCardIdentifier,
    error::FieldErrors,
    ui::form::{choice_class, TextField},
    validate,
};
use leptos::prelude::*;

/// The card part of a form: `none` (where allowed), `virtual`, or `physical` identified by QR code, pack id
/// or — PCI-compliant tenants only — a PAN with a valid check digit.
pub fn validate_card_choice(
    card: &str,
    identify_by: &str,
    identifier: &str,
    pci_compliant: bool,
    errors: &mut FieldErrors,
) {
    let id = identifier.trim();
    match (card, identify_by) {
        ("none" | "virtual", _) => {}
        ("physical", "qrCode" | "packId") => {
            if id.len() < 4
                || id.len() > 64
                || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                errors.add(
                    "identifier",
                    "Enter the code printed on the card's pack: 4 to 64 letters, digits or dashes.",
                );
            }
        }
        ("physical", "pan") if !pci_compliant => {
            errors.add(
                "identify_by",
                "This tenant is not PCI compliant: identify the card by its QR code or pack id.",
            );
        }
        ("physical", "pan") => {
            let digits: String = id.chars().filter(|c| !c.is_whitespace()).collect();
            if !(12..=19).contains(&digits.len()) || !validate::luhn_ok(&digits) {
                errors.add(
                    "identifier",
                    "Enter the card number: 12 to 19 digits with a valid check digit.",
                );
            }
        }
        ("physical", _) => errors.add("identify_by", "Choose how the card is identified."),
        _ => errors.add("card", "Choose the kind of card."),
    }
}

/// A physical card's identifier as Eclipse wants it (spaces dropped).
pub fn physical_identifier(identify_by: &str, identifier: &str) -> PhysicalCardIdentifier {
    let id = Some(identifier.trim().replace(' ', ""));
    match identify_by {
        "pan" => PhysicalCardIdentifier { pan: id, ..Default::default() },
        "packId" => PhysicalCardIdentifier { pack_id: id, ..Default::default() },
        _ => PhysicalCardIdentifier { qr_code: id, ..Default::default() },
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
    let card_choice = move |value: &'static str, label: &'static str| {
        view! {
            <label class=move || choice_class(card.get() == value)>
                <input type="radio" name="card" value=value checked=card.get_untracked() == value prop:checked=move || card.get() == value
                    on:change=move |_| card.set(value.to_owned()) />
                <span class="text-sm font-medium text-slate-900">{label}</span>
            </label>
        }
    };
    let by_choice = move |value: &'static str, label: &'static str| {
        view! {
            <label class="flex items-center gap-2 text-sm">
                <input type="radio" name="identify_by" value=value checked=identify_by.get_untracked() == value prop:checked=move || identify_by.get() == value
                    on:change=move |_| identify_by.set(value.to_owned()) />
                {label}
            </label>
        }
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
