//! The sandbox's SQLite store.
use super::{audit, extract::Scoped};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    SqliteConnection, SqlitePool,
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
    stored_key(db, "jwt_key").await.map(Vec::from)
}

/// The key `Encrypt:` settings are sealed with, apart from the tokens' key.
pub async fn config_key(db: &SqlitePool) -> Result<[u8; 32], sqlx::Error> {
    stored_key(db, "config_key").await
}

/// A random 32-byte key kept in `meta` under `name`, made on first use.
async fn stored_key(db: &SqlitePool, name: &str) -> Result<[u8; 32], sqlx::Error> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    let stored = sqlx::query_as::<_, (String,)>("SELECT value FROM meta WHERE key = ?")
        .bind(name)
        .fetch_optional(db)
        .await?;
    if let Some((value,)) = stored {
        let bytes = STANDARD.decode(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        return <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|e| sqlx::Error::Decode(Box::new(e)));
    }
    let key: [u8; 32] = rand::random();
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)")
        .bind(name)
        .bind(STANDARD.encode(key))
        .execute(db)
        .await?;
    // Another process may have won the race: read back what is stored.
    Box::pin(stored_key(db, name)).await
}

/// One record of `table` by its id, within a tenant, or `NFD001` naming `what`: another tenant's record is
/// "not found", never revealed. Every module's `load` is this query.
pub async fn tenant_record<R>(
    db: impl sqlx::SqliteExecutor<'_>,
    (table, id_column, columns): (&str, &str, &str),
    tenant_id: i64,
    id: i64,
    what: &str,
) -> super::error::ApiResult<R>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    sqlx::query_as::<_, R>(&format!(
        "SELECT {columns} FROM {table} WHERE tenant_id = ? AND {id_column} = ?"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| super::ApiError::not_found(what))
}

/// A record an endpoint reads by its id within the caller's tenant.
pub trait Record: serde::Serialize + Sized {
    /// The record, or `NFD001` when the tenant has no such record.
    fn load(
        state: &super::SandboxState,
        tenant_id: i64,
        id: i64,
    ) -> impl std::future::Future<Output = super::error::ApiResult<Self>> + Send;
}

/// A record kept in one table of the tenant: where it lives, and the row it is made from.
pub trait TenantTable: From<Self::Row> + Send {
    type Row: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin;
    /// Table, id column, and the columns the row reads.
    const PLACE: (&'static str, &'static str, &'static str);
    /// What `NFD001` calls a missing one.
    const WHAT: &'static str;
    /// What a caller needs to change or delete one.
    const EDIT: crate::eclipse::positions::Capability;

    /// What deleting this one tells the customer's audit trail, for records that are part of a customer's.
    fn deleted(&self) -> Option<audit::Event> {
        None
    }
}

/// A record of a `TenantTable` by its id, or `NFD001` (another tenant's record is never revealed).
pub async fn load<T: TenantTable>(
    state: &super::SandboxState,
    tenant_id: i64,
    id: i64,
) -> super::error::ApiResult<T> {
    load_on(&state.db, tenant_id, id).await
}

/// `load` on a given connection (the caller's transaction).
pub async fn load_on<T: TenantTable>(
    on: impl sqlx::SqliteExecutor<'_>,
    tenant_id: i64,
    id: i64,
) -> super::error::ApiResult<T> {
    tenant_record::<T::Row>(on, T::PLACE, tenant_id, id, T::WHAT).await.map(T::from)
}

impl<T: TenantTable + serde::Serialize> Record for T {
    fn load(
        state: &super::SandboxState,
        tenant_id: i64,
        id: i64,
    ) -> impl std::future::Future<Output = super::error::ApiResult<Self>> + Send {
        load(state, tenant_id, id)
    }
}

impl Scoped<(i64, i64)> {
    /// The store, when the caller holds `capability` in the tenant, and the tenant's record of the path
    /// (`NFD001` otherwise, after the position check): the first steps of `T/<records>/{id}` and of every
    /// endpoint under it (`T/customers/{id}/addresses`, `T/wallets/{id}/transactions`…).
    pub async fn require_record<R: Record>(
        &self,
        capability: crate::eclipse::positions::Capability,
    ) -> super::error::ApiResult<(&super::SandboxState, R)> {
        let (state, (tenant_id, id)) = self.require(capability)?;
        Ok((state, R::load(state, tenant_id, id).await?))
    }
}

/// `GET T/<records>/{id}`: one record of the tenant, for every position (they all read the basics).
pub async fn get_one<R: Record>(
    scope: Scoped<(i64, i64)>,
) -> super::error::ApiResult<axum::Json<R>> {
    let basics = crate::eclipse::positions::Capability::ReadBasics;
    let (_, record) = scope.require_record::<R>(basics).await?;
    Ok(axum::Json(record))
}

/// `201 Created` with the new record `id` as it is stored.
pub async fn created<R: Record>(
    state: &super::SandboxState,
    tenant_id: i64,
    id: i64,
) -> super::error::ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let record = R::load(state, tenant_id, id).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(record)).into_response())
}

/// What `Update::apply` works with: the change's transaction, the caller, and the record as read in it
/// before the change.
pub struct Change<'a, T> {
    pub conn: &'a mut SqliteConnection,
    pub caller: &'a super::auth::Caller,
    pub tenant_id: i64,
    pub id: i64,
    pub current: T,
}

/// A record that `PUT T/<records>/{id}` changes (`update_one`), in these steps: the caller's right, the
/// body's own rules, the record as stored (`NFD001`), then the change checked against it and written.
pub trait Update: TenantTable + serde::Serialize {
    /// What the `PUT` sends.
    type Body: serde::de::DeserializeOwned + Send;

    /// The store, when the caller may make this change: by default, when they may edit such records.
    fn authorise<'c>(
        caller: &'c super::auth::Caller,
        tenant_id: i64,
        _body: &Self::Body,
    ) -> super::error::ApiResult<&'c super::SandboxState> {
        caller.require(tenant_id, Self::EDIT)
    }

    /// Rules of the body alone, checked before the record is read.
    fn check(_body: &Self::Body) -> super::error::ApiResult<()> {
        Ok(())
    }

    /// Checks the change against the record as it is, writes it, and records it in the customer's audit
    /// trail when the record is part of a customer's (all on `change.conn`).
    fn apply(
        change: Change<'_, Self>,
        body: Self::Body,
    ) -> impl std::future::Future<Output = super::error::ApiResult<()>> + Send;
}

/// `PUT T/<records>/{id}`: `Update`'s steps, in one transaction, answered with the record as stored after
/// the change.
pub async fn update_one<T: Update>(
    scope: Scoped<(i64, i64)>,
    super::extract::JsonBody(body): super::extract::JsonBody<T::Body>,
) -> super::error::ApiResult<axum::Json<T>> {
    let (caller, (tenant_id, id)) = (&scope.caller, scope.path);
    let state = T::authorise(caller, tenant_id, &body)?;
    T::check(&body)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let current = load_on::<T>(&mut *tx, tenant_id, id).await?;
    T::apply(Change { conn: &mut tx, caller, tenant_id, id, current }, body).await?;
    tx.commit().await?;
    Ok(axum::Json(load(state, tenant_id, id).await?))
}

/// `DELETE T/<records>/{id}`: removes one record of the tenant, and tells the customer's audit trail when
/// it was part of a customer's.
pub async fn delete_one<T: TenantTable>(
    scope: Scoped<(i64, i64)>,
) -> super::error::ApiResult<axum::http::StatusCode> {
    let (state, (tenant_id, id)) = scope.require(T::EDIT)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let record = load_on::<T>(&mut *tx, tenant_id, id).await?;
    let (table, id_column, _) = T::PLACE;
    delete_row(&mut *tx, (table, id_column, T::WHAT), tenant_id, id).await?;
    if let Some(event) = record.deleted() {
        audit::record(&mut tx, &scope.caller, event).await?;
    }
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Deletes the tenant's record `id` from `table`, or answers `NFD001` with `what` when there is none.
pub async fn delete_row(
    on: impl sqlx::SqliteExecutor<'_>,
    (table, id_column, what): (&str, &str, &str),
    tenant_id: i64,
    id: i64,
) -> super::error::ApiResult<()> {
    let sql = format!("DELETE FROM {table} WHERE tenant_id = ? AND {id_column} = ?");
    let remove = sqlx::query(&sql).bind(tenant_id).bind(id);
    guarded(remove, on, async || super::ApiError::not_found(what)).await
}

/// A statement with its binds, as `sqlx::query` builds it.
pub type Statement<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Runs an insert and gives the new row's id; a unique index that refuses it is `DUP001` on `unique`, the
/// request field whose value is taken.
pub async fn insert<'c>(
    write: Statement<'_>,
    on: impl sqlx::SqliteExecutor<'c>,
    unique: &str,
) -> super::error::ApiResult<i64> {
    let done = write.execute(on).await.map_err(|e| super::ApiError::from_insert(e, unique))?;
    Ok(done.last_insert_rowid())
}

/// The sandbox's one shape of a checked change: the statement carries its own condition (`AND version = ?`,
/// `AND status = 'PENDING'`, or only the key), so no other writer can slip between the check and the write.
/// When it changed no row the condition no longer held, and `refused` says why (it may read the record as it
/// is now).
pub async fn guarded<'c>(
    write: Statement<'_>,
    on: impl sqlx::SqliteExecutor<'c>,
    refused: impl AsyncFnOnce() -> super::ApiError,
) -> super::error::ApiResult<()> {
    if write.execute(on).await?.rows_affected() == 0 {
        return Err(refused().await);
    }
    Ok(())
}

/// A table whose records carry a `version` that every accepted change increments (customers, wallet types):
/// a change based on an older version is refused with `VER001`, so no one overwrites a change unseen.
pub struct Versioned {
    pub table: &'static str,
    pub id_column: &'static str,
    /// The record as an error names it (`wallet type`).
    pub what: &'static str,
}

impl Versioned {
    /// `UPDATE {table} SET {set}, version = version + 1 WHERE tenant_id = ? AND {id} = ? AND version = ?`: the
    /// caller binds the values of `set`, `update` binds the rest.
    pub fn update_sql(&self, set: &str) -> String {
        format!("UPDATE {} SET {set}, version = version + 1 WHERE tenant_id = ? AND {} = ? AND version = ?", self.table, self.id_column)
    }

    /// Runs an update of `update_sql` for the record `id` of the tenant, based on version `sent`, on `conn`
    /// (the caller's transaction, or a connection of its own). Stale is `VER001` naming the current version; a
    /// record that is not there (or is another tenant's) is `NFD001`.
    pub async fn update(
        &self,
        conn: &mut SqliteConnection,
        write: Statement<'_>,
        tenant_id: i64,
        id: i64,
        sent: i64,
    ) -> super::error::ApiResult<()> {
        let write = write.bind(tenant_id).bind(id).bind(sent);
        // `guarded`'s shape, with the refusal read on the same connection once the write is done with it.
        if write.execute(&mut *conn).await?.rows_affected() > 0 {
            return Ok(());
        }
        let current = sqlx::query_as::<_, (i64,)>(&format!(
            "SELECT version FROM {} WHERE tenant_id = ? AND {} = ?",
            self.table, self.id_column
        ))
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(conn)
        .await?;
        Err(match current {
            Some((current,)) => super::ApiError::stale(self.what, sent, current),
            None => super::ApiError::not_found(self.what),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_planner_keeps_summaries_but_no_samples_that_force_re_preparing() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(dir.path()).await.unwrap();
        super::super::seed::seed_demo_if_empty(&db, chrono::Utc::now()).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_schema WHERE name LIKE 'sqlite_stat%' ORDER BY name",
        )
        .fetch_all(&db)
        .await
        .unwrap();
        let tables: Vec<&str> = tables.iter().map(|(n,)| n.as_str()).collect();
        assert!(tables.contains(&"sqlite_stat1"), "{tables:?}");
        assert!(!tables.contains(&"sqlite_stat4"), "{tables:?}");
    }
}
