//! Demo wallets for the main tenant: 90 days of transactions before the seed date, live reservations,
//! pending and settled withdrawals (EFT, immediate EFT and ATM), and cards of every status.
use super::ledger::post_transaction;
use crate::eclipse::{
    models::{mask_pan, Attribute, KycLevel},
    timestamps,
};
use chrono::{DateTime, Duration, Utc};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sqlx::SqlitePool;

const MERCHANTS: &[&str] =
    &["Checkers", "Pick n Pay", "Woolworths", "Engen", "Takealot", "Uber", "Dis-Chem", "Mr Price"];

pub async fn seed_wallets(
    db: &SqlitePool,
    tenant_id: i64,
    customers: i64,
    seed_date: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut rng = StdRng::seed_from_u64(4242);
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT wallet_type_id, name, configuration FROM wallet_types WHERE tenant_id = ? ORDER BY wallet_type_id")
            .bind(tenant_id)
            .fetch_all(db)
            .await?;
    // (id, name, currency, KYC level) of each type.
    let types: Vec<(i64, String, String, KycLevel)> = rows
        .into_iter()
        .map(|(id, name, configuration)| {
            let attributes: Vec<Attribute> =
                serde_json::from_str(&configuration).unwrap_or_default();
            let get = |att: &str| attributes.iter().find(|a| a.att == att).map(|a| a.val.clone());
            let level = get("kycLevel").as_deref().and_then(KycLevel::parse).unwrap_or_default();
            (id, name, get("Currency").unwrap_or_else(|| "ZAR".into()), level)
        })
        .collect();
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT customer_id FROM customers WHERE tenant_id = ? ORDER BY customer_id LIMIT ?",
    )
    .bind(tenant_id)
    .bind(customers)
    .fetch_all(db)
    .await?;
    let mut tx = db.begin().await?;
    for (n, (customer_id,)) in ids.iter().enumerate() {
        // Every third customer has a second wallet of another type.
        let wallet_count = if n % 3 == 0 { 2 } else { 1 };
        for w in 0..wallet_count {
            let (type_id, type_name, currency, level) =
                &types[if w == 0 { 0 } else { 1 + n % (types.len() - 1) }];
            // The customer has the KYC level the wallet needed when it was opened.
            sqlx::query(
                "UPDATE customers SET kyc_level = ? WHERE customer_id = ? \
                 AND (CASE kyc_level WHEN 'NONE' THEN 0 WHEN 'BASIC' THEN 1 ELSE 2 END) < ?",
            )
            .bind(level.as_str())
            .bind(customer_id)
            .bind(*level as i64)
            .execute(&mut *tx)
            .await?;
            let created = seed_date - Duration::days(120);
            let wallet_id: i64 = sqlx::query_scalar(
                "INSERT INTO wallets (tenant_id, customer_id, wallet_type_id, name, description, currency, status, current_balance, \
                 friendly_id, external_unique_id, created) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', 0, ?, ?, ?) RETURNING wallet_id",
            )
            .bind(tenant_id)
            .bind(customer_id)
            .bind(type_id)
            .bind(if w == 0 { "Primary Wallet" } else { "Second Wallet" })
            .bind(format!("{type_name} wallet"))
            .bind(currency)
            .bind(format!("W{:07}", customer_id * 10 + w))
            .bind(format!("seed-wallet-{customer_id}-{w}"))
            .bind(timestamps::format(created))
            .fetch_one(&mut *tx)
            .await?;
            // 90 days of history: a salary or top-up, then purchases and transfers.
            let mut day = seed_date - Duration::days(90);
            let mut serial = 0;
            let mut external = || {
                serial += 1;
                format!("seed-tx-{wallet_id}-{serial}")
            };
            post_transaction(
                &mut tx,
                wallet_id,
                "deposit",
                rng.gen_range(5_000..40_000) * 100,
                "Opening deposit",
                Some(&external()),
                day,
            )
            .await
            .map_err(|_| sqlx::Error::RowNotFound)?;
            while day < seed_date - Duration::days(1) {
                day += Duration::hours(rng.gen_range(20..90));
                let (kind, amount, description) = match rng.gen_range(0..10) {
                    0 => ("deposit", rng.gen_range(1_000..15_000) * 100, "Top-up".to_owned()),
                    1 | 2 => (
                        "tfr.debit",
                        -rng.gen_range(50..1_500) * 100,
                        "Transfer to another wallet".to_owned(),
                    ),
                    _ => (
                        "tfr.debit.postilion.offus.pur.pos.domestic",
                        -rng.gen_range(1_000..90_000),
                        format!("POS Purchase {}", MERCHANTS[rng.gen_range(0..MERCHANTS.len())]),
                    ),
                };
                post_transaction(
                    &mut tx,
                    wallet_id,
                    kind,
                    amount,
                    &description,
                    Some(&external()),
                    day,
                )
                .await
                .map_err(|_| sqlx::Error::RowNotFound)?;
            }
            if n % 4 == 0 {
                sqlx::query("INSERT INTO reservations (wallet_id, session_id, description, amount, created, expires) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(wallet_id)
                    .bind(format!("session-{wallet_id}"))
                    .bind("Card authorisation hold")
                    .bind(rng.gen_range(1_000..50_000))
                    .bind(timestamps::format(seed_date))
                    .bind(timestamps::format(seed_date + Duration::days(365)))
                    .execute(&mut *tx)
                    .await?;
            }
            if w == 0 {
                // Withdrawals: the first customers get the mix the barring workflow acts on.
                let mix: &[(&str, &str)] = match n % 5 {
                    0 => &[
                        ("ZA_NEDBANK_EFT", "PENDING"),
                        ("ZA_NEDBANK_EFT_IMMEDIATE", "PENDING"),
                        ("ZA_PAYCORP_ATM", "PENDING"),
                    ],
                    1 => &[("ZA_NEDBANK_EFT", "SUCCESSFUL"), ("ZA_PAYCORP_ATM", "SUCCESSFUL")],
                    2 => &[
                        ("ZA_NEDBANK_EFT", "CANCELLED"),
                        ("ZA_NEDBANK_EFT_IMMEDIATE", "ERROR_PERM"),
                    ],
                    _ => &[],
                };
                for (i, (kind, status)) in mix.iter().enumerate() {
                    let at = timestamps::format(seed_date - Duration::days(i as i64 + 1));
                    sqlx::query("INSERT INTO withdrawals (wallet_id, type, status, amount, description, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .bind(wallet_id)
                        .bind(kind)
                        .bind(status)
                        .bind(rng.gen_range(100..2_000) * 100)
                        .bind("Withdrawal to bank")
                        .bind(&at)
                        .bind(&at)
                        .execute(&mut *tx)
                        .await?;
                }
                let card_status = ["ACTIVE", "ACTIVE", "ACTIVE", "STOPPED", "BLOCKED"][n % 5];
                let card_type = if n % 2 == 0 { "virtual" } else { "physical" };
                let pan = format!("539999{:010}", rng.gen_range(0..10_000_000_000u64));
                sqlx::query(
                    "INSERT INTO cards (tenant_id, wallet_id, customer_id, card_type, status, name, masked_pan, operation_type, created) \
                     VALUES (?, ?, ?, ?, ?, 'Card', ?, 'PRIMARY_CARD', ?)",
                )
                .bind(tenant_id)
                .bind(wallet_id)
                .bind(customer_id)
                .bind(card_type)
                .bind(card_status)
                .bind(mask_pan(&pan))
                .bind(timestamps::format(created))
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await
}
