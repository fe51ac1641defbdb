//! Reports made as jobs: the rows are read a page at a time and kept in the store (`report_pages`), so the
//! file is written as CSV or Excel when downloaded, and a job whose instance stopped is taken over by another
//! (`store::jobs`), with the same admin's session, from its last kept page. A job and its rows are kept for
//! `KEPT_HOURS`.
use super::{
    rows::{Row, Source, PAGE_ROWS},
    JobStatus, ReportAsk, ReportJob, ReportKind, KEPT_HOURS,
};
use crate::{
    auth::ssr::take_over_jobs,
    eclipse::client::TenantClient,
    error::AppError,
    state::AppState,
    store::{jobs::Jobs, jobs::HEARTBEAT_EVERY, Store, StoredTime},
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub const JOBS: Jobs = Jobs { table: "report_jobs", key: "job_id", one: "report", many: "reports" };

#[derive(sqlx::FromRow)]
struct JobRow {
    job_id: String,
    actor: String,
    kind: String,
    from_day: String,
    to_day: String,
    time_zone: String,
    status: String,
    total_rows: i64,
    done_rows: i64,
    cap_rows: i64,
    error: Option<String>,
    #[sqlx(try_from = "StoredTime")]
    expires_at: DateTime<Utc>,
}

/// A job as kept: what the page shows, and what its runner needs.
pub struct Kept {
    pub job: ReportJob,
    pub actor: String,
    pub tz: Tz,
}

impl JobRow {
    fn kept(self) -> Option<Kept> {
        let day = |s: &str| s.parse::<NaiveDate>().ok();
        let job = ReportJob {
            kind: ReportKind::parse(&self.kind)?,
            from: day(&self.from_day)?,
            to: day(&self.to_day)?,
            status: match self.status.as_str() {
                "RUNNING" => JobStatus::Running,
                "DONE" => JobStatus::Done,
                _ => JobStatus::Failed,
            },
            total_rows: self.total_rows as u64,
            done_rows: self.done_rows as u64,
            cap: self.cap_rows as u64,
            error: self.error,
            expires_at: self.expires_at,
            job_id: self.job_id,
        };
        Some(Kept { job, actor: self.actor, tz: self.time_zone.parse().ok()? })
    }
}

const SELECT: &str =
    "SELECT job_id, actor, kind, from_day, to_day, time_zone, status, total_rows, done_rows, \
                      cap_rows, error, expires_at FROM report_jobs";

/// Starts a job for `actor`, run with the session `session_id`.
pub async fn create(
    store: &Store,
    (tenant_id, actor, session_id): (i64, &str, Option<String>),
    ask: &ReportAsk,
    tz: Tz,
    (total, cap): (u64, u64),
) -> Result<String, sqlx::Error> {
    let job_id = crate::ui::retry_key();
    let now = Utc::now();
    sqlx::query(
        "INSERT INTO report_jobs (job_id, tenant_id, actor, kind, from_day, to_day, time_zone, status, \
         total_rows, cap_rows, runner_session, runner_instance, heartbeat_ms, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'RUNNING', $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&job_id)
    .bind(tenant_id)
    .bind(actor)
    .bind(ask.kind.slug())
    .bind(ask.from.to_string())
    .bind(ask.to.to_string())
    .bind(tz.name())
    .bind(total as i64)
    .bind(cap as i64)
    .bind(session_id)
    .bind(&*store.instance)
    .bind(now.timestamp_millis())
    .bind(crate::eclipse::timestamps::format(now))
    .bind(crate::eclipse::timestamps::format(now + chrono::Duration::hours(KEPT_HOURS)))
    .execute(&store.pool)
    .await?;
    Ok(job_id)
}

/// The job, if it is this tenant's, not expired, and (with `actor`) that admin's.
pub async fn get(
    store: &Store,
    tenant_id: i64,
    job_id: &str,
    actor: Option<&str>,
) -> Result<Option<Kept>, sqlx::Error> {
    let row: Option<JobRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE tenant_id = $1 AND job_id = $2 AND expires_at > $3"
    ))
    .bind(tenant_id)
    .bind(job_id)
    .bind(crate::eclipse::timestamps::format(Utc::now()))
    .fetch_optional(&store.pool)
    .await?;
    Ok(row.and_then(JobRow::kept).filter(|k| actor.is_none_or(|a| a == k.actor)))
}

/// The admin's reports still kept, newest first.
pub async fn mine(
    store: &Store,
    tenant_id: i64,
    actor: &str,
) -> Result<Vec<ReportJob>, sqlx::Error> {
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE tenant_id = $1 AND actor = $2 AND expires_at > $3 ORDER BY created_at DESC LIMIT 20"
    ))
    .bind(tenant_id)
    .bind(actor)
    .bind(crate::eclipse::timestamps::format(Utc::now()))
    .fetch_all(&store.pool)
    .await?;
    Ok(rows.into_iter().filter_map(|r| r.kept().map(|k| k.job)).collect())
}

/// The kept rows of pages `from` onwards, `count` pages at most, in order.
pub async fn pages(
    store: &Store,
    job_id: &str,
    from: i64,
    count: i64,
) -> Result<Vec<Row>, sqlx::Error> {
    let texts: Vec<String> = sqlx::query_scalar(
        "SELECT rows FROM report_pages WHERE job_id = $1 AND page >= $2 AND page < $3 ORDER BY page",
    )
    .bind(job_id)
    .bind(from)
    .bind(from + count)
    .fetch_all(&store.pool)
    .await?;
    let mut rows = vec![];
    for text in texts {
        let page: Vec<Row> = serde_json::from_str(&text)
            .map_err(|err| sqlx::Error::Decode(format!("report page: {err}").into()))?;
        rows.extend(page);
    }
    Ok(rows)
}

/// Deletes the jobs past their day, and their rows.
pub async fn purge(store: &Store) -> Result<u64, sqlx::Error> {
    let now = crate::eclipse::timestamps::format(Utc::now());
    sqlx::query(
        "DELETE FROM report_pages WHERE job_id IN (SELECT job_id FROM report_jobs WHERE expires_at <= $1)",
    )
    .bind(&now)
    .execute(&store.pool)
    .await?;
    let done = sqlx::query("DELETE FROM report_jobs WHERE expires_at <= $1")
        .bind(&now)
        .execute(&store.pool)
        .await?;
    Ok(done.rows_affected())
}

async fn keep_page(
    store: &Store,
    job_id: &str,
    page: i64,
    rows: &[Row],
    done_rows: i64,
) -> Result<bool, sqlx::Error> {
    let text = serde_json::to_string(rows).unwrap_or_else(|_| "[]".into());
    let mut tx = store.pool.begin().await?;
    sqlx::query("INSERT INTO report_pages (job_id, page, rows) VALUES ($1, $2, $3)")
        .bind(job_id)
        .bind(page)
        .bind(text)
        .execute(&mut *tx)
        .await?;
    // Only the instance running the job writes its progress.
    let moved = sqlx::query(
        "UPDATE report_jobs SET done_rows = $1 WHERE job_id = $2 AND status = 'RUNNING' AND runner_instance = $3",
    )
    .bind(done_rows)
    .bind(job_id)
    .bind(&*store.instance)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 1 {
        tx.commit().await?;
        Ok(true)
    } else {
        Ok(false)
    }
}

async fn finish(store: &Store, job_id: &str, error: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE report_jobs SET status = $1, error = $2, runner_session = NULL WHERE job_id = $3 \
         AND status = 'RUNNING' AND runner_instance = $4",
    )
    .bind(if error.is_some() { "FAILED" } else { "DONE" })
    .bind(error)
    .bind(job_id)
    .bind(&*store.instance)
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Who makes a report: this instance, with the Eclipse session of the admin who asked.
pub struct Runner {
    pub state: AppState,
    pub eclipse: TenantClient,
    pub tenant_id: i64,
}

impl Runner {
    pub async fn run(self, job_id: String) {
        let store = self.state.store.clone();
        let beating = tokio::spawn(JOBS.heartbeat(store.clone(), self.tenant_id, job_id.clone()));
        let outcome = self.pages(&store, &job_id).await;
        beating.abort();
        let error = match outcome {
            Ok(true) => None,
            Ok(false) => return, // handed on: another instance goes on
            Err(why) => Some(why),
        };
        if let Err(err) = finish(&store, &job_id, error.as_deref()).await {
            tracing::error!(%err, "report job not finished in the store");
        }
    }

    /// Reads the pages not yet kept; whether the job is complete (`false`: this instance stopped running it).
    async fn pages(&self, store: &Store, job_id: &str) -> Result<bool, String> {
        let store_fault = |err: sqlx::Error| {
            tracing::error!(%err, "report job: the store failed");
            "The portal's store failed; ask for the report again.".to_owned()
        };
        let Some(kept) = get(store, self.tenant_id, job_id, None).await.map_err(store_fault)?
        else {
            return Ok(false);
        };
        let job = &kept.job;
        let ask = ReportAsk {
            kind: job.kind,
            from: job.from,
            to: job.to,
            format: super::FileFormat::Csv,
        };
        let source =
            Source { eclipse: &self.eclipse, store, tenant_id: self.tenant_id, ask, tz: kept.tz };
        let wanted = job.rows_in_file();
        let mut done = job.done_rows;
        while done < wanted {
            if self.state.readiness.draining() {
                return Ok(false);
            }
            let limit = (wanted - done).min(u64::from(PAGE_ROWS)) as u32;
            let (rows, _) = source.page(done as u32, limit).await.map_err(|err| failure(&err))?;
            if rows.is_empty() {
                break; // fewer rows than counted at the start: the report ends here
            }
            let page = (done / u64::from(PAGE_ROWS)) as i64;
            done += rows.len() as u64;
            if !keep_page(store, job_id, page, &rows, done as i64).await.map_err(store_fault)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Why a job stopped, for its page: Eclipse's words and trace id, never an address or a token.
fn failure(err: &AppError) -> String {
    let reference = err.reference().map(|r| format!(" (reference {r})")).unwrap_or_default();
    format!("{err}{reference} Ask for the report again.")
}

/// Takes over, every `HEARTBEAT_EVERY`, the reports whose instance stopped, and goes on with their admin's
/// session; one whose session has ended fails, to be asked for again.
pub async fn take_over_stale(state: AppState) {
    let look = |state: AppState| async move {
        take_over_jobs(&state, JOBS, |tenant_id, job_id: String, acting| {
            let state = state.clone();
            async move {
                match acting {
                    Some((eclipse, _)) => {
                        tracing::info!(%job_id, "taking over an interrupted report");
                        tokio::spawn(Runner { state, eclipse, tenant_id }.run(job_id));
                    }
                    None => {
                        let why =
                            "The portal instance making this report stopped, and the session \
                                   it ran with has ended. Ask for the report again.";
                        finish(&state.store, &job_id, Some(why)).await?;
                    }
                }
                Ok::<_, sqlx::Error>(())
            }
        })
        .await
    };
    state.every(HEARTBEAT_EVERY, "looking for interrupted reports", look).await
}
