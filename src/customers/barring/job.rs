//! The barring job's server functions: planned from Eclipse's current data, written to the store
//! (`records`), then run in a task of its own (`runner`) while the page follows the steps.
use super::records::load;
use super::runner::Runner;
use crate::{
    auth::ssr::{require, Authed},
    customers::barring::{
        validate_reason, BarringJob, BarringState, JobKind, JobStatus, JobStep, StepAction,
        StepState,
    },
    eclipse::{
        client::{EclipseError, TenantClient},
        models::{CustomerStatus, Wallet, WalletStatus, WithdrawalStatus, EFT_WITHDRAWAL_TYPES},
        positions::Capability,
        timestamps,
    },
    error::{AppError, Outcome},
    store::fault,
};
use chrono::Utc;

/// What barring does now: the customer, each of its wallets' pending EFT withdrawals (others said and left),
/// then each wallet with its current status recorded.
async fn plan_bar(e: &TenantClient, wallets: &[Wallet]) -> Result<Vec<JobStep>, EclipseError> {
    let mut steps = vec![JobStep::todo(
        StepAction::Customer { to: CustomerStatus::Barred },
        "Set the customer to BARRED (every debit stops at once)".into(),
    )];
    let withdrawals =
        futures_util::future::join_all(wallets.iter().map(|w| e.wallet_withdrawals(w.wallet_id)))
            .await;
    for (wallet, list) in wallets.iter().zip(withdrawals) {
        for w in list? {
            let label = format!(
                "Withdrawal {} · {} · {} {:.2} on wallet {}",
                w.withdrawal_id, w.kind, w.currency, w.amount, wallet.friendly_id
            );
            let eft = EFT_WITHDRAWAL_TYPES.contains(&w.kind.as_str());
            steps.push(match (eft, w.status) {
                (true, WithdrawalStatus::Pending) => JobStep::todo(
                    StepAction::CancelWithdrawal {
                        wallet_id: wallet.wallet_id,
                        withdrawal_id: w.withdrawal_id,
                    },
                    format!("Cancel {label}"),
                ),
                (true, status) => {
                    JobStep::said(label, format!("{}: not pending, left as it is", status.as_str()))
                }
                (false, WithdrawalStatus::Pending) => {
                    JobStep::said(label, "not an EFT withdrawal: left pending")
                }
                (false, status) => {
                    JobStep::said(label, format!("{}: left as it is", status.as_str()))
                }
            });
        }
    }
    for w in wallets {
        let label = format!("Set wallet {} to BARRED (it is {})", w.friendly_id, w.status.as_str());
        steps.push(JobStep::todo(
            StepAction::Wallet {
                wallet_id: w.wallet_id,
                to: WalletStatus::Barred,
                previous: w.status,
            },
            label,
        ));
    }
    Ok(steps)
}

/// What unbarring reverses: the customer first (Eclipse refuses an active wallet of a barred customer), then
/// each wallet back to what it was; cancelled withdrawals stay cancelled.
fn plan_unbar(bar: Option<&BarringJob>) -> Vec<JobStep> {
    let mut steps = vec![JobStep::todo(
        StepAction::Customer { to: CustomerStatus::Active },
        "Set the customer back to ACTIVE".into(),
    )];
    let Some(bar) = bar.filter(|j| j.kind == JobKind::Bar) else {
        steps.push(JobStep::said("Wallets".into(), "barred outside the portal: their earlier status is unknown; change them on each wallet's page"));
        return steps;
    };
    for step in &bar.steps {
        match &step.action {
            StepAction::Wallet { wallet_id, previous, .. } => steps.push(JobStep::todo(
                StepAction::Wallet {
                    wallet_id: *wallet_id,
                    to: *previous,
                    previous: WalletStatus::Barred,
                },
                format!("Set wallet {wallet_id} back to {}", previous.as_str()),
            )),
            StepAction::CancelWithdrawal { withdrawal_id, .. } if step.state == StepState::Done => {
                steps.push(JobStep::said(
                    format!("Withdrawal {withdrawal_id}"),
                    "stays cancelled: a cancelled withdrawal cannot be restored",
                ))
            }
            _ => {}
        }
    }
    steps
}

pub async fn state(customer_id: i64) -> Result<BarringState, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let e = &authed.eclipse;
    // The plan is for the confirmation of those who may bar; others see the job alone. Its wallets are read
    // beside the customer, not after: one round trip less on every customer page.
    let may_bar =
        crate::eclipse::positions::allows(&authed.data.positions, Capability::ChangeStatus);
    let wallets = async {
        if may_bar {
            Some(e.customer_wallets(customer_id).await)
        } else {
            None
        }
    };
    let (customer, job, wallets) = tokio::join!(
        e.customer(customer_id),
        load(&authed.state.store, authed.data.tenant_id, customer_id),
        wallets
    );
    let customer = authed.answer(customer).await?;
    let job = job?;
    let idle = job.as_ref().is_none_or(|j| j.status == JobStatus::Done);
    let plan = match (idle, customer.status, wallets) {
        (true, CustomerStatus::Barred, Some(_)) => plan_unbar(job.as_ref()),
        (true, CustomerStatus::Active, Some(wallets)) => {
            let wallets = authed.answer(wallets).await?;
            authed.answer(plan_bar(e, &wallets).await).await?
        }
        _ => vec![],
    };
    Ok(BarringState { job, customer_status: customer.status, plan })
}

pub async fn start(
    customer_id: i64,
    bar: bool,
    reason: String,
) -> Result<Outcome<BarringJob>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let errors = validate_reason(&reason);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let store = &authed.state.store;
    let tenant_id = authed.data.tenant_id;
    let action = if bar { "customer.bar" } else { "customer.unbar" };
    let target = || format!("customer {customer_id}");
    let previous = load(store, tenant_id, customer_id).await?;
    if previous.as_ref().is_some_and(|j| j.status != JobStatus::Done) {
        return Ok(authed
            .refuse(action, target(), "A job for this customer has not finished: resume it first.")
            .await);
    }
    let customer = authed.answer(authed.eclipse.customer(customer_id).await).await?;
    let steps = match (bar, customer.status) {
        (true, CustomerStatus::Active) => {
            let wallets = authed.answer(authed.eclipse.customer_wallets(customer_id).await).await?;
            authed.answer(plan_bar(&authed.eclipse, &wallets).await).await?
        }
        (false, CustomerStatus::Barred) => plan_unbar(previous.as_ref()),
        (true, _) => {
            let why = format!(
                "The customer is {}: only an active customer can be barred.",
                customer.status.as_str()
            );
            return Ok(authed.refuse(action, target(), why).await);
        }
        (false, _) => {
            return Ok(authed.refuse(action, target(), "The customer is not barred.").await)
        }
    };
    let now = timestamps::now();
    let me = authed.data.identity.clone();
    // One job per customer: the insert wins only over a finished job (a second click finds it running).
    let written = sqlx::query(
        "INSERT INTO barring_jobs (tenant_id, customer_id, kind, status, reason, started_by, started_at, runner, updated_at, heartbeat_ms, steps, error, \
           runner_session, runner_instance) \
         VALUES ($1, $2, $3, 'RUNNING', $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12) \
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET kind = excluded.kind, status = 'RUNNING', reason = excluded.reason, \
           started_by = excluded.started_by, started_at = excluded.started_at, runner = excluded.runner, updated_at = excluded.updated_at, \
           heartbeat_ms = excluded.heartbeat_ms, steps = excluded.steps, error = NULL, \
           runner_session = excluded.runner_session, runner_instance = excluded.runner_instance \
         WHERE barring_jobs.status = 'DONE'",
    )
    .bind(tenant_id)
    .bind(customer_id)
    .bind(<&str>::from(if bar { JobKind::Bar } else { JobKind::Unbar }))
    .bind(reason.trim())
    .bind(&me)
    .bind(&now)
    .bind(&me)
    .bind(&now)
    .bind(Utc::now().timestamp_millis())
    .bind(serde_json::to_string(&steps).expect("steps serialise"))
    .bind(authed.session_id())
    .bind(&*store.instance)
    .execute(&store.pool)
    .await
    .map_err(fault)?;
    if written.rows_affected() == 0 {
        return Ok(authed
            .refuse(action, target(), "A job for this customer is already running.")
            .await);
    }
    authed
        .state
        .store
        .audit(crate::store::AuditEntry {
            tenant_id: Some(tenant_id),
            customer_id: Some(customer_id),
            actor: &me,
            action,
            target: Some(target()),
            result: "started",
            trace_id: None,
        })
        .await;
    launch(&authed, customer_id).await
}

pub async fn resume(customer_id: i64) -> Result<Outcome<BarringJob>, AppError> {
    let authed = require(Capability::ChangeStatus).await?;
    let stale_before = crate::store::jobs::stale_before();
    let taken = sqlx::query(
        "UPDATE barring_jobs SET status = 'RUNNING', runner = $1, error = NULL, heartbeat_ms = $2, updated_at = $3, \
           runner_session = $7, runner_instance = $8 \
         WHERE tenant_id = $4 AND customer_id = $5 AND (status = 'WAITING' OR (status = 'RUNNING' AND heartbeat_ms < $6))",
    )
    .bind(&authed.data.identity)
    .bind(Utc::now().timestamp_millis())
    .bind(timestamps::now())
    .bind(authed.data.tenant_id)
    .bind(customer_id)
    .bind(stale_before)
    .bind(authed.session_id())
    .bind(&*authed.state.store.instance)
    .execute(&authed.state.store.pool)
    .await
    .map_err(fault)?;
    if taken.rows_affected() == 0 {
        return Ok(authed
            .refuse(
                "customer.barring.resume",
                format!("customer {customer_id}"),
                "There is nothing to resume: the job is running or finished.",
            )
            .await);
    }
    launch(&authed, customer_id).await
}

/// Runs the job in a task of its own: the request answers at once, the page follows the steps.
async fn launch(authed: &Authed, customer_id: i64) -> Result<Outcome<BarringJob>, AppError> {
    let store = authed.state.store.clone();
    let tenant_id = authed.data.tenant_id;
    let job = load(&store, tenant_id, customer_id).await?.ok_or(AppError::NotFound)?;
    let runner = Runner {
        state: authed.state.clone(),
        eclipse: authed.eclipse.clone(),
        tenant_id,
        actor: authed.data.identity.clone(),
    };
    tokio::spawn(runner.run(job.clone()));
    Ok(Outcome::Done(job))
}
