//! Cards on the server.
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, Authed, FormErrors},
    cards::{CARD_STATUSES, PIN_REASON_MAX},
    eclipse::{
        client::EclipseError,
        models::{Card, CardStatus, CardUpdate, PinReset},
        positions::Capability,
    },
    error::{AppError, Outcome},
    ui::status_change::validate_status_change,
};

pub async fn of_customer(customer_id: i64) -> Result<Vec<Card>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    authed.answer(authed.eclipse.customer_cards(customer_id).await).await
}

pub async fn set_status(
    card_id: i64,
    status: String,
    reason: String,
) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let card = match authed.eclipse.card(card_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => return Err(AppError::NotFound),
        other => authed.answer(other).await?,
    };
    let allowed: Vec<&str> = CARD_STATUSES.iter().map(|(s, _, _)| *s).collect();
    let errors = validate_status_change(card.status.as_str(), &status, &reason, &allowed);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let update = CardUpdate {
        status: CardStatus::parse(&status).expect("validated"),
        reason: Some(reason.trim().to_owned()),
    };
    let result = authed.eclipse.update_card(card_id, &update).await;
    // Only TENANT_SYSTEM takes a card out of BLOCKED: a rule the page explains, not a fault.
    let refusals = [ErrorCode::Forbidden, ErrorCode::NotAllowedInStatus];
    let what = format!("card {card_id}");
    status_changed(&authed, "card.status", what, card.status.as_str(), &status, result, &refusals)
        .await
}

/// The end of a status change, a card's or a wallet's: the audit line (`what` is "card 12"), then Eclipse's
/// answer, in which an error with one of the `refusals` codes is a rule the page explains, not a fault.
pub async fn status_changed<T>(
    authed: &Authed,
    action: &str,
    what: String,
    from: &str,
    to: &str,
    result: Result<T, EclipseError>,
    refusals: &[ErrorCode],
) -> Result<Outcome<()>, AppError> {
    authed.audit(action, format!("{what} {from} -> {to}"), &result).await;
    match result {
        Err(err) if refusals.iter().any(|code| err.is(code.clone())) => {
            Ok(Outcome::Refused(err.problem().map(|p| p.description).unwrap_or_default()))
        }
        other => authed.answer(other).await.map(|_| Outcome::Done(())),
    }
}

pub async fn link(
    wallet_id: i64,
    form: crate::cards::link::CardLinkForm,
    key: String,
) -> Result<Outcome<Card>, AppError> {
    use crate::{
        cards::link::validate_card_link,
        eclipse::models::{CardOperation, NewCard},
    };
    let authed = require(Capability::ChangeStatus).await?;
    crate::validate::require_retry_key(&key)?;
    let pci = authed.answer(authed.eclipse.setting("pciCompliant").await).await? == "true";
    let errors = validate_card_link(&form, pci);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let external_id = format!("card-{key}");
    let card = NewCard {
        external_unique_id: Some(external_id.clone()),
        physical_card_identifier: (form.card == "physical")
            .then(|| crate::cards::physical_identifier(&form.identify_by, &form.identifier)),
        card_type: form.card.clone(),
        operation_type: CardOperation::parse(&form.operation),
        ..Default::default()
    };
    let e = &authed.eclipse;
    let first = e.link_card(wallet_id, &card).await;
    let result = e.created_once(first, &format!("/wallets/{wallet_id}/cards"), &external_id).await;
    authed
        .audit("card.link", format!("wallet {wallet_id} {} {}", form.card, form.operation), &result)
        .await;
    if let Err(err) = &result {
        if err.is(ErrorCode::NotAllowedInStatus) {
            return Ok(Outcome::Refused(err.problem().map(|p| p.description).unwrap_or_default()));
        }
    }
    authed
        .outcome(
            result,
            &FormErrors { field: link_field, duplicate: ("card", "This card is already linked.") },
        )
        .await
}

/// The form's field for a field Eclipse refuses.
fn link_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "pan" | "qrCode" | "packId" | "physicalCardIdentifier" => "identifier",
        "operationType" => "operation",
        _ => "card",
    }
}

pub async fn reset_pin(card_id: i64, reason: String) -> Result<Outcome<PinReset>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    if let Some(problem) = crate::validate::reason_problem(&reason, PIN_REASON_MAX) {
        return Ok(Outcome::invalid("reason", problem));
    }
    let card = match authed.eclipse.card(card_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => return Err(AppError::NotFound),
        other => authed.answer(other).await?,
    };
    let result = authed.eclipse.reset_card_pin(card_id).await;
    let target = format!("card {card_id} ({}); reason: {}", card.masked_pan, reason.trim());
    authed.audit("card.pin-reset", target, &result).await;
    match result {
        // A blocked card, a customer without a phone, too many resets today: Eclipse's words for the page.
        Err(err) if err.is(ErrorCode::NotAllowedInStatus) || err.is(ErrorCode::Validation) => {
            let said = err.problem().map(|p| p.said()).unwrap_or_default();
            Ok(Outcome::Refused(format!("Eclipse refused the PIN reset: {said}")))
        }
        other => authed.answer(other).await.map(Outcome::Done),
    }
}
