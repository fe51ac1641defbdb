//! Customer identities: a sign-in name and password for the customer, the password checked against the
//! tenant's `passwordRegEx` (or given as a bcrypt hash).
use super::{
    audit::{self, Event},
    auth, config, customers,
    prelude::*,
};
use crate::eclipse::models::{Customer, CustomerIdentity, NewIdentity};
use crate::validate;

#[derive(sqlx::FromRow)]
pub struct Row {
    identity_id: i64,
    customer_id: i64,
    identity: String,
    created: DateTime<Utc>,
}

impl From<Row> for CustomerIdentity {
    fn from(r: Row) -> CustomerIdentity {
        CustomerIdentity {
            identity_id: r.identity_id,
            customer_id: r.customer_id,
            identity: r.identity,
            created: r.created,
        }
    }
}

impl db::TenantTable for CustomerIdentity {
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) =
        ("identities", "identity_id", "identity_id, customer_id, identity, created");
    const WHAT: &'static str = "identity";
    const EDIT: Capability = Capability::EditCustomers;
}

impl customers::OfCustomer for CustomerIdentity {
    const ORDER: &'static str = "identity_id";
}

pub async fn create(
    scope: Scoped<(i64, i64)>,
    JsonBody(new): JsonBody<NewIdentity>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::EditCustomers).await?;
    auth::check_identity(new.identity.trim())?;
    if !validate::is_bcrypt_hash(&new.password) {
        let rule = config::effective(&state.db, customer.tenant_id, "passwordRegEx").await?;
        let matches = fancy_regex::Regex::new(&rule)
            .ok()
            .and_then(|re| re.is_match(&new.password).ok())
            .unwrap_or(false);
        if !matches {
            return Err(ApiError::validation(
                "password",
                &format!("does not match the tenant's passwordRegEx {rule}"),
            ));
        }
    }
    let hash = auth::password_hash(&new.password).await?;
    let write = sqlx::query("INSERT INTO identities (tenant_id, customer_id, identity, password_hash, created) VALUES (?, ?, ?, ?, ?)")
        .bind(customer.tenant_id)
        .bind(customer.customer_id)
        .bind(new.identity.trim())
        .bind(hash)
        .bind(timestamps::now());
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let id = db::insert(write, &mut *tx, "identity").await?;
    audit::record(
        &mut tx,
        &scope.caller,
        Event::identity_added(customer.customer_id, new.identity.trim()),
    )
    .await?;
    tx.commit().await?;
    db::created::<CustomerIdentity>(state, customer.tenant_id, id).await
}
