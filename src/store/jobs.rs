//! Jobs one instance of the fleet runs at a time (barring jobs, disbursements). A job's row says it is
//! `RUNNING`, with whose session (`runner_session`) and on which instance (`runner_instance`), and carries a
//! heartbeat the instance writes while it works. When the heartbeat stops (the instance died), any instance
//! takes the job over, one winning each; at shutdown an instance hands its jobs back at once. A runner that
//! finds its job taken stops: its writes name its instance, so two instances never both run one job.
use super::Store;
use sqlx::Any;
use std::time::Duration;

/// A running job whose heartbeat is older than this was interrupted (its instance died): it is taken over.
pub const STALE_MS: i64 = 30_000;
/// How often a running job's instance says it is alive, and how often each instance looks for stale jobs.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(10);

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The heartbeat a running job has written since unless it was interrupted.
pub fn stale_before() -> i64 {
    now_ms() - STALE_MS
}

/// Whether a running job that last beat at `heartbeat_ms` was interrupted.
pub fn is_stale(heartbeat_ms: i64) -> bool {
    now_ms() - heartbeat_ms > STALE_MS
}

/// What names a job within its tenant: a customer's id, a batch's id.
pub trait JobKey:
    for<'q> sqlx::Encode<'q, Any>
    + for<'r> sqlx::Decode<'r, Any>
    + sqlx::Type<Any>
    + Clone
    + Send
    + Sync
    + Unpin
    + std::fmt::Display
    + 'static
{
}

impl JobKey for i64 {}
impl JobKey for String {}

/// A table of jobs: one row per job, named by `tenant_id` and the `key` column.
#[derive(Debug, Clone, Copy)]
pub struct Jobs {
    pub table: &'static str,
    pub key: &'static str,
    /// What one job, and several, are called in the log.
    pub one: &'static str,
    pub many: &'static str,
}

impl Jobs {
    /// Says this instance still runs the job; whether it does (another instance may have taken it over).
    pub async fn beat<K: JobKey>(
        &self,
        store: &Store,
        tenant_id: i64,
        key: &K,
    ) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE {} SET heartbeat_ms = $1 WHERE tenant_id = $2 AND {} = $3 AND status = 'RUNNING' \
             AND runner_instance = $4",
            self.table, self.key
        );
        let done = sqlx::query::<Any>(&sql)
            .bind(now_ms())
            .bind(tenant_id)
            .bind(key.clone())
            .bind(&*store.instance)
            .execute(&store.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Beats for the job every `HEARTBEAT_EVERY`, until aborted (a failed write is logged and goes on).
    pub async fn heartbeat<K: JobKey>(self, store: Store, tenant_id: i64, key: K) {
        let mut every = tokio::time::interval(HEARTBEAT_EVERY);
        loop {
            every.tick().await;
            if let Err(err) = self.beat(&store, tenant_id, &key).await {
                tracing::warn!(%err, job = %key, "{} heartbeat not written", self.one);
            }
        }
    }

    /// Running jobs whose instance stopped beating: (tenant, key, session, the heartbeat seen).
    pub async fn stale<K: JobKey>(
        &self,
        store: &Store,
    ) -> Result<Vec<(i64, K, Option<String>, i64)>, sqlx::Error> {
        let sql = format!(
            "SELECT tenant_id, {}, runner_session, heartbeat_ms FROM {} \
             WHERE status = 'RUNNING' AND heartbeat_ms < $1",
            self.key, self.table
        );
        sqlx::query_as::<Any, (i64, K, Option<String>, i64)>(&sql)
            .bind(stale_before())
            .fetch_all(&store.pool)
            .await
    }

    /// Takes a stale job for this instance, unless another instance did first (the heartbeat seen changed).
    pub async fn take_over<K: JobKey>(
        &self,
        store: &Store,
        tenant_id: i64,
        key: &K,
        seen: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE {} SET runner_instance = $1, heartbeat_ms = $2 \
             WHERE tenant_id = $3 AND {} = $4 AND status = 'RUNNING' AND heartbeat_ms = $5",
            self.table, self.key
        );
        let done = sqlx::query::<Any>(&sql)
            .bind(&*store.instance)
            .bind(now_ms())
            .bind(tenant_id)
            .bind(key.clone())
            .bind(seen)
            .execute(&store.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives this instance's running jobs back at shutdown: another instance takes them over at its next look.
    pub async fn hand_back(&self, store: &Store) {
        let sql = format!(
            "UPDATE {} SET heartbeat_ms = 0, runner_instance = NULL \
             WHERE status = 'RUNNING' AND runner_instance = $1",
            self.table
        );
        match sqlx::query::<Any>(&sql).bind(&*store.instance).execute(&store.pool).await {
            Ok(done) if done.rows_affected() > 0 => {
                tracing::info!(jobs = done.rows_affected(), "running {} handed back", self.many)
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(%err, "{} not handed back", self.many),
        }
    }
}
