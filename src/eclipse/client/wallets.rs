//! Wallets and what hangs off them: eligible types, transactions, reservations, withdrawals and cards.
use super::TenantClient;
use crate::eclipse::models::*;

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    endpoints! {
        /// The wallet types whose KYC level the customer meets.
        eligible_wallet_types(customer_id: i64) -> Vec<WalletType> =
            get("/customers/{customer_id}/wallet-types");
        customer_wallets(customer_id: i64) -> Vec<Wallet> = get("/customers/{customer_id}/wallets");
        /// Sent once: a retry looks the wallet up by its `externalUniqueId` instead.
        create_wallet(customer_id: i64, wallet: &NewWallet) -> Wallet =
            post("/customers/{customer_id}/wallets", wallet);
        /// The wallet staff call by its friendly id (ours: the vendor documents no such filter).
        wallet_by_friendly_id(friendly_id: &str) -> Option<Wallet> =
            find_first("/wallets", "friendlyId", friendly_id);
        /// Moves money between two wallets of the tenant, once per `externalUniqueId`: a repeat is `DUP001`,
        /// and `created_once` finds the debit the first attempt wrote.
        transfer(transfer: &Transfer) -> TransferResult = post("/wallets/transfers", transfer);
        wallet(wallet_id: i64) -> Wallet = get("/wallets/{wallet_id}");
        /// A status change (with its reason): sent once, never retried.
        update_wallet(wallet_id: i64, update: &WalletUpdate) -> Wallet =
            put("/wallets/{wallet_id}", update);
        /// Newest first; `params.filters` carry `dateFromIncl`, `dateToExcl` and `type`.
        wallet_transactions(wallet_id: i64, params: &ListParams) -> Page<Transaction> =
            get_page("/wallets/{wallet_id}/transactions", params);
        wallet_reservations(wallet_id: i64) -> Vec<Reservation> =
            get("/wallets/{wallet_id}/reservations?limit=100");
        wallet_withdrawals(wallet_id: i64) -> Vec<Withdrawal> =
            get("/wallets/{wallet_id}/withdrawals?limit=100");
        withdrawal(wallet_id: i64, withdrawal_id: i64) -> Withdrawal =
            get("/wallets/{wallet_id}/withdrawals/{withdrawal_id}");
        /// Cancels a pending withdrawal (the only change Eclipse allows): sent once, never retried.
        update_withdrawal(wallet_id: i64, withdrawal_id: i64, update: &WithdrawalUpdate)
            -> Withdrawal = put("/wallets/{wallet_id}/withdrawals/{withdrawal_id}", update);
        card(card_id: i64) -> Card = get("/cards/{card_id}");
        /// (ours: the vendor names "Set and send new card PIN to customer" but documents no path)
        reset_card_pin(card_id: i64) -> PinReset =
            post("/cards/{card_id}/pin", &serde_json::json!({}));
        /// A card's status change (with its reason): sent once, never retried.
        update_card(card_id: i64, update: &CardUpdate) -> Card = put("/cards/{card_id}", update);
        wallet_cards(wallet_id: i64) -> Vec<Card> = get("/wallets/{wallet_id}/cards");
        /// Sent once: a retry looks the card up by its `externalUniqueId` instead.
        link_card(wallet_id: i64, card: &NewCard) -> Card =
            post("/wallets/{wallet_id}/cards", card);
        customer_cards(customer_id: i64) -> Vec<Card> = get("/customers/{customer_id}/cards");
    }
}
