//! KYC: documents, customer identities, ratify results and their manual verification
//! (the vendor's customer use cases, steps 3–4: `tests/fixtures/eclipse/customer-use-cases.json`;
//! `docs/sandbox.md`, "KYC checks").
use super::KycLevel;
use chrono::{DateTime, NaiveDate, Utc};
use macro_rules_attribute::apply;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentType {
    NationalIdentity,
    Passport,
    FacialPhoto,
    ProofOfAddress,
    Auto,
    ComparisonNationalIdentity,
    ComparisonPassport,
    ComparisonFacialPhoto,
}

impl DocumentType {
    /// The types an onboarding may upload (never the `COMPARISON_*` ones).
    pub const ONBOARDING: [DocumentType; 5] = [
        DocumentType::NationalIdentity,
        DocumentType::Passport,
        DocumentType::FacialPhoto,
        DocumentType::ProofOfAddress,
        DocumentType::Auto,
    ];
    /// Identity documents and selfies are images; a PDF is refused for them.
    pub fn must_be_image(self) -> bool {
        !matches!(self, DocumentType::ProofOfAddress | DocumentType::Auto)
    }
    pub fn is_identity(self) -> bool {
        matches!(self, DocumentType::NationalIdentity | DocumentType::Passport)
    }
}

/// What OCR read from an identity document.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OcrData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub national_identity_number: Option<String>,
    #[serde(default, with = "crate::eclipse::timestamps::date")]
    pub date_of_birth: Option<NaiveDate>,
}

#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub document_id: i64,
    pub customer_id: i64,
    pub document_type: DocumentType,
    pub file_name: String,
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: i64,
    pub ocr_data: Option<OcrData>,
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    /// Base64; only `GET T/documents/{id}` carries it, lists never do.
    pub content: Option<String>,
}

/// Body of `POST T/customers/{id}/documents` and `PUT T/documents/{id}`.
#[apply(wire!)]
#[derive(Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub document_type: DocumentType,
    pub file_name: String,
    pub content_type: String,
    /// Base64 of the file's bytes.
    pub content: String,
    pub external_unique_id: Option<String>,
}

debug_showing!(NewDocument { document_type, file_name, content_bytes_b64: content.len() });

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerIdentity {
    pub identity_id: i64,
    pub customer_id: i64,
    pub identity: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

#[apply(wire_with_nulls!)]
#[derive(Clone, PartialEq, Eq)]
pub struct NewIdentity {
    pub identity: String,
    /// Clear text (checked against the tenant's `passwordRegEx`) or a bcrypt hash.
    pub password: String,
}

debug_showing!(NewIdentity { identity });

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifiedStatus {
    Pending,
    Verified,
    Rejected,
    /// (ours) A later ratify of the same customer replaced it.
    Superseded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RejectReason {
    DocumentUnreadable,
    DataMismatch,
    SuspectedFraud,
    SanctionsMatch,
    Other,
}

#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatifyResult {
    pub ratify_result_id: i64,
    /// The customer's id (the vendor calls it the user).
    pub user_id: i64,
    pub tenant_id: i64,
    pub ratify_type: String,
    pub verified_status: VerifiedStatus,
    pub status: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub last_modified: DateTime<Utc>,
    /// The serialised `EclipseKycResult`.
    pub result_data: String,
    pub verified_by: Option<String>,
    #[serde(default, with = "crate::eclipse::timestamps::optional")]
    pub verified_at: Option<DateTime<Utc>>,
    pub reason: Option<RejectReason>,
    pub comment: Option<String>,
    /// (ours) A `MANUAL` result's level, set by hand.
    pub kyc_level: Option<KycLevel>,
    /// (ours) A `MANUAL` result's supporting document, on file for the customer.
    pub document_id: Option<i64>,
}

/// (ours) Body of `POST T/customers/{customerId}/ratify/manual`: set the customer's KYC level by hand.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualKyc {
    pub kyc_level: KycLevel,
    pub reason: String,
    pub document_id: i64,
    /// A repeat with the same id answers the first result instead of writing another.
    pub external_unique_id: Option<String>,
}

/// `ratifyType` of a result set by hand; the vendor's own runs are `NORMAL`.
pub const MANUAL_RATIFY: &str = "MANUAL";

/// One check of an `EclipseKycResult`.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct KycCheck {
    pub checked: bool,
    pub passed: bool,
    pub pending: bool,
    pub score: Option<f64>,
    pub comment: Option<String>,
}

/// `EclipseKycResult`: an overall status and the checks, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KycResult {
    pub status: String,
    #[serde(flatten)]
    pub checks: BTreeMap<String, KycCheck>,
}

impl RatifyResult {
    pub fn kyc(&self) -> Option<KycResult> {
        serde_json::from_str(&self.result_data).ok()
    }
}

/// Body of `PUT /global/ratify-results/{id}`.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatifyDecision {
    pub verified_status: VerifiedStatus,
    pub reason: Option<RejectReason>,
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kyc_results_flatten_their_checks() {
        let json = r#"{"status":"FAILED","nationalIdentityIsLegitimate":{"checked":true,"passed":false,"pending":false,"score":0.0,"comment":"bad Luhn"}}"#;
        let r: KycResult = serde_json::from_str(json).unwrap();
        assert_eq!(r.status, "FAILED");
        assert!(!r.checks["nationalIdentityIsLegitimate"].passed);
        let doc = NewDocument {
            document_type: DocumentType::FacialPhoto,
            file_name: "s.jpg".into(),
            content_type: "image/jpeg".into(),
            content: "QUJD".into(),
            external_unique_id: None,
        };
        assert!(!format!("{doc:?}").contains("QUJD"), "no document content in logs");
        assert!(!DocumentType::ONBOARDING.iter().any(|d| d.as_str().starts_with("COMPARISON")));
    }
}
