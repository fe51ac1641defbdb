//! Review on the server. Every function checks the session and `ReviewKyc`; the tenant is the session's,
//! and Eclipse answers for that tenant's results only.
pub mod audit;
mod claims;

use super::*;
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, Authed},
    eclipse::{
        client::EclipseError,
        models::{ListParams, RatifyDecision},
        positions::Capability,
        timestamps,
    },
    store::fault,
};
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use std::collections::HashMap;

/// How far down the queue "next" looks for a result this reviewer may take.
const NEXT_LOOKAHEAD: u32 = 50;

fn minutes_since(at: &DateTime<Utc>) -> i64 {
    (Utc::now() - *at).num_minutes()
}

/// A result id Eclipse does not know, or one of another tenant, is simply not there for this reviewer.
async fn load_result(authed: &Authed, ratify_result_id: i64) -> Result<RatifyResult, AppError> {
    match authed.eclipse.ratify_result(ratify_result_id).await {
        Err(err) if err.is(ErrorCode::NotFound) || err.status().map(|s| s.as_u16()) == Some(403) => Err(AppError::NotFound),
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

fn queue_params(filters: &QueueFilters, offset: u32, limit: u32) -> ListParams {
    let mut params = ListParams { offset, limit, sort: None, filters: vec![("verifiedStatus".into(), "PENDING".into())] };
    if matches!(filters.outcome.as_str(), "PASSED" | "FAILED") {
        params.filters.push(("status".into(), filters.outcome.clone()));
    }
    if let Some((_, _, hours)) = AGES.iter().find(|(key, _, _)| *key == filters.age) {
        params.filters.push(("createdBefore".into(), timestamps::format(Utc::now() - chrono::Duration::hours(*hours))));
    }
    if !filters.failed_check.is_empty() && filters.failed_check.chars().all(|c| c.is_ascii_alphanumeric()) {
        params.filters.push(("failedCheck".into(), filters.failed_check.clone()));
    }
    params
}

pub async fn queue(filters: QueueFilters) -> Result<QueuePage, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    let params = queue_params(&filters, filters.offset, crate::ui::table::PAGE_SIZE);
    let page = authed.answer(authed.eclipse.review_queue(&params).await).await?;
    let store = &authed.state.store;
    let me = authed.data.identity.as_str();
    let (claims, own) = tokio::join!(claims::live(store, authed.data.tenant_id, me), store.kyc_contributed_to(authed.data.tenant_id, me));
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
                customer_name: names.get(&result.user_id).cloned().unwrap_or_else(|| format!("Customer {}", result.user_id)),
                failed_checks: kyc.map(failed_checks).unwrap_or_default(),
                waited_minutes: minutes_since(&result.created),
                claim: claims.get(&result.ratify_result_id).cloned(),
                own_evidence: own.contains(&result.user_id),
                created: result.created,
            }
        })
        .collect();
    Ok(QueuePage { rows, total: page.total })
}

/// The customers' names: those read in the last minute as they were, the others at once (one call each,
/// concurrently).
async fn customer_names(authed: &Authed, ids: impl Iterator<Item = i64>) -> Result<HashMap<i64, String>, AppError> {
    let kept = &authed.state.customer_names;
    let tenant_id = authed.data.tenant_id;
    let mut names = HashMap::new();
    let mut unknown = vec![];
    for id in ids {
        match kept.get(tenant_id, id) {
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
                kept.put(tenant_id, id, name.clone());
                names.insert(id, name);
            }
            Err(err) if err.is(ErrorCode::NotFound) => {}
            Err(err) => return Err(authed.fail(err).await),
        }
    }
    Ok(names)
}

/// Why this reviewer may not decide the customer's result, if they gathered its evidence.
async fn four_eyes(authed: &Authed, customer_id: i64) -> Result<Option<String>, AppError> {
    let found = authed.state.store.kyc_contribution(authed.data.tenant_id, customer_id, &authed.data.identity).await.map_err(fault)?;
    Ok(found.map(|(action, at)| {
        let what = match action.as_str() {
            "customer.create" => "created this customer",
            "customer.ratify" => "ran ratify for this customer",
            _ => "uploaded one of this customer's documents",
        };
        format!(
            "Four eyes: you {what} (on {} UTC), so another reviewer must decide this result.",
            at.get(..16).unwrap_or_default().replace('T', " ")
        )
    }))
}

pub async fn open(ratify_result_id: i64) -> Result<ReviewCase, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    let result = load_result(&authed, ratify_result_id).await?;
    let customer_id = result.user_id;
    let e = &authed.eclipse;
    let (customer, documents, history, wallets, wallet_types) =
        tokio::join!(e.customer(customer_id), e.documents(customer_id), e.ratify_results(customer_id), e.customer_wallets(customer_id), e.wallet_types());
    let customer = authed.answer(customer).await?;
    let documents = authed.answer(documents).await?;
    let history = authed.answer(history).await?;
    let wallets = authed.answer(wallets).await?;
    let wallet_types = authed.answer(wallet_types).await?;
    let four_eyes = four_eyes(&authed, customer_id).await?;
    let store = &authed.state.store;
    let me = authed.data.identity.as_str();
    let claim = if result.verified_status == VerifiedStatus::Pending && four_eyes.is_none() {
        claims::take(store, authed.data.tenant_id, ratify_result_id, me).await
    } else {
        claims::on(store, authed.data.tenant_id, ratify_result_id, me).await
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
    })
}

pub async fn release(ratify_result_id: i64) -> Result<(), AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    claims::release(&authed.state.store, authed.data.tenant_id, ratify_result_id, &authed.data.identity).await.map_err(fault)?;
    Ok(())
}

pub async fn decide(form: DecisionForm) -> Result<Outcome<Decided>, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    let errors = validate_decision(&form);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let id = form.ratify_result_id;
    let result = load_result(&authed, id).await?;
    if result.verified_status != VerifiedStatus::Pending {
        let state = match result.verified_status {
            VerifiedStatus::Superseded => "superseded by a newer ratify of the same customer",
            _ => "already decided",
        };
        return Ok(authed.refuse("kyc.decide", audit::target(&result), format!("This result is {state}; nothing was sent.")).await);
    }
    if let Some(why) = four_eyes(&authed, result.user_id).await? {
        return Ok(authed.refuse("kyc.decide", audit::target(&result), why).await);
    }
    let me = authed.data.identity.as_str();
    match claims::on(&authed.state.store, authed.data.tenant_id, id, me).await.map_err(fault)? {
        Some(claim) if claim.mine => {}
        Some(claim) => {
            let why = format!("{} holds this result until {} UTC; only they can decide it now.", claim.by, &claim.expires_at[11..16]);
            return Ok(authed.refuse("kyc.decide", audit::target(&result), why).await);
        }
        None => {
            let why = "Your claim on this result has ended. Open it again to claim it, then decide.";
            return Ok(authed.refuse("kyc.decide", audit::target(&result), why).await);
        }
    }
    let status = form.status().expect("validated");
    let decision = RatifyDecision {
        verified_status: status,
        reason: (status == VerifiedStatus::Rejected).then(|| form.reason()).flatten(),
        comment: Some(form.comment.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    let sent = authed.eclipse.decide_ratify_result(id, &decision).await;
    audit::record(&authed, &result, &decision, &sent).await;
    if let Err(err) = sent {
        return Err(authed.fail(err).await);
    }
    claims::clear(&authed.state.store, authed.data.tenant_id, id).await.map_err(fault)?;
    Ok(Outcome::Done(Decided { status, next: next_for(&authed, id).await }))
}

/// The oldest result after this one that nobody else holds and four eyes let this reviewer decide. A
/// failure to look is not the decision's failure: the reviewer goes back to the queue.
async fn next_for(authed: &Authed, decided: i64) -> Option<i64> {
    let params = queue_params(&QueueFilters::default(), 0, NEXT_LOOKAHEAD);
    let page = authed.eclipse.review_queue(&params).await.map_err(|e: EclipseError| tracing::warn!(error = %e, "next result")).ok()?;
    let store = &authed.state.store;
    let me = authed.data.identity.as_str();
    let claims = claims::live(store, authed.data.tenant_id, me).await.ok()?;
    let own = store.kyc_contributed_to(authed.data.tenant_id, me).await.ok()?;
    page.items
        .into_iter()
        .find(|r| r.ratify_result_id != decided && !own.contains(&r.user_id) && claims.get(&r.ratify_result_id).is_none_or(|c| c.mine))
        .map(|r| r.ratify_result_id)
}
