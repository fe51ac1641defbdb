//! Disbursements in the portal's store, shared by every instance: the batch with who made, decided and runs
//! it, and one row per line of the file with what became of it. A change of status is a conditional update,
//! so of two admins (or instances) acting at once one wins and the other is told.
use super::{file::FileRow, Batch, BatchStatus, LineError, RowStatus};
use crate::{
    eclipse::{amount::Minor, timestamps},
    store::{
        jobs::{self, Jobs},
        Actor, Store, StoredTime,
    },
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Running batches as jobs one instance runs at a time.
pub const JOBS: Jobs =
    Jobs { table: "disbursements", key: "batch_id", one: "disbursement", many: "disbursements" };
/// Rows per insert statement (7 parameters each, far below either engine's limit).
const INSERT_CHUNK: usize = 500;
/// The statuses whose rows count as used: a declined or expired batch sent nothing.
const LIVE: &str = "('PENDING', 'RUNNING', 'WAITING', 'DONE')";

/// A checked batch as it is kept.
pub struct NewBatch<'a> {
    pub batch_id: &'a str,
    pub tenant_id: i64,
    pub file_name: &'a str,
    pub source_wallet_id: i64,
    pub source_label: &'a str,
    pub currency: &'a str,
    pub total: Minor,
    pub created_by: Actor<'a>,
}

pub async fn insert(
    store: &Store,
    batch: NewBatch<'_>,
    rows: &[FileRow],
) -> Result<(), sqlx::Error> {
    let now = timestamps::now();
    let mut tx = store.pool.begin().await?;
    sqlx::query(
        "INSERT INTO disbursements (batch_id, tenant_id, file_name, source_wallet_id, source_label, currency, \
         row_count, total_minor, status, reason, created_by_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'CHECKED', '', $9, $10, $11, $11)",
    )
    .bind(batch.batch_id)
    .bind(batch.tenant_id)
    .bind(batch.file_name)
    .bind(batch.source_wallet_id)
    .bind(batch.source_label)
    .bind(batch.currency)
    .bind(rows.len() as i64)
    .bind(batch.total.0)
    .bind(batch.created_by.admin_user_id)
    .bind(batch.created_by.identity)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    for chunk in rows.chunks(INSERT_CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = i * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, 'TODO')",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO disbursement_rows (batch_id, line, tenant_id, amount_minor, description, to_wallet_id, \
             external_unique_id, status) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query
                .bind(batch.batch_id)
                .bind(i64::from(row.line))
                .bind(batch.tenant_id)
                .bind(row.amount.0)
                .bind(&row.description)
                .bind(row.to_wallet_id)
                .bind(&row.external_unique_id);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The ids of `ids` that rows of the tenant's earlier batches carry: the file name and line of each.
pub async fn used_before(
    store: &Store,
    tenant_id: i64,
    ids: &[&str],
) -> Result<HashMap<String, (String, u32)>, sqlx::Error> {
    let mut used = HashMap::new();
    for chunk in ids.chunks(INSERT_CHUNK) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT r.external_unique_id, d.file_name, r.line FROM disbursement_rows r \
             JOIN disbursements d ON d.batch_id = r.batch_id \
             WHERE r.tenant_id = $1 AND d.status IN {LIVE} AND r.external_unique_id IN ({})",
            list.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, String, i64)>(&sql).bind(tenant_id);
        for id in chunk {
            query = query.bind(*id);
        }
        for (id, file, line) in query.fetch_all(&store.pool).await? {
            used.insert(id, (file, line as u32));
        }
    }
    Ok(used)
}

#[derive(sqlx::FromRow)]
struct Row {
    batch_id: String,
    file_name: String,
    source_wallet_id: i64,
    source_label: String,
    currency: String,
    row_count: i64,
    total_minor: i64,
    status: String,
    reason: String,
    created_by_id: i64,
    created_by: String,
    #[sqlx(try_from = "StoredTime")]
    created_at: DateTime<Utc>,
    #[sqlx(try_from = "StoredTime")]
    expires_at: Option<DateTime<Utc>>,
    decided_by: Option<String>,
    decision_reason: Option<String>,
    runner: Option<String>,
    heartbeat_ms: i64,
    error: Option<String>,
    sent: i64,
    failed: i64,
    sent_total: i64,
}

const SELECT: &str = "SELECT d.batch_id, d.file_name, d.source_wallet_id, d.source_label, d.currency, d.row_count, \
    d.total_minor, d.status, d.reason, d.created_by_id, d.created_by, d.created_at, d.expires_at, d.decided_by, \
    d.decision_reason, d.runner, d.heartbeat_ms, d.error, \
    (SELECT COUNT(*) FROM disbursement_rows r WHERE r.batch_id = d.batch_id AND r.status = 'SENT') AS sent, \
    (SELECT COUNT(*) FROM disbursement_rows r WHERE r.batch_id = d.batch_id AND r.status = 'FAILED') AS failed, \
    (SELECT CAST(COALESCE(SUM(r.amount_minor), 0) AS BIGINT) FROM disbursement_rows r \
       WHERE r.batch_id = d.batch_id AND r.status = 'SENT') AS sent_total \
    FROM disbursements d";

impl Row {
    fn into_batch(self, me: i64, now: DateTime<Utc>) -> Batch {
        let stored = self.status.parse().unwrap_or(BatchStatus::Waiting);
        let (status, error) = match stored {
            BatchStatus::Pending if self.expires_at.is_some_and(|at| at <= now) => {
                (BatchStatus::Expired, self.error)
            }
            BatchStatus::Running if jobs::is_stale(self.heartbeat_ms) => (
                BatchStatus::Waiting,
                Some(
                    "The portal stopped while this ran. What is sent stays sent; resume to finish."
                        .into(),
                ),
            ),
            other => (other, self.error),
        };
        Batch {
            mine: self.created_by_id == me,
            batch_id: self.batch_id,
            file_name: self.file_name,
            source_wallet_id: self.source_wallet_id,
            source_label: self.source_label,
            currency: self.currency,
            rows: self.row_count as u32,
            total: Minor(self.total_minor),
            status,
            reason: self.reason,
            created_by: self.created_by,
            created_at: self.created_at,
            expires_at: self.expires_at,
            decided_by: self.decided_by,
            decision_reason: self.decision_reason,
            runner: self.runner,
            error,
            sent: self.sent as u32,
            failed: self.failed as u32,
            sent_total: Minor(self.sent_total),
            failures: vec![],
        }
    }
}

/// The tenant's batch with its latest refusals, or `None`.
pub async fn get(
    store: &Store,
    tenant_id: i64,
    batch_id: &str,
    me: i64,
    now: DateTime<Utc>,
) -> Result<Option<Batch>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE d.tenant_id = $1 AND d.batch_id = $2"))
            .bind(tenant_id)
            .bind(batch_id)
            .fetch_optional(&store.pool)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let mut batch = row.into_batch(me, now);
    let failures: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT line, outcome FROM disbursement_rows WHERE batch_id = $1 AND status = 'FAILED' \
         ORDER BY line DESC LIMIT 20",
    )
    .bind(batch_id)
    .fetch_all(&store.pool)
    .await?;
    batch.failures = failures
        .into_iter()
        .map(|(line, outcome)| LineError {
            line: line as u32,
            message: outcome.unwrap_or_default(),
        })
        .collect();
    Ok(Some(batch))
}

/// The tenant's batches, newest first, started ones only (a checked file not started is the checker's draft).
pub async fn page(
    store: &Store,
    tenant_id: i64,
    offset: u32,
    limit: u32,
    me: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<Batch>, u64), sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE d.tenant_id = $1 AND d.status <> 'CHECKED' ORDER BY d.created_at DESC, d.batch_id \
         LIMIT $2 OFFSET $3"
    ))
    .bind(tenant_id)
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(&store.pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM disbursements WHERE tenant_id = $1 AND status <> 'CHECKED'",
    )
    .bind(tenant_id)
    .fetch_one(&store.pool)
    .await?;
    Ok((rows.into_iter().map(|r| r.into_batch(me, now)).collect(), total as u64))
}

/// Which batches a run may start from.
pub enum RunFrom {
    /// A checked batch, started by its maker (no second admin needed).
    Checked,
    /// A pending batch not expired, approved by a second admin.
    Pending(DateTime<Utc>),
    /// A batch stopped by a fault, or whose instance stopped beating.
    Stopped,
}

impl RunFrom {
    fn condition(&self) -> String {
        match self {
            RunFrom::Checked => "status = 'CHECKED'".into(),
            RunFrom::Pending(now) => {
                format!("status = 'PENDING' AND expires_at > '{}'", timestamps::format(*now))
            }
            RunFrom::Stopped => format!(
                "status = 'WAITING' OR (status = 'RUNNING' AND heartbeat_ms < {})",
                jobs::stale_before()
            ),
        }
    }
}

/// Moves a batch to RUNNING as `runner` with `session` on this instance; whether it did (another admin or
/// instance may have been quicker). Starting from `Pending` records the approval.
pub async fn run(
    store: &Store,
    tenant_id: i64,
    batch_id: &str,
    from: RunFrom,
    runner: &str,
    session: Option<String>,
) -> Result<bool, sqlx::Error> {
    let decided =
        if matches!(from, RunFrom::Pending(_)) { ", decided_by = $1, decided_at = $5" } else { "" };
    let sql = format!(
        "UPDATE disbursements SET status = 'RUNNING', runner = $1, runner_session = $2, runner_instance = $3, \
         heartbeat_ms = $4, updated_at = $5, error = NULL{decided} \
         WHERE tenant_id = $6 AND batch_id = $7 AND ({})",
        from.condition()
    );
    let done = sqlx::query(&sql)
        .bind(runner)
        .bind(session)
        .bind(&*store.instance)
        .bind(Utc::now().timestamp_millis())
        .bind(timestamps::now())
        .bind(tenant_id)
        .bind(batch_id)
        .execute(&store.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A checked batch waits for a second admin until `expires_at`; whether it was still checked.
pub async fn request(
    store: &Store,
    tenant_id: i64,
    batch_id: &str,
    reason: &str,
    expires_at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE disbursements SET status = 'PENDING', reason = $1, expires_at = $2, updated_at = $3 \
         WHERE tenant_id = $4 AND batch_id = $5 AND status = 'CHECKED'",
    )
    .bind(reason)
    .bind(timestamps::format(expires_at))
    .bind(timestamps::now())
    .bind(tenant_id)
    .bind(batch_id)
    .execute(&store.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the reason a batch is started with (no second admin needed).
pub async fn set_reason(store: &Store, batch_id: &str, reason: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE disbursements SET reason = $1 WHERE batch_id = $2")
        .bind(reason)
        .bind(batch_id)
        .execute(&store.pool)
        .await
        .map(|_| ())
}

pub async fn decline(
    store: &Store,
    tenant_id: i64,
    batch_id: &str,
    by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let now = timestamps::format(now);
    let done = sqlx::query(
        "UPDATE disbursements SET status = 'DECLINED', decided_by = $1, decided_at = $2, decision_reason = $3, \
         updated_at = $2 WHERE tenant_id = $4 AND batch_id = $5 AND status = 'PENDING' AND expires_at > $2",
    )
    .bind(by)
    .bind(&now)
    .bind(reason)
    .bind(tenant_id)
    .bind(batch_id)
    .execute(&store.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The next rows to send, in line order.
pub async fn todo(
    store: &Store,
    batch_id: &str,
    after_line: u32,
    limit: u32,
) -> Result<Vec<FileRow>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
        "SELECT line, amount_minor, description, to_wallet_id, external_unique_id FROM disbursement_rows \
         WHERE batch_id = $1 AND status = 'TODO' AND line > $2 ORDER BY line LIMIT $3",
    )
    .bind(batch_id)
    .bind(i64::from(after_line))
    .bind(i64::from(limit))
    .fetch_all(&store.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(line, amount, description, to_wallet_id, external_unique_id)| FileRow {
            line: line as u32,
            amount: Minor(amount),
            description,
            to_wallet_id,
            external_unique_id,
        })
        .collect())
}

/// What became of a row.
pub async fn settle_row(
    store: &Store,
    batch_id: &str,
    line: u32,
    status: RowStatus,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    let status: &str = status.into();
    sqlx::query(
        "UPDATE disbursement_rows SET status = $1, outcome = $2 WHERE batch_id = $3 AND line = $4",
    )
    .bind(status)
    .bind(outcome)
    .bind(batch_id)
    .bind(i64::from(line))
    .execute(&store.pool)
    .await
    .map(|_| ())
}

/// Ends this instance's run of a batch: DONE, or WAITING with why. Whether this instance still ran it.
pub async fn finish(
    store: &Store,
    batch_id: &str,
    error: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let status = if error.is_some() { "WAITING" } else { "DONE" };
    let done = sqlx::query(
        "UPDATE disbursements SET status = $1, error = $2, updated_at = $3, heartbeat_ms = $4 \
         WHERE batch_id = $5 AND status = 'RUNNING' AND runner_instance = $6",
    )
    .bind(status)
    .bind(error)
    .bind(timestamps::now())
    .bind(Utc::now().timestamp_millis())
    .bind(batch_id)
    .bind(&*store.instance)
    .execute(&store.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every row with what became of it, in line order, for the result file.
pub async fn results(
    store: &Store,
    tenant_id: i64,
    batch_id: &str,
) -> Result<Vec<(i64, String, i64, i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT line, status, amount_minor, to_wallet_id, external_unique_id, outcome FROM disbursement_rows \
         WHERE tenant_id = $1 AND batch_id = $2 ORDER BY line",
    )
    .bind(tenant_id)
    .bind(batch_id)
    .fetch_all(&store.pool)
    .await
}
