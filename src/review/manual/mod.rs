//! Manual KYC, the vendor portal's "Manual KYC" tab, with four eyes its portal does not have: a reviewer asks
//! to set a customer's KYC level by hand, with a reason and a supporting document on file; a second reviewer
//! approves (which sets it in Eclipse with their own session, as a `MANUAL` ratify result) or declines with a
//! reason. Nobody approves their own request, and each step is in the audit log and the customer's timeline.
mod panel;
#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub use store::waiting;

pub use panel::{ManualKycQueuePage, ManualKycTab, ManualKycTrail};

use crate::api::server_fns;
use crate::{
    eclipse::models::KycLevel,
    error::{FieldErrors, Outcome},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

pub const REASON_MAX: usize = 500;

/// The request form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ManualKycForm {
    pub customer_id: i64,
    pub kyc_level: String,
    pub reason: String,
    /// The supporting document's id, among the customer's documents on file.
    pub document_id: String,
}

/// A reason a second reviewer can act on: needed for a request and for declining one.
pub fn reason_problem(reason: &str) -> Option<String> {
    crate::validate::reason_problem(reason, REASON_MAX)
}

/// The form's rules that need no Eclipse; the server checks them again, then the customer and the document.
pub fn validate_manual_kyc(f: &ManualKycForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if KycLevel::parse(&f.kyc_level).is_none() {
        errors.add("kyc_level", "Choose the level to set.");
    }
    if let Some(problem) = reason_problem(&f.reason) {
        errors.add("reason", problem);
    }
    if f.document_id.trim().parse::<i64>().map_or(true, |id| id <= 0) {
        errors.add("document_id", "Choose the supporting document.");
    }
    errors
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum KycRequestStatus {
    Pending,
    /// Taken by its approver, being set in Eclipse.
    Approved,
    /// Set in Eclipse.
    Done,
    /// Eclipse refused it when it was approved.
    Failed,
    Declined,
}

impl KycRequestStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A manual KYC request, waiting for (or decided by) a second reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycRequest {
    pub request_id: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub from_level: KycLevel,
    pub kyc_level: KycLevel,
    pub reason: String,
    pub document_id: i64,
    /// `Passport · passport.png`: the document as it was when the request was made.
    pub document_label: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub status: KycRequestStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    /// Eclipse's ratify result id once set, or its refusal with the trace id.
    pub outcome: Option<String>,
    /// Asked by the signed-in admin, who may not approve it.
    pub mine: bool,
}

impl KycRequest {
    /// `NONE → FULL for Thandi Mokoena`: what the request does, as dialogs and the audit log say it.
    pub fn change(&self) -> String {
        format!("{} → {} for {}", self.from_level, self.kyc_level, self.customer_name)
    }
}

/// Which requests to list: one customer's (their tab) or the tenant's queue, by status (`PENDING` when
/// empty; `ALL` for every one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycRequestFilters {
    pub customer_id: Option<i64>,
    pub status: String,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycRequestPage {
    pub rows: Vec<KycRequest>,
    pub total: u64,
}

server_fns! {
    "review/manual-kyc/list" => kyc_requests(filters: KycRequestFilters) -> KycRequestPage = ssr::list;
    /// `key` is fixed when the form opens: a repeated submit finds the same request.
    "review/manual-kyc/request" =>
        request_manual_kyc(form: ManualKycForm, key: String) -> Outcome<KycRequest> = ssr::request;
    /// Sets the level in Eclipse for a request another reviewer made (never one's own).
    "review/manual-kyc/approve" => approve_manual_kyc(request_id: String) -> Outcome<()> = ssr::approve;
    "review/manual-kyc/decline" =>
        decline_manual_kyc(request_id: String, reason: String) -> Outcome<()> = ssr::decline;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_each_field_it_cannot_take() {
        let form = ManualKycForm { customer_id: 7, ..Default::default() };
        let errors = validate_manual_kyc(&form);
        for field in ["kyc_level", "reason", "document_id"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let good = ManualKycForm {
            kyc_level: "FULL".into(),
            reason: "Passport checked in branch".into(),
            document_id: "12".into(),
            ..form
        };
        assert!(validate_manual_kyc(&good).is_empty());
        assert!(validate_manual_kyc(&ManualKycForm { kyc_level: "full".into(), ..good })
            .get("kyc_level")
            .is_some());
    }
}
