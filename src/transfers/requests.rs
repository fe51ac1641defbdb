//! Transfer requests in the portal's store, shared by every instance. A decision is a conditional update
//! (`WHERE status = 'PENDING'`): of two admins deciding at once, one wins and the other is told.
use super::{RequestFilters, RequestStatus, TransferRequest};
use crate::{
    eclipse::{amount::Minor, timestamps},
    store::{four_eyes::Requests, Actor, Store, StoredTime},
};
use chrono::{DateTime, Utc};

/// A request as it is made.
pub struct NewRequest<'a> {
    pub request_id: &'a str,
    pub tenant_id: i64,
    pub from_wallet_id: i64,
    pub from_label: String,
    pub to_wallet_id: i64,
    pub to_label: String,
    pub amount: Minor,
    pub currency: &'a str,
    pub description: &'a str,
    pub reason: &'a str,
    pub requested_by: Actor<'a>,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    request_id: String,
    from_wallet_id: i64,
    from_label: String,
    to_wallet_id: i64,
    to_label: String,
    amount_minor: i64,
    currency: String,
    description: String,
    reason: String,
    requested_by_id: i64,
    requested_by: String,
    #[sqlx(try_from = "StoredTime")]
    requested_at: DateTime<Utc>,
    #[sqlx(try_from = "StoredTime")]
    expires_at: DateTime<Utc>,
    status: String,
    decided_by: Option<String>,
    #[sqlx(try_from = "StoredTime")]
    decided_at: Option<DateTime<Utc>>,
    decision_reason: Option<String>,
    outcome: Option<String>,
}

const COLUMNS: &str = "request_id, from_wallet_id, from_label, to_wallet_id, to_label, amount_minor, currency, \
    description, reason, requested_by_id, requested_by, requested_at, expires_at, status, decided_by, decided_at, \
    decision_reason, outcome";

impl Row {
    fn into_request(self, me: i64, now: DateTime<Utc>) -> TransferRequest {
        let stored = self.status.parse().unwrap_or(RequestStatus::Failed);
        let status = if stored == RequestStatus::Pending && self.expires_at <= now {
            RequestStatus::Expired
        } else {
            stored
        };
        TransferRequest {
            mine: self.requested_by_id == me,
            request_id: self.request_id,
            from_wallet_id: self.from_wallet_id,
            from_label: self.from_label,
            to_wallet_id: self.to_wallet_id,
            to_label: self.to_label,
            amount: Minor(self.amount_minor),
            currency: self.currency,
            description: self.description,
            reason: self.reason,
            requested_by: self.requested_by,
            requested_at: self.requested_at,
            expires_at: self.expires_at,
            status,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            decision_reason: self.decision_reason,
            outcome: self.outcome,
        }
    }
}

/// Writes the request unless one with its id exists (a repeated submit), then reads it back.
pub async fn create(
    store: &Store,
    r: NewRequest<'_>,
) -> Result<Option<TransferRequest>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO transfer_requests (request_id, tenant_id, from_wallet_id, from_label, to_wallet_id, to_label, \
         amount_minor, currency, description, reason, requested_by_id, requested_by, requested_at, expires_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'PENDING') \
         ON CONFLICT (request_id) DO NOTHING",
    )
    .bind(r.request_id)
    .bind(r.tenant_id)
    .bind(r.from_wallet_id)
    .bind(&r.from_label)
    .bind(r.to_wallet_id)
    .bind(&r.to_label)
    .bind(r.amount.0)
    .bind(r.currency)
    .bind(r.description)
    .bind(r.reason)
    .bind(r.requested_by.admin_user_id)
    .bind(r.requested_by.identity)
    .bind(timestamps::format(r.now))
    .bind(timestamps::format(r.expires_at))
    .execute(&store.pool)
    .await?;
    get(store, r.tenant_id, r.request_id, r.requested_by.admin_user_id, r.now).await
}

pub async fn get(
    store: &Store,
    tenant_id: i64,
    request_id: &str,
    me: i64,
    now: DateTime<Utc>,
) -> Result<Option<TransferRequest>, sqlx::Error> {
    let row: Option<Row> = REQUESTS.find(store, tenant_id, request_id, COLUMNS).await?;
    Ok(row.map(|r| r.into_request(me, now)))
}

/// `PENDING` lists live requests only, `EXPIRED` pending ones past their time; empty lists all.
const FILTER: &str = "tenant_id = $1 AND ($2 = '' \
    OR ($2 = 'PENDING' AND status = 'PENDING' AND expires_at > $3) \
    OR ($2 = 'EXPIRED' AND status = 'PENDING' AND expires_at <= $3) \
    OR ($2 NOT IN ('PENDING', 'EXPIRED') AND status = $2))";

/// A page of the tenant's requests, the oldest pending first (it expires first), otherwise newest first.
pub async fn page(
    store: &Store,
    tenant_id: i64,
    filters: &RequestFilters,
    me: i64,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<(Vec<TransferRequest>, u64), sqlx::Error> {
    let status = filters.status.trim();
    let now_text = timestamps::format(now);
    let total: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM transfer_requests WHERE {FILTER}"))
            .bind(tenant_id)
            .bind(status)
            .bind(&now_text)
            .fetch_one(&store.pool)
            .await?;
    let order = if status == "PENDING" { "requested_at ASC" } else { "requested_at DESC" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM transfer_requests WHERE {FILTER} ORDER BY {order}, request_id LIMIT $4 OFFSET $5"
    ))
    .bind(tenant_id)
    .bind(status)
    .bind(&now_text)
    .bind(limit as i64)
    .bind(filters.offset as i64)
    .fetch_all(&store.pool)
    .await?;
    Ok((rows.into_iter().map(|r| r.into_request(me, now)).collect(), total as u64))
}

/// The four-eyes steps of the transfer requests (`store::four_eyes`); they expire.
pub const REQUESTS: Requests = Requests { table: "transfer_requests", expires: true };
