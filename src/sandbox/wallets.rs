//! Wallets: create (KYC level checked, optional first card), read, list, status (a barred customer's
//! wallets stay out of `ACTIVE`), transactions, reservations, transfers, and the eligible wallet types.
use super::{cards, config, customers, extract::instant_param, prelude::*, wallet_types};
use crate::eclipse::models::{
    CustomerStatus, NewCard, NewWallet, Reservation, Transaction, Transfer, TransferResult, Wallet,
    WalletStatus, WalletType, WalletUpdate,
};
use sqlx::SqliteConnection;

pub fn to_money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// An amount in cents: positive, finite, at most two decimals.
pub fn to_cents(field: &str, amount: f64) -> ApiResult<i64> {
    let cents = (amount * 100.0).round();
    if !amount.is_finite() || amount <= 0.0 || (amount * 100.0 - cents).abs() > 1e-6 || cents > 1e13
    {
        return Err(ApiError::validation(
            field,
            "must be a positive amount with at most two decimals",
        ));
    }
    Ok(cents as i64)
}

#[derive(sqlx::FromRow, Clone)]
pub struct WalletRow {
    pub wallet_id: i64,
    pub tenant_id: i64,
    pub customer_id: i64,
    pub wallet_type_id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub currency: String,
    pub status: String,
    pub current_balance: i64,
    pub friendly_id: String,
    pub external_unique_id: Option<String>,
    pub created: DateTime<Utc>,
    pub reserved: i64,
}

/// Wallet columns, with the sum of its live reservations: those that expire after now, which SQLite writes
/// in Eclipse's format (`%f` is seconds with milliseconds), so the filter binds no value of its own.
const COLUMNS: &str = "w.wallet_id, w.tenant_id, w.customer_id, w.wallet_type_id, w.name, w.description, w.currency, \
    w.status, w.current_balance, w.friendly_id, w.external_unique_id, w.created, \
    COALESCE((SELECT SUM(r.amount) FROM reservations r \
      WHERE r.wallet_id = w.wallet_id AND r.expires > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), 0) AS reserved";

impl From<WalletRow> for Wallet {
    fn from(r: WalletRow) -> Wallet {
        Wallet {
            wallet_id: r.wallet_id,
            customer_id: r.customer_id,
            tenant_id: r.tenant_id,
            wallet_type_id: r.wallet_type_id,
            name: r.name,
            description: r.description,
            current_balance: to_money(r.current_balance),
            available_balance: to_money(r.current_balance - r.reserved),
            reservations: to_money(r.reserved),
            status: WalletStatus::parse(&r.status).unwrap_or(WalletStatus::Active),
            currency: r.currency,
            friendly_id: r.friendly_id,
            external_unique_id: r.external_unique_id,
            created: r.created,
        }
    }
}

impl WalletRow {
    pub fn status(&self) -> WalletStatus {
        WalletStatus::parse(&self.status).unwrap_or(WalletStatus::Active)
    }
    pub fn available(&self) -> i64 {
        self.current_balance - self.reserved
    }
}

pub async fn load_row(
    conn: &mut SqliteConnection,
    tenant_id: i64,
    id: i64,
) -> ApiResult<WalletRow> {
    sqlx::query_as::<_, WalletRow>(&format!(
        "SELECT {COLUMNS} FROM wallets w WHERE w.tenant_id = ? AND w.wallet_id = ?"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("wallet"))
}

async fn load(state: &SandboxState, tenant_id: i64, id: i64) -> ApiResult<Wallet> {
    let mut conn = state.db.acquire().await?;
    load_row(&mut conn, tenant_id, id).await.map(Wallet::from)
}

impl db::Record for Wallet {
    fn load(
        state: &SandboxState,
        tenant_id: i64,
        id: i64,
    ) -> impl Future<Output = ApiResult<Wallet>> + Send {
        load(state, tenant_id, id)
    }
}

/// What a debit needs: neither the customer nor the wallet barred, the wallet not stopped.
pub async fn check_debit(conn: &mut SqliteConnection, wallet: &WalletRow) -> ApiResult<()> {
    let (customer_status,): (String,) =
        sqlx::query_as("SELECT status FROM customers WHERE customer_id = ?")
            .bind(wallet.customer_id)
            .fetch_one(conn)
            .await?;
    if customer_status == CustomerStatus::Barred.as_str() {
        return Err(ApiError::state(
            "The customer is BARRED: no debit is allowed",
        ));
    }
    match wallet.status() {
        WalletStatus::Barred => Err(ApiError::state("The wallet is BARRED: no debit is allowed")),
        WalletStatus::Stopped => Err(ApiError::state(
            "The wallet is STOPPED: no debit is allowed",
        )),
        WalletStatus::Active => Ok(()),
    }
}

/// What a credit needs: a barred wallet takes deposits only when its type sets `barredWalletsAllowDeposits`.
async fn check_credit(state: &SandboxState, wallet: &WalletRow) -> ApiResult<()> {
    if wallet.status() == WalletStatus::Barred {
        let wallet_type =
            wallet_types::load(state, wallet.tenant_id, wallet.wallet_type_id).await?;
        if wallet_type.attribute("barredWalletsAllowDeposits") != Some("true") {
            return Err(ApiError::state(
                "The wallet is BARRED and its type does not allow deposits",
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filters {
    offset: Option<u32>,
    limit: Option<u32>,
    sort: Option<String>,
    customer_id: Option<i64>,
    wallet_type_id: Option<i64>,
    status: Option<String>,
    external_unique_id: Option<String>,
}

const SORTABLE: &[(&str, &str)] = &[
    ("walletId", "w.wallet_id"),
    ("name", "w.name"),
    ("status", "w.status"),
    ("created", "w.created"),
    ("currentBalance", "w.current_balance"),
];

async fn list_where(state: &SandboxState, tenant_id: i64, f: Filters) -> ApiResult<Response> {
    let window = Paging {
        offset: f.offset,
        limit: f.limit,
        sort: f.sort,
    }
    .window(SORTABLE, "w.wallet_id")?;
    let filter = "w.tenant_id = ? AND (? IS NULL OR w.customer_id = ?) AND (? IS NULL OR w.wallet_type_id = ?) \
        AND (? IS NULL OR w.status = ?) AND (? IS NULL OR w.external_unique_id = ?)";
    let values = Values::default()
        .with(tenant_id)
        .optional(f.customer_id)
        .optional(f.wallet_type_id)
        .optional(f.status)
        .optional(f.external_unique_id);
    let (rows, total) = filtered::<WalletRow>(
        &state.db,
        (COLUMNS, "wallets w"),
        filter,
        &window.order_by,
        values,
        &window,
    )
    .await?;
    Ok(page(
        rows.into_iter().map(Wallet::from).collect::<Vec<_>>(),
        total,
    ))
}

pub async fn list(
    caller: Caller,
    Path(tenant_id): Path<i64>,
    Query(f): Query<Filters>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    list_where(state, tenant_id, f).await
}

pub async fn list_for_customer(
    caller: Caller,
    Path((tenant_id, customer_id)): Path<(i64, i64)>,
    Query(mut f): Query<Filters>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    customers::load(state, tenant_id, customer_id).await?;
    f.customer_id = Some(customer_id);
    list_where(state, tenant_id, f).await
}

/// The wallet types whose `kycLevel` the customer meets.
pub async fn eligible_types(
    caller: Caller,
    Path((tenant_id, customer_id)): Path<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    let customer = customers::load(state, tenant_id, customer_id).await?;
    let types: Vec<WalletType> = wallet_types::all(state, tenant_id)
        .await?
        .into_iter()
        .filter(|t| t.kyc_level() <= customer.kyc_level)
        .collect();
    page_of(types, &q, |_| None)
}

fn friendly_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..8)
        .map(|_| ALPHABET[rand::random::<usize>() % ALPHABET.len()] as char)
        .collect()
}

/// `POST T/customers/{id}/wallets`: in one transaction, the wallet and (when asked, or when the type sets
/// `alwaysCreateCard`) its first card; a failure leaves neither.
pub async fn create(
    caller: Caller,
    Path((tenant_id, customer_id)): Path<(i64, i64)>,
    JsonBody(w): JsonBody<NewWallet>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::EditCustomers)?;
    customers::check_external_id(&w.external_unique_id)?;
    let customer = customers::load(state, tenant_id, customer_id).await?;
    if customer.status != CustomerStatus::Active {
        return Err(ApiError::state(format!(
            "The customer is {}: no wallet can be created",
            customer.status.as_str()
        )));
    }
    let wallet_type = wallet_types::load(state, tenant_id, w.wallet_type_id)
        .await
        .map_err(|_| ApiError::validation("walletTypeId", "is not a wallet type of this tenant"))?;
    if customer.kyc_level < wallet_type.kyc_level() {
        return Err(ApiError::state(format!(
            "The wallet type needs KYC level {}; the customer has {}",
            wallet_type.kyc_level().as_str(),
            customer.kyc_level.as_str()
        )));
    }
    let type_currency = wallet_type
        .attribute("Currency")
        .unwrap_or("ZAR")
        .to_owned();
    if w.currency
        .as_deref()
        .is_some_and(|c| !c.is_empty() && c != type_currency)
    {
        return Err(ApiError::validation(
            "currency",
            &format!("must be the wallet type's currency, {type_currency}"),
        ));
    }
    let status = w.status.unwrap_or(WalletStatus::Active);
    if status == WalletStatus::Barred {
        return Err(ApiError::validation(
            "status",
            "must be ACTIVE or STOPPED for a new wallet",
        ));
    }
    let card = match (
        w.card_type.as_deref().filter(|t| !t.is_empty()),
        &w.primary_physical_card_identifier,
    ) {
        (Some("physical"), Some(identifier)) => Some(NewCard {
            card_type: "physical".into(),
            physical_card_identifier: Some(identifier.clone()),
            ..Default::default()
        }),
        (Some("physical"), None) => {
            return Err(ApiError::validation(
                "primaryPhysicalCardIdentifier",
                "is required for a physical card",
            ))
        }
        (Some("virtual"), _) => Some(NewCard {
            card_type: "virtual".into(),
            ..Default::default()
        }),
        (Some(other), _) => {
            return Err(ApiError::validation(
                "cardType",
                &format!("{other:?} is not virtual or physical"),
            ))
        }
        (None, _) if wallet_type.attribute("alwaysCreateCard") == Some("true") => Some(NewCard {
            card_type: "virtual".into(),
            ..Default::default()
        }),
        (None, _) => None,
    };
    let card_rules = match &card {
        Some(_) => Some(cards::TenantCardRules::load(state, tenant_id).await?),
        None => None,
    };
    let now = timestamps::now();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let inserted = sqlx::query(
        "INSERT INTO wallets (tenant_id, customer_id, wallet_type_id, name, description, currency, status, current_balance, \
         friendly_id, external_unique_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(customer_id)
    .bind(w.wallet_type_id)
    .bind(&w.name)
    .bind(&w.description)
    .bind(&type_currency)
    .bind(status.as_str())
    .bind(friendly_id())
    .bind(&w.external_unique_id)
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(|e| ApiError::from_insert(e, "externalUniqueId"))?;
    let wallet_id = inserted.last_insert_rowid();
    if let (Some(card), Some(rules)) = (card, card_rules) {
        let wallet = load_row(&mut tx, tenant_id, wallet_id).await?;
        cards::issue(&mut tx, &rules, &wallet, &card).await?;
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(load(state, tenant_id, wallet_id).await?),
    )
        .into_response())
}

/// PUT ignores null fields. Status needs `LEVEL_03`; no wallet of a barred customer becomes `ACTIVE`.
pub async fn update(
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
    JsonBody(u): JsonBody<WalletUpdate>,
) -> ApiResult<Json<Wallet>> {
    let state = caller.require(
        tenant_id,
        if u.status.is_some() {
            Capability::ChangeStatus
        } else {
            Capability::EditCustomers
        },
    )?;
    if u.reason.as_ref().is_some_and(|r| r.len() > 200) {
        return Err(ApiError::validation(
            "reason",
            "must be at most 200 characters",
        ));
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = load_row(&mut tx, tenant_id, id).await?;
    if u.status == Some(WalletStatus::Active) {
        let (customer_status,): (String,) =
            sqlx::query_as("SELECT status FROM customers WHERE customer_id = ?")
                .bind(wallet.customer_id)
                .fetch_one(&mut *tx)
                .await?;
        if customer_status == CustomerStatus::Barred.as_str() {
            return Err(ApiError::state(
                "The customer is BARRED: their wallets cannot become ACTIVE",
            ));
        }
    }
    sqlx::query(
        "UPDATE wallets SET status = COALESCE(?, status), status_reason = CASE WHEN ? IS NULL THEN status_reason ELSE ? END, \
         name = COALESCE(?, name), description = COALESCE(?, description) WHERE wallet_id = ?",
    )
    .bind(u.status.map(WalletStatus::as_str))
    .bind(u.status.map(WalletStatus::as_str))
    .bind(&u.reason)
    .bind(&u.name)
    .bind(&u.description)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Json(load(state, tenant_id, id).await?))
}

/// (ours) Only an empty wallet can be deleted.
pub async fn delete(
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let state = caller.require(tenant_id, Capability::ChangeStatus)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = load_row(&mut tx, tenant_id, id).await?;
    if wallet.current_balance != 0 {
        return Err(ApiError::state(
            "Only a wallet with a zero balance can be deleted",
        ));
    }
    for table in [
        "cards",
        "withdrawals",
        "reservations",
        "transactions",
        "wallets",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE wallet_id = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

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
        info: r
            .info
            .and_then(|i| serde_json::from_str(&i).ok())
            .unwrap_or_default(),
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
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
    Query(f): Query<TransactionFilters>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    let wallet = load(state, tenant_id, id).await?;
    // Stored in Eclipse's one format, so the instants compare as text once written the same way.
    let from = instant_param("dateFromIncl", &f.date_from_incl)?.map(timestamps::format);
    let to = instant_param("dateToExcl", &f.date_to_excl)?.map(timestamps::format);
    let window = Paging {
        offset: f.offset,
        limit: f.limit,
        sort: None,
    }
    .window(&[("date", "date")], "transaction_id")?;
    let kind = f
        .kind
        .map(|k| k.strip_suffix('*').map(|p| format!("{p}%")).unwrap_or(k));
    let filter = "wallet_id = ? AND (? IS NULL OR date >= ?) AND (? IS NULL OR date < ?) AND (? IS NULL OR type LIKE ?) \
        AND (? IS NULL OR external_unique_id = ?)";
    let values = Values::default()
        .with(id)
        .optional(from)
        .optional(to)
        .optional(kind)
        .optional(f.external_unique_id);
    let columns = "transaction_id, wallet_id, type, date, amount, balance, description, external_unique_id, info, reversal";
    let order_by = "ORDER BY date DESC, transaction_id DESC";
    let (rows, total) = filtered::<TransactionRow>(
        &state.db,
        (columns, "transactions"),
        filter,
        order_by,
        values,
        &window,
    )
    .await?;
    Ok(page(
        rows.into_iter()
            .map(|r| transaction(r, &wallet.currency))
            .collect::<Vec<_>>(),
        total,
    ))
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
    caller: Caller,
    Path((tenant_id, id)): Path<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let state = caller.require(tenant_id, Capability::ReadBasics)?;
    load(state, tenant_id, id).await?;
    let rows = sqlx::query_as::<_, ReservationRow>(
        "SELECT reservation_id, wallet_id, session_id, description, amount, created, expires FROM reservations \
         WHERE wallet_id = ? AND expires > ? ORDER BY expires",
    )
    .bind(id)
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
    let (balance, currency): (i64, String) =
        sqlx::query_as("UPDATE wallets SET current_balance = current_balance + ? WHERE wallet_id = ? RETURNING current_balance, currency")
            .bind(amount)
            .bind(wallet_id)
            .fetch_one(&mut *conn)
            .await?;
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
    caller: Caller,
    Path(tenant_id): Path<i64>,
    JsonBody(t): JsonBody<Transfer>,
) -> ApiResult<Json<TransferResult>> {
    let state = caller.require(tenant_id, Capability::ChangeStatus)?;
    customers::check_external_id(&t.external_unique_id)?;
    let amount = to_cents("amount", t.amount)?;
    if t.from_wallet_id == t.to_wallet_id {
        return Err(ApiError::validation(
            "toWalletId",
            "must differ from fromWalletId",
        ));
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
        return Err(ApiError::state(
            "The available balance is too low for this transfer",
        ));
    }
    sqlx::query("INSERT INTO transfers (tenant_id, external_unique_id, created) VALUES (?, ?, ?)")
        .bind(tenant_id)
        .bind(&t.external_unique_id)
        .bind(timestamps::now())
        .execute(&mut *tx)
        .await
        .map_err(|e| ApiError::from_insert(e, "externalUniqueId"))?;
    let now = Utc::now();
    let description = t
        .description
        .clone()
        .unwrap_or_else(|| "Transfer".to_owned());
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
    tx.commit().await?;
    Ok(Json(TransferResult { debit, credit }))
}

/// The tenant's effective value of a config key the sandbox acts on.
pub async fn tenant_setting(state: &SandboxState, tenant_id: i64, key: &str) -> ApiResult<String> {
    Ok(config::effective(&state.db, tenant_id, key).await?)
}
