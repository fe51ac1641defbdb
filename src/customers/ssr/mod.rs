//! Server side of customers: the guard, the rules again, the version check, and the calls to Eclipse.
pub mod addresses;
pub mod barring;
pub mod documents;
pub mod identities;
pub mod kyc;
pub mod names;

use super::*;
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, Authed},
    eclipse::{client::EclipseError, models::{CustomerUpdate, ListParams, NewCustomer}, positions::Capability},
    error::with_status,
};

fn form_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "firstName" => "first_name",
        "lastName" => "last_name",
        "dateOfBirth" => "date_of_birth",
        "phone1" => "phone1",
        "email" => "email",
        "nationalIdentityNumber" => "national_identity_number",
        "passportNumber" => "passport_number",
        "countryOfResidence" => "country_of_residence",
        _ => "form",
    }
}

async fn outcome<T>(authed: &Authed, result: Result<T, EclipseError>) -> Result<Outcome<T>, AppError> {
    authed.outcome(result, form_field, ("form", "Eclipse reports a duplicate of this customer.")).await
}

fn sort_field(key: &str) -> &'static str {
    if key == "created" { "created" } else { "lastName" }
}

pub async fn search(query: ListQuery, by: SearchBy) -> Result<SearchResult, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let params = ListParams {
        offset: query.offset,
        limit: query.limit.clamp(1, 100),
        sort: Some(query.eclipse_sort(sort_field(&query.sort))),
        filters: by.filters(&query.q),
    };
    let page = authed.answer(authed.eclipse.customers(&params).await).await?;
    Ok(SearchResult { page, by: by.resolve(&query.q) })
}

async fn load(authed: &Authed, customer_id: i64) -> Result<Customer, AppError> {
    match authed.eclipse.customer(customer_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => Err(with_status(AppError::NotFound)),
        other => authed.answer(other).await,
    }
}

pub async fn get(customer_id: i64) -> Result<Customer, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    load(&authed, customer_id).await
}

/// Sends `update` from `version`; a stale version comes back as the latest customer.
async fn put(authed: &Authed, customer_id: i64, update: CustomerUpdate, action: &str) -> Result<Outcome<Customer>, AppError> {
    let result = authed.eclipse.update_customer(customer_id, &update).await;
    authed.state.customer_names.forget(authed.data.tenant_id, customer_id);
    authed.audit(action, format!("customer {customer_id}"), &result).await;
    match result {
        Err(err) if err.is(ErrorCode::StaleVersion) => Ok(Outcome::Conflict(load(authed, customer_id).await?)),
        other => outcome(authed, other).await,
    }
}

pub async fn update_profile(edit: ProfileEdit) -> Result<Outcome<Customer>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    save_profile(&authed, edit).await
}

/// Checks and saves the details from `edit.version` (shared with onboarding).
pub async fn save_profile(authed: &Authed, edit: ProfileEdit) -> Result<Outcome<Customer>, AppError> {
    let errors = validate_profile(&edit);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let text = |v: &str| Some(v.trim().to_owned());
    let update = CustomerUpdate {
        title: text(&edit.title),
        first_name: text(&edit.first_name),
        last_name: text(&edit.last_name),
        gender: text(&edit.gender),
        date_of_birth: crate::eclipse::timestamps::parse_date(&edit.date_of_birth),
        phone1: text(&edit.phone1),
        email: text(&edit.email),
        national_identity_number: text(&edit.national_identity_number),
        passport_number: text(&edit.passport_number),
        country_of_residence: text(&edit.country_of_residence),
        version: Some(edit.version),
        ..Default::default()
    };
    put(authed, edit.customer_id, update, "customer.update").await
}

/// Creates a customer from the details, under `external_id` (a retry finds the first attempt's customer).
pub async fn create(authed: &Authed, edit: &ProfileEdit, external_id: &str) -> Result<Outcome<Customer>, AppError> {
    let errors = validate_profile(edit);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let new = NewCustomer {
        first_name: edit.first_name.trim().to_owned(),
        last_name: edit.last_name.trim().to_owned(),
        title: text(&edit.title),
        gender: text(&edit.gender),
        date_of_birth: crate::eclipse::timestamps::parse_date(&edit.date_of_birth),
        phone1: text(&edit.phone1).and_then(|p| validate::normalise_phone(&p)),
        email: text(&edit.email),
        national_identity_number: text(&edit.national_identity_number),
        passport_number: text(&edit.passport_number),
        country_of_residence: text(&edit.country_of_residence),
        external_unique_id: external_id.to_owned(),
    };
    let first = authed.eclipse.create_customer(&new).await;
    let result = authed.eclipse.created_once(first, "/customers", external_id).await;
    authed.audit("customer.create", external_id.to_owned(), &result).await;
    if let Ok(customer) = &result {
        authed.contributed_to_kyc(customer.customer_id, "customer.create").await;
    }
    outcome(authed, result).await
}

/// Customers who may be the same person: the same identity number, phone or email. The customer made under
/// `own_external_id` (by an earlier attempt of this same create) is not a duplicate: it is the one.
pub async fn possible_duplicates(authed: &Authed, edit: &ProfileEdit, own_external_id: &str) -> Result<Vec<Customer>, AppError> {
    let by = |key: &str, value: String| ListParams { offset: 0, limit: 10, sort: None, filters: vec![(key.to_owned(), value)] };
    let id = edit.national_identity_number.trim().to_owned();
    let phone = validate::normalise_phone(&edit.phone1).unwrap_or_default();
    let email = edit.email.trim().to_owned();
    let e = &authed.eclipse;
    let search = |key: &'static str, value: &String| {
        let value = value.clone();
        async move { if value.is_empty() { Ok(None) } else { e.customers(&by(key, value)).await.map(Some) } }
    };
    let (a, b, c) = tokio::join!(search("nationalIdentityNumber", &id), search("phone1", &phone), search("email", &email));
    let mut found: Vec<Customer> = vec![];
    for page in [a, b, c] {
        for customer in authed.answer(page).await?.map(|p| p.items).unwrap_or_default() {
            let same_email = customer.email.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(edit.email.trim()));
            let same_phone = !phone.is_empty() && customer.phone1.as_deref().and_then(validate::normalise_phone).as_deref() == Some(phone.as_str());
            let same_id = !id.is_empty() && customer.national_identity_number.as_deref() == Some(id.as_str());
            // Email search is by prefix: only an exact match counts.
            let ours = customer.external_unique_id.as_deref() == Some(own_external_id);
            if (same_email || same_phone || same_id) && !ours && !found.iter().any(|f| f.customer_id == customer.customer_id) {
                found.push(customer);
            }
        }
    }
    Ok(found)
}

pub async fn set_lock(customer_id: i64, version: i64, lock: i64) -> Result<Outcome<Customer>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let all: i64 = PROFILE_LOCKS.iter().map(|(bit, _, _)| bit).sum();
    if !(0..=all).contains(&lock) {
        return Ok(authed.refuse("customer.lock", format!("customer {customer_id}"), format!("The lock is a number from 0 to {all}.")).await);
    }
    let update = CustomerUpdate { profile_completion_status: Some(lock), version: Some(version), ..Default::default() };
    put(&authed, customer_id, update, "customer.lock").await
}
