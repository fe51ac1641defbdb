//! Compliance review: the queue of ratify results awaiting manual verification, the review of one (with a
//! 15-minute claim and four eyes), the decision sent to Eclipse, and the portal's audit trail of decisions.
mod audit;
mod case;
mod decide;
mod queue;
#[cfg(feature = "ssr")]
pub mod ssr;
mod viewer;

pub use audit::{AuditPage, DecisionHistory};
pub use case::ReviewPage;
pub use queue::ReviewQueuePage;

use crate::{
    eclipse::models::{Customer, Document, KycLevel, KycResult, OcrData, RatifyResult, RejectReason, VerifiedStatus, Wallet, WalletType},
    error::{AppError, FieldErrors, Outcome},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long opening a result keeps other reviewers off it.
pub const CLAIM_MINUTES: i64 = 15;
pub const COMMENT_MAX: usize = 1000;

/// The queue's filters, as the URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    /// "", "PASSED" or "FAILED": the automated outcome.
    pub outcome: String,
    /// "", or the least time waited: "1h", "24h", "72h".
    pub age: String,
    /// "", or the name of a check that failed.
    pub failed_check: String,
    pub offset: u32,
}

/// The waiting times the queue filters by: (URL value, label, hours).
pub const AGES: &[(&str, &str, i64)] = &[("1h", "Over 1 hour", 1), ("24h", "Over 1 day", 24), ("72h", "Over 3 days", 72)];

/// Who holds a result, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub by: String,
    pub mine: bool,
    pub claimed_at: String,
    pub expires_at: String,
    pub minutes_left: i64,
}

/// One line of the queue: what the line shows of a result, not the result's whole check data (twenty of
/// those were 30 KB of every queue page's HTML).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRow {
    pub ratify_result_id: i64,
    pub customer_id: i64,
    pub created: chrono::DateTime<chrono::Utc>,
    /// The checks' overall outcome was PASSED.
    pub passed: bool,
    pub customer_name: String,
    pub failed_checks: Vec<String>,
    pub waited_minutes: i64,
    pub claim: Option<Claim>,
    /// This reviewer gathered the customer's evidence and may not decide (four eyes).
    pub own_evidence: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub total: Option<u64>,
}

/// Everything a reviewer looks at to decide one result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCase {
    pub result: RatifyResult,
    pub customer: Customer,
    pub documents: Vec<Document>,
    /// What the profile says, in OCR's terms, to compare with what the documents say.
    pub profile: OcrData,
    /// Every ratify result of the customer, newest first (this one included).
    pub history: Vec<RatifyResult>,
    pub wallets: Vec<Wallet>,
    pub wallet_types: Vec<WalletType>,
    pub claim: Option<Claim>,
    /// Why this reviewer may not decide (four eyes), when they may not.
    pub four_eyes: Option<String>,
    pub waited_minutes: i64,
}

impl ReviewCase {
    /// The wallet types the customer could open at `level`.
    pub fn eligible_at(&self, level: KycLevel) -> Vec<String> {
        self.wallet_types.iter().filter(|t| t.kyc_level() <= level).map(|t| t.name.clone()).collect()
    }
    pub fn may_decide(&self) -> bool {
        self.result.verified_status == VerifiedStatus::Pending && self.four_eyes.is_none() && self.claim.as_ref().is_some_and(|c| c.mine)
    }
}

/// The decision form: "VERIFIED" or "REJECTED", a reason (required to reject) and a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionForm {
    pub ratify_result_id: i64,
    pub decision: String,
    pub reason: String,
    pub comment: String,
}

/// The rejection reasons Eclipse knows, with their words.
pub const REASONS: &[(RejectReason, &str, &str)] = &[
    (RejectReason::DocumentUnreadable, "DOCUMENT_UNREADABLE", "Document unreadable"),
    (RejectReason::DataMismatch, "DATA_MISMATCH", "Data mismatch"),
    (RejectReason::SuspectedFraud, "SUSPECTED_FRAUD", "Suspected fraud"),
    (RejectReason::SanctionsMatch, "SANCTIONS_MATCH", "Sanctions match"),
    (RejectReason::Other, "OTHER", "Other"),
];

pub fn reason_label(code: &str) -> &'static str {
    REASONS.iter().find(|(_, c, _)| *c == code).map(|(_, _, label)| *label).unwrap_or("")
}

impl DecisionForm {
    pub fn status(&self) -> Option<VerifiedStatus> {
        match self.decision.as_str() {
            "VERIFIED" => Some(VerifiedStatus::Verified),
            "REJECTED" => Some(VerifiedStatus::Rejected),
            _ => None,
        }
    }
    pub fn reason(&self) -> Option<RejectReason> {
        REASONS.iter().find(|(_, code, _)| *code == self.reason).map(|(r, _, _)| *r)
    }
}

/// The form's rules, checked in the browser and again on the server.
pub fn validate_decision(form: &DecisionForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match form.status() {
        None => errors.add("decision", "Choose Verified or Rejected."),
        Some(VerifiedStatus::Rejected) if form.reason().is_none() => errors.add("reason", "Choose the reason for the rejection."),
        Some(VerifiedStatus::Rejected) if form.reason() == Some(RejectReason::Other) && form.comment.trim().is_empty() => {
            errors.add("comment", "Say what the other reason is.")
        }
        _ => {}
    }
    if form.comment.trim().chars().count() > COMMENT_MAX {
        errors.add("comment", format!("At most {COMMENT_MAX} characters."));
    }
    errors
}

/// What a decision came to: where the reviewer goes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    pub status: VerifiedStatus,
    /// The next result in the queue this reviewer may take, if any.
    pub next: Option<i64>,
}

/// One decision of the portal's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub ratify_result_id: i64,
    pub customer_id: i64,
    pub reviewer: String,
    pub decision: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub decided_at: String,
    /// "ok", or the code Eclipse refused it with.
    pub result: String,
    pub trace_id: Option<String>,
}

/// The audit page's filters, as the URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilters {
    pub reviewer: String,
    pub decision: String,
    /// Dates as typed (`YYYY-MM-DD`), inclusive, compared in UTC as Eclipse's times are.
    pub from: String,
    pub to: String,
    pub customer_id: String,
    pub offset: u32,
}

impl AuditFilters {
    /// `?…` for the CSV download of the same rows.
    pub fn query_string(&self) -> String {
        let pairs = [("reviewer", &self.reviewer), ("decision", &self.decision), ("from", &self.from), ("to", &self.to), ("customer", &self.customer_id)];
        crate::ui::table::query_string(&pairs.map(|(k, v)| (k, v.as_str())))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPageData {
    pub rows: Vec<DecisionRecord>,
    pub total: u64,
}

/// "3 d 4 h", "2 h 10 min", "7 min": how long a result has waited.
pub fn waited(minutes: i64) -> String {
    let minutes = minutes.max(0);
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

/// The names of the checks a result failed.
pub fn failed_checks(kyc: KycResult) -> Vec<String> {
    kyc.checks.into_iter().filter(|(_, c)| !c.passed && !c.pending).map(|(name, _)| name).collect()
}

/// How many results await review, for the navigation; `None` for positions that do not review.
#[server(prefix = "/api", endpoint = "review/waiting")]
pub async fn review_waiting() -> Result<Option<u64>, AppError> {
    ssr::waiting().await
}

#[server(prefix = "/api", endpoint = "review/queue")]
pub async fn review_queue(filters: QueueFilters) -> Result<QueuePage, AppError> {
    ssr::queue(filters).await
}

/// Opens a result for review: claims it for this reviewer unless someone else holds it or four eyes forbid.
#[server(prefix = "/api", endpoint = "review/open")]
pub async fn open_review(ratify_result_id: i64) -> Result<ReviewCase, AppError> {
    ssr::open(ratify_result_id).await
}

#[server(prefix = "/api", endpoint = "review/release")]
pub async fn release_claim(ratify_result_id: i64) -> Result<(), AppError> {
    ssr::release(ratify_result_id).await
}

#[server(prefix = "/api", endpoint = "review/decide")]
pub async fn decide(form: DecisionForm) -> Result<Outcome<Decided>, AppError> {
    ssr::decide(form).await
}

/// The decisions taken on a customer's results through the portal, newest first.
#[server(prefix = "/api", endpoint = "review/decisions")]
pub async fn customer_decisions(customer_id: i64) -> Result<Vec<DecisionRecord>, AppError> {
    ssr::audit::of_customer(customer_id).await
}

#[server(prefix = "/api", endpoint = "review/audit")]
pub async fn audit_decisions(filters: AuditFilters) -> Result<AuditPageData, AppError> {
    ssr::audit::page(filters).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(decision: &str, reason: &str, comment: &str) -> DecisionForm {
        DecisionForm { ratify_result_id: 1, decision: decision.into(), reason: reason.into(), comment: comment.into() }
    }

    #[test]
    fn a_rejection_needs_a_reason_and_other_needs_words() {
        assert!(validate_decision(&form("VERIFIED", "", "")).is_empty());
        assert!(validate_decision(&form("", "", "")).get("decision").is_some());
        assert!(validate_decision(&form("REJECTED", "", "")).get("reason").is_some());
        assert!(validate_decision(&form("REJECTED", "NONSENSE", "")).get("reason").is_some());
        assert!(validate_decision(&form("REJECTED", "DATA_MISMATCH", "")).is_empty());
        assert!(validate_decision(&form("REJECTED", "OTHER", " ")).get("comment").is_some());
        assert!(validate_decision(&form("VERIFIED", "", &"x".repeat(1001))).get("comment").is_some());
    }

    #[test]
    fn waiting_times_read_naturally() {
        assert_eq!(waited(7), "7 min");
        assert_eq!(waited(130), "2 h 10 min");
        assert_eq!(waited(4 * 1440 + 61), "4 d 1 h");
    }

    #[test]
    fn reasons_match_eclipses_names() {
        for (reason, code, _) in REASONS {
            assert_eq!(serde_json::to_value(reason).unwrap(), *code);
        }
    }
}
