//! Addresses on the server: the rules again, then Eclipse.
use super::Authed;
use crate::{
    auth::ssr::require,
    customers::addresses::{validate_address, AddressForm},
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

pub async fn save(customer_id: i64, address_id: Option<i64>, form: AddressForm) -> Result<Outcome<Address>, AppError> {
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
        ensure_owned(authed, customer_id, id).await?;
    }
    let eclipse = &authed.eclipse;
    let result = match (address_id, external_id) {
        (Some(id), _) => eclipse.update_address(id, &form.write(None)).await,
        (None, Some(ext)) => {
            let first = eclipse.create_address(customer_id, &form.write(Some(ext.to_owned()))).await;
            eclipse.created_once(first, &format!("/customers/{customer_id}/addresses"), ext).await
        }
        (None, None) => eclipse.create_address(customer_id, &form.write(None)).await,
    };
    authed.audit(if address_id.is_some() { "address.update" } else { "address.create" }, format!("customer {customer_id}"), &result).await;
    authed.outcome(result, form_field, ("form", "This address was already added.")).await
}

/// That the address is this customer's (the path names the address alone).
async fn ensure_owned(authed: &Authed, customer_id: i64, address_id: i64) -> Result<(), AppError> {
    let addresses = authed.answer(authed.eclipse.addresses(customer_id).await).await?;
    addresses.iter().any(|a| a.address_id == address_id).then_some(()).ok_or(AppError::NotFound)
}

pub async fn delete(customer_id: i64, address_id: i64) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    ensure_owned(&authed, customer_id, address_id).await?;
    let result = authed.eclipse.delete_address(address_id).await;
    authed.audit("address.delete", format!("customer {customer_id} address {address_id}"), &result).await;
    authed.answer(result).await.map(Outcome::Done)
}
