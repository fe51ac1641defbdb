//! Ratify (KYC): each check decided deterministically from the customer's data and documents, so a test can
//! make any of them pass or fail on purpose; results awaiting manual verification, and the decisions.
//!
//! | check | passes when |
//! |---|---|
//! | `nationalIdentityIsLegitimate` | the SA identity number passes its Luhn check (or, without one, a passport number is on file) |
//! | `identityNumberMatchesNationalIdentity` | the identity number's `YYMMDD` is the date of birth (skipped for passports) |
//! | `selfieMatchesNationalIdentity` | a `FACIAL_PHOTO` and a `NATIONAL_IDENTITY` or `PASSPORT` document are on file |
//! | `ocrMatchesProfile` | what OCR read from the identity document agrees with the profile (names case-insensitive) |
//! | `proofOfAddressProvided` | an address and a `PROOF_OF_ADDRESS` document are on file |
//! | `sanctionsListCheck` | the last name is not on the sandbox's sanctions list |
use super::{
    audit::{self, Event},
    customers,
    extract::instant_param,
    prelude::*,
};
use crate::eclipse::models::{
    Customer, DocumentType, KycCheck, KycLevel, KycResult, OcrData, RatifyDecision, RatifyResult,
    RejectReason, VerifiedStatus,
};
use crate::validate;
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

/// The sandbox's sanctions list: a customer with one of these last names fails `sanctionsListCheck`.
pub const SANCTIONED_LAST_NAMES: &[&str] = &["Sanctioned", "Blocklisted", "Embargo"];

fn check(passed: bool, comment: impl Into<String>) -> KycCheck {
    KycCheck {
        checked: true,
        passed,
        pending: false,
        score: Some(if passed { 1.0 } else { 0.0 }),
        comment: Some(comment.into()),
    }
}

fn same(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        (None, None) => true,
        _ => false,
    }
}

/// Decides every check from what is on file.
pub fn decide(
    customer: &Customer,
    documents: &[(DocumentType, Option<OcrData>)],
    has_address: bool,
) -> KycResult {
    let mut checks = BTreeMap::new();
    let id = customer.national_identity_number.clone().unwrap_or_default();
    let legit = match (&customer.national_identity_number, &customer.passport_number) {
        (Some(_), _) if validate::sa_id_luhn_ok(&id) => check(true, "The identity number is valid"),
        (Some(_), _) => {
            check(false, "The identity number fails its check digit: correct it in the profile")
        }
        (None, Some(_)) => check(true, "A passport number is on file"),
        (None, None) => {
            check(false, "No identity or passport number is on file: add one to the profile")
        }
    };
    checks.insert("nationalIdentityIsLegitimate".to_owned(), legit);
    if customer.national_identity_number.is_some() {
        let dob = customer.date_of_birth.map(|d| d.to_string()).unwrap_or_default();
        checks.insert(
            "identityNumberMatchesNationalIdentity".to_owned(),
            if validate::sa_id_matches_birth_date(&id, &dob) {
                check(true, "The identity number agrees with the date of birth")
            } else {
                check(false, "The identity number's date does not match the date of birth: correct one of them")
            },
        );
    }
    let id_document = documents.iter().find(|(t, _)| t.is_identity());
    let has_selfie = documents.iter().any(|(t, _)| *t == DocumentType::FacialPhoto);
    checks.insert(
        "selfieMatchesNationalIdentity".to_owned(),
        match (id_document.is_some(), has_selfie) {
            (true, true) => check(true, "The selfie matches the identity document"),
            (false, _) => {
                check(false, "No identity document is on file: upload the ID or passport")
            }
            (true, false) => check(false, "No selfie is on file: upload a FACIAL_PHOTO"),
        },
    );
    checks.insert(
        "ocrMatchesProfile".to_owned(),
        match id_document.and_then(|(_, ocr)| ocr.as_ref()) {
            None => check(false, "Nothing was read from an identity document: upload it with OCR"),
            Some(ocr) => {
                let mut differ = vec![];
                if !same(&ocr.first_name, &Some(customer.first_name.clone())) {
                    differ.push("first name")
                }
                if !same(&ocr.last_name, &Some(customer.last_name.clone())) {
                    differ.push("last name")
                }
                if ocr.national_identity_number.is_some()
                    && !same(&ocr.national_identity_number, &customer.national_identity_number)
                {
                    differ.push("identity number")
                }
                if ocr.date_of_birth.is_some() && ocr.date_of_birth != customer.date_of_birth {
                    differ.push("date of birth")
                }
                if differ.is_empty() {
                    check(true, "The identity document agrees with the profile")
                } else {
                    check(
                        false,
                        format!(
                            "The identity document differs from the profile in: {}",
                            differ.join(", ")
                        ),
                    )
                }
            }
        },
    );
    let has_poa = documents.iter().any(|(t, _)| *t == DocumentType::ProofOfAddress);
    checks.insert(
        "proofOfAddressProvided".to_owned(),
        match (has_address, has_poa) {
            (true, true) => check(true, "An address and its proof are on file"),
            (false, _) => check(false, "No address is on file: add one"),
            (true, false) => {
                check(false, "No proof of address is on file: upload a PROOF_OF_ADDRESS document")
            }
        },
    );
    let sanctioned =
        SANCTIONED_LAST_NAMES.iter().any(|n| n.eq_ignore_ascii_case(customer.last_name.trim()));
    checks.insert(
        "sanctionsListCheck".to_owned(),
        if sanctioned {
            check(false, "The name matches an entry on the sanctions list")
        } else {
            check(true, "No sanctions list match")
        },
    );
    let status = if checks.values().all(|c| c.passed) { "PASSED" } else { "FAILED" };
    KycResult { status: status.to_owned(), checks }
}

#[derive(sqlx::FromRow)]
pub struct Row {
    ratify_result_id: i64,
    tenant_id: i64,
    customer_id: i64,
    verified_status: String,
    result_data: String,
    verified_by: Option<String>,
    verified_at: Option<DateTime<Utc>>,
    reason: Option<String>,
    comment: Option<String>,
    created: DateTime<Utc>,
    last_modified: DateTime<Utc>,
    ratify_type: String,
    kyc_level: Option<String>,
    document_id: Option<i64>,
}

const COLUMNS: &str =
    "ratify_result_id, tenant_id, customer_id, verified_status, result_data, verified_by, \
    verified_at, reason, comment, created, last_modified, ratify_type, kyc_level, document_id";

impl From<Row> for RatifyResult {
    fn from(r: Row) -> RatifyResult {
        RatifyResult {
            ratify_result_id: r.ratify_result_id,
            user_id: r.customer_id,
            tenant_id: r.tenant_id,
            ratify_type: r.ratify_type,
            verified_status: VerifiedStatus::parse(&r.verified_status)
                .unwrap_or(VerifiedStatus::Pending),
            status: "COMPLETED".into(),
            created: r.created,
            last_modified: r.last_modified,
            result_data: r.result_data,
            verified_by: r.verified_by,
            verified_at: r.verified_at,
            reason: r
                .reason
                .and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()),
            comment: r.comment,
            kyc_level: r.kyc_level.as_deref().and_then(KycLevel::parse),
            document_id: r.document_id,
        }
    }
}

/// What a ratify run made: the new result, and the level it raised the customer to when it did.
pub struct Ratified {
    pub ratify_result_id: i64,
    pub result: KycResult,
    pub raised_to: Option<KycLevel>,
}

/// Runs ratify for a customer in the caller's transaction: the new result supersedes their earlier pending
/// ones, and a pass raises a customer at `NONE` to `BASIC`. Used by the endpoint and by the demo seed.
pub async fn run(
    tx: &mut SqliteConnection,
    tenant_id: i64,
    customer: &Customer,
    at: DateTime<Utc>,
) -> ApiResult<Ratified> {
    let at = timestamps::format(at);
    let docs: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT document_type, ocr_data FROM documents WHERE customer_id = ?")
            .bind(customer.customer_id)
            .fetch_all(&mut *tx)
            .await?;
    let documents: Vec<(DocumentType, Option<OcrData>)> = docs
        .into_iter()
        .filter_map(|(t, o)| {
            Some((DocumentType::parse(&t)?, o.and_then(|o| serde_json::from_str(&o).ok())))
        })
        .collect();
    let (addresses,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM addresses WHERE customer_id = ?")
            .bind(customer.customer_id)
            .fetch_one(&mut *tx)
            .await?;
    let result = decide(customer, &documents, addresses > 0);
    let failed: Vec<&str> =
        result.checks.iter().filter(|(_, c)| !c.passed).map(|(n, _)| n.as_str()).collect();
    sqlx::query("UPDATE ratify_results SET verified_status = 'SUPERSEDED', last_modified = ? WHERE customer_id = ? AND verified_status = 'PENDING'")
        .bind(&at)
        .bind(customer.customer_id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query(
        "INSERT INTO ratify_results (tenant_id, customer_id, kyc_status, failed_checks, verified_status, result_data, created, last_modified) \
         VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(customer.customer_id)
    .bind(&result.status)
    .bind(format!(",{},", failed.join(",")))
    .bind(serde_json::to_string(&result).expect("KYC results serialise"))
    .bind(&at)
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    let mut raised_to = None;
    if result.status == "PASSED" {
        let raised = sqlx::query("UPDATE customers SET kyc_level = 'BASIC', version = version + 1 WHERE customer_id = ? AND kyc_level = 'NONE'")
            .bind(customer.customer_id)
            .execute(&mut *tx)
            .await?;
        raised_to = (raised.rows_affected() > 0).then_some(KycLevel::Basic);
    }
    Ok(Ratified { ratify_result_id: done.last_insert_rowid(), result, raised_to })
}

pub(super) async fn load(state: &SandboxState, id: i64) -> ApiResult<RatifyResult> {
    sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM ratify_results WHERE ratify_result_id = ?"
    ))
    .bind(id)
    .fetch_optional(&state.db)
    .await?
    .map(RatifyResult::from)
    .ok_or_else(|| ApiError::not_found("ratify result"))
}

pub async fn ratify(scope: Scoped<(i64, i64)>) -> ApiResult<Json<RatifyResult>> {
    let (state, customer) = scope.require_record::<Customer>(Capability::EditCustomers).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let ratified = run(&mut tx, customer.tenant_id, &customer, Utc::now()).await?;
    let event = Event::ratified(customer.customer_id, &ratified.result, ratified.raised_to);
    audit::record(&mut tx, &scope.caller, event).await?;
    tx.commit().await?;
    Ok(Json(load(state, ratified.ratify_result_id).await?))
}

impl db::TenantTable for RatifyResult {
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) =
        ("ratify_results", "ratify_result_id", COLUMNS);
    const WHAT: &'static str = "ratify result";
    const EDIT: Capability = Capability::ReviewKyc;
}

/// A customer's results, newest first.
impl customers::OfCustomer for RatifyResult {
    const READ: Capability = Capability::ReadKyc;
    const ORDER: &'static str = "created DESC, ratify_result_id DESC";
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueFilters {
    verified_status: Option<String>,
    tenant_id: Option<i64>,
    status: Option<String>,
    failed_check: Option<String>,
    created_before: Option<String>,
    created_after: Option<String>,
    sort: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
}

/// `GET /global/ratify-results`: the caller's tenant only, oldest first (or, ours, `sort=created,desc`).
pub async fn queue(caller: Caller, Query(f): Query<QueueFilters>) -> ApiResult<Response> {
    let tenant_id = f.tenant_id.unwrap_or(caller.tenant_id());
    let state = caller.require(tenant_id, Capability::ReviewKyc)?;
    // In the queue index's own order, either way.
    let direction = match f.sort.as_deref().unwrap_or_default() {
        "" | "created" | "created,asc" => "ASC",
        "created,desc" => "DESC",
        _ => {
            return Err(ApiError::validation(
                "sort",
                "the queue sorts by created,asc or created,desc",
            ))
        }
    };
    let window = Paging { offset: f.offset, limit: f.limit, sort: None }
        .fixed(&format!("ORDER BY created {direction}, ratify_result_id {direction}"))?;
    let verified = f.verified_status.unwrap_or_else(|| "PENDING".into());
    let failed = f.failed_check.map(|c| format!("%,{c},%"));
    let created_before = instant_param("createdBefore", &f.created_before)?.map(timestamps::format);
    let created_after = instant_param("createdAfter", &f.created_after)?.map(timestamps::format);
    let filter = "tenant_id = ? AND verified_status = ? AND (? IS NULL OR kyc_status = ?) AND (? IS NULL OR failed_checks LIKE ?) \
        AND (? IS NULL OR created < ?) AND (? IS NULL OR created > ?)";
    let values = Values::default()
        .with(tenant_id)
        .with(verified)
        .optional(f.status)
        .optional(failed)
        .optional(created_before)
        .optional(created_after);
    let (rows, total) =
        filtered::<Row>(&state.db, (COLUMNS, "ratify_results"), filter, values, &window).await?;
    Ok(page(rows.into_iter().map(RatifyResult::from).collect::<Vec<_>>(), total))
}

pub async fn get_result(
    State(state): State<SandboxState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> ApiResult<Json<RatifyResult>> {
    let result = load(&state, id).await?;
    caller.require(result.tenant_id, Capability::ReviewKyc)?;
    Ok(Json(result))
}

/// `PUT /global/ratify-results/{id}`: only a `PENDING` result; a rejection needs a reason. `VERIFIED` raises
/// the customer to `FULL`, `REJECTED` sets them back to `NONE`; existing wallets are untouched.
pub async fn decide_result(
    State(state): State<SandboxState>,
    caller: Caller,
    Path(id): Path<i64>,
    JsonBody(d): JsonBody<RatifyDecision>,
) -> ApiResult<Json<RatifyResult>> {
    let result = load(&state, id).await?;
    caller.require(result.tenant_id, Capability::ReviewKyc)?;
    let level = match (d.verified_status, d.reason) {
        (VerifiedStatus::Verified, _) => KycLevel::Full,
        (VerifiedStatus::Rejected, Some(_)) => KycLevel::None,
        (VerifiedStatus::Rejected, None) => {
            return Err(ApiError::validation("reason", "is required to reject"))
        }
        _ => return Err(ApiError::validation("verifiedStatus", "must be VERIFIED or REJECTED")),
    };
    if d.comment.as_ref().is_some_and(|c| c.len() > 1000) {
        return Err(ApiError::validation("comment", "must be at most 1000 characters"));
    }
    let now = timestamps::now();
    let reason = d.reason.map(|r: RejectReason| {
        serde_json::to_value(r).expect("reasons serialise").as_str().unwrap_or_default().to_owned()
    });
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let decide = sqlx::query(
        "UPDATE ratify_results SET verified_status = ?, verified_by = ?, verified_at = ?, reason = ?, comment = ?, last_modified = ? \
         WHERE ratify_result_id = ? AND verified_status = 'PENDING'",
    )
    .bind(d.verified_status.as_str())
    .bind(caller.identity())
    .bind(&now)
    .bind(&reason)
    .bind(&d.comment)
    .bind(&now)
    .bind(id);
    db::guarded(decide, &mut *tx, async || {
        ApiError::state(format!(
            "The ratify result is {} and cannot be decided",
            result.verified_status.as_str()
        ))
    })
    .await?;
    sqlx::query("UPDATE customers SET kyc_level = ?, version = version + 1, last_modified = ? WHERE customer_id = ?")
        .bind(level.as_str())
        .bind(&now)
        .bind(result.user_id)
        .execute(&mut *tx)
        .await?;
    let event =
        Event::ratify_decided(result.user_id, id, d.verified_status, reason.as_deref(), level);
    audit::record(&mut tx, &caller, event).await?;
    tx.commit().await?;
    Ok(Json(load(&state, id).await?))
}
