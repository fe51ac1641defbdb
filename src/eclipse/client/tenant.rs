//! The tenant's own records: the tenant, its admin users, its configuration and its wallet types.
use super::{segment, TenantClient};
use crate::eclipse::ErrorCode;
use crate::eclipse::{errors::EclipseResult, models::*};

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    pub async fn tenant(&self) -> EclipseResult<Tenant> {
        self.get("").await
    }

    pub async fn update_tenant(&self, update: &TenantUpdate) -> EclipseResult<Tenant> {
        self.put("", update).await
    }

    pub async fn admin_users(&self, params: &ListParams) -> EclipseResult<Page<AdminUser>> {
        self.get_page("/admin-users", params).await
    }

    pub async fn admin_user(&self, id: i64) -> EclipseResult<AdminUser> {
        self.get(&format!("/admin-users/{id}")).await
    }

    pub async fn create_admin_user(&self, user: &NewAdminUser) -> EclipseResult<AdminUser> {
        self.post("/admin-users", user).await
    }

    pub async fn update_admin_user(&self, update: &AdminUserUpdate) -> EclipseResult<AdminUser> {
        self.put(&format!("/admin-users/{}", update.admin_user_id), update).await
    }

    pub async fn delete_admin_user(&self, id: i64) -> EclipseResult<()> {
        self.delete(&format!("/admin-users/{id}")).await
    }

    pub async fn config(&self, params: &ListParams) -> EclipseResult<Page<ConfigItem>> {
        self.get_page("/config", params).await
    }

    pub async fn create_config(&self, item: &ConfigWrite) -> EclipseResult<ConfigItem> {
        self.post("/config", item).await
    }

    pub async fn update_config(&self, item: &ConfigWrite) -> EclipseResult<ConfigItem> {
        self.put(&format!("/config/{}", segment(&item.key)), item).await
    }

    pub async fn bulk_config(&self, items: &[ConfigWrite]) -> EclipseResult<Vec<ConfigItem>> {
        self.post("/config/bulk", items).await
    }

    pub async fn delete_config(&self, key: &str) -> EclipseResult<()> {
        self.delete(&format!("/config/{}", segment(key))).await
    }

    /// A setting's value in force: the tenant's own, else the documented default ("" for an unknown key).
    pub async fn setting(&self, key: &str) -> EclipseResult<String> {
        match self.get::<ConfigItem>(&format!("/config/{}", segment(key))).await {
            Ok(item) => Ok(item.value),
            Err(err) if err.is(ErrorCode::NotFound) => {
                Ok(known_config_key(key).map(|k| k.default.to_owned()).unwrap_or_default())
            }
            Err(err) => Err(err),
        }
    }

    pub async fn wallet_types(&self) -> EclipseResult<Vec<WalletType>> {
        self.get("/wallet-types").await
    }

    pub async fn wallet_type(&self, id: i64) -> EclipseResult<WalletType> {
        self.get(&format!("/wallet-types/{id}")).await
    }

    pub async fn create_wallet_type(&self, write: &WalletTypeWrite) -> EclipseResult<WalletType> {
        self.post("/wallet-types", write).await
    }

    /// `write.version` must be the version the change was based on (`VER001` when stale).
    pub async fn update_wallet_type(
        &self,
        id: i64,
        write: &WalletTypeWrite,
    ) -> EclipseResult<WalletType> {
        self.put(&format!("/wallet-types/{id}"), write).await
    }

    pub async fn delete_wallet_type(&self, id: i64) -> EclipseResult<()> {
        self.delete(&format!("/wallet-types/{id}")).await
    }

    /// How many wallets use a type, from the list's `X-Total-Count`.
    pub async fn wallet_count_of_type(&self, wallet_type_id: i64) -> EclipseResult<u64> {
        let params = ListParams {
            offset: 0,
            limit: 1,
            sort: None,
            filters: vec![("walletTypeId".into(), wallet_type_id.to_string())],
        };
        let page: Page<Wallet> = self.get_page("/wallets", &params).await?;
        Ok(page.total.unwrap_or(page.items.len() as u64))
    }
}
