//! A report's rows, page by page, as typed cells: Eclipse's reports of rows (`GET T/reports/{name}`), its
//! transaction summary, and the portal's own audit log. The file writers turn cells into CSV or Excel.
use super::{ReportAsk, ReportKind};
use crate::{
    eclipse::{
        client::TenantClient,
        models::{
            CardTransactionRow, KycStatusRow, ReportName, WalletBalanceRow, WithdrawalRow,
            DEFAULT_TIME_ZONE, TIME_ZONE,
        },
        timestamps,
    },
    error::AppError,
    store::{fault, Store},
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Rows read from Eclipse (or the store) at a time.
pub const PAGE_ROWS: u32 = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An amount, written with its currency's decimals.
    Money {
        amount: f64,
        currency: String,
    },
    /// An instant, written in the tenant's time zone.
    Time(DateTime<Utc>),
    Day(NaiveDate),
    Empty,
}

pub type Row = Vec<Cell>;

/// The column names; a column of `Cell::Time`s is named with the time zone by the writer.
pub fn columns(kind: ReportKind) -> &'static [&'static str] {
    match kind {
        ReportKind::TransactionSummary => {
            &["day (UTC)", "currency", "transactions", "money in", "money out", "net"]
        }
        ReportKind::WalletBalances => &[
            "wallet id",
            "friendly id",
            "customer id",
            "currency",
            "status",
            "opening balance",
            "closing balance",
        ],
        ReportKind::Withdrawals => &[
            "withdrawal id",
            "wallet id",
            "customer id",
            "type",
            "status",
            "amount",
            "currency",
            "created",
            "last changed",
        ],
        ReportKind::CardTransactions => &[
            "transaction id",
            "wallet id",
            "customer id",
            "date",
            "type",
            "description",
            "amount",
            "currency",
        ],
        ReportKind::KycStatus => &[
            "customer id",
            "KYC level",
            "status",
            "joined",
            "last ratify",
            "last ratify outcome",
            "review status",
        ],
        ReportKind::AuditLog => {
            &["at", "admin", "action", "target", "result", "Eclipse trace id", "times"]
        }
    }
}

/// The tenant's time zone (`timeZone`), or South Africa's when the setting is not one.
pub async fn time_zone(eclipse: &TenantClient) -> Result<Tz, AppError> {
    let setting = eclipse.setting(TIME_ZONE).await.map_err(AppError::from)?;
    Ok(setting.trim().parse().unwrap_or_else(|_| DEFAULT_TIME_ZONE.parse().unwrap_or(Tz::UTC)))
}

/// The instants from the start of `from` to the end of `to` (included), days of `tz`.
pub fn instants(from: NaiveDate, to: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |day: NaiveDate| {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        // A day that starts in a clock change begins at the earliest instant it has.
        tz.from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
    };
    (start(from), start(to + chrono::Duration::days(1)))
}

/// Where a report's rows come from, for one admin of one tenant.
pub struct Source<'a> {
    pub eclipse: &'a TenantClient,
    pub store: &'a Store,
    pub tenant_id: i64,
    pub ask: ReportAsk,
    pub tz: Tz,
}

impl Source<'_> {
    /// The rows from `offset`, at most `limit`, and how many the report has in all.
    pub async fn page(&self, offset: u32, limit: u32) -> Result<(Vec<Row>, u64), AppError> {
        let range = instants(self.ask.from, self.ask.to, self.tz);
        let e = self.eclipse;
        macro_rules! eclipse_rows {
            ($name:expr, $row:ty, $cells:expr) => {{
                let page = e.report_rows::<$row>($name, range, offset, limit).await?;
                let total = page.total.unwrap_or(page.items.len() as u64);
                Ok((page.items.into_iter().map($cells).collect(), total))
            }};
        }
        match self.ask.kind {
            ReportKind::TransactionSummary => self.summary(offset, limit).await,
            ReportKind::WalletBalances => {
                eclipse_rows!(ReportName::WalletBalance, WalletBalanceRow, |r: WalletBalanceRow| {
                    vec![
                        Cell::Int(r.wallet_id),
                        Cell::Text(r.friendly_id),
                        Cell::Int(r.customer_id),
                        Cell::Text(r.currency.clone()),
                        Cell::Text(r.status),
                        money(r.opening_balance, &r.currency),
                        money(r.closing_balance, &r.currency),
                    ]
                })
            }
            ReportKind::Withdrawals => {
                eclipse_rows!(ReportName::Withdrawal, WithdrawalRow, |r: WithdrawalRow| {
                    vec![
                        Cell::Int(r.withdrawal_id),
                        Cell::Int(r.wallet_id),
                        Cell::Int(r.customer_id),
                        Cell::Text(r.kind),
                        Cell::Text(r.status),
                        money(r.amount, &r.currency),
                        Cell::Text(r.currency),
                        Cell::Time(r.created),
                        Cell::Time(r.last_modified),
                    ]
                })
            }
            ReportKind::CardTransactions => {
                eclipse_rows!(
                    ReportName::CardTransaction,
                    CardTransactionRow,
                    |r: CardTransactionRow| {
                        vec![
                            Cell::Text(r.transaction_id),
                            Cell::Int(r.wallet_id),
                            Cell::Int(r.customer_id),
                            Cell::Time(r.date),
                            Cell::Text(r.kind),
                            Cell::Text(r.description),
                            money(r.amount, &r.currency),
                            Cell::Text(r.currency),
                        ]
                    }
                )
            }
            ReportKind::KycStatus => {
                eclipse_rows!(ReportName::KycStatus, KycStatusRow, |r: KycStatusRow| {
                    vec![
                        Cell::Int(r.customer_id),
                        Cell::Text(r.kyc_level),
                        Cell::Text(r.status),
                        Cell::Time(r.created),
                        r.last_ratified.map_or(Cell::Empty, Cell::Time),
                        r.last_outcome.map_or(Cell::Empty, Cell::Text),
                        r.last_verified_status.map_or(Cell::Empty, Cell::Text),
                    ]
                })
            }
            ReportKind::AuditLog => self.audit(range, offset, limit).await,
        }
    }

    /// Eclipse's summary counts UTC days: the days of the range, as UTC days.
    async fn summary(&self, offset: u32, limit: u32) -> Result<(Vec<Row>, u64), AppError> {
        let days = self
            .eclipse
            .transaction_summary(self.ask.from, self.ask.to + chrono::Duration::days(1))
            .await?;
        let total = days.len() as u64;
        let rows = days
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|d| {
                vec![
                    Cell::Day(d.day),
                    Cell::Text(d.currency.clone()),
                    Cell::Int(d.count as i64),
                    money(d.credits, &d.currency),
                    money(d.debits, &d.currency),
                    money(d.credits - d.debits, &d.currency),
                ]
            })
            .collect();
        Ok((rows, total))
    }

    async fn audit(
        &self,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<Row>, u64), AppError> {
        let (from, to) = (timestamps::format(from), timestamps::format(to));
        let pool = &self.store.pool;
        const FILTER: &str = "tenant_id = $1 AND at >= $2 AND at < $3";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {FILTER}"))
                .bind(self.tenant_id)
                .bind(&from)
                .bind(&to)
                .fetch_one(pool)
                .await
                .map_err(fault)?;
        let lines: Vec<crate::activity::ActivityRecord> = sqlx::query_as(&format!(
            "SELECT at, actor, action, target, result, trace_id, repeats, last_at FROM audit_log \
             WHERE {FILTER} ORDER BY id LIMIT $4 OFFSET $5"
        ))
        .bind(self.tenant_id)
        .bind(&from)
        .bind(&to)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(pool)
        .await
        .map_err(fault)?;
        let rows = lines
            .into_iter()
            .map(|l| {
                vec![
                    Cell::Time(l.at),
                    Cell::Text(l.actor),
                    Cell::Text(l.action),
                    l.target.map_or(Cell::Empty, Cell::Text),
                    Cell::Text(l.result),
                    l.trace_id.map_or(Cell::Empty, Cell::Text),
                    Cell::Int(l.repeats),
                ]
            })
            .collect();
        Ok((rows, total as u64))
    }
}

fn money(amount: f64, currency: &str) -> Cell {
    Cell::Money { amount, currency: currency.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_of_days_runs_from_the_first_midnight_to_the_midnight_after_the_last() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let joburg: Tz = "Africa/Johannesburg".parse().unwrap();
        let (from, to) = instants(day("2026-10-01"), day("2026-10-31"), joburg);
        assert_eq!(timestamps::format(from), "2026-09-30T22:00:00.000Z");
        assert_eq!(timestamps::format(to), "2026-10-31T22:00:00.000Z");
        let (from, _) = instants(day("2026-10-01"), day("2026-10-01"), Tz::UTC);
        assert_eq!(timestamps::format(from), "2026-10-01T00:00:00.000Z");
    }
}
