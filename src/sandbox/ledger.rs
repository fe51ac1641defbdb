//! Money on a wallet: its transactions (filtered by date and type), its live reservations, the posting of
//! one transaction, and transfers between two wallets of the tenant.
use super::{
    audit::{self, Event},
    customers,
    extract::instant_param,
    prelude::*,
    wallets::{check_credit, check_debit, load_row, to_cents, to_money},
};
use crate::eclipse::models::{Reservation, Transaction, Transfer, TransferResult, Wallet};
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct TransactionRow {
    transaction_id: String,
    wallet_id: i64,
    #[sqlx(rename = "type")]
    kind: String,
    date: DateTime<Utc>,
    amount: i64,
    balance: i64,
    description: String,
    external_unique_id: Option<String>,
    info: Option<String>,
    reversal: bool,
}

fn transaction(r: TransactionRow, currency: &str) -> Transaction {
    Transaction {
        transaction_id: r.transaction_id,
        wallet_id: r.wallet_id,
        kind: r.kind,
        date: r.date,
        amount: to_money(r.amount),
        currency: currency.to_owned(),
        balance: to_money(r.balance),
        description: r.description,
        external_unique_id: r.external_unique_id,
        info: r.info.and_then(|i| serde_json::from_str(&i).ok()).unwrap_or_default(),
        reversal: r.reversal,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionFilters {
    date_from_incl: Option<String>,
    date_to_excl: Option<String>,
    /// `payments`, `withdrawals`, `remittances`: accepted; the sandbox's transactions carry their `info` always.
    #[allow(dead_code)]
    fields: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
    #[serde(rename = "type")]
    kind: Option<String>,
    external_unique_id: Option<String>,
}

/// Newest first, in `[dateFromIncl, dateToExcl)`, optionally of one `type` (or a type prefix ending in `*`).
pub async fn transactions(
    scope: Scoped<(i64, i64)>,
    Query(f): Query<TransactionFilters>,
) -> ApiResult<Response> {
    let (state, wallet) = scope.require_record::<Wallet>(Capability::ReadBasics).await?;
    // Stored in Eclipse's one format, so the instants compare as text once written the same way.
    let from = instant_param("dateFromIncl", &f.date_from_incl)?.map(timestamps::format);
    let to = instant_param("dateToExcl", &f.date_to_excl)?.map(timestamps::format);
    let window = Paging { offset: f.offset, limit: f.limit, sort: None }
        .fixed("ORDER BY date DESC, transaction_id DESC")?;
    let kind = f.kind.map(|k| k.strip_suffix('*').map(|p| format!("{p}%")).unwrap_or(k));
    let filter = "wallet_id = ? AND (? IS NULL OR date >= ?) AND (? IS NULL OR date < ?) AND (? IS NULL OR type LIKE ?) \
        AND (? IS NULL OR external_unique_id = ?)";
    let values = Values::default()
        .with(wallet.wallet_id)
        .optional(from)
        .optional(to)
        .optional(kind)
        .optional(f.external_unique_id);
    let columns = "transaction_id, wallet_id, type, date, amount, balance, description, external_unique_id, info, reversal";
    let (rows, total) =
        filtered::<TransactionRow>(&state.db, (columns, "transactions"), filter, values, &window)
            .await?;
    Ok(page(rows.into_iter().map(|r| transaction(r, &wallet.currency)).collect::<Vec<_>>(), total))
}

#[derive(sqlx::FromRow)]
struct ReservationRow {
    reservation_id: i64,
    wallet_id: i64,
    session_id: String,
    description: String,
    amount: i64,
    created: DateTime<Utc>,
    expires: DateTime<Utc>,
}

/// The live (unexpired) reservations of a wallet.
pub async fn reservations(
    scope: Scoped<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (state, wallet) = scope.require_record::<Wallet>(Capability::ReadBasics).await?;
    let rows = sqlx::query_as::<_, ReservationRow>(
        "SELECT reservation_id, wallet_id, session_id, description, amount, created, expires FROM reservations \
         WHERE wallet_id = ? AND expires > ? ORDER BY expires",
    )
    .bind(wallet.wallet_id)
    .bind(timestamps::now())
    .fetch_all(&state.db)
    .await?;
    let items: Vec<Reservation> = rows
        .into_iter()
        .map(|r| Reservation {
            reservation_id: r.reservation_id,
            wallet_id: r.wallet_id,
            session_id: r.session_id,
            description: r.description,
            amount: to_money(r.amount),
            created: r.created,
            expires: r.expires,
        })
        .collect();
    page_of(items, &q, |_| None)
}

/// Writes one transaction and moves the balance, in the caller's transaction.
pub async fn post_transaction(
    conn: &mut SqliteConnection,
    wallet_id: i64,
    kind: &str,
    amount: i64,
    description: &str,
    external_id: Option<&str>,
    date: DateTime<Utc>,
) -> ApiResult<Transaction> {
    let (balance, currency, tenant_id): (i64, String, i64) =
        sqlx::query_as("UPDATE wallets SET current_balance = current_balance + ? WHERE wallet_id = ? RETURNING current_balance, currency, tenant_id")
            .bind(amount)
            .bind(wallet_id)
            .fetch_one(&mut *conn)
            .await?;
    super::reports::count_transaction(conn, tenant_id, &currency, date, amount).await?;
    let id = format!("TX-{:016X}", rand::random::<u64>());
    sqlx::query(
        "INSERT INTO transactions (transaction_id, wallet_id, type, date, amount, balance, description, external_unique_id, reversal) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
    )
    .bind(&id)
    .bind(wallet_id)
    .bind(kind)
    .bind(timestamps::format(date))
    .bind(amount)
    .bind(balance)
    .bind(description)
    .bind(external_id)
    .execute(&mut *conn)
    .await?;
    Ok(Transaction {
        transaction_id: id,
        wallet_id,
        kind: kind.to_owned(),
        date,
        amount: to_money(amount),
        currency,
        balance: to_money(balance),
        description: description.to_owned(),
        external_unique_id: external_id.map(str::to_owned),
        info: vec![],
        reversal: false,
    })
}

/// `POST T/wallets/transfers`: both legs in one transaction, once per `externalUniqueId`.
pub async fn transfer(
    scope: Scoped<i64>,
    JsonBody(t): JsonBody<Transfer>,
) -> ApiResult<Json<TransferResult>> {
    let (state, tenant_id) = scope.require(Capability::ChangeStatus)?;
    customers::check_external_id(&t.external_unique_id)?;
    let amount = to_cents("amount", t.amount)?;
    if t.from_wallet_id == t.to_wallet_id {
        return Err(ApiError::validation("toWalletId", "must differ from fromWalletId"));
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let from = load_row(&mut tx, tenant_id, t.from_wallet_id).await?;
    let to = load_row(&mut tx, tenant_id, t.to_wallet_id).await?;
    check_debit(&mut tx, &from).await?;
    check_credit(state, &to).await?;
    if from.currency != to.currency {
        return Err(ApiError::validation(
            "toWalletId",
            "must hold the same currency as fromWalletId",
        ));
    }
    if from.available() < amount {
        return Err(ApiError::state("The available balance is too low for this transfer"));
    }
    let once = sqlx::query(
        "INSERT INTO transfers (tenant_id, external_unique_id, created) VALUES (?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(&t.external_unique_id)
    .bind(timestamps::now());
    db::insert(once, &mut *tx, "externalUniqueId").await?;
    let now = Utc::now();
    let description = t.description.clone().unwrap_or_else(|| "Transfer".to_owned());
    let debit = post_transaction(
        &mut tx,
        from.wallet_id,
        "tfr.debit",
        -amount,
        &description,
        Some(&t.external_unique_id),
        now,
    )
    .await?;
    let credit = post_transaction(
        &mut tx,
        to.wallet_id,
        "tfr.credit",
        amount,
        &description,
        Some(&t.external_unique_id),
        now,
    )
    .await?;
    for event in Event::transfer(&from, &to, amount, &description) {
        audit::record(&mut tx, &scope.caller, event).await?;
    }
    tx.commit().await?;
    Ok(Json(TransferResult { debit, credit }))
}
