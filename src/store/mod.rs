//! The portal's own store (SQLite through sqlx): sessions, and the records the portal keeps itself.
//! Nothing that matters lives in process memory, so several instances can share one store.
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};
use std::{path::Path, str::FromStr, time::Duration};

/// A store failure for the user: a correlation id, with the detail in the server log.
pub fn fault(err: sqlx::Error) -> crate::error::AppError {
    crate::error::AppError::fault("portal store", err)
}

/// The pool of an SQLite database in this process (the portal's store, the sandbox's state). A connection is
/// not pinged when it is taken: each ping is a round trip to the connection's worker thread, and a file in
/// this process has no network to test (perf: the pings were 7% of the wallet page's CPU).
pub fn sqlite_pool() -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
}

mod audit;

#[derive(Clone)]
pub struct Store {
    pub pool: SqlitePool,
}

/// One line of the audit log.
pub struct AuditEntry<'a> {
    pub tenant_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: Option<String>,
    pub result: &'a str,
    pub trace_id: Option<String>,
}

/// Who acted, for four eyes: the admin user's id decides; the identity is what pages show.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub admin_user_id: i64,
    pub identity: &'a str,
}

/// Rows written before ids were kept (admin_user_id 0) match by identity.
const BY_ACTOR: &str = "(admin_user_id = ? OR (admin_user_id = 0 AND actor = ?))";

impl Store {
    pub async fn open(data_dir: &Path) -> Result<Store, sqlx::Error> {
        std::fs::create_dir_all(data_dir).map_err(sqlx::Error::Io)?;
        let url = format!("sqlite://{}", data_dir.join("portal.db").display());
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let pool = sqlite_pool().connect_with(options).await?;
        sqlx::migrate!("migrations/portal").run(&pool).await?;
        Ok(Store { pool })
    }

    /// Marks an admin user as changed, so their sessions refresh their positions at the next request.
    pub async fn mark_admin_user_changed(
        &self,
        tenant_id: i64,
        admin_user_id: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO admin_user_changes (tenant_id, admin_user_id, changed_at) VALUES (?, ?, ?) \
             ON CONFLICT (tenant_id, admin_user_id) DO UPDATE SET changed_at = excluded.changed_at",
        )
        .bind(tenant_id)
        .bind(admin_user_id)
        .bind(chrono::Utc::now().timestamp_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn admin_user_changed_since(
        &self,
        tenant_id: i64,
        admin_user_id: i64,
        since_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT changed_at FROM admin_user_changes WHERE tenant_id = ? AND admin_user_id = ? AND changed_at >= ?",
        )
        .bind(tenant_id)
        .bind(admin_user_id)
        .bind(since_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Records that `actor` gathered KYC evidence of a customer through the portal (see four eyes in `review`).
    pub async fn record_kyc_contribution(
        &self,
        tenant_id: i64,
        customer_id: i64,
        actor: Actor<'_>,
        action: &str,
    ) {
        let result = sqlx::query("INSERT INTO kyc_contributions (tenant_id, customer_id, admin_user_id, actor, action, at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(tenant_id)
            .bind(customer_id)
            .bind(actor.admin_user_id)
            .bind(actor.identity)
            .bind(action)
            .bind(crate::eclipse::timestamps::now())
            .execute(&self.pool)
            .await;
        if let Err(err) = result {
            tracing::error!(%err, action, "kyc contribution write failed");
        }
    }

    /// The first thing `actor` did to the customer's KYC evidence through the portal, and when.
    pub async fn kyc_contribution(
        &self,
        tenant_id: i64,
        customer_id: i64,
        actor: Actor<'_>,
    ) -> Result<Option<(String, chrono::DateTime<chrono::Utc>)>, sqlx::Error> {
        let sql = format!(
            "SELECT action, at FROM kyc_contributions WHERE tenant_id = ? AND {BY_ACTOR} AND customer_id = ? \
             ORDER BY at LIMIT 1"
        );
        sqlx::query_as(&sql)
            .bind(tenant_id)
            .bind(actor.admin_user_id)
            .bind(actor.identity)
            .bind(customer_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Every customer whose KYC evidence `actor` gathered.
    pub async fn kyc_contributed_to(
        &self,
        tenant_id: i64,
        actor: Actor<'_>,
    ) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
        let sql = format!(
            "SELECT DISTINCT customer_id FROM kyc_contributions WHERE tenant_id = ? AND {BY_ACTOR}"
        );
        let rows: Vec<(i64,)> = sqlx::query_as(&sql)
            .bind(tenant_id)
            .bind(actor.admin_user_id)
            .bind(actor.identity)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The latest change to the customer's KYC evidence made through the portal after `since`: what, by whom,
    /// when.
    pub async fn kyc_change_since(
        &self,
        tenant_id: i64,
        customer_id: i64,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<(String, String, chrono::DateTime<chrono::Utc>)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT action, actor, at FROM kyc_contributions WHERE tenant_id = ? AND customer_id = ? AND at > ? \
             AND action <> 'customer.ratify' ORDER BY at DESC LIMIT 1",
        )
        .bind(tenant_id)
        .bind(customer_id)
        .bind(crate::eclipse::timestamps::format(since))
        .fetch_optional(&self.pool)
        .await
    }
}
