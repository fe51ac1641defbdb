//! Manual KYC requests in the portal's store, shared by every instance. A customer has at most one live
//! request (a partial unique index), and each decision is a conditional update (`store::four_eyes`).
use super::{KycRequest, KycRequestFilters, KycRequestStatus};
use crate::{
    eclipse::{models::KycLevel, timestamps},
    store::{four_eyes::Requests, Actor, Store, StoredTime},
};
use chrono::{DateTime, Utc};

/// The four-eyes steps of the manual KYC requests; they do not expire.
pub const REQUESTS: Requests = Requests { table: "kyc_requests", expires: false };

/// A request as it is made.
pub struct NewRequest<'a> {
    pub request_id: &'a str,
    pub tenant_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub from_level: KycLevel,
    pub kyc_level: KycLevel,
    pub reason: &'a str,
    pub document_id: i64,
    pub document_label: String,
    pub requested_by: Actor<'a>,
    pub now: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    request_id: String,
    customer_id: i64,
    customer_name: String,
    from_level: String,
    kyc_level: String,
    reason: String,
    document_id: i64,
    document_label: String,
    requested_by_id: i64,
    requested_by: String,
    #[sqlx(try_from = "StoredTime")]
    requested_at: DateTime<Utc>,
    status: String,
    decided_by: Option<String>,
    #[sqlx(try_from = "StoredTime")]
    decided_at: Option<DateTime<Utc>>,
    decision_reason: Option<String>,
    outcome: Option<String>,
}

const COLUMNS: &str =
    "request_id, customer_id, customer_name, from_level, kyc_level, reason, document_id, \
    document_label, requested_by_id, requested_by, requested_at, status, decided_by, decided_at, \
    decision_reason, outcome";

impl Row {
    fn into_request(self, me: i64) -> KycRequest {
        KycRequest {
            mine: self.requested_by_id == me,
            request_id: self.request_id,
            customer_id: self.customer_id,
            customer_name: self.customer_name,
            from_level: KycLevel::parse(&self.from_level).unwrap_or_default(),
            kyc_level: KycLevel::parse(&self.kyc_level).unwrap_or_default(),
            reason: self.reason,
            document_id: self.document_id,
            document_label: self.document_label,
            requested_by: self.requested_by,
            requested_at: self.requested_at,
            status: self.status.parse().unwrap_or(KycRequestStatus::Failed),
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            decision_reason: self.decision_reason,
            outcome: self.outcome,
        }
    }
}

/// Writes the request unless one with its id exists (a repeated submit) or the customer has a live one
/// already; reads back the request under this id, if any.
pub async fn create(store: &Store, r: NewRequest<'_>) -> Result<Option<KycRequest>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO kyc_requests (request_id, tenant_id, customer_id, customer_name, from_level, kyc_level, reason, \
         document_id, document_label, requested_by_id, requested_by, requested_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'PENDING') ON CONFLICT DO NOTHING",
    )
    .bind(r.request_id)
    .bind(r.tenant_id)
    .bind(r.customer_id)
    .bind(&r.customer_name)
    .bind(r.from_level.as_str())
    .bind(r.kyc_level.as_str())
    .bind(r.reason)
    .bind(r.document_id)
    .bind(&r.document_label)
    .bind(r.requested_by.admin_user_id)
    .bind(r.requested_by.identity)
    .bind(timestamps::format(r.now))
    .execute(&store.pool)
    .await?;
    get(store, r.tenant_id, r.request_id, r.requested_by.admin_user_id).await
}

pub async fn get(
    store: &Store,
    tenant_id: i64,
    request_id: &str,
    me: i64,
) -> Result<Option<KycRequest>, sqlx::Error> {
    let row: Option<Row> = REQUESTS.find(store, tenant_id, request_id, COLUMNS).await?;
    Ok(row.map(|r| r.into_request(me)))
}

/// How many requests wait for their second reviewer.
pub async fn waiting(store: &Store, tenant_id: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM kyc_requests WHERE tenant_id = $1 AND status = 'PENDING'",
    )
    .bind(tenant_id)
    .fetch_one(&store.pool)
    .await?;
    Ok(n as u64)
}

/// `$2` is the customer (0 for all), `$3` the status (empty for all).
const FILTER: &str = "tenant_id = $1 AND ($2 = 0 OR customer_id = $2) AND ($3 = '' OR status = $3)";

/// A page of requests: the queue's pending ones oldest first (they have waited longest), otherwise newest
/// first.
pub async fn page(
    store: &Store,
    tenant_id: i64,
    filters: &KycRequestFilters,
    me: i64,
    limit: u32,
) -> Result<(Vec<KycRequest>, u64), sqlx::Error> {
    let customer = filters.customer_id.unwrap_or(0);
    let status = filters.status.as_str();
    let total: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM kyc_requests WHERE {FILTER}"))
            .bind(tenant_id)
            .bind(customer)
            .bind(status)
            .fetch_one(&store.pool)
            .await?;
    let order =
        if status == "PENDING" && customer == 0 { "requested_at ASC" } else { "requested_at DESC" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM kyc_requests WHERE {FILTER} ORDER BY {order}, request_id LIMIT $4 OFFSET $5"
    ))
    .bind(tenant_id)
    .bind(customer)
    .bind(status)
    .bind(limit as i64)
    .bind(filters.offset as i64)
    .fetch_all(&store.pool)
    .await?;
    Ok((rows.into_iter().map(|r| r.into_request(me)).collect(), total as u64))
}
