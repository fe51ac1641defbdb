//! Running a barring job: its steps in order with the Eclipse session of the admin who started or resumed it,
//! each first looking at what is already so, so running a job again applies nothing twice.
//!
//! The instance running a job holds it by a heartbeat (`store::jobs`). When the heartbeat stops (the instance
//! died), any instance takes the job over within a minute (`take_over_stale`), acting with the same admin's
//! session read from the shared store; at shutdown an instance hands its jobs back at once. A runner that
//! finds the job taken from it stops: its writes carry its own name, so two instances never both run one job.
use super::records::{load, save, JOBS};
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::take_over_jobs,
    customers::barring::{BarringJob, JobKind, JobStatus, StepAction, StepState},
    eclipse::{
        client::{EclipseError, TenantClient},
        models::{CustomerUpdate, WalletUpdate, WithdrawalStatus, WithdrawalUpdate},
    },
    state::AppState,
    store::{jobs::HEARTBEAT_EVERY, Store},
};

/// Takes over, every `HEARTBEAT_EVERY`, the running jobs whose instance stopped saying it is alive, and runs
/// them with their admin's session. One instance wins each job (the update names it); a job whose session
/// has ended waits for an admin to resume it.
pub async fn take_over_stale(state: AppState) {
    let look = |state: AppState| async move { take_over_once(&state).await };
    state.every(HEARTBEAT_EVERY, "looking for interrupted barring jobs", look).await
}

async fn take_over_once(state: &AppState) -> Result<(), sqlx::Error> {
    take_over_jobs(state, JOBS, move |tenant_id, customer_id: i64, acting| async move {
        let Some(mut job) = load(&state.store, tenant_id, customer_id).await.ok().flatten() else {
            return Ok(());
        };
        match acting {
            Some((eclipse, actor)) => {
                tracing::info!(customer_id, "taking over an interrupted barring job");
                let runner = Runner { state: state.clone(), eclipse, tenant_id, actor };
                tokio::spawn(runner.run(job));
            }
            None => {
                job.status = JobStatus::Waiting;
                job.error = Some(
                    "The portal instance running this stopped, and the session it ran with has ended. What is \
                     done stays done; resume to finish."
                        .into(),
                );
                save(&state.store, tenant_id, &job).await?;
            }
        }
        Ok::<_, sqlx::Error>(())
    })
    .await
}

/// Who runs a job: this instance, acting for `actor` in their tenant.
pub(super) struct Runner {
    pub(super) state: AppState,
    pub(super) eclipse: TenantClient,
    pub(super) tenant_id: i64,
    pub(super) actor: String,
}

impl Runner {
    pub(super) async fn run(self, job: BarringJob) {
        let store = self.state.store.clone();
        let beating = tokio::spawn(JOBS.heartbeat(store.clone(), self.tenant_id, job.customer_id));
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
                                customer_id: Some(job.customer_id),
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
    let action = if job.kind == JobKind::Bar { "customer.bar" } else { "customer.unbar" };
    let entry = crate::store::AuditEntry {
        tenant_id: Some(tenant_id),
        customer_id: Some(job.customer_id),
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
            p.trace_id.map(|t| format!(" (trace id {t})")).unwrap_or_default()
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
            let update = CustomerUpdate { status: Some(*to), reason, ..Default::default() };
            e.update_customer(customer_id, &update).await?;
            Ok((StepState::Done, String::new()))
        }
        StepAction::CancelWithdrawal { wallet_id, withdrawal_id } => {
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
            let update = WithdrawalUpdate { status: WithdrawalStatus::Cancelled, reason };
            match e.update_withdrawal(*wallet_id, *withdrawal_id, &update).await {
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
            let update = WalletUpdate { status: Some(*to), reason, ..Default::default() };
            e.update_wallet(*wallet_id, &update).await?;
            Ok((StepState::Done, format!("was {}", wallet.status.as_str())))
        }
        StepAction::Note => Ok((StepState::Skipped, String::new())),
    }
}
