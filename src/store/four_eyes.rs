//! The life of a request a second admin decides (four eyes): `PENDING`, then taken by its approver
//! (`APPROVED`, while Eclipse is asked) and settled with Eclipse's answer, or `DECLINED`. Each step is a
//! conditional update, so of two admins deciding at once one wins and the other is told. Used by the
//! transfer requests and the manual KYC requests, whose tables share these columns: `tenant_id`,
//! `request_id`, `status`, `decided_by_id`, `decided_by`, `decided_at`, `decision_reason`, `outcome`.
use super::{Actor, Store};
use crate::eclipse::timestamps;
use crate::error::Outcome;
use chrono::{DateTime, Utc};

/// The four-eyes update found the record no longer pending: another admin was quicker, or its wait ran out.
pub fn decided_meanwhile<T>(what: &str) -> Outcome<T> {
    Outcome::Refused(format!("Another admin decided this {what} meanwhile, or it expired."))
}

/// A queue's status filter as the page names it: nothing is the live (`PENDING`) requests, `ALL` every one,
/// otherwise one of the statuses `S` knows (as stored).
pub fn status_filter<S: std::str::FromStr + Into<&'static str>>(
    typed: &str,
) -> Result<String, crate::error::AppError> {
    match typed.trim() {
        "" => Ok("PENDING".to_owned()),
        "ALL" => Ok(String::new()),
        other => other.parse::<S>().map(|s| s.into().to_owned()).map_err(|_| {
            crate::error::AppError::BadRequest(format!("No request status is called {other}."))
        }),
    }
}

/// A second admin's decision: the status it moves the request to (`APPROVED` or `DECLINED`), who, why (a
/// decline's reason) and when.
pub struct Decision<'a> {
    pub to: &'a str,
    pub by: Actor<'a>,
    pub reason: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// A table of requests; `expires` when its requests run out of time (an `expires_at` column).
#[derive(Debug, Clone, Copy)]
pub struct Requests {
    pub table: &'static str,
    pub expires: bool,
}

impl Requests {
    /// Moves a live pending request as `decision` says; false when it was no longer pending (another admin
    /// decided it, or it expired).
    pub async fn decide(
        self,
        store: &Store,
        tenant_id: i64,
        request_id: &str,
        decision: Decision<'_>,
    ) -> Result<bool, sqlx::Error> {
        let Decision { to, by, reason, now } = decision;
        let live = if self.expires { " AND expires_at > $4" } else { "" };
        let done = sqlx::query(&format!(
            "UPDATE {} SET status = $1, decided_by_id = $2, decided_by = $3, decided_at = $4, \
             decision_reason = $5 WHERE tenant_id = $6 AND request_id = $7 AND status = 'PENDING'{live}",
            self.table
        ))
        .bind(to)
        .bind(by.admin_user_id)
        .bind(by.identity)
        .bind(timestamps::format(now))
        .bind(reason)
        .bind(tenant_id)
        .bind(request_id)
        .execute(&store.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Declines a live pending request for `by`, with `reason`: `Done`, or the words for a request another
    /// admin decided (or that expired) meanwhile.
    pub async fn decline(
        self,
        store: &Store,
        tenant_id: i64,
        request_id: &str,
        by: Actor<'_>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome<()>, sqlx::Error> {
        let decision = Decision { to: "DECLINED", by, reason: Some(reason), now };
        let declined = self.decide(store, tenant_id, request_id, decision).await?;
        Ok(if declined { Outcome::Done(()) } else { decided_meanwhile("request") })
    }

    /// The tenant's request with this id, read as `R` from `columns`.
    pub async fn find<R>(
        self,
        store: &Store,
        tenant_id: i64,
        request_id: &str,
        columns: &str,
    ) -> Result<Option<R>, sqlx::Error>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        sqlx::query_as(&format!(
            "SELECT {columns} FROM {} WHERE tenant_id = $1 AND request_id = $2",
            self.table
        ))
        .bind(tenant_id)
        .bind(request_id)
        .fetch_optional(&store.pool)
        .await
    }

    /// Records how the approved request ended at Eclipse (`to`), with what Eclipse answered.
    pub async fn settle(
        self,
        store: &Store,
        tenant_id: i64,
        request_id: &str,
        to: &str,
        outcome: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET status = $1, outcome = $2 \
             WHERE tenant_id = $3 AND request_id = $4 AND status = 'APPROVED'",
            self.table
        ))
        .bind(to)
        .bind(outcome)
        .bind(tenant_id)
        .bind(request_id)
        .execute(&store.pool)
        .await?;
        Ok(())
    }

    /// Hands an approved request back when Eclipse could not be asked, for another try.
    pub async fn reopen(
        self,
        store: &Store,
        tenant_id: i64,
        request_id: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET status = 'PENDING', decided_by_id = NULL, decided_by = NULL, decided_at = NULL \
             WHERE tenant_id = $1 AND request_id = $2 AND status = 'APPROVED'",
            self.table
        ))
        .bind(tenant_id)
        .bind(request_id)
        .execute(&store.pool)
        .await?;
        Ok(())
    }
}
