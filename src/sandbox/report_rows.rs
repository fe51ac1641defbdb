//! (ours) The tenant reports that answer rows rather than totals, for exports: paged as every list is
//! (`offset`, `limit`, `X-Total-Count`), in a fixed order, over `fromIncl`/`toExcl` instants where a range
//! applies. `docs/sandbox.md`, "Tenant reports", lists them.
use super::prelude::*;
use super::{extract::instant_param, reports::ReportQuery, wallets::to_money};
use crate::eclipse::models::{CardTransactionRow, KycStatusRow, WalletBalanceRow, WithdrawalRow};

/// The types of the transactions a card made (its scheme's switch names them).
const CARD_TYPES: &str = "%.postilion.%";

/// The range and page a report of rows was asked for.
pub struct Rows {
    pub tenant_id: i64,
    from: String,
    to: String,
    window: Paging,
}

impl Rows {
    pub fn of(tenant_id: i64, q: &ReportQuery, now: DateTime<Utc>) -> ApiResult<Rows> {
        let from = instant_param("fromIncl", &q.from_incl)?.unwrap_or(DateTime::UNIX_EPOCH);
        let to = instant_param("toExcl", &q.to_excl)?.unwrap_or(now);
        if from >= to {
            return Err(ApiError::validation("fromIncl", "must be before toExcl"));
        }
        let window = Paging { offset: q.offset, limit: q.limit, sort: None };
        Ok(Rows { tenant_id, from: timestamps::format(from), to: timestamps::format(to), window })
    }
}

/// `WALLET_BALANCE`: each wallet opened before the range's end, with its balance at either end.
pub async fn wallet_balances(db: &sqlx::SqlitePool, q: Rows) -> ApiResult<Response> {
    let Rows { tenant_id, from, to, window } = q;
    {
        // Balances at either end from today's, less what moved since: right whatever a wallet
        // started with.
        let after = |at: &str| {
            format!(
                "w.current_balance - COALESCE((SELECT SUM(t.amount) FROM transactions t \
                     WHERE t.wallet_id = w.wallet_id AND t.date >= '{at}'), 0)"
            )
        };
        let columns = format!(
                "w.wallet_id, w.friendly_id, w.customer_id, w.currency, w.status, {} AS opening, {} AS closing",
                after(&from),
                after(&to)
            );
        let (rows, total) = filtered::<(i64, String, i64, String, String, i64, i64)>(
            db,
            (&columns, "wallets w"),
            "w.tenant_id = ? AND w.created < ?",
            Values::default().with(tenant_id).with(to.clone()),
            &window.fixed("ORDER BY w.wallet_id")?,
        )
        .await?;
        let rows =
            rows.into_iter().map(|(id, friendly, customer, currency, status, opening, closing)| {
                WalletBalanceRow {
                    wallet_id: id,
                    friendly_id: friendly,
                    customer_id: customer,
                    currency,
                    status,
                    opening_balance: to_money(opening),
                    closing_balance: to_money(closing),
                }
            });
        Ok(page(rows.collect::<Vec<_>>(), total))
    }
}

/// `WITHDRAWAL`: the withdrawals made in the range.
pub async fn withdrawals(db: &sqlx::SqlitePool, q: Rows) -> ApiResult<Response> {
    let Rows { tenant_id, from, to, window } = q;
    {
        let (rows, total) = filtered::<(i64, i64, i64, String, String, i64, String, String, String)>(
                db,
                (
                    "d.withdrawal_id, d.wallet_id, w.customer_id, d.type, d.status, d.amount, w.currency, d.created, d.last_modified",
                    "withdrawals d JOIN wallets w ON w.wallet_id = d.wallet_id",
                ),
                "w.tenant_id = ? AND d.created >= ? AND d.created < ?",
                Values::default().with(tenant_id).with(from).with(to),
                &window.fixed("ORDER BY d.created, d.withdrawal_id")?,
            )
            .await?;
        let rows = rows.into_iter().map(
            |(id, wallet, customer, kind, status, amount, currency, created, modified)| {
                WithdrawalRow {
                    withdrawal_id: id,
                    wallet_id: wallet,
                    customer_id: customer,
                    kind,
                    status,
                    amount: to_money(amount),
                    currency,
                    created: timestamps::parse(&created).unwrap_or_default(),
                    last_modified: timestamps::parse(&modified).unwrap_or_default(),
                }
            },
        );
        Ok(page(rows.collect::<Vec<_>>(), total))
    }
}

/// `CARD_TRANSACTION`: the transactions cards made in the range.
pub async fn card_transactions(db: &sqlx::SqlitePool, q: Rows) -> ApiResult<Response> {
    let Rows { tenant_id, from, to, window } = q;
    {
        let (rows, total) = filtered::<(String, i64, i64, String, String, String, i64, String)>(
                db,
                (
                    "t.transaction_id, t.wallet_id, w.customer_id, t.date, t.type, t.description, t.amount, w.currency",
                    "transactions t JOIN wallets w ON w.wallet_id = t.wallet_id",
                ),
                "w.tenant_id = ? AND t.date >= ? AND t.date < ? AND t.type LIKE ?",
                Values::default().with(tenant_id).with(from).with(to).with(CARD_TYPES),
                &window.fixed("ORDER BY t.date, t.transaction_id")?,
            )
            .await?;
        let rows = rows.into_iter().map(
            |(id, wallet, customer, date, kind, description, amount, currency)| {
                CardTransactionRow {
                    transaction_id: id,
                    wallet_id: wallet,
                    customer_id: customer,
                    date: timestamps::parse(&date).unwrap_or_default(),
                    kind,
                    description,
                    amount: to_money(amount),
                    currency,
                }
            },
        );
        Ok(page(rows.collect::<Vec<_>>(), total))
    }
}

/// `KYC_STATUS`: the customers who joined in the range, and where their KYC stands now.
pub async fn kyc_status(db: &sqlx::SqlitePool, q: Rows) -> ApiResult<Response> {
    let Rows { tenant_id, from, to, window } = q;
    {
        let latest = "(SELECT r.{} FROM ratify_results r WHERE r.customer_id = c.customer_id \
                          ORDER BY r.created DESC LIMIT 1)";
        let columns = format!(
                "c.customer_id, c.kyc_level, c.status, c.created, {} AS ratified, {} AS outcome, {} AS verified",
                latest.replace("{}", "created"),
                latest.replace("{}", "kyc_status"),
                latest.replace("{}", "verified_status")
            );
        type Row = (i64, String, String, String, Option<String>, Option<String>, Option<String>);
        let (rows, total) = filtered::<Row>(
            db,
            (&columns, "customers c"),
            "c.tenant_id = ? AND c.created >= ? AND c.created < ?",
            Values::default().with(tenant_id).with(from).with(to),
            &window.fixed("ORDER BY c.customer_id")?,
        )
        .await?;
        let rows =
            rows.into_iter().map(|(id, level, status, created, ratified, outcome, verified)| {
                KycStatusRow {
                    customer_id: id,
                    kyc_level: level,
                    status,
                    created: timestamps::parse(&created).unwrap_or_default(),
                    last_ratified: ratified.as_deref().and_then(timestamps::parse),
                    last_outcome: outcome,
                    last_verified_status: verified,
                }
            });
        Ok(page(rows.collect::<Vec<_>>(), total))
    }
}
