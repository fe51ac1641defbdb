//! Wallets on the server: eligibility and the PCI rule from Eclipse, one wallet per retry key.
use super::*;
use crate::{
    auth::ssr::require,
    eclipse::{
        models::{NewWallet, PhysicalCardIdentifier},
        positions::Capability,
    },
};

pub async fn of_customer(customer_id: i64) -> Result<Vec<CustomerWallet>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let (wallets, types) = tokio::join!(authed.eclipse.customer_wallets(customer_id), authed.eclipse.wallet_types());
    let (wallets, types) = (authed.answer(wallets).await?, authed.answer(types).await?);
    Ok(wallets
        .into_iter()
        .map(|wallet| {
            let type_name = types.iter().find(|t| t.wallet_type_id == wallet.wallet_type_id).map(|t| t.name.clone()).unwrap_or_default();
            CustomerWallet { wallet, type_name }
        })
        .collect())
}

pub async fn options(customer_id: i64) -> Result<WalletChoices, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let e = &authed.eclipse;
    let (eligible, customer, pci) = tokio::join!(e.eligible_wallet_types(customer_id), e.customer(customer_id), e.setting("pciCompliant"));
    Ok(WalletChoices {
        eligible: authed.answer(eligible).await?,
        kyc_level: authed.answer(customer).await?.kyc_level,
        pci_compliant: authed.answer(pci).await? == "true",
    })
}

fn form_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "walletTypeId" => "wallet_type_id",
        "name" => "name",
        "primaryPhysicalCardIdentifier" | "pan" | "qrCode" | "packId" => "identifier",
        _ => "form",
    }
}

pub async fn create(customer_id: i64, form: WalletForm, key: String) -> Result<Outcome<WalletCreated>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    if !crate::customers::documents::is_upload_key(&key) {
        return Err(AppError::BadRequest("The request carries no valid retry key.".into()));
    }
    create_as(&authed, customer_id, form, &key).await
}

/// Creates the wallet under `wallet-{key}`: a repeat of the same key finds the first attempt's wallet.
pub async fn create_as(authed: &crate::auth::ssr::Authed, customer_id: i64, form: WalletForm, key: &str) -> Result<Outcome<WalletCreated>, AppError> {
    let pci = authed.answer(authed.eclipse.setting("pciCompliant").await).await? == "true";
    let errors = validate_wallet_form(&form, pci);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let identifier = form.identifier.trim().replace(' ', "");
    let physical = (form.card == "physical").then(|| match form.identify_by.as_str() {
        "pan" => PhysicalCardIdentifier { pan: Some(identifier.clone()), ..Default::default() },
        "packId" => PhysicalCardIdentifier { pack_id: Some(identifier.clone()), ..Default::default() },
        _ => PhysicalCardIdentifier { qr_code: Some(identifier.clone()), ..Default::default() },
    });
    let external_id = format!("wallet-{key}");
    let wallet = NewWallet {
        external_unique_id: external_id.clone(),
        wallet_type_id: form.wallet_type_id,
        name: Some(form.name.trim().to_owned()).filter(|n| !n.is_empty()),
        card_type: (form.card != "none").then(|| form.card.clone()),
        primary_physical_card_identifier: physical,
        ..Default::default()
    };
    let e = &authed.eclipse;
    let first = e.create_wallet(customer_id, &wallet).await;
    let result = e.created_once(first, &format!("/customers/{customer_id}/wallets"), &external_id).await;
    authed.audit("wallet.create", format!("customer {customer_id} type {}", form.wallet_type_id), &result).await;
    if let Err(err) = &result {
        if err.code() == Some("STA001") {
            let why = err.problem().map(|p| p.description).unwrap_or_default();
            return Ok(Outcome::Refused(format!("Eclipse refused the wallet: {why}.")));
        }
    }
    match authed.outcome(result, form_field, ("form", "This wallet was already created.")).await? {
        Outcome::Done(wallet) => {
            let cards = authed.answer(e.wallet_cards(wallet.wallet_id).await).await?;
            Ok(Outcome::Done(WalletCreated { wallet, cards }))
        }
        Outcome::Invalid(errors) => Ok(Outcome::Invalid(errors)),
        Outcome::Refused(why) => Ok(Outcome::Refused(why)),
        Outcome::Conflict(_) => Ok(Outcome::Refused("The wallet changed meanwhile.".into())),
    }
}
