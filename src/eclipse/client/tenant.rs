//! The tenant's own records: the tenant, its admin users, its configuration and its wallet types.
use super::{segment, TenantClient};
use crate::eclipse::ErrorCode;
use crate::eclipse::{errors::EclipseResult, models::*};

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    endpoints! {
        tenant() -> Tenant = get("");
        update_tenant(update: &TenantUpdate) -> Tenant = put("", update);
        admin_users(params: &ListParams) -> Page<AdminUser> = get_page("/admin-users", params);
        admin_user(id: i64) -> AdminUser = get("/admin-users/{id}");
        create_admin_user(user: &NewAdminUser) -> AdminUser = post("/admin-users", user);
        delete_admin_user(id: i64) -> () = delete("/admin-users/{id}");
        config(params: &ListParams) -> Page<ConfigItem> = get_page("/config", params);
        create_config(item: &ConfigWrite) -> ConfigItem = post("/config", item);
        bulk_config(items: &[ConfigWrite]) -> Vec<ConfigItem> = post("/config/bulk", items);
        wallet_types() -> Vec<WalletType> = get("/wallet-types");
        wallet_type(id: i64) -> WalletType = get("/wallet-types/{id}");
        create_wallet_type(write: &WalletTypeWrite) -> WalletType = post("/wallet-types", write);
        /// `write.version` must be the version the change was based on (`VER001` when stale).
        update_wallet_type(id: i64, write: &WalletTypeWrite) -> WalletType =
            put("/wallet-types/{id}", write);
        delete_wallet_type(id: i64) -> () = delete("/wallet-types/{id}");
    }

    pub async fn update_admin_user(&self, update: &AdminUserUpdate) -> EclipseResult<AdminUser> {
        self.put(&format!("/admin-users/{}", update.admin_user_id), update).await
    }

    pub async fn update_config(&self, item: &ConfigWrite) -> EclipseResult<ConfigItem> {
        self.put(&format!("/config/{}", segment(&item.key)), item).await
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

    /// How many wallets use a type, from the list's `X-Total-Count`.
    pub async fn wallet_count_of_type(&self, wallet_type_id: i64) -> EclipseResult<u64> {
        let params = ListParams::first_where("walletTypeId", wallet_type_id.to_string());
        let page: Page<Wallet> = self.get_page("/wallets", &params).await?;
        Ok(page.total.unwrap_or(page.items.len() as u64))
    }
}
