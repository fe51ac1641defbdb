//! Identities on the server: the tenant's password rule is read from Eclipse and checked before sending.
use crate::{
    auth::ssr::require,
    customers::identities::{validate_identity, IdentitiesView},
    eclipse::{models::{CustomerIdentity, NewIdentity}, positions::Capability},
    error::{AppError, Outcome},
};

pub async fn list(customer_id: i64) -> Result<IdentitiesView, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let (identities, rule) = tokio::join!(authed.eclipse.identities(customer_id), authed.eclipse.setting("passwordRegEx"));
    Ok(IdentitiesView { identities: authed.answer(identities).await?, password_rule: authed.answer(rule).await? })
}

pub async fn create(customer_id: i64, identity: String, password: String) -> Result<Outcome<CustomerIdentity>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let rule = authed.answer(authed.eclipse.setting("passwordRegEx").await).await?;
    let errors = validate_identity(&identity, &password, &rule);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let result = authed.eclipse.create_identity(customer_id, &NewIdentity { identity: identity.trim().to_owned(), password }).await;
    authed.audit("identity.create", format!("customer {customer_id}"), &result).await;
    authed.outcome(result, form_field, ("identity", "This identity is already taken.")).await
}

fn form_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "identity" | "password" => eclipse_field,
        _ => "form",
    }
}
