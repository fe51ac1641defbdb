//! The audit trail of review decisions: written at each decision, read on the customer's KYC tab and the
//! audit page, and downloaded as CSV by a guarded GET.
use super::super::{AuditFilters, AuditPageData, DecisionRecord};
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, require_in, Authed},
    eclipse::{
        client::EclipseError,
        models::{RatifyDecision, RatifyResult},
        positions::Capability,
        timestamps,
    },
    error::AppError,
    server::AppState,
    store::fault,
};
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

/// The most rows one CSV download holds.
const CSV_MAX_ROWS: i64 = 10_000;

/// Records a decision sent to Eclipse, whatever Eclipse answered, in the decisions and the general log.
pub async fn record(authed: &Authed, result: &RatifyResult, decision: &RatifyDecision, sent: &Result<RatifyResult, EclipseError>) {
    let (outcome, trace_id) = match sent {
        Ok(_) => ("ok".to_owned(), None),
        Err(e) => (e.code().map_or("unreachable", ErrorCode::as_str).to_owned(), e.problem().and_then(|p| p.trace_id)),
    };
    let reason = decision.reason.map(|r| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default());
    let write = sqlx::query(
        "INSERT INTO review_decisions (tenant_id, ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(authed.data.tenant_id)
    .bind(result.ratify_result_id)
    .bind(result.user_id)
    .bind(&authed.data.identity)
    .bind(decision.verified_status.as_str())
    .bind(&reason)
    .bind(&decision.comment)
    .bind(timestamps::now())
    .bind(&outcome)
    .bind(&trace_id)
    .execute(&authed.state.store.pool)
    .await;
    if let Err(err) = write {
        tracing::error!(%err, ratify_result_id = result.ratify_result_id, "review decision not recorded");
    }
    let action = format!("kyc.{}", decision.verified_status.as_str().to_lowercase());
    authed.audit(&action, target(result), sent).await;
}

pub fn target(result: &RatifyResult) -> String {
    format!("customer {} ratify {}", result.user_id, result.ratify_result_id)
}


type Row = (i64, i64, String, String, Option<String>, Option<String>, String, String, Option<String>);

const COLUMNS: &str = "ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id";

fn record_of(row: Row) -> DecisionRecord {
    let (ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id) = row;
    DecisionRecord { ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id }
}

pub async fn of_customer(customer_id: i64) -> Result<Vec<DecisionRecord>, AppError> {
    let authed = require(Capability::ReadKyc).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM review_decisions WHERE tenant_id = ? AND customer_id = ? ORDER BY decided_at DESC, id DESC LIMIT 100"
    ))
    .bind(authed.data.tenant_id)
    .bind(customer_id)
    .fetch_all(&authed.state.store.pool)
    .await
    .map_err(fault)?;
    Ok(rows.into_iter().map(record_of).collect())
}

/// The filter as SQL: every value bound, none spliced in.
const FILTER: &str = "tenant_id = ? AND (? = '' OR reviewer = ?) AND (? = '' OR decision = ?) \
    AND (? = '' OR decided_at >= ?) AND (? = '' OR decided_at < ?) AND (? = 0 OR customer_id = ?)";

/// `to` is inclusive: everything before the next day.
fn bounds(f: &AuditFilters) -> (String, String, i64) {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let from = day(&f.from).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let to = day(&f.to).and_then(|d| d.succ_opt()).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    (from, to, f.customer_id.trim().parse().unwrap_or(0))
}

async fn select(state: &AppState, tenant_id: i64, f: &AuditFilters, limit: i64, offset: i64) -> Result<(Vec<DecisionRecord>, u64), sqlx::Error> {
    let (from, to, customer) = bounds(f);
    let reviewer = f.reviewer.trim();
    let decision = f.decision.trim();
    macro_rules! bind_filter {
        ($q:expr) => {
            $q.bind(tenant_id).bind(reviewer).bind(reviewer).bind(decision).bind(decision).bind(&from).bind(&from).bind(&to).bind(&to).bind(customer).bind(customer)
        };
    }
    let (total,): (i64,) = bind_filter!(sqlx::query_as(&format!("SELECT COUNT(*) FROM review_decisions WHERE {FILTER}"))).fetch_one(&state.store.pool).await?;
    let rows: Vec<Row> = bind_filter!(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM review_decisions WHERE {FILTER} ORDER BY decided_at DESC, id DESC LIMIT ? OFFSET ?"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(&state.store.pool)
    .await?;
    Ok((rows.into_iter().map(record_of).collect(), total as u64))
}

pub async fn page(filters: AuditFilters) -> Result<AuditPageData, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let limit = crate::ui::table::PAGE_SIZE as i64;
    let (rows, total) = select(&authed.state, authed.data.tenant_id, &filters, limit, filters.offset as i64).await.map_err(fault)?;
    Ok(AuditPageData { rows, total })
}

#[derive(serde::Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    customer: String,
}

pub fn to_csv(rows: &[DecisionRecord]) -> String {
    let header = "decided_at,reviewer,ratify_result_id,customer_id,decision,reason,comment,result,trace_id";
    crate::csv::table(
        header,
        rows.iter().map(|r| {
            vec![
                r.decided_at.clone(),
                r.reviewer.clone(),
                r.ratify_result_id.to_string(),
                r.customer_id.to_string(),
                r.decision.clone(),
                r.reason.clone().unwrap_or_default(),
                r.comment.clone().unwrap_or_default(),
                r.result.clone(),
                r.trace_id.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// `GET /audit/decisions.csv`: the audit page's rows (same filters), for `TENANT_SYSTEM`.
pub async fn csv(State(state): State<AppState>, session: Session, Query(q): Query<CsvQuery>) -> Response {
    let authed = match require_in(&state, session, Capability::ManageTenant).await {
        Ok(authed) => authed,
        Err(err) => return (StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN), err.to_string()).into_response(),
    };
    let filters = AuditFilters { reviewer: q.reviewer, decision: q.decision, from: q.from, to: q.to, customer_id: q.customer, offset: 0 };
    let rows = match select(&state, authed.data.tenant_id, &filters, CSV_MAX_ROWS, 0).await {
        Ok((rows, _)) => rows,
        Err(err) => {
            let AppError::Internal { correlation_id } = fault(err) else { unreachable!() };
            return (StatusCode::INTERNAL_SERVER_ERROR, format!("The export failed. Reference: {correlation_id}")).into_response();
        }
    };
    crate::csv::download(&format!("kyc-decisions-{}.csv", chrono::Utc::now().format("%Y-%m-%d")), to_csv(&rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_to_date_is_inclusive() {
        let f = AuditFilters { from: "2026-11-01".into(), to: "2026-11-21".into(), customer_id: "12".into(), ..Default::default() };
        assert_eq!(bounds(&f), ("2026-11-01".into(), "2026-11-22".into(), 12));
        let f = AuditFilters { from: "1 Nov".into(), ..Default::default() };
        assert_eq!(bounds(&f), (String::new(), String::new(), 0));
    }
}
