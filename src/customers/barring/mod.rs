//! Barring and unbarring a customer: a job the server drives step by step (customer, pending EFT
//! withdrawals, wallets), stored by the portal, shown live to every admin, resumable after a failure.
#[cfg(feature = "ssr")]
mod job;
mod panel;
#[cfg(feature = "ssr")]
mod records;
#[cfg(feature = "ssr")]
mod runner;

#[cfg(feature = "ssr")]
pub use records::{jobs_by_status, JOBS};
#[cfg(feature = "ssr")]
pub use runner::take_over_stale;

pub use panel::BarringPanel;

use crate::api::server_fns;
use crate::{
    eclipse::models::{CustomerStatus, WalletStatus},
    error::{FieldErrors, Outcome},
    ui::status_change::REASON_MAX,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

/// Stored by name (`BAR`, `RUNNING`): strum writes and reads them.
#[derive(IntoStaticStr, EnumString)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    Bar,
    Unbar,
}

#[derive(IntoStaticStr, EnumString)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobStatus {
    Running,
    /// A step failed (or the portal stopped): what is done stays done; "Resume" completes it.
    Waiting,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Todo,
    Done,
    /// Left alone on purpose (not a pending EFT withdrawal, or no longer pending), with the reason.
    Skipped,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepAction {
    Customer {
        to: CustomerStatus,
    },
    CancelWithdrawal {
        wallet_id: i64,
        withdrawal_id: i64,
    },
    Wallet {
        wallet_id: i64,
        to: WalletStatus,
        previous: WalletStatus,
    },
    /// Said, not done: what stays as it is.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStep {
    pub action: StepAction,
    pub label: String,
    pub state: StepState,
    pub note: String,
}

impl JobStep {
    pub fn todo(action: StepAction, label: String) -> JobStep {
        JobStep { action, label, state: StepState::Todo, note: String::new() }
    }
    pub fn said(label: String, note: impl Into<String>) -> JobStep {
        JobStep { action: StepAction::Note, label, state: StepState::Skipped, note: note.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarringJob {
    pub customer_id: i64,
    pub kind: JobKind,
    pub status: JobStatus,
    pub reason: String,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub runner: String,
    pub updated_at: DateTime<Utc>,
    pub steps: Vec<JobStep>,
    pub error: Option<String>,
}

/// What the panel knows: the customer's job (if any), and what barring would do now (for the confirmation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarringState {
    pub job: Option<BarringJob>,
    pub customer_status: CustomerStatus,
    /// The steps a new job would take (bar or unbar, whichever applies).
    pub plan: Vec<JobStep>,
}

pub fn validate_reason(reason: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match reason.trim().chars().count() {
        0..3 => errors.add("bar_reason", "Say why, in a few words (at least 3 characters)."),
        n if n > REASON_MAX => {
            errors.add("bar_reason", format!("At most {REASON_MAX} characters."))
        }
        _ => {}
    }
    errors
}

server_fns! {
    "customers/barring/get" => load_barring_state(customer_id: i64) -> BarringState = job::state;
    /// Starts barring (`bar = true`) or unbarring the customer; the job runs on the server.
    "customers/barring/start" =>
        start_barring(customer_id: i64, bar: bool, reason: String)
            -> Outcome<BarringJob> = job::start;
    /// Runs what is left of a waiting job, with the caller's Eclipse session.
    "customers/barring/resume" =>
        resume_barring(customer_id: i64) -> Outcome<BarringJob> = job::resume;
}
