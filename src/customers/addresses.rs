//! A customer's addresses: the form (shared with the onboarding wizard), its rules, and the tab.
use crate::api::server_fns;
use crate::{
    eclipse::models::{Address, AddressWrite, ADDRESS_TYPES},
    error::{AppError, FieldErrors, Outcome},
    ui::{
        dialog::ConfirmDialog,
        error::InlineError,
        form::{form_signals, SelectField, SubmitButton, TextField, ToggleButton},
        load::Loaded,
        toast::use_toasts,
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    /// ISO 3166 alpha-3, as the vendor's example (`ZAF`).
    pub country: String,
    pub address_type: String,
}

impl Default for AddressForm {
    fn default() -> Self {
        AddressForm {
            line1: String::new(),
            line2: String::new(),
            city: String::new(),
            state: String::new(),
            postal_code: String::new(),
            country: "ZAF".into(),
            address_type: "RESIDENTIAL".into(),
        }
    }
}

impl AddressForm {
    pub fn of(a: &Address) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        AddressForm {
            line1: text(&a.line1),
            line2: text(&a.line2),
            city: text(&a.city),
            state: text(&a.state),
            postal_code: text(&a.postal_code),
            country: text(&a.country),
            address_type: a.address_type.clone().unwrap_or_else(|| "RESIDENTIAL".into()),
        }
    }

    pub fn write(&self, external_unique_id: Option<String>) -> AddressWrite {
        let text = |v: &str| Some(v.trim().to_owned());
        AddressWrite {
            line1: text(&self.line1),
            line2: text(&self.line2),
            city: text(&self.city),
            state: text(&self.state),
            postal_code: text(&self.postal_code),
            country: text(&self.country.to_uppercase()),
            address_type: text(&self.address_type),
            external_unique_id,
        }
    }

    /// One line, as a list shows it.
    pub fn summary(&self) -> String {
        [&self.line1, &self.line2, &self.city, &self.state, &self.postal_code, &self.country]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rules, checked in the browser and again on the server (Eclipse's own limits included).
pub fn validate_address(a: &AddressForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if a.line1.trim().is_empty() {
        errors.add("line1", "Enter the street address.");
    }
    if a.city.trim().is_empty() {
        errors.add("city", "Enter the city or town.");
    }
    for (field, value, max) in [
        ("line1", &a.line1, 100),
        ("line2", &a.line2, 100),
        ("city", &a.city, 60),
        ("state", &a.state, 60),
    ] {
        if value.trim().chars().count() > max {
            errors.add(field, format!("At most {max} characters."));
        }
    }
    let postal = a.postal_code.trim();
    if postal.is_empty()
        || postal.len() > 10
        || !postal.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        errors.add("postal_code", "Enter a postal code of up to 10 letters and digits, e.g. 2196.");
    }
    let country = a.country.trim();
    if country.len() != 3 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        errors.add("country", "Use the three-letter country code, e.g. ZAF.");
    }
    if !ADDRESS_TYPES.contains(&a.address_type.as_str()) {
        errors.add("address_type", "Choose residential, postal or business.");
    }
    errors
}

server_fns! {
    "customers/addresses/list" => list_addresses(customer_id: i64) -> Vec<Address> = ssr::list;
    /// Adds an address (`address_id` none) or changes one.
    "customers/addresses/save" =>
        save_address(customer_id: i64, address_id: Option<i64>, form: AddressForm)
            -> Outcome<Address> = ssr::save;
    "customers/addresses/delete" =>
        delete_address(customer_id: i64, address_id: i64) -> Outcome<()> = ssr::delete;
}

form_signals! {
    pub struct AddressFields for AddressForm {
        line1,
        line2,
        city,
        state,
        postal_code,
        country,
        address_type,
    }
}

#[component]
pub fn AddressInputs(
    fields: AddressFields,
    errors: RwSignal<FieldErrors>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let types = ADDRESS_TYPES
        .iter()
        .map(|t| (t.to_string(), t[..1].to_string() + &t[1..].to_lowercase()))
        .collect();
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <TextField name="line1" label="Street address" value=fields.line1 errors required=true disabled autocomplete="address-line1" />
            <TextField name="line2" label="Suburb or second line" value=fields.line2 errors disabled autocomplete="address-line2" />
            <TextField name="city" label="City" value=fields.city errors required=true disabled autocomplete="address-level2" />
            <TextField name="state" label="Province" value=fields.state errors disabled autocomplete="address-level1" />
            <TextField name="postal_code" label="Postal code" value=fields.postal_code errors required=true disabled autocomplete="postal-code" />
            <TextField name="country" label="Country" value=fields.country errors required=true disabled hint="Three letters, e.g. ZAF" />
            <SelectField name="address_type" label="Kind of address" value=fields.address_type errors options=types disabled />
        </div>
    }
}

/// The Addresses tab: each address, editable in place; a new one below.
#[island]
pub fn AddressesTab(customer_id: i64, can_edit: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let addresses = Resource::new(move || reload.get(), move |_| list_addresses(customer_id));
    let show = move |list: Vec<Address>| {
        let empty = list.is_empty();
        let items = list
            .into_iter()
            .map(|a| view! { <AddressItem address=a customer_id can_edit reload /> })
            .collect_view();
        view! {
            <div class="space-y-4" data-testid="addresses">
                {empty.then(|| view! { <p class="card p-6 text-sm text-slate-600">"No address is on file."</p> })}
                {items}
                {can_edit.then(|| view! { <NewAddress customer_id reload /> })}
            </div>
        }
    };
    view! { <Loaded resource=addresses children=show /> }
}

#[component]
fn AddressItem(
    address: Address,
    customer_id: i64,
    can_edit: bool,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let toasts = use_toasts();
    let form = AddressForm::of(&address);
    let summary = form.summary();
    let kind = form.address_type.clone();
    let editing = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let remove = ServerAction::<DeleteAddress>::new();
    let address_id = address.address_id;
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(Outcome::Done(()))) => {
            confirm.set(false);
            toasts.success("Address deleted.");
            reload.update(|n| *n += 1);
        }
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let summary_for_dialog = summary.clone();
    view! {
        <section class="card p-5" data-testid="address">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <span class="badge bg-slate-100 text-slate-800 ring-slate-300">{kind}</span>
                    <p class="mt-2 text-sm text-slate-900">{summary}</p>
                </div>
                {can_edit.then(|| view! {
                    <div class="flex gap-2">
                        <ToggleButton open=editing label="Edit" />
                        <button type="button" class="btn-danger" on:click=move |_| confirm.set(true)>"Delete"</button>
                    </div>
                })}
            </div>
            <Show when=move || editing.get()>
                <div class="mt-4 border-t border-slate-200 pt-4">
                    <AddressEditor customer_id address_id=Some(address_id) initial=form.clone()
                        on_saved=move |_| { editing.set(false); reload.update(|n| *n += 1); } />
                </div>
            </Show>
            {move || remove.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
            <ConfirmDialog open=confirm title="Delete this address?" confirm_label="Delete address" danger=true
                pending=remove.pending() on_confirm=move || { remove.dispatch(DeleteAddress { customer_id, address_id }); }>
                <p>{summary_for_dialog.clone()}</p>
                <p class="mt-2">"It is removed from Eclipse. A KYC check run later needs an address on file."</p>
            </ConfirmDialog>
        </section>
    }
}

#[component]
fn NewAddress(customer_id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="btn-primary" on:click=move |_| open.set(true)>"Add an address"</button>
        }>
            <section class="card p-5">
                <h2 class="mb-4 text-base font-semibold text-slate-900">"New address"</h2>
                <AddressEditor customer_id address_id=None initial=AddressForm::default()
                    on_saved=move |_| { open.set(false); reload.update(|n| *n += 1); } />
            </section>
        </Show>
    }
}

/// Edits one address (or adds one); on success calls `on_saved`.
#[component]
fn AddressEditor(
    customer_id: i64,
    address_id: Option<i64>,
    initial: AddressForm,
    on_saved: impl Fn(Address) + Send + Sync + 'static,
) -> impl IntoView {
    let toasts = use_toasts();
    let errors = RwSignal::new(FieldErrors::default());
    let save = ServerAction::<SaveAddress>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(saved))) => {
            toasts.success("Address saved.");
            on_saved(saved);
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    view! {
        <AddressFormView initial errors pending=save.pending() failure=Signal::derive(move || save.value().get().and_then(|r| r.err()))
            label="Save address" send=move |form| { save.dispatch(SaveAddress { customer_id, address_id, form }); } />
    }
}

/// The address form (shared with the onboarding wizard): the inputs, their messages, and the send button.
/// `send` gets a form that passed the rules; what was typed stays when the save fails.
#[component]
pub fn AddressFormView(
    initial: AddressForm,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] failure: Signal<Option<AppError>>,
    label: &'static str,
    send: impl Fn(AddressForm) + Send + Sync + 'static,
) -> impl IntoView {
    let fields = AddressFields::new(&initial);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.get();
        let e = validate_address(&form);
        if e.is_empty() {
            send(form);
        }
        errors.set(e);
    };
    view! {
        <form on:submit=submit novalidate class="space-y-4" data-testid="address-form">
            <AddressInputs fields errors />
            {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || failure.get().map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <SubmitButton pending label busy="Saving…" />
            </div>
        </form>
    }
}

/// Addresses on the server: the rules again, then Eclipse.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::auth::ssr::Authed;
    use crate::{
        auth::ssr::{require, FormErrors},
        customers::{
            addresses::{validate_address, AddressForm},
            ssr::{ensure_listed, kyc_change},
        },
        eclipse::{models::Address, positions::Capability},
        error::{AppError, Outcome},
    };

    fn form_field(eclipse_field: &str) -> &str {
        match eclipse_field {
            "line1" => "line1",
            "line2" => "line2",
            "city" => "city",
            "state" => "state",
            "postalCode" => "postal_code",
            "country" => "country",
            "addressType" => "address_type",
            _ => "form",
        }
    }

    pub async fn list(customer_id: i64) -> Result<Vec<Address>, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        authed.answer(authed.eclipse.addresses(customer_id).await).await
    }

    pub async fn save(
        customer_id: i64,
        address_id: Option<i64>,
        form: AddressForm,
    ) -> Result<Outcome<Address>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        save_as(&authed, customer_id, address_id, &form, None).await
    }

    /// Creates (with `external_id`, so a retry finds the first attempt's address) or updates an address.
    pub async fn save_as(
        authed: &Authed,
        customer_id: i64,
        address_id: Option<i64>,
        form: &AddressForm,
        external_id: Option<&str>,
    ) -> Result<Outcome<Address>, AppError> {
        let errors = validate_address(form);
        if !errors.is_empty() {
            return Ok(Outcome::Invalid(errors));
        }
        if let Some(id) = address_id {
            let listed = authed.eclipse.addresses(customer_id).await;
            ensure_listed(authed, listed, |a: &Address| a.address_id == id).await?;
        }
        let eclipse = &authed.eclipse;
        let result = match (address_id, external_id) {
            (Some(id), _) => eclipse.update_address(id, &form.write(None)).await,
            (None, Some(ext)) => {
                let first =
                    eclipse.create_address(customer_id, &form.write(Some(ext.to_owned()))).await;
                eclipse
                    .created_once(first, &format!("/customers/{customer_id}/addresses"), ext)
                    .await
            }
            (None, None) => eclipse.create_address(customer_id, &form.write(None)).await,
        };
        let action = if address_id.is_some() { "address.update" } else { "address.create" };
        let form = FormErrors {
            field: form_field,
            duplicate: ("form", "This address was already added."),
        };
        kyc_change(authed, customer_id, action, format!("customer {customer_id}"), result, &form)
            .await
    }

    pub async fn delete(customer_id: i64, address_id: i64) -> Result<Outcome<()>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        let listed = authed.eclipse.addresses(customer_id).await;
        ensure_listed(&authed, listed, |a: &Address| a.address_id == address_id).await?;
        let result = authed.eclipse.delete_address(address_id).await;
        let target = format!("customer {customer_id} address {address_id}");
        authed.audit_kyc_change(customer_id, "address.delete", target, &result).await;
        authed.answer(result).await.map(Outcome::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_rules_name_their_fields() {
        let ok = AddressForm {
            line1: "12 Mandela Street".into(),
            city: "Johannesburg".into(),
            postal_code: "2196".into(),
            ..Default::default()
        };
        assert!(validate_address(&ok).is_empty());
        let bad = AddressForm {
            country: "ZA".into(),
            postal_code: "".into(),
            address_type: "HOME".into(),
            ..ok
        };
        let e = validate_address(&bad);
        assert!(
            e.get("country").is_some()
                && e.get("postal_code").is_some()
                && e.get("address_type").is_some()
        );
    }
}
