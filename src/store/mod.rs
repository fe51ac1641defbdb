//! The portal's own store: sessions, and the records the portal keeps itself. SQLite in the data directory by
//! default; PostgreSQL when `DATABASE_URL` names one, for several instances. Nothing that matters lives in
//! process memory, so every instance sharing the store sees the same sessions, limits, claims and jobs.
//!
//! Queries are written once for both engines (`$1` parameters, standard SQL) and run through sqlx's `Any`
//! driver; only opening the store, its migrations and the session table know which engine it is.
use sqlx::{
    any::AnyPoolOptions,
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    AnyPool,
};
use std::{path::Path, str::FromStr, time::Duration};

mod audit;
pub mod four_eyes;
pub mod jobs;
mod leases;
mod preferences;
pub mod sessions;
mod time;
mod views;

pub use leases::Lease;
pub use time::StoredTime;
pub use views::{StoredView, ViewOwner};

/// A store failure for the user: a correlation id, with the detail in the server log.
pub fn fault(err: sqlx::Error) -> crate::error::AppError {
    crate::error::AppError::fault("portal store", err)
}

/// The pool of an SQLite database in this process (the portal's store, the sandbox's state). A connection is
/// not pinged when it is taken: each ping is a round trip to the connection's worker thread, and a file in
/// this process has no network to test (perf: the pings were 7% of the wallet page's CPU).
pub fn sqlite_pool() -> SqlitePoolOptions {
    SqlitePoolOptions::new().max_connections(8).test_before_acquire(false)
}

/// Which database the store is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub pool: AnyPool,
    pub engine: Engine,
    /// The session records, in the same database.
    pub sessions: sessions::Sessions,
    /// This process among the instances sharing the store (who holds a lease).
    pub instance: std::sync::Arc<str>,
}

/// A name for this process that no other instance has: its host, its process id and a random part.
fn instance_name() -> std::sync::Arc<str> {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let host = host.trim();
    let host = if host.is_empty() { "portal" } else { host };
    format!("{host}-{}-{:04x}", std::process::id(), rand::random::<u16>()).into()
}

/// One line of the audit log.
pub struct AuditEntry<'a> {
    pub tenant_id: Option<i64>,
    /// The customer the line is about, for their timeline.
    pub customer_id: Option<i64>,
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

/// Rows written before ids were kept (admin_user_id 0) match by identity; `$first` and the next parameter are
/// the admin user's id and identity.
fn by_actor(first: usize) -> String {
    format!("(admin_user_id = ${first} OR (admin_user_id = 0 AND actor = ${}))", first + 1)
}

/// Connections to PostgreSQL per pool (queries, and sessions): two pools per instance.
const POSTGRES_CONNECTIONS: u32 = 10;

impl Store {
    /// Opens and migrates the store: the PostgreSQL database `database_url` names, or `portal.db` in
    /// `data_dir`.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Store, sqlx::Error> {
        sqlx::any::install_default_drivers();
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Self::open_postgres(url).await
            }
            Some(_) => Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with postgres:// (or be unset for SQLite)".into(),
            )),
            None => Self::open_sqlite(data_dir).await,
        }
    }

    async fn open_sqlite(data_dir: &Path) -> Result<Store, sqlx::Error> {
        std::fs::create_dir_all(data_dir).map_err(sqlx::Error::Io)?;
        let url = format!("sqlite://{}", data_dir.join("portal.db").display());
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let typed = sqlite_pool().connect_with(options).await?;
        sqlx::migrate!("migrations/portal/sqlite").run(&typed).await?;
        let sessions = sessions::Sessions::sqlite(typed).await?;
        // The `Any` driver opens SQLite from its URL alone: the journal mode is kept in the file (set above),
        // the rest is per connection.
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store { pool, engine: Engine::Sqlite, sessions, instance: instance_name() })
    }

    async fn open_postgres(url: &str) -> Result<Store, sqlx::Error> {
        let typed = PgPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        // Several instances may start at once: sqlx takes an advisory lock around the migrations, so they run
        // once.
        sqlx::migrate!("migrations/portal/postgres").run(&typed).await?;
        let sessions = sessions::Sessions::postgres(typed).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        Ok(Store { pool, engine: Engine::Postgres, sessions, instance: instance_name() })
    }

    /// Whether the store answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
    /// Marks an admin user as changed, so their sessions refresh their positions at the next request.
    pub async fn mark_admin_user_changed(
        &self,
        tenant_id: i64,
        admin_user_id: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO admin_user_changes (tenant_id, admin_user_id, changed_at) VALUES ($1, $2, $3) \
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
            "SELECT changed_at FROM admin_user_changes WHERE tenant_id = $1 AND admin_user_id = $2 AND changed_at >= $3",
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
        let result = sqlx::query("INSERT INTO kyc_contributions (tenant_id, customer_id, admin_user_id, actor, action, at) VALUES ($1, $2, $3, $4, $5, $6)")
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
            "SELECT action, at FROM kyc_contributions WHERE tenant_id = $1 AND {} AND customer_id = $4 \
             ORDER BY at LIMIT 1",
            by_actor(2)
        );
        let row: Option<(String, StoredTime)> = sqlx::query_as(&sql)
            .bind(tenant_id)
            .bind(actor.admin_user_id)
            .bind(actor.identity)
            .bind(customer_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(action, at)| Ok((action, at.try_into()?))).transpose()
    }

    /// Every customer whose KYC evidence `actor` gathered.
    pub async fn kyc_contributed_to(
        &self,
        tenant_id: i64,
        actor: Actor<'_>,
    ) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
        let sql = format!(
            "SELECT DISTINCT customer_id FROM kyc_contributions WHERE tenant_id = $1 AND {}",
            by_actor(2)
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
        let row: Option<(String, String, StoredTime)> = sqlx::query_as(
            "SELECT action, actor, at FROM kyc_contributions WHERE tenant_id = $1 AND customer_id = $2 AND at > $3 \
             AND action <> 'customer.ratify' ORDER BY at DESC LIMIT 1",
        )
        .bind(tenant_id)
        .bind(customer_id)
        .bind(crate::eclipse::timestamps::format(since))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(action, actor, at)| Ok((action, actor, at.try_into()?))).transpose()
    }
}
