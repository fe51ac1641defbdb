//! Customers: search as you type by name, email, phone, identity or passport number, and the customer's
//! page with a tab per part of the record. Everyone reads profiles, addresses, wallets and cards;
//! documents and KYC need `LEVEL_02` or a reviewer; `LEVEL_02` and above edit.
pub mod addresses;
pub mod barring;
pub mod documents;
pub mod identities;
pub mod kyc;
pub mod profile;
mod search;
pub mod timeline;
mod upload;

pub use search::{
    search_customers, CustomerStatusBadge, CustomersPage, SearchBy, SearchResult, SORTABLE,
};

use crate::api::server_fns;
use crate::eclipse::models::Customer;
use crate::error::{FieldErrors, Outcome};
use crate::validate;
use serde::{Deserialize, Serialize};

/// The profile form. `version` is the one the edit is based on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProfileEdit {
    pub customer_id: i64,
    pub version: i64,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub gender: String,
    pub date_of_birth: String,
    pub phone1: String,
    pub email: String,
    pub national_identity_number: String,
    pub passport_number: String,
    pub country_of_residence: String,
}

impl ProfileEdit {
    pub fn of(c: &Customer) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ProfileEdit {
            customer_id: c.customer_id,
            version: c.version,
            title: text(&c.title),
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            gender: text(&c.gender),
            date_of_birth: c.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            phone1: text(&c.phone1),
            email: text(&c.email),
            national_identity_number: text(&c.national_identity_number),
            passport_number: text(&c.passport_number),
            country_of_residence: text(&c.country_of_residence),
        }
    }
}

/// A two-letter code, or a country's name as Eclipse's own examples write it ("South Africa"), which is what
/// customers created elsewhere carry: a save must not fail on a field the user did not touch.
fn country_ok(country: &str) -> bool {
    let name_chars =
        |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.' | '(' | ')' | ',');
    match country.chars().count() {
        0 => true,
        2 => country.chars().all(|c| c.is_ascii_uppercase()),
        3..=60 => {
            country.chars().next().is_some_and(char::is_uppercase)
                && country.chars().all(name_chars)
        }
        _ => false,
    }
}

/// The rules of a customer's details, checked in the browser and again on the server.
pub fn validate_profile(p: &ProfileEdit) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if p.first_name.trim().is_empty() {
        errors.add("first_name", "Enter a first name.");
    }
    if p.last_name.trim().is_empty() {
        errors.add("last_name", "Enter a surname.");
    }
    if !p.email.trim().is_empty() && !validate::is_valid_email(p.email.trim()) {
        errors.add("email", "Enter an email address like name@example.com.");
    }
    if !p.phone1.trim().is_empty() && validate::normalise_phone(&p.phone1).is_none() {
        errors.add(
            "phone1",
            "Enter a phone number of 9 to 15 digits, like 0821234567 or 27821234567.",
        );
    }
    let dob = p.date_of_birth.trim();
    let dob_ok = dob.is_empty()
        || chrono::NaiveDate::parse_from_str(dob, "%Y-%m-%d")
            .is_ok_and(|d| d <= chrono::Utc::now().date_naive());
    if !dob_ok {
        errors.add("date_of_birth", "Enter a date of birth in the past, as YYYY-MM-DD.");
    }
    let id = p.national_identity_number.trim();
    if !id.is_empty() {
        if id.len() != 13 || !id.chars().all(|c| c.is_ascii_digit()) || !validate::sa_id_luhn_ok(id)
        {
            errors.add(
                "national_identity_number",
                "A South African identity number has 13 digits and a valid check digit.",
            );
        } else if dob_ok && !dob.is_empty() && !validate::sa_id_matches_birth_date(id, dob) {
            errors.add(
                "national_identity_number",
                "The identity number does not match the date of birth.",
            );
        }
    }
    if !country_ok(p.country_of_residence.trim()) {
        errors.add(
            "country_of_residence",
            "Use the two-letter country code (e.g. ZA) or the country's name (e.g. South Africa).",
        );
    }
    errors
}

/// The parts of `profileCompletionStatus` (API.md): each bit locks a part of the profile against the
/// customer's own changes (admins may still change it).
pub const PROFILE_LOCKS: &[(i64, &str, &str)] = &[
    (1, "Profile", "names, title, gender, phone and email"),
    (2, "Address", "their addresses"),
    (4, "Documents", "their identity documents"),
    (8, "Attachments", "other attached files"),
    (16, "Date of birth validated", "their date of birth"),
    (32, "National identity validated", "their national identity number"),
];

server_fns! {
    "customers/get" => get_customer(customer_id: i64) -> Customer = ssr::get;
    /// Saves the details from `edit.version`; someone else's newer save comes back as a conflict.
    "customers/update" =>
        update_customer_profile(edit: ProfileEdit) -> Outcome<Customer> = ssr::update_profile;
    "customers/set_lock" =>
        set_profile_lock(customer_id: i64, version: i64, lock: i64)
            -> Outcome<Customer> = ssr::set_lock;
}

/// Server side of customers: the guard, the rules again, the version check, and the calls to Eclipse.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::error::AppError;
    use crate::{
        auth::ssr::{require, Authed, FormErrors},
        eclipse::{
            client::EclipseError,
            models::{CustomerUpdate, ListParams, NewCustomer},
            positions::Capability,
            ErrorCode,
        },
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

    const FORM: FormErrors = FormErrors {
        field: form_field,
        duplicate: ("form", "Eclipse reports a duplicate of this customer."),
    };

    pub async fn load(authed: &Authed, customer_id: i64) -> Result<Customer, AppError> {
        match authed.eclipse.customer(customer_id).await {
            Err(err) if err.is(ErrorCode::NotFound) => Err(AppError::NotFound),
            other => authed.answer(other).await,
        }
    }

    /// Audits a change to what a KYC check rests on, and reads Eclipse's answer as the form's outcome.
    pub async fn kyc_change<T>(
        authed: &Authed,
        customer_id: i64,
        action: &str,
        target: String,
        result: Result<T, EclipseError>,
        form: &FormErrors,
    ) -> Result<Outcome<T>, AppError> {
        authed.audit_kyc_change(customer_id, action, target, &result).await;
        authed.outcome(result, form).await
    }

    /// That the record `is_it` picks is among the customer's `listed` ones: a path names an address or a
    /// document by its own id, which must not reach another customer's.
    pub async fn ensure_listed<T>(
        authed: &Authed,
        listed: Result<Vec<T>, EclipseError>,
        is_it: impl Fn(&T) -> bool,
    ) -> Result<(), AppError> {
        let listed = authed.answer(listed).await?;
        listed.iter().any(is_it).then_some(()).ok_or(AppError::NotFound)
    }

    pub async fn get(customer_id: i64) -> Result<Customer, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        load(&authed, customer_id).await
    }

    /// A change of the profile's fields, which a KYC decision rests on (a lock or a status is not).
    const PROFILE_UPDATE: &str = "customer.update";

    /// Sends `update` from `version`; a stale version comes back as the latest customer.
    async fn put(
        authed: &Authed,
        customer_id: i64,
        update: CustomerUpdate,
        action: &str,
    ) -> Result<Outcome<Customer>, AppError> {
        let result = authed.eclipse.update_customer(customer_id, &update).await;
        authed.state.customer_names.invalidate(&(authed.data.tenant_id, customer_id));
        let target = format!("customer {customer_id}");
        if action == PROFILE_UPDATE {
            authed.audit_kyc_change(customer_id, action, target, &result).await;
        } else {
            authed.audit(action, target, &result).await;
        }
        match result {
            Err(err) if err.is(ErrorCode::StaleVersion) => {
                Ok(Outcome::Conflict(load(authed, customer_id).await?))
            }
            other => authed.outcome(other, &FORM).await,
        }
    }

    pub async fn update_profile(edit: ProfileEdit) -> Result<Outcome<Customer>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        save_profile(&authed, edit).await
    }

    /// Checks and saves the details from `edit.version` (shared with onboarding).
    pub async fn save_profile(
        authed: &Authed,
        edit: ProfileEdit,
    ) -> Result<Outcome<Customer>, AppError> {
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
        put(authed, edit.customer_id, update, PROFILE_UPDATE).await
    }

    /// Creates a customer from the details, under `external_id` (a retry finds the first attempt's customer).
    pub async fn create(
        authed: &Authed,
        edit: &ProfileEdit,
        external_id: &str,
    ) -> Result<Outcome<Customer>, AppError> {
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
        authed.outcome(result, &FORM).await
    }

    /// Customers who may be the same person: the same identity number, phone or email. The customer made under
    /// `own_external_id` (by an earlier attempt of this same create) is not a duplicate: it is the one.
    pub async fn possible_duplicates(
        authed: &Authed,
        edit: &ProfileEdit,
        own_external_id: &str,
    ) -> Result<Vec<Customer>, AppError> {
        let by = |key: &str, value: String| ListParams {
            offset: 0,
            limit: 10,
            sort: None,
            filters: vec![(key.to_owned(), value)],
        };
        let id = edit.national_identity_number.trim().to_owned();
        let phone = validate::normalise_phone(&edit.phone1).unwrap_or_default();
        let email = edit.email.trim().to_owned();
        let e = &authed.eclipse;
        let search = |key: &'static str, value: &String| {
            let value = value.clone();
            async move {
                if value.is_empty() {
                    Ok(None)
                } else {
                    e.customers(&by(key, value)).await.map(Some)
                }
            }
        };
        let (a, b, c) = tokio::join!(
            search("nationalIdentityNumber", &id),
            search("phone1", &phone),
            search("email", &email)
        );
        let mut found: Vec<Customer> = vec![];
        for page in [a, b, c] {
            for customer in authed.answer(page).await?.map(|p| p.items).unwrap_or_default() {
                let same_email = customer
                    .email
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(edit.email.trim()));
                let same_phone = !phone.is_empty()
                    && customer.phone1.as_deref().and_then(validate::normalise_phone).as_deref()
                        == Some(phone.as_str());
                let same_id = !id.is_empty()
                    && customer.national_identity_number.as_deref() == Some(id.as_str());
                // Email search is by prefix: only an exact match counts.
                let ours = customer.external_unique_id.as_deref() == Some(own_external_id);
                if (same_email || same_phone || same_id)
                    && !ours
                    && !found.iter().any(|f| f.customer_id == customer.customer_id)
                {
                    found.push(customer);
                }
            }
        }
        Ok(found)
    }

    pub async fn set_lock(
        customer_id: i64,
        version: i64,
        lock: i64,
    ) -> Result<Outcome<Customer>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        let all: i64 = PROFILE_LOCKS.iter().map(|(bit, _, _)| bit).sum();
        if !(0..=all).contains(&lock) {
            return Ok(authed
                .refuse(
                    "customer.lock",
                    format!("customer {customer_id}"),
                    format!("The lock is a number from 0 to {all}."),
                )
                .await);
        }
        let update = CustomerUpdate {
            profile_completion_status: Some(lock),
            version: Some(version),
            ..Default::default()
        };
        put(&authed, customer_id, update, "customer.lock").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_rules_name_their_fields() {
        let ok = ProfileEdit {
            first_name: "Thandi".into(),
            last_name: "Dlamini".into(),
            date_of_birth: "1980-01-01".into(),
            national_identity_number: "8001015009087".into(),
            ..Default::default()
        };
        assert!(validate_profile(&ok).is_empty(), "{:?}", validate_profile(&ok));
        let mismatch = ProfileEdit { date_of_birth: "1981-01-01".into(), ..ok.clone() };
        assert!(validate_profile(&mismatch)
            .get("national_identity_number")
            .unwrap()
            .contains("date of birth"));
        let bad = ProfileEdit {
            first_name: " ".into(),
            email: "x".into(),
            country_of_residence: "za".into(),
            ..ok
        };
        let e = validate_profile(&bad);
        assert!(
            e.get("first_name").is_some()
                && e.get("email").is_some()
                && e.get("country_of_residence").is_some()
        );
    }

    #[test]
    fn a_country_is_a_code_or_a_name() {
        for good in ["", "ZA", "South Africa", "Côte d'Ivoire", "Guinea-Bissau"] {
            assert!(country_ok(good), "{good}");
        }
        for bad in ["za", "Z", "ZAF1", "south africa", "<script>"] {
            assert!(!country_ok(bad), "{bad}");
        }
    }
}
