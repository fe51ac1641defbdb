//! Customer identities: a sign-in name and password for the customer, the password checked against the
//! tenant's `passwordRegEx` (or given as a bcrypt hash).
use super::{config, customers, prelude::*};
use crate::eclipse::models::{CustomerIdentity, NewIdentity};
use crate::validate;

#[derive(sqlx::FromRow)]
struct Row {
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

pub async fn list(
    caller: Caller,
    Path((tenant_id, customer_id)): Path<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    let select = "SELECT identity_id, customer_id, identity, created FROM identities WHERE customer_id = ? ORDER BY identity_id";
    customers::records_of::<Row, CustomerIdentity>(
        state,
        tenant_id,
        customer_id,
        select,
        &q,
        |_| None,
    )
    .await
}

pub async fn create(
    caller: Caller,
    Path((tenant_id, customer_id)): Path<(i64, i64)>,
    JsonBody(new): JsonBody<NewIdentity>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::EditCustomers)?;
    customers::load(state, tenant_id, customer_id).await?;
    if !validate::is_valid_identity(new.identity.trim()) {
        return Err(ApiError::validation(
            "identity",
            "must be 3 to 100 letters, digits, '.', '_', '-' or '@'",
        ));
    }
    let hash = if validate::is_bcrypt_hash(&new.password) {
        new.password.clone()
    } else {
        let rule = config::effective(&state.db, tenant_id, "passwordRegEx").await?;
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
        let password = new.password.clone();
        tokio::task::spawn_blocking(move || bcrypt::hash(password, super::auth::PASSWORD_COST))
            .await
            .map_err(|_| ApiError::internal())?
            .map_err(|_| ApiError::internal())?
    };
    let done = sqlx::query("INSERT INTO identities (tenant_id, customer_id, identity, password_hash, created) VALUES (?, ?, ?, ?, ?)")
        .bind(tenant_id)
        .bind(customer_id)
        .bind(new.identity.trim())
        .bind(hash)
        .bind(timestamps::now())
        .execute(&state.db)
        .await
        .map_err(|e| ApiError::from_insert(e, "identity"))?;
    let row = sqlx::query_as::<_, Row>(
        "SELECT identity_id, customer_id, identity, created FROM identities WHERE identity_id = ?",
    )
    .bind(done.last_insert_rowid())
    .fetch_one(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(CustomerIdentity::from(row))).into_response())
}
