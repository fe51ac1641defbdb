//! Disbursements on the server: the file checked whole against Eclipse and the store, kept when nothing is
//! wrong, started (or asked of a second admin), approved, declined, resumed, and its result file.
use super::{
    file::{self, FileRow},
    records::{self, NewBatch, RunFrom},
    runner::Runner,
    Batch, BatchCheck, BatchPage, BatchStatus, LineError, ERRORS_SHOWN,
};
use crate::state::AppState;
use crate::{
    auth::ssr::{require, Authed},
    eclipse::{
        amount::Minor,
        currencies,
        models::{Wallet, WalletStatus},
        positions::Capability,
    },
    error::{AppError, Outcome},
    store::{fault, four_eyes::decided_meanwhile},
    transfers::{
        parse_wallet_ref, reason_problem,
        ssr::{approval_rule, wallet_named, wallet_or_none},
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use futures_util::{stream, StreamExt};
use std::collections::HashMap;
use tower_sessions::Session;

/// Receiving wallets read from Eclipse at once while a file is checked.
const WALLET_READS_AT_ONCE: usize = 8;

/// A batch's id: random, so one tenant cannot guess another's (the tenant is checked too).
fn new_batch_id() -> String {
    use rand::Rng;
    format!("{:016x}", rand::thread_rng().gen::<u64>())
}

/// Why each distinct receiving wallet cannot take money from `source`, by wallet id.
async fn receiving_problems(
    authed: &Authed,
    source: &Wallet,
    rows: &[FileRow],
) -> Result<HashMap<i64, String>, AppError> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.to_wallet_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let read: Vec<(i64, Result<Option<Wallet>, AppError>)> = stream::iter(ids)
        .map(|id| async move { (id, wallet_or_none(authed, id).await) })
        .buffer_unordered(WALLET_READS_AT_ONCE)
        .collect()
        .await;
    let mut problems = HashMap::new();
    for (id, wallet) in read {
        let problem = match wallet? {
            None => Some(format!("toWalletId: no wallet of this tenant has id {id}.")),
            Some(w) if w.status != WalletStatus::Active => Some(format!(
                "toWalletId: wallet {} is {}: it cannot receive.",
                w.friendly_id,
                w.status.as_str()
            )),
            Some(w) if w.currency != source.currency => Some(format!(
                "toWalletId: wallet {} holds {}; the money leaves in {}.",
                w.friendly_id, w.currency, source.currency
            )),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            problems.insert(id, problem);
        }
    }
    Ok(problems)
}

pub async fn check(
    source: String,
    file_name: String,
    csv: String,
) -> Result<Outcome<BatchCheck>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let file_name = file_name.trim().chars().take(120).collect::<String>();
    let source_wallet = match parse_wallet_ref(&source) {
        Some(named) => wallet_named(&authed, named).await?,
        None => return Ok(Outcome::invalid("source", "A wallet id (digits) or friendly id.")),
    };
    let Some(source) = source_wallet else {
        return Ok(Outcome::invalid(
            "source",
            "No wallet of this tenant has this id or friendly id.",
        ));
    };
    if source.status != WalletStatus::Active {
        let why = format!(
            "Wallet {} is {}: Eclipse allows no debit from it.",
            source.friendly_id,
            source.status.as_str()
        );
        return Ok(Outcome::invalid("source", why));
    }
    let decimals = currencies::decimals(&source.currency).unwrap_or(2);
    let (rows, mut errors) = match file::read(&csv, decimals, source.wallet_id) {
        Ok(read) => read,
        Err(why) => return Ok(Outcome::invalid("file", why)),
    };
    let tenant_id = authed.data.tenant_id;
    let ids: Vec<&str> = rows.iter().map(|r| r.external_unique_id.as_str()).collect();
    let used = records::used_before(&authed.state.store, tenant_id, &ids).await.map_err(fault)?;
    let wallets = receiving_problems(&authed, &source, &rows).await?;
    let mut ready = Vec::with_capacity(rows.len());
    for row in rows {
        let mut problems = vec![];
        if let Some(why) = wallets.get(&row.to_wallet_id) {
            problems.push(why.clone());
        }
        if let Some((file, line)) = used.get(&row.external_unique_id) {
            problems.push(format!(
                "externalUniqueId {} was used before, in {file} line {line}.",
                row.external_unique_id
            ));
        }
        if problems.is_empty() {
            ready.push(row);
        } else {
            errors.push(LineError { line: row.line, message: problems.join(" ") });
        }
    }
    errors.sort_by_key(|e| e.line);
    let total = Minor(ready.iter().map(|r| r.amount.0).sum());
    let available = Minor::from_major(source.available_balance, decimals);
    let (rule, threshold) = approval_rule(&authed).await?;
    let owner = authed.answer(authed.eclipse.customer(source.customer_id).await).await?.full_name();
    let source_label = format!("{} ({owner})", source.friendly_id);
    let error_count = errors.len() as u32;
    errors.truncate(ERRORS_SHOWN);
    let mut check = BatchCheck {
        batch_id: None,
        file_name,
        source_wallet_id: source.wallet_id,
        source_label,
        currency: source.currency.clone(),
        decimals,
        rows: (ready.len() as u32) + error_count,
        total,
        available,
        errors,
        error_count,
        needs_approval: rule.needs_approval(total, &source.currency),
        threshold,
    };
    if error_count > 0 {
        return Ok(Outcome::Done(check));
    }
    if total > available {
        let why = format!(
            "The total, {}, is more than the source wallet's available balance, {}.",
            check.money(total),
            check.money(available)
        );
        return Ok(Outcome::invalid("source", why));
    }
    let batch_id = new_batch_id();
    let batch = NewBatch {
        batch_id: &batch_id,
        tenant_id,
        file_name: &check.file_name,
        source_wallet_id: source.wallet_id,
        source_label: &check.source_label,
        currency: &source.currency,
        total,
        created_by: authed.actor(),
    };
    records::insert(&authed.state.store, batch, &ready).await.map_err(fault)?;
    authed
        .record("disbursement.check", format!("disbursement {batch_id}: {}", check.file_name), "ok")
        .await;
    check.batch_id = Some(batch_id);
    Ok(Outcome::Done(check))
}

/// The tenant's batch, or 404.
async fn load(authed: &Authed, batch_id: &str) -> Result<Batch, AppError> {
    let now = authed.state.clock.now();
    records::get(
        &authed.state.store,
        authed.data.tenant_id,
        batch_id,
        authed.data.admin_user_id,
        now,
    )
    .await
    .map_err(fault)?
    .ok_or(AppError::NotFound)
}

fn target(batch: &Batch) -> String {
    format!(
        "disbursement {}: {} rows, {} from {}",
        batch.batch_id,
        batch.rows,
        batch.money(batch.total),
        batch.source_label
    )
}

/// Runs the batch in a task of its own: the request answers at once, the page follows the rows.
async fn launch(authed: &Authed, batch: &Batch) -> Result<Outcome<Batch>, AppError> {
    let runner = Runner {
        state: authed.state.clone(),
        eclipse: authed.eclipse.clone(),
        tenant_id: authed.data.tenant_id,
        actor: authed.data.identity.clone(),
    };
    tokio::spawn(runner.run(
        batch.batch_id.clone(),
        batch.source_wallet_id,
        batch.currency.clone(),
    ));
    Ok(Outcome::Done(load(authed, &batch.batch_id).await?))
}

pub async fn start(batch_id: String, reason: String) -> Result<Outcome<Batch>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let batch = load(&authed, &batch_id).await?;
    if !batch.mine || batch.status != BatchStatus::Checked {
        return Ok(Outcome::Refused(
            "This file was started already, or checked by another admin.".into(),
        ));
    }
    let (rule, _) = approval_rule(&authed).await?;
    let store = &authed.state.store;
    let tenant_id = authed.data.tenant_id;
    if rule.needs_approval(batch.total, &batch.currency) {
        if let Some(problem) = reason_problem(&reason) {
            return Ok(Outcome::invalid(
                "reason",
                format!("{problem} A second admin reads it before approving."),
            ));
        }
        let expires_at =
            authed.state.clock.now() + chrono::Duration::hours(rule.request_hours.into());
        if !records::request(store, tenant_id, &batch_id, reason.trim(), expires_at)
            .await
            .map_err(fault)?
        {
            return Ok(Outcome::Refused("This file was started already.".into()));
        }
        authed.record("disbursement.request", target(&batch), "ok").await;
        return Ok(Outcome::Done(load(&authed, &batch_id).await?));
    }
    records::set_reason(store, &batch_id, reason.trim()).await.map_err(fault)?;
    let identity = &authed.data.identity;
    if !records::run(store, tenant_id, &batch_id, RunFrom::Checked, identity, authed.session_id())
        .await
        .map_err(fault)?
    {
        return Ok(Outcome::Refused("This file was started already.".into()));
    }
    authed.record("disbursement.start", target(&batch), "ok").await;
    launch(&authed, &batch).await
}

pub async fn list(offset: u32) -> Result<BatchPage, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let now = authed.state.clock.now();
    let limit = crate::ui::table::PAGE_SIZE;
    let (rows, total) = records::page(
        &authed.state.store,
        authed.data.tenant_id,
        offset,
        limit,
        authed.data.admin_user_id,
        now,
    )
    .await
    .map_err(fault)?;
    Ok(BatchPage { rows, total })
}

pub async fn get(batch_id: String) -> Result<Batch, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    load(&authed, &batch_id).await
}

pub async fn approve(batch_id: String) -> Result<Outcome<Batch>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let batch = load(&authed, &batch_id).await?;
    if batch.mine {
        let why = "You made this disbursement: another admin approves it.";
        return Ok(authed.refuse("disbursement.approve", target(&batch), why).await);
    }
    if batch.status != BatchStatus::Pending {
        return Ok(Outcome::Refused(format!(
            "This disbursement is {} already.",
            batch.status.as_str()
        )));
    }
    let now = authed.state.clock.now();
    let store = &authed.state.store;
    let identity = &authed.data.identity;
    let run = RunFrom::Pending(now);
    if !records::run(store, authed.data.tenant_id, &batch_id, run, identity, authed.session_id())
        .await
        .map_err(fault)?
    {
        return Ok(decided_meanwhile("disbursement"));
    }
    authed.record("disbursement.approve", target(&batch), "ok").await;
    launch(&authed, &batch).await
}

pub async fn decline(batch_id: String, reason: String) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let batch = load(&authed, &batch_id).await?;
    if let Some(problem) = reason_problem(&reason) {
        return Ok(Outcome::invalid("reason", problem));
    }
    if batch.status != BatchStatus::Pending {
        return Ok(Outcome::Refused(format!(
            "This disbursement is {} already.",
            batch.status.as_str()
        )));
    }
    let now = authed.state.clock.now();
    let declined = records::decline(
        &authed.state.store,
        authed.data.tenant_id,
        &batch_id,
        &authed.data.identity,
        reason.trim(),
        now,
    )
    .await
    .map_err(fault)?;
    if !declined {
        return Ok(decided_meanwhile("disbursement"));
    }
    authed
        .record(
            "disbursement.decline",
            format!("{}; reason: {}", target(&batch), reason.trim()),
            "ok",
        )
        .await;
    Ok(Outcome::Done(()))
}

pub async fn resume(batch_id: String) -> Result<Outcome<Batch>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let batch = load(&authed, &batch_id).await?;
    let store = &authed.state.store;
    let identity = &authed.data.identity;
    let taken = records::run(
        store,
        authed.data.tenant_id,
        &batch_id,
        RunFrom::Stopped,
        identity,
        authed.session_id(),
    )
    .await
    .map_err(fault)?;
    if !taken {
        let why = "There is nothing to resume: the disbursement is running or finished.";
        return Ok(authed.refuse("disbursement.resume", target(&batch), why).await);
    }
    authed.record("disbursement.resume", target(&batch), "ok").await;
    launch(&authed, &batch).await
}

/// `GET /disbursements/{batch_id}/result.csv`: every row with its status, and Eclipse's debit or refusal.
pub async fn result_csv(
    State(state): State<AppState>,
    session: Session,
    Path(batch_id): Path<String>,
) -> Result<Response, AppError> {
    let authed = crate::auth::ssr::require_in(&state, session, Capability::ChangeStatus).await?;
    let batch = load(&authed, &batch_id).await?;
    let decimals = currencies::decimals(&batch.currency).unwrap_or(2);
    let rows = records::results(&authed.state.store, authed.data.tenant_id, &batch_id)
        .await
        .map_err(fault)?;
    let body = crate::csv::table(
        "line,status,amount,toWalletId,externalUniqueId,reference,error",
        rows.into_iter().map(|(line, status, amount, to, id, outcome)| {
            let outcome = outcome.unwrap_or_default();
            let (reference, error) =
                if status == "SENT" { (outcome, String::new()) } else { (String::new(), outcome) };
            vec![
                line.to_string(),
                status,
                Minor(amount).format(decimals),
                to.to_string(),
                id,
                reference,
                error,
            ]
        }),
    );
    Ok(crate::csv::download(&format!("disbursement-{batch_id}-result.csv"), body))
}
