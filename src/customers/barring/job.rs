//! The barring job on the server: planned from Eclipse's current data, stored in the portal's store, run
//! step by step in a task with the Eclipse session of the admin who started or resumed it. Every step first
//! looks at what is already so, so running a job again applies nothing twice.
//!
//! The instance running a job holds it by a heartbeat. When the heartbeat stops (the instance died), any
//! instance takes the job over within a minute (`take_over_stale`), acting with the same admin's session read
//! from the shared store; at shutdown an instance hands its jobs back at once. A runner that finds the job
//! taken from it stops: its writes carry its own name, so two instances never both run one job.
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, Authed},
    customers::barring::{
        validate_reason, BarringJob, BarringState, JobKind, JobStatus, JobStep, StepAction,
        StepState,
    },
    eclipse::{
        client::{EclipseError, TenantClient},
        models::{
            CustomerStatus, CustomerUpdate, Wallet, WalletStatus, WalletUpdate, WithdrawalStatus,
            WithdrawalUpdate, EFT_WITHDRAWAL_TYPES,
        },
        positions::Capability,
        timestamps,
    },
    error::{AppError, Outcome},
    state::AppState,
    store::{fault, Store, StoredTime},
};
use chrono::{DateTime, Utc};

/// A running job whose heartbeat is older than this was interrupted (its instance died): it is taken over.
const STALE_MS: i64 = 30_000;
/// How often a running job's instance says it is alive, and how often each instance looks for stale jobs.
const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(sqlx::FromRow)]
struct Row {
    kind: String,
    status: String,
    reason: String,
    started_by: String,
    #[sqlx(try_from = "StoredTime")]
    started_at: DateTime<Utc>,
    runner: String,
    #[sqlx(try_from = "StoredTime")]
    updated_at: DateTime<Utc>,
    heartbeat_ms: i64,
    steps: String,
    error: Option<String>,
}

fn job_of(customer_id: i64, row: Row) -> Result<BarringJob, AppError> {
    let mut job = BarringJob {
        customer_id,
        kind: row.kind.parse().unwrap_or(JobKind::Bar),
        status: row.status.parse().unwrap_or(JobStatus::Waiting),
        reason: row.reason,
        started_by: row.started_by,
        started_at: row.started_at,
        runner: row.runner,
        updated_at: row.updated_at,
        steps: serde_json::from_str(&row.steps)
            .map_err(|e| fault(sqlx::Error::Decode(Box::new(e))))?,
        error: row.error,
    };
    if job.status == JobStatus::Running
        && Utc::now().timestamp_millis() - row.heartbeat_ms > STALE_MS
    {
        job.status = JobStatus::Waiting;
        job.error = Some(
            "The portal stopped while this ran. What is done stays done; resume to finish.".into(),
        );
    }
    Ok(job)
}

async fn load(
    store: &Store,
    tenant_id: i64,
    customer_id: i64,
) -> Result<Option<BarringJob>, AppError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT kind, status, reason, started_by, started_at, runner, updated_at, heartbeat_ms, steps, error \
         FROM barring_jobs WHERE tenant_id = $1 AND customer_id = $2",
    )
    .bind(tenant_id)
    .bind(customer_id)
    .fetch_optional(&store.pool)
    .await
    .map_err(fault)?;
    row.map(|r| job_of(customer_id, r)).transpose()
}

/// Writes the job's progress, if this instance still runs it; whether it does.
async fn save(store: &Store, tenant_id: i64, job: &BarringJob) -> Result<bool, sqlx::Error> {
    let status: &str = job.status.into();
    let saved = sqlx::query(
        "UPDATE barring_jobs SET status = $1, steps = $2, error = $3, updated_at = $4, heartbeat_ms = $5 \
         WHERE tenant_id = $6 AND customer_id = $7 AND runner_instance = $8",
    )
    .bind(status)
    .bind(serde_json::to_string(&job.steps).expect("steps serialise"))
    .bind(&job.error)
    .bind(timestamps::now())
    .bind(Utc::now().timestamp_millis())
    .bind(tenant_id)
    .bind(job.customer_id)
    .bind(&*store.instance)
    .execute(&store.pool)
    .await?;
    Ok(saved.rows_affected() == 1)
}

/// Says this instance still runs the job, every `HEARTBEAT_EVERY`, until aborted.
async fn heartbeat(store: Store, tenant_id: i64, customer_id: i64) {
    let mut every = tokio::time::interval(HEARTBEAT_EVERY);
    loop {
        every.tick().await;
        let beat = sqlx::query(
            "UPDATE barring_jobs SET heartbeat_ms = $1 WHERE tenant_id = $2 AND customer_id = $3 \
             AND status = 'RUNNING' AND runner_instance = $4",
        )
        .bind(Utc::now().timestamp_millis())
        .bind(tenant_id)
        .bind(customer_id)
        .bind(&*store.instance)
        .execute(&store.pool)
        .await;
        if let Err(err) = beat {
            tracing::warn!(%err, customer_id, "barring job heartbeat not written");
        }
    }
}

/// What barring does now: the customer, each of its wallets' pending EFT withdrawals (others said and left),
/// then each wallet with its current status recorded.
async fn plan_bar(e: &TenantClient, wallets: &[Wallet]) -> Result<Vec<JobStep>, EclipseError> {
    let mut steps = vec![JobStep::todo(
        StepAction::Customer {
            to: CustomerStatus::Barred,
        },
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
                (true, status) => JobStep::said(
                    label,
                    format!("{}: not pending, left as it is", status.as_str()),
                ),
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
        let label = format!(
            "Set wallet {} to BARRED (it is {})",
            w.friendly_id,
            w.status.as_str()
        );
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
        StepAction::Customer {
            to: CustomerStatus::Active,
        },
        "Set the customer back to ACTIVE".into(),
    )];
    let Some(bar) = bar.filter(|j| j.kind == JobKind::Bar) else {
        steps.push(JobStep::said("Wallets".into(), "barred outside the portal: their earlier status is unknown; change them on each wallet's page"));
        return steps;
    };
    for step in &bar.steps {
        match &step.action {
            StepAction::Wallet {
                wallet_id,
                previous,
                ..
            } => steps.push(JobStep::todo(
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
    Ok(BarringState {
        job,
        customer_status: customer.status,
        plan,
    })
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
    let action = if bar {
        "customer.bar"
    } else {
        "customer.unbar"
    };
    let target = || format!("customer {customer_id}");
    let previous = load(store, tenant_id, customer_id).await?;
    if previous
        .as_ref()
        .is_some_and(|j| j.status != JobStatus::Done)
    {
        return Ok(authed
            .refuse(
                action,
                target(),
                "A job for this customer has not finished: resume it first.",
            )
            .await);
    }
    let customer = authed
        .answer(authed.eclipse.customer(customer_id).await)
        .await?;
    let steps = match (bar, customer.status) {
        (true, CustomerStatus::Active) => {
            let wallets = authed
                .answer(authed.eclipse.customer_wallets(customer_id).await)
                .await?;
            authed
                .answer(plan_bar(&authed.eclipse, &wallets).await)
                .await?
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
            return Ok(authed
                .refuse(action, target(), "The customer is not barred.")
                .await)
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
            .refuse(
                action,
                target(),
                "A job for this customer is already running.",
            )
            .await);
    }
    authed
        .state
        .store
        .audit(crate::store::AuditEntry {
            tenant_id: Some(tenant_id),
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
    let stale_before = Utc::now().timestamp_millis() - STALE_MS;
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
    let job = load(&store, tenant_id, customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let runner = Runner {
        state: authed.state.clone(),
        eclipse: authed.eclipse.clone(),
        tenant_id,
        actor: authed.data.identity.clone(),
    };
    tokio::spawn(runner.run(job.clone()));
    Ok(Outcome::Done(job))
}

/// Takes over, every `HEARTBEAT_EVERY`, the running jobs whose instance stopped saying it is alive, and runs
/// them with their admin's session. One instance wins each job (the update names it); a job whose session
/// has ended waits for an admin to resume it.
pub async fn take_over_stale(state: AppState) {
    let mut every = tokio::time::interval(HEARTBEAT_EVERY);
    loop {
        every.tick().await;
        if state.readiness.draining() {
            return;
        }
        if let Err(err) = take_over_once(&state).await {
            tracing::warn!(%err, "looking for interrupted barring jobs failed");
        }
    }
}

async fn take_over_once(state: &AppState) -> Result<(), sqlx::Error> {
    let store = &state.store;
    let stale_before = Utc::now().timestamp_millis() - STALE_MS;
    let stale: Vec<(i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT tenant_id, customer_id, runner_session, heartbeat_ms FROM barring_jobs \
         WHERE status = 'RUNNING' AND heartbeat_ms < $1",
    )
    .bind(stale_before)
    .fetch_all(&store.pool)
    .await?;
    for (tenant_id, customer_id, session, seen) in stale {
        let taken = sqlx::query(
            "UPDATE barring_jobs SET runner_instance = $1, heartbeat_ms = $2 \
             WHERE tenant_id = $3 AND customer_id = $4 AND status = 'RUNNING' AND heartbeat_ms = $5",
        )
        .bind(&*store.instance)
        .bind(Utc::now().timestamp_millis())
        .bind(tenant_id)
        .bind(customer_id)
        .bind(seen)
        .execute(&store.pool)
        .await?;
        if taken.rows_affected() == 0 {
            continue; // another instance was quicker
        }
        let acting = match &session {
            Some(id) => crate::auth::ssr::eclipse_for_session(state, id).await,
            None => None,
        };
        let Some(job) = load(store, tenant_id, customer_id).await.ok().flatten() else {
            continue;
        };
        match acting {
            Some((eclipse, actor)) => {
                tracing::info!(customer_id, "taking over an interrupted barring job");
                let runner = Runner {
                    state: state.clone(),
                    eclipse,
                    tenant_id,
                    actor,
                    };
                tokio::spawn(runner.run(job));
            }
            None => {
                let mut job = job;
                job.status = JobStatus::Waiting;
                job.error = Some(
                    "The portal instance running this stopped, and the session it ran with has ended. What is \
                     done stays done; resume to finish."
                        .into(),
                );
                save(store, tenant_id, &job).await?;
            }
        }
    }
    Ok(())
}

/// Gives this instance's running jobs back at shutdown: another instance takes them over at its next look.
pub async fn hand_back(store: &Store) {
    let handed = sqlx::query(
        "UPDATE barring_jobs SET heartbeat_ms = 0, runner_instance = NULL \
         WHERE status = 'RUNNING' AND runner_instance = $1",
    )
    .bind(&*store.instance)
    .execute(&store.pool)
    .await;
    match handed {
        Ok(done) if done.rows_affected() > 0 => {
            tracing::info!(jobs = done.rows_affected(), "running barring jobs handed back")
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(%err, "barring jobs not handed back"),
    }
}

/// Who runs a job: this instance, acting for `actor` in their tenant.
struct Runner {
    state: AppState,
    eclipse: TenantClient,
    tenant_id: i64,
    actor: String,
}

impl Runner {
    async fn run(self, job: BarringJob) {
        let store = self.state.store.clone();
        let beating = tokio::spawn(heartbeat(store.clone(), self.tenant_id, job.customer_id));
        self.steps(&store, job).await;
        beating.abort();
    }

    async fn steps(&self, store: &Store, mut job: BarringJob) {
    let (e, tenant_id, actor) = (&self.eclipse, self.tenant_id, &self.actor);
    for i in 0..job.steps.len() {
        if !matches!(job.steps[i].state, StepState::Todo | StepState::Failed) {
            continue;
        }
        // At shutdown no step is begun; the job is handed back and another instance goes on.
        if self.state.readiness.draining() {
            return;
        }
        let result = apply(e, job.customer_id, &job.steps[i].action, &job.reason).await;
        let step = &mut job.steps[i];
        match result {
            Ok((state, note)) => {
                // Each change the job makes in Eclipse is a line of its own in the audit log.
                if !matches!(step.action, StepAction::Note) {
                    let result = if note.is_empty() {
                        format!("{state:?}").to_lowercase()
                    } else {
                        format!("{state:?}: {note}").to_lowercase()
                    };
                    let action = if job.kind == JobKind::Bar {
                        "customer.bar.step"
                    } else {
                        "customer.unbar.step"
                    };
                    let target = Some(format!("customer {}: {}", job.customer_id, step.label));
                    store
                        .audit(crate::store::AuditEntry {
                            tenant_id: Some(tenant_id),
                            actor,
                            action,
                            target,
                            result: &result,
                            trace_id: None,
                        })
                        .await;
                }
                step.state = state;
                step.note = note;
            }
            Err(err) => {
                step.state = StepState::Failed;
                let why = describe(&err, &job.runner);
                step.note = why.clone();
                job.status = JobStatus::Waiting;
                job.error = Some(format!(
                    "Stopped at “{}”: {why} What is done stays done; resume to finish.",
                    step.label
                ));
                let trace = err.problem().and_then(|p| p.trace_id);
                audit_step(
                    store,
                    tenant_id,
                    actor,
                    &job,
                    err.code().map_or("unreachable", ErrorCode::as_str),
                    trace,
                )
                .await;
                persist(store, tenant_id, &job).await;
                return;
            }
        }
        if !persist(store, tenant_id, &job).await {
            return; // taken over by another instance, which goes on
        }
    }
    job.status = JobStatus::Done;
    job.error = None;
    if persist(store, tenant_id, &job).await {
        audit_step(store, tenant_id, actor, &job, "ok", None).await;
    }
    }
}

/// Saves the job's progress; whether this instance still runs it (a failed write is logged and goes on).
async fn persist(store: &Store, tenant_id: i64, job: &BarringJob) -> bool {
    match save(store, tenant_id, job).await {
        Ok(ours) => ours,
        Err(err) => {
            tracing::error!(%err, customer_id = job.customer_id, "barring job not saved");
            true
        }
    }
}

async fn audit_step(
    store: &Store,
    tenant_id: i64,
    actor: &str,
    job: &BarringJob,
    result: &str,
    trace_id: Option<String>,
) {
    let action = if job.kind == JobKind::Bar {
        "customer.bar"
    } else {
        "customer.unbar"
    };
    let entry = crate::store::AuditEntry {
        tenant_id: Some(tenant_id),
        actor,
        action,
        target: Some(format!("customer {}", job.customer_id)),
        result,
        trace_id,
    };
    store.audit(entry).await;
}

fn describe(err: &EclipseError, runner: &str) -> String {
    if err.is_unauthorized() {
        return format!("the Eclipse session of {runner} has ended.");
    }
    match err.problem() {
        Some(p) => format!(
            "Eclipse answered “{}”{}.",
            p.description,
            p.trace_id
                .map(|t| format!(" (trace id {t})"))
                .unwrap_or_default()
        ),
        None => "Eclipse could not be reached.".to_owned(),
    }
}

/// Does one step, unless it is already so. Answers the step's new state and what to say about it.
async fn apply(
    e: &TenantClient,
    customer_id: i64,
    action: &StepAction,
    reason: &str,
) -> Result<(StepState, String), EclipseError> {
    let reason = Some(reason.to_owned());
    match action {
        StepAction::Customer { to } => {
            if e.customer(customer_id).await?.status == *to {
                return Ok((StepState::Done, format!("already {}", to.as_str())));
            }
            let update = CustomerUpdate {
                status: Some(*to),
                reason,
                ..Default::default()
            };
            e.update_customer(customer_id, &update).await?;
            Ok((StepState::Done, String::new()))
        }
        StepAction::CancelWithdrawal {
            wallet_id,
            withdrawal_id,
        } => {
            let current = e.withdrawal(*wallet_id, *withdrawal_id).await?;
            match current.status {
                WithdrawalStatus::Cancelled => {
                    return Ok((StepState::Done, "already cancelled".into()))
                }
                WithdrawalStatus::Pending => {}
                other => {
                    return Ok((
                        StepState::Skipped,
                        format!(
                            "was {} by then: no longer pending, recorded and left",
                            other.as_str()
                        ),
                    ))
                }
            }
            let update = WithdrawalUpdate {
                status: WithdrawalStatus::Cancelled,
                reason,
            };
            match e
                .update_withdrawal(*wallet_id, *withdrawal_id, &update)
                .await
            {
                Ok(_) => Ok((StepState::Done, "cancelled".into())),
                // It left PENDING between the look and the cancel: recorded, and it does not block.
                Err(err) if err.is(ErrorCode::NotAllowedInStatus) => {
                    let now = e.withdrawal(*wallet_id, *withdrawal_id).await?;
                    Ok((
                        StepState::Skipped,
                        format!(
                            "was {} by then: no longer pending, recorded and left",
                            now.status.as_str()
                        ),
                    ))
                }
                Err(err) => Err(err),
            }
        }
        StepAction::Wallet { wallet_id, to, .. } => {
            let wallet = e.wallet(*wallet_id).await?;
            if wallet.status == *to {
                return Ok((StepState::Done, format!("already {}", to.as_str())));
            }
            let update = WalletUpdate {
                status: Some(*to),
                reason,
                ..Default::default()
            };
            e.update_wallet(*wallet_id, &update).await?;
            Ok((StepState::Done, format!("was {}", wallet.status.as_str())))
        }
        StepAction::Note => Ok((StepState::Skipped, String::new())),
    }
}
