//! (ours) Tenant reports, the vendor's "Run a tenant report and return the result" (a GET): the vendor names the
//! operation and documents neither its path nor its reports' shapes. Ours are `GET T/reports/{reportName}`,
//! answering a bare array of rows as every list does; `docs/sandbox.md`, "Tenant reports", has each report.
use super::{CustomerStatus, KycLevel};
use chrono::{DateTime, NaiveDate, Utc};
use macro_rules_attribute::apply;

/// The reports the dashboard reads, by their path segment.
#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportName {
    CustomerSummary,
    TransactionSummary,
    WalletBalanceSummary,
    WithdrawalSummary,
    ReservationSummary,
    KycQueueSummary,
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
