//! Wallets and what hangs off them: eligible types, transactions, reservations, withdrawals and cards.
use super::TenantClient;
use crate::eclipse::{errors::EclipseResult, models::*};

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    pub async fn eligible_wallet_types(&self, customer_id: i64) -> EclipseResult<Vec<WalletType>> {
        self.get(&format!("/customers/{customer_id}/wallet-types")).await
    }

    pub async fn customer_wallets(&self, customer_id: i64) -> EclipseResult<Vec<Wallet>> {
        self.get(&format!("/customers/{customer_id}/wallets")).await
    }

    /// Sent once: a retry looks the wallet up by its `externalUniqueId` instead.
    pub async fn create_wallet(
        &self,
        customer_id: i64,
        wallet: &NewWallet,
    ) -> EclipseResult<Wallet> {
        self.post(&format!("/customers/{customer_id}/wallets"), wallet).await
    }

    /// The wallet staff call by its friendly id (ours: the vendor documents no such filter).
    pub async fn wallet_by_friendly_id(&self, friendly_id: &str) -> EclipseResult<Option<Wallet>> {
        let params = ListParams {
            offset: 0,
            limit: 1,
            sort: None,
            filters: vec![("friendlyId".into(), friendly_id.to_owned())],
        };
        let page: Page<Wallet> = self.get_page("/wallets", &params).await?;
        Ok(page.items.into_iter().next())
    }

    /// Moves money between two wallets of the tenant, once per `externalUniqueId`: a repeat is `DUP001`, and
    /// `created_once` finds the debit the first attempt wrote.
    pub async fn transfer(&self, transfer: &Transfer) -> EclipseResult<TransferResult> {
        self.post("/wallets/transfers", transfer).await
    }

    pub async fn wallet(&self, wallet_id: i64) -> EclipseResult<Wallet> {
        self.get(&format!("/wallets/{wallet_id}")).await
    }

    /// A status change (with its reason): sent once, never retried.
    pub async fn update_wallet(
        &self,
        wallet_id: i64,
        update: &WalletUpdate,
    ) -> EclipseResult<Wallet> {
        self.put(&format!("/wallets/{wallet_id}"), update).await
    }

    /// Newest first; `params.filters` carry `dateFromIncl`, `dateToExcl` and `type`.
    pub async fn wallet_transactions(
        &self,
        wallet_id: i64,
        params: &ListParams,
    ) -> EclipseResult<Page<Transaction>> {
        self.get_page(&format!("/wallets/{wallet_id}/transactions"), params).await
    }

    pub async fn wallet_reservations(&self, wallet_id: i64) -> EclipseResult<Vec<Reservation>> {
        self.get(&format!("/wallets/{wallet_id}/reservations?limit=100")).await
    }

    pub async fn wallet_withdrawals(&self, wallet_id: i64) -> EclipseResult<Vec<Withdrawal>> {
        self.get(&format!("/wallets/{wallet_id}/withdrawals?limit=100")).await
    }

    pub async fn withdrawal(
        &self,
        wallet_id: i64,
        withdrawal_id: i64,
    ) -> EclipseResult<Withdrawal> {
        self.get(&format!("/wallets/{wallet_id}/withdrawals/{withdrawal_id}")).await
    }

    /// Cancels a pending withdrawal (the only change Eclipse allows): sent once, never retried.
    pub async fn update_withdrawal(
        &self,
        wallet_id: i64,
        withdrawal_id: i64,
        update: &WithdrawalUpdate,
    ) -> EclipseResult<Withdrawal> {
        self.put(&format!("/wallets/{wallet_id}/withdrawals/{withdrawal_id}"), update).await
    }

    pub async fn card(&self, card_id: i64) -> EclipseResult<Card> {
        self.get(&format!("/cards/{card_id}")).await
    }

    /// A card's status change (with its reason): sent once, never retried.
    /// (ours: the vendor names "Set and send new card PIN to customer" but documents no path)
    pub async fn reset_card_pin(&self, card_id: i64) -> EclipseResult<PinReset> {
        self.post(&format!("/cards/{card_id}/pin"), &serde_json::json!({})).await
    }

    pub async fn update_card(&self, card_id: i64, update: &CardUpdate) -> EclipseResult<Card> {
        self.put(&format!("/cards/{card_id}"), update).await
    }

    pub async fn wallet_cards(&self, wallet_id: i64) -> EclipseResult<Vec<Card>> {
        self.get(&format!("/wallets/{wallet_id}/cards")).await
    }

    /// Sent once: a retry looks the card up by its `externalUniqueId` instead.
    pub async fn link_card(&self, wallet_id: i64, card: &NewCard) -> EclipseResult<Card> {
        self.post(&format!("/wallets/{wallet_id}/cards"), card).await
    }

    pub async fn customer_cards(&self, customer_id: i64) -> EclipseResult<Vec<Card>> {
        self.get(&format!("/customers/{customer_id}/cards")).await
    }
}
