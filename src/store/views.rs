//! Each admin's saved views of a list: a name and the list's address query, one of them the default.
use super::Store;
use chrono::{DateTime, Utc};

/// A saved view as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredView {
    pub view_id: i64,
    pub name: String,
    pub query: String,
    pub is_default: i64,
}

/// Whose views, of which list.
#[derive(Debug, Clone, Copy)]
pub struct ViewOwner<'a> {
    pub tenant_id: i64,
    pub admin_user_id: i64,
    pub list: &'a str,
}

impl Store {
    pub async fn views_of(&self, owner: ViewOwner<'_>) -> Result<Vec<StoredView>, sqlx::Error> {
        sqlx::query_as(
            "SELECT view_id, name, query, is_default FROM saved_views \
             WHERE tenant_id = $1 AND admin_user_id = $2 AND list = $3 ORDER BY name",
        )
        .bind(owner.tenant_id)
        .bind(owner.admin_user_id)
        .bind(owner.list)
        .fetch_all(&self.pool)
        .await
    }

    /// The query of the admin's default view of the list, if they marked one.
    pub async fn default_view(&self, owner: ViewOwner<'_>) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT query FROM saved_views \
             WHERE tenant_id = $1 AND admin_user_id = $2 AND list = $3 AND is_default = 1",
        )
        .bind(owner.tenant_id)
        .bind(owner.admin_user_id)
        .bind(owner.list)
        .fetch_optional(&self.pool)
        .await
    }

    /// Saves a view under its name, replacing the query of one already so named; as the default, the others
    /// stop being it. Returns the view's id.
    pub async fn save_view(
        &self,
        owner: ViewOwner<'_>,
        name: &str,
        query: &str,
        make_default: bool,
        now: DateTime<Utc>,
    ) -> Result<i64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let view_id: i64 = sqlx::query_scalar(
            "INSERT INTO saved_views (tenant_id, admin_user_id, list, name, query, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (tenant_id, admin_user_id, list, name) DO UPDATE SET query = excluded.query \
             RETURNING view_id",
        )
        .bind(owner.tenant_id)
        .bind(owner.admin_user_id)
        .bind(owner.list)
        .bind(name)
        .bind(query)
        .bind(crate::eclipse::timestamps::format(now))
        .fetch_one(&mut *tx)
        .await?;
        if make_default {
            mark_default(&mut tx, owner, Some(view_id)).await?;
        }
        tx.commit().await?;
        Ok(view_id)
    }

    /// Makes the view the list's default (`on`), or the list opens unfiltered again. False when the admin has
    /// no such view.
    pub async fn set_default_view(
        &self,
        owner: ViewOwner<'_>,
        view_id: i64,
        on: bool,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let found = self.owns(&mut tx, owner, view_id).await?;
        if found {
            mark_default(&mut tx, owner, on.then_some(view_id)).await?;
        }
        tx.commit().await?;
        Ok(found)
    }

    /// Deletes one of the admin's views; false when they have no such view.
    pub async fn delete_view(
        &self,
        owner: ViewOwner<'_>,
        view_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let deleted = sqlx::query(
            "DELETE FROM saved_views \
             WHERE tenant_id = $1 AND admin_user_id = $2 AND list = $3 AND view_id = $4",
        )
        .bind(owner.tenant_id)
        .bind(owner.admin_user_id)
        .bind(owner.list)
        .bind(view_id)
        .execute(&self.pool)
        .await?;
        Ok(deleted.rows_affected() == 1)
    }

    async fn owns(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        owner: ViewOwner<'_>,
        view_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT view_id FROM saved_views \
             WHERE tenant_id = $1 AND admin_user_id = $2 AND list = $3 AND view_id = $4",
        )
        .bind(owner.tenant_id)
        .bind(owner.admin_user_id)
        .bind(owner.list)
        .bind(view_id)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(found.is_some())
    }
}

/// One default per list: `view_id` becomes it (none when `None`).
async fn mark_default(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    owner: ViewOwner<'_>,
    view_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE saved_views SET is_default = CASE WHEN view_id = $4 THEN 1 ELSE 0 END \
         WHERE tenant_id = $1 AND admin_user_id = $2 AND list = $3",
    )
    .bind(owner.tenant_id)
    .bind(owner.admin_user_id)
    .bind(owner.list)
    .bind(view_id.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
