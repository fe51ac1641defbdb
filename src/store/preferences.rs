//! Each admin's own choices, kept across sessions and browsers.
use super::Store;

impl Store {
    /// The admin's theme, if they chose one.
    pub async fn theme_of(
        &self,
        tenant_id: i64,
        admin_user_id: i64,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT theme FROM admin_preferences WHERE tenant_id = $1 AND admin_user_id = $2",
        )
        .bind(tenant_id)
        .bind(admin_user_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn set_theme(
        &self,
        tenant_id: i64,
        admin_user_id: i64,
        theme: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO admin_preferences (tenant_id, admin_user_id, theme) VALUES ($1, $2, $3) \
             ON CONFLICT (tenant_id, admin_user_id) DO UPDATE SET theme = excluded.theme",
        )
        .bind(tenant_id)
        .bind(admin_user_id)
        .bind(theme)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
