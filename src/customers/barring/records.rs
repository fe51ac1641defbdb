//! Barring jobs as the store keeps them: one row per customer with its steps, who runs it and on which
//! instance, and a heartbeat that says the instance is alive.
use crate::{
    customers::barring::{BarringJob, JobKind, JobStatus},
    eclipse::timestamps,
    error::AppError,
    store::{
        fault,
        jobs::{self, Jobs},
        Store, StoredTime,
    },
};
use chrono::{DateTime, Utc};

/// Barring jobs as jobs one instance runs at a time, by customer.
pub const JOBS: Jobs =
    Jobs { table: "barring_jobs", key: "customer_id", one: "barring job", many: "barring jobs" };

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
    if job.status == JobStatus::Running && jobs::is_stale(row.heartbeat_ms) {
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

/// How many jobs are in each status, for the metrics.
pub async fn jobs_by_status(store: &Store) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM barring_jobs GROUP BY status")
        .fetch_all(&store.pool)
        .await
}
