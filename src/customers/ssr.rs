//! Server side of customers: the guard, the rules again, the version check, and the calls to Eclipse.
use super::*;
use crate::{
    auth::ssr::{require, Authed},
    eclipse::{client::EclipseError, models::{CustomerUpdate, ListParams}, positions::Capability},
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
        Err(err) if err.code() == Some("NFD001") => Err(with_status(AppError::NotFound)),
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
    authed.audit(action, customer_id.to_string(), &result).await;
    match result {
        Err(err) if err.code() == Some("VER001") => Ok(Outcome::Conflict(load(authed, customer_id).await?)),
        other => outcome(authed, other).await,
    }
}

pub async fn update_profile(edit: ProfileEdit) -> Result<Outcome<Customer>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
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
        date_of_birth: text(&edit.date_of_birth).filter(|d| !d.is_empty()),
        phone1: text(&edit.phone1),
        email: text(&edit.email),
        national_identity_number: text(&edit.national_identity_number),
        passport_number: text(&edit.passport_number),
        country_of_residence: text(&edit.country_of_residence),
        version: Some(edit.version),
        ..Default::default()
    };
    put(&authed, edit.customer_id, update, "customer.update").await
}

pub async fn set_lock(customer_id: i64, version: i64, lock: i64) -> Result<Outcome<Customer>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let all: i64 = PROFILE_LOCKS.iter().map(|(bit, _, _)| bit).sum();
    if !(0..=all).contains(&lock) {
        return Ok(Outcome::Refused(format!("The lock is a number from 0 to {all}.")));
    }
    let update = CustomerUpdate { profile_completion_status: Some(lock), version: Some(version), ..Default::default() };
    put(&authed, customer_id, update, "customer.lock").await
}
