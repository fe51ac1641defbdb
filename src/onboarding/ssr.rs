//! Drafts in the portal's store, and each step's calls to Eclipse. Every function checks the session and
//! the position, and only ever reads or writes drafts of the caller's own tenant.
use super::step_href;
use super::validate_onboarding_details;
use super::DetailsAnswer;
use super::Draft;
use super::DraftData;
use super::Step;
use super::DRAFT_LIFETIME_DAYS;
use crate::customers::addresses::AddressForm;
use crate::customers::ProfileEdit;
use crate::error::AppError;
use crate::error::Outcome;
use crate::{
    auth::ssr::{require, Authed},
    customers::{
        addresses::ssr as addresses,
        ssr::{create, possible_duplicates, save_profile},
    },
    eclipse::{positions::Capability, timestamps},
    store::Store,
};
use rand::Rng;

fn new_key() -> String {
    format!("{:016x}{:04x}", rand::thread_rng().gen::<u64>(), rand::thread_rng().gen::<u16>())
}

#[derive(sqlx::FromRow)]
struct Row {
    draft_id: String,
    started_by: String,
    #[sqlx(try_from = "crate::store::StoredTime")]
    started_at: chrono::DateTime<chrono::Utc>,
    updated_by: String,
    #[sqlx(try_from = "crate::store::StoredTime")]
    updated_at: chrono::DateTime<chrono::Utc>,
    step: String,
    data: String,
}

impl Row {
    fn draft(self) -> Option<Draft> {
        Some(Draft {
            draft_id: self.draft_id,
            started_by: self.started_by,
            started_at: self.started_at,
            updated_by: self.updated_by,
            updated_at: self.updated_at,
            step: Step::parse(&self.step)?,
            data: serde_json::from_str(&self.data).ok()?,
        })
    }
}

const COLUMNS: &str = "draft_id, started_by, started_at, updated_by, updated_at, step, data";

/// The oldest last change a draft may have and still be kept.
fn oldest_kept() -> String {
    timestamps::format(chrono::Utc::now() - chrono::Duration::days(DRAFT_LIFETIME_DAYS))
}

/// Deletes drafts untouched for `DRAFT_LIFETIME_DAYS` (finished or not). The fleet's housekeeping calls it.
pub async fn purge(store: &Store) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM onboarding_drafts WHERE updated_at < $1")
        .bind(oldest_kept())
        .execute(&store.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The tenant's onboardings started since `since`, each as (the step it is at, its last change, finished), and
/// how many drafts were discarded since then (their rows are gone; the audit log keeps the discard).
pub async fn started_since(
    store: &Store,
    tenant_id: i64,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<(Step, chrono::DateTime<chrono::Utc>, bool)>, u64), sqlx::Error> {
    let since = timestamps::format(since);
    let rows: Vec<(String, crate::store::StoredTime, Option<String>)> = sqlx::query_as(
        "SELECT step, updated_at, finished_at FROM onboarding_drafts WHERE tenant_id = $1 AND started_at >= $2",
    )
    .bind(tenant_id)
    .bind(&since)
    .fetch_all(&store.pool)
    .await?;
    let discarded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'onboarding.discard' AND at >= $2",
    )
    .bind(tenant_id)
    .bind(&since)
    .fetch_one(&store.pool)
    .await?;
    let drafts = rows
        .into_iter()
        .filter_map(|(step, updated_at, finished_at)| {
            let updated_at = chrono::DateTime::try_from(updated_at).ok()?;
            Some((Step::parse(&step)?, updated_at, finished_at.is_some()))
        })
        .collect();
    Ok((drafts, discarded as u64))
}

async fn load(authed: &Authed, draft_id: &str) -> Result<Draft, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM onboarding_drafts WHERE draft_id = $1 AND tenant_id = $2"
    ))
    .bind(draft_id)
    .bind(authed.data.tenant_id)
    .fetch_optional(&authed.state.store.pool)
    .await
    .map_err(crate::store::fault)?;
    row.and_then(Row::draft).ok_or(AppError::NotFound)
}

async fn store(authed: &Authed, draft: &mut Draft) -> Result<(), AppError> {
    draft.updated_by = authed.data.identity.clone();
    draft.updated_at = chrono::Utc::now();
    let updated_at = timestamps::format(draft.updated_at);
    let data = serde_json::to_string(&draft.data)
        .map_err(|e| crate::store::fault(sqlx::Error::Decode(Box::new(e))))?;
    let finished = (draft.step == Step::Done).then_some(&updated_at);
    sqlx::query("UPDATE onboarding_drafts SET updated_by = $1, updated_at = $2, step = $3, data = $4, finished_at = $5 WHERE draft_id = $6 AND tenant_id = $7")
        .bind(&draft.updated_by)
        .bind(&updated_at)
        .bind(draft.step.key())
        .bind(data)
        .bind(finished)
        .bind(&draft.draft_id)
        .bind(authed.data.tenant_id)
        .execute(&authed.state.store.pool)
        .await
        .map_err(crate::store::fault)?;
    Ok(())
}

pub async fn list() -> Result<Vec<Draft>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    // Drafts past their lifetime wait for the housekeeping's purge (every ten minutes), hidden meanwhile.
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM onboarding_drafts WHERE tenant_id = $1 AND finished_at IS NULL AND updated_at >= $2 ORDER BY updated_at DESC LIMIT 200"
    ))
    .bind(authed.data.tenant_id)
    .bind(oldest_kept())
    .fetch_all(&authed.state.store.pool)
    .await
    .map_err(crate::store::fault)?;
    Ok(rows.into_iter().filter_map(Row::draft).collect())
}

pub async fn start() -> Result<String, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let now = timestamps::now();
    let data = DraftData {
        customer_key: new_key(),
        address_key: new_key(),
        wallet_key: new_key(),
        ..Default::default()
    };
    let draft_id = new_key();
    sqlx::query(
        "INSERT INTO onboarding_drafts (draft_id, tenant_id, started_by, started_at, updated_by, updated_at, step, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&draft_id)
    .bind(authed.data.tenant_id)
    .bind(&authed.data.identity)
    .bind(&now)
    .bind(&authed.data.identity)
    .bind(&now)
    .bind(Step::Details.key())
    .bind(serde_json::to_string(&data).unwrap_or_default())
    .execute(&authed.state.store.pool)
    .await
    .map_err(crate::store::fault)?;
    // Without JavaScript the form post follows this redirect; with it, the page navigates itself.
    leptos_axum::redirect(&step_href(&draft_id, Step::Details, None));
    Ok(draft_id)
}

pub async fn get(draft_id: String) -> Result<Draft, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    load(&authed, &draft_id).await
}

pub async fn save_details(
    draft_id: String,
    details: ProfileEdit,
    not_a_duplicate: bool,
) -> Result<Outcome<DetailsAnswer>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let mut draft = load(&authed, &draft_id).await?;
    let errors = validate_onboarding_details(&details);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let saved = match draft.data.customer_id {
        // Created already: the details are an edit of that customer, from the version the draft knows.
        Some(customer_id) => {
            let edit =
                ProfileEdit { customer_id, version: draft.data.details.version, ..details.clone() };
            match save_profile(&authed, edit).await? {
                Outcome::Done(customer) => customer,
                Outcome::Conflict(latest) => {
                    draft.data.details = ProfileEdit::of(&latest);
                    store(&authed, &mut draft).await?;
                    return Ok(Outcome::Refused(
                        "Someone changed this customer meanwhile. Reload to see their latest details, then make your change again.".into(),
                    ));
                }
                Outcome::Invalid(e) => return Ok(Outcome::Invalid(e)),
                Outcome::Refused(why) => return Ok(Outcome::Refused(why)),
            }
        }
        None => {
            // Keep what was typed before anything else can fail.
            draft.data.details = details.clone();
            store(&authed, &mut draft).await?;
            let external_id = format!("cust-{}", draft.data.customer_key);
            if !not_a_duplicate {
                let found = possible_duplicates(&authed, &details, &external_id).await?;
                if !found.is_empty() {
                    return Ok(Outcome::Done(DetailsAnswer::PossibleDuplicates(found)));
                }
            }
            match create(&authed, &details, &external_id).await? {
                Outcome::Done(customer) => customer,
                Outcome::Invalid(e) => return Ok(Outcome::Invalid(e)),
                Outcome::Refused(why) => return Ok(Outcome::Refused(why)),
                Outcome::Conflict(_) => {
                    return Ok(Outcome::Refused(
                        "The customer changed meanwhile; try again.".into(),
                    ))
                }
            }
        }
    };
    draft.data.customer_id = Some(saved.customer_id);
    draft.data.details = ProfileEdit::of(&saved);
    draft.step = draft.step.max(Step::Address);
    store(&authed, &mut draft).await?;
    Ok(Outcome::Done(DetailsAnswer::Saved(Box::new(draft))))
}

fn customer_of(draft: &Draft) -> Result<i64, AppError> {
    draft
        .data
        .customer_id
        .ok_or_else(|| AppError::BadRequest("Save the customer's details first.".into()))
}

pub async fn save_address(
    draft_id: String,
    address: AddressForm,
) -> Result<Outcome<Draft>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let mut draft = load(&authed, &draft_id).await?;
    let customer_id = customer_of(&draft)?;
    draft.data.address = address.clone();
    store(&authed, &mut draft).await?;
    let key = format!("addr-{}", draft.data.address_key);
    match addresses::save_as(&authed, customer_id, draft.data.address_id, &address, Some(&key))
        .await?
    {
        Outcome::Done(saved) => {
            draft.data.address_id = Some(saved.address_id);
            draft.step = draft.step.max(Step::Documents);
            store(&authed, &mut draft).await?;
            Ok(Outcome::Done(draft))
        }
        Outcome::Invalid(e) => Ok(Outcome::Invalid(e)),
        Outcome::Refused(why) => Ok(Outcome::Refused(why)),
        Outcome::Conflict(_) => {
            Ok(Outcome::Refused("The address changed meanwhile; try again.".into()))
        }
    }
}

pub async fn advance(draft_id: String, from: Step) -> Result<Draft, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let mut draft = load(&authed, &draft_id).await?;
    customer_of(&draft)?;
    if !matches!(from, Step::Documents | Step::Ratify) || from > draft.step {
        return Err(AppError::BadRequest("That step cannot be skipped.".into()));
    }
    draft.step = draft.step.max(from.next());
    store(&authed, &mut draft).await?;
    Ok(draft)
}

pub async fn create_wallet(
    draft_id: String,
    form: crate::wallets::WalletForm,
) -> Result<Outcome<crate::wallets::WalletCreated>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let mut draft = load(&authed, &draft_id).await?;
    let customer_id = customer_of(&draft)?;
    if draft.step < Step::Wallet {
        return Err(AppError::BadRequest("Run the KYC check before creating the wallet.".into()));
    }
    let outcome =
        crate::wallets::ssr::create_as(&authed, customer_id, form, &draft.data.wallet_key).await?;
    if let Outcome::Done(created) = &outcome {
        draft.data.wallet = Some((created.wallet.wallet_id, created.wallet.friendly_id.clone()));
        draft.step = Step::Done;
        store(&authed, &mut draft).await?;
    }
    Ok(outcome)
}

pub async fn discard(draft_id: String) -> Result<(), AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let draft = load(&authed, &draft_id).await?;
    sqlx::query("DELETE FROM onboarding_drafts WHERE draft_id = $1 AND tenant_id = $2")
        .bind(&draft.draft_id)
        .bind(authed.data.tenant_id)
        .execute(&authed.state.store.pool)
        .await
        .map_err(crate::store::fault)?;
    authed
        .state
        .store
        .audit(crate::store::AuditEntry {
            tenant_id: Some(authed.data.tenant_id),
            customer_id: None,
            actor: &authed.data.identity,
            action: "onboarding.discard",
            target: Some(format!("draft {} ({})", draft.draft_id, draft.name())),
            result: "ok",
            trace_id: None,
        })
        .await;
    Ok(())
}
