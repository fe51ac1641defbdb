//! Wallets on the server: eligibility and the PCI rule from Eclipse, one wallet per retry key.
use super::{
    parse_day, validate_tx_query, validate_wallet_form, BalancePoint, CustomerWallet, TxPage,
    TxQuery, WalletChoices, WalletCreated, WalletDetail, WalletForm, WALLET_STATUSES,
};
use crate::{
    auth::ssr::{require, FormErrors},
    cards::{physical_identifier, ssr::status_changed},
    eclipse::{
        models::{NewWallet, Wallet, WalletStatus},
        positions::Capability,
        ErrorCode,
    },
    error::{AppError, Outcome},
};

pub async fn of_customer(customer_id: i64) -> Result<Vec<CustomerWallet>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let (wallets, types) =
        tokio::join!(authed.eclipse.customer_wallets(customer_id), authed.eclipse.wallet_types());
    let (wallets, types) = (authed.answer(wallets).await?, authed.answer(types).await?);
    Ok(wallets
        .into_iter()
        .map(|wallet| {
            let type_name = types
                .iter()
                .find(|t| t.wallet_type_id == wallet.wallet_type_id)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            CustomerWallet { wallet, type_name }
        })
        .collect())
}

pub async fn options(customer_id: i64) -> Result<WalletChoices, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let e = &authed.eclipse;
    let (eligible, customer, pci) = tokio::join!(
        e.eligible_wallet_types(customer_id),
        e.customer(customer_id),
        e.setting("pciCompliant")
    );
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

pub async fn create(
    customer_id: i64,
    form: WalletForm,
    key: String,
) -> Result<Outcome<WalletCreated>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    crate::validate::require_retry_key(&key)?;
    create_as(&authed, customer_id, form, &key).await
}

/// Creates the wallet under `wallet-{key}`: a repeat of the same key finds the first attempt's wallet.
pub async fn create_as(
    authed: &crate::auth::ssr::Authed,
    customer_id: i64,
    form: WalletForm,
    key: &str,
) -> Result<Outcome<WalletCreated>, AppError> {
    let pci = authed.answer(authed.eclipse.setting("pciCompliant").await).await? == "true";
    let errors = validate_wallet_form(&form, pci);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let physical =
        (form.card == "physical").then(|| physical_identifier(&form.identify_by, &form.identifier));
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
    let result =
        e.created_once(first, &format!("/customers/{customer_id}/wallets"), &external_id).await;
    authed
        .audit(
            "wallet.create",
            format!("customer {customer_id} type {}", form.wallet_type_id),
            &result,
        )
        .await;
    if let Err(err) = &result {
        if err.is(ErrorCode::NotAllowedInStatus) {
            let why = err.problem().map(|p| p.description).unwrap_or_default();
            return Ok(Outcome::Refused(format!("Eclipse refused the wallet: {why}.")));
        }
    }
    match authed
        .outcome(
            result,
            &FormErrors {
                field: form_field,
                duplicate: ("form", "This wallet was already created."),
            },
        )
        .await?
    {
        Outcome::Done(wallet) => {
            let cards = authed.answer(e.wallet_cards(wallet.wallet_id).await).await?;
            Ok(Outcome::Done(WalletCreated { wallet, cards }))
        }
        Outcome::Invalid(errors) => Ok(Outcome::Invalid(errors)),
        Outcome::Refused(why) => Ok(Outcome::Refused(why)),
        Outcome::Conflict(_) => Ok(Outcome::Refused("The wallet changed meanwhile.".into())),
    }
}

async fn load_wallet(
    authed: &crate::auth::ssr::Authed,
    wallet_id: i64,
) -> Result<Wallet, AppError> {
    match authed.eclipse.wallet(wallet_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => Err(AppError::NotFound),
        other => authed.answer(other).await,
    }
}

pub async fn detail(wallet_id: i64) -> Result<WalletDetail, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let wallet = load_wallet(&authed, wallet_id).await?;
    let e = &authed.eclipse;
    let (kind, owner, reservations, withdrawals, cards, pci) = tokio::join!(
        e.wallet_type(wallet.wallet_type_id),
        e.customer(wallet.customer_id),
        e.wallet_reservations(wallet_id),
        e.wallet_withdrawals(wallet_id),
        e.wallet_cards(wallet_id),
        e.setting("pciCompliant")
    );
    let kind = authed.answer(kind).await?;
    Ok(WalletDetail {
        type_name: kind.name.clone(),
        deposits_when_barred: kind
            .configuration
            .iter()
            .any(|a| a.att == "barredWalletsAllowDeposits" && a.val.trim() == "true"),
        owner: authed.answer(owner).await?.full_name(),
        reservations: authed.answer(reservations).await?,
        withdrawals: authed.answer(withdrawals).await?,
        cards: authed.answer(cards).await?,
        pci_compliant: authed.answer(pci).await? == "true",
        wallet,
    })
}

/// A day as typed, as the instant Eclipse filters by: its start, in UTC (the portal shows UTC throughout,
/// so the day the user typed is the day they get).
fn day_start(day: chrono::NaiveDate) -> String {
    crate::eclipse::timestamps::format(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
}

/// Eclipse's filter for a query as typed: the days' UTC starts (the end day included), and the type.
fn tx_params(query: &TxQuery, offset: u32, limit: u32) -> crate::eclipse::models::ListParams {
    let mut filters = vec![];
    if let Some(from) = parse_day(&query.from) {
        filters.push(("dateFromIncl".to_owned(), day_start(from)));
    }
    if let Some(to) = parse_day(&query.to).and_then(|d| d.succ_opt()) {
        filters.push(("dateToExcl".to_owned(), day_start(to)));
    }
    filters.push(("type".to_owned(), query.kind.trim().to_owned()));
    crate::eclipse::models::ListParams { offset, limit, sort: None, filters }
}

/// How many transactions the balance chart and a CSV download take at most.
const HISTORY_MAX: u32 = 1000;

pub async fn transactions(wallet_id: i64, query: TxQuery) -> Result<Outcome<TxPage>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let errors = validate_tx_query(&query);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let e = &authed.eclipse;
    let page_params = tx_params(&query, query.offset, crate::ui::table::PAGE_SIZE);
    // The chart follows the balance over the whole period, whatever the type filter.
    let history_params =
        tx_params(&TxQuery { kind: String::new(), ..query.clone() }, 0, HISTORY_MAX);
    let (page, history) = tokio::join!(
        e.wallet_transactions(wallet_id, &page_params),
        e.wallet_transactions(wallet_id, &history_params)
    );
    let page = authed.answer(page).await?;
    let mut points: Vec<BalancePoint> = authed
        .answer(history)
        .await?
        .items
        .into_iter()
        .map(|t| BalancePoint { date: t.date, balance: t.balance })
        .collect();
    points.reverse();
    Ok(Outcome::Done(TxPage { rows: page.items, total: page.total, points }))
}

#[derive(serde::Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default, rename = "type")]
    kind: String,
}

/// `GET /wallets/{id}/transactions.csv`: the transactions of the page's period and type, oldest first.
pub async fn transactions_csv(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    session: tower_sessions::Session,
    axum::extract::Path(wallet_id): axum::extract::Path<i64>,
    axum::extract::Query(q): axum::extract::Query<CsvQuery>,
) -> Result<axum::response::Response, AppError> {
    let authed = crate::auth::ssr::require_in(&state, session, Capability::ReadBasics).await?;
    let query = TxQuery { from: q.from, to: q.to, kind: q.kind, offset: 0 };
    let errors = validate_tx_query(&query);
    if let Some(first) = errors.0.first() {
        return Err(AppError::BadRequest(format!("{}: {}", first.field, first.message)));
    }
    let rows = authed
        .eclipse
        .wallet_transactions(wallet_id, &tx_params(&query, 0, HISTORY_MAX))
        .await?
        .items;
    let body = crate::csv::table(
        "date,transaction_id,type,description,amount,currency,balance",
        rows.into_iter().rev().map(|t| {
            vec![
                crate::eclipse::timestamps::format(t.date),
                t.transaction_id,
                t.kind,
                t.description,
                format!("{:.2}", t.amount),
                t.currency,
                format!("{:.2}", t.balance),
            ]
        }),
    );
    Ok(crate::csv::download(&format!("wallet-{wallet_id}-transactions.csv"), body))
}

pub async fn set_status(
    wallet_id: i64,
    status: String,
    reason: String,
) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let wallet = load_wallet(&authed, wallet_id).await?;
    let allowed: Vec<&str> = WALLET_STATUSES.iter().map(|(s, _, _)| *s).collect();
    let errors = crate::ui::status_change::validate_status_change(
        wallet.status.as_str(),
        &status,
        &reason,
        &allowed,
    );
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let update = crate::eclipse::models::WalletUpdate {
        status: WalletStatus::parse(&status),
        reason: Some(reason.trim().to_owned()),
        ..Default::default()
    };
    let result = authed.eclipse.update_wallet(wallet_id, &update).await;
    let refusals = [ErrorCode::NotAllowedInStatus];
    let what = format!("wallet {wallet_id}");
    status_changed(
        &authed,
        "wallet.status",
        what,
        wallet.status.as_str(),
        &status,
        result,
        &refusals,
    )
    .await
}
