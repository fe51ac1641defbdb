//! (ours) Tenant reports, the vendor's "Run a tenant report and return the result" (a GET): the vendor names the
//! operation and documents neither its path nor its reports' shapes. Ours are `GET T/reports/{reportName}`,
//! answering a bare array of rows as every list does; `docs/sandbox.md`, "Tenant reports", has each report.
use super::{CustomerStatus, KycLevel};
use chrono::{DateTime, NaiveDate, Utc};
use macro_rules_attribute::apply;

/// The reports, by their path segment: the summaries the dashboard reads, and the reports of rows that
/// exports page through (`offset`, `limit`, `X-Total-Count`; `fromIncl`/`toExcl` instants).
#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportName {
    CustomerSummary,
    TransactionSummary,
    WalletBalanceSummary,
    WithdrawalSummary,
    ReservationSummary,
    KycQueueSummary,
    WalletBalance,
    Withdrawal,
    CardTransaction,
    KycStatus,
}

/// `CUSTOMER_SUMMARY`: how many customers have each KYC level and status.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerCount {
    pub kyc_level: KycLevel,
    pub status: CustomerStatus,
    pub customers: u64,
}

/// `TRANSACTION_SUMMARY?dateFromIncl=&dateToExcl=` (UTC days): one row per day and currency that had any.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionDay {
    pub day: NaiveDate,
    pub currency: String,
    pub count: u64,
    /// The sum of the day's positive amounts.
    pub credits: f64,
    /// The sum of the day's negative amounts, as a positive number.
    pub debits: f64,
}

/// `WALLET_BALANCE_SUMMARY` (optionally `walletId=1,2,…` for a few wallets): one row per currency.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceTotal {
    pub currency: String,
    pub wallets: u64,
    pub current_balance: f64,
    pub reservations: f64,
    pub available_balance: f64,
}

/// How old the records of an age band are: `0-1d`, `1-3d`, `3-7d`, `7d+` (by their creation).
pub const AGE_BANDS: [&str; 4] = ["0-1d", "1-3d", "3-7d", "7d+"];

/// `WITHDRAWAL_SUMMARY?status=PENDING` and `RESERVATION_SUMMARY` (live reservations): one row per type (a
/// reservation's is `RESERVATION`), currency and age band that has any.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct AgedTotal {
    #[serde(rename = "type")]
    pub kind: String,
    pub currency: String,
    pub age_band: String,
    pub count: u64,
    pub amount: f64,
}

/// `KYC_QUEUE_SUMMARY?slaHours=24`: the ratify results awaiting manual verification. One row.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KycQueueSummary {
    pub pending: u64,
    #[serde(default, with = "crate::eclipse::timestamps::optional")]
    pub oldest_created: Option<DateTime<Utc>>,
    /// Waiting longer than `slaHours`.
    pub over_sla: u64,
}

/// `WALLET_BALANCE`: a wallet opened before the range's end, and its balance at either end of it.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct WalletBalanceRow {
    pub wallet_id: i64,
    pub friendly_id: String,
    pub customer_id: i64,
    pub currency: String,
    pub status: String,
    pub opening_balance: f64,
    pub closing_balance: f64,
}

/// `WITHDRAWAL`: a withdrawal made in the range.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawalRow {
    pub withdrawal_id: i64,
    pub wallet_id: i64,
    pub customer_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub amount: f64,
    pub currency: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub last_modified: DateTime<Utc>,
}

/// `CARD_TRANSACTION`: a transaction a card made in the range.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct CardTransactionRow {
    pub transaction_id: String,
    pub wallet_id: i64,
    pub customer_id: i64,
    #[serde(with = "crate::eclipse::timestamps")]
    pub date: DateTime<Utc>,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub amount: f64,
    pub currency: String,
}

/// `KYC_STATUS`: a customer who joined in the range, and where their KYC stands now.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct KycStatusRow {
    pub customer_id: i64,
    pub kyc_level: String,
    pub status: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(default, with = "crate::eclipse::timestamps::optional")]
    pub last_ratified: Option<DateTime<Utc>>,
    /// The latest ratify result's outcome (`PASSED`, `FAILED`) and its review status.
    pub last_outcome: Option<String>,
    pub last_verified_status: Option<String>,
}
