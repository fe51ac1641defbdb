//! Sign-in identities of a customer (for the customer's own app): the list, and a new identity with a
//! password checked against the tenant's `passwordRegEx` in the browser and by Eclipse.
use crate::api::server_fns;
use crate::{
    eclipse::models::CustomerIdentity,
    error::{FieldErrors, Outcome},
    ui::{
        error::InlineError,
        form::{SubmitButton, TextField},
        load::Loaded,
        table::DataTable,
        toast::use_toasts,
    },
    validate,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitiesView {
    pub identities: Vec<CustomerIdentity>,
    /// The tenant's `passwordRegEx` in force.
    pub password_rule: String,
}

/// The rules before Eclipse sees the request: a valid identity and a password the tenant's rule accepts.
pub fn validate_identity(identity: &str, password: &str, rule: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !validate::is_valid_identity(identity.trim()) {
        errors.add("identity", "Use 3 to 100 letters, digits, '.', '_', '-' or '@'.");
    }
    match validate::regex_test(rule, password) {
        Ok(true) => {}
        Ok(false) => errors.add("password", format!("The tenant's password rule does not accept this password: {rule}")),
        Err(_) => errors.add("password", "The tenant's password rule cannot be read; ask a tenant administrator to correct passwordRegEx."),
    }
    // The tenant's rule first (its message names it); then the portal's own, whatever the tenant's allows.
    if errors.get("password").is_none() {
        if let Some(problem) = validate::password_problem(password, &[identity.trim()]) {
            errors.add("password", format!("The password {problem}."));
        }
    }
    errors
}

server_fns! {
    "customers/identities/list" => list_identities(customer_id: i64) -> IdentitiesView = ssr::list;
    "customers/identities/create" =>
        create_identity(customer_id: i64, identity: String, password: String)
            -> Outcome<CustomerIdentity> = ssr::create;
}

#[island]
pub fn IdentitiesTab(customer_id: i64, can_edit: bool) -> impl IntoView {
    let create = ServerAction::<CreateIdentity>::new();
    let view_data =
        Resource::new(move || create.version().get(), move |_| list_identities(customer_id));
    let show = move |IdentitiesView { identities, password_rule }: IdentitiesView| {
        let empty = identities.is_empty();
        let rows = identities.into_iter().map(|i| view! {
            <tr><td class="td font-mono">{i.identity}</td><td class="td text-slate-600">{crate::ui::format::date(&i.created)}</td></tr>
        }).collect_view();
        view! {
            <div class="grid gap-6 lg:grid-cols-2">
                <section class="card" data-testid="identities">
                    <DataTable labels=&["Identity", "Created"]>{rows}</DataTable>
                    {empty.then(|| view! { <p class="p-6 text-sm text-slate-600">"The customer has no sign-in identity yet."</p> })}
                </section>
                {can_edit.then(|| view! { <NewIdentity customer_id password_rule create /> })}
            </div>
        }
    };
    view! { <Loaded resource=view_data children=show /> }
}

#[component]
fn NewIdentity(
    customer_id: i64,
    password_rule: String,
    create: ServerAction<CreateIdentity>,
) -> impl IntoView {
    let toasts = use_toasts();
    let identity = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    Effect::new(move |_| match create.value().get() {
        Some(Ok(Outcome::Done(created))) => {
            toasts.success(format!("Identity {} created.", created.identity));
            identity.set(String::new());
            password.set(String::new());
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let rule = password_rule.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = validate_identity(&identity.get(), &password.get(), &rule);
        if e.is_empty() {
            create.dispatch(CreateIdentity {
                customer_id,
                identity: identity.get(),
                password: password.get(),
            });
        }
        errors.set(e);
    };
    view! {
        <form class="card space-y-4 p-6" on:submit=submit novalidate data-testid="identity-form">
            <h2 class="text-base font-semibold text-slate-900">"New sign-in identity"</h2>
            <TextField name="identity" label="Identity" value=identity errors required=true autocomplete="off" hint="e.g. the customer's email or phone" />
            <TextField name="password" label="Password" kind="password" value=password errors required=true autocomplete="new-password"
                hint=format!("The tenant's rule (passwordRegEx): {password_rule}") />
            {move || create.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <SubmitButton pending=create.pending() label="Create identity" busy="Creating…" />
            </div>
        </form>
    }
}

/// Identities on the server: the tenant's password rule is read from Eclipse and checked before sending.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::{
        auth::ssr::{require, FormErrors},
        customers::{
            identities::{validate_identity, IdentitiesView},
            ssr::kyc_change,
        },
        eclipse::{
            models::{CustomerIdentity, NewIdentity},
            positions::Capability,
        },
        error::{AppError, Outcome},
    };

    pub async fn list(customer_id: i64) -> Result<IdentitiesView, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        let (identities, rule) = tokio::join!(
            authed.eclipse.identities(customer_id),
            authed.eclipse.setting("passwordRegEx")
        );
        Ok(IdentitiesView {
            identities: authed.answer(identities).await?,
            password_rule: authed.answer(rule).await?,
        })
    }

    pub async fn create(
        customer_id: i64,
        identity: String,
        password: String,
    ) -> Result<Outcome<CustomerIdentity>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        let rule = authed.answer(authed.eclipse.setting("passwordRegEx").await).await?;
        let errors = validate_identity(&identity, &password, &rule);
        if !errors.is_empty() {
            return Ok(Outcome::Invalid(errors));
        }
        let result = authed
            .eclipse
            .create_identity(
                customer_id,
                &NewIdentity { identity: identity.trim().to_owned(), password },
            )
            .await;
        let form = FormErrors {
            field: form_field,
            duplicate: ("identity", "This identity is already taken."),
        };
        let target = format!("customer {customer_id}");
        kyc_change(&authed, customer_id, "identity.create", target, result, &form).await
    }

    fn form_field(eclipse_field: &str) -> &str {
        match eclipse_field {
            "identity" | "password" => eclipse_field,
            _ => "form",
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::validate_identity;

    #[test]
    fn a_password_the_tenant_allows_still_meets_the_portals_rule() {
        let message = |password| validate_identity("app.user", password, ".*").get("password");
        assert!(message("password1234").unwrap().contains("too easy to guess"));
        assert!(message("Short-2026").unwrap().contains("at least 12"));
        assert_eq!(message("Long-enough-2026"), None);
        // The tenant's rule speaks first, in its own words.
        let tenant = validate_identity("app.user", "short", "^.{8,}$").get("password");
        assert!(tenant.unwrap().contains("tenant's password rule"));
    }
}
