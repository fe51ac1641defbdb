//! Moving money: a transfer between two wallets of the tenant from the wallet page, sent once under a key
//! fixed when the form opens; above the tenant's threshold, a request a second admin approves or declines
//! (four eyes on money, ours: the vendor's portal has none); and the queue of those requests.
pub mod bulk;
mod form;
mod queue;
#[cfg(feature = "ssr")]
mod requests;
pub mod rules;
#[cfg(feature = "ssr")]
mod ssr;

pub use bulk::{DisbursementPage, DisbursementsPage};
pub use form::TransferPanel;
pub use queue::TransferRequestsPage;
#[cfg(feature = "ssr")]
pub(crate) use ssr::{send_once, wallet_named};

use crate::api::server_fns;
use crate::{
    eclipse::{
        amount::{self, Minor},
        models::WalletStatus,
    },
    error::{FieldErrors, Outcome},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

/// The transfer form, as typed. `to` is the receiving wallet's id or friendly id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TransferForm {
    pub from_wallet_id: i64,
    pub to: String,
    pub amount: String,
    pub description: String,
    /// Why: required when the transfer needs a second admin, who reads it.
    pub reason: String,
}

/// One side of a transfer as the confirmation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferSide {
    pub wallet_id: i64,
    pub friendly_id: String,
    pub owner: String,
    pub status: WalletStatus,
    pub available_before: Minor,
    pub available_after: Minor,
}

impl TransferSide {
    /// `R982DFP2 (Thandi Mokoena)`: how the queue and the audit log name a wallet.
    pub fn label(&self) -> String {
        format!("{} ({})", self.friendly_id, self.owner)
    }
}

/// What the confirmation shows before anything moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferPreview {
    pub from: TransferSide,
    pub to: TransferSide,
    pub amount: Minor,
    pub currency: String,
    pub decimals: u32,
    /// Above the tenant's threshold: the transfer becomes a request for a second admin.
    pub needs_approval: bool,
    /// The threshold as set (`5000.00 ZAR`), to say why.
    pub threshold: String,
}

impl TransferPreview {
    pub fn money(&self, amount: Minor) -> String {
        crate::eclipse::currencies::money_minor(amount, &self.currency)
    }
}

/// How a confirmed transfer ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferDone {
    /// Moved: Eclipse's debit transaction.
    Sent { transaction_id: String },
    /// Waiting for a second admin until `expires_at`.
    Requested { request_id: String, expires_at: DateTime<Utc> },
}

pub const DESCRIPTION_MAX: usize = 140;
pub const REASON_MAX: usize = 500;

/// The form's rules that need no Eclipse (the server checks them again, then the wallets and balances).
pub fn validate_transfer_form(f: &TransferForm, decimals: u32) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if parse_wallet_ref(&f.to).is_none() {
        errors.add("to", "A wallet id (digits) or friendly id.");
    }
    if let Err(problem) = amount::parse(&f.amount, decimals) {
        errors.add("amount", problem.message());
    }
    if f.description.chars().count() > DESCRIPTION_MAX {
        errors.add("description", format!("At most {DESCRIPTION_MAX} characters."));
    }
    if f.reason.chars().count() > REASON_MAX {
        errors.add("reason", format!("At most {REASON_MAX} characters."));
    }
    errors
}

/// A reason a second admin can act on: needed for a request and for declining one.
pub fn reason_problem(reason: &str) -> Option<String> {
    crate::validate::reason_problem(reason, REASON_MAX)
}

/// How the receiving wallet was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalletRef {
    Id(i64),
    Friendly(String),
}

pub fn parse_wallet_ref(typed: &str) -> Option<WalletRef> {
    let typed = typed.trim();
    if typed.is_empty() || typed.len() > 40 {
        return None;
    }
    if let Ok(id) = typed.parse::<i64>() {
        return (id > 0).then_some(WalletRef::Id(id));
    }
    typed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        .then(|| WalletRef::Friendly(typed.to_ascii_uppercase()))
}

/// Where a request stands. `Expired` is never stored: it is a `Pending` request past its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum RequestStatus {
    Pending,
    /// Taken by its approver, being sent to Eclipse.
    Approved,
    Sent,
    /// Eclipse refused it when it was approved (the balance fell, a wallet was barred).
    Failed,
    Declined,
    Expired,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A transfer waiting for (or decided by) a second admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    pub request_id: String,
    pub from_wallet_id: i64,
    pub from_label: String,
    pub to_wallet_id: i64,
    pub to_label: String,
    pub amount: Minor,
    pub currency: String,
    pub description: String,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub status: RequestStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    /// Eclipse's debit transaction once sent, or its refusal with the trace id.
    pub outcome: Option<String>,
    /// Asked by the signed-in admin, who may not approve it.
    pub mine: bool,
}

impl TransferRequest {
    pub fn money(&self) -> String {
        crate::eclipse::currencies::money_minor(self.amount, &self.currency)
    }
}

/// A wallet the money can go to, as the customer search finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payee {
    pub wallet_id: i64,
    pub friendly_id: String,
    pub owner: String,
    pub currency: String,
    pub status: WalletStatus,
}

/// How many customers the payee search looks at.
pub const PAYEE_CUSTOMERS: u32 = 5;

/// The queue's filter: a status (`PENDING` by default; empty for all) and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFilters {
    pub status: String,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub rows: Vec<TransferRequest>,
    pub total: u64,
}

server_fns! {
    /// Checks the form against both wallets and the tenant's rule, and says what the transfer will do.
    "transfers/preview" => preview_transfer(form: TransferForm) -> Outcome<TransferPreview> = ssr::preview;
    /// `key` is fixed when the form opens: a retry, a double click or a lost answer sends the same
    /// `externalUniqueId` (or finds the same request), so money moves once.
    "transfers/send" =>
        send_transfer(form: TransferForm, key: String) -> Outcome<TransferDone> = ssr::send;
    /// The wallets of the customers a search finds (name, phone, email, identity or passport number).
    "transfers/payees" => find_payees(query: String) -> Vec<Payee> = ssr::payees;
    "transfers/requests" => transfer_requests(filters: RequestFilters) -> RequestPage = ssr::requests;
    /// Sends a request another admin made (never one's own).
    "transfers/approve" =>
        approve_transfer(request_id: String) -> Outcome<TransferDone> = ssr::approve;
    "transfers/decline" =>
        decline_transfer(request_id: String, reason: String) -> Outcome<()> = ssr::decline;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiving_wallet_is_named_by_id_or_friendly_id() {
        assert_eq!(parse_wallet_ref(" 1042 "), Some(WalletRef::Id(1042)));
        assert_eq!(parse_wallet_ref("w-7f3k2"), Some(WalletRef::Friendly("W-7F3K2".into())));
        assert_eq!(parse_wallet_ref("0"), None);
        assert_eq!(parse_wallet_ref("a b"), None);
        assert_eq!(parse_wallet_ref(""), None);
    }

    #[test]
    fn the_form_names_each_field_it_cannot_take() {
        let form = TransferForm {
            from_wallet_id: 1,
            to: "x y".into(),
            amount: "1.005".into(),
            ..Default::default()
        };
        let errors = validate_transfer_form(&form, 2);
        assert!(errors.get("to").is_some() && errors.get("amount").is_some());
        let good = TransferForm { to: "1042".into(), amount: "150.00".into(), ..form };
        assert!(validate_transfer_form(&good, 2).is_empty());
        assert!(reason_problem(" ok ").is_some() && reason_problem("Supplier refund").is_none());
    }
}
