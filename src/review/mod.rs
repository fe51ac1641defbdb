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
        &[("/review", "Ratify results"), ("/review/manual-kyc", "Manual KYC")];
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

/// Review on the server. Every function checks the session and `ReviewKyc`; the tenant is the session's,
/// and Eclipse answers for that tenant's results only.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::error::AppError;
    use crate::{
        auth::ssr::{require, Authed},
        eclipse::{models::ListParams, positions::Capability, timestamps},
        store::fault,
    };
    use chrono::{DateTime, Utc};
    use futures_util::future::join_all;
    use std::collections::HashMap;

    /// How far down the queue "next" looks for a result this reviewer may take.
    pub(super) const NEXT_LOOKAHEAD: u32 = 50;

    /// The tenant's review SLA in hours (`reviewSlaHours`), or its default when the setting is not a number
    /// of hours.
    pub async fn sla_hours(authed: &Authed) -> Result<u32, crate::eclipse::errors::EclipseError> {
        use crate::eclipse::models::{hours, known_config_key, REVIEW_SLA_HOURS};
        let setting = authed.eclipse.setting(REVIEW_SLA_HOURS).await?;
        let default = known_config_key(REVIEW_SLA_HOURS).and_then(|k| hours(k.default));
        Ok(hours(&setting).or(default).unwrap_or(24))
    }

    pub(super) fn minutes_since(at: &DateTime<Utc>) -> i64 {
        (Utc::now() - *at).num_minutes()
    }

    /// A result id Eclipse does not know, or one of another tenant, is simply not there for this reviewer.
    pub(super) async fn load_result(
        authed: &Authed,
        ratify_result_id: i64,
    ) -> Result<RatifyResult, AppError> {
        match authed.eclipse.ratify_result(ratify_result_id).await {
            Err(err)
                if err.is(crate::eclipse::ErrorCode::NotFound)
                    || err.status().map(|s| s.as_u16()) == Some(403) =>
            {
                Err(AppError::NotFound)
            }
            other => authed.answer(other).await,
        }
    }

    pub async fn waiting() -> Result<Option<u64>, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        if !crate::eclipse::positions::allows(&authed.data.positions, Capability::ReviewKyc) {
            return Ok(None);
        }
        let params = ListParams { offset: 0, limit: 1, ..Default::default() };
        let page = authed.answer(authed.eclipse.review_queue(&params).await).await?;
        Ok(Some(page.total.unwrap_or(page.items.len() as u64)))
    }

    pub(super) fn queue_params(filters: &QueueFilters, offset: u32, limit: u32) -> ListParams {
        let mut params = ListParams {
            offset,
            limit,
            sort: filters.newest_first.then(|| "created,desc".to_owned()),
            filters: vec![("verifiedStatus".into(), "PENDING".into())],
        };
        if matches!(filters.outcome.as_str(), "PASSED" | "FAILED") {
            params.filters.push(("status".into(), filters.outcome.clone()));
        }
        if let Some(hours) = age_hours(&filters.age) {
            params.filters.push((
                "createdBefore".into(),
                timestamps::format(Utc::now() - chrono::Duration::hours(hours)),
            ));
        }
        if !filters.failed_check.is_empty()
            && filters.failed_check.chars().all(|c| c.is_ascii_alphanumeric())
        {
            params.filters.push(("failedCheck".into(), filters.failed_check.clone()));
        }
        params
    }

    pub async fn queue(filters: QueueFilters) -> Result<QueuePage, AppError> {
        let authed = require(Capability::ReviewKyc).await?;
        let params = queue_params(&filters, filters.offset, crate::ui::table::PAGE_SIZE);
        let (page, sla_hours) =
            tokio::join!(authed.eclipse.review_queue(&params), sla_hours(&authed));
        let page = authed.answer(page).await?;
        let sla_hours = authed.answer(sla_hours).await?;
        let store = &authed.state.store;
        let me = authed.actor();
        let (claims, own) = tokio::join!(
            super::claims::live(store, authed.data.tenant_id, me),
            store.kyc_contributed_to(authed.data.tenant_id, me)
        );
        let (claims, own) = (claims.map_err(fault)?, own.map_err(fault)?);
        let names = customer_names(&authed, page.items.iter().map(|r| r.user_id)).await?;
        let rows = page
            .items
            .into_iter()
            .map(|result| {
                // The check data is parsed once, for the outcome and the failed checks.
                let kyc = result.kyc();
                QueueRow {
                    ratify_result_id: result.ratify_result_id,
                    customer_id: result.user_id,
                    passed: kyc.as_ref().is_some_and(|k| k.status == "PASSED"),
                    customer_name: names
                        .get(&result.user_id)
                        .cloned()
                        .unwrap_or_else(|| format!("Customer {}", result.user_id)),
                    failed_checks: kyc.map(failed_checks).unwrap_or_default(),
                    waited_minutes: minutes_since(&result.created),
                    claim: claims.get(&result.ratify_result_id).cloned(),
                    own_evidence: own.contains(&result.user_id),
                    created: result.created,
                }
            })
            .collect();
        Ok(QueuePage { rows, total: page.total, sla_hours })
    }

    /// The customers' names: those read in the last minute as they were, the others at once (one call each,
    /// concurrently).
    async fn customer_names(
        authed: &Authed,
        ids: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, String>, AppError> {
        let kept = &authed.state.customer_names;
        let tenant_id = authed.data.tenant_id;
        let mut names = HashMap::new();
        let mut unknown = vec![];
        for id in ids {
            match kept.get(&(tenant_id, id)) {
                Some(name) => {
                    names.insert(id, name);
                }
                None => unknown.push(id),
            }
        }
        unknown.sort_unstable();
        unknown.dedup();
        let answers = join_all(unknown.iter().map(|id| authed.eclipse.customer(*id))).await;
        for (id, answer) in unknown.into_iter().zip(answers) {
            match answer {
                Ok(customer) => {
                    let name = customer.full_name();
                    kept.insert((tenant_id, id), name.clone());
                    names.insert(id, name);
                }
                Err(err) if err.is(crate::eclipse::ErrorCode::NotFound) => {}
                Err(err) => return Err(authed.fail(err).await),
            }
        }
        Ok(names)
    }

    /// A change to a customer's KYC evidence, as a sentence's verb phrase.
    fn kyc_change(action: &str) -> &'static str {
        match action {
            "customer.create" => "created this customer",
            "customer.ratify" => "ran ratify for this customer",
            "customer.update" => "changed this customer's profile",
            "address.create" => "added an address of this customer",
            "address.update" => "changed an address of this customer",
            "address.delete" => "deleted an address of this customer",
            "identity.create" => "added an identity of this customer",
            "document.replace" => "replaced one of this customer's documents",
            "document.delete" => "deleted one of this customer's documents",
            _ => "uploaded one of this customer's documents",
        }
    }

    /// What changed in the evidence of a pending result since it was made, if anything did.
    async fn evidence_changed(
        authed: &Authed,
        result: &RatifyResult,
    ) -> Result<Option<String>, AppError> {
        if result.verified_status != VerifiedStatus::Pending {
            return Ok(None);
        }
        let change = authed
            .state
            .store
            .kyc_change_since(authed.data.tenant_id, result.user_id, result.created)
            .await
            .map_err(fault)?;
        Ok(change.map(|(action, actor, at)| {
            format!(
                "The evidence changed after this result was made: {actor} {} on {} UTC. The checks may not \
                 match what is on file now; ratify again to check it.",
                kyc_change(&action),
                crate::ui::format::date_time(&at)
            )
        }))
    }

    /// Why this reviewer may not decide the customer's result, if they gathered its evidence.
    pub(super) async fn four_eyes(
        authed: &Authed,
        customer_id: i64,
    ) -> Result<Option<String>, AppError> {
        let found = authed
            .state
            .store
            .kyc_contribution(authed.data.tenant_id, customer_id, authed.actor())
            .await
            .map_err(fault)?;
        Ok(found.map(|(action, at)| {
            let what = kyc_change(&action);
            format!(
                "Four eyes: you {what} (on {} UTC), so another reviewer must decide this result.",
                crate::ui::format::date_time(&at)
            )
        }))
    }

    pub async fn open(ratify_result_id: i64) -> Result<ReviewCase, AppError> {
        let authed = require(Capability::ReviewKyc).await?;
        let result = load_result(&authed, ratify_result_id).await?;
        let customer_id = result.user_id;
        let e = &authed.eclipse;
        let (customer, documents, history, wallets, wallet_types) = tokio::join!(
            e.customer(customer_id),
            e.documents(customer_id),
            e.ratify_results(customer_id),
            e.customer_wallets(customer_id),
            e.wallet_types()
        );
        let customer = authed.answer(customer).await?;
        let documents = authed.answer(documents).await?;
        let history = authed.answer(history).await?;
        let wallets = authed.answer(wallets).await?;
        let wallet_types = authed.answer(wallet_types).await?;
        let four_eyes = four_eyes(&authed, customer_id).await?;
        let (previous, next) = neighbours(&authed, &result).await?;
        let evidence_changed = evidence_changed(&authed, &result).await?;
        let store = &authed.state.store;
        let me = authed.actor();
        let claim = if result.verified_status == VerifiedStatus::Pending && four_eyes.is_none() {
            super::claims::take(store, authed.data.tenant_id, ratify_result_id, me).await
        } else {
            super::claims::on(store, authed.data.tenant_id, ratify_result_id, me).await
        }
        .map_err(fault)?;
        let profile = OcrData {
            first_name: Some(customer.first_name.clone()),
            last_name: Some(customer.last_name.clone()),
            national_identity_number: customer.national_identity_number.clone(),
            date_of_birth: customer.date_of_birth,
        };
        Ok(ReviewCase {
            waited_minutes: minutes_since(&result.created),
            result,
            customer,
            documents,
            profile,
            history,
            wallets,
            wallet_types,
            claim,
            four_eyes,
            evidence_changed,
            previous,
            next,
        })
    }

    /// The pending results before and after `result` in the queue's order (oldest first), for a reviewer
    /// going through it; none for a result no longer pending.
    async fn neighbours(
        authed: &Authed,
        result: &RatifyResult,
    ) -> Result<(Option<i64>, Option<i64>), AppError> {
        if result.verified_status != VerifiedStatus::Pending {
            return Ok((None, None));
        }
        let at = timestamps::format(result.created);
        let nearest = |sort: &str, bound: &str| ListParams {
            offset: 0,
            limit: 1,
            sort: Some(sort.to_owned()),
            filters: vec![("verifiedStatus".into(), "PENDING".into()), (bound.into(), at.clone())],
        };
        let (earlier, later) =
            (nearest("created,desc", "createdBefore"), nearest("created,asc", "createdAfter"));
        let (before, after) = tokio::join!(
            authed.eclipse.review_queue(&earlier),
            authed.eclipse.review_queue(&later)
        );
        let first = |page: crate::eclipse::models::Page<RatifyResult>| {
            page.items.first().map(|r| r.ratify_result_id)
        };
        Ok((first(authed.answer(before).await?), first(authed.answer(after).await?)))
    }

    pub async fn release(ratify_result_id: i64) -> Result<(), AppError> {
        let authed = require(Capability::ReviewKyc).await?;
        super::claims::release(
            &authed.state.store,
            authed.data.tenant_id,
            ratify_result_id,
            authed.actor(),
        )
        .await
        .map_err(fault)?;
        Ok(())
    }
}

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
