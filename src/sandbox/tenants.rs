//! `GET|PUT T`: the tenant's details.
use super::prelude::*;
use crate::eclipse::models::{Tenant, TenantUpdate};

#[derive(sqlx::FromRow)]
struct TenantRow {
    tenant_id: i64,
    name: String,
    description: Option<String>,
    status: String,
    created: DateTime<Utc>,
    last_modified: DateTime<Utc>,
}

impl From<TenantRow> for Tenant {
    fn from(r: TenantRow) -> Tenant {
        Tenant {
            tenant_id: r.tenant_id,
            name: r.name,
            description: r.description,
            status: Some(r.status),
            created: Some(r.created),
            last_modified: Some(r.last_modified),
        }
    }
}

async fn load(state: &SandboxState, tenant_id: i64) -> ApiResult<Tenant> {
    sqlx::query_as::<_, TenantRow>("SELECT * FROM tenants WHERE tenant_id = ?")
        .bind(tenant_id)
        .fetch_optional(&state.db)
        .await?
        .map(Tenant::from)
        .ok_or_else(|| ApiError::not_found("tenant"))
}

pub async fn get_tenant(scope: Scoped<i64>) -> ApiResult<Json<Tenant>> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    Ok(Json(load(state, tenant_id).await?))
}

pub async fn update_tenant(
    scope: Scoped<i64>,
    JsonBody(update): JsonBody<TenantUpdate>,
) -> ApiResult<Json<Tenant>> {
    let (state, tenant_id) = scope.require(Capability::ManageTenant)?;
    if let Some(name) = &update.name {
        if name.trim().is_empty() || name.len() > 100 {
            return Err(ApiError::validation("name", "must be 1 to 100 characters"));
        }
    }
    sqlx::query(
        "UPDATE tenants SET name = COALESCE(?, name), description = COALESCE(?, description), last_modified = ? \
         WHERE tenant_id = ?",
    )
    .bind(update.name.map(|n| n.trim().to_owned()))
    .bind(update.description)
    .bind(timestamps::now())
    .bind(tenant_id)
    .execute(&state.db)
    .await?;
    Ok(Json(load(state, tenant_id).await?))
}
