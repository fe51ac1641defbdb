//! The sandbox's SQLite store.
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    SqlitePool,
};
use std::{path::Path, str::FromStr, time::Duration};

pub async fn open(data_dir: &Path) -> Result<SqlitePool, sqlx::Error> {
    std::fs::create_dir_all(data_dir).map_err(sqlx::Error::Io)?;
    let url = format!("sqlite://{}", data_dir.join("sandbox.db").display());
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = crate::store::sqlite_pool().connect_with(options).await?;
    sqlx::migrate!("migrations/sandbox").run(&pool).await?;
    forget_samples(&pool).await?;
    Ok(pool)
}

/// Keeps the planner's per-index summaries (`sqlite_stat1`) and drops `ANALYZE`'s sampled values (`sqlite_stat4`).
/// With samples, SQLite re-prepares a statement whenever a bound value its plan could depend on changes, which
/// is every call: 12% of the CPU of a wallet page was spent re-parsing SQL (perf, before this).
pub async fn forget_samples(db: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("DROP TABLE IF EXISTS sqlite_stat4").execute(db).await.map(|_| ())
}

/// The HMAC key of the sandbox's tokens, made once and kept, so that tokens survive a restart.
pub async fn signing_key(db: &SqlitePool) -> Result<Vec<u8>, sqlx::Error> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    if let Some((value,)) =
        sqlx::query_as::<_, (String,)>("SELECT value FROM meta WHERE key = 'jwt_key'").fetch_optional(db).await?
    {
        return STANDARD.decode(value).map_err(|e| sqlx::Error::Decode(Box::new(e)));
    }
    let key: [u8; 32] = rand::random();
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('jwt_key', ?)")
        .bind(STANDARD.encode(key))
        .execute(db)
        .await?;
    // Another process may have won the race: read back what is stored.
    Box::pin(signing_key(db)).await
}

/// One record of `table` by its id, within a tenant, or `NFD001` naming `what`: another tenant's record is
/// "not found", never revealed. Every module's `load` is this query.
pub async fn tenant_record<R>(
    db: &SqlitePool,
    (table, id_column, columns): (&str, &str, &str),
    tenant_id: i64,
    id: i64,
    what: &str,
) -> super::error::ApiResult<R>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    sqlx::query_as::<_, R>(&format!("SELECT {columns} FROM {table} WHERE tenant_id = ? AND {id_column} = ?"))
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| super::ApiError::not_found(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_planner_keeps_summaries_but_no_samples_that_force_re_preparing() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(dir.path()).await.unwrap();
        super::super::seed::seed_demo_if_empty(&db, chrono::Utc::now()).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as("SELECT name FROM sqlite_schema WHERE name LIKE 'sqlite_stat%' ORDER BY name")
            .fetch_all(&db)
            .await
            .unwrap();
        let tables: Vec<&str> = tables.iter().map(|(n,)| n.as_str()).collect();
        assert!(tables.contains(&"sqlite_stat1"), "{tables:?}");
        assert!(!tables.contains(&"sqlite_stat4"), "{tables:?}");
    }
}
