//! Manual KYC on the server: the request checked against the customer and their documents as Eclipse has
//! them, kept in the store; the approval sets the level in Eclipse with the approver's session.
use super::{
    reason_problem,
    store::{self, NewRequest, REQUESTS},
    validate_manual_kyc, KycRequest, KycRequestFilters, KycRequestPage, KycRequestStatus,
    ManualKycForm,
};
use crate::{
    auth::ssr::{require, About, Authed},
    customers::documents::type_label,
    eclipse::{
        errors::EclipseError,
        models::{KycLevel, ManualKyc},
        positions::Capability,
        ErrorCode,
    },
    error::{AppError, Outcome},
    store::{
        fault,
        four_eyes::{decided_meanwhile, status_filter, Decision},
    },
};

fn about(request: &KycRequest) -> About {
    About::customer(
        request.customer_id,
        format!("customer {}: {}", request.customer_id, request.change()),
    )
}

pub async fn request(form: ManualKycForm, key: String) -> Result<Outcome<KycRequest>, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    crate::validate::require_retry_key(&key)?;
    let errors = validate_manual_kyc(&form);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let level = KycLevel::parse(&form.kyc_level).unwrap_or_default();
    let document_id: i64 = form.document_id.trim().parse().unwrap_or_default();
    let e = &authed.eclipse;
    let (customer, documents) =
        tokio::join!(e.customer(form.customer_id), e.documents(form.customer_id));
    let customer = match customer {
        Err(err) if err.is(ErrorCode::NotFound) => return Err(AppError::NotFound),
        other => authed.answer(other).await?,
    };
    let documents = authed.answer(documents).await?;
    if customer.kyc_level == level {
        return Ok(Outcome::invalid("kyc_level", format!("The customer is at {level} already.")));
    }
    let Some(document) = documents.iter().find(|d| d.document_id == document_id) else {
        let why = "Not a document of this customer: choose one on file, or upload it on the Documents tab.";
        return Ok(Outcome::invalid("document_id", why));
    };
    let made = store::create(
        &authed.state.store,
        NewRequest {
            request_id: &key,
            tenant_id: authed.data.tenant_id,
            customer_id: customer.customer_id,
            customer_name: customer.full_name(),
            from_level: customer.kyc_level,
            kyc_level: level,
            reason: form.reason.trim(),
            document_id,
            document_label: format!(
                "{} · {}",
                type_label(document.document_type),
                document.file_name
            ),
            requested_by: authed.actor(),
            now: authed.state.clock.now(),
        },
    )
    .await
    .map_err(fault)?;
    let Some(request) = made else {
        let why =
            "A manual KYC request for this customer is waiting for a second reviewer already.";
        let target =
            About::customer(customer.customer_id, format!("customer {}", customer.customer_id));
        return Ok(authed.refuse("kyc.manual.request", target, why).await);
    };
    authed.record("kyc.manual.request", about(&request), "ok").await;
    Ok(Outcome::Done(request))
}

pub async fn list(filters: KycRequestFilters) -> Result<KycRequestPage, AppError> {
    let authed = require(Capability::ReadKyc).await?;
    let filters = KycRequestFilters {
        status: status_filter::<KycRequestStatus>(&filters.status)?,
        ..filters
    };
    let (rows, total) = store::page(
        &authed.state.store,
        authed.data.tenant_id,
        &filters,
        authed.data.admin_user_id,
        crate::ui::table::PAGE_SIZE,
    )
    .await
    .map_err(fault)?;
    Ok(KycRequestPage { rows, total })
}

/// The request of this tenant, or 404.
async fn load(authed: &Authed, request_id: &str) -> Result<KycRequest, AppError> {
    store::get(&authed.state.store, authed.data.tenant_id, request_id, authed.data.admin_user_id)
        .await
        .map_err(fault)?
        .ok_or(AppError::NotFound)
}

fn no_longer_pending(request: &KycRequest) -> Outcome<()> {
    Outcome::Refused(format!("This request is {} already.", request.status.as_str()))
}

/// Eclipse's answer to a level it would not set, for the page (with its trace id).
fn refusal(err: &EclipseError) -> Option<String> {
    let problem = err.problem().filter(|p| {
        matches!(
            p.code,
            ErrorCode::NotAllowedInStatus | ErrorCode::Validation | ErrorCode::NotFound
        )
    })?;
    Some(format!("Eclipse refused the level: {}", problem.said()))
}

pub async fn approve(request_id: String) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    let request = load(&authed, &request_id).await?;
    if request.mine {
        let why = "You asked for this change: another reviewer approves it.";
        return Ok(authed.refuse("kyc.manual.approve", about(&request), why).await);
    }
    let (store, tenant) = (&authed.state.store, authed.data.tenant_id);
    match request.status {
        KycRequestStatus::Pending => {
            let customer =
                authed.answer(authed.eclipse.customer(request.customer_id).await).await?;
            if customer.kyc_level != request.from_level {
                return Ok(Outcome::Refused(format!(
                    "The customer's KYC level is {} now, not {} as when this was asked: decline it and ask again.",
                    customer.kyc_level, request.from_level
                )));
            }
            let now = authed.state.clock.now();
            let approved = KycRequestStatus::Approved.as_str();
            let taken = REQUESTS
                .decide(
                    store,
                    tenant,
                    &request_id,
                    Decision { to: approved, by: authed.actor(), reason: None, now },
                )
                .await
                .map_err(fault)?;
            if !taken {
                return Ok(decided_meanwhile("request"));
            }
        }
        // Approved before, and Eclipse's answer was lost: asked again under the same key, it is set once.
        KycRequestStatus::Approved => {}
        _ => return Ok(no_longer_pending(&request)),
    }
    let body = ManualKyc {
        kyc_level: request.kyc_level,
        reason: format!("{} (asked by {})", request.reason, request.requested_by),
        document_id: request.document_id,
        external_unique_id: Some(format!("manual-kyc-{request_id}")),
    };
    let result = authed.eclipse.manual_kyc(request.customer_id, &body).await;
    authed.audit("kyc.manual.approve", about(&request), &result).await;
    let (to, outcome) = match result {
        Ok(set) => (KycRequestStatus::Done, format!("Ratify result {}", set.ratify_result_id)),
        Err(err) => match refusal(&err) {
            Some(said) => (KycRequestStatus::Failed, said),
            // The request stays APPROVED: approving it again finishes it.
            None => return Err(authed.fail(err).await),
        },
    };
    if let Err(err) = REQUESTS.settle(store, tenant, &request_id, to.as_str(), &outcome).await {
        // Eclipse has answered; the request stays APPROVED and approving it again settles it.
        tracing::error!(%err, "manual KYC request not settled");
    }
    Ok(match to {
        KycRequestStatus::Done => Outcome::Done(()),
        _ => Outcome::Refused(outcome),
    })
}

pub async fn decline(request_id: String, reason: String) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ReviewKyc).await?;
    let request = load(&authed, &request_id).await?;
    if let Some(problem) = reason_problem(&reason) {
        return Ok(Outcome::invalid("reason", problem));
    }
    if request.status != KycRequestStatus::Pending {
        return Ok(no_longer_pending(&request));
    }
    let (store, tenant, now) =
        (&authed.state.store, authed.data.tenant_id, authed.state.clock.now());
    let declined = REQUESTS
        .decline(store, tenant, &request_id, authed.actor(), reason.trim(), now)
        .await
        .map_err(fault)?;
    if !matches!(declined, Outcome::Done(())) {
        return Ok(declined);
    }
    let mut target = about(&request);
    target.text = format!("{}; reason: {}", target.text, reason.trim());
    authed.record("kyc.manual.decline", target, "ok").await;
    Ok(Outcome::Done(()))
}
