//! Tenant reports a finance or compliance officer can hand on: a kind, a range of days in the tenant's time
//! zone, and a file, CSV or Excel. A small report is sent at once; a larger one runs as a job whose progress
//! the page shows and whose file is kept for a day; a report past the cap is cut, and the file and the page
//! say so. Both limits are the operator's (`config::ReportLimits`: 1,000 rows at once, 100,000 at most).
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod jobs;
mod page;
#[cfg(feature = "ssr")]
pub mod rows;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::ReportsPage;

use crate::api::server_fns;
use crate::eclipse::positions::Capability;
use crate::error::{FieldErrors, Outcome};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest range a report covers, in days.
pub const MAX_DAYS: i64 = 366;
/// How long a job's file is kept.
pub const KEPT_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportKind {
    TransactionSummary,
    WalletBalances,
    Withdrawals,
    CardTransactions,
    KycStatus,
    AuditLog,
}

impl ReportKind {
    pub const ALL: [ReportKind; 6] = [
        ReportKind::TransactionSummary,
        ReportKind::WalletBalances,
        ReportKind::Withdrawals,
        ReportKind::CardTransactions,
        ReportKind::KycStatus,
        ReportKind::AuditLog,
    ];

    /// Its name in addresses and file names.
    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::TransactionSummary => "transaction-summary",
            ReportKind::WalletBalances => "wallet-balances",
            ReportKind::Withdrawals => "withdrawals",
            ReportKind::CardTransactions => "card-transactions",
            ReportKind::KycStatus => "kyc-status",
            ReportKind::AuditLog => "audit-log",
        }
    }

    pub fn parse(slug: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            ReportKind::TransactionSummary => "Transaction summary",
            ReportKind::WalletBalances => "Wallet balances",
            ReportKind::Withdrawals => "Withdrawals",
            ReportKind::CardTransactions => "Card transactions",
            ReportKind::KycStatus => "KYC status",
            ReportKind::AuditLog => "Audit log",
        }
    }

    /// What its rows are, as the form explains it.
    pub fn holds(self) -> &'static str {
        match self {
            ReportKind::TransactionSummary => {
                "Each day and currency: how many transactions, money in, money out. Days are UTC days, as Eclipse counts them."
            }
            ReportKind::WalletBalances => {
                "Each wallet opened before the range ends: its balance at the start and at the end of the range."
            }
            ReportKind::Withdrawals => "Each withdrawal made in the range, with its status now.",
            ReportKind::CardTransactions => "Each transaction a card made in the range.",
            ReportKind::KycStatus => {
                "Each customer who joined in the range, and where their KYC stands now."
            }
            ReportKind::AuditLog => "Each line of the portal's audit log in the range.",
        }
    }

    /// The audit log is for those who manage the tenant; the rest for every position.
    pub fn needs(self) -> Capability {
        match self {
            ReportKind::AuditLog => Capability::ManageTenant,
            _ => Capability::ReadBasics,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn parse(s: &str) -> Option<FileFormat> {
        match s {
            "csv" => Some(FileFormat::Csv),
            "xlsx" => Some(FileFormat::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// The form as typed: the report, its first and last day (included), and the file's format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub format: String,
}

/// A form that passed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportAsk {
    pub kind: ReportKind,
    pub from: NaiveDate,
    /// The last day, included.
    pub to: NaiveDate,
    pub format: FileFormat,
}

impl ReportForm {
    pub fn check(&self) -> Result<ReportAsk, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = ReportKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose a report.");
        }
        let day = |field: &str, value: &str, errors: &mut FieldErrors| {
            let parsed = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(field, "A day as YYYY-MM-DD.");
            }
            parsed
        };
        let from = day("from", &self.from, &mut errors);
        let to = day("to", &self.to, &mut errors);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                errors.add("to", "The last day is before the first.");
            } else if (to - from).num_days() >= MAX_DAYS {
                errors.add("to", format!("A report covers at most {MAX_DAYS} days."));
            }
        }
        let format = FileFormat::parse(&self.format);
        if format.is_none() {
            errors.add("format", "Choose CSV or Excel.");
        }
        match (kind, from, to, format) {
            (Some(kind), Some(from), Some(to), Some(format)) if errors.is_empty() => {
                Ok(ReportAsk { kind, from, to, format })
            }
            _ => Err(errors),
        }
    }

    /// The address that sends the file at once.
    pub fn file_href(&self) -> String {
        format!(
            "/reports/file{}",
            crate::ui::table::query_string(&[
                ("kind", &self.kind),
                ("from", &self.from),
                ("to", &self.to),
                ("format", &self.format),
            ])
        )
    }
}

/// What asking for a report came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ticket {
    /// Small enough: the file is at this address.
    File { href: String },
    /// A job: its progress is read by its id.
    Job(ReportJob),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobStatus {
    Running,
    Done,
    Failed,
}

/// A report made as a job, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportJob {
    pub job_id: String,
    pub kind: ReportKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: JobStatus,
    pub total_rows: u64,
    pub done_rows: u64,
    /// The most rows it holds.
    pub cap: u64,
    pub error: Option<String>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl ReportJob {
    /// More rows than a report holds: only the first `cap` are in it.
    pub fn capped(&self) -> bool {
        self.total_rows > self.cap
    }

    pub fn rows_in_file(&self) -> u64 {
        self.total_rows.min(self.cap)
    }

    pub fn file_href(&self, format: FileFormat) -> String {
        format!("/reports/jobs/{}.{}", self.job_id, format.extension())
    }
}

/// The words a capped report carries, in the file and on the page.
pub fn cap_note(total: u64, cap: u64) -> String {
    format!("Capped: this report holds the first {cap} of {total} rows. Choose a shorter range for the rest.")
}

server_fns! {
    "reports/ask" => ask_report(form: ReportForm) -> Outcome<Ticket> = ssr::ask;
    "reports/job" => report_progress(job_id: String) -> ReportJob = ssr::job;
    "reports/mine" => my_reports() -> Vec<ReportJob> = ssr::mine;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, from: &str, to: &str, format: &str) -> ReportForm {
        ReportForm { kind: kind.into(), from: from.into(), to: to.into(), format: format.into() }
    }

    #[test]
    fn a_form_names_a_report_a_range_of_at_most_a_year_and_a_format() {
        let ask = form("withdrawals", "2026-10-01", "2026-10-31", "xlsx").check().unwrap();
        assert_eq!(ask.kind, ReportKind::Withdrawals);
        assert_eq!(ask.format, FileFormat::Xlsx);
        let fields = |f: ReportForm| {
            f.check().unwrap_err().0.into_iter().map(|e| e.field).collect::<Vec<_>>()
        };
        assert_eq!(fields(form("", "2026-10-01", "2026-10-31", "csv")), ["kind"]);
        assert_eq!(fields(form("kyc-status", "1 Oct", "2026-10-31", "csv")), ["from"]);
        assert_eq!(fields(form("kyc-status", "2026-10-31", "2026-10-01", "csv")), ["to"]);
        assert_eq!(
            fields(form("kyc-status", "2025-01-01", "2026-01-02", "csv")),
            ["to"],
            "367 days"
        );
        assert!(form("kyc-status", "2025-01-01", "2026-01-01", "csv").check().is_ok(), "366 days");
        assert_eq!(fields(form("kyc-status", "2026-10-01", "2026-10-31", "pdf")), ["format"]);
    }

    #[test]
    fn every_report_has_its_own_slug() {
        for kind in ReportKind::ALL {
            assert_eq!(ReportKind::parse(kind.slug()), Some(kind));
        }
    }
}
