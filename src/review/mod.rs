//! Compliance review: the queue of ratify results awaiting manual verification, the review of one (with a
//! 15-minute claim and four eyes), the decision sent to Eclipse, and the portal's audit trail of decisions.
pub mod audit;
mod case;
#[cfg(feature = "ssr")]
mod claims;
mod decide;
pub mod manual;
mod queue;
mod viewer;

pub use audit::{
    audit_decisions, customer_decisions, AuditFilters, AuditPage, AuditPageData, DecisionHistory,
    DecisionRecord,
};
pub use case::ReviewPage;
pub use manual::{ManualKycQueuePage, ManualKycTab, ManualKycTrail};
pub use queue::ReviewQueuePage;
#[cfg(feature = "ssr")]
pub use ssr::sla_hours;

use crate::api::server_fns;
use crate::{
    customers::kyc::REASONS,
    eclipse::models::{
        Customer, Document, KycLevel, KycResult, OcrData, RatifyResult, RejectReason,
        VerifiedStatus, Wallet, WalletType,
    },
    error::{FieldErrors, Outcome},
};
use serde::{Deserialize, Serialize};

/// "Ratify results" | "Manual KYC": the two queues of `/review`.
#[leptos::component]
pub fn ReviewTabs(current: &'static str) -> impl leptos::IntoView {
    use crate::ui::layout::ViewTabs;
    use leptos::prelude::*;
    const TABS: &[(&str, &str)] =
        &[("/review?view=default", "Ratify results"), ("/review/manual-kyc", "Manual KYC")];
    view! { <ViewTabs tabs=TABS current label="Review queues" /> }
}

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
    /// The newest results first, instead of the longest waiting.
    #[serde(default)]
    pub newest_first: bool,
}

/// The waiting times the queue filters by: (URL value, label, hours).
pub const AGES: &[(&str, &str, i64)] =
    &[("1h", "Over 1 hour", 1), ("24h", "Over 1 day", 24), ("72h", "Over 3 days", 72)];

/// The hours of an age filter: one of `AGES`' keys, or any `{n}h` up to 30 days (the dashboard links to the
/// tenant's review SLA this way).
pub fn age_hours(key: &str) -> Option<i64> {
    key.strip_suffix('h').and_then(|h| h.parse().ok()).filter(|h| (1..=720).contains(h))
}

/// Who holds a result, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub by: String,
    pub mine: bool,
    pub claimed_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
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
    /// The tenant's review SLA, that each row's wait is measured against.
    pub sla_hours: u32,
}

/// Where a result's wait stands against the SLA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaStanding {
    /// Waited longer than the SLA, by this many minutes.
    Past(i64),
    /// Within the SLA's last quarter: this many minutes left.
    Due(i64),
    /// This many minutes left.
    Within(i64),
}

impl SlaStanding {
    pub fn of(waited_minutes: i64, sla_hours: u32) -> SlaStanding {
        let sla = i64::from(sla_hours) * 60;
        let left = sla - waited_minutes.max(0);
        if left < 0 {
            SlaStanding::Past(-left)
        } else if left * 4 <= sla {
            SlaStanding::Due(left)
        } else {
            SlaStanding::Within(left)
        }
    }

    /// "2 h 10 min past the 24 h SLA", "3 h 5 min left".
    pub fn describe(self, sla_hours: u32) -> String {
        match self {
            SlaStanding::Past(m) => format!("{} past the {sla_hours} h SLA", waited(m)),
            SlaStanding::Due(m) | SlaStanding::Within(m) => format!("{} left", waited(m)),
        }
    }
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
    /// For a result awaiting review: the latest change, made through the portal, to what it rests on since it
    /// was made.
    pub evidence_changed: Option<String>,
    pub waited_minutes: i64,
    /// The pending results just before and after this one in the queue (oldest first).
    pub previous: Option<i64>,
    pub next: Option<i64>,
}

impl ReviewCase {
    /// The wallet types the customer could open at `level`.
    pub fn eligible_at(&self, level: KycLevel) -> Vec<String> {
        self.wallet_types
            .iter()
            .filter(|t| t.kyc_level() <= level)
            .map(|t| t.name.clone())
            .collect()
    }
    pub fn may_decide(&self) -> bool {
        self.result.verified_status == VerifiedStatus::Pending
            && self.four_eyes.is_none()
            && self.claim.as_ref().is_some_and(|c| c.mine)
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
        Some(VerifiedStatus::Rejected) if form.reason().is_none() => {
            errors.add("reason", "Choose the reason for the rejection.")
        }
        Some(VerifiedStatus::Rejected)
            if form.reason() == Some(RejectReason::Other) && form.comment.trim().is_empty() =>
        {
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

server_fns! {
    /// How many results await review, for the navigation; `None` for positions that do not review.
    "review/waiting" => review_waiting() -> Option<u64> = ssr::waiting;
    "review/queue" => review_queue(filters: QueueFilters) -> QueuePage = ssr::queue;
    /// Opens a result for review: claims it for this reviewer unless someone else holds it or four eyes forbid.
    "review/open" => open_review(ratify_result_id: i64) -> ReviewCase = ssr::open;
    "review/release" => release_claim(ratify_result_id: i64) -> () = ssr::release;
    "review/decide" => decide(form: DecisionForm) -> Outcome<Decided> = decide::ssr::decide;
}

#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_stands_within_due_or_past_the_sla() {
        assert_eq!(SlaStanding::of(0, 24), SlaStanding::Within(1440));
        assert_eq!(SlaStanding::of(1079, 24), SlaStanding::Within(361));
        assert_eq!(SlaStanding::of(1080, 24), SlaStanding::Due(360), "the last quarter");
        assert_eq!(SlaStanding::of(1440, 24), SlaStanding::Due(0));
        assert_eq!(SlaStanding::of(1570, 24), SlaStanding::Past(130));
        assert_eq!(SlaStanding::Past(130).describe(24), "2 h 10 min past the 24 h SLA");
        assert_eq!(SlaStanding::Due(185).describe(24), "3 h 5 min left");
    }

    fn form(decision: &str, reason: &str, comment: &str) -> DecisionForm {
        DecisionForm {
            ratify_result_id: 1,
            decision: decision.into(),
            reason: reason.into(),
            comment: comment.into(),
        }
    }

    #[test]
    fn a_rejection_needs_a_reason_and_other_needs_words() {
        assert!(validate_decision(&form("VERIFIED", "", "")).is_empty());
        assert!(validate_decision(&form("", "", "")).get("decision").is_some());
        assert!(validate_decision(&form("REJECTED", "", "")).get("reason").is_some());
        assert!(validate_decision(&form("REJECTED", "NONSENSE", "")).get("reason").is_some());
        assert!(validate_decision(&form("REJECTED", "DATA_MISMATCH", "")).is_empty());
        assert!(validate_decision(&form("REJECTED", "OTHER", " ")).get("comment").is_some());
        assert!(validate_decision(&form("VERIFIED", "", &"x".repeat(1001)))
            .get("comment")
            .is_some());
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
