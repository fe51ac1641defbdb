//! Transfers on the server: every check again with Eclipse's balances as they stand, the tenant's rule, and
//! Eclipse's transfer sent once per key (a repeat finds the debit the first attempt wrote).
use super::{
    parse_wallet_ref, reason_problem,
    requests::{self, NewRequest, REQUESTS},
    rules::ApprovalRule,
    validate_transfer_form, Payee, RequestFilters, RequestPage, RequestStatus, TransferDone,
    TransferForm, TransferPreview, TransferSide, WalletRef,
};
use crate::{
    auth::ssr::{require, Authed},
    customers::SearchBy,
    eclipse::{
        amount::{self, Minor},
        client::TenantClient,
        currencies,
        errors::EclipseError,
        models::{
            ListParams, Transfer, Wallet, WalletStatus, TRANSFER_APPROVAL_ABOVE,
            TRANSFER_REQUEST_HOURS,
        },
        positions::Capability,
        ErrorCode,
    },
    error::{AppError, Outcome},
    store::{
        fault,
        four_eyes::{decided_meanwhile, status_filter, Decision},
    },
};

/// A transfer the portal's checks and Eclipse's current balances allow.
struct Checked {
    preview: TransferPreview,
    rule: ApprovalRule,
}

pub(super) async fn wallet_or_none(authed: &Authed, id: i64) -> Result<Option<Wallet>, AppError> {
    match authed.eclipse.wallet(id).await {
        Err(err) if err.is(ErrorCode::NotFound) => Ok(None),
        other => authed.answer(other).await.map(Some),
    }
}

/// The tenant's wallet a form names by id or friendly id, or `None`.
pub(crate) async fn wallet_named(
    authed: &Authed,
    named: WalletRef,
) -> Result<Option<Wallet>, AppError> {
    match named {
        WalletRef::Id(id) => wallet_or_none(authed, id).await,
        WalletRef::Friendly(friendly) => {
            authed.answer(authed.eclipse.wallet_by_friendly_id(&friendly).await).await
        }
    }
}

/// The tenant's four-eyes rule on money, and its threshold as set (to say why).
pub(super) async fn approval_rule(authed: &Authed) -> Result<(ApprovalRule, String), AppError> {
    let e = &authed.eclipse;
    let (above, hours) =
        tokio::join!(e.setting(TRANSFER_APPROVAL_ABOVE), e.setting(TRANSFER_REQUEST_HOURS));
    let threshold = authed.answer(above).await?;
    Ok((ApprovalRule::from_settings(&threshold, &authed.answer(hours).await?), threshold))
}

/// Everything a transfer must meet before it is confirmed, read from Eclipse now: an `Err` is what the form
/// shows instead.
async fn check<T>(
    authed: &Authed,
    form: &TransferForm,
) -> Result<Result<Checked, Outcome<T>>, AppError> {
    let e = &authed.eclipse;
    let from = wallet_or_none(authed, form.from_wallet_id).await?.ok_or(AppError::NotFound)?;
    let decimals = currencies::decimals(&from.currency).unwrap_or(2);
    let mut errors = validate_transfer_form(form, decimals);
    let amount = amount::parse(&form.amount, decimals).unwrap_or(Minor(0));
    let to = match parse_wallet_ref(&form.to) {
        Some(named) => wallet_named(authed, named).await?,
        None => None,
    };
    let available = Minor::from_major(from.available_balance, decimals);
    match &to {
        None if errors.get("to").is_none() => {
            errors.add("to", "No wallet of this tenant has this id or friendly id.")
        }
        Some(to) if to.wallet_id == from.wallet_id => {
            errors.add("to", "Choose another wallet than the one the money leaves.")
        }
        Some(to) if to.currency != from.currency => errors.add(
            "to",
            format!("This wallet holds {}; the money leaves in {}.", to.currency, from.currency),
        ),
        _ => {}
    }
    if errors.get("amount").is_none() && amount > available {
        errors.add(
            "amount",
            format!(
                "More than the available balance, {}.",
                crate::eclipse::currencies::money_minor(available, &from.currency)
            ),
        );
    }
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        return Ok(Err(Outcome::Invalid(errors)));
    };
    if from.status != WalletStatus::Active {
        return Ok(Err(Outcome::Refused(format!(
            "Wallet {} is {}: Eclipse allows no debit from it.",
            from.friendly_id,
            from.status.as_str()
        ))));
    }
    let (rule, payer, payee) = tokio::join!(
        approval_rule(authed),
        e.customer(from.customer_id),
        e.customer(to.customer_id)
    );
    let (rule, threshold) = rule?;
    let side = |w: &Wallet, owner: String, after: Minor| TransferSide {
        wallet_id: w.wallet_id,
        friendly_id: w.friendly_id.clone(),
        owner,
        status: w.status,
        available_before: Minor::from_major(w.available_balance, decimals),
        available_after: after,
    };
    let to_available = Minor::from_major(to.available_balance, decimals);
    let preview = TransferPreview {
        from: side(&from, authed.answer(payer).await?.full_name(), Minor(available.0 - amount.0)),
        to: side(&to, authed.answer(payee).await?.full_name(), Minor(to_available.0 + amount.0)),
        needs_approval: rule.needs_approval(amount, &from.currency),
        amount,
        currency: from.currency,
        decimals,
        threshold,
    };
    Ok(Ok(Checked { preview, rule }))
}

pub async fn preview(form: TransferForm) -> Result<Outcome<TransferPreview>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    Ok(match check(&authed, &form).await? {
        Ok(checked) => Outcome::Done(checked.preview),
        Err(shown) => shown,
    })
}

/// How the audit log names a transfer.
fn audit_target(amount: &str, from: &str, to: &str) -> String {
    format!("{amount} from {from} to {to}")
}

/// Sends the transfer once: when the answer is lost or says the key was used, `created_once` finds the debit
/// the first attempt wrote on the source wallet. Gives the debit's id.
pub(crate) async fn send_once(
    e: &TenantClient,
    transfer: &Transfer,
) -> Result<String, EclipseError> {
    let first = e.transfer(transfer).await.map(|done| done.debit);
    let source = format!("/wallets/{}/transactions", transfer.from_wallet_id);
    let debit: crate::eclipse::models::Transaction =
        e.created_once(first, &source, &transfer.external_unique_id).await?;
    Ok(debit.transaction_id)
}

/// Eclipse's refusal of a transfer as the form shows it (its description and trace id), or `None` for a
/// fault the user cannot act on.
fn refusal(err: &EclipseError) -> Option<Outcome<TransferDone>> {
    let problem = err.problem().filter(|p| {
        matches!(
            p.code,
            ErrorCode::NotAllowedInStatus
                | ErrorCode::Validation
                | ErrorCode::Duplicate
                | ErrorCode::NotFound
        )
    })?;
    if let Some((field, message)) = problem.invalid_field() {
        let form_field = match field {
            "amount" => "amount",
            "toWalletId" => "to",
            "description" => "description",
            _ => "form",
        };
        if form_field != "form" {
            return Some(Outcome::invalid(form_field, format!("Eclipse: {message}.")));
        }
    }
    Some(Outcome::Refused(format!("Eclipse refused the transfer: {}", problem.said())))
}

fn external_id(key: &str) -> String {
    format!("transfer-{key}")
}

pub async fn send(form: TransferForm, key: String) -> Result<Outcome<TransferDone>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    crate::validate::require_retry_key(&key)?;
    let Checked { preview, rule } = match check(&authed, &form).await? {
        Ok(checked) => checked,
        Err(shown) => return Ok(shown),
    };
    let target =
        audit_target(&preview.money(preview.amount), &preview.from.label(), &preview.to.label());
    if preview.needs_approval {
        if let Some(problem) = reason_problem(&form.reason) {
            let why = format!("{problem} A second admin reads it before approving.");
            return Ok(Outcome::invalid("reason", why));
        }
        let now = authed.state.clock.now();
        let request = requests::create(
            &authed.state.store,
            NewRequest {
                request_id: &key,
                tenant_id: authed.data.tenant_id,
                from_wallet_id: preview.from.wallet_id,
                from_label: preview.from.label(),
                to_wallet_id: preview.to.wallet_id,
                to_label: preview.to.label(),
                amount: preview.amount,
                currency: &preview.currency,
                description: form.description.trim(),
                reason: form.reason.trim(),
                requested_by: authed.actor(),
                now,
                expires_at: now + chrono::Duration::hours(rule.request_hours.into()),
            },
        )
        .await
        .map_err(fault)?
        // The key is another tenant's request: no browser of this tenant made it.
        .ok_or_else(|| AppError::BadRequest("The request carries no valid retry key.".into()))?;
        authed.record("transfer.request", target, "ok").await;
        return Ok(Outcome::Done(TransferDone::Requested {
            request_id: request.request_id,
            expires_at: request.expires_at,
        }));
    }
    let transfer = Transfer {
        from_wallet_id: preview.from.wallet_id,
        to_wallet_id: preview.to.wallet_id,
        amount: preview.amount.to_major(preview.decimals),
        external_unique_id: external_id(&key),
        description: Some(form.description.trim().to_owned()).filter(|d| !d.is_empty()),
    };
    let result = send_once(&authed.eclipse, &transfer).await;
    authed.audit("transfer.send", target, &result).await;
    match result {
        Ok(transaction_id) => Ok(Outcome::Done(TransferDone::Sent { transaction_id })),
        Err(err) => match refusal(&err) {
            Some(shown) => Ok(shown),
            None => Err(authed.fail(err).await),
        },
    }
}

pub async fn payees(query: String) -> Result<Vec<Payee>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let query = query.trim();
    if query.chars().count() < 2 || query.len() > 100 {
        return Ok(vec![]);
    }
    let e = &authed.eclipse;
    let params = ListParams {
        offset: 0,
        limit: super::PAYEE_CUSTOMERS,
        sort: None,
        filters: SearchBy::Any.filters(query),
    };
    let customers = authed.answer(e.customers(&params).await).await?.items;
    let wallets =
        futures_util::future::join_all(customers.iter().map(|c| e.customer_wallets(c.customer_id)))
            .await;
    let mut payees = vec![];
    for (customer, wallets) in customers.iter().zip(wallets) {
        for w in authed.answer(wallets).await? {
            payees.push(Payee {
                wallet_id: w.wallet_id,
                friendly_id: w.friendly_id,
                owner: customer.full_name(),
                currency: w.currency,
                status: w.status,
            });
        }
    }
    Ok(payees)
}

pub async fn requests(filters: RequestFilters) -> Result<RequestPage, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let filters =
        RequestFilters { status: status_filter::<RequestStatus>(&filters.status)?, ..filters };
    let (rows, total) = requests::page(
        &authed.state.store,
        authed.data.tenant_id,
        &filters,
        authed.data.admin_user_id,
        authed.state.clock.now(),
        crate::ui::table::PAGE_SIZE,
    )
    .await
    .map_err(fault)?;
    Ok(RequestPage { rows, total })
}

/// The request of this tenant, or 404.
async fn load(authed: &Authed, request_id: &str) -> Result<super::TransferRequest, AppError> {
    requests::get(
        &authed.state.store,
        authed.data.tenant_id,
        request_id,
        authed.data.admin_user_id,
        authed.state.clock.now(),
    )
    .await
    .map_err(fault)?
    .ok_or(AppError::NotFound)
}

fn no_longer_pending(status: RequestStatus) -> String {
    match status {
        RequestStatus::Expired => "This request has expired: ask for the transfer again.".into(),
        other => format!("This request is {} already.", other.as_str()),
    }
}

pub async fn approve(request_id: String) -> Result<Outcome<TransferDone>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let request = load(&authed, &request_id).await?;
    let target = audit_target(&request.money(), &request.from_label, &request.to_label);
    if request.mine {
        let why = "You asked for this transfer: another admin approves it.";
        return Ok(authed.refuse("transfer.approve", target, why).await);
    }
    if request.status != RequestStatus::Pending {
        return Ok(Outcome::Refused(no_longer_pending(request.status)));
    }
    let store = &authed.state.store;
    let tenant = authed.data.tenant_id;
    let now = authed.state.clock.now();
    let taken = REQUESTS
        .decide(
            store,
            tenant,
            &request_id,
            Decision {
                to: RequestStatus::Approved.as_str(),
                by: authed.actor(),
                reason: None,
                now,
            },
        )
        .await
        .map_err(fault)?;
    if !taken {
        return Ok(decided_meanwhile("request"));
    }
    let decimals = currencies::decimals(&request.currency).unwrap_or(2);
    let transfer = Transfer {
        from_wallet_id: request.from_wallet_id,
        to_wallet_id: request.to_wallet_id,
        amount: request.amount.to_major(decimals),
        external_unique_id: external_id(&request_id),
        description: Some(request.description.clone()).filter(|d| !d.is_empty()),
    };
    let result = send_once(&authed.eclipse, &transfer).await;
    authed.audit("transfer.approve", target, &result).await;
    match result {
        Ok(transaction_id) => {
            REQUESTS
                .settle(store, tenant, &request_id, RequestStatus::Sent.as_str(), &transaction_id)
                .await
                .map_err(fault)?;
            Ok(Outcome::Done(TransferDone::Sent { transaction_id }))
        }
        Err(err) => match refusal(&err) {
            Some(shown) => {
                let said = match &shown {
                    Outcome::Refused(why) => why.clone(),
                    _ => err.problem().map(|p| p.description).unwrap_or_default(),
                };
                REQUESTS
                    .settle(store, tenant, &request_id, RequestStatus::Failed.as_str(), &said)
                    .await
                    .map_err(fault)?;
                Ok(Outcome::Refused(said))
            }
            None => {
                REQUESTS.reopen(store, tenant, &request_id).await.map_err(fault)?;
                Err(authed.fail(err).await)
            }
        },
    }
}

pub async fn decline(request_id: String, reason: String) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let request = load(&authed, &request_id).await?;
    if let Some(problem) = reason_problem(&reason) {
        return Ok(Outcome::invalid("reason", problem));
    }
    if request.status != RequestStatus::Pending {
        return Ok(Outcome::Refused(no_longer_pending(request.status)));
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
    let target = audit_target(&request.money(), &request.from_label, &request.to_label);
    let target = format!("{target}; reason: {}", reason.trim());
    authed.record("transfer.decline", target, "ok").await;
    Ok(Outcome::Done(()))
}
