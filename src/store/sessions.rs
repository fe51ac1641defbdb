//! Session records, in the store's own database: tower-sessions' SQLite or PostgreSQL store, whichever the
//! store is in. Every instance sharing the database sees every session.
use async_trait::async_trait;
use sqlx::{PgPool, SqlitePool};
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion, SessionStore},
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

const TABLE: &str = "sessions";

#[derive(Debug, Clone)]
pub enum Sessions {
    Sqlite(SqliteStore, SqlitePool),
    Postgres(PostgresStore, PgPool),
}

fn bad_name(err: String) -> sqlx::Error {
    sqlx::Error::Configuration(err.into())
}

impl Sessions {
    pub(super) async fn sqlite(pool: SqlitePool) -> Result<Sessions, sqlx::Error> {
        let store = SqliteStore::new(pool.clone()).with_table_name(TABLE).map_err(bad_name)?;
        store.migrate().await?;
        Ok(Sessions::Sqlite(store, pool))
    }

    pub(super) async fn postgres(pool: PgPool) -> Result<Sessions, sqlx::Error> {
        let store = PostgresStore::new(pool.clone()).with_table_name(TABLE).map_err(bad_name)?;
        store.migrate().await?;
        Ok(Sessions::Postgres(store, pool))
    }
}

impl Sessions {
    /// How many sessions have not expired (for the metrics). The tables are tower-sessions': SQLite keeps the
    /// expiry as Unix seconds, PostgreSQL as a timestamp in the store's own schema.
    pub async fn live(&self) -> Result<i64, sqlx::Error> {
        match self {
            Sessions::Sqlite(_, pool) => {
                sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM {TABLE} WHERE expiry_date > unixepoch()"
                ))
                .fetch_one(pool)
                .await
            }
            Sessions::Postgres(_, pool) => {
                sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM tower_sessions.{TABLE} WHERE expiry_date > now()"
                ))
                .fetch_one(pool)
                .await
            }
        }
    }
}

/// Each call goes to the store of the engine in use.
macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Sessions::Sqlite($store, _) => $call,
            Sessions::Postgres($store, _) => $call,
        }
    };
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        delegate!(self, store => store.create(record).await)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        delegate!(self, store => store.save(record).await)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        delegate!(self, store => store.load(id).await)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        delegate!(self, store => store.delete(id).await)
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        delegate!(self, store => store.delete_expired().await)
    }
}
