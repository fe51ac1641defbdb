//! Server side of wallet types: the guard, the rules again, the version check, and the calls to Eclipse.
use super::{is_known_attribute, validate_wallet_type, WalletTypeForm, WalletTypeRow};
use crate::{
    auth::ssr::{require, Authed, FormErrors},
    eclipse::{
        client::EclipseError,
        models::{Page, WalletType},
        positions::Capability,
        ErrorCode,
    },
    error::{AppError, Outcome},
    ui::table::ListQuery,
};
use futures_util::future::try_join_all;

fn form_field(eclipse_field: &str) -> &str {
    if eclipse_field == "name" || is_known_attribute(eclipse_field) {
        eclipse_field
    } else {
        "form"
    }
}

const FORM: FormErrors = FormErrors {
    field: form_field,
    duplicate: ("name", "A wallet type with these details already exists."),
};

/// Every type of the tenant with its wallet count; the counts are asked for concurrently.
async fn rows(authed: &Authed) -> Result<Vec<WalletTypeRow>, EclipseError> {
    let types = authed.eclipse.wallet_types().await?;
    let counts =
        try_join_all(types.iter().map(|t| authed.eclipse.wallet_count_of_type(t.wallet_type_id)))
            .await?;
    Ok(types
        .into_iter()
        .zip(counts)
        .map(|(wallet_type, wallets)| WalletTypeRow { wallet_type, wallets })
        .collect())
}

fn sort(rows: &mut [WalletTypeRow], key: &str, desc: bool) {
    rows.sort_by(|a, b| {
        let (x, y) = (&a.wallet_type, &b.wallet_type);
        let order = match key {
            "mode" => x.mode.as_str().cmp(y.mode.as_str()),
            "currency" => x.attribute("Currency").cmp(&y.attribute("Currency")),
            "kyc" => x.kyc_level().cmp(&y.kyc_level()),
            "wallets" => a.wallets.cmp(&b.wallets),
            _ => std::cmp::Ordering::Equal,
        };
        order.then_with(|| x.name.to_lowercase().cmp(&y.name.to_lowercase()))
    });
    if desc {
        rows.reverse();
    }
}

pub async fn list(query: ListQuery) -> Result<Page<WalletTypeRow>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let mut all = authed.answer(rows(&authed).await).await?;
    let needle = query.q.trim().to_lowercase();
    all.retain(|r| needle.is_empty() || r.wallet_type.name.to_lowercase().contains(&needle));
    sort(&mut all, &query.sort, query.desc);
    let total = all.len() as u64;
    let limit = query.limit.clamp(1, 100);
    let items = all.into_iter().skip(query.offset as usize).take(limit as usize).collect();
    Ok(Page { items, offset: query.offset, limit, total: Some(total) })
}

async fn load(authed: &Authed, wallet_type_id: i64) -> Result<WalletType, AppError> {
    match authed.eclipse.wallet_type(wallet_type_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => Err(AppError::NotFound),
        other => authed.answer(other).await,
    }
}

pub async fn get(wallet_type_id: i64) -> Result<WalletTypeRow, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let wallet_type = load(&authed, wallet_type_id).await?;
    let wallets = authed.answer(authed.eclipse.wallet_count_of_type(wallet_type_id).await).await?;
    Ok(WalletTypeRow { wallet_type, wallets })
}

pub async fn save(form: WalletTypeForm) -> Result<Outcome<WalletType>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let errors = validate_wallet_type(&form);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let write = form.to_write();
    let Some(id) = form.wallet_type_id else {
        let result = authed.eclipse.create_wallet_type(&write).await;
        authed.audit("wallet-type.create", write.name.clone(), &result).await;
        return authed.outcome(result, &FORM).await;
    };
    if write.version.is_none() {
        return Err(AppError::BadRequest("An update needs the version it is based on.".into()));
    }
    let result = authed.eclipse.update_wallet_type(id, &write).await;
    authed.audit("wallet-type.update", format!("wallet type {id}"), &result).await;
    match result {
        Err(err) if err.is(ErrorCode::StaleVersion) => Ok(Outcome::Conflict(load(&authed, id).await?)),
        Err(err) if err.is(ErrorCode::NotFound) => {
            Ok(Outcome::Refused("This wallet type has been deleted by someone else; create it again if it is still needed.".into()))
        }
        other => authed.outcome(other, &FORM).await,
    }
}

pub async fn delete(wallet_type_id: i64) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let result = authed.eclipse.delete_wallet_type(wallet_type_id).await;
    authed.audit("wallet-type.delete", format!("wallet type {wallet_type_id}"), &result).await;
    match result {
        Err(err) if err.is(ErrorCode::NotAllowedInStatus) => {
            let count = authed.eclipse.wallet_count_of_type(wallet_type_id).await.ok();
            let users = match count {
                Some(1) => "1 wallet uses this type".to_owned(),
                Some(n) => format!("{n} wallets use this type"),
                None => "Wallets use this type".to_owned(),
            };
            Ok(Outcome::Refused(format!(
                "{users}, so it cannot be deleted. Close or move those wallets first."
            )))
        }
        Err(err) if err.is(ErrorCode::NotFound) => Ok(Outcome::Done(())),
        other => authed.outcome(other, &FORM).await,
    }
}
