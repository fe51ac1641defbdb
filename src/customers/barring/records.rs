//! Barring jobs as the store keeps them: one row per customer with its steps, who runs it and on which
//! instance, and a heartbeat that says the instance is alive.
use crate::{
    customers::barring::{BarringJob, JobKind, JobStatus},
    eclipse::timestamps,
    error::AppError,
    store::{fault, Store, StoredTime},
};
use chrono::{DateTime, Utc};

/// A running job whose heartbeat is older than this was interrupted (its instance died): it is taken over.
pub(super) const STALE_MS: i64 = 30_000;
/// How often a running job's instance says it is alive, and how often each instance looks for stale jobs.
pub(super) const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

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

pub(super) async fn load(
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
pub(super) async fn save(
    store: &Store,
    tenant_id: i64,
    job: &BarringJob,
) -> Result<bool, sqlx::Error> {
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
pub(super) async fn heartbeat(store: Store, tenant_id: i64, customer_id: i64) {
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

/// How many jobs are in each status, for the metrics.
pub async fn jobs_by_status(store: &Store) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM barring_jobs GROUP BY status")
        .fetch_all(&store.pool)
        .await
}
