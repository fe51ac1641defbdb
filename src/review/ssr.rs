//! Review on the server. Every function checks the session and `ReviewKyc`; the tenant is the session's,
//! and Eclipse answers for that tenant's results only.
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
    let (page, sla_hours) = tokio::join!(authed.eclipse.review_queue(&params), sla_hours(&authed));
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
    let (before, after) =
        tokio::join!(authed.eclipse.review_queue(&earlier), authed.eclipse.review_queue(&later));
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
