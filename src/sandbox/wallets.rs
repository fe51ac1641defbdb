//! Wallets: create (KYC level checked, optional first card), read, list, status (a barred customer's
//! wallets stay out of `ACTIVE`), transactions, reservations, transfers, and the eligible wallet types.
use super::{
    audit::{self, Event},
    cards, config, customers,
    db::TenantTable as _,
    prelude::*,
    wallet_types,
};
use crate::eclipse::models::{
    Customer, CustomerStatus, NewCard, NewWallet, Wallet, WalletStatus, WalletType, WalletUpdate,
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

impl db::TenantTable for Wallet {
    type Row = WalletRow;
    const PLACE: (&'static str, &'static str, &'static str) = ("wallets w", "w.wallet_id", COLUMNS);
    const WHAT: &'static str = "wallet";
    /// What deleting one needs (a change of status needs it too; other changes `EditCustomers`).
    const EDIT: Capability = Capability::ChangeStatus;
}

/// The wallet's row in the caller's transaction (or on the caller's connection).
pub async fn load_row(
    conn: &mut SqliteConnection,
    tenant_id: i64,
    id: i64,
) -> ApiResult<WalletRow> {
    db::tenant_record(conn, Wallet::PLACE, tenant_id, id, Wallet::WHAT).await
}

/// Whether the customer is `BARRED` (read in the caller's transaction).
async fn customer_barred(conn: &mut SqliteConnection, customer_id: i64) -> ApiResult<bool> {
    let (status,): (String,) = sqlx::query_as("SELECT status FROM customers WHERE customer_id = ?")
        .bind(customer_id)
        .fetch_one(conn)
        .await?;
    Ok(status == CustomerStatus::Barred.as_str())
}

/// What a debit needs: neither the customer nor the wallet barred, the wallet not stopped.
pub async fn check_debit(conn: &mut SqliteConnection, wallet: &WalletRow) -> ApiResult<()> {
    if customer_barred(conn, wallet.customer_id).await? {
        return Err(ApiError::state("The customer is BARRED: no debit is allowed"));
    }
    match wallet.status() {
        WalletStatus::Barred => Err(ApiError::state("The wallet is BARRED: no debit is allowed")),
        WalletStatus::Stopped => Err(ApiError::state("The wallet is STOPPED: no debit is allowed")),
        WalletStatus::Active => Ok(()),
    }
}

/// What a credit needs: a barred wallet takes deposits only when its type sets `barredWalletsAllowDeposits`.
pub(super) async fn check_credit(state: &SandboxState, wallet: &WalletRow) -> ApiResult<()> {
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
    /// (ours) How staff read a wallet's id to each other; the vendor documents no filter for it.
    friendly_id: Option<String>,
}

const SORTABLE: &[(&str, &str)] = &[
    ("walletId", "w.wallet_id"),
    ("name", "w.name"),
    ("status", "w.status"),
    ("created", "w.created"),
    ("currentBalance", "w.current_balance"),
];

async fn list_where(state: &SandboxState, tenant_id: i64, f: Filters) -> ApiResult<Response> {
    let window = Paging { offset: f.offset, limit: f.limit, sort: f.sort }
        .window(SORTABLE, "w.wallet_id")?;
    let filter = "w.tenant_id = ? AND (? IS NULL OR w.customer_id = ?) AND (? IS NULL OR w.wallet_type_id = ?) \
        AND (? IS NULL OR w.status = ?) AND (? IS NULL OR w.external_unique_id = ?) \
        AND (? IS NULL OR w.friendly_id = ?)";
    let values = Values::default()
        .with(tenant_id)
        .optional(f.customer_id)
        .optional(f.wallet_type_id)
        .optional(f.status)
        .optional(f.external_unique_id)
        .optional(f.friendly_id.map(|id| id.trim().to_ascii_uppercase()));
    let (rows, total) =
        filtered::<WalletRow>(&state.db, (COLUMNS, "wallets w"), filter, values, &window).await?;
    Ok(page(rows.into_iter().map(Wallet::from).collect::<Vec<_>>(), total))
}

pub async fn list(scope: Scoped<i64>, Query(f): Query<Filters>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    list_where(state, tenant_id, f).await
}

pub async fn list_for_customer(
    scope: Scoped<(i64, i64)>,
    Query(mut f): Query<Filters>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::ReadBasics).await?;
    f.customer_id = Some(customer.customer_id);
    list_where(state, customer.tenant_id, f).await
}

/// The wallet types whose `kycLevel` the customer meets.
pub async fn eligible_types(
    scope: Scoped<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::ReadBasics).await?;
    let types: Vec<WalletType> = wallet_types::all(state, customer.tenant_id)
        .await?
        .into_iter()
        .filter(|t| t.kyc_level() <= customer.kyc_level)
        .collect();
    page_of(types, &q, |_| None)
}

fn friendly_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..8).map(|_| ALPHABET[rand::random::<usize>() % ALPHABET.len()] as char).collect()
}

/// `POST T/customers/{id}/wallets`: in one transaction, the wallet and (when asked, or when the type sets
/// `alwaysCreateCard`) its first card; a failure leaves neither.
pub async fn create(
    scope: Scoped<(i64, i64)>,
    JsonBody(w): JsonBody<NewWallet>,
) -> ApiResult<Response> {
    let (state, (tenant_id, customer_id)) = scope.require(Capability::EditCustomers)?;
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
    let type_currency = wallet_type.attribute("Currency").unwrap_or("ZAR").to_owned();
    if w.currency.as_deref().is_some_and(|c| !c.is_empty() && c != type_currency) {
        return Err(ApiError::validation(
            "currency",
            &format!("must be the wallet type's currency, {type_currency}"),
        ));
    }
    let status = w.status.unwrap_or(WalletStatus::Active);
    if status == WalletStatus::Barred {
        return Err(ApiError::validation("status", "must be ACTIVE or STOPPED for a new wallet"));
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
        (Some("virtual"), _) => Some(NewCard { card_type: "virtual".into(), ..Default::default() }),
        (Some(other), _) => {
            return Err(ApiError::validation(
                "cardType",
                &format!("{other:?} is not virtual or physical"),
            ))
        }
        (None, _) if wallet_type.attribute("alwaysCreateCard") == Some("true") => {
            Some(NewCard { card_type: "virtual".into(), ..Default::default() })
        }
        (None, _) => None,
    };
    let card_rules = match &card {
        Some(_) => Some(cards::TenantCardRules::load(state, tenant_id).await?),
        None => None,
    };
    let now = timestamps::now();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let write = sqlx::query(
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
    .bind(&now);
    let wallet_id = db::insert(write, &mut *tx, "externalUniqueId").await?;
    let wallet = load_row(&mut tx, tenant_id, wallet_id).await?;
    audit::record(&mut tx, &scope.caller, Event::wallet_created(&wallet, &wallet_type.name))
        .await?;
    if let (Some(card), Some(rules)) = (card, card_rules) {
        cards::issue(&mut tx, &scope.caller, &rules, &wallet, &card).await?;
    }
    tx.commit().await?;
    db::created::<Wallet>(state, tenant_id, wallet_id).await
}

/// PUT ignores null fields. Status needs `LEVEL_03`; no wallet of a barred customer becomes `ACTIVE`.
pub async fn update(
    scope: Scoped<(i64, i64)>,
    JsonBody(u): JsonBody<WalletUpdate>,
) -> ApiResult<Json<Wallet>> {
    let needs =
        if u.status.is_some() { Capability::ChangeStatus } else { Capability::EditCustomers };
    let (state, (tenant_id, id)) = scope.require(needs)?;
    customers::check_reason(u.reason.as_deref())?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = load_row(&mut tx, tenant_id, id).await?;
    if u.status == Some(WalletStatus::Active)
        && customer_barred(&mut tx, wallet.customer_id).await?
    {
        return Err(ApiError::state("The customer is BARRED: their wallets cannot become ACTIVE"));
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
    if let Some(to) = u.status.filter(|to| *to != wallet.status()) {
        audit::record(
            &mut tx,
            &scope.caller,
            Event::wallet_status(&wallet, to, u.reason.as_deref()),
        )
        .await?;
    }
    let details =
        [("name", &u.name, &wallet.name), ("description", &u.description, &wallet.description)];
    let changed: Vec<&str> = details
        .iter()
        .filter(|(_, new, old)| new.is_some() && new != old)
        .map(|(name, ..)| *name)
        .collect();
    if !changed.is_empty() {
        audit::record(&mut tx, &scope.caller, Event::wallet_details(&wallet, &changed)).await?;
    }
    tx.commit().await?;
    Ok(Json(db::load(state, tenant_id, id).await?))
}

/// (ours) Only an empty wallet can be deleted.
pub async fn delete(scope: Scoped<(i64, i64)>) -> ApiResult<StatusCode> {
    let (state, (tenant_id, id)) = scope.require(Capability::ChangeStatus)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = load_row(&mut tx, tenant_id, id).await?;
    if wallet.current_balance != 0 {
        return Err(ApiError::state("Only a wallet with a zero balance can be deleted"));
    }
    for table in ["cards", "withdrawals", "reservations", "transactions", "wallets"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE wallet_id = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut tx, &scope.caller, Event::wallet_deleted(&wallet)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's effective value of a config key the sandbox acts on.
pub async fn tenant_setting(state: &SandboxState, tenant_id: i64, key: &str) -> ApiResult<String> {
    Ok(config::effective(&state.db, tenant_id, key).await?)
}
