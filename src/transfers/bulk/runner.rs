//! Running a batch: its rows in line order with the Eclipse session of the admin who started, approved or
//! resumed it. Each row is sent once under its `externalUniqueId` (a repeat finds the debit the first attempt
//! wrote), so running a batch again pays nothing twice. Eclipse's refusal of one row (a barred wallet, the
//! balance ran out) is said on that row and the job goes on; a fault (Eclipse unreachable, failing on its
//! side, the session ended) stops the job where it is, to be resumed.
//!
//! As with barring, the instance running a batch holds it by a heartbeat (`store::jobs`); when the heartbeat
//! stops, any instance takes it over with the same admin's session read from the shared store.
use super::{
    file::FileRow,
    records::{self, JOBS},
    RowStatus,
};
use crate::{
    auth::ssr::take_over_jobs,
    eclipse::{client::TenantClient, currencies, errors::EclipseError, models::Transfer},
    state::AppState,
    store::{jobs::HEARTBEAT_EVERY, AuditEntry, Store},
};

/// Rows read from the store at a time.
const ROWS_AT_ONCE: u32 = 200;

/// Who runs a batch: this instance, acting for `actor` in their tenant.
pub struct Runner {
    pub state: AppState,
    pub eclipse: TenantClient,
    pub tenant_id: i64,
    pub actor: String,
}

/// How a batch's run ended.
enum Stop {
    Done,
    /// A fault: why, for the page.
    Fault(String),
    /// This instance no longer runs it (taken over, or shutting down).
    Left,
}

impl Runner {
    pub async fn run(self, batch_id: String, source_wallet_id: i64, currency: String) {
        let store = self.state.store.clone();
        let beating = tokio::spawn(JOBS.heartbeat(store.clone(), self.tenant_id, batch_id.clone()));
        let stop = self.rows(&store, &batch_id, source_wallet_id, &currency).await;
        beating.abort();
        let (error, result) = match &stop {
            Stop::Done => (None, "done".to_owned()),
            Stop::Fault(why) => (Some(why.as_str()), format!("stopped: {why}")),
            Stop::Left => return,
        };
        match records::finish(&store, &batch_id, error).await {
            Ok(true) => self.audit(&store, "disbursement.run", &batch_id, &result).await,
            Ok(false) => {}
            Err(err) => tracing::error!(%err, "disbursement not finished in the store"),
        }
    }

    async fn rows(&self, store: &Store, batch_id: &str, source: i64, currency: &str) -> Stop {
        let decimals = currencies::decimals(currency).unwrap_or(2);
        let key = batch_id.to_owned();
        let mut after = 0;
        loop {
            let rows = match records::todo(store, batch_id, after, ROWS_AT_ONCE).await {
                Ok(rows) if rows.is_empty() => return Stop::Done,
                Ok(rows) => rows,
                Err(err) => return Stop::Fault(store_fault(err)),
            };
            for row in rows {
                // At shutdown no row is begun; the batch is handed back and another instance goes on.
                if self.state.readiness.draining() {
                    return Stop::Left;
                }
                after = row.line;
                let sent = send(&self.eclipse, source, &row, decimals).await;
                let (status, outcome) = match sent {
                    Ok(debit) => (RowStatus::Sent, debit),
                    Err(err) => match refusal(&err) {
                        Some(said) => (RowStatus::Failed, said),
                        None => return Stop::Fault(describe(&err, &self.actor, row.line)),
                    },
                };
                if let Err(err) =
                    records::settle_row(store, batch_id, row.line, status, &outcome).await
                {
                    return Stop::Fault(store_fault(err));
                }
            }
            match JOBS.beat(store, self.tenant_id, &key).await {
                Ok(true) => {}
                Ok(false) => return Stop::Left, // taken over by another instance, which goes on
                Err(err) => return Stop::Fault(store_fault(err)),
            }
        }
    }

    async fn audit(&self, store: &Store, action: &str, batch_id: &str, result: &str) {
        let entry = AuditEntry {
            tenant_id: Some(self.tenant_id),
            customer_id: None,
            actor: &self.actor,
            action,
            target: Some(format!("disbursement {batch_id}")),
            result,
            trace_id: None,
        };
        store.audit(entry).await;
    }
}

async fn send(
    e: &TenantClient,
    source: i64,
    row: &FileRow,
    decimals: u32,
) -> Result<String, EclipseError> {
    let transfer = Transfer {
        from_wallet_id: source,
        to_wallet_id: row.to_wallet_id,
        amount: row.amount.to_major(decimals),
        external_unique_id: row.external_unique_id.clone(),
        description: Some(row.description.clone()).filter(|d| !d.is_empty()),
    };
    crate::transfers::send_once(e, &transfer).await
}

/// Eclipse's refusal of this row (a 4xx about the transfer itself), as the result file says it; `None` for
/// a fault that would refuse every row alike (unreachable, failing on its side, the session ended).
fn refusal(err: &EclipseError) -> Option<String> {
    let status = err.status()?;
    let about_the_row =
        status.is_client_error() && !matches!(status.as_u16(), 401 | 403 | 408 | 429);
    about_the_row.then(|| err.problem().map(|p| p.said()).unwrap_or_default())
}

fn describe(err: &EclipseError, runner: &str, line: u32) -> String {
    let why = if err.is_unauthorized() {
        format!("the Eclipse session of {runner} has ended.")
    } else {
        match err.problem() {
            Some(p) => format!("Eclipse answered “{}”.", p.said()),
            None => "Eclipse could not be reached.".to_owned(),
        }
    };
    format!("Stopped at line {line}: {why} What is sent stays sent; resume to finish.")
}

fn store_fault(err: sqlx::Error) -> String {
    tracing::error!(%err, "disbursement progress not written");
    "The portal's store failed. What is sent stays sent; resume to finish.".into()
}

/// Takes over, every `HEARTBEAT_EVERY`, the running batches whose instance stopped beating, and runs them with
/// their admin's session; a batch whose session has ended waits for an admin to resume it.
pub async fn take_over_stale(state: AppState) {
    let look = |state: AppState| async move { take_over_once(&state).await };
    state.every(HEARTBEAT_EVERY, "looking for interrupted disbursements", look).await
}

async fn take_over_once(state: &AppState) -> Result<(), sqlx::Error> {
    take_over_jobs(state, JOBS, move |tenant_id, batch_id: String, acting| async move {
        let store = &state.store;
        let Some(batch) = records::get(store, tenant_id, &batch_id, 0, chrono::Utc::now()).await?
        else {
            return Ok(());
        };
        match acting {
            Some((eclipse, actor)) => {
                tracing::info!(%batch_id, "taking over an interrupted disbursement");
                let runner = Runner { state: state.clone(), eclipse, tenant_id, actor };
                tokio::spawn(runner.run(batch_id, batch.source_wallet_id, batch.currency));
            }
            None => {
                let why =
                    "The portal instance running this stopped, and the session it ran with has \
                     ended. What is sent stays sent; resume to finish.";
                records::finish(store, &batch_id, Some(why)).await?;
            }
        }
        Ok::<_, sqlx::Error>(())
    })
    .await
}
