//! Bulk disbursements: a CSV in the vendor's format (`amount,description,toWalletId,externalUniqueId`) paid
//! from one source wallet. Every row is checked before anything moves; above the tenant's threshold the
//! whole batch waits for a second admin; then a job sends the rows one by one, each under its own
//! `externalUniqueId`, so a job resumed after a failure or a restart never pays a row twice.
#[cfg(feature = "ssr")]
mod file;
mod page;
#[cfg(feature = "ssr")]
mod records;
#[cfg(feature = "ssr")]
mod runner;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::{DisbursementPage, DisbursementsPage};
#[cfg(feature = "ssr")]
pub use records::JOBS;
#[cfg(feature = "ssr")]
pub use runner::take_over_stale;

use crate::api::server_fns;
use crate::{eclipse::amount::Minor, error::Outcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

/// The vendor's header, as the first line must say it.
pub const HEADER: [&str; 4] = ["amount", "description", "toWalletId", "externalUniqueId"];
/// Rows in one file: larger payouts are split into several files.
pub const MAX_ROWS: usize = 10_000;
/// The file as the browser sends it (10,000 rows of about a hundred characters).
pub const MAX_FILE_BYTES: usize = 1536 * 1024;
/// Eclipse's bounds for an `externalUniqueId`.
pub const EXTERNAL_ID_MIN: usize = 6;
pub const EXTERNAL_ID_MAX: usize = 100;
/// Line errors the check answers with at most; the count says how many there were.
pub const ERRORS_SHOWN: usize = 500;

/// What a checked file would do. `batch_id` is set when nothing is wrong: the batch is kept, ready to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchCheck {
    pub batch_id: Option<String>,
    pub file_name: String,
    pub source_wallet_id: i64,
    pub source_label: String,
    pub currency: String,
    pub decimals: u32,
    pub rows: u32,
    pub total: Minor,
    pub available: Minor,
    /// Every row's problem by line (the header is line 1), the first `ERRORS_SHOWN` of them.
    pub errors: Vec<LineError>,
    pub error_count: u32,
    /// Above the tenant's threshold: the batch waits for a second admin.
    pub needs_approval: bool,
    pub threshold: String,
}

impl BatchCheck {
    pub fn money(&self, amount: Minor) -> String {
        crate::eclipse::currencies::money_minor(amount, &self.currency)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: u32,
    pub message: String,
}

/// Where a batch stands. `Expired` is never stored: it is a `Pending` batch past its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum BatchStatus {
    /// Checked, not started yet.
    Checked,
    /// Waiting for a second admin.
    Pending,
    Running,
    /// Stopped by a fault (Eclipse unreachable, the runner's session ended, the portal stopped): resume it.
    Waiting,
    Done,
    Declined,
    Expired,
}

impl BatchStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A row's state in the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum RowStatus {
    Todo,
    Sent,
    /// Eclipse refused it (a barred wallet, the balance ran out): said, and the job went on.
    Failed,
}

/// A batch as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub batch_id: String,
    pub file_name: String,
    pub source_wallet_id: i64,
    pub source_label: String,
    pub currency: String,
    pub rows: u32,
    pub total: Minor,
    pub status: BatchStatus,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub runner: Option<String>,
    pub error: Option<String>,
    pub sent: u32,
    pub failed: u32,
    pub sent_total: Minor,
    /// Made by the signed-in admin, who may not approve it.
    pub mine: bool,
    /// The latest refusals, by line.
    pub failures: Vec<LineError>,
}

impl Batch {
    pub fn money(&self, amount: Minor) -> String {
        crate::eclipse::currencies::money_minor(amount, &self.currency)
    }

    pub fn todo(&self) -> u32 {
        self.rows.saturating_sub(self.sent + self.failed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchPage {
    pub rows: Vec<Batch>,
    pub total: u64,
}

server_fns! {
    /// Checks a file against its source wallet, every receiving wallet and the earlier batches; keeps it when
    /// nothing is wrong. `source` is the wallet's id or friendly id.
    "disbursements/check" =>
        check_disbursement(source: String, file_name: String, csv: String) -> Outcome<BatchCheck>
            = ssr::check;
    /// Starts a checked batch, or asks a second admin when its total is above the tenant's threshold (then
    /// `reason` is required).
    "disbursements/start" =>
        start_disbursement(batch_id: String, reason: String) -> Outcome<Batch> = ssr::start;
    "disbursements/list" => disbursements(offset: u32) -> BatchPage = ssr::list;
    "disbursements/get" => disbursement(batch_id: String) -> Batch = ssr::get;
    /// Starts another admin's batch (never one's own), running with the approver's Eclipse session.
    "disbursements/approve" => approve_disbursement(batch_id: String) -> Outcome<Batch> = ssr::approve;
    "disbursements/decline" =>
        decline_disbursement(batch_id: String, reason: String) -> Outcome<()> = ssr::decline;
    /// Runs what is left of a stopped batch with the signed-in admin's session.
    "disbursements/resume" => resume_disbursement(batch_id: String) -> Outcome<Batch> = ssr::resume;
}
