//! Withdrawals of a wallet: created `PENDING` (a debit, so the debit rules apply), cancelled only while
//! `PENDING`; `SUCCESSFUL` and `ERROR_PERM` are final.
use super::{
    audit::{self, Event},
    customers,
    prelude::*,
    wallets::{self, to_cents, to_money},
};
use crate::eclipse::models::{
    NewWithdrawal, Wallet, Withdrawal, WithdrawalStatus, WithdrawalUpdate,
};

/// The withdrawal types the sandbox knows (vendor names).
pub const TYPES: &[&str] = &["ZA_NEDBANK_EFT", "ZA_NEDBANK_EFT_IMMEDIATE", "ZA_PAYCORP_ATM"];

#[derive(sqlx::FromRow)]
struct Row {
    withdrawal_id: i64,
    wallet_id: i64,
    #[sqlx(rename = "type")]
    kind: String,
    status: String,
    amount: i64,
    description: Option<String>,
    external_unique_id: Option<String>,
    created: DateTime<Utc>,
    last_modified: DateTime<Utc>,
}

fn withdrawal(r: Row, currency: &str) -> Withdrawal {
    Withdrawal {
        withdrawal_id: r.withdrawal_id,
        wallet_id: r.wallet_id,
        kind: r.kind,
        status: WithdrawalStatus::parse(&r.status).unwrap_or(WithdrawalStatus::Pending),
        amount: to_money(r.amount),
        currency: currency.to_owned(),
        description: r.description,
        external_unique_id: r.external_unique_id,
        created: r.created,
        last_modified: r.last_modified,
    }
}

const COLUMNS: &str = "withdrawal_id, wallet_id, type, status, amount, description, external_unique_id, created, last_modified";

async fn load(
    state: &SandboxState,
    tenant_id: i64,
    wallet_id: i64,
    id: i64,
) -> ApiResult<Withdrawal> {
    let mut conn = state.db.acquire().await?;
    let wallet = wallets::load_row(&mut conn, tenant_id, wallet_id).await?;
    sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE wallet_id = ? AND withdrawal_id = ?"
    ))
    .bind(wallet_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| withdrawal(r, &wallet.currency))
    .ok_or_else(|| ApiError::not_found("withdrawal"))
}

pub async fn list(scope: Scoped<(i64, i64)>, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    let (state, wallet) = scope.require_record::<Wallet>(Capability::ReadBasics).await?;
    let rows = sqlx::query_as::<_, Row>(&format!("SELECT {COLUMNS} FROM withdrawals WHERE wallet_id = ? ORDER BY created DESC, withdrawal_id DESC"))
        .bind(wallet.wallet_id)
        .fetch_all(&state.db)
        .await?;
    page_of(rows.into_iter().map(|r| withdrawal(r, &wallet.currency)).collect(), &q, |w| {
        w.external_unique_id.as_deref()
    })
}

pub async fn get_one(scope: Scoped<(i64, i64, i64)>) -> ApiResult<Json<Withdrawal>> {
    let (state, (tenant_id, wallet_id, id)) = scope.require(Capability::ReadBasics)?;
    Ok(Json(load(state, tenant_id, wallet_id, id).await?))
}

pub async fn create(
    scope: Scoped<(i64, i64)>,
    JsonBody(w): JsonBody<NewWithdrawal>,
) -> ApiResult<Response> {
    let (state, (tenant_id, wallet_id)) = scope.require(Capability::ChangeStatus)?;
    if !TYPES.contains(&w.kind.as_str()) {
        return Err(ApiError::validation("type", &format!("must be one of {}", TYPES.join(", "))));
    }
    let amount = to_cents("amount", w.amount)?;
    if let Some(id) = &w.external_unique_id {
        customers::check_external_id(id)?;
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = wallets::load_row(&mut tx, tenant_id, wallet_id).await?;
    wallets::check_debit(&mut tx, &wallet).await?;
    if wallet.available() < amount {
        return Err(ApiError::state("The available balance is too low for this withdrawal"));
    }
    let now = timestamps::now();
    let done = sqlx::query(
        "INSERT INTO withdrawals (wallet_id, type, status, amount, description, external_unique_id, created, last_modified) \
         VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?)",
    )
    .bind(wallet_id)
    .bind(&w.kind)
    .bind(amount)
    .bind(&w.description)
    .bind(&w.external_unique_id)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let id = done.last_insert_rowid();
    audit::record(&mut tx, &scope.caller, Event::withdrawal_created(&wallet, id, &w.kind, amount))
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(load(state, tenant_id, wallet_id, id).await?)).into_response())
}

/// Only `{"status":"CANCELLED"}`, and only from `PENDING` (checked and written in one statement).
pub async fn update(
    scope: Scoped<(i64, i64, i64)>,
    JsonBody(u): JsonBody<WithdrawalUpdate>,
) -> ApiResult<Json<Withdrawal>> {
    let (state, (tenant_id, wallet_id, id)) = scope.require(Capability::ChangeStatus)?;
    if u.status != WithdrawalStatus::Cancelled {
        return Err(ApiError::validation("status", "can only be set to CANCELLED"));
    }
    // Read before the transaction takes its connection: two at once from one request can starve the pool.
    let current = load(state, tenant_id, wallet_id, id).await?;
    let cancel = sqlx::query("UPDATE withdrawals SET status = 'CANCELLED', status_reason = ?, last_modified = ? WHERE withdrawal_id = ? AND status = 'PENDING'")
        .bind(&u.reason)
        .bind(timestamps::now())
        .bind(id);
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = wallets::load_row(&mut tx, tenant_id, wallet_id).await?;
    db::guarded(cancel, &mut *tx, async || {
        ApiError::state(format!(
            "The withdrawal is {} and can no longer be cancelled",
            current.status.as_str()
        ))
    })
    .await?;
    audit::record(
        &mut tx,
        &scope.caller,
        Event::withdrawal_cancelled(&wallet, &current, u.reason.as_deref()),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(load(state, tenant_id, wallet_id, id).await?))
}
