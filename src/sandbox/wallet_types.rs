//! `T/wallet-types`: templates of wallets, guarded against lost updates by `version` (`VER001`).
use super::prelude::*;
use crate::eclipse::models::{Attribute, WalletMode, WalletType, WalletTypeWrite};

const COLUMNS: &str = "wallet_type_id, name, mode, configuration, version";
const WALLET_TYPES: db::Versioned =
    db::Versioned { table: "wallet_types", id_column: "wallet_type_id", what: "wallet type" };

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
            configuration: serde_json::from_str(&r.configuration)
                .map_err(|_| ApiError::internal())?,
            version: r.version,
        })
    }
}

/// The attributes the sandbox acts on must be well formed; others are kept as given.
pub fn check(write: &WalletTypeWrite) -> ApiResult<()> {
    match write.problems().into_iter().next() {
        Some((field, problem)) => Err(ApiError::validation(&field, &problem)),
        None => Ok(()),
    }
}

fn configuration_json(configuration: &[Attribute]) -> String {
    let trimmed: Vec<Attribute> = configuration
        .iter()
        .map(|a| Attribute { att: a.att.trim().to_owned(), val: a.val.trim().to_owned() })
        .collect();
    serde_json::to_string(&trimmed).expect("attributes serialise")
}

pub async fn load(state: &SandboxState, tenant_id: i64, id: i64) -> ApiResult<WalletType> {
    db::tenant_record::<Row>(
        &state.db,
        ("wallet_types", "wallet_type_id", COLUMNS),
        tenant_id,
        id,
        "wallet type",
    )
    .await?
    .try_into()
}

impl db::Record for WalletType {
    fn load(
        state: &SandboxState,
        tenant_id: i64,
        id: i64,
    ) -> impl Future<Output = ApiResult<WalletType>> + Send {
        load(state, tenant_id, id)
    }
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

pub async fn list(scope: Scoped<i64>, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    page_of(all(state, tenant_id).await?, &q, |_| None)
}

pub async fn create(
    scope: Scoped<i64>,
    JsonBody(write): JsonBody<WalletTypeWrite>,
) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ManageTenant)?;
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
    db::created::<WalletType>(state, tenant_id, done.last_insert_rowid()).await
}

/// An update carries the version it was based on; an older one than stored is refused with `VER001`.
pub async fn update(
    scope: Scoped<(i64, i64)>,
    JsonBody(write): JsonBody<WalletTypeWrite>,
) -> ApiResult<Json<WalletType>> {
    let (state, (tenant_id, id)) = scope.require(Capability::ManageTenant)?;
    let version =
        write.version.ok_or_else(|| ApiError::validation("version", "is required on updates"))?;
    check(&write)?;
    let sql = WALLET_TYPES.update_sql("name = ?, mode = ?, configuration = ?");
    let change = sqlx::query(&sql)
        .bind(write.name.trim())
        .bind(write.mode.as_str())
        .bind(configuration_json(&write.configuration));
    WALLET_TYPES.update(&mut *state.db.acquire().await?, change, tenant_id, id, version).await?;
    Ok(Json(load(state, tenant_id, id).await?))
}

pub async fn delete(scope: Scoped<(i64, i64)>) -> ApiResult<StatusCode> {
    let (state, (tenant_id, id)) = scope.require(Capability::ManageTenant)?;
    load(state, tenant_id, id).await?;
    let (in_use,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM wallets WHERE wallet_type_id = ?")
        .bind(id)
        .fetch_one(&state.db)
        .await?;
    if in_use > 0 {
        return Err(ApiError::state(format!(
            "The wallet type is used by {in_use} wallet(s) and cannot be deleted"
        )));
    }
    let place = ("wallet_types", "wallet_type_id", "wallet type");
    db::delete_row(&state.db, place, tenant_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
