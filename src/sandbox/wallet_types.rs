//! `T/wallet-types`: templates of wallets, guarded against lost updates by `version` (`VER001`).
use super::{
    db,
    auth::Caller,
    error::{ApiError, ApiResult},
    extract::{JsonBody, Query},
    list::{page_of, ListQuery},
    SandboxState,
};
use crate::eclipse::{
    models::{Attribute, KycLevel, WalletMode, WalletType, WalletTypeWrite},
    positions::Capability,
    timestamps,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

const COLUMNS: &str = "wallet_type_id, name, mode, configuration, version";

#[derive(sqlx::FromRow)]
struct Row {
    wallet_type_id: i64,
    name: String,
    mode: String,
    configuration: String,
    version: i64,
}

impl TryFrom<Row> for WalletType {
    type Error = ApiError;
    fn try_from(r: Row) -> ApiResult<WalletType> {
        Ok(WalletType {
            wallet_type_id: r.wallet_type_id,
            name: r.name,
            mode: WalletMode::parse(&r.mode).ok_or_else(ApiError::internal)?,
            configuration: serde_json::from_str(&r.configuration).map_err(|_| ApiError::internal())?,
            version: r.version,
        })
    }
}

fn is_number(v: &str) -> bool {
    v.trim().parse::<f64>().is_ok_and(|n| n.is_finite())
}

/// The attributes the sandbox acts on must be well formed; others are kept as given.
pub fn check(write: &WalletTypeWrite) -> ApiResult<()> {
    if write.name.trim().is_empty() || write.name.len() > 100 {
        return Err(ApiError::validation("name", "must be 1 to 100 characters"));
    }
    let get = |att: &str| write.configuration.iter().find(|a| a.att == att).map(|a| a.val.trim());
    for a in &write.configuration {
        if a.att.trim().is_empty() {
            return Err(ApiError::validation("configuration", "has an attribute without a name"));
        }
        if write.configuration.iter().filter(|b| b.att == a.att).count() > 1 {
            return Err(ApiError::validation("configuration", &format!("names {} more than once", a.att)));
        }
    }
    match get("Currency") {
        Some(c) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => {}
        Some(_) => return Err(ApiError::validation("Currency", "must be an ISO 4217 code such as ZAR")),
        None if write.mode.is_digital() => return Err(ApiError::validation("Currency", "is required for a digital wallet type")),
        None => {}
    }
    for att in ["minBalance", "maxBalance", "dailyDebitLimit"] {
        if get(att).is_some_and(|v| !is_number(v)) {
            return Err(ApiError::validation(att, "must be a number"));
        }
    }
    if let (Some(min), Some(max)) = (get("minBalance"), get("maxBalance")) {
        if min.parse::<f64>().unwrap_or(0.0) > max.parse::<f64>().unwrap_or(0.0) {
            return Err(ApiError::validation("minBalance", "must not exceed maxBalance"));
        }
    }
    if get("dailyDebitLimit").is_some_and(|v| v.parse::<f64>().unwrap_or(0.0) < 0.0) {
        return Err(ApiError::validation("dailyDebitLimit", "must not be negative"));
    }
    for att in ["alwaysCreateCard", "barredWalletsAllowDeposits"] {
        if get(att).is_some_and(|v| v != "true" && v != "false") {
            return Err(ApiError::validation(att, "must be true or false"));
        }
    }
    if get("kycLevel").is_some_and(|v| KycLevel::parse(v).is_none()) {
        return Err(ApiError::validation("kycLevel", "must be NONE, BASIC or FULL"));
    }
    Ok(())
}

fn configuration_json(configuration: &[Attribute]) -> String {
    let trimmed: Vec<Attribute> =
        configuration.iter().map(|a| Attribute { att: a.att.trim().to_owned(), val: a.val.trim().to_owned() }).collect();
    serde_json::to_string(&trimmed).expect("attributes serialise")
}

pub async fn load(state: &SandboxState, tenant_id: i64, id: i64) -> ApiResult<WalletType> {
    db::tenant_record::<Row>(&state.db, ("wallet_types", "wallet_type_id", COLUMNS), tenant_id, id, "wallet type").await?.try_into()
}

pub async fn all(state: &SandboxState, tenant_id: i64) -> ApiResult<Vec<WalletType>> {
    let rows = sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM wallet_types WHERE tenant_id = ? ORDER BY name COLLATE NOCASE, wallet_type_id"
    ))
    .bind(tenant_id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter().map(WalletType::try_from).collect()
}

pub async fn list(State(state): State<SandboxState>, caller: Caller, Path(tenant_id): Path<i64>, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    caller.require(tenant_id, Capability::ReadBasics)?;
    page_of(all(&state, tenant_id).await?, &q, |_| None)
}

pub async fn get_one(
    State(state): State<SandboxState>,
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<WalletType>> {
    caller.require(tenant_id, Capability::ReadBasics)?;
    Ok(Json(load(&state, tenant_id, id).await?))
}

pub async fn create(
    State(state): State<SandboxState>,
    caller: Caller,
    Path(tenant_id): Path<i64>,
    JsonBody(write): JsonBody<WalletTypeWrite>,
) -> ApiResult<Response> {
    caller.require(tenant_id, Capability::ManageTenant)?;
    check(&write)?;
    let done = sqlx::query(
        "INSERT INTO wallet_types (tenant_id, name, mode, configuration, version, created) VALUES (?, ?, ?, ?, 1, ?)",
    )
    .bind(tenant_id)
    .bind(write.name.trim())
    .bind(write.mode.as_str())
    .bind(configuration_json(&write.configuration))
    .bind(timestamps::now())
    .execute(&state.db)
    .await?;
    let created = load(&state, tenant_id, done.last_insert_rowid()).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// An update carries the version it was based on; an older one than stored is refused with `VER001`.
pub async fn update(
    State(state): State<SandboxState>,
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
    JsonBody(write): JsonBody<WalletTypeWrite>,
) -> ApiResult<Json<WalletType>> {
    caller.require(tenant_id, Capability::ManageTenant)?;
    let version = write.version.ok_or_else(|| ApiError::validation("version", "is required on updates"))?;
    check(&write)?;
    // One statement: the version check and the write cannot be split by a concurrent writer.
    let done = sqlx::query(
        "UPDATE wallet_types SET name = ?, mode = ?, configuration = ?, version = version + 1 \
         WHERE tenant_id = ? AND wallet_type_id = ? AND version = ?",
    )
    .bind(write.name.trim())
    .bind(write.mode.as_str())
    .bind(configuration_json(&write.configuration))
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .execute(&state.db)
    .await?;
    if done.rows_affected() == 0 {
        let current = load(&state, tenant_id, id).await?;
        return Err(ApiError::stale("wallet type", version, current.version));
    }
    Ok(Json(load(&state, tenant_id, id).await?))
}

pub async fn delete(
    State(state): State<SandboxState>,
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    caller.require(tenant_id, Capability::ManageTenant)?;
    load(&state, tenant_id, id).await?;
    let (in_use,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM wallets WHERE wallet_type_id = ?")
        .bind(id)
        .fetch_one(&state.db)
        .await?;
    if in_use > 0 {
        return Err(ApiError::state(format!("The wallet type is used by {in_use} wallet(s) and cannot be deleted")));
    }
    sqlx::query("DELETE FROM wallet_types WHERE tenant_id = ? AND wallet_type_id = ?")
        .bind(tenant_id)
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(config: &[(&str, &str)]) -> WalletTypeWrite {
        WalletTypeWrite {
            wallet_type_id: None,
            name: "Digital Wallet ZAR".into(),
            mode: WalletMode::ClosedLoopDigital,
            configuration: config.iter().map(|(a, v)| Attribute { att: (*a).into(), val: (*v).into() }).collect(),
            version: None,
        }
    }

    #[test]
    fn known_attributes_are_validated() {
        assert!(check(&write(&[("Currency", "ZAR"), ("kycLevel", "BASIC")])).is_ok());
        let field = |c: &[(&str, &str)]| check(&write(c)).unwrap_err().description;
        assert!(field(&[]).contains("Currency"));
        assert!(field(&[("Currency", "rand")]).contains("ISO 4217"));
        assert!(field(&[("Currency", "ZAR"), ("minBalance", "10"), ("maxBalance", "5")]).contains("minBalance"));
        assert!(field(&[("Currency", "ZAR"), ("alwaysCreateCard", "yes")]).contains("alwaysCreateCard"));
        assert!(field(&[("Currency", "ZAR"), ("kycLevel", "HIGH")]).contains("kycLevel"));
        assert!(field(&[("Currency", "ZAR"), ("x", "1"), ("x", "2")]).contains("more than once"));
    }
}
