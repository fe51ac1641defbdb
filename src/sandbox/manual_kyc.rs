//! (ours) Manual KYC, the vendor portal's "Manual KYC" tab as an endpoint: a reviewer sets a customer's KYC
//! level by hand, with a reason and a supporting document on file. It is a ratify result of type `MANUAL`,
//! verified by the caller at once, so it stands in the customer's results beside the automated ones; like a
//! new ratify, it supersedes the customer's results still awaiting review. The four eyes are the portal's.
use super::{
    audit::{self, Event},
    prelude::*,
    ratify,
};
use crate::eclipse::models::{Customer, KycCheck, KycLevel, KycResult, ManualKyc, RatifyResult};
use std::collections::BTreeMap;

pub const REASON_MAX: usize = 1000;

/// The result's data: one check, `manualKyc`, that says who set what and why.
fn result_data(m: &ManualKyc, reason: &str) -> String {
    let passed = m.kyc_level != KycLevel::None;
    let check = KycCheck {
        checked: true,
        passed,
        pending: false,
        score: None,
        comment: Some(format!("KYC level set to {} by hand: {reason}", m.kyc_level)),
    };
    let status = if passed { "PASSED" } else { "FAILED" };
    let result = KycResult {
        status: status.to_owned(),
        checks: BTreeMap::from([("manualKyc".to_owned(), check)]),
    };
    serde_json::to_string(&result).expect("KYC results serialise")
}

/// `POST T/customers/{customerId}/ratify/manual`: the customer's level becomes `kycLevel` (up or down);
/// existing wallets are untouched, as with every level change.
pub async fn set_level(
    scope: Scoped<(i64, i64)>,
    JsonBody(m): JsonBody<ManualKyc>,
) -> ApiResult<Json<RatifyResult>> {
    let (state, customer) = scope.require_record::<Customer>(Capability::ReviewKyc).await?;
    let reason = m.reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(ApiError::validation("reason", "must be 1 to 1000 characters"));
    }
    let on_file: Option<i64> = sqlx::query_scalar(
        "SELECT document_id FROM documents WHERE document_id = ? AND customer_id = ?",
    )
    .bind(m.document_id)
    .bind(customer.customer_id)
    .fetch_optional(&state.db)
    .await?;
    if on_file.is_none() {
        return Err(ApiError::validation("documentId", "must be a document of this customer"));
    }
    if m.external_unique_id.as_ref().is_some_and(|id| !(6..=100).contains(&id.chars().count())) {
        return Err(ApiError::validation("externalUniqueId", "must be 6 to 100 characters"));
    }
    let now = timestamps::now();
    let data = result_data(&m, reason);
    let status = if m.kyc_level == KycLevel::None { "FAILED" } else { "PASSED" };
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let earlier: Option<i64> = sqlx::query_scalar(
        "SELECT ratify_result_id FROM ratify_results WHERE customer_id = ? AND external_unique_id = ?",
    )
    .bind(customer.customer_id)
    .bind(&m.external_unique_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(first) = earlier {
        tx.rollback().await?;
        return Ok(Json(ratify::load(state, first).await?));
    }
    sqlx::query("UPDATE ratify_results SET verified_status = 'SUPERSEDED', last_modified = ? WHERE customer_id = ? AND verified_status = 'PENDING'")
        .bind(&now)
        .bind(customer.customer_id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query(
        "INSERT INTO ratify_results (tenant_id, customer_id, kyc_status, failed_checks, verified_status, result_data, \
         verified_by, verified_at, comment, created, last_modified, ratify_type, kyc_level, document_id, \
         external_unique_id) VALUES (?, ?, ?, ',', 'VERIFIED', ?, ?, ?, ?, ?, ?, 'MANUAL', ?, ?, ?)",
    )
    .bind(customer.tenant_id)
    .bind(customer.customer_id)
    .bind(status)
    .bind(data)
    .bind(scope.caller.identity())
    .bind(&now)
    .bind(reason)
    .bind(&now)
    .bind(&now)
    .bind(m.kyc_level.as_str())
    .bind(m.document_id)
    .bind(&m.external_unique_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE customers SET kyc_level = ?, version = version + 1, last_modified = ? WHERE customer_id = ?")
        .bind(m.kyc_level.as_str())
        .bind(&now)
        .bind(customer.customer_id)
        .execute(&mut *tx)
        .await?;
    let event = Event::manual_kyc(customer.customer_id, m.kyc_level, m.document_id, reason);
    audit::record(&mut tx, &scope.caller, event).await?;
    tx.commit().await?;
    Ok(Json(ratify::load(state, done.last_insert_rowid()).await?))
}
